//! `qantara batch`: many pairs in parallel, failures isolated, resumable, killable.

use std::time::{Duration, Instant};

use crate::workdir::{Workdir, sample};

/// Writes `pairs` generated document pairs of `sentences` sentences each, one sentence a
/// line, under `corpus/`, and a manifest naming them; returns the manifest's path. Each
/// document differs from every other (its number is in every sentence), and sentence
/// lengths vary as the sample's do.
fn write_corpus(wd: &Workdir, pairs: usize, sentences: usize) -> String {
    let english = std::fs::read_to_string(sample("idlib.en.sent")).expect("sample sentences");
    let lines: Vec<&str> = english.lines().filter(|l| !l.trim().is_empty()).collect();
    std::fs::create_dir_all(wd.path().join("corpus")).expect("corpus folder");
    let mut manifest = String::from("id\tsource\ttarget\n");
    for pair in 0..pairs {
        let (mut source, mut target) = (String::new(), String::new());
        for k in 0..sentences {
            let text = lines[(pair + k * 7) % lines.len()];
            source.push_str(&format!("Absatz {k} im Dokument {pair}: {text}\n"));
            target.push_str(&format!("Paragraphe {k} du document {pair} : {text}\n"));
        }
        wd.write(&format!("corpus/{pair}.de"), source);
        wd.write(&format!("corpus/{pair}.fr"), target);
        manifest.push_str(&format!("doc{pair}\t{pair}.de\t{pair}.fr\n"));
    }
    wd.write("corpus/manifest.tsv", manifest)
}

/// `qantara batch` on `manifest` with the generated corpus's options and `extra`. The
/// generated texts are English sentences labelled German and French: the language
/// check is off.
fn batch(wd: &Workdir, manifest: &str, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = wd.qantara(&[
        "batch",
        manifest,
        "--pre-segmented",
        "--src-lang",
        "de",
        "--tgt-lang",
        "fr",
        "--no-language-check",
        "--format",
        "json",
    ]);
    cmd.args(extra);
    cmd
}

/// The JSON summary a batch run printed.
fn summary(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("a JSON summary")
}

#[test]
fn a_manifest_of_generated_pairs_and_the_sample_is_aligned_and_stored_whole() {
    let wd = Workdir::new();
    let manifest = write_corpus(&wd, 12, 20);
    let output = batch(&wd, &manifest, &["-j", "2"]).assert().success();
    let totals = summary(output.get_output());
    assert_eq!(totals["pairs"], 12);
    assert_eq!(totals["aligned"], 12);
    assert_eq!(totals["failed"], 0);
    assert_eq!(totals["source_sentences"], 12 * 20);
    assert_eq!(
        wd.count("qantara.db", "SELECT count(*) FROM alignments"),
        12
    );
    // Each generated pair translates sentence for sentence.
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM translation_units WHERE kind = '1-1'"
        ),
        12 * 20
    );
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM batch_pairs WHERE status = 'aligned' AND alignment_id IS NOT NULL"
        ),
        12
    );
    wd.assert_whole("qantara.db");
}

#[test]
fn two_folders_pair_by_name_and_files_without_partner_are_listed() {
    let wd = Workdir::new();
    std::fs::create_dir_all(wd.path().join("ar")).unwrap();
    std::fs::create_dir_all(wd.path().join("en")).unwrap();
    std::fs::copy(sample("idlib.ar.txt"), wd.path().join("ar/idlib.ar.txt")).unwrap();
    std::fs::copy(sample("idlib.en.txt"), wd.path().join("en/idlib.en.txt")).unwrap();
    wd.write("ar/orphan.ar.txt", "نص بلا ترجمة.");
    wd.write("en/notes.md", "not a translation: wrong suffix");
    let output = wd
        .qantara(&[
            "batch",
            "--src-dir",
            "ar",
            "--tgt-dir",
            "en",
            "--src-suffix",
            ".ar.txt",
            "--tgt-suffix",
            ".en.txt",
            "--format",
            "json",
        ])
        .assert()
        .failure()
        .code(1);
    let totals = summary(output.get_output());
    assert_eq!(totals["aligned"], 1);
    assert_eq!(totals["unpaired"][0], "ar/orphan.ar.txt");
    let stderr = String::from_utf8_lossy(&output.get_output().stderr);
    assert!(stderr.contains("1 file has no partner"), "{stderr}");
    // The sample's alignment is the same as `align` makes it.
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM beads"), 13);
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM batch_pairs WHERE pair = 'idlib'"
        ),
        1
    );
}

#[test]
fn a_missing_file_and_an_invalid_utf8_file_fail_alone_and_are_recorded() {
    let wd = Workdir::new();
    let manifest = write_corpus(&wd, 3, 10);
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    wd.write("corpus/broken.de", b"Gut bis hier \xc3\x28 und weiter.\n");
    text.push_str("missing\tnowhere.de\t0.fr\nbroken\tbroken.de\t1.fr\n");
    std::fs::write(&manifest, text).unwrap();
    let output = batch(&wd, &manifest, &[]).assert().failure().code(1);
    let totals = summary(output.get_output());
    assert_eq!(totals["aligned"], 3);
    assert_eq!(totals["failed"], 2);
    let errors: Vec<String> = totals["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}: {}",
                f["pair"].as_str().unwrap(),
                f["error"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("missing: cannot read") && e.contains("nowhere.de")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.starts_with("broken: ")
            && e.contains("broken.de is not valid UTF-8")
            && e.contains("byte offset 13")),
        "{errors:?}"
    );
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM batch_pairs WHERE status = 'failed' AND error LIKE '%broken.de%'"
        ),
        1
    );
    wd.assert_whole("qantara.db");
}

#[test]
fn a_second_run_skips_what_is_done_and_force_aligns_it_again() {
    let wd = Workdir::new();
    let manifest = write_corpus(&wd, 5, 12);
    batch(&wd, &manifest, &[]).assert().success();
    let again = summary(batch(&wd, &manifest, &[]).assert().success().get_output());
    assert_eq!(
        (again["aligned"].as_u64(), again["skipped"].as_u64()),
        (Some(0), Some(5))
    );
    // Other settings are other work.
    let other = summary(
        batch(&wd, &manifest, &["--max-bead", "3"])
            .assert()
            .success()
            .get_output(),
    );
    assert_eq!(other["aligned"], 5);
    let forced = summary(
        batch(&wd, &manifest, &["--force"])
            .assert()
            .success()
            .get_output(),
    );
    assert_eq!(forced["aligned"], 5);
    // Re-aligned pairs replace their earlier alignment: two settings, five pairs each.
    assert_eq!(
        wd.count("qantara.db", "SELECT count(*) FROM alignments"),
        10
    );
    wd.assert_whole("qantara.db");
}

#[test]
fn a_batch_killed_midway_leaves_whole_pairs_and_a_rerun_finishes_the_rest() {
    let wd = Workdir::new();
    let pairs = 150;
    let manifest = write_corpus(&wd, pairs, 60);
    let mut child = wd.spawn(&[
        "--quiet",
        "batch",
        &manifest,
        "--pre-segmented",
        "--src-lang",
        "de",
        "--tgt-lang",
        "fr",
        "--no-language-check",
        "-j",
        "2",
    ]);
    // Kill it once some pairs are stored, but not all.
    let deadline = Instant::now() + Duration::from_secs(120);
    let stored = || {
        rusqlite::Connection::open_with_flags(
            wd.path().join("qantara.db"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .and_then(|db| {
            db.query_row("SELECT count(*) FROM batch_pairs", [], |row| {
                row.get::<_, i64>(0)
            })
        })
        .unwrap_or(0)
    };
    while stored() == 0 {
        assert!(Instant::now() < deadline, "no pair stored in two minutes");
        assert!(
            child.try_wait().unwrap().is_none(),
            "batch ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("kill -9");
    child.wait().unwrap();
    let before = stored();
    assert!(
        before > 0 && before < pairs as i64,
        "{before} pairs stored when killed"
    );
    wd.assert_whole("qantara.db");

    let rerun = summary(batch(&wd, &manifest, &[]).assert().success().get_output());
    assert_eq!(
        rerun["skipped"].as_i64().unwrap() + rerun["aligned"].as_i64().unwrap(),
        pairs as i64
    );
    assert!(rerun["skipped"].as_i64().unwrap() >= before);
    assert_eq!(
        wd.count("qantara.db", "SELECT count(*) FROM alignments"),
        pairs as i64
    );
    wd.assert_whole("qantara.db");
}

/// The translation units of a database, sorted: what a merged database must reproduce.
fn units(wd: &Workdir, db: &str) -> Vec<(String, String, String, i64)> {
    let db = wd.db(db);
    let mut query = db
        .prepare(
            "SELECT coalesce(source_text, ''), coalesce(target_text, ''), kind,
                    CAST(round(confidence * 1e6) AS INTEGER)
             FROM translation_units ORDER BY 1, 2, 3",
        )
        .unwrap();
    query
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn two_shards_merged_give_the_translation_units_of_one_run() {
    let wd = Workdir::new();
    let manifest = write_corpus(&wd, 10, 8);
    batch(&wd, &manifest, &["--db", "all.db"])
        .assert()
        .success();
    let first = summary(
        batch(&wd, &manifest, &["--db", "a.db", "--shard", "1/2"])
            .assert()
            .success()
            .get_output(),
    );
    let second = summary(
        batch(&wd, &manifest, &["--db", "b.db", "--shard", "2/2"])
            .assert()
            .success()
            .get_output(),
    );
    assert_eq!(
        first["pairs"].as_u64().unwrap() + second["pairs"].as_u64().unwrap(),
        10
    );
    assert!(first["pairs"].as_u64().unwrap() > 0 && second["pairs"].as_u64().unwrap() > 0);
    wd.qantara(&["merge", "a.db", "b.db", "-o", "merged.db"])
        .assert()
        .success();
    assert_eq!(units(&wd, "merged.db"), units(&wd, "all.db"));
    let count = |sql: &str| (wd.count("merged.db", sql), wd.count("all.db", sql));
    for table in [
        "documents",
        "segments",
        "alignments",
        "beads",
        "batch_pairs",
    ] {
        let (merged, all) = count(&format!("SELECT count(*) FROM {table}"));
        assert_eq!(merged, all, "{table}");
    }
    // Merging a shard again adds nothing.
    wd.qantara(&["merge", "a.db", "-o", "merged.db"])
        .assert()
        .success();
    assert_eq!(units(&wd, "merged.db"), units(&wd, "all.db"));
    // Merged alignments resume as done.
    let resumed = summary(
        batch(&wd, &manifest, &["--db", "merged.db"])
            .assert()
            .success()
            .get_output(),
    );
    assert_eq!(resumed["skipped"], 10);
}

#[test]
fn merge_refuses_a_missing_file_and_a_file_that_is_not_a_database() {
    let wd = Workdir::new();
    wd.write(
        "notes.db",
        "just some text, long enough to not be a SQLite header at all......",
    );
    let missing = wd
        .qantara(&["merge", "nowhere.db", "-o", "out.db"])
        .assert()
        .failure()
        .code(1);
    assert!(
        String::from_utf8_lossy(&missing.get_output().stderr).contains("nowhere.db is not a file")
    );
    assert!(!wd.path().join("out.db").exists());
    let text = wd
        .qantara(&["merge", "notes.db", "-o", "out.db"])
        .assert()
        .failure()
        .code(1);
    let stderr = String::from_utf8_lossy(&text.get_output().stderr);
    assert!(
        stderr.contains("notes.db") && stderr.contains("not a database"),
        "{stderr}"
    );
    // Another program's SQLite file is no shard: refused, left as it was.
    let other = wd.db("other_app.db");
    other
        .execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    drop(other);
    let before = std::fs::read(wd.path().join("other_app.db")).unwrap();
    wd.qantara(&["merge", "other_app.db", "-o", "out.db"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "other_app.db is not a qantara database",
        ));
    assert_eq!(
        std::fs::read(wd.path().join("other_app.db")).unwrap(),
        before
    );
}

#[test]
fn two_passes_learn_a_corpus_lexicon_store_it_and_rerun_as_done() {
    let wd = Workdir::new();
    let manifest = write_corpus(&wd, 8, 15);
    let first = summary(
        batch(&wd, &manifest, &["--two-pass"])
            .assert()
            .success()
            .get_output(),
    );
    assert_eq!(first["aligned"], 8);
    let learned = first["lexicon_pairs"].as_i64().unwrap();
    assert!(learned > 0);
    assert_eq!(
        wd.count("qantara.db", "SELECT count(*) FROM lexicon WHERE origin = 'learned' AND alignment_id IS NULL AND source_lang = 'de' AND target_lang = 'fr'"),
        learned
    );
    // Only the second pass is stored: one alignment per pair.
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 8);
    // The first pass learns the same lexicon again, so the second finds its work done.
    let again = summary(
        batch(&wd, &manifest, &["--two-pass"])
            .assert()
            .success()
            .get_output(),
    );
    assert_eq!(
        (again["skipped"].as_i64(), again["lexicon_pairs"].as_i64()),
        (Some(8), Some(learned))
    );
    // A later one-pass run uses the stored corpus lexicon: its settings are the second
    // pass's, so it too finds the pairs done.
    let later = summary(batch(&wd, &manifest, &[]).assert().success().get_output());
    assert_eq!(later["skipped"], 8);
}

#[test]
fn a_wrong_manifest_is_refused_with_its_line_before_any_database_is_made() {
    let wd = Workdir::new();
    let cases = [
        (
            "source\ttarget\tlanguage\n",
            "line 1: unknown column \"language\"",
        ),
        (
            "id\tsource\n",
            "line 1: the header row must name the columns source and target",
        ),
        (
            "source\ttarget\na.txt\tb.txt\nc.txt\n",
            "line 3: 1 fields where the header has 2",
        ),
        (
            "source\ttarget\tsource_lang\na.txt\tb.txt\tarabic\n",
            "line 2: \"arabic\" is not a language code",
        ),
        ("", "the manifest is empty"),
    ];
    for (text, message) in cases {
        let manifest = wd.write("pairs.tsv", text);
        let output = wd.qantara(&["batch", &manifest]).assert().failure().code(1);
        let stderr = String::from_utf8_lossy(&output.get_output().stderr);
        assert!(
            stderr.contains("pairs.tsv") && stderr.contains(message),
            "{text:?}: {stderr}"
        );
        assert!(!wd.path().join("qantara.db").exists());
    }
}

#[test]
fn folders_that_pair_nothing_are_told_the_suffixes_that_would() {
    let wd = Workdir::new();
    for (folder, name, file) in [
        ("ar", "idlib.ar.txt", "idlib.ar.txt"),
        ("ar", "again.ar.txt", "idlib.ar.txt"),
        ("en", "idlib.en.txt", "idlib.en.txt"),
        ("en", "again.en.txt", "idlib.en.txt"),
    ] {
        std::fs::create_dir_all(wd.path().join(folder)).unwrap();
        std::fs::copy(sample(file), wd.path().join(folder).join(name)).unwrap();
    }
    wd.qantara(&["batch", "--src-dir", "ar", "--tgt-dir", "en"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "--src-suffix .ar.txt --tgt-suffix .en.txt would pair 2",
        ));
    wd.qantara(&[
        "batch",
        "--src-dir",
        "ar",
        "--tgt-dir",
        "en",
        "--src-suffix",
        ".ar.txt",
        "--tgt-suffix",
        ".en.txt",
    ])
    .assert()
    .success();
}

#[test]
fn a_run_that_aligned_nothing_has_no_mean_confidence() {
    let wd = Workdir::new();
    let manifest = wd.write("m.tsv", "id\tsource\ttarget\nx\tmissing.txt\tnone.txt\n");
    let table = wd.qantara(&["batch", &manifest]).assert().code(1);
    let table = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(
        table.contains("mean confidence       none (no beads)"),
        "{table}"
    );
    let json = wd
        .qantara(&["batch", &manifest, "--format", "json"])
        .assert()
        .code(1);
    let json: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert!(json["mean_confidence"].is_null(), "{json}");
}
