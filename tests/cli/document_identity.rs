//! A document's identity includes how it was split: the same text split two ways is two
//! documents, a database from before schema version 5 is upgraded in place, and an
//! alignment whose beads do not fit its documents is reported by id, never read.

use predicates::prelude::*;

use crate::workdir::{Workdir, stdout_of};

const SOURCE: &str = "The zorg. Council met at noon. It sat late.";
const TARGET: &str = "Le conseil du zorg s'est réuni à midi. Il a siégé tard.";

fn write_pair(dir: &Workdir) {
    dir.write("a.txt", format!("{SOURCE}\n"));
    dir.write("b.txt", format!("{TARGET}\n"));
    dir.write("abbreviations.txt", "zorg\n");
}

fn align(dir: &Workdir, extra: &[&str]) {
    let mut args = vec![
        "align",
        "-q",
        "--src-lang",
        "en",
        "--tgt-lang",
        "fr",
        "a.txt",
        "b.txt",
    ];
    args.extend(extra);
    dir.qantara(&args).assert().success();
}

/// The source side of alignment `id` as `export` writes it, the units joined by spaces.
fn exported_source(dir: &Workdir, id: &str) -> String {
    let beads =
        stdout_of(&mut dir.qantara(&["export", "-q", "--alignment", id, "--format", "jsonl"]));
    beads
        .lines()
        .map(|line| {
            let unit: serde_json::Value = serde_json::from_str(line).unwrap();
            unit["source"].as_str().unwrap().to_owned()
        })
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_same_text_split_two_ways_is_two_documents_each_exported_whole() {
    for abbreviations_first in [true, false] {
        let dir = Workdir::new();
        write_pair(&dir);
        let with = ["--src-abbreviations", "abbreviations.txt"];
        if abbreviations_first {
            align(&dir, &with);
            align(&dir, &[]);
        } else {
            align(&dir, &[]);
            align(&dir, &with);
        }
        let counts: Vec<i64> = dir
            .db("qantara.db")
            .prepare(
                "SELECT sentence_count FROM documents WHERE lang = 'en' ORDER BY sentence_count",
            )
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(counts, [2, 3], "one document a split");
        for id in ["1", "2"] {
            assert_eq!(exported_source(&dir, id), SOURCE, "alignment {id}");
        }
        dir.qantara(&["search", "-q", "council"]).assert().success();
    }
}

#[test]
fn aligning_again_with_the_same_split_reuses_the_documents() {
    let dir = Workdir::new();
    write_pair(&dir);
    align(&dir, &[]);
    align(&dir, &[]);
    assert_eq!(dir.count("qantara.db", "SELECT count(*) FROM documents"), 2);
    assert_eq!(
        dir.count("qantara.db", "SELECT count(*) FROM alignments"),
        1
    );
}

#[test]
fn a_database_of_schema_4_is_upgraded_and_its_documents_reused() {
    let dir = Workdir::new();
    write_pair(&dir);
    align(&dir, &[]);
    // Make the database what schema version 4 stored: no split hashes, version 4.
    let db = dir.db("qantara.db");
    db.execute_batch(
        "PRAGMA foreign_keys = OFF;
         DROP VIEW translation_units;
         CREATE TABLE documents_old AS SELECT id, path, lang, content_hash, segmentation,
             paragraph_count, sentence_count, created_at FROM documents;
         DROP TABLE documents;
         ALTER TABLE documents_old RENAME TO documents;
         PRAGMA user_version = 4;",
    )
    .unwrap();
    db.execute_batch(
        &include_str!("../../migrations/0001_init.sql")[include_str!(
            "../../migrations/0001_init.sql"
        )
        .find("CREATE VIEW")
        .unwrap()..],
    )
    .unwrap();
    drop(db);
    align(&dir, &[]);
    assert_eq!(dir.count("qantara.db", "PRAGMA user_version"), 9);
    assert_eq!(
        dir.count(
            "qantara.db",
            "SELECT count(*) FROM documents WHERE length(split_hash) = 64"
        ),
        2,
        "every document has its split hash"
    );
    assert_eq!(
        dir.count("qantara.db", "SELECT count(*) FROM documents"),
        2,
        "documents reused"
    );
    assert_eq!(
        dir.count("qantara.db", "SELECT count(*) FROM alignments"),
        1,
        "alignment replaced"
    );
    dir.assert_whole("qantara.db");
}

#[test]
fn an_alignment_whose_beads_do_not_fit_is_named_not_read() {
    let dir = Workdir::new();
    dir.align_sample(&["-q"]).assert().success();
    // As a database of an older qantara holds it: damaged, and not in the search index
    // (which alignments now join when they are stored).
    dir.db("qantara.db")
        .execute_batch(
            "UPDATE beads SET source_end = 40 WHERE position = 12;
             DELETE FROM tm_search; DELETE FROM tm_search_alignments;",
        )
        .unwrap();
    dir.qantara(&["export", "--all"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "alignment 1 is damaged: its bead 12 reaches source sentence 40 of 14",
        ));
    // The only alignment is left out, so nothing is found: exit code 1.
    dir.qantara(&["search", "Turkey"]).assert().code(1).stderr(
        predicate::str::contains("alignment 1 is damaged")
            .and(predicate::str::contains("left out of the search")),
    );
}
