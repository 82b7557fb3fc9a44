//! The SQLite store: opening and migrating the database, and writing documents,
//! sentences and alignments. All SQL lives in this module.
//!
//! The schema is in `migrations/*.sql`, applied in order at open inside a transaction and
//! recorded in `PRAGMA user_version`. The database runs in WAL mode with foreign keys on
//! and a busy timeout, and one alignment, with its documents, is written in one
//! transaction: a reader never sees half of it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};

pub mod lookup;
pub mod merge;
pub mod query;
pub mod read;
pub mod search;

use crate::align::Alignment;
use crate::digest::hex;
use crate::lexicon::dictionary::Dictionary;
use crate::lexicon::{Lexicon, Origin};
use crate::segment::Sentence;

/// One step of the schema: its SQL, and what must be computed in Rust after it.
struct Migration {
    sql: &'static str,
    then: Option<fn(&rusqlite::Transaction) -> rusqlite::Result<()>>,
}

/// The migrations, in order; migration `k` brings the schema to version `k + 1`.
const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: include_str!("../../migrations/0001_init.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../../migrations/0002_lexicon.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../../migrations/0003_batch.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../../migrations/0004_search.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../../migrations/0005_split.sql"),
        then: Some(fill_split_hashes),
    },
];

/// How long a writer waits for another one to finish before giving up, unless the
/// environment variable `QANTARA_BUSY_TIMEOUT` gives another number of seconds.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest wait qantara takes on the database (a busy timeout, a query's timeout):
/// a day.
const MAX_WAIT_SECONDS: f64 = 86_400.0;

/// `text` as a wait on the database: a number of seconds from 0 to a day.
pub fn seconds(text: &str) -> Result<Duration, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| (0.0..=MAX_WAIT_SECONDS).contains(s))
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("{text:?} is not a number of seconds from 0 to 86400"))
}

/// The busy timeout in force (see [`BUSY_TIMEOUT`]); a `QANTARA_BUSY_TIMEOUT` that is no
/// number of seconds from 0 to a day is an error.
fn busy_timeout() -> Result<Duration, StoreError> {
    let Ok(value) = std::env::var("QANTARA_BUSY_TIMEOUT") else {
        return Ok(BUSY_TIMEOUT);
    };
    seconds(&value).map_err(|_| StoreError::BadBusyTimeout { value })
}

/// What can go wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process held the database for longer than the busy timeout.
    #[error(
        "database {path} is locked by another process (waited {seconds} s; set QANTARA_BUSY_TIMEOUT to wait longer)"
    )]
    Locked {
        /// The database file.
        path: PathBuf,
        /// How long qantara waited.
        seconds: f64,
    },
    /// SQLite refused an operation.
    #[error("database {path}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's reason.
        source: rusqlite::Error,
    },
    /// The database was made by a newer version of qantara.
    #[error(
        "database {path} has schema version {found}, newer than this qantara knows ({supported}): \
         upgrade qantara or use another --db"
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// The version found in the file.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A stored alignment's beads do not fit its documents (a database written by a
    /// qantara before schema version 5 or edited by hand).
    #[error("database {path}: alignment {id} is damaged: {problem}")]
    DamagedAlignment {
        /// The database file.
        path: PathBuf,
        /// The alignment's id.
        id: i64,
        /// What does not fit.
        problem: String,
    },
    /// `QANTARA_BUSY_TIMEOUT` is no number of seconds qantara can wait.
    #[error("QANTARA_BUSY_TIMEOUT={value:?} is not a number of seconds from 0 to 86400")]
    BadBusyTimeout {
        /// The variable's value.
        value: String,
    },
    /// The database was made by an older qantara: a command that only reads does not
    /// upgrade it.
    #[error(
        "database {path} has schema version {found}, older than this qantara's ({supported}): \
         a command that writes to it (align, batch, import, or lexicon import) upgrades it first"
    )]
    OlderSchema {
        /// The database file.
        path: PathBuf,
        /// The version found in the file.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// The file is an SQLite database of another program.
    #[error(
        "{path} is not a qantara database: it holds other tables, and qantara leaves it as it is"
    )]
    NotQantara {
        /// The database file.
        path: PathBuf,
    },
    /// Upgrading the schema would have left rows referring to rows that are gone; nothing
    /// was changed.
    #[error(
        "upgrading database {path} would break the references of table {table}: nothing was changed"
    )]
    UpgradeBroke {
        /// The database file.
        path: PathBuf,
        /// The table whose rows would refer to missing rows.
        table: String,
    },
}

/// A document about to be stored: its identity and its sentences.
#[derive(Debug, Clone, Copy)]
pub struct NewDocument<'a> {
    /// The path the text was read from, as the user gave it.
    pub path: &'a str,
    /// Language code.
    pub lang: &'a str,
    /// Hex SHA-256 of the decoded text.
    pub content_hash: &'a str,
    /// How the sentences were found: `rules`, `lines` or `tmx`.
    pub segmentation: &'a str,
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

/// Word pairs by language pair (source, target): `(source word, target word)` lists.
pub type WordPairs = HashMap<(String, String), Vec<(String, String)>>;

/// What became of one document pair of a batch run.
#[derive(Debug, Clone, Copy)]
pub struct PairOutcome<'a> {
    /// The pair's name.
    pub pair: &'a str,
    /// The source file, as given.
    pub source_path: &'a str,
    /// The target file, as given.
    pub target_path: &'a str,
    /// The hash of the run's settings.
    pub settings_hash: &'a str,
    /// The alignment to store, or why there is none.
    pub result: Result<&'a NewAlignment<'a>, &'a str>,
}

/// The identity of a stored alignment, as a batch run checks for work already done: 128
/// bits of a hash of the source text's hash, the target text's and the settings', so
/// that the keys of a million alignments fit in a few tens of megabytes.
pub type AlignmentKey = [u8; 16];

/// The key of the alignment of texts with hashes `source_hash` and `target_hash` made
/// with settings of hash `settings_hash`.
pub fn alignment_key(source_hash: &str, target_hash: &str, settings_hash: &str) -> AlignmentKey {
    let digest = Sha256::new()
        .chain_update(source_hash)
        .chain_update([0])
        .chain_update(target_hash)
        .chain_update([0])
        .chain_update(settings_hash)
        .finalize();
    digest[..16].try_into().expect("16 bytes")
}

/// An open qantara database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the database at `path` for writing, creating it if it does not exist, and
    /// brings its schema up to date. A database that holds tables but is not qantara's is
    /// refused. `path` is a file name, never a URI.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let wrap = sqlite_error(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(file_name(path), flags).map_err(wrap)?;
        conn.busy_timeout(busy_timeout()?).map_err(wrap)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        // The schema first, so that another program's database is refused before
        // anything of it changes; foreign keys stay off while it is upgraded: a table
        // rebuilt by a migration is dropped, which with them on would delete what refers
        // to it.
        store.migrate()?;
        for (pragma, value) in [
            ("journal_mode", "WAL"),
            ("synchronous", "NORMAL"),
            ("foreign_keys", "ON"),
        ] {
            store
                .conn
                .pragma_update(None, pragma, value)
                .map_err(wrap)?;
        }
        Ok(store)
    }

    /// Opens the existing database at `path` read-only, for commands that only read: it
    /// is never created, changed or upgraded. A database that is not qantara's, or whose
    /// schema is older or newer than this qantara's, is refused with what to do.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let wrap = sqlite_error(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(file_name(path), flags).map_err(wrap)?;
        conn.busy_timeout(busy_timeout()?).map_err(wrap)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        let found = store.schema_version()?;
        let supported = MIGRATIONS.len() as i64;
        if found == 0 || !store.has_qantara_tables()? {
            return Err(StoreError::NotQantara {
                path: path.to_path_buf(),
            });
        }
        if found > supported {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found,
                supported,
            });
        }
        if found < supported {
            return Err(StoreError::OlderSchema {
                path: path.to_path_buf(),
                found,
                supported,
            });
        }
        Ok(store)
    }

    /// Whether the database has qantara's core tables.
    fn has_qantara_tables(&self) -> Result<bool, StoreError> {
        let count: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'
                 AND name IN ('documents', 'segments', 'alignments', 'beads')",
                [],
                |row| row.get(0),
            )
            .map_err(sqlite_error(&self.path))?;
        Ok(count == 4)
    }

    /// The database's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes this connection give up at once, instead of waiting, when another process
    /// holds the database.
    pub fn never_wait(&self) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(Duration::ZERO)
            .map_err(sqlite_error(&self.path))
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(sqlite_error(&self.path))
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let supported = MIGRATIONS.len() as i64;
        let wrap = sqlite_error(&self.path);
        if self.schema_version()? == supported {
            // Up to date: no write lock is taken, so opening never waits for a writer.
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(wrap)?;
        let found: i64 = tx
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(wrap)?;
        if found > supported {
            return Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found,
                supported,
            });
        }
        let tables: i64 = tx
            .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
            .map_err(wrap)?;
        if found == 0 && tables > 0 {
            // Another program's database: qantara adds nothing to it.
            return Err(StoreError::NotQantara {
                path: self.path.clone(),
            });
        }
        // A negative version is none qantara ever wrote.
        let applied = usize::try_from(found).map_err(|_| StoreError::NotQantara {
            path: self.path.clone(),
        })?;
        for (version, migration) in MIGRATIONS.iter().enumerate().skip(applied) {
            tx.execute_batch(migration.sql).map_err(wrap)?;
            if let Some(then) = migration.then {
                then(&tx).map_err(wrap)?;
            }
            tx.pragma_update(None, "user_version", version + 1)
                .map_err(wrap)?;
        }
        let broken: Option<String> = tx
            .query_row("PRAGMA foreign_key_check", [], |row| row.get(0))
            .optional()
            .map_err(wrap)?;
        if let Some(table) = broken {
            return Err(StoreError::UpgradeBroke {
                path: self.path.clone(),
                table,
            });
        }
        tx.commit().map_err(wrap)
    }

    /// Stores an alignment and any of its documents not stored yet, in one transaction.
    /// A document already stored with the same content, language, segmentation and split
    /// into the same sentences is reused; an earlier alignment of the same documents with the same settings is
    /// replaced. Returns the new alignment's id.
    pub fn save_alignment(&mut self, new: &NewAlignment) -> Result<i64, StoreError> {
        self.write(|tx| insert_alignment(tx, new))
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

    /// Stores the outcomes of several pairs of a batch run in one transaction: each
    /// alignment as [`Store::save_alignment`] does, and each outcome in `batch_pairs`.
    pub fn save_outcomes(&mut self, outcomes: &[PairOutcome]) -> Result<(), StoreError> {
        self.write(|tx| {
            for outcome in outcomes {
                let (id, error) = match outcome.result {
                    Ok(new) => (Some(insert_alignment(tx, new)?), None),
                    Err(error) => (None, Some(error)),
                };
                tx.execute(
                    "INSERT OR REPLACE INTO batch_pairs
                     (pair, source_path, target_path, settings_hash, status, error, alignment_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        outcome.pair,
                        outcome.source_path,
                        outcome.target_path,
                        outcome.settings_hash,
                        if id.is_some() { "aligned" } else { "failed" },
                        error,
                        id
                    ],
                )?;
            }
            Ok(())
        })
    }

    /// The keys of the alignments stored with a settings hash.
    pub fn alignment_keys(&self) -> Result<HashSet<AlignmentKey>, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut query = self
            .conn
            .prepare(
                "SELECT sd.content_hash, td.content_hash, a.settings_hash FROM alignments a
                 JOIN documents sd ON sd.id = a.source_document_id
                 JOIN documents td ON td.id = a.target_document_id
                 WHERE a.settings_hash IS NOT NULL",
            )
            .map_err(wrap)?;
        query
            .query_map([], |row| {
                let hash = |k| row.get_ref(k)?.as_str().map_err(rusqlite::Error::from);
                Ok(alignment_key(hash(0)?, hash(1)?, hash(2)?))
            })
            .map_err(wrap)?
            .collect::<Result<_, _>>()
            .map_err(wrap)
    }

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

    /// Replaces the corpus lexicon of a language pair (learned pairs that belong to no
    /// one alignment) with the learned pairs of `lexicon`, in one transaction; returns
    /// how many were stored.
    pub fn replace_corpus_lexicon(
        &mut self,
        (source_lang, target_lang): (&str, &str),
        lexicon: &Lexicon,
    ) -> Result<usize, StoreError> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM lexicon WHERE origin = 'learned' AND alignment_id IS NULL
                 AND source_lang = ?1 AND target_lang = ?2",
                params![source_lang, target_lang],
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO lexicon (source_lang, target_lang, source, target, weight, origin)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'learned')",
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
                    entry.score
                ])?;
            }
            Ok(stored)
        })
    }

    /// Runs `body` in an immediate transaction (taking the write lock at once, so that
    /// a busy database is waited for before any work) and commits it.
    fn write<T>(
        &mut self,
        body: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        self.transaction(|writing| body(writing.tx).map_err(sqlite_error(writing.path)))
    }

    /// The corpus lexicon of every language pair, as stems.
    pub fn corpus_lexicons(&self) -> Result<WordPairs, StoreError> {
        self.word_pairs("origin = 'learned' AND alignment_id IS NULL")
    }

    /// The dictionary pairs stored, as written, for every language pair.
    pub fn dictionaries(&self) -> Result<WordPairs, StoreError> {
        self.word_pairs("origin = 'dictionary'")
    }

    /// The word pairs of the lexicon rows that match `condition`, by language pair.
    fn word_pairs(&self, condition: &str) -> Result<WordPairs, StoreError> {
        let wrap = sqlite_error(&self.path);
        let mut query = self
            .conn
            .prepare(&format!(
                "SELECT source_lang, target_lang, source, target FROM lexicon
                 WHERE {condition} ORDER BY id"
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

/// `path` as SQLite must be given it to take it as a file name: this SQLite reads a name
/// that starts with `file:` as a URI (`file:x.db?mode=memory` would be a database in
/// memory, stored nowhere), so such a relative name is given as `./file:…`.
pub(crate) fn file_name(path: &Path) -> PathBuf {
    if path.as_os_str().as_encoded_bytes().starts_with(b"file:") {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
    }
}

/// A function that wraps SQLite's errors with the database's path.
fn sqlite_error(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + Copy + '_ {
    move |source| match source.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Locked {
                path: path.to_path_buf(),
                seconds: busy_timeout().unwrap_or(BUSY_TIMEOUT).as_secs_f64(),
            }
        }
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Inserts an alignment, its documents if new, its beads and its learned word pairs,
/// replacing an alignment of the same documents made with the same settings; returns its
/// id.
fn insert_alignment(tx: &rusqlite::Transaction, new: &NewAlignment) -> rusqlite::Result<i64> {
    let source_id = store_document(tx, &new.source)?;
    let target_id = store_document(tx, &new.target)?;
    tx.execute(
        "DELETE FROM alignments WHERE source_document_id = ?1 AND target_document_id = ?2
         AND (settings_hash = ?3 OR (method = ?4 AND parameters = ?5))",
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
    let mut insert = tx.prepare_cached(
        "INSERT INTO beads (alignment_id, position, source_start, source_end,
         target_start, target_end, confidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, bead) in new.alignment.beads.iter().enumerate() {
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
    // The full-text index follows in the same transaction: a search never waits for it.
    let rows = search::index_rows(
        alignment_id,
        (new.source.sentences, new.source.lang),
        (new.target.sentences, new.target.lang),
        &new.alignment.beads,
    );
    search::insert_index(tx, &rows, &[alignment_id])?;
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

/// The SHA-256, in hex, of a document's split: each sentence's paragraph number, byte
/// offsets and text, in order. Two splits of one text share it only if they are the same.
fn split_hash<'a>(sentences: impl IntoIterator<Item = (usize, usize, usize, &'a str)>) -> String {
    let mut digest = Sha256::new();
    for (paragraph, start, end, text) in sentences {
        for number in [paragraph, start, end, text.len()] {
            digest.update((number as u64).to_le_bytes());
        }
        digest.update(text);
    }
    hex(&digest.finalize())
}

/// Gives every document stored before schema version 5 its split hash, computed from its
/// stored sentences (part of the upgrade to version 5).
fn fill_split_hashes(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
    let documents: Vec<i64> = tx
        .prepare("SELECT id FROM documents WHERE split_hash = ''")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mut sentences = tx.prepare(
        "SELECT paragraph, start_byte, end_byte, text FROM segments
         WHERE document_id = ?1 ORDER BY position",
    )?;
    let mut update = tx.prepare("UPDATE documents SET split_hash = ?1 WHERE id = ?2")?;
    for id in documents {
        let rows: Vec<(usize, usize, usize, String)> = sentences
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        let hash = split_hash(
            rows.iter()
                .map(|(paragraph, start, end, text)| (*paragraph, *start, *end, text.as_str())),
        );
        update.execute(params![hash, id])?;
    }
    Ok(())
}

/// Finds a stored document with the same content, language, segmentation and split, or
/// inserts it with its sentences; returns its id.
fn store_document(tx: &rusqlite::Transaction, doc: &NewDocument) -> rusqlite::Result<i64> {
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
        "INSERT INTO documents (path, lang, content_hash, segmentation, paragraph_count, sentence_count, split_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            doc.path,
            doc.lang,
            doc.content_hash,
            doc.segmentation,
            paragraph_count,
            doc.sentences.len(),
            split
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reopening_applies_nothing_and_newer_schemas_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.db");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        store.conn.pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        let err = Store::open(&path).err().expect("newer schema refused");
        assert!(
            matches!(err, StoreError::NewerSchema { found: 99, .. }),
            "{err}"
        );
    }
}
