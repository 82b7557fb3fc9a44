//! `qantara eval`: scores alignments against references.

use std::io::Write;

use anyhow::Result;

use super::{UsageError, read_beads};
use crate::cli::{EvalArgs, ReportFormat};
use qantara::eval::{Counts, Scores, count};

/// Scores each `--test` file against the `--gold` file in the same place, sums the
/// counts and prints the scores.
pub fn run(args: EvalArgs) -> Result<()> {
    if args.gold.len() != args.test.len() {
        return Err(UsageError(format!(
            "eval needs as many --test files as --gold files (got {} gold, {} test)",
            args.gold.len(),
            args.test.len()
        ))
        .into());
    }
    let mut total = Counts::default();
    for (gold, test) in args.gold.iter().zip(&args.test) {
        total = total + count(&read_beads(gold)?, &read_beads(test)?);
    }
    let report = render(&total.scores(), args.format)?;
    std::io::stdout().lock().write_all(report.as_bytes())?;
    Ok(())
}

/// The scores as a table or as JSON, with a final line end.
pub fn render(scores: &Scores, format: ReportFormat) -> Result<String> {
    Ok(match format {
        ReportFormat::Json => serde_json::to_string(scores)? + "\n",
        ReportFormat::Table => {
            let mut table = format!("{:<8}{:>10}{:>10}{:>10}\n", "", "precision", "recall", "f1");
            for (name, prf) in [("strict", scores.strict), ("lax", scores.lax)] {
                table += &format!(
                    "{name:<8}{:>10.4}{:>10.4}{:>10.4}\n",
                    prf.precision, prf.recall, prf.f1
                );
            }
            table
        }
    })
}
