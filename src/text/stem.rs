//! Word stems, so that inflected forms meet: Snowball stemmers where one exists for the
//! language, else the word's first letters.

use rust_stemmers::{Algorithm, Stemmer};

use super::arabic::PROCLITICS;
use super::normalize::fold_word;
use super::primary_language;

/// Letters kept of a word when its language has no stemmer.
const PREFIX_STEM_CHARS: usize = 5;

/// `word` without its leading Arabic clitics (conjunction, preposition, article), as
/// the Snowball stemmer leaves the conjunctions و and ف in front of the article. A strip
/// must leave two letters after an article form and four after a single letter, so as
/// not to eat a root letter.
fn strip_arabic_proclitics(word: &str) -> &str {
    PROCLITICS
        .iter()
        .find_map(|prefix| {
            let min_rest = if prefix.chars().count() == 1 { 4 } else { 2 };
            word.strip_prefix(prefix)
                .filter(|rest| rest.chars().count() >= min_rest)
        })
        .unwrap_or(word)
}

/// The stemmer of one language.
pub struct WordStemmer {
    stemmer: Option<Stemmer>,
    arabic: bool,
}

impl WordStemmer {
    /// The stemmer for a language code (`ar`, `en`, `de`, `pt-BR`…).
    pub fn for_language(lang: &str) -> WordStemmer {
        let primary = primary_language(lang);
        let algorithm = match primary.as_str() {
            "ar" => Some(Algorithm::Arabic),
            "da" => Some(Algorithm::Danish),
            "nl" => Some(Algorithm::Dutch),
            "en" => Some(Algorithm::English),
            "fi" => Some(Algorithm::Finnish),
            "fr" => Some(Algorithm::French),
            "de" => Some(Algorithm::German),
            "el" => Some(Algorithm::Greek),
            "hu" => Some(Algorithm::Hungarian),
            "it" => Some(Algorithm::Italian),
            "no" | "nb" | "nn" => Some(Algorithm::Norwegian),
            "pt" => Some(Algorithm::Portuguese),
            "ro" => Some(Algorithm::Romanian),
            "ru" => Some(Algorithm::Russian),
            "es" => Some(Algorithm::Spanish),
            "sv" => Some(Algorithm::Swedish),
            "ta" => Some(Algorithm::Tamil),
            "tr" => Some(Algorithm::Turkish),
            _ => None,
        };
        WordStemmer {
            stemmer: algorithm.map(Stemmer::create),
            arabic: matches!(algorithm, Some(Algorithm::Arabic)),
        }
    }

    /// The stem of `word`, folded to lower case without accents or diacritics.
    pub fn stem(&self, word: &str) -> String {
        let folded = fold_word(word);
        let folded = if self.arabic {
            strip_arabic_proclitics(&folded)
        } else {
            &folded
        };
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(folded).into_owned(),
            None => folded.chars().take(PREFIX_STEM_CHARS).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_forms_share_a_stem() {
        let english = WordStemmer::for_language("en");
        assert_eq!(english.stem("Negotiations"), english.stem("negotiation"));
        let arabic = WordStemmer::for_language("ar");
        assert_eq!(arabic.stem("والمفاوضات"), arabic.stem("المفاوضات"));
        assert_eq!(arabic.stem("بالمفاوضات"), arabic.stem("مفاوضات"));
        assert_eq!(arabic.stem("وصل"), "وصل");
        let hungarian = WordStemmer::for_language("hu");
        assert_eq!(hungarian.stem("házban"), hungarian.stem("házak"));
    }

    #[test]
    fn languages_without_a_stemmer_keep_a_prefix() {
        assert_eq!(WordStemmer::for_language("sw").stem("Watoto"), "watot");
    }
}
