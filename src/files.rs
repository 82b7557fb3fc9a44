//! Reading the user's files: the one place the library's readers open a file, so that the
//! core stays free of I/O. Each reader names the file in its errors.

use std::io::Read;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use crate::documents::xliff::read_xliff;
use crate::documents::{self, DocumentError, Extracted, Format, XliffPart};
use crate::eval::beads::{BeadFileError, BeadIndices, parse_beads};
use crate::lexicon::dictd::parse_dictd;
use crate::lexicon::dictionary::{Dictionary, DictionaryError, DictionaryFormat};
use crate::text::input::{InputError, decode_in, decode_xml};
use crate::text::normalize::is_blank;

/// Reads the file at `path` and decodes it to text (see [`crate::text::input::decode`]).
pub fn read_text_file(path: &Path) -> Result<String, InputError> {
    read_text_file_in(path, None)
}

/// Reads the file at `path` and decodes it from `encoding` when one is named and the file
/// has no byte-order mark, else as [`crate::text::input::decode`] does.
pub fn read_text_file_in(
    path: &Path,
    encoding: Option<&'static Encoding>,
) -> Result<String, InputError> {
    decode_in(read_bytes(path)?, path, encoding)
}

/// Reads the text at `path`, or standard input when `path` is `-`, from `encoding` when
/// one is named.
pub fn read_text_input(
    path: &Path,
    encoding: Option<&'static Encoding>,
) -> Result<String, InputError> {
    let (bytes, shown) = read_input_bytes(path)?;
    decode_in(bytes, shown, encoding)
}

/// The bytes at `path`, or of standard input when `path` is `-`, with the path errors
/// and messages name (`<stdin>` for standard input).
fn read_input_bytes(path: &Path) -> Result<(Vec<u8>, &Path), InputError> {
    if path != Path::new("-") {
        return Ok((read_bytes(path)?, path));
    }
    let stdin = Path::new("<stdin>");
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io {
            path: stdin.to_path_buf(),
            source,
        })?;
    Ok((bytes, stdin))
}

/// Reads the XML file at `path`, decoded as its byte-order mark or declaration says (see
/// [`decode_xml`]).
pub fn read_xml_file(path: &Path) -> Result<String, InputError> {
    decode_xml(read_bytes(path)?, path)
}

/// Reads the dictionary file at `path` in `format`.
pub fn read_dictionary(
    path: &Path,
    format: DictionaryFormat,
) -> Result<Dictionary, DictionaryError> {
    let text = read_text_file(path)?;
    Dictionary::parse(&text, format).map_err(|(line, expected, text)| DictionaryError::Syntax {
        path: path.to_path_buf(),
        line,
        expected,
        text,
    })
}

/// The most bytes a dictd body may decompress to: FreeDict's bodies are tens of MiB at
/// most (hun-eng's, 235,000 pairs, is 10 MiB), and a file that inflates further (a gzip
/// bomb) is refused before it fills memory.
const MAX_DICTD_BODY: u64 = 512 << 20;

/// The endings of a dictd dictionary's files: its index, and its body compressed or not.
const DICTD_ENDINGS: [&str; 3] = [".index", ".dict.dz", ".dict"];

/// `path` without the ending of a dictd file, when it has one (`/usr/share/dictd/
/// freedict-ara-eng.index` → `/usr/share/dictd/freedict-ara-eng`).
fn dictd_base(path: &Path) -> Option<String> {
    let text = path.to_string_lossy();
    DICTD_ENDINGS
        .iter()
        .find_map(|ending| text.strip_suffix(ending))
        .map(str::to_owned)
}

/// The index and body files of the dictd dictionary `path` names: its `.index`, its
/// `.dict.dz` or `.dict`, or the name they share.
pub fn dictd_files(path: &Path) -> (PathBuf, PathBuf) {
    let base = dictd_base(path).unwrap_or_else(|| path.to_string_lossy().into_owned());
    let compressed = PathBuf::from(format!("{base}.dict.dz"));
    let body = if compressed.is_file() {
        compressed
    } else {
        PathBuf::from(format!("{base}.dict"))
    };
    (PathBuf::from(format!("{base}.index")), body)
}

/// The name of the dictd dictionary `path` names by one of its files
/// (`freedict-ara-eng` for `…/freedict-ara-eng.dict.dz`), or none when it names no
/// dictd file.
pub fn dictd_name(path: &Path) -> Option<String> {
    let base = dictd_base(path)?;
    Some(
        Path::new(&base)
            .file_name()
            .map_or(base.clone(), |name| name.to_string_lossy().into_owned()),
    )
}

/// Whether `path` names a dictd dictionary (by its `.index`, `.dict.dz` or `.dict`).
pub fn is_dictd(path: &Path) -> bool {
    dictd_base(path).is_some()
}

/// Reads the dictd dictionary `path` names (see [`dictd_files`]), decompressing a
/// `.dict.dz` body (gzip, as dictzip writes it); with `english_target`, English verbs
/// lose their `to `.
pub fn read_dictd(path: &Path, english_target: bool) -> Result<Dictionary, DictionaryError> {
    let (index_path, body_path) = dictd_files(path);
    let index = read_text_file(&index_path)?;
    let raw = read_bytes(&body_path)?;
    let body = if body_path.extension().is_some_and(|e| e == "dz") {
        let mut body = Vec::new();
        flate2::read::MultiGzDecoder::new(raw.as_slice())
            .take(MAX_DICTD_BODY + 1)
            .read_to_end(&mut body)
            .map_err(|error| DictionaryError::Dictd {
                path: body_path.clone(),
                problem: format!("not a gzip-compressed dictionary body ({error})"),
            })?;
        if body.len() as u64 > MAX_DICTD_BODY {
            return Err(DictionaryError::Dictd {
                path: body_path,
                problem: format!(
                    "more than {} MiB once decompressed: no dictionary is that large",
                    MAX_DICTD_BODY >> 20
                ),
            });
        }
        body
    } else {
        raw
    };
    parse_dictd(&index, &body, english_target).map_err(|error| DictionaryError::Dictd {
        path: index_path,
        problem: error.to_string(),
    })
}

/// The folders where dictd dictionaries are installed: `$XDG_DATA_HOME/dictd` (by
/// default `~/.local/share/dictd`), `dictd` in each of `$XDG_DATA_DIRS` (by default
/// `/usr/local/share` and `/usr/share`), and `/usr/share/dictd`.
pub fn dictd_folders() -> Vec<PathBuf> {
    let mut folders = Vec::new();
    match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        Some(home) => folders.push(PathBuf::from(home).join("dictd")),
        None => {
            if let Some(home) = std::env::var_os("HOME").filter(|v| !v.is_empty()) {
                folders.push(PathBuf::from(home).join(".local/share/dictd"));
            }
        }
    }
    let dirs = std::env::var("XDG_DATA_DIRS")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "/usr/local/share:/usr/share".to_owned());
    folders.extend(
        dirs.split(':')
            .filter(|d| !d.is_empty())
            .map(|d| PathBuf::from(d).join("dictd")),
    );
    folders.push(PathBuf::from("/usr/share/dictd"));
    folders.dedup();
    folders
}

/// The index of the FreeDict dictionary `name` (`ara-eng` or `freedict-ara-eng`) in
/// the first of [`dictd_folders`] that holds it.
pub fn find_freedict(name: &str) -> Option<PathBuf> {
    let name = name.strip_prefix("freedict-").unwrap_or(name);
    dictd_folders()
        .into_iter()
        .map(|folder| folder.join(format!("freedict-{name}.index")))
        .find(|index| index.is_file())
}

/// Reads a bead file (a reference alignment); blank lines are skipped.
pub fn read_bead_file(path: &Path) -> Result<Vec<BeadIndices>, BeadFileError> {
    let text = read_text_file(path)?;
    parse_beads(&text).map_err(|(line, text)| BeadFileError::Syntax {
        path: path.to_path_buf(),
        line,
        text,
    })
}

/// How a document file is read: its format when the user names one, its encoding when it
/// is plain text in a legacy encoding, whether notes are kept, and which part of an XLIFF
/// file is its text.
#[derive(Debug, Clone, Copy)]
pub struct DocumentReading {
    /// The format named by the user, else told from the file.
    pub format: Option<Format>,
    /// The encoding of a text file without a byte-order mark, when not UTF-8.
    pub encoding: Option<&'static Encoding>,
    /// Whether footnotes and endnotes of DOCX and ODT files are kept (after the body).
    pub notes: bool,
    /// Which part of an XLIFF file is read.
    pub part: XliffPart,
}

/// Reads the document at `path` (standard input for `-`) in its format (see
/// [`documents::detect`]) into running text: its format, its text, and the language its
/// markup declares.
pub fn read_document(
    path: &Path,
    reading: DocumentReading,
) -> Result<(Format, Extracted), DocumentError> {
    let (bytes, shown) = read_input_bytes(path)?;
    let format = documents::detect(shown, &bytes, reading.format)?;
    let plain = |text| Extracted {
        text,
        declared_language: None,
    };
    let extracted = match format {
        Format::Text => plain(decode_in(bytes, shown, reading.encoding)?),
        Format::Html => documents::html_text(&decode_in(bytes, shown, reading.encoding)?),
        Format::Markdown => plain(documents::markdown_text(&decode_in(
            bytes,
            shown,
            reading.encoding,
        )?)),
        Format::Docx => plain(documents::docx_text(shown, &bytes, reading.notes)?),
        Format::Odt => plain(documents::odt_text(shown, &bytes, reading.notes)?),
        Format::Xliff => {
            let xml = decode_xml(bytes, shown)?;
            let document = read_xliff(&xml, true).map_err(|source| DocumentError::Xliff {
                path: shown.to_path_buf(),
                source,
            })?;
            documents::xliff_text(&document, reading.part)
        }
        Format::Pdf => plain(documents::pdf_text(&pdftotext(shown, &bytes)?)),
    };
    if format == Format::Pdf && is_blank(&extracted.text) {
        return Err(DocumentError::NoText {
            path: shown.to_path_buf(),
            why: ": a scanned PDF holds pictures of its pages, not text (run OCR on it first)",
        });
    }
    Ok((format, extracted))
}

/// The text poppler's `pdftotext` prints for the PDF `bytes` (UTF-8, pages separated by
/// form feeds), read in reading order: poppler is the PDF reader of most Linux desktops
/// and reads right-to-left text, which the PDF crates do not.
fn pdftotext(path: &Path, bytes: &[u8]) -> Result<String, DocumentError> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let tool = "pdftotext";
    let child = Command::new(tool)
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(DocumentError::ToolMissing {
                path: path.to_path_buf(),
                format: "PDF",
                tool,
                package: "poppler-utils",
            });
        }
        Err(error) => {
            return Err(DocumentError::ToolFailed {
                path: path.to_path_buf(),
                format: "PDF",
                tool,
                message: error.to_string(),
            });
        }
    };
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Written from a thread while the output is read, so that neither pipe fills up.
    let output = std::thread::scope(|scope| {
        scope.spawn(move || {
            // A PDF poppler stops reading early closes the pipe: its error says why.
            let _ = stdin.write_all(bytes);
        });
        child.wait_with_output()
    });
    let failed = |message: String| DocumentError::ToolFailed {
        path: path.to_path_buf(),
        format: "PDF",
        tool,
        message,
    };
    let output = output.map_err(|e| failed(e.to_string()))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("it failed");
        return Err(failed(said.trim().to_owned()));
    }
    String::from_utf8(output.stdout).map_err(|_| failed("its output is not UTF-8".into()))
}

/// The bytes of the file at `path`; a folder is refused as such.
fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    if path.is_dir() {
        return Err(InputError::Directory {
            path: path.to_path_buf(),
        });
    }
    std::fs::read(path).map_err(|source| InputError::Io {
        path: path.to_path_buf(),
        source,
    })
}
