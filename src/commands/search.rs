//! `qantara search`: concordance over both sides of the stored pairs.

use std::io::IsTerminal;

use anyhow::{Result, bail};
use serde_json::json;

use super::{Notes, NothingFound, counted, open_existing, write_output};
use crate::cli::{ReportFormat, SearchArgs};
use qantara::store::Store;
use qantara::tm::search::{highlighted, matches, query};

/// Runs `qantara search`.
pub fn run(args: SearchArgs, notes: &Notes) -> Result<()> {
    let Some(query) = query(&args.words) else {
        bail!("nothing to search for: the query holds no word");
    };
    let store = open_existing(&args.database.db)?;
    refresh_index(&store, notes)?;
    let units = store.search(&query.expression, args.lang.as_deref(), args.limit)?;
    // Matches are highlighted on a terminal; in a pipe or a file the text is as stored
    // (the JSON format gives the spans).
    let marks = if std::io::stdout().is_terminal() {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("", "")
    };
    write_output(None, |out| {
        for unit in &units {
            let source = matches(&unit.source_text, &query.words);
            let target = matches(&unit.target_text, &query.words);
            match args.format {
                ReportFormat::Table => {
                    writeln!(
                        out,
                        "alignment {} bead {} ({}, confidence {:.2})",
                        unit.alignment_id, unit.bead, unit.kind, unit.confidence
                    )?;
                    writeln!(
                        out,
                        "  {}: {}",
                        unit.source_lang,
                        highlighted(&unit.source_text, &source, marks)
                    )?;
                    writeln!(
                        out,
                        "  {}: {}",
                        unit.target_lang,
                        highlighted(&unit.target_text, &target, marks)
                    )?;
                }
                ReportFormat::Json => {
                    let spans = |s: &[std::ops::Range<usize>]| -> Vec<[usize; 2]> {
                        s.iter().map(|r| [r.start, r.end]).collect()
                    };
                    let mut value = serde_json::to_value(unit)?;
                    value["source_matches"] = json!(spans(&source));
                    value["target_matches"] = json!(spans(&target));
                    serde_json::to_writer(&mut *out, &value)?;
                    writeln!(out)?;
                }
            }
        }
        Ok(())
    })?;
    notes.say(&format!("{} found", counted(units.len(), "pair", "pairs")));
    if units.is_empty() {
        return Err(NothingFound.into());
    }
    Ok(())
}

/// Brings the search index up to date with the stored alignments, saying so when there
/// is work to do. The index is the one thing a reading command writes, through a
/// connection of its own that never waits: where it cannot be written (a read-only file
/// or folder, another process writing), the search goes on over what is indexed, with a
/// warning.
pub fn refresh_index(store: &Store, notes: &Notes) -> Result<()> {
    let waiting = store.unindexed_alignments()?;
    if waiting == 0 {
        return Ok(());
    }
    let refreshed = Store::open(store.path()).and_then(|mut writer| {
        writer.never_wait()?;
        writer.refresh_search_index()
    });
    match refreshed {
        Ok((indexed, damaged)) => {
            for error in damaged {
                notes.warn(&format!("{error}: left out of the search"));
            }
            if indexed > 0 {
                notes.say(&format!(
                    "indexed {} for search",
                    counted(indexed, "new alignment", "new alignments")
                ));
            }
        }
        Err(error) => notes.warn(&format!(
            "{} left out of the search: the index could not be brought up to date ({error})",
            match waiting {
                1 => "1 alignment is".to_owned(),
                _ => format!("{waiting} alignments are"),
            }
        )),
    }
    Ok(())
}
