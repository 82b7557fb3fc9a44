//! One document pair: read and segment both texts, align them with the settings and word
//! pairs of their languages, and describe the result for the store, with a hash of the
//! settings that made it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context, Result};
use serde_json::json;

use super::{Document, Note, Notify, Reading, Role, SideSettings};
use crate::align::shapes::ShapeTable;
use crate::align::{AlignConfig, Alignment, align_measured};
use crate::digest::hex_sha256;
use crate::files::read_dictionary;
use crate::lexicon::WordStems;
use crate::lexicon::dictionary::{Dictionary, DictionaryFormat};
use crate::segment::Layout;
use crate::store::{NewAlignment, NewDocument, WordPairs};
use crate::text::identify::{knows, same_language};

/// The name stored in `alignments.method` for alignments weighing lexical evidence.
const METHOD: &str = "qantara";
/// The name stored for length-only alignments.
const LENGTH_ONLY_METHOD: &str = "gale-church";

/// How document pairs are read, segmented and aligned.
#[derive(Debug, Clone)]
pub struct PairSettings {
    /// The source texts' language and abbreviations.
    pub source: SideSettings,
    /// The target texts' language and abbreviations.
    pub target: SideSettings,
    /// How the files are read into text and split.
    pub reading: Reading,
    /// The largest number of sentences on one side of a bead; without it, the default
    /// table fitted to each pair ([`ShapeTable::default`]).
    pub max_bead: Option<usize>,
    /// Weigh sentence lengths alone (Gale and Church).
    pub length_only: bool,
    /// Dictionary files for every language pair, each with its format.
    pub dictionaries: Vec<(PathBuf, DictionaryFormat)>,
    /// Whether the dictionaries stored in the database are used (for their language
    /// pair, and the opposite one read the other way round).
    pub stored_dictionaries: bool,
    /// Whether each text's declared language is checked against the language it is
    /// written in, and a pair of one text twice, or of swapped texts, refused.
    pub check_languages: bool,
}

impl Default for PairSettings {
    fn default() -> Self {
        PairSettings {
            source: SideSettings::default(),
            target: SideSettings::default(),
            reading: Reading::default(),
            max_bead: None,
            length_only: false,
            dictionaries: Vec::new(),
            stored_dictionaries: true,
            check_languages: true,
        }
    }
}

impl PairSettings {
    /// How one text of a pair is read: its settings, layout and encoding.
    fn side(&self, role: Role) -> &SideSettings {
        match role {
            Role::Target => &self.target,
            Role::Source | Role::Single => &self.source,
        }
    }
}

/// What every document pair of one language pair is aligned with: the word pairs, and
/// the hash of the settings with them, worked out once per language pair.
#[derive(Clone)]
struct LanguagePair {
    stems: WordStems,
    settings_hash: Arc<str>,
}

/// Aligns document pairs with the settings of one run.
pub struct PairAligner<'a> {
    settings: &'a PairSettings,
    /// The pairs of the settings' dictionary files, for every language pair.
    given: Vec<(String, String)>,
    /// The dictionary pairs stored for each language pair, as written.
    stored: WordPairs,
    /// The corpus lexicon of each language pair, as stems.
    corpus: WordPairs,
    /// The word pairs and settings hash of each language pair met so far.
    language_pairs: Mutex<HashMap<(String, String), LanguagePair>>,
    /// What the settings hash of every pair starts from: the settings, and digests of the
    /// abbreviation lists and dictionary files.
    hashed_settings: serde_json::Value,
}

/// A document pair read and aligned, ready to store.
pub struct AlignedPair {
    /// The source document.
    pub source: Document,
    /// The target document.
    pub target: Document,
    /// The beads.
    pub alignment: Alignment,
    /// The aligner's name.
    pub method: &'static str,
    /// The settings and the estimated model, as JSON.
    pub parameters: String,
    /// Hex SHA-256 of the settings and word pairs that produced the alignment.
    pub settings_hash: String,
}

/// Reads the dictionary files of `settings`, noting the phrases each left out.
pub fn read_dictionaries(settings: &PairSettings, notify: Notify) -> Result<Dictionary> {
    let mut all = Dictionary::default();
    for (path, format) in &settings.dictionaries {
        all.pairs
            .extend(read_dictionary_noting(path, *format, notify)?.pairs);
    }
    Ok(all)
}

/// Reads the dictionary file at `path` in the text format `format`, noting the phrases
/// it left out; the file is named in any error.
pub fn read_dictionary_noting(
    path: &Path,
    format: DictionaryFormat,
    notify: Notify,
) -> Result<Dictionary> {
    let dictionary = read_dictionary(path, format)
        .with_context(|| format!("cannot read dictionary {}", path.display()))?;
    if dictionary.phrases_skipped > 0 {
        notify(Note::PhrasesSkipped {
            path,
            count: dictionary.phrases_skipped,
        });
    }
    Ok(dictionary)
}

impl<'a> PairAligner<'a> {
    /// An aligner for `settings`, with the pairs of its dictionary files (`given`, see
    /// [`read_dictionaries`]), the dictionary pairs stored for each language pair
    /// (`stored`, left out unless the settings use stored dictionaries) and the corpus
    /// lexicon of each language pair (`corpus`, stems).
    pub fn new(
        settings: &'a PairSettings,
        given: Dictionary,
        (stored, corpus): (WordPairs, WordPairs),
    ) -> Result<Self> {
        let digest = |path: &Option<PathBuf>| -> Result<Option<String>> {
            path.as_deref()
                .map(|p| {
                    let bytes =
                        std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
                    Ok(hex_sha256(&bytes))
                })
                .transpose()
        };
        let hashed_settings = json!({
            "qantara": env!("CARGO_PKG_VERSION"),
            "method": method(settings),
            "max_bead": settings.max_bead,
            "pre_segmented": settings.reading.layout == Layout::PreSegmented,
            "src_abbreviations": digest(&settings.source.abbreviations)?,
            "tgt_abbreviations": digest(&settings.target.abbreviations)?,
            "src_srx": settings.source.srx.as_ref().map(|srx| &srx.content_hash),
            "tgt_srx": settings.target.srx.as_ref().map(|srx| &srx.content_hash),
        });
        Ok(PairAligner {
            settings,
            given: given.pairs,
            stored: if settings.stored_dictionaries {
                stored
            } else {
                WordPairs::new()
            },
            corpus,
            language_pairs: Mutex::default(),
            hashed_settings,
        })
    }

    /// The hash of the settings a pair of documents in these languages would be aligned
    /// with: equal hashes and equal texts give equal alignments.
    pub fn settings_hash(&self, source_lang: &str, target_lang: &str) -> String {
        self.language_pair(source_lang, target_lang)
            .settings_hash
            .to_string()
    }

    /// Aligns two documents.
    pub fn align(&self, source: Document, target: Document) -> AlignedPair {
        let config = AlignConfig {
            dictionary: self.dictionary(&source.lang, &target.lang),
            source_lang: source.lang.clone(),
            target_lang: target.lang.clone(),
            shapes: self
                .settings
                .max_bead
                .map_or_else(ShapeTable::default, ShapeTable::up_to),
            lexical: !self.settings.length_only,
            ..AlignConfig::default()
        };
        let alignment = align_measured(
            &source.sentences,
            &target.sentences,
            (&source.char_lengths, &target.char_lengths),
            &config,
        );
        AlignedPair {
            parameters: parameters(&config, &alignment).to_string(),
            settings_hash: self.settings_hash(&source.lang, &target.lang),
            method: method(self.settings),
            source,
            target,
            alignment,
        }
    }

    /// The word pairs for a language pair, as stems of the two languages: the dictionary
    /// pairs stored for the pair (and for the opposite direction, reversed), the
    /// dictionary files', and the pair's corpus lexicon.
    pub fn dictionary(&self, source_lang: &str, target_lang: &str) -> WordStems {
        self.language_pair(source_lang, target_lang).stems
    }

    /// The word pairs and settings hash of a language pair, worked out on first use.
    fn language_pair(&self, source_lang: &str, target_lang: &str) -> LanguagePair {
        let key = (source_lang.to_owned(), target_lang.to_owned());
        let mut known = self
            .language_pairs
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        known
            .entry(key)
            .or_insert_with_key(|key| {
                // The stored dictionaries of the pair's languages, and those of the
                // opposite direction read the other way round.
                let mut words = self.stored.get(key).cloned().unwrap_or_default();
                let opposite = (key.1.clone(), key.0.clone());
                if opposite != *key {
                    let reversed = self.stored.get(&opposite).into_iter().flatten();
                    words.extend(reversed.map(|(s, t)| (t.clone(), s.clone())));
                }
                words.extend(self.given.iter().cloned());
                let stems = WordStems::of_words(&words, source_lang, target_lang)
                    .with_stems(self.corpus.get(key).into_iter().flatten().cloned());
                let mut settings = self.hashed_settings.clone();
                settings["source_lang"] = json!(source_lang);
                settings["target_lang"] = json!(target_lang);
                settings["dictionary"] = json!(stems.digest());
                LanguagePair {
                    stems,
                    settings_hash: hex_sha256(settings.to_string().as_bytes()).into(),
                }
            })
            .clone()
    }
}

/// The method stored for alignments made with `settings`.
fn method(settings: &PairSettings) -> &'static str {
    if settings.length_only {
        LENGTH_ONLY_METHOD
    } else {
        METHOD
    }
}

/// Reads and segments the source and target texts; `langs` overrides the languages of
/// `settings` (a manifest may name each pair's).
pub fn load_pair(
    settings: &PairSettings,
    (source, target): (&Path, &Path),
    langs: (Option<&str>, Option<&str>),
    notify: Notify,
) -> Result<(Document, Document)> {
    let load = |path, role, lang: Option<&str>| {
        let mut side = settings.side(role).clone();
        if let Some(lang) = lang {
            side.lang = Some(lang.to_owned());
        }
        let declared = side.lang.is_some();
        let document = Document::load(path, (role, &side), settings.reading, notify)?;
        anyhow::Ok((document, declared))
    };
    let source = load(source, Role::Source, langs.0)?;
    let target = load(target, Role::Target, langs.1)?;
    if settings.check_languages {
        check_languages(&source, &target)?;
    }
    Ok((source.0, target.0))
}

/// A document pair whose languages are not what the pair needs.
#[derive(Debug, thiserror::Error)]
pub enum LanguageError {
    /// Both sides hold the same text.
    #[error(
        "{source_path} and {target_path} hold the same text: a translation pairs a text with another"
    )]
    SameText {
        /// The source file.
        source_path: String,
        /// The target file.
        target_path: String,
    },
    /// Each side is written in the language declared for the other.
    #[error(
        "the source and target look swapped: {source_path} is written in {target_lang} and {target_path} in {source_lang} (give them the other way round)"
    )]
    Swapped {
        /// The source file.
        source_path: String,
        /// The target file.
        target_path: String,
        /// The source's declared language.
        source_lang: String,
        /// The target's declared language.
        target_lang: String,
    },
    /// A side is not written in its declared language.
    #[error("{role} text {path} is declared {declared}, but it is written in {name} ({code})")]
    NotDeclared {
        /// `source` or `target`.
        role: &'static str,
        /// Its file.
        path: String,
        /// The language declared.
        declared: String,
        /// The language found, in English.
        name: &'static str,
        /// Its code.
        code: &'static str,
    },
}

/// Refuses a pair of one text twice, a swapped pair, and a side whose declared language
/// (`true` beside it) is not the one it is written in; the language model's word is
/// taken only where it is sure.
fn check_languages(
    (source, source_declared): &(Document, bool),
    (target, target_declared): &(Document, bool),
) -> Result<(), LanguageError> {
    if source.content_hash == target.content_hash {
        return Err(LanguageError::SameText {
            source_path: source.path.clone(),
            target_path: target.path.clone(),
        });
    }
    let written_in = |document: &Document, lang: &str| {
        document
            .identified
            .is_some_and(|found| same_language(lang, found.code))
    };
    if *source_declared
        && *target_declared
        && !same_language(&source.lang, &target.lang)
        && written_in(source, &target.lang)
        && written_in(target, &source.lang)
    {
        return Err(LanguageError::Swapped {
            source_path: source.path.clone(),
            target_path: target.path.clone(),
            source_lang: source.lang.clone(),
            target_lang: target.lang.clone(),
        });
    }
    for (document, declared, role) in [
        (source, source_declared, "source"),
        (target, target_declared, "target"),
    ] {
        if let Some(found) = document.identified
            && *declared
            && knows(&document.lang)
            && !same_language(&document.lang, found.code)
        {
            return Err(LanguageError::NotDeclared {
                role,
                path: document.path.clone(),
                declared: document.lang.clone(),
                name: found.name,
                code: found.code,
            });
        }
    }
    Ok(())
}

impl AlignedPair {
    /// The pair as the store takes it.
    pub fn new_alignment(&self) -> NewAlignment<'_> {
        NewAlignment {
            source: new_document(&self.source),
            target: new_document(&self.target),
            method: self.method,
            parameters: &self.parameters,
            settings_hash: &self.settings_hash,
            alignment: &self.alignment,
        }
    }
}

/// A document as the store takes it.
fn new_document(document: &Document) -> NewDocument<'_> {
    NewDocument {
        path: &document.path,
        lang: &document.lang,
        content_hash: &document.content_hash,
        segmentation: document.segmentation,
        format: document.format.name(),
        sentences: &document.sentences,
        char_lengths: &document.char_lengths,
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
