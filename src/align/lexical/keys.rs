//! Anchor keys: the tokens of both sides of a document pair (numbers, punctuation,
//! words, their stems and name skeletons), numbered so that a key shared by the two
//! sides has one number.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;

use super::index::LexicalIndex;
use crate::align::anchors::{AnchorClass, MIN_WORD_CHARS, word_key};
use crate::align::translit::{arabic_skeletons, latin_skeleton};
use crate::lexicon::Lexicon;
use crate::text::arabic::is_arabic_script;
use crate::text::normalize::fold_word;
use crate::text::stem::WordStemmer;
use crate::text::tokens::{Token, tokens};

/// The map the tables of words and keys are kept in, looked up for every token of both
/// texts: foldhash (hashbrown's hasher) rather than the standard library's SipHash, whose
/// resistance to chosen collisions tables of a document's own words do not need.
type FastMap<K, V> = foldhash::HashMap<K, V>;

/// Skeletons shorter than this match too much by chance to be name anchors.
pub(super) const MIN_SKELETON_CHARS: usize = 3;

/// The tokens of both sides of a document pair, found once and indexed as often as the
/// lexicon changes.
#[derive(Debug, Clone)]
pub struct Anchors {
    pub(super) source: Side,
    pub(super) target: Side,
    /// When the sides are in different scripts: whether the source is the Arabic side,
    /// and the name skeletons of the other side.
    pub(super) names: Option<(bool, NameSkeletons)>,
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
pub(super) enum Item {
    Number(u32),
    Punctuation(char),
    Word(u32),
}

/// One side of a document pair: each sentence as a list of items, each distinct word and
/// number stored once, each word with its stem.
#[derive(Debug, Clone)]
pub(super) struct Side {
    pub(super) sentences: Vec<Vec<Item>>,
    pub(super) words: Vec<String>,
    pub(super) numbers: Vec<String>,
    /// The stem number of each word.
    pub(super) word_stems: Vec<u32>,
    /// The stems.
    pub(super) stems: Vec<String>,
}

impl Side {
    /// Tokenises and stems the sentences of a side in language `lang`.
    pub(super) fn read<S: AsRef<str> + Sync>(sentences: &[S], lang: &str) -> Side {
        let stemmer = WordStemmer::for_language(lang);
        let mut side = Side {
            sentences: Vec::with_capacity(sentences.len()),
            words: Vec::new(),
            numbers: Vec::new(),
            word_stems: Vec::new(),
            stems: Vec::new(),
        };
        let (mut word_ids, mut number_ids, mut stem_ids) =
            (FastMap::default(), FastMap::default(), FastMap::default());
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
    pub(super) fn sentence_stems(&self) -> Vec<Vec<u32>> {
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
    pub(super) fn mostly_arabic(&self) -> bool {
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
pub(super) fn intern(
    table: &mut FastMap<String, u32>,
    names: &mut Vec<String>,
    text: String,
) -> u32 {
    if let Some(&id) = table.get(&text) {
        return id;
    }
    let id = names.len() as u32;
    names.push(text.clone());
    table.insert(text, id);
    id
}

/// The skeletons of the names of a Latin-script side: words written with a capital
/// letter wherever they occur (so that sentence-initial words such as "After" are left
/// out when they also occur in lower case).
#[derive(Debug, Clone)]
pub(super) struct NameSkeletons {
    pub(super) skeletons: HashSet<String>,
    pub(super) names: HashSet<String>,
}

impl NameSkeletons {
    pub(super) fn of(side: &Side) -> NameSkeletons {
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
pub(super) struct KeyTable {
    pub(super) numbers: FastMap<(AnchorClass, String), u32>,
    pub(super) classes: Vec<AnchorClass>,
}

impl KeyTable {
    pub(super) fn key(&mut self, class: AnchorClass, text: String) -> u32 {
        let next = self.classes.len() as u32;
        *self.numbers.entry((class, text)).or_insert_with(|| {
            self.classes.push(class);
            next
        })
    }

    /// The keys of each sentence of a side, as `role` says to find them. Keys are worked
    /// out once for each distinct word and number, then copied to their occurrences.
    pub(super) fn side(&mut self, side: &Side, role: &SideRole) -> Vec<Vec<u32>> {
        // Each distinct word's keys worked out in parallel, then numbered in order.
        let word_key_texts: Vec<Vec<(AnchorClass, String)>> = side
            .words
            .par_iter()
            .zip(&side.word_stems)
            .map(|(word, &stem)| word_keys(word, &side.stems[stem as usize], role))
            .collect();
        let word_keys: Vec<Vec<u32>> = word_key_texts
            .into_iter()
            .map(|texts| {
                texts
                    .into_iter()
                    .map(|(class, text)| self.key(class, text))
                    .collect()
            })
            .collect();
        let number_keys: Vec<u32> = side
            .numbers
            .iter()
            .map(|digits| self.key(AnchorClass::Number, digits.clone()))
            .collect();
        // Punctuation keys numbered in order of first occurrence, then every sentence's
        // keys copied out in parallel.
        let mut punctuation_keys: HashMap<char, u32> = HashMap::new();
        for item in side.sentences.iter().flatten() {
            if let Item::Punctuation(c) = *item {
                punctuation_keys
                    .entry(c)
                    .or_insert_with(|| self.key(AnchorClass::Punctuation, c.to_string()));
            }
        }
        side.sentences
            .par_iter()
            .map(|items| {
                let mut keys = Vec::new();
                for item in items {
                    match *item {
                        Item::Number(n) => keys.push(number_keys[n as usize]),
                        Item::Punctuation(c) => keys.push(punctuation_keys[&c]),
                        Item::Word(w) => keys.extend_from_slice(&word_keys[w as usize]),
                    }
                }
                keys
            })
            .collect()
    }
}

/// The keys of one word, as class and text: its cognate key, its name skeleton across
/// scripts, and its lexicon pair.
fn word_keys(word: &str, stem: &str, role: &SideRole) -> Vec<(AnchorClass, String)> {
    let mut keys = Vec::new();
    let arabic_word = is_arabic_script(word);
    let arabic_side = matches!(role.names, Some((_, true)));
    match role.names {
        Some((names, true)) if arabic_word => {
            if let Some(skeleton) = arabic_skeletons(word)
                .into_iter()
                .find(|s| names.skeletons.contains(s))
            {
                keys.push((AnchorClass::Name, skeleton));
            }
        }
        Some((names, false)) if names.names.contains(&fold_word(word)) => {
            keys.push((AnchorClass::Name, latin_skeleton(word)));
        }
        _ => {}
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let cognate_candidate = letters >= MIN_WORD_CHARS || word.chars().any(char::is_numeric);
    if cognate_candidate && !(arabic_side && arabic_word) {
        keys.push((AnchorClass::Word, word_key(word)));
    }
    if let Some((lexicon, is_source)) = role.lexicon {
        let key = if is_source {
            lexicon.source_key(stem)
        } else {
            lexicon.target_key(stem)
        };
        if let Some(key) = key {
            keys.push((AnchorClass::Lexicon, key.to_string()));
        }
    }
    keys
}

/// What a side needs to find its keys.
pub(super) struct SideRole<'a> {
    /// Across scripts: the Latin side's name skeletons, and whether this is the Arabic
    /// side.
    pub(super) names: Option<(&'a NameSkeletons, bool)>,
    /// A lexicon, and whether this is its source side.
    pub(super) lexicon: Option<(&'a Lexicon, bool)>,
}
