//! Whether two texts are translations of each other, as a whole and region by region.
//!
//! The search always finds a path, even through text that is no translation at all (two
//! unrelated documents, a chapter of one book aligned against another), and the
//! posterior of a bead only says how sure the model is of it *given* that the texts
//! translate each other. So each bead's confidence is multiplied by the probability that
//! its region is translation.
//!
//! First the pair as a whole: an anchor class (numbers, punctuation, shared words, names)
//! *tells* in this pair when its keys find their counterparts in the path's two-sided
//! beads at least [`TELLING_RATIO`] times as often, and [`TELLING_MARGIN`] more often,
//! than in the same beads with their target sides drawn at random. In a translation some class always tells (numbers and
//! question marks are kept); in unrelated texts every class matches at chance rates. A
//! pair whose anchors are plentiful ([`MIN_OCCURRENCES`]) but where no class tells is
//! not a translation: every bead gets confidence times `1 − PRIOR`. So is a pair whose
//! path leaves most of both texts out ([`MIN_PAIRED_SHARE`]): runs of omissions are
//! priced so that unrelated text costs less omitted than paired.
//!
//! Then each region: the log-likelihood ratio, under "translation" against "random pair
//! of sides", of the telling classes' anchors in the nearest two-sided beads, [`WINDOW`]
//! on each side, at the rates measured on the path, added to the prior log-odds. Classes
//! that do not tell are left out: their misses are the pair's habit (quotation marks
//! that one language writes and the other does not), not a sign of a wrong region. The
//! learned lexicon is left out too: learned from the path, it would vouch for it.

use super::anchors::CLASS_COUNT;
use super::lexical::{LexicalIndex, LexicalModel, MatchCount};
use super::{Alignment, Bead, spread};

/// Two-sided beads on each side of a bead whose anchors decide its region.
pub const WINDOW: usize = 50;
/// The prior probability that a region of two documents given to the aligner is
/// translation.
pub const PRIOR: f64 = 0.99;
/// How many times more often than chance a class's keys must find their counterparts
/// for the class to tell translation in a pair.
pub const TELLING_RATIO: f64 = 2.0;
/// The share of a class's keys that must find their counterparts beyond those chance
/// finds, for the class to tell translation: the path bends to collect the matches
/// chance offers (in unrelated texts, shared words match in 1 bead of 100 on the path
/// against 1 of 300 at random), while in a translation a telling class matches in a
/// third of its occurrences or more.
pub const TELLING_MARGIN: f64 = 0.1;
/// Key occurrences in the path's two-sided beads from which the absence of any telling
/// class shows that the texts are not translations (fewer say nothing either way).
pub const MIN_OCCURRENCES: usize = 100;
/// The share of the shorter text's sentences that a translation pairs at the least:
/// where the path leaves more of both texts out, it found no translation to pair.
pub const MIN_PAIRED_SHARE: f64 = 0.5;

/// Multiplies the confidence of every bead of `alignment` by the probability that its
/// region is translation, judged by the anchors of `index` (see the module
/// documentation), and sets [`Alignment::translated_share`].
pub fn weigh_regions(alignment: &mut Alignment, index: &LexicalIndex) {
    let two_sided: Vec<&Bead> = alignment
        .beads
        .iter()
        .filter(|b| !b.source.is_empty() && !b.target.is_empty())
        .collect();
    let on_path = index.match_counts(two_sided.iter().map(|b| (&b.source, &b.target)));
    let target_len = alignment
        .beads
        .iter()
        .map(|b| b.target.end)
        .max()
        .unwrap_or(0);
    let shuffled: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = two_sided
        .iter()
        .enumerate()
        .filter(|(_, b)| target_len > b.target.len())
        .map(|(k, b)| {
            let start = (spread(k as u64) % (target_len - b.target.len()) as u64) as usize;
            (b.source.clone(), start..start + b.target.len())
        })
        .collect();
    let at_chance = index.match_counts(shuffled.iter().map(|(s, t)| (s, t)));
    let telling: [bool; CLASS_COUNT] = std::array::from_fn(|c| tells(on_path[c], at_chance[c]));
    let occurrences: usize = on_path.iter().map(|count| count.occurrences).sum();
    let mostly_omitted = paired_share(&alignment.beads) < MIN_PAIRED_SHARE;
    let chance_only = occurrences >= MIN_OCCURRENCES && !telling.iter().any(|&t| t);
    let probabilities = if mostly_omitted || chance_only {
        vec![1.0 - PRIOR; alignment.beads.len()]
    } else if telling.iter().any(|&t| t) {
        let rates = std::array::from_fn(|c| on_path[c].rate().clamp(0.05, 0.95));
        let index = index.only(&telling);
        region_probabilities(&alignment.beads, &index.model(&rates))
    } else {
        vec![1.0; alignment.beads.len()]
    };
    let mut translated = 0;
    for (bead, probability) in alignment.beads.iter_mut().zip(&probabilities) {
        bead.confidence *= probability;
        translated += usize::from(*probability >= 0.5);
    }
    alignment.translated_share = if alignment.beads.is_empty() {
        1.0
    } else {
        translated as f64 / alignment.beads.len() as f64
    };
}

/// The larger of the shares of source and of target sentences that lie in two-sided
/// beads (1 when there are no sentences): a translation of an excerpt leaves most of the
/// longer text out, but pairs most of the shorter one.
fn paired_share(beads: &[Bead]) -> f64 {
    let (mut source, mut target, mut paired_source, mut paired_target) = (0, 0, 0, 0);
    for bead in beads {
        source += bead.source.len();
        target += bead.target.len();
        if !bead.source.is_empty() && !bead.target.is_empty() {
            paired_source += bead.source.len();
            paired_target += bead.target.len();
        }
    }
    if source == 0 || target == 0 {
        return 1.0;
    }
    (paired_source as f64 / source as f64).max(paired_target as f64 / target as f64)
}

/// True when a class's keys find their counterparts on the path at least
/// [`TELLING_RATIO`] times as often as at chance, and [`TELLING_MARGIN`] more often.
fn tells(on_path: MatchCount, at_chance: MatchCount) -> bool {
    let (path, chance) = (on_path.rate(), at_chance.rate());
    on_path.matched > 0 && path >= TELLING_RATIO * chance && path - chance >= TELLING_MARGIN
}

/// For each bead, the probability that its region is translation.
fn region_probabilities(beads: &[Bead], model: &LexicalModel) -> Vec<f64> {
    // Prefix sums of the anchor scores of the two-sided beads, in order.
    let mut sums = vec![0.0];
    for bead in beads {
        if !bead.source.is_empty() && !bead.target.is_empty() {
            let score = model.score(bead.source.clone(), bead.target.clone());
            sums.push(sums[sums.len() - 1] + score);
        }
    }
    let two_sided = sums.len() - 1;
    let prior = (PRIOR / (1.0 - PRIOR)).ln();
    let mut before: usize = 0;
    beads
        .iter()
        .map(|bead| {
            let is_two_sided = !bead.source.is_empty() && !bead.target.is_empty();
            // The window: `WINDOW` two-sided beads before this one and as many after,
            // this one included when it is two-sided.
            let from = before.saturating_sub(WINDOW);
            let to = (before + usize::from(is_two_sided) + WINDOW).min(two_sided);
            before += usize::from(is_two_sided);
            let evidence = sums[to] - sums[from];
            1.0 / (1.0 + (-(prior + evidence)).exp())
        })
        .collect()
}
