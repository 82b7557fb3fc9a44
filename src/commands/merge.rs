//! `qantara merge`: merges databases, such as the shards of a batch run, into one.

use anyhow::{Result, bail};

use super::{Notes, counted};
use crate::cli::MergeArgs;
use qantara::store::Store;
use qantara::store::merge::check_mergeable;

/// Runs `qantara merge`. Each input is merged in one transaction; every input is checked
/// first, so that a mistyped name or a wrong file creates nothing.
pub fn run(args: MergeArgs, notes: &Notes) -> Result<()> {
    for input in &args.inputs {
        if !input.is_file() {
            bail!("{} is not a file: nothing to merge", input.display());
        }
        check_mergeable(input)?;
    }
    let mut store = Store::open(&args.output)?;
    for input in &args.inputs {
        let counts = store.merge_from(input)?;
        notes.say(&format!(
            "{}: {} and {} added, {} held already",
            input.display(),
            counted(counts.documents, "document", "documents"),
            counted(counts.alignments, "alignment", "alignments"),
            counted(counts.duplicates, "alignment", "alignments")
        ));
    }
    Ok(())
}
