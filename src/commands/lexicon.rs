//! `qantara lexicon`: the word translations the aligner uses.

use std::path::Path;

use anyhow::{Context, Result};

use super::Notes;
use super::pairs::PAIR_LANGUAGES;
use crate::cli::{DictionaryFileFormat, LexiconCommand, LexiconImportArgs};
use qantara::files::read_dictionary as read_dictionary_file;
use qantara::lexicon::dictionary::{Dictionary, DictionaryFormat};
use qantara::pipeline::Note;
use qantara::store::Store;

/// Runs a `qantara lexicon` subcommand.
pub fn run(command: LexiconCommand, notes: &Notes) -> Result<()> {
    match command {
        LexiconCommand::Import(args) => import(args, notes),
    }
}

/// Reads a dictionary file in `format`, or the format its extension says, and tells how
/// many phrase entries it left out.
fn read_dictionary(
    path: &Path,
    format: Option<DictionaryFileFormat>,
    notes: &Notes,
) -> Result<Dictionary> {
    let format = match format {
        Some(DictionaryFileFormat::Tsv) => DictionaryFormat::Tsv,
        Some(DictionaryFileFormat::Dic) => DictionaryFormat::Hunalign,
        None => DictionaryFormat::of(path),
    };
    let dictionary = read_dictionary_file(path, format)
        .with_context(|| format!("cannot read dictionary {}", path.display()))?;
    if dictionary.phrases_skipped > 0 {
        let note = Note::PhrasesSkipped {
            path,
            count: dictionary.phrases_skipped,
        };
        notes.pipeline_note(note, &PAIR_LANGUAGES);
    }
    Ok(dictionary)
}

/// `qantara lexicon import`: stores a dictionary's pairs.
fn import(args: LexiconImportArgs, notes: &Notes) -> Result<()> {
    let dictionary = read_dictionary(&args.file, args.format, notes)?;
    let mut store = Store::open(&args.database.db)?;
    let name = args.file.display().to_string();
    let added = store.import_dictionary((&args.src_lang, &args.tgt_lang), &name, &dictionary)?;
    notes.say(&format!(
        "{added} new word pairs {}-{} stored from {name} ({} read)",
        args.src_lang,
        args.tgt_lang,
        dictionary.pairs.len()
    ));
    Ok(())
}
