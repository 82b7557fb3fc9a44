//! Markdown: paragraphs, headings, list items, quotes and table cells as paragraphs,
//! parsed by `pulldown-cmark` (CommonMark, with tables, footnotes and front matter).
//! Code blocks, raw HTML, images and front matter are left out of alignment; inline code
//! is kept as text.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::Paragraphs;

/// The text of the Markdown document `source`.
pub fn markdown_text(source: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut paragraphs = Paragraphs::default();
    // Depth inside code blocks, images and front matter, whose text is left out.
    let mut left_out = 0usize;
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. } | Tag::MetadataBlock(_)) => {
                left_out += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::Image | TagEnd::MetadataBlock(_)) => {
                left_out = left_out.saturating_sub(1);
            }
            Event::Start(tag) if is_block(&tag) => paragraphs.end(),
            Event::End(tag) if is_block_end(tag) => paragraphs.end(),
            Event::Text(text) | Event::Code(text) if left_out == 0 => paragraphs.push_str(&text),
            Event::SoftBreak | Event::HardBreak if left_out == 0 => paragraphs.push_str(" "),
            _ => {}
        }
    }
    paragraphs.finish()
}

/// Whether `tag` begins a block whose text is a paragraph of its own.
fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::BlockQuote(_)
            | Tag::TableCell
            | Tag::FootnoteDefinition(_)
            | Tag::HtmlBlock
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
    )
}

/// Whether `tag` ends such a block.
fn is_block_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::TableCell
            | TagEnd::FootnoteDefinition
            | TagEnd::HtmlBlock
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs_and_code_is_left_out() {
        let source = "---\ntitle: Front matter\n---\n\n# A *heading*\n\nA paragraph\nwrapped, with `code` and [a link](http://x).\n\n```\nfn main() {}\n```\n\n    indented code\n\n- First item.\n- Second item.\n\n> Quoted.\n\n| A | B |\n|---|---|\n| one | two |\n\n![alt text](img.png) After the image.\n\n<div>raw html</div>\n";
        assert_eq!(
            markdown_text(source),
            "A heading\n\nA paragraph wrapped, with code and a link.\n\nFirst item.\n\nSecond item.\n\nQuoted.\n\nA\n\nB\n\none\n\ntwo\n\nAfter the image.\n"
        );
    }
}
