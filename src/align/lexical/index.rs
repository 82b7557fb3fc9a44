//! The index of a document pair's shared keys, sentence by sentence, with their
//! document frequencies, and the chain of unique shared keys that anchors a first
//! length model.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use super::odds::{KeyOdds, MissSums};
use super::scoring::{LexicalModel, for_each_match, with_bead_keys};
use crate::align::anchors::{AnchorClass, CLASS_COUNT};

/// The anchors of both sides of a document pair, as key numbers per sentence; only keys
/// that occur on both sides are kept.
#[derive(Debug, Clone)]
pub struct LexicalIndex {
    pub(super) source: Vec<Vec<u32>>,
    pub(super) target: Vec<Vec<u32>>,
    pub(super) classes: Vec<AnchorClass>,
    pub(super) source_df: Vec<u32>,
    pub(super) target_df: Vec<u32>,
}

impl LexicalIndex {
    /// Keeps the keys found on both sides, sorts each sentence's keys, counts document
    /// frequencies. Sentences are sorted and filtered in parallel: the passes build the
    /// index twice, each time over every sentence of both texts.
    pub(super) fn shared(
        mut source: Vec<Vec<u32>>,
        mut target: Vec<Vec<u32>>,
        classes: Vec<AnchorClass>,
    ) -> LexicalIndex {
        source
            .par_iter_mut()
            .chain(target.par_iter_mut())
            .for_each(|sentence| sentence.sort_unstable());
        // Each sentence's keys are sorted: a key is counted where it differs from the
        // one before.
        let document_frequency = |side: &[Vec<u32>]| {
            let mut df = vec![0u32; classes.len()];
            for sentence in side {
                for (position, &key) in sentence.iter().enumerate() {
                    if position == 0 || sentence[position - 1] != key {
                        df[key as usize] += 1;
                    }
                }
            }
            df
        };
        let (source_df, target_df) = rayon::join(
            || document_frequency(&source),
            || document_frequency(&target),
        );
        let shared = |key: &u32| source_df[*key as usize] > 0 && target_df[*key as usize] > 0;
        source
            .par_iter_mut()
            .chain(target.par_iter_mut())
            .for_each(|sentence| sentence.retain(shared));
        LexicalIndex {
            source,
            target,
            classes,
            source_df,
            target_df,
        }
    }

    /// The index of blocks of consecutive sentences, starting at `source_starts` and
    /// `target_starts` (each ending with its side's length): a block holds each key of
    /// its sentences once.
    pub fn blocks(&self, source_starts: &[usize], target_starts: &[usize]) -> LexicalIndex {
        let merge = |side: &[Vec<u32>], starts: &[usize]| {
            starts
                .windows(2)
                .map(|w| {
                    let mut keys = side[w[0]..w[1]].concat();
                    keys.sort_unstable();
                    keys.dedup();
                    keys
                })
                .collect()
        };
        LexicalIndex::shared(
            merge(&self.source, source_starts),
            merge(&self.target, target_starts),
            self.classes.clone(),
        )
    }

    /// The index without the keys that cannot tell a translation from chance at the
    /// given rates (keys held by a share of units at least their class's rate on both
    /// sides, whose matches and misses all score 0), and
    /// with at most `most` keys per unit, its rarest. Blocks of a coarse search hold most
    /// common words, and scoring them all would cost time for little.
    pub fn informative(&self, rates: &[f64; CLASS_COUNT], most: usize) -> LexicalIndex {
        let share = |df: u32, units: usize| f64::from(df) / units.max(1) as f64;
        let useful: Vec<bool> = (0..self.classes.len())
            .map(|key| {
                let rate = rates[self.classes[key].index()];
                share(self.source_df[key], self.source.len()) < rate
                    || share(self.target_df[key], self.target.len()) < rate
            })
            .collect();
        // How common a key is: the larger of its two shares.
        let commonness = |k: u32| {
            share(self.source_df[k as usize], self.source.len())
                .max(share(self.target_df[k as usize], self.target.len()))
        };
        let keep = |side: &[Vec<u32>]| -> Vec<Vec<u32>> {
            side.iter()
                .map(|keys| {
                    let mut kept: Vec<u32> = keys
                        .iter()
                        .copied()
                        .filter(|&k| useful[k as usize])
                        .collect();
                    if kept.len() > most {
                        kept.sort_unstable_by(|&a, &b| {
                            commonness(a).total_cmp(&commonness(b)).then(a.cmp(&b))
                        });
                        kept.truncate(most);
                        kept.sort_unstable();
                    }
                    kept
                })
                .collect()
        };
        LexicalIndex {
            source: keep(&self.source),
            target: keep(&self.target),
            classes: self.classes.clone(),
            source_df: self.source_df.clone(),
            target_df: self.target_df.clone(),
        }
    }

    /// The longest chain of sentence pairs, in order on both sides, that share a key
    /// found in one sentence of each side and nowhere else (a rare number, name or
    /// word): the pairs that place the translation without lengths (Moore 2002's and
    /// Bertalign's anchors).
    pub fn unique_chain(&self) -> Vec<(usize, usize)> {
        let unique = |df: &[u32], key: u32| df[key as usize] == 1;
        let mut at_source: HashMap<u32, usize> = HashMap::new();
        for (i, keys) in self.source.iter().enumerate() {
            for &key in keys {
                if unique(&self.source_df, key) && unique(&self.target_df, key) {
                    at_source.insert(key, i);
                }
            }
        }
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for (j, keys) in self.target.iter().enumerate() {
            pairs.extend(
                keys.iter()
                    .filter_map(|key| at_source.get(key).map(|&i| (i, j))),
            );
        }
        pairs.sort_unstable();
        pairs.dedup();
        longest_increasing_chain(&pairs)
    }

    /// True when the two sides share no anchor at all.
    pub fn is_empty(&self) -> bool {
        self.source.iter().all(Vec::is_empty)
    }

    /// The rate, per anchor class, at which an anchor finds its counterpart within the
    /// same bead, over `beads` (source and target sentence ranges), with one match and
    /// one miss added to every class so that a class seen rarely gets a rate near ½.
    pub fn match_rates<'a>(
        &self,
        beads: impl Iterator<Item = (&'a Range<usize>, &'a Range<usize>)>,
    ) -> [f64; CLASS_COUNT] {
        let counts = self.match_counts(beads);
        std::array::from_fn(|c| counts[c].rate().clamp(0.05, 0.95))
    }

    /// Per anchor class, the key occurrences of `beads` and how many of them find their
    /// counterpart within the same bead.
    pub fn match_counts<'a>(
        &self,
        beads: impl Iterator<Item = (&'a Range<usize>, &'a Range<usize>)>,
    ) -> [MatchCount; CLASS_COUNT] {
        let mut counts = [MatchCount::default(); CLASS_COUNT];
        for (source, target) in beads {
            with_bead_keys(self, source, target, |src, tgt| {
                for &key in src.iter().chain(tgt) {
                    counts[self.classes[key as usize].index()].occurrences += 1;
                }
                for_each_match(src, tgt, |key| {
                    counts[self.classes[key as usize].index()].matched += 2
                });
            });
        }
        counts
    }

    /// The scoring model for the given match rates.
    pub fn model(&self, rates: &[f64; CLASS_COUNT]) -> LexicalModel<'_> {
        let share = |df: u32, sentences: usize| (f64::from(df) / sentences.max(1) as f64).min(0.99);
        let keys: Vec<KeyOdds> = self
            .classes
            .iter()
            .enumerate()
            .map(|(key, class)| {
                let p = rates[class.index()];
                KeyOdds::new(
                    p,
                    share(self.source_df[key], self.source.len()),
                    share(self.target_df[key], self.target.len()),
                )
            })
            .collect();
        // Prefix sums over sentences of the miss scores of their occurrences, so that
        // the misses of any bead cost O(1).
        let prefix = |side: &[Vec<u32>], miss: fn(&KeyOdds) -> f64| {
            let mut sums = vec![MissSums::default()];
            for sentence in side {
                let mut next = *sums.last().unwrap_or(&MissSums::default());
                for &key in sentence {
                    next.score += miss(&keys[key as usize]);
                    next.count += 1;
                }
                sums.push(next);
            }
            sums
        };
        LexicalModel {
            index: self,
            source_sums: prefix(&self.source, KeyOdds::source_miss),
            target_sums: prefix(&self.target, KeyOdds::target_miss),
            keys,
        }
    }
}

/// Key occurrences of one anchor class in some beads, and how many found their
/// counterpart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MatchCount {
    /// Occurrences of the class's keys.
    pub occurrences: usize,
    /// Those that found their counterpart in the same bead.
    pub matched: usize,
}

impl MatchCount {
    /// The share matched, with one match and one miss added (½ for no occurrences).
    pub fn rate(&self) -> f64 {
        (self.matched + 1) as f64 / (self.occurrences + 2) as f64
    }
}

/// The longest chain of `pairs` (sorted) increasing strictly in both coordinates, by
/// patience sorting in O(k log k).
pub(super) fn longest_increasing_chain(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[l]: the pair ending the best chain of length l + 1 found so far (smallest
    // target); previous[k]: the pair before pair k in its chain.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; pairs.len()];
    let mut k = 0;
    while k < pairs.len() {
        // Pairs of one source sentence are placed together, against the chains before
        // them, so that no chain takes two of them.
        let row_end = k + pairs[k..].partition_point(|p| p.0 == pairs[k].0);
        let places: Vec<usize> = (k..row_end)
            .map(|q| tails.partition_point(|&t| pairs[t].1 < pairs[q].1))
            .collect();
        for (q, place) in (k..row_end).zip(places) {
            previous[q] = place.checked_sub(1).map(|p| tails[p]);
            if place == tails.len() {
                tails.push(q);
            } else if pairs[q].1 < pairs[tails[place]].1 {
                tails[place] = q;
            }
        }
        k = row_end;
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(q) = at {
        chain.push(pairs[q]);
        at = previous[q];
    }
    chain.reverse();
    chain
}
