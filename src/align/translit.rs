//! Consonant skeletons for matching names across scripts: ترامب and Trump both become
//! `trmb`, إدلب and Idlib `dlb`, بيسكوف and Peskov `bskf`.
//!
//! Both sides are reduced to the same small alphabet: vowels, `w`, `y` and the Arabic
//! letters that often stand for vowels or glottal stops are dropped, a final `h` is
//! dropped, letters that one script does not tell apart are merged (`p`/`b`, `v`/`f`,
//! `c`/`q`/`k`, emphatic and plain Arabic consonants), and doubled letters collapse.

use unicode_normalization::UnicodeNormalization;

use crate::text::arabic::PROCLITICS;
use crate::text::normalize::is_combining_mark;

/// The skeleton of an Arabic-script letter, or `None` for letters dropped from it.
fn arabic_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ب' | 'پ' => "b",
        'ت' | 'ط' | 'ث' => "t",
        'ج' | 'چ' => "j",
        'ح' | 'ه' | 'ھ' | 'خ' => "h",
        'د' | 'ض' | 'ذ' => "d",
        'ر' => "r",
        'ز' | 'ظ' | 'ژ' => "z",
        'س' | 'ص' | 'ش' => "s",
        'غ' | 'گ' => "g",
        'ف' | 'ڤ' => "f",
        'ق' | 'ك' | 'ک' => "k",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        _ => return None, // alef forms, hamza, ʿayn, waw, yaa, taa marbuta, diacritics
    })
}

/// The skeleton of a Latin letter (lower case, no accent), or `None` for letters dropped.
fn latin_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'b' | 'p' => "b",
        't' => "t",
        'j' => "j",
        'h' => "h",
        'd' => "d",
        'r' => "r",
        'z' => "z",
        's' => "s",
        'g' => "g",
        'f' | 'v' => "f",
        'k' | 'c' | 'q' => "k",
        'x' => "ks",
        'l' => "l",
        'm' => "m",
        'n' => "n",
        _ => return None, // vowels, w, y
    })
}

/// Digraphs that spell one consonant in English transliterations of Arabic names.
const LATIN_DIGRAPHS: &[(&str, &str)] = &[
    ("sh", "s"),
    ("ch", "s"),
    ("th", "t"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("dh", "d"),
];

/// Builds a skeleton from letter codes: doubled letters collapse, a final `h` goes.
fn finish(letters: String) -> String {
    let mut skeleton = String::with_capacity(letters.len());
    for c in letters.chars() {
        if !skeleton.ends_with(c) {
            skeleton.push(c);
        }
    }
    if skeleton.len() > 1 && skeleton.ends_with('h') {
        skeleton.pop();
    }
    skeleton
}

/// The skeleton of a Latin-script word.
pub fn latin_skeleton(word: &str) -> String {
    let mut folded: String = word
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .flat_map(char::to_lowercase)
        .collect();
    for (digraph, single) in LATIN_DIGRAPHS {
        folded = folded.replace(digraph, single);
    }
    finish(folded.chars().filter_map(latin_letter).collect())
}

/// The skeletons of an Arabic-script word: as written, and with each proclitic that it
/// starts with stripped (بإدلب gives `bdlb` and `dlb`).
pub fn arabic_skeletons(word: &str) -> Vec<String> {
    let mut readings = vec![word];
    // Each proclitic the word starts with, stripped, gives another reading of it.
    for prefix in PROCLITICS {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.chars().count() >= 2
        {
            readings.push(rest);
        }
    }
    let mut skeletons: Vec<String> = readings
        .into_iter()
        .map(|reading| finish(reading.chars().filter_map(arabic_letter).collect()))
        .collect();
    skeletons.sort();
    skeletons.dedup();
    skeletons
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_meet_across_scripts() {
        for (arabic, latin) in [
            ("ترامب", "Trump"),
            ("إدلب", "Idlib"),
            ("بيسكوف", "Peskov"),
            ("روسيا", "Russia"),
            ("أردوغان", "Erdogan"),
            ("الحسكة", "Hasakah"),
            ("عفرين", "Afrin"),
            ("كباشين", "Kabashin"),
            ("موسكو", "Moscow"),
            ("دميتري", "Dmitry"),
        ] {
            let latin = latin_skeleton(latin);
            assert!(
                arabic_skeletons(arabic).contains(&latin),
                "{arabic} {:?} vs {latin}",
                arabic_skeletons(arabic)
            );
        }
    }

    #[test]
    fn proclitics_are_stripped() {
        assert!(arabic_skeletons("بإدلب").contains(&"dlb".to_owned()));
        assert!(arabic_skeletons("وروسيا").contains(&"rs".to_owned()));
    }

    #[test]
    fn different_names_differ() {
        assert_ne!(latin_skeleton("Aleppo"), arabic_skeletons("حلب")[0]);
        assert_ne!(latin_skeleton("Moscow"), latin_skeleton("Damascus"));
    }
}
