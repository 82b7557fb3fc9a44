//! `qantara align`: the main job. Segments both texts, aligns them, stores everything in
//! one transaction and writes the pairs.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};

use super::output::Output;
use super::pairs::align_pair;
use super::{Notes, format_of_output, read_beads, refuse_overwriting};
use crate::cli::{AlignArgs, ReportFormat};
use qantara::align::Alignment;
use qantara::eval::BeadIndices;
use qantara::eval::count;
use qantara::formats::{Format, Header, write_units};
use qantara::pipeline::Document;
use qantara::store::{NewAlignment, Store};
use qantara::tm::{DOUBTFUL, SURE, Side, translation_units};

/// How many beads of `alignment` are less confident than `threshold`.
fn below(alignment: &Alignment, threshold: f64) -> usize {
    alignment
        .beads
        .iter()
        .filter(|bead| bead.confidence < threshold)
        .count()
}

/// The extensions that name an output format.
const EXTENSIONS: &str = ".tsv, .csv, .tmx, .jsonl or .beads";

/// Runs `qantara align`. Every input is read and checked before the database is opened,
/// so that bad input leaves no database behind.
pub fn run(args: AlignArgs, notes: &Notes) -> Result<()> {
    let options = &args.options;
    let mut inputs = vec![args.source.as_path(), args.target.as_path()];
    inputs.extend(args.gold.as_deref());
    refuse_overwriting(args.output.as_deref(), Some(&options.database.db), &inputs)?;
    let format = match args.format {
        Some(format) => format,
        None => format_of_output(args.output.as_deref(), Format::from_extension, EXTENSIONS)?
            .unwrap_or(Format::Tsv),
    };
    let gold = args.gold.as_deref().map(read_beads).transpose()?;
    let (mut store, aligned) = align_pair(
        options,
        (&args.source, &args.target),
        args.name.as_deref(),
        notes,
    )?;
    // Written as it is rendered (a whole output held in memory beside the documents was
    // the largest allocation of a long alignment); the file is put in place once whole.
    let render_pairs = |alignment_id, mut out: &mut dyn Write| {
        render(
            &args,
            (format, alignment_id),
            (&aligned.source, &aligned.target),
            &aligned.alignment,
            &mut out,
        )
    };
    let alignment_id = store_and_write(
        &mut store,
        &aligned.new_alignment(),
        Output::create(args.output.as_deref()),
        render_pairs,
    )?;

    let alignment = &aligned.alignment;
    notes.say(&format!(
        "aligned {} source and {} target sentences in {} beads (mean confidence {:.2}; {} below {SURE}, {} below {DOUBTFUL}); stored as alignment {alignment_id} in {}",
        aligned.source.sentences.len(),
        aligned.target.sentences.len(),
        alignment.beads.len(),
        alignment.mean_confidence(),
        below(alignment, SURE),
        below(alignment, DOUBTFUL),
        options.database.db.display()
    ));
    if !alignment.looks_like_translation {
        notes.warn(&format!(
            "{} and {} do not look like translations of each other: their numbers, names and punctuation match no better than chance, or most of both is left unpaired",
            aligned.source.path, aligned.target.path,
        ));
    }
    if let Some(gold) = gold {
        let covered = |side: fn(&BeadIndices) -> &Vec<usize>| {
            gold.iter()
                .filter_map(|bead| side(bead).iter().max())
                .max()
                .map_or(0, |last| last + 1)
        };
        let split = (
            aligned.source.sentences.len(),
            aligned.target.sentences.len(),
        );
        let reference = (covered(|b| &b.source), covered(|b| &b.target));
        if reference != split {
            notes.warn(&format!(
                "the reference {} covers {} source and {} target sentences, and the texts were split into {} and {}: the scores compare different sentences (give the reference's own sentences with --pre-segmented)",
                args.gold.as_deref().map(|p| p.display().to_string()).unwrap_or_default(),
                reference.0,
                reference.1,
                split.0,
                split.1,
            ));
        }
        let scores = count(&gold, &bead_indices(alignment)).scores();
        super::to_stderr(&super::eval::render(&scores, ReportFormat::Table)?);
    }
    Ok(())
}

/// Stores `new` and writes `out` with `render` (given the alignment's id); returns the
/// id. A file is rendered on a thread of its own while the beads and the index are
/// stored, once the id is known (storing and rendering a long alignment each keep one
/// core busy: Text+Berg at 200k, 1.9 and 0.4 s), and put in place only once the
/// alignment is committed. Standard output and streams, whose readers see what is
/// written as it comes, are written after the commit, and so is the error of an output
/// that could not be created: the alignment is stored all the same.
fn store_and_write(
    store: &mut Store,
    new: &NewAlignment,
    out: Result<Output>,
    render: impl Fn(i64, &mut dyn Write) -> std::io::Result<()> + Sync,
) -> Result<i64> {
    let mut out = match out {
        Ok(file @ Output::File { .. }) => file,
        other => {
            let alignment_id = store.save_alignment(new)?;
            other?.write_whole(|out| render(alignment_id, out))?;
            return Ok(alignment_id);
        }
    };
    std::thread::scope(|scope| {
        let (announce, announced) = std::sync::mpsc::channel();
        let render = &render;
        let writer = scope.spawn(move || -> Result<Option<Output>> {
            // No id comes when storing fails before the alignment has one.
            let Ok(alignment_id) = announced.recv() else {
                return Ok(None);
            };
            render(alignment_id, &mut out).with_context(|| out.failure())?;
            Ok(Some(out))
        });
        // The sender moves into the call, and is dropped when it returns: a writer still
        // waiting then learns that no id will come.
        let stored = store.save_alignment_announcing(new, move |alignment_id| {
            // The writer is gone only if it panicked, which its join reports.
            let _ = announce.send(alignment_id);
        });
        let written = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // A failed commit is the error to report: the rendered file, never put in place,
        // is removed when dropped.
        let alignment_id = stored?;
        if let Some(out) = written? {
            out.finish()?;
        }
        Ok(alignment_id)
    })
}

/// Writes the pairs of `alignment` confident enough for the output to `out`, in the
/// output's format.
fn render<'a>(
    args: &AlignArgs,
    (format, alignment_id): (Format, i64),
    (source, target): (&'a Document, &'a Document),
    alignment: &Alignment,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let side = |document: &'a Document| Side {
        sentences: &document.sentences,
        lang: &document.lang,
        path: &document.path,
    };
    let mut units = translation_units(
        Some(alignment_id),
        side(source),
        side(target),
        &alignment.beads,
    );
    units.retain(|unit| unit.confidence >= args.min_confidence);
    let header = Header {
        source_lang: source.lang.clone(),
        review_below: SURE,
        created_unix: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    };
    write_units(out, format, &units, &header)
}

/// The beads of an alignment as sentence indices, as a reference alignment holds them.
fn bead_indices(alignment: &Alignment) -> Vec<BeadIndices> {
    alignment
        .beads
        .iter()
        .map(|b| BeadIndices {
            source: b.source.clone().collect(),
            target: b.target.clone().collect(),
        })
        .collect()
}
