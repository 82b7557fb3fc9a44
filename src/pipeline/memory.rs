//! Learning word translations from the whole memory: the confident beads of every
//! stored alignment (qantara's own and imported TMX units) of a language pair, sampled
//! so that memory stays bounded however large the store, teach a lexicon that every
//! later alignment of the pair uses, as it uses the corpus lexicon of a two-pass batch.

use std::collections::BTreeMap;

use anyhow::Result;

use super::{PairAligner, PairSettings};
use crate::digest::u64_key;
use crate::lexicon::CorpusSample;
use crate::lexicon::dictionary::Dictionary;
use crate::store::{SharedLexicon, Store, WordPairs};

/// What was learned for one language pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnedFromMemory {
    /// The source language.
    pub source_lang: String,
    /// The target language.
    pub target_lang: String,
    /// The alignments read.
    pub alignments: usize,
    /// Their beads confident enough to learn from.
    pub beads: usize,
    /// The word pairs learned and stored.
    pub pairs: usize,
}

/// Learns a lexicon for every language pair of the memory in `store` from the beads with
/// both sides and a confidence of `min_confidence` or more, with the stored dictionaries
/// of the pair as a start (as an alignment has them), and stores each as the pair's
/// lexicon learned from the memory, replacing the one learned before.
pub fn learn_from_memory(store: &mut Store, min_confidence: f64) -> Result<Vec<LearnedFromMemory>> {
    let settings = PairSettings::default();
    let aligner = PairAligner::new(
        &settings,
        Dictionary::default(),
        (store.dictionaries()?, WordPairs::new()),
    )?;
    let mut samples: BTreeMap<(String, String), (CorpusSample, LearnedFromMemory)> =
        BTreeMap::new();
    for alignment in store.alignments()? {
        let langs = (alignment.source_lang.clone(), alignment.target_lang.clone());
        let (sample, counts) = samples.entry(langs).or_insert_with(|| {
            (
                CorpusSample::new(&alignment.source_lang, &alignment.target_lang),
                LearnedFromMemory {
                    source_lang: alignment.source_lang.clone(),
                    target_lang: alignment.target_lang.clone(),
                    alignments: 0,
                    beads: 0,
                    pairs: 0,
                },
            )
        });
        counts.alignments += 1;
        for unit in store.translation_units(&alignment)? {
            if unit.has_both_sides() && unit.confidence >= min_confidence {
                counts.beads += 1;
                sample.offer(
                    bead_key(alignment.id, unit.bead),
                    &unit.source,
                    &unit.target,
                );
            }
        }
    }
    let mut learned = Vec::new();
    for ((source_lang, target_lang), (sample, mut counts)) in samples {
        let lexicon = sample.learn(&aligner.dictionary(&source_lang, &target_lang));
        counts.pairs = store.replace_shared_lexicon(
            SharedLexicon::Memory,
            (&source_lang, &target_lang),
            &lexicon,
        )?;
        learned.push(counts);
    }
    Ok(learned)
}

/// A number for bead `position` of stored alignment `alignment_id`, by which the sample
/// keeps the same beads whatever order alignments are read in.
fn bead_key(alignment_id: i64, position: usize) -> u64 {
    u64_key(&[&alignment_id.to_le_bytes(), &position.to_le_bytes()])
}
