//! Commands that only read (`stats`, `sql`, `export`, `search`, `lookup`) open the
//! database read-only: they never change it, never upgrade it, never wait for a writer,
//! and leave another program's SQLite file as it is.

use predicates::prelude::*;

use crate::workdir::Workdir;

/// Every reading command, as arguments.
const READERS: [&[&str]; 5] = [
    &["stats"],
    &["sql", "SELECT count(*) FROM beads"],
    &["export", "--all", "--format", "tsv"],
    &["search", "Turkey"],
    &[
        "lookup",
        "Turkey stressed the need to de-escalate tensions in Idlib province, the ministry said.",
        "--lang",
        "en",
    ],
];

/// The bytes of the database and of its `-wal` file (none when it has none: SQLite may
/// make an empty one for a reader).
fn files(dir: &Workdir, db: &str) -> (Vec<u8>, Vec<u8>) {
    let read = |name: String| std::fs::read(dir.path().join(name));
    (
        read(db.to_owned()).unwrap(),
        read(format!("{db}-wal")).unwrap_or_default(),
    )
}

#[test]
fn reading_commands_change_nothing() {
    let dir = Workdir::new();
    dir.align_sample(&["-q"]).assert().success();
    // The search index is current from the moment an alignment is stored: no reader
    // has anything to bring up to date.
    let before = files(&dir, "qantara.db");
    for args in READERS {
        dir.qantara(args).assert().success();
        assert!(
            files(&dir, "qantara.db") == before,
            "{args:?} changed the database"
        );
    }
}

#[test]
fn another_programs_database_is_left_as_it_is() {
    let dir = Workdir::new();
    let db = dir.db("other_app.db");
    db.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    drop(db);
    let before = files(&dir, "other_app.db");
    let refused = predicate::str::contains("other_app.db is not a qantara database");
    for args in READERS {
        let mut args = args.to_vec();
        args.extend(["--db", "other_app.db"]);
        dir.qantara(&args).assert().code(1).stderr(refused.clone());
        assert!(files(&dir, "other_app.db") == before, "{args:?} changed it");
    }
    dir.align_sample(&["--db", "other_app.db"])
        .assert()
        .code(1)
        .stderr(refused);
    assert!(files(&dir, "other_app.db") == before, "align changed it");
}

#[test]
fn an_older_database_is_not_upgraded_by_a_reader_but_by_a_writer() {
    let dir = Workdir::new();
    dir.align_sample(&["-q"]).assert().success();
    dir.db("qantara.db")
        .pragma_update(None, "user_version", 4)
        .unwrap();
    let before = files(&dir, "qantara.db");
    for args in READERS {
        dir.qantara(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "has schema version 4, older than this qantara's",
            ));
        assert!(files(&dir, "qantara.db") == before, "{args:?} changed it");
    }
    dir.align_sample(&["-q"]).assert().success();
    assert_eq!(dir.count("qantara.db", "PRAGMA user_version"), 9);
    for args in READERS {
        dir.qantara(args).assert().success();
    }
}

#[test]
fn readers_do_not_wait_for_a_writer() {
    let dir = Workdir::new();
    dir.align_sample(&["-q"]).assert().success();
    // Another process holds the write lock for the whole test; the alignment is not in
    // the search index (as in a database of an older qantara).
    dir.db("qantara.db")
        .execute_batch("DELETE FROM tm_search; DELETE FROM tm_search_alignments;")
        .unwrap();
    let writer = dir.db("qantara.db");
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    for args in READERS {
        let reader = dir
            .qantara(args)
            .env("QANTARA_BUSY_TIMEOUT", "600")
            .output()
            .unwrap();
        if ["search", "lookup"].contains(&args[0]) {
            // They search what is indexed, which is nothing yet: exit code 1, as grep.
            assert_eq!(reader.status.code(), Some(1), "{args:?}");
            let stderr = String::from_utf8_lossy(&reader.stderr);
            assert!(
                stderr.contains("1 alignment is left out of the search"),
                "{stderr}"
            );
        } else {
            assert!(reader.status.success(), "{args:?}: {reader:?}");
        }
    }
    writer.execute_batch("ROLLBACK").unwrap();
}
