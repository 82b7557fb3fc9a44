//! qantara builds translation memories from documents and their translations: it splits
//! both into sentences, aligns them, stores them in SQLite and exports the pairs.
//!
//! The core is pure and free of I/O: [`segment()`] (or [`split`], for text already one
//! sentence a line) turns text into [`Sentence`]s, and [`align()`] turns two lists of
//! sentences into an [`Alignment`] of [`Bead`]s, as an [`AlignConfig`] says. A dictionary
//! reaches the aligner as [`WordStems`]: [`AlignConfig::with_dictionary`] stems the words
//! it is given with the stemmers of the config's languages.
//!
//! ```
//! use qantara::{AlignConfig, Rules, align, segment};
//!
//! let source = segment("Das Haus ist rot. Der Garten ist groß und grün.", &Rules::for_language("de"));
//! let target = segment("The house is red. The garden is big and green.", &Rules::for_language("en"));
//! let words = [("Häuser".to_owned(), "houses".to_owned())];
//! let config = AlignConfig::for_languages("de", "en").with_dictionary(&words);
//! assert_eq!(config.dictionary.len(), 1);
//! let alignment = align(&source, &target, &config);
//! let pairs: Vec<_> = alignment.beads.iter().map(|b| (b.source.clone(), b.target.clone())).collect();
//! assert_eq!(pairs, [(0..1, 0..1), (1..2, 1..2)]);
//! ```
//!
//! Around the core, in layers that may import only the layers below them: [`lexicon`],
//! [`eval`] and [`documents`] (DOCX, ODT, HTML, Markdown, XLIFF and PDF text into running
//! text; pure as well), [`tm`] (translation units, search and lookup, pure),
//! [`formats`] and [`store`] (files and the SQLite database), [`files`] (reading the
//! user's files), [`pipeline`] (one document pair from its files to an alignment to
//! store) and [`batch`] (many pairs in parallel). The `qantara` binary parses the
//! command line and prints; see `docs/architecture.md`.

pub mod align;
pub mod batch;
pub mod digest;
pub mod documents;
pub mod eval;
pub mod files;
pub mod formats;
pub mod lexicon;
pub mod pipeline;
pub mod review;
pub mod segment;
pub mod store;
pub mod text;
pub mod tm;

pub use align::{AlignConfig, Alignment, Bead, align};
pub use lexicon::WordStems;
pub use segment::{Layout, Rules, Sentence, segment, split};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;
