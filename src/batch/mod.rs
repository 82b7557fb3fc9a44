//! Batch alignment of many document pairs: which pairs ([`manifest`]), how they run in
//! parallel with one writer ([`pipeline`]), and what the run did ([`summary`]).

pub mod manifest;
pub mod pipeline;
pub mod summary;
