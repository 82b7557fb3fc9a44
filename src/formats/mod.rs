//! Output formats for aligned sentence pairs: TSV, TMX 1.4b, JSON lines and bead lists.
//!
//! Every writer takes the same [`TranslationUnit`]s, one per bead, built from an
//! alignment and the sentences of both sides by [`crate::tm::translation_units`].

pub mod parquet;
pub mod tmx;
pub mod tmx_read;
pub mod xliff;

use std::io::{self, Write};
use std::path::Path;

use crate::align::Bead;
use crate::eval::beads::format_bead;
use crate::text::normalize::single_line;
use crate::tm::TranslationUnit;

/// The formats aligned pairs can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tab-separated: a header, then source, target, confidence, one bead a line.
    Tsv,
    /// Comma-separated (RFC 4180), for spreadsheets: the columns of `tsv`.
    Csv,
    /// TMX 1.4b, one translation unit per bead with text on both sides.
    Tmx,
    /// One JSON object a bead, with every field.
    Jsonl,
    /// Bead list: `[source indices]:[target indices]`, one bead a line.
    Beads,
    /// XLIFF 1.2, for review in a CAT tool: each pair's state from its confidence.
    Xliff,
}

impl Format {
    /// The format an output file's extension names, if any: `.tsv`, `.tmx`, `.jsonl`,
    /// `.json`, `.beads`.
    pub fn from_extension(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "tsv" | "tab" => Some(Format::Tsv),
            "csv" => Some(Format::Csv),
            "tmx" => Some(Format::Tmx),
            "jsonl" | "json" | "ndjson" => Some(Format::Jsonl),
            "beads" => Some(Format::Beads),
            "xlf" | "xliff" => Some(Format::Xliff),
            _ => None,
        }
    }
}

/// What some formats record in their header.
#[derive(Debug, Clone)]
pub struct Header {
    /// The source language of every unit, or `*all*` when they differ (as TMX writes it).
    pub source_lang: String,
    /// Creation time, as seconds since the Unix epoch.
    pub created_unix: u64,
    /// Pairs less confident than this are marked for review: a TMX `<note>`, XLIFF's
    /// `needs-review-translation`.
    pub review_below: f64,
}

/// Writes translation units in one format as they come: the header first, then the
/// units in as many calls as there are, then the end.
pub struct UnitWriter<W: Write> {
    out: W,
    format: Format,
    header: Header,
    /// For XLIFF, the alignment whose `<file>` is open, once one is.
    open_file: Option<Option<i64>>,
}

impl<W: Write> UnitWriter<W> {
    /// Starts a document in `format` on `out`.
    pub fn start(mut out: W, format: Format, header: &Header) -> io::Result<Self> {
        match format {
            Format::Tsv => writeln!(out, "{}", COLUMNS.join("\t"))?,
            Format::Csv => write!(out, "{}\r\n", COLUMNS.join(","))?,
            Format::Tmx => tmx::write_start(&mut out, header)?,
            Format::Xliff => xliff::write_start(&mut out)?,
            Format::Jsonl | Format::Beads => {}
        }
        Ok(UnitWriter {
            out,
            format,
            header: header.clone(),
            open_file: None,
        })
    }

    /// Writes `units`.
    pub fn write(&mut self, units: &[TranslationUnit]) -> io::Result<()> {
        let out = &mut self.out;
        for unit in units {
            match self.format {
                Format::Tsv => writeln!(
                    out,
                    "{}\t{}\t{:.4}\t{}\t{}\t{}\t{}\t{}",
                    tsv_field(&unit.source),
                    tsv_field(&unit.target),
                    unit.confidence,
                    unit.kind,
                    tsv_field(unit.source_lang),
                    tsv_field(unit.target_lang),
                    tsv_field(unit.source_document),
                    tsv_field(unit.target_document)
                )?,
                Format::Csv => {
                    let fields = [
                        csv_field(&unit.source),
                        csv_field(&unit.target),
                        format!("{:.4}", unit.confidence),
                        csv_field(&unit.kind),
                        csv_field(unit.source_lang),
                        csv_field(unit.target_lang),
                        csv_field(unit.source_document),
                        csv_field(unit.target_document),
                    ];
                    write!(out, "{}\r\n", fields.join(","))?
                }
                Format::Tmx => tmx::write_unit(out, unit, self.header.review_below)?,
                Format::Xliff => xliff::write_unit(out, unit, &self.header, &mut self.open_file)?,
                Format::Jsonl => {
                    serde_json::to_writer(&mut *out, unit)?;
                    writeln!(out)?;
                }
                Format::Beads => writeln!(
                    out,
                    "{}",
                    format_bead(unit.source_sentences.clone(), unit.target_sentences.clone())
                )?,
            }
        }
        Ok(())
    }

    /// Ends the document and returns the output.
    pub fn finish(mut self) -> io::Result<W> {
        match self.format {
            Format::Tmx => tmx::write_end(&mut self.out)?,
            Format::Xliff => xliff::write_end(&mut self.out, &self.header, self.open_file)?,
            _ => {}
        }
        Ok(self.out)
    }
}

/// Writes `units` to `out` in `format`, as one document.
pub fn write_units(
    out: &mut impl Write,
    format: Format,
    units: &[TranslationUnit],
    header: &Header,
) -> io::Result<()> {
    let mut writer = UnitWriter::start(out, format, header)?;
    writer.write(units)?;
    writer.finish()?;
    Ok(())
}

/// The columns of TSV and CSV output.
const COLUMNS: [&str; 8] = [
    "source",
    "target",
    "confidence",
    "kind",
    "source_lang",
    "target_lang",
    "source_document",
    "target_document",
];

/// A CSV field (RFC 4180): quoted, its quotes doubled, when it holds a comma, a quote or
/// a line break.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// An alignment as a hunalign ladder: a line a bead, `source start<TAB>target
/// start<TAB>confidence`, and a last line at the two ends.
pub fn ladder(beads: &[Bead]) -> String {
    let mut text = String::new();
    for bead in beads {
        text.push_str(&format!(
            "{}\t{}\t{:.4}\n",
            bead.source.start, bead.target.start, bead.confidence
        ));
    }
    let end = beads
        .last()
        .map_or((0, 0), |b| (b.source.end, b.target.end));
    text.push_str(&format!("{}\t{}\t1.0000\n", end.0, end.1));
    text
}

/// An alignment as a bead list (see [`crate::eval::beads`]): a line a bead.
pub fn bead_list(beads: &[Bead]) -> String {
    beads
        .iter()
        .map(|bead| format_bead(bead.source.clone(), bead.target.clone()) + "\n")
        .collect()
}

/// A field of a TSV row: tabs and line breaks become spaces.
fn tsv_field(text: &str) -> String {
    single_line(text).replace('\t', " ")
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::*;

    fn unit(
        source: &str,
        target: &str,
        target_sentences: Range<usize>,
    ) -> TranslationUnit<'static> {
        TranslationUnit {
            alignment_id: Some(1),
            bead: 0,
            source: source.to_owned(),
            target: target.to_owned(),
            confidence: 0.5,
            kind: "1-1".to_owned(),
            source_lang: "ar",
            target_lang: "en",
            source_document: "a.ar",
            target_document: "a.en",
            source_sentences: 0..1,
            target_sentences,
        }
    }

    fn render(format: Format, units: &[TranslationUnit]) -> String {
        let header = Header {
            source_lang: "ar".into(),
            created_unix: 0,
            review_below: 0.9,
        };
        let mut out = Vec::new();
        write_units(&mut out, format, units, &header).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn tsv_fields_never_break_the_row() {
        let got = render(Format::Tsv, &[unit("a\tb", "c\nd", 0..1)]);
        assert_eq!(
            got,
            "source\ttarget\tconfidence\tkind\tsource_lang\ttarget_lang\tsource_document\ttarget_document\n\
             a b\tc d\t0.5000\t1-1\tar\ten\ta.ar\ta.en\n"
        );
    }

    #[test]
    fn beads_and_jsonl_carry_indices() {
        assert_eq!(render(Format::Beads, &[unit("a", "", 0..0)]), "[0]:[]\n");
        let line = render(Format::Jsonl, &[unit("a", "b", 3..5)]);
        let value: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
        assert_eq!(value["target_sentences"]["end"], 5);
        assert_eq!(value["target"], "b");
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(
            Format::from_extension(Path::new("x/p.TMX")),
            Some(Format::Tmx)
        );
        assert_eq!(Format::from_extension(Path::new("p.txt")), None);
    }
}
