//! The options `align` and `batch` share, as the pipeline's settings.

use super::LanguageOptions;
use crate::cli::AlignOptions;
use qantara::lexicon::dictionary::DictionaryFormat;
use qantara::pipeline::{PairSettings, SideSettings};
use qantara::segment::Layout;

/// The options that set the languages of a pair's texts.
pub const PAIR_LANGUAGES: LanguageOptions = LanguageOptions {
    source: "--src-lang",
    target: "--tgt-lang",
};

/// How `options` say document pairs are read and aligned.
pub fn pair_settings(options: &AlignOptions) -> PairSettings {
    PairSettings {
        source: SideSettings {
            lang: options.src_lang.clone(),
            abbreviations: options.src_abbreviations.clone(),
        },
        target: SideSettings {
            lang: options.tgt_lang.clone(),
            abbreviations: options.tgt_abbreviations.clone(),
        },
        layout: if options.pre_segmented {
            Layout::PreSegmented
        } else {
            Layout::Raw
        },
        encoding: options.encoding,
        max_bead: options.max_bead,
        length_only: options.length_only,
        dictionaries: options
            .dictionaries
            .iter()
            .map(|path| (path.clone(), DictionaryFormat::of(path)))
            .collect(),
    }
}
