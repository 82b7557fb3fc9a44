//! The command line, as clap derive definitions: the doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use qantara::batch::manifest::Shard;
use qantara::formats::Format;
use qantara::text::language_code;

/// Build translation memories from documents and their translations: split both into
/// sentences, align them, store them in SQLite and export the pairs as TSV or TMX.
#[derive(Debug, Parser)]
#[command(
    name = "qantara",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Print nothing on stderr but errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// qantara's subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Segment, store and align a document and its translation, and print the pairs.
    Align(AlignArgs),
    /// Align many document pairs in parallel: from a manifest or two folders; resumable.
    Batch(BatchArgs),
    /// Review and correct an alignment in the browser: a local page, every edit saved.
    Review(ReviewArgs),
    /// Merge qantara databases (e.g. the shards of a batch run) into one.
    Merge(MergeArgs),
    /// Write stored alignments as TMX, TSV, JSON lines, Moses files, ladders or bead lists.
    Export(ExportArgs),
    /// Store the translation units of a TMX or XLIFF file from another tool.
    Import(ImportArgs),
    /// Concordance: the stored pairs that hold some words or phrases, matches highlighted.
    Search(SearchArgs),
    /// Fuzzy matches for a sentence, with the match percentage translators know.
    Lookup(LookupArgs),
    /// Run a read-only SQL query on the database.
    Sql(SqlArgs),
    /// Counts: documents, languages, alignments, beads by kind, confidence.
    Stats(StatsArgs),
    /// The stored alignments, with their ids, documents and confidence.
    List(StatsArgs),
    /// Split a text into sentences and print them.
    Segment(SegmentArgs),
    /// Score alignments against reference alignments (strict and lax precision, recall, F1).
    Eval(EvalArgs),
    /// Manage the word translations the aligner uses.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
}

/// Arguments of `qantara review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// A stored alignment's id (see `qantara list`), or a source and a target text to
    /// align first.
    #[arg(required = true, num_args = 1..=2, value_name = "ALIGNMENT_ID | SRC TGT")]
    pub what: Vec<PathBuf>,
    /// The port to listen on, on 127.0.0.1 only (default: a free one).
    #[arg(long, default_value_t = 0, value_name = "PORT")]
    pub port: u16,
    /// How texts given to align first are read and aligned.
    #[command(flatten)]
    pub options: AlignOptions,
}

/// Where the database is.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// The SQLite database (created on first use).
    #[arg(
        long,
        env = "QANTARA_DB",
        default_value = "qantara.db",
        value_name = "PATH"
    )]
    pub db: PathBuf,
}

/// Arguments of `qantara align`.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The source text (UTF-8, UTF-16 or UTF-32; `-` is standard input).
    pub source: PathBuf,
    /// Its translation.
    pub target: PathBuf,
    /// The name that text read from standard input (`-`) is stored and shown under
    /// (default `-`).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// How to read and align the texts.
    #[command(flatten)]
    pub options: AlignOptions,
    /// Leave beads less confident than this out of the output (they are stored all the
    /// same).
    #[arg(long, default_value_t = 0.0, value_parser = parse_probability, value_name = "X")]
    pub min_confidence: f64,
    /// Write the pairs to this file instead of stdout (`-` is stdout).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format; by default taken from the extension of --output, else TSV.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// A reference alignment (bead file) to score the result against; the scores go to
    /// stderr.
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,
}

/// Arguments of `qantara batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// A manifest: TSV with a header row naming the columns `source`, `target` and
    /// optionally `id`, `source_lang`, `target_lang`, then a pair a line; relative paths
    /// are relative to the manifest.
    #[arg(required_unless_present = "src_dir", conflicts_with = "src_dir")]
    pub manifest: Option<PathBuf>,
    /// A folder of source texts, paired with the files of --tgt-dir by name.
    #[arg(long, requires = "tgt_dir", value_name = "DIR")]
    pub src_dir: Option<PathBuf>,
    /// A folder of translations.
    #[arg(long, requires = "src_dir", value_name = "DIR")]
    pub tgt_dir: Option<PathBuf>,
    /// The end of the source files' names, left out when pairing (e.g. `.ar.txt`); files
    /// without it are ignored.
    #[arg(long, default_value = "", value_name = "SUFFIX")]
    pub src_suffix: String,
    /// The end of the translations' names, e.g. `.en.txt`.
    #[arg(long, default_value = "", value_name = "SUFFIX")]
    pub tgt_suffix: String,
    /// How to read and align the texts (for every pair).
    #[command(flatten)]
    pub options: AlignOptions,
    /// Worker threads (default: all cores).
    #[arg(long, short, value_parser = clap::value_parser!(u16).range(1..), value_name = "N")]
    pub jobs: Option<u16>,
    /// Align pairs again even when they are stored already with the same texts and
    /// settings.
    #[arg(long)]
    pub force: bool,
    /// Learn a word-translation lexicon from the confident beads of every pair, then
    /// align every pair again with it.
    #[arg(long)]
    pub two_pass: bool,
    /// Take only shard K of N: pairs are shared out by a hash of their name.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// How the summary is printed.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

/// Arguments of `qantara merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The databases to merge (read, never changed).
    #[arg(required = true, value_name = "DB")]
    pub inputs: Vec<PathBuf>,
    /// The database to merge them into (created if it does not exist).
    #[arg(long, short, value_name = "DB")]
    pub output: PathBuf,
}

/// Arguments of `qantara export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The alignments to export, by id (see `qantara list`).
    #[arg(long = "alignment", value_name = "ID", num_args = 1.., required_unless_present = "all", conflicts_with = "all")]
    pub alignments: Vec<i64>,
    /// Export every stored alignment.
    #[arg(long)]
    pub all: bool,
    /// Output format; by default taken from the extension of --output, else TSV.
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Write to this file instead of stdout (`-` is stdout). For `moses`, the files are
    /// this path with the two language codes appended (`corpus` → `corpus.ar`,
    /// `corpus.en`).
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Leave out pairs less confident than this.
    #[arg(long, default_value_t = 0.0, value_parser = parse_probability, value_name = "X")]
    pub min_confidence: f64,
    /// Mark pairs less confident than this for review: a `<note>` in TMX,
    /// `needs-review-translation` in XLIFF.
    #[arg(long, default_value_t = qantara::tm::SURE, value_parser = parse_probability, value_name = "X")]
    pub review_below: f64,
    /// Write the pairs at or above confidence X and those below it to two files, the
    /// output's name with `.sure` and `.doubtful` before its extension
    /// (`memory.tmx` → `memory.sure.tmx`, `memory.doubtful.tmx`); marks for review below
    /// X too.
    #[arg(long, value_parser = parse_probability, value_name = "X")]
    pub split_at: Option<f64>,
    /// Only pairs of these bead kinds, e.g. `1-1,1-2`.
    #[arg(long, value_delimiter = ',', value_parser = parse_kind, value_name = "KINDS")]
    pub kinds: Vec<(usize, usize)>,
    /// Include pairs with an empty side (a sentence left out of the translation or added
    /// to it); TMX and Moses never hold them.
    #[arg(long)]
    pub include_empty: bool,
    /// Keep each pair of identical source and target texts once (compared in search
    /// form: case, accents, diacritics and spacing aside).
    #[arg(long)]
    pub dedup: bool,
    /// Leave out pairs whose two sides are the same text (untranslated).
    #[arg(long)]
    pub drop_identical: bool,
    /// Leave out pairs whose longer side has more than X times the characters of the
    /// shorter.
    #[arg(long, value_parser = parse_ratio, value_name = "X")]
    pub max_length_ratio: Option<f64>,
    /// Leave out pairs with a side of fewer than N words.
    #[arg(long, value_name = "N")]
    pub min_words: Option<usize>,
    /// Leave out pairs with a side of more than N words.
    #[arg(long, value_name = "N")]
    pub max_words: Option<usize>,
    /// Leave out pairs with a side written in another language than its document's
    /// (where the language model is sure: a short segment it cannot tell is kept).
    #[arg(long)]
    pub check_language: bool,
    /// Database options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// A ratio of lengths: a number of at least 1.
fn parse_ratio(value: &str) -> Result<f64, String> {
    number_in(value.trim(), 1.0.., "a ratio of at least 1")
}

/// Arguments of `qantara import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The TMX or XLIFF file (UTF-8, or UTF-16 with a byte-order mark); XLIFF by its
    /// extension (`.xlf`, `.xliff`, `.sdlxliff`, `.mqxliff`) or its `<xliff>` root.
    pub file: PathBuf,
    /// The language to take as the source side (default: the header's `srclang`, else
    /// the first language of the first unit); each other language becomes a target.
    #[arg(long, value_parser = language_code, value_name = "LANG")]
    pub src_lang: Option<String>,
    /// Drop the text of inline codes (`<bpt> <ept> <ph> <it> <ut>`) instead of keeping it.
    /// XLIFF's paired and empty codes (`<g> <x/> <pc> <ph/>`) keep only their content.
    #[arg(long)]
    pub strip_tags: bool,
    /// Database options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Arguments of `qantara search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find, all of them; quote several words to find them as a phrase
    /// (`"cease fire"`). Case, accents, Arabic diacritics and alef, yeh and teh marbuta
    /// spellings do not matter.
    #[arg(required = true, value_name = "WORDS")]
    pub words: Vec<String>,
    /// Only matches on the side in this language.
    #[arg(long, value_parser = language_code, value_name = "LANG")]
    pub lang: Option<String>,
    /// At most this many pairs, best first.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: usize,
    /// How the pairs are printed.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Database options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Arguments of `qantara lookup`.
#[derive(Debug, Args)]
pub struct LookupArgs {
    /// The sentence to find matches for.
    pub sentence: String,
    /// The lowest match percentage shown.
    #[arg(long, default_value_t = 75, value_parser = clap::value_parser!(u32).range(0..=100), value_name = "PERCENT")]
    pub min: u32,
    /// At most this many matches, best first.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub limit: usize,
    /// The language of the sentence: matches are looked for on the side in it (default:
    /// the side written in the sentence's script).
    #[arg(long, value_parser = language_code, value_name = "LANG")]
    pub lang: Option<String>,
    /// How the matches are printed.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Database options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Arguments of `qantara sql`.
#[derive(Debug, Args)]
pub struct SqlArgs {
    /// The query: SELECT, or any statement that only reads (the database is opened
    /// read-only).
    pub query: String,
    /// How the rows are printed.
    #[arg(long, value_enum, default_value_t = RowFormat::Table)]
    pub format: RowFormat,
    /// Print at most this many rows.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Stop the query after this many seconds.
    #[arg(long, value_parser = qantara::store::seconds, value_name = "SECONDS")]
    pub timeout: Option<std::time::Duration>,
    /// Database options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// How `qantara sql` prints rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RowFormat {
    /// Aligned columns with a header.
    Table,
    /// CSV with a header row (RFC 4180).
    Csv,
    /// A JSON array of objects, one per row.
    Json,
}

/// Arguments of `qantara stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// How the counts or the list are printed.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Database options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// What `qantara export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// TMX 1.4b, for CAT tools: one `<tu>` per pair.
    Tmx,
    /// Tab-separated: a header row, then source, target, confidence and the other fields.
    Tsv,
    /// Comma-separated (RFC 4180), for spreadsheets: the columns of `tsv`.
    Csv,
    /// One JSON object a pair, with every field.
    Jsonl,
    /// Two line-aligned plain-text files, one per language, as Moses and most MT
    /// toolkits read them.
    Moses,
    /// hunalign's ladder: for one alignment, the start of every bead and its end, as
    /// `source<TAB>target<TAB>confidence` lines.
    Ladder,
    /// Bead lists `[0, 1]:[2]` of one alignment, as `eval` reads them.
    Beads,
    /// XLIFF 1.2 for review in Trados, memoQ or OmegaT: each pair `translated`, or
    /// `needs-review-translation` below --review-below, with its confidence in a note.
    Xliff,
    /// One alignment as a self-contained, read-only HTML page (the review page's view),
    /// to send to a reviewer.
    Html,
    /// Apache Parquet, one row a pair (alignment, bead, texts, confidence, kind,
    /// languages, documents), for pyarrow, pandas, DuckDB and `datasets`.
    Parquet,
}

/// How texts are read, segmented, aligned and stored: the options `align` and `batch`
/// share.
#[derive(Debug, Args)]
pub struct AlignOptions {
    /// Language of the source text, e.g. `ar`; told from the text when absent, and
    /// checked against it when given.
    #[arg(long, value_parser = language_code, value_name = "LANG")]
    pub src_lang: Option<String>,
    /// Language of the target text, e.g. `en`; told from the text when absent, and
    /// checked against it when given.
    #[arg(long, value_parser = language_code, value_name = "LANG")]
    pub tgt_lang: Option<String>,
    /// More abbreviations for the source language: one a line, without the final full
    /// stop; a trailing ` #` means only before a number (`No #`).
    #[arg(long, value_name = "FILE")]
    pub src_abbreviations: Option<PathBuf>,
    /// More abbreviations for the target language, in the same form.
    #[arg(long, value_name = "FILE")]
    pub tgt_abbreviations: Option<PathBuf>,
    /// The largest number of sentences on one side of a bead (1-N and N-1 beads are
    /// allowed up to it). Without it, 6, and on the side with more sentences 6 times as
    /// many as it has to one of the other side (up to 12).
    #[arg(long, value_parser = parse_max_bead, value_name = "N")]
    pub max_bead: Option<usize>,
    /// Weigh sentence lengths alone (Gale and Church), without numbers, names, cognates or
    /// a learned lexicon.
    #[arg(long)]
    pub length_only: bool,
    /// A bilingual dictionary for this run: TSV (`source<TAB>target`) or hunalign's `.dic`
    /// (`target @ source`). Dictionaries stored with `qantara lexicon import` for the
    /// same languages (either way round) are used too, unless --no-dict.
    #[arg(long = "dict", value_name = "FILE")]
    pub dictionaries: Vec<PathBuf>,
    /// Leave out the dictionaries stored in the database.
    #[arg(long)]
    pub no_dict: bool,
    /// Do not check each text against its declared language (nor refuse swapped texts
    /// or one text given twice), for the rare text the language model misjudges.
    #[arg(long)]
    pub no_language_check: bool,
    /// The inputs hold one sentence a line (blank lines separate paragraphs) instead of
    /// running text.
    #[arg(long)]
    pub pre_segmented: bool,
    /// How documents are read and segmented.
    #[command(flatten)]
    pub reading: ReadingArgs,
    /// The inputs' encoding when they are not Unicode, e.g. `windows-1256` (Arabic),
    /// `iso-8859-6`, `windows-1252`; files with a byte-order mark are read as it says.
    #[arg(long, value_parser = parse_encoding, value_name = "NAME")]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Database options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Arguments of `qantara segment`.
#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// The text to segment (UTF-8 or UTF-16 with a byte-order mark), or `-` for standard
    /// input.
    pub input: PathBuf,
    /// Its language, e.g. `ar`; told from the text when absent.
    #[arg(long, value_parser = language_code, value_name = "LANG")]
    pub lang: Option<String>,
    /// More abbreviations for the language: one a line, without the final full stop; a
    /// trailing ` #` means only before a number (`No #`).
    #[arg(long, value_name = "FILE")]
    pub abbreviations: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SentenceFormat::Lines)]
    pub format: SentenceFormat,
    /// How the document is read and segmented.
    #[command(flatten)]
    pub reading: ReadingArgs,
    /// The input's encoding when it is not Unicode, e.g. `windows-1256` (Arabic),
    /// `iso-8859-6`, `windows-1252`; a file with a byte-order mark is read as it says.
    #[arg(long, value_parser = parse_encoding, value_name = "NAME")]
    pub encoding: Option<&'static encoding_rs::Encoding>,

    /// Write the sentences to this file instead of stdout (`-` is stdout).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// How documents are read and segmented: the options `align`, `batch`, `review` and
/// `segment` share.
#[derive(Debug, Args)]
pub struct ReadingArgs {
    /// Segment with the SRX 2.0 rules of this file (as Trados, memoQ, OmegaT and Okapi
    /// export them) instead of the built-in rules; each text takes the rules its
    /// language maps to.
    #[arg(long, value_name = "FILE")]
    pub srx: Option<PathBuf>,
    /// Read the inputs in this format instead of telling each one's from its content
    /// and name.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<qantara::documents::Format>,
    /// Leave out the footnotes and endnotes of DOCX and ODT inputs (kept by default,
    /// after the body).
    #[arg(long)]
    pub no_notes: bool,
}

/// How `qantara segment` prints sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SentenceFormat {
    /// One sentence a line; line breaks inside a sentence printed as spaces.
    Lines,
    /// One JSON object a sentence: text, start and end byte offsets into the text as
    /// UTF-8 (after any byte-order mark), paragraph number.
    Jsonl,
}

/// The subcommands of `qantara lexicon`.
#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// Store a bilingual dictionary in the database, for every later alignment of its
    /// languages (either way round).
    Import(LexiconImportArgs),
    /// Learn word translations from the whole memory (the confident beads of every
    /// stored alignment and imported TMX), for every later alignment of its languages.
    Learn(LexiconLearnArgs),
    /// Show the dictionaries and learned lexicons stored.
    List(LexiconListArgs),
    /// Remove a stored dictionary, by the name `lexicon list` shows.
    Remove(LexiconRemoveArgs),
}

/// Arguments of `qantara lexicon import`.
#[derive(Debug, Args)]
pub struct LexiconImportArgs {
    /// The dictionary: TSV (`source<TAB>target`), hunalign's `.dic` (`target @ source`),
    /// MUSE's `source target` lines (`--format muse`), or a dictd dictionary by its
    /// `.index`, `.dict.dz` or `.dict` (as FreeDict's are installed).
    #[arg(required_unless_present = "freedict", conflicts_with = "freedict")]
    pub file: Option<PathBuf>,
    /// An installed FreeDict dictionary by name, e.g. `ara-eng` (package
    /// dict-freedict-ara-eng), looked for in $XDG_DATA_HOME/dictd, the dictd folders
    /// of $XDG_DATA_DIRS and /usr/share/dictd.
    #[arg(long, value_name = "NAME")]
    pub freedict: Option<String>,
    /// The language of its source words, e.g. `ar`; a FreeDict dictionary's name gives
    /// it (and `eng-ara` with `--src-lang ar --tgt-lang en` is read the other way round).
    #[arg(long, value_parser = language_code, value_name = "LANG")]
    pub src_lang: Option<String>,
    /// The language of its target words, e.g. `en`.
    #[arg(long, value_parser = language_code, value_name = "LANG")]
    pub tgt_lang: Option<String>,
    /// The file's format; by default `.dic` files are hunalign's, `.index`, `.dict.dz`
    /// and `.dict` files dictd's, and others TSV.
    #[arg(long, value_enum, conflicts_with = "freedict")]
    pub format: Option<DictionaryFileFormat>,
    /// The name it is stored and listed under (by default the FreeDict name, or the
    /// file's path).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Database options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Arguments of `qantara lexicon learn`.
#[derive(Debug, Args)]
pub struct LexiconLearnArgs {
    /// Learn from beads at least this confident.
    #[arg(long, default_value_t = 0.9, value_parser = parse_probability, value_name = "X")]
    pub min_confidence: f64,
    /// Database options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Arguments of `qantara lexicon list`.
#[derive(Debug, Args)]
pub struct LexiconListArgs {
    /// How the list is printed.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Database options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Arguments of `qantara lexicon remove`.
#[derive(Debug, Args)]
pub struct LexiconRemoveArgs {
    /// The dictionary's name, as `qantara lexicon list` shows it.
    pub name: String,
    /// Database options.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Dictionary file formats, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DictionaryFileFormat {
    /// `source<TAB>target` a line.
    Tsv,
    /// hunalign's `target @ source` a line.
    Dic,
    /// MUSE's `source target` a line, separated by whitespace.
    Muse,
    /// A dictd dictionary (`.index` with `.dict.dz` or `.dict`), as FreeDict's.
    Dictd,
}

/// Arguments of `qantara eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Reference alignments, one bead file per document.
    #[arg(long, short, required = true, num_args = 1.., value_name = "FILE")]
    pub gold: Vec<PathBuf>,
    /// Alignments to score, in the same order as --gold.
    #[arg(long, short, required = true, num_args = 1.., value_name = "FILE")]
    pub test: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// An aligned table for people.
    Table,
    /// JSON for scripts.
    Json,
}

/// Accepts a largest bead side from 2 to 12.
fn parse_max_bead(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(value) if (2..=12).contains(&value) => Ok(value),
        _ => Err(format!("{text:?} is not a whole number from 2 to 12")),
    }
}

/// Accepts the name of a text encoding, as the WHATWG Encoding Standard labels them.
fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        format!("{label:?} is not an encoding qantara knows (e.g. windows-1256, iso-8859-6, utf-8)")
    })
}

/// Accepts a bead kind such as `1-2`.
fn parse_kind(text: &str) -> Result<(usize, usize), String> {
    text.trim()
        .split_once('-')
        .and_then(|(s, t)| Some((s.parse().ok()?, t.parse().ok()?)))
        .ok_or_else(|| format!("{text:?} is not a bead kind such as 1-1 or 2-1"))
}

/// Accepts a probability: a number from 0 to 1.
fn parse_probability(text: &str) -> Result<f64, String> {
    number_in(text, 0.0..=1.0, "a number from 0 to 1")
}

/// `text` as a finite number in `range`, or an error that says it is not `what`.
fn number_in(
    text: &str,
    range: impl std::ops::RangeBounds<f64>,
    what: &str,
) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && range.contains(x))
        .ok_or_else(|| format!("{text:?} is not {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
