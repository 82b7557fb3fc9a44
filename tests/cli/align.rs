//! `qantara align` on the Arabic sample, end to end.

use quick_xml::events::Event;

use crate::workdir::{Workdir, sample, sample_gold, stdout_of};

#[test]
fn sample_is_segmented_stored_and_printed_as_tsv() {
    let wd = Workdir::new();
    let tsv = stdout_of(&mut wd.align_sample(&[]));
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "source",
            "target",
            "confidence",
            "kind",
            "source_lang",
            "target_lang",
            "source_document",
            "target_document"
        ]
    );
    assert_eq!(rows.len(), 1 + 13, "{tsv}");
    assert!(rows.iter().all(|r| r.len() == 8));
    let patrol = rows
        .iter()
        .find(|r| r[0] == "دورية تركية روسية مشتركة")
        .expect("the title pair");
    assert_eq!(patrol[1], "Joint Turkish-Russian patrol");
    assert_eq!(patrol[3], "1-1");
    assert_eq!(&patrol[4..6], ["ar", "en"]);
    assert!(patrol[6].ends_with("idlib.ar.txt") && patrol[7].ends_with("idlib.en.txt"));
    let split = rows
        .iter()
        .find(|r| r[0].starts_with("وأوضحت أن تركيا"))
        .expect("third paragraph");
    assert!(split[1].starts_with("The sources said Turkey"));
    assert!(split[1].ends_with("several risks for Turkey.\""));
    assert_eq!(split[3], "1-3");
    for row in &rows[1..] {
        let confidence: f64 = row[2].parse().expect("confidence is a number");
        assert!((0.0..=1.0).contains(&confidence));
    }
    wd.assert_holds_the_sample_once();
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM translation_units
             WHERE source_lang = 'ar' AND target_lang = 'en' AND source_text <> '' AND target_text <> ''"
        ),
        13
    );
    let paragraphs = wd.count("qantara.db", "SELECT max(paragraph_count) FROM documents");
    assert_eq!(paragraphs, 13);
}

#[test]
fn raw_sample_and_reference_split_both_reproduce_the_reference_alignment() {
    let wd = Workdir::new();
    let gold = sample_gold();
    let raw = stdout_of(&mut wd.align_sample(&["--format", "beads"]));
    assert_eq!(raw, gold);
    let split = stdout_of(&mut wd.qantara(&[
        "align",
        "--pre-segmented",
        &sample("idlib.ar.sent"),
        &sample("idlib.en.sent"),
        "--format",
        "beads",
    ]));
    assert_eq!(split, gold);
}

#[test]
fn dash_as_output_means_stdout() {
    let wd = Workdir::new();
    let beads = stdout_of(&mut wd.align_sample(&["--format", "beads", "-o", "-"]));
    assert_eq!(beads, sample_gold());
    assert!(!wd.path().join("-").exists());
}

#[test]
fn gold_option_prints_scores_on_stderr() {
    let wd = Workdir::new();
    let assert = wd
        .align_sample(&["--gold", &sample("idlib.gold")])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("strict      1.0000    1.0000    1.0000"),
        "{stderr}"
    );
}

#[test]
fn tmx_output_parses_with_one_tu_per_two_sided_bead() {
    let wd = Workdir::new();
    wd.align_sample(&["-o", "pairs.tmx"])
        .assert()
        .success()
        .stdout("");
    let xml = std::fs::read_to_string(wd.path().join("pairs.tmx")).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut tus, mut tuvs, mut langs, mut srclang) = (0, 0, Vec::new(), None);
    loop {
        match reader.read_event().expect("well-formed TMX") {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "tu" => tus += 1,
                "tuv" => {
                    tuvs += 1;
                    let lang = e.try_get_attribute("xml:lang").unwrap().expect("xml:lang");
                    langs.push(lang.value.into_owned());
                }
                "header" => {
                    let attr = e.try_get_attribute("srclang").unwrap().expect("srclang");
                    srclang = Some(attr.value.into_owned());
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(tus, 13);
    assert_eq!(tuvs, 26);
    assert_eq!(srclang.as_deref(), Some("ar"));
    assert!(langs.chunks(2).all(|pair| pair == ["ar", "en"]));
    assert!(xml.contains("<seg>Joint Turkish-Russian patrol</seg>"));
    assert!(xml.contains("&quot;Assad regime&quot;"));
}

#[test]
fn jsonl_output_has_one_object_per_bead() {
    let wd = Workdir::new();
    let jsonl = stdout_of(&mut wd.align_sample(&["--format", "jsonl"]));
    let objects: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 13);
    assert_eq!(objects[0]["kind"], "1-2");
    assert!(
        objects[0]["target"]
            .as_str()
            .unwrap()
            .starts_with("Turkey stressed")
    );
}

#[test]
fn database_location_follows_db_option_and_environment() {
    let wd = Workdir::new();
    let args = ["align", &sample("idlib.ar.txt"), &sample("idlib.en.txt")];
    wd.qantara(&args)
        .arg("--db")
        .arg("chosen.db")
        .assert()
        .success();
    wd.qantara(&args)
        .env("QANTARA_DB", "from-env.db")
        .assert()
        .success();
    assert!(wd.path().join("chosen.db").exists());
    assert!(wd.path().join("from-env.db").exists());
    assert!(!wd.path().join("qantara.db").exists());
}

#[test]
fn aligning_the_same_pair_again_replaces_the_alignment() {
    let wd = Workdir::new();
    wd.align_sample(&[]).assert().success();
    wd.align_sample(&[]).assert().success();
    wd.assert_holds_the_sample_once();
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .unwrap()
        .count();
    assert_eq!(
        wd.count("qantara.db", "PRAGMA user_version"),
        migrations as i64
    );
}

#[test]
fn languages_given_on_the_command_line_are_stored_and_not_guessed() {
    let wd = Workdir::new();
    let assert = wd
        .align_sample(&["--src-lang", "ar", "--tgt-lang", "en-GB"])
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&assert.get_output().stderr).contains("guessed"));
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM documents WHERE lang = 'en-GB'"
        ),
        1
    );
}

#[test]
fn a_reference_that_does_not_fit_the_split_is_said_so() {
    use predicates::prelude::*;
    let wd = Workdir::new();
    let gold = sample_gold();
    // A reference of one more sentence a side than the sample splits into.
    let longer = wd.write("longer.gold", format!("{gold}[14]:[18]\n"));
    wd.align_sample(&["-q", "--gold", &longer])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "covers 15 source and 19 target sentences, and the texts were split into 14 and 18",
        ));
    let fitting = sample("idlib.gold");
    wd.align_sample(&["-q", "--gold", &fitting])
        .assert()
        .success()
        .stderr(predicate::str::contains("covers").not());
}

#[test]
fn json_lines_carry_the_alignment_id_and_bead_position() {
    let wd = Workdir::new();
    wd.align_sample(&["-q"]).assert().success();
    let lines = stdout_of(&mut wd.align_sample(&["-q", "--format", "jsonl", "--max-bead", "5"]));
    for (position, line) in lines.lines().enumerate() {
        let unit: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(unit["alignment_id"], 2, "the second alignment stored");
        assert_eq!(unit["bead"], position);
    }
    let exported = stdout_of(&mut wd.qantara(&["export", "--alignment", "1", "--format", "jsonl"]));
    let first: serde_json::Value = serde_json::from_str(exported.lines().next().unwrap()).unwrap();
    assert_eq!(
        (first["alignment_id"].as_i64(), first["bead"].as_i64()),
        (Some(1), Some(0))
    );
}

#[test]
fn text_from_standard_input_is_stored_under_the_name_given() {
    let wd = Workdir::new();
    let arabic = std::fs::read(sample("idlib.ar.txt")).unwrap();
    wd.qantara(&[
        "align",
        "-q",
        "-",
        &sample("idlib.en.txt"),
        "--name",
        "article.ar.txt",
    ])
    .write_stdin(arabic)
    .assert()
    .success();
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM documents WHERE path = 'article.ar.txt'"
        ),
        1
    );
}
