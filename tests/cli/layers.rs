//! The layers of docs/architecture.md, checked on the source: each module of the library
//! imports only the modules below it, and the pure core reads no file.

use std::path::{Path, PathBuf};

/// Each module of the library and the modules it may import.
const LAYERS: &[(&str, &[&str])] = &[
    ("digest", &[]),
    ("text", &[]),
    ("segment", &["text"]),
    ("lexicon", &["text", "digest"]),
    ("align", &["text", "segment", "lexicon"]),
    ("eval", &["text"]),
    ("tm", &["text", "segment", "align"]),
    ("formats", &["text", "segment", "align", "eval", "tm"]),
    (
        "store",
        &["text", "segment", "align", "lexicon", "digest", "tm"],
    ),
    ("documents", &["text", "segment"]),
    ("files", &["text", "eval", "lexicon", "documents"]),
    (
        "review",
        &[
            "text", "segment", "align", "lexicon", "digest", "tm", "store",
        ],
    ),
    (
        "pipeline",
        &[
            "text",
            "segment",
            "align",
            "lexicon",
            "digest",
            "eval",
            "tm",
            "formats",
            "store",
            "files",
            "documents",
        ],
    ),
    (
        "batch",
        &[
            "text",
            "segment",
            "align",
            "lexicon",
            "digest",
            "eval",
            "tm",
            "formats",
            "store",
            "files",
            "documents",
            "pipeline",
        ],
    ),
];

/// The pure core: no file, no database, no printing.
const CORE: &[&str] = &[
    "digest",
    "text",
    "segment",
    "lexicon",
    "align",
    "eval",
    "tm",
    "documents",
];

/// What code that touches files, the terminal or the database contains.
const IMPURE: &[&str] = &[
    "std::fs",
    "File::",
    "stdin()",
    "stdout()",
    "stderr()",
    "println!",
    "eprintln!",
    "print!",
    "rusqlite",
];

/// The Rust files of module `name` (`src/name.rs` or `src/name/**.rs`).
fn files_of(name: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let single = src.join(format!("{name}.rs"));
    if single.is_file() {
        return vec![single];
    }
    let mut files = Vec::new();
    let mut folders = vec![src.join(name)];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a module folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    assert!(!files.is_empty(), "module {name} has no files");
    files
}

/// The code of a file without its comments and its tests.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a source file");
    let before_tests = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    before_tests
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The crate modules `code` names (`crate::store::…` → `store`).
fn modules_named(code: &str) -> Vec<String> {
    code.match_indices("crate::")
        .map(|(at, _)| {
            code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let mut broken = Vec::new();
    for (module, allowed) in LAYERS {
        for file in files_of(module) {
            for named in modules_named(&code_of(&file)) {
                if named != *module && !allowed.contains(&named.as_str()) {
                    broken.push(format!("{} uses crate::{named}", file.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn the_core_reads_no_file_and_prints_nothing() {
    let mut broken = Vec::new();
    for module in CORE {
        for file in files_of(module) {
            let code = code_of(&file);
            for impure in IMPURE {
                if code.contains(impure) {
                    broken.push(format!("{} has {impure}", file.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn every_library_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs");
    let lib = std::fs::read_to_string(src).expect("lib.rs");
    for line in lib.lines() {
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .and_then(|l| l.strip_suffix(';'))
        {
            assert!(
                LAYERS.iter().any(|(module, _)| *module == name),
                "module {name} is in no layer"
            );
        }
    }
}
