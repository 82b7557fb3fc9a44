//! One text read from its file and split into sentences.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use encoding_rs::Encoding;

use super::{Note, Notify, Role};
use crate::digest::hex_sha256;
use crate::files::{read_text_file, read_text_input};
use crate::segment::{Layout, Rules, Sentence, split};
use crate::text::identify::{Identified, identify};
use crate::text::normalize::measured_length;
use crate::text::script::guess_language;

/// How one text is read and split.
#[derive(Debug, Clone, Default)]
pub struct SideSettings {
    /// Its language code; when absent, the language its text is written in.
    pub lang: Option<String>,
    /// A file of extra abbreviations for its language (one a line).
    pub abbreviations: Option<PathBuf>,
}

impl SideSettings {
    /// The built-in rules of `lang`, with the abbreviations of the file named added.
    fn rules(&self, lang: &str) -> Result<Rules> {
        let mut rules = Rules::for_language(lang);
        if let Some(path) = &self.abbreviations {
            let list = read_text_file(path).context("cannot read the abbreviation list")?;
            rules.add_abbreviations(&list);
        }
        Ok(rules)
    }
}

/// Reads the text at `path` (standard input for `-`, from `encoding` when one is named),
/// settles its language (the one `side` gives, else the one its text is written in, else
/// the one its script suggests, noted as `role`) and splits it as `layout` says; returns
/// the text, its language, its sentences, and the language the text was identified as,
/// when it could be.
pub fn read_sentences(
    path: &Path,
    (role, side): (Role, &SideSettings),
    (layout, encoding): (Layout, Option<&'static Encoding>),
    notify: Notify,
) -> Result<(String, String, Vec<Sentence>, Option<Identified>)> {
    let text = read_text_input(path, encoding)?;
    let identified = identify(&text);
    let lang = match &side.lang {
        Some(lang) => lang.clone(),
        None => {
            let lang = identified.map_or_else(|| guess_language(&text), |found| found.code);
            notify(Note::LanguageGuessed { role, path, lang });
            lang.to_owned()
        }
    };
    let sentences = split(&text, layout, &side.rules(&lang)?);
    Ok((text, lang, sentences, identified))
}

/// A text read from a file and split into sentences.
pub struct Document {
    /// The path as the user gave it.
    pub path: String,
    /// Its language code.
    pub lang: String,
    /// Hex SHA-256 of the decoded text.
    pub content_hash: String,
    /// How its sentences were found.
    pub layout: Layout,
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
        reading: (Layout, Option<&'static Encoding>),
        notify: Notify,
    ) -> Result<Document> {
        let (text, lang, sentences, identified) = read_sentences(path, side, reading, notify)?;
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
            layout: reading.0,
            char_lengths: sentences.iter().map(|s| measured_length(&s.text)).collect(),
            sentences,
            identified,
        })
    }
}
