//! Word (DOCX) and OpenDocument (ODT) texts: the body's paragraphs in order (headings,
//! list items and table cells each a paragraph), then footnotes and endnotes unless they
//! are dropped; tracked deletions, hidden text, comments and field codes left out, field
//! results kept, line breaks and tabs read as spaces.

use std::path::Path;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::zip_archive::Archive;
use super::{DocumentError, Format, Paragraphs};
use crate::text::xml::{attribute, resolve_reference};

/// The MIME type an OpenDocument text names in its `mimetype` part.
const ODT_MIME: &str = "application/vnd.oasis.opendocument.text";

/// Which office format the ZIP archive `bytes` holds: DOCX (it has `word/document.xml`)
/// or ODT (its `mimetype` says so); any other archive is an error that names it.
pub(super) fn kind(path: &Path, bytes: &[u8]) -> Result<Format, DocumentError> {
    let unsupported = |what, advice| DocumentError::Unsupported {
        path: path.to_path_buf(),
        what,
        advice,
    };
    let Ok(mut archive) = Archive::open(bytes) else {
        return Err(unsupported(
            "a damaged ZIP archive",
            "check that the file was copied whole",
        ));
    };
    if archive.has("word/document.xml") {
        return Ok(Format::Docx);
    }
    let mime = archive.text("mimetype").ok().flatten().unwrap_or_default();
    if mime.trim() == ODT_MIME {
        return Ok(Format::Odt);
    }
    let spreadsheet_or_slides = archive.has("xl/workbook.xml")
        || archive.has("ppt/presentation.xml")
        || mime.starts_with("application/vnd.oasis.opendocument.");
    Err(if spreadsheet_or_slides {
        unsupported(
            "a spreadsheet or presentation",
            "qantara aligns running text: copy the text into a DOCX or plain-text file",
        )
    } else {
        unsupported(
            "a ZIP archive but no Word or OpenDocument text",
            "unpack it and give the documents inside",
        )
    })
}

/// The text of the DOCX file `bytes`: the body, then footnotes and endnotes when `notes`.
pub fn docx_text(path: &Path, bytes: &[u8], notes: bool) -> Result<String, DocumentError> {
    let damaged = |problem| DocumentError::Damaged {
        path: path.to_path_buf(),
        format: "DOCX",
        problem,
    };
    let mut archive = Archive::open(bytes).map_err(damaged)?;
    let body = archive
        .text("word/document.xml")
        .map_err(damaged)?
        .ok_or_else(|| damaged("it has no word/document.xml".into()))?;
    let mut text = read_docx_part(&body).map_err(|e| damaged(format!("word/document.xml: {e}")))?;
    if notes {
        for part in ["word/footnotes.xml", "word/endnotes.xml"] {
            if let Some(xml) = archive.text(part).map_err(damaged)? {
                text.append(read_docx_part(&xml).map_err(|e| damaged(format!("{part}: {e}")))?);
            }
        }
    }
    Ok(text.finish())
}

/// The text of the ODT file `bytes`: the body, then its notes when `notes`.
pub fn odt_text(path: &Path, bytes: &[u8], notes: bool) -> Result<String, DocumentError> {
    let damaged = |problem| DocumentError::Damaged {
        path: path.to_path_buf(),
        format: "ODT",
        problem,
    };
    let mut archive = Archive::open(bytes).map_err(damaged)?;
    let content = archive
        .text("content.xml")
        .map_err(damaged)?
        .ok_or_else(|| damaged("it has no content.xml".into()))?;
    let (mut body, notes_text) =
        read_odt_content(&content).map_err(|e| damaged(format!("content.xml: {e}")))?;
    if notes {
        body.append(notes_text);
    }
    Ok(body.finish())
}

/// Walks an XML part: calls `on_event` with each event outside the elements `skipped`
/// says to leave out whole, and with text and references resolved to their text.
fn walk(
    xml: &str,
    skipped: impl Fn(&BytesStart) -> bool,
    mut on_event: impl FnMut(Step),
) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut skip_depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(_) if skip_depth > 0 => skip_depth += 1,
            Event::End(_) if skip_depth > 0 => skip_depth -= 1,
            _ if skip_depth > 0 => {}
            Event::Start(element) if skipped(&element) => skip_depth = 1,
            Event::Start(element) => on_event(Step::Open(&element)),
            Event::Empty(element) => on_event(Step::Leaf(&element)),
            Event::End(element) => on_event(Step::Close(element.name().into_inner())),
            Event::Text(text) => on_event(Step::Text(&text.xml_content(XmlVersion::Implicit1_0))),
            Event::CData(data) => on_event(Step::Text(&data.xml_content(XmlVersion::Implicit1_0))),
            Event::GeneralRef(reference) => {
                on_event(Step::Text(&resolve_reference(&reference)?));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// One thing met in an XML part.
enum Step<'e> {
    /// An element opens.
    Open(&'e BytesStart<'e>),
    /// An empty element.
    Leaf(&'e BytesStart<'e>),
    /// An element closes: its name.
    Close(&'e str),
    /// Text.
    Text(&'e str),
}

/// Whether an on/off property element (`<w:vanish/>`, `<w:vanish w:val="true"/>`) is on.
fn switched_on(element: &BytesStart) -> bool {
    !matches!(
        attribute(element, "w:val").ok().flatten().as_deref(),
        Some("0" | "false" | "off")
    )
}

/// The paragraphs of one WordprocessingML part (the document, its footnotes or its
/// endnotes).
fn read_docx_part(xml: &str) -> Result<Paragraphs, String> {
    // Tracked deletions and moves away, the fallback copy of a drawing's text, comments'
    // ranges have no text of their own; the separators of the notes part are no notes.
    let skipped = |element: &BytesStart| match element.name().into_inner() {
        "w:del" | "w:moveFrom" | "mc:Fallback" | "w:instrText" | "w:delInstrText" => true,
        "w:footnote" | "w:endnote" => matches!(
            attribute(element, "w:type").ok().flatten().as_deref(),
            Some("separator" | "continuationSeparator" | "continuationNotice")
        ),
        _ => false,
    };
    let mut paragraphs = Paragraphs::default();
    let (mut in_text, mut in_run, mut run_hidden) = (false, false, false);
    walk(xml, skipped, |step| match step {
        Step::Open(element) => match element.name().into_inner() {
            "w:p" => paragraphs.end(),
            "w:r" => (in_run, run_hidden) = (true, false),
            "w:t" => in_text = true,
            "w:vanish" if in_run => run_hidden = switched_on(element),
            _ => {}
        },
        Step::Leaf(element) => match element.name().into_inner() {
            "w:vanish" if in_run => run_hidden = switched_on(element),
            "w:tab" | "w:br" | "w:cr" if in_run && !run_hidden => paragraphs.push_str(" "),
            "w:noBreakHyphen" if in_run && !run_hidden => paragraphs.push_str("-"),
            "w:p" => paragraphs.end(),
            _ => {}
        },
        Step::Close(name) => match name {
            "w:p" => paragraphs.end(),
            "w:r" => in_run = false,
            "w:t" => in_text = false,
            _ => {}
        },
        Step::Text(text) if in_text && !run_hidden => paragraphs.push_str(text),
        Step::Text(_) => {}
    })?;
    Ok(paragraphs)
}

/// The body's paragraphs and the notes' paragraphs of an OpenDocument `content.xml`.
fn read_odt_content(xml: &str) -> Result<(Paragraphs, Paragraphs), String> {
    // Deleted text kept for change tracking, hidden text, comments, the citation mark of
    // a note, and a drawing's title and description are no part of the text.
    let skipped = |element: &BytesStart| {
        matches!(
            element.name().into_inner(),
            "text:tracked-changes"
                | "text:deletion"
                | "text:hidden-text"
                | "office:annotation"
                | "text:note-citation"
                | "svg:title"
                | "svg:desc"
        )
    };
    let (mut body, mut notes) = (Paragraphs::default(), Paragraphs::default());
    // Depth inside paragraphs and headings, and inside note bodies.
    let (mut in_paragraph, mut in_note) = (0usize, 0usize);
    walk(xml, skipped, |step| {
        let target = if in_note > 0 { &mut notes } else { &mut body };
        match step {
            Step::Open(element) => match element.name().into_inner() {
                "text:p" | "text:h" => {
                    target.end();
                    in_paragraph += 1;
                }
                "text:note-body" => in_note += 1,
                _ => {}
            },
            Step::Leaf(element) => match element.name().into_inner() {
                "text:s" if in_paragraph > 0 => {
                    let count = attribute(element, "text:c")
                        .ok()
                        .flatten()
                        .and_then(|c| c.parse::<usize>().ok())
                        .unwrap_or(1)
                        .min(64);
                    target.push_str(&" ".repeat(count));
                }
                "text:tab" | "text:line-break" if in_paragraph > 0 => target.push_str(" "),
                _ => {}
            },
            Step::Close(name) => match name {
                "text:p" | "text:h" => {
                    target.end();
                    in_paragraph = in_paragraph.saturating_sub(1);
                }
                "text:note-body" => in_note = in_note.saturating_sub(1),
                _ => {}
            },
            Step::Text(text) if in_paragraph > 0 => target.push_str(text),
            Step::Text(_) => {}
        }
    })?;
    Ok((body, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn docx(body: &str) -> String {
        let mut paragraphs = read_docx_part(&format!(
            r#"<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>"#
        ))
        .unwrap();
        paragraphs.end();
        paragraphs.finish()
    }

    #[test]
    fn docx_paragraphs_cells_breaks_and_fields() {
        let text = docx(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Title</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">One </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>bold</w:t></w:r><w:r><w:br/><w:t>line &amp; more.</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell A.</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Cell B.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        );
        assert_eq!(
            text,
            "Title\n\nOne bold line & more.\n\nCell A.\n\nCell B.\n\nPage 7\n"
        );
    }

    #[test]
    fn docx_deletions_and_hidden_text_are_dropped() {
        let text = docx(
            r#"<w:p><w:r><w:t xml:space="preserve">Kept </w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>deleted </w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:t>inserted</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t> hidden</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>.</w:t></w:r></w:p>"#,
        );
        assert_eq!(text, "Kept inserted.\n");
    }

    #[test]
    fn docx_notes_skip_their_separators() {
        let notes = read_docx_part(&format!(
            r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        ))
        .unwrap();
        assert_eq!(notes.finish(), "A note.\n");
    }

    #[test]
    fn odt_headings_spaces_notes_and_changes() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
<text:tracked-changes><text:changed-region><text:deletion><text:p>Gone.</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:h text:outline-level="1">Title</text:h>
<text:p>One<text:s text:c="3"/>two<text:line-break/>three<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>The note.</text:p></text:note-body></text:note>.<text:hidden-text text:is-hidden="true" text:string-value="x">secret</text:hidden-text></text:p>
<office:annotation><text:p>A comment.</text:p></office:annotation>
<text:list><text:list-item><text:p>Item.</text:p></text:list-item></text:list>
</office:text></office:body></office:document-content>"#;
        let (body, notes) = read_odt_content(xml).unwrap();
        assert_eq!(body.finish(), "Title\n\nOne two three.\n\nItem.\n");
        assert_eq!(notes.finish(), "The note.\n");
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(read_docx_part("<w:document><w:body><w:p></w:body>").is_err());
    }
}
