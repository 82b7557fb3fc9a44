//! Properties of the formats and the store on arbitrary data: an alignment scored against
//! itself is perfect, TMX written and read back gives the same pairs, and an alignment
//! stored and read back is unchanged.

use proptest::prelude::*;
use qantara::align::shapes::ShapeTable;
use qantara::align::{AlignConfig, Bead, align};
use qantara::eval::BeadIndices;
use qantara::eval::count;
use qantara::formats::tmx_read::read_tmx;
use qantara::formats::{Format, Header, write_units};
use qantara::segment::Sentence;
use qantara::store::{NewAlignment, NewDocument, Store};
use qantara::tm::{Side, translation_units};

/// Sentence text with the characters that XML, TSV and bidirectional text make hard.
fn awkward_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "word", "قال", "إدلب", "<", ">", "&", "&amp;", "\"", "'", "]]>", "\u{200F}", "\u{202B}",
        "é", "٣", " ", "\t", "-", "?", "\u{1}", "\u{FFFE}", "😀",
    ]);
    prop::collection::vec(pieces, 1..12).prop_map(|p| p.concat())
}

/// Sentences of awkward text, as a document holds them.
fn sentences(texts: &[String]) -> Vec<Sentence> {
    let mut start = 0;
    texts
        .iter()
        .enumerate()
        .map(|(k, text)| {
            let sentence = Sentence {
                text: text.clone(),
                start,
                end: start + text.len(),
                paragraph: k / 3,
            };
            start = sentence.end + 1;
            sentence
        })
        .collect()
}

/// What XML can carry of a text: its characters less those XML 1.0 forbids, trimmed, on
/// one line, as a TMX segment holds it.
fn xml_carried(text: &str) -> String {
    let carried = text
        .chars()
        .filter(|&c| !((c < ' ' && c != '\t') || c == '\u{FFFE}' || c == '\u{FFFF}'))
        .collect::<String>();
    // A segment that shows nothing is read as empty.
    if qantara::text::normalize::is_blank(&carried) {
        String::new()
    } else {
        carried.trim().to_owned()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn an_alignment_scored_against_itself_is_perfect(
        source in prop::collection::vec(1usize..200, 0..40),
        target in prop::collection::vec(1usize..200, 0..40),
    ) {
        let text = |lengths: &[usize]| -> Vec<String> { lengths.iter().map(|&n| "x".repeat(n)).collect() };
        let alignment = align(&text(&source), &text(&target), &AlignConfig::default());
        let beads: Vec<BeadIndices> = alignment
            .beads
            .iter()
            .map(|b| BeadIndices { source: b.source.clone().collect(), target: b.target.clone().collect() })
            .collect();
        let scores = count(&beads, &beads).scores();
        prop_assert!(beads.is_empty() || (scores.strict.f1 - 1.0).abs() < 1e-12);
        prop_assert!(beads.is_empty() || (scores.lax.f1 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn tmx_written_then_read_gives_the_same_pairs(
        pairs in prop::collection::vec((awkward_text(), awkward_text()), 1..12),
    ) {
        let (source_texts, target_texts): (Vec<String>, Vec<String>) = pairs.iter().cloned().unzip();
        let (source, target) = (sentences(&source_texts), sentences(&target_texts));
        let beads: Vec<Bead> = (0..pairs.len())
            .map(|k| Bead { source: k..k + 1, target: k..k + 1, confidence: 0.5 })
            .collect();
        let side = |sentences, lang| Side { sentences, lang, path: "a&b<c>.txt" };
        let units = translation_units(None, side(&source, "ar"), side(&target, "en"), &beads);
        let mut tmx = Vec::new();
        write_units(&mut tmx, Format::Tmx, &units, &Header { source_lang: "ar".into(), created_unix: 0, review_below: 0.0 }).unwrap();
        let document = read_tmx(&String::from_utf8(tmx).unwrap(), false).unwrap();
        let read: Vec<(String, String)> = document
            .units
            .iter()
            .map(|u| (u.variants[0].1.clone(), u.variants[1].1.clone()))
            .collect();
        let expected: Vec<(String, String)> = pairs
            .iter()
            .map(|(s, t)| (xml_carried(s), xml_carried(t)))
            .collect();
        prop_assert_eq!(read, expected);
        prop_assert!(document.units.iter().all(|u| u.confidence == Some(0.5)));
    }

    #[test]
    fn an_alignment_stored_and_read_back_is_unchanged(
        source_texts in prop::collection::vec(awkward_text(), 1..15),
        target_texts in prop::collection::vec(awkward_text(), 1..15),
    ) {
        let (source, target) = (sentences(&source_texts), sentences(&target_texts));
        let config = AlignConfig { shapes: ShapeTable::up_to(4), ..AlignConfig::default() };
        let alignment = align(&source, &target, &config);
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("q.db")).unwrap();
        let lengths = |s: &[Sentence]| -> Vec<usize> { s.iter().map(|s| s.text.len()).collect() };
        let (source_lengths, target_lengths) = (lengths(&source), lengths(&target));
        let document = |path, lang, hash, sentences, char_lengths| NewDocument {
            path,
            lang,
            content_hash: hash,
            segmentation: "lines",
            format: "text",
            sentences,
            char_lengths,
        };
        let id = store
            .save_alignment(&NewAlignment {
                source: document("s", "ar", "h1", &source, &source_lengths),
                target: document("t", "en", "h2", &target, &target_lengths),
                method: "qantara",
                parameters: "{}",
                settings_hash: "x",
                alignment: &alignment,
            })
            .unwrap();
        let stored = store.alignment(id).unwrap().unwrap();
        prop_assert_eq!(store.beads(id).unwrap(), alignment.beads);
        prop_assert_eq!(store.sentences(stored.source_document).unwrap(), source);
        prop_assert_eq!(store.sentences(stored.target_document).unwrap(), target);
    }
}
