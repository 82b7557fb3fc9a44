//! Reliability: the bad-input matrix over `segment`, `align`, `batch` and `import`, and
//! the faults: a locked or corrupt database, concurrent writers, `kill -9`, a full disk.
//! No input may make qantara panic (exit code 101) or leave a database half written.

use std::process::Command as Process;
use std::time::{Duration, Instant};

use crate::workdir::{Workdir, sample};

/// What a command must do with an input.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Succeed.
    Ok,
    /// Fail with exit code 1 and this in its message.
    Fail(&'static str),
}

/// One bad input: a name, how to make it, and what `segment`, `align` (as the source,
/// the English sample as target) and `import` must do with it. `batch` must record
/// `align`'s failure for the pair and align the sample pair beside it.
struct Case {
    name: &'static str,
    make: fn(&Workdir) -> String,
    segment: Expect,
    align: Expect,
    import: Expect,
}

fn write(wd: &Workdir, name: &str, bytes: impl AsRef<[u8]>) -> String {
    wd.write(name, bytes)
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

fn arabic_sample() -> String {
    std::fs::read_to_string(sample("idlib.ar.txt")).unwrap()
}

const NOT_TMX: Expect = Expect::Fail("is not a TMX file");

/// A TMX file of two English-French units.
const GOOD_TMX: &str = "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\
    <tu><tuv xml:lang=\"en\"><seg>One.</seg></tuv><tuv xml:lang=\"fr\"><seg>Un.</seg></tuv></tu>\
    <tu><tuv xml:lang=\"en\"><seg>Two.</seg></tuv><tuv xml:lang=\"fr\"><seg>Deux.</seg></tuv></tu>\
    </body></tmx>";

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "missing file",
            make: |_| "nowhere.txt".into(),
            segment: Expect::Fail("cannot read nowhere.txt"),
            align: Expect::Fail("cannot read nowhere.txt"),
            import: Expect::Fail("cannot read nowhere.txt"),
        },
        Case {
            name: "a directory",
            make: |wd| {
                std::fs::create_dir_all(wd.path().join("folder")).unwrap();
                "folder".into()
            },
            segment: Expect::Fail("folder is a directory"),
            align: Expect::Fail("folder is a directory"),
            import: Expect::Fail("folder is a directory"),
        },
        Case {
            name: "empty",
            make: |wd| write(wd, "empty.txt", ""),
            segment: Expect::Ok,
            align: Expect::Fail("has no text to align"),
            import: NOT_TMX,
        },
        Case {
            name: "only whitespace",
            make: |wd| write(wd, "blank.txt", " \n\t\r\n  \n"),
            segment: Expect::Ok,
            align: Expect::Fail("has no text to align"),
            import: NOT_TMX,
        },
        Case {
            name: "invalid UTF-8",
            make: |wd| write(wd, "bad.txt", b"Valid start. Then \xC3\x28 broken."),
            segment: Expect::Fail(
                "bad.txt is not valid UTF-8: invalid byte sequence at byte offset 18",
            ),
            align: Expect::Fail("at byte offset 18"),
            import: Expect::Fail("at byte offset 18"),
        },
        Case {
            name: "UTF-8 with a byte-order mark",
            make: |wd| write(wd, "bom.txt", format!("\u{FEFF}{}", arabic_sample())),
            segment: Expect::Ok,
            align: Expect::Ok,
            import: NOT_TMX,
        },
        Case {
            name: "UTF-16 LE",
            make: |wd| write(wd, "le.txt", utf16(&arabic_sample(), false)),
            segment: Expect::Ok,
            align: Expect::Ok,
            import: NOT_TMX,
        },
        Case {
            name: "UTF-16 BE",
            make: |wd| write(wd, "be.txt", utf16(&arabic_sample(), true)),
            segment: Expect::Ok,
            align: Expect::Ok,
            import: NOT_TMX,
        },
        Case {
            name: "UTF-16 LE without a byte-order mark",
            make: |wd| write(wd, "le-nobom.txt", &utf16(&arabic_sample(), false)[2..]),
            segment: Expect::Ok,
            align: Expect::Ok,
            import: NOT_TMX,
        },
        Case {
            name: "UTF-32 LE with a byte-order mark",
            make: |wd| {
                let mut bytes = vec![0xFF, 0xFE, 0, 0];
                bytes.extend(
                    arabic_sample()
                        .chars()
                        .flat_map(|c| (c as u32).to_le_bytes()),
                );
                write(wd, "utf32.txt", bytes)
            },
            segment: Expect::Ok,
            align: Expect::Ok,
            import: NOT_TMX,
        },
        Case {
            name: "UTF-32 BE without a byte-order mark",
            make: |wd| {
                let bytes: Vec<u8> = arabic_sample()
                    .chars()
                    .flat_map(|c| (c as u32).to_be_bytes())
                    .collect();
                write(wd, "utf32be.txt", bytes)
            },
            segment: Expect::Ok,
            align: Expect::Ok,
            import: NOT_TMX,
        },
        Case {
            name: "lines of invisible characters only",
            make: |wd| {
                write(
                    wd,
                    "invisible.txt",
                    "\u{200B}\n\u{200F}\u{FEFF}\n \u{2060} \n",
                )
            },
            segment: Expect::Ok,
            align: Expect::Fail("has no text to align"),
            import: NOT_TMX,
        },
        Case {
            name: "Windows-1256 Arabic",
            make: |wd| {
                // "قال الرئيس" in Windows-1256, twice.
                let word = [
                    0xDEu8, 0xC7, 0xE1, 0x20, 0xC7, 0xE1, 0xD1, 0xC6, 0xED, 0xD3, 0x2E, 0x20,
                ];
                write(wd, "cp1256.txt", word.repeat(2))
            },
            segment: Expect::Fail(
                "it looks like windows-1256: read it with --encoding windows-1256",
            ),
            align: Expect::Fail("--encoding windows-1256"),
            import: Expect::Fail("encoding=\"windows-1256\"?>) or convert it"),
        },
        Case {
            name: "CRLF and lone CR",
            make: |wd| {
                write(
                    wd,
                    "crlf.txt",
                    arabic_sample()
                        .replace('\n', "\r\n")
                        .replacen("\r\n", "\r", 3),
                )
            },
            segment: Expect::Ok,
            align: Expect::Ok,
            import: NOT_TMX,
        },
        Case {
            name: "NUL bytes (a PDF renamed)",
            make: |wd| {
                write(
                    wd,
                    "report.txt",
                    b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\x00\x00",
                )
            },
            // Read as the PDF it is: poppler refuses it (or, where poppler is not
            // installed, qantara says which package to install).
            segment: Expect::Fail("report.txt is a PDF file"),
            align: Expect::Fail("report.txt is a PDF file"),
            import: Expect::Fail("looks like a binary file"),
        },
        Case {
            name: "a 10 MB line",
            make: |wd| write(wd, "long.txt", "word and more words ".repeat(500_000)),
            segment: Expect::Ok,
            align: Expect::Ok,
            import: NOT_TMX,
        },
        Case {
            name: "malformed TMX",
            make: |wd| {
                write(
                    wd,
                    "broken.tmx",
                    "<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"en\"><seg>x</tuv></tu></body></tmx>",
                )
            },
            segment: Expect::Ok,
            align: Expect::Ok,
            import: NOT_TMX,
        },
        Case {
            name: "TMX cut short inside its last segment",
            make: |wd| {
                write(
                    wd,
                    "cut.tmx",
                    &GOOD_TMX[..GOOD_TMX.rfind("Deux").unwrap() + 2],
                )
            },
            segment: Expect::Ok,
            align: Expect::Ok,
            import: Expect::Fail("the file ends inside <tmx><body><tu><tuv><seg>: it is cut short"),
        },
        Case {
            name: "two TMX documents in one file",
            make: |wd| write(wd, "twice.tmx", format!("{GOOD_TMX}{GOOD_TMX}")),
            segment: Expect::Ok,
            align: Expect::Ok,
            import: Expect::Fail("a second root element <tmx>"),
        },
        Case {
            name: "TMX whose xml:lang climbs out of a folder",
            make: |wd| {
                write(
                    wd,
                    "evil.tmx",
                    GOOD_TMX.replace("xml:lang=\"fr\"", "xml:lang=\"/../../../tmp/PWNED\""),
                )
            },
            segment: Expect::Ok,
            align: Expect::Ok,
            import: Expect::Fail("is not a language code"),
        },
        Case {
            name: "Latin-1 TMX that declares its encoding",
            make: |wd| {
                let latin = GOOD_TMX
                    .replace(
                        "<tmx",
                        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><tmx",
                    )
                    .replace("Un.", "Un été.");
                let bytes: Vec<u8> = latin.chars().map(|c| c as u32 as u8).collect();
                write(wd, "latin.tmx", bytes)
            },
            segment: Expect::Fail("is not valid UTF-8"),
            align: Expect::Fail("is not valid UTF-8"),
            import: Expect::Ok,
        },
    ]
}

/// Runs `args` and checks the exit code and message against `expect`; never a panic.
fn check(wd: &Workdir, args: &[&str], expect: Expect, what: &str) {
    let output = wd
        .qantara(args)
        .env("QANTARA_DB", "matrix.db")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code();
    assert_ne!(code, Some(101), "{what}: panicked: {stderr}");
    match expect {
        Expect::Ok => assert_eq!(code, Some(0), "{what}: {stderr}"),
        Expect::Fail(message) => {
            assert_eq!(code, Some(1), "{what}: {stderr}");
            assert!(
                stderr.contains(message),
                "{what}: expected {message:?} in {stderr}"
            );
            assert!(!stderr.contains("panicked"), "{what}: {stderr}");
        }
    }
}

#[test]
fn the_bad_input_matrix() {
    let wd = Workdir::new();
    let english = sample("idlib.en.txt");
    for case in cases() {
        let path = (case.make)(&wd);
        let name = case.name;
        check(
            &wd,
            &["segment", &path, "--lang", "ar"],
            case.segment,
            &format!("segment: {name}"),
        );
        let before = wd
            .path()
            .join("matrix.db")
            .exists()
            .then(|| wd.count("matrix.db", "SELECT count(*) FROM alignments"));
        check(
            &wd,
            &[
                "align",
                &path,
                &english,
                "--src-lang",
                "ar",
                "--tgt-lang",
                "en",
                "-o",
                "-",
            ],
            case.align,
            &format!("align: {name}"),
        );
        if let (Expect::Fail(_), Some(before)) = (case.align, before) {
            assert_eq!(
                wd.count("matrix.db", "SELECT count(*) FROM alignments"),
                before,
                "align: {name}"
            );
        }
        check(
            &wd,
            &["import", &path],
            case.import,
            &format!("import: {name}"),
        );
        // In a batch, the pair fails or aligns alone, and the sample pair beside it aligns.
        let manifest = format!(
            "id\tsource\ttarget\ncase\t{}\t{english}\nsample\t{}\t{english}\n",
            wd.path().join(&path).display(),
            sample("idlib.ar.txt")
        );
        let manifest = write(&wd, "manifest.tsv", manifest);
        let expect = match case.align {
            Expect::Ok => Expect::Ok,
            Expect::Fail(_) => Expect::Fail("1 of 2 pairs failed"),
        };
        check(
            &wd,
            &[
                "batch",
                &manifest,
                "--format",
                "json",
                "--src-lang",
                "ar",
                "--tgt-lang",
                "en",
            ],
            expect,
            &format!("batch: {name}"),
        );
        wd.assert_whole("matrix.db");
    }
    // Decoded as asked.
    let cp1256 = wd.path().join("cp1256.txt");
    let text = wd
        .qantara(&[
            "segment",
            cp1256.to_str().unwrap(),
            "--encoding",
            "windows-1256",
            "--lang",
            "ar",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(text.stdout).unwrap(),
        "قال الرئيس.\nقال الرئيس.\n"
    );
}

#[test]
fn sides_far_apart_the_same_file_twice_and_unknown_languages_align() {
    let wd = Workdir::new();
    let ar = sample("idlib.ar.txt");
    let one = write(&wd, "one.txt", "Eine Zeile.\n");
    let many: String = (0..150)
        .map(|i| format!("Line {i} of a long file.\n"))
        .collect();
    let many = write(&wd, "many.txt", many);
    for args in [
        vec!["align", &one, &many, "--pre-segmented"],
        // One text given twice is refused (see tests/cli/languages.rs), unless the
        // language check is off; then every sentence pairs with itself.
        vec!["align", &ar, &ar, "--no-language-check"],
        vec![
            "align",
            &ar,
            &many,
            "--src-lang",
            "zz",
            "--tgt-lang",
            "qq-Latn",
        ],
    ] {
        let output = wd.qantara(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    wd.assert_whole("qantara.db");
    // The same file on both sides pairs every sentence with itself.
    let pairs = wd.count(
        "qantara.db",
        "SELECT count(*) FROM translation_units WHERE source_text = target_text AND kind = '1-1'",
    );
    assert_eq!(pairs, 14);
}

#[test]
fn a_100_mb_line_is_one_sentence() {
    let wd = Workdir::new();
    let line = "word ".repeat(20_000_000) + "end";
    let path = write(&wd, "huge.txt", &line);
    let output = wd
        .qantara(&["segment", &path, "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout.len(), line.trim().len() + 1);
}

#[test]
fn a_locked_database_is_waited_for_then_named() {
    let wd = Workdir::new();
    wd.align_sample(&["-o", "-"]).assert().success();
    let holder = wd.db("qantara.db");
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    let output = wd
        .align_sample(&["--max-bead", "4", "-o", "-"])
        .env("QANTARA_BUSY_TIMEOUT", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("database qantara.db is locked by another process (waited 1 s"),
        "{stderr}"
    );
    assert!(started.elapsed() >= Duration::from_millis(900));
    holder.execute_batch("COMMIT").unwrap();
    drop(holder);
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 1);
    wd.align_sample(&["--max-bead", "4", "-o", "-"])
        .assert()
        .success();
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 2);
}

#[test]
fn a_corrupt_database_is_refused_with_its_name() {
    let wd = Workdir::new();
    wd.align_sample(&["-o", "-"]).assert().success();
    wd.db("qantara.db")
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let path = wd.path().join("qantara.db");
    let mut bytes = std::fs::read(&path).unwrap();
    for byte in bytes.iter_mut().skip(4096).step_by(7) {
        *byte ^= 0x5A;
    }
    std::fs::write(&path, bytes).unwrap();
    for args in [
        vec!["stats"],
        vec!["export", "--all"],
        vec!["search", "Idlib"],
    ] {
        let output = wd.qantara(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("database qantara.db"), "{args:?}: {stderr}");
    }
    let output = wd.align_sample(&["-o", "-"]).output().unwrap();
    assert_ne!(output.status.code(), Some(101));
}

/// A long pre-segmented pair (German and French numbered lines) for process faults.
fn long_pair(wd: &Workdir, sentences: usize) -> (String, String) {
    let text = |word: &str| -> String {
        (0..sentences)
            .map(|i| format!("{word} {i} {}.\n", "lorem ipsum ".repeat(1 + i % 7)))
            .collect()
    };
    (
        write(wd, "long.de", text("Satz")),
        write(wd, "long.fr", text("Phrase")),
    )
}

#[test]
fn two_writers_at_once_both_succeed_and_a_reader_sees_whole_alignments() {
    let wd = Workdir::new();
    let (de, fr) = long_pair(&wd, 1500);
    wd.align_sample(&["-o", "-"]).assert().success();
    let args = [
        "align",
        "--pre-segmented",
        &de,
        &fr,
        "--src-lang",
        "de",
        "--tgt-lang",
        "fr",
        "-o",
        "/dev/null",
    ];
    let mut first = wd.spawn(&args);
    let mut second = wd.spawn(&[&args[..], &["--max-bead", "3"]].concat());
    let reader = wd.db("qantara.db");
    let mut looks = 0;
    while first.try_wait().unwrap().is_none() || second.try_wait().unwrap().is_none() {
        let partial: i64 = reader
            .query_row(
                "SELECT count(*) FROM alignments a JOIN documents d ON d.id = a.source_document_id
                 WHERE (SELECT max(source_end) FROM beads b WHERE b.alignment_id = a.id) IS NOT d.sentence_count",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(partial, 0, "a reader saw half an alignment");
        looks += 1;
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(first.wait().unwrap().success() && second.wait().unwrap().success());
    assert!(looks > 0);
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 3);
    wd.assert_whole("qantara.db");
}

/// Kills `args` with SIGKILL after `delay`, then checks the database and that running
/// the command again finishes the job.
fn kill_and_rerun(wd: &Workdir, args: &[&str], db: &str, delay: Duration) {
    let mut child = wd.spawn(args);
    std::thread::sleep(delay);
    let _ = child.kill();
    child.wait().unwrap();
    if wd.path().join(db).exists() {
        wd.assert_whole(db);
    }
    let rerun = wd.qantara(args).output().unwrap();
    assert!(
        rerun.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    wd.assert_whole(db);
}

#[test]
fn kill_9_during_align_import_and_merge_leaves_whole_data() {
    let wd = Workdir::new();
    let (de, fr) = long_pair(&wd, 2000);
    let align = [
        "align",
        "--pre-segmented",
        &de,
        &fr,
        "--src-lang",
        "de",
        "--tgt-lang",
        "fr",
        "-o",
        "pairs.tmx",
    ];
    for delay in [50, 400, 1500] {
        kill_and_rerun(&wd, &align, "qantara.db", Duration::from_millis(delay));
    }
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 1);
    for delay in [20, 150, 600] {
        kill_and_rerun(
            &wd,
            &["import", "pairs.tmx", "--db", "imported.db"],
            "imported.db",
            Duration::from_millis(delay),
        );
    }
    assert_eq!(
        wd.count("imported.db", "SELECT count(*) FROM alignments"),
        1
    );
    for delay in [20, 150, 600] {
        kill_and_rerun(
            &wd,
            &["merge", "qantara.db", "imported.db", "-o", "merged.db"],
            "merged.db",
            Duration::from_millis(delay),
        );
    }
    assert_eq!(wd.count("merged.db", "SELECT count(*) FROM alignments"), 2);
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_database_stays_consistent() {
    let wd = Workdir::new();
    wd.align_sample(&["-o", "-"]).assert().success();
    let (de, fr) = long_pair(&wd, 3000);
    let binary = assert_cmd::cargo::cargo_bin("qantara");
    // A file-size limit makes writes past it fail (with SIGXFSZ ignored, as EFBIG), as a
    // full disk would.
    let script = format!(
        "trap '' XFSZ; ulimit -f 400; exec '{}' align --pre-segmented '{de}' '{fr}' --src-lang de --tgt-lang fr -o /dev/null",
        binary.display()
    );
    let output = Process::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(wd.path())
        .env_remove("QANTARA_DB")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: database qantara.db"), "{stderr}");
    wd.assert_whole("qantara.db");
    wd.assert_holds_the_sample_once();
}

#[test]
fn a_file_without_read_permission_is_named() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let wd = Workdir::new();
    let path = write(&wd, "secret.txt", "Ein Satz.\n");
    let mode = |path: &std::path::Path, mode| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    mode(&wd.path().join("secret.txt"), 0o000);
    // Root reads a file whatever its permission bits: as root, qantara runs as the user
    // nobody, from a copy of the binary in the working folder (which nobody may enter),
    // so that the file is as unreadable to it as to any user.
    let as_root = std::fs::read(wd.path().join("secret.txt")).is_ok();
    let binary = wd.path().join("qantara");
    let english = wd.path().join("english.txt");
    std::fs::copy(sample("idlib.en.txt"), &english).unwrap();
    if as_root {
        std::fs::copy(assert_cmd::cargo::cargo_bin("qantara"), &binary).unwrap();
        mode(&binary, 0o755);
        mode(&english, 0o644);
        mode(wd.path(), 0o777);
    }
    let english = english.to_str().unwrap();
    for args in [
        vec!["segment", &path],
        vec!["align", &path, english],
        vec!["import", &path],
    ] {
        let output = if as_root {
            std::process::Command::new(&binary)
                .args(&args)
                .current_dir(wd.path())
                .env_remove("QANTARA_DB")
                .uid(65534)
                .gid(65534)
                .output()
                .unwrap()
        } else {
            wd.qantara(&args).output().unwrap()
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot read") && stderr.contains("Permission denied"),
            "{stderr}"
        );
    }
    assert!(!wd.path().join("qantara.db").exists());
}

#[test]
fn a_database_named_like_a_uri_is_a_file_that_keeps_what_is_stored() {
    let wd = Workdir::new();
    let name = "file:x.db?mode=memory";
    wd.align_sample(&["-q", "--db", name]).assert().success();
    assert!(wd.path().join(name).is_file());
    assert_eq!(wd.count(name, "SELECT count(*) FROM alignments"), 1);
    wd.qantara(&["stats", "--db", name]).assert().success();
}

/// A query whose rows never end.
const ENDLESS: &str =
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n";

#[test]
fn an_endless_query_is_bounded_by_its_limit_or_its_timeout() {
    let wd = Workdir::new();
    wd.align_sample(&["-q"]).assert().success();
    for format in ["table", "csv", "json"] {
        let printed = crate::workdir::stdout_of(
            &mut wd.qantara(&["sql", ENDLESS, "--limit", "3", "--format", format]),
        );
        assert_eq!(printed.matches('3').count(), 1, "{format}: {printed}");
        assert!(!printed.contains('4'), "{format}: {printed}");
    }
    wd.qantara(&["sql", ENDLESS, "--timeout", "0.5", "--format", "csv"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "the query was stopped after 500ms (--timeout)",
        ));
}

#[test]
fn a_busy_timeout_that_is_no_number_of_seconds_is_refused() {
    let wd = Workdir::new();
    for value in ["1e308", "-1", "soon", "NaN"] {
        wd.align_sample(&["-q"])
            .env("QANTARA_BUSY_TIMEOUT", value)
            .assert()
            .code(1)
            .stderr(predicates::str::contains(format!(
                "QANTARA_BUSY_TIMEOUT=\"{value}\" is not a number of seconds"
            )));
    }
    wd.align_sample(&["-q"])
        .env("QANTARA_BUSY_TIMEOUT", "2.5")
        .assert()
        .success();
}

#[test]
fn more_jobs_than_cores_are_capped_with_a_message() {
    let wd = Workdir::new();
    let manifest = wd.write(
        "pairs.tsv",
        format!(
            "source\ttarget\n{}\t{}\n",
            crate::workdir::sample("idlib.ar.txt"),
            crate::workdir::sample("idlib.en.txt")
        ),
    );
    wd.qantara(&["batch", &manifest, "-j", "10000"])
        .assert()
        .success()
        .stderr(predicates::str::contains("-j 10000 is more than the"));
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 1);
}

#[test]
fn lookup_takes_one_segment_not_a_book() {
    let wd = Workdir::new();
    wd.align_sample(&["-q"]).assert().success();
    let book = "Turkey stressed the need. ".repeat(300);
    wd.qantara(&["lookup", &book, "--lang", "en"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "the sentence has 1200 words: lookup takes one segment of at most 1000",
        ));
}

#[test]
fn a_full_stdout_is_an_error_and_a_full_stderr_is_no_reason_to_stop() {
    let wd = Workdir::new();
    let manifest = wd.write(
        "pairs.tsv",
        format!(
            "source\ttarget\n{}\t{}\n",
            sample("idlib.ar.txt"),
            sample("idlib.en.txt")
        ),
    );
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let batch = Process::new(assert_cmd::cargo::cargo_bin("qantara"))
        .current_dir(wd.path())
        .args(["batch", &manifest])
        .stdout(full())
        .output()
        .unwrap();
    assert_eq!(batch.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&batch.stderr).contains("No space left on device"));
    let align = Process::new(assert_cmd::cargo::cargo_bin("qantara"))
        .current_dir(wd.path())
        .args(["align", &sample("idlib.ar.txt"), &sample("idlib.en.txt")])
        .stdout(std::process::Stdio::null())
        .stderr(full())
        .status()
        .unwrap();
    assert_eq!(align.code(), Some(0));
}

#[test]
fn a_manifest_naming_a_pair_twice_is_refused_with_the_first_line() {
    let wd = Workdir::new();
    let (ar, en) = (sample("idlib.ar.txt"), sample("idlib.en.txt"));
    std::fs::copy(&en, wd.path().join("en.txt")).unwrap();
    let manifest = wd.write(
        "pairs.tsv",
        format!("source\ttarget\n{ar}\ten.txt\n{ar}\t./en.txt\n"),
    );
    wd.qantara(&["batch", &manifest])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("line 3: the same pair as line 2"));
    assert!(!wd.path().join("qantara.db").exists());
}

#[test]
fn a_fifo_named_in_a_manifest_fails_its_pair_and_the_run_goes_on() {
    let wd = Workdir::new();
    let fifo = wd.path().join("pipe.txt");
    let made = Process::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let (ar, en) = (sample("idlib.ar.txt"), sample("idlib.en.txt"));
    let manifest = wd.write(
        "pairs.tsv",
        format!("source\ttarget\n{ar}\tpipe.txt\n{ar}\t{en}\n"),
    );
    let output = wd.qantara(&["batch", &manifest]).assert().code(1);
    let stdout = String::from_utf8_lossy(&output.get_output().stdout).into_owned();
    assert!(stdout.contains("is not a regular file"), "{stdout}");
    assert_eq!(wd.count("qantara.db", "SELECT count(*) FROM alignments"), 1);
}

#[test]
fn an_alignment_named_twice_is_exported_once() {
    let wd = Workdir::new();
    wd.align_sample(&["-q"]).assert().success();
    let tsv = crate::workdir::stdout_of(&mut wd.qantara(&[
        "export",
        "--alignment",
        "1",
        "--alignment",
        "1",
        "--format",
        "tsv",
    ]));
    assert_eq!(
        tsv.lines().count(),
        1 + 13,
        "a header and the 13 pairs once"
    );
}

#[test]
fn a_pair_under_way_when_two_runs_died_is_recorded_failed_and_the_run_goes_on() {
    let wd = Workdir::new();
    let (long_source, long_target) = long_pair(&wd, 6_000);
    let manifest = wd.write(
        "pairs.tsv",
        format!(
            "id\tsource\ttarget\nlong\t{long_source}\t{long_target}\nsample\t{}\t{}\n",
            sample("idlib.ar.txt"),
            sample("idlib.en.txt")
        ),
    );
    let progress = wd.path().join("qantara.db.batch-progress");
    // The sample is Arabic and English, declared otherwise: the language check is off.
    let args = [
        "batch",
        manifest.as_str(),
        "-j",
        "1",
        "--src-lang",
        "de",
        "--tgt-lang",
        "fr",
        "--no-language-check",
    ];
    // Two runs die (kill -9, as an out-of-memory abort would) while the long pair is
    // under way: one worker takes the pairs in order, the long one first.
    for run in 0..2 {
        let mut child = wd.spawn(&args);
        let deadline = Instant::now() + Duration::from_secs(120);
        // The second run's file says the long pair is suspect before it takes it up.
        let under_way = |text: &str| {
            let started = text.contains(&format!("[\"start\",\"{long_source}\""));
            started && (run == 0 || text.starts_with("[\"suspect\""))
        };
        while !std::fs::read_to_string(&progress).is_ok_and(|text| under_way(&text)) {
            assert!(
                Instant::now() < deadline,
                "the long pair was never taken up"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap();
        child.wait().unwrap();
    }
    let output = wd.qantara(&args).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "one pair failed");
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("the batch stopped twice while aligning this pair"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM batch_pairs WHERE pair = 'long' AND status = 'failed'"
        ),
        1
    );
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM batch_pairs WHERE pair = 'sample' AND status = 'aligned'"
        ),
        1
    );
    // The run ended in order: the file keeps only the pair left out, and the next run
    // leaves it out too, instead of dying at it again.
    let kept = std::fs::read_to_string(&progress).unwrap();
    assert_eq!(kept.lines().count(), 1, "{kept}");
    assert!(kept.starts_with("[\"out\""), "{kept}");
    let output = wd.qantara(&args).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("the batch stopped twice"));
    wd.assert_whole("qantara.db");
}
