//! What qantara knows about Arabic script, in one place: which characters are Arabic
//! letters, and the proclitics that stand before a word.

/// Whether `c` is an Arabic-script letter: the Arabic block, its supplement and extended
/// block, and the presentation forms (which older texts and PDF extractions use).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
        && c.is_alphabetic()
}

/// Whether `word` holds an Arabic-script letter.
pub fn is_arabic_script(word: &str) -> bool {
    word.chars().any(is_arabic_letter)
}

/// The proclitics (conjunctions, prepositions, the article and their combinations) that
/// may stand before an Arabic word, longest first, so that the first that fits is the
/// one to strip.
pub const PROCLITICS: &[&str] = &[
    "وبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presentation_forms_are_arabic_and_punctuation_is_not() {
        assert!(is_arabic_script("إدلب"));
        assert!(is_arabic_script("\u{FEDF}\u{FE8E}")); // presentation forms of لا
        assert!(!is_arabic_script("Idlib"));
        assert!(!is_arabic_script("،؟")); // Arabic comma and question mark
    }

    #[test]
    fn proclitics_come_longest_first() {
        for (k, longer) in PROCLITICS.iter().enumerate() {
            for shorter in &PROCLITICS[k + 1..] {
                assert!(!shorter.starts_with(longer), "{shorter} after {longer}");
            }
        }
    }
}
