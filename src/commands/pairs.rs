//! One document pair, as `align` and `batch` both handle it: read and segment both
//! texts, align them with the run's settings and dictionaries, and describe the result
//! for the store, with a hash of the settings that made it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::Result;
use serde_json::json;

use super::{Document, InputOptions, Notes};
use crate::align::shapes::ShapeTable;
use crate::align::{AlignConfig, Alignment, align};
use crate::cli::AlignOptions;
use crate::lexicon::dictionary::Dictionary;
use crate::segment::Layout;
use crate::store::hex_sha256;
use crate::store::{NewAlignment, NewDocument, WordPairs};

/// The name stored in `alignments.method` for alignments weighing lexical evidence.
const METHOD: &str = "qantara";
/// The name stored for length-only alignments.
const LENGTH_ONLY_METHOD: &str = "gale-church";

/// Word pairs as stems of their two languages, shared by the pairs aligned with them.
type Stems = Arc<Vec<(String, String)>>;

/// What every document pair of one language pair is aligned with: the word pairs, and
/// the hash of the settings with them, worked out once per language pair.
#[derive(Clone)]
struct LanguagePair {
    stems: Stems,
    settings_hash: Arc<str>,
}

/// Aligns document pairs with the settings of one run.
pub struct PairAligner<'a> {
    options: &'a AlignOptions,
    /// The pairs of the run's `--dict` files, for every language pair.
    given: Vec<(String, String)>,
    /// The dictionary pairs stored for each language pair, as written.
    stored: WordPairs,
    /// The corpus lexicon of each language pair, as stems.
    corpus: WordPairs,
    /// The word pairs and settings hash of each language pair met so far.
    language_pairs: Mutex<HashMap<(String, String), LanguagePair>>,
    /// What the settings hash of every pair starts from: the options, and digests of the
    /// abbreviation lists and `--dict` files.
    settings: serde_json::Value,
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

impl<'a> PairAligner<'a> {
    /// Reads the `--dict` files of `options` (before any database is opened).
    pub fn read_given(options: &AlignOptions, notes: &Notes) -> Result<Dictionary> {
        let mut all = Dictionary::default();
        for path in &options.dictionaries {
            let dictionary = super::lexicon::read_dictionary(path, None, notes)?;
            all.pairs.extend(dictionary.pairs);
        }
        Ok(all)
    }

    /// An aligner for `options`, with the pairs of the `--dict` files (`given`), the
    /// dictionary pairs stored for each language pair (`stored`) and the corpus lexicon
    /// of each language pair (`corpus`, stems).
    pub fn new(
        options: &'a AlignOptions,
        given: Dictionary,
        (stored, corpus): (WordPairs, WordPairs),
    ) -> Result<Self> {
        let digest = |path: &Option<std::path::PathBuf>| -> Result<Option<String>> {
            path.as_deref()
                .map(|p| Ok(hex_sha256(&std::fs::read(p)?)))
                .transpose()
        };
        let settings = json!({
            "qantara": env!("CARGO_PKG_VERSION"),
            "method": if options.length_only { LENGTH_ONLY_METHOD } else { METHOD },
            "max_bead": options.max_bead,
            "pre_segmented": options.pre_segmented,
            "src_abbreviations": digest(&options.src_abbreviations)?,
            "tgt_abbreviations": digest(&options.tgt_abbreviations)?,
        });
        Ok(PairAligner {
            options,
            given: given.pairs,
            stored,
            corpus,
            language_pairs: Mutex::default(),
            settings,
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
            shapes: ShapeTable::up_to(self.options.max_bead),
            lexical: !self.options.length_only,
            ..AlignConfig::default()
        };
        let alignment = align(&source.sentences, &target.sentences, &config);
        AlignedPair {
            parameters: parameters(&config, &alignment).to_string(),
            settings_hash: self.settings_hash(&source.lang, &target.lang),
            method: if self.options.length_only {
                LENGTH_ONLY_METHOD
            } else {
                METHOD
            },
            source,
            target,
            alignment,
        }
    }

    /// The word pairs for a language pair, as stems of the two languages: the `--dict`
    /// files', the dictionary pairs stored for the pair, and its corpus lexicon.
    pub fn dictionary(&self, source_lang: &str, target_lang: &str) -> Stems {
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
                let mut dictionary = Dictionary {
                    pairs: self.stored.get(key).cloned().unwrap_or_default(),
                    phrases_skipped: 0,
                };
                dictionary.pairs.extend(self.given.iter().cloned());
                let mut stems = dictionary.stems(source_lang, target_lang);
                stems.extend(self.corpus.get(key).into_iter().flatten().cloned());
                let mut words = Vec::new();
                for (source, target) in &stems {
                    words.extend_from_slice(source.as_bytes());
                    words.push(b'\t');
                    words.extend_from_slice(target.as_bytes());
                    words.push(b'\n');
                }
                let mut settings = self.settings.clone();
                settings["source_lang"] = json!(source_lang);
                settings["target_lang"] = json!(target_lang);
                settings["dictionary"] = json!(hex_sha256(&words));
                LanguagePair {
                    stems: Arc::new(stems),
                    settings_hash: hex_sha256(settings.to_string().as_bytes()).into(),
                }
            })
            .clone()
    }
}

/// Reads and segments the source and target texts; `langs` overrides the languages of
/// `options`.
pub fn load_pair(
    options: &AlignOptions,
    (source, target): (&Path, &Path),
    langs: (Option<&str>, Option<&str>),
    notes: &Notes,
) -> Result<(Document, Document)> {
    let layout = if options.pre_segmented {
        Layout::PreSegmented
    } else {
        Layout::Raw
    };
    let load = |path, role, lang_option, lang: Option<&str>, abbreviations: &Option<_>| {
        let options = InputOptions {
            role,
            lang_option,
            lang,
            abbreviations: abbreviations.as_deref(),
            layout,
            encoding: options.encoding,
        };
        Document::load(path, &options, notes)
    };
    let source = load(
        source,
        "source",
        "--src-lang",
        langs.0.or(options.src_lang.as_deref()),
        &options.src_abbreviations,
    )?;
    let target = load(
        target,
        "target",
        "--tgt-lang",
        langs.1.or(options.tgt_lang.as_deref()),
        &options.tgt_abbreviations,
    )?;
    Ok((source, target))
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

fn new_document(document: &Document) -> NewDocument<'_> {
    NewDocument {
        path: &document.path,
        lang: &document.lang,
        content_hash: &document.content_hash,
        segmentation: document.layout.name(),
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
