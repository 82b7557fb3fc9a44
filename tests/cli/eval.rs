//! `qantara eval` against scores computed by hand.

use crate::workdir::{Workdir, stdout_of};

fn eval_json(wd: &Workdir, args: &[&str]) -> serde_json::Value {
    let mut full = vec!["eval", "--format", "json"];
    full.extend_from_slice(args);
    let output = stdout_of(&mut wd.qantara(&full));
    serde_json::from_str(&output).expect("JSON report")
}

fn assert_close(value: &serde_json::Value, expected: f64) {
    let got = value.as_f64().expect("a number");
    assert!(
        (got - expected).abs() < 1e-9,
        "got {got}, expected {expected}"
    );
}

#[test]
fn scores_one_document_with_empty_beads() {
    let wd = Workdir::new();
    // Gold: 0-0, 1-(1,2), 3-∅, 2-3, and an empty bead that is ignored.
    let gold = wd.write("gold", "[0]:[0]\n[1]:[1, 2]\n[3]:[]\n[2]:[3]\n[]:[]\n");
    // Test: 0-0 (strict hit), 1-1 (lax hit), ∅-2 (miss), (2,3)-3 (lax hit via 2-3).
    let test = wd.write("test", "[0]:[0]\n[1]:[1]\n[]:[2]\n[2, 3]:[3]\n");
    let scores = eval_json(&wd, &["--gold", &gold, "--test", &test]);
    // Precision over 4 test beads: strict 1/4, lax 3/4. Recall over the 3 two-sided gold
    // beads against the 3 two-sided test beads: strict 1/3, lax 3/3.
    assert_close(&scores["strict"]["precision"], 0.25);
    assert_close(&scores["strict"]["recall"], 1.0 / 3.0);
    assert_close(
        &scores["strict"]["f1"],
        2.0 * 0.25 * (1.0 / 3.0) / (0.25 + 1.0 / 3.0),
    );
    assert_close(&scores["lax"]["precision"], 0.75);
    assert_close(&scores["lax"]["recall"], 1.0);
    assert_close(&scores["lax"]["f1"], 2.0 * 0.75 / 1.75);
}

#[test]
fn counts_are_summed_over_documents_before_dividing() {
    let wd = Workdir::new();
    let gold_a = wd.write("gold_a", "[0]:[0]\n[1]:[1]\n");
    let test_a = wd.write("test_a", "[0]:[0]\n[1]:[1]\n");
    let gold_b = wd.write("gold_b", "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n");
    let test_b = wd.write("test_b", "[0, 1]:[0, 1]\n[2, 3]:[2, 3]\n");
    let scores = eval_json(
        &wd,
        &["--gold", &gold_a, &gold_b, "--test", &test_a, &test_b],
    );
    // Strict: 2 hits of 4 test beads; 2 hits of 6 gold beads. A mean of per-document
    // scores would give (1 + 0) / 2 for both.
    assert_close(&scores["strict"]["precision"], 0.5);
    assert_close(&scores["strict"]["recall"], 2.0 / 6.0);
    assert_close(&scores["lax"]["precision"], 1.0);
    assert_close(&scores["lax"]["recall"], 1.0);
}

#[test]
fn a_file_scored_against_itself_is_perfect_and_the_table_says_so() {
    let wd = Workdir::new();
    let beads = wd.write("beads", "[0]:[0, 1]\n[1, 2]:[2]\n[3]:[]\n[]:[3]\n");
    let table = stdout_of(&mut wd.qantara(&["eval", "--gold", &beads, "--test", &beads]));
    assert_eq!(
        table,
        "         precision    recall        f1\n\
         strict      1.0000    1.0000    1.0000\n\
         lax         1.0000    1.0000    1.0000\n"
    );
}

#[test]
fn unequal_numbers_of_files_is_a_usage_error() {
    let wd = Workdir::new();
    let beads = wd.write("beads", "[0]:[0]\n");
    wd.qantara(&["eval", "--gold", &beads, &beads, "--test", &beads])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "as many --test files as --gold files",
        ));
}

#[test]
fn a_malformed_bead_line_is_reported_with_file_and_line() {
    let wd = Workdir::new();
    let good = wd.write("good", "[0]:[0]\n");
    let bad = wd.write("bad", "[0]:[0]\n0 1\n");
    wd.qantara(&["eval", "--gold", &good, "--test", &bad])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("bad:2: not a bead line"));
}
