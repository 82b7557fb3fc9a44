//! The word pairs the aligner is given: dictionaries imported by the user, and the
//! corpus lexicon a two-pass batch learns, by language pair.

use std::collections::HashMap;

use rusqlite::params;

use super::{Store, StoreError, sqlite_error};
use crate::lexicon::dictionary::Dictionary;
use crate::lexicon::{Lexicon, Origin};

/// A lexicon learned across many documents, shared by every alignment of its language
/// pair (as opposed to the pairs each alignment learns for itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SharedLexicon {
    /// Learned by `batch --two-pass` from the pairs of one batch.
    Corpus,
    /// Learned by `lexicon learn` from the whole memory.
    Memory,
}

impl SharedLexicon {
    /// The condition on lexicon rows that selects this lexicon.
    fn rows(self) -> &'static str {
        match self {
            SharedLexicon::Corpus => "origin = 'learned' AND alignment_id IS NULL",
            SharedLexicon::Memory => "origin = 'memory'",
        }
    }

    /// The `origin` its rows are stored with.
    fn origin(self) -> &'static str {
        match self {
            SharedLexicon::Corpus => "learned",
            SharedLexicon::Memory => "memory",
        }
    }
}

/// One part of the stored lexicon, as `qantara lexicon list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LexiconPart {
    /// The dictionary's name, or what learned the pairs.
    pub name: String,
    /// The language of the source words.
    pub source_lang: String,
    /// The language of the target words.
    pub target_lang: String,
    /// How many word pairs.
    pub pairs: usize,
    /// `dictionary`, `learned` or `memory`.
    pub origin: String,
}

/// Word pairs by language pair (source, target): `(source word, target word)` lists.
pub type WordPairs = HashMap<(String, String), Vec<(String, String)>>;

impl Store {
    /// Stores the pairs of a dictionary for a language pair, in one transaction; pairs
    /// stored already are kept once. Returns how many were new.
    pub fn import_dictionary(
        &mut self,
        (source_lang, target_lang): (&str, &str),
        name: &str,
        dictionary: &Dictionary,
    ) -> Result<usize, StoreError> {
        self.write(|tx| {
            let mut insert = tx.prepare(
                "INSERT OR IGNORE INTO lexicon (source_lang, target_lang, source, target, weight, origin, dictionary)
                 VALUES (?1, ?2, ?3, ?4, 1.0, 'dictionary', ?5)",
            )?;
            let mut added = 0;
            for (source, target) in &dictionary.pairs {
                added += insert.execute(params![source_lang, target_lang, source, target, name])?;
            }
            Ok(added)
        })
    }

    /// Replaces the shared lexicon `kind` of a language pair with the learned pairs of
    /// `lexicon`, in one transaction; returns how many were stored.
    pub fn replace_shared_lexicon(
        &mut self,
        kind: SharedLexicon,
        (source_lang, target_lang): (&str, &str),
        lexicon: &Lexicon,
    ) -> Result<usize, StoreError> {
        self.write(|tx| {
            tx.execute(
                &format!(
                    "DELETE FROM lexicon WHERE {} AND source_lang = ?1 AND target_lang = ?2",
                    kind.rows()
                ),
                params![source_lang, target_lang],
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO lexicon (source_lang, target_lang, source, target, weight, origin)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut stored = 0;
            for entry in lexicon
                .entries()
                .iter()
                .filter(|e| e.origin == Origin::Learned)
            {
                stored += insert.execute(params![
                    source_lang,
                    target_lang,
                    entry.source,
                    entry.target,
                    entry.score,
                    kind.origin()
                ])?;
            }
            Ok(stored)
        })
    }

    /// Removes the dictionary stored as `name`, in one transaction; returns how many
    /// pairs it held (0 when no dictionary has that name).
    pub fn remove_dictionary(&mut self, name: &str) -> Result<usize, StoreError> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM lexicon WHERE origin = 'dictionary' AND dictionary = ?1",
                params![name],
            )
        })
    }

    /// What the lexicon holds, a row for each dictionary and language pair, then the
    /// learned lexicons: the corpus lexicon of each language pair, and the pairs learned
    /// by single alignments, counted together.
    pub fn lexicon_summary(&self) -> Result<Vec<LexiconPart>, StoreError> {
        self.lexicon_parts("1")
    }

    /// The dictionaries stored, a row for each and its language pair: what an alignment
    /// reads of the lexicon's summary, without counting the pairs every alignment
    /// learned.
    pub fn dictionary_summary(&self) -> Result<Vec<LexiconPart>, StoreError> {
        // Every dictionary row names its dictionary: the condition lets SQLite read them
        // through the index on `dictionary` instead of every learned pair.
        self.lexicon_parts("origin = 'dictionary' AND dictionary IS NOT NULL")
    }

    /// The parts of the lexicon (see [`Store::lexicon_summary`]) among the rows that
    /// match `condition`.
    fn lexicon_parts(&self, condition: &str) -> Result<Vec<LexiconPart>, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut query = self
            .conn
            .prepare(&format!(
                "SELECT CASE WHEN origin = 'dictionary' THEN coalesce(dictionary, '')
                             WHEN origin = 'memory' THEN '(learned from the memory)'
                             WHEN alignment_id IS NULL THEN '(corpus lexicon)'
                             ELSE '(learned by ' || count(DISTINCT alignment_id) || ' alignments)' END,
                        source_lang, target_lang, count(*), origin,
                        origin = 'dictionary' AS is_dictionary, alignment_id IS NULL AS is_corpus
                 FROM lexicon WHERE {condition}
                 GROUP BY origin, CASE WHEN origin = 'dictionary' THEN dictionary END,
                          alignment_id IS NULL, source_lang, target_lang
                 ORDER BY is_dictionary DESC, is_corpus DESC, 1, 2, 3"
            ))
            .map_err(wrap)?;
        query
            .query_map([], |row| {
                Ok(LexiconPart {
                    name: row.get(0)?,
                    source_lang: row.get(1)?,
                    target_lang: row.get(2)?,
                    pairs: row.get(3)?,
                    origin: row.get(4)?,
                })
            })
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)
    }

    /// The shared lexicons of every language pair (the corpus lexicon, then the one
    /// learned from the memory), as stems.
    pub fn shared_lexicons(&self) -> Result<WordPairs, StoreError> {
        self.word_pairs(&format!(
            "({}) OR ({})",
            SharedLexicon::Corpus.rows(),
            SharedLexicon::Memory.rows()
        ))
    }

    /// The dictionary pairs stored, as written, for every language pair.
    pub fn dictionaries(&self) -> Result<WordPairs, StoreError> {
        self.word_pairs("origin = 'dictionary'")
    }

    /// The word pairs of the lexicon rows that match `condition`, by language pair, each
    /// once (a pair two dictionaries hold is read once), in the order first stored.
    pub(super) fn word_pairs(&self, condition: &str) -> Result<WordPairs, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut query = self
            .conn
            .prepare(&format!(
                "SELECT source_lang, target_lang, source, target FROM lexicon
                 WHERE {condition}
                 GROUP BY source_lang, target_lang, source, target ORDER BY min(id)"
            ))
            .map_err(wrap)?;
        let mut rows = query.query([]).map_err(wrap)?;
        let mut pairs = WordPairs::new();
        while let Some(row) = rows.next().map_err(wrap)? {
            let langs = (row.get(0).map_err(wrap)?, row.get(1).map_err(wrap)?);
            let words = (row.get(2).map_err(wrap)?, row.get(3).map_err(wrap)?);
            pairs.entry(langs).or_default().push(words);
        }
        Ok(pairs)
    }
}
