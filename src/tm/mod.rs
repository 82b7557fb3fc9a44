//! The translation memory as translators use it, free of storage and files: the units of
//! an alignment ([`TranslationUnit`]), concordance search ([`search`]) and fuzzy-match lookup
//! ([`lookup`]) over them, on words in a search form that forgives diacritics and
//! spelling variants ([`words`]); and the filters corpus builders apply to the units they
//! export ([`filters`]).

pub mod filters;
pub mod lookup;
pub mod search;
mod units;
pub mod words;

pub use units::{Side, TranslationUnit, translation_units};

/// At or above this confidence a pair is shown to translators as sure; below it, as one
/// to check (XLIFF's `needs-review-translation`, a TMX note, amber in the review page).
pub const SURE: f64 = 0.9;

/// Below this confidence a pair is shown as doubtful (red in the review page).
pub const DOUBTFUL: f64 = 0.5;
