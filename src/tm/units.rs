//! Translation units: the beads of an alignment with the text of both sides, as every
//! output, the index and the filters take them.

use std::ops::Range;

use serde::Serialize;

use crate::align::Bead;
use crate::segment::Sentence;

/// One bead with the text of both sides: a translation unit of the memory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TranslationUnit<'a> {
    /// The stored alignment the bead belongs to, when it is stored.
    pub alignment_id: Option<i64>,
    /// The bead's position in its alignment.
    pub bead: usize,
    /// The bead's source sentences joined by a space; empty for an insertion.
    pub source: String,
    /// The bead's target sentences joined by a space; empty for a deletion.
    pub target: String,
    /// Probability in [0, 1] that the bead is right.
    pub confidence: f64,
    /// The bead's kind, e.g. `1-2`.
    pub kind: String,
    /// Language of the source side.
    pub source_lang: &'a str,
    /// Language of the target side.
    pub target_lang: &'a str,
    /// The source document, as its path.
    pub source_document: &'a str,
    /// The target document, as its path.
    pub target_document: &'a str,
    /// Indices of the bead's source sentences.
    pub source_sentences: Range<usize>,
    /// Indices of the bead's target sentences.
    pub target_sentences: Range<usize>,
}

impl TranslationUnit<'_> {
    /// True when both sides have text: a pair a translator can reuse.
    pub fn has_both_sides(&self) -> bool {
        !self.source_sentences.is_empty() && !self.target_sentences.is_empty()
    }
}

/// One side of an aligned document pair, as translation units need it.
#[derive(Debug, Clone, Copy)]
pub struct Side<'s, 'a> {
    /// The document's sentences (the units copy their text).
    pub sentences: &'s [Sentence],
    /// Its language.
    pub lang: &'a str,
    /// Its path.
    pub path: &'a str,
}

/// The translation units of the beads aligning `source` with `target`, stored as
/// alignment `alignment_id` when it is stored.
pub fn translation_units<'a>(
    alignment_id: Option<i64>,
    source: Side<'_, 'a>,
    target: Side<'_, 'a>,
    beads: &[Bead],
) -> Vec<TranslationUnit<'a>> {
    let join = |sentences: &[Sentence]| {
        sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    beads
        .iter()
        .enumerate()
        .map(|(position, bead)| TranslationUnit {
            alignment_id,
            bead: position,
            source: join(&source.sentences[bead.source.clone()]),
            target: join(&target.sentences[bead.target.clone()]),
            confidence: bead.confidence,
            kind: bead.kind(),
            source_lang: source.lang,
            target_lang: target.lang,
            source_document: source.path,
            target_document: target.path,
            source_sentences: bead.source.clone(),
            target_sentences: bead.target.clone(),
        })
        .collect()
}
