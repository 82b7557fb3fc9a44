//! The translation memory as translators use it: concordance search ([`search`]) and
//! fuzzy-match lookup ([`lookup`]) over the stored units, on words in a search form
//! that forgives diacritics and spelling variants ([`words`]); and the filters corpus
//! builders apply to the units they export ([`filters`]).

pub mod filters;
pub mod lookup;
pub mod search;
pub mod words;
