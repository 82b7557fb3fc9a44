//! Bad input: a clear one-line error, exit code 1, no panic, and nothing half written.

use predicates::prelude::*;

use crate::workdir::{Workdir, sample, sample_gold, stdout_of};

/// Runs `align SOURCE TARGET` with languages given (so no notes are printed) and checks
/// that it fails with exit code 1 and a single `error:` line containing `message`.
fn fails_cleanly(wd: &Workdir, source: &str, target: &str, message: &str) {
    let assert = wd
        .qantara(&[
            "align",
            source,
            target,
            "--src-lang",
            "ar",
            "--tgt-lang",
            "en",
        ])
        .assert()
        .code(1)
        .stdout("");
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains(message), "expected {message:?} in {stderr}");
}

#[test]
fn missing_file_is_named_and_no_database_is_created() {
    let wd = Workdir::new();
    fails_cleanly(
        &wd,
        "missing.txt",
        &sample("idlib.en.txt"),
        "cannot read missing.txt",
    );
    assert!(!wd.path().join("qantara.db").exists());
}

#[test]
fn directory_is_refused() {
    let wd = Workdir::new();
    fails_cleanly(
        &wd,
        &sample("idlib.ar.txt"),
        ".",
        ". is a directory, not a text file",
    );
}

#[test]
fn invalid_utf8_names_the_file_and_byte_offset() {
    let wd = Workdir::new();
    let bad = wd.write("latin1.txt", b"Caf\xe9 au lait.\n");
    fails_cleanly(
        &wd,
        &sample("idlib.ar.txt"),
        &bad,
        "latin1.txt is not valid UTF-8",
    );
    fails_cleanly(&wd, &sample("idlib.ar.txt"), &bad, "at byte offset 3");
}

#[test]
fn empty_file_is_refused() {
    let wd = Workdir::new();
    let empty = wd.write("empty.txt", "");
    fails_cleanly(
        &wd,
        &empty,
        &sample("idlib.en.txt"),
        "empty.txt has no text to align",
    );
    let blank = wd.write("blank.txt", " \n\n\t\n");
    fails_cleanly(
        &wd,
        &sample("idlib.ar.txt"),
        &blank,
        "blank.txt has no text to align",
    );
}

#[test]
fn binary_file_is_refused() {
    let wd = Workdir::new();
    let binary = wd.write("data.txt", b"\x01\x02header\x00\x01\x02");
    fails_cleanly(&wd, &binary, &sample("idlib.en.txt"), "binary file");
    let image = wd.write("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00");
    fails_cleanly(
        &wd,
        &image,
        &sample("idlib.en.txt"),
        "scan.txt is a PNG image",
    );
}

#[test]
fn failed_runs_leave_an_existing_database_as_it_was() {
    let wd = Workdir::new();
    wd.align_sample(&[]).assert().success();
    let bad = wd.write("bad.txt", b"\xff\xfe\xfd");
    let empty = wd.write("empty.txt", "");
    fails_cleanly(&wd, &sample("idlib.ar.txt"), &bad, "bad.txt");
    fails_cleanly(&wd, &empty, &sample("idlib.en.txt"), "empty.txt");
    fails_cleanly(&wd, &sample("idlib.ar.txt"), "nowhere.txt", "nowhere.txt");
    wd.assert_holds_the_sample_once();
}

#[test]
fn utf16_and_crlf_input_align_like_the_utf8_sample() {
    let wd = Workdir::new();
    let english = std::fs::read_to_string(sample("idlib.en.txt")).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            english
                .replace('\n', "\r\n")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let target = wd.write("en16.txt", utf16);
    let output = stdout_of(&mut wd.qantara(&[
        "align",
        &sample("idlib.ar.txt"),
        &target,
        "--format",
        "beads",
    ]));
    assert_eq!(output, sample_gold());
}

#[test]
fn database_from_a_newer_version_is_refused() {
    let wd = Workdir::new();
    wd.db("new.db")
        .pragma_update(None, "user_version", 10)
        .unwrap();
    wd.align_sample(&["--db", "new.db", "-o", "pairs.tmx"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "schema version 10, newer than this qantara knows",
        ));
    assert_eq!(wd.count("new.db", "SELECT count(*) FROM sqlite_master"), 0);
    assert!(!wd.path().join("pairs.tmx").exists());
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let wd = Workdir::new();
    wd.write(
        "notes.db",
        "these are my notes, not a database\n".repeat(100),
    );
    wd.align_sample(&["--db", "notes.db"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("database notes.db")
                .and(predicate::str::contains("not a database")),
        );
}

#[test]
fn unwritable_output_is_reported_and_the_alignment_stays_whole() {
    let wd = Workdir::new();
    wd.align_sample(&["-o", "no/such/folder/pairs.tmx"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot write no/such/folder/pairs.tmx",
        ));
    wd.assert_holds_the_sample_once();
}

#[test]
fn usage_errors_exit_with_code_two() {
    let wd = Workdir::new();
    wd.qantara(&[]).assert().code(2);
    wd.qantara(&["align", "only-one.txt"]).assert().code(2);
    wd.qantara(&["align", "a.txt", "b.txt", "--src-lang", "arabic!"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a language code"));
}

#[test]
fn regression_one_sentence_against_hundreds_no_longer_panics() {
    // The diagonal search corridor used to leave a gap between its rows when one side was
    // far longer than the other, and the search read an unset back-pointer.
    let wd = Workdir::new();
    let one = wd.write("one.txt", "Eine kurze Zeile.\n");
    let many = wd.write(
        "many.txt",
        (0..300)
            .map(|i| format!("Line {i} of many.\n"))
            .collect::<String>(),
    );
    let output = stdout_of(&mut wd.qantara(&[
        "align",
        "--pre-segmented",
        &one,
        &many,
        "--src-lang",
        "de",
        "--tgt-lang",
        "en",
        "--format",
        "beads",
    ]));
    let beads = output;
    assert_eq!(beads.lines().filter(|l| l.starts_with("[0]")).count(), 1);
    // The one sentence's bead takes at most 12 lines (the shape table reaches 12 on a
    // side with 300 times as many sentences); every other line is a bead of its own.
    assert!(beads.lines().count() > 300 - 12);
}
