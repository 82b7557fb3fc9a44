//! Segmentation throughput and memory on news text: the sample article and its
//! translation repeated to 10, 20 and 40 MB, segmented on one thread, by the built-in
//! rules and by SRX rules (`tests/srx/two-languages.srx`: cascading language rules with
//! look-behind, the slower kind of rule).
//!
//! Run with `cargo bench --bench segment`. For each language and size it prints the
//! best of three runs in MB/s, and the peak resident memory (VmHWM) divided by the input
//! size, which stays flat when memory grows linearly with the input. Each measurement
//! runs in a fresh child process, so that one peak does not hide the next.

use std::process::Command;
use std::time::Instant;

use std::sync::Arc;

use qantara::segment::srx::parse_srx;
use qantara::segment::{Layout, Rules, split};

const SIZES_MB: [usize; 3] = [10, 20, 40];
const RUNS: usize = 3;

/// Set in the child process: `LANG:MB`, the one measurement to make.
const CHILD_VAR: &str = "QANTARA_BENCH_SEGMENT";

fn main() {
    if let Ok(job) = std::env::var(CHILD_VAR) {
        let mut job = job.split(':');
        let (lang, size, rules) = (job.next(), job.next(), job.next());
        let (Some(lang), Some(size), Some(rules)) = (lang, size, rules) else {
            panic!("LANG:MB:RULES");
        };
        measure(lang, size.parse().expect("size in MB"), rules);
        return;
    }
    println!(
        "{:<4} {:<8} {:>8} {:>10} {:>10} {:>14}",
        "lang", "rules", "input MB", "sentences", "MB/s", "peak RSS/input"
    );
    let me = std::env::current_exe().expect("own path");
    for rules in ["built-in", "srx"] {
        for lang in ["en", "ar"] {
            for size_mb in SIZES_MB {
                let status = Command::new(&me)
                    .env(CHILD_VAR, format!("{lang}:{size_mb}:{rules}"))
                    .status()
                    .expect("run measurement");
                assert!(status.success(), "measurement {lang} {size_mb} MB failed");
            }
        }
    }
}

/// Segments the `lang` sample repeated to `size_mb` MB with the `rules` named
/// (`built-in` or `srx`) and prints one row.
fn measure(lang: &str, size_mb: usize, rules_name: &str) {
    let path = format!("{}/samples/idlib.{lang}.txt", env!("CARGO_MANIFEST_DIR"));
    let sample = std::fs::read_to_string(&path).expect("sample text");
    let mut rules = Rules::for_language(lang);
    if rules_name == "srx" {
        let path = format!("{}/tests/srx/two-languages.srx", env!("CARGO_MANIFEST_DIR"));
        let srx = parse_srx(&std::fs::read_to_string(path).expect("SRX file")).expect("SRX");
        let (compiled, skipped) = srx.rules_for(lang).expect("rules for the language");
        assert!(skipped.is_empty(), "{skipped:?}");
        rules = rules.with_srx(Arc::new(compiled));
    }
    let text = repeat_to(&sample, size_mb << 20);
    let mut best = f64::INFINITY;
    let mut sentences = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let result = split(&text, Layout::Raw, &rules);
        best = best.min(start.elapsed().as_secs_f64());
        sentences = result.len();
    }
    let mb = text.len() as f64 / (1 << 20) as f64;
    let peak = peak_rss_bytes().map_or("n/a".to_owned(), |p| {
        format!("{:.2}", p as f64 / text.len() as f64)
    });
    println!(
        "{lang:<4} {rules_name:<8} {mb:>8.1} {sentences:>10} {:>10.1} {peak:>14}",
        mb / best
    );
}

/// `sample` repeated, paragraphs one a line, to at least `bytes` bytes.
fn repeat_to(sample: &str, bytes: usize) -> String {
    let sample = sample.trim_end();
    let mut text = String::with_capacity(bytes + sample.len() + 1);
    while text.len() < bytes {
        text.push_str(sample);
        text.push('\n');
    }
    text
}

/// The peak resident memory of this process so far, from `/proc/self/status` (Linux).
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
