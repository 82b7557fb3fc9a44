//! Gale and Church's length model: how likely a bead is, given the character lengths of
//! its two sides.
//!
//! For source length `l1` and target length `l2`, `δ = (l2 − c·l1) / sqrt(s²·(l1 + l2/c)/2)`
//! and the cost is `−ln(2·(1 − Φ(|δ|)))`, Φ the standard normal distribution. The ratio
//! `c` and variance `s²` are estimated from the document pair, not fixed.

/// Gale and Church's variance of target length per source character (German, French,
/// English), the starting point before the variance is estimated from the pair.
pub const GALE_CHURCH_VARIANCE: f64 = 6.8;

/// The parameters of the length model for one document pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LengthModel {
    /// Expected target characters per source character.
    pub ratio: f64,
    /// Variance of the target length per (mean) source character.
    pub variance: f64,
}

impl LengthModel {
    /// A model whose ratio is the pair's total target length over its total source
    /// length, with Gale and Church's variance scaled by that ratio.
    pub fn from_totals(source_total: usize, target_total: usize) -> LengthModel {
        let ratio = if source_total == 0 || target_total == 0 {
            1.0
        } else {
            target_total as f64 / source_total as f64
        };
        LengthModel {
            ratio,
            variance: GALE_CHURCH_VARIANCE * ratio,
        }
    }

    /// The model with its variance widened to fit sample beads `(l1, l2)`, or unchanged
    /// when they are too few or fit within the current variance. The estimate only ever
    /// widens: beads picked by a length-driven first pass are the ones whose lengths
    /// agree, so their spread understates the pair's, and a narrower Gaussian makes every
    /// real length outlier look like a split or a merge.
    pub fn with_variance_from(self, beads: &[(usize, usize)]) -> LengthModel {
        const MIN_BEADS: usize = 10;
        if beads.len() < MIN_BEADS {
            return self;
        }
        let (squares, weight) = beads
            .iter()
            .fold((0.0, 0.0), |(squares, weight), &(l1, l2)| {
                let residual = l2 as f64 - self.ratio * l1 as f64;
                (
                    squares + residual * residual,
                    weight + self.mean_length(l1, l2),
                )
            });
        LengthModel {
            variance: (squares / weight).max(self.variance),
            ..self
        }
    }

    fn mean_length(&self, l1: usize, l2: usize) -> f64 {
        ((l1 as f64 + l2 as f64 / self.ratio) / 2.0).max(1.0)
    }

    /// `−ln P(|X| ≥ |δ|)` for a standard normal X: the cost of a bead's length mismatch.
    pub fn cost(&self, l1: usize, l2: usize) -> f64 {
        self.costs().cost(l1, l2)
    }

    /// The model's costs, for pricing many beads (see [`LengthCosts`]).
    pub fn costs(&self) -> LengthCosts {
        LengthCosts {
            ratio: self.ratio,
            variance_per_ratio: self.variance / self.ratio,
            least_spread: 2.0 * self.variance,
            table: tail_table(),
        }
    }
}

/// A [`LengthModel`]'s bead costs with what they share worked out once: the search prices
/// every shape of every cell of its corridor, a few hundred million beads in a long
/// document, and a cost's divisions and square root were most of the time it took.
#[derive(Debug, Clone, Copy)]
pub struct LengthCosts {
    ratio: f64,
    variance_per_ratio: f64,
    /// `2s²`: the spread of a bead whose mean length is one character.
    least_spread: f64,
    table: &'static [f64],
}

impl LengthCosts {
    /// The cost of a bead of `l1` source and `l2` target characters, as
    /// [`LengthModel::cost`] gives it: `|δ|/√2 = |l2 − c·l1| / √(2s²·mean)`, the mean
    /// length `(l1 + l2/c)/2` taken as at least 1, computed as `√(s²/c · (c·l1 + l2))`.
    #[inline]
    pub fn cost(&self, l1: usize, l2: usize) -> f64 {
        self.cost_of_deviation(self.deviation(l1, l2))
    }

    /// `|δ|/√2` of a bead of `l1` source and `l2` target characters. A model whose variance
    /// is this one's divided by `w` has the deviation of this one's times `√w` (both terms
    /// of the spread scale with the variance).
    #[inline]
    pub fn deviation(&self, l1: usize, l2: usize) -> f64 {
        // Through i64: a bead's lengths are far below 2⁶³, and the signed conversion is
        // one instruction where the unsigned one is four.
        let (l1, l2) = (l1 as i64 as f64, l2 as i64 as f64);
        self.deviation_from(self.ratio * l1, l2)
    }

    /// Writes into `deviations[c]` the [`deviation`](LengthCosts::deviation) of the bead
    /// of `l1` source characters and `ends[c] − starts[c]` target characters, for each `c`
    /// of `starts` (character positions, whole numbers). A loop the compiler turns into
    /// instructions that take two beads at once: a bead at a time, the length cost (its
    /// square root, division and table) took a third of the samples of a row's fill.
    #[inline]
    pub fn deviations_into(
        &self,
        l1: usize,
        (starts, ends): (&[f64], &[f64]),
        deviations: &mut [f64],
    ) {
        let expected = self.ratio * l1 as i64 as f64;
        for ((deviation, start), end) in deviations.iter_mut().zip(starts).zip(ends) {
            *deviation = self.deviation_from(expected, end - start);
        }
    }

    /// The deviation of a bead of `l2` target characters from the `expected` ones.
    #[inline]
    fn deviation_from(&self, expected: f64, l2: f64) -> f64 {
        let spread = (self.variance_per_ratio * (expected + l2)).max(self.least_spread);
        (l2 - expected).abs() / spread.sqrt()
    }

    /// The cost of a bead whose [`deviation`](LengthCosts::deviation) is `x`.
    #[inline]
    pub fn cost_of_deviation(&self, x: f64) -> f64 {
        tail_cost_in(self.table, x)
    }
}

/// Steps per unit of the table of [`tail_cost_in`].
const TAIL_STEPS: f64 = 256.0;
/// The table of [`tail_cost_in`] reaches this far; beyond it the cost is computed.
const TAIL_TABLE_END: f64 = 16.0;

/// The table of [`tail_cost_in`]: `−ln erfc(k / TAIL_STEPS)` for every step up to
/// [`TAIL_TABLE_END`] and one beyond.
#[allow(
    clippy::cast_sign_loss,
    reason = "the table's end and steps are positive"
)]
fn tail_table() -> &'static [f64] {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..=(TAIL_TABLE_END * TAIL_STEPS) as usize + 1)
            .map(|k| -ln_erfc(k as f64 / TAIL_STEPS))
            .collect()
    })
}

/// `−ln erfc(x)` for `x ≥ 0`, by linear interpolation in `table` (see [`tail_table`];
/// error under 4·10⁻⁶ nats) up to [`TAIL_TABLE_END`]: the aligner evaluates it for every
/// bead it weighs.
#[inline]
#[allow(clippy::cast_sign_loss, reason = "x is not negative")]
fn tail_cost_in(table: &[f64], x: f64) -> f64 {
    if x >= TAIL_TABLE_END {
        return -ln_erfc(x);
    }
    let position = x * TAIL_STEPS;
    // Through i64, as in `LengthCosts::cost`: `position` is under 4,096.
    let k = position as i64;
    let fraction = position - k as f64;
    let k = k as usize;
    table[k] + (table[k + 1] - table[k]) * fraction
}

/// `ln(erfc(x))` for `x ≥ 0`, accurate to a relative error of about 1.2e-7 in erfc and
/// finite however large `x` is (Numerical Recipes' Chebyshev fit, taken in logs).
fn ln_erfc(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.5 * x);
    let poly = -1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    t.ln() - x * x + poly
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_erfc_matches_known_values() {
        assert!(ln_erfc(0.0).abs() < 1e-6);
        assert!((ln_erfc(1.0) - 0.157_299_207_050_285_f64.ln()).abs() < 1e-6);
        assert!((ln_erfc(3.0) - 2.209_049_699_858_544e-5_f64.ln()).abs() < 1e-5);
        assert!(ln_erfc(40.0).is_finite());
    }

    #[test]
    fn the_tail_cost_table_agrees_with_the_formula() {
        for x in [0.0, 0.001, 0.3, 1.0, 2.5, 7.77, 15.99, 16.0, 30.0] {
            assert!(
                (tail_cost_in(tail_table(), x) + ln_erfc(x)).abs() < 1e-5,
                "{x}"
            );
        }
    }

    #[test]
    fn matching_lengths_cost_least() {
        let model = LengthModel::from_totals(100, 120);
        assert!(model.cost(50, 60) < model.cost(50, 80));
        assert!(model.cost(50, 60) < model.cost(50, 45));
        assert!(model.cost(50, 60) < 1e-6);
    }

    #[test]
    fn variance_is_estimated_from_beads() {
        let model = LengthModel::from_totals(100, 100);
        let exact: Vec<(usize, usize)> = (1..20).map(|l| (l * 10, l * 10)).collect();
        assert_eq!(model.with_variance_from(&exact), model);
        let noisy: Vec<(usize, usize)> = (1..20).map(|l| (l * 10, l * 10 + 40)).collect();
        assert!(model.with_variance_from(&noisy).variance > model.variance);
        assert_eq!(model.with_variance_from(&noisy[..3]), model);
    }
}
