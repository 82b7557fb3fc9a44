//! `qantara export`: writes stored alignments as TMX, TSV, JSON lines, Moses files,
//! hunalign ladders or bead lists.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use super::{Notes, Output, counted, format_of_output, open_existing, refuse_overwriting};
use crate::cli::{ExportArgs, ExportFormat};
use qantara::formats::{Format, Header, UnitWriter, bead_list, ladder};
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
            ".tsv, .csv, .tmx, .jsonl, .ladder or .beads",
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
    let exported = match format {
        ExportFormat::Tmx => write_units(units, &mut filter, Format::Tmx)?,
        ExportFormat::Tsv => write_units(units, &mut filter, Format::Tsv)?,
        ExportFormat::Csv => write_units(units, &mut filter, Format::Csv)?,
        ExportFormat::Jsonl => write_units(units, &mut filter, Format::Jsonl)?,
        ExportFormat::Moses => write_moses(units, &mut filter)?,
        ExportFormat::Ladder | ExportFormat::Beads => {
            let [alignment] = alignments.as_slice() else {
                bail!(
                    "--format {} describes one alignment, and {} are chosen: name one with --alignment ID",
                    if format == ExportFormat::Ladder {
                        "ladder"
                    } else {
                        "beads"
                    },
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
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ladder"))
    {
        return Some(ExportFormat::Ladder);
    }
    Some(match Format::from_extension(path)? {
        Format::Tmx => ExportFormat::Tmx,
        Format::Tsv => ExportFormat::Tsv,
        Format::Csv => ExportFormat::Csv,
        Format::Jsonl => ExportFormat::Jsonl,
        Format::Beads => ExportFormat::Beads,
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

/// Writes the units of `alignments` in a format of translation units.
fn write_units(units: Units, filter: &mut CorpusFilter, format: Format) -> Result<usize> {
    let (_, alignments, args) = units;
    let path = args.output.as_deref();
    let cannot_write = || format!("cannot write {}", shown(path));
    let first_lang = alignments.first().map(|a| a.source_lang.as_str());
    let one_source_lang = alignments
        .iter()
        .all(|a| Some(a.source_lang.as_str()) == first_lang);
    let header = Header {
        source_lang: match first_lang {
            Some(lang) if one_source_lang => lang.to_owned(),
            _ => "*all*".to_owned(),
        },
        created_unix: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    };
    let mut writer =
        UnitWriter::start(Output::create(path)?, format, &header).with_context(cannot_write)?;
    let exported = each_unit_batch(units, filter, |units| {
        writer.write(units).with_context(cannot_write)
    })?;
    writer.finish().with_context(cannot_write)?.finish()?;
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

/// Writes one alignment whole, every bead, as a ladder or a bead list.
fn write_whole(
    store: &Store,
    alignment: &StoredAlignment,
    format: ExportFormat,
    path: Option<&Path>,
) -> Result<usize> {
    let beads = store.beads(alignment.id)?;
    let mut out = Output::create(path)?;
    let text = if format == ExportFormat::Ladder {
        ladder(&beads)
    } else {
        bead_list(&beads)
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
