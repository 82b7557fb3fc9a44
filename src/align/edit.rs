//! A reviewer's edits of an alignment: join a bead with the next, split one at a sentence
//! boundary, move a sentence to the neighbouring bead, give a sentence no translation,
//! confirm a bead. Each edit takes a bead list that covers both texts in order and
//! gives another that does; the beads it touches get confidence 1.0, as a person has
//! checked them.

use std::ops::Range;

use super::Bead;

/// Which text of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The source text.
    Source,
    /// The target text.
    Target,
}

/// One edit of a bead list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Bead `bead` and the one after it become one bead.
    Join {
        /// The bead's position.
        bead: usize,
    },
    /// Bead `bead` becomes two: the first holds its source sentences before `source_at`
    /// and its target sentences before `target_at` (sentence indices in the texts), the
    /// second the rest; neither may be empty.
    Split {
        /// The bead's position.
        bead: usize,
        /// Where its source sentences are cut.
        source_at: usize,
        /// Where its target sentences are cut.
        target_at: usize,
    },
    /// The first sentence of `side` of bead `bead` moves to the end of the bead before
    /// it (`forward` false), or its last sentence to the start of the bead after it
    /// (`forward` true). A bead left empty is removed.
    Move {
        /// The bead's position.
        bead: usize,
        /// Which side's sentence moves.
        side: Side,
        /// Towards the next bead rather than the previous.
        forward: bool,
    },
    /// The first (`last` false) or last sentence of `side` of bead `bead` becomes a bead
    /// of its own, with nothing on the other side: a sentence with no translation.
    Untranslated {
        /// The bead's position.
        bead: usize,
        /// Which side's sentence.
        side: Side,
        /// Its last sentence rather than its first.
        last: bool,
    },
    /// Bead `bead` is right as it is.
    Confirm {
        /// The bead's position.
        bead: usize,
    },
}

/// Why an edit cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// There is no bead at that position (or none after it, for a join or a move
    /// forward; none before it, for a move back).
    #[error("there is no bead {0}")]
    NoBead(usize),
    /// The edit would leave a bead with no sentence, or cut outside the bead.
    #[error("{0}")]
    Impossible(&'static str),
}

impl Edit {
    /// A short description, as stored with the revision it makes.
    pub fn describe(&self) -> String {
        match self {
            Edit::Join { bead } => format!("join {bead} with {}", bead + 1),
            Edit::Split {
                bead,
                source_at,
                target_at,
            } => format!("split {bead} at source {source_at}, target {target_at}"),
            Edit::Move {
                bead,
                side,
                forward,
            } => format!(
                "move a {} sentence of {bead} to {}",
                side_name(*side),
                if *forward {
                    "the next bead"
                } else {
                    "the previous bead"
                }
            ),
            Edit::Untranslated { bead, side, last } => format!(
                "{} {} sentence of {bead} has no translation",
                if *last { "the last" } else { "the first" },
                side_name(*side)
            ),
            Edit::Confirm { bead } => format!("confirm {bead}"),
        }
    }

    /// `beads` with the edit made.
    pub fn apply(&self, beads: &[Bead]) -> Result<Vec<Bead>, EditError> {
        let mut beads = beads.to_vec();
        match *self {
            Edit::Join { bead } => {
                check(&beads, bead + 1)?;
                let next = beads.remove(bead + 1);
                let joined = &mut beads[bead];
                joined.source = joined.source.start..next.source.end;
                joined.target = joined.target.start..next.target.end;
                joined.confidence = 1.0;
            }
            Edit::Split {
                bead,
                source_at,
                target_at,
            } => {
                check(&beads, bead)?;
                let old = beads[bead].clone();
                if !within(&old.source, source_at) || !within(&old.target, target_at) {
                    return Err(EditError::Impossible("a split must cut inside the bead"));
                }
                let first = Bead {
                    source: old.source.start..source_at,
                    target: old.target.start..target_at,
                    confidence: 1.0,
                };
                let second = Bead {
                    source: source_at..old.source.end,
                    target: target_at..old.target.end,
                    confidence: 1.0,
                };
                if is_empty(&first) || is_empty(&second) {
                    return Err(EditError::Impossible(
                        "a split must leave a sentence on each side of the cut",
                    ));
                }
                beads.splice(bead..=bead, [first, second]);
            }
            Edit::Move {
                bead,
                side,
                forward,
            } => {
                check(&beads, bead)?;
                let neighbour = if forward {
                    bead + 1
                } else {
                    bead.checked_sub(1).ok_or(EditError::NoBead(0))?
                };
                check(&beads, neighbour)?;
                if range(&beads[bead], side).is_empty() {
                    return Err(EditError::Impossible(
                        "that side of the bead has no sentence",
                    ));
                }
                if forward {
                    range_mut(&mut beads[bead], side).end -= 1;
                    range_mut(&mut beads[neighbour], side).start -= 1;
                } else {
                    range_mut(&mut beads[bead], side).start += 1;
                    range_mut(&mut beads[neighbour], side).end += 1;
                }
                beads[bead].confidence = 1.0;
                beads[neighbour].confidence = 1.0;
                if is_empty(&beads[bead]) {
                    beads.remove(bead);
                }
            }
            Edit::Untranslated { bead, side, last } => {
                check(&beads, bead)?;
                let old = beads[bead].clone();
                let sentences = range(&old, side).clone();
                if sentences.is_empty() {
                    return Err(EditError::Impossible(
                        "that side of the bead has no sentence",
                    ));
                }
                let (alone_at, rest) = if last {
                    (sentences.end - 1, sentences.start..sentences.end - 1)
                } else {
                    (sentences.start, sentences.start + 1..sentences.end)
                };
                let (other_side, other) = match side {
                    Side::Source => (Side::Target, old.target.clone()),
                    Side::Target => (Side::Source, old.source.clone()),
                };
                // The lone sentence's bead holds nothing of the other side, at the place
                // where the other side's sentences begin (before) or end (after).
                let empty_at = if last { other.end } else { other.start };
                let mut alone = Bead {
                    source: 0..0,
                    target: 0..0,
                    confidence: 1.0,
                };
                *range_mut(&mut alone, side) = alone_at..alone_at + 1;
                *range_mut(&mut alone, other_side) = empty_at..empty_at;
                let mut kept = old;
                *range_mut(&mut kept, side) = rest;
                kept.confidence = 1.0;
                let replacement: Vec<Bead> = match (is_empty(&kept), last) {
                    (true, _) => vec![alone],
                    (false, false) => vec![alone, kept],
                    (false, true) => vec![kept, alone],
                };
                beads.splice(bead..=bead, replacement);
            }
            Edit::Confirm { bead } => {
                check(&beads, bead)?;
                beads[bead].confidence = 1.0;
            }
        }
        Ok(beads)
    }
}

/// The name of a side, as descriptions say it.
fn side_name(side: Side) -> &'static str {
    match side {
        Side::Source => "source",
        Side::Target => "target",
    }
}

/// An error unless there is a bead at `position`.
fn check(beads: &[Bead], position: usize) -> Result<(), EditError> {
    if position < beads.len() {
        Ok(())
    } else {
        Err(EditError::NoBead(position))
    }
}

/// Whether `at` is a place to cut `range`: at its start, inside it or at its end.
fn within(range: &Range<usize>, at: usize) -> bool {
    range.start <= at && at <= range.end
}

/// Whether a bead holds no sentence on either side.
fn is_empty(bead: &Bead) -> bool {
    bead.source.is_empty() && bead.target.is_empty()
}

fn range(bead: &Bead, side: Side) -> &Range<usize> {
    match side {
        Side::Source => &bead.source,
        Side::Target => &bead.target,
    }
}

fn range_mut(bead: &mut Bead, side: Side) -> &mut Range<usize> {
    match side {
        Side::Source => &mut bead.source,
        Side::Target => &mut bead.target,
    }
}

/// Whether `beads` cover `source_len` and `target_len` sentences in order, each sentence
/// in exactly one bead, and no bead is empty: what every edit keeps true.
pub fn covers(beads: &[Bead], source_len: usize, target_len: usize) -> bool {
    let (mut source, mut target) = (0, 0);
    for bead in beads {
        if bead.source.start != source || bead.target.start != target || is_empty(bead) {
            return false;
        }
        if bead.source.end < bead.source.start || bead.target.end < bead.target.start {
            return false;
        }
        (source, target) = (bead.source.end, bead.target.end);
    }
    source == source_len && target == target_len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beads(spec: &[(Range<usize>, Range<usize>)]) -> Vec<Bead> {
        spec.iter()
            .map(|(s, t)| Bead {
                source: s.clone(),
                target: t.clone(),
                confidence: 0.5,
            })
            .collect()
    }

    fn shape(beads: &[Bead]) -> Vec<(Range<usize>, Range<usize>)> {
        beads
            .iter()
            .map(|b| (b.source.clone(), b.target.clone()))
            .collect()
    }

    #[test]
    fn join_split_and_confirm() {
        let start = beads(&[(0..1, 0..1), (1..2, 1..3), (2..3, 3..4)]);
        let joined = Edit::Join { bead: 0 }.apply(&start).unwrap();
        assert_eq!(shape(&joined), [(0..2, 0..3), (2..3, 3..4)]);
        assert_eq!(joined[0].confidence, 1.0);
        assert_eq!(joined[1].confidence, 0.5);
        let split = Edit::Split {
            bead: 0,
            source_at: 1,
            target_at: 1,
        }
        .apply(&joined)
        .unwrap();
        assert_eq!(shape(&split), [(0..1, 0..1), (1..2, 1..3), (2..3, 3..4)]);
        let one_sided = Edit::Split {
            bead: 1,
            source_at: 2,
            target_at: 2,
        }
        .apply(&start)
        .unwrap();
        assert_eq!(
            shape(&one_sided),
            [(0..1, 0..1), (1..2, 1..2), (2..2, 2..3), (2..3, 3..4)]
        );
        assert_eq!(
            Edit::Confirm { bead: 2 }.apply(&start).unwrap()[2].confidence,
            1.0
        );
        for bad in [
            Edit::Join { bead: 2 },
            Edit::Split {
                bead: 0,
                source_at: 0,
                target_at: 0,
            },
            Edit::Split {
                bead: 0,
                source_at: 3,
                target_at: 1,
            },
            Edit::Confirm { bead: 3 },
        ] {
            assert!(bad.apply(&start).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn moves_and_sentences_with_no_translation() {
        let start = beads(&[(0..1, 0..1), (1..2, 1..3), (2..3, 3..4)]);
        let back = Edit::Move {
            bead: 1,
            side: Side::Target,
            forward: false,
        }
        .apply(&start)
        .unwrap();
        assert_eq!(shape(&back), [(0..1, 0..2), (1..2, 2..3), (2..3, 3..4)]);
        let forward = Edit::Move {
            bead: 1,
            side: Side::Target,
            forward: true,
        }
        .apply(&start)
        .unwrap();
        assert_eq!(shape(&forward), [(0..1, 0..1), (1..2, 1..2), (2..3, 2..4)]);
        // Moving a bead's only sentences away removes it.
        let emptied = Edit::Move {
            bead: 0,
            side: Side::Source,
            forward: true,
        }
        .apply(&beads(&[(0..1, 0..0), (1..2, 0..1)]))
        .unwrap();
        assert_eq!(shape(&emptied), [(0..2, 0..1)]);
        let alone = Edit::Untranslated {
            bead: 1,
            side: Side::Target,
            last: true,
        }
        .apply(&start)
        .unwrap();
        assert_eq!(
            shape(&alone),
            [(0..1, 0..1), (1..2, 1..2), (2..2, 2..3), (2..3, 3..4)]
        );
        let first = Edit::Untranslated {
            bead: 1,
            side: Side::Source,
            last: false,
        }
        .apply(&start)
        .unwrap();
        assert_eq!(
            shape(&first),
            [(0..1, 0..1), (1..2, 1..1), (2..2, 1..3), (2..3, 3..4)]
        );
        for edited in [back, forward, alone, first] {
            assert!(covers(&edited, 3, 4));
        }
    }
}
