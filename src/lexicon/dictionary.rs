//! Bilingual dictionaries given by the user: reading them and reducing their entries to
//! stems, so that inflected forms in the text meet their entry.
//!
//! Three text formats are read: TSV, `source<TAB>target` a line; hunalign's `.dic`,
//! `target @ source` a line; and MUSE's, `source target` a line, separated by whitespace.
//! Blank lines and lines starting with `#` are skipped; so are entries of more than one
//! word on either side (phrases), which are counted. FreeDict's dictd files are read by
//! [`super::dictd`].

use std::path::{Path, PathBuf};

use super::WordStems;

/// The formats a dictionary file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictionaryFormat {
    /// `source<TAB>target` a line.
    Tsv,
    /// hunalign's `target @ source` a line.
    Hunalign,
    /// MUSE's `source target` a line, separated by whitespace.
    Muse,
}

impl DictionaryFormat {
    /// The format of a file, from its extension: `.dic` is hunalign's, anything else TSV.
    pub fn of(path: &Path) -> DictionaryFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(extension) if extension.eq_ignore_ascii_case("dic") => DictionaryFormat::Hunalign,
            _ => DictionaryFormat::Tsv,
        }
    }
}

/// A dictionary file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    /// The file could not be read as text.
    #[error(transparent)]
    Input(#[from] crate::text::input::InputError),
    /// A dictd file could not be read.
    #[error("{path}: {problem}")]
    Dictd {
        /// The index or body file.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },
    /// A line is not an entry.
    #[error("{path}:{line}: not a dictionary entry (expected {expected}): {text:?}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What the format expects.
        expected: &'static str,
        /// The line.
        text: String,
    },
}

/// Word pairs from a dictionary, as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dictionary {
    /// `(source word, target word)` pairs.
    pub pairs: Vec<(String, String)>,
    /// Entries skipped because a side held more than one word.
    pub phrases_skipped: usize,
}

impl Dictionary {
    /// Parses dictionary text; on failure returns the line number, what was expected and
    /// the line.
    pub fn parse(
        text: &str,
        format: DictionaryFormat,
    ) -> Result<Dictionary, (usize, &'static str, String)> {
        let mut dictionary = Dictionary::default();
        for (number, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let (source, target) = match format {
                DictionaryFormat::Tsv => line.split_once('\t'),
                DictionaryFormat::Hunalign => line.split_once(" @ ").map(|(t, s)| (s, t)),
                DictionaryFormat::Muse => {
                    let mut words = trimmed.split_whitespace();
                    match (words.next(), words.next(), words.next()) {
                        (Some(source), Some(target), None) => Some((source, target)),
                        _ => None,
                    }
                }
            }
            .map(|(s, t)| (s.trim(), t.trim()))
            .filter(|(s, t)| !s.is_empty() && !t.is_empty())
            .ok_or_else(|| {
                let expected = match format {
                    DictionaryFormat::Tsv => "source<TAB>target",
                    DictionaryFormat::Hunalign => "target @ source",
                    DictionaryFormat::Muse => "source target",
                };
                (number + 1, expected, line.to_owned())
            })?;
            if source.split_whitespace().count() > 1 || target.split_whitespace().count() > 1 {
                dictionary.phrases_skipped += 1;
            } else {
                dictionary
                    .pairs
                    .push((source.to_owned(), target.to_owned()));
            }
        }
        Ok(dictionary)
    }

    /// The same pairs the other way round: a dictionary of the opposite direction, read
    /// for this one.
    pub fn reversed(self) -> Dictionary {
        Dictionary {
            pairs: self.pairs.into_iter().map(|(s, t)| (t, s)).collect(),
            phrases_skipped: self.phrases_skipped,
        }
    }

    /// The pairs reduced to stems with the stemmers of `source_lang` and `target_lang`,
    /// without repeats: as the aligner takes them.
    pub fn stems(&self, source_lang: &str, target_lang: &str) -> WordStems {
        WordStems::of_words(&self.pairs, source_lang, target_lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::stem::WordStemmer;

    #[test]
    fn reads_both_formats_and_skips_phrases() {
        let tsv = Dictionary::parse(
            "# a comment\nHaus\thouse\nrotes Haus\tred house\n\n",
            DictionaryFormat::Tsv,
        )
        .unwrap();
        assert_eq!(tsv.pairs, [("Haus".to_owned(), "house".to_owned())]);
        assert_eq!(tsv.phrases_skipped, 1);
        let dic = Dictionary::parse("house @ ház\n", DictionaryFormat::Hunalign).unwrap();
        assert_eq!(dic.pairs, [("ház".to_owned(), "house".to_owned())]);
    }

    #[test]
    fn a_line_without_separator_is_an_error() {
        assert_eq!(
            Dictionary::parse("Haus house\n", DictionaryFormat::Tsv),
            Err((1, "source<TAB>target", "Haus house".to_owned()))
        );
    }

    #[test]
    fn entries_are_stemmed_like_the_text() {
        let dictionary =
            Dictionary::parse("مفاوضات\tnegotiations\n", DictionaryFormat::Tsv).unwrap();
        let stems = dictionary.stems("ar", "en");
        let arabic = WordStemmer::for_language("ar");
        let english = WordStemmer::for_language("en");
        assert_eq!(
            *stems,
            [(arabic.stem("والمفاوضات"), english.stem("negotiation"))]
        );
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(
            DictionaryFormat::of(Path::new("hu-en.dic")),
            DictionaryFormat::Hunalign
        );
        assert_eq!(
            DictionaryFormat::of(Path::new("ar-en.tsv")),
            DictionaryFormat::Tsv
        );
    }
}
