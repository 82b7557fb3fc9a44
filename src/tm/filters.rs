//! The filters corpus builders apply to every parallel corpus before training (as Bifixer
//! and OpusFilter do): duplicates, untranslated pairs, lengths out of proportion, and
//! sentences too short or too long. Each unit is kept or dropped for one reason, and
//! the drops are counted by reason.

use std::collections::HashSet;

use sha2::{Digest, Sha256};

use super::TranslationUnit;
use super::words::{indexed_form, tokens};
use crate::text::identify::{identify, knows, same_language};

/// Which filters to apply.
#[derive(Debug, Clone, Copy, Default)]
pub struct FilterSettings {
    /// Keep each pair of identical source and target texts once.
    pub dedup: bool,
    /// Drop pairs whose two sides are the same text (not translated).
    pub drop_identical: bool,
    /// Drop pairs whose longer side has more than this many times the characters of
    /// the shorter.
    pub max_length_ratio: Option<f64>,
    /// Drop pairs with a side of fewer words.
    pub min_words: Option<usize>,
    /// Drop pairs with a side of more words.
    pub max_words: Option<usize>,
    /// Drop pairs with a side written, surely, in another language than its document's.
    pub check_language: bool,
}

/// Why a unit was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drop {
    /// A pair seen before.
    Duplicate,
    /// The same text on both sides.
    Identical,
    /// Lengths out of proportion.
    LengthRatio,
    /// A side with too few words.
    TooShort,
    /// A side with too many words.
    TooLong,
    /// A side written, surely, in another language than its document's.
    WrongLanguage,
}

/// The filters, with what they have seen and dropped so far.
#[derive(Debug, Default)]
pub struct CorpusFilter {
    settings: FilterSettings,
    /// 128 bits of a hash of each pair kept, in normal form: a million pairs in 16 MB.
    seen: HashSet<[u8; 16]>,
    /// Drops by reason, in the order of [`Drop`].
    dropped: [usize; 6],
}

impl CorpusFilter {
    /// The filters `settings` asks for.
    pub fn new(settings: FilterSettings) -> CorpusFilter {
        CorpusFilter {
            settings,
            ..CorpusFilter::default()
        }
    }

    /// Whether to keep `unit`; a dropped unit is counted.
    pub fn keep(&mut self, unit: &TranslationUnit) -> bool {
        match self.reason_to_drop(unit) {
            Some(reason) => {
                self.dropped[reason as usize] += 1;
                false
            }
            None => true,
        }
    }

    fn reason_to_drop(&mut self, unit: &TranslationUnit) -> Option<Drop> {
        let settings = self.settings;
        // Each text's search form and word count are found only for the filters that
        // use them: an export with no filter does no work here.
        let forms = (settings.drop_identical || settings.dedup)
            .then(|| (indexed_form(&unit.source), indexed_form(&unit.target)));
        if let Some((source, target)) = &forms
            && settings.drop_identical
            && !source.is_empty()
            && source == target
        {
            return Some(Drop::Identical);
        }
        if settings.min_words.is_some() || settings.max_words.is_some() {
            let words = |text: &str| tokens(text).iter().filter(|t| t.is_word).count();
            let (source_words, target_words) = (words(&unit.source), words(&unit.target));
            if settings
                .min_words
                .is_some_and(|least| source_words.min(target_words) < least)
            {
                return Some(Drop::TooShort);
            }
            if settings
                .max_words
                .is_some_and(|most| source_words.max(target_words) > most)
            {
                return Some(Drop::TooLong);
            }
        }
        if let Some(most) = settings.max_length_ratio {
            let length = |text: &str| text.chars().count().max(1) as f64;
            let (a, b) = (length(&unit.source), length(&unit.target));
            if a.max(b) / a.min(b) > most {
                return Some(Drop::LengthRatio);
            }
        }
        if settings.check_language
            && [
                (&unit.source, unit.source_lang),
                (&unit.target, unit.target_lang),
            ]
            .iter()
            .any(|(text, lang)| written_in_another_language(text, lang))
        {
            return Some(Drop::WrongLanguage);
        }
        if let (true, Some((source, target))) = (settings.dedup, &forms) {
            let digest = Sha256::new()
                .chain_update(source)
                .chain_update([0])
                .chain_update(target)
                .finalize();
            if !self.seen.insert(digest[..16].try_into().expect("16 bytes")) {
                return Some(Drop::Duplicate);
            }
        }
        None
    }

    /// The units dropped so far, by reason, for the reasons that dropped any.
    pub fn dropped(&self) -> Vec<(Drop, usize)> {
        [
            Drop::Duplicate,
            Drop::Identical,
            Drop::LengthRatio,
            Drop::TooShort,
            Drop::TooLong,
            Drop::WrongLanguage,
        ]
        .into_iter()
        .map(|reason| (reason, self.dropped[reason as usize]))
        .filter(|(_, count)| *count > 0)
        .collect()
    }
}

/// Whether `text` is surely written in another language than `lang` (one the language
/// model knows): a short segment it cannot tell is kept.
fn written_in_another_language(text: &str, lang: &str) -> bool {
    knows(lang) && identify(text).is_some_and(|found| !same_language(lang, found.code))
}

impl Drop {
    /// What the reason is called in messages.
    pub fn name(self) -> &'static str {
        match self {
            Drop::Duplicate => "duplicates (--dedup)",
            Drop::Identical => "identical sides (--drop-identical)",
            Drop::LengthRatio => "lengths out of proportion (--max-length-ratio)",
            Drop::TooShort => "too few words (--min-words)",
            Drop::TooLong => "too many words (--max-words)",
            Drop::WrongLanguage => "a side in another language (--check-language)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(source: &str, target: &str) -> TranslationUnit<'static> {
        TranslationUnit {
            alignment_id: None,
            bead: 0,
            source: source.to_owned(),
            target: target.to_owned(),
            confidence: 1.0,
            kind: "1-1".into(),
            source_lang: "en",
            target_lang: "fr",
            source_document: "a",
            target_document: "b",
            source_sentences: 0..1,
            target_sentences: 0..1,
        }
    }

    #[test]
    fn each_filter_drops_what_it_names_and_counts_it() {
        let mut filter = CorpusFilter::new(FilterSettings {
            dedup: true,
            drop_identical: true,
            max_length_ratio: Some(3.0),
            min_words: Some(2),
            max_words: Some(10),
            check_language: true,
        });
        let kept: Vec<bool> = [
            unit("The cat sat.", "Le chat était assis."),
            unit("The  cat sat.", "Le chat était  assis."), // the same, in normal form
            unit("Paris, France.", "paris, france."),       // not translated
            unit("Yes.", "Oui."),                           // one word
            unit(
                "One two three four five six seven eight nine ten eleven.",
                "Un deux.",
            ),
            unit("A long sentence of many words here.", "Oui oui."), // 35 chars to 8
            // A French sentence on the English side.
            unit(
                "Les responsables ont discuté des précautions qui pourraient être prises.",
                "Les responsables ont discuté des précautions.",
            ),
        ]
        .iter()
        .map(|u| filter.keep(u))
        .collect();
        assert_eq!(kept, [true, false, false, false, false, false, false]);
        assert_eq!(
            filter.dropped(),
            [
                (Drop::Duplicate, 1),
                (Drop::Identical, 1),
                (Drop::LengthRatio, 1),
                (Drop::TooShort, 1),
                (Drop::TooLong, 1),
                (Drop::WrongLanguage, 1)
            ]
        );
    }
}
