//! Bead shapes (how many source and target sentences a bead joins) and their prior
//! probabilities, kept as a table rather than code per shape.

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
}

/// Gale and Church's priors (1-1 0.89; 1-0 and 0-1 0.0099 together; 2-1 and 1-2 0.089
/// together; 2-2 0.011), with 1-3 and 3-1 added at a small prior of their own.
const GALE_CHURCH_PRIORS: [(usize, usize, f64); 8] = [
    (1, 1, 0.89),
    (1, 0, 0.00495),
    (0, 1, 0.00495),
    (2, 1, 0.0445),
    (1, 2, 0.0445),
    (2, 2, 0.011),
    (3, 1, 0.005),
    (1, 3, 0.005),
];

impl Default for ShapeTable {
    fn default() -> Self {
        ShapeTable::new(
            GALE_CHURCH_PRIORS
                .iter()
                .map(|&(source, target, prior)| Shape {
                    source,
                    target,
                    prior,
                })
                .collect(),
        )
    }
}

impl ShapeTable {
    /// A table of the given shapes, priors normalised to sum to one.
    pub fn new(mut shapes: Vec<Shape>) -> ShapeTable {
        let total: f64 = shapes.iter().map(|s| s.prior).sum();
        for shape in &mut shapes {
            shape.prior /= total;
        }
        ShapeTable { shapes }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priors_sum_to_one() {
        let total: f64 = ShapeTable::default().shapes().iter().map(|s| s.prior).sum();
        assert!((total - 1.0).abs() < 1e-12);
    }
}
