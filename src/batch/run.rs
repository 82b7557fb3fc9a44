//! A batch run: every document pair of a list aligned through the [pipeline](crate::pipeline)
//! in parallel and stored whole, pairs stored before with the same texts and settings
//! skipped, pairs that fail (unreadable, unalignable, or a panic) recorded with their
//! reasons, and, with two passes, a corpus lexicon learned first from every pair.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::manifest::Pair;
use super::parallel::Parallel;
use super::progress::{PairKey, Progress};
use super::summary::{Failure, Summary};
use crate::align::TRUSTED_CONFIDENCE;
use crate::digest::u64_key;
use crate::lexicon::dictionary::Dictionary;
use crate::lexicon::{CorpusSample, Origin};
use crate::pipeline::{AlignedPair, PairAligner, PairSettings, ignore, load_pair};
use crate::segment::Sentence;
use crate::store::{AlignmentKey, PairOutcome, SharedLexicon, Store, WordPairs, alignment_key};

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchSettings {
    /// How every pair is read and aligned.
    pub pair: PairSettings,
    /// Worker threads.
    pub jobs: usize,
    /// Align pairs stored before with the same texts and settings again, and pairs left
    /// out after two runs died at them.
    pub force: bool,
    /// Learn a corpus lexicon from every pair first, then align every pair with it.
    pub two_pass: bool,
}

/// What a batch run tells its caller as it goes, e.g. to draw a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum BatchEvent<'a> {
    /// A pass over the pairs starts: `label` names it.
    PassStarted {
        /// `aligning`, `pass 1 of 2` or `pass 2 of 2`.
        label: &'a str,
        /// The pairs it goes over.
        pairs: usize,
    },
    /// One more pair of the pass is done (aligned, skipped or failed).
    PairDone,
    /// The pass is over.
    PassFinished,
}

/// Why a pair under way when two runs in a row died is left out.
const STOPPED_TWICE: &str = "the batch stopped twice while aligning this pair (out of memory, a crash, or killed): \
     left out of this run and the next ones, until one with --force";

/// Aligns `pairs` as `settings` say with the dictionary files' pairs `given`, storing
/// each in `store` (the database at `db`, beside which the progress file is kept), and
/// returns what the run did; `unpaired` are the files found without a partner, for the
/// summary. `on_event` hears of each pass and pair.
pub fn run_batch(
    (pairs, unpaired): (Vec<Pair>, Vec<String>),
    settings: &BatchSettings,
    given: Dictionary,
    (store, db): (&mut Store, &Path),
    on_event: &(dyn Fn(BatchEvent<'_>) + Sync),
) -> Result<Summary> {
    let started = Instant::now();
    let (progress, stopped_twice) = Progress::resume(db, settings.force)
        .with_context(|| format!("cannot keep the progress file beside {}", db.display()))?;
    let mut summary = Summary::new(pairs.len(), unpaired);
    // A pair under way when two runs in a row died is left out (with --force, tried
    // again).
    let (pairs, left_out): (Vec<Pair>, Vec<Pair>) = pairs
        .into_iter()
        .partition(|pair| !stopped_twice.contains(&pair_key(pair)));
    let run = Run {
        pairs: &pairs,
        settings,
        progress: &progress,
        on_event,
    };
    let dictionaries = store.dictionaries()?;
    let corpus = if settings.two_pass {
        // The first pass aligns each pair on its own, so that the lexicon it learns, and
        // with it the second pass's settings, are the same on every run of the batch.
        let first = PairAligner::new(
            &settings.pair,
            given.clone(),
            (dictionaries.clone(), WordPairs::new()),
        )?;
        let corpus = run.learn_corpus_lexicons(&first, store)?;
        summary.lexicon_pairs = corpus.values().map(Vec::len).sum();
        corpus
    } else {
        store.shared_lexicons()?
    };
    let aligner = PairAligner::new(&settings.pair, given, (dictionaries, corpus))?;
    let label = if settings.two_pass {
        "pass 2 of 2"
    } else {
        "aligning"
    };
    run.pass(&aligner, store, &mut summary, label)?;
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
    save(store, &stopped)?;
    count(&stopped, &mut summary);
    progress
        .finish()
        .with_context(|| format!("cannot remove the progress file beside {}", db.display()))?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// A pair as the progress file names it.
fn pair_key(pair: &Pair) -> PairKey {
    (
        pair.source.display().to_string(),
        pair.target.display().to_string(),
    )
}

/// Refuses files that are not regular files: a batch reads files, and a FIFO or a
/// device named in a manifest would block the run or never end. (A missing file is left
/// for the reader to report.)
fn only_regular_files(paths: &[&Path]) -> Result<()> {
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

/// The pairs of a run and how to run them.
struct Run<'a> {
    pairs: &'a [Pair],
    settings: &'a BatchSettings,
    progress: &'a Progress,
    on_event: &'a (dyn Fn(BatchEvent<'_>) + Sync),
}

/// What became of one pair in a pass.
struct Attempt<'a> {
    pair: &'a Pair,
    settings_hash: String,
    outcome: Outcome,
}

/// What a pass did with a pair.
enum Outcome {
    /// Aligned now, to be stored.
    Aligned(Box<AlignedPair>),
    /// Stored before with the same texts and settings.
    Skipped,
    /// Unreadable or unalignable, for this reason.
    Failed(String),
}

/// Counts what became of `attempts` in `summary`.
fn count(attempts: &[Attempt], summary: &mut Summary) {
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
        let done = if self.settings.force {
            HashSet::new()
        } else {
            store.alignment_keys()?
        };
        self.each_attempt(aligner, &done, label, |group| {
            let started = Instant::now();
            save(store, &group)?;
            summary.store_seconds += started.elapsed().as_secs_f64();
            count(&group, summary);
            Ok(())
        })
    }

    /// `pair` failed for `error` before its languages were known from its texts: its
    /// settings hash takes the languages the manifest or the settings give.
    fn failed<'p>(
        &self,
        pair: &'p Pair,
        aligner: &PairAligner,
        langs: (Option<&str>, Option<&str>),
        error: String,
    ) -> Attempt<'p> {
        let lang = |given: Option<&str>, setting: &Option<String>| {
            given.or(setting.as_deref()).unwrap_or_default().to_owned()
        };
        let pair_settings = &self.settings.pair;
        Attempt {
            pair,
            settings_hash: aligner.settings_hash(
                &lang(langs.0, &pair_settings.source.lang),
                &lang(langs.1, &pair_settings.target.lang),
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
            store.replace_shared_lexicon(
                SharedLexicon::Corpus,
                (&source_lang, &target_lang),
                &lexicon,
            )?;
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

    /// Runs [`Run::attempt`] on every pair in parallel, telling `on_event` of each, and
    /// `handle` on the attempts, in groups, on this thread.
    fn each_attempt<'p>(
        &'p self,
        aligner: &PairAligner,
        done: &HashSet<AlignmentKey>,
        label: &str,
        handle: impl FnMut(Vec<Attempt<'p>>) -> Result<()>,
    ) -> Result<()> {
        (self.on_event)(BatchEvent::PassStarted {
            label,
            pairs: self.pairs.len(),
        });
        let parallel = Parallel {
            jobs: self.settings.jobs,
        };
        parallel.run(
            self.pairs,
            |pair| {
                let key = pair_key(pair);
                self.progress.start(&key);
                let attempt = self.attempt(pair, aligner, done);
                self.progress.end(&key);
                (self.on_event)(BatchEvent::PairDone);
                attempt
            },
            handle,
        )?;
        (self.on_event)(BatchEvent::PassFinished);
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
        let loaded = only_regular_files(&[&pair.source, &pair.target]).and_then(|()| {
            load_pair(
                &self.settings.pair,
                (&pair.source, &pair.target),
                langs,
                &ignore,
            )
        });
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
    u64_key(&[
        source_hash.as_bytes(),
        target_hash.as_bytes(),
        &position.to_le_bytes(),
    ])
}

/// A path as stored in the database.
fn path_text(path: &Path) -> &str {
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
