//! The cells a search covers: a band around the diagonal, or the cells near an earlier
//! path, row by row, and how a corridor widens where a path meets its edge.

use super::SMALL_LATTICE;

/// One bead of a path: it starts at cell (`source`, `target`) and has shape number `shape`
/// in the shape table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Index of the bead's first source sentence.
    pub source: usize,
    /// Index of the bead's first target sentence.
    pub target: usize,
    /// Index of the bead's shape in the shape table.
    pub shape: usize,
}

/// The cells searched: row `i` (source position `0..=n`) holds the target positions
/// `lo[i]..=hi[i]`. Both bounds never decrease from row to row, each row reaches at least
/// to where the next begins, the first row starts at target 0 and the last ends at `m`.
/// With 1-0 and 0-1 beads (which every shape table has) every cell is then reachable, so
/// every corridor holds a path from corner to corner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corridor {
    pub(super) m: usize,
    pub(super) lo: Vec<usize>,
    pub(super) hi: Vec<usize>,
}

impl Corridor {
    /// The whole `n` × `m` lattice.
    pub fn full(n: usize, m: usize) -> Corridor {
        Corridor {
            m,
            lo: vec![0; n + 1],
            hi: vec![m; n + 1],
        }
    }

    /// Where a first search over an `n` × `m` lattice starts: the whole lattice when it
    /// has at most [`SMALL_LATTICE`] cells, otherwise the band of `half_width` target
    /// positions around the diagonal.
    pub fn first_search(n: usize, m: usize, half_width: usize) -> Corridor {
        if (n + 1).saturating_mul(m + 1) <= SMALL_LATTICE {
            Corridor::full(n, m)
        } else {
            Corridor::diagonal(n, m, half_width)
        }
    }

    /// The target positions within `half_width` of the diagonal point `i·m/n` of each row.
    pub fn diagonal(n: usize, m: usize, half_width: usize) -> Corridor {
        if n == 0 {
            return Corridor::full(n, m);
        }
        let (lo, hi) = (0..=n)
            .map(|i| {
                let center = (i * m + n / 2) / n;
                (
                    center.saturating_sub(half_width),
                    (center + half_width).min(m),
                )
            })
            .unzip();
        let mut corridor = Corridor { m, lo, hi };
        corridor.connect();
        corridor
    }

    /// Stretches each row to reach where the next one begins.
    pub(super) fn connect(&mut self) {
        for i in 0..self.rows() {
            self.hi[i] = self.hi[i].max(self.lo[i + 1]);
        }
    }

    /// The cells within `half_width` target positions of a path given by its beads'
    /// corners (start and end cells): each bead is taken as the line between its corners,
    /// and each row as the columns that line crosses (a bead within one row, all of them).
    pub fn around(
        n: usize,
        m: usize,
        corners: impl IntoIterator<Item = ((usize, usize), (usize, usize))>,
        half_width: usize,
    ) -> Corridor {
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0; n + 1];
        for ((i0, j0), (i1, j1)) in corners {
            let (i1, j1) = (i1.min(n), j1.min(m));
            if i1 == i0 {
                lo[i0] = lo[i0].min(j0);
                hi[i0] = hi[i0].max(j1);
                continue;
            }
            // The line from corner to corner, each row taking the columns it crosses.
            for i in i0..=i1 {
                let before = j0 + (i - i0) * (j1 - j0) / (i1 - i0);
                let after = j0 + ((i - i0) * (j1 - j0)).div_ceil(i1 - i0);
                lo[i] = lo[i].min(before);
                hi[i] = hi[i].max(after);
            }
        }
        let mut corridor = Corridor { m, lo, hi };
        corridor.widen_rows(half_width);
        corridor
    }

    /// Widens every row by `half_width` on both sides and restores the corridor's shape:
    /// bounds that never decrease, rows never empty.
    pub(super) fn widen_rows(&mut self, half_width: usize) {
        let last = self.lo.len() - 1;
        for i in 0..=last {
            if self.lo[i] == usize::MAX {
                self.lo[i] = if i > 0 { self.lo[i - 1] } else { 0 };
                self.hi[i] = self.lo[i];
            }
            self.lo[i] = self.lo[i].saturating_sub(half_width);
            self.hi[i] = (self.hi[i] + half_width).min(self.m);
        }
        self.lo[0] = 0;
        self.hi[last] = self.m;
        for i in 1..=last {
            self.lo[i] = self.lo[i].max(self.lo[i - 1]);
            self.hi[i] = self.hi[i].max(self.hi[i - 1]);
        }
        for i in (0..last).rev() {
            self.lo[i] = self.lo[i].min(self.lo[i + 1]);
            self.hi[i] = self.hi[i].max(self.lo[i]);
        }
        self.connect();
    }

    /// The corridor widened by `width` target positions on both sides in the rows within
    /// `width` of any of `rows`.
    pub(super) fn widened_near(&self, rows: &[usize], width: usize) -> Corridor {
        let mut wider = self.clone();
        let last = self.rows();
        for &row in rows {
            for i in row.saturating_sub(width)..=(row + width).min(last) {
                wider.lo[i] = self.lo[i].saturating_sub(width);
                wider.hi[i] = (self.hi[i] + width).min(self.m);
            }
        }
        wider.widen_rows(0);
        wider
    }

    /// The part of the corridor between cells `start` and `end` (which a path through
    /// the corridor passes), as a lattice of its own starting at `start`.
    pub(super) fn window(&self, start: (usize, usize), end: (usize, usize)) -> Corridor {
        let ((i0, j0), (i1, j1)) = (start, end);
        let (lo, hi) = (i0..=i1)
            .map(|i| {
                let lo = self.lo[i].clamp(j0, j1) - j0;
                (lo, (self.hi[i].clamp(j0, j1) - j0).max(lo))
            })
            .unzip();
        let mut window = Corridor { m: j1 - j0, lo, hi };
        window.widen_rows(0);
        window
    }

    /// The number of cells in the corridor.
    pub fn cells(&self) -> usize {
        self.lo
            .iter()
            .zip(&self.hi)
            .map(|(lo, hi)| hi - lo + 1)
            .sum()
    }

    /// The number of source positions less one: the lattice's last row.
    pub(super) fn rows(&self) -> usize {
        self.lo.len() - 1
    }

    /// The first and last target position searched in row `i`.
    pub(super) fn range(&self, i: usize) -> (usize, usize) {
        (self.lo[i], self.hi[i])
    }

    /// The same corridor seen from the end: row `i` of the reversed lattice is row `n − i`.
    pub(super) fn reversed_range(&self, i: usize) -> (usize, usize) {
        let (lo, hi) = self.range(self.rows() - i);
        (self.m - hi, self.m - lo)
    }

    /// True when the corridor is the whole lattice.
    pub(super) fn is_full(&self) -> bool {
        self.lo.iter().all(|&lo| lo == 0) && self.hi.iter().all(|&hi| hi == self.m)
    }

    /// True when cell (`i`, `j`) lies within `margin` of an edge of the corridor that is
    /// not an edge of the lattice: a path through it may have been pushed there.
    pub(super) fn near_inner_edge(&self, i: usize, j: usize, margin: usize) -> bool {
        let (lo, hi) = self.range(i);
        (lo > 0 && j < lo + margin) || (hi < self.m && j + margin > hi)
    }
}
