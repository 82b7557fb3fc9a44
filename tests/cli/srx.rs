//! A translator's own segmentation rules as SRX 2.0 (`--srx`): rules of our own writing
//! (look-behind, cascading, two languages), OmegaT's default rules against OmegaT's own
//! segments of the sample, rules that cannot be compiled reported, and SRX splits kept
//! apart from the built-in ones in the store.

use predicates::prelude::*;

use crate::workdir::{Workdir, sample, stdout_of};

/// The path of a file in `tests/srx/`.
fn srx_file(name: &str) -> String {
    format!("{}/tests/srx/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn own_rules_cascade_per_language_with_look_behind() {
    let wd = Workdir::new();
    let rules = srx_file("two-languages.srx");
    let english = wd.write(
        "en.txt",
        "Dear Mr. Smith: We met J. Doe today. Did you? Yes!\n",
    );
    assert_eq!(
        stdout_of(&mut wd.qantara(&["segment", &english, "--lang", "en", "--srx", &rules])),
        "Dear Mr. Smith:\nWe met J. Doe today.\nDid you?\nYes!\n"
    );
    // German maps to the default rules only: no title exception, no break at a colon.
    assert_eq!(
        stdout_of(&mut wd.qantara(&["segment", &english, "--lang", "de", "--srx", &rules])),
        "Dear Mr.\nSmith: We met J. Doe today.\nDid you?\nYes!\n"
    );
    let arabic = wd.write("ar.txt", "قال د. أحمد إن الوضع صعب. هل توافق؟ نعم.\n");
    assert_eq!(
        stdout_of(&mut wd.qantara(&["segment", &arabic, "--lang", "ar", "--srx", &rules])),
        "قال د. أحمد إن الوضع صعب.\nهل توافق؟\nنعم.\n"
    );
}

#[test]
fn omegat_default_rules_give_omegats_own_segments() {
    let jar = std::path::Path::new("/usr/share/omegat/OmegaT.jar");
    if !jar.is_file() {
        eprintln!(
            "OmegaT is not installed (apt-get install omegat): its default rules are not checked here"
        );
        return;
    }
    let wd = Workdir::new();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(jar).unwrap()).unwrap();
    let mut rules = String::new();
    std::io::Read::read_to_string(
        &mut archive
            .by_name("org/omegat/core/segmentation/defaultRules.srx")
            .unwrap(),
        &mut rules,
    )
    .unwrap();
    let rules = wd.write("omegat.srx", rules);
    for lang in ["en", "ar"] {
        let segments = stdout_of(&mut wd.qantara(&[
            "segment",
            &sample(&format!("idlib.{lang}.txt")),
            "--lang",
            lang,
            "--srx",
            &rules,
        ]));
        // Recorded from OmegaT by scripts/record-omegat-segments.sh.
        let omegat =
            std::fs::read_to_string(srx_file(&format!("omegat-default.{lang}.txt"))).unwrap();
        assert_eq!(segments, omegat, "{lang}");
    }
}

#[test]
fn rules_that_cannot_be_compiled_are_said_and_the_others_used() {
    let wd = Workdir::new();
    let rules = std::fs::read_to_string(srx_file("two-languages.srx"))
        .unwrap()
        .replace(r"(?&lt;=\s)(?:Mr|Mrs|Dr|Prof)\.", r"\QMr.\E(");
    let rules = wd.write("broken.srx", rules);
    let text = wd.write("en.txt", "One here. Two there.\n");
    wd.qantara(&["segment", &text, "--lang", "en", "--srx", &rules])
        .assert()
        .success()
        .stdout("One here.\nTwo there.\n")
        .stderr(predicate::str::contains(
            "broken.srx: 1 rule for en cannot be compiled and left out",
        ))
        .stderr(predicate::str::contains(
            "language rule \"English\", rule 1",
        ));
}

#[test]
fn a_language_without_rules_and_a_file_that_is_no_srx_are_refused() {
    let wd = Workdir::new();
    let english_only = std::fs::read_to_string(srx_file("two-languages.srx"))
        .unwrap()
        .replace(
            r#"<languagemap languagepattern=".*" languagerulename="Default"/>"#,
            "",
        );
    let rules = wd.write("english.srx", english_only);
    let text = wd.write("de.txt", "Eins. Zwei.\n");
    wd.qantara(&["segment", &text, "--lang", "de", "--srx", &rules])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "english.srx has no rules for the language de",
        ));
    let not_srx = wd.write("rules.srx", "<tmx version=\"1.4\"/>");
    wd.align_sample(&["--srx", &not_srx])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "rules.srx is not an SRX file qantara can read",
        ));
    assert!(!wd.path().join("qantara.db").exists());
}

#[test]
fn srx_splits_are_stored_apart_from_the_built_in_ones() {
    let wd = Workdir::new();
    wd.align_sample(&["-q"]).assert().success();
    wd.align_sample(&["-q", "--srx", &srx_file("two-languages.srx")])
        .assert()
        .success();
    // Other rules, other settings: a second alignment, over documents of their own.
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 2);
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM documents WHERE segmentation = 'srx'"
        ),
        2
    );
    // The same rules again: the same alignment, replaced.
    wd.align_sample(&["-q", "--srx", &srx_file("two-languages.srx")])
        .assert()
        .success();
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 2);
}
