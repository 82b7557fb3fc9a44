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
mod search;
mod segment;
mod sql;
mod stats;

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};

pub use output::{Output, refuse_overwriting};

use crate::cli::{Cli, Command};
use crate::segment::{Layout, Rules, Sentence, split};
use crate::store::hex_sha256;
use crate::text::input::{decode_in, read_text_file, read_text_file_in};
use crate::text::normalize::measured_length;
use crate::text::script::guess_language;

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
}

/// Writes `text` on stderr. A stderr that cannot be written (closed, full) is no reason
/// to stop, and there is nowhere left to say so: the text is dropped.
pub fn to_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Reads the text at `path`, or standard input when `path` is `-`, from `encoding` when
/// one is named.
pub fn read_input(path: &Path, encoding: Option<&'static encoding_rs::Encoding>) -> Result<String> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        return Ok(decode_in(bytes, Path::new("<stdin>"), encoding)?);
    }
    Ok(read_text_file_in(path, encoding)?)
}

/// How to find the sentences of one input, as the command line describes it.
pub struct InputOptions<'a> {
    /// What the input is called in messages: "source", "target" or "input".
    pub role: &'a str,
    /// The option that sets its language, named in the note when it is guessed.
    pub lang_option: &'a str,
    /// Its language, if given.
    pub lang: Option<&'a str>,
    /// A file of extra abbreviations, if given.
    pub abbreviations: Option<&'a Path>,
    /// Running text or one sentence a line.
    pub layout: Layout,
    /// The input's encoding, when the user named one.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl InputOptions<'_> {
    /// The language given, or the one guessed from the script of `text` (said on stderr).
    fn language(&self, text: &str, path: &Path, notes: &Notes) -> String {
        if let Some(lang) = self.lang {
            return lang.to_owned();
        }
        let guess = guess_language(text);
        notes.say(&format!(
            "{} language of {} guessed from its script: {guess} (set {} to choose)",
            self.role,
            path.display(),
            self.lang_option
        ));
        guess.to_owned()
    }

    /// The built-in rules of `lang`, with the user's abbreviations added.
    fn rules(&self, lang: &str) -> Result<Rules> {
        let mut rules = Rules::for_language(lang);
        if let Some(path) = self.abbreviations {
            let list = read_text_file(path).context("cannot read the abbreviation list")?;
            rules.add_abbreviations(&list);
        }
        Ok(rules)
    }

    /// Reads `path`, settles its language and splits it into sentences.
    pub fn read_sentences(
        &self,
        path: &Path,
        notes: &Notes,
    ) -> Result<(String, String, Vec<Sentence>)> {
        let text = read_input(path, self.encoding)?;
        let lang = self.language(&text, path, notes);
        let sentences = split(&text, self.layout, &self.rules(&lang)?);
        Ok((text, lang, sentences))
    }
}

/// Runs `write` on a buffered writer to the file at `path`, or to stdout when there is
/// none or it is `-`; the file is put in place only once it is whole (see [`Output`]).
pub fn write_output(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let mut out = Output::create(path)?;
    write(&mut out).with_context(|| out.failure())?;
    out.finish()
}

/// The format an output file's name says, by `of_extension`; none when the output is
/// standard output (no path, or `-`) or no file (`/dev/null`, a pipe); an error that
/// lists `known` extensions when a file's name says none, since a file written in a
/// format its name does not say misleads whoever opens it.
pub fn format_of_output<F>(
    path: Option<&Path>,
    of_extension: impl Fn(&Path) -> Option<F>,
    known: &str,
) -> Result<Option<F>> {
    let Some(path) = path.filter(|path| *path != Path::new("-")) else {
        return Ok(None);
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

/// Opens the database at `path`, which must exist, read-only: commands that only read
/// never create, change or upgrade one.
pub fn open_existing(path: &Path) -> Result<crate::store::Store> {
    if !path.is_file() {
        bail!(
            "database {} does not exist (align or import something first, or name it with --db)",
            path.display()
        );
    }
    Ok(crate::store::Store::open_read_only(path)?)
}

/// A text read from a file and split into sentences.
pub struct Document {
    /// The path as the user gave it.
    pub path: String,
    /// Its language code.
    pub lang: String,
    /// Hex SHA-256 of the decoded text.
    pub content_hash: String,
    /// How its sentences were found.
    pub layout: Layout,
    /// Its sentences.
    pub sentences: Vec<Sentence>,
    /// The length of each sentence as the aligner measures it.
    pub char_lengths: Vec<usize>,
}

impl Document {
    /// Reads and segments the file at `path` as `options` say; a text with no
    /// sentences is an error.
    pub fn load(path: &Path, options: &InputOptions, notes: &Notes) -> Result<Document> {
        let (text, lang, sentences) = options.read_sentences(path, notes)?;
        if sentences.is_empty() {
            bail!(
                "{} has no text to align: it is empty or only whitespace",
                path.display()
            );
        }
        Ok(Document {
            path: path.display().to_string(),
            content_hash: hex_sha256(text.as_bytes()),
            lang,
            layout: options.layout,
            char_lengths: sentences.iter().map(|s| measured_length(&s.text)).collect(),
            sentences,
        })
    }
}

/// Reads the bead file at `path`, with the file named in any error.
fn read_beads(path: &Path) -> Result<Vec<crate::formats::beads::BeadIndices>> {
    crate::formats::beads::read_bead_file(path)
        .with_context(|| format!("cannot read alignment {}", path.display()))
}
