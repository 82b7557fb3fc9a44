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
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("workdir")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
