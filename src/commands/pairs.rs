//! The options `align`, `batch` and `review` share (and, for reading documents,
//! `segment`), as the pipeline's settings, and one pair aligned and stored as they say.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;

use super::{LanguageOptions, Notes, counted};
use crate::cli::{AlignOptions, ReadingArgs};
use qantara::lexicon::dictionary::DictionaryFormat;
use qantara::pipeline::pair::read_dictionaries;
use qantara::pipeline::{
    AlignedPair, Note, PairAligner, PairSettings, Reading, SideSettings, SrxFile, load_pair,
};
use qantara::segment::Layout;
use qantara::store::Store;

/// The options that set the languages of a pair's texts.
pub const PAIR_LANGUAGES: LanguageOptions = LanguageOptions {
    source: "--src-lang",
    target: "--tgt-lang",
};

/// Says which stored dictionaries an alignment of `languages` uses (those of the
/// languages, and those of the opposite direction, read the other way round), unless
/// `settings` leave them out.
pub fn say_dictionaries(
    store: &Store,
    settings: &PairSettings,
    languages: Option<(&str, &str)>,
    notes: &Notes,
) -> Result<()> {
    if !settings.stored_dictionaries {
        return Ok(());
    }
    for part in store.dictionary_summary()? {
        let (source, target) = (part.source_lang.as_str(), part.target_lang.as_str());
        let way = match languages {
            None => format!(" ({source}-{target})"),
            Some(langs) if langs == (source, target) => String::new(),
            Some(langs) if langs == (target, source) => " (read the other way round)".to_owned(),
            Some(_) => continue,
        };
        notes.say(&format!(
            "using dictionary {}{way}: {}",
            part.name,
            counted(part.pairs, "word pair", "word pairs")
        ));
    }
    Ok(())
}

/// Reads, aligns and stores the pair of texts at `paths` as `options` say (a text read
/// from standard input stored under `name`); returns the alignment's id and the pair.
/// Every input is read and checked before the database is opened, so that bad input
/// leaves no database behind.
pub fn align_and_store(
    options: &AlignOptions,
    paths: (&Path, &Path),
    name: Option<&str>,
    notes: &Notes,
) -> Result<(i64, AlignedPair)> {
    let (mut store, aligned) = align_pair(options, paths, name, notes)?;
    let alignment_id = store.save_alignment(&aligned.new_alignment())?;
    Ok((alignment_id, aligned))
}

/// Reads and aligns the pair of texts at `paths` as [`align_and_store`] does; returns the
/// database, opened for storing the pair, and the pair.
pub fn align_pair(
    options: &AlignOptions,
    paths: (&Path, &Path),
    name: Option<&str>,
    notes: &Notes,
) -> Result<(Store, AlignedPair)> {
    let settings = pair_settings(options)?;
    let notify = |note: Note| notes.pipeline_note(note, &PAIR_LANGUAGES);
    let given = read_dictionaries(&settings, &notify)?;
    let (mut source, mut target) = load_pair(&settings, paths, (None, None), &notify)?;
    if let Some(name) = name {
        for document in [&mut source, &mut target] {
            if document.path == "-" {
                name.clone_into(&mut document.path);
            }
        }
    }
    let store = Store::open(&options.database.db)?;
    say_dictionaries(&store, &settings, Some((&source.lang, &target.lang)), notes)?;
    let word_pairs = (store.dictionaries()?, store.shared_lexicons()?);
    let aligner = PairAligner::new(&settings, given, word_pairs)?;
    Ok((store, aligner.align(source, target)))
}

/// The SRX file `args` name, read and checked once for every text of the run.
pub fn srx_file(args: &ReadingArgs) -> Result<Option<Arc<SrxFile>>> {
    Ok(args
        .srx
        .as_deref()
        .map(SrxFile::read)
        .transpose()?
        .map(Arc::new))
}

/// How files are read as `args` say: in `layout`, plain text from `encoding`.
pub fn reading(
    args: &ReadingArgs,
    layout: Layout,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Reading {
    Reading {
        layout,
        encoding,
        format: args.input_format,
        notes: !args.no_notes,
    }
}

/// How `options` say document pairs are read and aligned; an SRX file they name is read
/// and checked here.
pub fn pair_settings(options: &AlignOptions) -> Result<PairSettings> {
    let srx = srx_file(&options.reading)?;
    Ok(PairSettings {
        source: SideSettings {
            lang: options.src_lang.clone(),
            abbreviations: options.src_abbreviations.clone(),
            srx: srx.clone(),
        },
        target: SideSettings {
            lang: options.tgt_lang.clone(),
            abbreviations: options.tgt_abbreviations.clone(),
            srx,
        },
        reading: reading(
            &options.reading,
            if options.pre_segmented {
                Layout::PreSegmented
            } else {
                Layout::Raw
            },
            options.encoding,
        ),
        max_bead: options.max_bead,
        length_only: options.length_only,
        dictionaries: options
            .dictionaries
            .iter()
            .map(|path| (path.clone(), DictionaryFormat::of(path)))
            .collect(),
        stored_dictionaries: !options.no_dict,
        check_languages: !options.no_language_check,
    })
}
