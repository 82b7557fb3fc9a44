//! Paragraph boundaries as soft anchors: a bead that starts where both sides start a
//! paragraph is more likely right, and a paragraph break on one side only (at a bead's
//! start or inside it) less likely, by as much as the document pair shows.
//!
//! With `q` the rate at which a break on one side meets a break on the other at a bead
//! boundary (measured on an earlier pass) and `r` the share of sentences that start a
//! paragraph on the other side, a break on both sides scores `ln(q/r)` (averaged over the
//! two directions) and a break on one side only `ln((1 − q)/(1 − r))`. Like the lexical
//! scores these are log-likelihood ratios, added without weights. Paragraph counts are not
//! trusted to be equal: where the paragraphs of the two sides do not correspond, `q` is
//! low and so is the evidence.

use std::ops::Range;

/// The paragraph evidence of a document pair.
#[derive(Debug, Clone)]
pub struct ParagraphModel {
    /// Prefix counts of the sentences that start a paragraph, per side (sentence 0 not
    /// counted).
    source_starts: Vec<usize>,
    target_starts: Vec<usize>,
    both: f64,
    source_only: f64,
    target_only: f64,
}

/// Whether each sentence starts a paragraph, from the sentences' paragraph numbers.
fn starts(paragraphs: &[usize]) -> Vec<bool> {
    (0..paragraphs.len())
        .map(|k| k > 0 && paragraphs[k] != paragraphs[k - 1])
        .collect()
}

impl ParagraphModel {
    /// The model for sentences with paragraph numbers `source` and `target`, with rates
    /// measured at the boundaries between the beads of an earlier alignment
    /// (`boundaries`: the source and target sentence each bead starts with). `None` when a
    /// side has only one paragraph.
    pub fn new(
        source: &[usize],
        target: &[usize],
        boundaries: impl Iterator<Item = (usize, usize)>,
    ) -> Option<ParagraphModel> {
        let (source_breaks, target_breaks) = (starts(source), starts(target));
        let count = |breaks: &[bool]| breaks.iter().filter(|&&b| b).count();
        let (source_count, target_count) = (count(&source_breaks), count(&target_breaks));
        if source_count == 0 || target_count == 0 {
            return None;
        }
        let (mut source_seen, mut target_seen, mut both_seen) = (0usize, 0usize, 0usize);
        for (i, j) in boundaries {
            let (s, t) = (
                source_breaks.get(i).copied().unwrap_or(false),
                target_breaks.get(j).copied().unwrap_or(false),
            );
            source_seen += usize::from(s);
            target_seen += usize::from(t);
            both_seen += usize::from(s && t);
        }
        let rate = |met: usize, seen: usize| (met as f64 + 1.0) / (seen as f64 + 2.0);
        let (q_source, q_target) = (rate(both_seen, source_seen), rate(both_seen, target_seen));
        let share = |count: usize, sentences: usize| {
            (count as f64 / (sentences.max(2) - 1) as f64).clamp(0.01, 0.99)
        };
        let (r_source, r_target) = (
            share(source_count, source.len()),
            share(target_count, target.len()),
        );
        let prefix = |breaks: &[bool]| {
            std::iter::once(0)
                .chain(breaks.iter().scan(0, |total, &b| {
                    *total += usize::from(b);
                    Some(*total)
                }))
                .collect()
        };
        Some(ParagraphModel {
            source_starts: prefix(&source_breaks),
            target_starts: prefix(&target_breaks),
            both: ((q_source / r_target).ln() + (q_target / r_source).ln()) / 2.0,
            source_only: ((1.0 - q_source) / (1.0 - r_target)).ln(),
            target_only: ((1.0 - q_target) / (1.0 - r_source)).ln(),
        })
    }

    /// The log-likelihood ratio of the bead of `source` and `target` sentences from the
    /// paragraph breaks at its start and inside it.
    pub fn score(&self, source: Range<usize>, target: Range<usize>) -> f64 {
        let breaks =
            |prefix: &[usize], range: &Range<usize>| prefix[range.end] - prefix[range.start];
        let starts_here =
            |prefix: &[usize], at: usize| prefix.get(at + 1).is_some_and(|&p| p > prefix[at]);
        // A bead claims the break at its start only when it starts with that sentence.
        let (s, t) = (
            !source.is_empty() && starts_here(&self.source_starts, source.start),
            !target.is_empty() && starts_here(&self.target_starts, target.start),
        );
        let at_start = match (s, t) {
            (true, true) => self.both,
            (true, false) => self.source_only,
            (false, true) => self.target_only,
            (false, false) => 0.0,
        };
        let inside_source = breaks(&self.source_starts, &source) - usize::from(s);
        let inside_target = breaks(&self.target_starts, &target) - usize::from(t);
        at_start + inside_source as f64 * self.source_only + inside_target as f64 * self.target_only
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two sides of three paragraphs of two sentences each, aligned one to one.
    fn model() -> ParagraphModel {
        let paragraphs = [0, 0, 1, 1, 2, 2];
        ParagraphModel::new(&paragraphs, &paragraphs, (0..6).map(|k| (k, k))).expect("paragraphs")
    }

    #[test]
    fn beads_that_start_where_both_paragraphs_start_gain() {
        let model = model();
        assert!(model.score(2..3, 2..3) > 0.5);
        assert!(model.score(2..3, 3..4) < -0.5);
        assert_eq!(model.score(1..2, 1..2), 0.0);
    }

    #[test]
    fn a_bead_across_a_paragraph_break_on_one_side_loses() {
        let model = model();
        assert!(model.score(1..3, 1..2) < -0.5);
    }

    #[test]
    fn one_paragraph_gives_no_model() {
        assert!(ParagraphModel::new(&[0, 0, 0], &[0, 1, 2], std::iter::empty()).is_none());
    }
}
