//! `qantara import`: stores the translation units of a TMX or XLIFF file from another
//! tool as aligned document pairs (see [`qantara::pipeline::tmx_import`]).

use anyhow::{Context, Result};

use super::{Notes, counted};
use crate::cli::ImportArgs;
use qantara::files::read_xml_file;
use qantara::pipeline::tmx_import::{Import, MemoryFormat, source_language};
use qantara::store::Store;

/// Runs `qantara import`. The file is read and checked whole before the database is
/// opened; then its units are stored in one transaction.
pub fn run(args: ImportArgs, notes: &Notes) -> Result<()> {
    let path = &args.file;
    let text = read_xml_file(path)?;
    let file = path.display().to_string();
    let format = MemoryFormat::of(path, &text);
    let source_lang = source_language(
        (&text, format),
        &file,
        args.src_lang.clone(),
        args.strip_tags,
    )?;
    // The file is known by its canonical path, whatever path led to it: importing it again
    // through another path replaces its units, and a file of the same name elsewhere is
    // another file.
    let canonical = std::fs::canonicalize(path)
        .with_context(|| format!("cannot resolve the path of {file}"))?
        .display()
        .to_string();
    let import = Import::new((&text, format), &canonical, source_lang, args.strip_tags);
    let mut store = Store::open(&args.database.db)?;
    for imported in import.run(&text, &mut store)? {
        notes.say(&format!(
            "{file}: {} {}-{} stored as {}",
            counted(imported.units, "unit", "units"),
            import.source_lang,
            imported.target_lang,
            counted(imported.document_pairs, "document pair", "document pairs")
        ));
    }
    if canonical != file {
        notes.say(&format!("{file} is recorded as {canonical}"));
    }
    Ok(())
}
