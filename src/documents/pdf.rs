//! The text `pdftotext` (poppler) prints for a PDF, made into paragraphs: running headers
//! and footers (lines repeated at the top or bottom of most pages) and page numbers
//! dropped, words hyphenated across lines joined, wrapped lines joined into paragraphs
//! (a paragraph ends at a short line that ends a sentence; a short line without closing
//! punctuation after a paragraph's end is a heading). Two faults of poppler's reading of
//! right-to-left lines are mended: the full stop or quote that ends a line is printed at
//! its start, and a line is cut in two at a vowel mark and its halves printed the wrong
//! way round. PDF text is only as good as the PDF: a scan has none, and a PDF whose fonts
//! map glyphs to no characters gives garbage.

use std::collections::{HashMap, HashSet};

use super::Paragraphs;
use crate::segment::rules::is_end_mark;
use unicode_normalization::char::is_combining_mark;

use crate::text::normalize::is_invisible;

/// Poppler's bidi embedding controls.
const RIGHT_TO_LEFT_EMBEDDING: char = '\u{202B}';
const LEFT_TO_RIGHT_EMBEDDING: char = '\u{202A}';
const POP_DIRECTIONAL_FORMATTING: char = '\u{202C}';

/// The most pieces poppler is taken to have cut one visual line into.
const MAX_PIECES: usize = 4;

/// Lines at each end of a page where running headers, footers and page numbers are looked
/// for.
const MARGIN_LINES: usize = 2;

/// The paragraphs of a PDF from the text `pdftotext -enc UTF-8` printed for it (pages
/// separated by form feeds).
pub fn pdf_text(printed: &str) -> String {
    let pages: Vec<Vec<String>> = printed
        .split('\u{c}')
        .map(|page| {
            let lines = page.lines().map(str::to_owned).collect();
            mend_right_to_left(lines)
                .iter()
                .map(|line| mend_lam_alef(&move_leading_end_marks(line)))
                .collect()
        })
        .collect();
    let repeated = running_lines(&pages);
    let mut paragraphs = Paragraphs::default();
    let mut paragraph = String::new();
    let mut after_sentence = true;
    for page in &pages {
        let body = body_lines(page, &repeated);
        let width = typical_width(&body);
        for line in body {
            let line = line.trim();
            let length = line.chars().count();
            let ends = ends_sentence(line);
            if after_sentence && !ends && length * 10 < width * 6 {
                // A heading: a paragraph of its own.
                paragraphs.push_str(&paragraph);
                paragraphs.end();
                paragraphs.push_str(line);
                paragraphs.end();
                paragraph.clear();
                continue;
            }
            if ends_with_hyphen(&paragraph) && line.starts_with(char::is_lowercase) {
                paragraph.pop();
            } else if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(line);
            after_sentence = ends;
            if ends && length * 100 < width * 85 {
                paragraphs.push_str(&paragraph);
                paragraphs.end();
                paragraph.clear();
            }
        }
    }
    paragraphs.push_str(&paragraph);
    paragraphs.finish()
}

/// The width of a page's full lines, in characters: the third quartile of its lines'
/// lengths (the longest line may be two joined by poppler at a hyphen).
fn typical_width(lines: &[&String]) -> usize {
    let mut lengths: Vec<usize> = lines.iter().map(|l| l.trim().chars().count()).collect();
    lengths.sort_unstable();
    lengths.get(lengths.len() * 3 / 4).copied().unwrap_or(0)
}

/// Whether `line` ends with a word cut by a hyphen (a letter, then `-`).
fn ends_with_hyphen(line: &str) -> bool {
    let mut chars = line.chars().rev();
    chars.next() == Some('-') && chars.next().is_some_and(char::is_alphabetic)
}

/// Whether `line` ends a sentence: its last mark, past closing quotes and brackets, is a
/// full stop, question or exclamation mark.
fn ends_sentence(line: &str) -> bool {
    line.chars()
        .rev()
        .find(|&c| !matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']') && !is_invisible(c))
        .is_some_and(is_end_mark)
}

/// A line as poppler printed it, in reading order and without bidi controls. In a line
/// read right to left, poppler wraps each run of punctuation in a left-to-right
/// embedding: the run it prints first holds the marks that end the line (moved to its
/// end), and a run inside the line is printed in display order (reversed: `الشمالي .وأضافت`
/// is `الشمالي. وأضافت`).
fn move_leading_end_marks(line: &str) -> String {
    let only_marks = |run: &str| {
        !run.is_empty()
            && run
                .chars()
                .all(|c| c.is_whitespace() || (!c.is_alphanumeric() && !is_combining_mark(c)))
    };
    let (mut body, mut end_marks) = (line, "");
    if let Some(rest) = line
        .strip_prefix(RIGHT_TO_LEFT_EMBEDDING)
        .and_then(|rest| rest.strip_prefix(LEFT_TO_RIGHT_EMBEDDING))
        && let Some((marks, after)) = rest.split_once(POP_DIRECTIONAL_FORMATTING)
        && only_marks(marks)
    {
        (body, end_marks) = (after, marks.trim());
    }
    let mut logical = String::with_capacity(line.len());
    let mut pieces = body.split(LEFT_TO_RIGHT_EMBEDDING);
    logical.extend(pieces.next().into_iter().flat_map(str::chars));
    for piece in pieces {
        match piece.split_once(POP_DIRECTIONAL_FORMATTING) {
            Some((run, after)) if only_marks(run) => {
                logical.extend(run.chars().rev());
                logical.push_str(after);
            }
            _ => logical.push_str(piece),
        }
    }
    let mut logical: String = logical.chars().filter(|&c| !is_bidi_control(c)).collect();
    if !end_marks.is_empty() {
        logical.truncate(logical.trim_end().len());
        logical.push_str(end_marks);
    }
    logical
}

/// `line` with the lam-alef ligatures poppler broke put right: it prints the ligature
/// (lam, then an alef) reversed, and an alef followed by a second alef and a lam, which
/// Arabic spelling never writes, is `ال` and that alef (`االتفاقيات` is `الاتفاقيات`,
/// `األتراك` is `الأتراك`). Where the ligature follows another letter than an alef the
/// reversal cannot be told from a real word, and is left.
fn mend_lam_alef(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut mended = String::with_capacity(line.len());
    let mut k = 0;
    while k < chars.len() {
        if chars[k] == 'ا'
            && chars
                .get(k + 1)
                .is_some_and(|&c| matches!(c, 'ا' | 'أ' | 'إ' | 'آ'))
            && chars.get(k + 2) == Some(&'ل')
        {
            mended.extend(['ا', 'ل', chars[k + 1]]);
            k += 3;
        } else {
            mended.push(chars[k]);
            k += 1;
        }
    }
    mended
}

/// Whether `c` is one of the bidi embedding, override and isolate controls.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The lines of a page with the halves of lines poppler cut at a vowel mark joined in
/// reading order. Poppler cuts a right-to-left line where a mark sits apart from its
/// letter and prints the two halves as two lines, the later half first: either the mark
/// starts the later half (printed before the line it follows), or it ends the earlier
/// half after a space (printed after the line it comes before). A space poppler puts
/// before a mark is dropped.
fn mend_right_to_left(lines: Vec<String>) -> Vec<String> {
    // Each mended line with the number of pieces joined into it: a visual line is cut in
    // a few pieces at most, and the bound keeps the joining linear whatever the text.
    let mut mended: Vec<(String, usize)> = Vec::with_capacity(lines.len());
    // Later halves that start with a mark, waiting for the line they follow.
    let mut waiting: Vec<String> = Vec::new();
    for line in lines {
        let first = line.chars().find(|&c| !is_bidi_control(c));
        if first.is_some_and(is_combining_mark) && waiting.len() + 1 < MAX_PIECES {
            waiting.push(line);
            continue;
        }
        let mut line = (line, 1 + waiting.len());
        while let Some(later) = waiting.pop() {
            line.0.push_str(&later);
        }
        match mended.last_mut() {
            Some(previous)
                if ends_with_detached_mark(&line.0) && previous.1 + line.1 <= MAX_PIECES =>
            {
                previous.0.insert_str(0, &line.0);
                previous.1 += line.1;
            }
            _ => mended.push(line),
        }
    }
    mended.extend(waiting.into_iter().map(|line| (line, 1)));
    mended.iter().map(|(line, _)| attach_marks(line)).collect()
}

/// Whether `line` ends with a vowel mark that follows a space (past bidi controls).
fn ends_with_detached_mark(line: &str) -> bool {
    let mut chars = line.chars().rev().filter(|&c| !is_bidi_control(c));
    let Some(last) = chars.next() else {
        return false;
    };
    is_combining_mark(last)
        && chars
            .find(|&c| !is_combining_mark(c))
            .is_some_and(char::is_whitespace)
}

/// `line` without the spaces before its vowel marks.
fn attach_marks(line: &str) -> String {
    let mut attached = String::with_capacity(line.len());
    let mut spaces = String::new();
    for c in line.chars() {
        if c == ' ' {
            spaces.push(c);
            continue;
        }
        if !is_combining_mark(c) {
            attached.push_str(&spaces);
        }
        spaces.clear();
        attached.push(c);
    }
    attached.push_str(&spaces);
    attached
}

/// A line as it is compared across pages: trimmed, its digits all one digit (a header
/// that holds the page number is the same on every page).
fn line_shape(line: &str) -> String {
    line.trim()
        .chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect()
}

/// The shapes of lines found in the margins of at least half the pages (and of two
/// pages at least): running headers and footers.
fn running_lines(pages: &[Vec<String>]) -> HashSet<String> {
    let mut pages_with: HashMap<String, usize> = HashMap::new();
    for page in pages {
        let mut shapes: Vec<String> = margins(page).map(|line| line_shape(line)).collect();
        shapes.sort();
        shapes.dedup();
        for shape in shapes {
            *pages_with.entry(shape).or_default() += 1;
        }
    }
    let printed_pages = pages.iter().filter(|page| !page.is_empty()).count();
    pages_with
        .into_iter()
        .filter(|(shape, count)| !shape.is_empty() && *count >= 2 && count * 2 >= printed_pages)
        .map(|(shape, _)| shape)
        .collect()
}

/// The non-blank lines at the top and bottom of a page.
fn margins(page: &[String]) -> impl Iterator<Item = &String> {
    let printed: Vec<&String> = page.iter().filter(|l| !l.trim().is_empty()).collect();
    let top = printed.len().min(MARGIN_LINES);
    let bottom = printed.len().saturating_sub(MARGIN_LINES).max(top);
    let mut chosen = printed[..top].to_vec();
    chosen.extend_from_slice(&printed[bottom..]);
    chosen.into_iter()
}

/// The non-blank lines of a page without its running headers and footers and its page
/// number.
fn body_lines<'p>(page: &'p [String], repeated: &HashSet<String>) -> Vec<&'p String> {
    let printed: Vec<&String> = page.iter().filter(|l| !l.trim().is_empty()).collect();
    let count = printed.len();
    printed
        .into_iter()
        .enumerate()
        .filter(|&(k, line)| {
            let in_margin = k < MARGIN_LINES || k + MARGIN_LINES >= count;
            !(in_margin && (is_page_number(line) || repeated.contains(&line_shape(line))))
        })
        .map(|(_, line)| line)
        .collect()
}

/// Whether `line` is a page number alone: `7`, `- 7 -`, `Page 7`, `7 / 20`, `vii`.
fn is_page_number(line: &str) -> bool {
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | '/' | '|'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let numeral = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit())
            || (w.len() <= 6 && w.chars().all(|c| "ivxlc".contains(c)))
    };
    !words.is_empty()
        && words.len() <= 4
        && words.iter().any(|w| numeral(w))
        && words
            .iter()
            .all(|w| numeral(w) || matches!(w.as_str(), "page" | "p." | "of" | "seite" | "صفحة"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_make_paragraphs_and_headings_stand_alone() {
        let printed = "A first line of a paragraph that is wrapped at the width of\nthe page and ends here.\nA heading\nThe next paragraph goes on for as long as the first line of\nthe page, and ends with its own full stop.\n";
        assert_eq!(
            pdf_text(printed),
            "A first line of a paragraph that is wrapped at the width of the page and ends here.\n\nA heading\n\nThe next paragraph goes on for as long as the first line of the page, and ends with its own full stop.\n"
        );
    }

    #[test]
    fn running_headers_footers_and_page_numbers_are_dropped() {
        let words = ["one", "two", "three"];
        let page = |n: usize| {
            format!(
                "The Annual Report 2020\nBody text of page {w} goes on and on for a long while.\nIt has a second line, on {w}.\nAnd a third, as pages do, on {w}.\nPage {n} of 3\n",
                w = words[n - 1]
            )
        };
        let printed = format!("{}\u{c}{}\u{c}{}\u{c}", page(1), page(2), page(3));
        let text = pdf_text(&printed);
        assert!(!text.contains("Annual Report"), "{text}");
        assert!(!text.contains("of 3"), "{text}");
        assert_eq!(text.matches("Body text").count(), 3, "{text}");
    }

    #[test]
    fn hyphenated_words_are_joined() {
        let printed = "The negotiations were long and the parties de-\nclared that they would meet again in the spring.\n";
        assert!(pdf_text(printed).contains("parties declared that"));
    }

    #[test]
    fn broken_lam_alef_ligatures_after_an_alef_are_mended() {
        assert_eq!(
            mend_lam_alef("ناقشوا االحتياطات واالتفاقيات"),
            "ناقشوا الاحتياطات والاتفاقيات"
        );
        assert_eq!(
            mend_lam_alef("الجنود األتراك باألمر"),
            "الجنود الأتراك بالأمر"
        );
        assert_eq!(mend_lam_alef("ألف طال"), "ألف طال");
    }

    #[test]
    fn right_to_left_lines_are_mended() {
        // poppler prints the full stop of a right-to-left line at its start, and the half
        // of a line cut at a vowel mark before the half it follows.
        let inner = "\u{202B}حلب الشمالي\u{202A} .\u{202C}وأضافت\u{202C}";
        assert_eq!(move_leading_end_marks(inner), "حلب الشمالي. وأضافت");
        let printed = "\u{202B}\u{064B} من تركيا\u{202C}\n\u{202B}سيكون حربا\u{202C}\n\u{202B}\u{064E}ي إدلب وحلب\u{202C}\n\u{202B}\u{202A}.\u{202C}على ريف\u{202C}\n";
        let lines = mend_right_to_left(printed.lines().map(str::to_owned).collect());
        let mended: Vec<String> = lines.iter().map(|l| move_leading_end_marks(l)).collect();
        assert_eq!(
            mended,
            ["سيكون حربا\u{064B} من تركيا", "على ريف\u{064E}ي إدلب وحلب."]
        );
        // The other cut: the earlier half ends with a mark after a space.
        let printed = "\u{202B}مت بين الطرفين العام\u{202C}\n\u{202B}بناء على تفاهمات ت \u{0651}\u{202C}\n\u{202B}حربا \u{064B} من\u{202C}";
        let lines = mend_right_to_left(printed.lines().map(str::to_owned).collect());
        let mended: Vec<String> = lines.iter().map(|l| move_leading_end_marks(l)).collect();
        assert_eq!(
            mended,
            [
                "بناء على تفاهمات ت\u{0651}مت بين الطرفين العام",
                "حربا\u{064B} من"
            ]
        );
    }
}
