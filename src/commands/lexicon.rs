//! `qantara lexicon`: the dictionaries and learned lexicons the aligner uses.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::pairs::PAIR_LANGUAGES;
use super::{Notes, UsageError, counted, open_existing, open_existing_for_writing, write_output};
use crate::cli::{
    DictionaryFileFormat, LexiconCommand, LexiconImportArgs, LexiconLearnArgs, LexiconListArgs,
    LexiconRemoveArgs, ReportFormat,
};
use qantara::files::{dictd_name, find_freedict, is_dictd, read_dictd};
use qantara::lexicon::dictd::freedict_languages;
use qantara::lexicon::dictionary::{Dictionary, DictionaryFormat};
use qantara::pipeline::Note;
use qantara::pipeline::memory::learn_from_memory;
use qantara::pipeline::pair::read_dictionary_noting;
use qantara::store::Store;

/// Runs a `qantara lexicon` subcommand.
pub fn run(command: LexiconCommand, notes: &Notes) -> Result<()> {
    match command {
        LexiconCommand::Import(args) => import(args, notes),
        LexiconCommand::Learn(args) => learn(&args, notes),
        LexiconCommand::List(args) => list(&args),
        LexiconCommand::Remove(args) => remove(&args, notes),
    }
}

/// The two languages a FreeDict dictionary's name gives.
type NamedLanguages = Option<(&'static str, &'static str)>;

/// The dictionary file to import, the name to store it under, and the languages its
/// name gives, if it is a FreeDict dictionary.
fn dictionary_file(args: &LexiconImportArgs) -> Result<(PathBuf, String, NamedLanguages)> {
    if let Some(name) = &args.freedict {
        let short = name.strip_prefix("freedict-").unwrap_or(name);
        let Some(langs) = freedict_languages(short) else {
            return Err(UsageError(format!(
                "{name} is no FreeDict dictionary name: give its two languages as FreeDict does, e.g. ara-eng"
            ))
            .into());
        };
        let Some(index) = find_freedict(short) else {
            bail!(
                "FreeDict dictionary freedict-{short} is not installed (looked in {}): install it, e.g. `apt-get install dict-freedict-{short}`, or name its .index file",
                qantara::files::dictd_folders()
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        };
        return Ok((index, format!("freedict-{short}"), Some(langs)));
    }
    let file = args
        .file
        .clone()
        .expect("clap requires a file or --freedict");
    let dictd = dictd_name(&file);
    let freedict = dictd
        .as_deref()
        .and_then(|name| name.strip_prefix("freedict-"))
        .and_then(freedict_languages);
    let name = match (freedict, dictd) {
        (Some(_), Some(dictd)) => dictd,
        _ => file.display().to_string(),
    };
    Ok((file, name, freedict))
}

/// `qantara lexicon import`: stores a dictionary's pairs, the other way round when its
/// languages are the opposite of those asked for.
fn import(args: LexiconImportArgs, notes: &Notes) -> Result<()> {
    let (path, default_name, named_langs) = dictionary_file(&args)?;
    let (source_lang, target_lang) = match (&args.src_lang, &args.tgt_lang, named_langs) {
        (Some(source), Some(target), _) => (source.clone(), target.clone()),
        (None, None, Some((source, target))) => (source.to_owned(), target.to_owned()),
        _ => {
            return Err(UsageError(format!(
                "name the languages of {} with --src-lang and --tgt-lang",
                path.display()
            ))
            .into());
        }
    };
    let reversed = match named_langs {
        Some((own_source, own_target))
            if (own_source, own_target) == (&target_lang, &source_lang) =>
        {
            true
        }
        Some((own_source, own_target))
            if (own_source, own_target) != (&source_lang, &target_lang) =>
        {
            bail!(
                "{default_name} translates {own_source} into {own_target}, not {source_lang} into {target_lang}"
            );
        }
        _ => false,
    };
    let english_target =
        named_langs.map_or(target_lang == "en", |(_, own_target)| own_target == "en");
    let mut dictionary = read_dictionary(&path, args.format, english_target, notes)?;
    if reversed {
        dictionary = dictionary.reversed();
    }
    let name = args.name.clone().unwrap_or(default_name);
    let mut store = Store::open(&args.database.db)?;
    let added = store.import_dictionary((&source_lang, &target_lang), &name, &dictionary)?;
    notes.say(&format!(
        "{name}: {} {source_lang}-{target_lang} stored{} ({} read)",
        counted(added, "new word pair", "new word pairs"),
        if reversed {
            ", read the other way round"
        } else {
            ""
        },
        dictionary.pairs.len()
    ));
    Ok(())
}

/// Reads a dictionary file in `format`, or the format its name says, and tells how
/// many phrase entries a text format left out.
fn read_dictionary(
    path: &Path,
    format: Option<DictionaryFileFormat>,
    english_target: bool,
    notes: &Notes,
) -> Result<Dictionary> {
    let format = match format {
        Some(DictionaryFileFormat::Tsv) => DictionaryFormat::Tsv,
        Some(DictionaryFileFormat::Dic) => DictionaryFormat::Hunalign,
        Some(DictionaryFileFormat::Muse) => DictionaryFormat::Muse,
        Some(DictionaryFileFormat::Dictd) => return read_dictd_file(path, english_target),
        None if is_dictd(path) => return read_dictd_file(path, english_target),
        None => DictionaryFormat::of(path),
    };
    read_dictionary_noting(path, format, &|note: Note| {
        notes.pipeline_note(note, &PAIR_LANGUAGES);
    })
}

/// Reads the dictd dictionary `path` names.
fn read_dictd_file(path: &Path, english_target: bool) -> Result<Dictionary> {
    read_dictd(path, english_target)
        .with_context(|| format!("cannot read dictionary {}", path.display()))
}

/// `qantara lexicon learn`: a lexicon for each language pair from the whole memory.
fn learn(args: &LexiconLearnArgs, notes: &Notes) -> Result<()> {
    let mut store = open_existing_for_writing(&args.database.db)?;
    let learned = learn_from_memory(&mut store, args.min_confidence)?;
    if learned.is_empty() {
        bail!(
            "database {} holds no alignment to learn from",
            args.database.db.display()
        );
    }
    for part in learned {
        notes.say(&format!(
            "{}-{}: {} learned from {} of {}",
            part.source_lang,
            part.target_lang,
            counted(part.pairs, "word pair", "word pairs"),
            counted(part.beads, "bead", "beads"),
            counted(part.alignments, "alignment", "alignments"),
        ));
    }
    Ok(())
}

/// `qantara lexicon list`: the dictionaries and learned lexicons stored.
fn list(args: &LexiconListArgs) -> Result<()> {
    let store = open_existing(&args.database.db)?;
    let parts = store.lexicon_summary()?;
    write_output(None, |out| match args.format {
        ReportFormat::Json => {
            for part in &parts {
                serde_json::to_writer(&mut *out, part)?;
                writeln!(out)?;
            }
            Ok(())
        }
        ReportFormat::Table => {
            let width = parts
                .iter()
                .map(|p| p.name.chars().count())
                .max()
                .unwrap_or(4)
                .max(4);
            writeln!(
                out,
                "{:<width$}  {:<9}  {:>8}  origin",
                "name", "languages", "pairs"
            )?;
            for part in &parts {
                writeln!(
                    out,
                    "{:<width$}  {:<9}  {:>8}  {}",
                    part.name,
                    format!("{}-{}", part.source_lang, part.target_lang),
                    part.pairs,
                    part.origin
                )?;
            }
            Ok(())
        }
    })
}

/// `qantara lexicon remove`: removes a stored dictionary.
fn remove(args: &LexiconRemoveArgs, notes: &Notes) -> Result<()> {
    let mut store = open_existing_for_writing(&args.database.db)?;
    let removed = store.remove_dictionary(&args.name)?;
    if removed == 0 {
        bail!(
            "database {} holds no dictionary named {} (see qantara lexicon list)",
            args.database.db.display(),
            args.name
        );
    }
    notes.say(&format!(
        "removed dictionary {}: {}",
        args.name,
        counted(removed, "word pair", "word pairs")
    ));
    Ok(())
}
