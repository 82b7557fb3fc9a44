//! `qantara align`: the main job. Segments both texts, aligns them, stores everything in
//! one transaction and writes the pairs.

use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Result;
use serde_json::json;

use super::{Document, InputOptions, Notes, read_beads, write_output};
use crate::align::shapes::ShapeTable;
use crate::align::{AlignConfig, Alignment, align};
use crate::cli::{AlignArgs, ReportFormat};
use crate::eval::count;
use crate::formats::beads::BeadIndices;
use crate::formats::{Format, Header, translation_units, write_units};
use crate::segment::Layout;
use crate::store::{NewAlignment, NewDocument, Store};

/// The name stored in `alignments.method` for alignments weighing lexical evidence.
const METHOD: &str = "qantara";
/// The name stored for length-only alignments.
const LENGTH_ONLY_METHOD: &str = "gale-church";

/// Runs `qantara align`. Every input is read and checked before the database is opened,
/// so that bad input leaves no database behind.
pub fn run(args: AlignArgs, notes: &Notes) -> Result<()> {
    let (source, target) = load_pair(&args, notes)?;
    let gold = args.gold.as_deref().map(read_beads).transpose()?;
    let dictionaries = args
        .dictionaries
        .iter()
        .map(|path| super::lexicon::read_dictionary(path, None, notes))
        .collect::<Result<Vec<_>>>()?;
    let mut store = Store::open(&args.database.db)?;

    let mut dictionary = store.dictionary(&source.lang, &target.lang)?;
    dictionary
        .pairs
        .extend(dictionaries.into_iter().flat_map(|d| d.pairs));
    let config = AlignConfig {
        dictionary: Arc::new(dictionary.stems(&source.lang, &target.lang)),
        source_lang: source.lang.clone(),
        target_lang: target.lang.clone(),
        shapes: ShapeTable::up_to(args.max_bead),
        lexical: !args.length_only,
        ..AlignConfig::default()
    };
    let alignment = align(&source.sentences, &target.sentences, &config);
    let rendered = render(&args, (&source, &target), &alignment)?;
    let parameters = parameters(&config, &alignment).to_string();
    let alignment_id = store.save_alignment(&NewAlignment {
        source: new_document(&source),
        target: new_document(&target),
        method: if args.length_only {
            LENGTH_ONLY_METHOD
        } else {
            METHOD
        },
        parameters: &parameters,
        alignment: &alignment,
    })?;
    write_output(args.output.as_deref(), |out| out.write_all(&rendered))?;

    notes.say(&format!(
        "aligned {} source and {} target sentences in {} beads (mean confidence {:.2}); stored as alignment {alignment_id} in {}",
        source.sentences.len(),
        target.sentences.len(),
        alignment.beads.len(),
        alignment.mean_confidence(),
        args.database.db.display()
    ));
    if let Some(gold) = gold {
        let scores = count(&gold, &bead_indices(&alignment)).scores();
        eprint!("{}", super::eval::render(&scores, ReportFormat::Table)?);
    }
    Ok(())
}

/// Reads and segments the source and target texts.
fn load_pair(args: &AlignArgs, notes: &Notes) -> Result<(Document, Document)> {
    let layout = if args.pre_segmented {
        Layout::PreSegmented
    } else {
        Layout::Raw
    };
    let load =
        |path: &Path, role, lang_option, lang: &Option<String>, abbreviations: &Option<_>| {
            let options = InputOptions {
                role,
                lang_option,
                lang: lang.as_deref(),
                abbreviations: abbreviations.as_deref(),
                layout,
            };
            Document::load(path, &options, notes)
        };
    let source = load(
        &args.source,
        "source",
        "--src-lang",
        &args.src_lang,
        &args.src_abbreviations,
    )?;
    let target = load(
        &args.target,
        "target",
        "--tgt-lang",
        &args.tgt_lang,
        &args.tgt_abbreviations,
    )?;
    Ok((source, target))
}

/// The pairs of `alignment` confident enough for the output, in the output's format.
fn render(
    args: &AlignArgs,
    (source, target): (&Document, &Document),
    alignment: &Alignment,
) -> Result<Vec<u8>> {
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_extension))
        .unwrap_or(Format::Tsv);
    let mut units = translation_units(&source.sentences, &target.sentences, alignment);
    units.retain(|unit| unit.confidence >= args.min_confidence);
    let header = Header {
        source_lang: source.lang.clone(),
        target_lang: target.lang.clone(),
        created_unix: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    };
    let mut rendered = Vec::new();
    write_units(&mut rendered, format, &units, &header)?;
    Ok(rendered)
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

fn new_document(document: &Document) -> NewDocument<'_> {
    NewDocument {
        path: &document.path,
        lang: &document.lang,
        content_hash: &document.content_hash,
        segmentation: document.layout.name(),
        sentences: &document.sentences,
    }
}

/// The settings and the estimated model, as stored in `alignments.parameters`.
fn parameters(config: &AlignConfig, alignment: &Alignment) -> serde_json::Value {
    let shapes: Vec<_> = alignment
        .shapes
        .shapes()
        .iter()
        .map(|s| json!({"source": s.source, "target": s.target, "prior": s.prior}))
        .collect();
    json!({
        "qantara": env!("CARGO_PKG_VERSION"),
        "shapes": shapes,
        "band_half_width": config.band_half_width,
        "length_ratio": alignment.length_model.ratio,
        "length_variance": alignment.length_model.variance,
        "lexicon_pairs": alignment.lexicon.len(),
    })
}
