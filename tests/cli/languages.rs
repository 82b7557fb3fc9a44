//! Declared languages checked against the texts: swapped, mislabelled and identical
//! sides refused with what the text looks like, nothing written; undeclared languages
//! taken from the text, not only its script.

use predicates::prelude::*;

use crate::workdir::{Workdir, sample};

const GERMAN: &str = "Die Türkei betonte die Notwendigkeit, die Spannungen in der Provinz Idlib abzubauen, \
    sagte das Ministerium nach Angaben von Reuters. Türkische und russische Beamte erörterten die \
    Vorkehrungen, die getroffen werden könnten, um die früher erzielten Vereinbarungen vollständig umzusetzen.\n";
const FRENCH: &str = "La Turquie a souligné la nécessité de réduire les tensions dans la province d'Idlib, \
    a déclaré le ministère, selon Reuters. Les responsables turcs et russes ont discuté des précautions \
    qui pourraient être prises pour mettre pleinement en œuvre les accords conclus auparavant.\n";

/// `qantara align SOURCE TARGET` with `extra` arguments, expected to be refused with
/// `message` and to leave no database.
fn refused(wd: &Workdir, (source, target): (&str, &str), extra: &[&str], message: &str) {
    let mut args = vec!["align", source, target];
    args.extend_from_slice(extra);
    wd.qantara(&args)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(message));
    assert!(
        !wd.path().join("qantara.db").exists(),
        "{args:?} wrote a database"
    );
}

#[test]
fn swapped_mislabelled_and_identical_sides_are_refused_and_nothing_is_written() {
    let wd = Workdir::new();
    let (ar, en) = (sample("idlib.ar.txt"), sample("idlib.en.txt"));
    refused(
        &wd,
        (&en, &ar),
        &["--src-lang", "ar", "--tgt-lang", "en"],
        "the source and target look swapped",
    );
    refused(
        &wd,
        (&ar, &en),
        &["--src-lang", "fr", "--tgt-lang", "en"],
        "is declared fr, but it is written in Arabic (ar)",
    );
    refused(&wd, (&ar, &ar), &[], "hold the same text");
    // The check can be turned off for the rare text the model misjudges.
    wd.qantara(&[
        "align",
        &ar,
        &en,
        "--src-lang",
        "fr",
        "--tgt-lang",
        "en",
        "--no-language-check",
    ])
    .assert()
    .success();
}

#[test]
fn undeclared_languages_are_taken_from_the_text() {
    let wd = Workdir::new();
    let german = wd.write("a.txt", GERMAN);
    let french = wd.write("b.txt", FRENCH);
    wd.qantara(&["align", &german, &french, "--format", "jsonl"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\"source_lang\":\"de\"")
                .and(predicate::str::contains("\"target_lang\":\"fr\"")),
        );
    // A language the model does not know is taken as declared.
    wd.qantara(&[
        "align",
        &german,
        &french,
        "--src-lang",
        "gsw",
        "--tgt-lang",
        "fr",
    ])
    .assert()
    .success();
}

#[test]
fn batch_records_a_mislabelled_pair_as_failed_and_aligns_the_others() {
    let wd = Workdir::new();
    let german = wd.write("a.txt", GERMAN);
    let french = wd.write("b.txt", FRENCH);
    let german_too = wd.write("c.txt", GERMAN);
    let manifest = wd.write(
        "pairs.tsv",
        format!(
            "id\tsource\ttarget\tsource_lang\ttarget_lang\nright\t{german}\t{french}\tde\tfr\nwrong\t{german_too}\t{french}\ten\tfr\n"
        ),
    );
    wd.qantara(&["batch", &manifest])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "is declared en, but it is written in German (de)",
        ));
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM batch_pairs WHERE pair = 'wrong' AND status = 'failed'"
        ),
        1
    );
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM batch_pairs WHERE pair = 'right' AND status = 'aligned'"
        ),
        1
    );
}
