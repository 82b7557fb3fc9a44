//! Reading stored alignments back: which alignments there are, their beads, and the
//! sentences of their documents.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, sqlite_error};
use crate::align::Bead;
use crate::segment::Sentence;
use crate::tm::{Side, TranslationUnit, translation_units};

/// A stored alignment and its two documents.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAlignment {
    /// The alignment's id.
    pub id: i64,
    /// The source document's id.
    pub source_document: i64,
    /// The target document's id.
    pub target_document: i64,
    /// The source document's language.
    pub source_lang: String,
    /// The target document's language.
    pub target_lang: String,
    /// The source document's path.
    pub source_path: String,
    /// The target document's path.
    pub target_path: String,
    /// How it was made: the aligner's method, or `reviewed` once a person edited it.
    pub method: String,
}

const ALIGNMENT_COLUMNS: &str = "SELECT a.id, a.source_document_id, a.target_document_id,
         sd.lang, td.lang, sd.path, td.path, a.method
  FROM alignments a
  JOIN documents sd ON sd.id = a.source_document_id
  JOIN documents td ON td.id = a.target_document_id";

fn stored_alignment(row: &rusqlite::Row) -> rusqlite::Result<StoredAlignment> {
    Ok(StoredAlignment {
        id: row.get(0)?,
        source_document: row.get(1)?,
        target_document: row.get(2)?,
        source_lang: row.get(3)?,
        target_lang: row.get(4)?,
        source_path: row.get(5)?,
        target_path: row.get(6)?,
        method: row.get(7)?,
    })
}

/// A stored alignment as `qantara list` shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AlignmentSummary {
    /// The alignment's id.
    pub id: i64,
    /// The source document's path.
    pub source: String,
    /// The target document's path.
    pub target: String,
    /// The source language.
    pub source_lang: String,
    /// The target language.
    pub target_lang: String,
    /// Its beads.
    pub beads: i64,
    /// The mean confidence of its beads.
    pub mean_confidence: f64,
    /// Beads below confidence 0.5: the doubtful ones.
    pub doubtful: i64,
    /// The method that made it (`qantara`, `gale-church`, `tmx`).
    pub method: String,
    /// When it was stored (UTC, ISO 8601).
    pub created_at: String,
}

impl Store {
    /// The translation units of a stored alignment, one a bead, in order (its beads
    /// checked as [`Store::beads`] does).
    pub fn translation_units<'a>(
        &self,
        alignment: &'a StoredAlignment,
    ) -> Result<Vec<TranslationUnit<'a>>, StoreError> {
        let (source, target) = (
            self.sentences(alignment.source_document)?,
            self.sentences(alignment.target_document)?,
        );
        let beads = self.beads(alignment.id)?;
        Ok(translation_units(
            Some(alignment.id),
            Side {
                sentences: &source,
                lang: &alignment.source_lang,
                path: &alignment.source_path,
            },
            Side {
                sentences: &target,
                lang: &alignment.target_lang,
                path: &alignment.target_path,
            },
            &beads,
        ))
    }

    /// A summary of every stored alignment, oldest first.
    pub fn alignment_summaries(&self) -> Result<Vec<AlignmentSummary>, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut query = self
            .conn
            .prepare(
                "SELECT a.id, sd.path, td.path, sd.lang, td.lang,
                        (SELECT count(*) FROM beads b WHERE b.alignment_id = a.id),
                        a.score,
                        (SELECT count(*) FROM beads b WHERE b.alignment_id = a.id AND b.confidence < 0.5),
                        a.method, a.created_at
                 FROM alignments a
                 JOIN documents sd ON sd.id = a.source_document_id
                 JOIN documents td ON td.id = a.target_document_id
                 ORDER BY a.id",
            )
            .map_err(wrap)?;
        query
            .query_map([], |row| {
                Ok(AlignmentSummary {
                    id: row.get(0)?,
                    source: row.get(1)?,
                    target: row.get(2)?,
                    source_lang: row.get(3)?,
                    target_lang: row.get(4)?,
                    beads: row.get(5)?,
                    mean_confidence: row.get(6)?,
                    doubtful: row.get(7)?,
                    method: row.get(8)?,
                    created_at: row.get(9)?,
                })
            })
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)
    }

    /// Every stored alignment, oldest first.
    pub fn alignments(&self) -> Result<Vec<StoredAlignment>, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut query = self
            .conn
            .prepare(&format!("{ALIGNMENT_COLUMNS} ORDER BY a.id"))
            .map_err(wrap)?;
        query
            .query_map([], stored_alignment)
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)
    }

    /// The alignment with id `id`, if there is one.
    pub fn alignment(&self, id: i64) -> Result<Option<StoredAlignment>, StoreError> {
        let wrap = sqlite_error(&self.path);
        self.conn
            .query_row(
                &format!("{ALIGNMENT_COLUMNS} WHERE a.id = ?1"),
                [id],
                stored_alignment,
            )
            .optional()
            .map_err(wrap)
    }

    /// How many sentences the source and the target document of an alignment have
    /// (none for an alignment that is not stored).
    pub fn sentence_counts(&self, alignment_id: i64) -> Result<(usize, usize), StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM segments WHERE document_id = a.source_document_id),
                        (SELECT count(*) FROM segments WHERE document_id = a.target_document_id)
                 FROM alignments a WHERE a.id = ?1",
                [alignment_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(sqlite_error(&self.path))?
            .unwrap_or((0, 0)))
    }

    /// The beads of an alignment, in order, checked against its documents: a bead that
    /// reaches past its document's sentences or overlaps the bead before it is reported as
    /// a damaged alignment, never read.
    pub fn beads(&self, alignment_id: i64) -> Result<Vec<Bead>, StoreError> {
        let beads = self.stored_beads(alignment_id)?;
        let (source_count, target_count) = self.sentence_counts(alignment_id)?;
        let mut reached = (0, 0);
        for (position, bead) in beads.iter().enumerate() {
            let problem = if bead.source.end > source_count {
                Some(format!(
                    "its bead {position} reaches source sentence {} of {source_count}",
                    bead.source.end
                ))
            } else if bead.target.end > target_count {
                Some(format!(
                    "its bead {position} reaches target sentence {} of {target_count}",
                    bead.target.end
                ))
            } else if bead.source.start > bead.source.end
                || bead.target.start > bead.target.end
                || bead.source.start < reached.0
                || bead.target.start < reached.1
            {
                Some(format!(
                    "its bead {position} ({:?}, {:?}) runs backwards or overlaps the bead before",
                    bead.source, bead.target
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(StoreError::DamagedAlignment {
                    path: self.path.clone(),
                    id: alignment_id,
                    problem,
                });
            }
            reached = (bead.source.end, bead.target.end);
        }
        Ok(beads)
    }

    /// The beads of an alignment as stored, unchecked.
    fn stored_beads(&self, alignment_id: i64) -> Result<Vec<Bead>, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut query = self
            .conn
            .prepare_cached(
                "SELECT source_start, source_end, target_start, target_end, confidence
                 FROM beads WHERE alignment_id = ?1 ORDER BY position",
            )
            .map_err(wrap)?;
        query
            .query_map(params![alignment_id], |row| {
                // A negative index (a hand-edited row) reads as out of every range, so
                // that the check in `beads` reports the alignment as damaged.
                let index = |k| {
                    row.get::<_, i64>(k)
                        .map(|v| usize::try_from(v).unwrap_or(usize::MAX))
                };
                Ok(Bead {
                    source: index(0)?..index(1)?,
                    target: index(2)?..index(3)?,
                    confidence: row.get(4)?,
                })
            })
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)
    }

    /// The sentences of a document, in order.
    pub fn sentences(&self, document_id: i64) -> Result<Vec<Sentence>, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut query = self
            .conn
            .prepare_cached(
                "SELECT text, start_byte, end_byte, paragraph FROM segments
                 WHERE document_id = ?1 ORDER BY position",
            )
            .map_err(wrap)?;
        query
            .query_map(params![document_id], |row| {
                let index = |k| row.get::<_, usize>(k);
                Ok(Sentence {
                    text: row.get(0)?,
                    start: index(1)?,
                    end: index(2)?,
                    paragraph: index(3)?,
                })
            })
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)
    }
}
