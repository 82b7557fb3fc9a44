//! Reading XLIFF 1.2 and 2.0 files, the exchange format of CAT tools (Trados, memoQ,
//! OmegaT, Okapi): each segment's source and target text, in document order. In 1.2 a
//! `<trans-unit>` is a segment, or several when its `<seg-source>` marks them
//! (`<mrk mtype="seg">`, as Trados and memoQ write); in 2.0 each `<segment>` of a
//! `<unit>` is one. Inline codes (`<bpt> <ept> <ph> <it>` in 1.2) are kept as the text
//! they hold or dropped; paired and empty codes (`<g> <x/> <pc> <sc/> <ph/>`) keep only
//! their content; notes, alternative translations, original data and every module's
//! elements (`mtc:`, `sdl:` …) are left out. As for TMX, a reference to an entity
//! declared in a DOCTYPE is an error and nothing is ever fetched.

use std::collections::HashMap;

use quick_xml::XmlVersion;
use quick_xml::events::Event;

use crate::text::language_code;
use crate::text::xml::{attribute, resolve_reference};

/// One segment: its source text and its target text, if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XliffSegment {
    /// The source text.
    pub source: String,
    /// The target text, when the segment has a target.
    pub target: Option<String>,
    /// The 0-based number of the unit (`<trans-unit>` or `<unit>`) it belongs to: the
    /// paragraph it is part of.
    pub unit: usize,
}

/// The segments of an XLIFF file and its languages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct XliffDocument {
    /// The source language (`source-language` of the first `<file>` in 1.2, `srcLang`
    /// in 2.0).
    pub source_lang: Option<String>,
    /// The target language, when the file names one.
    pub target_lang: Option<String>,
    /// The segments, in document order.
    pub segments: Vec<XliffSegment>,
}

/// Why an XLIFF file cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("byte {offset}: {problem}")]
pub struct XliffError {
    /// Where, in bytes from the start of the text.
    pub offset: u64,
    /// What is wrong.
    pub problem: String,
}

/// Elements whose text is a tool's native code, not text to translate (XLIFF 1.2).
const CODE_ELEMENTS: [&str; 4] = ["bpt", "ept", "ph", "it"];

/// Elements left out whole: notes, alternatives, context, binary units, original data.
const SKIPPED: [&str; 8] = [
    "note",
    "notes",
    "alt-trans",
    "context-group",
    "bin-unit",
    "originalData",
    "header",
    "ignorable",
];

/// Where text being read goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Into {
    Nowhere,
    Source,
    Target,
}

/// The unit being read.
#[derive(Debug, Default)]
struct Unit {
    source: String,
    target: Option<String>,
    /// 1.2's marked segments: `mid` and text, of the `<seg-source>` and the `<target>`.
    marked_sources: Vec<(String, String)>,
    marked_targets: HashMap<String, String>,
}

/// Reads an XLIFF document whole; with `strip_tags`, the text of inline codes is left
/// out.
pub fn read_xliff(text: &str, strip_tags: bool) -> Result<XliffDocument, XliffError> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut document = XliffDocument::default();
    let (mut saw_xliff, mut version_two) = (false, false);
    let (mut skip_depth, mut code_depth) = (0usize, 0usize);
    let mut into = Into::Nowhere;
    // Inside `<seg-source>`, and the `mid` of the `<mrk mtype="seg">` being read.
    let (mut in_seg_source, mut mark): (bool, Option<String>) = (false, None);
    let mut unit: Option<Unit> = None;
    let mut units = 0usize;
    // Elements open where the reader stands.
    let mut open = 0usize;
    loop {
        let at = reader.buffer_position();
        let fail = |problem: String| XliffError {
            offset: at,
            problem,
        };
        let event = reader.read_event().map_err(|e| fail(e.to_string()))?;
        match &event {
            Event::Start(_) => open += 1,
            Event::End(_) => open -= 1,
            _ => {}
        }
        match event {
            Event::Start(_) if skip_depth > 0 => skip_depth += 1,
            Event::End(_) if skip_depth > 0 => skip_depth -= 1,
            _ if skip_depth > 0 => {}
            Event::Start(element) => {
                let name = element.name().into_inner().to_owned();
                let value = |key: &str| attribute(&element, key).map_err(fail);
                if name == "xliff" {
                    saw_xliff = true;
                    version_two = value("version")?.is_some_and(|v| v.starts_with('2'));
                    document.source_lang = language(value("srcLang")?, &fail)?;
                    document.target_lang = language(value("trgLang")?, &fail)?;
                } else if !saw_xliff {
                    return Err(fail("not an XLIFF document: no <xliff> element".into()));
                } else if name.contains(':') || SKIPPED.contains(&name.as_str()) {
                    skip_depth = 1;
                } else if name == "file" && !version_two {
                    if document.source_lang.is_none() {
                        document.source_lang = language(value("source-language")?, &fail)?;
                    }
                    if document.target_lang.is_none() {
                        document.target_lang = language(value("target-language")?, &fail)?;
                    }
                } else if name == "trans-unit" || name == "unit" {
                    if value("translate")?.as_deref() == Some("no") {
                        skip_depth = 1;
                    } else {
                        unit = Some(Unit::default());
                    }
                } else if name == "seg-source" {
                    in_seg_source = true;
                } else if name == "source" && !in_seg_source {
                    into = Into::Source;
                } else if name == "target" {
                    into = Into::Target;
                    if let Some(unit) = &mut unit {
                        unit.target.get_or_insert_with(String::new);
                    }
                } else if name == "mrk" && value("mtype")?.as_deref() == Some("seg") {
                    mark = value("mid")?;
                    if let (Some(mid), Some(unit)) = (&mark, &mut unit) {
                        if in_seg_source {
                            unit.marked_sources.push((mid.clone(), String::new()));
                        } else if into == Into::Target {
                            unit.marked_targets.insert(mid.clone(), String::new());
                        }
                    }
                } else if name == "cp" {
                    let code = value("hex")?.and_then(|hex| u32::from_str_radix(&hex, 16).ok());
                    let c = code.and_then(char::from_u32).ok_or_else(|| {
                        fail("a <cp> element without a valid hex code point".into())
                    })?;
                    add(&mut unit, (into, in_seg_source, &mark), &c.to_string());
                } else if CODE_ELEMENTS.contains(&name.as_str()) && !version_two {
                    code_depth += 1;
                }
            }
            Event::End(element) => {
                let name = element.name().into_inner();
                match name {
                    "trans-unit" | "unit" => {
                        if let Some(mut unit) = unit.take() {
                            finish_segment(&mut unit, &mut document, units);
                            units += 1;
                        }
                    }
                    "segment" if version_two => {
                        if let Some(unit) = &mut unit {
                            finish_segment(unit, &mut document, units);
                        }
                    }
                    "seg-source" => in_seg_source = false,
                    "source" if !in_seg_source => into = Into::Nowhere,
                    "target" => into = Into::Nowhere,
                    "mrk" => mark = None,
                    _ if CODE_ELEMENTS.contains(&name) && !version_two => {
                        code_depth = code_depth.saturating_sub(1);
                    }
                    _ => {}
                }
            }
            Event::Text(text) if !(strip_tags && code_depth > 0) => add(
                &mut unit,
                (into, in_seg_source, &mark),
                &text.xml_content(XmlVersion::Implicit1_0),
            ),
            Event::CData(data) if !(strip_tags && code_depth > 0) => add(
                &mut unit,
                (into, in_seg_source, &mark),
                &data.xml_content(XmlVersion::Implicit1_0),
            ),
            Event::GeneralRef(reference) => {
                let resolved = resolve_reference(&reference).map_err(fail)?;
                if !(strip_tags && code_depth > 0) {
                    add(&mut unit, (into, in_seg_source, &mark), &resolved);
                }
            }
            Event::Eof if !saw_xliff => {
                return Err(XliffError {
                    offset: 0,
                    problem: "not an XLIFF document: no <xliff> element".into(),
                });
            }
            Event::Eof if open > 0 => {
                return Err(fail(
                    "the file ends inside an element: it is cut short".into(),
                ));
            }
            Event::Eof => return Ok(document),
            _ => {}
        }
    }
}

/// A language attribute's value checked as a language code.
fn language(
    value: Option<String>,
    fail: &impl Fn(String) -> XliffError,
) -> Result<Option<String>, XliffError> {
    match value {
        None => Ok(None),
        Some(code) => language_code(&code)
            .map(Some)
            .map_err(|e| fail(format!("language {code:?}: {e}"))),
    }
}

/// Adds `text` to what is being read: a marked segment, the source or the target.
fn add(
    unit: &mut Option<Unit>,
    (into, in_seg_source, mark): (Into, bool, &Option<String>),
    text: &str,
) {
    let Some(unit) = unit else {
        return;
    };
    if let Some(mid) = mark {
        if in_seg_source {
            if let Some((_, marked)) = unit.marked_sources.last_mut() {
                marked.push_str(text);
            }
            return;
        }
        if into == Into::Target
            && let Some(marked) = unit.marked_targets.get_mut(mid)
        {
            marked.push_str(text);
        }
    }
    match into {
        Into::Source if !in_seg_source => unit.source.push_str(text),
        Into::Target => unit.target.get_or_insert_with(String::new).push_str(text),
        _ => {}
    }
}

/// Moves what `unit` holds into the document as segments (its marked segments, paired by
/// `mid`, when its `<seg-source>` has them), and empties it for the next segment.
fn finish_segment(unit: &mut Unit, document: &mut XliffDocument, number: usize) {
    let taken = std::mem::take(unit);
    let mut push = |source: String, target: Option<String>| {
        let source = source.trim().to_owned();
        if !source.is_empty() {
            document.segments.push(XliffSegment {
                source,
                target: target.map(|t| t.trim().to_owned()),
                unit: number,
            });
        }
    };
    if taken.marked_sources.is_empty() {
        push(taken.source, taken.target);
    } else {
        let mut targets = taken.marked_targets;
        for (mid, source) in taken.marked_sources {
            let target = targets.remove(&mid);
            push(source, target);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xliff_1_2_units_codes_and_marked_segments() {
        let text = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="en" target-language="fr" datatype="plaintext" original="a.txt">
<header><note>Not text.</note></header>
<body>
<trans-unit id="1"><source>Press <bpt id="1">&lt;b&gt;</bpt>Save<ept id="1">&lt;/b&gt;</ept> &amp; go.</source>
  <target state="translated">Appuyez sur <g id="2">Enregistrer</g>.</target>
  <alt-trans><target>Other.</target></alt-trans><note>A note.</note></trans-unit>
<group><trans-unit id="2"><source>One. Two.</source>
  <seg-source><mrk mtype="seg" mid="a">One.</mrk> <mrk mtype="seg" mid="b">Two.</mrk></seg-source>
  <target><mrk mtype="seg" mid="b">Deux.</mrk> <mrk mtype="seg" mid="a">Un.</mrk></target></trans-unit></group>
<trans-unit id="3" translate="no"><source>Skip me.</source></trans-unit>
<trans-unit id="4"><source>Untranslated.</source></trans-unit>
</body></file></xliff>"#;
        let kept = read_xliff(text, false).unwrap();
        assert_eq!(kept.source_lang.as_deref(), Some("en"));
        assert_eq!(kept.target_lang.as_deref(), Some("fr"));
        let pairs: Vec<_> = kept
            .segments
            .iter()
            .map(|s| (s.source.as_str(), s.target.as_deref(), s.unit))
            .collect();
        assert_eq!(
            pairs,
            [
                (
                    "Press <b>Save</b> & go.",
                    Some("Appuyez sur Enregistrer."),
                    0
                ),
                ("One.", Some("Un."), 1),
                ("Two.", Some("Deux."), 1),
                ("Untranslated.", None, 2),
            ]
        );
        let stripped = read_xliff(text, true).unwrap();
        assert_eq!(stripped.segments[0].source, "Press Save & go.");
    }

    #[test]
    fn xliff_2_0_segments_of_units() {
        let text = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ar" trgLang="en" xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0">
<file id="f1"><notes><note>No.</note></notes>
<unit id="u1"><mtc:matches><mtc:match><source>X</source><target>Y</target></mtc:match></mtc:matches>
  <segment><source>جملة <pc id="1">أولى</pc>.</source><target>A <pc id="1">first</pc> sentence.</target></segment>
  <ignorable><source> </source></ignorable>
  <segment state="final"><source>ثانية<ph id="2"/><cp hex="0021"/></source><target>Second!</target></segment>
  <originalData><data id="d1">&lt;br/&gt;</data></originalData>
</unit></file></xliff>"#;
        let document = read_xliff(text, false).unwrap();
        assert_eq!(document.source_lang.as_deref(), Some("ar"));
        let pairs: Vec<_> = document
            .segments
            .iter()
            .map(|s| (s.source.as_str(), s.target.as_deref(), s.unit))
            .collect();
        assert_eq!(
            pairs,
            [
                ("جملة أولى.", Some("A first sentence."), 0),
                ("ثانية!", Some("Second!"), 0),
            ]
        );
    }

    #[test]
    fn other_documents_and_declared_entities_are_errors() {
        assert!(read_xliff("<tmx version=\"1.4\"><body/></tmx>", false).is_err());
        let bomb = r#"<!DOCTYPE xliff [<!ENTITY a "aaaa">]><xliff version="1.2"><file source-language="en"><body><trans-unit id="1"><source>&a;</source></trans-unit></body></file></xliff>"#;
        assert!(read_xliff(bomb, false).unwrap_err().problem.contains("&a;"));
        assert!(read_xliff("<xliff version=\"1.2\"><file>", false).is_err());
    }
}
