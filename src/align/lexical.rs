//! Lexical evidence for beads: how much more likely the anchors a bead's two sides share
//! (and fail to share) are if the bead is a translation than if it pairs random
//! sentences of the document.
//!
//! For an anchor key `k` of class `c`, let `p_c` be the rate at which an anchor of that
//! class finds its counterpart in a true bead, and `f_s(k)`, `f_t(k)` the shares of
//! source and target sentences holding `k`. A random side of `n` sentences holds `k`
//! with chance `c(k, n) = 1 − (1 − f(k))^n`. In a bead of `|S|` source and `|T|` target
//! sentences, a matched pair of occurrences scores `ln p_c − ½[ln c_s(k, |S|) + ln
//! c_t(k, |T|)]`, and an occurrence without counterpart `min(0, ln(1 − p_c) − ln(1 −
//! f(k)))`, `f` the key's share on the other side. These are log-likelihood ratios, in
//! nats like the length cost, so no weight is needed to add them. A bead with an empty
//! side scores 0: a sentence the translator left out has no counterparts to find. Since the chance of a
//! match grows with the size of a side, merging sentences gains nothing from matches
//! that are there by chance. Misses are judged against one sentence whatever the size
//! of the bead: judged against the bead's size, a miss of a common key (a quotation mark)
//! would look less and less like chance the more sentences a bead took in, and beads
//! would grow to take them in. The rates `p_c` are measured on confident beads of an
//! earlier pass.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::anchors::{AnchorClass, CLASS_COUNT, MIN_WORD_CHARS, word_key};
use super::shapes::Shape;
use super::translit::{arabic_skeletons, latin_skeleton};
use crate::lexicon::Lexicon;
use crate::text::arabic::is_arabic_script;
use crate::text::normalize::fold_word;
use crate::text::stem::WordStemmer;
use crate::text::tokens::{Token, tokens};

/// Skeletons shorter than this match too much by chance to be name anchors.
const MIN_SKELETON_CHARS: usize = 3;

/// The tokens of both sides of a document pair, found once and indexed as often as the
/// lexicon changes.
#[derive(Debug, Clone)]
pub struct Anchors {
    source: Side,
    target: Side,
    /// When the sides are in different scripts: whether the source is the Arabic side,
    /// and the name skeletons of the other side.
    names: Option<(bool, NameSkeletons)>,
}

impl Anchors {
    /// Finds the tokens of `source` and `target` sentences, in languages `source_lang`
    /// and `target_lang` (which choose the stemmers).
    pub fn extract<S: AsRef<str> + Sync, T: AsRef<str> + Sync>(
        source: &[S],
        target: &[T],
        source_lang: &str,
        target_lang: &str,
    ) -> Anchors {
        let (source, target) = rayon::join(
            || Side::read(source, source_lang),
            || Side::read(target, target_lang),
        );
        let (source_arabic, target_arabic) = (source.mostly_arabic(), target.mostly_arabic());
        let names = (source_arabic != target_arabic).then(|| {
            let latin = if source_arabic { &target } else { &source };
            (source_arabic, NameSkeletons::of(latin))
        });
        Anchors {
            source,
            target,
            names,
        }
    }

    /// Learns a lexicon of word stems from the beads (source and target sentence ranges)
    /// of an alignment, with the pairs of `dictionary` (stems) that the text holds.
    pub fn learn_lexicon(
        &self,
        beads: &[(Range<usize>, Range<usize>)],
        dictionary: &[(String, String)],
    ) -> Lexicon {
        Lexicon::learn(
            (&self.source.sentence_stems(), &self.source.stems),
            (&self.target.sentence_stems(), &self.target.stems),
            beads,
            dictionary,
        )
    }

    /// The keys the two sides share, with the word pairs of `lexicon` as keys too.
    pub fn index(&self, lexicon: Option<&Lexicon>) -> LexicalIndex {
        let mut keys = KeyTable::default();
        let role = |is_source: bool| SideRole {
            names: self
                .names
                .as_ref()
                .map(|(source_arabic, names)| (names, *source_arabic == is_source)),
            lexicon: lexicon.map(|lexicon| (lexicon, is_source)),
        };
        let source = keys.side(&self.source, &role(true));
        let target = keys.side(&self.target, &role(false));
        LexicalIndex::shared(source, target, keys.classes)
    }
}

/// One token of a sentence, with its word or number interned for its side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Number(u32),
    Punctuation(char),
    Word(u32),
}

/// One side of a document pair: each sentence as a list of items, each distinct word and
/// number stored once, each word with its stem.
#[derive(Debug, Clone)]
struct Side {
    sentences: Vec<Vec<Item>>,
    words: Vec<String>,
    numbers: Vec<String>,
    /// The stem number of each word.
    word_stems: Vec<u32>,
    /// The stems.
    stems: Vec<String>,
}

impl Side {
    /// Tokenises and stems the sentences of a side in language `lang`.
    fn read<S: AsRef<str> + Sync>(sentences: &[S], lang: &str) -> Side {
        let stemmer = WordStemmer::for_language(lang);
        let mut side = Side {
            sentences: Vec::with_capacity(sentences.len()),
            words: Vec::new(),
            numbers: Vec::new(),
            word_stems: Vec::new(),
            stems: Vec::new(),
        };
        let (mut word_ids, mut number_ids, mut stem_ids) =
            (HashMap::new(), HashMap::new(), HashMap::new());
        for sentence in sentences {
            let items = tokens(sentence.as_ref())
                .into_iter()
                .map(|token| match token {
                    Token::Number(digits) => {
                        Item::Number(intern(&mut number_ids, &mut side.numbers, digits))
                    }
                    Token::Punctuation(c) => Item::Punctuation(c),
                    Token::Word(word) => {
                        let known = side.words.len();
                        let id = intern(&mut word_ids, &mut side.words, word);
                        if id as usize == known {
                            let stem = stemmer.stem(&side.words[known]);
                            side.word_stems
                                .push(intern(&mut stem_ids, &mut side.stems, stem));
                        }
                        Item::Word(id)
                    }
                })
                .collect();
            side.sentences.push(items);
        }
        side
    }

    /// The stem numbers of the words of each sentence.
    fn sentence_stems(&self) -> Vec<Vec<u32>> {
        self.sentences
            .iter()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| match item {
                        Item::Word(w) => Some(self.word_stems[*w as usize]),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    /// True when most word occurrences are in Arabic script.
    fn mostly_arabic(&self) -> bool {
        let arabic_word: Vec<bool> = self.words.iter().map(|w| is_arabic_script(w)).collect();
        let (mut arabic, mut other) = (0usize, 0usize);
        for item in self.sentences.iter().flatten() {
            if let Item::Word(w) = item {
                if arabic_word[*w as usize] {
                    arabic += 1;
                } else {
                    other += 1;
                }
            }
        }
        arabic > other
    }
}

/// The number of `text` in `table`, adding it to `names` if it is new.
fn intern(table: &mut HashMap<String, u32>, names: &mut Vec<String>, text: String) -> u32 {
    if let Some(&id) = table.get(&text) {
        return id;
    }
    let id = names.len() as u32;
    names.push(text.clone());
    table.insert(text, id);
    id
}

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

impl LexicalIndex {
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

    /// The index of blocks of `size` consecutive sentences: a block holds each key of
    /// its sentences once.
    pub fn blocks(&self, size: usize) -> LexicalIndex {
        let merge = |side: &[Vec<u32>]| {
            side.chunks(size.max(1))
                .map(|block| {
                    let mut keys = block.concat();
                    keys.sort_unstable();
                    keys.dedup();
                    keys
                })
                .collect()
        };
        LexicalIndex::shared(
            merge(&self.source),
            merge(&self.target),
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

/// Bead sides up to this many sentences have their chance terms precomputed.
const CHANCE_TABLE_SIZES: usize = 8;

/// What one key's occurrences tell: the log-rates at which a true bead has or lacks its
/// counterpart, and the share of sentences on each side that hold it.
#[derive(Debug, Clone, Copy)]
struct KeyOdds {
    ln_found: f64,
    ln_missed: f64,
    source_share: f64,
    target_share: f64,
    /// `ln c(k, n)` for a source side of `n` sentences, `n` in `1..=CHANCE_TABLE_SIZES`.
    source_chance: [f64; CHANCE_TABLE_SIZES],
    /// The same for a target side.
    target_chance: [f64; CHANCE_TABLE_SIZES],
    /// The scores of a source and a target occurrence without counterpart, together.
    both_missed: f64,
}

/// `ln c(k, n)`: the log of the chance that a random side of `size` sentences holds a key
/// that a share `share` of sentences hold.
fn ln_chance(share: f64, size: usize) -> f64 {
    (-(size as f64 * (1.0 - share).ln()).exp()).ln_1p()
}

impl KeyOdds {
    fn new(p: f64, source_share: f64, target_share: f64) -> KeyOdds {
        let mut odds = KeyOdds {
            ln_found: p.ln(),
            ln_missed: (1.0 - p).ln(),
            source_share,
            target_share,
            source_chance: std::array::from_fn(|n| ln_chance(source_share, n + 1)),
            target_chance: std::array::from_fn(|n| ln_chance(target_share, n + 1)),
            both_missed: 0.0,
        };
        odds.both_missed = odds.source_miss() + odds.target_miss();
        odds
    }

    /// `ln c(k, n)` for a side of `size` sentences with key share `share`, from `table`
    /// when it holds that size.
    fn chance(table: &[f64; CHANCE_TABLE_SIZES], share: f64, size: usize) -> f64 {
        match size.checked_sub(1).and_then(|n| table.get(n)) {
            Some(&value) => value,
            None => ln_chance(share, size),
        }
    }

    /// What a matched pair adds to a bead of `source_size` and `target_size` sentences
    /// whose occurrences were all scored as misses. A match never counts against a bead:
    /// a true bead shares a key at least as often as a random one, so where a key is so
    /// common that chance finds it more often than the rate `p` says (frequent keys, and
    /// any key among the blocks of a coarse search), the match scores 0.
    fn match_gain(&self, source_size: usize, target_size: usize) -> f64 {
        let source = KeyOdds::chance(&self.source_chance, self.source_share, source_size);
        let target = KeyOdds::chance(&self.target_chance, self.target_share, target_size);
        (self.ln_found - (source + target) / 2.0).max(0.0) - self.both_missed
    }

    /// The score of a source occurrence without counterpart.
    fn source_miss(&self) -> f64 {
        (self.ln_missed - (1.0 - self.target_share).ln()).min(0.0)
    }

    /// The score of a target occurrence without counterpart.
    fn target_miss(&self) -> f64 {
        (self.ln_missed - (1.0 - self.source_share).ln()).min(0.0)
    }
}

/// Running sums over the key occurrences of a side's first sentences.
#[derive(Debug, Clone, Copy, Default)]
struct MissSums {
    /// The miss scores of the occurrences.
    score: f64,
    /// Number of occurrences.
    count: usize,
}

impl MissSums {
    fn minus(&self, other: &MissSums) -> MissSums {
        MissSums {
            score: self.score - other.score,
            count: self.count - other.count,
        }
    }
}

/// Scores beads by their anchors (see the module documentation).
#[derive(Debug, Clone)]
pub struct LexicalModel<'a> {
    index: &'a LexicalIndex,
    keys: Vec<KeyOdds>,
    source_sums: Vec<MissSums>,
    target_sums: Vec<MissSums>,
}

impl<'a> LexicalModel<'a> {
    /// The log-likelihood ratio, in nats, that the bead of `source` and `target`
    /// sentences is a translation rather than a random pair of sides of the same sizes.
    /// A bead with an empty side (a sentence left out or added) scores 0: its anchors
    /// have no counterpart by definition, so they say nothing about it. (For tests: the
    /// search scores whole rows.)
    #[cfg(test)]
    pub fn score(&self, source: Range<usize>, target: Range<usize>) -> f64 {
        let shape = [Shape {
            source: source.len(),
            target: target.len(),
            prior: 1.0,
        }];
        let mut score = [0.0];
        self.row(source.start, &shape)
            .scores(target.start, &[true], &mut score);
        score[0]
    }

    /// The scorer of the beads of `shapes` that start in source row `i`: the keys of the
    /// row's source sentences are tabled once, with how often each of them holds each.
    pub fn row(&self, i: usize, shapes: &[Shape]) -> LexicalRow<'_, 'a> {
        let n = self.index.source.len();
        let mut families: Vec<SourceFamily> = Vec::new();
        for (k, shape) in shapes.iter().enumerate() {
            if i + shape.source > n {
                continue;
            }
            match families.iter_mut().find(|f| f.size == shape.source) {
                Some(family) => family.targets.push((shape.target, k)),
                None => families.push(SourceFamily {
                    size: shape.source,
                    misses: self.source_sums[i + shape.source]
                        .minus(&self.source_sums[i])
                        .score,
                    targets: vec![(shape.target, k)],
                }),
            }
        }
        for family in &mut families {
            family.targets.sort_unstable();
        }
        let reach = families.iter().map(|f| f.size).max().unwrap_or(0);
        LexicalRow {
            model: self,
            families,
            source_keys: RowKeys::new(&self.index.source[i..i + reach]),
            hits: RefCell::default(),
            paired: RefCell::new(Vec::new()),
        }
    }
}

/// The beads of one source row that share a source side: its size, the misses of its
/// keys, and the target sizes (with shape numbers) wanted with it.
struct SourceFamily {
    size: usize,
    misses: f64,
    targets: Vec<(usize, usize)>,
}

/// The keys of a row's source sentences `i..i + reach`: each key once, sorted, with the
/// number of its occurrences in the first `s` sentences for every `s` in `0..=reach`.
struct RowKeys {
    keys: Vec<u32>,
    /// `counts[key number · (reach + 1) + s]`.
    counts: Vec<u32>,
    reach: usize,
}

impl RowKeys {
    fn new(sentences: &[Vec<u32>]) -> RowKeys {
        let reach = sentences.len();
        let mut keys: Vec<u32> = sentences.iter().flatten().copied().collect();
        keys.sort_unstable();
        keys.dedup();
        let mut counts = vec![0; keys.len() * (reach + 1)];
        for (r, sentence) in sentences.iter().enumerate() {
            for key in sentence {
                if let Ok(number) = keys.binary_search(key) {
                    for s in r + 1..=reach {
                        counts[number * (reach + 1) + s] += 1;
                    }
                }
            }
        }
        RowKeys {
            keys,
            counts,
            reach,
        }
    }

    /// Occurrences of key number `number` in the first `size` source sentences.
    fn count(&self, number: u32, size: usize) -> u32 {
        self.counts[number as usize * (self.reach + 1) + size]
    }
}

/// The keys of the row each target sentence holds, as key numbers of [`RowKeys`] with
/// their occurrences in the sentence, found once per sentence: the beads of
/// neighbouring cells take in the same target sentences.
#[derive(Default)]
struct TargetHits {
    /// The first target sentence looked at, and per sentence from it on, its span of
    /// `hits`.
    first: usize,
    spans: Vec<Range<usize>>,
    hits: Vec<(u32, u32)>,
}

impl TargetHits {
    /// The row's keys in target sentence `t`; sentences are looked at in increasing order.
    fn of(&mut self, t: usize, row: &RowKeys, target: &[Vec<u32>]) -> &[(u32, u32)] {
        if self.spans.is_empty() {
            self.first = t;
        }
        while self.first + self.spans.len() <= t {
            let start = self.hits.len();
            let sentence = &target[self.first + self.spans.len()];
            for (position, key) in sentence.iter().enumerate() {
                if position > 0 && sentence[position - 1] == *key {
                    continue;
                }
                if let Ok(number) = row.keys.binary_search(key) {
                    let count = sentence[position..]
                        .iter()
                        .take_while(|k| *k == key)
                        .count();
                    self.hits.push((number as u32, count as u32));
                }
            }
            self.spans.push(start..self.hits.len());
        }
        &self.hits[self.spans[t - self.first].clone()]
    }
}

/// Scores the beads that start in one source row (see [`LexicalModel::row`]).
pub struct LexicalRow<'m, 'a> {
    model: &'m LexicalModel<'a>,
    families: Vec<SourceFamily>,
    source_keys: RowKeys,
    hits: RefCell<TargetHits>,
    /// Per key number a bead's target side holds: its target occurrences so far, and
    /// the source side's. Working space.
    paired: RefCell<Vec<(u32, u32, u32)>>,
}

impl LexicalRow<'_, '_> {
    /// Writes into `scores[k]` the lexical score of the bead of shape `k` that starts at
    /// target position `j` in this row, for every shape with `wanted[k]` that fits the
    /// lattice. Calls for one row must come with `j` never decreasing.
    pub fn scores(&self, j: usize, wanted: &[bool], scores: &mut [f64]) {
        let model = self.model;
        let target = &model.index.target;
        let mut hits = self.hits.borrow_mut();
        let mut paired = self.paired.borrow_mut();
        for family in &self.families {
            let Some(largest) = family
                .targets
                .iter()
                .rev()
                .find(|(_, k)| wanted[*k])
                .map(|&(size, _)| size)
            else {
                continue;
            };
            paired.clear();
            let mut taken = 0;
            for &(size, k) in &family.targets {
                if j + size > target.len() || size > largest {
                    break;
                }
                if !wanted[k] {
                    continue;
                }
                if family.size == 0 || size == 0 {
                    scores[k] = 0.0;
                    continue;
                }
                while taken < size {
                    for &(number, count) in hits.of(j + taken, &self.source_keys, target) {
                        let in_source = self.source_keys.count(number, family.size);
                        if in_source == 0 {
                            continue;
                        }
                        match paired.iter_mut().find(|(key, _, _)| *key == number) {
                            Some((_, in_target, _)) => *in_target += count,
                            None => paired.push((number, count, in_source)),
                        }
                    }
                    taken += 1;
                }
                let target_misses = model.target_sums[j + size]
                    .minus(&model.target_sums[j])
                    .score;
                let gain: f64 = paired
                    .iter()
                    .map(|&(number, in_target, in_source)| {
                        let key = self.source_keys.keys[number as usize] as usize;
                        f64::from(in_target.min(in_source))
                            * model.keys[key].match_gain(family.size, size)
                    })
                    .sum();
                scores[k] = family.misses + target_misses + gain;
            }
        }
    }
}

thread_local! {
        /// Buffers for the keys of a bead's two sides and for merging, reused across calls.
    static BEAD_KEYS: RefCell<(Vec<u32>, Vec<u32>, Vec<u32>)> =
        const { RefCell::new((Vec::new(), Vec::new(), Vec::new())) };
}

/// Calls `f` with the sorted keys of the bead's source and target sentences.
fn with_bead_keys(
    index: &LexicalIndex,
    source: &Range<usize>,
    target: &Range<usize>,
    f: impl FnOnce(&[u32], &[u32]),
) {
    BEAD_KEYS.with_borrow_mut(|(src_buffer, tgt_buffer, scratch)| {
        let src = merged(&index.source[source.clone()], src_buffer, scratch);
        let tgt = merged(&index.target[target.clone()], tgt_buffer, scratch);
        f(src, tgt);
    });
}

/// The sorted keys of several sentences, each sorted already: the one sentence's own list,
/// or the lists merged into `buffer` (`scratch` is working space).
fn merged<'a>(
    sentences: &'a [Vec<u32>],
    buffer: &'a mut Vec<u32>,
    scratch: &mut Vec<u32>,
) -> &'a [u32] {
    match sentences {
        [] => &[],
        [one] => one,
        [first, rest @ ..] => {
            buffer.clear();
            buffer.extend_from_slice(first);
            for sentence in rest {
                scratch.clear();
                let (mut i, mut j) = (0, 0);
                while i < buffer.len() && j < sentence.len() {
                    if buffer[i] <= sentence[j] {
                        scratch.push(buffer[i]);
                        i += 1;
                    } else {
                        scratch.push(sentence[j]);
                        j += 1;
                    }
                }
                scratch.extend_from_slice(&buffer[i..]);
                scratch.extend_from_slice(&sentence[j..]);
                std::mem::swap(buffer, scratch);
            }
            buffer
        }
    }
}

/// Calls `f` once for each matched pair of occurrences of a key in two sorted lists.
fn for_each_match(a: &[u32], b: &[u32], mut f: impl FnMut(u32)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                f(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
}

/// The skeletons of the names of a Latin-script side: words written with a capital
/// letter wherever they occur (so that sentence-initial words such as "After" are left
/// out when they also occur in lower case).
#[derive(Debug, Clone)]
struct NameSkeletons {
    skeletons: HashSet<String>,
    names: HashSet<String>,
}

impl NameSkeletons {
    fn of(side: &Side) -> NameSkeletons {
        let mut capitalised: HashMap<String, bool> = HashMap::new();
        for word in &side.words {
            let upper = word.chars().next().is_some_and(char::is_uppercase);
            *capitalised.entry(fold_word(word)).or_insert(true) &= upper;
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

    /// The keys of each sentence of a side, as `role` says to find them. Keys are worked
    /// out once for each distinct word and number, then copied to their occurrences.
    fn side(&mut self, side: &Side, role: &SideRole) -> Vec<Vec<u32>> {
        let word_keys: Vec<Vec<u32>> = side
            .words
            .iter()
            .zip(&side.word_stems)
            .map(|(word, &stem)| self.word_keys(word, &side.stems[stem as usize], role))
            .collect();
        let number_keys: Vec<u32> = side
            .numbers
            .iter()
            .map(|digits| self.key(AnchorClass::Number, digits.clone()))
            .collect();
        let mut punctuation_keys: HashMap<char, u32> = HashMap::new();
        side.sentences
            .iter()
            .map(|items| {
                let mut keys = Vec::new();
                for item in items {
                    match *item {
                        Item::Number(n) => keys.push(number_keys[n as usize]),
                        Item::Punctuation(c) => {
                            keys.push(*punctuation_keys.entry(c).or_insert_with(|| {
                                self.key(AnchorClass::Punctuation, c.to_string())
                            }))
                        }
                        Item::Word(w) => keys.extend_from_slice(&word_keys[w as usize]),
                    }
                }
                keys
            })
            .collect()
    }

    /// The keys of one word: its cognate key, its name skeleton across scripts, and its
    /// lexicon pair.
    fn word_keys(&mut self, word: &str, stem: &str, role: &SideRole) -> Vec<u32> {
        let mut keys = Vec::new();
        let arabic_word = is_arabic_script(word);
        let arabic_side = matches!(role.names, Some((_, true)));
        match role.names {
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
            }
            _ => {}
        }
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let cognate_candidate = letters >= MIN_WORD_CHARS || word.chars().any(char::is_numeric);
        if cognate_candidate && !(arabic_side && arabic_word) {
            keys.push(self.key(AnchorClass::Word, word_key(word)));
        }
        if let Some((lexicon, is_source)) = role.lexicon {
            let source_stem = if is_source {
                lexicon.target_of(stem).map(|_| stem)
            } else {
                lexicon.source_of(stem)
            };
            if let Some(source_stem) = source_stem {
                keys.push(self.key(AnchorClass::Lexicon, source_stem.to_owned()));
            }
        }
        keys
    }
}

/// What a side needs to find its keys.
struct SideRole<'a> {
    /// Across scripts: the Latin side's name skeletons, and whether this is the Arabic
    /// side.
    names: Option<(&'a NameSkeletons, bool)>,
    /// A lexicon, and whether this is its source side.
    lexicon: Option<(&'a Lexicon, bool)>,
}

/// The longest chain of `pairs` (sorted) increasing strictly in both coordinates, by
/// patience sorting in O(k log k).
fn longest_increasing_chain(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_chain_rises_on_both_sides_and_takes_one_pair_a_sentence() {
        let pairs = [
            (0, 5),
            (1, 1),
            (1, 2),
            (2, 3),
            (3, 0),
            (4, 4),
            (5, 4),
            (6, 9),
        ];
        let chain = longest_increasing_chain(&pairs);
        assert_eq!(chain, [(1, 1), (2, 3), (4, 4), (6, 9)]);
        assert!(longest_increasing_chain(&[]).is_empty());
    }
    use crate::lexicon::dictionary::{Dictionary, DictionaryFormat};

    fn index(source: &[&str], target: &[&str]) -> LexicalIndex {
        Anchors::extract(source, target, "xx", "yy").index(None)
    }

    fn score(source: &[&str], target: &[&str], s: Range<usize>, t: Range<usize>) -> f64 {
        index(source, target).model(&[0.9; CLASS_COUNT]).score(s, t)
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
    fn merging_true_beads_gains_nothing_from_their_anchors() {
        let source = [
            "In 1955 it rose.",
            "In 1960 it fell.",
            "Then in 1961 it fell.",
        ];
        let target = [
            "En 1955 il monta.",
            "En 1960 il baissa.",
            "Puis en 1961 il baissa.",
        ];
        let separate = score(&source, &target, 0..1, 0..1) + score(&source, &target, 1..2, 1..2);
        let merged = score(&source, &target, 0..2, 0..2);
        assert!(separate > 0.0);
        assert!(merged < separate, "merged {merged} separate {separate}");
    }

    #[test]
    fn match_rates_count_found_counterparts() {
        let source = ["In 1955 it rose.", "In 1960 it fell."];
        let target = ["En 1955 il monta.", "Il baissa en 1961."];
        let index = index(&source, &target);
        let beads = [(0..1, 0..1), (1..2, 1..2)];
        let rates = index.match_rates(beads.iter().map(|(s, t)| (s, t)));
        // Numbers: 1955 is shared by both sides and matched; 1960 and 1961 are on one
        // side only and are not anchors at all.
        assert!((rates[AnchorClass::Number.index()] - 3.0 / 4.0).abs() < 1e-9);
    }

    #[test]
    fn a_dictionary_entry_meets_inflected_forms_through_their_stems() {
        let source = ["Das Haus brannte.", "Der Baum fiel."];
        let target = ["The houses burned.", "The tree fell."];
        let anchors = Anchors::extract(&source, &target, "de", "en");
        let dictionary = Dictionary::parse("Häuser\thouse\n", DictionaryFormat::Tsv).unwrap();
        let lexicon = anchors.learn_lexicon(&[], &dictionary.stems("de", "en"));
        assert_eq!(lexicon.len(), 1);
        let rates = [0.9; CLASS_COUNT];
        let without = anchors.index(None);
        let with = anchors.index(Some(&lexicon));
        assert_eq!(without.model(&rates).score(0..1, 0..1), 0.0);
        assert!(with.model(&rates).score(0..1, 0..1) > 0.5);
        assert!(with.model(&rates).score(0..1, 1..2) < 0.0);
    }
}
