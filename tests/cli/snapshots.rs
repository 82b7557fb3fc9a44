//! The human-readable tables, pinned as insta snapshots (`tests/cli/snapshots/`): a
//! change to what `stats`, `list`, `search`, `lookup` or the batch summary print shows
//! up as a snapshot to review (`cargo insta review`), never silently.

use insta::assert_snapshot;

use crate::workdir::{Workdir, sample, stdout_of};

/// A working folder where the main job has run on the sample.
fn aligned_sample() -> Workdir {
    let wd = Workdir::new();
    wd.align_sample(&["-q", "-o", "pairs.tsv"])
        .assert()
        .success();
    wd
}

/// Asserts that `text` matches snapshot `name`, with what changes from run to run
/// (times, dates, the sample's folder, the working folder) named instead.
fn assert_table(name: &str, text: &str, wd: &Workdir) {
    let steady = text
        .replace(sample("").trim_end_matches('/'), "[SAMPLES]")
        .replace(wd.path().to_str().expect("UTF-8 path"), "[WORKDIR]");
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "[TIME]");
    settings.add_filter(r"\d+\.\d s \(\d+\.\d s storing\)", "[SECONDS]");
    settings.bind(|| assert_snapshot!(name, steady));
}

#[test]
fn stats_table() {
    let wd = aligned_sample();
    let out = stdout_of(&mut wd.qantara(&["stats"]));
    assert_table("stats", &out, &wd);
}

#[test]
fn list_table() {
    let wd = aligned_sample();
    let out = stdout_of(&mut wd.qantara(&["list"]));
    assert_table("list", &out, &wd);
}

#[test]
fn search_listing() {
    let wd = aligned_sample();
    let out = stdout_of(&mut wd.qantara(&["search", "Idlib", "--limit", "2"]));
    assert_table("search", &out, &wd);
}

#[test]
fn lookup_listing_of_a_sentence_inside_a_bead() {
    let wd = aligned_sample();
    let out = stdout_of(&mut wd.qantara(&[
        "lookup",
        "Turkey stressed the need to de-escalate tensions in Idlib.",
        "--min",
        "50",
    ]));
    assert_table("lookup", &out, &wd);
}

#[test]
fn batch_summary_table() {
    let wd = Workdir::new();
    std::fs::create_dir_all(wd.path().join("ar")).unwrap();
    std::fs::create_dir_all(wd.path().join("en")).unwrap();
    std::fs::copy(sample("idlib.ar.txt"), wd.path().join("ar/idlib.txt")).unwrap();
    std::fs::copy(sample("idlib.en.txt"), wd.path().join("en/idlib.txt")).unwrap();
    let out = stdout_of(&mut wd.qantara(&[
        "batch",
        "--src-dir",
        "ar",
        "--tgt-dir",
        "en",
        "--src-lang",
        "ar",
        "--tgt-lang",
        "en",
    ]));
    assert_table("batch_summary", &out, &wd);
}
