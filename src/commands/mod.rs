//! The subcommands, one module each with a `run` function; shared input handling.

mod align;
mod eval;

use std::path::Path;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::cli::{Cli, Command};
use crate::segment::{self, Layout, Sentence};
use crate::text::{input::read_text_file, script::guess_language};

/// An error in how qantara was called (exit code 2), as opposed to a problem with the
/// input (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Runs the subcommand `cli` names.
pub fn run(cli: Cli) -> Result<()> {
    let notes = Notes { quiet: cli.quiet };
    match cli.command {
        Command::Align(args) => align::run(args, &notes),
        Command::Eval(args) => eval::run(args),
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
            eprintln!("qantara: {message}");
        }
    }
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
}

impl Document {
    /// Reads and segments the file at `path`. `role` ("source" or "target") names the
    /// document in messages; a missing language is guessed from the script and the
    /// guess reported.
    pub fn load(
        path: &Path,
        lang: Option<&str>,
        layout: Layout,
        role: &str,
        notes: &Notes,
    ) -> Result<Document> {
        let text = read_text_file(path)?;
        let lang = match lang {
            Some(lang) => lang.to_owned(),
            None => {
                let guess = guess_language(&text);
                let flag = if role == "source" {
                    "--src-lang"
                } else {
                    "--tgt-lang"
                };
                notes.say(&format!(
                    "{role} language of {} guessed from its script: {guess} (set {flag} to choose)",
                    path.display()
                ));
                guess.to_owned()
            }
        };
        let sentences = segment::split(&text, layout, &lang);
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
            layout,
            sentences,
        })
    }

    /// The sentence texts.
    pub fn texts(&self) -> Vec<&str> {
        self.sentences.iter().map(|s| s.text.as_str()).collect()
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads the bead file at `path`, with the file named in any error.
fn read_beads(path: &Path) -> Result<Vec<crate::formats::beads::BeadIndices>> {
    crate::formats::beads::read_bead_file(path)
        .with_context(|| format!("cannot read alignment {}", path.display()))
}
