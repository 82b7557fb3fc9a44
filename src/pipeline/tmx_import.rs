//! A TMX file from another tool into the store: its translation units stored as aligned
//! document pairs (per target language, of up to `UNITS_PER_DOCUMENT` units each), so
//! that export, search and lookup work on them as on qantara's own alignments.

use anyhow::{Context, Result, bail};
use serde_json::json;

use crate::align::length::LengthModel;
use crate::align::shapes::ShapeTable;
use crate::align::{Alignment, Bead};
use crate::digest::hex_sha256;
use crate::formats::tmx_read::{TmxReader, TmxUnit};
use crate::lexicon::Lexicon;
use crate::segment::Sentence;
use crate::store::{NewAlignment, NewDocument, Store, Writing};
use crate::text::normalize::measured_length;

/// The name stored in `alignments.method` and `documents.segmentation` for imported units.
const METHOD: &str = "tmx";

/// Units per imported document pair: a large memory is stored as document pairs of this
/// many units, so that neither importing nor exporting it holds it whole.
const UNITS_PER_DOCUMENT: usize = 10_000;

/// The units of one language as a document.
struct ImportedSide {
    lang: String,
    sentences: Vec<Sentence>,
    char_lengths: Vec<usize>,
    content_hash: String,
}

/// The units of one target language gathered for the next document pair.
struct Chunk {
    target_lang: String,
    part: usize,
    sources: Vec<String>,
    targets: Vec<String>,
    confidences: Vec<f64>,
    stored: usize,
}

/// What an import stored of one target language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedLanguage {
    /// The target language.
    pub target_lang: String,
    /// Units stored.
    pub units: usize,
    /// Document pairs they were stored as.
    pub document_pairs: usize,
}

/// What the import is about: the file, its hash, and the options.
pub struct Import<'a> {
    file: &'a str,
    file_hash: String,
    /// The language of the units' source side.
    pub source_lang: String,
    strip_tags: bool,
}

/// The source language of the TMX `text` read from `file`: `source_lang` when given,
/// else the one the header names, else the first unit's first; an error when the file
/// is no TMX qantara can read, or holds no unit with text in the source language and
/// another. Checks the whole file before anything is stored.
pub fn tmx_source_language(
    text: &str,
    file: &str,
    source_lang: Option<String>,
    strip_tags: bool,
) -> Result<String> {
    let not_tmx = || format!("{file} is not a TMX file qantara can read");
    let mut survey = TmxReader::new(text, strip_tags);
    let (mut source_lang, mut pairs) = (source_lang, 0usize);
    while let Some(unit) = survey.next_unit().with_context(not_tmx)? {
        let source = source_lang.get_or_insert_with(|| {
            survey
                .source_lang
                .clone()
                .unwrap_or_else(|| unit.variants[0].0.clone())
        });
        if text_in(&unit, source).is_some()
            && unit
                .variants
                .iter()
                .any(|(l, t)| !same(l, source) && !t.is_empty())
        {
            pairs += 1;
        }
    }
    let Some(source_lang) = source_lang else {
        bail!("{file} holds no translation units");
    };
    if pairs == 0 {
        bail!(
            "{file} holds no unit with text in {source_lang} and another language (set the source language with --src-lang)"
        );
    }
    Ok(source_lang)
}

impl<'a> Import<'a> {
    /// An import of the TMX `text` of `file` (its canonical path, by which the import
    /// is known) with `source_lang` as the source (see [`tmx_source_language`]).
    pub fn new(text: &str, file: &'a str, source_lang: String, strip_tags: bool) -> Self {
        Import {
            file,
            file_hash: hex_sha256(text.as_bytes()),
            source_lang,
            strip_tags,
        }
    }

    /// Stores the units of `text` in `store` in one transaction that first removes what
    /// an earlier import of the same file stored; returns what was stored of each target
    /// language.
    pub fn run(&self, text: &str, store: &mut Store) -> Result<Vec<ImportedLanguage>> {
        let not_tmx = || format!("{} is not a TMX file qantara can read", self.file);
        let chunks = store.transaction(|writing| -> Result<Vec<Chunk>> {
            writing.delete_alignments_of_file(METHOD, self.file)?;
            let mut reader = TmxReader::new(text, self.strip_tags);
            let mut chunks: Vec<Chunk> = Vec::new();
            while let Some(unit) = reader.next_unit().with_context(not_tmx)? {
                let Some(source) = text_in(&unit, &self.source_lang) else {
                    continue;
                };
                for (lang, target) in &unit.variants {
                    if same(lang, &self.source_lang) || target.is_empty() {
                        continue;
                    }
                    let at = match chunks.iter().position(|c| same(&c.target_lang, lang)) {
                        Some(at) => at,
                        None => {
                            chunks.push(Chunk::new(lang));
                            chunks.len() - 1
                        }
                    };
                    let chunk = &mut chunks[at];
                    chunk.sources.push(source.clone());
                    chunk.targets.push(target.clone());
                    chunk.confidences.push(unit.confidence.unwrap_or(1.0));
                    if chunk.sources.len() == UNITS_PER_DOCUMENT {
                        self.store(writing, chunk)?;
                    }
                }
            }
            for chunk in &mut chunks {
                if !chunk.sources.is_empty() {
                    self.store(writing, chunk)?;
                }
            }
            Ok(chunks)
        })?;
        Ok(chunks
            .into_iter()
            .map(|chunk| ImportedLanguage {
                target_lang: chunk.target_lang,
                units: chunk.stored,
                document_pairs: chunk.part,
            })
            .collect())
    }
}

impl Chunk {
    /// No units yet of `target_lang`.
    fn new(target_lang: &str) -> Chunk {
        Chunk {
            target_lang: target_lang.to_owned(),
            part: 0,
            sources: Vec::new(),
            targets: Vec::new(),
            confidences: Vec::new(),
            stored: 0,
        }
    }
}

impl Import<'_> {
    /// Stores the units gathered in `chunk` as one document pair and its alignment (one
    /// 1-1 bead a unit), and empties it for the next part.
    fn store(&self, writing: &Writing, chunk: &mut Chunk) -> Result<()> {
        let beads = chunk
            .confidences
            .iter()
            .enumerate()
            .map(|(k, &confidence)| Bead {
                source: k..k + 1,
                target: k..k + 1,
                confidence,
            })
            .collect();
        let alignment = Alignment {
            beads,
            length_model: LengthModel::from_totals(1, 1),
            shapes: ShapeTable::default(),
            lexicon: Lexicon::default(),
            searched_cells: 0,
            looks_like_translation: true,
        };
        let parameters =
            json!({"file": self.file, "strip_tags": self.strip_tags, "part": chunk.part});
        let settings = json!({
            "method": METHOD,
            "file": self.file,
            "file_hash": self.file_hash,
            "strip_tags": self.strip_tags,
            "source_lang": self.source_lang,
            "target_lang": chunk.target_lang,
            "part": chunk.part,
        });
        let (source, target) = (
            imported_side(&self.source_lang, &chunk.sources),
            imported_side(&chunk.target_lang, &chunk.targets),
        );
        writing.save_alignment(&NewAlignment {
            source: new_document(self.file, &source),
            target: new_document(self.file, &target),
            method: METHOD,
            parameters: &parameters.to_string(),
            settings_hash: &hex_sha256(settings.to_string().as_bytes()),
            alignment: &alignment,
        })?;
        chunk.stored += chunk.sources.len();
        chunk.part += 1;
        chunk.sources.clear();
        chunk.targets.clear();
        chunk.confidences.clear();
        Ok(())
    }
}

/// Whether two language codes are the same, whatever their case.
fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The unit's text in `lang`, if it has some.
fn text_in(unit: &TmxUnit, lang: &str) -> Option<String> {
    unit.variants
        .iter()
        .find(|(l, text)| same(l, lang) && !text.is_empty())
        .map(|(_, text)| text.clone())
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

/// A side of an imported document pair as the store takes it.
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
