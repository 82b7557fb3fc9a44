//! `qantara segment`: splits one text into sentences and prints them.

use anyhow::Result;

use super::{LanguageOptions, Notes, refuse_overwriting, write_output};
use crate::cli::{SegmentArgs, SentenceFormat};
use std::sync::Arc;

use qantara::pipeline::{Note, Reading, Role, SideSettings, SrxFile, read_sentences};
use qantara::segment::Layout;
use qantara::text::normalize::single_line;

/// Runs `qantara segment`.
pub fn run(args: SegmentArgs, notes: &Notes) -> Result<()> {
    refuse_overwriting(args.output.as_deref(), None, &[&args.input])?;
    let side = SideSettings {
        lang: args.lang.clone(),
        abbreviations: args.abbreviations.clone(),
        srx: args
            .reading
            .srx
            .as_deref()
            .map(SrxFile::read)
            .transpose()?
            .map(Arc::new),
    };
    let languages = LanguageOptions {
        source: "--lang",
        target: "--lang",
    };
    let reading = Reading {
        layout: Layout::Raw,
        encoding: args.encoding,
        format: args.reading.input_format,
        notes: !args.reading.no_notes,
    };
    let sentences = read_sentences(
        &args.input,
        (Role::Single, &side),
        reading,
        &|note: Note| notes.pipeline_note(note, &languages),
    )?
    .sentences;
    write_output(args.output.as_deref(), |out| {
        for sentence in &sentences {
            match args.format {
                SentenceFormat::Lines => out.write_all(single_line(&sentence.text).as_bytes())?,
                SentenceFormat::Jsonl => serde_json::to_writer(&mut *out, sentence)?,
            }
            out.write_all(b"\n")?;
        }
        Ok(())
    })
}
