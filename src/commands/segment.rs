//! `qantara segment`: splits one text into sentences and prints them.

use anyhow::Result;

use super::{InputOptions, Notes, refuse_overwriting, write_output};
use crate::cli::{SegmentArgs, SentenceFormat};
use crate::segment::Layout;
use crate::text::normalize::single_line;

/// Runs `qantara segment`.
pub fn run(args: SegmentArgs, notes: &Notes) -> Result<()> {
    refuse_overwriting(args.output.as_deref(), None, &[&args.input])?;
    let options = InputOptions {
        role: "input",
        lang_option: "--lang",
        lang: args.lang.as_deref(),
        abbreviations: args.abbreviations.as_deref(),
        layout: Layout::Raw,
        encoding: args.encoding,
    };
    let (_, _, sentences) = options.read_sentences(&args.input, notes)?;
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
