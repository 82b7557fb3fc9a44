//! `qantara batch`: aligns the document pairs of a manifest or of two folders in
//! parallel, storing each pair whole, skipping pairs stored before with the same texts
//! and settings, and recording the pairs that fail with their reasons.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use sha2::{Digest, Sha256};

use super::pairs::{AlignedPair, PairAligner, load_pair};
use super::{Notes, write_output};
use crate::align::TRUSTED_CONFIDENCE;
use crate::batch::manifest::{Pair, pair_folders, read_manifest, suggested_suffixes};
use crate::batch::pipeline::Pipeline;
use crate::batch::progress::{PairKey, Progress};
use crate::batch::summary::{Failure, Summary};
use crate::cli::{AlignOptions, BatchArgs, ReportFormat};
use crate::lexicon::{CorpusSample, Origin};
use crate::segment::Sentence;
use crate::store::{AlignmentKey, PairOutcome, Store, WordPairs, alignment_key};

/// The worker threads for `-j`: all cores by default, and never more than there are
/// cores, since aligning is work for a processor and each worker holds a document pair
/// (`-j 10000` ran 800 times slower than `-j 2`).
fn worker_threads(asked: Option<u16>, notes: &Notes) -> usize {
    let cores = rayon::current_num_threads();
    match asked.map(usize::from) {
        None => cores,
        Some(jobs) if jobs > cores => {
            notes.warn(&format!(
                "-j {jobs} is more than the {cores} cores of this machine: using {cores}"
            ));
            cores
        }
        Some(jobs) => jobs,
    }
}

/// Refuses files that are not regular files: a batch reads files, and a FIFO or a
/// device named in a manifest would block the run or never end. (A missing file is left
/// for the reader to report.)
fn only_regular_files(paths: &[&std::path::Path]) -> Result<()> {
    for path in paths {
        if let Ok(metadata) = std::fs::metadata(path)
            && !metadata.is_file()
        {
            bail!(
                "{} is not a regular file: batch reads files only (a FIFO or a device could block the run)",
                path.display()
            );
        }
    }
    Ok(())
}

/// Runs `qantara batch`.
pub fn run(args: BatchArgs, notes: &Notes) -> Result<()> {
    let started = Instant::now();
    let (pairs, unpaired) = gather_pairs(&args)?;
    let given = PairAligner::read_given(&args.options, notes)?;
    let db = &args.options.database.db;
    let mut store = Store::open(db)?;
    let (progress, stopped_twice) = Progress::resume(db, args.force)
        .with_context(|| format!("cannot keep the progress file beside {}", db.display()))?;
    let mut summary = Summary::new(
        pairs.len(),
        unpaired.iter().map(|p| p.display().to_string()).collect(),
    );
    // A pair under way when two runs in a row died is left out (with --force, tried
    // again).
    let (pairs, left_out): (Vec<Pair>, Vec<Pair>) = pairs
        .into_iter()
        .partition(|pair| !stopped_twice.contains(&pair_key(pair)));
    let run = Run {
        pairs: &pairs,
        options: &args.options,
        pipeline: Pipeline {
            jobs: worker_threads(args.jobs, notes),
        },
        force: args.force,
        quiet: notes.quiet,
        progress: &progress,
    };
    let dictionaries = store.dictionaries()?;
    let corpus = if args.two_pass {
        // The first pass aligns each pair on its own, so that the lexicon it learns, and
        // with it the second pass's settings, are the same on every run of the batch.
        let first = PairAligner::new(
            &args.options,
            given.clone(),
            (dictionaries.clone(), WordPairs::new()),
        )?;
        let corpus = run.learn_corpus_lexicons(&first, &mut store)?;
        summary.lexicon_pairs = corpus.values().map(Vec::len).sum();
        corpus
    } else {
        store.corpus_lexicons()?
    };
    let aligner = PairAligner::new(&args.options, given, (dictionaries, corpus))?;
    let label = if args.two_pass {
        "pass 2 of 2"
    } else {
        "aligning"
    };
    run.pass(&aligner, &mut store, &mut summary, label)?;
    let stopped: Vec<Attempt> = left_out
        .iter()
        .map(|pair| {
            run.failed(
                pair,
                &aligner,
                (pair.source_lang.as_deref(), pair.target_lang.as_deref()),
                STOPPED_TWICE.into(),
            )
        })
        .collect();
    save(&mut store, &stopped)?;
    run.count(&stopped, &mut summary);
    progress
        .finish()
        .with_context(|| format!("cannot remove the progress file beside {}", db.display()))?;
    summary.seconds = started.elapsed().as_secs_f64();
    report(&summary, args.format)
}

/// Why a pair under way when two runs in a row died is left out.
const STOPPED_TWICE: &str = "the batch stopped twice while aligning this pair (out of memory, a crash, or killed): \
     left out of this run and the next ones, until one with --force";

/// A pair as the progress file names it.
fn pair_key(pair: &Pair) -> PairKey {
    (
        pair.source.display().to_string(),
        pair.target.display().to_string(),
    )
}

/// The pairs of the manifest or the folders (this shard's, with `--shard`), and the
/// files of the folders without a partner.
fn gather_pairs(args: &BatchArgs) -> Result<(Vec<Pair>, Vec<PathBuf>)> {
    let (mut pairs, unpaired) = match (&args.manifest, &args.src_dir, &args.tgt_dir) {
        (Some(manifest), _, _) => (read_manifest(manifest)?, Vec::new()),
        (None, Some(source_dir), Some(target_dir)) => {
            let found = pair_folders(
                (source_dir, &args.src_suffix),
                (target_dir, &args.tgt_suffix),
            )?;
            if found.pairs.is_empty()
                && !found.unpaired.is_empty()
                && let Some((source, target, count)) = suggested_suffixes(source_dir, target_dir)?
            {
                bail!(
                    "no file of {} has a partner of the same name in {}: --src-suffix {source} --tgt-suffix {target} would pair {count}",
                    source_dir.display(),
                    target_dir.display()
                );
            }
            (found.pairs, found.unpaired)
        }
        _ => unreachable!("clap requires a manifest or both folders"),
    };
    if let Some(shard) = args.shard {
        pairs.retain(|pair| shard.holds(pair));
    }
    Ok((pairs, unpaired))
}

/// Prints the summary on stdout; an error when a pair failed or a file had no partner.
fn report(summary: &Summary, format: ReportFormat) -> Result<()> {
    write_output(None, |out| match format {
        ReportFormat::Table => write!(out, "{}", summary.to_table()),
        ReportFormat::Json => writeln!(out, "{:#}", summary.to_json()),
    })?;
    let mut problems = Vec::new();
    if summary.failed > 0 {
        problems.push(format!(
            "{} of {} pairs failed",
            summary.failed, summary.pairs
        ));
    }
    if !summary.unpaired.is_empty() {
        problems.push(match summary.unpaired.len() {
            1 => "1 file has no partner".to_owned(),
            files => format!("{files} files have no partner"),
        });
    }
    if !problems.is_empty() {
        bail!("{} (listed in the summary)", problems.join(" and "));
    }
    Ok(())
}

/// The pairs of a run and how to run them.
struct Run<'a> {
    pairs: &'a [Pair],
    options: &'a AlignOptions,
    pipeline: Pipeline,
    force: bool,
    quiet: bool,
    progress: &'a Progress,
}

/// What became of one pair in a pass.
struct Attempt<'a> {
    pair: &'a Pair,
    settings_hash: String,
    outcome: Outcome,
}

enum Outcome {
    /// Aligned now, to be stored.
    Aligned(Box<AlignedPair>),
    /// Stored before with the same texts and settings.
    Skipped,
    /// Unreadable or unalignable, for this reason.
    Failed(String),
}

impl Run<'_> {
    /// Aligns every pair with `aligner` and stores the outcomes, counting them in
    /// `summary`.
    fn pass(
        &self,
        aligner: &PairAligner,
        store: &mut Store,
        summary: &mut Summary,
        label: &str,
    ) -> Result<()> {
        let done = if self.force {
            HashSet::new()
        } else {
            store.alignment_keys()?
        };
        self.each_attempt(aligner, &done, label, |group| {
            let started = Instant::now();
            save(store, &group)?;
            summary.store_seconds += started.elapsed().as_secs_f64();
            self.count(&group, summary);
            Ok(())
        })
    }

    /// Counts what became of `attempts` in `summary`.
    fn count(&self, attempts: &[Attempt], summary: &mut Summary) {
        for attempt in attempts {
            match &attempt.outcome {
                Outcome::Aligned(aligned) => summary.add_aligned(
                    &aligned.alignment,
                    aligned.source.sentences.len(),
                    aligned.target.sentences.len(),
                ),
                Outcome::Skipped => summary.skipped += 1,
                Outcome::Failed(error) => summary.add_failure(Failure {
                    pair: attempt.pair.id.clone(),
                    source: attempt.pair.source.display().to_string(),
                    target: attempt.pair.target.display().to_string(),
                    error: error.clone(),
                }),
            }
        }
    }

    /// `pair` failed for `error` before its languages were known from its texts: its
    /// settings hash takes the languages the manifest or the options give.
    fn failed<'p>(
        &self,
        pair: &'p Pair,
        aligner: &PairAligner,
        langs: (Option<&str>, Option<&str>),
        error: String,
    ) -> Attempt<'p> {
        let lang = |given: Option<&str>, option: &Option<String>| {
            given.or(option.as_deref()).unwrap_or_default().to_owned()
        };
        Attempt {
            pair,
            settings_hash: aligner.settings_hash(
                &lang(langs.0, &self.options.src_lang),
                &lang(langs.1, &self.options.tgt_lang),
            ),
            outcome: Outcome::Failed(error),
        }
    }

    /// Aligns every pair with `aligner` without storing the alignments, learns from
    /// their trusted beads a lexicon for each language pair, and stores it as the pair's
    /// corpus lexicon; returns the learned word pairs (stems) by language pair.
    fn learn_corpus_lexicons(&self, aligner: &PairAligner, store: &mut Store) -> Result<WordPairs> {
        let mut samples: HashMap<(String, String), CorpusSample> = HashMap::new();
        self.each_attempt(aligner, &HashSet::new(), "pass 1 of 2", |group| {
            for attempt in group {
                let Outcome::Aligned(aligned) = attempt.outcome else {
                    continue;
                };
                let (source, target) = (&aligned.source, &aligned.target);
                let sample = samples
                    .entry((source.lang.clone(), target.lang.clone()))
                    .or_insert_with(|| CorpusSample::new(&source.lang, &target.lang));
                let joined = |sentences: &[Sentence], range: &std::ops::Range<usize>| {
                    sentences[range.clone()]
                        .iter()
                        .map(|s| s.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                for (position, bead) in aligned.alignment.beads.iter().enumerate() {
                    if bead.confidence < TRUSTED_CONFIDENCE
                        || bead.source.is_empty()
                        || bead.target.is_empty()
                    {
                        continue;
                    }
                    let key = bead_key(&source.content_hash, &target.content_hash, position);
                    sample.offer(
                        key,
                        &joined(&source.sentences, &bead.source),
                        &joined(&target.sentences, &bead.target),
                    );
                }
            }
            Ok(())
        })?;
        let mut corpus = WordPairs::new();
        for ((source_lang, target_lang), sample) in samples {
            let lexicon = sample.learn(&aligner.dictionary(&source_lang, &target_lang));
            store.replace_corpus_lexicon((&source_lang, &target_lang), &lexicon)?;
            let learned = lexicon
                .entries()
                .iter()
                .filter(|e| e.origin == Origin::Learned)
                .map(|e| (e.source.clone(), e.target.clone()))
                .collect();
            corpus.insert((source_lang, target_lang), learned);
        }
        Ok(corpus)
    }

    /// Runs [`Run::attempt`] on every pair in parallel under a progress bar, and
    /// `handle` on the attempts, in groups, on this thread.
    fn each_attempt<'p>(
        &'p self,
        aligner: &PairAligner,
        done: &HashSet<AlignmentKey>,
        label: &str,
        handle: impl FnMut(Vec<Attempt<'p>>) -> Result<()>,
    ) -> Result<()> {
        let bar = self.progress_bar(label);
        self.pipeline.run(
            self.pairs,
            |pair| {
                let key = pair_key(pair);
                self.progress.start(&key);
                let attempt = self.attempt(pair, aligner, done);
                self.progress.end(&key);
                bar.inc(1);
                attempt
            },
            handle,
        )?;
        bar.finish_and_clear();
        Ok(())
    }

    /// Reads and aligns one pair, unless it is stored already with the same texts and
    /// settings (`done`); a panic while aligning is a failure of the pair, not the run.
    fn attempt<'p>(
        &self,
        pair: &'p Pair,
        aligner: &PairAligner,
        done: &HashSet<AlignmentKey>,
    ) -> Attempt<'p> {
        let langs = (pair.source_lang.as_deref(), pair.target_lang.as_deref());
        let silent = Notes { quiet: true };
        let loaded = only_regular_files(&[&pair.source, &pair.target])
            .and_then(|()| load_pair(self.options, (&pair.source, &pair.target), langs, &silent));
        let (source, target) = match loaded {
            Ok(documents) => documents,
            Err(error) => return self.failed(pair, aligner, langs, format!("{error:#}")),
        };
        let settings_hash = aligner.settings_hash(&source.lang, &target.lang);
        let key = alignment_key(&source.content_hash, &target.content_hash, &settings_hash);
        let outcome = if done.contains(&key) {
            Outcome::Skipped
        } else {
            match catch_unwind(AssertUnwindSafe(|| aligner.align(source, target))) {
                Ok(aligned) => Outcome::Aligned(Box::new(aligned)),
                Err(panic) => Outcome::Failed(format!(
                    "internal error while aligning: {}",
                    panic_message(&panic)
                )),
            }
        };
        Attempt {
            pair,
            settings_hash,
            outcome,
        }
    }

    /// A progress bar on stderr for a pass, hidden when quiet or when stderr is not a
    /// terminal.
    fn progress_bar(&self, label: &str) -> ProgressBar {
        if self.quiet {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(
            Some(self.pairs.len() as u64),
            ProgressDrawTarget::stderr(),
        );
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} pairs, {rate}, {eta} left")
                .expect("a valid template")
                .with_key(
                    "rate",
                    |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                        let _ = write!(out, "{:.1}/s", state.per_sec());
                    },
                )
                .progress_chars("=> "),
        );
        bar.set_message(label.to_owned());
        bar
    }
}

/// Stores the aligned and failed pairs of `attempts` in one transaction.
fn save(store: &mut Store, attempts: &[Attempt]) -> Result<()> {
    let alignments: Vec<_> = attempts
        .iter()
        .map(|attempt| match &attempt.outcome {
            Outcome::Aligned(aligned) => Some(aligned.new_alignment()),
            _ => None,
        })
        .collect();
    let outcomes: Vec<PairOutcome> = attempts
        .iter()
        .zip(&alignments)
        .filter_map(|(attempt, alignment)| {
            let result = match (&attempt.outcome, alignment) {
                (Outcome::Aligned(_), Some(alignment)) => Ok(alignment),
                (Outcome::Failed(error), _) => Err(error.as_str()),
                _ => return None,
            };
            Some(PairOutcome {
                pair: &attempt.pair.id,
                source_path: path_text(&attempt.pair.source),
                target_path: path_text(&attempt.pair.target),
                settings_hash: &attempt.settings_hash,
                result,
            })
        })
        .collect();
    store.save_outcomes(&outcomes)?;
    Ok(())
}

/// A number for bead `position` of the alignment of two texts (by their hashes) that
/// does not depend on the order pairs are aligned in.
fn bead_key(source_hash: &str, target_hash: &str, position: usize) -> u64 {
    let digest = Sha256::new()
        .chain_update(source_hash)
        .chain_update(target_hash)
        .chain_update(position.to_le_bytes())
        .finalize();
    u64::from_le_bytes(digest[..8].try_into().expect("8 bytes"))
}

/// A path as stored in the database.
fn path_text(path: &std::path::Path) -> &str {
    path.to_str().unwrap_or("(a path that is not UTF-8)")
}

/// The message a panic carried.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}
