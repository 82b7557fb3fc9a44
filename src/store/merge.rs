//! Merging another qantara database into this one (the shards of a batch run): documents
//! deduplicated by content, language, segmentation and split, alignments by their documents and
//! settings, ids remapped; one transaction per database merged.

use std::path::Path;

use rusqlite::{OpenFlags, OptionalExtension, params};

use super::{MIGRATIONS, Store, StoreError, sqlite_error};

/// What a merge added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeCounts {
    /// Documents new to this database.
    pub documents: usize,
    /// Alignments new to this database.
    pub alignments: usize,
    /// Alignments this database held already (same documents and settings).
    pub duplicates: usize,
}

/// Why a database cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The database itself is unusable.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file to merge is not a qantara database of this version.
    #[error(
        "{path} has schema version {found}, not {expected}: open it once with this qantara (e.g. `qantara batch` on an empty manifest) to upgrade it, or merge with the qantara that made it"
    )]
    Version {
        /// The file to merge.
        path: String,
        /// Its schema version.
        found: i64,
        /// This qantara's.
        expected: i64,
    },
    /// The file to merge is the database merged into.
    #[error("{0} is the database being merged into")]
    Itself(String),
}

impl Store {
    /// Adds the contents of the qantara database at `other` (opened read-only) to this
    /// one, in one transaction.
    pub fn merge_from(&mut self, other: &Path) -> Result<MergeCounts, MergeError> {
        check_mergeable(other)?;
        let shown = other.display().to_string();
        let their_wrap = sqlite_error(other);
        if same_file(&self.path, other) {
            return Err(MergeError::Itself(shown));
        }
        let wrap = sqlite_error(&self.path);
        let uri = format!("file:{}?mode=ro", uri_path(other));
        self.conn
            .execute("ATTACH DATABASE ?1 AS other", [uri])
            .map_err(their_wrap)?;
        let result = merge_attached(&mut self.conn).map_err(wrap);
        self.conn
            .execute("DETACH DATABASE other", [])
            .map_err(wrap)?;
        let counts = result?;
        // The merged alignments join the search index at once (a damaged one is left for
        // search to report).
        self.refresh_search_index()?;
        Ok(counts)
    }
}

/// Merges the database attached to `conn` as `other` into its main database.
fn merge_attached(conn: &mut rusqlite::Connection) -> rusqlite::Result<MergeCounts> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut counts = MergeCounts::default();
    let last_document: i64 =
        tx.query_row("SELECT coalesce(max(id), 0) FROM main.documents", [], |r| {
            r.get(0)
        })?;
    counts.documents = tx.execute(
            "INSERT INTO main.documents
               (path, lang, content_hash, segmentation, paragraph_count, sentence_count, created_at, split_hash, format)
             SELECT path, lang, content_hash, segmentation, paragraph_count, sentence_count, created_at, split_hash, format
             FROM other.documents o
             WHERE NOT EXISTS (SELECT 1 FROM main.documents d WHERE d.content_hash = o.content_hash
                               AND d.lang = o.lang AND d.segmentation = o.segmentation
                               AND d.split_hash = o.split_hash)
             ORDER BY o.id",
            [],
        )?;
    tx.execute_batch(
            "CREATE TEMP TABLE document_map (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
             INSERT INTO document_map
             SELECT o.id, d.id FROM other.documents o JOIN main.documents d
               ON d.content_hash = o.content_hash AND d.lang = o.lang AND d.segmentation = o.segmentation
                  AND d.split_hash = o.split_hash;
             CREATE TEMP TABLE alignment_map
               (old INTEGER PRIMARY KEY, new INTEGER NOT NULL, added INTEGER NOT NULL);",
        )?;
    tx.execute(
        "INSERT INTO main.segments
             SELECT m.new, s.position, s.paragraph, s.start_byte, s.end_byte, s.char_length, s.text
             FROM other.segments s JOIN temp.document_map m ON m.old = s.document_id
             WHERE m.new > ?1",
        [last_document],
    )?;
    {
        let mut alignments = tx.prepare(
                "SELECT a.id, ms.new, mt.new, a.method, a.parameters, a.score, a.created_at, a.settings_hash
                 FROM other.alignments a
                 JOIN temp.document_map ms ON ms.old = a.source_document_id
                 JOIN temp.document_map mt ON mt.old = a.target_document_id
                 ORDER BY a.id",
            )?;
        let mut existing = tx.prepare(
                "SELECT id FROM main.alignments WHERE source_document_id = ?1 AND target_document_id = ?2
                 AND method = ?4 AND (settings_hash = ?3 OR parameters = ?5)",
            )?;
        let mut insert = tx.prepare(
                "INSERT INTO main.alignments
                   (source_document_id, target_document_id, method, parameters, score, created_at, settings_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
        let mut map = tx.prepare("INSERT INTO temp.alignment_map VALUES (?1, ?2, ?3)")?;
        let mut rows = alignments.query([])?;
        while let Some(row) = rows.next()? {
            let old: i64 = row.get(0)?;
            let (source, target): (i64, i64) = (row.get(1)?, row.get(2)?);
            let (method, parameters): (String, String) = (row.get(3)?, row.get(4)?);
            let settings: Option<String> = row.get(7)?;
            let found: Option<i64> = existing
                .query_row(params![source, target, settings, method, parameters], |r| {
                    r.get(0)
                })
                .optional()?;
            let (new, added) = match found {
                Some(id) => {
                    counts.duplicates += 1;
                    (id, false)
                }
                None => {
                    let score: f64 = row.get(5)?;
                    let created: String = row.get(6)?;
                    insert.execute(params![
                        source, target, method, parameters, score, created, settings
                    ])?;
                    counts.alignments += 1;
                    (tx.last_insert_rowid(), true)
                }
            };
            map.execute(params![old, new, added])?;
        }
    }
    tx.execute_batch(
            "INSERT INTO main.beads
             SELECT m.new, b.position, b.source_start, b.source_end, b.target_start, b.target_end, b.confidence
             FROM other.beads b JOIN temp.alignment_map m ON m.old = b.alignment_id WHERE m.added;
             INSERT INTO main.alignment_revisions
             SELECT m.new, r.revision, r.method, r.edit, r.restores, r.beads, r.created_at
             FROM other.alignment_revisions r JOIN temp.alignment_map m ON m.old = r.alignment_id
             WHERE m.added;
             INSERT OR IGNORE INTO main.lexicon
               (source_lang, target_lang, source, target, weight, origin, dictionary, alignment_id, created_at)
             SELECT l.source_lang, l.target_lang, l.source, l.target, l.weight, l.origin, l.dictionary,
                    m.new, l.created_at
             FROM other.lexicon l LEFT JOIN temp.alignment_map m ON m.old = l.alignment_id
             WHERE (l.alignment_id IS NULL AND NOT EXISTS (
                      SELECT 1 FROM main.lexicon x WHERE x.alignment_id IS NULL AND x.origin = l.origin
                      AND x.source_lang = l.source_lang AND x.target_lang = l.target_lang
                      AND x.source = l.source AND x.target = l.target))
                OR m.added;
             INSERT OR REPLACE INTO main.batch_pairs
               (pair, source_path, target_path, settings_hash, status, error, alignment_id, updated_at)
             SELECT p.pair, p.source_path, p.target_path, p.settings_hash, p.status, p.error, m.new, p.updated_at
             FROM other.batch_pairs p LEFT JOIN temp.alignment_map m ON m.old = p.alignment_id
             WHERE NOT EXISTS (SELECT 1 FROM main.batch_pairs x WHERE x.source_path = p.source_path
                               AND x.target_path = p.target_path AND x.settings_hash = p.settings_hash
                               AND x.updated_at > p.updated_at);
             DROP TABLE temp.document_map;
             DROP TABLE temp.alignment_map;",
        )?;
    tx.commit()?;
    Ok(counts)
}

/// Checks that the file at `path` is a qantara database of this version, which
/// [`Store::merge_from`] can merge.
pub fn check_mergeable(path: &Path) -> Result<(), MergeError> {
    let wrap = sqlite_error(path);
    let theirs = rusqlite::Connection::open_with_flags(
        super::file_name(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .map_err(wrap)?;
    let found: i64 = theirs
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(wrap)?;
    let expected = MIGRATIONS.len() as i64;
    if found == 0 {
        return Err(StoreError::NotQantara {
            path: path.to_path_buf(),
        }
        .into());
    }
    if found != expected {
        return Err(MergeError::Version {
            path: path.display().to_string(),
            found,
            expected,
        });
    }
    Ok(())
}

/// True when two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A path written for a SQLite URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    path.display()
        .to_string()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23")
}
