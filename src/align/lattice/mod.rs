//! The search over beads: a dynamic programme over the lattice of (source position,
//! target position) cells, restricted to a [`Corridor`] of cells (a band around the
//! diagonal, or the cells near an earlier path), widened where the best path meets its
//! edge.
//!
//! Each cell holds three states: the last bead into it is two-sided, a 1-0 or a 0-1, so
//! that runs of omissions can be priced as gaps ([`Gaps`]). Three sweeps share one
//! routine: the best path (Viterbi, keeping two back-pointer bytes per cell), and the
//! forward and backward sums over all paths, from which each bead of the best path gets
//! its posterior probability (summed as probabilities scaled a cell at a time, see
//! [`LinearSum`]). Only back-pointers are kept for the whole corridor; scores live in a
//! ring of as many rows as the tallest bead, and bead costs are filled a chunk of start
//! rows at a time (the next chunk while one is swept), so memory grows with the
//! document's length times the corridor's width, not with the square of the length.

use rayon::prelude::*;

use super::shapes::Shape;

mod corridor;
mod costs;
mod posterior;

pub use corridor::{Corridor, Step};
#[cfg(test)]
pub use costs::fill_from;
use costs::{BeadCosts, ForwardCosts};
pub use costs::{CostCache, FillRow, single_precision};
pub use posterior::{SAMPLED_ABOVE, posteriors, sampled_posteriors};

/// How the scores of the beads ending in one cell combine, and in what form a sweep keeps
/// them: a path's value is its log-score (the negated sum of its beads' costs) for
/// [`Best`] and [`LogSum`], its probability scaled a cell at a time for [`LinearSum`].
trait Accumulator {
    /// The value of no path.
    const NONE: f64;
    /// Whether a sweep keeps each cell's values as multiples of a power of two of its own.
    const SCALED: bool;
    /// The accumulator of the lattice's first cell, where every path starts.
    fn origin() -> Self;
    /// An accumulator with no path yet.
    fn empty() -> Self;
    /// Adds a path of value `value` whose last bead has shape `shape`.
    fn add(&mut self, value: f64, shape: usize);
    /// The cell's value.
    fn value(&self) -> f64;
    /// The shape of the best path's last bead ([`NO_SHAPE`] where not tracked).
    fn shape(&self) -> u8 {
        NO_SHAPE
    }
    /// Two values combined the same way: the larger, or the summed probabilities.
    fn plus(a: f64, b: f64) -> f64;
    /// The value of a cost of `cost` nats: what a path's value is multiplied by for it.
    fn weight(cost: f64) -> f64;
    /// A value multiplied by a weight.
    fn times(value: f64, weight: f64) -> f64;
    /// A value of a cell kept at another power of two, multiplied by `factor`, the power
    /// of two between them (of [`SCALED`](Accumulator::SCALED) accumulators only).
    fn rescaled(value: f64, _factor: f64) -> f64 {
        value
    }
    /// A cell's values as log-scores, its exits as the log of their weights.
    fn in_logs(cell: &CellScores) -> CellScores {
        *cell
    }
}

/// The best path into a cell (max-product).
struct Best {
    score: f64,
    shape: u8,
}

impl Accumulator for Best {
    const NONE: f64 = f64::NEG_INFINITY;
    const SCALED: bool = false;
    fn origin() -> Self {
        Best {
            score: 0.0,
            shape: NO_SHAPE,
        }
    }
    fn empty() -> Self {
        Best {
            score: f64::NEG_INFINITY,
            shape: NO_SHAPE,
        }
    }
    fn add(&mut self, score: f64, shape: usize) {
        if score > self.score {
            self.score = score;
            self.shape = shape as u8;
        }
    }
    fn value(&self) -> f64 {
        self.score
    }
    fn shape(&self) -> u8 {
        self.shape
    }
    fn plus(a: f64, b: f64) -> f64 {
        a.max(b)
    }
    fn weight(cost: f64) -> f64 {
        -cost
    }
    fn times(value: f64, weight: f64) -> f64 {
        value + weight
    }
}

/// The log of the summed probability of all paths into a cell (sum-product), kept as a
/// running maximum and a sum scaled by it: exact whatever the costs, and the sums'
/// fallback where [`LinearSum`]'s scaled probabilities would leave their range.
struct LogSum {
    max: f64,
    sum: f64,
}

impl Accumulator for LogSum {
    const NONE: f64 = f64::NEG_INFINITY;
    const SCALED: bool = false;
    fn origin() -> Self {
        LogSum { max: 0.0, sum: 1.0 }
    }
    fn empty() -> Self {
        LogSum {
            max: f64::NEG_INFINITY,
            sum: 0.0,
        }
    }
    fn add(&mut self, score: f64, _shape: usize) {
        if score == f64::NEG_INFINITY {
            return;
        }
        if score > self.max {
            self.sum = self.sum * (self.max - score).exp() + 1.0;
            self.max = score;
        } else {
            self.sum += (score - self.max).exp();
        }
    }
    fn value(&self) -> f64 {
        if self.sum == 0.0 {
            f64::NEG_INFINITY
        } else {
            self.max + self.sum.ln()
        }
    }
    fn plus(a: f64, b: f64) -> f64 {
        let (high, low) = if a >= b { (a, b) } else { (b, a) };
        if low == f64::NEG_INFINITY {
            high
        } else {
            high + (low - high).exp().ln_1p()
        }
    }
    fn weight(cost: f64) -> f64 {
        -cost
    }
    fn times(value: f64, weight: f64) -> f64 {
        value + weight
    }
}

/// The summed probability of all paths into a cell (sum-product), each cell's values
/// kept as multiples of a power of two of its own (see [`CellScores::normalise`]), so
/// that the values of a document of any length stay in range. Half the work of
/// [`LogSum`]: a bead's cost takes one `exp`, and sums take no logarithm. A row that no
/// path reaches in range (every bead into it costing some 700 nats more than the best of
/// their sources) ends the sweep, which [`LogSum`] then does.
struct LinearSum(f64);

impl Accumulator for LinearSum {
    const NONE: f64 = 0.0;
    const SCALED: bool = true;
    fn origin() -> Self {
        LinearSum(1.0)
    }
    fn empty() -> Self {
        LinearSum(0.0)
    }
    fn add(&mut self, value: f64, _shape: usize) {
        self.0 += value;
    }
    fn value(&self) -> f64 {
        self.0
    }
    fn plus(a: f64, b: f64) -> f64 {
        a + b
    }
    fn weight(cost: f64) -> f64 {
        (-cost).exp()
    }
    fn times(value: f64, weight: f64) -> f64 {
        value * weight
    }
    fn rescaled(value: f64, factor: f64) -> f64 {
        value * factor
    }
    fn in_logs(cell: &CellScores) -> CellScores {
        let scale = f64::from(cell.exponent) * std::f64::consts::LN_2;
        let log = |value: f64| value.ln() + scale;
        CellScores {
            m: log(cell.m),
            d: log(cell.d),
            i: log(cell.i),
            dx: log(cell.dx),
            ix: log(cell.ix),
            x: log(cell.x),
            exit_d: cell.exit_d.ln(),
            exit_i: cell.exit_i.ln(),
            exponent: 0,
        }
    }
}

/// 2 to the power `k`, for `k` up to the largest exponent of a double: 0 below the
/// exponents of normal doubles, which the values of a scaled sweep far below their
/// cell's largest source are.
fn power_of_two(k: i32) -> f64 {
    debug_assert!(k <= 1023);
    if k < -1022 {
        0.0
    } else {
        f64::from_bits(u64::from((k + 1023).cast_unsigned()) << 52)
    }
}

/// The exponent of a positive normal double: the power of two at or below it.
fn exponent_of(value: f64) -> i32 {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "an exponent field is 11 bits"
    )]
    let field = ((value.to_bits() >> 52) & 0x7ff) as i32;
    field - 1023
}

/// Back-pointer value of a cell no bead reaches.
const NO_SHAPE: u8 = 0x3f;

/// How runs of one-sided beads (1-0 after 1-0, 0-1 after 0-1) are priced: a run is an
/// omission of consecutive sentences, which translations make as one decision (a
/// dropped caption block, a missing chapter), so each sentence after the first costs at
/// most `deletion` (a run of 1-0 beads) or `insertion` (0-1) nats instead of its own
/// price as a lone omission (affine gaps, as in sequence alignment). The first and last
/// sentence of a run each pay half of their lone price, so a run of one costs what a
/// lone omission does, and the price of a run is the same read from either end. The two
/// differ only where a unit of one side holds more sentences than a unit of the other
/// (the blocks of a coarse search).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gaps {
    /// The most a source unit after the first of a run of 1-0 beads costs, in nats.
    pub deletion: f64,
    /// The most a target unit after the first of a run of 0-1 beads costs, in nats.
    pub insertion: f64,
}

impl Gaps {
    /// No discount for runs: every omitted sentence pays its own price.
    pub const NONE: Gaps = Gaps::even(f64::INFINITY);

    /// Runs of either side priced `extend` for each unit after the first.
    pub const fn even(extend: f64) -> Gaps {
        Gaps {
            deletion: extend,
            insertion: extend,
        }
    }
}

/// What one more unit of a run costs, at most `extend`, between two omissions whose lone
/// prices have halves `exit` (the one before) and `entry` (the one after).
fn link(extend: f64, exit: f64, entry: f64) -> f64 {
    extend.min(exit + entry)
}

/// The values of one cell of a sweep, one per state (see [`Accumulator`]): the last bead
/// into the cell is neither 1-0 nor 0-1 (`m`), a 1-0 (`d`) or a 0-1 (`i`). `dx` and `ix`
/// are `d` and `i` with the run closed (the other half of its last omission paid), `x`
/// all three closed states together. `exit_d` and `exit_i` are the weights of the halves
/// of the lone prices of the 1-0 and 0-1 beads ending in the cell. A scaled
/// accumulator's values are multiples of 2 to the power `exponent`.
#[derive(Debug, Clone, Copy)]
struct CellScores {
    m: f64,
    d: f64,
    i: f64,
    dx: f64,
    ix: f64,
    x: f64,
    exit_d: f64,
    exit_i: f64,
    exponent: i32,
}

/// The exponent of a cell no path reaches: below that of any cell reached, so that
/// a cell's values are kept at the exponent of its largest source.
const UNREACHED_EXPONENT: i32 = i32::MIN / 2;

impl CellScores {
    /// A cell no path reaches, in every state, under `A`.
    fn unreached<A: Accumulator>() -> CellScores {
        CellScores {
            m: A::NONE,
            d: A::NONE,
            i: A::NONE,
            dx: A::NONE,
            ix: A::NONE,
            x: A::NONE,
            exit_d: A::NONE,
            exit_i: A::NONE,
            exponent: UNREACHED_EXPONENT,
        }
    }

    /// Brings the largest of a scaled cell's values to between 1 and 2, moving the power
    /// of two into its exponent (its exits are weights of costs, not values of paths, and
    /// stay); and whether any path reaches it. A value too small for a double (every
    /// bead into the cell costing hundreds of nats more than its sources' best) is none;
    /// a value too large for the scaling, out of range.
    fn normalise(&mut self) -> Result<bool, OutOfRange> {
        let largest = self.x.max(self.d).max(self.i);
        // A cell 2¹⁰⁰⁰ times its largest source (a bead costing under −690 nats) is out
        // of range too.
        if !largest.is_finite() || exponent_of(largest) > 1000 {
            return Err(OutOfRange);
        }
        if largest < f64::MIN_POSITIVE {
            *self = CellScores {
                exit_d: self.exit_d,
                exit_i: self.exit_i,
                ..CellScores::unreached::<LinearSum>()
            };
            return Ok(false);
        }
        let shift = exponent_of(largest);
        let factor = power_of_two(-shift);
        for value in [
            &mut self.m,
            &mut self.d,
            &mut self.i,
            &mut self.dx,
            &mut self.ix,
            &mut self.x,
        ] {
            *value *= factor;
        }
        self.exponent += shift;
        Ok(true)
    }
}

/// Bits of a cell's back-pointer: the shape of its last two-sided bead (6 bits), which
/// closed state is its best (`x`), whether its 1-0 and 0-1 states extend a run, and
/// which state opened them.
mod back {
    /// The shape number of the last two-sided bead.
    pub const SHAPE: u16 = 0x3f;
    /// Where the two bits of the best closed state (0 two-sided, 1 a 1-0, 2 a 0-1) start.
    pub const X_SHIFT: u16 = 6;
    /// The cell's 1-0 state extends a run of 1-0 beads.
    pub const D_EXTENDS: u16 = 1 << 8;
    /// The cell's 0-1 state extends a run of 0-1 beads.
    pub const I_EXTENDS: u16 = 1 << 9;
    /// The cell's run of 1-0 beads opens after a run of 0-1 beads.
    pub const D_AFTER_I: u16 = 1 << 10;
    /// The cell's run of 0-1 beads opens after a run of 1-0 beads.
    pub const I_AFTER_D: u16 = 1 << 11;
}

/// The state of a path at a cell, for following back-pointers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Matched,
    Deleted,
    Inserted,
}

impl State {
    /// The state before a one-sided bead that left the path in this state, from the
    /// cell's back-pointer `bits` and the bits that say the run was extended or opened
    /// after a run of the `other` kind.
    fn before_run(self, bits: u16, (extends, after_other): (u16, u16), other: State) -> State {
        if bits & extends != 0 {
            self
        } else if bits & after_other != 0 {
            other
        } else {
            State::Matched
        }
    }

    fn from_bits(bits: u16) -> State {
        match bits & 3 {
            1 => State::Deleted,
            2 => State::Inserted,
            _ => State::Matched,
        }
    }
}

/// The best of three values under `A` and which of them (0, 1 or 2) it is.
fn plus3<A: Accumulator>(a: f64, b: f64, c: f64) -> (f64, u16) {
    let best = if b > a {
        if c > b { 2 } else { 1 }
    } else if c > a {
        2
    } else {
        0
    };
    (A::plus(A::plus(a, b), c), best)
}

/// The shapes of a table that [`Gaps`] prices as runs: the numbers of its 1-0 and 0-1
/// shapes.
fn gap_shapes(shapes: &[Shape]) -> (usize, usize) {
    let find = |wanted: (usize, usize)| {
        shapes
            .iter()
            .position(|s| (s.source, s.target) == wanted)
            .expect("a shape table has 1-0 and 0-1")
    };
    (find((1, 0)), find((0, 1)))
}

/// A sweep of [`LinearSum`] left a row with no value in range: the sweep is
/// [`LogSum`]'s to do.
#[derive(Debug)]
struct OutOfRange;

/// The cell of row `row` (its first and last column, its cells) at column `j`, if the row
/// holds it.
fn cell_at(row: &(usize, usize, Vec<CellScores>), j: usize) -> Option<&CellScores> {
    let (lo, hi, cells) = row;
    (*lo..=*hi).contains(&j).then(|| &cells[j - lo])
}

/// The cell a bead `target` positions wide that ends in column `j` starts from: in the
/// row `earlier`, or (`None`) in the row being swept, whose cells so far are `this`
/// from column `lo` on.
fn bead_start<'a>(
    earlier: Option<&'a (usize, usize, Vec<CellScores>)>,
    (this, lo): (&'a [CellScores], usize),
    target: usize,
    j: usize,
) -> Option<&'a CellScores> {
    let pj = j.checked_sub(target)?;
    match earlier {
        Some(row) => cell_at(row, pj),
        None => (pj >= lo && pj < j).then(|| &this[pj - lo]),
    }
}

/// Visits every cell of a corridor's lattice with `rows + 1` rows in order, combining
/// with `A` the paths into it in each state. `visit` sees each cell's values, its
/// back-pointer bits (meaningful for [`Best`]) and the costs. The costs of the next
/// chunk of rows are filled while a chunk is swept: the sweep itself keeps one core busy.
fn sweep<A: Accumulator, C: BeadCosts>(
    rows: usize,
    range: impl Fn(usize) -> (usize, usize) + Sync,
    shapes: &[Shape],
    gaps: Gaps,
    costs: &mut C,
    mut visit: impl FnMut(usize, usize, &CellScores, u16, &C) + Send,
) -> Result<(), OutOfRange> {
    let (deletion, insertion) = gap_shapes(shapes);
    let extend = (A::weight(gaps.deletion), A::weight(gaps.insertion));
    let ring_len = shapes.iter().map(|s| s.source).max().unwrap_or(0) + 1;
    // Per row of the ring: its first and last column and the values of its cells.
    let mut ring: Vec<(usize, usize, Vec<CellScores>)> = vec![(0, 0, Vec::new()); ring_len];
    let mut sweep_row = |i: usize, costs: &C| -> Result<(), OutOfRange> {
        let (lo, hi) = range(i);
        let mut scores = std::mem::take(&mut ring[i % ring_len].2);
        scores.clear();
        // Per two-sided shape that fits: its number, target size, cost line, and the row
        // its beads come from (`None` for the row itself).
        // Sized at once: collected from a filter, the list grew through three
        // allocations in every row of every sweep.
        let mut incoming = Vec::with_capacity(shapes.len());
        incoming.extend(
            shapes
                .iter()
                .enumerate()
                .filter(|&(k, shape)| shape.source <= i && k != deletion && k != insertion)
                .map(|(k, shape)| {
                    let earlier = (shape.source > 0).then(|| &ring[(i - shape.source) % ring_len]);
                    (k, shape.target, costs.shape_costs(i, k), earlier)
                }),
        );
        let deletions =
            (i > 0).then(|| (costs.shape_costs(i, deletion), &ring[(i - 1) % ring_len]));
        let insertions = costs.shape_costs(i, insertion);
        let mut reached = false;
        for j in lo..=hi {
            // The cells the beads into this one start from.
            let from = |target, earlier| bead_start(earlier, (&scores, lo), target, j);
            let above = deletions.and_then(|(line, row)| Some((line, cell_at(row, j)?)));
            let before = (j > lo).then(|| &scores[j - 1 - lo]);
            // The power of two the cell's values are kept at: its largest source's.
            let exponent = if !A::SCALED || (i, j) == (0, 0) {
                0
            } else {
                incoming
                    .iter()
                    .filter_map(|&(_, target, _, earlier)| from(target, earlier))
                    .chain(above.map(|(_, from)| from))
                    .chain(before)
                    .map(|from| from.exponent)
                    .max()
                    .unwrap_or(UNREACHED_EXPONENT)
            };
            let kept = |from: &CellScores, value: f64| {
                A::rescaled(value, power_of_two(from.exponent - exponent))
            };
            let mut acc = if i == 0 && j == 0 {
                A::origin()
            } else {
                A::empty()
            };
            for &(k, target, line, earlier) in &incoming {
                if let Some(from) = from(target, earlier)
                    && from.x > A::NONE
                {
                    acc.add(A::times(kept(from, from.x), A::weight(line.at(j))), k);
                }
            }
            let mut cell = CellScores {
                m: acc.value(),
                exponent,
                ..CellScores::unreached::<A>()
            };
            let mut bits = u16::from(acc.shape());
            // A one-sided bead from `from`, whose other kind of run closed, run of this
            // kind and exit weight are given, costing `cost`, a run extended at `extend`.
            let run_from = |from: &CellScores, (other, running, exit), cost: f64, extend| {
                let open = (kept(from, from.m), kept(from, other));
                let run = GapStep::into::<A>(
                    open,
                    (kept(from, running), exit),
                    A::weight(cost / 2.0),
                    extend,
                );
                let closed = A::times(run.value, run.entry);
                (run, closed)
            };
            if let Some((line, from)) = above {
                let (run, closed) =
                    run_from(from, (from.ix, from.d, from.exit_d), line.at(j), extend.0);
                (cell.d, cell.exit_d, cell.dx) = (run.value, run.entry, closed);
                bits |= run.bits(back::D_EXTENDS, back::D_AFTER_I);
            }
            if let Some(from) = before {
                let (run, closed) = run_from(
                    from,
                    (from.dx, from.i, from.exit_i),
                    insertions.at(j),
                    extend.1,
                );
                (cell.i, cell.exit_i, cell.ix) = (run.value, run.entry, closed);
                bits |= run.bits(back::I_EXTENDS, back::I_AFTER_D);
            }
            let (x, state) = plus3::<A>(cell.m, cell.dx, cell.ix);
            cell.x = x;
            bits |= state << back::X_SHIFT;
            if A::SCALED {
                reached |= cell.normalise()?;
            }
            scores.push(cell);
            visit(i, j, &cell, bits, costs);
        }
        // Every bead into the row weighs too little for a double.
        if A::SCALED && !reached {
            return Err(OutOfRange);
        }
        ring[i % ring_len] = (lo, hi, scores);
        Ok(())
    };
    let (mut i, mut ahead) = (0, None);
    while i <= rows {
        let end = costs.enter(i, ahead.take()).min(rows + 1);
        let costs = &*costs;
        let mut swept = || (i..end).try_for_each(|row| sweep_row(row, costs));
        if end > rows {
            swept()?;
        } else {
            let (filled, result) = rayon::join(|| costs.ahead(), swept);
            result?;
            ahead = filled;
        }
        i = end;
    }
    Ok(())
}

/// A one-sided bead (1-0 or 0-1) into a cell, in the state of its kind.
struct GapStep {
    /// The value of the cell in that state.
    value: f64,
    /// The weight of half the bead's lone price: paid on entering a run and again on
    /// leaving it.
    entry: f64,
    /// Whether the best way in extends a run rather than opening one.
    extends: bool,
    /// Whether a run opened here is best opened after a run of the other kind.
    after_other: bool,
}

impl GapStep {
    /// The bead whose lone price's half has weight `entry`, from a cell whose closed
    /// values that may open a run are `open_from` (two-sided, then the other kind of
    /// run), whose value and exit weight in this kind of run are `running`, and where
    /// extending the run has at least the weight `extend` (see [`link`]).
    fn into<A: Accumulator>(
        open_from: (f64, f64),
        (running, running_exit): (f64, f64),
        entry: f64,
        extend: f64,
    ) -> GapStep {
        let opened = A::times(A::plus(open_from.0, open_from.1), entry);
        let extended = A::times(running, extend.max(A::times(running_exit, entry)));
        GapStep {
            value: A::plus(opened, extended),
            entry,
            extends: extended > opened,
            after_other: open_from.1 > open_from.0,
        }
    }

    /// The back-pointer bits of this step, given the bits for its kind.
    fn bits(&self, extends: u16, after_other: u16) -> u16 {
        (if self.extends { extends } else { 0 }) | (if self.after_other { after_other } else { 0 })
    }
}

/// What a search found, and what it cost.
#[derive(Debug, Clone)]
pub struct Searched {
    /// The lowest-cost path found, bead by bead.
    pub path: Vec<Step>,
    /// The number of cells the search evaluated, repairs included.
    pub cells: usize,
}

/// The most cells that repairs may evaluate in one search, per sentence of the two
/// sides: past it, the path is taken as it is. It bounds the work of a search by a
/// constant times the document's length whatever the text; a corridor that holds the
/// true path needs a small share of it.
pub const REPAIR_BUDGET: usize = 64;
/// Lattices of up to this many cells are searched whole by a first pass (and repairs may
/// always evaluate this many): widening a corridor where the path meets its edge finds
/// a path that moved a little, not a cheaper one far away, which runs of omissions
/// priced as gaps can make (a document whose translation lacks its first pages).
pub const SMALL_LATTICE: usize = 1 << 20;

/// The lowest-cost sequence of beads through `corridor`, with bead costs from `fill` and
/// runs of omissions priced by `gaps`. Where the best path comes within `margin` cells of
/// an inner edge of the corridor, which may have pushed it there, the corridor is widened
/// around those rows by `width` target positions (doubling each time) and the path
/// re-solved in a window around them, between cells of the path outside the window,
/// until no such place is left or the repairs have evaluated [`REPAIR_BUDGET`] cells per
/// sentence.
pub fn best_path(
    shapes: &[Shape],
    fill: &(impl FillRow + Sync),
    gaps: Gaps,
    mut corridor: Corridor,
    (mut width, margin): (usize, usize),
) -> Searched {
    let least = width;
    let (mut path, mut cells) = corridor_best_path(&corridor, shapes, gaps, fill);
    let budget = (REPAIR_BUDGET * (corridor.rows() + corridor.m)).max(SMALL_LATTICE) + cells;
    loop {
        let pinned: Vec<usize> = path
            .iter()
            .filter(|step| corridor.near_inner_edge(step.source, step.target, margin))
            .map(|step| step.source)
            .collect();
        // A search of the whole lattice is exact already: nothing to repair or untangle.
        if corridor.is_full() {
            return Searched { path, cells };
        }
        if pinned.is_empty() || cells >= budget {
            let end = (corridor.rows(), corridor.m);
            let budget = budget.saturating_sub(cells);
            let (path, box_cells) = untangled(shapes, gaps, fill, (path, least), end, budget);
            return Searched {
                path,
                cells: cells + box_cells,
            };
        }
        corridor = corridor.widened_near(&pinned, width);
        let (repaired_path, repair_cells) =
            repaired(&corridor, shapes, gaps, fill, &path, &pinned, 2 * width);
        path = repaired_path;
        cells += repair_cells;
        width *= 2;
    }
}

/// `path` with its part near each of `rows` (within `reach` rows) searched again in
/// `corridor`, between the cells where the path enters and leaves that part; and the
/// number of cells searched.
fn repaired(
    corridor: &Corridor,
    shapes: &[Shape],
    gaps: Gaps,
    fill: &(impl FillRow + Sync),
    path: &[Step],
    rows: &[usize],
    reach: usize,
) -> (Vec<Step>, usize) {
    let mut windows: Vec<(usize, usize)> = Vec::new();
    for &row in rows {
        let (from, to) = (row.saturating_sub(reach), row + reach);
        match windows.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => windows.push((from, to)),
        }
    }
    let spans: Vec<(usize, usize)> = windows
        .into_iter()
        .map(|(from, to)| {
            (
                path.partition_point(|step| step.source < from),
                path.partition_point(|step| step.source < to),
            )
        })
        .filter(|(first, after)| first < after)
        .collect();
    let end = (corridor.rows(), corridor.m);
    let window = |start, stop| corridor.window(start, stop);
    searched_again(path, &spans, end, window, shapes, gaps, fill)
}

/// `path` with the steps of each of `spans` (ranges of its steps, in order and apart)
/// replaced by the best path between the cells where the path enters and leaves them
/// (`end`, the lattice's last cell, after the last step), through the part of the
/// lattice `part(enter, leave)` gives; and the number of cells searched. Each span lies
/// between cells of the path outside every other, so the spans are searched
/// independently, side by side (a long document's repairs are many short windows, whose
/// cost tables alone are too small to keep both cores busy).
fn searched_again(
    path: &[Step],
    spans: &[(usize, usize)],
    end: (usize, usize),
    part: impl Fn((usize, usize), (usize, usize)) -> Corridor + Sync,
    shapes: &[Shape],
    gaps: Gaps,
    fill: &(impl FillRow + Sync),
) -> (Vec<Step>, usize) {
    let cell = |t: usize| path.get(t).map_or(end, |step| (step.source, step.target));
    let searched: Vec<(Vec<Step>, usize)> = spans
        .par_iter()
        .map(|&(first, after)| {
            let (enter, leave) = (cell(first), cell(after));
            best_path_from(enter, &part(enter, leave), shapes, gaps, fill)
        })
        .collect();
    let mut result = Vec::with_capacity(path.len());
    let (mut done, mut cells) = (0, 0);
    for (&(first, after), (local, local_cells)) in spans.iter().zip(searched) {
        result.extend_from_slice(&path[done..first]);
        result.extend(local);
        cells += local_cells;
        done = after;
    }
    result.extend_from_slice(&path[done..]);
    (result, cells)
}

/// The best path through `window`, a part of the lattice whose first cell is `start`,
/// in the lattice's cells; and the number of cells searched.
fn best_path_from(
    start: (usize, usize),
    window: &Corridor,
    shapes: &[Shape],
    gaps: Gaps,
    fill: &(impl FillRow + Sync),
) -> (Vec<Step>, usize) {
    let shifted =
        |i, lo, hi, table: &mut Vec<f64>| fill(i + start.0, lo + start.1, hi + start.1, table);
    let (local, cells) = corridor_best_path(window, shapes, gaps, &shifted);
    let path = local
        .into_iter()
        .map(|step| Step {
            source: step.source + start.0,
            target: step.target + start.1,
            shape: step.shape,
        })
        .collect();
    (path, cells)
}

/// Runs of omissions of the two sides at most this many beads apart belong to one
/// tangle (see [`untangled`]).
const TANGLE_REACH: usize = 8;
/// Beads of the path on either side of a tangle that the box searched again takes in.
const TANGLE_MARGIN: usize = 8;
/// The longest side, in units, of a box searched again: a longer tangle (two texts that
/// are no translation of each other are one tangle from end to end) is left as it is.
const TANGLE_MOST: usize = 2_048;

/// `path` with each of its tangles of at least `least` omissions a side searched again
/// in the whole box between the cells where the path enters and leaves it, as long as
/// the boxes' cells stay within `budget`; and the number of cells searched. A tangle is
/// a stretch where runs of omissions of both sides lie close together (omitted source
/// sentences next to omitted target sentences): where it is wider than a corridor
/// widens, the sign of a corridor that missed the true path, around which the
/// search could only leave both sides out (a coarse path that bent through two nearby
/// runs of omissions in 1984 repeated eight times, each missing a different chapter,
/// left 1,000 sentences a side out where the translation was whole). Within the box the
/// search is exact; a true pair of nearby runs is found again.
fn untangled(
    shapes: &[Shape],
    gaps: Gaps,
    fill: &(impl FillRow + Sync),
    (path, least): (Vec<Step>, usize),
    end: (usize, usize),
    mut budget: usize,
) -> (Vec<Step>, usize) {
    let cell = |t: usize| path.get(t).map_or(end, |step| (step.source, step.target));
    let mut boxes: Vec<(usize, usize)> = Vec::new();
    for (first, after) in tangles(&path, shapes, least) {
        let (from, to) = (
            first.saturating_sub(TANGLE_MARGIN),
            (after + TANGLE_MARGIN).min(path.len()),
        );
        match boxes.last_mut() {
            Some(last) if from <= last.1 => last.1 = to,
            _ => boxes.push((from, to)),
        }
    }
    // The boxes within the budget, taken in order.
    boxes.retain(|&(from, to)| {
        let (start, stop) = (cell(from), cell(to));
        let (rows, columns) = (stop.0 - start.0, stop.1 - start.1);
        let area = (rows + 1) * (columns + 1);
        let searched = rows.max(columns) <= TANGLE_MOST && area <= budget;
        if searched {
            budget -= area;
        }
        searched
    });
    let whole_box = |start: (usize, usize), stop: (usize, usize)| {
        Corridor::full(stop.0 - start.0, stop.1 - start.1)
    };
    searched_again(&path, &boxes, end, whole_box, shapes, gaps, fill)
}

/// The tangles of `path` with at least `least` 1-0 and `least` 0-1 beads (see
/// [`untangled`]), as ranges of its beads.
fn tangles(path: &[Step], shapes: &[Shape], least: usize) -> Vec<(usize, usize)> {
    let (deletion, insertion) = gap_shapes(shapes);
    let mut tangles = Vec::new();
    // The tangle being read: its first and last one-sided bead, and its numbers of 1-0
    // and 0-1 beads.
    let mut current: Option<(usize, usize, usize, usize)> = None;
    let mut close = |tangle: Option<(usize, usize, usize, usize)>| {
        if let Some((first, last, deleted, inserted)) = tangle
            && deleted >= least
            && inserted >= least
        {
            tangles.push((first, last + 1));
        }
    };
    for (t, step) in path.iter().enumerate() {
        let (deleted, inserted) = (step.shape == deletion, step.shape == insertion);
        if !deleted && !inserted {
            continue;
        }
        match &mut current {
            Some((_, last, d, i)) if t - *last <= TANGLE_REACH => {
                *last = t;
                *d += usize::from(deleted);
                *i += usize::from(inserted);
            }
            _ => {
                close(current);
                current = Some((t, t, usize::from(deleted), usize::from(inserted)));
            }
        }
    }
    close(current);
    tangles
}

/// The best path through the whole of `corridor`, and the number of its cells.
fn corridor_best_path(
    corridor: &Corridor,
    shapes: &[Shape],
    gaps: Gaps,
    fill: &(impl FillRow + Sync),
) -> (Vec<Step>, usize) {
    let n = corridor.rows();
    let mut row_offsets = Vec::with_capacity(n + 2);
    let mut total = 0;
    for i in 0..=n {
        row_offsets.push(total);
        let (lo, hi) = corridor.range(i);
        total += hi - lo + 1;
    }
    let mut back = vec![u16::from(NO_SHAPE); total];
    let mut costs = ForwardCosts::new(corridor, shapes, fill);
    sweep::<Best, _>(
        n,
        |i| corridor.range(i),
        shapes,
        gaps,
        &mut costs,
        |i, j, _, bits, _| {
            back[row_offsets[i] + j - corridor.range(i).0] = bits;
        },
    )
    .expect("a best path's sweep keeps log-scores, always in range");
    let (deletion, insertion) = gap_shapes(shapes);
    let bits_at = |i: usize, j: usize| back[row_offsets[i] + j - corridor.range(i).0];
    let mut path = Vec::new();
    let (mut i, mut j) = (n, corridor.m);
    let mut state = State::from_bits(bits_at(i, j) >> back::X_SHIFT);
    while i > 0 || j > 0 {
        let bits = bits_at(i, j);
        let (k, next) = match state {
            State::Matched => {
                let k = usize::from(bits & back::SHAPE);
                let shape = &shapes[k];
                let bits = bits_at(i - shape.source, j - shape.target);
                (k, State::from_bits(bits >> back::X_SHIFT))
            }
            State::Deleted => (
                deletion,
                state.before_run(bits, (back::D_EXTENDS, back::D_AFTER_I), State::Inserted),
            ),
            State::Inserted => (
                insertion,
                state.before_run(bits, (back::I_EXTENDS, back::I_AFTER_D), State::Deleted),
            ),
        };
        let shape = &shapes[k];
        i -= shape.source;
        j -= shape.target;
        path.push(Step {
            source: i,
            target: j,
            shape: k,
        });
        state = next;
    }
    path.reverse();
    (path, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::shapes::ShapeTable;

    /// A cost that prefers one particular path: 1-1 beads, except a 2-1 at source 3.
    fn planted_cost(i: usize, _j: usize, k: usize, shapes: &[Shape]) -> f64 {
        let shape = shapes[k];
        match (i, shape.source, shape.target) {
            (3, 2, 1) => 0.1,
            (3, _, _) => 5.0,
            (_, 1, 1) => 0.1,
            _ => 5.0,
        }
    }

    #[test]
    fn finds_the_planted_path_and_is_sure_of_it() {
        let table = ShapeTable::default();
        let shapes = table.shapes();
        let fill = fill_from(8, 7, shapes, |i, j, k| planted_cost(i, j, k, shapes));
        let path = best_path(
            shapes,
            &fill,
            Gaps::NONE,
            Corridor::diagonal(8, 7, 1),
            (1, 6),
        )
        .path;
        let kinds: Vec<(usize, usize)> = path
            .iter()
            .map(|s| (shapes[s.shape].source, shapes[s.shape].target))
            .collect();
        assert_eq!(
            kinds,
            [(1, 1), (1, 1), (1, 1), (2, 1), (1, 1), (1, 1), (1, 1)]
        );
        let confidence = posteriors(&Corridor::full(8, 7), shapes, Gaps::NONE, &fill, &path);
        assert!(confidence.iter().all(|&p| p > 0.9), "{confidence:?}");
    }

    /// A corridor around a path that leaves out 80 sentences of each side where the text
    /// is translated (as a coarse path bent through there makes it): within it the
    /// search can only leave both out, and the tangle is searched again whole.
    #[test]
    fn a_tangle_of_omissions_on_both_sides_is_searched_again_whole() {
        let table = ShapeTable::default();
        let shapes = table.shapes();
        let kind = |k: usize| (shapes[k].source, shapes[k].target);
        let cost = |i: usize, j: usize, k: usize| match kind(k) {
            (1, 1) if i == j => 0.1,
            (1, 0) | (0, 1) => 4.0,
            _ => 20.0,
        };
        let fill = fill_from(200, 200, shapes, cost);
        let bent = [
            ((0, 0), (60, 60)),
            ((60, 60), (140, 60)),
            ((140, 60), (140, 140)),
            ((140, 140), (200, 200)),
        ];
        let corridor = Corridor::around(200, 200, bent, 4);
        let within = corridor_best_path(&corridor, shapes, Gaps::even(1.0), &fill).0;
        assert!(within.iter().any(|s| kind(s.shape) == (1, 0)));
        let searched = best_path(shapes, &fill, Gaps::even(1.0), corridor, (16, 2));
        assert_eq!(searched.path.len(), 200);
        for (t, step) in searched.path.iter().enumerate() {
            assert_eq!((step.source, step.target, kind(step.shape)), (t, t, (1, 1)));
        }
    }

    /// Source sentence 1 and target sentence 1 translate nothing: leaving out the one
    /// before the other costs what the other way round does, so each omission is as
    /// likely at either position of the other side, and certain all the same.
    #[test]
    fn an_omission_is_as_sure_as_its_sentence_is_left_out_wherever_it_sits() {
        let table = ShapeTable::default();
        let shapes = table.shapes();
        let cost = |i: usize, j: usize, k: usize| match (shapes[k].source, shapes[k].target) {
            (1, 1) if i == j && i != 1 => 0.1,
            (1, 0) | (0, 1) => 3.0,
            _ => 50.0,
        };
        let fill = fill_from(3, 3, shapes, cost);
        let whole = Corridor::full(3, 3);
        let searched = best_path(shapes, &fill, Gaps::NONE, whole.clone(), (4, 6));
        let kinds: Vec<(usize, usize)> = searched
            .path
            .iter()
            .map(|s| (shapes[s.shape].source, shapes[s.shape].target))
            .collect();
        assert_eq!(kinds.len(), 4);
        assert!(kinds.contains(&(1, 0)) && kinds.contains(&(0, 1)));
        let confidence = posteriors(&whole, shapes, Gaps::NONE, &fill, &searched.path);
        assert!(confidence.iter().all(|&p| p > 0.99), "{confidence:?}");
    }

    #[test]
    fn posteriors_of_an_ambiguous_choice_are_split() {
        let table = ShapeTable::default();
        let shapes = table.shapes();
        // Two sentences on each side, every bead equally cheap: 1-1 1-1 competes with 2-2.
        let cost = |_: usize, _: usize, k: usize| {
            if shapes[k].source == shapes[k].target {
                1.0
            } else {
                50.0
            }
        };
        let fill = fill_from(2, 2, shapes, cost);
        let whole = Corridor::diagonal(2, 2, 4);
        let searched = best_path(shapes, &fill, Gaps::NONE, whole.clone(), (4, 6));
        let confidence = posteriors(&whole, shapes, Gaps::NONE, &fill, &searched.path);
        assert!(
            confidence.iter().all(|&p| p < 0.9 && p > 0.1),
            "{confidence:?}"
        );
    }

    #[test]
    fn corridor_widens_until_it_holds_the_best_path() {
        let table = ShapeTable::default();
        let shapes = table.shapes();
        // 40 source sentences then 40 target sentences: cheapest as deletions first.
        let cost = |i: usize, j: usize, k: usize| {
            let shape = shapes[k];
            match (shape.source, shape.target) {
                (1, 0) if j == 0 => 0.0,
                (0, 1) if i == 40 => 0.0,
                _ => 10.0,
            }
        };
        let fill = fill_from(40, 40, shapes, cost);
        let path = best_path(
            shapes,
            &fill,
            Gaps::NONE,
            Corridor::diagonal(40, 40, 2),
            (2, 6),
        )
        .path;
        assert_eq!(path.len(), 80);
        assert!(
            path.iter()
                .map(|s| cost(s.source, s.target, s.shape))
                .sum::<f64>()
                < 1e-9
        );
    }
}
