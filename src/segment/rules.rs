//! The sentence-end rules: where a paragraph of running text ends a sentence.
//!
//! A candidate end is a run of end marks (`. ! ? … ؟ ۔` and their combinations),
//! followed by any closing quotes or brackets, followed by whitespace. Then:
//!
//! - a candidate followed by a lower-case word is not an end (this never fires for
//!   Arabic, a script without case);
//! - a run with `?` or `!` (or their Arabic, Urdu and CJK forms) is an end;
//! - an ellipsis (`…`, `...`) is an end only before an upper-case letter, so it never
//!   ends an Arabic sentence inside a paragraph;
//! - a lone full stop is an end unless it closes an abbreviation of the language, an
//!   initial or a dotted abbreviation (`U.S.`, `أ.د.`) before a word that is not one of
//!   the language's sentence starters (`the U.S. Army`, but `the U.S. How`), the number
//!   of a list item, or (in languages that write them so) an ordinal number
//!   (`am 3. Oktober`);
//! - an inline list (`1.) a 2.) b`, `a. x b. y`, `• 9. a • 10. b`) is cut before each of
//!   its markers, whose own full stops end nothing (see `lists`).
//!
//! Invisible characters (bidi marks, joiners, tatweel) are looked through wherever
//! neighbours are judged. The scan works on the text itself and keeps nothing per
//! character, so memory does not grow with the length of a paragraph.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::lists::list_markers;
use super::srx::SrxRules;
use crate::text::normalize::is_invisible;
use crate::text::primary_language;

/// When a listed abbreviation holds its full stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AbbreviationKind {
    /// Never a sentence end (titles before names: `Mr.`, `Dr.`).
    Always,
    /// Not a sentence end when a number follows (`No. 5`, `pp. 12`).
    BeforeNumber,
}

/// The segmentation rules of one language.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    abbreviations: HashMap<String, AbbreviationKind>,
    /// Words that start a sentence after an initial or a dotted abbreviation (lower case).
    starters: HashSet<String>,
    /// Whether a number of one or two digits followed by a full stop is an ordinal
    /// (German `3. Oktober`, Hungarian `3. fejezet`) rather than a sentence end.
    ordinal_dot: bool,
    /// A translator's SRX rules, which replace every built-in rule when given.
    srx: Option<Arc<SrxRules>>,
}

/// Built-in abbreviation lists, by primary language code.
const BUILT_IN_ABBREVIATIONS: &[(&str, &str)] = &[
    ("en", include_str!("abbreviations/en.txt")),
    ("ar", include_str!("abbreviations/ar.txt")),
    ("fa", include_str!("abbreviations/ar.txt")),
    ("ur", include_str!("abbreviations/ar.txt")),
    ("de", include_str!("abbreviations/de.txt")),
    ("fr", include_str!("abbreviations/fr.txt")),
];

/// Built-in lists of sentence starters, by primary language code (see `starters/en.txt`).
const BUILT_IN_STARTERS: &[(&str, &str)] = &[
    ("en", include_str!("starters/en.txt")),
    ("de", include_str!("starters/de.txt")),
    ("fr", include_str!("starters/fr.txt")),
];

/// Languages that write ordinal numbers with a full stop.
const ORDINAL_DOT_LANGUAGES: &[&str] = &[
    "de", "hu", "da", "nb", "nn", "no", "fi", "cs", "sk", "pl", "sl", "hr", "sr", "bs", "et", "lv",
    "lt", "is", "tr",
];

/// The longest word, in characters, that is checked against the abbreviation rules.
const MAX_ABBREVIATION_CHARS: usize = 24;

impl Rules {
    /// The built-in rules for a language code (`ar`, `en`, `pt-BR`…): the abbreviations
    /// of English, Arabic (also used for Persian and Urdu), German and French, and for
    /// every language the rules for initials, dotted abbreviations, list numbers and case.
    pub fn for_language(lang: &str) -> Rules {
        let primary = primary_language(lang);
        let mut rules = Rules {
            ordinal_dot: ORDINAL_DOT_LANGUAGES.contains(&primary.as_str()),
            ..Rules::default()
        };
        for (code, list) in BUILT_IN_ABBREVIATIONS {
            if *code == primary {
                rules.add_abbreviations(list);
            }
        }
        for (code, list) in BUILT_IN_STARTERS {
            if *code == primary {
                rules.starters = list
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty() && !line.starts_with('#'))
                    .map(str::to_owned)
                    .collect();
            }
        }
        rules
    }

    /// These rules with the SRX rules `srx` in place of the built-in ones.
    pub fn with_srx(mut self, srx: Arc<SrxRules>) -> Rules {
        self.srx = Some(srx);
        self
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
            let word = word.strip_suffix('.').unwrap_or(word);
            self.abbreviations.insert(fold(word), kind);
        }
    }

    /// The byte offsets in `paragraph` of the whitespace just after each sentence end
    /// that is not at the end of the paragraph.
    pub fn sentence_ends(&self, paragraph: &str) -> Vec<usize> {
        if let Some(srx) = &self.srx {
            return srx.sentence_ends(paragraph);
        }
        let markers = list_markers(paragraph);
        // An inline list item ends where the next marker begins, and a marker's own full
        // stop ends nothing.
        let mut ends: Vec<usize> = markers
            .iter()
            .map(|marker| paragraph[..marker.start].trim_end().len())
            .filter(|&cut| cut > 0)
            .collect();
        let mut next_marker = markers.iter().peekable();
        let mut chars = paragraph.char_indices().peekable();
        while let Some((marks_start, first)) = chars.next() {
            if !is_end_mark(first) {
                continue;
            }
            while next_marker.next_if(|m| m.end <= marks_start).is_some() {}
            if next_marker.peek().is_some_and(|m| m.contains(&marks_start)) {
                continue;
            }
            let mut run = MarkRun::starting_with(first);
            // A spaced ellipsis (`. . .`, `. . . .`) is one run of marks, not three
            // sentences of a full stop each.
            if first == '.'
                && let Some(length) = spaced_ellipsis_length(&paragraph[marks_start..])
            {
                run = MarkRun::Ellipsis;
                while chars
                    .next_if(|&(at, _)| at < marks_start + length)
                    .is_some()
                {}
            }
            while let Some(&(_, c)) = chars.peek() {
                if !is_end_mark(c) {
                    break;
                }
                run.add(c);
                chars.next();
            }
            while chars
                .next_if(|&(_, c)| is_closing(c) || is_invisible(c))
                .is_some()
            {}
            match chars.peek() {
                Some(&(after, c))
                    if c.is_whitespace() && self.is_end(paragraph, marks_start, run, after) =>
                {
                    ends.push(after);
                }
                Some(&(after, _))
                    if !matches!(run, MarkRun::Ellipsis)
                        && glued_sentence(paragraph, marks_start, after) =>
                {
                    ends.push(after);
                }
                _ => {}
            }
        }
        ends.sort_unstable();
        ends.dedup();
        ends
    }

    /// Decides a candidate: the run of end marks `run` starts at byte `marks_start`,
    /// and whitespace follows at byte `after`.
    fn is_end(&self, text: &str, marks_start: usize, run: MarkRun, after: usize) -> bool {
        let next = text[after..]
            .chars()
            .find(|&c| !c.is_whitespace() && !is_invisible(c));
        if next.is_some_and(char::is_lowercase) {
            return false;
        }
        match run {
            MarkRun::Strong => true,
            MarkRun::Ellipsis => next.is_some_and(char::is_uppercase),
            MarkRun::FullStop => {
                let (word, starts_paragraph) = word_before(text, marks_start);
                !self.holds_full_stop(&word, &text[after..], starts_paragraph)
            }
        }
    }

    /// True when `word`, followed by a full stop and then by `rest` (from the whitespace
    /// after it), is an abbreviation, an initial, a list number or an ordinal rather than
    /// the end of a sentence.
    fn holds_full_stop(&self, word: &str, rest: &str, starts_paragraph: bool) -> bool {
        let length = word.chars().count();
        if length == 0 || length > MAX_ABBREVIATION_CHARS {
            return false;
        }
        let next_is_number = rest
            .chars()
            .find(|&c| !c.is_whitespace() && !is_invisible(c))
            .is_some_and(char::is_numeric);
        match self.abbreviations.get(&fold(word)) {
            Some(AbbreviationKind::Always) => return true,
            Some(AbbreviationKind::BeforeNumber) => return next_is_number,
            None => {}
        }
        // An initial (J. R. R. Tolkien, د. أحمد, M. Dupont) or a dotted abbreviation
        // (U.S., a.m., Ph.D., أ.د.) holds its full stop, unless the next word is one that
        // starts sentences (`in the U.S. How`, `you and I. Did`).
        if (length == 1 && word.chars().all(char::is_alphabetic)) || is_dotted_abbreviation(word) {
            return !self.starters.contains(&fold(&word_after(rest)));
        }
        if word.chars().all(|c| c.is_numeric()) {
            // "1. First item" at the start of a paragraph; "am 3. Oktober".
            return starts_paragraph || (self.ordinal_dot && length <= 2);
        }
        false
    }
}

/// What a run of end marks is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkRun {
    /// A single full stop.
    FullStop,
    /// `…` or several full stops.
    Ellipsis,
    /// A run with a question or exclamation mark, or another mark that always ends.
    Strong,
}

impl MarkRun {
    fn starting_with(c: char) -> MarkRun {
        match c {
            '.' => MarkRun::FullStop,
            '…' => MarkRun::Ellipsis,
            _ => MarkRun::Strong,
        }
    }

    fn add(&mut self, c: char) {
        *self = match (*self, MarkRun::starting_with(c)) {
            (MarkRun::Strong, _) | (_, MarkRun::Strong) => MarkRun::Strong,
            _ => MarkRun::Ellipsis,
        };
    }
}

/// How far, in bytes, a token around glued sentences may reach on each side of the marks.
const GLUED_TOKEN_BYTES: usize = 256;

/// Whether the end marks at `marks_start` end a sentence that the next one follows with
/// no space (`Hello world.Today is Tuesday.`, `bought 1,000.That is a lot.`): a
/// capitalised word starts at `after`, and the token before the marks ends in a
/// lower-case word of two letters or more, or in a number of three digits or more, and
/// is no address (`://`, `www.`, `@`) or dotted abbreviation (`e.g.`).
fn glued_sentence(text: &str, marks_start: usize, after: usize) -> bool {
    let mut next = text[after..].chars();
    let capitalised =
        next.next().is_some_and(char::is_uppercase) && next.next().is_some_and(char::is_lowercase);
    if !capitalised {
        return false;
    }
    // The token around the marks, looked for within GLUED_TOKEN_BYTES on each side: a
    // longer run without whitespace is no pair of sentences, and a bounded look keeps a
    // text of one huge token linear.
    let window_start = text.floor_char_boundary(marks_start.saturating_sub(GLUED_TOKEN_BYTES));
    let Some(token_start) = text[window_start..marks_start]
        .rfind(char::is_whitespace)
        .map(|at| {
            let at = window_start + at;
            at + text[at..].chars().next().map_or(1, char::len_utf8)
        })
        .or((window_start == 0).then_some(0))
    else {
        return false;
    };
    let window_end = text.floor_char_boundary((after + GLUED_TOKEN_BYTES).min(text.len()));
    let Some(whole_token_end) = text[after..window_end]
        .find(char::is_whitespace)
        .map(|at| after + at)
        .or((window_end == text.len()).then_some(text.len()))
    else {
        return false;
    };
    let token = &text[token_start..marks_start];
    let whole_token = &text[token_start..whole_token_end];
    if whole_token.contains("://") || whole_token.contains("www.") || whole_token.contains('@') {
        return false;
    }
    let last_word = token.rsplit(['.', '(', '"', '\'']).next().unwrap_or(token);
    let lower_word = last_word.chars().count() >= 2 && last_word.chars().all(char::is_lowercase);
    // A number of three digits or more, or with a thousands separator: one or two digits
    // before a full stop may be an ordinal (German `am 3.Oktober`).
    let digits = last_word.chars().filter(char::is_ascii_digit).count();
    let number = last_word.chars().last().is_some_and(|c| c.is_ascii_digit())
        && last_word.chars().all(|c| c.is_ascii_digit() || c == ',')
        && (digits >= 3 || last_word.contains(','));
    (lower_word || number) && !is_dotted_abbreviation(token)
}

/// The length in bytes of the spaced ellipsis `text` starts with: three or more full
/// stops, each after the first preceded by one space (or no-break space); none when it
/// starts with fewer.
fn spaced_ellipsis_length(text: &str) -> Option<usize> {
    let mut dots = 0;
    let mut length = 0;
    let mut rest = text;
    while let Some(after) = rest.strip_prefix('.') {
        dots += 1;
        length = text.len() - after.len();
        match after.chars().next() {
            Some(space @ (' ' | '\u{a0}')) if after[space.len_utf8()..].starts_with('.') => {
                rest = &after[space.len_utf8()..];
            }
            _ => break,
        }
    }
    (dots >= 3).then_some(length)
}

/// The word that ends just before byte `end` (back to whitespace or an opening quote or
/// bracket), without invisible characters, and whether it starts its paragraph. Words
/// longer than [`MAX_ABBREVIATION_CHARS`] are cut short, which no rule accepts.
fn word_before(text: &str, end: usize) -> (String, bool) {
    let mut start = end;
    for (i, c) in text[..end]
        .char_indices()
        .rev()
        .take(MAX_ABBREVIATION_CHARS + 2)
    {
        if c.is_whitespace() || is_opening(c) {
            break;
        }
        start = i;
    }
    let word: String = text[start..end]
        .chars()
        .filter(|&c| !is_invisible(c))
        .collect();
    let starts_paragraph = text[..start].trim().is_empty();
    (word, starts_paragraph)
}

/// The word that starts after the whitespace `rest` starts with (up to whitespace or
/// punctuation other than an apostrophe), without invisible characters, at most
/// [`MAX_ABBREVIATION_CHARS`] characters.
fn word_after(rest: &str) -> String {
    rest.chars()
        .filter(|&c| !is_invisible(c))
        .skip_while(|c| c.is_whitespace())
        .take_while(|&c| c.is_alphanumeric() || c == '\'' || c == '’')
        .take(MAX_ABBREVIATION_CHARS + 1)
        .collect()
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
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '「' | '『' | '„'
    )
}

/// True when `line` ends with an end mark, possibly followed by closing quotes or
/// brackets, or with a comma, colon, semicolon or hyphen: the end of a sentence or of a
/// clause that goes on, never a heading.
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
            let after_number = line.trim_start_matches(char::is_numeric);
            let rest = if after_number.len() == line.len() {
                &line[first.len_utf8()..]
            } else {
                after_number
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

    fn count(text: &str, lang: &str) -> usize {
        Rules::for_language(lang).sentence_ends(text).len() + 1
    }

    #[test]
    fn runs_of_marks_are_classified() {
        let mut run = MarkRun::starting_with('.');
        run.add('.');
        assert_eq!(run, MarkRun::Ellipsis);
        run.add('?');
        assert_eq!(run, MarkRun::Strong);
    }

    #[test]
    fn ordinal_dots_depend_on_the_language() {
        assert_eq!(count("Am 3. Oktober kam er.", "de"), 1);
        assert_eq!(count("He came on day 3. October was cold.", "en"), 2);
    }

    #[test]
    fn user_abbreviations_extend_the_rules() {
        let mut rules = Rules::for_language("en");
        assert_eq!(rules.sentence_ends("Ask Brig. Smith.").len(), 1);
        rules.add_abbreviations("# military\nbrig.\n");
        assert!(rules.sentence_ends("Ask Brig. Smith.").is_empty());
    }

    #[test]
    fn long_words_are_never_abbreviations() {
        let word = "a".repeat(200);
        assert_eq!(count(&format!("{word}. Next"), "en"), 2);
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
