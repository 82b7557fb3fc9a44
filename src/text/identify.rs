//! Which language a text is written in: whatlang's trigram and alphabet model (a
//! well-kept crate covering 69 languages, fast enough to run on every document), over a
//! sample from the start of the text, trusted only when it is sure.

/// Characters of a text's start that are enough to tell its language (some 300 words; more
/// cost a batch of short documents 3% of its speed and tell nothing more).
const SAMPLE_CHARS: usize = 2_000;

/// A language told from a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identified {
    /// Its code, as qantara writes languages (`ar`, `en`; ISO 639-3 where ISO 639-1 has
    /// none).
    pub code: &'static str,
    /// Its name in English.
    pub name: &'static str,
}

/// The language `text` is written in, when the model is sure of it.
pub fn identify(text: &str) -> Option<Identified> {
    let end = text
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(text.len(), |(at, _)| at);
    let info = whatlang::detect(&text[..end]).filter(whatlang::Info::is_reliable)?;
    let lang = info.lang();
    Some(Identified {
        code: iso639_1(lang.code()).unwrap_or(lang.code()),
        name: lang.eng_name(),
    })
}

/// Whether a declared language code and one told from a text name the same language:
/// the same primary subtag (`pt-BR` is `pt`), or languages too close for the model to
/// tell apart (Norwegian and Danish; Serbian, Croatian and Bosnian; Malay and
/// Indonesian).
pub fn same_language(declared: &str, identified: &str) -> bool {
    const CLOSE: [&[&str]; 3] = [
        &["no", "nb", "nn", "da"],
        &["sr", "hr", "bs"],
        &["ms", "id"],
    ];
    let primary = super::primary_language(declared);
    primary == identified
        || CLOSE
            .iter()
            .any(|group| group.contains(&primary.as_str()) && group.contains(&identified))
}

/// Whether the model knows the language of code `declared` (by its primary subtag): a
/// text declared in a language it does not know cannot be checked.
pub fn knows(declared: &str) -> bool {
    let primary = super::primary_language(declared);
    whatlang::Lang::all()
        .iter()
        .any(|lang| iso639_1(lang.code()).unwrap_or(lang.code()) == primary)
}

/// The ISO 639-1 code of an ISO 639-3 code, for the languages that have one.
pub fn iso639_1(code: &str) -> Option<&'static str> {
    Some(match code {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bre" => "br",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" | "zho" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "gla" => "gd",
        "gle" => "ga",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "isl" => "is",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "kur" => "ku",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nno" => "nn",
        "nob" => "nb",
        "nor" => "no",
        "ori" => "or",
        "pan" => "pa",
        "pes" | "fas" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "swh" => "sw",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_languages_of_the_development_sets_are_told() {
        let texts = [
            (
                "ar",
                "قالت وزارة الخارجية التركية إن تركيا شددت على ضرورة خفض التوتر في محافظة إدلب، وإن المسؤولين ناقشوا الاحتياطات التي يمكن اتخاذها.",
            ),
            (
                "en",
                "Turkey stressed the need to de-escalate tensions in Idlib province, the ministry said, according to Reuters, and officials discussed the precautions.",
            ),
            (
                "de",
                "Die Türkei betonte die Notwendigkeit, die Spannungen in der Provinz Idlib abzubauen, sagte das Ministerium nach Angaben von Reuters.",
            ),
            (
                "fr",
                "La Turquie a souligné la nécessité de réduire les tensions dans la province d'Idlib, a déclaré le ministère, selon Reuters.",
            ),
            (
                "hu",
                "Törökország hangsúlyozta, hogy csökkenteni kell a feszültséget Idlib tartományban, mondta a minisztérium a Reuters szerint.",
            ),
        ];
        for (code, text) in texts {
            assert_eq!(identify(text).map(|i| i.code), Some(code), "{text}");
        }
        assert_eq!(identify("ok"), None);
    }

    #[test]
    fn close_languages_and_regional_codes_count_as_the_same() {
        assert!(same_language("pt-BR", "pt"));
        assert!(same_language("nb", "da"));
        assert!(same_language("HR", "sr"));
        assert!(!same_language("fr", "ar"));
        assert_eq!(iso639_1("pes"), Some("fa"));
        assert!(knows("ar") && knows("pt-BR") && knows("fa"));
        assert!(!knows("zz") && !knows("ckb"));
        assert_eq!(iso639_1("xxx"), None);
    }
}
