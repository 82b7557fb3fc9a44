//! One text read from its file and split into sentences.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use encoding_rs::Encoding;

use super::{Note, Notify, Role};
use crate::align::measured_lengths;
use crate::digest::hex_sha256;
use crate::documents::{Format, XliffPart};
use crate::files::{DocumentReading, read_document, read_text_file, read_xml_file};
use crate::segment::srx::{Srx, SrxRules, parse_srx};
use crate::segment::{Layout, Rules, Sentence, split};
use crate::text::identify::{Identified, identify};
use crate::text::language_code;
use crate::text::script::guess_language;

/// How one text is read and split.
#[derive(Debug, Clone, Default)]
pub struct SideSettings {
    /// Its language code; when absent, the language its text is written in.
    pub lang: Option<String>,
    /// A file of extra abbreviations for its language (one a line).
    pub abbreviations: Option<PathBuf>,
    /// SRX rules that replace the built-in ones.
    pub srx: Option<Arc<SrxFile>>,
}

impl SideSettings {
    /// The rules of `lang`: the SRX file's when one is given, else the built-in rules
    /// with the abbreviations of the file named added.
    fn rules(&self, lang: &str, notify: Notify) -> Result<Rules> {
        if let Some(srx) = &self.srx {
            return Ok(Rules::for_language(lang).with_srx(srx.rules_for(lang, notify)?));
        }
        let mut rules = Rules::for_language(lang);
        if let Some(path) = &self.abbreviations {
            let list = read_text_file(path).context("cannot read the abbreviation list")?;
            rules.add_abbreviations(&list);
        }
        Ok(rules)
    }

    /// How its sentences are found, as stored with a document: `srx` with SRX rules,
    /// else what `layout` says.
    fn segmentation(&self, layout: Layout) -> &'static str {
        match (&self.srx, layout) {
            (Some(_), Layout::Raw) => "srx",
            _ => layout.name(),
        }
    }
}

/// An SRX file read once, its rules compiled once for each language asked.
#[derive(Debug)]
pub struct SrxFile {
    path: PathBuf,
    /// Hex SHA-256 of its text: part of the settings of every alignment it splits.
    pub content_hash: String,
    srx: Srx,
    compiled: Mutex<HashMap<String, Arc<SrxRules>>>,
}

impl SrxFile {
    /// Reads and checks the SRX file at `path`.
    pub fn read(path: &Path) -> Result<SrxFile> {
        let text = read_xml_file(path)?;
        let srx = parse_srx(&text)
            .with_context(|| format!("{} is not an SRX file qantara can read", path.display()))?;
        Ok(SrxFile {
            path: path.to_path_buf(),
            content_hash: hex_sha256(text.as_bytes()),
            srx,
            compiled: Mutex::new(HashMap::new()),
        })
    }

    /// The compiled rules for `lang`; the first time, the rules that cannot be compiled
    /// are noted. A language the file has no rules for is an error.
    pub fn rules_for(&self, lang: &str, notify: Notify) -> Result<Arc<SrxRules>> {
        let mut compiled = self
            .compiled
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(rules) = compiled.get(lang) {
            return Ok(Arc::clone(rules));
        }
        let Some((rules, skipped)) = self.srx.rules_for(lang) else {
            bail!(
                "{} has no rules for the language {lang}: none of its map rules matches it",
                self.path.display()
            );
        };
        if !skipped.is_empty() {
            notify(Note::SrxRulesSkipped {
                path: &self.path,
                lang,
                skipped: &skipped,
            });
        }
        let rules = Arc::new(rules);
        compiled.insert(lang.to_owned(), Arc::clone(&rules));
        Ok(rules)
    }
}

/// How the files of a document pair are read and split.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// How sentences are found in the text.
    pub layout: Layout,
    /// The encoding of plain-text files without a byte-order mark, when not UTF-8.
    pub encoding: Option<&'static Encoding>,
    /// The format of both files when the user names one; else each file's own.
    pub format: Option<Format>,
    /// Whether the footnotes and endnotes of DOCX and ODT files are kept.
    pub notes: bool,
}

impl Default for Reading {
    /// Running text in a format told from each file, notes kept.
    fn default() -> Self {
        Reading {
            layout: Layout::Raw,
            encoding: None,
            format: None,
            notes: true,
        }
    }
}

/// A text read from its file and split into sentences, before it is checked.
pub struct ReadText {
    /// How its sentences were found: `rules`, `srx` or `lines`.
    pub segmentation: &'static str,
    /// The text as read from the file (the running text of a document format).
    pub text: String,
    /// The format it was read as.
    pub format: Format,
    /// Its language code.
    pub lang: String,
    /// Its sentences.
    pub sentences: Vec<Sentence>,
    /// The language its text was identified as, when it could be.
    pub identified: Option<Identified>,
}

/// Reads the document at `path` (standard input for `-`) in its format as `reading` says
/// (an XLIFF file's source text for the source role, its target text for the target),
/// settles its language (the one `side` gives, else the one its markup declares, else
/// the one its text is written in, else the one its script suggests, noted as `role`)
/// and splits it.
pub fn read_sentences(
    path: &Path,
    (role, side): (Role, &SideSettings),
    reading: Reading,
    notify: Notify,
) -> Result<ReadText> {
    let part = match role {
        Role::Source | Role::Single => XliffPart::Source,
        Role::Target => XliffPart::Target,
    };
    let (format, extracted) = read_document(
        path,
        DocumentReading {
            format: reading.format,
            encoding: reading.encoding,
            notes: reading.notes,
            part,
        },
    )?;
    let text = extracted.text;
    let identified = identify(&text);
    let lang = match (&side.lang, extracted.declared_language) {
        (Some(lang), _) => lang.clone(),
        (None, declared) => {
            let declared = declared.and_then(|code| language_code(&code).ok());
            let from_markup = declared.is_some();
            let lang = declared.unwrap_or_else(|| {
                identified
                    .map_or_else(|| guess_language(&text), |found| found.code)
                    .to_owned()
            });
            notify(Note::LanguageGuessed {
                role,
                path,
                lang: &lang,
                declared: from_markup,
            });
            lang
        }
    };
    let sentences = split(&text, reading.layout, &side.rules(&lang, notify)?);
    Ok(ReadText {
        segmentation: side.segmentation(reading.layout),
        text,
        format,
        lang,
        sentences,
        identified,
    })
}

/// A text read from a file and split into sentences.
pub struct Document {
    /// The path as the user gave it.
    pub path: String,
    /// Its language code.
    pub lang: String,
    /// Hex SHA-256 of the decoded text.
    pub content_hash: String,
    /// How its sentences were found: `rules`, `srx` or `lines`.
    pub segmentation: &'static str,
    /// The format it was read from.
    pub format: Format,
    /// Its sentences.
    pub sentences: Vec<Sentence>,
    /// The length of each sentence as the aligner measures it.
    pub char_lengths: Vec<usize>,
    /// The language its text was identified as, when it could be.
    pub identified: Option<Identified>,
}

impl Document {
    /// Reads and segments the file at `path` as [`read_sentences`] does; a text with no
    /// sentences is an error.
    pub fn load(
        path: &Path,
        side: (Role, &SideSettings),
        reading: Reading,
        notify: Notify,
    ) -> Result<Document> {
        let ReadText {
            segmentation,
            text,
            format,
            lang,
            sentences,
            identified,
        } = read_sentences(path, side, reading, notify)?;
        if sentences.is_empty() {
            bail!(
                "{} has no text to align: it is empty or only whitespace",
                path.display()
            );
        }
        Ok(Document {
            path: path.display().to_string(),
            content_hash: hex_sha256(text.as_bytes()),
            lang,
            segmentation,
            format,
            char_lengths: measured_lengths(&sentences),
            sentences,
            identified,
        })
    }
}
