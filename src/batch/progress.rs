//! The pairs a batch run is working on, kept in a file beside the database so that a run
//! that dies (out of memory, killed, a crash no `catch_unwind` sees) tells the next run
//! which pairs were under way. A pair under way when two runs in a row died is the
//! likely cause: the next run records it as failed and goes on without it, instead of
//! dying at the same pair on every run.
//!
//! The file, `DATABASE.batch-progress`, holds one JSON array a line: `["start", source,
//! target]` when a pair is taken up, `["end", source, target]` when it is done,
//! `["suspect", source, target]` for a pair under way when the run before died, and
//! `["out", source, target]` for a pair left out for good (until `--force`). A run that
//! ends in order keeps only the pairs left out, and removes the file when there are none.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A pair as the progress file names it: its source and target paths as given.
pub type PairKey = (String, String);

/// The progress file of a run.
pub struct Progress {
    path: PathBuf,
    file: Mutex<File>,
    /// The pairs this run leaves out, which the next one must too.
    left_out: HashSet<PairKey>,
}

impl Progress {
    /// Reads what the last run on database `db` left and starts this run's file. Returns
    /// it and the pairs this run must leave out: those under way when both of the last
    /// two runs died, and those left out before; none when `retry` (`--force`).
    pub fn resume(db: &Path, retry: bool) -> std::io::Result<(Progress, HashSet<PairKey>)> {
        let mut name = db.as_os_str().to_owned();
        name.push(".batch-progress");
        let path = PathBuf::from(name);
        let found = match File::open(&path) {
            Ok(file) => read(BufReader::new(file))?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Found::default(),
            Err(error) => return Err(error),
        };
        let mut left_out: HashSet<PairKey> = found
            .under_way
            .intersection(&found.suspects)
            .cloned()
            .collect();
        left_out.extend(found.left_out);
        if retry {
            left_out.clear();
        }
        let mut file = File::create(&path)?;
        for key in &left_out {
            writeln!(file, "{}", line("out", key))?;
        }
        // Still suspect: under way when the last run died, or suspect before and never
        // reached since.
        for key in found.under_way.union(&found.suspects) {
            if !left_out.contains(key) {
                writeln!(file, "{}", line("suspect", key))?;
            }
        }
        let progress = Progress {
            path,
            file: Mutex::new(file),
            left_out: left_out.clone(),
        };
        Ok((progress, left_out))
    }

    /// Notes that the pair `key` is taken up.
    pub fn start(&self, key: &PairKey) {
        self.note("start", key);
    }

    /// Notes that the pair `key` is done, aligned or failed.
    pub fn end(&self, key: &PairKey) {
        self.note("end", key);
    }

    fn note(&self, event: &str, key: &PairKey) {
        // Each line goes to the file in one write, so that it is there if the process
        // dies next; a line that cannot be written only weakens the next run's guess.
        let text = line(event, key) + "\n";
        let mut file = self
            .file
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let _ = file.write_all(text.as_bytes());
    }

    /// Ends the run in order: the file keeps only the pairs left out, and goes when there
    /// are none.
    pub fn finish(self) -> std::io::Result<()> {
        drop(self.file);
        if self.left_out.is_empty() {
            return std::fs::remove_file(&self.path);
        }
        let lines: String = self
            .left_out
            .iter()
            .map(|key| line("out", key) + "\n")
            .collect();
        std::fs::write(&self.path, lines)
    }
}

/// One line of the file.
fn line(event: &str, (source, target): &PairKey) -> String {
    serde_json::json!([event, source, target]).to_string()
}

/// What a progress file says.
#[derive(Debug, Default)]
struct Found {
    /// Pairs started more often than ended.
    under_way: HashSet<PairKey>,
    /// Pairs called suspect and not seen done since.
    suspects: HashSet<PairKey>,
    /// Pairs left out for good.
    left_out: HashSet<PairKey>,
}

/// Reads a progress file. Lines that do not parse (the last one, cut short by a crash)
/// are skipped.
fn read(file: impl BufRead) -> std::io::Result<Found> {
    let mut open: HashMap<PairKey, i64> = HashMap::new();
    let mut suspects = HashSet::new();
    let mut left_out = HashSet::new();
    for text in file.lines() {
        let Ok((event, source, target)) = serde_json::from_str::<(String, String, String)>(&text?)
        else {
            continue;
        };
        let key = (source, target);
        match event.as_str() {
            "start" => *open.entry(key).or_default() += 1,
            "end" => *open.entry(key).or_default() -= 1,
            "suspect" => {
                suspects.insert(key);
            }
            "out" => {
                left_out.insert(key);
            }
            _ => {}
        }
    }
    // A suspect that has since been done is cleared.
    suspects.retain(|key| !open.contains_key(key) || open[key] > 0);
    let under_way = open
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, _)| k)
        .collect();
    Ok(Found {
        under_way,
        suspects,
        left_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> PairKey {
        (format!("{name}.ar"), format!("{name}.en"))
    }

    #[test]
    fn a_pair_under_way_when_two_runs_in_a_row_die_is_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("q.db");
        // Run 1 dies with b under way.
        let (run, left_out) = Progress::resume(&db, false).unwrap();
        assert!(left_out.is_empty());
        for name in ["a", "b"] {
            run.start(&key(name));
        }
        run.end(&key("a"));
        drop(run);
        // Run 2 dies with b and c under way: b is out of run 3, c only suspect.
        let (run, left_out) = Progress::resume(&db, false).unwrap();
        assert!(left_out.is_empty());
        run.start(&key("b"));
        run.start(&key("c"));
        drop(run);
        let (run, left_out) = Progress::resume(&db, false).unwrap();
        assert_eq!(left_out, HashSet::from([key("b")]));
        // Run 3 finishes c and ends in order: run 4 leaves b out still, and --force
        // tries it again.
        run.start(&key("c"));
        run.end(&key("c"));
        run.finish().unwrap();
        let (run, left_out) = Progress::resume(&db, false).unwrap();
        assert_eq!(left_out, HashSet::from([key("b")]));
        run.finish().unwrap();
        let (run, left_out) = Progress::resume(&db, true).unwrap();
        assert!(left_out.is_empty());
        run.finish().unwrap();
        assert!(!db.with_extension("db.batch-progress").exists());
    }
}
