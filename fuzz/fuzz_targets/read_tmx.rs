//! The TMX reader on any text, keeping and stripping inline codes: units or an error,
//! never a panic, and never more text out than the input could spell without entities.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qantara::formats::tmx_read::read_tmx;

fuzz_target!(|text: &str| {
    for strip in [false, true] {
        if let Ok(document) = read_tmx(text, strip) {
            let total: usize = document
                .units
                .iter()
                .flat_map(|u| &u.variants)
                .map(|(lang, seg)| lang.len() + seg.len())
                .sum();
            assert!(total <= text.len() * 4);
        }
    }
});
