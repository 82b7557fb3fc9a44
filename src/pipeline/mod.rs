//! The pipeline: one document pair from its files to an alignment ready to store. It
//! reads and segments both texts ([`document`]), chooses the word pairs and settings for
//! their languages and aligns them ([`pair`]). It takes library settings, never the
//! command line's, and tells its caller what it guessed through [`Note`]s instead of
//! printing; [`crate::batch`] runs it over many pairs. A TMX file from another tool
//! takes the same way into the store as aligned pairs ([`tmx_import`]).

pub mod document;
pub mod memory;
pub mod pair;
pub mod tmx_import;

use std::path::Path;

pub use document::{Document, ReadText, Reading, SideSettings, SrxFile, read_sentences};
pub use pair::{AlignedPair, PairAligner, PairSettings, load_pair};

/// Which text of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The original.
    Source,
    /// The translation.
    Target,
    /// The one text of a command that reads one (e.g. `segment`).
    Single,
}

/// Something the pipeline found out while working that its caller may want to tell the
/// user.
#[derive(Debug, Clone, Copy)]
pub enum Note<'a> {
    /// No language was given for the text at `path`: `lang` was taken from the document's
    /// markup, or told from its text (or, where the language model is unsure, its script).
    LanguageGuessed {
        /// Which text.
        role: Role,
        /// Its file.
        path: &'a Path,
        /// The language guessed.
        lang: &'a str,
        /// Whether the document's markup declares it (HTML's `lang`, XLIFF's languages)
        /// rather than its text showing it.
        declared: bool,
    },
    /// Rules of an SRX file that cannot be compiled, left out.
    SrxRulesSkipped {
        /// The SRX file.
        path: &'a Path,
        /// The language whose rules they are.
        lang: &'a str,
        /// The rules and why.
        skipped: &'a [crate::segment::srx::SkippedRule],
    },
    /// A dictionary file held `count` entries of more than one word, left out.
    PhrasesSkipped {
        /// The dictionary file.
        path: &'a Path,
        /// Entries left out.
        count: usize,
    },
}

/// Where the pipeline sends its [`Note`]s.
pub type Notify<'a> = &'a (dyn Fn(Note<'_>) + Sync);

/// A [`Notify`] that drops every note.
pub fn ignore(_: Note<'_>) {}
