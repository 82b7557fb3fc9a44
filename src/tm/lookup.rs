//! Fuzzy-match percentages as translators know them from CAT tools, computed on words:
//! `100 × (1 − edit distance / length)`, the distance counted in words between the
//! sentence looked up and a stored one, the length the longer of the two in words.
//!
//! Words are compared by their search form, so that case, accents, Arabic diacritics and
//! spelling variants cost nothing; inserting, deleting or replacing a word costs 1, and
//! a punctuation mark [`PUNCTUATION_COST`], a quarter of a word. Whitespace costs
//! nothing. Only an identical segment scores 100: any other difference caps the score
//! at 99.

use super::words::{Token, tokens};

/// What adding, removing or changing one punctuation mark costs, in words.
pub const PUNCTUATION_COST: f64 = 0.25;

/// The most words a sentence looked up may have: lookup is for one segment, and its work
/// grows with the sentence's length times each candidate's.
pub const MAX_SENTENCE_WORDS: usize = 1_000;

/// A sentence to look up, as the words the index is queried for.
#[derive(Debug, Clone, PartialEq)]
pub struct LookupQuery {
    /// The sentence as given.
    pub sentence: String,
    /// Its words in search form, sorted, without repeats.
    pub words: Vec<String>,
}

/// A sentence that cannot be looked up.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueryError {
    /// It holds no word.
    #[error("nothing to look up: the sentence holds no word")]
    NoWord,
    /// It is longer than one segment.
    #[error(
        "the sentence has {0} words: lookup takes one segment of at most {MAX_SENTENCE_WORDS} (search finds words in longer texts)"
    )]
    TooLong(usize),
}

impl LookupQuery {
    /// The query for `sentence`: one segment of at least one word and at most
    /// [`MAX_SENTENCE_WORDS`].
    pub fn new(sentence: &str) -> Result<LookupQuery, QueryError> {
        let mut words: Vec<String> = tokens(sentence)
            .into_iter()
            .filter(|t| t.is_word)
            .map(|t| t.form)
            .collect();
        let length = words.len();
        if length > MAX_SENTENCE_WORDS {
            return Err(QueryError::TooLong(length));
        }
        words.sort_unstable();
        words.dedup();
        if words.is_empty() {
            return Err(QueryError::NoWord);
        }
        Ok(LookupQuery {
            sentence: sentence.to_owned(),
            words,
        })
    }
}

/// The match percentage (0 to 100, rounded down) of `candidate` for `sentence`, if it is
/// at least `min`. The
/// lengths alone bound it (the distance is at least the difference in words), so a
/// candidate much longer or shorter than the sentence is ruled out, or scored 0, without
/// computing any distance.
pub fn match_percent_from(sentence: &str, candidate: &str, min: u32) -> Option<u32> {
    if sentence == candidate {
        return Some(100);
    }
    let (a, b) = (tokens(sentence), tokens(candidate));
    let words = |t: &[Token]| t.iter().filter(|t| t.is_word).count();
    let (a_words, b_words) = (words(&a), words(&b));
    let length = a_words.max(b_words).max(1) as f64;
    #[allow(clippy::cast_sign_loss, reason = "the score is clamped at 0 first")]
    let percent = |distance: f64| {
        let score = 100.0 * (1.0 - distance / length);
        (score.floor().max(0.0) as u32).min(99)
    };
    let best = percent(a_words.abs_diff(b_words) as f64);
    if best < min {
        return None;
    }
    if best == 0 {
        return Some(0);
    }
    Some(percent(distance(&a, &b))).filter(|&p| p >= min)
}

/// The cost of adding or removing a token.
fn indel(token: &Token) -> f64 {
    if token.is_word { 1.0 } else { PUNCTUATION_COST }
}

/// The cost of turning token `a` into token `b`.
fn change(a: &Token, b: &Token) -> f64 {
    if a.form == b.form {
        0.0
    } else if a.is_word == b.is_word {
        indel(a)
    } else {
        indel(a) + indel(b)
    }
}

/// The weighted edit distance between two token lists (Wagner–Fischer, two rows).
fn distance(a: &[Token], b: &[Token]) -> f64 {
    let mut previous: Vec<f64> = std::iter::once(0.0)
        .chain(b.iter().scan(0.0, |total, t| {
            *total += indel(t);
            Some(*total)
        }))
        .collect();
    let mut current = vec![0.0; b.len() + 1];
    for x in a {
        current[0] = previous[0] + indel(x);
        for (j, y) in b.iter().enumerate() {
            current[j + 1] = (previous[j] + change(x, y))
                .min(previous[j + 1] + indel(x))
                .min(current[j] + indel(y));
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "The cat sat on the mat.";

    fn match_percent(sentence: &str, candidate: &str) -> u32 {
        match_percent_from(sentence, candidate, 0).expect("every percentage is at least 0")
    }

    #[test]
    fn lengths_alone_rule_out_or_zero_a_far_longer_candidate() {
        let huge = "the cat sat on the mat ".repeat(1_000);
        assert_eq!(match_percent_from(SENTENCE, &huge, 75), None);
        assert_eq!(match_percent_from(SENTENCE, &huge, 0), Some(0));
        assert_eq!(
            match_percent_from(SENTENCE, "The cat sat on a mat.", 90),
            None
        );
        assert_eq!(
            match_percent_from(SENTENCE, "The cat sat on a mat.", 80),
            Some(83)
        );
    }

    #[test]
    fn percentages_computed_by_hand() {
        assert_eq!(match_percent(SENTENCE, SENTENCE), 100);
        // Case only: no cost, but not identical.
        assert_eq!(match_percent(SENTENCE, "the cat sat on the mat."), 99);
        // One punctuation mark less: 1 − 0.25/6 = 95.8 %.
        assert_eq!(match_percent(SENTENCE, "The cat sat on the mat"), 95);
        // One word replaced: 1 − 1/6 = 83.3 %.
        assert_eq!(match_percent(SENTENCE, "The dog sat on the mat."), 83);
        // One word added, the longer has 7: 1 − 1/7 = 85.7 %.
        assert_eq!(match_percent(SENTENCE, "The cat sat on the red mat."), 85);
        // Extra whitespace costs nothing but is not identical.
        assert_eq!(match_percent(SENTENCE, "The cat  sat on the mat."), 99);
        assert_eq!(
            match_percent(SENTENCE, "Completely different words here now"),
            0
        );
    }

    #[test]
    fn arabic_diacritics_and_spellings_cost_nothing() {
        assert_eq!(
            match_percent("قال الرئيس في إدلب", "قَالَ الرَّئِيسُ في ادلب"),
            99
        );
        // Two words of four replaced: 50 %.
        assert_eq!(match_percent("قال الرئيس في إدلب", "قال الوزير في حلب"), 50);
    }
}
