//! Word pairs as the aligner takes them: stems of their two languages, so that inflected
//! forms in the text meet their entry.

use std::ops::Deref;
use std::sync::Arc;

use crate::digest::hex_sha256;
use crate::text::stem::WordStemmer;

/// Word pairs reduced to stems of their languages, shared cheaply between the pairs
/// aligned with them. Made from written words by [`WordStems::of_words`], which stems
/// them, so that raw words never reach the aligner unstemmed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordStems(Arc<Vec<(String, String)>>);

impl WordStems {
    /// `pairs` of written words of `source_lang` and `target_lang`, stemmed with the
    /// stemmers of those languages, sorted and without repeats. Phrases (a side of
    /// several words) are left out: the aligner matches single words.
    pub fn of_words(pairs: &[(String, String)], source_lang: &str, target_lang: &str) -> Self {
        let (source, target) = (
            WordStemmer::for_language(source_lang),
            WordStemmer::for_language(target_lang),
        );
        let is_word = |text: &str| !text.trim().contains(char::is_whitespace);
        let mut stems: Vec<(String, String)> = pairs
            .iter()
            .filter(|(s, t)| is_word(s) && is_word(t))
            .map(|(s, t)| (source.stem(s), target.stem(t)))
            .collect();
        stems.sort();
        stems.dedup();
        WordStems(Arc::new(stems))
    }

    /// These pairs followed by `stems`, pairs that are stems already (a lexicon learned
    /// from aligned text).
    pub fn with_stems(self, stems: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut all = Arc::unwrap_or_clone(self.0);
        all.extend(stems);
        WordStems(Arc::new(all))
    }

    /// The SHA-256 of the pairs in order, in hex (`source<TAB>target` a line): what the
    /// settings hash of an alignment takes of its word pairs.
    pub fn digest(&self) -> String {
        let mut words = Vec::new();
        for (source, target) in self.iter() {
            words.extend_from_slice(source.as_bytes());
            words.push(b'\t');
            words.extend_from_slice(target.as_bytes());
            words.push(b'\n');
        }
        hex_sha256(&words)
    }
}

impl Deref for WordStems {
    type Target = [(String, String)];

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learned_stems_follow_the_dictionary_unchanged() {
        let pairs = [
            ("b".to_owned(), "y".to_owned()),
            ("a".to_owned(), "x".to_owned()),
        ];
        let stems = WordStems::of_words(&pairs, "", "").with_stems([("q".into(), "r".into())]);
        let all: Vec<_> = stems.iter().map(|(s, t)| format!("{s}-{t}")).collect();
        assert_eq!(all, ["a-x", "b-y", "q-r"]);
    }
}
