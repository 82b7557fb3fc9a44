//! Scoring beads by their anchors, a whole row of the lattice at a time (see the
//! module documentation of [`super`]).

use std::cell::RefCell;
use std::cmp::Ordering;
use std::ops::Range;

use super::index::LexicalIndex;
use super::odds::{KeyOdds, MissSums};
use crate::align::shapes::Shape;

/// Scores beads by their anchors (see the module documentation).
#[derive(Debug, Clone)]
pub struct LexicalModel<'a> {
    pub(super) index: &'a LexicalIndex,
    pub(super) keys: Vec<KeyOdds>,
    pub(super) source_sums: Vec<MissSums>,
    pub(super) target_sums: Vec<MissSums>,
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
        let mut space = ROW_SPACE.with_borrow_mut(std::mem::take);
        for shape in shapes {
            if i + shape.source <= n && !space.families.iter().any(|f| f.size == shape.source) {
                space.families.push(SourceFamily {
                    size: shape.source,
                    misses: self.source_sums[i + shape.source]
                        .minus(&self.source_sums[i])
                        .score,
                    targets: 0..0,
                });
            }
        }
        for family in &mut space.families {
            let start = space.targets.len();
            for (k, shape) in shapes.iter().enumerate() {
                if shape.source == family.size {
                    space.targets.push((shape.target, k));
                }
            }
            space.targets[start..].sort_unstable();
            family.targets = start..space.targets.len();
        }
        let reach = space.families.iter().map(|f| f.size).max().unwrap_or(0);
        let source_keys = RowKeys::new(
            &self.index.source[i..i + reach],
            self.index.classes.len(),
            &mut space,
        );
        space.slots.resize(source_keys.keys.len(), NO_SLOT);
        space
            .gains
            .resize(source_keys.keys.len() * shapes.len(), f64::NAN);
        LexicalRow {
            model: self,
            source_keys,
            space: RefCell::new(space),
        }
    }
}

/// The working space of a row's scoring: one a thread, taken by a row and given back
/// clear when it is dropped, since allocating it anew for every row of every fill took
/// some 7% of an alignment's time.
#[derive(Default)]
struct RowSpace {
    /// Per key of the index: its key number in the row, or [`NO_SLOT`] (see
    /// [`RowKeys::number`]). Looked up for each key of each target sentence near the
    /// row, where a binary search of the row's keys was a fifth of the time scoring took.
    numbers: Vec<u32>,
    /// Buffers for [`RowKeys::keys`] and [`RowKeys::counts`], while no row holds them.
    keys: Vec<u32>,
    counts: Vec<u32>,
    /// The row's families of beads that share a source side.
    families: Vec<SourceFamily>,
    /// The target sizes (with shape numbers) of each family, in order of size.
    targets: Vec<(usize, usize)>,
    hits: TargetHits,
    /// Per key number a bead's target side holds: its target occurrences so far, and
    /// the source side's.
    paired: Vec<(u32, u32, u32)>,
    /// Per key number of the row: where it is in `paired`, or [`NO_SLOT`].
    slots: Vec<u32>,
    /// Per key number of the row and shape: what a match of the key adds to a bead of
    /// that shape ([`KeyOdds::match_gain`]), NaN until a bead of the row needs it. A
    /// cell's beads and the cells of the row share them: worked out for each bead, they
    /// fetched the key's odds from memory each time.
    gains: Vec<f64>,
}

thread_local! {
    /// The thread's working space for rows (see [`RowSpace`]).
    static ROW_SPACE: RefCell<RowSpace> = RefCell::new(RowSpace::default());
}

/// The beads of one source row that share a source side: its size, the misses of its
/// keys, and where the target sizes (with shape numbers) wanted with it are in
/// [`RowSpace::targets`].
struct SourceFamily {
    size: usize,
    misses: f64,
    targets: Range<usize>,
}

/// The keys of a row's source sentences `i..i + reach`: each key once, sorted, with the
/// number of its occurrences in the first `s` sentences for every `s` in `0..=reach`.
pub(super) struct RowKeys {
    pub(super) keys: Vec<u32>,
    /// `counts[key number · (reach + 1) + s]`.
    pub(super) counts: Vec<u32>,
    pub(super) reach: usize,
    /// Per key of the index: its key number in the row, or [`NO_SLOT`].
    numbers: Vec<u32>,
}

impl RowKeys {
    /// The keys of `sentences`, an index of `key_count` keys, in the buffers of `space`.
    fn new(sentences: &[Vec<u32>], key_count: usize, space: &mut RowSpace) -> RowKeys {
        let reach = sentences.len();
        let mut keys = std::mem::take(&mut space.keys);
        keys.extend(sentences.iter().flatten());
        keys.sort_unstable();
        keys.dedup();
        let mut numbers = std::mem::take(&mut space.numbers);
        if numbers.len() < key_count {
            numbers = vec![NO_SLOT; key_count];
        }
        for (number, &key) in keys.iter().enumerate() {
            numbers[key as usize] = number as u32;
        }
        let mut counts = std::mem::take(&mut space.counts);
        counts.resize(keys.len() * (reach + 1), 0);
        for (r, sentence) in sentences.iter().enumerate() {
            for &key in sentence {
                let number = numbers[key as usize] as usize;
                for s in r + 1..=reach {
                    counts[number * (reach + 1) + s] += 1;
                }
            }
        }
        RowKeys {
            keys,
            counts,
            reach,
            numbers,
        }
    }

    /// The key number of `key` in the row, if the row holds it.
    pub(super) fn number(&self, key: u32) -> Option<u32> {
        Some(self.numbers[key as usize]).filter(|&number| number != NO_SLOT)
    }

    /// Occurrences of key number `number` in the first `size` source sentences.
    pub(super) fn count(&self, number: u32, size: usize) -> u32 {
        self.counts[number as usize * (self.reach + 1) + size]
    }

    /// Puts the buffers back into `space`, cleared (the map of key numbers all
    /// [`NO_SLOT`] again).
    fn give_back(&mut self, space: &mut RowSpace) {
        for &key in &self.keys {
            self.numbers[key as usize] = NO_SLOT;
        }
        self.keys.clear();
        self.counts.clear();
        space.numbers = std::mem::take(&mut self.numbers);
        space.keys = std::mem::take(&mut self.keys);
        space.counts = std::mem::take(&mut self.counts);
    }
}

/// The keys of the row each target sentence holds, as key numbers of [`RowKeys`] with
/// their occurrences in the sentence, found once per sentence: the beads of
/// neighbouring cells take in the same target sentences.
#[derive(Default)]
pub(super) struct TargetHits {
    /// The first target sentence looked at, and per sentence from it on, its span of
    /// `hits`.
    pub(super) first: usize,
    pub(super) spans: Vec<Range<usize>>,
    pub(super) hits: Vec<(u32, u32)>,
}

impl TargetHits {
    /// The row's keys in target sentence `t`; sentences are looked at in increasing order.
    pub(super) fn of(&mut self, t: usize, row: &RowKeys, target: &[Vec<u32>]) -> &[(u32, u32)] {
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
                if let Some(number) = row.number(*key) {
                    let count = sentence[position..]
                        .iter()
                        .take_while(|k| *k == key)
                        .count();
                    self.hits.push((number, count as u32));
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
    source_keys: RowKeys,
    space: RefCell<RowSpace>,
}

impl Drop for LexicalRow<'_, '_> {
    /// Gives the working space back to the thread, cleared, for its next row.
    fn drop(&mut self) {
        let mut space = std::mem::take(self.space.get_mut());
        self.source_keys.give_back(&mut space);
        space.families.clear();
        space.targets.clear();
        space.hits.spans.clear();
        space.hits.hits.clear();
        space.paired.clear();
        space.slots.clear();
        space.gains.clear();
        ROW_SPACE.with_borrow_mut(|spare| *spare = space);
    }
}

/// A key number not in [`RowSpace::paired`].
const NO_SLOT: u32 = u32::MAX;

impl LexicalRow<'_, '_> {
    /// Writes into `scores[k]` the lexical score of the bead of shape `k` that starts at
    /// target position `j` in this row, for every shape with `wanted[k]` that fits the
    /// lattice. Calls for one row must come with `j` never decreasing.
    pub fn scores(&self, j: usize, wanted: &[bool], scores: &mut [f64]) {
        let model = self.model;
        let target = &model.index.target;
        let space = &mut *self.space.borrow_mut();
        let RowSpace {
            families,
            targets,
            hits,
            paired,
            slots,
            gains,
            ..
        } = space;
        let shapes = scores.len();
        for family in families.iter() {
            let family_targets = &targets[family.targets.clone()];
            let Some(largest) = family_targets
                .iter()
                .rev()
                .find(|(_, k)| wanted[*k])
                .map(|&(size, _)| size)
            else {
                continue;
            };
            for &(number, _, _) in paired.iter() {
                slots[number as usize] = NO_SLOT;
            }
            paired.clear();
            let mut taken = 0;
            for &(size, k) in family_targets {
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
                        match slots[number as usize] {
                            NO_SLOT => {
                                slots[number as usize] = paired.len() as u32;
                                paired.push((number, count, in_source));
                            }
                            slot => paired[slot as usize].1 += count,
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
                        let gain = &mut gains[number as usize * shapes + k];
                        if gain.is_nan() {
                            let key = self.source_keys.keys[number as usize] as usize;
                            *gain = model.keys[key].match_gain(family.size, size);
                        }
                        f64::from(in_target.min(in_source)) * *gain
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
pub(super) fn with_bead_keys(
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
pub(super) fn merged<'a>(
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
pub(super) fn for_each_match(a: &[u32], b: &[u32], mut f: impl FnMut(u32)) {
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
