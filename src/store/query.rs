//! Users' own SQL, run read-only (`qantara sql`), and the database's counts (`qantara
//! stats`).

use std::time::Duration;

use rusqlite::types::Value;
use serde::Serialize;

use super::{Store, StoreError, sqlite_error};

/// Bounds on a user's query.
#[derive(Debug, Clone, Copy, Default)]
pub struct QueryLimits {
    /// At most this many rows are read.
    pub rows: Option<u64>,
    /// The query is stopped once it has run this long.
    pub timeout: Option<Duration>,
}

/// Why a query was not run, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The database refused it, or it is not SQL.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The statement would change the database.
    #[error(
        "qantara sql only reads, and this statement would change the database; use the sqlite3 shell to change it"
    )]
    Writes,
    /// The query ran past its timeout.
    #[error("the query was stopped after {0:?} (--timeout)")]
    TimedOut(Duration),
    /// The rows could not be written.
    #[error("cannot write the rows")]
    Output(#[from] std::io::Error),
}

impl Store {
    /// Runs one statement that only reads, within `limits`, on a store opened with
    /// [`Store::open_read_only`] (and made query-only here, so that not even a pragma
    /// writes): `columns` is given the column names, then `row` each row as it comes
    /// (nothing is held, so an endless query is bounded by its limits, not by memory).
    /// Returns how many rows there were.
    pub fn read_only_query(
        &self,
        sql: &str,
        limits: QueryLimits,
        columns: impl FnOnce(&[String]) -> std::io::Result<()>,
        mut row: impl FnMut(&[Value]) -> std::io::Result<()>,
    ) -> Result<u64, QueryError> {
        let wrap = sqlite_error(&self.path);
        self.conn
            .pragma_update(None, "query_only", true)
            .map_err(wrap)?;
        let mut statement = self.conn.prepare(sql).map_err(wrap)?;
        if !statement.readonly() && !is_pragma_read(sql) {
            return Err(QueryError::Writes);
        }
        let names: Vec<String> = statement.column_names().map(str::to_owned).collect();
        columns(&names)?;
        let _watch = limits
            .timeout
            .map(|timeout| Stopwatch::start(self.conn.get_interrupt_handle(), timeout));
        let mut rows = statement.query([]).map_err(wrap)?;
        let mut values = Vec::with_capacity(names.len());
        let mut count = 0;
        while limits.rows.is_none_or(|most| count < most) {
            let next = match rows.next() {
                Ok(next) => next,
                Err(error)
                    if error.sqlite_error_code()
                        == Some(rusqlite::ErrorCode::OperationInterrupted) =>
                {
                    return Err(QueryError::TimedOut(limits.timeout.unwrap_or_default()));
                }
                Err(error) => return Err(wrap(error).into()),
            };
            let Some(next) = next else {
                break;
            };
            values.clear();
            for k in 0..names.len() {
                values.push(next.get::<_, Value>(k).map_err(wrap)?);
            }
            row(&values)?;
            count += 1;
        }
        Ok(count)
    }
}

/// Interrupts a connection's query once a time has passed, unless dropped first.
struct Stopwatch {
    _stop: std::sync::mpsc::Sender<()>,
}

impl Stopwatch {
    fn start(handle: rusqlite::InterruptHandle, timeout: Duration) -> Stopwatch {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if stopped.recv_timeout(timeout) == Err(std::sync::mpsc::RecvTimeoutError::Timeout) {
                handle.interrupt();
            }
        });
        Stopwatch { _stop: stop }
    }
}

/// Whether `sql` is a pragma that only reads a setting (`PRAGMA journal_mode`, no `=`
/// and no argument), which SQLite does not call read-only but which changes nothing on a
/// read-only, query-only connection.
fn is_pragma_read(sql: &str) -> bool {
    let sql = sql.trim().trim_end_matches(';').trim();
    sql.get(..7)
        .is_some_and(|head| head.eq_ignore_ascii_case("pragma "))
        && !sql.contains(['=', '(', ';'])
}

/// What a database holds, in counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Documents.
    pub documents: i64,
    /// Documents per language.
    pub languages: Vec<(String, i64)>,
    /// Sentences of all documents.
    pub sentences: i64,
    /// Alignments.
    pub alignments: i64,
    /// Alignments per method (`qantara`, `gale-church`, `tmx`).
    pub methods: Vec<(String, i64)>,
    /// Beads.
    pub beads: i64,
    /// Beads per kind, most frequent first.
    pub kinds: Vec<(String, i64)>,
    /// Beads per confidence band, lowest band first.
    pub confidence: Vec<(String, i64)>,
    /// Word pairs per origin.
    pub lexicon: Vec<(String, i64)>,
}

impl Store {
    /// The database's counts.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let wrap = sqlite_error(&self.path);
        let one = |sql: &str| -> Result<i64, StoreError> {
            self.conn.query_row(sql, [], |row| row.get(0)).map_err(wrap)
        };
        let grouped = |sql: &str| -> Result<Vec<(String, i64)>, StoreError> {
            let mut query = self.conn.prepare(sql).map_err(wrap)?;
            query
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .map_err(wrap)?
                .collect::<Result<_, _>>()
                .map_err(wrap)
        };
        Ok(Stats {
            documents: one("SELECT count(*) FROM documents")?,
            languages: grouped("SELECT lang, count(*) FROM documents GROUP BY lang ORDER BY 2 DESC, 1")?,
            sentences: one("SELECT count(*) FROM segments")?,
            alignments: one("SELECT count(*) FROM alignments")?,
            methods: grouped("SELECT method, count(*) FROM alignments GROUP BY method ORDER BY 2 DESC, 1")?,
            beads: one("SELECT count(*) FROM beads")?,
            kinds: grouped(
                "SELECT (source_end - source_start) || '-' || (target_end - target_start), count(*)
                 FROM beads GROUP BY 1 ORDER BY 2 DESC, 1",
            )?,
            confidence: grouped(
                "SELECT band, count(*) FROM (
                   SELECT CASE WHEN confidence < 0.5 THEN '0.0-0.5' WHEN confidence < 0.7 THEN '0.5-0.7'
                               WHEN confidence < 0.9 THEN '0.7-0.9' WHEN confidence < 0.99 THEN '0.9-0.99'
                               ELSE '0.99-1.0' END AS band FROM beads)
                 GROUP BY band ORDER BY band",
            )?,
            lexicon: grouped(
                "SELECT origin || CASE WHEN origin = 'learned' AND alignment_id IS NULL THEN ' (corpus)' ELSE '' END,
                        count(*) FROM lexicon GROUP BY 1 ORDER BY 1",
            )?,
        })
    }
}
