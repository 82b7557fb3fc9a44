//! Word translations: a one-to-one lexicon of stems, learned from aligned sentences or
//! taken from a dictionary.
//!
//! Learning follows Melamed's competitive linking (2000) over Dunning's log-likelihood
//! ratio G² (1993): count in how many beads each source stem, each target stem and each
//! pair occur; score each pair seen together at least twice by G²; then link pairs from
//! the best score down, each stem at most once. One-to-one links keep the lexicon from
//! counting one word's evidence several times.

use std::collections::HashMap;
use std::ops::Range;

/// Beads used at most to learn a lexicon: enough to learn the words that matter, few
/// enough that learning takes the same time for any document length.
const MAX_LEARNING_BEADS: usize = 20_000;
/// A pair must occur together in at least this many beads to be learned.
const MIN_PAIR_COUNT: u32 = 2;
/// The G² a learned pair needs: p < 0.001 for one test, made stricter for the many
/// pairs tested at once.
const MIN_ASSOCIATION: f64 = 15.0;

/// Source stem to target stem, one to one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lexicon {
    source_to_target: HashMap<String, String>,
    target_to_source: HashMap<String, String>,
}

impl Lexicon {
    /// The number of word pairs.
    pub fn len(&self) -> usize {
        self.source_to_target.len()
    }

    /// True when the lexicon has no pairs.
    pub fn is_empty(&self) -> bool {
        self.source_to_target.is_empty()
    }

    /// The target stem linked to a source stem.
    pub fn target_of(&self, source: &str) -> Option<&str> {
        self.source_to_target.get(source).map(String::as_str)
    }

    /// The source stem linked to a target stem.
    pub fn source_of(&self, target: &str) -> Option<&str> {
        self.target_to_source.get(target).map(String::as_str)
    }

    /// The pairs, in no particular order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.source_to_target
            .iter()
            .map(|(s, t)| (s.as_str(), t.as_str()))
    }

    /// Links candidate pairs `(source, target, score)` best first, each stem at most
    /// once.
    pub fn link(mut candidates: Vec<(String, String, f64)>) -> Lexicon {
        candidates.sort_by(|a, b| {
            b.2.total_cmp(&a.2)
                .then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1)))
        });
        let mut lexicon = Lexicon::default();
        for (source, target, _) in candidates {
            if lexicon.source_to_target.contains_key(&source)
                || lexicon.target_to_source.contains_key(&target)
            {
                continue;
            }
            lexicon
                .source_to_target
                .insert(source.clone(), target.clone());
            lexicon.target_to_source.insert(target, source);
        }
        lexicon
    }

    /// Learns a lexicon from the stems of source and target sentences and the beads
    /// (sentence ranges) that link them. Each side is given as the stem numbers of each
    /// sentence and the stems themselves. Pairs of identical stems are left out: shared
    /// words are anchors already.
    pub fn learn(
        (source, source_names): (&[Vec<u32>], &[String]),
        (target, target_names): (&[Vec<u32>], &[String]),
        beads: &[(Range<usize>, Range<usize>)],
    ) -> Lexicon {
        let stride = beads.len().div_ceil(MAX_LEARNING_BEADS).max(1);
        let mut source_count: HashMap<u32, u32> = HashMap::new();
        let mut target_count: HashMap<u32, u32> = HashMap::new();
        let mut pair_count: HashMap<(u32, u32), u32> = HashMap::new();
        let mut bead_total = 0u32;
        for (source_range, target_range) in beads.iter().step_by(stride) {
            let source_ids = distinct(&source[source_range.clone()]);
            let target_ids = distinct(&target[target_range.clone()]);
            bead_total += 1;
            for &s in &source_ids {
                *source_count.entry(s).or_default() += 1;
            }
            for &t in &target_ids {
                *target_count.entry(t).or_default() += 1;
                for &s in &source_ids {
                    *pair_count.entry((s, t)).or_default() += 1;
                }
            }
        }
        let candidates = pair_count
            .into_iter()
            .filter(|&((s, t), together)| {
                together >= MIN_PAIR_COUNT && source_names[s as usize] != target_names[t as usize]
            })
            .filter_map(|((s, t), together)| {
                let score = association(together, source_count[&s], target_count[&t], bead_total);
                (score >= MIN_ASSOCIATION).then(|| {
                    (
                        source_names[s as usize].clone(),
                        target_names[t as usize].clone(),
                        score,
                    )
                })
            })
            .collect();
        Lexicon::link(candidates)
    }
}

/// The distinct stem numbers of some sentences, sorted.
fn distinct(sentences: &[Vec<u32>]) -> Vec<u32> {
    let mut found: Vec<u32> = sentences.iter().flatten().copied().collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Dunning's G² for a positive association between two events seen together `together`
/// times, `a` and `b` times in all, in `total` trials; 0 for no or negative association.
fn association(together: u32, a: u32, b: u32, total: u32) -> f64 {
    let cells = [
        (together, a, b),
        (a - together, a, total - b),
        (b - together, total - a, b),
        (total + together - a - b, total - a, total - b),
    ];
    let n = f64::from(total);
    let expected_together = f64::from(a) * f64::from(b) / n;
    if f64::from(together) <= expected_together {
        return 0.0;
    }
    2.0 * cells
        .iter()
        .filter(|(observed, _, _)| *observed > 0)
        .map(|&(observed, row, column)| {
            let observed = f64::from(observed);
            observed * (observed * n / (f64::from(row) * f64::from(column))).ln()
        })
        .sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sentences as stem numbers, with the stems.
    fn stems(sentences: &[&str]) -> (Vec<Vec<u32>>, Vec<String>) {
        let mut names: Vec<String> = Vec::new();
        let numbered = sentences
            .iter()
            .map(|s| {
                s.split_whitespace()
                    .map(|word| match names.iter().position(|n| n == word) {
                        Some(at) => at as u32,
                        None => {
                            names.push(word.to_owned());
                            names.len() as u32 - 1
                        }
                    })
                    .collect()
            })
            .collect();
        (numbered, names)
    }

    #[test]
    fn association_is_high_for_words_that_always_occur_together() {
        assert!(association(10, 10, 10, 100) > 50.0);
        assert_eq!(association(1, 10, 10, 100), 0.0);
    }

    #[test]
    fn learns_word_pairs_that_occur_together_in_beads() {
        let source = stems(&[
            "haus gross",
            "haus klein",
            "baum gross",
            "baum klein",
            "haus alt",
            "baum alt",
        ]);
        let target = stems(&[
            "house big",
            "house small",
            "tree big",
            "tree small",
            "house old",
            "tree old",
        ]);
        let beads: Vec<_> = (0..18)
            .map(|i| (i % 6..i % 6 + 1, i % 6..i % 6 + 1))
            .collect();
        let lexicon = Lexicon::learn((&source.0, &source.1), (&target.0, &target.1), &beads);
        assert_eq!(lexicon.target_of("haus"), Some("house"));
        assert_eq!(lexicon.target_of("baum"), Some("tree"));
        assert_eq!(lexicon.source_of("old"), Some("alt"));
    }

    #[test]
    fn linking_is_one_to_one_best_first() {
        let lexicon = Lexicon::link(vec![
            ("a".into(), "x".into(), 5.0),
            ("a".into(), "y".into(), 9.0),
            ("b".into(), "y".into(), 7.0),
            ("b".into(), "x".into(), 1.0),
        ]);
        assert_eq!(lexicon.target_of("a"), Some("y"));
        assert_eq!(lexicon.target_of("b"), Some("x"));
        assert_eq!(lexicon.len(), 2);
    }
}
