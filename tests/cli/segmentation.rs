//! The segmenter on the sample: the raw text splits into exactly the reference sentences.

use qantara::segment::{Layout, Rules, split};

use crate::workdir::sample;

fn reference(name: &str) -> Vec<String> {
    std::fs::read_to_string(sample(name))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn sample_raw_text_splits_into_the_reference_sentences() {
    for (text, sentences, lang) in [
        ("idlib.ar.txt", "idlib.ar.sent", "ar"),
        ("idlib.en.txt", "idlib.en.sent", "en"),
    ] {
        let raw = std::fs::read_to_string(sample(text)).unwrap();
        let got: Vec<String> = split(&raw, Layout::Raw, &Rules::for_language(lang))
            .into_iter()
            .map(|s| s.text)
            .collect();
        assert_eq!(got, reference(sentences), "{text}");
    }
}
