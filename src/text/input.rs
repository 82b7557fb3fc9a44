//! Reading input files into text: UTF-8 (with or without a byte-order mark) and UTF-16
//! with a byte-order mark are decoded; anything else is refused with the file and the
//! byte offset of the first problem.

use std::path::{Path, PathBuf};

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
    #[error("{path} is not valid UTF-8: invalid byte sequence at byte offset {offset}")]
    InvalidUtf8 {
        /// The file named by the user.
        path: PathBuf,
        /// Offset in bytes of the first invalid sequence, counted from the start of the file.
        offset: usize,
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
    if path.is_dir() {
        return Err(InputError::Directory {
            path: path.to_path_buf(),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    decode(bytes, path)
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
            "bad.txt is not valid UTF-8: invalid byte sequence at byte offset 2"
        );
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
