//! `qantara lookup`: fuzzy matches for a sentence, candidates from the search index.

use anyhow::Result;
use serde_json::json;

use super::search::refresh_index;
use super::{Notes, NothingFound, counted, open_existing, write_output};
use crate::cli::{LookupArgs, ReportFormat};
use qantara::tm::lookup::LookupQuery;

/// Runs `qantara lookup`.
pub fn run(args: LookupArgs, notes: &Notes) -> Result<()> {
    let query = LookupQuery::new(&args.sentence)?;
    let store = open_existing(&args.database.db)?;
    refresh_index(&store, notes)?;
    let mut found = store.lookup(&query, args.lang.as_deref(), args.min)?;
    found.truncate(args.limit);
    write_output(None, |out| {
        for found in &found {
            let unit = &found.unit;
            let (matched, translation) = if found.on_target {
                (&unit.target_text, &unit.source_text)
            } else {
                (&unit.source_text, &unit.target_text)
            };
            let percent = found.percent;
            match args.format {
                ReportFormat::Table => match &found.sentence {
                    Some(sentence) => {
                        writeln!(out, "{percent:>3}%  {sentence}")?;
                        writeln!(out, "      (in the unit: {matched})")?;
                        writeln!(out, "      {translation}")?;
                    }
                    None => {
                        writeln!(out, "{percent:>3}%  {matched}")?;
                        writeln!(out, "      {translation}")?;
                    }
                },
                ReportFormat::Json => {
                    let mut value = serde_json::to_value(unit)?;
                    value["match"] = json!(percent);
                    value["matched_sentence"] = json!(found.sentence);
                    value["matched_side"] =
                        json!(if found.on_target { "target" } else { "source" });
                    serde_json::to_writer(&mut *out, &value)?;
                    writeln!(out)?;
                }
            }
        }
        Ok(())
    })?;
    notes.say(&format!(
        "{} of {}% or more",
        counted(found.len(), "match", "matches"),
        args.min
    ));
    if found.is_empty() {
        return Err(NothingFound.into());
    }
    Ok(())
}
