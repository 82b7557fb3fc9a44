//! `qantara import`: stores the translation units of a TMX file from another tool, as
//! one aligned document pair per language pair, so that export, search and lookup work
//! on them as on qantara's own alignments.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::json;

use super::{Notes, hex_sha256};
use crate::align::length::LengthModel;
use crate::align::shapes::ShapeTable;
use crate::align::{Alignment, Bead};
use crate::cli::ImportArgs;
use crate::formats::tmx_read::{TmxDocument, read_tmx};
use crate::lexicon::Lexicon;
use crate::segment::Sentence;
use crate::store::{NewAlignment, NewDocument, Store};
use crate::text::input::read_text_file;
use crate::text::normalize::measured_length;

/// The name stored in `alignments.method` and `documents.segmentation` for imported units.
const METHOD: &str = "tmx";

/// One language pair of an imported file: both sides as documents, one unit a sentence,
/// and their alignment, one 1-1 bead a unit.
struct ImportedPair {
    source: ImportedSide,
    target: ImportedSide,
    alignment: Alignment,
    parameters: String,
    settings_hash: String,
}

/// The units of one language, as a document.
struct ImportedSide {
    lang: String,
    sentences: Vec<Sentence>,
    char_lengths: Vec<usize>,
    content_hash: String,
}

/// Runs `qantara import`. The file is read and checked whole before the database is
/// opened, and every language pair is stored in one transaction.
pub fn run(args: ImportArgs, notes: &Notes) -> Result<()> {
    let path = &args.file;
    let text = read_text_file(path)?;
    let document = read_tmx(&text, args.strip_tags)
        .with_context(|| format!("{} is not a TMX file qantara can read", path.display()))?;
    let source_lang = args
        .src_lang
        .clone()
        .or_else(|| document.source_lang.clone())
        .or_else(|| document.units.first().map(|u| u.variants[0].0.clone()));
    let Some(source_lang) = source_lang else {
        bail!("{} holds no translation units", path.display());
    };
    let pairs = language_pairs(
        &document,
        &source_lang,
        (path, &hex_sha256(text.as_bytes())),
        args.strip_tags,
    );
    if pairs.is_empty() {
        bail!(
            "{} holds no unit with text in {source_lang} and another language (set the source language with --src-lang)",
            path.display()
        );
    }
    let shown = path.display().to_string();
    let new: Vec<NewAlignment> = pairs
        .iter()
        .map(|pair| NewAlignment {
            source: new_document(&shown, &pair.source),
            target: new_document(&shown, &pair.target),
            method: METHOD,
            parameters: &pair.parameters,
            settings_hash: &pair.settings_hash,
            alignment: &pair.alignment,
        })
        .collect();
    let mut store = Store::open(&args.database.db)?;
    let ids = store.save_alignments(&new)?;
    for (pair, id) in pairs.iter().zip(ids) {
        notes.say(&format!(
            "{}: {} units {}-{} stored as alignment {id}",
            shown,
            pair.alignment.beads.len(),
            pair.source.lang,
            pair.target.lang
        ));
    }
    Ok(())
}

/// The units of `document` with text in `source_lang` and in each other language, as one
/// imported pair per other language (in order of first appearance).
fn language_pairs(
    document: &TmxDocument,
    source_lang: &str,
    (path, file_hash): (&Path, &str),
    strip_tags: bool,
) -> Vec<ImportedPair> {
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let mut targets: Vec<String> = Vec::new();
    for unit in &document.units {
        for (lang, _) in &unit.variants {
            if !same(lang, source_lang) && !targets.iter().any(|t| same(t, lang)) {
                targets.push(lang.clone());
            }
        }
    }
    targets
        .into_iter()
        .filter_map(|target_lang| {
            let text_in = |unit: &crate::formats::tmx_read::TmxUnit, lang: &str| {
                unit.variants
                    .iter()
                    .find(|(l, text)| same(l, lang) && !text.is_empty())
                    .map(|(_, text)| text.clone())
            };
            let (mut sources, mut targets, mut confidences) = (Vec::new(), Vec::new(), Vec::new());
            for unit in &document.units {
                if let (Some(s), Some(t)) =
                    (text_in(unit, source_lang), text_in(unit, &target_lang))
                {
                    sources.push(s);
                    targets.push(t);
                    confidences.push(unit.confidence.unwrap_or(1.0));
                }
            }
            if sources.is_empty() {
                return None;
            }
            let beads = confidences
                .iter()
                .enumerate()
                .map(|(k, &confidence)| Bead {
                    source: k..k + 1,
                    target: k..k + 1,
                    confidence,
                })
                .collect();
            let settings = json!({
                "method": METHOD,
                "file": hex_sha256(format!("{}\n{file_hash}", path.display()).as_bytes()),
                "strip_tags": strip_tags,
                "source_lang": source_lang,
                "target_lang": target_lang,
            });
            Some(ImportedPair {
                source: imported_side(source_lang, &sources),
                target: imported_side(&target_lang, &targets),
                alignment: Alignment {
                    beads,
                    length_model: LengthModel::from_totals(1, 1),
                    shapes: ShapeTable::default(),
                    lexicon: Lexicon::default(),
                },
                parameters: json!({"file": path.display().to_string(), "strip_tags": strip_tags})
                    .to_string(),
                settings_hash: hex_sha256(settings.to_string().as_bytes()),
            })
        })
        .collect()
}

/// The texts of one language as a document: one sentence (and paragraph) a unit, lines
/// of one text.
fn imported_side(lang: &str, texts: &[String]) -> ImportedSide {
    let mut joined = String::new();
    let mut sentences = Vec::with_capacity(texts.len());
    for (k, text) in texts.iter().enumerate() {
        let text = crate::text::normalize::single_line(text);
        let start = joined.len();
        joined.push_str(&text);
        sentences.push(Sentence {
            end: joined.len(),
            text,
            start,
            paragraph: k,
        });
        joined.push('\n');
    }
    ImportedSide {
        lang: lang.to_owned(),
        char_lengths: sentences.iter().map(|s| measured_length(&s.text)).collect(),
        content_hash: hex_sha256(joined.as_bytes()),
        sentences,
    }
}

fn new_document<'a>(path: &'a str, side: &'a ImportedSide) -> NewDocument<'a> {
    NewDocument {
        path,
        lang: &side.lang,
        content_hash: &side.content_hash,
        segmentation: METHOD,
        sentences: &side.sentences,
        char_lengths: &side.char_lengths,
    }
}
