//! qantara builds translation memories from documents and their translations: it splits
//! both into sentences, aligns them, stores them in SQLite and exports the pairs.
//!
//! The core is pure and free of I/O: [`segment::split`] turns text into sentences and
//! [`align::align`] turns two lists of sentences into beads. [`store`], [`formats`] and
//! [`eval`] are layers around it; the `qantara` binary is glue over them.

pub mod align;
pub mod batch;
pub mod cli;
pub mod commands;
pub mod digest;
pub mod eval;
pub mod files;
pub mod formats;
pub mod lexicon;
pub mod pipeline;
pub mod segment;
pub mod store;
pub mod text;
pub mod tm;
