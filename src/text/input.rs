//! Input bytes into text: UTF-8 (with or without a byte-order mark), UTF-16 and UTF-32
//! are decoded, a legacy encoding when the user names one; anything else is refused with
//! the file and the byte offset of the first problem. Reading the files is
//! the job of the `files` module.

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
    /// An XML file is not UTF-8 and its declaration names no other encoding.
    #[error(
        "{path} is not valid UTF-8 (invalid byte sequence at byte offset {offset}) and its XML declaration names no other encoding{}",
        xml_hint(.likely)
    )]
    UndeclaredXmlEncoding {
        /// The file named by the user.
        path: PathBuf,
        /// Offset in bytes of the first invalid sequence.
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
    /// A UTF-32 file holds a value that is no character, or a byte count that is no
    /// multiple of four.
    #[error("{path} is not valid UTF-32: bad code unit at byte offset {offset}")]
    InvalidUtf32 {
        /// The file named by the user.
        path: PathBuf,
        /// Offset in bytes of the first bad code unit.
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

/// Decodes the bytes of an XML file: by their byte-order mark or as UTF-8, else from
/// the encoding their XML declaration names (`<?xml version="1.0"
/// encoding="ISO-8859-1"?>`), as an XML reader must.
pub fn decode_xml(bytes: Vec<u8>, path: &Path) -> Result<String, InputError> {
    if std::str::from_utf8(&bytes).is_err()
        && let Some(encoding) = declared_encoding(&bytes).filter(|&e| e != encoding_rs::UTF_8)
    {
        // A byte-order mark still decides (decode_in gives it precedence).
        return decode_in(bytes, path, Some(encoding));
    }
    match decode(bytes, path) {
        Err(InputError::InvalidUtf8 { offset, likely, .. }) => {
            Err(InputError::UndeclaredXmlEncoding {
                path: path.to_path_buf(),
                offset,
                likely,
            })
        }
        decoded => decoded,
    }
}

/// The encoding the XML declaration at the start of `bytes` names, if it names one
/// known.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(200)];
    let end = head.windows(2).position(|w| w == b"?>")?;
    let declaration = std::str::from_utf8(&head[..end]).ok()?;
    let declaration = declaration.strip_prefix("<?xml")?;
    let at = declaration.find("encoding")? + "encoding".len();
    let value = declaration[at..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = value.chars().next().filter(|&q| q == '"' || q == '\'')?;
    let name = value[1..].split(quote).next()?;
    Encoding::for_label(name.as_bytes())
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

/// What to do with an XML file in a legacy encoding it does not declare.
fn xml_hint(likely: &Option<&'static str>) -> String {
    match likely {
        Some(name) => format!(
            "; it looks like {name}: declare it (<?xml version=\"1.0\" encoding=\"{name}\"?>) or convert it with `iconv -f {name} -t UTF-8`"
        ),
        None => String::new(),
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
/// decoded when they start with their byte-order mark, or when their NUL bytes show
/// them to be UTF-16 without one; UTF-32 likewise, with a mark or without. UTF-8 is decoded in place, with no
/// copy. Offsets in errors count from the first byte of `bytes`; `path` only names the
/// source in messages.
pub fn decode(mut bytes: Vec<u8>, path: &Path) -> Result<String, InputError> {
    if let Some((little_endian, bom)) = utf32_layout(&bytes) {
        return decode_utf32(&bytes[bom..], little_endian, bom, path);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16_LE_BOM) {
        return decode_utf16(rest, u16::from_le_bytes, 2, path);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16_BE_BOM) {
        return decode_utf16(rest, u16::from_be_bytes, 2, path);
    }
    let bom_len = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    bytes.drain(..bom_len);
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        if bom_len == 0
            && let Some(unit) = utf16_without_bom(&bytes)
        {
            return decode_utf16(&bytes, unit, 0, path);
        }
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

/// Decodes UTF-16 code units read by `unit` from `body`, which starts `start` bytes into
/// the file (after its byte-order mark, if any).
fn decode_utf16(
    body: &[u8],
    unit: fn([u8; 2]) -> u16,
    start: usize,
    path: &Path,
) -> Result<String, InputError> {
    let bad_unit = |index: usize| InputError::InvalidUtf16 {
        path: path.to_path_buf(),
        offset: start + 2 * index,
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
                offset: start + 2 * index,
            });
        }
        index += ch.len_utf16();
        text.push(ch);
    }
    Ok(text)
}

/// How UTF-16 without a byte-order mark reads `bytes`, if they are such text: an even
/// number of bytes whose NUL bytes all fall on one side of the code units, as the high
/// byte of the spaces, digits and punctuation every text has (at least an eighth of the
/// units), with no NUL code unit, and high bytes of at most [`UTF16_SCRIPTS`] values (a
/// text is written in a script or two; binary data read as UTF-16 is in dozens). Text in
/// UTF-8 or a legacy encoding has no NUL byte at all, so it is never taken for UTF-16.
fn utf16_without_bom(bytes: &[u8]) -> Option<fn([u8; 2]) -> u16> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let zero_at = |parity: usize| bytes.iter().skip(parity).step_by(2).any(|&b| b == 0);
    let (unit, high): (fn([u8; 2]) -> u16, usize) = match (zero_at(0), zero_at(1)) {
        (false, true) => (u16::from_le_bytes, 1),
        (true, false) => (u16::from_be_bytes, 0),
        _ => return None,
    };
    let units = bytes.len() / 2;
    let mut scripts = [false; 256];
    let mut ascii = 0;
    for pair in bytes.chunks_exact(2) {
        if pair == [0, 0] {
            return None;
        }
        scripts[usize::from(pair[high])] = true;
        ascii += usize::from(pair[high] == 0);
    }
    let script_count = scripts.iter().filter(|&&seen| seen).count();
    (ascii * 8 >= units && script_count <= UTF16_SCRIPTS).then_some(unit)
}

/// The most distinct high bytes UTF-16 without a byte-order mark may have: Latin, one
/// other script, general punctuation, presentation forms.
const UTF16_SCRIPTS: usize = 4;

/// Whether `bytes` are UTF-32, and how: little-endian or not, and the length of the
/// byte-order mark. With a mark (`FF FE 00 00` or `00 00 FE FF`), or without one when
/// every four bytes are a character other than NUL with its top byte zero.
fn utf32_layout(bytes: &[u8]) -> Option<(bool, usize)> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Some((true, 4));
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some((false, 4));
    }
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return None;
    }
    let all = |little_endian: bool| {
        bytes.chunks_exact(4).all(|unit| {
            let value = utf32_unit(unit, little_endian);
            value != 0 && char::from_u32(value).is_some()
        })
    };
    [true, false]
        .into_iter()
        .find(|&le| all(le))
        .map(|le| (le, 0))
}

fn utf32_unit(unit: &[u8], little_endian: bool) -> u32 {
    let unit = [unit[0], unit[1], unit[2], unit[3]];
    if little_endian {
        u32::from_le_bytes(unit)
    } else {
        u32::from_be_bytes(unit)
    }
}

/// Decodes UTF-32 from `body`, which starts `start` bytes into the file.
fn decode_utf32(
    body: &[u8],
    little_endian: bool,
    start: usize,
    path: &Path,
) -> Result<String, InputError> {
    if !body.len().is_multiple_of(4) {
        return Err(InputError::InvalidUtf32 {
            path: path.to_path_buf(),
            offset: start + body.len() / 4 * 4,
        });
    }
    body.chunks_exact(4)
        .enumerate()
        .map(|(index, unit)| {
            char::from_u32(utf32_unit(unit, little_endian))
                .filter(|&ch| ch != '\0')
                .ok_or(InputError::InvalidUtf32 {
                    path: path.to_path_buf(),
                    offset: start + 4 * index,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(text: &str, bom: &[u8], unit: fn(u32) -> Vec<u8>) -> Vec<u8> {
        let mut bytes = bom.to_vec();
        for ch in text.chars() {
            bytes.extend(unit(ch as u32));
        }
        bytes
    }

    #[test]
    fn utf32_with_and_without_bom_and_utf16_without_bom_are_decoded() {
        let text = "Idlib إدلب 2024.\nTurkey.";
        let le32 = |c: u32| c.to_le_bytes().to_vec();
        let be32 = |c: u32| c.to_be_bytes().to_vec();
        for bytes in [
            encoded(text, &[0xFF, 0xFE, 0, 0], le32),
            encoded(text, &[0, 0, 0xFE, 0xFF], be32),
            encoded(text, &[], le32),
            encoded(text, &[], be32),
        ] {
            assert_eq!(decode_ok(&bytes), text);
        }
        let le16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be16: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_ok(&le16), text);
        assert_eq!(decode_ok(&be16), text);
        // NUL bytes in no such pattern are binary.
        for binary in [&[b'a', 0, 0, b'b', 1, 2][..], b"%PDF-1.4\n\x00\x01\x02"] {
            assert!(matches!(
                decode(binary.to_vec(), Path::new("x")),
                Err(InputError::Binary { .. })
            ));
        }
    }

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
