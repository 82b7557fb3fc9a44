//! Batch alignment of many document pairs: which pairs ([`manifest`]), how they run in
//! parallel with one writer ([`pipeline`]), which pairs were under way when a run died
//! ([`progress`]), and what the run did ([`summary`]).

pub mod manifest;
pub mod pipeline;
pub mod progress;
pub mod summary;
