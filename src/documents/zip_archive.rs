//! The ZIP container of DOCX and ODT files, read in memory with the `zip` crate. A part
//! that would inflate past [`MAX_PART`] is refused before it fills memory.

use std::io::{Cursor, Read};

/// The most bytes one part of a document may inflate to: the XML of a thousand-page book
/// is tens of MiB, and a part that inflates further (a ZIP bomb) is refused.
const MAX_PART: u64 = 256 << 20;

/// Whether `bytes` start as a ZIP archive does.
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// A ZIP archive held in memory.
pub(super) struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Archive<'a> {
    /// Opens the archive in `bytes`; the error says what is wrong with it.
    pub(super) fn open(bytes: &'a [u8]) -> Result<Archive<'a>, String> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        Ok(Archive { zip })
    }

    /// Whether the archive holds a part named `name`.
    pub(super) fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The part `name` as text, or `None` when the archive has no such part.
    pub(super) fn text(&mut self, name: &str) -> Result<Option<String>, String> {
        let mut part = match self.zip.by_name(name) {
            Ok(part) => part,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(format!("{name}: {e}")),
        };
        let mut bytes = Vec::new();
        part.by_ref()
            .take(MAX_PART + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{name}: {e}"))?;
        if bytes.len() as u64 > MAX_PART {
            return Err(format!(
                "{name} inflates to more than {} MiB",
                MAX_PART >> 20
            ));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "{name} is not UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            )
        })?;
        Ok(Some(text))
    }
}
