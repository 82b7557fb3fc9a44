//! The segmenter on any text, raw and one sentence a line, in Arabic and English rules:
//! it must not panic, and its sentences must lie in order within the text, each its own
//! text without surrounding whitespace.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qantara::segment::{Layout, Rules, split};

fuzz_target!(|text: &str| {
    for lang in ["ar", "en"] {
        for layout in [Layout::Raw, Layout::PreSegmented] {
            let sentences = split(text, layout, &Rules::for_language(lang));
            let mut end = 0;
            for sentence in &sentences {
                assert!(sentence.start >= end && sentence.end <= text.len());
                assert_eq!(&text[sentence.start..sentence.end], sentence.text);
                assert_eq!(sentence.text.trim(), sentence.text);
                end = sentence.end;
            }
        }
    }
});
