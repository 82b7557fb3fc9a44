//! Properties of the aligner on random input: the corridor search finds the optimum of
//! the full search, and every alignment covers every sentence once, in order.

use proptest::prelude::*;
use qantara::align::lattice::{Corridor, Gaps, Step, best_path, fill_from};
use qantara::align::length::LengthModel;
use qantara::align::shapes::ShapeTable;
use qantara::align::{AlignConfig, align};

/// Sentence lengths of a source text and of a translation of it: mostly one sentence for
/// one, with noisy lengths, and here and there a sentence split in two, two merged, one
/// left out or one added.
fn translated_lengths() -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
    prop::collection::vec((5usize..200, 0u8..20, 80usize..125), 1..60).prop_map(|sentences| {
        let (mut source, mut target) = (Vec::new(), Vec::new());
        for (length, event, noise) in sentences {
            source.push(length);
            let translated = (length * noise / 100).max(1);
            match event {
                0 => {}
                1 => target.extend([translated / 2 + 1, translated - translated / 2]),
                2 if !target.is_empty() => *target.last_mut().expect("not empty") += translated,
                3 => target.extend([translated, 30]),
                _ => target.push(translated),
            }
        }
        (source, target)
    })
}

/// The cost of a path under `cost`.
fn path_cost(path: &[Step], cost: &impl Fn(usize, usize, usize) -> f64) -> f64 {
    path.iter().map(|s| cost(s.source, s.target, s.shape)).sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn corridor_search_finds_the_optimum_of_the_full_search(
        (source, target) in translated_lengths(),
    ) {
        let table = ShapeTable::default().tilted_to(target.len().max(1) as f64 / source.len().max(1) as f64);
        let shapes = table.shapes();
        let prefix = |lengths: &[usize]| -> Vec<usize> {
            std::iter::once(0).chain(lengths.iter().scan(0, |t, &l| { *t += l; Some(*t) })).collect()
        };
        let (s, t) = (prefix(&source), prefix(&target));
        let model = LengthModel::from_totals(s[source.len()], t[target.len()]);
        let cost = |i: usize, j: usize, k: usize| {
            let shape = &shapes[k];
            model.cost(s[i + shape.source] - s[i], t[j + shape.target] - t[j]) - shape.prior.ln()
        };
        let (n, m) = (source.len(), target.len());
        let fill = fill_from(n, m, shapes, cost);
        let narrow = best_path(shapes, &fill, Gaps::NONE, Corridor::diagonal(n, m, 2), (2, table.max_side())).path;
        let full = best_path(shapes, &fill, Gaps::NONE, Corridor::full(n, m), (2, table.max_side())).path;
        prop_assert!((path_cost(&narrow, &cost) - path_cost(&full, &cost)).abs() < 1e-9);
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
