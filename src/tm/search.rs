//! Concordance search: the words and phrases a translator types, as an FTS5 query over
//! the search forms of the index, and the places in a unit's text they match.

use std::collections::HashSet;
use std::ops::Range;

use super::words::tokens;

/// A concordance query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The FTS5 expression: every term must match; a term of several words is a phrase.
    pub expression: String,
    /// The search forms of all the query's words, for highlighting.
    pub words: HashSet<String>,
}

/// The query for `terms` (each a word, or a phrase the user quoted), or `None` when they
/// hold no word.
pub fn query(terms: &[String]) -> Option<Query> {
    let mut parts = Vec::new();
    let mut words = HashSet::new();
    for term in terms {
        let forms: Vec<String> = tokens(term)
            .into_iter()
            .filter(|t| t.is_word)
            .map(|t| t.form)
            .collect();
        if forms.is_empty() {
            continue;
        }
        // Search forms hold letters and digits only, so quoting them is always safe.
        parts.push(format!("\"{}\"", forms.join(" ")));
        words.extend(forms);
    }
    (!parts.is_empty()).then(|| Query {
        expression: parts.join(" "),
        words,
    })
}

/// The spans of the words of `text` whose search form is one of `words`.
pub fn matches(text: &str, words: &HashSet<String>) -> Vec<Range<usize>> {
    tokens(text)
        .into_iter()
        .filter(|t| t.is_word && words.contains(&t.form))
        .map(|t| t.span)
        .collect()
}

/// `text` with each of `spans` put between `open` and `close`.
pub fn highlighted(text: &str, spans: &[Range<usize>], (open, close): (&str, &str)) -> String {
    let mut out = String::with_capacity(text.len() + spans.len() * (open.len() + close.len()));
    let mut done = 0;
    for span in spans {
        out.push_str(&text[done..span.start]);
        out.push_str(open);
        out.push_str(&text[span.clone()]);
        out.push_str(close);
        done = span.end;
    }
    out.push_str(&text[done..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn words_and_quoted_phrases_become_an_fts_query() {
        let got = query(&terms(&["Idlib", "cease fire", "\"OR\"", "?!"])).unwrap();
        assert_eq!(got.expression, "\"idlib\" \"cease fire\" \"or\"");
        assert!(query(&terms(&["?!"])).is_none());
    }

    #[test]
    fn matches_are_highlighted_in_the_original_text() {
        let q = query(&terms(&["ادلب"])).unwrap();
        let text = "في محافظة إدْلِب اليوم";
        let spans = matches(text, &q.words);
        assert_eq!(
            highlighted(text, &spans, ("[", "]")),
            "في محافظة [إدْلِب] اليوم"
        );
    }
}
