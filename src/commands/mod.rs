//! The subcommands, one module each with a `run` function; shared input handling.

mod align;
mod batch;
mod eval;
mod export;
mod import;
mod lexicon;
mod list;
mod lookup;
mod merge;
mod output;
mod pairs;
mod review;
mod search;
mod segment;
mod sql;
mod stats;

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

pub use output::{Output, refuse_overwriting};

use crate::cli::{Cli, Command};
use qantara::pipeline::{Note, Role};

/// An error in how qantara was called (exit code 2), as opposed to a problem with the
/// input (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A search or lookup that found nothing: exit code 1 with no error message (the count is
/// said already), as grep and ripgrep do, so that scripts can test for a match.
#[derive(Debug, thiserror::Error)]
#[error("nothing found")]
pub struct NothingFound;

/// `count` and `noun` as English says them: `1 match`, `2 matches`, `0 pairs`.
pub fn counted(count: usize, singular: &str, plural: &str) -> String {
    format!("{count} {}", if count == 1 { singular } else { plural })
}

/// Runs the subcommand `cli` names.
pub fn run(cli: Cli) -> Result<()> {
    let notes = Notes { quiet: cli.quiet };
    match cli.command {
        Command::Align(args) => align::run(args, &notes),
        Command::Batch(args) => batch::run(args, &notes),
        Command::Review(args) => review::run(args, &notes),
        Command::Merge(args) => merge::run(args, &notes),
        Command::Export(args) => export::run(args, &notes),
        Command::Import(args) => import::run(args, &notes),
        Command::Search(args) => search::run(args, &notes),
        Command::Lookup(args) => lookup::run(args, &notes),
        Command::Sql(args) => sql::run(args),
        Command::Stats(args) => stats::run(args),
        Command::List(args) => list::run(args),
        Command::Segment(args) => segment::run(args, &notes),
        Command::Eval(args) => eval::run(args),
        Command::Lexicon(command) => lexicon::run(command, &notes),
    }
}

/// Messages for the user on stderr, silenced by `--quiet`.
pub struct Notes {
    quiet: bool,
}

/// The options that set the language of each text a command reads, named when a
/// language was guessed.
pub struct LanguageOptions {
    /// The source text's (or the one text's) option, e.g. `--src-lang`.
    pub source: &'static str,
    /// The target text's option.
    pub target: &'static str,
}

impl Notes {
    /// Prints `message` on stderr unless quiet.
    pub fn say(&self, message: &str) {
        if !self.quiet {
            to_stderr(&format!("qantara: {message}\n"));
        }
    }

    /// Prints `message` on stderr as a warning, even when quiet: it says something is
    /// probably wrong with the result.
    pub fn warn(&self, message: &str) {
        to_stderr(&format!("qantara: warning: {message}\n"));
    }

    /// Says what the pipeline noted, naming the options of `languages` that would have
    /// settled what it guessed.
    pub fn pipeline_note(&self, note: Note<'_>, languages: &LanguageOptions) {
        match note {
            Note::LanguageGuessed {
                role,
                path,
                lang,
                declared,
            } => {
                let (text, option) = match role {
                    Role::Source => ("source", languages.source),
                    Role::Target => ("target", languages.target),
                    Role::Single => ("input", languages.source),
                };
                let how = if declared {
                    "as its markup declares"
                } else {
                    "told from its text"
                };
                self.say(&format!(
                    "{text} language of {} {how}: {lang} (set {option} to choose)",
                    path.display()
                ));
            }
            Note::SrxRulesSkipped {
                path,
                lang,
                skipped,
            } => {
                self.say(&format!(
                    "{}: {} for {lang} cannot be compiled and left out:",
                    path.display(),
                    counted(skipped.len(), "rule", "rules")
                ));
                for rule in skipped {
                    self.say(&format!(
                        "  language rule {:?}, rule {}: {} ({})",
                        rule.language_rule, rule.number, rule.pattern, rule.reason
                    ));
                }
            }
            Note::PhrasesSkipped { path, count } => self.say(&format!(
                "{}: {count} entries of more than one word left out (only single words are used)",
                path.display()
            )),
        }
    }
}

/// Writes `text` on stderr. A stderr that cannot be written (closed, full) is no reason
/// to stop, and there is nowhere left to say so: the text is dropped.
pub fn to_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Runs `write` on a buffered writer to the file at `path`, or to stdout when there is
/// none or it is `-`; the file is put in place only once it is whole (see [`Output`]).
pub fn write_output(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    Output::create(path)?.write_whole(write)
}

/// The format an output file's name says, by `of_extension`; for standard output (no
/// path, or `-`), the format the name of the file it is redirected to says, if any;
/// none for no file (`/dev/null`, a pipe); an error that lists `known` extensions when
/// an output file's name says none, since a file written in a format its name does not
/// say misleads whoever opens it.
pub fn format_of_output<F>(
    path: Option<&Path>,
    of_extension: impl Fn(&Path) -> Option<F>,
    known: &str,
) -> Result<Option<F>> {
    let Some(path) = path.filter(|path| *path != Path::new("-")) else {
        // Standard output redirected to a file (`> pairs.tmx`): its name says the
        // format when it names one; any other name leaves the default.
        return Ok(redirected_stdout().and_then(|file| of_extension(&file)));
    };
    if output::is_stream(path) {
        return Ok(None);
    }
    match of_extension(path) {
        Some(format) => Ok(Some(format)),
        None => Err(UsageError(format!(
            "cannot tell the format of {} from its name: end it in {known}, or name the format with --format",
            path.display()
        ))
        .into()),
    }
}

/// The regular file standard output is redirected to, if it is one (read from
/// `/proc/self/fd/1` where the system has it).
fn redirected_stdout() -> Option<std::path::PathBuf> {
    let file = std::fs::read_link("/proc/self/fd/1").ok()?;
    std::fs::metadata(&file)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map(|_| file)
}

/// Opens the database at `path`, which must exist, read-only: commands that only read
/// never create, change or upgrade one.
pub fn open_existing(path: &Path) -> Result<qantara::store::Store> {
    require_database(path)?;
    Ok(qantara::store::Store::open_read_only(path)?)
}

/// Opens the database at `path`, which must exist, for writing: commands that change
/// what is stored (`lexicon learn`, `lexicon remove`) never create one.
pub fn open_existing_for_writing(path: &Path) -> Result<qantara::store::Store> {
    require_database(path)?;
    Ok(qantara::store::Store::open(path)?)
}

/// An error unless a database file exists at `path`.
fn require_database(path: &Path) -> Result<()> {
    if !path.is_file() {
        bail!(
            "database {} does not exist (align or import something first, or name it with --db)",
            path.display()
        );
    }
    Ok(())
}

/// Reads the bead file at `path`, with the file named in any error.
fn read_beads(path: &Path) -> Result<Vec<qantara::eval::BeadIndices>> {
    qantara::files::read_bead_file(path)
        .with_context(|| format!("cannot read alignment {}", path.display()))
}
