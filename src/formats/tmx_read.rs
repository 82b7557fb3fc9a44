//! Reading TMX files from other tools: any number of languages per `<tu>`, inline codes
//! (`<bpt> <ept> <ph> <it> <ut>`) kept as the text they hold or dropped, `<hi>` and
//! `<sub>` text always kept. Nothing is ever fetched: a document type declaration is
//! skipped, and a reference to any entity but XML's five predefined ones (and character
//! references) is an error, so that an entity-expansion bomb expands nothing.

use quick_xml::XmlVersion;
use quick_xml::events::Event;

use crate::text::language_code;
use crate::text::normalize::is_blank;
use crate::text::xml::{attribute, resolve_reference};

/// One translation unit: its text in each language it has.
#[derive(Debug, Clone, PartialEq)]
pub struct TmxUnit {
    /// `(language, text)` per `<tuv>`, in document order.
    pub variants: Vec<(String, String)>,
    /// The `x-confidence` property, when the unit has one (as qantara writes it).
    pub confidence: Option<f64>,
}

/// The units of a TMX file and its header's source language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TmxDocument {
    /// The header's `srclang`, unless it is `*all*` or missing.
    pub source_lang: Option<String>,
    /// The units.
    pub units: Vec<TmxUnit>,
}

/// Why a TMX file cannot be read.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("byte {offset}: {problem}")]
pub struct TmxError {
    /// Where, in bytes from the start of the text.
    pub offset: u64,
    /// What is wrong.
    pub problem: String,
}

/// Elements whose text is a tool's inline code, not text to translate.
const CODE_ELEMENTS: [&str; 5] = ["bpt", "ept", "ph", "it", "ut"];

/// Reads a TMX document whole; with `strip_tags`, the text of inline codes is left out.
pub fn read_tmx(text: &str, strip_tags: bool) -> Result<TmxDocument, TmxError> {
    let mut reader = TmxReader::new(text, strip_tags);
    let mut units = Vec::new();
    while let Some(unit) = reader.next_unit()? {
        units.push(unit);
    }
    Ok(TmxDocument {
        source_lang: reader.source_lang,
        units,
    })
}

/// Reads the units of a TMX document one at a time, so that a large memory never needs
/// to be held whole.
pub struct TmxReader<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    strip_tags: bool,
    /// The header's `srclang`, once the header has been read (it comes before any unit),
    /// unless it is `*all*`.
    pub source_lang: Option<String>,
    saw_tmx: bool,
    /// The elements open where the reader stands, outermost first.
    open: Vec<String>,
    /// Whether the root element has been closed: nothing but comments may follow.
    root_closed: bool,
}

impl<'a> TmxReader<'a> {
    /// A reader of the TMX document `text`; with `strip_tags`, the text of inline codes
    /// is left out.
    pub fn new(text: &'a str, strip_tags: bool) -> TmxReader<'a> {
        let mut reader = quick_xml::Reader::from_str(text);
        reader.config_mut().expand_empty_elements = true;
        TmxReader {
            reader,
            strip_tags,
            source_lang: None,
            saw_tmx: false,
            open: Vec::new(),
            root_closed: false,
        }
    }

    /// The next unit with text in at least one language, or `None` at the end of a
    /// document that was a TMX document.
    pub fn next_unit(&mut self) -> Result<Option<TmxUnit>, TmxError> {
        let reader = &mut self.reader;
        let mut unit: Option<TmxUnit> = None;
        let mut lang: Option<String> = None;
        let mut seg: Option<String> = None;
        // Depth inside inline code elements, and whether a `<prop type="x-confidence">`
        // is open.
        let mut code_depth = 0usize;
        let mut confidence_text: Option<String> = None;
        loop {
            let at = reader.buffer_position();
            let fail = |problem: String| TmxError {
                offset: at,
                problem,
            };
            let event = reader.read_event().map_err(|e| TmxError {
                offset: reader.error_position(),
                problem: e.to_string(),
            })?;
            let drop_code = code_depth > 0 && self.strip_tags;
            match event {
                Event::Start(element) => {
                    let name = element.local_name().as_ref().to_owned();
                    if self.root_closed {
                        return Err(fail(format!(
                            "a second root element <{name}> after the end of the first: \
                             the file holds two XML documents"
                        )));
                    }
                    self.open.push(name.clone());
                    match name.as_str() {
                        "tmx" => self.saw_tmx = true,
                        "header" => {
                            self.source_lang = attribute(&element, "srclang")
                                .map_err(fail)?
                                .filter(|l| !l.eq_ignore_ascii_case("*all*"))
                                .map(|l| {
                                    language_code(&l).map_err(|e| fail(format!("srclang {e}")))
                                })
                                .transpose()?;
                        }
                        "tu" => {
                            unit = Some(TmxUnit {
                                variants: Vec::new(),
                                confidence: None,
                            })
                        }
                        "tuv" => {
                            let found = match attribute(&element, "xml:lang").map_err(fail)? {
                                Some(lang) => Some(lang),
                                None => attribute(&element, "lang").map_err(fail)?,
                            };
                            let found =
                                found.ok_or_else(|| fail("a <tuv> without xml:lang".into()))?;
                            lang = Some(
                                language_code(&found)
                                    .map_err(|e| fail(format!("<tuv xml:lang> {e}")))?,
                            );
                        }
                        "seg" => seg = Some(String::new()),
                        "prop"
                            if unit.is_some()
                                && attribute(&element, "type").map_err(fail)?.as_deref()
                                    == Some("x-confidence") =>
                        {
                            confidence_text = Some(String::new())
                        }
                        _ if seg.is_some() && CODE_ELEMENTS.contains(&name.as_str()) => {
                            code_depth += 1
                        }
                        _ => {}
                    }
                }
                Event::End(element) => {
                    self.open.pop();
                    self.root_closed = self.open.is_empty();
                    match element.local_name().as_ref() {
                        "tu" => {
                            if let Some(done) = unit.take().filter(|u| !u.variants.is_empty()) {
                                return Ok(Some(done));
                            }
                        }
                        "seg" => {
                            if let (Some(text), Some(lang), Some(unit)) =
                                (seg.take(), &lang, &mut unit)
                            {
                                // A segment that shows nothing is empty.
                                let text = Some(text.trim()).filter(|t| !is_blank(t));
                                unit.variants
                                    .push((lang.clone(), text.unwrap_or_default().to_owned()));
                            }
                        }
                        "prop" => {
                            if let (Some(text), Some(unit)) = (confidence_text.take(), &mut unit) {
                                unit.confidence = text
                                    .trim()
                                    .parse()
                                    .ok()
                                    .filter(|c: &f64| (0.0..=1.0).contains(c));
                            }
                        }
                        name if CODE_ELEMENTS.contains(&name) && seg.is_some() => {
                            code_depth = code_depth.saturating_sub(1)
                        }
                        _ => {}
                    }
                }
                Event::Text(text) => add_text(
                    (&mut seg, &mut confidence_text),
                    drop_code,
                    &text.xml_content(XmlVersion::Implicit1_0),
                ),
                Event::CData(data) => add_text(
                    (&mut seg, &mut confidence_text),
                    drop_code,
                    &data.xml_content(XmlVersion::Implicit1_0),
                ),
                Event::GeneralRef(reference) => add_text(
                    (&mut seg, &mut confidence_text),
                    drop_code,
                    &resolve_reference(&reference).map_err(fail)?,
                ),
                Event::Eof if !self.open.is_empty() => {
                    return Err(TmxError {
                        offset: at,
                        problem: format!(
                            "the file ends inside <{}>: it is cut short",
                            self.open.join("><")
                        ),
                    });
                }
                Event::Eof if self.saw_tmx => return Ok(None),
                Event::Eof => {
                    return Err(TmxError {
                        offset: 0,
                        problem: "not a TMX document: no <tmx> element".into(),
                    });
                }
                // Declarations, comments, processing instructions and DOCTYPE (never
                // fetched, its entities never defined) say nothing about the units.
                _ => {}
            }
        }
    }
}

/// Adds `text` to the segment or, outside one, the property being read, unless it is
/// code text to drop.
fn add_text((seg, confidence): (&mut Option<String>, &mut Option<String>), drop: bool, text: &str) {
    if let Some(seg) = seg {
        if !drop {
            seg.push_str(text);
        }
    } else if let Some(confidence) = confidence {
        confidence.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_with_several_languages_inline_codes_and_escapes() {
        let text = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext"/><body>
<tu><prop type="x-confidence">0.75</prop>
  <tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> &amp; go&#33;</seg></tuv>
  <tuv xml:lang="fr"><seg>Appuyez sur <hi>Enregistrer</hi></seg></tuv>
  <tuv lang="de"><seg><![CDATA[a < b]]></seg></tuv>
</tu></body></tmx>"#;
        let kept = read_tmx(text, false).unwrap();
        assert_eq!(kept.source_lang.as_deref(), Some("en"));
        assert_eq!(
            kept.units[0].variants,
            [
                ("en".to_owned(), "Press <b>Save</b> & go!".to_owned()),
                ("fr".to_owned(), "Appuyez sur Enregistrer".to_owned()),
                ("de".to_owned(), "a < b".to_owned()),
            ]
        );
        assert_eq!(kept.units[0].confidence, Some(0.75));
        let stripped = read_tmx(text, true).unwrap();
        assert_eq!(stripped.units[0].variants[0].1, "Press Save & go!");
    }

    #[test]
    fn declared_entities_are_never_expanded() {
        let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&b;</seg></tuv></tu></body></tmx>"#;
        let err = read_tmx(bomb, false).unwrap_err();
        assert!(err.problem.contains("&b;"), "{err}");
        // A DOCTYPE alone is skipped.
        let plain = bomb.replace("<seg>&b;</seg>", "<seg>fine</seg>");
        assert_eq!(read_tmx(&plain, false).unwrap().units.len(), 1);
    }

    #[test]
    fn broken_xml_and_other_documents_are_errors() {
        assert!(read_tmx("<tmx><body><tu></body></tmx>", false).is_err());
        assert!(read_tmx("<html><body/></html>", false).is_err());
    }

    const TWO_UNITS: &str = "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\
        <tu><tuv xml:lang=\"en\"><seg>One.</seg></tuv><tuv xml:lang=\"fr\"><seg>Un.</seg></tuv></tu>\
        <tu><tuv xml:lang=\"en\"><seg>Two.</seg></tuv><tuv xml:lang=\"fr\"><seg>Deux.</seg></tuv></tu>\
        </body></tmx>";

    #[test]
    fn a_language_that_is_no_language_code_is_an_error() {
        let evil = TWO_UNITS.replace("xml:lang=\"fr\"", "xml:lang=\"/../../tmp/PWNED\"");
        let error = read_tmx(&evil, false).unwrap_err();
        assert_eq!(error.offset, evil.find("<tuv xml:lang=\"/").unwrap() as u64);
        assert!(
            error
                .problem
                .contains("\"/../../tmp/PWNED\" is not a language code"),
            "{error}"
        );
        let tab = TWO_UNITS.replace("srclang=\"en\"", "srclang=\"en\tx\"");
        assert!(read_tmx(&tab, false).is_err());
    }

    #[test]
    fn a_segment_that_shows_nothing_is_empty() {
        let invisible = TWO_UNITS.replace("Deux.", "\u{200B}\u{200F} ");
        let units = read_tmx(&invisible, false).unwrap().units;
        assert_eq!(units[1].variants[1], ("fr".to_owned(), String::new()));
    }

    #[test]
    fn a_file_cut_short_is_an_error_at_its_end() {
        assert_eq!(read_tmx(TWO_UNITS, false).unwrap().units.len(), 2);
        let cut = &TWO_UNITS[..TWO_UNITS.rfind("Deux").unwrap() + 2];
        let error = read_tmx(cut, false).unwrap_err();
        assert_eq!(error.offset, cut.len() as u64);
        assert_eq!(
            error.problem,
            "the file ends inside <tmx><body><tu><tuv><seg>: it is cut short"
        );
    }

    #[test]
    fn a_second_root_element_is_an_error_where_it_starts() {
        let twice = format!("{TWO_UNITS}\n{TWO_UNITS}");
        let error = read_tmx(&twice, false).unwrap_err();
        assert_eq!(error.offset, TWO_UNITS.len() as u64 + 1);
        assert!(
            error.problem.contains("a second root element <tmx>"),
            "{error}"
        );
    }
}
