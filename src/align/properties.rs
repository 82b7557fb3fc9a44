//! Properties of the aligner on random input: the corridor search finds the optimum of
//! the full search, and every alignment covers every sentence once, in order.

use crate::align::lattice::{Corridor, Gaps, Step, best_path, fill_from};
use crate::align::length::LengthModel;
use crate::align::shapes::{Shape, ShapeTable};
use crate::align::{AlignConfig, align};
use proptest::prelude::*;

/// Sentence lengths of a source text and of a translation of it: mostly one sentence for
/// one, with noisy lengths, and here and there a sentence split in two, two merged, one
/// left out or one added, and (with `gaps`) runs of 5 to 40 sentences left out of the
/// translation or added to it.
fn translated_lengths(gaps: bool) -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
    let events = if gaps { 0u8..22 } else { 0u8..20 };
    prop::collection::vec((5usize..200, events, 80usize..125, 5usize..40), 1..60).prop_map(
        |sentences| {
            let (mut source, mut target) = (Vec::new(), Vec::new());
            for (length, event, noise, run) in sentences {
                let translated = (length * noise / 100).max(1);
                match event {
                    20 => source.extend((0..run).map(|k| 20 + (length * (k + 3)) % 150)),
                    21 => target.extend((0..run).map(|k| 20 + (length * (k + 5)) % 150)),
                    _ => source.push(length),
                }
                match event {
                    0 | 20 | 21 => {}
                    1 => target.extend([translated / 2 + 1, translated - translated / 2]),
                    2 if !target.is_empty() => *target.last_mut().expect("not empty") += translated,
                    3 => target.extend([translated, 30]),
                    _ => target.push(translated),
                }
            }
            (source, target)
        },
    )
}

/// The cost of a path under `cost`, with runs of omissions priced by `gaps` as the
/// search prices them: each omission of a run pays half its own cost on entering and on
/// leaving, and the step between two omissions of a run at most `gaps.deletion` (1-0) or
/// `gaps.insertion` (0-1).
fn path_cost(
    path: &[Step],
    shapes: &[Shape],
    gaps: Gaps,
    cost: &impl Fn(usize, usize, usize) -> f64,
) -> f64 {
    let one_sided = |step: &Step| shapes[step.shape].source == 0 || shapes[step.shape].target == 0;
    let mut total = 0.0;
    for (t, step) in path.iter().enumerate() {
        let own = cost(step.source, step.target, step.shape);
        if !one_sided(step) {
            total += own;
            continue;
        }
        let previous = t
            .checked_sub(1)
            .map(|p| &path[p])
            .filter(|p| p.shape == step.shape);
        let next_same = path.get(t + 1).is_some_and(|n| n.shape == step.shape);
        total += match previous {
            Some(p) => {
                let extend = if shapes[step.shape].target == 0 {
                    gaps.deletion
                } else {
                    gaps.insertion
                };
                extend.min(cost(p.source, p.target, p.shape) / 2.0 + own / 2.0)
            }
            None => own / 2.0,
        };
        if !next_same {
            total += own / 2.0;
        }
    }
    total
}

/// The search from the corridor `start(n, m)` (widened by `band` where the path meets its
/// edge) and the full search, over a length model of the pair with runs of omissions
/// priced by `gaps`: the costs of the two paths found.
fn searched_and_full_costs(
    (source, target): (&[usize], &[usize]),
    start: impl Fn(usize, usize) -> Corridor,
    band: usize,
    gaps: Gaps,
) -> (f64, f64) {
    let lattice = LengthLattice::new(source, target);
    let (table, shapes) = (&lattice.table, lattice.table.shapes());
    let cost = |i: usize, j: usize, k: usize| lattice.cost(i, j, k);
    let (n, m) = (source.len(), target.len());
    let fill = fill_from(n, m, shapes, cost);
    let narrow = best_path(shapes, &fill, gaps, start(n, m), (band, table.max_side())).path;
    let full = best_path(
        shapes,
        &fill,
        gaps,
        Corridor::full(n, m),
        (2, table.max_side()),
    )
    .path;
    (
        path_cost(&narrow, shapes, gaps, &cost),
        path_cost(&full, shapes, gaps, &cost),
    )
}

/// The search in a band of 2 around the diagonal and the full search (see
/// [`searched_and_full_costs`]).
fn banded_and_full_costs(source: &[usize], target: &[usize], gaps: Gaps) -> (f64, f64) {
    searched_and_full_costs(
        (source, target),
        |n, m| Corridor::diagonal(n, m, 2),
        2,
        gaps,
    )
}

/// The least cost of any path through the whole lattice, with runs of omissions priced
/// as [`path_cost`] prices them, by a plain dynamic programme written from that
/// definition (states: the last bead is two-sided, a 1-0 or a 0-1; a run's exit half is
/// paid when the path leaves it).
fn least_cost(
    (n, m): (usize, usize),
    shapes: &[Shape],
    gaps: Gaps,
    cost: &impl Fn(usize, usize, usize) -> f64,
) -> f64 {
    let find = |s: usize, t: usize| {
        shapes
            .iter()
            .position(|x| (x.source, x.target) == (s, t))
            .expect("1-0 and 0-1")
    };
    let (deletion, insertion) = (find(1, 0), find(0, 1));
    let inf = f64::INFINITY;
    // [matched, deleted, inserted] per cell, without the exit half of an open run.
    let mut v = vec![vec![[inf; 3]; m + 1]; n + 1];
    v[0][0][0] = 0.0;
    let half_d = |i: usize, j: usize| cost(i - 1, j, deletion) / 2.0; // 1-0 ending at (i, j)
    let half_i = |i: usize, j: usize| cost(i, j - 1, insertion) / 2.0; // 0-1 ending at (i, j)
    let closed = |v: &Vec<Vec<[f64; 3]>>, i: usize, j: usize| -> [f64; 3] {
        let [a, d, ins] = v[i][j];
        [
            a,
            if i > 0 { d + half_d(i, j) } else { inf },
            if j > 0 { ins + half_i(i, j) } else { inf },
        ]
    };
    for i in 0..=n {
        for j in 0..=m {
            if (i, j) == (0, 0) {
                continue;
            }
            let mut matched = inf;
            for (k, shape) in shapes.iter().enumerate() {
                if k == deletion || k == insertion || shape.source > i || shape.target > j {
                    continue;
                }
                let (pi, pj) = (i - shape.source, j - shape.target);
                let before = closed(&v, pi, pj).into_iter().fold(inf, f64::min);
                matched = matched.min(before + cost(pi, pj, k));
            }
            let mut deleted = inf;
            if i > 0 {
                let [a, _, ins] = closed(&v, i - 1, j);
                deleted = a.min(ins) + half_d(i, j);
                if i > 1 {
                    deleted = deleted
                        .min(v[i - 1][j][1] + gaps.deletion.min(half_d(i - 1, j) + half_d(i, j)));
                }
            }
            let mut inserted = inf;
            if j > 0 {
                let [a, d, _] = closed(&v, i, j - 1);
                inserted = a.min(d) + half_i(i, j);
                if j > 1 {
                    inserted = inserted
                        .min(v[i][j - 1][2] + gaps.insertion.min(half_i(i, j - 1) + half_i(i, j)));
                }
            }
            v[i][j] = [matched, deleted, inserted];
        }
    }
    closed(&v, n, m).into_iter().fold(inf, f64::min)
}

/// The cost of the path of the aligner's first search (see [`searched_and_full_costs`])
/// and the least cost by [`least_cost`].
fn first_and_least_costs(source: &[usize], target: &[usize], gaps: Gaps) -> (f64, f64) {
    let lattice = LengthLattice::new(source, target);
    let (table, shapes) = (&lattice.table, lattice.table.shapes());
    let cost = |i: usize, j: usize, k: usize| lattice.cost(i, j, k);
    let (n, m) = (source.len(), target.len());
    let band = AlignConfig::default().band_half_width;
    let first = best_path(
        shapes,
        &fill_from(n, m, shapes, cost),
        gaps,
        Corridor::first_search(n, m, band),
        (band, table.max_side()),
    )
    .path;
    (
        path_cost(&first, shapes, gaps, &cost),
        least_cost((n, m), shapes, gaps, &cost),
    )
}

/// Gale and Church's costs for the beads of a pair of sentence-length lists, with the
/// shape priors tilted to the pair's sentence ratio.
struct LengthLattice {
    table: ShapeTable,
    source: Vec<usize>,
    target: Vec<usize>,
    model: LengthModel,
}

impl LengthLattice {
    fn new(source: &[usize], target: &[usize]) -> LengthLattice {
        let (source, target) = (prefix_sums(source), prefix_sums(target));
        let ratio = (target.len() - 1).max(1) as f64 / (source.len() - 1).max(1) as f64;
        LengthLattice {
            table: ShapeTable::default().tilted_to(ratio),
            model: LengthModel::from_totals(source[source.len() - 1], target[target.len() - 1]),
            source,
            target,
        }
    }

    /// The cost of the bead of shape `k` starting at cell (`i`, `j`).
    fn cost(&self, i: usize, j: usize, k: usize) -> f64 {
        let shape = &self.table.shapes()[k];
        let l1 = self.source[i + shape.source] - self.source[i];
        let l2 = self.target[j + shape.target] - self.target[j];
        self.model.cost(l1, l2) - shape.prior.ln()
    }
}

/// Each prefix sum of `lengths`, from 0.
fn prefix_sums(lengths: &[usize]) -> Vec<usize> {
    std::iter::once(0)
        .chain(lengths.iter().scan(0, |t, &l| {
            *t += l;
            Some(*t)
        }))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn corridor_search_finds_the_optimum_of_the_full_search(
        (source, target) in translated_lengths(false),
    ) {
        let (narrow, full) = banded_and_full_costs(&source, &target, Gaps::NONE);
        prop_assert!((narrow - full).abs() < 1e-9, "narrow {narrow}, full {full}");
    }

    /// The aligner's first search over a document short enough to need no coarse level
    /// finds the least-cost path when runs of omissions are priced as gaps, on documents
    /// whose long gaps take the optimum far from the diagonal (where widening a band
    /// where the path meets its edge does not reach it).
    #[test]
    fn first_search_finds_the_optimum_with_long_gaps_on_either_side(
        (source, target) in translated_lengths(true),
        extend in 0.5f64..3.0,
    ) {
        let (first, least) = first_and_least_costs(&source, &target, Gaps::even(extend));
        prop_assert!((first - least).abs() < 1e-6, "first {first}, least {least}");
    }

    #[test]
    fn beads_cover_every_sentence_once_in_order(
        source in prop::collection::vec("[a-z0-9 .?!]{0,40}", 0..25),
        target in prop::collection::vec("[A-Z0-9 .?!]{0,40}", 0..25),
    ) {
        let alignment = align(&source, &target, &AlignConfig::default());
        let (mut i, mut j) = (0, 0);
        for bead in &alignment.beads {
            prop_assert_eq!((bead.source.start, bead.target.start), (i, j));
            prop_assert!(!bead.source.is_empty() || !bead.target.is_empty());
            prop_assert!((0.0..=1.0).contains(&bead.confidence));
            i = bead.source.end;
            j = bead.target.end;
        }
        prop_assert_eq!((i, j), (source.len(), target.len()));
        if source.is_empty() || target.is_empty() {
            prop_assert!(alignment.beads.iter().all(|b| b.source.is_empty() || b.target.is_empty()));
        }
    }
}
