//! Anchors: the tokens of a sentence (see [`crate::text::tokens`]) that its translation
//! is likely to share whatever the two languages are: numbers, some punctuation, and
//! words (cognates, names, acronyms), by class, and the key on which a word meets its
//! cognates: a normalised prefix (lower case, no accents) or, across scripts, a consonant
//! skeleton (see [`super::translit`]).

use crate::text::normalize::fold_word;

/// The kinds of anchor, each with its own match rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnchorClass {
    /// A number.
    Number,
    /// A question or exclamation mark, a quotation mark or an opening bracket.
    Punctuation,
    /// A word shared as written (after folding case and accents): cognates, names,
    /// acronyms.
    Word,
    /// A name matched across scripts by its consonant skeleton.
    Name,
    /// A word pair from a lexicon, learned from the text or given in a dictionary.
    Lexicon,
}

/// How many anchor classes there are.
pub const CLASS_COUNT: usize = 5;

impl AnchorClass {
    /// The class's index in per-class tables.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Characters of a word prefix that make a word key: words that share their first
/// letters are taken for cognates (Simard et al. 1992).
const WORD_PREFIX_CHARS: usize = 5;
/// Words shorter than this are not word anchors (function words), though a lexicon may
/// still pair them.
pub const MIN_WORD_CHARS: usize = 4;
/// The key under which a word meets its cognates: its first letters, folded.
pub fn word_key(word: &str) -> String {
    fold_word(word).chars().take(WORD_PREFIX_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cognates_share_a_key() {
        assert_eq!(word_key("Expédition"), word_key("Expeditionen"));
        assert_ne!(word_key("Himalaya"), word_key("Hilfe"));
    }
}
