//! Documents in the formats translators keep their work in (Word and OpenDocument files,
//! web pages, Markdown, XLIFF, PDF) turned into running text for the segmenter: one
//! paragraph a block, blocks separated by a blank line, each block on one line. Every
//! reader here is pure, bytes or text in and text out; running `pdftotext` on a PDF is the
//! `files` module's job, cleaning what it prints is [`pdf`]'s.

pub mod html;
pub mod markdown;
pub mod office;
pub mod pdf;
pub mod xliff;
mod zip_archive;

pub use html::html_text;
pub use markdown::markdown_text;
pub use office::{docx_text, odt_text};
pub use pdf::pdf_text;

use std::path::{Path, PathBuf};

use crate::documents::xliff::XliffDocument;

/// The format a document is read as (the values of `--input-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// Plain text.
    Text,
    /// An HTML page: the visible text of its blocks.
    Html,
    /// Markdown (CommonMark): paragraphs, headings and list items; code left out.
    Markdown,
    /// A Word document (Office Open XML).
    Docx,
    /// An OpenDocument text.
    Odt,
    /// XLIFF 1.2 or 2.0: the source text of its segments (their target text for the
    /// target side).
    Xliff,
    /// PDF, through poppler's `pdftotext`.
    Pdf,
}

impl Format {
    /// The name stored with a document and accepted by `--input-format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Xliff => "xliff",
            Format::Pdf => "pdf",
        }
    }

    /// The format a file name's extension names, if it names a format with markup
    /// (`.txt` names none: a text file is looked into for HTML or XLIFF).
    fn by_extension(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "html" | "htm" | "xhtml" => Format::Html,
            "md" | "markdown" | "mdown" => Format::Markdown,
            "docx" | "docm" => Format::Docx,
            "odt" => Format::Odt,
            "xlf" | "xliff" | "xlz" | "sdlxliff" | "mqxliff" => Format::Xliff,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }
}

/// Why a document cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The file is in a format qantara does not read.
    #[error("{path} is {what}, which qantara cannot read; {advice}")]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What it is, with its article ("a legacy Word document (.doc)").
        what: &'static str,
        /// How to turn it into a format qantara reads.
        advice: &'static str,
    },
    /// The file is not the format its name or the user says.
    #[error("{path} is not a {format} file: {problem}")]
    NotTheFormat {
        /// The file.
        path: PathBuf,
        /// The format expected.
        format: &'static str,
        /// What was found instead.
        problem: String,
    },
    /// The file could not be read or decoded.
    #[error(transparent)]
    Input(#[from] crate::text::input::InputError),
    /// An XLIFF file that cannot be read.
    #[error("{path} is not an XLIFF file qantara can read: {source}")]
    Xliff {
        /// The file.
        path: PathBuf,
        /// Where and what.
        source: crate::documents::xliff::XliffError,
    },
    /// A tool qantara runs to read the format is not installed.
    #[error(
        "{path} is a {format} file, read through `{tool}`, which is not installed: install {package} (e.g. `apt-get install {package}`)"
    )]
    ToolMissing {
        /// The file.
        path: PathBuf,
        /// Its format.
        format: &'static str,
        /// The program.
        tool: &'static str,
        /// The package that has it.
        package: &'static str,
    },
    /// The tool qantara runs to read the format failed on the file.
    #[error("{path} is a {format} file that `{tool}` could not read: {message}")]
    ToolFailed {
        /// The file.
        path: PathBuf,
        /// Its format.
        format: &'static str,
        /// The program.
        tool: &'static str,
        /// What it said.
        message: String,
    },
    /// The document holds no text (a scanned PDF, an empty document).
    #[error("{path} holds no text to align{why}")]
    NoText {
        /// The file.
        path: PathBuf,
        /// Why that may be, with its leading punctuation (or empty).
        why: &'static str,
    },
    /// The file is of its format but broken.
    #[error("{path} is a damaged {format} file: {problem}")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// Its format.
        format: &'static str,
        /// What is wrong.
        problem: String,
    },
}

/// The advice for documents of an office format qantara does not read.
const CONVERT_TO_DOCX: &str =
    "convert it to DOCX first, e.g. `libreoffice --headless --convert-to docx FILE`";

/// Magic numbers of formats that are not text and that qantara does not read, with what
/// to call them and what to do.
const UNSUPPORTED: &[(&[u8], &str, &str)] = &[
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "a legacy Office document (.doc, .xls or .ppt)",
        CONVERT_TO_DOCX,
    ),
    (b"{\\rtf", "an RTF document", CONVERT_TO_DOCX),
    (
        b"\x89PNG",
        "a PNG image",
        "qantara reads text, not pictures: run OCR (e.g. tesseract) first",
    ),
    (
        b"\xFF\xD8\xFF",
        "a JPEG image",
        "qantara reads text, not pictures: run OCR (e.g. tesseract) first",
    ),
    (
        b"GIF8",
        "a GIF image",
        "qantara reads text, not pictures: run OCR (e.g. tesseract) first",
    ),
    (
        b"II*\0",
        "a TIFF image",
        "qantara reads text, not pictures: run OCR (e.g. tesseract) first",
    ),
    (
        b"MM\0*",
        "a TIFF image",
        "qantara reads text, not pictures: run OCR (e.g. tesseract) first",
    ),
];

/// The format of the document at `path` whose bytes are `bytes`: `forced` when the user
/// names one; else what the content shows (a PDF header, a ZIP archive holding a Word or
/// OpenDocument text, whatever the file's name), else what the extension says, else an
/// HTML or XLIFF start, else plain text. Formats qantara does not read (legacy `.doc`,
/// RTF, spreadsheets, images) are errors that say how to convert them.
pub fn detect(path: &Path, bytes: &[u8], forced: Option<Format>) -> Result<Format, DocumentError> {
    if let Some(format) = forced {
        return Ok(format);
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(Format::Pdf);
    }
    if let Some(&(_, what, advice)) = UNSUPPORTED
        .iter()
        .find(|(magic, _, _)| bytes.starts_with(magic))
    {
        return Err(DocumentError::Unsupported {
            path: path.to_path_buf(),
            what,
            advice,
        });
    }
    if zip_archive::is_zip(bytes) {
        return office::kind(path, bytes);
    }
    if let Some(format) = Format::by_extension(path) {
        return Ok(format);
    }
    if let Some(extension) = path.extension().and_then(|e| e.to_str()) {
        let extension = extension.to_ascii_lowercase();
        if matches!(extension.as_str(), "doc" | "rtf" | "wpd" | "pages") {
            return Err(DocumentError::Unsupported {
                path: path.to_path_buf(),
                what: "a word-processor document in a format other than DOCX or ODT",
                advice: CONVERT_TO_DOCX,
            });
        }
    }
    Ok(sniff_markup(bytes).unwrap_or(Format::Text))
}

/// HTML or XLIFF, when the start of `bytes` (past a byte-order mark, an XML declaration,
/// comments and whitespace) shows it.
fn sniff_markup(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head));
    let head = head.trim_start().to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Some(Format::Html);
    }
    if head.starts_with('<') && head.contains("<xliff") {
        return Some(Format::Xliff);
    }
    None
}

/// A document's text as the segmenter reads it, and the language its markup declares.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extracted {
    /// One paragraph a line, paragraphs separated by a blank line.
    pub text: String,
    /// The language the document's markup declares (HTML's `lang`, XLIFF's languages).
    pub declared_language: Option<String>,
}

/// Which part of an XLIFF file is read as a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XliffPart {
    /// The source text of its segments.
    Source,
    /// The target text of its segments, or their source text when none has a target (a
    /// monolingual XLIFF of a translation).
    Target,
}

/// The text of one part of an XLIFF document: one paragraph a unit, its segments joined
/// by spaces; the language is the one the file gives that part.
pub fn xliff_text(document: &XliffDocument, part: XliffPart) -> Extracted {
    let targets = part == XliffPart::Target
        && document
            .segments
            .iter()
            .any(|segment| segment.target.as_deref().is_some_and(|t| !t.is_empty()));
    let mut paragraphs = Paragraphs::default();
    let mut unit = None;
    for segment in &document.segments {
        if unit != Some(segment.unit) {
            paragraphs.end();
            unit = Some(segment.unit);
        }
        let text = if targets {
            segment.target.as_deref().unwrap_or_default()
        } else {
            &segment.source
        };
        paragraphs.push_str(" ");
        paragraphs.push_str(text);
    }
    Extracted {
        text: paragraphs.finish(),
        declared_language: if targets {
            document.target_lang.clone()
        } else {
            document.source_lang.clone()
        },
    }
}

/// Gathers paragraphs: whitespace inside one is folded to single spaces, empty ones are
/// dropped, and [`Paragraphs::finish`] joins them with blank lines.
#[derive(Debug, Default)]
pub struct Paragraphs {
    done: Vec<String>,
    open: String,
}

impl Paragraphs {
    /// Adds `text` to the open paragraph.
    pub fn push_str(&mut self, text: &str) {
        self.open.push_str(text);
    }

    /// Ends the open paragraph, if it holds any text.
    pub fn end(&mut self) {
        let folded = self.open.split_whitespace().collect::<Vec<_>>().join(" ");
        if !crate::text::normalize::is_blank(&folded) {
            self.done.push(folded);
        }
        self.open.clear();
    }

    /// Ends the open paragraph and adds every paragraph of `other` after the ones here.
    pub fn append(&mut self, mut other: Paragraphs) {
        self.end();
        other.end();
        self.done.append(&mut other.done);
    }

    /// The paragraphs, one a line, separated by blank lines.
    pub fn finish(mut self) -> String {
        self.end();
        let mut text = self.done.join("\n\n");
        if !text.is_empty() {
            text.push('\n');
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_wins_over_the_name() {
        let pdf = detect(Path::new("a.txt"), b"%PDF-1.7\n...", None).unwrap();
        assert_eq!(pdf, Format::Pdf);
        let html = detect(Path::new("page"), b"\n <!DOCTYPE html><html>", None).unwrap();
        assert_eq!(html, Format::Html);
        let xliff = b"<?xml version=\"1.0\"?>\n<xliff version=\"1.2\">";
        assert_eq!(
            detect(Path::new("x.txt"), xliff, None).unwrap(),
            Format::Xliff
        );
        assert_eq!(
            detect(Path::new("notes.md"), b"# Title", None).unwrap(),
            Format::Markdown
        );
        assert_eq!(
            detect(Path::new("plain"), b"Just text.", None).unwrap(),
            Format::Text
        );
    }

    #[test]
    fn formats_qantara_does_not_read_say_how_to_convert_them() {
        let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest";
        let err = detect(Path::new("report.doc"), ole, None).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("report.doc is a legacy Office document"),
            "{message}"
        );
        assert!(
            message.contains("libreoffice --headless --convert-to docx"),
            "{message}"
        );
        let err = detect(Path::new("scan.png"), b"\x89PNG\r\n", None).unwrap_err();
        assert!(err.to_string().contains("a PNG image"), "{err}");
        let err = detect(Path::new("old.rtf"), b"{\\rtf1\\ansi", None).unwrap_err();
        assert!(err.to_string().contains("an RTF document"), "{err}");
    }

    #[test]
    fn forced_format_is_taken_as_given() {
        let format = detect(Path::new("a.html"), b"<html>", Some(Format::Text)).unwrap();
        assert_eq!(format, Format::Text);
    }

    #[test]
    fn paragraphs_fold_whitespace_and_skip_empty_ones() {
        let mut paragraphs = Paragraphs::default();
        paragraphs.push_str("  One\n two ");
        paragraphs.end();
        paragraphs.end();
        paragraphs.push_str("\u{200f} ");
        paragraphs.end();
        paragraphs.push_str("Three.");
        assert_eq!(paragraphs.finish(), "One two\n\nThree.\n");
    }
}
