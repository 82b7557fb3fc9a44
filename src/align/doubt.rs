//! The confidences of the final pass: a bead is sure only if it stays sure when any one
//! kind of evidence is weighed at less than full weight.
//!
//! A bead's posterior under the fitted model trusts that model fully, yet its length
//! variance and its anchors' rates are estimated from the document they score, and its
//! evidence terms (lengths, and what the two texts share: anchors, lexicon, paragraph
//! boundaries) are summed as if independent. Where lengths cannot tell and the texts share
//! little, a bead can be off by a sentence at an edge with a posterior near 1. So the
//! confidence is the least of the posteriors under the fitted model and under two
//! alternatives, each weighing one kind of evidence at [`DOUBTED_WEIGHT`]: the lengths
//! (the variance divided by the weight, which scales the squared standardised difference
//! by it) and the shared evidence (its scores multiplied by it). This is the lower
//! posterior of robust Bayesian analysis over the models at the corners of that range.
//! Shape priors and the price of omissions are the same in all three.

use super::lattice::{
    Corridor, FillRow, Gaps, SAMPLED_ABOVE, Step, posteriors, sampled_posteriors,
};
use super::length::{LengthCosts, LengthModel};
use super::shapes::Shape;
use super::{HOPELESS_COST, Sides};

/// The weight at which an alternative model weighs one kind of evidence.
const DOUBTED_WEIGHT: f64 = 2.0 / 3.0;

/// What confidences a pass gives its beads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Confidence {
    /// The posteriors under the pass's fitted model of a sample of the beads of a long
    /// path, none (NaN) for the others (see [`sampled_posteriors`]): what a pass whose
    /// beads only measure the evidence for the next one needs.
    Sampled,
    /// The posterior under the pass's fitted model.
    Posterior,
    /// The least posterior under the fitted model and the alternatives (see the module
    /// documentation): the confidence of the final pass.
    Lower,
}

/// A pass's bead costs and what they weigh, for the alternatives to reweigh.
pub(super) struct Weighed<'a, F> {
    /// The bead costs of the pass.
    pub fill: &'a F,
    /// The pass's length model.
    pub model: LengthModel,
    /// The shapes, with their priors.
    pub shapes: &'a [Shape],
    /// Whether the costs hold evidence the texts share beside lengths and priors.
    pub shared_evidence: bool,
}

impl Sides {
    /// The confidences of `path` as `confidence` asks, summed in `corridor` with runs of
    /// omissions priced by `gaps`; and the number of cells each sweep of the sums went
    /// over.
    pub(super) fn confidences<F: FillRow + Sync>(
        &self,
        weighed: &Weighed<F>,
        (corridor, gaps): (&Corridor, Gaps),
        path: &[Step],
        confidence: Confidence,
    ) -> (Vec<f64>, usize) {
        let shapes = weighed.shapes;
        let fitted = || posteriors(corridor, shapes, gaps, weighed.fill, path);
        match confidence {
            Confidence::Sampled => {
                let (sampled, cells) =
                    sampled_posteriors(SAMPLED_ABOVE, corridor, shapes, gaps, weighed.fill, path);
                return (sampled, 2 * cells);
            }
            Confidence::Posterior => return (fitted(), 2 * corridor.cells()),
            Confidence::Lower => {}
        }
        let fitted_lengths = weighed.model.costs();
        // The doubted model's variance is the fitted one's over the weight: its deviations
        // are the fitted ones' times the weight's square root.
        let doubted_scale = DOUBTED_WEIGHT.sqrt();
        let prior_costs: Vec<f64> = shapes.iter().map(|s| -s.prior.ln()).collect();
        let lengths_doubted = |i, lo, hi, table: &mut Vec<f64>| {
            (weighed.fill)(i, lo, hi, table);
            self.reweigh_row(
                (i, lo, hi),
                (&fitted_lengths, shapes),
                table,
                |cost, deviation, _| {
                    cost - fitted_lengths.cost_of_deviation(deviation)
                        + fitted_lengths.cost_of_deviation(deviation * doubted_scale)
                },
            );
        };
        let shared_doubted = |i, lo, hi, table: &mut Vec<f64>| {
            (weighed.fill)(i, lo, hi, table);
            self.reweigh_row(
                (i, lo, hi),
                (&fitted_lengths, shapes),
                table,
                |cost, deviation, k| {
                    let unshared = fitted_lengths.cost_of_deviation(deviation) + prior_costs[k];
                    DOUBTED_WEIGHT * cost + (1.0 - DOUBTED_WEIGHT) * unshared
                },
            );
        };
        // One model at a time: the sums of a long document's corridor are its largest
        // allocations.
        let mut lowest = fitted();
        let mut lower = |fill: &(dyn FillRow + Sync)| {
            let alternative = posteriors(corridor, shapes, gaps, &fill, path);
            for (low, other) in lowest.iter_mut().zip(alternative) {
                *low = low.min(other);
            }
        };
        lower(&lengths_doubted);
        let mut models = 2;
        if weighed.shared_evidence {
            lower(&shared_doubted);
            models += 1;
        }
        (lowest, 2 * models * corridor.cells())
    }

    /// Applies `reweigh(cost, deviation, shape)` to the costs of `table` under
    /// [`HOPELESS_COST`], the costs of row `i`, target positions `lo..=hi`, shape after
    /// shape in each cell, with each bead's deviation under `lengths`. A bead hopeless
    /// under the fitted model is left so: an alternative takes at most a third off a term
    /// of its cost, which leaves it at odds of about e⁻²⁶ or less.
    fn reweigh_row(
        &self,
        (i, lo, hi): (usize, usize, usize),
        (lengths, shapes): (&LengthCosts, &[Shape]),
        table: &mut [f64],
        reweigh: impl Fn(f64, f64, usize) -> f64,
    ) {
        let count = shapes.len();
        self.deviations_along(lengths, shapes, (i, lo, hi), |k, cell, deviation| {
            let cost = &mut table[cell * count + k];
            if *cost < HOPELESS_COST {
                *cost = reweigh(*cost, deviation, k);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Evidence, Search, ShapeTable};
    use super::*;

    /// Two source sentences of 100 and 160 characters whose translations split the
    /// same text at another place (40 and 220 characters): lengths alone make the 2-2
    /// bead that holds them likely, not sure; beads whose lengths agree stay sure.
    #[test]
    fn a_bead_only_lengths_decide_is_not_sure_when_lengths_weigh_less() {
        let source = [120, 90, 200, 150, 100, 160, 80, 140];
        let target = [120, 90, 200, 150, 40, 220, 80, 140];
        let sides = Sides::new(&source, &target);
        let model = LengthModel::from_totals(1040, 1040);
        let shapes = ShapeTable::default();
        let run = |confidence| {
            let search = Search::Whole(source.len());
            let alignment = sides.run(model, &shapes, Evidence::default(), &search, &[], |_| {
                confidence
            });
            let beads: Vec<(String, f64)> = alignment
                .beads
                .iter()
                .map(|b| (b.kind(), b.confidence))
                .collect();
            beads
        };
        let fitted = run(Confidence::Posterior);
        let lower = run(Confidence::Lower);
        let kinds =
            |beads: &[(String, f64)]| beads.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
        assert_eq!(
            kinds(&fitted),
            ["1-1", "1-1", "1-1", "1-1", "2-2", "1-1", "1-1"]
        );
        assert_eq!(kinds(&lower), kinds(&fitted));
        assert!(fitted[4].1 > 0.9, "{fitted:?}");
        assert!(lower[4].1 < 0.8, "{lower:?}");
        for k in [0, 1, 2, 6] {
            assert!(lower[k].1 > 0.96 && lower[k].1 <= fitted[k].1, "{lower:?}");
        }
    }
}
