//! `qantara segment`: splits one text into sentences and prints them.

use anyhow::Result;

use super::pairs::{reading, srx_file};
use super::{LanguageOptions, Notes, refuse_overwriting, write_output};
use crate::cli::{SegmentArgs, SentenceFormat};

use qantara::pipeline::{Note, Role, SideSettings, read_sentences};
use qantara::segment::Layout;
use qantara::text::normalize::single_line;

/// Runs `qantara segment`.
pub fn run(args: SegmentArgs, notes: &Notes) -> Result<()> {
    refuse_overwriting(args.output.as_deref(), None, &[&args.input])?;
    let side = SideSettings {
        lang: args.lang.clone(),
        abbreviations: args.abbreviations.clone(),
        srx: srx_file(&args.reading)?,
    };
    let languages = LanguageOptions {
        source: "--lang",
        target: "--lang",
    };
    let sentences = read_sentences(
        &args.input,
        (Role::Single, &side),
        reading(&args.reading, Layout::Raw, args.encoding),
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
