//! `qantara list`: the stored alignments, one a line, with the ids other commands take.

use anyhow::Result;

use super::{open_existing, write_output};
use crate::cli::{ReportFormat, StatsArgs};

/// Runs `qantara list`.
pub fn run(args: StatsArgs) -> Result<()> {
    let alignments = open_existing(&args.database.db)?.alignment_summaries()?;
    write_output(None, |out| match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &alignments)?;
            writeln!(out)
        }
        ReportFormat::Table => {
            writeln!(
                out,
                "{:>5}  {:<9}  {:>6}  {:>5}  {:>6}  {:<8}  {:<20}  documents",
                "id", "languages", "beads", "mean", "< 0.5", "method", "stored"
            )?;
            for a in &alignments {
                writeln!(
                    out,
                    "{:>5}  {:<9}  {:>6}  {:>5.2}  {:>6}  {:<8}  {:<20}  {} | {}",
                    a.id,
                    format!("{}-{}", a.source_lang, a.target_lang),
                    a.beads,
                    a.mean_confidence,
                    a.doubtful,
                    a.method,
                    a.created_at,
                    a.source,
                    a.target
                )?;
            }
            Ok(())
        }
    })
}
