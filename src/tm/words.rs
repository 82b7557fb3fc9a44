//! Words as search and lookup compare them: the tokens of a text, each with where it is
//! in the original (for highlighting) and its search form.
//!
//! The search form is lower case without accents or Arabic diacritics, with the tatweel
//! and invisible marks removed, the Arabic alef forms `أ إ آ ٱ` written `ا`, `ى` as `ي`,
//! `ة` as `ه`, and Arabic-Indic and Persian digits as ASCII digits: what a translator
//! typing a query without vowel marks or with another hamza spelling expects to find.
//! SQLite's tokenizer would cut an Arabic word at each diacritic, so this happens here,
//! before indexing and in queries, and the original text is kept for display.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::text::normalize::{is_combining_mark, is_invisible};

/// A token of a text: a word (letters and digits) or one punctuation character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Where it is in the text, in bytes.
    pub span: Range<usize>,
    /// Its search form (for punctuation, the character itself).
    pub form: String,
    /// True for a word, false for punctuation.
    pub is_word: bool,
}

/// The tokens of `text`, in order; whitespace separates them and is not a token.
pub fn tokens(text: &str) -> Vec<Token> {
    spans(text)
        .map(|(span, is_word)| Token {
            form: if is_word {
                search_form(&text[span.clone()])
            } else {
                text[span.clone()].to_owned()
            },
            span,
            is_word,
        })
        .collect()
}

/// Where the tokens of `text` are, in bytes, in order, each with whether it is a word.
fn spans(text: &str) -> impl Iterator<Item = (Range<usize>, bool)> + '_ {
    let mut chars = text.char_indices();
    let mut word: Option<usize> = None;
    // The punctuation that ended a word: the token after it.
    let mut pending: Option<Range<usize>> = None;
    std::iter::from_fn(move || {
        if let Some(punctuation) = pending.take() {
            return Some((punctuation, false));
        }
        for (at, c) in chars.by_ref() {
            if c.is_alphanumeric() || is_combining_mark(c) || is_invisible(c) {
                if word.is_none() && !is_combining_mark(c) && !is_invisible(c) {
                    word = Some(at);
                }
                continue;
            }
            let punctuation = (!c.is_whitespace()).then(|| at..at + c.len_utf8());
            if let Some(start) = word.take() {
                pending = punctuation;
                return Some((start..at, true));
            }
            if let Some(punctuation) = punctuation {
                return Some((punctuation, false));
            }
        }
        word.take().map(|start| (start..text.len(), true))
    })
}

/// The search form of a word (see the module documentation).
pub fn search_form(word: &str) -> String {
    let mut form = String::with_capacity(word.len());
    push_search_form(word, &mut form);
    form
}

/// Appends the search form of `word` to `out`.
fn push_search_form(word: &str, out: &mut String) {
    // An ASCII word has no mark to drop and no letter to fold but its case; most words
    // of most memories are, and the index forms every word of every unit it stores.
    if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    } else if word.chars().all(|c| u32::from(c) < LATIN_END) {
        let forms = latin_forms();
        for c in word.chars() {
            out.push_str(&forms[u32::from(c) as usize]);
        }
    } else {
        out.push_str(&folded_form(word));
    }
}

/// The characters before this one (ASCII, Latin-1 and Latin Extended-A and B) have their
/// search forms looked up one at a time.
const LATIN_END: u32 = 0x250;

/// The search form of each character before [`LATIN_END`]. A word of them folds one
/// character at a time: their decompositions' marks, which folding drops, are the only
/// marks there are, and letters without marks never compose. Most words of European
/// languages with accents are such words.
fn latin_forms() -> &'static [String] {
    static FORMS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FORMS.get_or_init(|| {
        // Every number before U+D800 is a character: one form each, in order.
        (0..LATIN_END)
            .filter_map(char::from_u32)
            .map(|c| folded_form(c.encode_utf8(&mut [0; 4])))
            .collect()
    })
}

/// The search form of any word, through its canonical decomposition.
fn folded_form(word: &str) -> String {
    word.nfd()
        .filter(|&c| !is_combining_mark(c) && !is_invisible(c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            c => c,
        })
        .collect::<String>()
        .nfc()
        .collect()
}

/// The search forms of the words of `text`, joined by spaces: what the index holds.
pub fn indexed_form(text: &str) -> String {
    indexed_form_of([text])
}

/// The indexed form of `texts` joined by spaces, as [`indexed_form`] gives it, without
/// joining them first: the index holds a bead's sentences as one text.
pub fn indexed_form_of<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut indexed = String::new();
    for text in texts {
        for (span, _) in spans(text).filter(|(_, is_word)| *is_word) {
            if !indexed.is_empty() {
                indexed.push(' ');
            }
            push_search_form(&text[span], &mut indexed);
        }
    }
    indexed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_spellings_meet_in_one_form() {
        assert_eq!(search_form("إِدْلِبَ"), search_form("ادلب"));
        assert_eq!(search_form("مـــدينة"), search_form("مدينه"));
        assert_eq!(search_form("مستشفى"), search_form("مستشفي"));
        assert_eq!(search_form("٢٠٢٠"), "2020");
        assert_eq!(search_form("Éléphant"), "elephant");
        for ascii in ["Winston", "O2", "ABC123xyz", "smith"] {
            assert_eq!(search_form(ascii), folded_form(ascii));
        }
    }

    proptest::proptest! {
        #[test]
        fn a_latin_word_folds_as_its_decomposition_does(
            word in "[a-zA-Z0-9\u{C0}-\u{24F}]{1,12}"
        ) {
            let mut form = String::new();
            push_search_form(&word, &mut form);
            proptest::prop_assert_eq!(form, folded_form(&word));
        }

        #[test]
        fn the_indexed_form_joins_the_words_search_forms(
            text in "[a-zA-Zéàüß0-9 .,;«»\u{064B}\u{0640}\u{200F}قالترامبأإى٣-]{0,40}"
        ) {
            let words: Vec<String> = tokens(&text)
                .into_iter()
                .filter(|t| t.is_word)
                .map(|t| t.form)
                .collect();
            proptest::prop_assert_eq!(indexed_form(&text), words.join(" "));
        }

        #[test]
        fn texts_are_indexed_as_if_joined_by_spaces(
            texts in proptest::collection::vec("[a-zé0-9 .,«»\u{064B}قال-]{0,12}", 0..4)
        ) {
            let joined = texts.join(" ");
            proptest::prop_assert_eq!(
                indexed_form_of(texts.iter().map(String::as_str)),
                indexed_form(&joined)
            );
        }
    }

    #[test]
    fn tokens_keep_their_place_in_the_text() {
        let text = "قالَ «ترامب»: لا.";
        let found = tokens(text);
        let words: Vec<&str> = found
            .iter()
            .filter(|t| t.is_word)
            .map(|t| &text[t.span.clone()])
            .collect();
        assert_eq!(words, ["قالَ", "ترامب", "لا"]);
        assert_eq!(found.iter().filter(|t| !t.is_word).count(), 4);
        assert_eq!(indexed_form(text), "قال ترامب لا");
    }
}
