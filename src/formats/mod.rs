//! Output formats for aligned sentence pairs: TSV, TMX 1.4b, JSON lines and bead lists.

pub mod beads;
