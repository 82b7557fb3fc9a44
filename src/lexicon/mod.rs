//! Word translations: a one-to-one lexicon of stems, learned from aligned sentences or
//! taken from a dictionary.
//!
//! Learning follows Melamed's competitive linking (2000) over Dunning's log-likelihood
//! ratio G² (1993): count in how many beads each source stem, each target stem and each
//! pair occur; score each pair seen together at least twice by G²; then link pairs from
//! the best score down, each stem at most once. One-to-one links keep the lexicon from
//! counting one word's evidence several times.

pub mod dictd;
pub mod dictionary;
mod stems;

pub use stems::WordStems;

use std::collections::{BinaryHeap, HashMap};
use std::ops::Range;

use crate::text::stem::WordStemmer;
use crate::text::tokens::{Token, tokens};

/// Beads used at most to learn a lexicon: enough to learn the words that matter, few
/// enough that learning takes the same time for any document length.
const MAX_LEARNING_BEADS: usize = 20_000;
/// A pair must occur together in at least this many beads to be learned.
const MIN_PAIR_COUNT: u32 = 2;
/// The G² a learned pair needs: p < 0.001 for one test, made stricter for the many
/// pairs tested at once.
const MIN_ASSOCIATION: f64 = 15.0;

/// Where a word pair comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A dictionary the user gave.
    Dictionary,
    /// Learned from aligned text.
    Learned,
}

impl Origin {
    /// The name stored in `lexicon.origin`.
    pub fn name(self) -> &'static str {
        match self {
            Origin::Dictionary => "dictionary",
            Origin::Learned => "learned",
        }
    }
}

/// One word pair of a lexicon.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The source stem.
    pub source: String,
    /// The target stem.
    pub target: String,
    /// How strongly the text associates them (G²; 0 when the text says nothing).
    pub score: f64,
    /// Where the pair comes from.
    pub origin: Origin,
}

/// The most stems, of both sides, that dictionary senses may join under one key: a key
/// that takes in more (a function word and its many renderings, a word of forty senses)
/// fires in nearly every sentence and tells nothing, and would take the evidence of its
/// content words with it.
const MAX_SENSE_FAMILY: usize = 8;

/// Keys joined into one: a union-find over key numbers, with the stems under each.
#[derive(Debug, Default)]
struct Components {
    parent: Vec<usize>,
    stems: Vec<usize>,
}

impl Components {
    /// A key of its own.
    fn new_key(&mut self) -> usize {
        self.parent.push(self.parent.len());
        self.stems.push(0);
        self.parent.len() - 1
    }

    /// How many stems the key of `key` holds.
    fn size(&mut self, key: usize) -> usize {
        let root = self.find(key);
        self.stems[root]
    }

    /// Counts `count` more stems under the key of `key`.
    fn grow(&mut self, key: usize, count: usize) {
        let root = self.find(key);
        self.stems[root] += count;
    }

    /// The key `key` is now part of.
    fn find(&mut self, mut key: usize) -> usize {
        while self.parent[key] != key {
            self.parent[key] = self.parent[self.parent[key]];
            key = self.parent[key];
        }
        key
    }

    /// Joins the keys of `a` and `b`; returns the joined key.
    fn join(&mut self, a: usize, b: usize) -> usize {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[b] = a;
            self.stems[a] += self.stems[b];
        }
        a
    }
}

/// Source stems and target stems with the keys under which they meet: learned pairs one
/// to one, dictionary pairs joined by sense.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lexicon {
    entries: Vec<Entry>,
    by_source: HashMap<String, usize>,
    by_target: HashMap<String, usize>,
}

impl Lexicon {
    /// The number of word pairs.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the lexicon has no pairs.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The key (a number) under which a source stem meets its translations, if it has
    /// any.
    pub fn source_key(&self, source: &str) -> Option<usize> {
        self.by_source.get(source).copied()
    }

    /// The key under which a target stem meets its translations, if it has any.
    pub fn target_key(&self, target: &str) -> Option<usize> {
        self.by_target.get(target).copied()
    }

    /// Whether a source stem and a target stem meet under one key.
    pub fn links(&self, source: &str, target: &str) -> bool {
        self.source_key(source)
            .is_some_and(|key| self.target_key(target) == Some(key))
    }

    /// The word pairs, best linked first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Links candidate pairs: every dictionary pair, the words of several senses sharing
    /// one key with all their translations (a source word and every target word the
    /// dictionary gives it meet under one key, and so, in turn, do those target words'
    /// other source words); then learned pairs best first by score, each stem at most
    /// once, and none whose stem the dictionary linked.
    pub fn link(mut candidates: Vec<Entry>) -> Lexicon {
        candidates.sort_by(|a, b| {
            (b.origin == Origin::Dictionary)
                .cmp(&(a.origin == Origin::Dictionary))
                .then(b.score.total_cmp(&a.score))
                .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
        });
        let mut lexicon = Lexicon::default();
        let mut components = Components::default();
        for entry in candidates {
            let (source, target) = (
                lexicon.by_source.get(&entry.source).copied(),
                lexicon.by_target.get(&entry.target).copied(),
            );
            let key = match (entry.origin, source, target) {
                (_, None, None) => {
                    let key = components.new_key();
                    components.grow(key, 2);
                    key
                }
                (Origin::Dictionary, Some(key), None) | (Origin::Dictionary, None, Some(key)) => {
                    if components.size(key) >= MAX_SENSE_FAMILY {
                        continue;
                    }
                    components.grow(key, 1);
                    key
                }
                (Origin::Dictionary, Some(a), Some(b)) => {
                    let joined = components.find(a) == components.find(b);
                    if !joined && components.size(a) + components.size(b) > MAX_SENSE_FAMILY {
                        continue;
                    }
                    components.join(a, b)
                }
                (Origin::Learned, _, _) => continue,
            };
            lexicon.by_source.insert(entry.source.clone(), key);
            lexicon.by_target.insert(entry.target.clone(), key);
            lexicon.entries.push(entry);
        }
        for key in lexicon
            .by_source
            .values_mut()
            .chain(lexicon.by_target.values_mut())
        {
            *key = components.find(*key);
        }
        lexicon
    }

    /// Learns a lexicon from the stems of source and target sentences and the beads
    /// (sentence ranges) that link them, with the pairs of `dictionary` (stems) whose two
    /// sides both occur in the text. Each side is given as the stem numbers of each
    /// sentence and the stems themselves. Learned pairs of identical stems are left out:
    /// shared words are anchors already.
    pub fn learn(
        (source, source_names): (&[Vec<u32>], &[String]),
        (target, target_names): (&[Vec<u32>], &[String]),
        beads: &[(Range<usize>, Range<usize>)],
        dictionary: &[(String, String)],
    ) -> Lexicon {
        let stride = beads.len().div_ceil(MAX_LEARNING_BEADS).max(1);
        let mut counts = Cooccurrences::default();
        // A bead whose two sides repeat an earlier bead's words (a repeated passage, a
        // formula) is not new evidence: counted again, it would make any pair of its
        // words look associated.
        let mut seen = foldhash::HashSet::default();
        for (source_range, target_range) in beads.iter().step_by(stride) {
            let sides = (
                distinct(&source[source_range.clone()]),
                distinct(&target[target_range.clone()]),
            );
            if !seen.contains(&sides) {
                counts.add(&sides.0, &sides.1);
                seen.insert(sides);
            }
        }
        counts.lexicon((source_names, target_names), dictionary)
    }
}

/// In how many beads each source stem, each target stem and each pair of them occur,
/// in maps hashed by foldhash rather than SipHash (see `align::lexical::keys`): counting
/// the pairs of the beads pass 2 of 1984 with gaps at 200k trusts took 0.05 s instead of
/// 0.15.
#[derive(Debug, Default)]
struct Cooccurrences {
    source_count: foldhash::HashMap<u32, u32>,
    target_count: foldhash::HashMap<u32, u32>,
    pair_count: foldhash::HashMap<(u32, u32), u32>,
    beads: u32,
}

impl Cooccurrences {
    /// Counts one bead, given the distinct stem numbers of its two sides.
    fn add(&mut self, source_ids: &[u32], target_ids: &[u32]) {
        self.beads += 1;
        for &s in source_ids {
            *self.source_count.entry(s).or_default() += 1;
        }
        for &t in target_ids {
            *self.target_count.entry(t).or_default() += 1;
            for &s in source_ids {
                *self.pair_count.entry((s, t)).or_default() += 1;
            }
        }
    }

    /// The lexicon these counts support, stems named by `names`, with the pairs of
    /// `dictionary` whose two stems occur.
    fn lexicon(
        &self,
        (source_names, target_names): (&[String], &[String]),
        dictionary: &[(String, String)],
    ) -> Lexicon {
        let score_of = |s: u32, t: u32| match self.pair_count.get(&(s, t)) {
            Some(&together) => association(
                together,
                self.source_count[&s],
                self.target_count[&t],
                self.beads,
            ),
            None => 0.0,
        };
        let mut candidates: Vec<Entry> = Vec::new();
        if !dictionary.is_empty() {
            let (source_ids, target_ids) = (name_ids(source_names), name_ids(target_names));
            for (s, t) in dictionary {
                if let (Some(&s_id), Some(&t_id)) =
                    (source_ids.get(s.as_str()), target_ids.get(t.as_str()))
                {
                    candidates.push(Entry {
                        source: s.clone(),
                        target: t.clone(),
                        score: score_of(s_id, t_id),
                        origin: Origin::Dictionary,
                    });
                }
            }
        }
        let learned = self
            .pair_count
            .iter()
            .filter(|&(&(s, t), &together)| {
                together >= MIN_PAIR_COUNT && source_names[s as usize] != target_names[t as usize]
            })
            .filter_map(|(&(s, t), _)| {
                let score = score_of(s, t);
                (score >= MIN_ASSOCIATION).then(|| Entry {
                    source: source_names[s as usize].clone(),
                    target: target_names[t as usize].clone(),
                    score,
                    origin: Origin::Learned,
                })
            });
        candidates.extend(learned);
        Lexicon::link(candidates)
    }
}

/// A sample of the confident beads of many documents, for a lexicon learned across a
/// corpus: beads come as text, their words are stemmed as the aligner stems them, and of
/// all the beads offered the `MAX_LEARNING_BEADS` with the smallest keys are kept, so
/// that memory stays bounded and the sample does not depend on the order beads come in.
pub struct CorpusSample {
    stemmers: (WordStemmer, WordStemmer),
    names: (Vec<String>, Vec<String>),
    ids: (HashMap<String, u32>, HashMap<String, u32>),
    /// The beads kept, as distinct stem numbers of each side, largest key on top.
    kept: BinaryHeap<(u64, Vec<u32>, Vec<u32>)>,
}

impl CorpusSample {
    /// An empty sample for a language pair.
    pub fn new(source_lang: &str, target_lang: &str) -> CorpusSample {
        CorpusSample {
            stemmers: (
                WordStemmer::for_language(source_lang),
                WordStemmer::for_language(target_lang),
            ),
            names: Default::default(),
            ids: Default::default(),
            kept: BinaryHeap::new(),
        }
    }

    /// Offers a bead, from the text of its two sides; `key` (a hash of where the bead is)
    /// decides whether it is kept.
    pub fn offer(&mut self, key: u64, source_text: &str, target_text: &str) {
        let full = self.kept.len() >= MAX_LEARNING_BEADS;
        if full && self.kept.peek().is_some_and(|(top, _, _)| key >= *top) {
            return;
        }
        let source = stem_ids(
            source_text,
            &self.stemmers.0,
            &mut self.ids.0,
            &mut self.names.0,
        );
        let target = stem_ids(
            target_text,
            &self.stemmers.1,
            &mut self.ids.1,
            &mut self.names.1,
        );
        self.kept.push((key, source, target));
        if self.kept.len() > MAX_LEARNING_BEADS {
            self.kept.pop();
        }
    }

    /// The lexicon learned from the beads kept, with the pairs of `dictionary` (stems)
    /// that occur in them.
    pub fn learn(&self, dictionary: &[(String, String)]) -> Lexicon {
        let mut counts = Cooccurrences::default();
        for (_, source, target) in &self.kept {
            counts.add(source, target);
        }
        counts.lexicon((&self.names.0, &self.names.1), dictionary)
    }
}

/// The distinct stem numbers of the words of `text`, numbering new stems.
fn stem_ids(
    text: &str,
    stemmer: &WordStemmer,
    ids: &mut HashMap<String, u32>,
    names: &mut Vec<String>,
) -> Vec<u32> {
    let mut found: Vec<u32> = tokens(text)
        .into_iter()
        .filter_map(|token| match token {
            Token::Word(word) => Some(stemmer.stem(&word)),
            _ => None,
        })
        .map(|stem| match ids.get(&stem) {
            Some(&id) => id,
            None => {
                let id = names.len() as u32;
                names.push(stem.clone());
                ids.insert(stem, id);
                id
            }
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// The number of each stem by its name.
fn name_ids(names: &[String]) -> HashMap<&str, u32> {
    names
        .iter()
        .enumerate()
        .map(|(id, name)| (name.as_str(), id as u32))
        .collect()
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
        let pairs = [
            ("haus gross", "house big"),
            ("haus klein", "house small"),
            ("baum gross", "tree big"),
            ("baum klein", "tree small"),
            ("haus alt", "house old"),
            ("baum alt", "tree old"),
        ];
        // Each pair three times, each time with a word of its own, so that no bead
        // repeats another.
        let (source, target): (Vec<String>, Vec<String>) = (0..18)
            .map(|i| {
                let (s, t) = pairs[i % 6];
                (format!("{s} quelle{i}"), format!("{t} source{i}"))
            })
            .unzip();
        let source = stems(&source.iter().map(String::as_str).collect::<Vec<_>>());
        let target = stems(&target.iter().map(String::as_str).collect::<Vec<_>>());
        let beads: Vec<_> = (0..18).map(|i| (i..i + 1, i..i + 1)).collect();
        let lexicon = Lexicon::learn((&source.0, &source.1), (&target.0, &target.1), &beads, &[]);
        assert!(lexicon.links("haus", "house"));
        assert!(lexicon.links("baum", "tree"));
        assert!(lexicon.links("alt", "old"));
    }

    #[test]
    fn a_repeated_bead_is_counted_once() {
        // One bead ten times among ten others: counted ten times, its words would look
        // associated; counted once, they occur together once, too few to learn from.
        let (source, target): (Vec<String>, Vec<String>) = (0..20)
            .map(|i| {
                if i % 2 == 0 {
                    ("haus gross".to_owned(), "house big".to_owned())
                } else {
                    (format!("quelle{i}"), format!("source{i}"))
                }
            })
            .unzip();
        let source = stems(&source.iter().map(String::as_str).collect::<Vec<_>>());
        let target = stems(&target.iter().map(String::as_str).collect::<Vec<_>>());
        let beads: Vec<_> = (0..20).map(|i| (i..i + 1, i..i + 1)).collect();
        let lexicon = Lexicon::learn((&source.0, &source.1), (&target.0, &target.1), &beads, &[]);
        assert_eq!(lexicon.source_key("haus"), None, "{lexicon:?}");
    }

    #[test]
    fn linking_is_one_to_one_best_first() {
        let entry = |source: &str, target: &str, score: f64| Entry {
            source: source.into(),
            target: target.into(),
            score,
            origin: Origin::Learned,
        };
        let lexicon = Lexicon::link(vec![
            entry("a", "x", 5.0),
            entry("a", "y", 9.0),
            entry("b", "y", 7.0),
            entry("b", "x", 1.0),
        ]);
        assert!(lexicon.links("a", "y"));
        assert!(lexicon.links("b", "x"));
        assert!(!lexicon.links("a", "x"));
        assert_eq!(lexicon.len(), 2);
    }

    #[test]
    fn a_dictionary_word_meets_each_of_its_senses_up_to_a_family_of_eight() {
        let entry = |source: &str, target: &str| Entry {
            source: source.into(),
            target: target.into(),
            score: 0.0,
            origin: Origin::Dictionary,
        };
        // حالة → case, situation; وضع → situation, position: one family of five stems.
        let lexicon = Lexicon::link(vec![
            entry("حالة", "case"),
            entry("حالة", "situation"),
            entry("وضع", "situation"),
            entry("وضع", "position"),
        ]);
        for (source, target) in [("حالة", "case"), ("حالة", "situation"), ("وضع", "position")]
        {
            assert!(lexicon.links(source, target), "{source} {target}");
        }
        assert!(lexicon.links("حالة", "position"));
        // A word of many renderings keeps only as many as the family takes.
        let many: Vec<Entry> = (0..20).map(|k| entry("من", &format!("w{k:02}"))).collect();
        let lexicon = Lexicon::link(many);
        let linked = (0..20)
            .filter(|k| lexicon.links("من", &format!("w{k:02}")))
            .count();
        assert_eq!(linked, MAX_SENSE_FAMILY - 1);
    }

    #[test]
    fn dictionary_pairs_found_in_the_text_come_first() {
        let source = stems(&["haus gross", "baum klein"]);
        let target = stems(&["house big", "tree small"]);
        let beads: Vec<_> = (0..2).map(|i| (i..i + 1, i..i + 1)).collect();
        let dictionary = [
            ("haus".to_owned(), "house".to_owned()),
            ("gross".to_owned(), "big".to_owned()),
            ("auto".to_owned(), "car".to_owned()),
        ];
        let lexicon = Lexicon::learn(
            (&source.0, &source.1),
            (&target.0, &target.1),
            &beads,
            &dictionary,
        );
        assert!(lexicon.links("haus", "house"));
        assert!(lexicon.links("gross", "big"));
        assert_eq!(lexicon.source_key("auto"), None);
        assert!(
            lexicon
                .entries()
                .iter()
                .all(|e| e.origin == Origin::Dictionary)
        );
    }
}
