//! HTML pages: the visible text of block elements as paragraphs. The page is read by
//! html5ever's tokenizer (the HTML5 tokenization browsers follow, so entities are decoded
//! and script text is never taken for markup) without building a tree: html5ever's tree
//! builder takes time that grows with the square of the nesting depth, and a page of
//! deeply nested elements must cost no more than a flat one. Scripts, styles, the head,
//! navigation, forms' controls, hidden elements and comments are dropped; the `lang` of
//! the root element is the language the page declares.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::{Extracted, Paragraphs};

/// Elements whose text is read raw to their end tag and dropped, with how it is read.
const RAW_DROPPED: &[(&str, RawKind)] = &[
    ("script", RawKind::ScriptData),
    ("style", RawKind::Rawtext),
    ("noscript", RawKind::Rawtext),
    ("iframe", RawKind::Rawtext),
    ("xmp", RawKind::Rawtext),
    ("noembed", RawKind::Rawtext),
    ("noframes", RawKind::Rawtext),
    ("textarea", RawKind::Rcdata),
    ("title", RawKind::Rcdata),
];

/// Elements whose content is no text of the page.
const DROPPED: &[&str] = &[
    "head", "nav", "template", "svg", "math", "object", "canvas", "select", "button",
];

/// Elements that may hold a page's head, and nothing else does: any other start tag ends
/// a head whose end tag is missing.
const HEAD_CONTENT: &[&str] = &[
    "meta", "link", "base", "title", "style", "script", "noscript",
];

/// Elements that begin and end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "td",
    "th",
    "caption",
    "figcaption",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "main",
    "address",
    "table",
    "tr",
    "ul",
    "ol",
    "dl",
    "figure",
    "hr",
    "body",
    "form",
    "fieldset",
    "legend",
    "details",
    "summary",
    "center",
];

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose end tag may be left out: a hidden one ends at the next block.
const END_TAG_OPTIONAL: &[&str] = &["p", "li", "dt", "dd", "tr", "td", "th", "option"];

/// The text of the HTML page `page`.
pub fn html_text(page: &str) -> Extracted {
    let tokenizer = Tokenizer::new(Reading::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(page));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let state = tokenizer.sink.state.into_inner();
    Extracted {
        text: state.paragraphs.finish(),
        declared_language: state.declared_language,
    }
}

/// The element being skipped, with everything inside it.
struct Skipping {
    /// Its name.
    name: String,
    /// How many elements of that name are open inside the skipped region.
    depth: usize,
    /// Whether the next block ends it (an element whose end tag may be missing).
    ends_at_block: bool,
}

/// What has been read of the page so far.
#[derive(Default)]
struct State {
    paragraphs: Paragraphs,
    skipping: Option<Skipping>,
    declared_language: Option<String>,
}

/// The tokenizer's sink.
#[derive(Default)]
struct Reading {
    state: RefCell<State>,
}

impl TokenSink for Reading {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) => state.tag(&tag),
            Token::CharacterTokens(text) if state.skipping.is_none() => {
                state.paragraphs.push_str(&text);
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

impl State {
    /// Takes a start or end tag; says how the tokenizer reads what follows.
    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        if let Some(skipping) = &mut self.skipping {
            let ends_head = skipping.name == "head" && start && !HEAD_CONTENT.contains(&name);
            let ends_at_block = skipping.ends_at_block && BLOCKS.contains(&name);
            if ends_head || ends_at_block {
                self.skipping = None;
            } else {
                if name == skipping.name && !VOID.contains(&name) && !tag.self_closing {
                    if start {
                        skipping.depth += 1;
                    } else {
                        skipping.depth -= 1;
                    }
                }
                if skipping.depth == 0 {
                    self.skipping = None;
                }
                return raw_kind(name, start);
            }
        }
        if start && name == "html" {
            self.declared_language = value(tag, "lang")
                .or_else(|| value(tag, "xml:lang"))
                .filter(|lang| !lang.is_empty());
        }
        let hidden =
            value(tag, "hidden").is_some() || value(tag, "aria-hidden").as_deref() == Some("true");
        let raw = raw_kind(name, start);
        if start
            && !VOID.contains(&name)
            && !tag.self_closing
            && (hidden || DROPPED.contains(&name) || raw != TokenSinkResult::Continue)
        {
            self.skipping = Some(Skipping {
                name: name.to_owned(),
                depth: 1,
                ends_at_block: END_TAG_OPTIONAL.contains(&name),
            });
        }
        if BLOCKS.contains(&name) {
            self.paragraphs.end();
        } else if name == "br" && start {
            self.paragraphs.push_str(" ");
        }
        raw
    }
}

/// How the tokenizer reads the content of the element a start tag opens: raw text for
/// scripts, styles and the like, else as markup.
fn raw_kind(name: &str, start: bool) -> TokenSinkResult<()> {
    match RAW_DROPPED.iter().find(|(raw, _)| *raw == name) {
        Some((_, kind)) if start => TokenSinkResult::RawData(*kind),
        _ if start && name == "plaintext" => TokenSinkResult::Plaintext,
        _ => TokenSinkResult::Continue,
    }
}

/// The value of the attribute `name` of a tag, trimmed, if it has it.
fn value(tag: &Tag, name: &str) -> Option<String> {
    tag.attrs
        .iter()
        .find(|attribute| &*attribute.name.local == name)
        .map(|attribute| attribute.value.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_blocks_become_paragraphs() {
        let page = r#"<!DOCTYPE html>
<html lang="ar"><head><title>Title</title><style>p { color: red }</style>
<script>var x = "<p>no</p>";</script></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<h1>A &quot;heading&quot;</h1>
<!-- a comment -->
<p>First <b>bold</b>
 sentence.<br>Same paragraph &amp; more.</p>
<div hidden>Hidden <div>inside</div> too.</div>
<ul><li>One item.</li><li>Two.</li></ul>
<table><tr><td>Cell.</td><td>Other cell.</td></tr></table>
<p>Unclosed paragraph
<p hidden>Hidden, unclosed.
<p>Next.
</body></html>"#;
        let extracted = html_text(page);
        assert_eq!(
            extracted.text,
            "A \"heading\"\n\nFirst bold sentence. Same paragraph & more.\n\nOne item.\n\nTwo.\n\nCell.\n\nOther cell.\n\nUnclosed paragraph\n\nNext.\n"
        );
        assert_eq!(extracted.declared_language.as_deref(), Some("ar"));
    }

    #[test]
    fn a_head_without_its_end_tag_ends_where_the_body_begins() {
        let extracted = html_text("<html><head><meta charset=utf-8><title>T</title><p>Body text.");
        assert_eq!(extracted.text, "Body text.\n");
    }

    #[test]
    fn script_text_in_a_segment_is_never_taken_for_markup() {
        let extracted =
            html_text("<p>a &lt;script&gt; tag</p><script>if (a<b) { x = '</p>'; }</script>");
        assert_eq!(extracted.text, "a <script> tag\n");
        assert_eq!(extracted.declared_language, None);
    }
}
