//! The document readers on ordinary and adversarial shapes, at two sizes eight times
//! apart: time grows linearly when the ratio of times stays near 8.
//!
//! Run with `cargo bench --bench documents`. For each reader and shape it prints the
//! input sizes, the best of three times at each, and the ratio of the times. Shapes:
//! flat pages and documents; HTML nested tens of thousands of elements deep, unclosed
//! inline elements and hidden unclosed paragraphs; Markdown nested lists and quotes;
//! XLIFF units; DOCX and ODT bodies; pdftotext output with repeated running heads, right
//! to left lines that start with a vowel mark or end with a detached one, and one huge
//! line followed by such halves.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use qantara::documents::{self, xliff::read_xliff};

/// The smaller size of each input, in repetitions of its unit.
const SMALL: usize = 20_000;
/// How many times larger the larger input is.
const FACTOR: usize = 8;
const RUNS: usize = 3;

fn main() {
    println!(
        "{:<26} {:>10} {:>10} {:>9} {:>9} {:>7}",
        "reader / shape", "small B", "large B", "small s", "large s", "ratio"
    );
    let text_shapes: Vec<TextShape> = vec![
        (
            "html flat",
            |n| "<p>One sentence here. Another one.</p>\n".repeat(n),
            html,
        ),
        (
            "html nested",
            |n| {
                format!(
                    "{}text{}",
                    "<div><span>".repeat(n),
                    "</span></div>".repeat(n)
                )
            },
            html,
        ),
        ("html unclosed inline", |n| "<b><i>x ".repeat(n), html),
        (
            "html hidden unclosed",
            |n| "<p hidden>x <div>y</div>".repeat(n),
            html,
        ),
        (
            "markdown flat",
            |n| "A paragraph of text.\n\n".repeat(n),
            markdown,
        ),
        (
            "markdown nested lists",
            |n| {
                (0..n)
                    .map(|k| format!("{}- item\n", "  ".repeat(k % 500)))
                    .collect()
            },
            markdown,
        ),
        (
            "markdown nested quotes",
            |n| {
                (0..n)
                    .map(|k| format!("{} quoted\n", ">".repeat(k % 500)))
                    .collect()
            },
            markdown,
        ),
        ("xliff 1.2 units", xliff_units, xliff),
        (
            "pdf plain lines",
            |n| pdf_lines(n, "A line of wrapped running text goes here"),
            pdf,
        ),
        (
            "pdf mark-led halves",
            |n| pdf_lines(n, "\u{202B}\u{064B} من تركيا\u{202C}"),
            pdf,
        ),
        (
            "pdf detached-mark halves",
            |n| pdf_lines(n, "\u{202B}تفاهمات ت \u{0651}\u{202C}"),
            pdf,
        ),
        (
            "pdf huge line + halves",
            |n| {
                let mut text = "كلمة ".repeat(n);
                text.push('\n');
                text.push_str(&pdf_lines(n / 10, "\u{202B}ت \u{0651}\u{202C}"));
                text
            },
            pdf,
        ),
        ("pdf running heads", pdf_pages, pdf),
    ];
    for (name, make, read) in text_shapes {
        let (small, large) = (make(SMALL), make(SMALL * FACTOR));
        report(
            name,
            (small.len(), large.len()),
            (time(|| read(&small)), time(|| read(&large))),
        );
    }
    for (name, make, read) in [
        (
            "docx paragraphs",
            docx as fn(usize) -> Vec<u8>,
            docx_read as fn(&[u8]),
        ),
        ("odt paragraphs", odt, odt_read),
    ] {
        let (small, large) = (make(SMALL), make(SMALL * FACTOR));
        report(
            name,
            (small.len(), large.len()),
            (time(|| read(&small)), time(|| read(&large))),
        );
    }
}

/// A shape of text input: its name, how to make it of `n` units, and the reader.
type TextShape = (&'static str, fn(usize) -> String, fn(&str));

fn html(text: &str) {
    std::hint::black_box(documents::html_text(text));
}

fn markdown(text: &str) {
    std::hint::black_box(documents::markdown_text(text));
}

fn xliff(text: &str) {
    std::hint::black_box(read_xliff(text, false).expect("XLIFF"));
}

fn pdf(text: &str) {
    std::hint::black_box(documents::pdf_text(text));
}

fn docx_read(bytes: &[u8]) {
    std::hint::black_box(documents::docx_text(Path::new("bench.docx"), bytes, true).expect("DOCX"));
}

fn odt_read(bytes: &[u8]) {
    std::hint::black_box(documents::odt_text(Path::new("bench.odt"), bytes, true).expect("ODT"));
}

/// The best of [`RUNS`] times of `run`, in seconds.
fn time(run: impl Fn()) -> f64 {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn report(name: &str, (small, large): (usize, usize), (t_small, t_large): (f64, f64)) {
    println!(
        "{name:<26} {small:>10} {large:>10} {t_small:>9.4} {t_large:>9.4} {:>7.1}",
        t_large / t_small.max(1e-9)
    );
}

/// `n` lines of `line`, pages of 50 lines.
fn pdf_lines(n: usize, line: &str) -> String {
    (0..n)
        .map(|k| format!("{line}\n{}", if k % 50 == 49 { "\u{c}" } else { "" }))
        .collect()
}

/// `n` lines on pages of 40, each with a running head, a footer and a page number.
fn pdf_pages(n: usize) -> String {
    (0..n / 40)
        .map(|page| {
            format!(
                "The Annual Report\n{}Confidential draft\n{}\n\u{c}",
                (0..40)
                    .map(|k| format!("Body line {k} of page {page} goes on here.\n"))
                    .collect::<String>(),
                page + 1
            )
        })
        .collect()
}

/// An XLIFF 1.2 file of `n` units.
fn xliff_units(n: usize) -> String {
    let units: String = (0..n)
        .map(|k| {
            format!(
                "<trans-unit id=\"{k}\"><source>Press <g id=\"1\">Save</g> now.</source><target>Appuyez.</target></trans-unit>\n"
            )
        })
        .collect();
    format!(
        "<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"fr\"><body>\n{units}</body></file></xliff>\n"
    )
}

/// A ZIP archive of `parts` (name and content), stored uncompressed.
fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in parts {
        zip.start_file(*name, options).expect("ZIP part");
        zip.write_all(content.as_bytes()).expect("ZIP write");
    }
    zip.finish().expect("ZIP").into_inner()
}

/// A DOCX of `n` paragraphs with runs, a tab and a deletion each.
fn docx(n: usize) -> Vec<u8> {
    let body: String = (0..n)
        .map(|_| {
            "<w:p><w:r><w:t>Kept text</w:t><w:tab/></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:t>more.</w:t></w:r></w:p>"
        })
        .collect();
    zip_of(&[(
        "word/document.xml",
        format!("<w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>"),
    )])
}

/// An ODT of `n` paragraphs with spaces and a note each.
fn odt(n: usize) -> Vec<u8> {
    let body: String = (0..n)
        .map(|_| {
            "<text:p>Kept<text:s text:c=\"2\"/>text<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>A note.</text:p></text:note-body></text:note>.</text:p>"
        })
        .collect();
    zip_of(&[
        (
            "mimetype",
            "application/vnd.oasis.opendocument.text".to_owned(),
        ),
        (
            "content.xml",
            format!(
                "<office:document-content xmlns:office=\"o\" xmlns:text=\"t\"><office:body><office:text>{body}</office:text></office:body></office:document-content>"
            ),
        ),
    ])
}
