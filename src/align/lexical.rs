//! Lexical evidence for beads: how much more likely the anchors a bead's two sides share
//! (and fail to share) are if the bead is a translation than if it pairs random
//! sentences of the document.
//!
//! For an anchor key `k` of class `c`, with `p_c` the rate at which an anchor of that
//! class finds its counterpart in a true bead, and `f_k` the share of sentences holding
//! `k`, a matched pair of occurrences scores `ln p_c + idf(k)` (with `idf` the mean of
//! `ln(N/df)` over the two sides) and an occurrence without counterpart scores
//! `ln(1 − p_c) − ln(1 − f_k)`. Both are log-likelihood ratios, in nats like the length
//! cost, so no weight is needed to add them; matches never count against a bead and
//! misses never for it. The rates `p_c` are measured on the confident beads of a
//! length-only pass, which never saw the anchors.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::anchors::{
    AnchorClass, CLASS_COUNT, Token, fold_word, is_arabic_script, tokens, word_key,
};
use super::translit::{arabic_skeletons, latin_skeleton};

/// Skeletons shorter than this match too much by chance to be name anchors.
const MIN_SKELETON_CHARS: usize = 3;

/// The anchors of both sides of a document pair, as key numbers per sentence; only keys
/// that occur on both sides are kept.
#[derive(Debug, Clone)]
pub struct LexicalIndex {
    source: Vec<Vec<u32>>,
    target: Vec<Vec<u32>>,
    classes: Vec<AnchorClass>,
    source_df: Vec<u32>,
    target_df: Vec<u32>,
}

/// Per-side token lists before keys are assigned.
type SideTokens = Vec<Vec<Token>>;

impl LexicalIndex {
    /// Finds the anchors of `source` and `target` sentences and the keys they share.
    pub fn build<S: AsRef<str>, T: AsRef<str>>(source: &[S], target: &[T]) -> LexicalIndex {
        let source_tokens: SideTokens = source.iter().map(|s| tokens(s.as_ref())).collect();
        let target_tokens: SideTokens = target.iter().map(|t| tokens(t.as_ref())).collect();
        let source_arabic = mostly_arabic(&source_tokens);
        let target_arabic = mostly_arabic(&target_tokens);
        let mut keys = KeyTable::default();
        let (source_keys, target_keys) = if source_arabic == target_arabic {
            (
                keys.side(&source_tokens, None),
                keys.side(&target_tokens, None),
            )
        } else {
            let (arabic, latin) = if source_arabic {
                (&source_tokens, &target_tokens)
            } else {
                (&target_tokens, &source_tokens)
            };
            let names = NameSkeletons::of(latin);
            let arabic_keys = keys.side(arabic, Some((&names, true)));
            let latin_keys = keys.side(latin, Some((&names, false)));
            if source_arabic {
                (arabic_keys, latin_keys)
            } else {
                (latin_keys, arabic_keys)
            }
        };
        LexicalIndex::shared(source_keys, target_keys, keys.classes)
    }

    /// Keeps the keys found on both sides, sorts each sentence's keys, counts document
    /// frequencies.
    fn shared(
        mut source: Vec<Vec<u32>>,
        mut target: Vec<Vec<u32>>,
        classes: Vec<AnchorClass>,
    ) -> LexicalIndex {
        let document_frequency = |side: &[Vec<u32>]| {
            let mut df = vec![0u32; classes.len()];
            for sentence in side {
                let mut seen: Vec<u32> = sentence.clone();
                seen.sort_unstable();
                seen.dedup();
                for key in seen {
                    df[key as usize] += 1;
                }
            }
            df
        };
        let (source_df, target_df) = (document_frequency(&source), document_frequency(&target));
        let shared = |key: &u32| source_df[*key as usize] > 0 && target_df[*key as usize] > 0;
        for sentence in source.iter_mut().chain(target.iter_mut()) {
            sentence.retain(shared);
            sentence.sort_unstable();
        }
        LexicalIndex {
            source,
            target,
            classes,
            source_df,
            target_df,
        }
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
        let mut matched = [0usize; CLASS_COUNT];
        let mut occurrences = [0usize; CLASS_COUNT];
        for (source, target) in beads {
            with_bead_keys(self, source, target, |src, tgt| {
                for &key in src.iter().chain(tgt) {
                    occurrences[self.classes[key as usize].index()] += 1;
                }
                for_each_match(src, tgt, |key| {
                    matched[self.classes[key as usize].index()] += 2
                });
            });
        }
        std::array::from_fn(|c| {
            ((matched[c] + 1) as f64 / (occurrences[c] + 2) as f64).clamp(0.05, 0.95)
        })
    }

    /// The scoring model for the given match rates.
    pub fn model(&self, rates: &[f64; CLASS_COUNT]) -> LexicalModel<'_> {
        let (n_source, n_target) = (
            self.source.len().max(1) as f64,
            self.target.len().max(1) as f64,
        );
        let mut match_score = Vec::with_capacity(self.classes.len());
        let mut miss_score = Vec::with_capacity(self.classes.len());
        for (key, class) in self.classes.iter().enumerate() {
            let p = rates[class.index()];
            let (df_s, df_t) = (
                f64::from(self.source_df[key]),
                f64::from(self.target_df[key]),
            );
            if df_s == 0.0 || df_t == 0.0 {
                match_score.push(0.0);
                miss_score.push(0.0);
                continue;
            }
            let idf = ((n_source / df_s).ln() + (n_target / df_t).ln()) / 2.0;
            let frequency = ((df_s / n_source + df_t / n_target) / 2.0).min(0.99);
            match_score.push((p.ln() + idf).max(0.0));
            miss_score.push(((1.0 - p).ln() - (1.0 - frequency).ln()).min(0.0));
        }
        let prefix = |side: &[Vec<u32>]| {
            let mut sums = Vec::with_capacity(side.len() + 1);
            let mut counts = Vec::with_capacity(side.len() + 1);
            sums.push(0.0);
            counts.push(0);
            for sentence in side {
                let miss: f64 = sentence.iter().map(|&k| miss_score[k as usize]).sum();
                sums.push(sums.last().copied().unwrap_or(0.0) + miss);
                counts.push(counts.last().copied().unwrap_or(0) + sentence.len());
            }
            (sums, counts)
        };
        let (source_miss, source_count) = prefix(&self.source);
        let (target_miss, target_count) = prefix(&self.target);
        LexicalModel {
            index: self,
            match_score,
            miss_score,
            source_miss,
            target_miss,
            source_count,
            target_count,
        }
    }
}

/// Scores beads by their anchors (see the module documentation).
#[derive(Debug, Clone)]
pub struct LexicalModel<'a> {
    index: &'a LexicalIndex,
    match_score: Vec<f64>,
    miss_score: Vec<f64>,
    source_miss: Vec<f64>,
    target_miss: Vec<f64>,
    source_count: Vec<usize>,
    target_count: Vec<usize>,
}

impl LexicalModel<'_> {
    /// The log-likelihood ratio, in nats, that the bead of `source` and `target`
    /// sentences is a translation rather than a random pair.
    pub fn score(&self, source: Range<usize>, target: Range<usize>) -> f64 {
        let misses = self.source_miss[source.end] - self.source_miss[source.start]
            + self.target_miss[target.end]
            - self.target_miss[target.start];
        let source_keys = self.source_count[source.end] - self.source_count[source.start];
        let target_keys = self.target_count[target.end] - self.target_count[target.start];
        if source_keys == 0 || target_keys == 0 {
            return misses;
        }
        let mut gain = 0.0;
        with_bead_keys(self.index, &source, &target, |src, tgt| {
            for_each_match(src, tgt, |key| {
                let key = key as usize;
                gain += self.match_score[key] - 2.0 * self.miss_score[key];
            });
        });
        misses + gain
    }
}

thread_local! {
    /// Buffers for the keys of a bead's two sides, reused across calls.
    static BEAD_KEYS: RefCell<(Vec<u32>, Vec<u32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// Calls `f` with the sorted keys of the bead's source and target sentences.
fn with_bead_keys(
    index: &LexicalIndex,
    source: &Range<usize>,
    target: &Range<usize>,
    f: impl FnOnce(&[u32], &[u32]),
) {
    let gather = |buffer: &mut Vec<u32>, side: &[Vec<u32>], range: &Range<usize>| -> bool {
        if range.len() == 1 {
            return false;
        }
        buffer.clear();
        for sentence in &side[range.clone()] {
            buffer.extend_from_slice(sentence);
        }
        buffer.sort_unstable();
        true
    };
    BEAD_KEYS.with_borrow_mut(|(src_buffer, tgt_buffer)| {
        let src: &[u32] = if gather(src_buffer, &index.source, source) {
            src_buffer
        } else {
            &index.source[source.start]
        };
        let tgt: &[u32] = if gather(tgt_buffer, &index.target, target) {
            tgt_buffer
        } else {
            &index.target[target.start]
        };
        f(src, tgt);
    });
}

/// Calls `f` once for each matched pair of occurrences of a key in two sorted lists.
fn for_each_match(a: &[u32], b: &[u32], mut f: impl FnMut(u32)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                f(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
}

/// True when most words of a side are in Arabic script.
fn mostly_arabic(side: &SideTokens) -> bool {
    let (mut arabic, mut other) = (0usize, 0usize);
    for token in side.iter().flatten() {
        if let Token::Word(word) = token {
            if is_arabic_script(word) {
                arabic += 1;
            } else {
                other += 1;
            }
        }
    }
    arabic > other
}

/// The skeletons of the names of a Latin-script side: words written with a capital
/// letter wherever they occur (so that sentence-initial words such as "After" are left
/// out when they also occur in lower case).
struct NameSkeletons {
    skeletons: HashSet<String>,
    names: HashSet<String>,
}

impl NameSkeletons {
    fn of(side: &SideTokens) -> NameSkeletons {
        let mut capitalised: HashMap<String, bool> = HashMap::new();
        for token in side.iter().flatten() {
            if let Token::Word(word) = token {
                let upper = word.chars().next().is_some_and(char::is_uppercase);
                *capitalised.entry(fold_word(word)).or_insert(true) &= upper;
            }
        }
        let names: HashSet<String> = capitalised
            .into_iter()
            .filter(|(_, upper)| *upper)
            .map(|(w, _)| w)
            .collect();
        let skeletons = names
            .iter()
            .map(|name| latin_skeleton(name))
            .filter(|s| s.chars().count() >= MIN_SKELETON_CHARS)
            .collect();
        NameSkeletons { skeletons, names }
    }
}

/// Assigns key numbers to anchors.
#[derive(Default)]
struct KeyTable {
    numbers: HashMap<(AnchorClass, String), u32>,
    classes: Vec<AnchorClass>,
}

impl KeyTable {
    fn key(&mut self, class: AnchorClass, text: String) -> u32 {
        let next = self.classes.len() as u32;
        *self.numbers.entry((class, text)).or_insert_with(|| {
            self.classes.push(class);
            next
        })
    }

    /// The keys of each sentence of a side. `names` is given when the two sides are in
    /// different scripts: the name skeletons of the Latin side, and whether this side is
    /// the Arabic one.
    fn side(&mut self, side: &SideTokens, names: Option<(&NameSkeletons, bool)>) -> Vec<Vec<u32>> {
        side.iter()
            .map(|sentence| {
                let mut keys = Vec::new();
                for token in sentence {
                    match token {
                        Token::Number(digits) => {
                            keys.push(self.key(AnchorClass::Number, digits.clone()))
                        }
                        Token::Punctuation(c) => {
                            keys.push(self.key(AnchorClass::Punctuation, c.to_string()))
                        }
                        Token::Word(word) => {
                            let arabic_word = is_arabic_script(word);
                            match names {
                                Some((names, true)) if arabic_word => {
                                    if let Some(skeleton) = arabic_skeletons(word)
                                        .into_iter()
                                        .find(|s| names.skeletons.contains(s))
                                    {
                                        keys.push(self.key(AnchorClass::Name, skeleton));
                                    }
                                }
                                Some((names, false)) if names.names.contains(&fold_word(word)) => {
                                    keys.push(self.key(AnchorClass::Name, latin_skeleton(word)));
                                    keys.push(self.key(AnchorClass::Word, word_key(word)));
                                }
                                _ => keys.push(self.key(AnchorClass::Word, word_key(word))),
                            }
                        }
                    }
                }
                keys
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(source: &[&str], target: &[&str], s: Range<usize>, t: Range<usize>) -> f64 {
        let index = LexicalIndex::build(source, target);
        index.model(&[0.9; CLASS_COUNT]).score(s, t)
    }

    #[test]
    fn a_shared_number_makes_a_bead_likely_and_a_missing_one_unlikely() {
        let source = [
            "Es kostete 1955 Franken.",
            "Dann ging er.",
            "Ein Tag verging.",
        ];
        let target = [
            "Cela coûta 1955 francs.",
            "Puis il partit.",
            "Un jour passa.",
        ];
        assert!(score(&source, &target, 0..1, 0..1) > 0.5);
        assert!(score(&source, &target, 0..1, 1..2) < -0.5);
        assert_eq!(score(&source, &target, 1..2, 2..3), 0.0);
    }

    #[test]
    fn transliterated_names_are_anchors() {
        let source = ["قال ترامب إن الوضع صعب.", "وغادر الوفد المدينة.", "ثم عاد."];
        let target = [
            "Trump said the situation was hard.",
            "The delegation left the city.",
            "Then it returned.",
        ];
        assert!(score(&source, &target, 0..1, 0..1) > 0.5);
        assert!(score(&source, &target, 1..2, 0..1) < 0.0);
    }

    #[test]
    fn merging_beads_neither_gains_nor_loses_anchor_evidence() {
        let source = ["In 1955 it rose.", "In 1960 it fell."];
        let target = ["En 1955 il monta.", "En 1960 il baissa."];
        let separate = score(&source, &target, 0..1, 0..1) + score(&source, &target, 1..2, 1..2);
        let merged = score(&source, &target, 0..2, 0..2);
        assert!((separate - merged).abs() < 1e-9);
    }

    #[test]
    fn match_rates_count_found_counterparts() {
        let source = ["In 1955 it rose.", "In 1960 it fell."];
        let target = ["En 1955 il monta.", "Il baissa en 1961."];
        let index = LexicalIndex::build(&source, &target);
        let beads = [(0..1, 0..1), (1..2, 1..2)];
        let rates = index.match_rates(beads.iter().map(|(s, t)| (s, t)));
        // Numbers: 1955 is shared by both sides and matched; 1960 and 1961 are on one
        // side only and are not anchors at all.
        assert!((rates[AnchorClass::Number.index()] - 3.0 / 4.0).abs() < 1e-9);
    }
}
