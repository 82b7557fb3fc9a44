//! The SQLite store: opening and migrating the database (`open`), writing alignments
//! (`write`), the word pairs given to the aligner (`lexicon`), batch bookkeeping
//! (`batch`), reading ([`read`], [`query`]), the full-text index ([`search`]) and
//! lookup ([`lookup`]), merging databases ([`merge`]), a reviewer's revisions of an
//! alignment ([`revisions`]). All SQL lives in this module.
//!
//! The schema is in `migrations/*.sql`, applied in order at open inside a transaction and
//! recorded in `PRAGMA user_version`. The database runs in WAL mode with foreign keys on
//! and a busy timeout, and one alignment, with its documents, is written in one
//! transaction: a reader never sees half of it.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

mod batch;
mod lexicon;
pub mod lookup;
pub mod merge;
mod open;
pub mod query;
pub mod read;
pub mod revisions;
pub mod search;
mod write;

pub use batch::{AlignmentKey, PairOutcome, alignment_key};
pub use lexicon::{LexiconPart, SharedLexicon, WordPairs};
pub use open::seconds;
use open::{BUSY_TIMEOUT, MIGRATIONS, busy_timeout};
pub use write::{NewAlignment, NewDocument, Writing};

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

/// An open qantara database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// The database's file.
    pub fn path(&self) -> &Path {
        &self.path
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
