//! A reviewer's corrections of an alignment, revision by revision (`alignment_revisions`,
//! schema version 8): each edit replaces the alignment's beads in one transaction and
//! records the new bead list with what the edit was; the aligner's output is kept as
//! revision 0. Undoing an edit is one more revision, which restores the bead list the
//! undone edit started from.

use rusqlite::{OptionalExtension, params};

use super::write::insert_beads;
use super::{Store, StoreError};
use crate::align::Bead;

/// The method of an alignment a person has edited.
pub const REVIEWED: &str = "reviewed";

/// One revision of an alignment.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Revision {
    /// Its number: 0 for the aligner's output, then one per edit.
    pub revision: i64,
    /// The aligner's method for revision 0, else `reviewed`.
    pub method: String,
    /// What the edit was; none for revision 0.
    pub edit: Option<String>,
    /// For an undo, the revision whose beads it restored.
    pub restores: Option<i64>,
    /// When it was made (UTC, ISO 8601).
    pub created_at: String,
}

impl Store {
    /// The revisions of alignment `id`, oldest first; none until it is first edited.
    pub fn revisions(&self, id: i64) -> Result<Vec<Revision>, StoreError> {
        let run = || -> rusqlite::Result<Vec<Revision>> {
            let mut query = self.conn.prepare(
                "SELECT revision, method, edit, restores, created_at FROM alignment_revisions
                 WHERE alignment_id = ?1 ORDER BY revision",
            )?;
            query
                .query_map([id], |row| {
                    Ok(Revision {
                        revision: row.get(0)?,
                        method: row.get(1)?,
                        edit: row.get(2)?,
                        restores: row.get(3)?,
                        created_at: row.get(4)?,
                    })
                })?
                .collect()
        };
        run().map_err(super::sqlite_error(&self.path))
    }

    /// Makes `beads` alignment `id`'s beads, as the revision `edit` (and, for an undo,
    /// `restores`) describes, in one transaction: the bead list the alignment had is
    /// recorded as revision 0 first if it has no revision yet, the alignment becomes
    /// `reviewed`, and it leaves the search index until it is next indexed. Returns the
    /// new revision's number.
    pub fn save_revision(
        &mut self,
        id: i64,
        beads: &[Bead],
        (edit, restores): (&str, Option<i64>),
    ) -> Result<i64, StoreError> {
        self.write(|tx| {
            let method: String =
                tx.query_row("SELECT method FROM alignments WHERE id = ?1", [id], |r| r.get(0))?;
            let last: Option<i64> = tx
                .query_row(
                    "SELECT max(revision) FROM alignment_revisions WHERE alignment_id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            let last = match last {
                Some(last) => last,
                None => {
                    let current = read_beads(tx, id)?;
                    tx.execute(
                        "INSERT INTO alignment_revisions (alignment_id, revision, method, beads)
                         VALUES (?1, 0, ?2, ?3)",
                        params![id, method, beads_json(&current)],
                    )?;
                    0
                }
            };
            let revision = last + 1;
            tx.execute(
                "INSERT INTO alignment_revisions (alignment_id, revision, method, edit, restores, beads)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, revision, REVIEWED, edit, restores, beads_json(beads)],
            )?;
            tx.execute("DELETE FROM beads WHERE alignment_id = ?1", [id])?;
            insert_beads(tx, id, beads)?;
            let mean = if beads.is_empty() {
                0.0
            } else {
                beads.iter().map(|b| b.confidence).sum::<f64>() / beads.len() as f64
            };
            tx.execute(
                "UPDATE alignments SET method = ?2, score = ?3 WHERE id = ?1",
                params![id, REVIEWED, mean],
            )?;
            // The index follows the beads: the alignment is indexed again when next
            // searched.
            tx.execute(
                "DELETE FROM tm_search WHERE rowid BETWEEN ?1 * 16777216 AND ?1 * 16777216 + 16777215",
                [id],
            )?;
            tx.execute("DELETE FROM tm_search_alignments WHERE alignment_id = ?1", [id])?;
            Ok(revision)
        })
    }

    /// The beads of revision `revision` of alignment `id`, if it has that revision.
    pub fn revision_beads(&self, id: i64, revision: i64) -> Result<Option<Vec<Bead>>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT beads FROM alignment_revisions WHERE alignment_id = ?1 AND revision = ?2",
                params![id, revision],
                |r| r.get(0),
            )
            .optional()
            .map_err(super::sqlite_error(&self.path))?;
        Ok(json.map(|json| beads_from_json(&json)))
    }
}

/// The beads of alignment `id` as stored, in order.
fn read_beads(tx: &rusqlite::Transaction, id: i64) -> rusqlite::Result<Vec<Bead>> {
    let mut query = tx.prepare(
        "SELECT source_start, source_end, target_start, target_end, confidence FROM beads
         WHERE alignment_id = ?1 ORDER BY position",
    )?;
    query
        .query_map([id], |row| {
            let index = |k| {
                row.get::<_, i64>(k)
                    .map(|v| usize::try_from(v).unwrap_or(0))
            };
            Ok(Bead {
                source: index(0)?..index(1)?,
                target: index(2)?..index(3)?,
                confidence: row.get(4)?,
            })
        })?
        .collect()
}

/// A bead list as the revisions table holds it.
fn beads_json(beads: &[Bead]) -> String {
    let rows: Vec<(usize, usize, usize, usize, f64)> = beads
        .iter()
        .map(|b| {
            (
                b.source.start,
                b.source.end,
                b.target.start,
                b.target.end,
                b.confidence,
            )
        })
        .collect();
    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".to_owned())
}

/// A bead list from the revisions table (an unreadable one is empty).
fn beads_from_json(json: &str) -> Vec<Bead> {
    let rows: Vec<(usize, usize, usize, usize, f64)> =
        serde_json::from_str(json).unwrap_or_default();
    rows.into_iter()
        .map(|(ss, se, ts, te, confidence)| Bead {
            source: ss..se,
            target: ts..te,
            confidence,
        })
        .collect()
}
