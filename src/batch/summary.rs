//! What a batch run did: pairs aligned, skipped and failed, sentences, beads,
//! confidence and time, for people (a table) and scripts (JSON).

use std::fmt::Write;

use serde::Serialize;

use crate::align::Alignment;
use crate::tm::{DOUBTFUL, SURE};

/// A pair that failed, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The pair's name.
    pub pair: String,
    /// The source file.
    pub source: String,
    /// The target file.
    pub target: String,
    /// Why it failed.
    pub error: String,
}

/// The totals of a batch run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Pairs the run took on.
    pub pairs: usize,
    /// Pairs aligned and stored.
    pub aligned: usize,
    /// Pairs stored already with the same texts and settings, left as they were.
    pub skipped: usize,
    /// Pairs that could not be read or aligned.
    pub failed: usize,
    /// Files of the two folders with no partner.
    pub unpaired: Vec<String>,
    /// Why each failed pair failed.
    pub failures: Vec<Failure>,
    /// Source sentences of the pairs aligned.
    pub source_sentences: usize,
    /// Target sentences of the pairs aligned.
    pub target_sentences: usize,
    /// Beads of the pairs aligned.
    pub beads: usize,
    /// Beads with confidence below [`DOUBTFUL`].
    pub low_confidence_beads: usize,
    /// Beads with confidence below [`SURE`]: those to check.
    pub unsure_beads: usize,
    /// Pairs aligned whose texts do not look like translations of each other.
    pub not_translations: usize,
    /// Word pairs of the corpus lexicon learned by a two-pass run.
    pub lexicon_pairs: usize,
    /// Wall time of the run, in seconds.
    pub seconds: f64,
    /// Time spent writing to the database, in seconds.
    pub store_seconds: f64,
    #[serde(skip)]
    confidence_sum: f64,
}

impl Summary {
    /// A summary of a run over `pairs` pairs, with `unpaired` files left out.
    pub fn new(pairs: usize, unpaired: Vec<String>) -> Summary {
        Summary {
            pairs,
            unpaired,
            ..Summary::default()
        }
    }

    /// Counts an aligned pair.
    pub fn add_aligned(
        &mut self,
        alignment: &Alignment,
        source_sentences: usize,
        target_sentences: usize,
    ) {
        self.aligned += 1;
        self.source_sentences += source_sentences;
        self.target_sentences += target_sentences;
        self.beads += alignment.beads.len();
        self.not_translations += usize::from(!alignment.looks_like_translation);
        for bead in &alignment.beads {
            self.confidence_sum += bead.confidence;
            self.low_confidence_beads += usize::from(bead.confidence < DOUBTFUL);
            self.unsure_beads += usize::from(bead.confidence < SURE);
        }
    }

    /// Mean confidence of the beads aligned (none when there are none).
    pub fn mean_confidence(&self) -> Option<f64> {
        (self.beads > 0).then(|| self.confidence_sum / self.beads as f64)
    }

    /// Counts a failed pair.
    pub fn add_failure(&mut self, failure: Failure) {
        self.failed += 1;
        self.failures.push(failure);
    }

    /// Sentences of both sides stored per second of database writing.
    pub fn sentences_stored_per_second(&self) -> f64 {
        (self.source_sentences + self.target_sentences) as f64 / self.store_seconds.max(1e-9)
    }

    /// The summary as JSON, with the rates.
    pub fn to_json(&self) -> serde_json::Value {
        let mut json = serde_json::to_value(self).expect("a summary is plain data");
        json["mean_confidence"] = self.mean_confidence().into();
        json["pairs_per_second"] = (self.pairs as f64 / self.seconds.max(1e-9)).into();
        json["sentences_stored_per_second"] = self.sentences_stored_per_second().into();
        json
    }

    /// The summary as a table for people, failures and unpaired files listed after it.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let mut line = |label: &str, value: String| {
            let _ = writeln!(out, "{label:<22}{value}");
        };
        line("pairs", self.pairs.to_string());
        line("aligned", self.aligned.to_string());
        line("skipped (done before)", self.skipped.to_string());
        line("failed", self.failed.to_string());
        if !self.unpaired.is_empty() {
            line("unpaired files", self.unpaired.len().to_string());
        }
        line(
            "sentences",
            format!(
                "{} source, {} target",
                self.source_sentences, self.target_sentences
            ),
        );
        line("beads", self.beads.to_string());
        line(
            "mean confidence",
            self.mean_confidence()
                .map_or_else(|| "none (no beads)".to_owned(), |mean| format!("{mean:.3}")),
        );
        line(
            &format!("beads below {SURE}"),
            self.unsure_beads.to_string(),
        );
        line(
            &format!("beads below {DOUBTFUL}"),
            self.low_confidence_beads.to_string(),
        );
        if self.not_translations > 0 {
            line("not translations", self.not_translations.to_string());
        }
        if self.lexicon_pairs > 0 {
            line(
                "corpus lexicon",
                format!("{} word pairs", self.lexicon_pairs),
            );
        }
        line(
            "time",
            format!(
                "{:.1} s ({:.1} s storing)",
                self.seconds, self.store_seconds
            ),
        );
        for failure in &self.failures {
            let _ = writeln!(out, "failed: {}: {}", failure.pair, failure.error);
        }
        for path in &self.unpaired {
            let _ = writeln!(out, "no partner: {path}");
        }
        out
    }
}
