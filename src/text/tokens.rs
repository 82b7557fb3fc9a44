//! The tokens of a sentence that a translation is likely to share whatever the two
//! languages are: numbers, some punctuation, and words. Each is reduced to a form on
//! which the two sides can meet: numbers to their digits (Arabic-Indic, Persian and
//! Western digits alike, separators dropped, so `8839,8`, `8839.8` and `٨٨٣٩٫٨` agree),
//! `?`, `!`, quotation marks and brackets to one key each, words as written.

use super::normalize::{is_combining_mark, is_invisible};

/// Words shorter than this are not tokens at all.
const MIN_TOKEN_LETTERS: usize = 2;

/// One token of a sentence, as the anchor extractor sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A number key: its digits, in ASCII.
    Number(String),
    /// A punctuation key: one character standing for its kind.
    Punctuation(char),
    /// A word of at least two letters (or with a digit in it), as written.
    Word(String),
}

/// The anchor tokens of `text`, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = text.chars().filter(|&c| !is_invisible(c)).collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || is_combining_mark(chars[i])
                    || (is_number_separator(chars[i])
                        && chars[i - 1].is_numeric()
                        && chars.get(i + 1).is_some_and(|n| n.is_numeric())))
            {
                i += 1;
            }
            tokens.extend(classify(&chars[start..i]));
            continue;
        }
        if let Some(key) = punctuation_key(c) {
            tokens.push(Token::Punctuation(key));
        }
        i += 1;
    }
    tokens
}

fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '٫' | '٬' | '\'')
}

/// A run of letters, digits and separators as a token, if it is one.
fn classify(run: &[char]) -> Option<Token> {
    if run
        .iter()
        .all(|&c| c.is_numeric() || is_number_separator(c))
    {
        let digits: String = run.iter().filter_map(|&c| ascii_digit(c)).collect();
        return (!digits.is_empty()).then_some(Token::Number(digits));
    }
    let letters = run.iter().filter(|c| c.is_alphabetic()).count();
    (letters >= MIN_TOKEN_LETTERS || run.iter().any(|c| c.is_numeric()))
        .then(|| Token::Word(run.iter().collect()))
}

/// The ASCII digit for a decimal digit of the Western, Arabic-Indic or Persian forms.
fn ascii_digit(c: char) -> Option<char> {
    let value = match c {
        '0'..='9' => c as u32 - '0' as u32,
        '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
        '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
        _ => return None,
    };
    char::from_digit(value, 10)
}

/// The key of a punctuation anchor, or `None` for punctuation that is no anchor.
fn punctuation_key(c: char) -> Option<char> {
    match c {
        '?' | '؟' | '？' => Some('?'),
        '!' | '！' => Some('!'),
        '"' | '“' | '”' | '«' | '»' | '„' => Some('"'),
        '(' | '[' => Some('('),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_meet_across_digit_systems_and_separators() {
        let western = tokens("It rose to 8839.8 m in 1955.");
        let arabic = tokens("ارتفع إلى ٨٨٣٩٫٨ م في ١٩٥٥.");
        let german = tokens("Er stieg auf 8839,8 m im Jahr 1955 .");
        let numbers = |t: &[Token]| {
            t.iter()
                .filter(|t| matches!(t, Token::Number(_)))
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(
            numbers(&western),
            [Token::Number("88398".into()), Token::Number("1955".into())]
        );
        assert_eq!(numbers(&arabic), numbers(&western));
        assert_eq!(numbers(&german), numbers(&western));
    }

    #[test]
    fn punctuation_and_words() {
        let got = tokens("«Why?» said (Trump) to the U.N. in 2020s.");
        assert_eq!(
            got,
            [
                Token::Punctuation('"'),
                Token::Word("Why".into()),
                Token::Punctuation('?'),
                Token::Punctuation('"'),
                Token::Word("said".into()),
                Token::Punctuation('('),
                Token::Word("Trump".into()),
                Token::Word("to".into()),
                Token::Word("the".into()),
                Token::Word("in".into()),
                Token::Word("2020s".into()),
            ]
        );
    }
}
