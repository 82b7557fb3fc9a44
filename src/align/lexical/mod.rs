//! Lexical evidence for beads: how much more likely the anchors a bead's two sides share
//! (and fail to share) are if the bead is a translation than if it pairs random
//! sentences of the document.
//!
//! For an anchor key `k` of class `c`, let `p_c` be the rate at which an anchor of that
//! class finds its counterpart in a true bead, and `f_s(k)`, `f_t(k)` the shares of
//! source and target sentences holding `k`. A random side of `n` sentences holds `k`
//! with chance `c(k, n) = 1 − (1 − f(k))^n`. In a bead of `|S|` source and `|T|` target
//! sentences, a matched pair of occurrences scores `ln p_c − ½[ln c_s(k, |S|) + ln
//! c_t(k, |T|)]`, and an occurrence without counterpart `min(0, ln(1 − p_c) − ln(1 −
//! f(k)))`, `f` the key's share on the other side. These are log-likelihood ratios, in
//! nats like the length cost, so no weight is needed to add them. A bead with an empty
//! side scores 0: a sentence the translator left out has no counterparts to find. Since the chance of a
//! match grows with the size of a side, merging sentences gains nothing from matches
//! that are there by chance. Misses are judged against one sentence whatever the size
//! of the bead: judged against the bead's size, a miss of a common key (a quotation mark)
//! would look less and less like chance the more sentences a bead took in, and beads
//! would grow to take them in. The rates `p_c` are measured on confident beads of an
//! earlier pass.

mod index;
mod keys;
mod odds;
mod scoring;

pub use index::{LexicalIndex, MatchCount};
pub use keys::Anchors;
pub use scoring::LexicalModel;

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::index::longest_increasing_chain;
    use super::*;
    use crate::align::anchors::{AnchorClass, CLASS_COUNT};

    #[test]
    fn the_longest_chain_rises_on_both_sides_and_takes_one_pair_a_sentence() {
        let pairs = [
            (0, 5),
            (1, 1),
            (1, 2),
            (2, 3),
            (3, 0),
            (4, 4),
            (5, 4),
            (6, 9),
        ];
        let chain = longest_increasing_chain(&pairs);
        assert_eq!(chain, [(1, 1), (2, 3), (4, 4), (6, 9)]);
        assert!(longest_increasing_chain(&[]).is_empty());
    }
    use crate::lexicon::dictionary::{Dictionary, DictionaryFormat};

    fn index(source: &[&str], target: &[&str]) -> LexicalIndex {
        Anchors::extract(source, target, "xx", "yy").index(None)
    }

    fn score(source: &[&str], target: &[&str], s: Range<usize>, t: Range<usize>) -> f64 {
        index(source, target).model(&[0.9; CLASS_COUNT]).score(s, t)
    }

    #[test]
    fn a_shared_number_makes_a_bead_likely_and_a_missing_one_unlikely() {
        let source = [
            "Es kostete 1955 Franken.",
            "Dann ging er.",
            "Ein Tag verging.",
        ];
        let target = [
            "Cela coûta 1955 francs.",
            "Puis il partit.",
            "Un jour passa.",
        ];
        assert!(score(&source, &target, 0..1, 0..1) > 0.5);
        assert!(score(&source, &target, 0..1, 1..2) < -0.5);
        assert_eq!(score(&source, &target, 1..2, 2..3), 0.0);
    }

    #[test]
    fn transliterated_names_are_anchors() {
        let source = ["قال ترامب إن الوضع صعب.", "وغادر الوفد المدينة.", "ثم عاد."];
        let target = [
            "Trump said the situation was hard.",
            "The delegation left the city.",
            "Then it returned.",
        ];
        assert!(score(&source, &target, 0..1, 0..1) > 0.5);
        assert!(score(&source, &target, 1..2, 0..1) < 0.0);
    }

    #[test]
    fn merging_true_beads_gains_nothing_from_their_anchors() {
        let source = [
            "In 1955 it rose.",
            "In 1960 it fell.",
            "Then in 1961 it fell.",
        ];
        let target = [
            "En 1955 il monta.",
            "En 1960 il baissa.",
            "Puis en 1961 il baissa.",
        ];
        let separate = score(&source, &target, 0..1, 0..1) + score(&source, &target, 1..2, 1..2);
        let merged = score(&source, &target, 0..2, 0..2);
        assert!(separate > 0.0);
        assert!(merged < separate, "merged {merged} separate {separate}");
    }

    #[test]
    fn match_rates_count_found_counterparts() {
        let source = ["In 1955 it rose.", "In 1960 it fell."];
        let target = ["En 1955 il monta.", "Il baissa en 1961."];
        let index = index(&source, &target);
        let beads = [(0..1, 0..1), (1..2, 1..2)];
        let rates = index.match_rates(beads.iter().map(|(s, t)| (s, t)));
        // Numbers: 1955 is shared by both sides and matched; 1960 and 1961 are on one
        // side only and are not anchors at all.
        assert!((rates[AnchorClass::Number.index()] - 3.0 / 4.0).abs() < 1e-9);
    }

    #[test]
    fn a_dictionary_entry_meets_inflected_forms_through_their_stems() {
        let source = ["Das Haus brannte.", "Der Baum fiel."];
        let target = ["The houses burned.", "The tree fell."];
        let anchors = Anchors::extract(&source, &target, "de", "en");
        let dictionary = Dictionary::parse("Häuser\thouse\n", DictionaryFormat::Tsv).unwrap();
        let lexicon = anchors.learn_lexicon(&[], &dictionary.stems("de", "en"));
        assert_eq!(lexicon.len(), 1);
        let rates = [0.9; CLASS_COUNT];
        let without = anchors.index(None);
        let with = anchors.index(Some(&lexicon));
        assert_eq!(without.model(&rates).score(0..1, 0..1), 0.0);
        assert!(with.model(&rates).score(0..1, 0..1) > 0.5);
        assert!(with.model(&rates).score(0..1, 1..2) < 0.0);
    }
}
