//! Fuzzy-match lookup in the stored memory: candidates from the full-text index by the
//! sentence's rarest words, each scored on its side in the sentence's language, and on
//! each sentence of a side of several.

use super::search::StoredUnit;
use super::{Store, StoreError};
use crate::text::script::guess_language;
use crate::tm::lookup::{LookupQuery, match_percent_from};

/// The rarest words of the sentence that make up the candidate query.
const QUERY_WORDS: usize = 8;
/// Candidates scored per lookup: the best by BM25 over those words.
const CANDIDATES: usize = 200;
/// A word held by this many index rows or more is too common to find candidates by: its
/// posting list is read no further, and it joins the query only when the sentence has
/// no rarer word.
const COMMON_WORD_ROWS: usize = 2_000;
/// When every word of a sentence is common, their rows are counted again up to this
/// many times [`COMMON_WORD_ROWS`], and the rarest alone finds the candidates.
const COMMON_WORD_RECOUNT: usize = 25;

/// A stored unit that matches a sentence looked up.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The match percentage.
    pub percent: u32,
    /// Whether the matching side is the target.
    pub on_target: bool,
    /// The sentence of that side that matched, when one sentence of several matched
    /// better than the whole side.
    pub sentence: Option<String>,
    /// The unit.
    pub unit: StoredUnit,
}

impl Store {
    /// The units matching `query` at `min` percent or more, best first (then by
    /// alignment and bead), on the side in `lang` when one is given, else on the side
    /// written in the sentence's script (the source side when both are).
    pub fn lookup(
        &self,
        query: &LookupQuery,
        lang: Option<&str>,
        min: u32,
    ) -> Result<Vec<Match>, StoreError> {
        let mut rare = self.term_rows(&query.words, COMMON_WORD_ROWS)?;
        rare.retain(|(_, rows)| *rows > 0);
        if rare.iter().all(|(_, rows)| *rows >= COMMON_WORD_ROWS) {
            // Only common words: the rarest of them alone finds the candidates.
            let words: Vec<String> = rare.into_iter().map(|(word, _)| word).collect();
            rare = self.term_rows(&words, COMMON_WORD_ROWS * COMMON_WORD_RECOUNT)?;
            rare.sort_by_key(|(_, rows)| *rows);
            rare.truncate(1);
        } else {
            rare.retain(|(_, rows)| *rows < COMMON_WORD_ROWS);
            rare.sort_by_key(|(_, rows)| *rows);
        }
        if rare.is_empty() {
            return Ok(Vec::new());
        }
        let any = rare
            .iter()
            .take(QUERY_WORDS)
            .map(|(word, _)| format!("\"{word}\""))
            .collect::<Vec<_>>()
            .join(" OR ");
        let sentence = query.sentence.as_str();
        let script = guess_language(sentence);
        let mut found = Vec::new();
        for unit in self.search(&any, lang, CANDIDATES)? {
            let on_target = match lang {
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
            let whole = match_percent_from(sentence, text, min).map(|p| (p, None));
            // The kind (`1-2`) says how many sentences each side has: only a side of
            // several is read sentence by sentence.
            let side_count = unit
                .kind
                .split('-')
                .nth(usize::from(on_target))
                .and_then(|count| count.parse::<usize>().ok())
                .unwrap_or(0);
            let best_sentence = if side_count > 1 {
                self.bead_sentences(unit.alignment_id, unit.bead, on_target)?
                    .into_iter()
                    .filter_map(|s| match_percent_from(sentence, &s, min).map(|p| (p, Some(s))))
                    .max_by_key(|(p, _)| *p)
            } else {
                None
            };
            let best = match (whole, best_sentence) {
                (Some(whole), Some(part)) if part.0 > whole.0 => Some(part),
                (whole, part) => whole.or(part),
            };
            if let Some((percent, sentence)) = best {
                found.push(Match {
                    percent,
                    on_target,
                    sentence,
                    unit,
                });
            }
        }
        found.sort_by(|a, b| {
            b.percent
                .cmp(&a.percent)
                .then(a.unit.alignment_id.cmp(&b.unit.alignment_id))
                .then(a.unit.bead.cmp(&b.unit.bead))
        });
        Ok(found)
    }
}
