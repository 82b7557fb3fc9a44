//! Text handling shared by every stage: reading files into Unicode text, and the
//! character classes and normal forms used when sentences are measured or compared.

pub(crate) mod arabic;
pub mod identify;
pub mod input;
pub mod normalize;
pub mod script;
pub(crate) mod stem;
pub(crate) mod tokens;
pub mod xml;

/// The primary language of a language code, lower case: `pt` for `pt-BR`, `zh` for
/// `zh_Hant`, `ar` for `AR`.
pub fn primary_language(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or(code)
        .to_ascii_lowercase()
}

/// `code` if it is a language code, such as `ar`, `en`, `fa`, `pt-BR`, `zh_Hant`: a
/// primary language of two or three letters, then subtags of one to eight letters and
/// digits (BCP 47's shape). Every code that enters qantara (options, manifests, the
/// `xml:lang` of imported files) passes here, so a stored code is safe in a file name,
/// a TSV column or XML.
pub fn language_code(code: &str) -> Result<String, String> {
    let mut parts = code.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(code.to_owned())
    } else {
        Err(format!(
            "{code:?} is not a language code (expected e.g. ar, en, pt-BR)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::language_code;

    #[test]
    fn language_codes() {
        for good in ["ar", "pt-BR", "zh_Hant", "de-CH-1996", "qaa-x-local"] {
            assert_eq!(language_code(good).as_deref(), Ok(good));
        }
        for bad in [
            "arabic",
            "",
            "e1",
            "/../../tmp/x",
            "en\tfr",
            "en\n",
            "en-",
            "en--US",
            "-en",
        ] {
            assert!(language_code(bad).is_err(), "{bad:?}");
        }
    }
    #[test]
    fn primary_language_drops_region_and_script() {
        assert_eq!(super::primary_language("pt-BR"), "pt");
        assert_eq!(super::primary_language("zh_Hant"), "zh");
        assert_eq!(super::primary_language("AR"), "ar");
    }
}
