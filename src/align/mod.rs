//! Sentence alignment: which source sentences translate which target sentences.
//!
//! [`align`] is pure: sentences in, beads out. It runs up to three passes of a dynamic
//! programme over beads (`lattice`) scored by Gale and Church's length model
//! ([`length`]) and shape priors fitted to the pair ([`shapes`]):
//!
//! 1. lengths only, with the pair's own length and sentence ratios (for a long document,
//!    fitted to the two-sided beads of a coarse search over blocks of sentences);
//! 2. lengths, the anchors the two sides share (`anchors`, `lexical`) and their
//!    paragraph boundaries (`paragraphs`), with rates measured on pass 1's confident
//!    beads, and the length variance widened if pass 1's 1-1 beads show a wider spread;
//! 3. the same with a lexicon learned from pass 2's confident beads and the user's
//!    dictionaries ([`crate::lexicon`]), unless pass 2's path shows that the texts are
//!    no translation of each other (`translation`).
//!
//! Every pass prices runs of omissions as gaps. Each bead of the result carries its
//! posterior probability as its confidence: the least of its posteriors under the final
//! pass's model and under two that weigh one kind of evidence at less than full weight
//! (`doubt`), made near zero when the two texts do not look like translations of each
//! other (`translation`). The scoring is described term
//! by term in `docs/alignment.md`.

pub(crate) mod anchors;
mod doubt;
pub mod edit;
pub(crate) mod lattice;
pub mod length;
pub(crate) mod lexical;
pub(crate) mod paragraphs;
#[cfg(test)]
mod properties;
pub mod shapes;
pub(crate) mod translation;
pub(crate) mod translit;

use std::ops::Range;

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::lexicon::{Lexicon, WordStems};
use crate::segment::Sentence;

use anchors::CLASS_COUNT;
use doubt::{Confidence, Weighed};
use lattice::{Corridor, CostCache, Gaps, best_path, single_precision};
use length::{LengthCosts, LengthModel};
use lexical::{Anchors, LexicalIndex, LexicalModel};
use paragraphs::ParagraphModel;

use shapes::{Shape, ShapeTable};

use crate::text::normalize::measured_length;

/// Settings of the aligner.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignConfig {
    /// The bead shapes allowed, with their starting priors, fitted to each pair (the
    /// default table reaches further on the side with more sentences, see
    /// [`ShapeTable::fitted_to`]). Must include 1-0 and 0-1, so that every pair of
    /// sentence lists has an alignment.
    pub shapes: ShapeTable,
    /// Half the width, in units, of the band searched around the diagonal where a first
    /// search does not take in the whole lattice (a document of more than
    /// `lattice::SMALL_LATTICE` cells without a coarse level, and the top level of a
    /// coarse search); it widens wherever the best path meets its edge.
    pub band_half_width: usize,
    /// Language of the source sentences, for stemming (empty when unknown).
    pub source_lang: String,
    /// Language of the target sentences, for stemming (empty when unknown).
    pub target_lang: String,
    /// Whether to weigh lexical evidence (anchors and a learned lexicon) or lengths alone,
    /// as Gale and Church did.
    pub lexical: bool,
    /// Word pairs from the user's dictionaries, as stems of the two languages: those the
    /// text holds join the learned lexicon, before any learned pair.
    pub dictionary: WordStems,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            shapes: ShapeTable::default(),
            band_half_width: 100,
            source_lang: String::new(),
            target_lang: String::new(),
            lexical: true,
            dictionary: WordStems::default(),
        }
    }
}

impl AlignConfig {
    /// The default settings for aligning text in `source_lang` with text in
    /// `target_lang` (language codes such as `ar`, `en`).
    pub fn for_languages(source_lang: &str, target_lang: &str) -> Self {
        AlignConfig {
            source_lang: source_lang.to_owned(),
            target_lang: target_lang.to_owned(),
            ..AlignConfig::default()
        }
    }

    /// These settings with the word pairs `pairs` (words as written, source then
    /// target) as the dictionary, stemmed with the stemmers of the settings' languages.
    pub fn with_dictionary(self, pairs: &[(String, String)]) -> Self {
        let dictionary = WordStems::of_words(pairs, &self.source_lang, &self.target_lang);
        AlignConfig { dictionary, ..self }
    }
}

/// One link of an alignment: a run of source sentences and the run of target sentences
/// that translates it. Either run may be empty (a sentence left out of the translation,
/// or added to it).
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Indices of the bead's source sentences.
    pub source: Range<usize>,
    /// Indices of the bead's target sentences.
    pub target: Range<usize>,
    /// Probability in [0, 1] that this bead is right: its posterior, the least under the
    /// final pass's model and two that weigh one kind of evidence less.
    pub confidence: f64,
}

impl Bead {
    /// The bead's kind as translators write it: `1-1`, `2-1`, `0-1`…
    pub fn kind(&self) -> String {
        format!("{}-{}", self.source.len(), self.target.len())
    }
}

/// The result of aligning two lists of sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// The beads, in order; together they cover every sentence of both sides once.
    pub beads: Vec<Bead>,
    /// The length model of the final pass.
    pub length_model: LengthModel,
    /// The shape priors of the final pass.
    pub shapes: ShapeTable,
    /// The word pairs the final pass used: dictionary pairs found in the text and pairs
    /// learned from it (empty when none were).
    pub lexicon: Lexicon,
    /// The number of lattice cells the passes evaluated, coarse levels included (cost
    /// tables, searches with their repairs, and both sums of the confidences): the work
    /// of the search, which stays within a constant times the number of sentences.
    pub searched_cells: usize,
    /// False when the two texts do not look like translations of each other (see
    /// `translation`); true when lexical evidence was not weighed.
    pub looks_like_translation: bool,
}

impl Alignment {
    /// The mean confidence of the beads, or 1 for an alignment without beads.
    pub fn mean_confidence(&self) -> f64 {
        if self.beads.is_empty() {
            return 1.0;
        }
        self.beads.iter().map(|b| b.confidence).sum::<f64>() / self.beads.len() as f64
    }
}

/// Confidence from which a bead is trusted to measure anchor match rates and to learn
/// word translations from.
pub const TRUSTED_CONFIDENCE: f64 = 0.9;

/// Aligns `source` sentences with `target` sentences.
pub fn align<S: AlignUnit, T: AlignUnit>(
    source: &[S],
    target: &[T],
    config: &AlignConfig,
) -> Alignment {
    let (source_lengths, target_lengths) = (measured_lengths(source), measured_lengths(target));
    align_measured(source, target, (&source_lengths, &target_lengths), config)
}

/// The length of each of `sentences` as the length model counts it ([`measured_length`]),
/// measured in parallel: what [`align_measured`] takes, and a loaded document holds.
pub fn measured_lengths<S: AlignUnit>(sentences: &[S]) -> Vec<usize> {
    sentences
        .par_iter()
        .map(|s| measured_length(s.text()))
        .collect()
}

/// Aligns `source` sentences with `target` sentences whose lengths the caller measured
/// already (each sentence's [`measured_length`], as a loaded document holds them), as
/// [`align`] does.
pub fn align_measured<S: AlignUnit, T: AlignUnit>(
    source: &[S],
    target: &[T],
    (source_lengths, target_lengths): (&[usize], &[usize]),
    config: &AlignConfig,
) -> Alignment {
    assert_eq!(
        (source_lengths.len(), target_lengths.len()),
        (source.len(), target.len()),
        "a length for every sentence"
    );
    let source_texts: Vec<&str> = source.iter().map(AlignUnit::text).collect();
    let target_texts: Vec<&str> = target.iter().map(AlignUnit::text).collect();
    let anchors = config.lexical.then(|| {
        Anchors::extract(
            &source_texts,
            &target_texts,
            &config.source_lang,
            &config.target_lang,
        )
    });
    let sides = Sides::new(source_lengths, target_lengths);
    let mut alignment = passes_over(&sides, (source, target), config, anchors.as_ref());
    alignment.searched_cells = sides.work.load(Ordering::Relaxed);
    alignment
}

/// The passes of the aligner (see the module documentation) over the lattice of `sides`,
/// the lengths of `source` and `target`, with the anchors of the two sides when lexical
/// evidence is weighed.
fn passes_over<S: AlignUnit, T: AlignUnit>(
    sides: &Sides,
    (source, target): (&[S], &[T]),
    config: &AlignConfig,
    anchors: Option<&Anchors>,
) -> Alignment {
    let index = anchors.map(|anchors| anchors.index(None));
    let placed = index
        .as_ref()
        .map(|index| sides.anchored_stretches(&index.unique_chain()))
        .filter(|stretches| !stretches.is_empty());
    let (first_model, shapes) = sides.fit(&config.shapes, placed.as_deref());
    let plan = CoarsePlan {
        half_width: config.band_half_width,
        extend: sides
            .gap_price(
                &sides.costs(first_model, shapes.shapes(), Evidence::default()),
                shapes.shapes(),
                &[],
            )
            .deletion,
        units: (1.0, 1.0),
        level: 0,
        block_ratio: shapes.expected_ratio(),
        rates: [UNMEASURED_RATE; CLASS_COUNT],
    };
    let (first_search, first_model, shapes) = sides.fitted_coarse_search(
        &config.shapes,
        (first_model, shapes),
        plan,
        index.as_ref(),
        placed.is_some(),
    );
    // The first pass is taken for the last, and gives the final confidences, when nothing
    // but lengths and shapes will be weighed: no shared anchors and no dictionary. A pass
    // may still follow it (paragraph boundaries, weighed with these confidences, or a
    // model the first path changed): see below.
    let first_is_last = index
        .as_ref()
        .is_none_or(|index| index.is_empty() && config.dictionary.is_empty());
    let first = sides.run(
        first_model,
        &shapes,
        Evidence::default(),
        &first_search,
        &[],
        |_| {
            if first_is_last {
                Confidence::Lower
            } else {
                Confidence::Sampled
            }
        },
    );

    let first_corners = bead_corners(&first);
    let (fitted_model, shapes) = sides.fit(&config.shapes, Some(&first_corners));
    let model = sides.widened_to_one_to_one(fitted_model, &first_corners);
    let (Some(anchors), Some(index)) = (anchors, index) else {
        return if model == first_model {
            first
        } else {
            sides.run(
                model,
                &shapes,
                Evidence::default(),
                &Search::around(&first, GAP_SLACK),
                &trusted_starts(&first),
                |_| Confidence::Lower,
            )
        };
    };
    let paragraphs = paragraph_numbers(source)
        .zip(paragraph_numbers(target))
        .and_then(|(s, t)| {
            let boundaries = trusted_beads(&first).map(|(s, t)| (s.start, t.start));
            ParagraphModel::new(&s, &t, boundaries)
        });
    // Nothing more to weigh: no shared anchors, no dictionary, no paragraphs, and the
    // first pass's model is the one it would be run with again.
    if first_is_last && paragraphs.is_none() && model == first_model {
        let mut first = first;
        translation::weigh(&mut first, &index);
        return first;
    }
    // The texts are judged on pass 2's path, the last that no learned lexicon shaped
    // (see `translation`). Texts that are no translation of each other give a lexicon
    // nothing to learn from it but the chance pairings the path collected: they are not
    // searched again, and pass 2's confidences are the final ones, the plain posteriors
    // (the judgement making every one of them near zero).
    let mut translates = true;
    let second = {
        // Pass 2's index and model are dropped before pass 3 builds its own.
        let rates = index.match_rates(trusted_beads(&first));
        let lexical = index.model(&rates);
        let evidence = Evidence {
            lexical: Some(&lexical),
            paragraphs: paragraphs.as_ref(),
        };
        sides.run(
            model,
            &shapes,
            evidence,
            &Search::around(&first, GAP_SLACK),
            &trusted_starts(&first),
            |beads| {
                translates = translation::looks_like_translation(beads, &index);
                if translates {
                    Confidence::Sampled
                } else {
                    Confidence::Posterior
                }
            },
        )
    };
    if !translates {
        let mut second = second;
        translation::not_a_translation(&mut second);
        return second;
    }
    drop(index);

    let trusted: Vec<(Range<usize>, Range<usize>)> = trusted_beads(&second)
        .map(|(s, t)| (s.clone(), t.clone()))
        .collect();
    // An empty lexicon still leaves pass 3 the anchors' rates measured on pass 2's beads.
    let lexicon = anchors.learn_lexicon(&trusted, &config.dictionary);
    let index = anchors.index(Some(&lexicon));
    let rates = index.match_rates(trusted.iter().map(|(s, t)| (s, t)));
    let lexical = index.model(&rates);
    let evidence = Evidence {
        lexical: Some(&lexical),
        paragraphs: paragraphs.as_ref(),
    };
    let third = sides.run(
        model,
        &shapes,
        evidence,
        &Search::around(&second, GAP_SLACK_ANCHORED),
        &trusted_starts(&second),
        |_| Confidence::Lower,
    );
    Alignment { lexicon, ..third }
}

/// The fewest unique anchors (see [`LexicalIndex::unique_chain`]) that place the
/// translation.
const MIN_ANCHOR_CHAIN: usize = 8;
/// A stretch between two anchors whose length ratio is more than this factor off the
/// median stretch's is taken for a chance anchor's.
const STRETCH_RATIO_SPREAD: f64 = 2.0;

/// A sentence as the aligner takes it: its text and, when known, the number of its
/// paragraph.
pub trait AlignUnit: Sync {
    /// The sentence's text.
    fn text(&self) -> &str;
    /// The sentence's paragraph number, if the input has paragraphs.
    fn paragraph(&self) -> Option<usize> {
        None
    }
}

impl AlignUnit for &str {
    fn text(&self) -> &str {
        self
    }
}

impl AlignUnit for String {
    fn text(&self) -> &str {
        self
    }
}

impl AlignUnit for Sentence {
    fn text(&self) -> &str {
        &self.text
    }
    fn paragraph(&self) -> Option<usize> {
        Some(self.paragraph)
    }
}

/// The paragraph number of every sentence, if every sentence has one.
fn paragraph_numbers<S: AlignUnit>(sentences: &[S]) -> Option<Vec<usize>> {
    sentences.iter().map(AlignUnit::paragraph).collect()
}

/// The evidence a pass weighs beside lengths and shapes.
#[derive(Debug, Clone, Copy, Default)]
struct Evidence<'a> {
    /// Anchors and lexicon.
    lexical: Option<&'a LexicalModel<'a>>,
    /// Paragraph boundaries.
    paragraphs: Option<&'a ParagraphModel>,
}

/// The beads of `alignment` confident enough to measure the evidence with, as source and
/// target sentence ranges: both sides non-empty.
fn trusted_beads(alignment: &Alignment) -> impl Iterator<Item = (&Range<usize>, &Range<usize>)> {
    alignment
        .beads
        .iter()
        .filter(|b| {
            b.confidence >= TRUSTED_CONFIDENCE && !b.source.is_empty() && !b.target.is_empty()
        })
        .map(|b| (&b.source, &b.target))
}

/// The start cells of the confident 1-1 beads of `alignment`.
fn trusted_starts(alignment: &Alignment) -> Vec<(usize, usize)> {
    trusted_beads(alignment)
        .filter(|(s, t)| s.len() == 1 && t.len() == 1)
        .map(|(s, t)| (s.start, t.start))
        .collect()
}

/// Sentences on each side beyond which the length-only pass searches coarse to fine.
const COARSE_ABOVE: usize = 1_000;
/// The rate at which an anchor is taken to find its counterpart before any rate has been
/// measured: even odds.
const UNMEASURED_RATE: f64 = 0.5;
/// The most times the coarse search is run again with the ratios of its own path.
const MAX_REFITS: usize = 5;
/// A length ratio that moves by less than this share has settled. The coarse path is
/// only the corridor of the first pass, which widens where its path meets an edge, and a
/// ratio off by 2% moves the expected length of a block of 8 sentences (some 1,000
/// characters) by 20 characters, a quarter of its spread under Gale and Church's
/// variance; the ratios of a pair missing a chapter of 300 sentences in 6,700 are off by
/// 4.5%. Text+Berg repeated to 200k sentences a side refits its character ratio from
/// 1.036 to 1.023, and its first pass finds the same beads without a second coarse
/// search (a tenth of the alignment's time); 1984 with gaps at 50k refits its block
/// ratio by 0.7% and loses some 10 beads of 50,000 without it (strict F1 0.98904 to
/// 0.98889).
const SETTLED_RATIO: f64 = 0.02;
/// The most anchor keys a block of a coarse search is scored by: its rarest, which say
/// the most about where it belongs (a match of a key held by a share `f` of blocks is
/// worth about `−ln f`), so that the work per block stays bounded however long blocks
/// grow.
const BLOCK_KEYS: usize = 32;
/// The largest bead side, in blocks, of a coarse search.
const COARSE_MAX_BEAD: usize = 3;
/// Sentences merged into one block of a coarse search, on the side with fewer sentences
/// (see [`block_sizes`]).
const BLOCK: f64 = 8.0;

/// The sentences a block holds on each side of a coarse level, when the sides have
/// `ratio` target sentences per source sentence in their translated parts: [`BLOCK`] on
/// the side with fewer, in proportion on the other, so that a block translates a block.
/// Blocks of equal counts on both sides of a pair whose sentence counts differ (German
/// and French Text+Berg: 1.18 French sentences a German one) pair each block with a
/// shorter or longer translation, and the spread of lengths measured on the coarse path
/// then says nothing: 1,454 times Gale and Church's per character at blocks of 512
/// sentences, against 7 for sentences.
fn block_sizes(ratio: f64) -> (f64, f64) {
    let ratio = if ratio.is_finite() && ratio > 0.0 {
        ratio
    } else {
        1.0
    };
    if ratio >= 1.0 {
        (BLOCK, BLOCK * ratio)
    } else {
        (BLOCK / ratio, BLOCK)
    }
}

/// The first sentence of each block of a side of `sentences`, blocks of `size` (at least
/// one) sentences on average, and `sentences` last: block `b` starts at `⌊b·size⌋`.
#[allow(
    clippy::cast_sign_loss,
    reason = "block sizes are at least one sentence (see block_sizes), so every product is positive"
)]
fn block_starts(sentences: usize, size: f64) -> Vec<usize> {
    let count = (sentences as f64 / size).ceil() as usize;
    (0..count)
        .map(|b| (b as f64 * size) as usize)
        .chain(std::iter::once(sentences))
        .collect()
}

/// The most sentences by which a pass may move the start or the end of a run of
/// omissions placed by a pass that weighed lengths alone (see [`gap_slack`]): 1984
/// without 1,500 Hungarian sentences has its gap placed 600 sentences early by lengths.
const GAP_SLACK: usize = 512;
/// The same after a pass that weighed anchors, which places runs closely.
const GAP_SLACK_ANCHORED: usize = 256;
/// Half-width, in target sentences, of the corridor around an earlier path.
const CORRIDOR_WIDTH: usize = 4;
/// A path that comes this close to an inner edge of a corridor around an earlier path
/// may have been pushed there: the corridor is widened there and the path repaired in a
/// window around the place.
const CORRIDOR_MARGIN: usize = 2;
/// Target positions added on either side of a corridor where a path meets its edge: wide
/// enough that one round of widening and repair usually holds the path.
const WIDENING: usize = 16;
/// Cells of a row whose beads' length costs are worked out together (see
/// [`Sides::deviations_along`]): their part of a cost table, 4 KiB with 16 shapes, stays
/// in the nearest cache while every shape is priced.
const ROW_CHUNK: usize = 32;
/// Half-width of the corridor around the best path in which confidences are summed.
const POSTERIOR_WIDTH: usize = 4;
/// Sides shorter than this have no runs of omissions worth pricing apart.
const GAP_SAMPLE_MIN: usize = 20;
/// Confident beads sampled to price runs of omissions.
const GAP_SAMPLES: usize = 2_000;
/// Rows, and target positions in each, of the chance beads that price runs of
/// omissions.
const GAP_ROWS: usize = 16;
const GAP_COLUMNS: usize = 32;
/// A bead whose length and shape alone cost more than this (a probability below e⁻⁴⁰)
/// is not worth the lexical evidence: its cost is taken as it is.
const HOPELESS_COST: f64 = 40.0;

/// A well-mixed 64-bit function of `x` (splitmix64's finaliser): a fixed pseudo-random
/// draw, so that the aligner's results do not depend on a random seed.
pub(crate) fn spread(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The median of `values` (finite ones; infinity if none).
fn median(mut values: Vec<f64>) -> f64 {
    values.retain(|v| v.is_finite());
    if values.is_empty() {
        return f64::INFINITY;
    }
    let middle = values.len() / 2;
    *values.select_nth_unstable_by(middle, f64::total_cmp).1
}

/// A bead as its start and end cells: (source, target) positions.
type Corners = ((usize, usize), (usize, usize));

/// How a coarse search is done: the band it starts in, and the price of omitted sentences.
#[derive(Debug, Clone, Copy)]
struct CoarsePlan {
    /// Half-width of the diagonal band at the top level.
    half_width: usize,
    /// What a sentence after the first of a run of omissions costs (see [`Gaps`]).
    extend: f64,
    /// Sentences per unit of the level searched, source and target (on average: a
    /// block holds a whole number of sentences).
    units: (f64, f64),
    /// The level searched: 0 for sentences, 1 for blocks of sentences, 2 for blocks of
    /// those…
    level: usize,
    /// Target units per source unit where the sides translate each other, with the
    /// omissions too short to be seen as omitted blocks of the top level counted in:
    /// what the blocks of the next level are cut in proportion to.
    block_ratio: f64,
    /// The rate at which an anchor of each class finds its counterpart.
    rates: [f64; CLASS_COUNT],
}

/// Where a pass searches.
enum Search {
    /// The whole lattice where it has at most `lattice::SMALL_LATTICE` cells, otherwise
    /// around the diagonal at a given half-width.
    Whole(usize),
    /// Around the diagonal, starting at a given half-width.
    Diagonal(usize),
    /// Around the beads of a coarse path, projected onto the units searched (the start
    /// and end cells of its blocks), and around the runs of omissions its uneven beads
    /// may hold (see [`uneven_runs`]).
    Projected {
        beads: Vec<Corners>,
        runs: Vec<Corners>,
    },
    /// Around the beads of an earlier pass (start and end cells), and around the lines
    /// along which its runs of omissions may move (see [`gap_slack`]).
    Around {
        beads: Vec<Corners>,
        slack: Vec<Corners>,
    },
}

impl Search {
    /// Around the beads of an earlier alignment, with room for each run of omissions to
    /// start up to `slack` sentences later and end as much earlier (see [`gap_slack`]).
    fn around(alignment: &Alignment, slack: usize) -> Search {
        let beads = bead_corners(alignment);
        let slack = gap_slack(&beads, slack);
        Search::Around { beads, slack }
    }

    /// Where the confidences of the path found are likely to be summed: near the beads
    /// of the earlier pass the search starts around (nowhere known for other searches:
    /// sentences stray from the line through their blocks).
    fn expected_near_path(&self, (n, m): (usize, usize)) -> Option<Corridor> {
        match self {
            Search::Around { beads, .. } => Some(Corridor::around(
                n,
                m,
                beads.iter().copied(),
                POSTERIOR_WIDTH,
            )),
            Search::Whole(_) | Search::Diagonal(_) | Search::Projected { .. } => None,
        }
    }
}

/// Where a run of omissions placed by an earlier pass might start later or end earlier:
/// from the run's first cell, the diagonal going on as if the run began up to `slack`
/// sentences later, and into its last cell, the diagonal coming as if it ended as much
/// earlier. Weak evidence (lengths, unmeasured anchors) places a run's ends to within
/// some hundreds of sentences, and a corridor a few cells wide around a misplaced run
/// holds it there: the path is never pushed to the corridor's edge, so never widened.
/// Each run adds at most `slack` times its length in cells.
fn gap_slack(corners: &[Corners], slack: usize) -> Vec<Corners> {
    let one_sided = |((i0, j0), (i1, j1)): &Corners| (i1 == i0) != (j1 == j0);
    let mut lines = Vec::new();
    let mut k = 0;
    while k < corners.len() {
        if !one_sided(&corners[k]) {
            k += 1;
            continue;
        }
        let start = k;
        while k < corners.len() && one_sided(&corners[k]) {
            k += 1;
        }
        let (first, _) = corners[start];
        let (_, last) = corners[k - 1];
        let run = (last.0 - first.0) + (last.1 - first.1);
        let reach = run.min(slack);
        lines.push((first, (first.0 + reach, first.1 + reach)));
        lines.push((
            (last.0.saturating_sub(reach), last.1.saturating_sub(reach)),
            last,
        ));
    }
    lines
}

/// Where the uneven beads of a coarse path may hold a run of omissions, for the level
/// below to search: `beads` are the path's beads projected onto that level's units
/// (start and end cells), `ratio` its target units per source unit where the sides
/// translate each other. A bead with more units on one side than the other side's
/// translate into holds the excess, if it holds an omission, somewhere inside: its
/// blocks are too large to show the run as one-sided beads of their own (where copies
/// of 1984 with gaps lack a chapter on each side some 1,000 sentences apart, the blocks
/// of 64 sentences bend their path by beads of 3 blocks against 2, and the corridor
/// around the line through those beads kept the blocks of 8 from the runs). Such a bead
/// adds the two paths that take the run at its start or at its end and pair the rest
/// straight: four lines, at most twice the bead's length in cells for each unit of a
/// corridor's width. Excesses no wider than the corridor around the bead need none.
#[allow(clippy::cast_sign_loss, reason = "units and ratios are not negative")]
fn uneven_runs(beads: &[Corners], ratio: f64) -> Vec<Corners> {
    let mut lines = Vec::new();
    for &((i0, j0), (i1, j1)) in beads {
        let (source, target) = (i1 - i0, j1 - j0);
        if source == 0 || target == 0 {
            continue;
        }
        // Units of one side that the other side's do not account for.
        let excess = |units: usize, other: f64| units.saturating_sub(other.round() as usize);
        let source_excess = excess(source, target as f64 / ratio);
        let target_excess = excess(target, source as f64 * ratio);
        // The run of `e` units along `side` ((1, 0) a source run, (0, 1) a target run)
        // at the bead's start, then the rest straight; and the rest first, then the run.
        let run_lines = |e: usize, side: (usize, usize)| {
            let after_run = (i0 + side.0 * e, j0 + side.1 * e);
            let before_run = (i1 - side.0 * e, j1 - side.1 * e);
            [
                ((i0, j0), after_run),
                (after_run, (i1, j1)),
                ((i0, j0), before_run),
                (before_run, (i1, j1)),
            ]
        };
        if source_excess > CORRIDOR_WIDTH {
            lines.extend(run_lines(source_excess, (1, 0)));
        } else if target_excess > CORRIDOR_WIDTH {
            lines.extend(run_lines(target_excess, (0, 1)));
        }
    }
    lines
}

/// The start and end cells of the beads of `alignment`.
fn bead_corners(alignment: &Alignment) -> Vec<Corners> {
    alignment
        .beads
        .iter()
        .map(|b| {
            (
                (b.source.start, b.target.start),
                (b.source.end, b.target.end),
            )
        })
        .collect()
}

/// The sentence lengths of both sides, as prefix sums for constant-time bead lengths.
struct Sides {
    source: Vec<usize>,
    target: Vec<usize>,
    /// `target` as floats (exact: the sums are far below 2⁵³), which the deviations of a
    /// row's beads are worked out from several at a time (see
    /// [`Sides::deviations_along`]).
    target_positions: Vec<f64>,
    /// The lattice cells evaluated so far over these sides and their coarse levels: by
    /// cost tables, searches with their repairs, and sums of confidences.
    work: AtomicUsize,
}

impl Sides {
    fn new(source_lengths: &[usize], target_lengths: &[usize]) -> Sides {
        let prefix = |lengths: &[usize]| {
            std::iter::once(0)
                .chain(lengths.iter().scan(0, |total, &l| {
                    *total += l;
                    Some(*total)
                }))
                .collect()
        };
        let target: Vec<usize> = prefix(target_lengths);
        Sides {
            source: prefix(source_lengths),
            target_positions: target.iter().map(|&position| position as f64).collect(),
            target,
            work: AtomicUsize::new(0),
        }
    }

    /// The numbers of source and target sentences.
    fn size(&self) -> (usize, usize) {
        (self.source.len() - 1, self.target.len() - 1)
    }

    /// Where the first pass should search: around the diagonal for short documents; for
    /// long ones, around the path found for blocks of [`BLOCK`] sentences (itself found
    /// the same way), so that the work grows linearly with the length. Blocks are scored
    /// by their lengths and, when `index` is given, by the anchors they share (at even
    /// odds of finding a counterpart, since nothing has been measured yet): lengths alone
    /// lose their way in long documents with omissions or repeated passages.
    fn coarse_search(
        &self,
        model: LengthModel,
        plan: CoarsePlan,
        index: Option<&LexicalIndex>,
    ) -> (Search, (f64, f64)) {
        let (n, m) = self.size();
        if n.max(m) <= COARSE_ABOVE {
            // Sentences are searched whole where the lattice is small enough; blocks,
            // whose scoring costs more, in a band.
            let search = if plan.level == 0 {
                Search::Whole(plan.half_width)
            } else {
                Search::Diagonal(plan.half_width)
            };
            return (search, plan.units);
        }
        let (ratio, level) = (plan.block_ratio, plan.level);
        let sizes = block_sizes(ratio);
        let starts = (block_starts(n, sizes.0), block_starts(m, sizes.1));
        let lengths = |prefix: &[usize], starts: &[usize]| -> Vec<usize> {
            starts
                .windows(2)
                .map(|w| prefix[w[1]] - prefix[w[0]])
                .collect()
        };
        let coarse = Sides::new(
            &lengths(&self.source, &starts.0),
            &lengths(&self.target, &starts.1),
        );
        let coarse_index = index.map(|index| {
            index
                .blocks(&starts.0, &starts.1)
                .informative(&plan.rates, BLOCK_KEYS)
        });
        let plan = CoarsePlan {
            units: (plan.units.0 * sizes.0, plan.units.1 * sizes.1),
            level: plan.level + 1,
            block_ratio: ratio * sizes.0 / sizes.1,
            ..plan
        };
        // Blocks absorb most splits and merges: beads of up to three blocks a side are
        // enough, with the priors tilted to the ratio of blocks that translate each
        // other (one, unless the sentence ratio was out of bounds).
        let shapes = &ShapeTable::up_to(COARSE_MAX_BEAD).tilted_to(plan.block_ratio);
        let (coarse_search, top) = coarse.coarse_search(model, plan, coarse_index.as_ref());
        let lexical = coarse_index.as_ref().map(|index| index.model(&plan.rates));
        let evidence = Evidence {
            lexical: lexical.as_ref(),
            paragraphs: None,
        };
        let mut coarse_path = coarse.best_beads(model, shapes, evidence, &coarse_search, plan);
        // Blocks cut at every `BLOCK` sentences rarely end where their translations end:
        // the spread of the lengths of block beads is the pair's own, not Gale and
        // Church's for sentences, and is measured on the path's 1-1 beads.
        let block_model = coarse.widened_to_one_to_one(model, &coarse_path);
        if block_model != model {
            coarse_path = coarse.best_beads(block_model, shapes, evidence, &coarse_search, plan);
        }
        self.work
            .fetch_add(coarse.work.load(Ordering::Relaxed), Ordering::Relaxed);
        let projected: Vec<Corners> = coarse_path
            .into_iter()
            .map(|((i0, j0), (i1, j1))| {
                ((starts.0[i0], starts.1[j0]), (starts.0[i1], starts.1[j1]))
            })
            .collect();
        // Sentences are searched first by lengths alone, which given room take runs of
        // omissions that blocks weighing anchors did not (the Hungarian-whole excerpt of
        // 1984 fell from 0.9819 to 0.9774 strict F1, Text+Berg at 50k from 0.9281 to
        // 0.9196): only blocks get the lines of uneven beads' runs.
        let runs = if level > 0 {
            uneven_runs(&projected, ratio)
        } else {
            Vec::new()
        };
        (
            Search::Projected {
                beads: projected,
                runs,
            },
            top,
        )
    }

    /// A coarse search (see [`Sides::coarse_search`]) with the length ratio and sentence
    /// ratio fitted to its own path: searched with a given model and `shapes` tilted as
    /// given at first, then, unless they were `placed` by a chain of unique anchors,
    /// again with both fitted to the two-sided beads of the path found (and the blocks
    /// cut in proportion to the path without its long runs of omissions), until they
    /// settle, so that a missing chapter counts as omitted and not as translation that is
    /// longer or split finer. Ratios fitted to the stretches between anchors already
    /// leave such a chapter out (its stretch is far off the median), and a path found by
    /// lengths and anchors at even odds is weaker evidence than the anchors: refitted to
    /// it, 1984 without 1,500 English sentences fell from 0.987 to 0.965 strict F1.
    /// Returns the search and the fitted model and shapes.
    fn fitted_coarse_search(
        &self,
        shapes: &ShapeTable,
        (mut model, mut tilted): (LengthModel, ShapeTable),
        plan: CoarsePlan,
        index: Option<&LexicalIndex>,
        placed: bool,
    ) -> (Search, LengthModel, ShapeTable) {
        let mut plan = CoarsePlan {
            block_ratio: tilted.expected_ratio(),
            ..plan
        };
        let (mut search, top) = self.coarse_search(model, plan, index);
        let refits = if placed { 0 } else { MAX_REFITS };
        for _ in 0..refits {
            let Search::Projected { beads: corners, .. } = &search else {
                break;
            };
            let (fitted, refitted) = self.fit(shapes, Some(corners));
            let block_ratio = self.ratio_without_runs(corners, top);
            let moved = |new: f64, old: f64| (new / old - 1.0).abs() >= SETTLED_RATIO;
            let settled =
                !moved(fitted.ratio, model.ratio) && !moved(block_ratio, plan.block_ratio);
            (model, tilted, plan.block_ratio) = (fitted, refitted, block_ratio);
            if settled {
                break;
            }
            search = self.coarse_search(model, plan, index).0;
        }
        (search, model, tilted)
    }

    /// Target sentences per source sentence along a path (start and end cells of its
    /// beads), leaving out its runs of omissions of at least `long` sentences (source,
    /// target): the ratio of blocks that translate each other in a coarse search whose
    /// top level has blocks of `long` sentences. A shorter run lies inside such blocks,
    /// and leaving it out too (Text+Berg omits some 40 of 552 French sentences in short
    /// runs) cuts blocks that no longer translate each other.
    fn ratio_without_runs(&self, corners: &[Corners], long: (f64, f64)) -> f64 {
        let (n, m) = self.size();
        let (mut source, mut target) = (n as f64, m as f64);
        // Which sides a bead takes sentences from: a run is a stretch of beads alike.
        let kind = |((i0, j0), (i1, j1)): &Corners| (i1 > i0, j1 > j0);
        for run in corners.chunk_by(|a, b| kind(a) == kind(b)) {
            let ((i0, j0), _) = run[0];
            let (_, (i1, j1)) = run[run.len() - 1];
            match kind(&run[0]) {
                (true, false) if (i1 - i0) as f64 >= long.0 => source -= (i1 - i0) as f64,
                (false, true) if (j1 - j0) as f64 >= long.1 => target -= (j1 - j0) as f64,
                _ => {}
            }
        }
        if source > 0.0 && target > 0.0 {
            target / source
        } else {
            m.max(1) as f64 / n.max(1) as f64
        }
    }

    /// The stretches of the lattice between consecutive anchors of `chain` (pairs of
    /// sentences sharing a unique anchor), without those whose length ratio is far off
    /// the median stretch's (a chance anchor's), as start and end cells; none when the
    /// chain is too short to tell. The length ratio and the shape priors are first fitted
    /// to these rather than to the whole texts, so that a translation of part of a text
    /// (an excerpt, a document with a long untranslated appendix) is not read as a
    /// translation whose sentences are all several times shorter.
    fn anchored_stretches(&self, chain: &[(usize, usize)]) -> Vec<Corners> {
        if chain.len() < MIN_ANCHOR_CHAIN {
            return Vec::new();
        }
        let stretches: Vec<(Corners, f64)> = chain
            .windows(2)
            .map(|pair| {
                let ((i0, j0), (i1, j1)) = (pair[0], pair[1]);
                let source = self.source[i1] - self.source[i0];
                let target = self.target[j1] - self.target[j0];
                (
                    ((i0, j0), (i1, j1)),
                    (target as f64 + 1.0) / (source as f64 + 1.0),
                )
            })
            .collect();
        let typical = median(stretches.iter().map(|(_, ratio)| *ratio).collect());
        stretches
            .into_iter()
            .filter(|(_, ratio)| (ratio / typical).ln().abs() <= STRETCH_RATIO_SPREAD.ln())
            .map(|(corners, _)| corners)
            .collect()
    }

    /// `model` with its variance widened to fit the 1-1 beads among `beads` (start and end
    /// cells), as [`LengthModel::with_variance_from`] does.
    fn widened_to_one_to_one(&self, model: LengthModel, beads: &[Corners]) -> LengthModel {
        let one_to_one: Vec<(usize, usize)> = beads
            .iter()
            .filter(|((i0, j0), (i1, j1))| i1 - i0 == 1 && j1 - j0 == 1)
            .map(|&((i0, j0), (i1, j1))| {
                (
                    self.source[i1] - self.source[i0],
                    self.target[j1] - self.target[j0],
                )
            })
            .collect();
        model.with_variance_from(&one_to_one)
    }

    /// The length model and the shape priors of `shapes` fitted to the pair: to its
    /// totals, or to those of the two-sided beads among `beads` (start and end cells)
    /// where there are any.
    fn fit(&self, shapes: &ShapeTable, beads: Option<&[Corners]>) -> (LengthModel, ShapeTable) {
        let (n, m) = self.size();
        let whole = [((0, 0), (n, m))];
        let two_sided = |beads: &[Corners]| {
            beads
                .iter()
                .filter(|((i0, j0), (i1, j1))| i1 > i0 && j1 > j0)
                .fold((0, 0, 0, 0), |(s, t, ls, lt), &((i0, j0), (i1, j1))| {
                    (
                        s + i1 - i0,
                        t + j1 - j0,
                        ls + self.source[i1] - self.source[i0],
                        lt + self.target[j1] - self.target[j0],
                    )
                })
        };
        let mut totals = two_sided(beads.unwrap_or(&whole));
        if totals.0 == 0 || totals.1 == 0 {
            totals = two_sided(&whole);
        }
        let (sentences_s, sentences_t, length_s, length_t) = totals;
        (
            LengthModel::from_totals(length_s, length_t),
            shapes.fitted_to(sentences_t as f64 / sentences_s as f64),
        )
    }

    /// Calls `f(k, c, deviation)` for each shape `k` of `shapes` and each cell `c` of row
    /// `i` (counted from target position `lo`, up to `hi`) whose bead of that shape fits
    /// the lattice, with the bead's deviation under `lengths` (see
    /// [`LengthCosts::deviation`]). The row is taken [`ROW_CHUNK`] cells at a time, and
    /// each chunk a shape at a time, whose beads share their source side: the deviations
    /// of a chunk's beads of one shape are worked out together (see
    /// [`LengthCosts::deviations_into`]), and the part of a cost table the chunk's cells
    /// hold stays in the processor's nearest cache while every shape writes to it.
    fn deviations_along(
        &self,
        lengths: &LengthCosts,
        shapes: &[Shape],
        (i, lo, hi): (usize, usize, usize),
        mut f: impl FnMut(usize, usize, f64),
    ) {
        let (n, m) = self.size();
        let mut deviations = [0.0; ROW_CHUNK];
        for first in (lo..=hi).step_by(ROW_CHUNK) {
            let chunk_last = hi.min(first + ROW_CHUNK - 1);
            for (k, shape) in shapes.iter().enumerate() {
                if i + shape.source > n || first + shape.target > m {
                    continue;
                }
                let l1 = self.source[i + shape.source] - self.source[i];
                let last = chunk_last.min(m - shape.target);
                let starts = &self.target_positions[first..=last];
                let ends = &self.target_positions[first + shape.target..=last + shape.target];
                let deviations = &mut deviations[..starts.len()];
                lengths.deviations_into(l1, (starts, ends), deviations);
                for (c, &deviation) in deviations.iter().enumerate() {
                    f(k, first - lo + c, deviation);
                }
            }
        }
    }

    /// The costs of the beads starting in row `i`, target positions `lo..=hi`, as a
    /// [`lattice::FillRow`] wants them: length and shape, less the lexical score where
    /// the bead is not hopeless on length alone.
    fn fill_row(
        &self,
        (model, list, prior_costs, evidence): (LengthModel, &[Shape], &[f64], Evidence),
        (i, lo, hi): (usize, usize, usize),
        table: &mut Vec<f64>,
    ) {
        let count = list.len();
        table.clear();
        table.resize((hi + 1 - lo) * count, f64::INFINITY);
        let lengths = model.costs();
        self.deviations_along(&lengths, list, (i, lo, hi), |k, cell, deviation| {
            table[cell * count + k] = lengths.cost_of_deviation(deviation) + prior_costs[k];
        });
        if evidence.lexical.is_none() && evidence.paragraphs.is_none() {
            return;
        }
        let row = evidence.lexical.map(|lexical| lexical.row(i, list));
        let mut lexical_scores = vec![0.0; count];
        let mut wanted = vec![false; count];
        for j in lo..=hi {
            let cell = (j - lo) * count;
            for (k, cost) in table[cell..cell + count].iter().enumerate() {
                wanted[k] = *cost < HOPELESS_COST;
            }
            if let Some(row) = &row {
                row.scores(j, &wanted, &mut lexical_scores);
                for (k, cost) in table[cell..cell + count].iter_mut().enumerate() {
                    if wanted[k] {
                        *cost -= lexical_scores[k];
                    }
                }
            }
            if let Some(paragraphs) = evidence.paragraphs {
                for (k, cost) in table[cell..cell + count].iter_mut().enumerate() {
                    if cost.is_finite() {
                        *cost -= paragraphs.score(i..i + list[k].source, j..j + list[k].target);
                    }
                }
            }
        }
    }

    /// The best path's beads as start and end cells, without confidences, for a coarse
    /// search whose units are blocks of `plan.units` sentences. Omitted blocks are priced
    /// as the runs of sentences they hold: a run of `k` sentences costs the same at every
    /// level, `−ln P(1-0) + (k + 1)·extend`, whatever the lengths of its blocks (a length
    /// cost would grow with the block, and a missing chapter would cost more the coarser
    /// the level that sees it; a price of the blocks' own making would let the chance
    /// fit of blocks out of phase pay for shifting the path by a whole repeated passage).
    fn best_beads(
        &self,
        model: LengthModel,
        shapes: &ShapeTable,
        evidence: Evidence,
        search: &Search,
        plan: CoarsePlan,
    ) -> Vec<Corners> {
        let list = shapes.shapes();
        let (corridor, widening) = self.search_corridor(search, shapes);
        let costs = self.costs(model, list, evidence);
        let (source_unit, target_unit) = plan.units;
        let gaps = Gaps {
            deletion: source_unit * plan.extend,
            insertion: target_unit * plan.extend,
        };
        let one_sided: Vec<(usize, f64)> = list
            .iter()
            .enumerate()
            .filter(|(_, s)| s.source == 0 || s.target == 0)
            .map(|(k, s)| {
                let unit = if s.target == 0 {
                    source_unit
                } else {
                    target_unit
                };
                (k, -s.prior.ln() + (unit + 1.0) * plan.extend)
            })
            .collect();
        let costs = |i, lo, hi, table: &mut Vec<f64>| {
            costs(i, lo, hi, table);
            if plan.extend.is_finite() {
                for cell in table.chunks_mut(list.len()) {
                    for &(k, lone) in &one_sided {
                        if cell[k].is_finite() {
                            cell[k] = lone;
                        }
                    }
                }
            }
        };
        let searched = best_path(list, &single_precision(&costs), gaps, corridor, widening);
        self.work.fetch_add(searched.cells, Ordering::Relaxed);
        let path = searched.path;
        path.iter()
            .map(|s| {
                let shape = &list[s.shape];
                (
                    (s.source, s.target),
                    (s.source + shape.source, s.target + shape.target),
                )
            })
            .collect()
    }

    /// The corridor a search starts in, and how [`best_path`] widens it: by how much,
    /// and how close to its edge a path may come.
    fn search_corridor(&self, search: &Search, shapes: &ShapeTable) -> (Corridor, (usize, usize)) {
        let (n, m) = self.size();
        let around = |lines: &mut dyn Iterator<Item = Corners>| {
            (
                Corridor::around(n, m, lines, CORRIDOR_WIDTH),
                (WIDENING, CORRIDOR_MARGIN),
            )
        };
        match search {
            Search::Whole(width) => (
                Corridor::first_search(n, m, *width),
                (*width, shapes.max_side()),
            ),
            Search::Diagonal(width) => (
                Corridor::diagonal(n, m, *width),
                (*width, shapes.max_side()),
            ),
            Search::Projected { beads, runs } => around(
                &mut self
                    .along_lengths(beads)
                    .into_iter()
                    .chain(runs.iter().copied()),
            ),
            Search::Around { beads, slack } => around(&mut beads.iter().chain(slack).copied()),
        }
    }

    /// The cells a path through coarse `beads` (start and end cells) most likely takes
    /// within each: the line from its start to its end drawn through the characters of
    /// both sides, not through the counts of their sentences, a row at a time (the target
    /// boundaries on either side of where the row's characters reach in proportion).
    /// Sentences split finer on one side inside a block (Text+Berg's French) or an
    /// omission within it bend the path away from the line through sentence counts, and
    /// a path pushed to the corridor's edge costs a repair.
    fn along_lengths(&self, beads: &[Corners]) -> Vec<Corners> {
        let mut cells = Vec::new();
        for &((i0, j0), (i1, j1)) in beads {
            let source = self.source[i1] - self.source[i0];
            if i1 == i0 || j1 == j0 || source == 0 {
                cells.push(((i0, j0), (i1, j1)));
                continue;
            }
            let target = &self.target[j0..=j1];
            let chars = (target[j1 - j0] - target[0]) as f64;
            for i in i0..=i1 {
                let share = (self.source[i] - self.source[i0]) as f64 / source as f64;
                let reached = target[0] as f64 + share * chars;
                // The last target boundary at or before the characters reached, and the
                // first at or after them.
                let before = target.partition_point(|&t| t as f64 <= reached) - 1;
                let after = if target[before] as f64 == reached {
                    before
                } else {
                    (before + 1).min(j1 - j0)
                };
                cells.push(((i, j0 + before), (i, j0 + after)));
            }
        }
        cells
    }

    /// How runs of omissions are priced in a pass with bead costs `fill`: a sentence of a
    /// run costs half of what separates a translated 1-1 bead from a chance one, so that
    /// two sides of unrelated text cost less as two runs than paired, and two translated
    /// sentences less paired than as two runs. The cost of a translated 1-1 bead is the
    /// median over `trusted` (start cells of the previous pass's confident 1-1 beads); with
    /// none, that of a 1-1 bead whose lengths fit as well as a median one (a length cost of
    /// ln 2, the median of a p-value's −ln). Chance 1-1 beads pair the source sentences
    /// of 16 rows each with a run of 32 target sentences starting at random (a fixed
    /// shift would pair the copies of a repeated passage, which are translations).
    fn gap_price(
        &self,
        fill: &impl lattice::FillRow,
        list: &[Shape],
        trusted: &[(usize, usize)],
    ) -> Gaps {
        let (n, m) = self.size();
        let Some(one_to_one) = list.iter().position(|s| (s.source, s.target) == (1, 1)) else {
            return Gaps::NONE;
        };
        if n < GAP_SAMPLE_MIN || m < GAP_SAMPLE_MIN {
            return Gaps::NONE;
        }
        let mut table = Vec::new();
        // Chance beads a row at a time (a row's keys are tabled once): from each of
        // `GAP_ROWS` rows, a run of target positions starting at random.
        let rows = GAP_ROWS.min(n);
        let width = GAP_COLUMNS.min(m);
        let mut chance = Vec::with_capacity(rows * width);
        for r in 0..rows {
            let i = r * n / rows;
            let start = (spread(i as u64) % (m - width + 1) as u64) as usize;
            fill(i, start, start + width - 1, &mut table);
            chance.extend(table.iter().skip(one_to_one).step_by(list.len()).copied());
        }
        let mut cost = |i: usize, j: usize| {
            fill(i, j, j, &mut table);
            table[one_to_one]
        };
        let translated: Vec<f64> = if trusted.is_empty() {
            vec![-list[one_to_one].prior.ln() + std::f64::consts::LN_2]
        } else {
            trusted
                .iter()
                .step_by(trusted.len().div_ceil(GAP_SAMPLES))
                .map(|&(i, j)| cost(i, j))
                .collect()
        };
        let (chance, translated) = (median(chance), median(translated));
        if chance.partial_cmp(&translated) != Some(std::cmp::Ordering::Greater) {
            return Gaps::NONE;
        }
        Gaps::even((chance + translated) / 4.0)
    }

    /// The bead costs of a pass, a start row at a time (see [`Sides::fill_row`]).
    fn costs<'a>(
        &'a self,
        model: LengthModel,
        list: &'a [Shape],
        evidence: Evidence<'a>,
    ) -> impl lattice::FillRow + Sync + 'a {
        let prior_costs: Vec<f64> = list.iter().map(|s| -s.prior.ln()).collect();
        move |i, lo, hi, table: &mut Vec<f64>| {
            self.fill_row((model, list, &prior_costs, evidence), (i, lo, hi), table)
        }
    }

    /// One pass of the aligner with a given length model, shape table and lexical
    /// evidence, searching where `search` says; its beads get the confidences that
    /// `confidence` asks for, given the beads found.
    fn run(
        &self,
        model: LengthModel,
        shapes: &ShapeTable,
        evidence: Evidence,
        search: &Search,
        trusted: &[(usize, usize)],
        confidence: impl FnOnce(&[Bead]) -> Confidence,
    ) -> Alignment {
        let (n, m) = self.size();
        let list = shapes.shapes();
        let costs = self.costs(model, list, evidence);
        let (corridor, widening) = self.search_corridor(search, shapes);
        // The confidences are summed near the path found, which mostly keeps to the earlier
        // path a search around one starts from: the costs there are filled once, in
        // parallel, before the search, and read by the search and by both sums. Elsewhere
        // the search reads each cell of its corridor once (a repair again), at the
        // precision the cache keeps: memory stays a few bytes a cell.
        let mut cache = CostCache::empty(list.len(), &costs);
        let mut filled = search
            .expected_near_path((n, m))
            .map_or(0, |expected| cache.cover(&expected));
        let fill = |i, lo, hi, table: &mut Vec<f64>| cache.fill(i, lo, hi, table);
        let gaps = self.gap_price(&fill, list, trusted);
        let searched = best_path(list, &fill, gaps, corridor, widening);
        let path = searched.path;
        let corners = path.iter().map(|s| {
            let shape = &list[s.shape];
            (
                (s.source, s.target),
                (s.source + shape.source, s.target + shape.target),
            )
        });
        let near_path = Corridor::around(n, m, corners, POSTERIOR_WIDTH);
        let mut beads: Vec<Bead> = path
            .iter()
            .map(|step| Bead {
                source: step.source..step.source + list[step.shape].source,
                target: step.target..step.target + list[step.shape].target,
                confidence: f64::NAN,
            })
            .collect();
        let confidence = confidence(&beads);
        // The sums of a pass that only measures fill their costs anew where the cache
        // lacks them (once for each sum) rather than cache the corridor around the path:
        // as fast on a path summed whole (Text+Berg at 50k, 1984 with gaps at 10k) and
        // on a sample, without holding the costs (Text+Berg at 50k peaks at 123 MB, not
        // 149).
        if confidence != Confidence::Sampled {
            filled += cache.cover(&near_path);
        }
        let fill = |i, lo, hi, table: &mut Vec<f64>| cache.fill(i, lo, hi, table);
        let weighed = Weighed {
            fill: &fill,
            model,
            shapes: list,
            shared_evidence: evidence.lexical.is_some() || evidence.paragraphs.is_some(),
        };
        let (confidences, summed) =
            self.confidences(&weighed, (&near_path, gaps), &path, confidence);
        self.work
            .fetch_add(searched.cells + filled + summed, Ordering::Relaxed);
        debug_assert_eq!(confidences.len(), path.len());
        for (bead, confidence) in beads.iter_mut().zip(confidences) {
            bead.confidence = confidence;
        }
        Alignment {
            beads,
            length_model: model,
            shapes: shapes.clone(),
            lexicon: Lexicon::default(),
            searched_cells: 0,
            looks_like_translation: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covers_in_order(alignment: &Alignment, n: usize, m: usize) -> bool {
        let (mut i, mut j) = (0, 0);
        for bead in &alignment.beads {
            if bead.source.start != i || bead.target.start != j {
                return false;
            }
            i = bead.source.end;
            j = bead.target.end;
        }
        i == n && j == m
    }

    #[test]
    fn blocks_are_cut_in_proportion_to_the_sentence_ratio() {
        assert_eq!(block_sizes(1.18), (8.0, 8.0 * 1.18));
        assert_eq!(block_sizes(0.5), (16.0, 8.0));
        assert_eq!(block_sizes(f64::NAN), (8.0, 8.0));
        // 100 sentences in blocks of 9.44: eleven blocks, the last one short.
        let starts = block_starts(100, 9.44);
        assert_eq!(starts.len(), 12);
        assert_eq!(&starts[..4], [0, 9, 18, 28]);
        assert_eq!(starts[11], 100);
        assert!(starts.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn an_uneven_coarse_bead_adds_the_paths_that_take_its_excess_as_a_run() {
        // Blocks of 8 units under a coarse path: 1-1, 3-2, 2-3, 2-2 and 1-0.
        let beads = [
            ((0, 0), (8, 8)),
            ((8, 8), (32, 24)),
            ((32, 24), (48, 48)),
            ((48, 48), (64, 64)),
            ((64, 64), (72, 64)),
        ];
        assert_eq!(
            uneven_runs(&beads, 1.0),
            [
                ((8, 8), (16, 8)),
                ((16, 8), (32, 24)),
                ((8, 8), (24, 24)),
                ((24, 24), (32, 24)),
                ((32, 24), (32, 32)),
                ((32, 32), (48, 48)),
                ((32, 24), (48, 40)),
                ((48, 40), (48, 48)),
            ]
        );
        // Where a target unit translates two source units, the 2-2 bead of 16 units a
        // side holds 8 target units too many; an excess the corridor holds needs no line.
        assert_eq!(
            uneven_runs(&beads[3..4], 0.5),
            [
                ((48, 48), (48, 56)),
                ((48, 56), (64, 64)),
                ((48, 48), (64, 56)),
                ((64, 56), (64, 64)),
            ]
        );
        assert!(uneven_runs(&[((0, 0), (12, 16))], 1.0).is_empty());
    }

    #[test]
    fn identical_lengths_align_one_to_one() {
        let text = [
            "Short one.",
            "A much longer sentence than the first.",
            "Mid length one.",
        ];
        let got = align(&text, &text, &AlignConfig::default());
        let kinds: Vec<String> = got.beads.iter().map(Bead::kind).collect();
        assert_eq!(kinds, ["1-1", "1-1", "1-1"]);
        assert!(got.beads.iter().all(|b| b.confidence > 0.5));
    }

    /// Sentences split in two, and two split in eight: beyond the six a side of a table
    /// of fixed size, within the reach of the default table where the target side has
    /// three times as many sentences.
    #[test]
    fn a_sentence_split_in_eight_is_one_bead_where_the_other_side_splits_finer() {
        let lengths = [120, 300, 90, 800, 150, 210, 110, 700, 180, 130];
        let letters = "abcdefghij";
        let source: Vec<String> = lengths
            .iter()
            .zip(letters.chars())
            .map(|(&length, letter)| letter.to_string().repeat(length))
            .collect();
        let mut target = Vec::new();
        let mut expected = Vec::new();
        for (&length, letter) in lengths.iter().zip(letters.chars()) {
            let parts = if length >= 700 { 8 } else { 2 };
            // Parts of uneven lengths that add up to the sentence's.
            let shares: Vec<usize> = (0..parts).map(|p| 10 + (p * 7) % 5).collect();
            let total: usize = shares.iter().sum();
            target.extend(
                shares
                    .iter()
                    .map(|share| letter.to_string().repeat(length * share / total)),
            );
            expected.push(format!("1-{parts}"));
        }
        let kinds = |config: &AlignConfig| -> Vec<String> {
            align(&source, &target, config)
                .beads
                .iter()
                .map(Bead::kind)
                .collect()
        };
        assert_eq!(kinds(&AlignConfig::default()), expected);
        let fixed = AlignConfig {
            shapes: ShapeTable::up_to(shapes::DEFAULT_MAX_BEAD),
            ..AlignConfig::default()
        };
        assert_ne!(kinds(&fixed), expected);
    }

    #[test]
    fn a_split_sentence_becomes_a_one_to_two_bead() {
        let source = [
            "x".repeat(40),
            "y".repeat(200),
            "z".repeat(60),
            "w".repeat(90),
        ];
        let target = [
            "x".repeat(41),
            "y".repeat(95),
            "y".repeat(104),
            "z".repeat(59),
            "w".repeat(92),
        ];
        let got = align(&source, &target, &AlignConfig::default());
        let kinds: Vec<String> = got.beads.iter().map(Bead::kind).collect();
        assert_eq!(kinds, ["1-1", "1-2", "1-1", "1-1"]);
    }

    #[test]
    fn an_empty_side_gives_deletions_or_insertions() {
        let source = ["One.", "Two."];
        let none: [&str; 0] = [];
        let got = align(&source, &none, &AlignConfig::default());
        assert_eq!(got.beads.len(), 2);
        assert!(
            got.beads
                .iter()
                .all(|b| b.target.is_empty() && b.confidence > 0.99)
        );
        assert!(covers_in_order(&got, 2, 0));
        let got = align(&none, &none, &AlignConfig::default());
        assert!(got.beads.is_empty());
    }

    /// Ten sentences of similar length on each side, the fifth source sentence left out of
    /// the translation; `mark(k)` puts sentence `k`'s anchor in both languages.
    fn dropped_sentence_pair(
        mark: impl Fn(usize) -> (String, String),
        (source_text, target_text): (&str, &str),
    ) -> (Vec<String>, Vec<String>) {
        let (mut source, mut target) = (Vec::new(), Vec::new());
        for k in 0..10 {
            let (source_mark, target_mark) = mark(k);
            source.push(source_text.replace("{}", &source_mark));
            if k != 4 {
                target.push(target_text.replace("{}", &target_mark));
            }
        }
        (source, target)
    }

    /// The beads that do not pair a sentence with its own translation (the fifth source
    /// sentence, the dropped one, has none).
    fn irregular(alignment: &Alignment) -> impl Iterator<Item = &Bead> {
        let own = |k: usize| if k < 4 { k } else { k - 1 };
        alignment.beads.iter().filter(move |b| {
            !(b.source.len() == 1
                && b.target.len() == 1
                && b.source.start != 4
                && own(b.source.start) == b.target.start)
        })
    }

    fn irregular_beads(alignment: &Alignment) -> usize {
        irregular(alignment).count()
    }

    /// True when the irregular beads are the ones that hold the dropped sentence.
    fn irregular_beads_hold_the_gap(alignment: &Alignment) -> bool {
        irregular(alignment).all(|b| b.source.contains(&4))
    }

    fn config(lexical: bool, source_lang: &str, target_lang: &str) -> AlignConfig {
        AlignConfig {
            lexical,
            source_lang: source_lang.into(),
            target_lang: target_lang.into(),
            ..AlignConfig::default()
        }
    }

    /// Checks that lengths alone put an irregular bead away from the dropped sentence,
    /// and that with lexical evidence the one irregular bead is the one that holds it.
    fn assert_evidence_places_the_gap(
        source: &[String],
        target: &[String],
        (source_lang, target_lang): (&str, &str),
    ) {
        let lengths_only = align(source, target, &config(false, source_lang, target_lang));
        let with_evidence = align(source, target, &config(true, source_lang, target_lang));
        assert!(
            !irregular_beads_hold_the_gap(&lengths_only),
            "{:?}",
            lengths_only.beads
        );
        assert_eq!(
            irregular_beads(&with_evidence),
            1,
            "{:?}",
            with_evidence.beads
        );
        assert!(
            irregular_beads_hold_the_gap(&with_evidence),
            "{:?}",
            with_evidence.beads
        );
    }

    #[test]
    fn numbers_anchor_what_lengths_alone_shift() {
        let (source, target) = dropped_sentence_pair(
            |k| (format!("{}", 1900 + 7 * k), format!("{}", 1900 + 7 * k)),
            (
                "Der Bericht von {} nennt viele Gründe für den Streit.",
                "Le rapport de {} cite de nombreuses raisons du conflit.",
            ),
        );
        assert_evidence_places_the_gap(&source, &target, ("de", "fr"));
    }

    #[test]
    fn transliterated_names_anchor_arabic_to_english() {
        let names = [
            ("ترامب", "Trump"),
            ("بوتين", "Putin"),
            ("أردوغان", "Erdogan"),
            ("ماكرون", "Macron"),
            ("ميركل", "Merkel"),
            ("بايدن", "Biden"),
            ("جونسون", "Johnson"),
            ("لافروف", "Lavrov"),
            ("بيسكوف", "Peskov"),
            ("روحاني", "Rouhani"),
        ];
        let (source, target) = dropped_sentence_pair(
            |k| (names[k].0.to_owned(), names[k].1.to_owned()),
            (
                "وقال {} إن الوضع في المنطقة صعب جدا هذه الأيام.",
                "{} said the situation in the region was very hard these days.",
            ),
        );
        assert_evidence_places_the_gap(&source, &target, ("ar", "en"));
    }

    #[test]
    fn beads_cover_every_sentence_once_in_order() {
        let source: Vec<String> = (0..57).map(|i| "a".repeat(5 + (i * 37) % 90)).collect();
        let target: Vec<String> = (0..43).map(|i| "b".repeat(5 + (i * 53) % 120)).collect();
        let got = align(&source, &target, &AlignConfig::default());
        assert!(covers_in_order(&got, 57, 43));
    }
}
