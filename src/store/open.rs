//! Opening a database: for writing (created if missing, its schema brought up to date
//! by the migrations, in one transaction) or read-only (never created, changed or
//! upgraded), with the busy timeout in force.

use std::path::Path;
use std::time::Duration;

use super::write::split_hash;
use super::{Store, StoreError, file_name, sqlite_error};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};

/// One step of the schema: its SQL, and what must be computed in Rust after it.
pub(super) struct Migration {
    pub(super) sql: &'static str,
    pub(super) then: Option<fn(&rusqlite::Transaction) -> rusqlite::Result<()>>,
}

/// The migrations, in order; migration `k` brings the schema to version `k + 1`.
pub(super) const MIGRATIONS: &[Migration] = &[
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
    Migration {
        sql: include_str!("../../migrations/0006_dictionaries.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../../migrations/0007_formats.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../../migrations/0008_revisions.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../../migrations/0009_search_contentless.sql"),
        then: None,
    },
];

/// How long a writer waits for another one to finish before giving up, unless the
/// environment variable `QANTARA_BUSY_TIMEOUT` gives another number of seconds.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest wait qantara takes on the database (a busy timeout, a query's timeout):
/// a day.
pub(super) const MAX_WAIT_SECONDS: f64 = 86_400.0;

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
pub(super) fn busy_timeout() -> Result<Duration, StoreError> {
    let Ok(value) = std::env::var("QANTARA_BUSY_TIMEOUT") else {
        return Ok(BUSY_TIMEOUT);
    };
    seconds(&value).map_err(|_| StoreError::BadBusyTimeout { value })
}

/// Gives every document stored before schema version 5 its split hash, computed from its
/// stored sentences (part of the upgrade to version 5).
pub(super) fn fill_split_hashes(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
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
    pub(super) fn has_qantara_tables(&self) -> Result<bool, StoreError> {
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

    pub(super) fn migrate(&mut self) -> Result<(), StoreError> {
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
}
