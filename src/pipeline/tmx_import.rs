//! A TMX or XLIFF file from another tool into the store: its translation units (an
//! XLIFF file's segments with a target) stored as aligned document pairs (per target
//! language, of up to `UNITS_PER_DOCUMENT` units each), so that export, search and lookup
//! work on them as on qantara's own alignments.

use anyhow::{Result, bail};
use serde_json::json;

use crate::align::length::LengthModel;
use crate::align::shapes::ShapeTable;
use crate::align::{Alignment, Bead};
use crate::digest::hex_sha256;
use crate::documents::xliff::read_xliff;
use crate::formats::tmx_read::{TmxReader, TmxUnit};
use crate::lexicon::Lexicon;
use crate::segment::Sentence;
use crate::store::{NewAlignment, NewDocument, Store, Writing};
use crate::text::normalize::measured_length;

/// The bilingual files `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoryFormat {
    /// A TMX translation memory.
    Tmx,
    /// An XLIFF 1.2 or 2.0 file of a CAT tool.
    Xliff,
}

impl MemoryFormat {
    /// The name stored in `alignments.method`, `documents.segmentation` and
    /// `documents.format` for units imported from such a file.
    fn name(self) -> &'static str {
        match self {
            MemoryFormat::Tmx => "tmx",
            MemoryFormat::Xliff => "xliff",
        }
    }

    /// The format with its article, as messages name it.
    fn described(self) -> &'static str {
        match self {
            MemoryFormat::Tmx => "a TMX",
            MemoryFormat::Xliff => "an XLIFF",
        }
    }

    /// The format of `path`: XLIFF by its extension or its start, else TMX.
    pub fn of(path: &std::path::Path, text: &str) -> MemoryFormat {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let head: String = text.chars().take(4096).collect();
        if matches!(
            extension.as_deref(),
            Some("xlf" | "xliff" | "sdlxliff" | "mqxliff")
        ) || (head.contains("<xliff") && !head.contains("<tmx"))
        {
            MemoryFormat::Xliff
        } else {
            MemoryFormat::Tmx
        }
    }

    /// The units of `text` in this format, one at a time.
    fn units(self, text: &str, strip_tags: bool) -> Result<Units<'_>, String> {
        Ok(match self {
            MemoryFormat::Tmx => Units::Tmx(TmxReader::new(text, strip_tags)),
            MemoryFormat::Xliff => {
                let document = read_xliff(text, strip_tags).map_err(|e| e.to_string())?;
                let target_lang = document.target_lang.clone().ok_or_else(|| {
                    "it names no target language (target-language or trgLang)".to_owned()
                })?;
                let source_lang = document.source_lang.clone().ok_or_else(|| {
                    "it names no source language (source-language or srcLang)".to_owned()
                })?;
                let units: Vec<TmxUnit> = document
                    .segments
                    .into_iter()
                    .filter_map(|segment| {
                        let target = segment.target.filter(|t| !t.is_empty())?;
                        Some(TmxUnit {
                            variants: vec![
                                (source_lang.clone(), segment.source),
                                (target_lang.clone(), target),
                            ],
                            confidence: None,
                        })
                    })
                    .collect();
                Units::Listed {
                    source_lang: Some(source_lang),
                    units: units.into_iter(),
                }
            }
        })
    }
}

/// The units of a file being read.
enum Units<'a> {
    /// Read from a TMX file as they come.
    Tmx(TmxReader<'a>),
    /// Read whole beforehand.
    Listed {
        source_lang: Option<String>,
        units: std::vec::IntoIter<TmxUnit>,
    },
}

impl Units<'_> {
    /// The next unit, or `None` at the end.
    fn next_unit(&mut self) -> Result<Option<TmxUnit>, String> {
        match self {
            Units::Tmx(reader) => reader.next_unit().map_err(|e| e.to_string()),
            Units::Listed { units, .. } => Ok(units.next()),
        }
    }

    /// The source language the file names, once its header has been read.
    fn source_lang(&self) -> Option<String> {
        match self {
            Units::Tmx(reader) => reader.source_lang.clone(),
            Units::Listed { source_lang, .. } => source_lang.clone(),
        }
    }
}

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

/// What the import is about: the file, its format, its hash, and the options.
pub struct Import<'a> {
    file: &'a str,
    format: MemoryFormat,
    file_hash: String,
    /// The language of the units' source side.
    pub source_lang: String,
    strip_tags: bool,
}

/// The source language of the file `text` in `format` read from `file`: `source_lang`
/// when given, else the one the file names, else the first unit's first; an error when
/// the file is none qantara can read, or holds no unit with text in the source language
/// and another. Checks the whole file before anything is stored.
pub fn source_language(
    (text, format): (&str, MemoryFormat),
    file: &str,
    source_lang: Option<String>,
    strip_tags: bool,
) -> Result<String> {
    let unreadable = |problem: String| {
        anyhow::anyhow!(
            "{file} is not {} file qantara can read: {problem}",
            format.described()
        )
    };
    let mut survey = format.units(text, strip_tags).map_err(unreadable)?;
    let (mut source_lang, mut pairs) = (source_lang, 0usize);
    while let Some(unit) = survey.next_unit().map_err(unreadable)? {
        let source = source_lang.get_or_insert_with(|| {
            survey
                .source_lang()
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
    /// An import of the `text` in `format` of `file` (its canonical path, by which the
    /// import is known) with `source_lang` as the source (see [`source_language`]).
    pub fn new(
        (text, format): (&str, MemoryFormat),
        file: &'a str,
        source_lang: String,
        strip_tags: bool,
    ) -> Self {
        Import {
            file,
            format,
            file_hash: hex_sha256(text.as_bytes()),
            source_lang,
            strip_tags,
        }
    }

    /// Stores the units of `text` in `store` in one transaction that first removes what
    /// an earlier import of the same file stored; returns what was stored of each target
    /// language.
    pub fn run(&self, text: &str, store: &mut Store) -> Result<Vec<ImportedLanguage>> {
        let unreadable = |problem: String| {
            anyhow::anyhow!(
                "{} is not {} file qantara can read: {problem}",
                self.file,
                self.format.described()
            )
        };
        let chunks = store.transaction(|writing| -> Result<Vec<Chunk>> {
            writing.delete_alignments_of_file(self.format.name(), self.file)?;
            let mut reader = self
                .format
                .units(text, self.strip_tags)
                .map_err(unreadable)?;
            let mut chunks: Vec<Chunk> = Vec::new();
            while let Some(unit) = reader.next_unit().map_err(unreadable)? {
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
        let method = self.format.name();
        let settings = json!({
            "method": method,
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
            source: new_document(self.file, &source, method),
            target: new_document(self.file, &target, method),
            method,
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

/// A side of an imported document pair as the store takes it, from a file in the format
/// `method` names.
fn new_document<'a>(path: &'a str, side: &'a ImportedSide, method: &'a str) -> NewDocument<'a> {
    NewDocument {
        path,
        lang: &side.lang,
        content_hash: &side.content_hash,
        segmentation: method,
        format: method,
        sentences: &side.sentences,
        char_lengths: &side.char_lengths,
    }
}
