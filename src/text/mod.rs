//! Text handling shared by every stage: reading files into Unicode text, and the
//! character classes and normal forms used when sentences are measured or compared.

pub mod input;
pub mod normalize;
pub mod script;
pub mod stem;

/// The primary language of a language code, lower case: `pt` for `pt-BR`, `zh` for
/// `zh_Hant`, `ar` for `AR`.
pub fn primary_language(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or(code)
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    #[test]
    fn primary_language_drops_region_and_script() {
        assert_eq!(super::primary_language("pt-BR"), "pt");
        assert_eq!(super::primary_language("zh_Hant"), "zh");
        assert_eq!(super::primary_language("AR"), "ar");
    }
}
