//! Bead shapes (how many source and target sentences a bead joins) and their prior
//! probabilities, kept as a table rather than code per shape.
//!
//! The base priors are Gale and Church's (1-1 0.89; 1-0 and 0-1 0.0099 together; 2-1 and
//! 1-2 0.089 together; 2-2 0.011), extended to longer beads with a geometric decay. For a
//! document pair they are tilted towards the side with more sentences: a path through
//! the lattice must average `m/n` target sentences per source sentence, and the tilt
//! `P(i-j) ∝ base(i-j)·exp(λ·(j − i))` picks the one λ whose priors expect that ratio.
//!
//! The default table also reaches further on that side: where a side has `r` times as
//! many sentences as the other, one sentence of the other is split `r` times finer, and
//! its 1-k beads reach [`DEFAULT_MAX_BEAD`]`·r` sentences (see [`ShapeTable::fitted_to`]).
//! A bead the table cannot hold is wrong by construction and pushes its neighbours
//! wrong too: Arabic laws and literary prose, with about 1.35 and 1.9 English sentences
//! to an Arabic one, have reference beads of 1-7, 1-8 and 1-9.

/// One bead shape with its prior probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Number of source sentences in the bead.
    pub source: usize,
    /// Number of target sentences in the bead.
    pub target: usize,
    /// Prior probability of the shape.
    pub prior: f64,
}

/// The bead shapes an alignment may use.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeTable {
    shapes: Vec<Shape>,
    /// Whether [`ShapeTable::fitted_to`] lengthens the beads on the side with more
    /// sentences.
    reaches_with_ratio: bool,
}

/// The largest bead side of the default table where the two sides have about as many
/// sentences, and on the side with fewer (see [`ShapeTable::fitted_to`]): Arabic legal
/// and literary sentences are often split into four or more English ones.
pub const DEFAULT_MAX_BEAD: usize = 6;

/// Base prior of a 1-1 bead.
const ONE_TO_ONE: f64 = 0.89;
/// Base prior of a 1-0 or a 0-1 bead.
const INSERTION: f64 = 0.00495;
/// Base prior of a 1-2 or a 2-1 bead.
const ONE_TO_TWO: f64 = 0.0445;
/// Base prior of a 2-2 bead.
const TWO_TO_TWO: f64 = 0.011;
/// Base prior of a 2-3 or 3-2 bead.
const TWO_TO_THREE: f64 = 0.002;
/// Each sentence more on the long side of a 1-k or k-1 bead (k ≥ 3) multiplies its base
/// prior by this.
const LONGER_BEAD_DECAY: f64 = 0.15;
/// The longest side a bead of the default table may reach on the side with more
/// sentences, however many more it has.
pub const MAX_REACH: usize = 12;

/// Base prior of a 1-k or k-1 bead, k ≥ 2.
fn one_to_many_prior(k: usize) -> f64 {
    ONE_TO_TWO * LONGER_BEAD_DECAY.powi(k as i32 - 2)
}

impl Default for ShapeTable {
    /// Beads of up to [`DEFAULT_MAX_BEAD`] sentences a side, reaching further on the side
    /// with more sentences once fitted to a pair (see [`ShapeTable::fitted_to`]).
    fn default() -> Self {
        ShapeTable {
            reaches_with_ratio: true,
            ..ShapeTable::up_to(DEFAULT_MAX_BEAD)
        }
    }
}

impl ShapeTable {
    /// 0-1, 1-0, 1-1, 1-k and k-1 up to `max_bead` (at least 2), 2-2, and 2-3 and 3-2
    /// when `max_bead` is 3 or more, with their base priors.
    pub fn up_to(max_bead: usize) -> ShapeTable {
        let max_bead = max_bead.max(2);
        let mut shapes = vec![
            (1, 1, ONE_TO_ONE),
            (1, 0, INSERTION),
            (0, 1, INSERTION),
            (2, 2, TWO_TO_TWO),
        ];
        for k in 2..=max_bead {
            shapes.push((1, k, one_to_many_prior(k)));
            shapes.push((k, 1, one_to_many_prior(k)));
        }
        if max_bead >= 3 {
            shapes.push((2, 3, TWO_TO_THREE));
            shapes.push((3, 2, TWO_TO_THREE));
        }
        ShapeTable::new(
            shapes
                .into_iter()
                .map(|(source, target, prior)| Shape {
                    source,
                    target,
                    prior,
                })
                .collect(),
        )
    }

    /// A table of the given shapes, priors normalised to sum to one. The shapes must
    /// include 1-0 and 0-1, so that any two lists of sentences have an alignment.
    pub fn new(mut shapes: Vec<Shape>) -> ShapeTable {
        assert!(
            shapes.iter().any(|s| (s.source, s.target) == (1, 0))
                && shapes.iter().any(|s| (s.source, s.target) == (0, 1)),
            "a shape table needs 1-0 and 0-1"
        );
        let total: f64 = shapes.iter().map(|s| s.prior).sum();
        for shape in &mut shapes {
            shape.prior /= total;
        }
        ShapeTable {
            shapes,
            reaches_with_ratio: false,
        }
    }

    /// The shapes, in table order.
    pub fn shapes(&self) -> &[Shape] {
        &self.shapes
    }

    /// The largest number of sentences on one side of any shape.
    pub fn max_side(&self) -> usize {
        self.shapes
            .iter()
            .map(|s| s.source.max(s.target))
            .max()
            .unwrap_or(1)
    }

    /// The ratio of target to source sentences the priors expect.
    pub fn expected_ratio(&self) -> f64 {
        let (source, target) = self.shapes.iter().fold((0.0, 0.0), |(s, t), shape| {
            (
                s + shape.prior * shape.source as f64,
                t + shape.prior * shape.target as f64,
            )
        });
        target / source
    }

    /// The table for a pair with `ratio` target sentences per source sentence: for the
    /// default table, 1-k beads on the side with `r` times as many sentences as the
    /// other (r ≥ 1) reach `⌊DEFAULT_MAX_BEAD·r⌋` sentences (at most [`MAX_REACH`]),
    /// with the base priors' decay; then the priors [tilted](ShapeTable::tilted_to) to
    /// the ratio. A table of a given largest side ([`ShapeTable::up_to`]) is only tilted.
    pub fn fitted_to(&self, ratio: f64) -> ShapeTable {
        if !self.reaches_with_ratio || !ratio.is_finite() || ratio <= 0.0 {
            return self.tilted_to(ratio);
        }
        #[allow(
            clippy::cast_sign_loss,
            clippy::cast_possible_truncation,
            reason = "the product is at least DEFAULT_MAX_BEAD and capped at MAX_REACH"
        )]
        let reach = ((DEFAULT_MAX_BEAD as f64 * ratio.max(1.0 / ratio)).floor() as usize)
            .clamp(DEFAULT_MAX_BEAD, MAX_REACH);
        let longer = (self.max_side() + 1..=reach).map(|k| {
            let (source, target) = if ratio >= 1.0 { (1, k) } else { (k, 1) };
            Shape {
                source,
                target,
                prior: one_to_many_prior(k),
            }
        });
        ShapeTable::new(self.shapes.iter().copied().chain(longer).collect()).tilted_to(ratio)
    }

    /// The priors tilted by `exp(λ·(target − source))`, with λ chosen so that they
    /// expect `ratio` target sentences per source sentence (as closely as the shapes
    /// allow).
    pub fn tilted_to(&self, ratio: f64) -> ShapeTable {
        if !ratio.is_finite() || ratio <= 0.0 {
            return self.clone();
        }
        let tilt = |lambda: f64| {
            ShapeTable::new(
                self.shapes
                    .iter()
                    .map(|s| Shape {
                        prior: s.prior * (lambda * (s.target as f64 - s.source as f64)).exp(),
                        ..*s
                    })
                    .collect(),
            )
        };
        let (mut low, mut high) = (-5.0, 5.0);
        for _ in 0..60 {
            let middle = (low + high) / 2.0;
            if tilt(middle).expected_ratio() < ratio {
                low = middle;
            } else {
                high = middle;
            }
        }
        tilt((low + high) / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priors_sum_to_one_and_favour_one_to_one() {
        let table = ShapeTable::default();
        let total: f64 = table.shapes().iter().map(|s| s.prior).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert!(table.shapes()[0].prior > 0.8);
        assert_eq!(table.max_side(), DEFAULT_MAX_BEAD);
    }

    #[test]
    fn a_balanced_pair_keeps_symmetric_priors() {
        let table = ShapeTable::default();
        assert!((table.expected_ratio() - 1.0).abs() < 1e-9);
        assert!((table.tilted_to(1.0).expected_ratio() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_default_table_reaches_further_on_the_side_with_more_sentences() {
        let sides = |t: &ShapeTable| {
            let longest = |f: fn(&Shape) -> usize| t.shapes().iter().map(f).max().unwrap();
            (longest(|s| s.source), longest(|s| s.target))
        };
        let default = ShapeTable::default();
        // Two English sentences to an Arabic one: 1-k up to 12, k-1 still up to 6.
        assert_eq!(sides(&default.fitted_to(2.0)), (6, 12));
        assert_eq!(sides(&default.fitted_to(0.5)), (12, 6));
        assert_eq!(sides(&default.fitted_to(1.94)), (6, 11));
        assert_eq!(sides(&default.fitted_to(20.0)), (6, MAX_REACH));
        // Sides nearly even keep the table as it is.
        assert_eq!(sides(&default.fitted_to(1.15)), (6, 6));
        assert_eq!(sides(&default.fitted_to(1.0 / 1.15)), (6, 6));
        // A table of a given largest side is kept to it.
        assert_eq!(sides(&ShapeTable::up_to(6).fitted_to(2.0)), (6, 6));
        // The longer beads fit the ratio like the others, and decay as they lengthen.
        let fitted = default.fitted_to(2.0);
        assert!((fitted.expected_ratio() - 2.0).abs() < 1e-6);
        let prior = |k: usize| {
            fitted
                .shapes()
                .iter()
                .find(|s| (s.source, s.target) == (1, k))
                .unwrap()
                .prior
        };
        assert!((7..=12).all(|k| prior(k) < prior(k - 1)));
    }

    #[test]
    fn tilting_meets_the_sentence_ratio() {
        let table = ShapeTable::default();
        let tilted = table.tilted_to(1.4);
        assert!((tilted.expected_ratio() - 1.4).abs() < 1e-6);
        let prior = |t: &ShapeTable, shape: (usize, usize)| {
            t.shapes()
                .iter()
                .find(|s| (s.source, s.target) == shape)
                .unwrap()
                .prior
        };
        assert!(prior(&tilted, (1, 3)) > prior(&table, (1, 3)));
        assert!(prior(&tilted, (3, 1)) < prior(&table, (3, 1)));
    }
}
