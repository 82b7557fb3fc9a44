//! TMX 1.4b output, as CAT tools (Trados, memoQ, OmegaT) load it: UTF-8, one `<tu>` per
//! bead with text on both sides, confidence and bead kind as `<prop>`s.

use std::io::{self, Write};

use super::{Header, TranslationUnit};
use crate::text::normalize::single_line;

/// Writes the start of a TMX 1.4b document, up to `<body>`.
pub fn write_start(out: &mut impl Write, header: &Header) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<tmx version="1.4">"#)?;
    writeln!(
        out,
        r#"  <header creationtool="qantara" creationtoolversion="{}" segtype="sentence" o-tmf="qantara" adminlang="en" srclang="{}" datatype="plaintext" creationdate="{}"/>"#,
        env!("CARGO_PKG_VERSION"),
        escape(&header.source_lang),
        tmx_date(header.created_unix)
    )?;
    writeln!(out, "  <body>")
}

/// Writes one `<tu>`, with confidence, bead kind and documents as `<prop>`s, and a
/// `<note>` when its confidence is below `review_below` (CAT tools show notes, not
/// props); a unit with an empty side is left out, since a translation unit needs both.
pub fn write_unit(
    out: &mut impl Write,
    unit: &TranslationUnit,
    review_below: f64,
) -> io::Result<()> {
    if !unit.has_both_sides() {
        return Ok(());
    }
    writeln!(out, "    <tu>")?;
    if unit.confidence < review_below {
        writeln!(
            out,
            "      <note>qantara: confidence {:.4}, below {review_below}: check this pair</note>",
            unit.confidence
        )?;
    }
    writeln!(
        out,
        r#"      <prop type="x-confidence">{:.4}</prop>"#,
        unit.confidence
    )?;
    writeln!(out, r#"      <prop type="x-bead">{}</prop>"#, unit.kind)?;
    for (side, document) in [
        ("source", &unit.source_document),
        ("target", &unit.target_document),
    ] {
        writeln!(
            out,
            r#"      <prop type="x-{side}-document">{}</prop>"#,
            escape(&single_line(document))
        )?;
    }
    for (lang, text) in [
        (&unit.source_lang, &unit.source),
        (&unit.target_lang, &unit.target),
    ] {
        writeln!(
            out,
            r#"      <tuv xml:lang="{}"><seg>{}</seg></tuv>"#,
            escape(lang),
            escape(&single_line(text))
        )?;
    }
    writeln!(out, "    </tu>")
}

/// Writes the end of a TMX document.
pub fn write_end(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "  </body>")?;
    writeln!(out, "</tmx>")
}

/// Escapes text for XML content and attribute values, and drops the characters XML 1.0
/// forbids (control characters other than tab and line breaks, U+FFFE, U+FFFF).
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\t' | '\n' | '\r' => escaped.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// A Unix time as TMX writes dates: `YYYYMMDDThhmmssZ`, in UTC.
fn tmx_date(unix: u64) -> String {
    let (days, seconds) = (unix / 86_400, unix % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = u32::try_from(day_of_year - (153 * mp + 2) / 5 + 1).expect("a day from 1 to 31");
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).expect("a month from 1 to 12");
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_in_tmx_form() {
        assert_eq!(tmx_date(0), "19700101T000000Z");
        assert_eq!(tmx_date(1_795_570_245), "20261125T013045Z");
        assert_eq!(tmx_date(951_782_400), "20000229T000000Z");
    }

    #[test]
    fn escaping_keeps_text_and_drops_forbidden_characters() {
        assert_eq!(
            escape("a<b & \"c\"\u{1}\u{200F}"),
            "a&lt;b &amp; &quot;c&quot;\u{200F}"
        );
    }
}
