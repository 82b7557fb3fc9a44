//! `qantara segment`: splits one text into sentences and prints them.

use anyhow::Result;

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
    };
    let languages = LanguageOptions {
        source: "--lang",
        target: "--lang",
    };
    let (_, _, sentences, _) = read_sentences(
        &args.input,
        (Role::Single, &side),
        (Layout::Raw, args.encoding),
        &|note: Note| notes.pipeline_note(note, &languages),
    )?;
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
