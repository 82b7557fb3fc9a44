//! Output formats for aligned sentence pairs: TSV, TMX 1.4b, JSON lines and bead lists.
//!
//! Every writer takes the same [`TranslationUnit`]s, one per bead, built from an
//! alignment and the sentences of both sides by [`translation_units`].

pub mod beads;
pub mod tmx;

use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

use serde::Serialize;

use crate::align::Alignment;
use crate::segment::Sentence;
use crate::text::normalize::single_line;

/// One bead with the text of both sides: a translation unit of the memory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TranslationUnit {
    /// The bead's source sentences joined by a space; empty for an insertion.
    pub source: String,
    /// The bead's target sentences joined by a space; empty for a deletion.
    pub target: String,
    /// Probability in [0, 1] that the bead is right.
    pub confidence: f64,
    /// The bead's kind, e.g. `1-2`.
    pub kind: String,
    /// Indices of the bead's source sentences.
    pub source_sentences: Range<usize>,
    /// Indices of the bead's target sentences.
    pub target_sentences: Range<usize>,
}

impl TranslationUnit {
    /// True when both sides have text: a pair a translator can reuse.
    pub fn has_both_sides(&self) -> bool {
        !self.source_sentences.is_empty() && !self.target_sentences.is_empty()
    }
}

/// The translation units of an alignment of `source` with `target` sentences.
pub fn translation_units(
    source: &[Sentence],
    target: &[Sentence],
    alignment: &Alignment,
) -> Vec<TranslationUnit> {
    let join = |sentences: &[Sentence]| {
        sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    alignment
        .beads
        .iter()
        .map(|bead| TranslationUnit {
            source: join(&source[bead.source.clone()]),
            target: join(&target[bead.target.clone()]),
            confidence: bead.confidence,
            kind: bead.kind(),
            source_sentences: bead.source.clone(),
            target_sentences: bead.target.clone(),
        })
        .collect()
}

/// The formats aligned pairs can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tab-separated: a header, then source, target, confidence, one bead a line.
    Tsv,
    /// TMX 1.4b, one translation unit per bead with text on both sides.
    Tmx,
    /// One JSON object a bead, with every field.
    Jsonl,
    /// Bead list: `[source indices]:[target indices]`, one bead a line.
    Beads,
}

impl Format {
    /// The format an output file's extension names, if any: `.tsv`, `.tmx`, `.jsonl`,
    /// `.json`, `.beads`.
    pub fn from_extension(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "tsv" | "tab" => Some(Format::Tsv),
            "tmx" => Some(Format::Tmx),
            "jsonl" | "json" | "ndjson" => Some(Format::Jsonl),
            "beads" => Some(Format::Beads),
            _ => None,
        }
    }
}

/// Languages and time stamp that some formats record in their header.
#[derive(Debug, Clone)]
pub struct Header {
    /// Source language code.
    pub source_lang: String,
    /// Target language code.
    pub target_lang: String,
    /// Creation time, as seconds since the Unix epoch.
    pub created_unix: u64,
}

/// Writes `units` to `out` in `format`.
pub fn write_units(
    out: &mut impl Write,
    format: Format,
    units: &[TranslationUnit],
    header: &Header,
) -> io::Result<()> {
    match format {
        Format::Tsv => write_tsv(out, units),
        Format::Tmx => tmx::write_tmx(out, units, header),
        Format::Jsonl => write_jsonl(out, units),
        Format::Beads => write_beads(out, units),
    }
}

/// A field of a TSV row: tabs and line breaks become spaces.
fn tsv_field(text: &str) -> String {
    single_line(text).replace('\t', " ")
}

fn write_tsv(out: &mut impl Write, units: &[TranslationUnit]) -> io::Result<()> {
    writeln!(out, "source\ttarget\tconfidence\tkind")?;
    for unit in units {
        writeln!(
            out,
            "{}\t{}\t{:.4}\t{}",
            tsv_field(&unit.source),
            tsv_field(&unit.target),
            unit.confidence,
            unit.kind
        )?;
    }
    Ok(())
}

fn write_jsonl(out: &mut impl Write, units: &[TranslationUnit]) -> io::Result<()> {
    for unit in units {
        serde_json::to_writer(&mut *out, unit)?;
        writeln!(out)?;
    }
    Ok(())
}

fn write_beads(out: &mut impl Write, units: &[TranslationUnit]) -> io::Result<()> {
    for unit in units {
        writeln!(
            out,
            "{}",
            beads::format_bead(unit.source_sentences.clone(), unit.target_sentences.clone())
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(source: &str, target: &str, target_sentences: Range<usize>) -> TranslationUnit {
        TranslationUnit {
            source: source.to_owned(),
            target: target.to_owned(),
            confidence: 0.5,
            kind: "1-1".to_owned(),
            source_sentences: 0..1,
            target_sentences,
        }
    }

    fn render(format: Format, units: &[TranslationUnit]) -> String {
        let header = Header {
            source_lang: "ar".into(),
            target_lang: "en".into(),
            created_unix: 0,
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
            "source\ttarget\tconfidence\tkind\na b\tc d\t0.5000\t1-1\n"
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
