//! FreeDict dictionaries as dictd serves them and Debian installs them
//! (`/usr/share/dictd/freedict-ara-eng.index` and `.dict.dz`): an index of headwords,
//! each with the base-64 offset and length of its entry in the body, and entries of a
//! headword line (with pronunciations `/…/` and grammar labels `<…>`), then the
//! translations, numbered when there are several senses (`1. Case`, `2. Fettle`).
//!
//! A translation line may list several renderings (`ien, ois`); notes in brackets are
//! dropped, and lines that are not translations (definitions in the headword's language,
//! which some dictionaries add after a sense's number) are left out. Entries of several
//! words on either side are kept as phrases. The body arrives here already decompressed:
//! reading the files is [`crate::files`]'s job.

use super::dictionary::Dictionary;
use crate::text::identify::iso639_1;

/// Renderings of more words than this are explanations rather than translations.
const MAX_PHRASE_WORDS: usize = 4;

/// A dictd dictionary that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DictdError {
    /// An index line is not `headword<TAB>offset<TAB>length` in dictd's base 64.
    #[error("index line {line} is not `headword<TAB>offset<TAB>length`: {text:?}")]
    Index {
        /// 1-based line number.
        line: usize,
        /// The line.
        text: String,
    },
    /// An index line points outside the body.
    #[error("index line {line} points past the end of the dictionary body ({length} bytes)")]
    OutOfBody {
        /// 1-based line number.
        line: usize,
        /// The body's length in bytes.
        length: usize,
    },
}

/// The word pairs of a dictd dictionary: its `index` and its decompressed `body`; with
/// `english_target`, a leading `to ` of a translation (an English verb) is dropped. The
/// pairs are headword first, as the dictionary's name orders its languages.
pub fn parse_dictd(
    index: &str,
    body: &[u8],
    english_target: bool,
) -> Result<Dictionary, DictdError> {
    let mut dictionary = Dictionary::default();
    let mut seen = std::collections::HashSet::new();
    for (number, line) in index.lines().enumerate() {
        let line_number = number + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(headword), Some(offset), Some(length), None) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(DictdError::Index {
                line: line_number,
                text: line.to_owned(),
            });
        };
        // dictd's own entries: the database's name, URL, alphabet and so on.
        if headword.starts_with("00database") || headword.starts_with("00-database") {
            continue;
        }
        let (Some(offset), Some(length)) = (base64_number(offset), base64_number(length)) else {
            return Err(DictdError::Index {
                line: line_number,
                text: line.to_owned(),
            });
        };
        let entry = offset
            .checked_add(length)
            .and_then(|end| body.get(offset..end))
            .ok_or(DictdError::OutOfBody {
                line: line_number,
                length: body.len(),
            })?;
        // Several headwords may share an entry (a form and its variant): read it once.
        if !seen.insert((offset, length)) {
            continue;
        }
        let entry = String::from_utf8_lossy(entry);
        let headword = entry_headword(&entry).unwrap_or(headword);
        for translation in translations(&entry) {
            let translation = match translation.strip_prefix("to ") {
                Some(verb) if english_target && !verb.is_empty() => verb.to_owned(),
                _ => translation,
            };
            dictionary.pairs.push((headword.to_owned(), translation));
        }
    }
    dictionary
        .pairs
        .retain(|(source, target)| !source.is_empty() && !target.is_empty());
    Ok(dictionary)
}

/// A number in dictd's base 64 (`A`–`Z`, `a`–`z`, `0`–`9`, `+`, `/`, most significant
/// digit first).
fn base64_number(text: &str) -> Option<usize> {
    if text.is_empty() || text.len() > 10 {
        return None;
    }
    text.bytes().try_fold(0usize, |number, byte| {
        let digit = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        Some(number * 64 + usize::from(digit))
    })
}

/// `number` in dictd's base 64, as an index writes offsets and lengths.
pub fn base64_text(number: usize) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut digits = Vec::new();
    let mut rest = number;
    loop {
        digits.push(DIGITS[rest % 64]);
        rest /= 64;
        if rest == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).expect("base-64 digits are ASCII")
}

/// The headword as the entry's first line writes it, without pronunciations and
/// grammar labels.
fn entry_headword(entry: &str) -> Option<&str> {
    let first = entry.lines().next()?;
    let end = [" /", " <"]
        .iter()
        .filter_map(|mark| first.find(mark))
        .min()
        .unwrap_or(first.len());
    Some(first[..end].trim()).filter(|h| !h.is_empty())
}

/// The translations of an entry: the first line after the headword, and the text after
/// each sense number; split at commas and semicolons, notes in brackets dropped,
/// renderings of more than [`MAX_PHRASE_WORDS`] words (explanations) left out.
fn translations(entry: &str) -> Vec<String> {
    let mut lines = entry.lines().skip(1);
    let mut found = Vec::new();
    let mut take = |text: &str| {
        for rendering in without_notes(text).split([',', ';']) {
            let rendering = rendering.split_whitespace().collect::<Vec<_>>().join(" ");
            let words = rendering.split(' ').count();
            if !rendering.is_empty() && words <= MAX_PHRASE_WORDS && !found.contains(&rendering) {
                found.push(rendering);
            }
        }
    };
    if let Some(first) = lines.next() {
        match sense_text(first) {
            Some(text) => take(text),
            None => take(first),
        }
    }
    for line in lines {
        if let Some(text) = sense_text(line) {
            take(text);
        }
    }
    found
}

/// The text of a numbered sense line (`1. maison 2.` → `maison`), or none when the line
/// has no sense number.
fn sense_text(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let rest = trimmed[digits..].strip_prefix('.').filter(|_| digits > 0)?;
    // A trailing number opens the next sense, whose text (if any) is on the next lines.
    let rest = rest.trim_end();
    let rest = match rest.rsplit_once(' ') {
        Some((before, last))
            if last.ends_with('.')
                && last[..last.len() - 1].bytes().all(|b| b.is_ascii_digit())
                && last.len() > 1 =>
        {
            before
        }
        _ => rest,
    };
    Some(rest.trim())
}

/// `text` without notes in brackets: `(…)`, `[…]`, `{…}` and `<…>`.
fn without_notes(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' | '>' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    kept
}

/// The language code qantara uses for a FreeDict language (ISO 639-3, as in
/// `freedict-ara-eng`).
pub fn freedict_language(code: &str) -> Option<&'static str> {
    iso639_1(code)
}

/// The two languages a FreeDict dictionary's name gives (`freedict-ara-eng` or
/// `ara-eng` → `ar`, `en`).
pub fn freedict_languages(name: &str) -> Option<(&'static str, &'static str)> {
    let name = name.strip_prefix("freedict-").unwrap_or(name);
    let (source, target) = name.split_once('-')?;
    Some((freedict_language(source)?, freedict_language(target)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dictd index and body holding `entries` (headword, entry text).
    fn dictd(entries: &[(&str, &str)]) -> (String, Vec<u8>) {
        let (mut index, mut body) = (String::new(), Vec::new());
        for (headword, text) in entries {
            index.push_str(&format!(
                "{headword}\t{}\t{}\n",
                base64_text(body.len()),
                base64_text(text.len())
            ));
            body.extend_from_slice(text.as_bytes());
        }
        (index, body)
    }

    fn pairs(dictionary: &Dictionary) -> Vec<String> {
        dictionary
            .pairs
            .iter()
            .map(|(s, t)| format!("{s}={t}"))
            .collect()
    }

    #[test]
    fn dictd_numbers_are_base_64() {
        assert_eq!(base64_number("A"), Some(0));
        assert_eq!(base64_number("B"), Some(1));
        assert_eq!(base64_number("BA"), Some(64));
        assert_eq!(
            base64_number("NHEP"),
            Some(((13 * 64 + 7) * 64 + 4) * 64 + 15)
        );
        assert_eq!(base64_number(&base64_text(123_456_789)), Some(123_456_789));
        assert_eq!(base64_number("a-b"), None);
        assert_eq!(base64_number(""), None);
    }

    #[test]
    fn senses_split_notes_and_labels_dropped_definitions_left_out() {
        let (index, body) = dictd(&[
            ("00databaseshort", "Test dictionary\n"),
            (
                "حالة",
                "حالة /ħˈaːla/\n1. Case\n2. Fettle (rare)\n3. Instance; Situation\n",
            ),
            (
                "Haus",
                "Haus /haʊ̯s/ <n, neut>\n1. maison 2.\nzu einem bestimmten Zweck erbautes Gebäude\n 3. foyer, logis\n",
            ),
            ("abajgat", "abajgat /ˈɑbɑjɡɑt/\nto pester\n"),
            (
                "lang",
                "lang /x/\na rendering of far too many words to be one\n",
            ),
        ]);
        let dictionary = parse_dictd(&index, &body, true).unwrap();
        assert_eq!(
            pairs(&dictionary),
            [
                "حالة=Case",
                "حالة=Fettle",
                "حالة=Instance",
                "حالة=Situation",
                "Haus=maison",
                "Haus=foyer",
                "Haus=logis",
                "abajgat=pester",
            ]
        );
    }

    #[test]
    fn an_index_that_points_outside_the_body_is_refused() {
        assert_eq!(
            parse_dictd("word\tA\tZ\n", b"word\nx\n", false),
            Err(DictdError::OutOfBody { line: 1, length: 7 })
        );
        assert!(matches!(
            parse_dictd("word A B\n", b"", false),
            Err(DictdError::Index { line: 1, .. })
        ));
    }

    #[test]
    fn freedict_names_give_their_languages() {
        assert_eq!(freedict_languages("freedict-ara-eng"), Some(("ar", "en")));
        assert_eq!(freedict_languages("deu-fra"), Some(("de", "fr")));
        assert_eq!(freedict_languages("freedict-xxx-eng"), None);
    }
}
