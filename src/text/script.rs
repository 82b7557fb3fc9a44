//! Guessing a text's language from its writing system, for when the user gives none.

/// Writing systems that decide a default language code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Arabic,
    Latin,
    Cyrillic,
    Greek,
    Hebrew,
}

fn script_of(c: char) -> Option<Script> {
    if super::arabic::is_arabic_letter(c) {
        return Some(Script::Arabic);
    }
    match c {
        'A'..='Z' | 'a'..='z' | '\u{00C0}'..='\u{024F}' => Some(Script::Latin),
        '\u{0400}'..='\u{04FF}' => Some(Script::Cyrillic),
        '\u{0370}'..='\u{03FF}' => Some(Script::Greek),
        '\u{0590}'..='\u{05FF}' => Some(Script::Hebrew),
        _ => None,
    }
    .filter(|_| c.is_alphabetic())
}

/// Guesses a language code from the dominant script of `text` (letters counted over the
/// first 64 KiB): Arabic script gives `ar`, Cyrillic `ru`, Greek `el`, Hebrew `he`, and
/// Latin script or no letters at all give `en`.
pub fn guess_language(text: &str) -> &'static str {
    let mut counts = [0usize; 5];
    for c in text.chars().take(65_536) {
        if let Some(script) = script_of(c) {
            counts[script as usize] += 1;
        }
    }
    let scripts = [
        Script::Arabic,
        Script::Latin,
        Script::Cyrillic,
        Script::Greek,
        Script::Hebrew,
    ];
    let dominant = scripts
        .into_iter()
        .max_by_key(|script| counts[*script as usize])
        .filter(|script| counts[*script as usize] > 0);
    match dominant {
        Some(Script::Arabic) => "ar",
        Some(Script::Cyrillic) => "ru",
        Some(Script::Greek) => "el",
        Some(Script::Hebrew) => "he",
        Some(Script::Latin) | None => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::guess_language;

    #[test]
    fn arabic_text_with_latin_names_is_arabic() {
        assert_eq!(guess_language("قال ترامب (Trump) إن روسيا"), "ar");
    }

    #[test]
    fn latin_and_empty_text_default_to_english() {
        assert_eq!(guess_language("It was a bright cold day"), "en");
        assert_eq!(guess_language("123 ..."), "en");
    }

    #[test]
    fn cyrillic_is_russian() {
        assert_eq!(guess_language("Это был яркий холодный день"), "ru");
    }
}
