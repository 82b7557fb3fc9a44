//! Outputs never overwrite the database or an input of the run, and a file is put in
//! place only once it is whole.

use predicates::prelude::*;

use crate::workdir::Workdir;

#[test]
fn output_onto_the_database_is_refused_and_the_database_kept() {
    let dir = Workdir::new();
    dir.align_sample(&["-q"]).assert().success();
    std::os::unix::fs::symlink(dir.path().join("qantara.db"), dir.path().join("link.tmx"))
        .expect("symlink");
    for args in [
        vec!["-o", "qantara.db"],
        vec!["-o", "./qantara.db-wal"],
        vec!["-o", "link.tmx"],
    ] {
        dir.align_sample(&args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("is the database qantara.db"));
        let mut export = vec!["export", "--all"];
        export.extend(&args);
        dir.qantara(&export)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("is the database qantara.db"));
    }
    dir.assert_holds_the_sample_once();
}

#[test]
fn output_onto_an_input_is_refused_and_the_input_kept() {
    let dir = Workdir::new();
    let source = dir.write("a.txt", "One sentence here. Another one there.\n");
    let target = dir.write("b.txt", "Une phrase ici. Une autre là.\n");
    dir.qantara(&[
        "align",
        "--src-lang",
        "en",
        "--tgt-lang",
        "fr",
        &source,
        &target,
        "-o",
        &target,
    ])
    .assert()
    .code(1)
    .stderr(predicate::str::contains("is the input"));
    dir.qantara(&["segment", &source, "-o", &source])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is the input"));
    assert_eq!(
        std::fs::read_to_string(&source).expect("a.txt"),
        "One sentence here. Another one there.\n"
    );
    assert_eq!(
        std::fs::read_to_string(&target).expect("b.txt"),
        "Une phrase ici. Une autre là.\n"
    );
    assert!(!dir.path().join("qantara.db").exists(), "nothing stored");
}

#[test]
fn an_output_is_put_in_place_whole_and_a_failed_run_keeps_the_old_one() {
    let dir = Workdir::new();
    dir.align_sample(&["-q", "-o", "pairs.tmx"])
        .assert()
        .success();
    let first = std::fs::read_to_string(dir.path().join("pairs.tmx")).expect("pairs.tmx");
    assert!(first.trim_end().ends_with("</tmx>"));
    dir.qantara(&["export", "--alignment", "99", "-o", "pairs.tmx"])
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pairs.tmx")).expect("pairs.tmx"),
        first
    );
    assert_no_temporary_files(&dir);
}

#[test]
fn an_output_whose_name_says_no_format_is_refused_before_anything_is_stored() {
    let dir = Workdir::new();
    for name in ["out.txt", "out", "pairs.docx"] {
        dir.align_sample(&["-o", name])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "cannot tell the format of {name} from its name"
            )));
        assert!(!dir.path().join(name).exists());
    }
    assert!(
        !dir.path().join("qantara.db").exists(),
        "nothing aligned or stored"
    );
    dir.align_sample(&["-q", "-o", "out.txt", "--format", "tsv"])
        .assert()
        .success();
}

#[test]
fn csv_output_is_rfc_4180_for_spreadsheets() {
    let dir = Workdir::new();
    dir.align_sample(&["-q", "-o", "pairs.csv"])
        .assert()
        .success();
    let csv = std::fs::read_to_string(dir.path().join("pairs.csv")).unwrap();
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next(),
        Some(
            "source,target,confidence,kind,source_lang,target_lang,source_document,target_document"
        )
    );
    // The first unit's Arabic side holds a comma and quotes: quoted, quotes doubled.
    let first = lines.next().unwrap();
    assert!(
        first.starts_with("\"وقالت الخارجية، وفق ما أوردته وكالة \"\"رويترز\"\"،"),
        "{first}"
    );
    assert_eq!(
        csv.matches("\r\n").count(),
        1 + 13,
        "a header and 13 pairs, CRLF"
    );
    dir.qantara(&["export", "--all", "--format", "csv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("source,target,confidence"));
}

#[test]
fn an_output_that_is_a_device_or_a_link_is_written_through_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = Workdir::new();
    dir.align_sample(&["-q", "-o", "/dev/null"])
        .assert()
        .success();
    let null = std::fs::metadata("/dev/null").unwrap();
    assert!(
        null.file_type().is_char_device(),
        "/dev/null is still a device"
    );
    // A link to a file: the file gets the output, the link stays a link.
    dir.write("real.tsv", "old\n");
    std::os::unix::fs::symlink(dir.path().join("real.tsv"), dir.path().join("link.tsv")).unwrap();
    dir.align_sample(&["-q", "-o", "link.tsv"])
        .assert()
        .success();
    let link = std::fs::symlink_metadata(dir.path().join("link.tsv")).unwrap();
    assert!(link.file_type().is_symlink());
    let written = std::fs::read_to_string(dir.path().join("real.tsv")).unwrap();
    assert!(written.starts_with("source\ttarget"), "{written}");
}

#[test]
fn standard_output_redirected_to_a_file_takes_the_format_its_name_says() {
    let wd = Workdir::new();
    let binary = assert_cmd::cargo::cargo_bin("qantara");
    let (ar, en) = (
        crate::workdir::sample("idlib.ar.txt"),
        crate::workdir::sample("idlib.en.txt"),
    );
    let run = |redirect: &str| {
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("\"$0\" -q align \"$1\" \"$2\" > {redirect}"))
            .arg(&binary)
            .arg(&ar)
            .arg(&en)
            .current_dir(wd.path())
            .env_remove("QANTARA_DB")
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read_to_string(wd.path().join(redirect)).unwrap()
    };
    assert!(run("pairs.tmx").starts_with("<?xml"));
    assert!(run("pairs.jsonl").starts_with("{\""));
    // A name that says no format keeps the default, TSV: a redirect is no -o.
    assert!(run("pairs.txt").starts_with("source\ttarget\t"));
}

/// A file is rendered while the alignment is stored: it carries the id the alignment is
/// committed under, and a run whose alignment is not stored leaves the file as it was.
#[test]
fn an_output_file_rendered_beside_storing_appears_only_with_its_alignment() {
    let dir = Workdir::new();
    dir.align_sample(&["-q", "-o", "first.jsonl"])
        .assert()
        .success();
    dir.align_sample(&["-q", "--max-bead", "5", "-o", "pairs.jsonl"])
        .assert()
        .success();
    let written = std::fs::read_to_string(dir.path().join("pairs.jsonl")).expect("pairs.jsonl");
    for line in written.lines() {
        let unit: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        assert_eq!(
            unit["alignment_id"], 2,
            "the id the alignment is stored under"
        );
    }
    assert_eq!(
        dir.count("qantara.db", "SELECT count(*) FROM alignments WHERE id = 2"),
        1
    );
    // Another writer holds the database: nothing is stored, and no file appears.
    let holder = dir.db("qantara.db");
    holder
        .execute_batch("BEGIN IMMEDIATE")
        .expect("a write lock");
    dir.align_sample(&["--max-bead", "4", "-o", "pairs.jsonl"])
        .env("QANTARA_BUSY_TIMEOUT", "0.2")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("locked by another process"));
    holder.execute_batch("ROLLBACK").expect("the lock released");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pairs.jsonl")).expect("pairs.jsonl"),
        written
    );
    assert_eq!(
        dir.count("qantara.db", "SELECT count(*) FROM alignments"),
        2
    );
    assert_no_temporary_files(&dir);
}

/// Asserts that no temporary output file is left in `dir`.
fn assert_no_temporary_files(dir: &Workdir) {
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("workdir")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
