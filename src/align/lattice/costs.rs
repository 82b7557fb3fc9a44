//! Bead costs as the search reads them: rows of costs filled a chunk of start rows at a
//! time, read forwards or backwards, in single precision, or cached for a second sweep.

use std::collections::VecDeque;
use std::ops::Range;

use rayon::prelude::*;

use super::Corridor;
use crate::align::shapes::Shape;

/// Fills a table with the costs of the beads that start in one row: called as
/// `fill(i, lo, hi, table)`, it leaves in `table[(j − lo) · shapes + k]` the cost of the
/// bead of shape `k` starting at cell (`i`, `j`), for `j` in `lo..=hi`, and infinity for
/// beads that would run past the end of the lattice.
pub trait FillRow: Fn(usize, usize, usize, &mut Vec<f64>) {}
impl<F: Fn(usize, usize, usize, &mut Vec<f64>)> FillRow for F {}

/// The costs of beads as a sweep needs them: a row of start cells at a time.
pub(super) trait BeadCosts {
    /// Makes the costs of the beads that end in row `i` of the sweep available.
    fn enter_row(&mut self, i: usize);
    /// Where the costs of the beads of shape `k` that end in row `i` of the sweep are:
    /// the bead ending at cell (`i`, `j`) costs `table[base + step · j]`.
    fn shape_costs(&self, i: usize, k: usize) -> CostLine<'_>;
}

/// The costs of one shape's beads along a row, as [`BeadCosts::shape_costs`] gives them.
#[derive(Clone, Copy)]
pub(super) struct CostLine<'a> {
    pub(super) table: &'a [f64],
    pub(super) base: isize,
    pub(super) step: isize,
}

impl CostLine<'_> {
    /// The cost of the bead that ends in column `j`.
    pub(super) fn at(&self, j: usize) -> f64 {
        self.table[(self.base + self.step * j.cast_signed()).cast_unsigned()]
    }
}

/// Rows filled ahead of a sweep in chunks of this many, the rows of a chunk in parallel.
pub(super) const FILL_CHUNK: usize = 64;

/// The cost tables of a run of consecutive start rows, filled a chunk at a time.
pub(super) struct RowTables<'a, F> {
    pub(super) corridor: &'a Corridor,
    pub(super) fill: &'a F,
    /// The first row held.
    pub(super) first: usize,
    /// Per row held: its first target position and its table.
    pub(super) tables: VecDeque<(usize, Vec<f64>)>,
}

impl<'a, F: FillRow + Sync> RowTables<'a, F> {
    pub(super) fn new(corridor: &'a Corridor, fill: &'a F) -> Self {
        RowTables {
            corridor,
            fill,
            first: 0,
            tables: VecDeque::new(),
        }
    }

    /// The tables of rows `rows`, filled in parallel.
    pub(super) fn filled(&self, rows: Range<usize>) -> Vec<(usize, Vec<f64>)> {
        rows.into_par_iter()
            .map(|i| {
                let (lo, hi) = self.corridor.range(i);
                let mut table = Vec::new();
                (self.fill)(i, lo, hi, &mut table);
                (lo, table)
            })
            .collect()
    }

    /// Makes row `i` available to a sweep going down the rows, keeping the `keep` rows
    /// before it.
    pub(super) fn enter_going_down(&mut self, i: usize, keep: usize) {
        if self.tables.is_empty() || i >= self.first + self.tables.len() {
            let end = (i + FILL_CHUNK).min(self.corridor.rows() + 1);
            let chunk = self.filled(i.max(self.first + self.tables.len())..end);
            if self.tables.is_empty() {
                self.first = i;
            }
            self.tables.extend(chunk);
        }
        while self.first + keep < i {
            self.tables.pop_front();
            self.first += 1;
        }
    }

    /// Makes row `i` available to a sweep going up the rows; rows after it are dropped.
    pub(super) fn enter_going_up(&mut self, i: usize) {
        if self.tables.is_empty() || i < self.first {
            self.tables.clear();
            let start = (i + 1).saturating_sub(FILL_CHUNK);
            self.tables.extend(self.filled(start..i + 1));
            self.first = start;
        }
        self.tables.truncate(i - self.first + 1);
    }

    /// The first target position and the table of row `i`.
    pub(super) fn row(&self, i: usize) -> &(usize, Vec<f64>) {
        &self.tables[i - self.first]
    }
}

/// Costs for a sweep from the first cell: the start rows a bead can reach back to.
pub(super) struct ForwardCosts<'a, F> {
    pub(super) shapes: &'a [Shape],
    pub(super) rows: RowTables<'a, F>,
    pub(super) reach: usize,
}

impl<'a, F: FillRow + Sync> ForwardCosts<'a, F> {
    pub(super) fn new(corridor: &'a Corridor, shapes: &'a [Shape], fill: &'a F) -> Self {
        ForwardCosts {
            shapes,
            rows: RowTables::new(corridor, fill),
            reach: shapes.iter().map(|s| s.source).max().unwrap_or(0),
        }
    }
}

impl<F: FillRow + Sync> BeadCosts for ForwardCosts<'_, F> {
    fn enter_row(&mut self, i: usize) {
        self.rows.enter_going_down(i, self.reach);
    }

    fn shape_costs(&self, i: usize, k: usize) -> CostLine<'_> {
        let shape = &self.shapes[k];
        let (lo, table) = self.rows.row(i - shape.source);
        let count = self.shapes.len() as isize;
        CostLine {
            table,
            base: k as isize - (shape.target + lo) as isize * count,
            step: count,
        }
    }
}

/// Costs for a sweep from the last cell: row `i` of the reversed lattice is row `n − i`,
/// and the beads that end in it are the beads that start in row `n − i`.
pub(super) struct ReversedCosts<'a, F> {
    pub(super) shapes: usize,
    pub(super) rows: RowTables<'a, F>,
    pub(super) row: usize,
}

impl<'a, F: FillRow + Sync> ReversedCosts<'a, F> {
    pub(super) fn new(corridor: &'a Corridor, shapes: &'a [Shape], fill: &'a F) -> Self {
        ReversedCosts {
            shapes: shapes.len(),
            rows: RowTables::new(corridor, fill),
            row: 0,
        }
    }
}

impl<F: FillRow + Sync> BeadCosts for ReversedCosts<'_, F> {
    fn enter_row(&mut self, i: usize) {
        self.row = self.rows.corridor.rows() - i;
        self.rows.enter_going_up(self.row);
    }

    fn shape_costs(&self, _i: usize, k: usize) -> CostLine<'_> {
        let (lo, table) = self.rows.row(self.row);
        let count = self.shapes as isize;
        CostLine {
            table,
            base: (self.rows.corridor.m - lo) as isize * count + k as isize,
            step: -count,
        }
    }
}

/// `fill` with its costs rounded to `f32`, the precision a [`CostCache`] keeps them at
/// (an error under 10⁻⁵ nats, far below any difference that matters): a search that
/// reads `fill` this way and sums over a cache of it see the same costs.
pub fn single_precision(fill: &impl FillRow) -> impl FillRow + '_ {
    move |i, lo, hi, table: &mut Vec<f64>| {
        fill(i, lo, hi, table);
        for cost in table.iter_mut() {
            *cost = f64::from(*cost as f32);
        }
    }
}

/// The cost tables of every row of a corridor, filled once and in parallel, and served to
/// the sweeps that read them more than once; a row asked for with columns the table lacks
/// is filled anew. Costs are kept as `f32` (see [`single_precision`]), so a cache of a
/// corridor a few cells wide stays small; a wide search corridor is never cached, its
/// cells being read once.
pub struct CostCache<'a, F> {
    pub(super) fill: &'a F,
    pub(super) shapes: usize,
    /// Per row: its first and last target position and its table.
    pub(super) rows: Vec<(usize, usize, Vec<f32>)>,
}

impl<'a, F: FillRow + Sync> CostCache<'a, F> {
    /// Fills the tables of every row of `corridor`.
    pub fn new(corridor: &Corridor, shapes: usize, fill: &'a F) -> Self {
        let rows = (0..=corridor.rows())
            .into_par_iter()
            .map_init(Vec::new, |table, i| {
                let (lo, hi) = corridor.range(i);
                fill(i, lo, hi, table);
                (lo, hi, table.iter().map(|&c| c as f32).collect())
            })
            .collect();
        CostCache { fill, shapes, rows }
    }

    /// Fills `table` for row `i`, target positions `lo..=hi`, as [`FillRow`] does, at
    /// single precision.
    pub fn fill(&self, i: usize, lo: usize, hi: usize, table: &mut Vec<f64>) {
        match self.rows.get(i) {
            Some((cached_lo, cached_hi, costs)) if *cached_lo <= lo && hi <= *cached_hi => {
                let from = (lo - cached_lo) * self.shapes;
                let to = (hi - cached_lo + 1) * self.shapes;
                table.clear();
                table.extend(costs[from..to].iter().map(|&c| f64::from(c)));
            }
            _ => single_precision(self.fill)(i, lo, hi, table),
        }
    }
}

/// A [`FillRow`] from a cost function of single beads, for lattices of `n` × `m` cells
/// (for tests: the aligner's rows come from its models).
#[cfg(test)]
pub fn fill_from(
    n: usize,
    m: usize,
    shapes: &[Shape],
    cost: impl Fn(usize, usize, usize) -> f64,
) -> impl FillRow {
    move |i, lo, hi, table: &mut Vec<f64>| {
        table.clear();
        for j in lo..=hi {
            for (k, shape) in shapes.iter().enumerate() {
                let fits = i + shape.source <= n && j + shape.target <= m;
                table.push(if fits { cost(i, j, k) } else { f64::INFINITY });
            }
        }
    }
}
