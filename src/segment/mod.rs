//! Sentence segmentation: text in, sentences with byte offsets and paragraph numbers out.
//!
//! Two layouts are understood. Raw text is split into paragraphs (one a line, or blocks
//! separated by blank lines when the text has them) and each paragraph into sentences by
//! the rules in [`rules`]. Pre-segmented text holds one sentence a line, with blank lines
//! between paragraphs. Every sentence keeps the byte range it came from, so nothing is
//! lost or invented: the sentences and the whitespace between them tile the input.

mod lists;
mod paragraphs;
#[cfg(test)]
mod properties;
pub mod rules;
pub mod srx;

use paragraphs::{Paragraph, paragraphs};

use crate::text::normalize::is_blank;
pub use rules::Rules;

/// One sentence of a text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Sentence {
    /// The sentence as written, without surrounding whitespace; inner whitespace and
    /// line breaks are kept.
    pub text: String,
    /// Byte offset of the first byte of the sentence in the segmented text.
    pub start: usize,
    /// Byte offset one past the last byte of the sentence.
    pub end: usize,
    /// 0-based number of the paragraph the sentence belongs to.
    pub paragraph: usize,
}

/// How the sentences of an input are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Running text, split by the segmentation rules of its language.
    Raw,
    /// One sentence a line; blank lines separate paragraphs.
    PreSegmented,
}

impl Layout {
    /// The name stored with a document, saying how its segments were made.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Raw => "rules",
            Layout::PreSegmented => "lines",
        }
    }
}

/// Splits `text` into sentences according to `layout`, with `rules` for raw text.
pub fn split(text: &str, layout: Layout, rules: &Rules) -> Vec<Sentence> {
    match layout {
        Layout::Raw => segment(text, rules),
        Layout::PreSegmented => split_lines(text),
    }
}

/// Splits running text into sentences with `rules`.
pub fn segment(text: &str, rules: &Rules) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    for (number, Paragraph { start, end, breaks }) in paragraphs(text).into_iter().enumerate() {
        let mut cuts = rules.sentence_ends(&text[start..end]);
        cuts.extend(breaks.iter().map(|offset| offset - start));
        cuts.sort_unstable();
        cuts.dedup();
        let mut from = start;
        for cut in cuts.into_iter().map(|cut| start + cut).chain([end]) {
            push_trimmed(&mut sentences, text, from, cut, number);
            from = cut;
        }
    }
    sentences
}

/// Splits pre-segmented text: each non-blank line is a sentence, blank lines separate
/// paragraphs.
pub fn split_lines(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut paragraph = 0;
    let mut previous_blank = false;
    for (start, end) in paragraphs::lines(text) {
        let blank = is_blank(&text[start..end]);
        if blank && !previous_blank && !sentences.is_empty() {
            paragraph += 1;
        }
        previous_blank = blank;
        push_trimmed(&mut sentences, text, start, end, paragraph);
    }
    sentences
}

/// Adds `text[from..to]` without its surrounding whitespace as a sentence, unless it
/// shows nothing (see [`is_blank`]).
fn push_trimmed(
    sentences: &mut Vec<Sentence>,
    text: &str,
    from: usize,
    to: usize,
    paragraph: usize,
) {
    let piece = &text[from..to];
    let trimmed = piece.trim_start();
    let start = from + (piece.len() - trimmed.len());
    let trimmed = trimmed.trim_end();
    if !is_blank(trimmed) {
        sentences.push(Sentence {
            text: trimmed.to_owned(),
            start,
            end: start + trimmed.len(),
            paragraph,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sentences: &[Sentence]) -> Vec<&str> {
        sentences.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn lines_are_paragraphs_when_there_are_no_blank_lines() {
        let got = split(
            "Heading\nFirst one. Second one.\r\nThird.",
            Layout::Raw,
            &Rules::for_language("en"),
        );
        assert_eq!(
            texts(&got),
            ["Heading", "First one.", "Second one.", "Third."]
        );
        let paragraphs: Vec<usize> = got.iter().map(|s| s.paragraph).collect();
        assert_eq!(paragraphs, [0, 1, 1, 2]);
    }

    #[test]
    fn wrapped_blocks_keep_their_line_breaks_inside_sentences() {
        let text = "The first sentence runs over\ntwo lines. A second one.\n\nNext block.\n";
        let got = split(text, Layout::Raw, &Rules::for_language("en"));
        assert_eq!(
            texts(&got),
            [
                "The first sentence runs over\ntwo lines.",
                "A second one.",
                "Next block."
            ]
        );
        assert_eq!(got[2].paragraph, 1);
    }

    #[test]
    fn offsets_point_back_into_the_input() {
        let text = "  قال. ثم ذهب؟\n\nEnd.";
        for sentence in split(text, Layout::Raw, &Rules::for_language("ar")) {
            assert_eq!(&text[sentence.start..sentence.end], sentence.text);
        }
    }

    #[test]
    fn pre_segmented_lines_are_sentences_and_blank_lines_paragraphs() {
        let got = split(
            "one .\ntwo\n\n\nthree\n",
            Layout::PreSegmented,
            &Rules::for_language("en"),
        );
        assert_eq!(texts(&got), ["one .", "two", "three"]);
        assert_eq!(got[2].paragraph, 1);
    }
}
