//! `qantara lexicon import` and dictionaries in `qantara align`.

use predicates::prelude::*;

use crate::workdir::{Workdir, sample_gold, stdout_of};

#[test]
fn dictionaries_are_imported_once_in_either_format() {
    let wd = Workdir::new();
    let tsv = wd.write(
        "ar-en.tsv",
        "# Arabic-English\nتركيا\tTurkey\nروسيا\tRussia\nوقف إطلاق النار\tceasefire\n",
    );
    let dic = wd.write("hu-en.dic", "house @ ház\ndog @ kutya\n");
    let import = |file: &str, source_lang: &str| {
        wd.qantara(&[
            "lexicon",
            "import",
            file,
            "--src-lang",
            source_lang,
            "--tgt-lang",
            "en",
        ])
        .assert()
        .success()
    };
    import(&tsv, "ar").stderr(
        predicate::str::contains("2 new word pairs ar-en")
            .and(predicate::str::contains("1 entries of more than one word")),
    );
    import(&tsv, "ar").stderr(predicate::str::contains("0 new word pairs"));
    import(&dic, "hu");
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM lexicon WHERE origin = 'dictionary'"
        ),
        4
    );
    assert_eq!(
        wd.count("qantara.db", "SELECT count(*) FROM lexicon WHERE source = 'ház' AND target = 'house' AND source_lang = 'hu'"),
        1
    );
}

#[test]
fn a_malformed_dictionary_names_its_line_and_stores_nothing() {
    let wd = Workdir::new();
    let bad = wd.write("bad.tsv", "Haus\thouse\nBaum tree\n");
    wd.qantara(&[
        "lexicon",
        "import",
        &bad,
        "--src-lang",
        "de",
        "--tgt-lang",
        "en",
    ])
    .assert()
    .code(1)
    .stderr(predicate::str::contains(
        "bad.tsv:2: not a dictionary entry",
    ));
    wd.align_sample(&["--dict", &bad]).assert().code(1);
    assert!(!wd.path().join("qantara.db").exists());
}

#[test]
fn alignment_stores_the_lexicon_it_learned_and_uses_the_dictionary() {
    let wd = Workdir::new();
    let tsv = wd.write("ar-en.tsv", "تركيا\tTurkey\nروسيا\tRussia\n");
    let output = stdout_of(&mut wd.align_sample(&["--dict", &tsv, "--format", "beads"]));
    assert_eq!(output, sample_gold());
    // A dictionary given with --dict is used for this run, not stored.
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM lexicon WHERE origin = 'dictionary'"
        ),
        0
    );
    let learned = wd.count(
        "qantara.db",
        "SELECT count(*) FROM lexicon WHERE origin = 'learned' AND alignment_id = (SELECT max(id) FROM alignments)",
    );
    assert!(learned > 0);
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM lexicon WHERE origin = 'learned' AND target = 'idlib'"
        ),
        1
    );
    // Re-aligning replaces the alignment and the pairs it learned.
    wd.align_sample(&["--dict", &tsv]).assert().success();
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM lexicon WHERE origin = 'learned' AND target = 'idlib'"
        ),
        1
    );
}
