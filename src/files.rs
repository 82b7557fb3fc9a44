//! Reading the user's files: the one place the library's readers open a file, so that the
//! core stays free of I/O. Each reader names the file in its errors.

use std::io::Read;
use std::path::Path;

use encoding_rs::Encoding;

use crate::eval::beads::{BeadFileError, BeadIndices, parse_beads};
use crate::lexicon::dictionary::{Dictionary, DictionaryError, DictionaryFormat};
use crate::text::input::{InputError, decode_in, decode_xml};

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
    if path != Path::new("-") {
        return read_text_file_in(path, encoding);
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
    decode_in(bytes, stdin, encoding)
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

/// Reads a bead file (a reference alignment); blank lines are skipped.
pub fn read_bead_file(path: &Path) -> Result<Vec<BeadIndices>, BeadFileError> {
    let text = read_text_file(path)?;
    parse_beads(&text).map_err(|(line, text)| BeadFileError::Syntax {
        path: path.to_path_buf(),
        line,
        text,
    })
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
