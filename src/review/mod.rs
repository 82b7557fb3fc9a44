//! The review step: an alignment shown for a person to check and correct, in the browser.
//! [`AlignmentView`] is what the page shows (both texts' sentences, the beads, the
//! revisions); [`apply_edit`] and [`undo`] make a reviewer's corrections as new revisions
//! in the store; [`report_html`] writes the same page as one self-contained, read-only
//! file; [`server`] serves the page and its API on the loopback interface.

pub mod server;

use anyhow::{Context, Result, bail};

use crate::align::edit::{Edit, covers};
use crate::store::Store;
use crate::store::revisions::Revision;
use crate::text::primary_language;
use crate::tm::{DOUBTFUL, SURE};

/// The page, shared by the review server and the read-only report.
const PAGE: &str = include_str!("page.html");

/// Languages written right to left.
const RIGHT_TO_LEFT: &[&str] = &["ar", "fa", "ur", "he", "yi", "ps", "sd", "ug", "dv", "ckb"];

/// One text of the alignment, as the page shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TextView {
    /// Its language code.
    pub lang: String,
    /// Whether it is written right to left.
    pub rtl: bool,
    /// The path it was read from.
    pub path: String,
    /// Its sentences, in order.
    pub sentences: Vec<String>,
}

/// One bead, as the page shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BeadView {
    /// Its source sentences, `[start, end)`.
    pub source: [usize; 2],
    /// Its target sentences, `[start, end)`.
    pub target: [usize; 2],
    /// Its confidence.
    pub confidence: f64,
    /// Its kind (`1-1`, `2-1`, `0-1`…).
    pub kind: String,
}

/// The confidence thresholds the page colours by.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Thresholds {
    /// From here up, sure.
    pub sure: f64,
    /// Below here, doubtful.
    pub doubtful: f64,
}

/// An alignment as the review page shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AlignmentView {
    /// The alignment's id.
    pub id: i64,
    /// Its method (`reviewed` once edited).
    pub method: String,
    /// The source text.
    pub source: TextView,
    /// The target text.
    pub target: TextView,
    /// The beads as they stand.
    pub beads: Vec<BeadView>,
    /// The revisions made so far, oldest first.
    pub revisions: Vec<Revision>,
    /// The colour thresholds.
    pub thresholds: Thresholds,
}

/// Alignment `id` of `store` as the page shows it.
pub fn alignment_view(store: &Store, id: i64) -> Result<AlignmentView> {
    let alignment = store
        .alignment(id)?
        .with_context(|| format!("database {} has no alignment {id}", store.path().display()))?;
    let text = |document, lang: &str, path: &str| -> Result<TextView> {
        Ok(TextView {
            rtl: RIGHT_TO_LEFT.contains(&primary_language(lang).as_str()),
            lang: lang.to_owned(),
            path: path.to_owned(),
            sentences: store
                .sentences(document)?
                .into_iter()
                .map(|s| s.text)
                .collect(),
        })
    };
    Ok(AlignmentView {
        id,
        source: text(
            alignment.source_document,
            &alignment.source_lang,
            &alignment.source_path,
        )?,
        target: text(
            alignment.target_document,
            &alignment.target_lang,
            &alignment.target_path,
        )?,
        method: alignment.method,
        beads: store
            .beads(id)?
            .into_iter()
            .map(|bead| BeadView {
                kind: bead.kind(),
                source: [bead.source.start, bead.source.end],
                target: [bead.target.start, bead.target.end],
                confidence: bead.confidence,
            })
            .collect(),
        revisions: store.revisions(id)?,
        thresholds: Thresholds {
            sure: SURE,
            doubtful: DOUBTFUL,
        },
    })
}

/// Makes `edit` on alignment `id` and stores the result as its next revision.
pub fn apply_edit(store: &mut Store, id: i64, edit: &Edit) -> Result<()> {
    let (source_count, target_count) = store.sentence_counts(id)?;
    let edited = edit.apply(&store.beads(id)?)?;
    if !covers(&edited, source_count, target_count) {
        bail!("that edit would leave sentences out of the alignment");
    }
    store.save_revision(id, &edited, (&edit.describe(), None))?;
    Ok(())
}

/// Undoes the last edit of alignment `id` that is not undone yet, as one more revision
/// that restores the beads that edit started from.
pub fn undo(store: &mut Store, id: i64) -> Result<()> {
    let revisions = store.revisions(id)?;
    let Some(last) = revisions.last() else {
        bail!("there is nothing to undo: the alignment has not been edited");
    };
    // An undo restored revision `restores`: the next undo goes one further back.
    let reached = last.restores.unwrap_or(last.revision);
    if reached == 0 {
        bail!("there is nothing left to undo: the aligner's output is restored");
    }
    let target = reached - 1;
    let beads = store
        .revision_beads(id, target)?
        .with_context(|| format!("alignment {id} has no revision {target}"))?;
    store.save_revision(
        id,
        &beads,
        (&format!("undo: back to revision {target}"), Some(target)),
    )?;
    Ok(())
}

/// The review page as one self-contained, read-only HTML file showing `view`: no server,
/// no request to anywhere, the data inline.
pub fn report_html(view: &AlignmentView) -> Result<String> {
    // `<` escaped so that no text of the alignment can close the script element.
    let data = serde_json::to_string(view)?.replace('<', "\\u003c");
    let inline = format!("<script>window.QANTARA_REPORT = {data};</script>\n<script>");
    Ok(PAGE.replacen("<script>", &inline, 1))
}
