//! Scoring an alignment against a reference: strict and lax precision, recall and F1 as
//! defined by Sennrich and Volk (2011) and computed by Vecalign's scorer.
//!
//! Precision is over the test beads (beads empty on both sides dropped): a strict hit is
//! a test bead equal to a gold bead; a lax hit is a test bead one of whose source
//! sentences is linked in gold to one of its target sentences. Recall is the same with
//! gold and test swapped, after removing beads with an empty side from both. Counts are
//! summed over documents before dividing.
//!
//! Where a share has nothing to count (no test beads, or no gold bead with both sides),
//! it is 1: nothing was missed. Vecalign's scorer calls it 0, which scores an alignment
//! of nothing but deletions against itself as 0; the two agree wherever both sides have
//! a bead with two sides.

use std::collections::{HashMap, HashSet};
use std::ops::Add;

use serde::Serialize;

pub mod beads;

pub use beads::BeadIndices;

/// Raw hit counts of one or more documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Test beads considered for precision.
    pub test_beads: usize,
    /// Test beads that equal a gold bead.
    pub strict_precision_hits: usize,
    /// Test beads that share a link with gold.
    pub lax_precision_hits: usize,
    /// Gold beads considered for recall (no empty side).
    pub gold_beads: usize,
    /// Gold beads that equal a test bead.
    pub strict_recall_hits: usize,
    /// Gold beads that share a link with the test alignment.
    pub lax_recall_hits: usize,
}

impl Add for Counts {
    type Output = Counts;
    fn add(self, other: Counts) -> Counts {
        Counts {
            test_beads: self.test_beads + other.test_beads,
            strict_precision_hits: self.strict_precision_hits + other.strict_precision_hits,
            lax_precision_hits: self.lax_precision_hits + other.lax_precision_hits,
            gold_beads: self.gold_beads + other.gold_beads,
            strict_recall_hits: self.strict_recall_hits + other.strict_recall_hits,
            lax_recall_hits: self.lax_recall_hits + other.lax_recall_hits,
        }
    }
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Share of test beads that are hits.
    pub precision: f64,
    /// Share of gold beads that are hits.
    pub recall: f64,
    /// Harmonic mean of precision and recall; 0 when both are 0.
    pub f1: f64,
}

impl Prf {
    fn new(precision_hits: usize, test: usize, recall_hits: usize, gold: usize) -> Prf {
        let ratio = |hits: usize, total: usize| {
            if total == 0 {
                1.0
            } else {
                hits as f64 / total as f64
            }
        };
        let precision = ratio(precision_hits, test);
        let recall = ratio(recall_hits, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Strict and lax scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Scores counting only exact beads.
    pub strict: Prf,
    /// Scores counting beads that share a link.
    pub lax: Prf,
}

impl Counts {
    /// The scores these counts give.
    pub fn scores(&self) -> Scores {
        Scores {
            strict: Prf::new(
                self.strict_precision_hits,
                self.test_beads,
                self.strict_recall_hits,
                self.gold_beads,
            ),
            lax: Prf::new(
                self.lax_precision_hits,
                self.test_beads,
                self.lax_recall_hits,
                self.gold_beads,
            ),
        }
    }
}

/// Counts the hits of one document's `test` alignment against its `gold` alignment.
pub fn count(gold: &[BeadIndices], test: &[BeadIndices]) -> Counts {
    let not_empty = |b: &&BeadIndices| !b.source.is_empty() || !b.target.is_empty();
    let gold: HashSet<&BeadIndices> = gold.iter().filter(not_empty).collect();
    let test: HashSet<&BeadIndices> = test.iter().filter(not_empty).collect();
    let (test_beads, strict_precision_hits, lax_precision_hits) = hits(&gold, &test);
    let (gold_beads, strict_recall_hits, lax_recall_hits) =
        hits(&both_sides(&test), &both_sides(&gold));
    Counts {
        test_beads,
        strict_precision_hits,
        lax_precision_hits,
        gold_beads,
        strict_recall_hits,
        lax_recall_hits,
    }
}

/// The beads of `beads` with sentences on both sides.
fn both_sides<'a>(beads: &HashSet<&'a BeadIndices>) -> HashSet<&'a BeadIndices> {
    beads
        .iter()
        .copied()
        .filter(|b| !b.source.is_empty() && !b.target.is_empty())
        .collect()
}

/// Counts of `hypothesis` beads, those equal to a `reference` bead, and those sharing a
/// link with the reference. A bead file links each sentence once (see
/// [`parse_beads`](beads::parse_beads)), so two beads share a link when
/// one's source sentences and the other's target sentences meet in one reference bead:
/// found from the reference bead of each sentence, in time and memory linear in the
/// sentences, however large a bead (a 20,000 × 20,000 bead has 400 million links).
fn hits(
    reference: &HashSet<&BeadIndices>,
    hypothesis: &HashSet<&BeadIndices>,
) -> (usize, usize, usize) {
    let mut bead_of_source: HashMap<usize, usize> = HashMap::new();
    let mut bead_of_target: HashMap<usize, usize> = HashMap::new();
    for (k, bead) in reference.iter().enumerate() {
        bead_of_source.extend(bead.source.iter().map(|&s| (s, k)));
        bead_of_target.extend(bead.target.iter().map(|&t| (t, k)));
    }
    let mut strict = 0;
    let mut lax = 0;
    for bead in hypothesis {
        if reference.contains(bead) {
            strict += 1;
            lax += 1;
            continue;
        }
        let sources: HashSet<usize> = bead
            .source
            .iter()
            .filter_map(|s| bead_of_source.get(s).copied())
            .collect();
        if bead
            .target
            .iter()
            .any(|t| bead_of_target.get(t).is_some_and(|k| sources.contains(k)))
        {
            lax += 1;
        }
    }
    (hypothesis.len(), strict, lax)
}

#[cfg(test)]
mod tests {
    use super::beads::parse_beads;
    use super::*;

    fn counts(gold: &str, test: &str) -> Counts {
        count(&parse_beads(gold).unwrap(), &parse_beads(test).unwrap())
    }

    #[test]
    fn identical_alignments_score_one() {
        let scores = counts("[0]:[0]\n[1, 2]:[1]\n[3]:[]", "[0]:[0]\n[1, 2]:[1]\n[3]:[]").scores();
        assert_eq!(scores.strict.f1, 1.0);
        assert_eq!(scores.lax.f1, 1.0);
    }

    #[test]
    fn indices_in_any_order_are_the_same_bead_and_a_sentence_linked_twice_is_refused() {
        let scores = counts("[0]:[1, 0]\n[2]:[2]", "[0]:[0, 1]\n[2]:[2]").scores();
        assert_eq!(scores.strict.f1, 1.0);
        assert_eq!(
            parse_beads("[0]:[0]\n[0, 1]:[1]"),
            Err((2, "[0, 1]:[1]".into()))
        );
        assert_eq!(parse_beads("[1, 1]:[1]"), Err((1, "[1, 1]:[1]".into())));
    }

    #[test]
    fn a_huge_bead_is_scored_without_its_links() {
        // 20,000 × 20,000 sentences: 400 million links, never listed.
        let side = |range: std::ops::Range<usize>| range.collect::<Vec<_>>();
        let huge = BeadIndices {
            source: side(0..20_000),
            target: side(0..20_000),
        };
        let split = [
            BeadIndices {
                source: side(0..10_000),
                target: side(0..1),
            },
            BeadIndices {
                source: side(10_000..20_000),
                target: side(1..20_000),
            },
        ];
        let got = count(std::slice::from_ref(&huge), &split);
        assert_eq!((got.test_beads, got.lax_precision_hits), (2, 2));
        assert_eq!((got.gold_beads, got.lax_recall_hits), (1, 1));
    }

    #[test]
    fn hand_computed_example() {
        // gold: 0-0, 1-1+2, 3-∅ ; test: 0-0, 1-1, ∅-2, 3-3?
        let got = counts(
            "[0]:[0]\n[1]:[1, 2]\n[3]:[]\n[2]:[3]",
            "[0]:[0]\n[1]:[1]\n[]:[2]\n[2, 3]:[3]",
        );
        // precision over 4 test beads: strict 1 ([0]:[0]); lax 3 (+[1]:[1], +[2,3]:[3]).
        // recall over gold without empty sides (3) against test without empty sides (3):
        // strict 1; lax 3 ([1]:[1,2] has link 1-1; [2]:[3] has link 2-3).
        assert_eq!(
            got,
            Counts {
                test_beads: 4,
                strict_precision_hits: 1,
                lax_precision_hits: 3,
                gold_beads: 3,
                strict_recall_hits: 1,
                lax_recall_hits: 3,
            }
        );
    }
}
