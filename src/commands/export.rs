//! `qantara export`: writes stored alignments as TMX, TSV, JSON lines, Moses files,
//! hunalign ladders or bead lists.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use super::{Notes, Output, counted, format_of_output, open_existing, refuse_overwriting};
use crate::cli::{ExportArgs, ExportFormat};
use clap::ValueEnum;
use qantara::formats::parquet::ParquetWriter;
use qantara::formats::{Format, Header, UnitWriter, bead_list, ladder};
use qantara::review::{alignment_view, report_html};
use qantara::store::Store;
use qantara::store::read::StoredAlignment;
use qantara::text::normalize::single_line;
use qantara::tm::TranslationUnit;
use qantara::tm::filters::{CorpusFilter, FilterSettings};

/// Runs `qantara export`.
pub fn run(args: ExportArgs, notes: &Notes) -> Result<()> {
    let db = &args.database.db;
    refuse_overwriting(args.output.as_deref(), Some(db), &[])?;
    let store = open_existing(db)?;
    let alignments = if args.all {
        store.alignments()?
    } else {
        // Each alignment once, in the order first named.
        let mut named = std::collections::HashSet::new();
        args.alignments
            .iter()
            .filter(|&&id| named.insert(id))
            .map(|&id| {
                store
                    .alignment(id)?
                    .with_context(|| format!("database {} has no alignment {id}", db.display()))
            })
            .collect::<Result<Vec<_>>>()?
    };
    let format = match args.format {
        Some(format) => format,
        None => format_of_output(
            args.output.as_deref(),
            format_of_extension,
            ".tsv, .csv, .tmx, .jsonl, .xlf, .html, .parquet, .ladder or .beads",
        )?
        .unwrap_or(ExportFormat::Tsv),
    };
    let mut filter = CorpusFilter::new(FilterSettings {
        dedup: args.dedup,
        drop_identical: args.drop_identical,
        max_length_ratio: args.max_length_ratio,
        min_words: args.min_words,
        max_words: args.max_words,
        check_language: args.check_language,
    });
    let units = (&store, alignments.as_slice(), &args);
    let unit_format = match format {
        ExportFormat::Tmx => Some(Format::Tmx),
        ExportFormat::Tsv => Some(Format::Tsv),
        ExportFormat::Csv => Some(Format::Csv),
        ExportFormat::Jsonl => Some(Format::Jsonl),
        ExportFormat::Xliff => Some(Format::Xliff),
        _ => None,
    };
    if args.split_at.is_some() && unit_format.is_none() {
        bail!("--split-at writes pairs: it goes with --format tmx, tsv, csv, jsonl or xliff");
    }
    let exported = match (format, unit_format) {
        (_, Some(unit_format)) => match args.split_at {
            Some(threshold) => write_split(units, &mut filter, unit_format, threshold, notes)?,
            None => write_units(units, &mut filter, unit_format)?,
        },
        (ExportFormat::Moses, _) => write_moses(units, &mut filter)?,
        (ExportFormat::Parquet, _) => write_parquet(units, &mut filter)?,
        _ => {
            let [alignment] = alignments.as_slice() else {
                bail!(
                    "--format {} describes one alignment, and {} are chosen: name one with --alignment ID",
                    format
                        .to_possible_value()
                        .map_or_else(String::new, |v| v.get_name().to_owned()),
                    alignments.len()
                );
            };
            write_whole(&store, alignment, format, args.output.as_deref())?
        }
    };
    for (reason, count) in filter.dropped() {
        notes.say(&format!(
            "dropped {}: {}",
            counted(count, "pair", "pairs"),
            reason.name()
        ));
    }
    notes.say(&format!(
        "exported {} from {}",
        counted(exported, "pair", "pairs"),
        counted(alignments.len(), "alignment", "alignments")
    ));
    Ok(())
}

/// The format an output file's extension names: those of `align`, and `.ladder`.
fn format_of_extension(path: &Path) -> Option<ExportFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "ladder" => return Some(ExportFormat::Ladder),
        "html" | "htm" => return Some(ExportFormat::Html),
        "parquet" => return Some(ExportFormat::Parquet),
        _ => {}
    }
    Some(match Format::from_extension(path)? {
        Format::Tmx => ExportFormat::Tmx,
        Format::Tsv => ExportFormat::Tsv,
        Format::Csv => ExportFormat::Csv,
        Format::Jsonl => ExportFormat::Jsonl,
        Format::Beads => ExportFormat::Beads,
        Format::Xliff => ExportFormat::Xliff,
    })
}

/// Calls `each` with the translation units of every alignment that pass the filters of
/// `args`, an alignment at a time; returns how many there were.
fn each_unit_batch(
    (store, alignments, args): Units,
    filter: &mut CorpusFilter,
    mut each: impl FnMut(&[TranslationUnit]) -> Result<()>,
) -> Result<usize> {
    let mut exported = 0;
    for alignment in alignments {
        let mut units = store.translation_units(alignment)?;
        units.retain(|unit| {
            let kind = (unit.source_sentences.len(), unit.target_sentences.len());
            unit.confidence >= args.min_confidence
                && (args.kinds.is_empty() || args.kinds.contains(&kind))
                && (args.include_empty || unit.has_both_sides())
                && filter.keep(unit)
        });
        exported += units.len();
        each(&units)?;
    }
    Ok(exported)
}

/// The alignments to export, from a store, with the options that filter their units.
type Units<'a> = (&'a Store, &'a [StoredAlignment], &'a ExportArgs);

/// The header of the units of `alignments`, marking for review below `review_below`.
fn header(alignments: &[StoredAlignment], review_below: f64) -> Header {
    let first_lang = alignments.first().map(|a| a.source_lang.as_str());
    let one_source_lang = alignments
        .iter()
        .all(|a| Some(a.source_lang.as_str()) == first_lang);
    Header {
        source_lang: match first_lang {
            Some(lang) if one_source_lang => lang.to_owned(),
            _ => "*all*".to_owned(),
        },
        created_unix: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        review_below,
    }
}

/// Writes the units of `alignments` in a format of translation units.
fn write_units(units: Units, filter: &mut CorpusFilter, format: Format) -> Result<usize> {
    let (_, alignments, args) = units;
    let path = args.output.as_deref();
    let cannot_write = || format!("cannot write {}", shown(path));
    let header = header(alignments, args.review_below);
    let mut writer =
        UnitWriter::start(Output::create(path)?, format, &header).with_context(cannot_write)?;
    let exported = each_unit_batch(units, filter, |units| {
        writer.write(units).with_context(cannot_write)
    })?;
    writer.finish().with_context(cannot_write)?.finish()?;
    Ok(exported)
}

/// Writes the units of `alignments` as one Parquet file, a row group at a time.
fn write_parquet(units: Units, filter: &mut CorpusFilter) -> Result<usize> {
    let (_, _, args) = units;
    let Some(path) = args.output.as_deref().filter(|p| *p != Path::new("-")) else {
        bail!("--format parquet writes a binary file: name it with -o, e.g. -o corpus.parquet");
    };
    let cannot_write = || format!("cannot write {}", path.display());
    let mut writer =
        ParquetWriter::start(Output::create(Some(path))?).with_context(cannot_write)?;
    let exported = each_unit_batch(units, filter, |units| {
        writer.write(units).with_context(cannot_write)
    })?;
    writer.finish().with_context(cannot_write)?.finish()?;
    Ok(exported)
}

/// The output's path with `part` before its extension (`memory.tmx` → `memory.sure.tmx`).
fn part_path(path: &Path, part: &str) -> PathBuf {
    match (path.file_stem(), path.extension()) {
        (Some(stem), Some(extension)) => path.with_file_name(format!(
            "{}.{part}.{}",
            stem.to_string_lossy(),
            extension.to_string_lossy()
        )),
        _ => PathBuf::from(format!("{}.{part}", path.display())),
    }
}

/// Writes the units at or above `threshold` and those below it to two files, named
/// from the output as [`part_path`] says, each marked for review below `threshold`.
fn write_split(
    units: Units,
    filter: &mut CorpusFilter,
    format: Format,
    threshold: f64,
    notes: &Notes,
) -> Result<usize> {
    let (_, alignments, args) = units;
    let Some(base) = args.output.as_deref().filter(|p| *p != Path::new("-")) else {
        bail!("--split-at writes two files: name the output with -o, e.g. -o memory.tmx");
    };
    let (sure_path, doubtful_path) = (part_path(base, "sure"), part_path(base, "doubtful"));
    for path in [&sure_path, &doubtful_path] {
        refuse_overwriting(Some(path), Some(&args.database.db), &[])?;
    }
    let header = header(alignments, threshold);
    let start = |path: &Path| -> Result<UnitWriter<Output>> {
        UnitWriter::start(Output::create(Some(path))?, format, &header)
            .with_context(|| format!("cannot write {}", path.display()))
    };
    let (mut sure, mut doubtful) = (start(&sure_path)?, start(&doubtful_path)?);
    let (mut sure_count, mut doubtful_count) = (0, 0);
    let exported = each_unit_batch(units, filter, |units| {
        let (high, low): (Vec<_>, Vec<_>) = units
            .iter()
            .cloned()
            .partition(|u| u.confidence >= threshold);
        sure_count += high.len();
        doubtful_count += low.len();
        sure.write(&high)
            .with_context(|| format!("cannot write {}", sure_path.display()))?;
        doubtful
            .write(&low)
            .with_context(|| format!("cannot write {}", doubtful_path.display()))
    })?;
    for (writer, path) in [(sure, &sure_path), (doubtful, &doubtful_path)] {
        writer
            .finish()
            .with_context(|| format!("cannot write {}", path.display()))?
            .finish()?;
    }
    notes.say(&format!(
        "{} at or above {threshold} in {}, {} below it in {}",
        counted(sure_count, "pair", "pairs"),
        sure_path.display(),
        counted(doubtful_count, "pair", "pairs"),
        doubtful_path.display()
    ));
    Ok(exported)
}

/// Writes the pairs with both sides as two line-aligned files, `PATH.<source lang>` and
/// `PATH.<target lang>`; all alignments must share their languages.
fn write_moses((store, alignments, args): Units, filter: &mut CorpusFilter) -> Result<usize> {
    let Some(base) = args.output.as_deref().filter(|p| *p != Path::new("-")) else {
        bail!("--format moses writes two files: give their common start with -o, e.g. -o corpus");
    };
    let Some(first) = alignments.first() else {
        bail!("no alignments to export");
    };
    if let Some(other) = alignments
        .iter()
        .find(|a| (&a.source_lang, &a.target_lang) != (&first.source_lang, &first.target_lang))
    {
        bail!(
            "--format moses needs one language pair, and alignment {} is {}-{} where {} is {}-{}: choose with --alignment",
            other.id,
            other.source_lang,
            other.target_lang,
            first.id,
            first.source_lang,
            first.target_lang
        );
    }
    // File names are made only of checked codes (a database written before codes were
    // checked on import may hold anything).
    for lang in [&first.source_lang, &first.target_lang] {
        qantara::text::language_code(lang).map_err(|problem| {
            anyhow::anyhow!(
                "alignment {} has a language that is no language code ({problem}): no file is named after it",
                first.id
            )
        })?;
    }
    let (mut source_lang, mut target_lang) = (first.source_lang.clone(), first.target_lang.clone());
    if source_lang == target_lang {
        source_lang = format!("source.{source_lang}");
        target_lang = format!("target.{target_lang}");
    }
    let path = |lang: &str| PathBuf::from(format!("{}.{lang}", base.display()));
    let (source_path, target_path) = (path(&source_lang), path(&target_lang));
    for path in [&source_path, &target_path] {
        refuse_overwriting(Some(path), Some(&args.database.db), &[])?;
    }
    let mut source_out = Output::create(Some(&source_path))?;
    let mut target_out = Output::create(Some(&target_path))?;
    let both_sides = ExportArgs {
        include_empty: false,
        ..args.clone()
    };
    let exported = each_unit_batch((store, alignments, &both_sides), filter, |units| {
        for unit in units {
            writeln!(source_out, "{}", single_line(&unit.source))
                .with_context(|| format!("cannot write {}", source_path.display()))?;
            writeln!(target_out, "{}", single_line(&unit.target))
                .with_context(|| format!("cannot write {}", target_path.display()))?;
        }
        Ok(())
    })?;
    source_out.finish()?;
    target_out.finish()?;
    Ok(exported)
}

/// Writes one alignment whole, every bead, as a ladder, a bead list or the read-only
/// review page.
fn write_whole(
    store: &Store,
    alignment: &StoredAlignment,
    format: ExportFormat,
    path: Option<&Path>,
) -> Result<usize> {
    let beads = store.beads(alignment.id)?;
    let mut out = Output::create(path)?;
    let text = match format {
        ExportFormat::Ladder => ladder(&beads),
        ExportFormat::Html => report_html(&alignment_view(store, alignment.id)?)?,
        _ => bead_list(&beads),
    };
    out.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", shown(path)))?;
    out.finish()?;
    Ok(beads.len())
}

/// How an output is named in messages.
fn shown(path: Option<&Path>) -> String {
    path.map_or_else(|| "standard output".to_owned(), |p| p.display().to_string())
}
