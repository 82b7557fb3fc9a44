//! The translation memory: export, TMX import, search, lookup, sql and stats.

use predicates::prelude::*;

use crate::workdir::{Workdir, stdout_of};

/// Arabic and English sentences with quotes, `<`, `&` and right-to-left marks.
const ARABIC: [&str; 3] = [
    "قال المتحدث: \"الوضع في إدلب < مما كان\".",
    "وأضاف أن \u{200F}تركيا & روسيا ستعقدان اجتماعاً.",
    "ولم يذكر تفاصيل أخرى.",
];
const ENGLISH: [&str; 3] = [
    "The spokesman said: \"the situation in Idlib is < what it was\".",
    "He added that Turkey & Russia would hold a meeting.",
    "He gave no further details.",
];

/// Aligns the tricky sentences into `qantara.db`.
fn align_tricky_pair(wd: &Workdir) {
    let ar = wd.write("tricky.ar", ARABIC.join("\n"));
    let en = wd.write("tricky.en", ENGLISH.join("\n"));
    wd.qantara(&["align", "--pre-segmented", &ar, &en, "-o", "-"])
        .assert()
        .success();
}

/// The (source, target) pairs of every alignment in `db`, as TSV export gives them.
fn pairs(wd: &Workdir, db: &str) -> Vec<(String, String)> {
    let tsv = stdout_of(&mut wd.qantara(&["export", "--all", "--format", "tsv", "--db", db]));
    let mut pairs: Vec<(String, String)> = tsv
        .lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields[0].to_owned(), fields[1].to_owned())
        })
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn tmx_export_then_import_gives_the_same_pairs() {
    let wd = Workdir::new();
    align_tricky_pair(&wd);
    wd.qantara(&["export", "--all", "-o", "tm.tmx"])
        .assert()
        .success();
    let tmx = std::fs::read_to_string(wd.path().join("tm.tmx")).unwrap();
    assert!(tmx.contains("&lt;") && tmx.contains("&amp;") && tmx.contains('\u{200F}'));
    assert!(tmx.contains(r#"<prop type="x-source-document">"#));
    wd.qantara(&["import", "tm.tmx", "--db", "imported.db"])
        .assert()
        .success();
    let original = pairs(&wd, "qantara.db");
    assert_eq!(original.len(), 3);
    assert!(
        original
            .iter()
            .any(|(s, t)| s == ARABIC[1] && t == ENGLISH[1])
    );
    assert_eq!(pairs(&wd, "imported.db"), original);
    // Importing the same file again replaces its units.
    wd.qantara(&["import", "tm.tmx", "--db", "imported.db"])
        .assert()
        .success();
    assert_eq!(wd.count("imported.db", "SELECT count(*) FROM beads"), 3);
}

#[test]
fn utf16_tmx_with_three_languages_and_inline_codes() {
    let wd = Workdir::new();
    let tmx = r#"<?xml version="1.0" encoding="UTF-16"?>
<tmx version="1.4"><header srclang="en-US" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en-US"><seg>Click <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
<tuv xml:lang="fr-FR"><seg>Cliquez sur <bpt i="1">&lt;b&gt;</bpt>Enregistrer<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
<tuv xml:lang="ar"><seg>انقر على حفظ.</seg></tuv></tu>
<tu><tuv xml:lang="en-US"><seg>Close the window.</seg></tuv><tuv xml:lang="fr-FR"><seg>Fermez la fenêtre.</seg></tuv></tu>
</body></tmx>"#;
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(tmx.encode_utf16().flat_map(u16::to_le_bytes));
    wd.write("app.tmx", bytes);
    wd.qantara(&["import", "app.tmx", "--strip-tags"])
        .assert()
        .success();
    // One alignment per target language: en-US to fr-FR (2 units) and to ar (1).
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 2);
    let got = pairs(&wd, "qantara.db");
    assert!(got.contains(&(
        "Click Save.".to_owned(),
        "Cliquez sur Enregistrer.".to_owned()
    )));
    assert!(got.contains(&("Click Save.".to_owned(), "انقر على حفظ.".to_owned())));
    wd.qantara(&["import", "app.tmx", "--db", "codes.db"])
        .assert()
        .success();
    assert!(pairs(&wd, "codes.db").contains(&(
        "Click <b>Save</b>.".to_owned(),
        "Cliquez sur <b>Enregistrer</b>.".to_owned()
    )));
}

#[test]
fn a_tmx_declaring_entities_is_refused_and_nothing_is_expanded() {
    let wd = Workdir::new();
    let mut entities = String::from(r#"<!ENTITY e0 "ha">"#);
    for k in 1..10 {
        let previous = format!("&e{};", k - 1).repeat(10);
        entities.push_str(&format!(r#"<!ENTITY e{k} "{previous}">"#));
    }
    let bomb = format!(
        r#"<?xml version="1.0"?><!DOCTYPE tmx [{entities}]><tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&e9;</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>"#
    );
    wd.write("bomb.tmx", bomb);
    let output = wd
        .qantara(&["import", "bomb.tmx"])
        .assert()
        .failure()
        .code(1);
    let stderr = String::from_utf8_lossy(&output.get_output().stderr);
    assert!(
        stderr.contains("bomb.tmx") && stderr.contains("&e9;"),
        "{stderr}"
    );
    assert!(!wd.path().join("qantara.db").exists());
    wd.write(
        "broken.tmx",
        "<tmx><body><tu><tuv xml:lang=\"en\"><seg>x</tuv></body>",
    );
    let output = wd
        .qantara(&["import", "broken.tmx"])
        .assert()
        .failure()
        .code(1);
    assert!(String::from_utf8_lossy(&output.get_output().stderr).contains("broken.tmx"));
}

/// Writes a TMX of English-Arabic units and imports it.
fn import_units(wd: &Workdir, units: &[(&str, &str)]) {
    let body: String = units
        .iter()
        .map(|(en, ar)| {
            format!(
                r#"<tu><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="ar"><seg>{ar}</seg></tuv></tu>"#
            )
        })
        .collect();
    wd.write(
        "units.tmx",
        format!(r#"<tmx version="1.4"><header srclang="en"/><body>{body}</body></tmx>"#),
    );
    wd.qantara(&["import", "units.tmx"]).assert().success();
}

/// The units `search` finds, as "alignment:bead", sorted.
fn found(wd: &Workdir, words: &[&str]) -> Vec<String> {
    let mut args = vec!["search", "--format", "json"];
    args.extend_from_slice(words);
    // Exit code 1 and nothing printed when nothing matches, as grep.
    let output = wd.qantara(&args).output().unwrap();
    let code = output.status.code();
    assert!(
        code == Some(0) || (code == Some(1) && output.stdout.is_empty()),
        "{output:?}"
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let unit: serde_json::Value = serde_json::from_str(line).unwrap();
            format!("{}:{}", unit["alignment_id"], unit["bead"])
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[test]
fn search_finds_the_same_pairs_with_and_without_arabic_diacritics() {
    let wd = Workdir::new();
    import_units(
        &wd,
        &[
            ("The hospital in Idlib was hit.", "قُصِفَ المُسْتَشْفَى في إِدْلِب."),
            ("Idlib is in Syria.", "تقع ادلب في سوريا."),
            ("The hospital reopened.", "أعيد فتح المستشفى."),
        ],
    );
    let plain = found(&wd, &["ادلب"]);
    assert_eq!(plain.len(), 2);
    assert_eq!(found(&wd, &["إِدْلِب"]), plain);
    assert_eq!(found(&wd, &["إدلب"]), plain);
    // Both words, and yeh for alef maqsura.
    assert_eq!(found(&wd, &["المستشفي", "ادلب"]).len(), 1);
    assert_eq!(found(&wd, &["IDLIB"]), plain);
    // A phrase matches only in order.
    assert_eq!(found(&wd, &["in Idlib"]).len(), 1);
    assert_eq!(found(&wd, &["Idlib in"]).len(), 0);
    // Highlighting is for terminals: in a pipe, the text as stored.
    let table = stdout_of(&mut wd.qantara(&["search", "hospital", "--lang", "en"]));
    assert!(
        table.contains("  en: The hospital in Idlib was hit.\n"),
        "{table}"
    );
    // A language names the side to match on: the English word is on no Arabic side.
    assert_eq!(found(&wd, &["hospital", "--lang", "en"]).len(), 2);
    assert!(found(&wd, &["hospital", "--lang", "ar"]).is_empty());
    assert_eq!(found(&wd, &["ادلب", "--lang", "ar"]), plain);
}

/// A database of schema 8, whose index stored each bead's texts and languages a second
/// time, is upgraded by the next command that writes: the index keeps no texts, and the
/// next search builds it again and finds what it found before.
#[test]
fn an_index_of_schema_8_is_rebuilt_without_its_copy_of_the_texts() {
    let wd = Workdir::new();
    wd.align_sample(&["-q"]).assert().success();
    let before = found(&wd, &["Idlib"]);
    assert!(!before.is_empty());
    wd.db("qantara.db")
        .execute_batch(
            "DROP TABLE tm_search;
             CREATE VIRTUAL TABLE tm_search USING fts5(
                 source, target, source_lang UNINDEXED, target_lang UNINDEXED,
                 tokenize = 'unicode61 remove_diacritics 0');
             INSERT INTO tm_search (rowid, source, target, source_lang, target_lang)
                 SELECT alignment_id * 16777216 + bead, lower(coalesce(source_text, '')),
                        lower(coalesce(target_text, '')), source_lang, target_lang
                 FROM translation_units;
             PRAGMA user_version = 8;",
        )
        .unwrap();
    wd.write("ok.tmx", TWO_UNITS);
    wd.qantara(&["import", "-q", "ok.tmx"]).assert().success();
    assert_eq!(wd.count("qantara.db", "PRAGMA user_version"), 9);
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM tm_search WHERE source IS NOT NULL"
        ),
        0
    );
    wd.qantara(&["search", "Idlib"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "indexed 1 new alignment for search",
        ));
    assert_eq!(found(&wd, &["Idlib"]), before);
}

#[test]
fn lookup_gives_the_percentages_computed_by_hand() {
    let wd = Workdir::new();
    import_units(
        &wd,
        &[
            ("The cat sat on the mat.", "جلس القط على الحصيرة."),
            ("The dog sat on the mat.", "جلس الكلب على الحصيرة."),
            (
                "The cat sat on the red mat.",
                "جلس القط على الحصيرة الحمراء.",
            ),
            ("Nothing like it at all.", "لا شيء يشبهه."),
        ],
    );
    let out = stdout_of(&mut wd.qantara(&["lookup", "The cat sat on the mat", "--format", "json"]));
    let got: Vec<(u64, String)> = out
        .lines()
        .map(|line| {
            let unit: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                unit["match"].as_u64().unwrap(),
                unit["source_text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // 1 − 0.25/6 (a full stop), 1 − 1.25/7 (a word and the stop), 1 − 1.25/6.
    assert_eq!(
        got,
        [
            (95, "The cat sat on the mat.".to_owned()),
            (82, "The cat sat on the red mat.".to_owned()),
            (79, "The dog sat on the mat.".to_owned()),
        ]
    );
    let exact = stdout_of(&mut wd.qantara(&["lookup", "The cat sat on the mat.", "--min", "100"]));
    assert_eq!(
        exact,
        "100%  The cat sat on the mat.\n      جلس القط على الحصيرة.\n"
    );
}

#[test]
fn lookup_finds_its_units_among_thousands_that_share_its_common_words() {
    let wd = Workdir::new();
    // 2,500 units share "the", "of" and "and" (too common to find candidates by); a
    // rare word, and then only common words, must still find their units.
    let fillers: Vec<String> = (0..2_500)
        .map(|k| format!("the word{k} of the town and the river"))
        .collect();
    let mut units: Vec<(&str, &str)> = fillers.iter().map(|f| (f.as_str(), "نص")).collect();
    units.push((
        "The house of the rising sun and the moon.",
        "بيت الشمس المشرقة.",
    ));
    units.push(("And of the.", "و من ال."));
    import_units(&wd, &units);
    let best = |sentence: &str| {
        let out =
            stdout_of(&mut wd.qantara(&["lookup", sentence, "--min", "60", "--format", "json"]));
        let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        (
            first["match"].as_u64().unwrap(),
            first["source_text"].as_str().unwrap().to_owned(),
        )
    };
    assert_eq!(
        best("The house of the rising sun and the moon"),
        (97, "The house of the rising sun and the moon.".to_owned())
    );
    assert_eq!(best("and of the"), (91, "And of the.".to_owned()));
}

#[test]
fn sql_reads_and_refuses_to_write() {
    let wd = Workdir::new();
    align_tricky_pair(&wd);
    let csv = stdout_of(&mut wd.qantara(&[
        "sql",
        "SELECT lang, sentence_count FROM documents ORDER BY lang",
        "--format",
        "csv",
    ]));
    assert_eq!(csv, "lang,sentence_count\nar,3\nen,3\n");
    for statement in [
        "DELETE FROM beads",
        "DROP TABLE beads",
        "UPDATE beads SET confidence = 0",
        "PRAGMA journal_mode = DELETE",
        "PRAGMA user_version = 1",
    ] {
        let output = wd.qantara(&["sql", statement]).assert().failure().code(1);
        assert!(String::from_utf8_lossy(&output.get_output().stderr).contains("only reads"));
    }
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM beads"), 3);
    wd.qantara(&["sql", "ATTACH DATABASE 'other.db' AS other"])
        .assert()
        .code(1);
    assert!(!wd.path().join("other.db").exists(), "no file made");
    // JSON keeps the query's column order.
    assert_eq!(
        stdout_of(&mut wd.qantara(&["sql", "SELECT 2 AS zeta, 'x' AS alpha", "--format", "json"])),
        "[\n  {\"zeta\":2,\"alpha\":\"x\"}\n]\n"
    );
    // A pragma that reads a setting is a read.
    assert_eq!(
        stdout_of(&mut wd.qantara(&["sql", "PRAGMA journal_mode", "--format", "csv"])),
        "journal_mode\nwal\n"
    );
    let json =
        stdout_of(&mut wd.qantara(&["sql", "SELECT count(*) AS n FROM beads", "--format", "json"]));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).unwrap()[0]["n"],
        3
    );
}

#[test]
fn export_writes_moses_files_ladders_and_filters_kinds() {
    let wd = Workdir::new();
    align_tricky_pair(&wd);
    wd.qantara(&["export", "--all", "--format", "moses", "-o", "corpus"])
        .assert()
        .success();
    let ar = std::fs::read_to_string(wd.path().join("corpus.ar")).unwrap();
    let en = std::fs::read_to_string(wd.path().join("corpus.en")).unwrap();
    assert_eq!(ar.lines().collect::<Vec<_>>(), ARABIC);
    assert_eq!(en.lines().collect::<Vec<_>>(), ENGLISH);
    let ladder = stdout_of(&mut wd.qantara(&["export", "--alignment", "1", "--format", "ladder"]));
    let rungs: Vec<&str> = ladder
        .lines()
        .map(|l| l.rsplit_once('\t').unwrap().0)
        .collect();
    assert_eq!(rungs, ["0\t0", "1\t1", "2\t2", "3\t3"]);
    let none =
        stdout_of(&mut wd.qantara(&["export", "--all", "--kinds", "2-1", "--format", "jsonl"]));
    assert_eq!(none, "");
    let output = wd
        .qantara(&["export", "--alignment", "9"])
        .assert()
        .failure()
        .code(1);
    assert!(String::from_utf8_lossy(&output.get_output().stderr).contains("no alignment 9"));
    let stats = stdout_of(&mut wd.qantara(&["stats", "--format", "json"]));
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(
        (stats["documents"].as_i64(), stats["beads"].as_i64()),
        (Some(2), Some(3))
    );
    assert_eq!(stats["kinds"][0], serde_json::json!(["1-1", 3]));
}

#[test]
fn read_commands_never_create_a_database() {
    let wd = Workdir::new();
    for args in [
        vec!["search", "x"],
        vec!["lookup", "x"],
        vec!["sql", "SELECT 1"],
        vec!["stats"],
        vec!["export", "--all"],
    ] {
        let output = wd.qantara(&args).assert().failure().code(1);
        assert!(String::from_utf8_lossy(&output.get_output().stderr).contains("does not exist"));
        assert!(!wd.path().join("qantara.db").exists());
    }
}

#[test]
fn a_large_memory_is_stored_in_parts_and_a_new_version_of_the_file_replaces_it() {
    let wd = Workdir::new();
    let units: Vec<(String, String)> = (0..10_050)
        .map(|k| (format!("Unit number {k}."), format!("الوحدة رقم {k}.")))
        .collect();
    let pairs: Vec<(&str, &str)> = units
        .iter()
        .map(|(e, a)| (e.as_str(), a.as_str()))
        .collect();
    import_units(&wd, &pairs);
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 2);
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM beads"), 10_050);
    assert_eq!(found(&wd, &["10049"]).len(), 1);
    // The file changes: importing it again replaces everything it stored before.
    import_units(&wd, &pairs[..5]);
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 1);
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM beads"), 5);
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM documents"), 2);
    assert_eq!(found(&wd, &["10049"]).len(), 0);
}

/// A TMX of two English-French units.
const TWO_UNITS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>One apple.</seg></tuv><tuv xml:lang="fr"><seg>Une pomme.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Two pears.</seg></tuv><tuv xml:lang="fr"><seg>Deux poires.</seg></tuv></tu>
</body></tmx>
"#;

#[test]
fn a_file_imported_through_three_paths_is_stored_once() {
    let wd = Workdir::new();
    let absolute = wd.write("ok.tmx", TWO_UNITS);
    for path in ["ok.tmx", "./ok.tmx", absolute.as_str()] {
        wd.qantara(&["import", path]).assert().success();
    }
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM beads"), 2);
    let canonical = std::fs::canonicalize(&absolute).unwrap();
    wd.qantara(&["import", "./ok.tmx"])
        .assert()
        .success()
        .stderr(predicates::str::contains(format!(
            "./ok.tmx is recorded as {}",
            canonical.display()
        )));
}

#[test]
fn files_of_the_same_name_in_two_folders_are_two_files() {
    let wd = Workdir::new();
    for folder in ["a", "b"] {
        std::fs::create_dir(wd.path().join(folder)).unwrap();
        wd.write(
            &format!("{folder}/mem.tmx"),
            TWO_UNITS.replace("apple", folder),
        );
        wd.qantara(&["import", &format!("{folder}/mem.tmx")])
            .assert()
            .success();
    }
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM beads"), 4);
    assert_eq!(found(&wd, &["a"]).len() + found(&wd, &["b"]).len(), 2);
}

#[test]
fn a_tmx_cut_short_or_holding_two_documents_is_refused_and_nothing_stored() {
    let wd = Workdir::new();
    let cut = &TWO_UNITS[..TWO_UNITS.find("Deux").unwrap() + 2];
    wd.write("cut.tmx", cut);
    wd.qantara(&["import", "cut.tmx"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(format!(
            "byte {}: the file ends inside <tmx><body><tu><tuv><seg>",
            cut.len()
        )));
    wd.write("twice.tmx", format!("{TWO_UNITS}{TWO_UNITS}"));
    let second = TWO_UNITS.len() + TWO_UNITS.find("<tmx").unwrap();
    wd.qantara(&["import", "twice.tmx"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(format!(
            "byte {second}: a second root element <tmx>"
        )));
    assert!(!wd.path().join("qantara.db").exists(), "nothing stored");
}

#[test]
fn language_codes_that_could_name_other_files_are_refused() {
    let wd = Workdir::new();
    let escape = wd.path().join("PWNED");
    let evil = TWO_UNITS.replace(
        r#"xml:lang="fr""#,
        &format!(r#"xml:lang="/../../..{}""#, escape.display()),
    );
    wd.write("evil.tmx", evil);
    wd.qantara(&["import", "evil.tmx"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("is not a language code"));
    assert!(!wd.path().join("qantara.db").exists(), "nothing stored");
    // A database written before codes were checked: export names no file after them.
    wd.write("ok.tmx", TWO_UNITS);
    wd.qantara(&["import", "ok.tmx"]).assert().success();
    wd.db("qantara.db")
        .execute(
            "UPDATE documents SET lang = ?1 WHERE lang = 'fr'",
            [format!("/../../..{}", escape.display())],
        )
        .unwrap();
    std::fs::create_dir(wd.path().join("out")).unwrap();
    wd.qantara(&["export", "--all", "--format", "moses", "-o", "out/corpus"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "alignment 1 has a language that is no language code",
        ));
    assert!(!escape.exists());
    assert_eq!(std::fs::read_dir(wd.path().join("out")).unwrap().count(), 0);
}

#[test]
fn a_tmx_in_the_encoding_its_declaration_names_is_read() {
    let wd = Workdir::new();
    let latin = TWO_UNITS
        .replace("UTF-8", "ISO-8859-1")
        .replace("Une pomme.", "Une pomme épluchée.");
    let bytes: Vec<u8> = latin
        .chars()
        .map(|c| u8::try_from(c as u32).unwrap())
        .collect();
    wd.write("latin.tmx", bytes);
    wd.qantara(&["import", "latin.tmx"]).assert().success();
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM translation_units WHERE target_text = 'Une pomme épluchée.'"
        ),
        1
    );
}

#[test]
fn lookup_finds_a_sentence_inside_a_unit_of_several_at_its_own_percentage() {
    let wd = Workdir::new();
    wd.align_sample(&["-q"]).assert().success();
    // The README's example: the first of the two English sentences of a 1-2 unit.
    let json = stdout_of(&mut wd.qantara(&[
        "lookup",
        "Turkey stressed the need to de-escalate tensions in Idlib province, the ministry said.",
        "--lang",
        "en",
        "--min",
        "70",
        "--format",
        "json",
    ]));
    let found: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(found["match"], 80);
    assert_eq!(found["kind"], "1-2");
    assert_eq!(
        found["matched_sentence"],
        "Turkey stressed the need to de-escalate tensions in Idlib province, the ministry said, according to Reuters."
    );
}

#[test]
fn list_shows_each_alignment_with_its_id_languages_and_doubt() {
    let wd = Workdir::new();
    wd.align_sample(&["-q"]).assert().success();
    wd.write("ok.tmx", TWO_UNITS);
    wd.qantara(&["import", "-q", "ok.tmx"]).assert().success();
    let json = stdout_of(&mut wd.qantara(&["list", "--format", "json"]));
    let listed: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], 1);
    assert_eq!(rows[0]["source_lang"], "ar");
    assert_eq!(rows[0]["beads"], 13);
    assert_eq!(rows[0]["doubtful"], 0);
    assert_eq!(rows[1]["method"], "tmx");
    assert_eq!(rows[1]["target_lang"], "fr");
    let table = stdout_of(&mut wd.qantara(&["list"]));
    assert_eq!(table.lines().count(), 3, "{table}");
    assert!(table.lines().nth(1).unwrap().contains("ar-en"), "{table}");
}

#[test]
fn lookup_without_a_language_looks_at_the_side_in_the_sentences_script() {
    let wd = Workdir::new();
    wd.align_sample(&["-q"]).assert().success();
    let english =
        "Turkey stressed the need to de-escalate tensions in Idlib province, the ministry said.";
    let json = stdout_of(&mut wd.qantara(&["lookup", english, "--format", "json"]));
    let found: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(
        found["match"], 80,
        "the English side of an Arabic-English memory"
    );
    assert_eq!(found["matched_side"], "target");
    let arabic =
        "قال المرصد السوري لحقوق الإنسان إن الطائرات الحربية الروسية شنت غارات على ريف إدلب.";
    let output = wd
        .qantara(&["lookup", arabic, "--min", "0", "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["matched_side"], "source", "the Arabic side");
}

#[test]
fn export_filters_what_corpus_builders_filter_and_counts_it() {
    let wd = Workdir::new();
    import_units(
        &wd,
        &[
            ("The hospital reopened.", "أعيد فتح المستشفى."),
            ("The  hospital reopened.", "أعيد فتح المستشفى."),
            ("Idlib", "Idlib"),
            ("Yes.", "نعم."),
            (
                "The talks in Moscow ended late at night after many hours.",
                "انتهت ليلا.",
            ),
            // Arabic on the English side: a segment the vendor's memory mislabelled.
            (
                "وقالت الخارجية إن تركيا شددت على ضرورة خفض التوتر في محافظة إدلب.",
                "وقالت الخارجية إن تركيا شددت على ضرورة خفض التوتر.",
            ),
        ],
    );
    let output = wd
        .qantara(&[
            "export",
            "--all",
            "--format",
            "tsv",
            "--dedup",
            "--drop-identical",
            "--min-words",
            "2",
            "--max-length-ratio",
            "4",
            "--check-language",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let tsv = String::from_utf8(output.stdout).unwrap();
    assert_eq!(tsv.lines().count(), 2, "a header and one pair: {tsv}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    for dropped in [
        "dropped 1 pair: duplicates (--dedup)",
        "dropped 1 pair: identical sides (--drop-identical)",
        "dropped 1 pair: too few words (--min-words)",
        "dropped 1 pair: lengths out of proportion (--max-length-ratio)",
        "dropped 1 pair: a side in another language (--check-language)",
    ] {
        assert!(stderr.contains(dropped), "{dropped}: {stderr}");
    }
}

#[test]
fn the_search_index_is_current_as_soon_as_units_are_stored() {
    let wd = Workdir::new();
    let indexed = |wd: &Workdir| {
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM alignments WHERE id NOT IN (SELECT alignment_id FROM tm_search_alignments)",
        )
    };
    wd.align_sample(&["-q"]).assert().success();
    wd.write("ok.tmx", TWO_UNITS);
    wd.qantara(&["import", "-q", "ok.tmx"]).assert().success();
    assert_eq!(indexed(&wd), 0, "align and import index what they store");
    // A shard made elsewhere, merged: indexed by the merge.
    let shard = Workdir::new();
    shard
        .align_sample(&["-q", "--max-bead", "4"])
        .assert()
        .success();
    let shard_db = shard.path().join("qantara.db");
    wd.qantara(&[
        "merge",
        "-q",
        shard_db.to_str().unwrap(),
        "-o",
        "qantara.db",
    ])
    .assert()
    .success();
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 3);
    assert_eq!(indexed(&wd), 0, "merge indexes what it adds");
    assert_eq!(
        wd.count("qantara.db", "SELECT count(*) FROM tm_search"),
        wd.count("qantara.db", "SELECT count(*) FROM beads")
    );
}

#[test]
fn parquet_export_holds_the_pairs_of_the_tsv_export() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let wd = Workdir::new();
    wd.align_sample(&["-q", "-o", "first.tsv"])
        .assert()
        .success();
    wd.qantara(&["export", "--all", "-o", "corpus.parquet"])
        .assert()
        .success();
    let tsv = stdout_of(&mut wd.qantara(&["export", "--all", "--format", "tsv"]));
    let file = std::fs::File::open(wd.path().join("corpus.parquet")).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let column = |name: &str| {
            batch
                .column_by_name(name)
                .unwrap()
                .as_any()
                .downcast_ref::<arrow_array::StringArray>()
                .unwrap()
                .clone()
        };
        let (source, target) = (column("source"), column("target"));
        let confidence = batch
            .column_by_name("confidence")
            .unwrap()
            .as_any()
            .downcast_ref::<arrow_array::Float64Array>()
            .unwrap()
            .clone();
        for k in 0..batch.num_rows() {
            rows.push(format!(
                "{}\t{}\t{:.4}",
                source.value(k),
                target.value(k),
                confidence.value(k)
            ));
        }
    }
    let expected: Vec<String> = tsv
        .lines()
        .skip(1)
        .map(|line| line.split('\t').take(3).collect::<Vec<_>>().join("\t"))
        .collect();
    assert_eq!(rows, expected);
    wd.qantara(&["export", "--all", "--format", "parquet"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("name it with -o"));
}
