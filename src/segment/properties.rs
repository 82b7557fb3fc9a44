//! Properties of segmentation on arbitrary text: no panic, and the sentences and the
//! whitespace between them tile the input exactly, nothing lost or invented.

use crate::segment::{Layout, Rules, Sentence, split};
use crate::text::normalize::is_blank;
use proptest::prelude::*;

/// Checks that `sentences` tile `text`: each is the text at its offsets, trimmed and not
/// blank, in order, with only whitespace and invisible characters between and around
/// them, and paragraph numbers never go down.
fn assert_tiles(text: &str, sentences: &[Sentence]) {
    let mut covered = 0;
    let mut paragraph = 0;
    for sentence in sentences {
        assert!(sentence.start >= covered, "overlap at {}", sentence.start);
        assert!(
            is_blank(&text[covered..sentence.start]),
            "text lost before {}",
            sentence.start
        );
        assert_eq!(&text[sentence.start..sentence.end], sentence.text);
        assert!(!is_blank(&sentence.text));
        assert_eq!(sentence.text.trim(), sentence.text);
        assert!(sentence.paragraph >= paragraph);
        paragraph = sentence.paragraph;
        covered = sentence.end;
    }
    assert!(is_blank(&text[covered..]), "text lost at the end");
}

/// Text made of the characters segmentation cares about, in any order.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "B", "word", "Mr", "U.S", "e.g", "3", "٣", "٫", "قال", "د", "هـ", "ـ", ".", ".",
        "...", "…", "?", "!", "؟", "۔", "!?", "\"", "'", "”", "»", "«", "(", ")", "،", "؛", ":",
        " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\u{200F}", "\u{200E}", "\u{202B}",
        "\u{200D}", "\u{FEFF}", "- ", "1. ", "é", "e\u{301}",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tricky_text_tiles(text in tricky_text(), lang in prop::sample::select(vec!["en", "ar", "de", "xx"])) {
        assert_tiles(&text, &split(&text, Layout::Raw, &Rules::for_language(lang)));
        assert_tiles(&text, &split(&text, Layout::PreSegmented, &Rules::for_language(lang)));
    }

    #[test]
    fn arbitrary_unicode_tiles(text in any::<String>()) {
        assert_tiles(&text, &split(&text, Layout::Raw, &Rules::for_language("en")));
        assert_tiles(&text, &split(&text, Layout::Raw, &Rules::for_language("ar")));
        assert_tiles(&text, &split(&text, Layout::PreSegmented, &Rules::for_language("en")));
    }
}
