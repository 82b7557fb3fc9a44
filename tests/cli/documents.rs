//! Documents in the formats translators keep their work in: the sample article as DOCX,
//! ODT and PDF (made by LibreOffice, `scripts/make-document-fixtures.sh`), an HTML page,
//! Markdown and XLIFF, aligned end to end; the format stored; formats qantara does not
//! read refused with the way to convert them.

use predicates::prelude::*;

use crate::workdir::{Workdir, sample, sample_gold, stdout_of};

/// The path of a file in `tests/documents/`.
fn document(name: &str) -> String {
    format!("{}/tests/documents/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Whether poppler's `pdftotext` can be run here.
fn has_pdftotext() -> bool {
    std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok()
}

/// The sample's side `lang` in every format qantara reads (PDF only where `pdftotext`
/// is installed).
fn sample_in_every_format(lang: &str) -> Vec<String> {
    let mut files = vec![sample(&format!("idlib.{lang}.txt"))];
    for extension in ["html", "md", "docx", "odt", "xlf"] {
        files.push(document(&format!("idlib.{lang}.{extension}")));
    }
    if has_pdftotext() {
        files.push(document(&format!("idlib.{lang}.pdf")));
    } else {
        eprintln!(
            "pdftotext is not installed: the sample's PDF is left out (apt-get install poppler-utils)"
        );
    }
    files
}

#[test]
fn the_sample_in_any_mix_of_formats_aligns_to_the_reference_beads() {
    let wd = Workdir::new();
    let gold = sample_gold();
    for source in sample_in_every_format("ar") {
        for target in sample_in_every_format("en") {
            let beads = stdout_of(&mut wd.qantara(&[
                "align", &source, &target, "--format", "beads", "--db", "mix.db", "-q",
            ]));
            assert_eq!(beads, gold, "{source} with {target}");
        }
    }
}

#[test]
fn batch_aligns_a_manifest_of_documents() {
    let wd = Workdir::new();
    let manifest = format!(
        "source\ttarget\n{}\t{}\n{}\t{}\n",
        document("idlib.ar.docx"),
        document("idlib.en.html"),
        sample("idlib.ar.txt"),
        document("idlib.en.odt"),
    );
    let pairs = wd.write("pairs.tsv", manifest);
    wd.qantara(&["batch", &pairs])
        .assert()
        .success()
        .stdout(predicate::str::contains("aligned               2"));
    let gold = sample_gold();
    let ids = stdout_of(&mut wd.qantara(&[
        "sql",
        "SELECT id FROM alignments ORDER BY id",
        "--format",
        "csv",
    ]));
    let ids: Vec<&str> = ids.lines().skip(1).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    for id in ids {
        let beads = stdout_of(&mut wd.qantara(&["export", "--alignment", id, "--format", "beads"]));
        assert_eq!(beads, gold, "alignment {id}");
    }
}

#[test]
fn each_document_keeps_its_format_and_its_declared_language() {
    let wd = Workdir::new();
    // No --src-lang or --tgt-lang: the pages' `lang` attributes say them.
    let assert = wd
        .qantara(&[
            "align",
            &document("idlib.ar.html"),
            &document("idlib.en.docx"),
            "-o",
            "pairs.tmx",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("idlib.ar.html as its markup declares: ar"),
        "{stderr}"
    );
    assert!(
        stderr.contains("idlib.en.docx told from its text: en"),
        "{stderr}"
    );
    let formats = stdout_of(&mut wd.qantara(&[
        "sql",
        "SELECT lang, format, sentence_count FROM documents ORDER BY id",
        "--format",
        "csv",
    ]));
    assert_eq!(
        formats,
        "lang,format,sentence_count\nar,html,14\nen,docx,18\n"
    );
    let tmx = std::fs::read_to_string(wd.path().join("pairs.tmx")).unwrap();
    assert!(
        !tmx.contains("analytics") && !tmx.contains("Politics"),
        "page furniture in the memory"
    );
}

#[test]
fn page_furniture_code_and_markup_are_left_out() {
    let wd = Workdir::new();
    let html = stdout_of(&mut wd.qantara(&["segment", &document("idlib.en.html")]));
    assert_eq!(
        html,
        std::fs::read_to_string(sample("idlib.en.sent")).unwrap()
    );
    let markdown = stdout_of(&mut wd.qantara(&["segment", &document("idlib.en.md")]));
    assert_eq!(markdown, html, "the code block is left out");
    // Forced to plain text, the page is its markup.
    let raw = stdout_of(&mut wd.qantara(&[
        "segment",
        &document("idlib.en.html"),
        "--input-format",
        "text",
        "--lang",
        "en",
    ]));
    assert!(raw.contains("<!DOCTYPE html>"), "{raw}");
}

#[test]
fn footnotes_come_after_the_body_unless_dropped() {
    let wd = Workdir::new();
    for file in ["notes.docx", "notes.odt"] {
        let with_notes = stdout_of(&mut wd.qantara(&["segment", &document(file), "--lang", "en"]));
        assert_eq!(
            with_notes,
            "A short report\nThe ceasefire held for three days.\nTalks resume on Monday.\nFirst cell.\nSecond cell.\nAccording to both sides.\n",
            "{file}"
        );
        let without =
            stdout_of(&mut wd.qantara(&["segment", &document(file), "--lang", "en", "--no-notes"]));
        assert!(
            !without.contains("According to both sides."),
            "{file}: {without}"
        );
        assert!(without.contains("Second cell."), "{file}: {without}");
    }
}

#[test]
fn an_xliff_file_is_imported_as_a_document_pair_and_aligned_from_its_two_sides() {
    let wd = Workdir::new();
    let xliff = document("idlib.ar-en.xlf");
    wd.qantara(&["import", &xliff])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "13 units ar-en stored as 1 document pair",
        ));
    let stored = stdout_of(&mut wd.qantara(&[
        "sql",
        "SELECT d.lang, d.format, d.segmentation, a.method FROM documents d JOIN alignments a ON a.source_document_id = d.id OR a.target_document_id = d.id ORDER BY d.id",
        "--format",
        "csv",
    ]));
    assert_eq!(
        stored,
        "lang,format,segmentation,method\nar,xliff,xliff,xliff\nen,xliff,xliff,xliff\n"
    );
    // Its source and its target, read as running text and aligned.
    let beads = stdout_of(&mut wd.qantara(&[
        "align", &xliff, &xliff, "--format", "beads", "--db", "other.db",
    ]));
    assert_eq!(beads, sample_gold());
    // Importing it again replaces what the first import stored.
    wd.qantara(&["import", &xliff]).assert().success();
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 1);
}

#[test]
fn an_xliff_file_that_is_cut_short_is_refused_before_anything_is_stored() {
    let wd = Workdir::new();
    let whole = std::fs::read_to_string(document("idlib.ar-en.xlf")).unwrap();
    let cut = wd.write("cut.xlf", &whole[..whole.len() / 2]);
    wd.qantara(&["import", &cut])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cut.xlf is not an XLIFF file qantara can read",
        ));
    assert!(!wd.path().join("qantara.db").exists());
}

#[test]
fn formats_qantara_does_not_read_are_named_with_how_to_convert_them() {
    let wd = Workdir::new();
    let doc = wd.write(
        "report.doc",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00\x00",
    );
    wd.qantara(&["align", &doc, &sample("idlib.en.txt"), "--src-lang", "ar"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "report.doc is a legacy Office document",
        ))
        .stderr(predicate::str::contains(
            "libreoffice --headless --convert-to docx",
        ));
    // A Word file is read as one whatever its name.
    let renamed = wd.write(
        "article.txt",
        std::fs::read(document("idlib.en.docx")).unwrap(),
    );
    let sentences = stdout_of(&mut wd.qantara(&["segment", &renamed, "--lang", "en"]));
    assert_eq!(
        sentences,
        std::fs::read_to_string(sample("idlib.en.sent")).unwrap()
    );
    assert!(!wd.path().join("qantara.db").exists());
}

#[test]
fn swapped_and_identical_documents_are_refused_whatever_their_format() {
    let wd = Workdir::new();
    wd.qantara(&[
        "align",
        &document("idlib.en.odt"),
        &document("idlib.ar.docx"),
        "--src-lang",
        "ar",
        "--tgt-lang",
        "en",
    ])
    .assert()
    .code(1)
    .stderr(predicate::str::contains("look swapped"));
    wd.qantara(&[
        "align",
        &document("idlib.ar.docx"),
        &document("idlib.ar.odt"),
    ])
    .assert()
    .code(1)
    .stderr(predicate::str::contains("hold the same text"));
    assert!(!wd.path().join("qantara.db").exists());
}
