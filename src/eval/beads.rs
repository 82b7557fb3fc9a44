//! Bead lists, the form of reference alignments: one bead a line, `[source
//! indices]:[target indices]`, 0-based, an empty side written `[]`. Bleualign, Vecalign
//! and Bertalign use the same format.

use std::collections::HashSet;
use std::path::PathBuf;

/// One bead as sentence indices, in the order the file gives them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BeadIndices {
    /// Source sentence indices.
    pub source: Vec<usize>,
    /// Target sentence indices.
    pub target: Vec<usize>,
}

/// A bead file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BeadFileError {
    /// The file could not be read as text.
    #[error(transparent)]
    Input(#[from] crate::text::input::InputError),
    /// A line is not a bead.
    #[error(
        "{path}:{line}: not a bead line (expected e.g. `[0, 1]:[2]`, each sentence in one bead only): {text:?}"
    )]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// The offending line.
        text: String,
    },
}

/// Parses bead lines; on failure returns the 1-based line number and the line. The
/// indices of each side are kept in ascending order (a reference may list them in
/// another), and no sentence may be in two beads, or twice in one: an alignment links
/// each sentence once. References may leave a sentence out of a bead between its
/// neighbours and list beads in any order.
pub fn parse_beads(text: &str) -> Result<Vec<BeadIndices>, (usize, String)> {
    let mut linked: (HashSet<usize>, HashSet<usize>) = Default::default();
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(number, line)| {
            parse_bead(line)
                .filter(|bead| {
                    bead.source.iter().all(|&s| linked.0.insert(s))
                        && bead.target.iter().all(|&t| linked.1.insert(t))
                })
                .ok_or_else(|| (number + 1, line.to_owned()))
        })
        .collect()
}

fn parse_bead(line: &str) -> Option<BeadIndices> {
    let (source, target) = line.split_once(':')?;
    Some(BeadIndices {
        source: parse_side(source)?,
        target: parse_side(target)?,
    })
}

fn parse_side(side: &str) -> Option<Vec<usize>> {
    let inner = side.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    if inner.is_empty() {
        return Some(Vec::new());
    }
    let mut indices: Vec<usize> = inner
        .split(',')
        .map(|index| index.trim().parse().ok())
        .collect::<Option<_>>()?;
    indices.sort_unstable();
    Some(indices)
}

/// Formats one bead as a line without its line end: `[0, 1]:[2]`.
pub fn format_bead(
    source: impl IntoIterator<Item = usize>,
    target: impl IntoIterator<Item = usize>,
) -> String {
    let side = |indices: &mut dyn Iterator<Item = usize>| {
        let listed: Vec<String> = indices.map(|index| index.to_string()).collect();
        format!("[{}]", listed.join(", "))
    };
    format!(
        "{}:{}",
        side(&mut source.into_iter()),
        side(&mut target.into_iter())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form_of_bead() {
        let beads = parse_beads("[0]:[0, 1]\n\n[1,2]:[]\n [] : [2] \n").unwrap();
        assert_eq!(beads.len(), 3);
        assert_eq!(beads[0].target, [0, 1]);
        assert_eq!(beads[1].source, [1, 2]);
        assert!(beads[2].source.is_empty());
    }

    #[test]
    fn reports_the_bad_line() {
        assert_eq!(parse_beads("[0]:[0]\n0-1\n"), Err((2, "0-1".to_owned())));
        assert!(parse_beads("[a]:[0]").is_err());
    }

    #[test]
    fn formats_like_the_reference_files() {
        assert_eq!(format_bead([0, 1], [2]), "[0, 1]:[2]");
        assert_eq!(format_bead([3], []), "[3]:[]");
    }
}
