//! Lines and paragraphs of running text.
//!
//! Text without blank lines has one paragraph a line. Text with blank lines has one
//! paragraph a block; inside a block a line break is ordinary whitespace (wrapped
//! text), except after a line that looks like a heading or list item, or before a line
//! that starts a list item, where it ends a sentence.

use super::rules::{ends_with_terminal_punctuation, starts_with_list_marker};

/// A paragraph: its byte range and the line breaks inside it that end a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Paragraph {
    pub start: usize,
    pub end: usize,
    /// Byte offsets (into the whole text) of line ends inside the paragraph that end a
    /// sentence.
    pub breaks: Vec<usize>,
}

/// The byte ranges of the lines of `text`, without their terminators. `\n`, `\r\n` and
/// a lone `\r` all end a line.
pub(super) fn lines(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                lines.push((start, i));
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        lines.push((start, bytes.len()));
    }
    lines
}

/// Splits `text` into paragraphs; blank lines belong to none.
pub(super) fn paragraphs(text: &str) -> Vec<Paragraph> {
    let is_blank =
        |&(start, end): &(usize, usize)| crate::text::normalize::is_blank(&text[start..end]);
    let all_lines = lines(text);
    let blocks: Vec<&[(usize, usize)]> = all_lines
        .split(is_blank)
        .filter(|block| !block.is_empty())
        .collect();
    let has_blank_lines = all_lines.iter().any(is_blank);
    if !has_blank_lines {
        return all_lines
            .iter()
            .map(|&(start, end)| Paragraph {
                start,
                end,
                breaks: Vec::new(),
            })
            .collect();
    }
    blocks
        .into_iter()
        .map(|block| Paragraph {
            start: block[0].0,
            end: block[block.len() - 1].1,
            breaks: block_breaks(text, block),
        })
        .collect()
}

/// The line ends inside a block that end a sentence: after a line much shorter than
/// the block's longest that has no closing punctuation (a heading, a short list item),
/// and before a line that starts with a list marker.
fn block_breaks(text: &str, block: &[(usize, usize)]) -> Vec<usize> {
    let width = |&(start, end): &(usize, usize)| text[start..end].trim().chars().count();
    let longest = block.iter().map(width).max().unwrap_or(0);
    block
        .windows(2)
        .filter(|pair| {
            let line = text[pair[0].0..pair[0].1].trim();
            let next = text[pair[1].0..pair[1].1].trim();
            let heading_like =
                width(&pair[0]) * 10 < longest * 6 && !ends_with_terminal_punctuation(line);
            heading_like || starts_with_list_marker(next)
        })
        .map(|pair| pair[0].1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        assert_eq!(lines("a\r\nb\rc\n"), [(0, 1), (3, 4), (5, 6)]);
    }

    #[test]
    fn heading_inside_a_block_is_a_break() {
        let text =
            "Title\nA long wrapped line of running text that goes on and\non to the end.\n\nNext";
        let got = paragraphs(text);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].breaks, [5]);
    }

    #[test]
    fn list_items_inside_a_block_are_breaks() {
        let text =
            "The options are these, all of them long enough to wrap here\n- first\n- second\n\nEnd";
        assert_eq!(paragraphs(text)[0].breaks.len(), 2);
    }
}
