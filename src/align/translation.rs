//! Whether two texts are translations of each other.
//!
//! The search always finds a path, even through text that is no translation at all (two
//! unrelated documents), and the posterior of a bead only says how sure the model is of
//! it *given* that the texts translate each other. So the pair as a whole is judged, and
//! when it is no translation every bead's confidence is multiplied by
//! [`NOT_TRANSLATION`].
//!
//! An anchor class (numbers, punctuation, shared words, names) *tells* in a pair when
//! its keys find their counterparts in the path's two-sided beads at least
//! [`TELLING_RATIO`] times as often, and [`TELLING_MARGIN`] more often, than in the same
//! beads with their target sides drawn at random. In a translation some class always
//! tells (numbers and question marks are kept); in unrelated texts every class matches
//! at chance rates, however the path bends to collect them. A pair whose anchors are
//! plentiful ([`MIN_OCCURRENCES`]) but where no class tells is no translation; so is a
//! pair whose path leaves most of both texts out ([`MIN_PAIRED_SHARE`]), since runs of
//! omissions are priced so that unrelated text costs less omitted than paired. The
//! learned lexicon is left out of the judgement: learned from the path, it would vouch
//! for it. So the judgement reads the path of the aligner's second pass, the last that
//! no learned lexicon shaped (or the first's, when it is the last pass).

use super::lexical::{LexicalIndex, MatchCount};
use super::{Alignment, Bead, spread};

/// The probability of translation given to every bead of a pair that is no
/// translation.
pub const NOT_TRANSLATION: f64 = 0.01;
/// How many times more often than chance a class's keys must find their counterparts
/// for the class to tell translation in a pair.
pub const TELLING_RATIO: f64 = 2.0;
/// The share of a class's keys that must find their counterparts beyond those chance
/// finds, for the class to tell translation: the path bends to collect the matches
/// chance offers (between 1984's Hungarian and Text+Berg's French, shared words match in
/// 1 bead of 120 on the path against 1 of 370 at random), while in a translation a
/// telling class matches in a third of its occurrences or more.
pub const TELLING_MARGIN: f64 = 0.1;
/// Key occurrences in the path's two-sided beads from which the absence of any telling
/// class shows that the texts are not translations (fewer say nothing either way).
pub const MIN_OCCURRENCES: usize = 100;
/// The share of the shorter text's sentences that a translation pairs at the least:
/// where the path leaves more of both texts out, it found no translation to pair.
pub const MIN_PAIRED_SHARE: f64 = 0.5;

/// Judges whether the texts of `alignment` translate each other, by the anchors of
/// `index`; if not, multiplies every confidence by [`NOT_TRANSLATION`] and clears
/// [`Alignment::looks_like_translation`].
pub fn weigh(alignment: &mut Alignment, index: &LexicalIndex) {
    if !looks_like_translation(&alignment.beads, index) {
        not_a_translation(alignment);
    }
}

/// Marks the texts of `alignment` as no translation of each other: multiplies every
/// confidence by [`NOT_TRANSLATION`] and clears [`Alignment::looks_like_translation`].
pub fn not_a_translation(alignment: &mut Alignment) {
    alignment.looks_like_translation = false;
    for bead in &mut alignment.beads {
        bead.confidence *= NOT_TRANSLATION;
    }
}

/// True unless the path's anchors match only at chance or the path leaves most of both
/// texts out (see the module documentation).
pub(super) fn looks_like_translation(beads: &[Bead], index: &LexicalIndex) -> bool {
    if paired_share(beads) < MIN_PAIRED_SHARE {
        return false;
    }
    let two_sided: Vec<&Bead> = beads
        .iter()
        .filter(|b| !b.source.is_empty() && !b.target.is_empty())
        .collect();
    let on_path = index.match_counts(two_sided.iter().map(|b| (&b.source, &b.target)));
    let target_len = beads.iter().map(|b| b.target.end).max().unwrap_or(0);
    let shuffled: Vec<_> = two_sided
        .iter()
        .enumerate()
        .filter(|(_, b)| target_len > b.target.len())
        .map(|(k, b)| {
            let start = (spread(k as u64) % (target_len - b.target.len()) as u64) as usize;
            (b.source.clone(), start..start + b.target.len())
        })
        .collect();
    let at_chance = index.match_counts(shuffled.iter().map(|(s, t)| (s, t)));
    let occurrences: usize = on_path.iter().map(|count| count.occurrences).sum();
    occurrences < MIN_OCCURRENCES
        || on_path
            .iter()
            .zip(&at_chance)
            .any(|(&path, &chance)| tells(path, chance))
}

/// The larger of the shares of source and of target sentences that lie in two-sided
/// beads (1 when a side has no sentences): a translation of an excerpt leaves most of
/// the longer text out, but pairs most of the shorter one.
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
