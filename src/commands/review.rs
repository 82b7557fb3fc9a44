//! `qantara review`: serves one alignment for review in the browser (see
//! [`qantara::review::server`]); two texts given instead are aligned and stored first.

use std::io::Write;

use anyhow::{Context, Result};

use super::pairs::align_and_store;
use super::{Notes, open_existing_for_writing};
use crate::cli::ReviewArgs;
use qantara::review::server::serve;

/// Runs `qantara review` until the process is stopped.
pub fn run(args: ReviewArgs, notes: &Notes) -> Result<()> {
    let db = &args.options.database.db;
    let id = match args.what.as_slice() {
        [id] => {
            let text = id.to_string_lossy();
            text.parse::<i64>().with_context(|| {
                format!("{text} is no alignment id: give an id from `qantara list`, or a source and a target text")
            })?
        }
        [source, target] => align_and_store(&args.options, (source, target), None, notes)?.0,
        _ => unreachable!("clap takes one or two values"),
    };
    let store = open_existing_for_writing(db)?;
    if store.alignment(id)?.is_none() {
        anyhow::bail!("database {} has no alignment {id}", db.display());
    }
    serve(store, id, args.port, |url| {
        notes.say(&format!(
            "reviewing alignment {id} of {}: open {url} (Ctrl-C to stop; every edit is saved at once)",
            db.display()
        ));
        let mut out = std::io::stdout().lock();
        // The URL on stdout, for scripts and tests that start the server.
        let _ = writeln!(out, "{url}");
        let _ = out.flush();
    })
}
