//! Reading input files into text: UTF-8 (with or without a byte-order mark) and UTF-16
//! with a byte-order mark are decoded; anything else is refused with the file and the
//! byte offset of the first problem.

use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

/// Why a file could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be opened or read.
    #[error("cannot read {path}")]
    Io {
        /// The file named by the user.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The path names a directory, not a file.
    #[error("{path} is a directory, not a text file")]
    Directory {
        /// The directory named by the user.
        path: PathBuf,
    },
    /// The bytes are not valid UTF-8.
    #[error("{path} is not valid UTF-8: invalid byte sequence at byte offset {offset}{}", hint_text(.likely))]
    InvalidUtf8 {
        /// The file named by the user.
        path: PathBuf,
        /// Offset in bytes of the first invalid sequence, counted from the start of the file.
        offset: usize,
        /// The legacy encoding the bytes look like, if any.
        likely: Option<&'static str>,
    },
    /// The bytes are not valid in the encoding the user named.
    #[error("{path} is not valid {encoding}")]
    InvalidEncoding {
        /// The file named by the user.
        path: PathBuf,
        /// The encoding's name.
        encoding: &'static str,
    },
    /// The file holds NUL bytes, so it is binary data rather than text.
    #[error("{path} looks like a binary file, not text: NUL byte at byte offset {offset}")]
    Binary {
        /// The file named by the user.
        path: PathBuf,
        /// Offset in bytes of the first NUL byte.
        offset: usize,
    },
    /// A UTF-16 file with a byte-order mark holds an unpaired surrogate or an odd byte count.
    #[error("{path} is not valid UTF-16: bad code unit at byte offset {offset}")]
    InvalidUtf16 {
        /// The file named by the user.
        path: PathBuf,
        /// Offset in bytes of the first bad code unit.
        offset: usize,
    },
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16_LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16_BE_BOM: &[u8] = &[0xFE, 0xFF];

/// Reads the file at `path` and decodes it to text (see [`decode`]).
pub fn read_text_file(path: &Path) -> Result<String, InputError> {
    read_text_file_in(path, None)
}

/// Reads the file at `path` and decodes it from `encoding` when one is named and the file
/// has no byte-order mark, else as [`decode`] does.
pub fn read_text_file_in(
    path: &Path,
    encoding: Option<&'static Encoding>,
) -> Result<String, InputError> {
    if path.is_dir() {
        return Err(InputError::Directory {
            path: path.to_path_buf(),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    decode_in(bytes, path, encoding)
}

/// Decodes raw bytes as [`decode`] does, or, when `encoding` names one and the bytes
/// have no byte-order mark, from that encoding.
pub fn decode_in(
    bytes: Vec<u8>,
    path: &Path,
    encoding: Option<&'static Encoding>,
) -> Result<String, InputError> {
    let has_bom = [UTF8_BOM, UTF16_LE_BOM, UTF16_BE_BOM]
        .iter()
        .any(|bom| bytes.starts_with(bom));
    match encoding {
        Some(encoding) if !has_bom && encoding != encoding_rs::UTF_8 => {
            let text = encoding
                .decode_without_bom_handling_and_without_replacement(&bytes)
                .ok_or(InputError::InvalidEncoding {
                    path: path.to_path_buf(),
                    encoding: encoding.name(),
                })?;
            if let Some(offset) = text.find('\0') {
                return Err(InputError::Binary {
                    path: path.to_path_buf(),
                    offset,
                });
            }
            Ok(text.into_owned())
        }
        _ => decode(bytes, path),
    }
}

/// The legacy encoding that bytes which are not UTF-8 most likely are in: Windows-1256
/// when a quarter or more of them (and at least four) are non-ASCII, and most of those
/// spell Arabic letters there; else, when some are non-ASCII, Windows-1252 (Western
/// European).
pub fn likely_encoding(bytes: &[u8]) -> Option<&'static str> {
    let high: Vec<u8> = bytes.iter().copied().filter(|b| *b >= 0x80).collect();
    if high.is_empty() {
        return None;
    }
    let arabic_letter =
        |b: &u8| matches!(b, 0xC1..=0xDA | 0xDC..=0xDF | 0xE1 | 0xE3..=0xE6 | 0xEC | 0xED);
    let arabic = high.iter().filter(|b| arabic_letter(b)).count();
    if high.len() >= 4 && high.len() * 4 >= bytes.len() && arabic * 10 >= high.len() * 7 {
        Some("windows-1256")
    } else {
        Some("windows-1252")
    }
}

/// The sentence that tells the user what to do with text in a legacy encoding.
fn hint_text(likely: &Option<&'static str>) -> String {
    match likely {
        Some(name) => format!(
            "; it looks like {name}: read it with --encoding {name}, or convert it with `iconv -f {name} -t UTF-8`"
        ),
        None => String::new(),
    }
}

/// Decodes raw bytes to text. A UTF-8 byte-order mark is dropped; UTF-16 LE and BE are
/// decoded when they start with their byte-order mark. UTF-8 is decoded in place, with no
/// copy. Offsets in errors count from the first byte of `bytes`; `path` only names the
/// source in messages.
pub fn decode(mut bytes: Vec<u8>, path: &Path) -> Result<String, InputError> {
    if let Some(rest) = bytes.strip_prefix(UTF16_LE_BOM) {
        return decode_utf16(rest, u16::from_le_bytes, path);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16_BE_BOM) {
        return decode_utf16(rest, u16::from_be_bytes, path);
    }
    let bom_len = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    bytes.drain(..bom_len);
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(InputError::Binary {
            path: path.to_path_buf(),
            offset: bom_len + offset,
        });
    }
    String::from_utf8(bytes).map_err(|err| InputError::InvalidUtf8 {
        path: path.to_path_buf(),
        offset: bom_len + err.utf8_error().valid_up_to(),
        likely: likely_encoding(err.as_bytes()),
    })
}

fn decode_utf16(body: &[u8], unit: fn([u8; 2]) -> u16, path: &Path) -> Result<String, InputError> {
    let bad_unit = |index: usize| InputError::InvalidUtf16 {
        path: path.to_path_buf(),
        offset: 2 + 2 * index,
    };
    if !body.len().is_multiple_of(2) {
        return Err(bad_unit(body.len() / 2));
    }
    let units = body.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(body.len());
    let mut index = 0;
    for decoded in char::decode_utf16(units) {
        let ch = decoded.map_err(|_| bad_unit(index))?;
        if ch == '\0' {
            return Err(InputError::Binary {
                path: path.to_path_buf(),
                offset: 2 + 2 * index,
            });
        }
        index += ch.len_utf16();
        text.push(ch);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_ok(bytes: &[u8]) -> String {
        decode(bytes.to_vec(), Path::new("x.txt")).expect("decodes")
    }

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(decode_ok(b"\xEF\xBB\xBFabc"), "abc");
    }

    #[test]
    fn utf16_with_bom_is_decoded_both_ways() {
        let text = "قال: ok";
        let le: Vec<u8> = UTF16_LE_BOM
            .iter()
            .copied()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = UTF16_BE_BOM
            .iter()
            .copied()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_ok(&le), text);
        assert_eq!(decode_ok(&be), text);
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = decode(b"ab\xC3(".to_vec(), Path::new("bad.txt")).unwrap_err();
        assert!(matches!(err, InputError::InvalidUtf8 { offset: 2, .. }));
        assert_eq!(
            err.to_string(),
            "bad.txt is not valid UTF-8: invalid byte sequence at byte offset 2; it looks like \
             windows-1252: read it with --encoding windows-1252, or convert it with `iconv -f \
             windows-1252 -t UTF-8`"
        );
    }

    #[test]
    fn arabic_in_windows_1256_is_recognised() {
        // "قال الرئيس" in Windows-1256.
        let arabic = [0xDE, 0xC7, 0xE1, 0x20, 0xC7, 0xE1, 0xD1, 0xC6, 0xED, 0xD3];
        assert_eq!(likely_encoding(&arabic), Some("windows-1256"));
        assert_eq!(likely_encoding(b"Caf\xe9 cr\xe8me"), Some("windows-1252"));
        assert_eq!(likely_encoding(b"plain"), None);
    }

    #[test]
    fn nul_byte_means_binary() {
        let err = decode(b"PK\x03\x04\x00\x00".to_vec(), Path::new("a.zip")).unwrap_err();
        assert!(matches!(err, InputError::Binary { offset: 4, .. }));
    }

    #[test]
    fn unpaired_surrogate_in_utf16_is_refused() {
        let err = decode(vec![0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8], Path::new("u.txt")).unwrap_err();
        assert!(matches!(err, InputError::InvalidUtf16 { offset: 4, .. }));
    }
}
