//! `qantara lookup`: fuzzy matches for a sentence, candidates from the search index.

use anyhow::{Result, bail};
use serde_json::json;

use super::search::refresh_index;
use super::{Notes, NothingFound, counted, open_existing, write_output};
use crate::cli::{LookupArgs, ReportFormat};
use crate::text::script::guess_language;
use crate::tm::lookup::{MAX_SENTENCE_WORDS, match_percent_from};
use crate::tm::words::tokens;

/// The rarest words of the sentence that make up the candidate query.
const QUERY_WORDS: usize = 8;
/// Candidates scored per lookup: the best by BM25 over those words.
const CANDIDATES: usize = 200;

/// A unit that matches the sentence looked up.
struct Found {
    /// The match percentage.
    percent: u32,
    /// Whether the matching side is the target.
    on_target: bool,
    /// The sentence of that side that matched, when one sentence of several matched
    /// better than the whole side.
    sentence: Option<String>,
    unit: crate::store::search::StoredUnit,
}

/// Runs `qantara lookup`.
pub fn run(args: LookupArgs, notes: &Notes) -> Result<()> {
    let mut words: Vec<String> = tokens(&args.sentence)
        .into_iter()
        .filter(|t| t.is_word)
        .map(|t| t.form)
        .collect();
    words.sort_unstable();
    words.dedup();
    if words.is_empty() {
        bail!("nothing to look up: the sentence holds no word");
    }
    let length = tokens(&args.sentence).iter().filter(|t| t.is_word).count();
    if length > MAX_SENTENCE_WORDS {
        bail!(
            "the sentence has {length} words: lookup takes one segment of at most {MAX_SENTENCE_WORDS} (search finds words in longer texts)"
        );
    }
    let store = open_existing(&args.database.db)?;
    refresh_index(&store, notes)?;
    let mut rare = store.term_rows(&words)?;
    rare.retain(|(_, rows)| *rows > 0);
    rare.sort_by_key(|(_, rows)| *rows);
    let mut found = Vec::new();
    if !rare.is_empty() {
        let any = rare
            .iter()
            .take(QUERY_WORDS)
            .map(|(word, _)| format!("\"{word}\""))
            .collect::<Vec<_>>()
            .join(" OR ");
        // Without --lang, both sides are searched, and each unit's side looked at is the
        // one written in the sentence's script (the source side when both are).
        let script = guess_language(&args.sentence);
        for unit in store.search(&any, args.lang.as_deref(), CANDIDATES)? {
            let on_target = match args.lang.as_deref() {
                Some(lang) => lang == unit.target_lang && lang != unit.source_lang,
                None => {
                    guess_language(&unit.target_text) == script
                        && guess_language(&unit.source_text) != script
                }
            };
            let text = if on_target {
                &unit.target_text
            } else {
                &unit.source_text
            };
            // The whole side, and each of its sentences when it has several: a sentence
            // inside a 1-2 bead is found at its own percentage.
            let whole = match_percent_from(&args.sentence, text, args.min).map(|p| (p, None));
            // The kind (`1-2`) says how many sentences each side has: only a side of
            // several is read sentence by sentence.
            let side_count = unit
                .kind
                .split('-')
                .nth(usize::from(on_target))
                .and_then(|count| count.parse::<usize>().ok())
                .unwrap_or(0);
            let best_sentence = if side_count > 1 {
                store
                    .bead_sentences(unit.alignment_id, unit.bead, on_target)?
                    .into_iter()
                    .filter_map(|s| {
                        match_percent_from(&args.sentence, &s, args.min).map(|p| (p, Some(s)))
                    })
                    .max_by_key(|(p, _)| *p)
            } else {
                None
            };
            let best = match (whole, best_sentence) {
                (Some(whole), Some(part)) if part.0 > whole.0 => Some(part),
                (whole, part) => whole.or(part),
            };
            if let Some((percent, sentence)) = best {
                found.push(Found {
                    percent,
                    on_target,
                    sentence,
                    unit,
                });
            }
        }
    }
    found.sort_by(|a, b| {
        b.percent
            .cmp(&a.percent)
            .then(a.unit.alignment_id.cmp(&b.unit.alignment_id))
            .then(a.unit.bead.cmp(&b.unit.bead))
    });
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
