//! `qantara batch`: aligns the document pairs of a manifest or of two folders in
//! parallel (see [`qantara::batch::run`]) under a progress bar, and prints the summary.

use std::path::PathBuf;
use std::sync::Mutex;

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use super::pairs::{PAIR_LANGUAGES, pair_settings, say_dictionaries};
use super::{Notes, write_output};
use crate::cli::{BatchArgs, ReportFormat};
use qantara::batch::manifest::{Pair, pair_folders, read_manifest, suggested_suffixes};
use qantara::batch::summary::Summary;
use qantara::batch::{BatchEvent, BatchSettings, run_batch};
use qantara::pipeline::Note;
use qantara::pipeline::pair::read_dictionaries;
use qantara::store::Store;

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

/// Runs `qantara batch`.
pub fn run(args: BatchArgs, notes: &Notes) -> Result<()> {
    let (pairs, unpaired) = gather_pairs(&args)?;
    let settings = BatchSettings {
        pair: pair_settings(&args.options)?,
        jobs: worker_threads(args.jobs, notes),
        force: args.force,
        two_pass: args.two_pass,
    };
    let given = read_dictionaries(&settings.pair, &|note: Note| {
        notes.pipeline_note(note, &PAIR_LANGUAGES);
    })?;
    let db = &args.options.database.db;
    let mut store = Store::open(db)?;
    say_dictionaries(&store, &settings.pair, None, notes)?;
    let unpaired = unpaired.iter().map(|p| p.display().to_string()).collect();
    let bar = Mutex::new(ProgressBar::hidden());
    let summary = run_batch(
        (pairs, unpaired),
        &settings,
        given,
        (&mut store, db),
        &|event| show_progress(&bar, event, notes),
    )?;
    report(&summary, args.format)
}

/// Draws the progress bar of a pass on stderr, unless quiet or stderr is no terminal.
fn show_progress(bar: &Mutex<ProgressBar>, event: BatchEvent<'_>, notes: &Notes) {
    let mut bar = bar
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match event {
        BatchEvent::PassStarted { label, pairs } if !notes.quiet => {
            *bar = progress_bar(label, pairs);
        }
        BatchEvent::PassStarted { .. } => {}
        BatchEvent::PairDone => bar.inc(1),
        BatchEvent::PassFinished => bar.finish_and_clear(),
    }
}

/// A progress bar on stderr for a pass over `pairs` pairs, hidden when stderr is not a
/// terminal.
fn progress_bar(label: &str, pairs: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(pairs as u64), ProgressDrawTarget::stderr());
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
