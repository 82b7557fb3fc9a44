//! Batch alignment of many document pairs: which pairs ([`manifest`]), how they run in
//! parallel with one writer ([`parallel`]), which pairs were under way when a run died
//! ([`progress`]), the run itself ([`run`]) and what it did ([`summary`]).

pub mod manifest;
pub mod parallel;
pub mod progress;
pub mod run;
pub mod summary;

pub use run::{BatchEvent, BatchSettings, run_batch};
