//! SRX 2.0 segmentation rules, as Trados, memoQ, OmegaT and Okapi export them: language
//! rules of break and no-break rules, chosen for a language code through the map rules
//! (every matching language rule in order, unless the header says `cascade="no"`: then
//! the first). At each place in a paragraph the first rule, in order, whose
//! `beforebreak` matches up to the place and whose `afterbreak` matches from it decides
//! whether a segment ends there; where none does, none ends.
//!
//! The rules are Java regular expressions, compiled with `fancy-regex` (look-behind and
//! look-ahead of any length included) after the Java spellings Rust does not know are
//! rewritten (`\uHHHH`, `\p{javaLowerCase}`, `\p{Punct}`…). A rule that still cannot
//! be compiled is left out and reported, never dropped silently.

use std::collections::BTreeMap;

use fancy_regex::Regex;
use quick_xml::XmlVersion;
use quick_xml::events::Event;

use crate::text::xml::{attribute, resolve_reference};

/// A rule as the file writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawRule {
    breaks: bool,
    before: String,
    after: String,
}

/// An SRX file, read but not compiled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Srx {
    cascade: bool,
    /// Language rules by name, in the file's order.
    language_rules: Vec<(String, Vec<RawRule>)>,
    /// Map rules: a language pattern and the name of the language rule it chooses.
    maps: Vec<(String, String)>,
}

/// Why an SRX file cannot be read.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("byte {offset}: {problem}")]
pub struct SrxError {
    /// Where, in bytes from the start of the text.
    pub offset: u64,
    /// What is wrong.
    pub problem: String,
}

/// A rule that could not be compiled, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRule {
    /// The language rule it belongs to.
    pub language_rule: String,
    /// Its 1-based number in that language rule.
    pub number: usize,
    /// The regular expression that failed.
    pub pattern: String,
    /// The compiler's reason.
    pub reason: String,
}

/// One compiled rule.
#[derive(Debug, Clone)]
struct Rule {
    breaks: bool,
    before: Option<Regex>,
    /// Anchored at the place: `^(?:afterbreak)`.
    after: Option<Regex>,
    /// For a rule without `beforebreak`: its `afterbreak`, searched for.
    after_anywhere: Option<Regex>,
}

/// The compiled rules of one language, in order.
#[derive(Debug, Clone)]
pub struct SrxRules {
    rules: Vec<Rule>,
}

/// Reads an SRX document (version 2.0, or 1.0 without its header's extras).
pub fn parse_srx(text: &str) -> Result<Srx, SrxError> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    // Cascading unless the header says `cascade="no"`: OmegaT's files leave the
    // attribute out and rely on every matching language rule being applied.
    let mut srx = Srx {
        cascade: true,
        ..Srx::default()
    };
    let mut saw_srx = false;
    let mut open = 0usize;
    // The rule being read, and which of its patterns the text goes to.
    let mut rule: Option<RawRule> = None;
    let mut into: Option<bool> = None; // Some(true): beforebreak, Some(false): afterbreak
    loop {
        let at = reader.buffer_position();
        let fail = |problem: String| SrxError {
            offset: at,
            problem,
        };
        match reader.read_event().map_err(|e| fail(e.to_string()))? {
            Event::Start(element) => {
                open += 1;
                let name = element.local_name().into_inner().to_owned();
                let value = |key: &str| attribute(&element, key).map_err(fail);
                match name.as_str() {
                    "srx" => saw_srx = true,
                    _ if !saw_srx => {
                        return Err(fail("not an SRX document: no <srx> element".into()));
                    }
                    "header" => srx.cascade = value("cascade")?.as_deref() != Some("no"),
                    "languagerule" => {
                        let name = value("languagerulename")?.ok_or_else(|| {
                            fail("a <languagerule> without a languagerulename".into())
                        })?;
                        srx.language_rules.push((name, Vec::new()));
                    }
                    "rule" => {
                        rule = Some(RawRule {
                            breaks: value("break")?.as_deref() != Some("no"),
                            before: String::new(),
                            after: String::new(),
                        });
                    }
                    "beforebreak" => into = Some(true),
                    "afterbreak" => into = Some(false),
                    "languagemap" => {
                        let pattern = value("languagepattern")?;
                        let name = value("languagerulename")?;
                        let (Some(pattern), Some(name)) = (pattern, name) else {
                            return Err(fail(
                                "a <languagemap> needs a languagepattern and a languagerulename"
                                    .into(),
                            ));
                        };
                        srx.maps.push((pattern, name));
                    }
                    _ => {}
                }
            }
            Event::End(element) => {
                open = open.saturating_sub(1);
                match element.local_name().into_inner() {
                    "rule" => {
                        if let (Some(rule), Some((_, rules))) =
                            (rule.take(), srx.language_rules.last_mut())
                        {
                            rules.push(rule);
                        }
                    }
                    "beforebreak" | "afterbreak" => into = None,
                    _ => {}
                }
            }
            Event::Text(text) => add(&mut rule, into, &text.xml_content(XmlVersion::Implicit1_0)),
            Event::CData(data) => add(&mut rule, into, &data.xml_content(XmlVersion::Implicit1_0)),
            Event::GeneralRef(reference) => {
                add(
                    &mut rule,
                    into,
                    &resolve_reference(&reference).map_err(fail)?,
                );
            }
            Event::Eof if !saw_srx => {
                return Err(fail("not an SRX document: no <srx> element".into()));
            }
            Event::Eof if open > 0 => {
                return Err(fail(
                    "the file ends inside an element: it is cut short".into(),
                ));
            }
            Event::Eof => return Ok(srx),
            _ => {}
        }
    }
}

/// Adds text to the pattern being read.
fn add(rule: &mut Option<RawRule>, into: Option<bool>, text: &str) {
    match (rule, into) {
        (Some(rule), Some(true)) => rule.before.push_str(text),
        (Some(rule), Some(false)) => rule.after.push_str(text),
        _ => {}
    }
}

impl Srx {
    /// The names of the language rules the map rules choose for `lang`, in order.
    pub fn language_rules_for(&self, lang: &str) -> Vec<&str> {
        let mut chosen = Vec::new();
        for (pattern, name) in &self.maps {
            let Ok(regex) = Regex::new(&format!("(?i)^(?:{})$", java_to_rust(pattern))) else {
                continue;
            };
            if regex.is_match(lang).unwrap_or(false) && !chosen.contains(&name.as_str()) {
                chosen.push(name.as_str());
                if !self.cascade {
                    break;
                }
            }
        }
        chosen
    }

    /// The rules for `lang`, compiled, with the rules that could not be; `None` when no
    /// map rule chooses a language rule for `lang`.
    pub fn rules_for(&self, lang: &str) -> Option<(SrxRules, Vec<SkippedRule>)> {
        let chosen = self.language_rules_for(lang);
        if chosen.is_empty() {
            return None;
        }
        let mut rules = Vec::new();
        let mut skipped = Vec::new();
        for name in chosen {
            let Some((_, raw_rules)) = self.language_rules.iter().find(|(n, _)| n == name) else {
                continue;
            };
            for (k, raw) in raw_rules.iter().enumerate() {
                let compile = |pattern: &str, anchored: bool| -> Result<Option<Regex>, String> {
                    if pattern.is_empty() {
                        return Ok(None);
                    }
                    let rust = java_to_rust(pattern);
                    let source = if anchored {
                        format!("^(?:{rust})")
                    } else {
                        rust
                    };
                    Regex::new(&source).map(Some).map_err(|e| e.to_string())
                };
                let anywhere = if raw.before.is_empty() {
                    compile(&raw.after, false)
                } else {
                    Ok(None)
                };
                match (
                    compile(&raw.before, false),
                    compile(&raw.after, true),
                    anywhere,
                ) {
                    (Ok(before), Ok(after), Ok(after_anywhere)) => rules.push(Rule {
                        breaks: raw.breaks,
                        before,
                        after,
                        after_anywhere,
                    }),
                    (Err(reason), _, _) | (_, Err(reason), _) | (_, _, Err(reason)) => {
                        skipped.push(SkippedRule {
                            language_rule: name.to_owned(),
                            number: k + 1,
                            pattern: format!("{} / {}", raw.before, raw.after),
                            reason,
                        });
                    }
                }
            }
        }
        Some((SrxRules { rules }, skipped))
    }
}

impl SrxRules {
    /// The byte offsets in `paragraph` where a segment ends (not its end), in order.
    pub fn sentence_ends(&self, paragraph: &str) -> Vec<usize> {
        let mut decided: BTreeMap<usize, bool> = BTreeMap::new();
        for rule in &self.rules {
            for place in rule.places(paragraph) {
                decided.entry(place).or_insert(rule.breaks);
            }
        }
        decided
            .into_iter()
            .filter(|&(place, breaks)| breaks && place > 0 && place < paragraph.len())
            .map(|(place, _)| place)
            .collect()
    }
}

impl Rule {
    /// The places in `paragraph` where the rule matches: after each match of its
    /// `beforebreak` where its `afterbreak` matches, or (a rule without `beforebreak`)
    /// before each match of its `afterbreak`.
    fn places(&self, paragraph: &str) -> Vec<usize> {
        let after_matches = |place: usize| {
            self.after
                .as_ref()
                .is_none_or(|after| after.is_match(&paragraph[place..]).unwrap_or(false))
        };
        match &self.before {
            Some(before) => before
                .find_iter(paragraph)
                .filter_map(Result::ok)
                .map(|m| m.end())
                .filter(|&place| after_matches(place))
                .collect(),
            None => self
                .after_anywhere
                .iter()
                .flat_map(|after| after.find_iter(paragraph))
                .filter_map(Result::ok)
                .map(|m| m.start())
                .collect(),
        }
    }
}

/// A Java regular expression with the spellings Rust's engines do not know rewritten:
/// `\uHHHH`, the `java…` and POSIX property classes, `\p{IsLatin}` and `\p{InGreek}`.
fn java_to_rust(pattern: &str) -> String {
    const PROPERTIES: &[(&str, &str)] = &[
        ("javaLowerCase", "Ll"),
        ("javaUpperCase", "Lu"),
        ("javaLetter", "L"),
        ("javaDigit", "Nd"),
        ("javaWhitespace", "White_Space"),
        ("javaLetterOrDigit", "Alphabetic"),
        ("Lower", "Ll"),
        ("Upper", "Lu"),
        ("Alpha", "Alphabetic"),
        ("Digit", "Nd"),
        ("Alnum", "Alphabetic"),
        ("Punct", "P"),
        ("Space", "White_Space"),
    ];
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        let next = escape[1..].chars().next();
        match next {
            Some('u')
                if escape.len() >= 6 && escape[2..6].chars().all(|c| c.is_ascii_hexdigit()) =>
            {
                out.push_str(&format!("\\x{{{}}}", &escape[2..6]));
                rest = &escape[6..];
            }
            Some(p @ ('p' | 'P')) if escape[2..].starts_with('{') => {
                let close = escape.find('}').unwrap_or(escape.len() - 1);
                let name = &escape[3..close];
                let name = PROPERTIES
                    .iter()
                    .find(|(java, _)| *java == name)
                    .map(|(_, rust)| (*rust).to_owned())
                    .or_else(|| name.strip_prefix("Is").map(str::to_owned))
                    .or_else(|| name.strip_prefix("In").map(str::to_owned))
                    .unwrap_or_else(|| name.to_owned());
                out.push_str(&format!("\\{p}{{{name}}}"));
                rest = &escape[close + 1..];
            }
            Some(c) => {
                out.push('\\');
                out.push(c);
                rest = &escape[1 + c.len_utf8()..];
            }
            None => {
                out.push('\\');
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_LANGUAGES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="yes"/>
  <body>
    <languagerules>
      <languagerule languagerulename="English">
        <rule break="no"><beforebreak>(?&lt;=\s)(?:Mr|Dr|Prof)\.</beforebreak><afterbreak>\s</afterbreak></rule>
      </languagerule>
      <languagerule languagerulename="French">
        <rule break="no"><beforebreak>\bM\.</beforebreak><afterbreak>\s\p{Lu}</afterbreak></rule>
      </languagerule>
      <languagerule languagerulename="Default">
        <rule break="no"><beforebreak>\b\p{Lu}\.</beforebreak><afterbreak>\s\p{Lu}</afterbreak></rule>
        <rule break="yes"><beforebreak>[\.\?!\u2026]+[\u0022\u201D]?</beforebreak><afterbreak>\s+\P{Ll}</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern="EN.*" languagerulename="English"/>
      <languagemap languagepattern="FR.*" languagerulename="French"/>
      <languagemap languagepattern=".*" languagerulename="Default"/>
    </maprules>
  </body>
</srx>"#;

    fn split(srx: &Srx, lang: &str, text: &str) -> Vec<String> {
        let (rules, skipped) = srx.rules_for(lang).expect("rules for the language");
        assert!(skipped.is_empty(), "{skipped:?}");
        let mut from = 0;
        let mut out = Vec::new();
        for end in rules.sentence_ends(text).into_iter().chain([text.len()]) {
            out.push(text[from..end].trim().to_owned());
            from = end;
        }
        out
    }

    #[test]
    fn cascading_language_rules_with_look_behind() {
        let srx = parse_srx(TWO_LANGUAGES).unwrap();
        assert_eq!(srx.language_rules_for("en-GB"), ["English", "Default"]);
        assert_eq!(srx.language_rules_for("fr"), ["French", "Default"]);
        assert_eq!(srx.language_rules_for("ar"), ["Default"]);
        let text = "We saw Mr. Smith. He waved! Then J. Doe left… Nobody stayed.";
        assert_eq!(
            split(&srx, "en", text),
            [
                "We saw Mr. Smith.",
                "He waved!",
                "Then J. Doe left…",
                "Nobody stayed."
            ]
        );
        // Without the English rules, `Mr.` ends a segment.
        assert_eq!(split(&srx, "de", text)[0], "We saw Mr.");
        assert_eq!(
            split(&srx, "fr", "Voici M. Dupont. Il arrive."),
            ["Voici M. Dupont.", "Il arrive."]
        );
    }

    #[test]
    fn without_cascade_only_the_first_map_applies() {
        let srx = parse_srx(&TWO_LANGUAGES.replace("cascade=\"yes\"", "cascade=\"no\"")).unwrap();
        assert_eq!(srx.language_rules_for("en"), ["English"]);
        let (rules, _) = srx.rules_for("en").unwrap();
        assert!(rules.sentence_ends("One. Two.").is_empty());
    }

    #[test]
    fn rules_that_cannot_compile_are_reported() {
        let broken = TWO_LANGUAGES.replace(r"\bM\.", r"\QM.\E(");
        let srx = parse_srx(&broken).unwrap();
        let (_, skipped) = srx.rules_for("fr").unwrap();
        assert_eq!(skipped.len(), 1);
        assert_eq!(
            (skipped[0].language_rule.as_str(), skipped[0].number),
            ("French", 1)
        );
    }

    #[test]
    fn other_documents_are_errors() {
        assert!(parse_srx("<tmx/>").is_err());
        assert!(parse_srx("<srx><body><languagerules>").is_err());
    }

    #[test]
    fn java_spellings_are_rewritten() {
        assert_eq!(
            java_to_rust(r"\u00A0\p{javaLowerCase}\P{IsLatin}\."),
            r"\x{00A0}\p{Ll}\P{Latin}\."
        );
    }
}
