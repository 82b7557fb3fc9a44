//! The document readers on any input: HTML, Markdown, XLIFF and pdftotext's output as
//! text, DOCX and ODT as bytes. Text or an error, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use qantara::documents::{self, xliff::read_xliff};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let _ = documents::html_text(&text);
    let _ = documents::markdown_text(&text);
    let _ = documents::pdf_text(&text);
    for strip in [false, true] {
        let _ = read_xliff(&text, strip);
    }
    let path = Path::new("fuzz");
    for notes in [false, true] {
        let _ = documents::docx_text(path, bytes, notes);
        let _ = documents::odt_text(path, bytes, notes);
    }
    let _ = documents::detect(path, bytes, None);
});
