//! Character classes and the normal form in which sentences are measured.
//!
//! Display text is never changed: these functions only decide what a character counts
//! for when lengths are compared across languages.

use unicode_normalization::UnicodeNormalization;

/// The Arabic tatweel (kashida), a stretching stroke with no linguistic content.
pub const TATWEEL: char = '\u{0640}';

/// Whether `text` shows nothing: only whitespace and invisible characters (see
/// [`is_invisible`]), such as a line holding a zero-width space.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// Whether `c` is a combining mark (an Arabic diacritic, a decomposed accent): the
/// Unicode table looked up only past U+0300, where the first mark is, since lengths and
/// anchors ask it of every character of both texts and most are below.
pub fn is_combining_mark(c: char) -> bool {
    c >= '\u{0300}' && unicode_normalization::char::is_combining_mark(c)
}

/// True for characters that are invisible in rendered text and carry no content of their
/// own: bidi marks and embeddings, zero-width spaces and joiners, the byte-order mark,
/// and the tatweel. Segmentation looks through them; length counting skips them.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'   // zero-width space, ZWNJ, ZWJ, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner and invisible operators
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{061C}'              // Arabic letter mark
        | '\u{FEFF}'              // byte-order mark, zero-width no-break space
        | TATWEEL)
}

/// The length of `text` in characters as the length model counts it: whitespace runs
/// count as one character, leading and trailing whitespace not at all, and combining
/// marks (Arabic diacritics, decomposed accents) and invisible characters are skipped,
/// so that vowelled and unvowelled Arabic, or composed and decomposed Latin, measure
/// the same.
pub fn measured_length(text: &str) -> usize {
    let mut length = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = length > 0;
        } else if !is_combining_mark(c) && !is_invisible(c) {
            length += 1 + usize::from(pending_space);
            pending_space = false;
        }
    }
    length
}

/// `text` on one line: each line break (CRLF, LF or a lone CR) becomes one space. For
/// formats that hold one segment a line.
pub fn single_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

/// A word folded for comparison: lower case, accents and other marks removed.
pub fn fold_word(word: &str) -> String {
    word.nfd()
        .filter(|&c| !is_combining_mark(c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_runs_count_once_and_edges_not_at_all() {
        assert_eq!(measured_length("  a \t\n b  "), 3);
        assert_eq!(measured_length(""), 0);
        assert_eq!(measured_length(" \n "), 0);
    }

    #[test]
    fn arabic_diacritics_and_tatweel_are_not_counted() {
        assert_eq!(measured_length("كَتَبَ"), measured_length("كتب"));
        assert_eq!(measured_length("كـــتب"), 3);
    }

    #[test]
    fn bidi_marks_are_not_counted() {
        assert_eq!(measured_length("\u{200F}abc\u{200E}"), 3);
    }

    #[test]
    fn line_breaks_become_single_spaces() {
        assert_eq!(single_line("a\r\nb\nc\rd"), "a b c d");
    }

    #[test]
    fn decomposed_accents_count_like_composed_ones() {
        assert_eq!(
            measured_length("e\u{0301}te\u{0301}"),
            measured_length("été")
        );
    }
}
