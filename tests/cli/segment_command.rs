//! `qantara segment`: formats, standard input, user abbreviations and bad input.

use predicates::prelude::*;

use crate::workdir::{Workdir, sample, stdout_of};

#[test]
fn sample_prints_the_reference_sentences_one_a_line() {
    let wd = Workdir::new();
    for (text, reference) in [
        ("idlib.ar.txt", "idlib.ar.sent"),
        ("idlib.en.txt", "idlib.en.sent"),
    ] {
        let got = stdout_of(&mut wd.qantara(&["segment", &sample(text)]));
        assert_eq!(got, std::fs::read_to_string(sample(reference)).unwrap());
    }
}

#[test]
fn jsonl_gives_byte_offsets_and_paragraphs() {
    let wd = Workdir::new();
    let text = "Title\n\nقال د. أحمد: نعم. Then he\nleft.\n";
    let file = wd.write("in.txt", text);
    let got = stdout_of(&mut wd.qantara(&["segment", &file, "--lang", "ar", "--format", "jsonl"]));
    let sentences: Vec<serde_json::Value> = got
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(sentences.len(), 3);
    for sentence in &sentences {
        let (start, end) = (
            sentence["start"].as_u64().unwrap() as usize,
            sentence["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], sentence["text"].as_str().unwrap());
    }
    assert_eq!(sentences[2]["text"], "Then he\nleft.");
    let paragraphs: Vec<u64> = sentences
        .iter()
        .map(|s| s["paragraph"].as_u64().unwrap())
        .collect();
    assert_eq!(paragraphs, [0, 1, 1]);
}

#[test]
fn lines_format_prints_wrapped_sentences_on_one_line() {
    let wd = Workdir::new();
    let file = wd.write("wrapped.txt", "It was a bright cold day in April, and the\r\nclocks were striking thirteen. Winston\r\nslipped in.\r\n\r\nNext.\r\n");
    let got = stdout_of(&mut wd.qantara(&["segment", &file, "--lang", "en"]));
    assert_eq!(
        got,
        "It was a bright cold day in April, and the clocks were striking thirteen.\nWinston slipped in.\nNext.\n"
    );
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let wd = Workdir::new();
    let got = stdout_of(
        wd.qantara(&["segment", "-", "--lang", "en"])
            .write_stdin("One. Two? Three!"),
    );
    assert_eq!(got, "One.\nTwo?\nThree!\n");
}

#[test]
fn user_abbreviations_are_added_to_the_language() {
    let wd = Workdir::new();
    let file = wd.write("in.txt", "Ask Brig. Smith. He knows.");
    assert_eq!(
        stdout_of(&mut wd.qantara(&["segment", &file, "--lang", "en"]))
            .lines()
            .count(),
        3
    );
    let list = wd.write("abbr.txt", "# ranks\nbrig\n");
    let got =
        stdout_of(&mut wd.qantara(&["segment", &file, "--lang", "en", "--abbreviations", &list]));
    assert_eq!(got, "Ask Brig. Smith.\nHe knows.\n");
}

#[test]
fn utf8_and_utf16_with_byte_order_marks_are_read() {
    let wd = Workdir::new();
    let text = "قال. ثم ذهب.";
    let utf8 = wd.write("bom8.txt", [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat());
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let utf16 = wd.write("bom16.txt", utf16be);
    for file in [utf8, utf16] {
        let got = stdout_of(&mut wd.qantara(&["segment", &file, "--lang", "ar"]));
        assert_eq!(got, "قال.\nثم ذهب.\n");
    }
}

#[test]
fn an_empty_file_has_no_sentences_and_is_not_an_error() {
    let wd = Workdir::new();
    let file = wd.write("empty.txt", "");
    wd.qantara(&["segment", &file, "--lang", "en"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn binary_and_invalid_input_are_refused_with_the_offset() {
    let wd = Workdir::new();
    let binary = wd.write("data.txt", b"\x01\x02\x03\r\n\x1a\n\x00\x00");
    wd.qantara(&["segment", &binary, "--lang", "en"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "data.txt looks like a binary file, not text: NUL byte at byte offset 7",
        ));
    let latin1 = wd.write("latin1.txt", b"caf\xe9");
    wd.qantara(&["segment", &latin1, "--lang", "fr"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "latin1.txt is not valid UTF-8: invalid byte sequence at byte offset 3",
        ));
    let nul = wd.write("nul.txt", b"text\x00more");
    wd.qantara(&["segment", &nul, "--lang", "en"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "nul.txt looks like a binary file, not text: NUL byte at byte offset 4",
        ));
}

#[test]
fn a_long_text_without_line_breaks_is_segmented() {
    let wd = Workdir::new();
    let sentence = "Turkish forces, for their part, continue to set up military posts near Idlib. ";
    let line = sentence.repeat(5 * 1024 * 1024 / sentence.len());
    let file = wd.write("one-line.txt", &line);
    let got = stdout_of(&mut wd.qantara(&["segment", &file, "--lang", "en"]));
    assert_eq!(got.lines().count(), line.len() / sentence.len());
}
