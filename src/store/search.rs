//! The full-text index of the translation memory (`tm_search`, an FTS5 table): keeping it
//! up to date with the alignments, querying it, and reading the units it finds.

use rayon::prelude::*;
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, sqlite_error};
use crate::align::Bead;
use crate::segment::Sentence;
use crate::tm::words::indexed_form_of;

/// Index rows per alignment, at most: a row's id is alignment id · 2²⁴ + bead position.
const BEADS_PER_ALIGNMENT: i64 = 1 << 24;

/// A translation unit as search and lookup show it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredUnit {
    /// The alignment.
    pub alignment_id: i64,
    /// The bead's position in it.
    pub bead: i64,
    /// The bead's kind, e.g. `1-1`.
    pub kind: String,
    /// Source language.
    pub source_lang: String,
    /// Target language.
    pub target_lang: String,
    /// Source text ("" for an empty side).
    pub source_text: String,
    /// Target text ("" for an empty side).
    pub target_text: String,
    /// The bead's confidence.
    pub confidence: f64,
    /// The source document's path.
    pub source_path: String,
    /// The target document's path.
    pub target_path: String,
}

/// The two sides of each bead of an alignment in search form, in bead order: what the
/// full-text index holds of it.
pub(super) type IndexTexts = Vec<(String, String)>;

/// The index texts of `beads` aligning `source` with `target` sentences (the index holds
/// the texts alone: languages and paths are the documents').
pub(super) fn index_texts(
    (source, target): (&[Sentence], &[Sentence]),
    beads: &[Bead],
) -> IndexTexts {
    let form = |sentences: &[Sentence]| indexed_form_of(sentences.iter().map(|s| s.text.as_str()));
    beads
        .par_iter()
        .map(|bead| {
            (
                form(&source[bead.source.clone()]),
                form(&target[bead.target.clone()]),
            )
        })
        .collect()
}

/// The memory FTS5 gathers new terms in before it writes them to the index as a segment:
/// 16 MiB instead of its default 1 MiB, so that a long document's terms are written in
/// fewer, larger segments, with less merging. Storing the 180,000 beads of Text+Berg at
/// 200k took 1.9 s instead of 2.4 s (traced, two runs each; 64 MiB was no faster); the
/// peak memory of aligning that pair stayed at 460 MB (it is reached in the search), and
/// that of 1984 with gaps at 200k went from 443 to 445 MB.
const INDEX_HASH_BYTES: i64 = 16 << 20;

/// Inserts into the index the texts of each alignment of `alignments` (its id and
/// [`index_texts`]), and records it as indexed.
pub(super) fn insert_index(
    tx: &rusqlite::Transaction,
    alignments: &[(i64, IndexTexts)],
) -> rusqlite::Result<()> {
    // A setting FTS5 keeps with the table: set by every writer, so that a database
    // made by an older qantara gets it too, without a new schema version.
    tx.execute(
        "INSERT INTO tm_search (tm_search, rank) VALUES ('hashsize', ?1)",
        [INDEX_HASH_BYTES],
    )?;
    let mut insert =
        tx.prepare_cached("INSERT INTO tm_search (rowid, source, target) VALUES (?1, ?2, ?3)")?;
    let mut done = tx.prepare_cached("INSERT INTO tm_search_alignments VALUES (?1)")?;
    for (id, texts) in alignments {
        for (bead, (source, target)) in texts.iter().enumerate() {
            insert.execute(params![
                id * BEADS_PER_ALIGNMENT + bead as i64,
                source,
                target
            ])?;
        }
        done.execute([id])?;
    }
    Ok(())
}

impl Store {
    /// How many alignments the index does not hold yet.
    pub fn unindexed_alignments(&self) -> Result<usize, StoreError> {
        let count: usize = self
            .conn
            .query_row(
                "SELECT count(*) FROM alignments
                 WHERE id NOT IN (SELECT alignment_id FROM tm_search_alignments)",
                [],
                |row| row.get(0),
            )
            .map_err(sqlite_error(&self.path))?;
        Ok(count)
    }

    /// Adds to the index the alignments it does not hold yet, in one transaction; returns
    /// how many were added, and the damaged alignments left out (each as its error, see
    /// [`Store::beads`]). Deleted alignments leave the index by a trigger.
    pub fn refresh_search_index(&mut self) -> Result<(usize, Vec<StoreError>), StoreError> {
        let missing: Vec<i64> = {
            let wrap = sqlite_error(&self.path);
            let mut query = self
                .conn
                .prepare(
                    "SELECT id FROM alignments
                     WHERE id NOT IN (SELECT alignment_id FROM tm_search_alignments) ORDER BY id",
                )
                .map_err(wrap)?;
            query
                .query_map([], |row| row.get(0))
                .map_err(wrap)?
                .collect::<Result<_, _>>()
                .map_err(wrap)?
        };
        if missing.is_empty() {
            return Ok((0, Vec::new()));
        }
        let mut indexed = Vec::new();
        let mut damaged = Vec::new();
        for &id in &missing {
            let Some(alignment) = self.alignment(id)? else {
                continue;
            };
            let beads = match self.beads(id) {
                Ok(beads) => beads,
                Err(error @ StoreError::DamagedAlignment { .. }) => {
                    damaged.push(error);
                    continue;
                }
                Err(error) => return Err(error),
            };
            let source = self.sentences(alignment.source_document)?;
            let target = self.sentences(alignment.target_document)?;
            indexed.push((id, index_texts((&source, &target), &beads)));
        }
        self.write(|tx| insert_index(tx, &indexed))?;
        Ok((indexed.len(), damaged))
    }

    /// The units matching an FTS5 query (`query`, in search forms), best first by BM25,
    /// at most `limit`; with `lang`, only matches on a side in that language.
    pub fn search(
        &self,
        query: &str,
        lang: Option<&str>,
        limit: usize,
    ) -> Result<Vec<StoredUnit>, StoreError> {
        let wrap = sqlite_error(&self.path);
        let ids: Vec<i64> = match lang {
            None => {
                let mut statement = self
                    .conn
                    .prepare_cached(
                        "SELECT rowid FROM tm_search WHERE tm_search MATCH ?1 ORDER BY rank LIMIT ?2",
                    )
                    .map_err(wrap)?;
                statement
                    .query_map(params![query, limit], |row| row.get(0))
                    .map_err(wrap)?
                    .collect::<Result<_, _>>()
                    .map_err(wrap)?
            }
            Some(lang) => {
                let mut statement = self
                    .conn
                    .prepare_cached(
                        "SELECT rowid FROM (
                           SELECT rowid, rank FROM tm_search WHERE tm_search MATCH '{source} : (' || ?1 || ')'
                             AND rowid / 16777216 IN (SELECT a.id FROM alignments a
                               JOIN documents d ON d.id = a.source_document_id WHERE d.lang = ?2)
                           UNION ALL
                           SELECT rowid, rank FROM tm_search WHERE tm_search MATCH '{target} : (' || ?1 || ')'
                             AND rowid / 16777216 IN (SELECT a.id FROM alignments a
                               JOIN documents d ON d.id = a.target_document_id WHERE d.lang = ?2))
                         ORDER BY rank LIMIT ?3",
                    )
                    .map_err(wrap)?;
                statement
                    .query_map(params![query, lang, limit], |row| row.get(0))
                    .map_err(wrap)?
                    .collect::<Result<_, _>>()
                    .map_err(wrap)?
            }
        };
        let mut units = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(unit) = self.unit(id / BEADS_PER_ALIGNMENT, id % BEADS_PER_ALIGNMENT)? {
                units.push(unit);
            }
        }
        Ok(units)
    }

    /// How many index rows hold each of `terms` (search forms), counted up to `cap`: a
    /// term's count is read from its posting list, so a common word costs no more than
    /// `cap` rows, and a count of `cap` means "that many or more".
    pub fn term_rows(
        &self,
        terms: &[String],
        cap: usize,
    ) -> Result<Vec<(String, usize)>, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM tm_search WHERE tm_search MATCH ?1 LIMIT ?2)",
            )
            .map_err(wrap)?;
        terms
            .iter()
            .map(|term| {
                let phrase = format!("\"{}\"", term.replace('"', "\"\""));
                let rows: usize = statement
                    .query_row(params![phrase, cap], |row| row.get(0))
                    .map_err(wrap)?;
                Ok((term.clone(), rows))
            })
            .collect()
    }

    /// The sentences of one side of bead `bead` of alignment `alignment_id`, in order:
    /// the target side's if `target`, else the source side's.
    pub fn bead_sentences(
        &self,
        alignment_id: i64,
        bead: i64,
        target: bool,
    ) -> Result<Vec<String>, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT s.text FROM beads b
                 JOIN alignments a ON a.id = b.alignment_id
                 JOIN segments s ON s.document_id =
                      CASE WHEN ?3 THEN a.target_document_id ELSE a.source_document_id END
                  AND s.position >= CASE WHEN ?3 THEN b.target_start ELSE b.source_start END
                  AND s.position < CASE WHEN ?3 THEN b.target_end ELSE b.source_end END
                 WHERE b.alignment_id = ?1 AND b.position = ?2
                 ORDER BY s.position",
            )
            .map_err(wrap)?;
        statement
            .query_map(params![alignment_id, bead, target], |row| row.get(0))
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)
    }

    /// The unit of bead `bead` of alignment `alignment_id`.
    pub fn unit(&self, alignment_id: i64, bead: i64) -> Result<Option<StoredUnit>, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT alignment_id, bead, kind, source_lang, target_lang, coalesce(source_text, ''),
                        coalesce(target_text, ''), confidence, source_path, target_path
                 FROM translation_units WHERE alignment_id = ?1 AND bead = ?2",
            )
            .map_err(wrap)?;
        statement
            .query_row(params![alignment_id, bead], |row| {
                Ok(StoredUnit {
                    alignment_id: row.get(0)?,
                    bead: row.get(1)?,
                    kind: row.get(2)?,
                    source_lang: row.get(3)?,
                    target_lang: row.get(4)?,
                    source_text: row.get(5)?,
                    target_text: row.get(6)?,
                    confidence: row.get(7)?,
                    source_path: row.get(8)?,
                    target_path: row.get(9)?,
                })
            })
            .optional()
            .map_err(wrap)
    }
}
