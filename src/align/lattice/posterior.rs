//! Confidences: the posterior probability of each bead of a path over all the paths
//! through a corridor, from forward and backward sums run side by side.
//!
//! A bead that leaves a sentence out (1-0 or 0-1) says that the sentence has no
//! counterpart; where along the other side it is left out is no part of what it says (a
//! reference alignment names it by its sentence alone). So its confidence sums the
//! posteriors of every bead of the corridor that leaves that sentence out, not only of
//! the path's: where the other side's sentences around a run of omissions could sit
//! anywhere along it, each place alone is unlikely, and the omission all but certain.

use super::costs::{BeadCosts, ForwardCosts, ReversedCosts};
use super::{
    Accumulator, CellScores, Corridor, FillRow, Gaps, LogSum, Shape, Step, gap_shapes, link, sweep,
};

/// The posterior probability of each bead of `path` over all paths through `corridor`,
/// with bead costs from `fill` and runs of omissions priced by `gaps`; for a 1-0 or 0-1
/// bead, that its sentence is left out (see the module documentation).
pub fn posteriors(
    corridor: &Corridor,
    shapes: &[Shape],
    gaps: Gaps,
    fill: &(impl FillRow + Sync),
    path: &[Step],
) -> Vec<f64> {
    let omissions = Omissions::of(path, shapes, corridor);
    let (forward, mut backward) = rayon::join(
        || forward_sums(corridor, shapes, gaps, fill, path, &omissions),
        || backward_sums(corridor, shapes, gaps, fill, path, &omissions),
    );
    backward.ends.reverse();
    let through = Through {
        gaps,
        shapes: gap_shapes(shapes),
    };
    path.iter()
        .enumerate()
        .map(|(s, step)| {
            let score = match omissions.of_step(s) {
                Some(o) => {
                    let mut sum = LogSum::empty();
                    for &(x, before) in &forward.omitted_starts[o] {
                        let cost = forward.omitted_costs[o].iter().find(|(y, _)| *y == x);
                        let after = backward.omitted_ends[o].iter().find(|(y, _)| *y == x);
                        if let (Some((_, cost)), Some((_, after))) = (cost, after) {
                            sum.add(through.score(step.shape, &before, *cost, after), 0);
                        }
                    }
                    sum.score()
                }
                None => through.score(
                    step.shape,
                    &forward.starts[s],
                    forward.bead_costs[s],
                    &backward.ends[s],
                ),
            };
            (score - forward.log_total).exp().clamp(0.0, 1.0)
        })
        .collect()
}

/// The summed score of the paths through one bead, from the scores into its start and
/// out of its end, in the states that price the bead as it is (see `sweep`).
struct Through {
    gaps: Gaps,
    /// The shapes of 1-0 and 0-1 beads.
    shapes: (usize, usize),
}

impl Through {
    fn score(&self, shape: usize, before: &CellScores, cost: f64, after: &CellScores) -> f64 {
        let plus = LogSum::plus;
        let half = cost / 2.0;
        // An omission opens a run or extends one; scores as (opening, in the run, the
        // half of the run's last lone price), into the start and out of the end.
        let omission = |extend: f64, into: (f64, f64, f64), out_of: (f64, f64, f64)| {
            plus(into.0 - half, into.1 - link(extend, into.2, half))
                + plus(out_of.0 - half, out_of.1 - link(extend, half, out_of.2))
        };
        let (deletion, insertion) = self.shapes;
        if shape == deletion {
            omission(
                self.gaps.deletion,
                (plus(before.m, before.ix), before.d, before.exit_d),
                (plus(after.m, after.ix), after.d, after.exit_d),
            )
        } else if shape == insertion {
            omission(
                self.gaps.insertion,
                (plus(before.m, before.dx), before.i, before.exit_i),
                (plus(after.m, after.dx), after.i, after.exit_i),
            )
        } else {
            before.x - cost + after.x
        }
    }
}

/// The path's 1-0 and 0-1 beads, found by the sentence each leaves out.
struct Omissions {
    /// Per source sentence, the omission (an index into `steps`) that leaves it out.
    rows: Vec<Option<u32>>,
    /// Per target sentence, likewise.
    columns: Vec<Option<u32>>,
    /// The path step of each omission.
    steps: Vec<usize>,
}

impl Omissions {
    fn of(path: &[Step], shapes: &[Shape], corridor: &Corridor) -> Omissions {
        let (deletion, insertion) = gap_shapes(shapes);
        let mut omissions = Omissions {
            rows: vec![None; corridor.rows() + 1],
            columns: vec![None; corridor.m + 1],
            steps: Vec::new(),
        };
        for (s, step) in path.iter().enumerate() {
            let index = u32::try_from(omissions.steps.len()).ok();
            if step.shape == deletion {
                omissions.rows[step.source] = index;
            } else if step.shape == insertion {
                omissions.columns[step.target] = index;
            } else {
                continue;
            }
            omissions.steps.push(s);
        }
        omissions
    }

    /// The omission that path step `s` is, if it is one.
    fn of_step(&self, s: usize) -> Option<usize> {
        self.steps.binary_search(&s).ok()
    }

    /// The omission that leaves out source sentence `i`.
    fn of_row(&self, i: usize) -> Option<usize> {
        self.rows.get(i).copied().flatten().map(|o| o as usize)
    }

    /// The omission that leaves out target sentence `j`.
    fn of_column(&self, j: usize) -> Option<usize> {
        self.columns.get(j).copied().flatten().map(|o| o as usize)
    }
}

/// What the forward sweep keeps: the scores into each bead's start, each bead's own cost
/// (read at its end cell), the summed score of all paths, and for each omission, by the
/// position on the other side it could sit at, the scores into the start of a bead that
/// leaves its sentence out there and that bead's cost.
struct Forward {
    starts: Vec<CellScores>,
    bead_costs: Vec<f64>,
    log_total: f64,
    omitted_starts: Vec<Vec<(usize, CellScores)>>,
    omitted_costs: Vec<Vec<(usize, f64)>>,
}

/// The forward sums over `corridor` (see [`Forward`]).
fn forward_sums(
    corridor: &Corridor,
    shapes: &[Shape],
    gaps: Gaps,
    fill: &(impl FillRow + Sync),
    path: &[Step],
    omissions: &Omissions,
) -> Forward {
    let (deletion, insertion) = gap_shapes(shapes);
    let mut forward = Forward {
        starts: Vec::with_capacity(path.len()),
        bead_costs: Vec::with_capacity(path.len()),
        log_total: f64::NEG_INFINITY,
        omitted_starts: vec![Vec::new(); omissions.steps.len()],
        omitted_costs: vec![Vec::new(); omissions.steps.len()],
    };
    let within = |i: usize, j: usize| {
        let (lo, hi) = corridor.range(i);
        (lo..=hi).contains(&j)
    };
    let mut costs = ForwardCosts::new(corridor, shapes, fill);
    sweep::<LogSum, _>(
        corridor.rows(),
        |i| corridor.range(i),
        shapes,
        gaps,
        &mut costs,
        |i, j, cell, _, costs| {
            if let Some(step) = path.get(forward.bead_costs.len()) {
                let shape = &shapes[step.shape];
                if (i, j) == (step.source + shape.source, step.target + shape.target) {
                    forward
                        .bead_costs
                        .push(costs.shape_costs(i, step.shape).at(j));
                }
            }
            if let Some(step) = path.get(forward.starts.len())
                && (i, j) == (step.source, step.target)
            {
                forward.starts.push(*cell);
            }
            if let Some(o) = omissions.of_row(i) {
                forward.omitted_starts[o].push((j, *cell));
            }
            if let Some(o) = omissions.of_column(j) {
                forward.omitted_starts[o].push((i, *cell));
            }
            // The 1-0 bead from (i − 1, j) and the 0-1 bead from (i, j − 1) end here.
            if let Some(o) = i.checked_sub(1).and_then(|i| omissions.of_row(i))
                && within(i - 1, j)
            {
                let cost = costs.shape_costs(i, deletion).at(j);
                forward.omitted_costs[o].push((j, cost));
            }
            if let Some(o) = j.checked_sub(1).and_then(|j| omissions.of_column(j))
                && within(i, j - 1)
            {
                let cost = costs.shape_costs(i, insertion).at(j);
                forward.omitted_costs[o].push((i, cost));
            }
            forward.log_total = cell.x;
        },
    );
    forward
}

/// What the backward sweep keeps: the scores of all paths from each bead's end to the
/// last cell, last bead first, and for each omission, by the position on the other side
/// it could sit at, the scores out of the end of a bead that leaves its sentence out
/// there. They are forward scores over the lattice seen from its end, where a path's
/// states are those of the bead after the cell.
struct Backward {
    ends: Vec<CellScores>,
    omitted_ends: Vec<Vec<(usize, CellScores)>>,
}

/// The backward sums over `corridor` (see [`Backward`]).
fn backward_sums(
    corridor: &Corridor,
    shapes: &[Shape],
    gaps: Gaps,
    fill: &(impl FillRow + Sync),
    path: &[Step],
    omissions: &Omissions,
) -> Backward {
    let (n, m) = (corridor.rows(), corridor.m);
    let ends: Vec<(usize, usize)> = path
        .iter()
        .rev()
        .map(|s| {
            (
                n - s.source - shapes[s.shape].source,
                m - s.target - shapes[s.shape].target,
            )
        })
        .collect();
    let mut scores = Vec::with_capacity(path.len());
    let mut omitted_ends = vec![Vec::new(); omissions.steps.len()];
    let mut costs = ReversedCosts::new(corridor, shapes, fill);
    sweep::<LogSum, _>(
        n,
        |i| corridor.reversed_range(i),
        shapes,
        gaps,
        &mut costs,
        |i, j, cell, _, _| {
            if ends.get(scores.len()) == Some(&(i, j)) {
                scores.push(*cell);
            }
            // The cell is (n − i, m − j) of the lattice: the end of a 1-0 bead leaving
            // out source sentence n − i − 1, and of a 0-1 leaving out target m − j − 1.
            let (row, column) = (n - i, m - j);
            if let Some(o) = row.checked_sub(1).and_then(|i| omissions.of_row(i)) {
                omitted_ends[o].push((column, *cell));
            }
            if let Some(o) = column.checked_sub(1).and_then(|j| omissions.of_column(j)) {
                omitted_ends[o].push((row, *cell));
            }
        },
    );
    Backward {
        ends: scores,
        omitted_ends,
    }
}
