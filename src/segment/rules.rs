//! The sentence-end rules: where a paragraph of running text ends a sentence.
//!
//! A candidate end is a run of end marks (`. ! ? … ؟ ۔` and their combinations),
//! followed by any closing quotes or brackets, followed by whitespace. A candidate is
//! rejected when the next word starts with a lower-case letter (which never fires for
//! Arabic, a script without case), or when a lone full stop closes an abbreviation, an
//! initial, or the number of a list item. Invisible characters (bidi marks, joiners,
//! tatweel) are looked through wherever neighbours are judged.

use std::collections::HashMap;

use crate::text::normalize::is_invisible;

/// When a listed abbreviation holds its full stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AbbreviationKind {
    /// Never a sentence end (titles before names: `Mr.`, `Dr.`).
    Always,
    /// Not a sentence end when a number follows (`No. 5`, `pp. 12`).
    BeforeNumber,
}

/// The segmentation rules of one language: its abbreviation list.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    abbreviations: HashMap<String, AbbreviationKind>,
}

const ENGLISH_ABBREVIATIONS: &str = include_str!("abbreviations/en.txt");
const ARABIC_ABBREVIATIONS: &str = include_str!("abbreviations/ar.txt");

impl Rules {
    /// The built-in rules for a language code: English (`en`), Arabic and the languages
    /// that share its script's rules (`ar`, `fa`, `ur`), and generic rules (initials,
    /// inner full stops, case) for any other code.
    pub fn for_language(lang: &str) -> Rules {
        let primary = lang.split(['-', '_']).next().unwrap_or(lang);
        let mut rules = Rules::default();
        match primary.to_ascii_lowercase().as_str() {
            "en" => rules.add_abbreviations(ENGLISH_ABBREVIATIONS),
            "ar" | "fa" | "ur" => rules.add_abbreviations(ARABIC_ABBREVIATIONS),
            _ => {}
        }
        rules
    }

    /// Adds abbreviations from a list in the format of the built-in ones: one a line,
    /// without its final full stop, `#` lines for comments, and a trailing ` #` for
    /// abbreviations that hold only before a number.
    pub fn add_abbreviations(&mut self, list: &str) {
        for line in list.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (word, kind) = match line.strip_suffix('#') {
                Some(word) => (word.trim(), AbbreviationKind::BeforeNumber),
                None => (line, AbbreviationKind::Always),
            };
            self.abbreviations.insert(fold(word), kind);
        }
    }

    /// The byte offsets in `paragraph` just after each sentence end that is not its
    /// last character.
    pub fn sentence_ends(&self, paragraph: &str) -> Vec<usize> {
        let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
        let mut ends = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if !is_end_mark(chars[i].1) {
                i += 1;
                continue;
            }
            let marks_start = i;
            while i < chars.len() && is_end_mark(chars[i].1) {
                i += 1;
            }
            let marks_end = i;
            while i < chars.len() && (is_closing(chars[i].1) || is_invisible(chars[i].1)) {
                i += 1;
            }
            let followed_by_space = chars.get(i).is_some_and(|&(_, c)| c.is_whitespace());
            if followed_by_space && self.is_end(&chars, marks_start, marks_end, i) {
                ends.push(chars[i].0);
            }
        }
        ends
    }

    /// Decides a candidate: end marks at `chars[marks_start..marks_end]`, whitespace at
    /// `chars[after]`.
    fn is_end(
        &self,
        chars: &[(usize, char)],
        marks_start: usize,
        marks_end: usize,
        after: usize,
    ) -> bool {
        let next = chars[after..]
            .iter()
            .map(|&(_, c)| c)
            .find(|&c| !c.is_whitespace() && !is_invisible(c));
        if next.is_some_and(char::is_lowercase) {
            return false;
        }
        let lone_full_stop = marks_end - marks_start == 1 && chars[marks_start].1 == '.';
        if !lone_full_stop {
            return true;
        }
        let word_start = chars[..marks_start]
            .iter()
            .rposition(|&(_, c)| c.is_whitespace() || is_opening(c))
            .map_or(0, |p| p + 1);
        let word: String = chars[word_start..marks_start]
            .iter()
            .map(|&(_, c)| c)
            .filter(|&c| !is_invisible(c))
            .collect();
        let next_is_number = next.is_some_and(|c| c.is_numeric());
        !self.holds_full_stop(&word, next_is_number, word_start == 0)
    }

    /// True when `word`, followed by a full stop, is an abbreviation, an initial or a
    /// list number rather than the end of a sentence.
    fn holds_full_stop(&self, word: &str, next_is_number: bool, starts_paragraph: bool) -> bool {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if letters == 1 && word.chars().count() == 1 {
            return true; // an initial: J. R. R. Tolkien, د. أحمد
        }
        if is_dotted_abbreviation(word) {
            return true; // U.S., e.g., a.m., أ.د.
        }
        if starts_paragraph && !word.is_empty() && word.chars().all(|c| c.is_numeric()) {
            return true; // list marker: "1. First item"
        }
        match self.abbreviations.get(&fold(word)) {
            Some(AbbreviationKind::Always) => true,
            Some(AbbreviationKind::BeforeNumber) => next_is_number,
            None => false,
        }
    }
}

/// Lower case without invisible characters: the form abbreviations are looked up in.
fn fold(word: &str) -> String {
    word.chars()
        .filter(|&c| !is_invisible(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `U.S`, `e.g`, `a.m`, `Ph.D`, `أ.د`: letters in groups of at most three, joined by
/// full stops (the final full stop is not part of `word`).
fn is_dotted_abbreviation(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| {
            (1..=3).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic)
        })
}

/// Characters that end a sentence.
pub fn is_end_mark(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '؟' | '۔' | '‼' | '⁇' | '⁈' | '⁉' | '。' | '！' | '？'
    )
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '「' | '『'
    )
}

/// True when `line` ends with an end mark, possibly followed by closing quotes or
/// brackets, or with a comma, colon or semicolon: the end of a sentence or of a clause
/// that goes on, never a heading.
pub fn ends_with_terminal_punctuation(line: &str) -> bool {
    let last = line
        .chars()
        .rev()
        .find(|&c| !is_closing(c) && !is_invisible(c) && !c.is_whitespace());
    last.is_some_and(|c| is_end_mark(c) || matches!(c, ',' | ':' | ';' | '،' | '؛' | '-'))
}

/// True when `line` starts like a list item: a bullet or dash, or a number or single
/// letter followed by `.` or `)`, then a space.
pub fn starts_with_list_marker(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '•' | '–' | '—' | '·') => {
            chars.next().is_some_and(char::is_whitespace)
        }
        Some(first) if first.is_alphanumeric() => {
            let rest = line.trim_start_matches(|c: char| c.is_numeric());
            let rest = if rest.len() == line.len() {
                &line[first.len_utf8()..]
            } else {
                rest
            };
            let mut rest = rest.chars();
            rest.next().is_some_and(|c| c == '.' || c == ')')
                && rest.next().is_some_and(char::is_whitespace)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, lang: &str) -> Vec<String> {
        let mut pieces = Vec::new();
        let mut from = 0;
        for end in Rules::for_language(lang)
            .sentence_ends(text)
            .into_iter()
            .chain([text.len()])
        {
            pieces.push(text[from..end].trim().to_owned());
            from = end;
        }
        pieces
    }

    #[test]
    fn abbreviation_before_a_capital_is_not_an_end() {
        assert_eq!(
            split("By U.S. President Trump. Then Mr. Smith left.", "en").len(),
            2
        );
    }

    #[test]
    fn quote_after_the_full_stop_stays_with_the_sentence() {
        assert_eq!(
            split("He said \"no.\" Then he left.", "en"),
            ["He said \"no.\"", "Then he left."]
        );
    }

    #[test]
    fn lower_case_after_a_mark_is_not_an_end() {
        assert_eq!(split("\"Why?\" he asked. Fine.", "en").len(), 2);
    }

    #[test]
    fn arabic_has_no_case_and_single_letters_are_abbreviations() {
        assert_eq!(
            split("قال د. أحمد إن الوضع خطير. وأضاف أنه متفائل؟ نعم!", "ar").len(),
            3
        );
    }

    #[test]
    fn number_only_abbreviations_need_a_number() {
        assert_eq!(
            split("See No. 5 here. The answer is no. Then go.", "en").len(),
            3
        );
    }

    #[test]
    fn decimals_and_list_numbers_are_not_ends() {
        assert_eq!(split("1. It costs 3.5 dollars. Yes.", "en").len(), 2);
    }

    #[test]
    fn list_markers() {
        assert!(starts_with_list_marker("- item"));
        assert!(starts_with_list_marker("12. item"));
        assert!(starts_with_list_marker("a) item"));
        assert!(!starts_with_list_marker("Item. Next"));
        assert!(!starts_with_list_marker("-minus"));
    }
}
