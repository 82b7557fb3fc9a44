//! qantara for Python (PyO3): `segment`, `align`, `Aligner` and a read-only `Store`, over
//! the library's own API. Segmenting and aligning release the GIL, so Python threads run
//! them in parallel; errors are `qantara.QantaraError` with the library's messages.

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use qantara::align::shapes::ShapeTable;
use qantara::files::read_dictionary;
use qantara::lexicon::dictionary::DictionaryFormat;
use qantara::pipeline::{Note, SrxFile};
use qantara::store::Store as LibraryStore;
use qantara::store::read::StoredAlignment;
use qantara::text::normalize::single_line;
use qantara::{AlignConfig, Layout, Rules, Sentence as LibrarySentence, split};

create_exception!(
    _qantara,
    QantaraError,
    PyException,
    "An error of qantara, with its message."
);

/// A message as a Python exception.
fn error(message: impl std::fmt::Display) -> PyErr {
    QantaraError::new_err(message.to_string())
}

/// A library error as a Python exception, with its causes (`database q.db: unable to
/// open database file`), as the command line prints them.
fn failure(error: impl std::error::Error) -> PyErr {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    QantaraError::new_err(message)
}

/// One sentence of a text: its text, where it starts and ends (character offsets into
/// the text), and the number of its paragraph.
#[pyclass(frozen, get_all, module = "qantara")]
#[derive(Clone)]
struct Sentence {
    text: String,
    start: usize,
    end: usize,
    paragraph: usize,
}

#[pymethods]
impl Sentence {
    fn __repr__(&self) -> String {
        format!(
            "Sentence({:?}, start={}, end={}, paragraph={})",
            self.text, self.start, self.end, self.paragraph
        )
    }
}

/// The segmentation rules of `lang`, or the rules an SRX file gives it, read as the
/// command line reads them. A rule that cannot be compiled, which the command line says on
/// stderr, is an error here: Python has no such notes.
fn rules(lang: &str, srx: Option<&str>) -> PyResult<Rules> {
    let rules = Rules::for_language(lang);
    let Some(path) = srx else {
        return Ok(rules);
    };
    let file = SrxFile::read(Path::new(path)).map_err(|e| error(format!("{e:#}")))?;
    let uncompiled = Mutex::new(None);
    let compiled = file
        .rules_for(lang, &|note| {
            if let Note::SrxRulesSkipped { skipped, .. } = note
                && let Some(rule) = skipped.first()
            {
                *uncompiled.lock().unwrap_or_else(PoisonError::into_inner) = Some(format!(
                    "{path}: {} rules for {lang} cannot be compiled, the first: language rule {:?}, rule {}: {}",
                    skipped.len(),
                    rule.language_rule,
                    rule.number,
                    rule.reason
                ));
            }
        })
        .map_err(|e| error(format!("{e:#}")))?;
    if let Some(message) = uncompiled
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
    {
        return Err(error(message));
    }
    Ok(rules.with_srx(compiled))
}

/// `sentences` with their byte offsets into `text` turned into character offsets.
fn python_sentences(text: &str, sentences: Vec<LibrarySentence>) -> Vec<Sentence> {
    let (mut byte, mut chars) = (0, 0);
    let mut to_chars = |to: usize| {
        chars += text[byte..to].chars().count();
        byte = to;
        chars
    };
    sentences
        .into_iter()
        .map(|s| Sentence {
            start: to_chars(s.start),
            end: to_chars(s.end),
            text: s.text,
            paragraph: s.paragraph,
        })
        .collect()
}

/// Splits `text` into sentences by the rules of `lang` (or of the SRX file `srx`).
#[pyfunction]
#[pyo3(signature = (text, lang, srx=None))]
fn segment(py: Python<'_>, text: &str, lang: &str, srx: Option<&str>) -> PyResult<Vec<Sentence>> {
    let rules = rules(lang, srx)?;
    let sentences = py.detach(|| qantara::segment(text, &rules));
    Ok(python_sentences(text, sentences))
}

/// A side given to `align`: running text, or a list of sentences.
#[derive(FromPyObject)]
enum Text {
    Running(String),
    Sentences(Vec<String>),
}

impl Text {
    /// The side's sentences: running text segmented by `rules`, a list as it is (one
    /// sentence an item, line breaks inside an item read as spaces).
    fn sentences(&self, rules: &Rules) -> Vec<LibrarySentence> {
        match self {
            Text::Running(text) => qantara::segment(text, rules),
            Text::Sentences(items) => {
                let joined: Vec<String> = items.iter().map(|s| single_line(s)).collect();
                split(&joined.join("\n"), Layout::PreSegmented, rules)
            }
        }
    }
}

/// One bead: its source and target sentence ranges (`[start, end)`), confidence, kind.
#[pyclass(frozen, get_all, module = "qantara")]
#[derive(Clone)]
struct Bead {
    source: (usize, usize),
    target: (usize, usize),
    confidence: f64,
    kind: String,
}

#[pymethods]
impl Bead {
    fn __repr__(&self) -> String {
        format!(
            "Bead(source={:?}, target={:?}, confidence={:.4}, kind={:?})",
            self.source, self.target, self.confidence, self.kind
        )
    }
}

/// An alignment: the beads, each pair's texts, and whether the texts look like
/// translations of each other at all.
#[pyclass(frozen, get_all, module = "qantara")]
struct Alignment {
    beads: Vec<Bead>,
    /// `(source text, target text, confidence)` per bead, sentences joined by a space.
    pairs: Vec<(String, String, f64)>,
    source: Vec<String>,
    target: Vec<String>,
    mean_confidence: f64,
    looks_like_translation: bool,
}

#[pymethods]
impl Alignment {
    fn __len__(&self) -> usize {
        self.beads.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Alignment({} beads, mean confidence {:.3})",
            self.beads.len(),
            self.mean_confidence
        )
    }
}

/// Aligns with its languages, dictionary and settings, for many calls.
#[pyclass(frozen, module = "qantara")]
struct Aligner {
    config: AlignConfig,
    source_rules: Rules,
    target_rules: Rules,
}

/// A dictionary given to the aligner: word pairs, or the path of a dictionary file.
#[derive(FromPyObject)]
enum DictionaryArg {
    Pairs(Vec<(String, String)>),
    Path(std::path::PathBuf),
}

/// `max_bead` if it is from 2 to 12 or not given (the default table fitted to each
/// pair), as `--max-bead` accepts; an error otherwise.
fn checked_max_bead(max_bead: Option<usize>) -> PyResult<Option<usize>> {
    match max_bead {
        Some(side) if !(2..=12).contains(&side) => {
            Err(error(format!("max_bead must be from 2 to 12, not {side}")))
        }
        _ => Ok(max_bead),
    }
}

#[pymethods]
impl Aligner {
    /// An aligner of `source_lang` texts with their `target_lang` translations; a
    /// dictionary as word pairs or a file (TSV, hunalign `.dic`, MUSE), beads of up to
    /// `max_bead` sentences a side (without it, as `qantara align` without
    /// `--max-bead`: 6, and more on the side with more sentences).
    #[new]
    #[pyo3(signature = (source_lang, target_lang, *, dictionary=None, max_bead=None, srx=None))]
    fn new(
        source_lang: &str,
        target_lang: &str,
        dictionary: Option<DictionaryArg>,
        max_bead: Option<usize>,
        srx: Option<&str>,
    ) -> PyResult<Aligner> {
        let mut config = AlignConfig::for_languages(source_lang, target_lang);
        config.shapes =
            checked_max_bead(max_bead)?.map_or_else(ShapeTable::default, ShapeTable::up_to);
        let config = match dictionary {
            None => config,
            Some(DictionaryArg::Pairs(pairs)) => config.with_dictionary(&pairs),
            Some(DictionaryArg::Path(path)) => {
                let dictionary =
                    read_dictionary(&path, DictionaryFormat::of(&path)).map_err(failure)?;
                AlignConfig {
                    dictionary: dictionary.stems(source_lang, target_lang),
                    ..config
                }
            }
        };
        Ok(Aligner {
            config,
            source_rules: rules(source_lang, srx)?,
            target_rules: rules(target_lang, srx)?,
        })
    }

    /// Aligns `source` with `target`, each running text or a list of sentences.
    fn align(&self, py: Python<'_>, source: Text, target: Text) -> PyResult<Alignment> {
        let aligned = py.detach(|| {
            let source = source.sentences(&self.source_rules);
            let target = target.sentences(&self.target_rules);
            if source.is_empty() || target.is_empty() {
                return Err("a side has no sentence to align");
            }
            let alignment = qantara::align(&source, &target, &self.config);
            Ok((source, target, alignment))
        });
        let (source, target, alignment) = aligned.map_err(error)?;
        Ok(alignment_of(&source, &target, &alignment))
    }
}

/// An alignment of `source` and `target` as Python sees it.
fn alignment_of(
    source: &[LibrarySentence],
    target: &[LibrarySentence],
    alignment: &qantara::Alignment,
) -> Alignment {
    let text = |sentences: &[LibrarySentence], range: std::ops::Range<usize>| {
        sentences[range]
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    Alignment {
        pairs: alignment
            .beads
            .iter()
            .map(|b| {
                (
                    text(source, b.source.clone()),
                    text(target, b.target.clone()),
                    b.confidence,
                )
            })
            .collect(),
        beads: alignment
            .beads
            .iter()
            .map(|b| Bead {
                source: (b.source.start, b.source.end),
                target: (b.target.start, b.target.end),
                confidence: b.confidence,
                kind: b.kind(),
            })
            .collect(),
        mean_confidence: alignment.mean_confidence(),
        looks_like_translation: alignment.looks_like_translation,
        source: source.iter().map(|s| s.text.clone()).collect(),
        target: target.iter().map(|s| s.text.clone()).collect(),
    }
}

/// Aligns `source` with `target` (running text or lists of sentences) in one call; see
/// `Aligner` for many.
#[pyfunction]
#[pyo3(signature = (source, target, source_lang, target_lang, *, dictionary=None, max_bead=None))]
fn align(
    py: Python<'_>,
    source: Text,
    target: Text,
    source_lang: &str,
    target_lang: &str,
    dictionary: Option<DictionaryArg>,
    max_bead: Option<usize>,
) -> PyResult<Alignment> {
    Aligner::new(source_lang, target_lang, dictionary, max_bead, None)?.align(py, source, target)
}

/// A qantara database, read only: its alignments and translation units.
#[pyclass(unsendable, module = "qantara")]
struct Store {
    store: LibraryStore,
}

/// An alignment's summary as a dict.
fn alignment_dict<'py>(py: Python<'py>, a: &StoredAlignment) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("id", a.id)?;
    dict.set_item("method", &a.method)?;
    dict.set_item("source_lang", &a.source_lang)?;
    dict.set_item("target_lang", &a.target_lang)?;
    dict.set_item("source_path", &a.source_path)?;
    dict.set_item("target_path", &a.target_path)?;
    Ok(dict)
}

#[pymethods]
impl Store {
    /// Opens the database at `path` read only.
    #[new]
    fn new(path: &str) -> PyResult<Store> {
        Ok(Store {
            store: LibraryStore::open_read_only(Path::new(path)).map_err(failure)?,
        })
    }

    /// The stored alignments, as dicts (id, method, languages, paths).
    fn alignments<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.store
            .alignments()
            .map_err(failure)?
            .iter()
            .map(|a| alignment_dict(py, a))
            .collect()
    }

    /// The translation units of one alignment (or of all), one dict a bead: alignment
    /// id, bead, source and target text, confidence, kind, languages, documents. Read an
    /// alignment at a time.
    #[pyo3(signature = (alignment_id=None))]
    fn translation_units(
        slf: Py<Self>,
        py: Python<'_>,
        alignment_id: Option<i64>,
    ) -> PyResult<Units> {
        let store = slf.borrow(py);
        let alignments = match alignment_id {
            None => store.store.alignments().map_err(failure)?,
            Some(id) => vec![
                store
                    .store
                    .alignment(id)
                    .map_err(failure)?
                    .ok_or_else(|| error(format!("the database has no alignment {id}")))?,
            ],
        };
        drop(store);
        Ok(Units {
            store: slf,
            alignments: alignments.into_iter(),
            pending: Vec::new().into_iter(),
        })
    }
}

/// The translation units of a store, read an alignment at a time.
#[pyclass(unsendable, module = "qantara")]
struct Units {
    store: Py<Store>,
    alignments: std::vec::IntoIter<StoredAlignment>,
    pending: std::vec::IntoIter<Py<PyDict>>,
}

#[pymethods]
impl Units {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyDict>>> {
        loop {
            if let Some(unit) = self.pending.next() {
                return Ok(Some(unit));
            }
            let Some(alignment) = self.alignments.next() else {
                return Ok(None);
            };
            let store = self.store.borrow(py);
            let units = store.store.translation_units(&alignment).map_err(failure)?;
            let mut dicts = Vec::with_capacity(units.len());
            for unit in units {
                let dict = PyDict::new(py);
                dict.set_item("alignment_id", alignment.id)?;
                dict.set_item("bead", unit.bead)?;
                dict.set_item("source", unit.source)?;
                dict.set_item("target", unit.target)?;
                dict.set_item("confidence", unit.confidence)?;
                dict.set_item("kind", unit.kind)?;
                dict.set_item("source_lang", unit.source_lang)?;
                dict.set_item("target_lang", unit.target_lang)?;
                dict.set_item("source_document", unit.source_document)?;
                dict.set_item("target_document", unit.target_document)?;
                dicts.push(dict.unbind());
            }
            self.pending = dicts.into_iter();
        }
    }
}

/// The pairs of a batch manifest (the TSV `qantara batch` reads: `source`, `target`, and
/// optionally `id`, `source_lang`, `target_lang`), as dicts with paths made absolute.
#[pyfunction]
fn read_manifest<'py>(py: Python<'py>, path: &str) -> PyResult<Vec<Bound<'py, PyDict>>> {
    qantara::batch::manifest::read_manifest(Path::new(path))
        .map_err(failure)?
        .into_iter()
        .map(|pair| {
            let dict = PyDict::new(py);
            dict.set_item("id", pair.id)?;
            dict.set_item("source", pair.source.display().to_string())?;
            dict.set_item("target", pair.target.display().to_string())?;
            dict.set_item("source_lang", pair.source_lang)?;
            dict.set_item("target_lang", pair.target_lang)?;
            Ok(dict)
        })
        .collect()
}

/// Reads, checks and aligns the document pair at `source` and `target` as `qantara align`
/// does (any format it reads; languages told from the texts when not given, and checked
/// when given); returns the alignment and the two languages. No database is written.
#[pyfunction]
#[pyo3(signature = (source, target, *, source_lang=None, target_lang=None, max_bead=None))]
fn align_files(
    py: Python<'_>,
    source: &str,
    target: &str,
    source_lang: Option<&str>,
    target_lang: Option<&str>,
    max_bead: Option<usize>,
) -> PyResult<(Alignment, String, String)> {
    use qantara::pipeline::{PairAligner, PairSettings, ignore, load_pair};
    let settings = PairSettings {
        max_bead: checked_max_bead(max_bead)?,
        stored_dictionaries: false,
        ..PairSettings::default()
    };
    let aligned = py
        .detach(
            || -> Result<qantara::pipeline::AlignedPair, anyhow::Error> {
                let (source, target) = load_pair(
                    &settings,
                    (Path::new(source), Path::new(target)),
                    (source_lang, target_lang),
                    &ignore,
                )?;
                let aligner = PairAligner::new(&settings, Default::default(), Default::default())?;
                Ok(aligner.align(source, target))
            },
        )
        .map_err(|e| error(format!("{e:#}")))?;
    let languages = (aligned.source.lang.clone(), aligned.target.lang.clone());
    let alignment = alignment_of(
        &aligned.source.sentences,
        &aligned.target.sentences,
        &aligned.alignment,
    );
    Ok((alignment, languages.0, languages.1))
}

/// The extension module `qantara._qantara`, re-exported by the `qantara` package.
#[pymodule]
fn _qantara(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(segment, m)?)?;
    m.add_function(wrap_pyfunction!(align, m)?)?;
    m.add_function(wrap_pyfunction!(align_files, m)?)?;
    m.add_function(wrap_pyfunction!(read_manifest, m)?)?;
    m.add_class::<Sentence>()?;
    m.add_class::<Bead>()?;
    m.add_class::<Alignment>()?;
    m.add_class::<Aligner>()?;
    m.add_class::<Store>()?;
    m.add_class::<Units>()?;
    m.add("QantaraError", m.py().get_type::<QantaraError>())?;
    Ok(())
}
