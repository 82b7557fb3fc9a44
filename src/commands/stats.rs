//! `qantara stats`: what the database holds.

use anyhow::Result;

use super::{open_existing, write_output};
use crate::cli::{ReportFormat, StatsArgs};

/// Runs `qantara stats`.
pub fn run(args: StatsArgs) -> Result<()> {
    let stats = open_existing(&args.database.db)?.stats()?;
    write_output(None, |out| match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &stats)?;
            writeln!(out)
        }
        ReportFormat::Table => {
            let list = |pairs: &[(String, i64)]| {
                pairs
                    .iter()
                    .map(|(name, count)| format!("{name} {count}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            writeln!(
                out,
                "documents    {} ({})",
                stats.documents,
                list(&stats.languages)
            )?;
            writeln!(out, "sentences    {}", stats.sentences)?;
            writeln!(
                out,
                "alignments   {} ({})",
                stats.alignments,
                list(&stats.methods)
            )?;
            writeln!(out, "beads        {}", stats.beads)?;
            writeln!(out, "  by kind    {}", list(&stats.kinds))?;
            writeln!(out, "  confidence {}", list(&stats.confidence))?;
            writeln!(out, "word pairs   {}", list(&stats.lexicon))
        }
    })
}
