//! The aligner on arbitrary sentence lists, of any shape (one side empty, far longer, the
//! same line repeated, no translation at all): every sentence of both sides in exactly
//! one bead, in order; confidences in [0, 1]; and the search's work, which bounds its
//! memory, linear in the sentences. Run with `-rss_limit_mb` to bound memory itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qantara::align::{AlignConfig, align};

/// Lattice cells the search may evaluate per sentence, as the tests bound it
/// (`tests/cli/align_bounds.rs` says why), and a floor for lists so short that a whole
/// small lattice is cheaper than a band.
const CELLS_PER_SENTENCE: usize = 1_600;
const SMALL: usize = 1 << 12;

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let lines: Vec<&str> = text.lines().collect();
    // The first byte says where the source ends, so any ratio of sides is reached.
    let at = lines.len() * usize::from(split) / 255;
    let (source, target) = lines.split_at(at);
    let alignment = align(source, target, &AlignConfig::default());
    let (mut i, mut j) = (0, 0);
    for bead in &alignment.beads {
        assert_eq!((bead.source.start, bead.target.start), (i, j));
        assert!(!bead.source.is_empty() || !bead.target.is_empty());
        assert!((0.0..=1.0).contains(&bead.confidence));
        (i, j) = (bead.source.end, bead.target.end);
    }
    assert_eq!((i, j), (source.len(), target.len()));
    let bound = CELLS_PER_SENTENCE * (source.len() + target.len()) + SMALL;
    assert!(alignment.searched_cells <= bound, "{} cells", alignment.searched_cells);
});
