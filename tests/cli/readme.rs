//! Every `qantara` example of the README runs as written, each block of examples in
//! order in a fresh folder where the README's main job has been run on the sample (so alignment 1 is the sample's) and
//! that holds what the examples name (a manifest, folders of texts, a TMX from another
//! tool, dictionaries, shards).

use std::process::Command as Process;

use crate::workdir::{Workdir, sample, write_dictd};

/// The `qantara` command lines of each of the README's `sh` blocks, continuation lines
/// joined, comments dropped; those of other programs (cargo, parallel, Slurm, sqlite3,
/// scripts) are left out.
fn readme_blocks() -> Vec<Vec<String>> {
    let readme = include_str!("../../README.md");
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut in_block = false;
    let mut pending = String::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_block = line == "```sh";
            if in_block {
                blocks.push(Vec::new());
            }
            continue;
        }
        if !in_block {
            continue;
        }
        let code = line.split("  # ").next().unwrap_or("").trim_end();
        if let Some(start) = code.strip_suffix('\\') {
            pending.push_str(start);
            continue;
        }
        pending.push_str(code);
        let command = std::mem::take(&mut pending).trim().to_owned();
        let ours = command.starts_with("qantara ") || command.contains("| qantara ");
        // The Slurm example needs the variables Slurm sets; `review` serves until it is
        // stopped (tests/cli/review.rs starts it and checks it).
        if ours && !command.contains("$SLURM") && !command.starts_with("qantara review") {
            blocks.last_mut().expect("in a block").push(command);
        }
    }
    blocks
}

/// Runs the README's main job on the sample and writes what the examples name.
fn prepare(wd: &Workdir) {
    let (ar, en) = (sample("idlib.ar.txt"), sample("idlib.en.txt"));
    std::fs::create_dir_all(wd.path().join("samples")).unwrap();
    for name in [
        "idlib.ar.txt",
        "idlib.en.txt",
        "idlib.ar.sent",
        "idlib.en.sent",
        "idlib.gold",
    ] {
        std::fs::copy(sample(name), wd.path().join("samples").join(name)).unwrap();
    }
    wd.qantara(&[
        "align",
        "-q",
        "samples/idlib.ar.txt",
        "samples/idlib.en.txt",
    ])
    .assert()
    .success();
    wd.write("pairs.tsv", format!("source\ttarget\n{ar}\t{en}\n"));
    for (folder, name, file) in [("ar", "idlib.ar.txt", &ar), ("en", "idlib.en.txt", &en)] {
        std::fs::create_dir_all(wd.path().join(folder)).unwrap();
        std::fs::copy(file, wd.path().join(folder).join(name)).unwrap();
    }
    wd.write(
        "vendor-memory.tmx",
        "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>Press <bpt i=\"1\">&lt;b&gt;</bpt>OK<ept i=\"1\">&lt;/b&gt;</ept>.</seg></tuv>\
         <tuv xml:lang=\"fr\"><seg>Appuyez sur OK.</seg></tuv></tu></body></tmx>\n",
    );
    // The sample as documents, for the examples of documents.
    let documents = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/documents");
    for (from, to) in [
        ("idlib.ar.docx", "article.ar.docx"),
        ("idlib.ar.odt", "article.ar.odt"),
        ("idlib.en.html", "article.en.html"),
        ("idlib.en.md", "article.en.md"),
        ("idlib.en.docx", "article.en.docx"),
        ("idlib.ar-en.xlf", "project.xlf"),
    ] {
        std::fs::copy(documents.join(from), wd.path().join(to)).unwrap();
    }
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/srx/two-languages.srx"),
        wd.path().join("my-rules.srx"),
    )
    .unwrap();
    wd.write("notes.txt", "Meet Dr. Smith at 5 p.m. today. He is late.\n");
    wd.write("my-abbreviations.txt", "p.m\n");
    wd.write("ar-en.tsv", "إدلب\tIdlib\n");
    wd.write("hu-en.dic", "house @ ház\n");
    wd.write("muse-ar-en.txt", "تركيا turkey\nروسيا russia\n");
    // An installed FreeDict dictionary, where the XDG data folder of the examples is.
    write_dictd(
        &wd.path().join("share/dictd"),
        "freedict-ara-eng",
        &[("إدلب".to_owned(), vec!["Idlib".to_owned()])],
    );
    let gold = std::fs::read_to_string(sample("idlib.gold")).unwrap();
    for name in ["a.gold", "b.gold", "a.beads", "b.beads"] {
        wd.write(name, &gold);
    }
    // Shards, as the GNU parallel example makes them.
    for shard in 1..=2 {
        let db = format!("shard-{shard}.db");
        wd.qantara(&[
            "-q",
            "batch",
            "pairs.tsv",
            "--shard",
            &format!("{shard}/2"),
            "--db",
            &db,
        ])
        .assert()
        .success();
    }
}

#[test]
fn every_readme_example_runs_as_written() {
    let blocks = readme_blocks();
    let count: usize = blocks.iter().map(Vec::len).sum();
    assert!(count >= 25, "{count} examples found: {blocks:#?}");
    let binary = assert_cmd::cargo::cargo_bin("qantara");
    let folder = binary.parent().unwrap().to_owned();
    let path = format!(
        "{}:{}",
        folder.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for block in blocks.iter().filter(|block| !block.is_empty()) {
        let wd = Workdir::new();
        prepare(&wd);
        for command in block {
            let output = Process::new("sh")
                .arg("-c")
                .arg(command)
                .current_dir(wd.path())
                .env("PATH", &path)
                .env("XDG_DATA_HOME", wd.path().join("share"))
                .env_remove("QANTARA_DB")
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{command}\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}
