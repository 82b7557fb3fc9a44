//! Batch bookkeeping: what became of each document pair of a run, and the keys of the
//! alignments stored, by which a later run skips pairs it has aligned.

use std::collections::HashSet;

use super::write::{NewAlignment, insert_alignment};
use super::{Store, StoreError, sqlite_error};
use rusqlite::params;
use sha2::{Digest, Sha256};

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

impl Store {
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
}
