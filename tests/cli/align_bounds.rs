//! The search's work stays linear on the inputs that used to make it quadratic or lose
//! its way (a repeated text, a missing chapter), and texts that are no translation of
//! each other are said to be so.

use predicates::prelude::*;
use qantara::align::{AlignConfig, Alignment, align};

use crate::workdir::Workdir;

/// Words of varied length for the generated sentences.
const WORDS: [&str; 12] = [
    "river",
    "stone",
    "mountain",
    "a",
    "glacier",
    "summit",
    "of",
    "weather",
    "rope",
    "expedition",
    "valley",
    "snowfield",
];

/// Sentence `k` of a generated document pair: a number both sides share, and words whose
/// count (so the length) varies from sentence to sentence.
fn sentence_pair(k: usize) -> (String, String) {
    let words = 3 + (k * 7919) % 11;
    let body: Vec<&str> = (0..words)
        .map(|w| WORDS[(k * 31 + w * 17) % WORDS.len()])
        .collect();
    let body = body.join(" ");
    (
        format!("Bericht {k}: {body}."),
        format!("Rapport {k} : {body} ici."),
    )
}

/// The alignment of `source` with `target`, German to French.
fn aligned(source: &[String], target: &[String]) -> Alignment {
    let config = AlignConfig {
        source_lang: "de".into(),
        target_lang: "fr".into(),
        ..AlignConfig::default()
    };
    align(source, target, &config)
}

/// Lattice cells the search may evaluate per sentence of the two sides, whatever the
/// input: passes, coarse levels, repairs and confidences together. A run of omitted
/// sentences widens each of the three passes' corridors by up to its gap slack (512,
/// 512 and 256 cells) per sentence of the run, repairs take up to 64 a sentence, and
/// the rest is a few cells wide: a text that is almost all one run (a translation of
/// a tenth of it) comes nearest the bound.
const CELLS_PER_SENTENCE: usize = 1_600;

fn assert_linear(alignment: &Alignment, n: usize, m: usize) {
    let bound = CELLS_PER_SENTENCE * (n + m);
    assert!(
        alignment.searched_cells <= bound,
        "{} cells for {n} + {m} sentences (bound {bound})",
        alignment.searched_cells
    );
}

#[test]
fn a_repeated_text_is_searched_in_linear_work_and_stays_on_its_path() {
    let (source, target): (Vec<String>, Vec<String>) =
        (0..6_000).map(|k| sentence_pair(k % 300)).unzip();
    let alignment = aligned(&source, &target);
    assert_linear(&alignment, source.len(), target.len());
    let right = alignment
        .beads
        .iter()
        .filter(|b| b.source.len() == 1 && b.source == b.target)
        .count();
    assert!(
        right * 100 >= source.len() * 99,
        "{right} of {} beads right",
        source.len()
    );
}

#[test]
fn a_missing_chapter_is_searched_in_linear_work_and_aligned_as_a_gap() {
    let (source, full_target): (Vec<String>, Vec<String>) = (0..3_000).map(sentence_pair).unzip();
    // The translation lacks sentences 1,000 to 1,599.
    let target: Vec<String> = full_target
        .iter()
        .enumerate()
        .filter(|(k, _)| !(1_000..1_600).contains(k))
        .map(|(_, t)| t.clone())
        .collect();
    let alignment = aligned(&source, &target);
    assert_linear(&alignment, source.len(), target.len());
    let own = |k: usize| {
        if k < 1_000 {
            Some(k)
        } else if k < 1_600 {
            None
        } else {
            Some(k - 600)
        }
    };
    let right = alignment
        .beads
        .iter()
        .filter(|b| match own(b.source.start) {
            Some(t) => b.source.len() == 1 && b.target == (t..t + 1),
            None => b.target.is_empty(),
        })
        .count();
    assert!(
        right * 100 >= alignment.beads.len() * 99,
        "{right} of {} beads right",
        alignment.beads.len()
    );
}

/// The same kinds of sentence on both sides, but the numbers and words of each side
/// paired at random: nothing of one side translates the other.
fn unrelated_texts() -> (Vec<String>, Vec<String>) {
    let source = (0..400).map(|k| sentence_pair(k).0).collect();
    let target = (0..400)
        .map(|k| sentence_pair((k * 7919 + 13) % 4_001).1)
        .collect();
    (source, target)
}

#[test]
fn texts_that_are_no_translation_get_a_warning_and_low_confidence() {
    let dir = Workdir::new();
    let (source, target) = unrelated_texts();
    let src = dir.write("a.de", source.join("\n") + "\n");
    let tgt = dir.write("b.fr", target.join("\n") + "\n");
    let output = dir
        .qantara(&[
            "align",
            "--pre-segmented",
            "--src-lang",
            "de",
            "--tgt-lang",
            "fr",
            // Generated words, labelled German and French: no language to check.
            "--no-language-check",
            "--format",
            "jsonl",
            &src,
            &tgt,
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "do not look like translations of each other",
        ))
        .get_output()
        .stdout
        .clone();
    let confidences: Vec<f64> = String::from_utf8(output)
        .expect("UTF-8")
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).expect("JSON")["confidence"]
                .as_f64()
                .expect("a number")
        })
        .collect();
    let mean = confidences.iter().sum::<f64>() / confidences.len() as f64;
    assert!(mean <= 0.2, "mean confidence {mean}");
}

/// Texts judged no translation on pass 2's path are not searched a third time: no
/// lexicon, not even the user's dictionary, is fitted to the chance pairings of that
/// path.
#[test]
fn texts_that_are_no_translation_are_not_searched_with_a_lexicon() {
    let (source, target) = unrelated_texts();
    let config = AlignConfig {
        source_lang: "de".into(),
        target_lang: "fr".into(),
        ..AlignConfig::default()
    }
    .with_dictionary(&[("Bericht".into(), "Rapport".into())]);
    let alignment = align(&source, &target, &config);
    assert!(!alignment.looks_like_translation);
    assert!(
        alignment.lexicon.is_empty(),
        "{} pairs weighed",
        alignment.lexicon.len()
    );
}

#[test]
fn a_translation_gets_no_warning() {
    let dir = Workdir::new();
    dir.align_sample(&[])
        .assert()
        .success()
        .stderr(predicate::str::contains("do not look like translations").not());
}

#[test]
fn one_side_far_longer_than_the_other_is_searched_in_linear_work() {
    // A translation of the opening only, and the other way round; a one-line side.
    let (long_source, long_target): (Vec<String>, Vec<String>) =
        (0..4_000).map(sentence_pair).unzip();
    for (n, m) in [(4_000, 500), (500, 4_000), (4_000, 1), (1, 4_000)] {
        let alignment = aligned(&long_source[..n], &long_target[..m]);
        assert_linear(&alignment, n, m);
        let covered = |side: fn(&qantara::align::Bead) -> usize| -> usize {
            alignment.beads.iter().map(side).sum()
        };
        assert_eq!(
            covered(|b| b.source.len()),
            n,
            "{n} × {m}: every source sentence once"
        );
        assert_eq!(
            covered(|b| b.target.len()),
            m,
            "{n} × {m}: every target sentence once"
        );
        if n.min(m) == 1 {
            continue;
        }
        // The shorter side translates the opening of the longer one: sentence k pairs
        // with sentence k, and the rest is left unpaired.
        let paired = alignment
            .beads
            .iter()
            .filter(|b| b.source.len() == 1 && b.source == b.target)
            .count();
        assert!(
            paired * 100 >= n.min(m) * 99,
            "{n} × {m}: {paired} of {} sentences paired with their own",
            n.min(m)
        );
    }
}
