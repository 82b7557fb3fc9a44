//! XLIFF 1.2 output, as Trados, memoQ and OmegaT open it for review: one `<file>` per
//! alignment (its documents and languages), one `<trans-unit>` per bead with text on both
//! sides, its target's `state` from its confidence (`translated` at or above the
//! header's threshold, `needs-review-translation` below) and the confidence in a note.

use std::io::{self, Write};

use super::tmx::escape;
use super::{Header, TranslationUnit};
use crate::text::normalize::single_line;

/// Writes the start of an XLIFF 1.2 document.
pub fn write_start(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">"#
    )
}

/// Writes one unit, opening a `<file>` for it (and closing the one before) when it
/// belongs to another alignment than the unit before, `open` (updated); a unit with an
/// empty side is left out.
pub fn write_unit(
    out: &mut impl Write,
    unit: &TranslationUnit,
    header: &Header,
    open: &mut Option<Option<i64>>,
) -> io::Result<()> {
    if !unit.has_both_sides() {
        return Ok(());
    }
    if *open != Some(unit.alignment_id) {
        if open.is_some() {
            write_file_end(out)?;
        }
        writeln!(
            out,
            r#"  <file original="{}" source-language="{}" target-language="{}" datatype="plaintext" tool-id="qantara">"#,
            escape(&single_line(unit.source_document)),
            escape(unit.source_lang),
            escape(unit.target_lang)
        )?;
        writeln!(
            out,
            r#"    <header><tool tool-id="qantara" tool-name="qantara" tool-version="{}"/></header>"#,
            env!("CARGO_PKG_VERSION")
        )?;
        writeln!(out, "    <body>")?;
        *open = Some(unit.alignment_id);
    }
    let sure = unit.confidence >= header.review_below;
    let id = match unit.alignment_id {
        Some(alignment) => format!("{alignment}-{}", unit.bead),
        None => unit.bead.to_string(),
    };
    writeln!(
        out,
        r#"      <trans-unit id="{id}" approved="{}">"#,
        if sure { "yes" } else { "no" }
    )?;
    writeln!(
        out,
        r#"        <source xml:lang="{}">{}</source>"#,
        escape(unit.source_lang),
        escape(&single_line(&unit.source))
    )?;
    writeln!(
        out,
        r#"        <target xml:lang="{}" state="{}">{}</target>"#,
        escape(unit.target_lang),
        if sure {
            "translated"
        } else {
            "needs-review-translation"
        },
        escape(&single_line(&unit.target))
    )?;
    writeln!(
        out,
        r#"        <note from="qantara">confidence {:.4}, a {} bead{}</note>"#,
        unit.confidence,
        unit.kind,
        if sure {
            String::new()
        } else {
            format!(": below {}, check this pair", header.review_below)
        }
    )?;
    writeln!(out, "      </trans-unit>")
}

/// Writes the end of a `<file>`.
fn write_file_end(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "    </body>")?;
    writeln!(out, "  </file>")
}

/// Writes the end of the document, closing the last `<file>` if one is open (a document
/// with no unit holds one empty `<file>`, as XLIFF needs one).
pub fn write_end(
    out: &mut impl Write,
    header: &Header,
    open: Option<Option<i64>>,
) -> io::Result<()> {
    match open {
        Some(_) => write_file_end(out)?,
        None => {
            writeln!(
                out,
                r#"  <file original="qantara" source-language="{}" datatype="plaintext"><body/></file>"#,
                escape(&header.source_lang)
            )?;
        }
    }
    writeln!(out, "</xliff>")
}
