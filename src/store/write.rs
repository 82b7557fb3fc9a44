//! Writing alignments: each with its documents, sentences, beads and index rows in one
//! transaction, a document stored once whatever the alignments that share it.

use std::path::Path;

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};

use super::{Store, StoreError, search, sqlite_error};
use crate::align::{Alignment, Bead};
use crate::digest::hex;
use crate::lexicon::Origin;
use crate::segment::Sentence;

/// A document about to be stored: its identity and its sentences.
#[derive(Debug, Clone, Copy)]
pub struct NewDocument<'a> {
    /// The path the text was read from, as the user gave it.
    pub path: &'a str,
    /// Language code.
    pub lang: &'a str,
    /// Hex SHA-256 of the decoded text.
    pub content_hash: &'a str,
    /// How the sentences were found: `rules`, `lines`, `tmx` or `xliff`.
    pub segmentation: &'a str,
    /// The format of the file it was read from: `text`, `docx`, `html`, `tmx`…
    pub format: &'a str,
    /// The sentences.
    pub sentences: &'a [Sentence],
    /// The length of each sentence as the aligner measures it.
    pub char_lengths: &'a [usize],
}

/// An alignment about to be stored, with the documents it links.
#[derive(Debug, Clone, Copy)]
pub struct NewAlignment<'a> {
    /// The source document.
    pub source: NewDocument<'a>,
    /// The target document.
    pub target: NewDocument<'a>,
    /// The aligner's name, e.g. `gale-church`.
    pub method: &'a str,
    /// The settings and estimated model as JSON.
    pub parameters: &'a str,
    /// Hex SHA-256 of the settings that made the alignment.
    pub settings_hash: &'a str,
    /// The beads.
    pub alignment: &'a Alignment,
}

/// Writing inside a [`Store::transaction`].
pub struct Writing<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    path: &'a Path,
}

impl Writing<'_> {
    /// Stores an alignment as [`Store::save_alignment`] does; returns its id.
    pub fn save_alignment(&self, new: &NewAlignment) -> Result<i64, StoreError> {
        insert_alignment(self.tx, new).map_err(sqlite_error(self.path))
    }

    /// Deletes the alignments made by `method` whose parameters name the file `file`
    /// (`{"file": …}`), with the documents only they used; returns how many.
    pub fn delete_alignments_of_file(&self, method: &str, file: &str) -> Result<usize, StoreError> {
        let wrap = sqlite_error(self.path);
        let deleted = self
            .tx
            .execute(
                "DELETE FROM alignments WHERE method = ?1 AND json_extract(parameters, '$.file') = ?2",
                params![method, file],
            )
            .map_err(wrap)?;
        self.tx
            .execute(
                "DELETE FROM documents WHERE segmentation = ?1 AND id NOT IN (
                   SELECT source_document_id FROM alignments UNION SELECT target_document_id FROM alignments)",
                params![method],
            )
            .map_err(wrap)?;
        Ok(deleted)
    }
}

/// Inserts an alignment, its documents if new, its beads and its learned word pairs,
/// replacing an alignment of the same documents made with the same settings; returns its
/// id.
pub(super) fn insert_alignment(
    tx: &rusqlite::Transaction,
    new: &NewAlignment,
) -> rusqlite::Result<i64> {
    insert_alignment_announcing(tx, new, |_| ())
}

/// Inserts an alignment as [`insert_alignment`] does, calling `announce` with its id as
/// soon as the id is known, before its beads and index rows are written.
///
/// The beads' texts in search form are worked out on a thread of their own while the
/// documents and beads are written: SQLite keeps one core busy and the other would wait
/// (storing Text+Berg at 200k a side took 1.72 s instead of 2.00, traced).
fn insert_alignment_announcing(
    tx: &rusqlite::Transaction,
    new: &NewAlignment,
    announce: impl FnOnce(i64),
) -> rusqlite::Result<i64> {
    let (alignment_id, texts) = std::thread::scope(|scope| {
        let texts = scope.spawn(|| {
            search::index_texts(
                (new.source.sentences, new.target.sentences),
                &new.alignment.beads,
            )
        });
        let stored = insert_documents_and_beads(tx, new, announce);
        let texts = texts
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (stored, texts)
    });
    let alignment_id = alignment_id?;
    // The full-text index follows in the same transaction: a search never waits for it.
    search::insert_index(tx, &[(alignment_id, texts)])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO lexicon (source_lang, target_lang, source, target, weight, origin, alignment_id)
         VALUES (?1, ?2, ?3, ?4, ?5, 'learned', ?6)",
    )?;
    let learned = new
        .alignment
        .lexicon
        .entries()
        .iter()
        .filter(|e| e.origin == Origin::Learned);
    for entry in learned {
        insert.execute(params![
            new.source.lang,
            new.target.lang,
            entry.source,
            entry.target,
            entry.score,
            alignment_id
        ])?;
    }
    Ok(alignment_id)
}

/// Inserts an alignment's documents if new, the alignment itself (replacing one of the
/// same documents made with the same settings) and its beads; calls `announce` with its
/// id before the beads are written, and returns it.
fn insert_documents_and_beads(
    tx: &rusqlite::Transaction,
    new: &NewAlignment,
    announce: impl FnOnce(i64),
) -> rusqlite::Result<i64> {
    let source_id = store_document(tx, &new.source)?;
    let target_id = store_document(tx, &new.target)?;
    tx.execute(
        "DELETE FROM alignments WHERE source_document_id = ?1 AND target_document_id = ?2
         AND (settings_hash = ?3 OR (method = ?4 AND parameters = ?5)) AND method != 'reviewed'",
        params![
            source_id,
            target_id,
            new.settings_hash,
            new.method,
            new.parameters
        ],
    )?;
    tx.execute(
        "INSERT INTO alignments (source_document_id, target_document_id, method, parameters, score, settings_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            source_id,
            target_id,
            new.method,
            new.parameters,
            new.alignment.mean_confidence(),
            new.settings_hash
        ],
    )?;
    let alignment_id = tx.last_insert_rowid();
    announce(alignment_id);
    insert_beads(tx, alignment_id, &new.alignment.beads)?;
    Ok(alignment_id)
}

/// Stores `beads` as the beads of alignment `alignment_id`, in order.
pub(super) fn insert_beads(
    tx: &rusqlite::Transaction,
    alignment_id: i64,
    beads: &[Bead],
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO beads (alignment_id, position, source_start, source_end,
         target_start, target_end, confidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, bead) in beads.iter().enumerate() {
        insert.execute(params![
            alignment_id,
            position,
            bead.source.start,
            bead.source.end,
            bead.target.start,
            bead.target.end,
            bead.confidence
        ])?;
    }
    Ok(())
}

/// The SHA-256, in hex, of a document's split: each sentence's paragraph number, byte
/// offsets and text, in order. Two splits of one text share it only if they are the same.
pub(super) fn split_hash<'a>(
    sentences: impl IntoIterator<Item = (usize, usize, usize, &'a str)>,
) -> String {
    let mut digest = Sha256::new();
    for (paragraph, start, end, text) in sentences {
        for number in [paragraph, start, end, text.len()] {
            digest.update((number as u64).to_le_bytes());
        }
        digest.update(text);
    }
    hex(&digest.finalize())
}

/// Finds a stored document with the same content, language, segmentation and split, or
/// inserts it with its sentences; returns its id.
pub(super) fn store_document(
    tx: &rusqlite::Transaction,
    doc: &NewDocument,
) -> rusqlite::Result<i64> {
    let split = split_hash(
        doc.sentences
            .iter()
            .map(|s| (s.paragraph, s.start, s.end, s.text.as_str())),
    );
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM documents WHERE content_hash = ?1 AND lang = ?2 AND segmentation = ?3
             AND split_hash = ?4",
            params![doc.content_hash, doc.lang, doc.segmentation, split],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let paragraph_count = doc.sentences.last().map_or(0, |s| s.paragraph + 1);
    tx.execute(
        "INSERT INTO documents (path, lang, content_hash, segmentation, paragraph_count, sentence_count, split_hash, format)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            doc.path,
            doc.lang,
            doc.content_hash,
            doc.segmentation,
            paragraph_count,
            doc.sentences.len(),
            split,
            doc.format
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO segments (document_id, position, paragraph, start_byte, end_byte, char_length, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, (sentence, length)) in doc.sentences.iter().zip(doc.char_lengths).enumerate() {
        insert.execute(params![
            id,
            position,
            sentence.paragraph,
            sentence.start,
            sentence.end,
            *length,
            sentence.text
        ])?;
    }
    Ok(id)
}

impl Store {
    /// Stores an alignment and any of its documents not stored yet, in one transaction.
    /// A document already stored with the same content, language, segmentation and split
    /// into the same sentences is reused; an earlier alignment of the same documents with the same settings is
    /// replaced. Returns the new alignment's id.
    pub fn save_alignment(&mut self, new: &NewAlignment) -> Result<i64, StoreError> {
        self.write(|tx| insert_alignment(tx, new))
    }

    /// Stores an alignment as [`Store::save_alignment`] does, calling `announce` with its
    /// id inside the transaction, as soon as the id is known: a caller can start on what
    /// needs the id (the output of `align`) while the beads and the index are written,
    /// and must keep it from anyone's sight until this returns `Ok`, since the
    /// transaction may still fail and leave no alignment of that id.
    pub fn save_alignment_announcing(
        &mut self,
        new: &NewAlignment,
        announce: impl FnOnce(i64),
    ) -> Result<i64, StoreError> {
        self.write(|tx| insert_alignment_announcing(tx, new, announce))
    }

    /// Runs `body` in one write transaction, committed when it returns `Ok`: what it
    /// stores through the [`Writing`] it is given is all stored or not at all.
    pub fn transaction<T, E: From<StoreError>>(
        &mut self,
        body: impl FnOnce(&Writing) -> Result<T, E>,
    ) -> Result<T, E> {
        let wrap = sqlite_error(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(wrap)?;
        let value = body(&Writing {
            tx: &tx,
            path: &self.path,
        })?;
        tx.commit().map_err(wrap)?;
        Ok(value)
    }

    /// Runs `body` in an immediate transaction (taking the write lock at once, so that
    /// a busy database is waited for before any work) and commits it.
    pub(super) fn write<T>(
        &mut self,
        body: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        self.transaction(|writing| body(writing.tx).map_err(sqlite_error(writing.path)))
    }
}
