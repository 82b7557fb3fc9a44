//! What one key's occurrences say about a bead: the log-rates of finding and missing
//! its counterpart in a true bead against the chance of meeting it in a random one.

/// Bead sides up to this many sentences have their chance terms precomputed.
pub(super) const CHANCE_TABLE_SIZES: usize = 8;

/// What one key's occurrences tell: the log-rates at which a true bead has or lacks its
/// counterpart, and the share of sentences on each side that hold it.
#[derive(Debug, Clone, Copy)]
pub(super) struct KeyOdds {
    pub(super) ln_found: f64,
    pub(super) ln_missed: f64,
    pub(super) source_share: f64,
    pub(super) target_share: f64,
    /// `ln c(k, n)` for a source side of `n` sentences, `n` in `1..=CHANCE_TABLE_SIZES`.
    pub(super) source_chance: [f64; CHANCE_TABLE_SIZES],
    /// The same for a target side.
    pub(super) target_chance: [f64; CHANCE_TABLE_SIZES],
    /// The scores of a source and a target occurrence without counterpart, together.
    pub(super) both_missed: f64,
}

/// `ln c(k, n)`: the log of the chance that a random side of `size` sentences holds a key
/// that a share `share` of sentences hold.
pub(super) fn ln_chance(share: f64, size: usize) -> f64 {
    (-(size as f64 * (1.0 - share).ln()).exp()).ln_1p()
}

impl KeyOdds {
    pub(super) fn new(p: f64, source_share: f64, target_share: f64) -> KeyOdds {
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
    pub(super) fn chance(table: &[f64; CHANCE_TABLE_SIZES], share: f64, size: usize) -> f64 {
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
    pub(super) fn match_gain(&self, source_size: usize, target_size: usize) -> f64 {
        let source = KeyOdds::chance(&self.source_chance, self.source_share, source_size);
        let target = KeyOdds::chance(&self.target_chance, self.target_share, target_size);
        (self.ln_found - (source + target) / 2.0).max(0.0) - self.both_missed
    }

    /// The score of a source occurrence without counterpart.
    pub(super) fn source_miss(&self) -> f64 {
        (self.ln_missed - (1.0 - self.target_share).ln()).min(0.0)
    }

    /// The score of a target occurrence without counterpart.
    pub(super) fn target_miss(&self) -> f64 {
        (self.ln_missed - (1.0 - self.source_share).ln()).min(0.0)
    }
}

/// Running sums over the key occurrences of a side's first sentences.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct MissSums {
    /// The miss scores of the occurrences.
    pub(super) score: f64,
    /// Number of occurrences.
    pub(super) count: usize,
}

impl MissSums {
    pub(super) fn minus(&self, other: &MissSums) -> MissSums {
        MissSums {
            score: self.score - other.score,
            count: self.count - other.count,
        }
    }
}
