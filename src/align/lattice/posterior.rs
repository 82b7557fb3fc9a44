//! Confidences: the posterior probability of each bead of a path over all the paths
//! through a corridor, from forward and backward sums run side by side.
//!
//! A bead that leaves a sentence out (1-0 or 0-1) says that the sentence has no
//! counterpart; where along the other side it is left out is no part of what it says (a
//! reference alignment names it by its sentence alone). So its confidence sums the
//! posteriors of every bead of the corridor that leaves that sentence out, not only of
//! the path's: where the other side's sentences around a run of omissions could sit
//! anywhere along it, each place alone is unlikely, and the omission all but certain.

use rayon::prelude::*;

use super::costs::{BeadCosts, ForwardCosts, ReversedCosts};
use super::{
    Accumulator, CellScores, Corridor, FillRow, Gaps, LinearSum, LogSum, OutOfRange, Shape, Step,
    gap_shapes, link, sweep,
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
    summing((corridor, shapes, gaps, fill), path, |summed| {
        // Where every bead into some row costs hundreds of nats, log-scores hold the sums.
        summed
            .posteriors::<LinearSum>()
            .unwrap_or_else(|OutOfRange| summed.posteriors::<LogSum>().expect(IN_RANGE))
    })
}

/// What `sums` gives of the sums of the posteriors of `path` over `corridor`, with bead
/// costs from `fill` and runs priced by `gaps` (see [`Summed`]).
fn summing<F: FillRow + Sync, T>(
    (corridor, shapes, gaps, fill): (&Corridor, &[Shape], Gaps, &F),
    path: &[Step],
    sums: impl FnOnce(&Summed<F>) -> T,
) -> T {
    let omissions = Omissions::of(path, shapes, corridor);
    sums(&Summed {
        corridor,
        shapes,
        gaps,
        fill,
        path,
        omissions: &omissions,
    })
}

/// Beads of a path above which the aligner's passes that only measure evidence sum
/// stretches of it only (see [`sampled_posteriors`]): as many as are sampled. A sample of
/// 32,768 beads moved Text+Berg repeated to 50k sentences a side from 0.9281 to 0.9185
/// strict F1 (the lexicon and rates learned from fewer beads, not the sums, moved it);
/// every development set is shorter.
pub const SAMPLED_ABOVE: usize = 65_536;
/// Beads in each stretch of a path that [`sampled_posteriors`] sums.
const SAMPLE_STRETCH: usize = 2_048;
/// Beads at either end of a sampled stretch whose posteriors are left out: the stretch is
/// summed as if every path entered and left it where the path found does, which makes
/// the beads near its ends look surer than they are.
const SAMPLE_MARGIN: usize = 128;

/// The posteriors of the beads of `path`, as [`posteriors`] gives them, of a sample of
/// them on a long path: on a path of more than `above` beads (the aligner's passes take
/// [`SAMPLED_ABOVE`]), those of evenly spread stretches holding some `above` beads in
/// all, each stretch summed in the part of `corridor` between the cells where the path
/// enters and leaves it (NaN, no posterior, for the other beads); and the number of cells
/// summed over. What a pass whose beads only measure the evidence for the next needs:
/// rates, prices and a lexicon measured on 60,000 beads are as good as on 200,000, for a
/// third of the sums.
pub fn sampled_posteriors(
    above: usize,
    corridor: &Corridor,
    shapes: &[Shape],
    gaps: Gaps,
    fill: &(impl FillRow + Sync),
    path: &[Step],
) -> (Vec<f64>, usize) {
    if path.len() <= above {
        return (
            posteriors(corridor, shapes, gaps, fill, path),
            corridor.cells(),
        );
    }
    let stretches = above / SAMPLE_STRETCH;
    let last_start = path.len() - SAMPLE_STRETCH;
    let end = (corridor.rows(), corridor.m);
    let cell = |t: usize| path.get(t).map_or(end, |step| (step.source, step.target));
    let sampled: Vec<(usize, Vec<f64>, usize)> = (0..stretches)
        .into_par_iter()
        .map(|k| {
            let first = k * last_start / (stretches - 1);
            let after = first + SAMPLE_STRETCH;
            let (enter, leave) = (cell(first), cell(after));
            let window = corridor.window(enter, leave);
            let shifted = |i, lo, hi, table: &mut Vec<f64>| {
                fill(i + enter.0, lo + enter.1, hi + enter.1, table);
            };
            let local: Vec<Step> = path[first..after]
                .iter()
                .map(|step| Step {
                    source: step.source - enter.0,
                    target: step.target - enter.1,
                    shape: step.shape,
                })
                .collect();
            let summed = posteriors(&window, shapes, gaps, &shifted, &local);
            (first, summed, window.cells())
        })
        .collect();
    let mut confidences = vec![f64::NAN; path.len()];
    let mut cells = 0;
    for (first, summed, window_cells) in sampled {
        // The path's own ends are the lattice's: no margin is left out there.
        let kept_from = if first == 0 { 0 } else { SAMPLE_MARGIN };
        let kept_to = if first + SAMPLE_STRETCH == path.len() {
            SAMPLE_STRETCH
        } else {
            SAMPLE_STRETCH - SAMPLE_MARGIN
        };
        confidences[first + kept_from..first + kept_to]
            .copy_from_slice(&summed[kept_from..kept_to]);
        cells += window_cells;
    }
    (confidences, cells)
}

/// The scores of a cell that price a 1-0 bead (or a 0-1) starting or ending there: the
/// paths that open a run with it or close one after it (`m` with the other kind's run
/// closed), those that extend a run of its kind, and the half of the lone price of the
/// omission next to it in that run.
#[derive(Debug, Clone, Copy)]
struct RunScores {
    open: f64,
    run: f64,
    exit: f64,
}

impl RunScores {
    /// The scores of `cell`, in log-scores, for a 1-0 bead.
    fn deletion(cell: &CellScores) -> RunScores {
        RunScores {
            open: LogSum::plus(cell.m, cell.ix),
            run: cell.d,
            exit: -cell.exit_d,
        }
    }

    /// The scores of `cell`, in log-scores, for a 0-1 bead.
    fn insertion(cell: &CellScores) -> RunScores {
        RunScores {
            open: LogSum::plus(cell.m, cell.dx),
            run: cell.i,
            exit: -cell.exit_i,
        }
    }
}

/// Where an omission's bead could start or end: which omission (an index into
/// [`Omissions::steps`]), the position on the other side, and a value there.
#[derive(Debug, Clone, Copy)]
struct At<T> {
    omission: u32,
    other: u32,
    value: T,
}

impl<T> At<T> {
    /// The omission and the position, to find the same place in another list by.
    fn key(&self) -> (u32, u32) {
        (self.omission, self.other)
    }
}

/// The summed score of the paths through any bead of the corridor that leaves out each
/// omission's sentence, in omission order: the scores into its start and out of its end
/// at each position of the other side, in the states that price it (see `sweep`).
fn omitted_scores(
    forward: &mut Forward,
    ends: &mut [At<RunScores>],
    gaps: Gaps,
    omissions: &Omissions,
    path: &[Step],
    shapes: &[Shape],
) -> Vec<f64> {
    let (deletion, _) = gap_shapes(shapes);
    forward.omitted_starts.sort_unstable_by_key(At::key);
    forward.omitted_costs.sort_unstable_by_key(At::key);
    ends.sort_unstable_by_key(At::key);
    let mut sums: Vec<LogSum> = omissions.steps.iter().map(|_| LogSum::empty()).collect();
    let (mut costs, mut ends) = (
        forward.omitted_costs.iter().peekable(),
        ends.iter().peekable(),
    );
    for start in &forward.omitted_starts {
        let wanted = start.key();
        while costs.next_if(|c| c.key() < wanted).is_some() {}
        while ends.next_if(|e| e.key() < wanted).is_some() {}
        let (Some(cost), Some(end)) = (
            costs.next_if(|c| c.key() == wanted),
            ends.next_if(|e| e.key() == wanted),
        ) else {
            continue;
        };
        let o = start.omission as usize;
        let extend = if path[omissions.steps[o]].shape == deletion {
            gaps.deletion
        } else {
            gaps.insertion
        };
        let (into, out_of, half) = (start.value, end.value, cost.value / 2.0);
        let plus = LogSum::plus;
        sums[o].add(
            plus(into.open - half, into.run - link(extend, into.exit, half))
                + plus(
                    out_of.open - half,
                    out_of.run - link(extend, half, out_of.exit),
                ),
            0,
        );
    }
    sums.iter().map(LogSum::value).collect()
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
    fn of_row(&self, i: usize) -> Option<u32> {
        self.rows.get(i).copied().flatten()
    }

    /// The omission that leaves out target sentence `j`.
    fn of_column(&self, j: usize) -> Option<u32> {
        self.columns.get(j).copied().flatten()
    }
}

/// A position of the lattice as the omissions' lists hold it.
#[allow(
    clippy::cast_possible_truncation,
    reason = "sides of four billion sentences are beyond any document"
)]
fn position(k: usize) -> u32 {
    k as u32
}

/// What the forward sweep keeps: the scores into each bead's start, each bead's own cost
/// (read at its end cell), the summed score of all paths, and for each omission, at each
/// position on the other side it could sit at, the scores into the start of a bead that
/// leaves its sentence out there and that bead's cost.
struct Forward {
    starts: Vec<CellScores>,
    bead_costs: Vec<f64>,
    log_total: f64,
    omitted_starts: Vec<At<RunScores>>,
    omitted_costs: Vec<At<f64>>,
}

/// What the sums of [`posteriors`] run over: the lattice, its bead costs and runs'
/// prices, and the path whose beads they are for.
struct Summed<'a, F> {
    corridor: &'a Corridor,
    shapes: &'a [Shape],
    gaps: Gaps,
    fill: &'a F,
    path: &'a [Step],
    omissions: &'a Omissions,
}

/// Why the sums in log-scores cannot fail.
const IN_RANGE: &str = "log-scores are in range whatever the costs";

impl<F: FillRow + Sync> Summed<'_, F> {
    /// The posteriors of [`posteriors`], summed in the values of `A`.
    fn posteriors<A: Accumulator>(&self) -> Result<Vec<f64>, OutOfRange> {
        let (forward, backward) = rayon::join(|| self.forward::<A>(), || self.backward::<A>());
        let (mut forward, mut backward) = (forward?, backward?);
        backward.ends.reverse();
        let omissions = self.omissions;
        let omitted = omitted_scores(
            &mut forward,
            &mut backward.omitted_ends,
            self.gaps,
            omissions,
            self.path,
            self.shapes,
        );
        Ok((0..self.path.len())
            .map(|s| {
                let score = match omissions.of_step(s) {
                    Some(o) => omitted[o],
                    None => forward.starts[s].x - forward.bead_costs[s] + backward.ends[s].x,
                };
                (score - forward.log_total).exp().clamp(0.0, 1.0)
            })
            .collect())
    }

    /// The forward sums (see [`Forward`]), in the values of `A`.
    fn forward<A: Accumulator>(&self) -> Result<Forward, OutOfRange> {
        let Summed {
            corridor,
            shapes,
            gaps,
            fill,
            path,
            omissions,
        } = *self;
        let (deletion, insertion) = gap_shapes(shapes);
        let mut forward = Forward {
            starts: Vec::with_capacity(path.len()),
            bead_costs: Vec::with_capacity(path.len()),
            log_total: f64::NEG_INFINITY,
            omitted_starts: Vec::new(),
            omitted_costs: Vec::new(),
        };
        let within = |i: usize, j: usize| {
            let (lo, hi) = corridor.range(i);
            (lo..=hi).contains(&j)
        };
        let mut costs = ForwardCosts::new(corridor, shapes, fill);
        sweep::<A, _>(
            corridor.rows(),
            |i| corridor.range(i),
            shapes,
            gaps,
            &mut costs,
            |i, j, cell, _, costs| {
                let cell = || A::in_logs(cell);
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
                    forward.starts.push(cell());
                }
                let mut keep = |omission, other: usize, value| {
                    forward.omitted_starts.push(At {
                        omission,
                        other: position(other),
                        value,
                    });
                };
                if let Some(o) = omissions.of_row(i) {
                    keep(o, j, RunScores::deletion(&cell()));
                }
                if let Some(o) = omissions.of_column(j) {
                    keep(o, i, RunScores::insertion(&cell()));
                }
                // The 1-0 bead from (i − 1, j) and the 0-1 bead from (i, j − 1) end here.
                let mut cost = |omission, other: usize, shape| {
                    forward.omitted_costs.push(At {
                        omission,
                        other: position(other),
                        value: costs.shape_costs(i, shape).at(j),
                    });
                };
                if let Some(o) = i.checked_sub(1).and_then(|i| omissions.of_row(i))
                    && within(i - 1, j)
                {
                    cost(o, j, deletion);
                }
                if let Some(o) = j.checked_sub(1).and_then(|j| omissions.of_column(j))
                    && within(i, j - 1)
                {
                    cost(o, i, insertion);
                }
                if (i, j) == (corridor.rows(), corridor.m) {
                    forward.log_total = cell().x;
                }
            },
        )?;
        Ok(forward)
    }

    /// The backward sums (see [`Backward`]), in the values of `A`.
    fn backward<A: Accumulator>(&self) -> Result<Backward, OutOfRange> {
        let Summed {
            corridor,
            shapes,
            gaps,
            fill,
            path,
            omissions,
        } = *self;
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
        let mut backward = Backward {
            ends: Vec::with_capacity(path.len()),
            omitted_ends: Vec::new(),
        };
        let mut costs = ReversedCosts::new(corridor, shapes, fill);
        sweep::<A, _>(
            n,
            |i| corridor.reversed_range(i),
            shapes,
            gaps,
            &mut costs,
            |i, j, cell, _, _| {
                let cell = || A::in_logs(cell);
                if ends.get(backward.ends.len()) == Some(&(i, j)) {
                    backward.ends.push(cell());
                }
                // The cell is (n − i, m − j) of the lattice: the end of a 1-0 bead leaving
                // out source sentence n − i − 1, and of a 0-1 leaving out target m − j − 1.
                let (row, column) = (n - i, m - j);
                if let Some(o) = row.checked_sub(1).and_then(|i| omissions.of_row(i)) {
                    backward.omitted_ends.push(At {
                        omission: o,
                        other: position(column),
                        value: RunScores::deletion(&cell()),
                    });
                }
                if let Some(o) = column.checked_sub(1).and_then(|j| omissions.of_column(j)) {
                    backward.omitted_ends.push(At {
                        omission: o,
                        other: position(row),
                        value: RunScores::insertion(&cell()),
                    });
                }
            },
        )?;
        Ok(backward)
    }
}

/// What the backward sweep keeps: the scores of all paths from each bead's end to the
/// last cell, last bead first, and for each omission, at each position on the other side
/// it could sit at, the scores out of the end of a bead that leaves its sentence out
/// there. They are forward scores over the lattice seen from its end, where a path's
/// states are those of the bead after the cell.
struct Backward {
    ends: Vec<CellScores>,
    omitted_ends: Vec<At<RunScores>>,
}

#[cfg(test)]
mod tests {
    use super::super::{best_path, fill_from};
    use super::*;
    use crate::align::shapes::ShapeTable;
    use crate::align::spread;

    /// A sampled stretch is summed as the whole path is, except near its ends: the
    /// posteriors kept are the whole path's, on a path of 12,000 beads whose 1-1 beads
    /// range from sure to doubtful, with a run of omissions.
    #[test]
    fn sampled_stretches_keep_the_posteriors_of_the_whole_path() {
        let table = ShapeTable::default();
        let shapes = table.shapes();
        let n = 12_000;
        let kind = |k: usize| (shapes[k].source, shapes[k].target);
        let cost = |i: usize, j: usize, k: usize| match kind(k) {
            (1, 1) if i == j + 50 || (i < 5_000 && i == j) => {
                0.1 + (spread(i as u64) % 100) as f64 / 25.0
            }
            (1, 0) | (0, 1) => 4.0,
            _ => 12.0,
        };
        let fill = fill_from(n, n - 50, shapes, cost);
        let gaps = Gaps::even(1.0);
        let path = best_path(
            shapes,
            &fill,
            gaps,
            Corridor::diagonal(n, n - 50, 64),
            (16, 2),
        )
        .path;
        let corners = path.iter().map(|s| {
            let (a, b) = kind(s.shape);
            ((s.source, s.target), (s.source + a, s.target + b))
        });
        let near_path = Corridor::around(n, n - 50, corners, 4);
        let whole = posteriors(&near_path, shapes, gaps, &fill, &path);
        let (sampled, cells) = sampled_posteriors(8_192, &near_path, shapes, gaps, &fill, &path);
        assert_eq!(sampled.len(), path.len());
        assert!(cells < near_path.cells());
        let kept: Vec<usize> = (0..path.len()).filter(|&t| !sampled[t].is_nan()).collect();
        assert!(
            kept.len() > 7_000 && kept.len() < path.len(),
            "{}",
            kept.len()
        );
        assert!(kept.contains(&0) && kept.contains(&(path.len() - 1)));
        assert!(kept.iter().any(|&t| kind(path[t].shape) == (1, 0)));
        assert!(kept.iter().any(|&t| whole[t] < 0.9));
        for t in kept {
            assert!(
                (sampled[t] - whole[t]).abs() < 1e-6,
                "bead {t}: {} {}",
                sampled[t],
                whole[t]
            );
        }
    }

    /// The posteriors of `path` summed in scaled probabilities and in log-scores.
    fn summed_both_ways(
        corridor: &Corridor,
        shapes: &[Shape],
        gaps: Gaps,
        fill: &(impl FillRow + Sync),
        path: &[Step],
    ) -> (Result<Vec<f64>, OutOfRange>, Vec<f64>) {
        summing((corridor, shapes, gaps, fill), path, |summed| {
            let logs = summed.posteriors::<LogSum>().expect(IN_RANGE);
            (summed.posteriors::<LinearSum>(), logs)
        })
    }

    /// A path of 1-1 beads through 3,000 source sentences, with a run of `run` target
    /// sentences left out after the first 1,500, the corridor around it, and its sides.
    fn path_with_a_run(shapes: &[Shape], run: usize) -> (Vec<Step>, Corridor, (usize, usize)) {
        let (n, at) = (3_000, 1_500);
        let m = n + run;
        let shape = |wanted: (usize, usize)| {
            shapes
                .iter()
                .position(|s| (s.source, s.target) == wanted)
                .unwrap()
        };
        let mut path = Vec::new();
        for i in 0..n {
            if i == at {
                path.extend((0..run).map(|r| Step {
                    source: i,
                    target: i + r,
                    shape: shape((0, 1)),
                }));
            }
            let target = if i < at { i } else { i + run };
            path.push(Step {
                source: i,
                target,
                shape: shape((1, 1)),
            });
        }
        let corners = path.iter().map(|s| {
            let (a, b) = (shapes[s.shape].source, shapes[s.shape].target);
            ((s.source, s.target), (s.source + a, s.target + b))
        });
        (path.clone(), Corridor::around(n, m, corners, 4), (n, m))
    }

    /// Summed in probabilities kept at a power of two a cell, the posteriors are those of
    /// log-scores, on a path whose 1-1 beads range from sure to doubtful, with a run of
    /// 700 omissions along one row (along which the paths' probabilities fall by e⁻⁷⁰⁰,
    /// beyond a double's range).
    #[test]
    fn scaled_probabilities_sum_as_log_scores_do_across_a_long_run() {
        let table = ShapeTable::default();
        let shapes = table.shapes();
        let (path, corridor, (n, m)) = path_with_a_run(shapes, 700);
        let on_path = |i: usize, j: usize| j == i || j == i + 700;
        let fill = fill_from(n, m, shapes, |i, j, k| {
            match (shapes[k].source, shapes[k].target) {
                (1, 1) if on_path(i, j) => 0.1 + (spread(i as u64) % 100) as f64 / 25.0,
                (1, 0) | (0, 1) => 4.0,
                _ => 12.0,
            }
        });
        let (scaled, logs) = summed_both_ways(&corridor, shapes, Gaps::even(1.0), &fill, &path);
        let scaled = scaled.expect("every row in range");
        assert!(logs.iter().any(|&p| p < 0.9) && logs.iter().any(|&p| p > 0.99));
        for (t, (a, b)) in scaled.iter().zip(&logs).enumerate() {
            assert!((a - b).abs() < 1e-9, "bead {t}: {a} {b}");
        }
    }

    /// Where every bead into a row costs 2,000 nats and runs of omissions are not priced
    /// apart (a run through the row would pay only its extension), no double holds the
    /// paths' probabilities: the sums are those of log-scores, and the 1-1 beads of a
    /// path of 1-1 beads stay sure away from the row.
    #[test]
    fn sums_out_of_range_are_summed_in_log_scores() {
        let table = ShapeTable::default();
        let shapes = table.shapes();
        let (path, corridor, (n, m)) = path_with_a_run(shapes, 0);
        let fill = fill_from(n, m, shapes, |i, j, k| {
            match (shapes[k].source, shapes[k].target) {
                _ if i + shapes[k].source == 2_001 => 2_000.0,
                (1, 1) if i == j => 0.1,
                (1, 0) | (0, 1) => 4.0,
                _ => 12.0,
            }
        });
        let gaps = Gaps::NONE;
        let (scaled, logs) = summed_both_ways(&corridor, shapes, gaps, &fill, &path);
        assert!(scaled.is_err());
        let summed = posteriors(&corridor, shapes, gaps, &fill, &path);
        assert_eq!(summed, logs);
        let mut away_from_the_row = path
            .iter()
            .zip(&summed)
            .filter(|(s, _)| s.source.abs_diff(2_000) > 2);
        assert!(away_from_the_row.clone().count() > 2_900);
        assert!(away_from_the_row.all(|(_, &p)| p > 0.99));
    }
}
