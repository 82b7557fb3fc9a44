//! The document pairs of a batch: from a manifest (a TSV file with a header row) or from
//! two folders paired by file name, and a deterministic share of them for one shard.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::text::language_code;

/// One document pair of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The pair's name: the manifest's `id`, or the file name without its suffix.
    pub id: String,
    /// The source text.
    pub source: PathBuf,
    /// Its translation.
    pub target: PathBuf,
    /// The source language, when the manifest gives one.
    pub source_lang: Option<String>,
    /// The target language, when the manifest gives one.
    pub target_lang: Option<String>,
}

/// Why a manifest or a folder cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// The manifest cannot be read as text.
    #[error(transparent)]
    Unreadable(#[from] crate::text::input::InputError),
    /// The folder cannot be read.
    #[error("cannot read {path}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// A line of the manifest is wrong.
    #[error("{path}, line {line}: {problem}")]
    Line {
        /// The manifest.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: String,
    },
}

/// The columns a manifest may have.
const COLUMNS: [&str; 5] = ["source", "target", "id", "source_lang", "target_lang"];

/// Reads a manifest: a header row naming the columns `source` and `target` and optionally
/// `id`, `source_lang` and `target_lang`, then a pair a line. Relative paths are relative
/// to the manifest's folder; blank lines are skipped; a pair without an id is named
/// after its line.
pub fn read_manifest(path: &Path) -> Result<Vec<Pair>, ManifestError> {
    let text = crate::files::read_text_file(path)?;
    let line_error = |line: usize, problem: String| ManifestError::Line {
        path: path.to_path_buf(),
        line,
        problem,
    };
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(number, line)| (number + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.trim().is_empty());
    let Some((header_line, header)) = lines.next() else {
        return Err(line_error(
            1,
            "the manifest is empty: it needs a header row naming the columns source and target"
                .into(),
        ));
    };
    let names: Vec<&str> = header.split('\t').map(str::trim).collect();
    for name in &names {
        if !COLUMNS.contains(name) {
            return Err(line_error(
                header_line,
                format!("unknown column {name:?} (columns: {})", COLUMNS.join(", ")),
            ));
        }
    }
    let column = |name: &str| names.iter().position(|n| *n == name);
    let (Some(source_column), Some(target_column)) = (column("source"), column("target")) else {
        return Err(line_error(
            header_line,
            "the header row must name the columns source and target".into(),
        ));
    };
    let base = path.parent().unwrap_or(Path::new(""));
    let mut pairs = Vec::new();
    // The line of each pair, by the files' canonical paths.
    let mut seen: HashMap<(PathBuf, PathBuf), usize> = HashMap::new();
    for (number, line) in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != names.len() {
            return Err(line_error(
                number,
                format!(
                    "{} fields where the header has {}",
                    fields.len(),
                    names.len()
                ),
            ));
        }
        let field = |name: &str| {
            column(name)
                .map(|at| fields[at].trim())
                .filter(|f| !f.is_empty())
        };
        let language = |name: &str| {
            field(name)
                .map(|code| language_code(code).map_err(|e| line_error(number, e)))
                .transpose()
        };
        let (source, target) = (fields[source_column].trim(), fields[target_column].trim());
        if source.is_empty() || target.is_empty() {
            return Err(line_error(
                number,
                "a pair needs a source and a target".into(),
            ));
        }
        let (source, target) = (base.join(source), base.join(target));
        let identity = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if let Some(first) = seen.insert((identity(&source), identity(&target)), number) {
            return Err(line_error(
                number,
                format!("the same pair as line {first}: a pair is aligned once"),
            ));
        }
        pairs.push(Pair {
            id: field("id").map_or_else(|| format!("line {number}"), str::to_owned),
            source,
            target,
            source_lang: language("source_lang")?,
            target_lang: language("target_lang")?,
        });
    }
    Ok(pairs)
}

/// The files of two folders paired by name, and the files left without a partner.
#[derive(Debug, Default)]
pub struct FolderPairs {
    /// The pairs, by name.
    pub pairs: Vec<Pair>,
    /// Files of either folder with no partner in the other.
    pub unpaired: Vec<PathBuf>,
}

/// Pairs the files of `source_dir` whose names end in `source_suffix` with the files of
/// `target_dir` whose names end in `target_suffix`, by the name before the suffix.
/// Hidden files and subfolders are left out.
pub fn pair_folders(
    (source_dir, source_suffix): (&Path, &str),
    (target_dir, target_suffix): (&Path, &str),
) -> Result<FolderPairs, ManifestError> {
    let source = files_by_stem(source_dir, source_suffix)?;
    let mut target = files_by_stem(target_dir, target_suffix)?;
    let mut found = FolderPairs::default();
    for (stem, source) in source {
        match target.remove(&stem) {
            Some(target) => found.pairs.push(Pair {
                id: stem,
                source,
                target,
                source_lang: None,
                target_lang: None,
            }),
            None => found.unpaired.push(source),
        }
    }
    found.unpaired.extend(target.into_values());
    Ok(found)
}

/// The suffixes that pair the most files of `source_dir` with files of `target_dir` by
/// the name before them (`.ar.txt` and `.en.txt` for `a.ar.txt` and `a.en.txt`), and how
/// many files they pair; none when no endings pair any. Endings start at a `.`, `_` or
/// `-` of the name.
pub fn suggested_suffixes(
    source_dir: &Path,
    target_dir: &Path,
) -> Result<Option<(String, String, usize)>, ManifestError> {
    // Per side: (stem, suffix) for every way to cut each name.
    let cuts = |dir: &Path| -> Result<Vec<(String, String)>, ManifestError> {
        Ok(files_by_stem(dir, "")?
            .into_keys()
            .flat_map(|name| {
                name.char_indices()
                    .filter(|&(at, c)| at > 0 && matches!(c, '.' | '_' | '-'))
                    .map(|(at, _)| (name[..at].to_owned(), name[at..].to_owned()))
                    .collect::<Vec<_>>()
            })
            .collect())
    };
    let target_suffixes: HashMap<String, Vec<String>> =
        cuts(target_dir)?
            .into_iter()
            .fold(HashMap::new(), |mut by_stem, (stem, suffix)| {
                by_stem.entry(stem).or_default().push(suffix);
                by_stem
            });
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (stem, source_suffix) in cuts(source_dir)? {
        for target_suffix in target_suffixes.get(&stem).into_iter().flatten() {
            if *target_suffix != source_suffix || source_dir != target_dir {
                *counts
                    .entry((source_suffix.clone(), target_suffix.clone()))
                    .or_default() += 1;
            }
        }
    }
    Ok(counts
        .into_iter()
        .max_by_key(|(_, count)| *count)
        .map(|((source, target), count)| (source, target, count)))
}

/// The regular, visible files of `dir` whose names end in `suffix`, by their name less
/// the suffix.
fn files_by_stem(dir: &Path, suffix: &str) -> Result<BTreeMap<String, PathBuf>, ManifestError> {
    let io_error = |source| ManifestError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(dir).map_err(io_error)? {
        let entry = entry.map_err(io_error)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().map_err(io_error)?.is_file()
            || fs::metadata(entry.path()).is_ok_and(|m| m.is_file());
        if name.starts_with('.') || !is_file {
            continue;
        }
        if let Some(stem) = name.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            files.insert(stem.to_owned(), entry.path());
        }
    }
    Ok(files)
}

/// One of `count` shards, numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard's number, `1..=count`.
    pub number: u64,
    /// The number of shards.
    pub count: u64,
}

impl Shard {
    /// Whether the pair belongs to this shard: decided by a hash of its name, so that
    /// each pair falls in one shard whatever the order of the manifest and whichever
    /// other pairs it holds.
    pub fn holds(&self, pair: &Pair) -> bool {
        let digest = Sha256::digest(pair.id.as_bytes());
        let bucket = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
        bucket % self.count == self.number - 1
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// Reads `K/N`, with `1 ≤ K ≤ N`.
    fn from_str(text: &str) -> Result<Shard, String> {
        let parsed = text
            .split_once('/')
            .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)));
        match parsed {
            Some((number, count)) if number >= 1 && number <= count => Ok(Shard { number, count }),
            _ => Err(format!(
                "{text:?} is not a shard K/N with 1 ≤ K ≤ N, e.g. 2/8"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(id: &str) -> Pair {
        Pair {
            id: id.into(),
            source: PathBuf::new(),
            target: PathBuf::new(),
            source_lang: None,
            target_lang: None,
        }
    }

    #[test]
    fn every_pair_falls_in_exactly_one_shard() {
        let shards: Vec<Shard> = (1..=3).map(|k| format!("{k}/3").parse().unwrap()).collect();
        let mut sizes = [0; 3];
        for i in 0..300 {
            let held: Vec<usize> = (0..3)
                .filter(|&k| shards[k].holds(&pair(&format!("doc{i}"))))
                .collect();
            assert_eq!(held.len(), 1);
            sizes[held[0]] += 1;
        }
        assert!(sizes.iter().all(|&s| s > 70), "{sizes:?}");
    }

    #[test]
    fn shard_numbers_are_checked() {
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
        assert_eq!(
            "2/3".parse::<Shard>(),
            Ok(Shard {
                number: 2,
                count: 3
            })
        );
    }
}
