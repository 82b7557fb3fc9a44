//! Bead costs as the search reads them: rows of costs filled a chunk of start rows at a
//! time, read forwards or backwards, in single precision, or cached for a second sweep.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::{Range, RangeBounds};
use std::sync::{Mutex, PoisonError};

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
pub(super) trait BeadCosts: Sync {
    /// Makes the costs of the beads that end in row `i` of the sweep available, and in
    /// the rows after it up to the row returned (exclusive), taking in `ahead`, the rows
    /// [`BeadCosts::ahead`] filled while the rows before were swept.
    fn enter(&mut self, i: usize, ahead: Option<Ahead>) -> usize;
    /// The costs of the rows after those available, filled, for the sweep to take in
    /// once it has swept the rows available (`None` past the last row).
    fn ahead(&self) -> Option<Ahead>;
    /// Where the costs of the beads of shape `k` that end in row `i` of the sweep are:
    /// the bead ending at cell (`i`, `j`) costs `table[base + step · j]`.
    fn shape_costs(&self, i: usize, k: usize) -> CostLine<'_>;
}

/// The cost tables of a chunk of start rows filled ahead of a sweep: the first row, and
/// per row its first target position and its table.
pub(super) struct Ahead {
    first: usize,
    tables: Vec<(usize, Vec<f64>)>,
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
    /// The tables of rows given up, for rows to be filled into: a sweep goes through
    /// hundreds of thousands of rows, and a table allocated and freed for each (some
    /// hundred kilobytes where a corridor is wide) cost 0.7% of the instructions of
    /// aligning 1984 with gaps at 10k, and a tenth of the page faults at 50k.
    spare: Mutex<Vec<Vec<f64>>>,
}

impl<'a, F: FillRow + Sync> RowTables<'a, F> {
    pub(super) fn new(corridor: &'a Corridor, fill: &'a F) -> Self {
        RowTables {
            corridor,
            fill,
            first: 0,
            tables: VecDeque::new(),
            spare: Mutex::new(Vec::new()),
        }
    }

    /// The tables of rows `rows`, filled in parallel, into spare tables where there are.
    pub(super) fn filled(&self, rows: Range<usize>) -> Vec<(usize, Vec<f64>)> {
        let tables: Vec<Vec<f64>> = {
            let mut spare = self.spare.lock().unwrap_or_else(PoisonError::into_inner);
            let kept = spare.len().saturating_sub(rows.len());
            let mut tables = spare.split_off(kept);
            tables.resize_with(rows.len(), Vec::new);
            tables
        };
        rows.into_par_iter()
            .zip(tables)
            .map(|(i, mut table)| {
                let (lo, hi) = self.corridor.range(i);
                (self.fill)(i, lo, hi, &mut table);
                (lo, table)
            })
            .collect()
    }

    /// Gives up the tables held at positions `held` (counted from the first row held),
    /// keeping them for rows to come.
    fn give_up(&mut self, held: impl RangeBounds<usize>) {
        let spare = self.spare.get_mut().unwrap_or_else(PoisonError::into_inner);
        spare.extend(self.tables.drain(held).map(|(_, table)| table));
    }

    /// Makes row `i` available to a sweep going down the rows, keeping the `keep` rows
    /// before it, after taking in the rows `ahead`; returns the first row not held.
    pub(super) fn enter_going_down(
        &mut self,
        i: usize,
        keep: usize,
        ahead: Option<Ahead>,
    ) -> usize {
        if let Some(ahead) = ahead {
            debug_assert_eq!(ahead.first, self.first + self.tables.len());
            self.tables.extend(ahead.tables);
        }
        if self.tables.is_empty() || i >= self.first + self.tables.len() {
            let end = (i + FILL_CHUNK).min(self.corridor.rows() + 1);
            let chunk = self.filled(i.max(self.first + self.tables.len())..end);
            if self.tables.is_empty() {
                self.first = i;
            }
            self.tables.extend(chunk);
        }
        let stale = i.saturating_sub(keep).saturating_sub(self.first);
        self.give_up(..stale);
        self.first += stale;
        self.first + self.tables.len()
    }

    /// The chunk of rows after those held, for a sweep going down.
    pub(super) fn ahead_going_down(&self) -> Option<Ahead> {
        let first = self.first + self.tables.len();
        let end = (first + FILL_CHUNK).min(self.corridor.rows() + 1);
        (first < end).then(|| Ahead {
            first,
            tables: self.filled(first..end),
        })
    }

    /// Makes row `i` available to a sweep going up the rows, after taking in the rows
    /// `ahead`; rows after it are dropped. Returns the first row held.
    pub(super) fn enter_going_up(&mut self, i: usize, ahead: Option<Ahead>) -> usize {
        if let Some(ahead) = ahead {
            debug_assert_eq!(ahead.first + ahead.tables.len(), self.first);
            for table in ahead.tables.into_iter().rev() {
                self.tables.push_front(table);
            }
            self.first = ahead.first;
        }
        if self.tables.is_empty() || i < self.first {
            self.give_up(..);
            let start = (i + 1).saturating_sub(FILL_CHUNK);
            self.tables.extend(self.filled(start..i + 1));
            self.first = start;
        }
        self.give_up((i - self.first + 1).min(self.tables.len())..);
        self.first
    }

    /// The chunk of rows before those held, for a sweep going up.
    pub(super) fn ahead_going_up(&self) -> Option<Ahead> {
        let start = self.first.saturating_sub(FILL_CHUNK);
        (start < self.first).then(|| Ahead {
            first: start,
            tables: self.filled(start..self.first),
        })
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
    fn enter(&mut self, i: usize, ahead: Option<Ahead>) -> usize {
        // The beads that end in a row start in it or in the rows before.
        self.rows.enter_going_down(i, self.reach, ahead)
    }

    fn ahead(&self) -> Option<Ahead> {
        self.rows.ahead_going_down()
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
}

impl<'a, F: FillRow + Sync> ReversedCosts<'a, F> {
    pub(super) fn new(corridor: &'a Corridor, shapes: &'a [Shape], fill: &'a F) -> Self {
        ReversedCosts {
            shapes: shapes.len(),
            rows: RowTables::new(corridor, fill),
        }
    }
}

impl<F: FillRow + Sync> BeadCosts for ReversedCosts<'_, F> {
    fn enter(&mut self, i: usize, ahead: Option<Ahead>) -> usize {
        let n = self.rows.corridor.rows();
        n - self.rows.enter_going_up(n - i, ahead) + 1
    }

    fn ahead(&self) -> Option<Ahead> {
        self.rows.ahead_going_up()
    }

    fn shape_costs(&self, i: usize, k: usize) -> CostLine<'_> {
        let (lo, table) = self.rows.row(self.rows.corridor.rows() - i);
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

/// Cost tables of rows of a lattice, filled once and in parallel, and served to the
/// sweeps that read them: a search, then both sums of the confidences near the path it
/// found. A row asked for with columns the cache lacks has them filled anew, joined to
/// those it holds. Costs are kept as `f32` (see [`single_precision`]), so a cache of a
/// corridor a few cells wide stays small; a wide search corridor is never cached, its
/// cells being read once. The costs of the rows filled at once lie in one buffer, given
/// back whole when the cache is dropped: tables of rows allocated apart left the memory
/// of a long document in holes (and a buffer grown in place was copied).
pub struct CostCache<'a, F> {
    pub(super) fill: &'a F,
    pub(super) shapes: usize,
    /// Per row: the cells it holds.
    rows: Vec<CachedRow>,
    /// The costs of the rows' cells, row after row, `shapes` a cell: a buffer for each
    /// [`CostCache::cover`].
    buffers: Vec<Vec<f32>>,
}

/// The cells of a row a [`CostCache`] holds: target positions `lo..=hi`, whose costs
/// start at `start` in buffer `buffer` (none when `lo > hi`).
#[derive(Debug, Clone, Copy)]
struct CachedRow {
    lo: usize,
    hi: usize,
    buffer: usize,
    start: usize,
}

impl CachedRow {
    /// A row holding no cells.
    const NONE: CachedRow = CachedRow {
        lo: 1,
        hi: 0,
        buffer: 0,
        start: 0,
    };

    /// Whether the row holds every cell of `lo..=hi`.
    fn holds(&self, lo: usize, hi: usize) -> bool {
        self.lo <= lo && hi <= self.hi
    }
}

impl<'a, F: FillRow + Sync> CostCache<'a, F> {
    /// A cache of no cells yet, of `fill`'s costs for `shapes` shapes.
    pub fn empty(shapes: usize, fill: &'a F) -> Self {
        CostCache {
            fill,
            shapes,
            rows: Vec::new(),
            buffers: Vec::new(),
        }
    }

    /// Fills `table` for row `i`, target positions `lo..=hi`, as [`FillRow`] does, at
    /// single precision: from the cache where it holds the cells, anew where it does not.
    pub fn fill(&self, i: usize, lo: usize, hi: usize, table: &mut Vec<f64>) {
        let row = self.rows.get(i).copied().unwrap_or(CachedRow::NONE);
        let held = Held {
            row,
            buffers: &self.buffers,
        };
        stitched(self.fill, self.shapes, held, (i, lo, hi), table);
    }

    /// Makes the cache hold every cell of `corridor`: the rows it lacks cells of are
    /// filled (in parallel) to the corridor's range, from the cells held and anew, into a
    /// new buffer. Returns the number of cells of the rows filled.
    pub fn cover(&mut self, corridor: &Corridor) -> usize {
        let rows = corridor.rows() + 1;
        if self.rows.len() < rows {
            self.rows.resize(rows, CachedRow::NONE);
        }
        let buffer = self.buffers.len();
        let mut end = 0;
        let mut refilled = Vec::new();
        for (i, row) in self.rows[..rows].iter().enumerate() {
            let (lo, hi) = corridor.range(i);
            if !row.holds(lo, hi) {
                let new = CachedRow {
                    lo,
                    hi,
                    buffer,
                    start: end,
                };
                end += (hi - lo + 1) * self.shapes;
                refilled.push((i, *row, new));
            }
        }
        let mut added = vec![0.0; end];
        let mut tables = Vec::with_capacity(refilled.len());
        let mut rest = added.as_mut_slice();
        for &(_, _, new) in &refilled {
            let (table, after) = rest.split_at_mut((new.hi - new.lo + 1) * self.shapes);
            tables.push(table);
            rest = after;
        }
        let (fill, shapes, held) = (self.fill, self.shapes, &self.buffers);
        refilled.par_iter().zip(tables).for_each_init(
            Vec::new,
            |scratch, (&(i, old, new), table)| {
                let old = Held {
                    row: old,
                    buffers: held,
                };
                stitched(fill, shapes, old, (i, new.lo, new.hi), scratch);
                for (cached, &cost) in table.iter_mut().zip(scratch.iter()) {
                    *cached = cost as f32;
                }
            },
        );
        self.buffers.push(added);
        let mut cells = 0;
        for (i, _, new) in refilled {
            cells += new.hi - new.lo + 1;
            self.rows[i] = new;
        }
        cells
    }
}

/// A row's cells held by a cache, and the cache's buffers.
#[derive(Clone, Copy)]
struct Held<'c> {
    row: CachedRow,
    buffers: &'c [Vec<f32>],
}

/// Fills `table` for row `i`, target positions `lo..=hi`, with `fill`'s costs of
/// `shapes` shapes at single precision: those `held` copied, the others filled anew.
fn stitched(
    fill: &impl FillRow,
    shapes: usize,
    held: Held,
    (i, lo, hi): (usize, usize, usize),
    table: &mut Vec<f64>,
) {
    let fresh = single_precision(fill);
    let row = held.row;
    if row.lo > row.hi || row.lo > hi || lo > row.hi {
        fresh(i, lo, hi, table);
        return;
    }
    let (from, to) = (lo.max(row.lo), hi.min(row.hi));
    // The cells before those held are filled into the table itself, those after into
    // a table the thread keeps, not one allocated for each row.
    if lo < from {
        fresh(i, lo, from - 1, table);
    } else {
        table.clear();
    }
    let cells = row.start + (from - row.lo) * shapes..row.start + (to - row.lo + 1) * shapes;
    table.extend(
        held.buffers[row.buffer][cells]
            .iter()
            .map(|&c| f64::from(c)),
    );
    if to < hi {
        AFTER_HELD.with_borrow_mut(|after| {
            fresh(i, to + 1, hi, after);
            table.extend_from_slice(after);
        });
    }
}

thread_local! {
    /// The costs of a row's cells after those a cache holds, for [`stitched`].
    static AFTER_HELD: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::shapes::ShapeTable;

    /// A cache covering one corridor, then another that strays from it, serves every
    /// row and every range of columns asked for exactly as the costs filled anew: the
    /// cells it holds copied, the others filled, in the right places.
    #[test]
    fn a_cache_serves_any_columns_as_the_costs_themselves() {
        let (n, m) = (60, 70);
        let table = ShapeTable::up_to(3);
        let shapes = table.shapes();
        let fill = fill_from(n, m, shapes, |i, j, k| {
            (i * 7919 + j * 104_729 + k * 31) as f64 / 1_000.0 + 0.123_456_789
        });
        let line = |shift: usize| Corridor::around(n, m, [((0, shift), (n, m))], 2);
        let mut cache = CostCache::empty(shapes.len(), &fill);
        assert!(cache.cover(&line(0)) > 0);
        // A second corridor shifted off the first: rows are refilled, partly from the
        // cells held; rows held whole are not filled again.
        let refilled = cache.cover(&line(9));
        assert!(refilled > 0 && refilled <= line(9).cells());
        assert_eq!(cache.cover(&line(9)), 0);
        let fresh = single_precision(&fill);
        let (mut cached, mut expected) = (Vec::new(), Vec::new());
        for i in 0..=n {
            for (lo, hi) in [(0, m), (0, 3), (5, 12), (20, 40), (m - 2, m)] {
                cache.fill(i, lo, hi, &mut cached);
                fresh(i, lo, hi, &mut expected);
                assert_eq!(cached, expected, "row {i}, columns {lo}..={hi}");
            }
        }
    }
}
