//! Small pieces of XML reading that every reader of an XML format shares: references
//! resolved without expanding any declared entity, and attribute values.

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesRef, BytesStart};

/// The text of a character reference or of one of XML's five predefined entities; any
/// other entity is an error, so that nothing declared in a DOCTYPE is ever expanded (no
/// entity-expansion bomb).
pub fn resolve_reference(reference: &BytesRef) -> Result<String, String> {
    if let Some(c) = reference.resolve_char_ref().map_err(|e| e.to_string())? {
        return Ok(c.to_string());
    }
    let name = reference.xml_content(XmlVersion::Implicit1_0);
    resolve_predefined_entity(&name)
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "the entity &{name}; is not one of XML's predefined ones; qantara does not expand entities declared in a DOCTYPE"
            )
        })
}

/// The value of the attribute `name` (as written, with its prefix) of an element, if it
/// has it.
pub fn attribute(element: &BytesStart, name: &str) -> Result<Option<String>, String> {
    for attribute in element.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        if attribute.key.as_ref() == name {
            return attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .map(|v| Some(v.into_owned()))
                .map_err(|e| format!("attribute {name}: {e}"));
        }
    }
    Ok(None)
}
