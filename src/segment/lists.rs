//! Lists run inline in a paragraph, with no line breaks between their items:
//! `1.) first 2.) second`, `1) a 2) b`, `1. a 2. b`, `a. x b. y`, `• 9. a • 10. b`,
//! `⁃9. a ⁃10. b`, and in Arabic `١. أ ٢. ب` and `أ. س ب. ص`. A marker is a number, a
//! lower-case letter or an Arabic letter of the abjad order, closed by `.`, `)`, `.)` or
//! (Arabic) `-`, at the start of the paragraph or after whitespace or a bullet, followed
//! by whitespace and a word. Markers count as a list only when one is followed later by
//! the next in order of the same kind (`1.` then `2.`, `a)` then `b)`), so that a lone
//! `b.` or `2.` in a sentence stays what it is.

use std::ops::Range;

/// Bullets that may stand before a marker.
const BULLETS: &[char] = &['•', '⁃', '‣', '◦', '▪', '∙', '·', '-', '*', '–'];

/// Arabic letters in the abjad order lists use: أ ب ج د هـ و ز ح ط ي.
const ABJAD: &[char] = &['أ', 'ب', 'ج', 'د', 'ه', 'و', 'ز', 'ح', 'ط', 'ي'];

/// The largest number taken as a list item's number.
const MAX_ITEM_NUMBER: u32 = 999;

/// What a marker counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Western or Arabic-Indic digits.
    Number,
    /// Latin lower-case letters.
    Letter,
    /// Arabic letters in abjad order.
    Abjad,
}

/// One possible marker: its byte range (from its bullet, if any), what it counts in, its
/// value in that order, and how it is closed.
#[derive(Debug, Clone)]
struct Marker {
    range: Range<usize>,
    kind: Kind,
    value: u32,
    closing: &'static str,
}

/// The byte ranges of the markers of the inline lists in `paragraph`, in order.
pub(super) fn list_markers(paragraph: &str) -> Vec<Range<usize>> {
    let candidates = candidates(paragraph);
    let mut in_list = vec![false; candidates.len()];
    // For each kind and closing, the last candidate seen and whether its chain may be a
    // list: a candidate whose value is one more than the last one's links the two.
    let mut last: Vec<(Kind, &'static str, u32, usize, bool)> = Vec::new();
    for (k, marker) in candidates.iter().enumerate() {
        let key = (marker.kind, marker.closing);
        let entry = last.iter_mut().find(|e| (e.0, e.1) == key);
        let linked = entry
            .as_ref()
            .is_some_and(|e| e.4 && marker.value == e.2 + 1);
        if linked && let Some(e) = &entry {
            in_list[e.3] = true;
            in_list[k] = true;
        }
        let chain_ok = linked || may_start_list(paragraph, marker);
        let new = (marker.kind, marker.closing, marker.value, k, chain_ok);
        match entry {
            Some(e) => *e = new,
            None => last.push(new),
        }
    }
    candidates
        .into_iter()
        .zip(in_list)
        .filter(|(_, listed)| *listed)
        .map(|(marker, _)| marker.range)
        .collect()
}

/// Whether `marker` may be the first item of a list: a marker closed by a bracket
/// always may; one closed by a full stop (`3.`, `a.`) only at the start of the paragraph,
/// after a bullet, or after a sentence's or clause's end (`:`), since `Chapter 3.` and
/// `Chapter 4.` in running text are no list.
fn may_start_list(paragraph: &str, marker: &Marker) -> bool {
    if marker.closing.ends_with(')') {
        return true;
    }
    let before = paragraph[..marker.range.start].trim_end();
    before.is_empty()
        || paragraph[marker.range.clone()].starts_with(BULLETS)
        || before.ends_with(['.', ':', ';', '!', '?', '؟', '؛'])
}

/// Every place in `paragraph` that reads as a list marker: at the start of the
/// paragraph, after whitespace, or after a bullet that itself starts the paragraph or
/// follows whitespace. Only the places before a `.`, `)` or `-` are looked at, so that
/// running text costs little more than a search for those bytes.
fn candidates(paragraph: &str) -> Vec<Marker> {
    let mut found: Vec<Marker> = Vec::new();
    for (closing_at, _) in paragraph.match_indices(['.', ')', '-']) {
        let Some(body_start) = body_start_before(paragraph, closing_at) else {
            continue;
        };
        let before = paragraph[..body_start].chars().next_back();
        let after_space = before.is_none_or(char::is_whitespace);
        let after_bullet = before.is_some_and(|b| BULLETS.contains(&b)) && {
            let ahead = &paragraph[..body_start - before.map_or(0, char::len_utf8)];
            ahead.chars().next_back().is_none_or(char::is_whitespace)
        };
        if !(after_space || after_bullet) {
            continue;
        }
        if let Some(mut marker) = marker_at(paragraph, body_start)
            && found
                .last()
                .is_none_or(|last| last.range.end <= marker.range.start)
        {
            // A bullet before the marker (`• 9.`, `⁃9.`) belongs to it.
            marker.range.start = bullet_start(paragraph, body_start);
            found.push(marker);
        }
    }
    found
}

/// Where a marker's body that ends at byte `end` would start: the run of up to four
/// digits before it, or the single letter (`هـ` with its tatweel).
fn body_start_before(paragraph: &str, end: usize) -> Option<usize> {
    let mut start = end;
    let mut digits = 0;
    for (at, c) in paragraph[..end].char_indices().rev().take(4) {
        if c.is_numeric() {
            start = at;
            digits += 1;
        } else {
            break;
        }
    }
    if digits > 0 {
        return Some(start);
    }
    let mut back = paragraph[..end].char_indices().rev();
    let (at, last) = back.next()?;
    match last {
        'ـ' => back.next().filter(|&(_, c)| c == 'ه').map(|(at, _)| at),
        c if c.is_ascii_lowercase() || ABJAD.contains(&c) => Some(at),
        _ => None,
    }
}

/// Where the bullet before byte `at` starts (with one space between), or `at`.
fn bullet_start(paragraph: &str, at: usize) -> usize {
    let before = &paragraph[..at];
    let trimmed = before.strip_suffix(' ').unwrap_or(before);
    match trimmed.chars().next_back() {
        Some(bullet) if BULLETS.contains(&bullet) => {
            let start = trimmed.len() - bullet.len_utf8();
            let ahead = &paragraph[..start];
            if ahead.is_empty() || ahead.ends_with(char::is_whitespace) {
                start
            } else {
                at
            }
        }
        _ => at,
    }
}

/// The marker that starts at byte `at`, if one does: its body, its closing, then
/// whitespace and a word.
fn marker_at(paragraph: &str, at: usize) -> Option<Marker> {
    let rest = &paragraph[at..];
    let (kind, value, body_len) = marker_body(rest)?;
    let after_body = &rest[body_len..];
    let closing = [".)", ")", ".", "-"]
        .into_iter()
        .find(|closing| after_body.starts_with(closing))?;
    if closing == "-" && kind == Kind::Letter {
        return None;
    }
    let after = &after_body[closing.len()..];
    let mut next = after.chars();
    if !next.next().is_some_and(char::is_whitespace) {
        return None;
    }
    if !after
        .trim_start()
        .starts_with(|c: char| c.is_alphanumeric() || c == '"')
    {
        return None;
    }
    Some(Marker {
        range: at..at + body_len + closing.len(),
        kind,
        value,
        closing,
    })
}

/// The body of a marker at the start of `text`: its kind, its value and its length.
fn marker_body(text: &str) -> Option<(Kind, u32, usize)> {
    let mut chars = text.char_indices();
    let (_, first) = chars.next()?;
    if let Some(digit) = first.to_digit(10).or_else(|| arabic_indic_digit(first)) {
        let mut value = digit;
        let mut length = first.len_utf8();
        for (at, c) in chars.take(3) {
            match c.to_digit(10).or_else(|| arabic_indic_digit(c)) {
                Some(digit) => {
                    value = value * 10 + digit;
                    length = at + c.len_utf8();
                }
                None => break,
            }
        }
        return (value <= MAX_ITEM_NUMBER && !text[length..].starts_with(char::is_numeric))
            .then_some((Kind::Number, value, length));
    }
    if first.is_ascii_lowercase() {
        // Roman numerals would read as letters (`i.` then `ii.`): only single letters.
        return Some((Kind::Letter, u32::from(first) - u32::from('a') + 1, 1));
    }
    let position = ABJAD.iter().position(|&letter| letter == first)?;
    // `هـ` is written with a tatweel.
    let length = if first == 'ه' && text[first.len_utf8()..].starts_with('ـ') {
        first.len_utf8() + 'ـ'.len_utf8()
    } else {
        first.len_utf8()
    };
    Some((Kind::Abjad, u32::try_from(position).ok()? + 1, length))
}

/// The value of an Arabic-Indic or Extended Arabic-Indic digit.
fn arabic_indic_digit(c: char) -> Option<u32> {
    match c {
        '٠'..='٩' => Some(u32::from(c) - u32::from('٠')),
        '۰'..='۹' => Some(u32::from(c) - u32::from('۰')),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(text: &str) -> Vec<&str> {
        list_markers(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn numbered_lettered_and_bulleted_markers_in_order() {
        assert_eq!(markers("1.) The first 2.) The second"), ["1.)", "2.)"]);
        assert_eq!(markers("1) a 2) b 3) c"), ["1)", "2)", "3)"]);
        assert_eq!(markers("a. The first b. The second"), ["a.", "b."]);
        assert_eq!(
            markers("• 9. The first • 10. The second"),
            ["• 9.", "• 10."]
        );
        assert_eq!(markers("⁃9. The first ⁃10. The second"), ["⁃9.", "⁃10."]);
        assert_eq!(markers("١. الأول ٢. الثاني"), ["١.", "٢."]);
        assert_eq!(markers("أ. الأول ب. الثاني"), ["أ.", "ب."]);
    }

    #[test]
    fn markers_out_of_order_or_alone_are_no_list() {
        assert!(markers("He came 2. Then he left.").is_empty());
        assert!(markers("Plan a. Then plan b.").is_empty());
        assert!(markers("Chapter 3. The end. Chapter 4. More.").is_empty());
        assert!(markers("Version 1.2 and 2.3 are out.").is_empty());
    }
}
