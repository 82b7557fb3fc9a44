//! The bead-file parser on any text: beads or the line that is wrong, never a panic; what
//! it reads it writes back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qantara::eval::beads::{format_bead, parse_beads};

fuzz_target!(|text: &str| {
    if let Ok(beads) = parse_beads(text) {
        for bead in &beads {
            let line = format_bead(bead.source.iter().copied(), bead.target.iter().copied());
            assert_eq!(parse_beads(&line).ok().as_deref(), Some(std::slice::from_ref(bead)));
        }
    }
});
