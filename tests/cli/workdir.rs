//! A temporary working directory in which to run `qantara`, with helpers to reach the
//! sample files and the database.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use qantara::lexicon::dictd::base64_text;

/// A temporary directory that is the working directory of the commands it makes.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    /// A new, empty working directory.
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    /// The directory's path.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `qantara ARGS…` run in this directory, with no `QANTARA_DB` from outside.
    pub fn qantara(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("qantara").expect("qantara binary");
        cmd.current_dir(self.path())
            .env_remove("QANTARA_DB")
            .args(args);
        cmd
    }

    /// `qantara align` on the Arabic sample and its English translation, with `extra`
    /// arguments after the two files.
    pub fn align_sample(&self, extra: &[&str]) -> Command {
        let mut cmd = self.qantara(&["align", &sample("idlib.ar.txt"), &sample("idlib.en.txt")]);
        cmd.args(extra);
        cmd
    }

    /// Writes `contents` to `name` in this directory and returns its path as a string.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.path().join(name);
        std::fs::write(&path, contents).expect("write test file");
        path.to_str().expect("UTF-8 path").to_owned()
    }

    /// Opens the database `name` in this directory.
    pub fn db(&self, name: &str) -> rusqlite::Connection {
        rusqlite::Connection::open(self.path().join(name)).expect("open database")
    }

    /// Checks that `qantara.db` holds the sample aligned once and whole: its two
    /// documents, their 14 + 18 sentences, one alignment and its 13 beads.
    pub fn assert_holds_the_sample_once(&self) {
        let count =
            |table: &str| self.count("qantara.db", &format!("SELECT count(*) FROM {table}"));
        assert_eq!(count("documents"), 2);
        assert_eq!(count("segments"), 14 + 18);
        assert_eq!(count("alignments"), 1);
        assert_eq!(count("beads"), 13);
    }

    /// Checks that database `db` holds whole alignments only: SQLite finds no damage,
    /// every alignment has beads and every document all its sentences. A database killed
    /// before its schema was committed is empty, and whole too.
    pub fn assert_whole(&self, db: &str) {
        let check: String = self
            .db(db)
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(check, "ok", "{db}");
        let count = |sql: &str| self.count(db, sql);
        if count("SELECT count(*) FROM sqlite_master WHERE name = 'alignments'") == 0 {
            return;
        }
        assert_eq!(
            count(
                "SELECT count(*) FROM alignments a WHERE NOT EXISTS (SELECT 1 FROM beads b WHERE b.alignment_id = a.id)"
            ),
            0,
            "{db}: an alignment without beads"
        );
        assert_eq!(
            count(
                "SELECT count(*) FROM documents d WHERE sentence_count <> (SELECT count(*) FROM segments s WHERE s.document_id = d.id)"
            ),
            0,
            "{db}: a document without its sentences"
        );
    }

    /// Starts `qantara ARGS…` in this directory without waiting for it, its output
    /// discarded: for killing it, or running another beside it.
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("qantara"))
            .current_dir(self.path())
            .env_remove("QANTARA_DB")
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start qantara")
    }

    /// The result of a query that returns one integer.
    pub fn count(&self, db: &str, sql: &str) -> i64 {
        self.db(db).query_row(sql, [], |row| row.get(0)).expect(sql)
    }
}

/// Runs `cmd`, checks that it succeeds, and returns what it printed on stdout.
pub fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(output).expect("UTF-8 output")
}

/// The reference alignment of the sample, as its file holds it.
pub fn sample_gold() -> String {
    std::fs::read_to_string(sample("idlib.gold")).expect("sample reference")
}

/// The path of a file in the repository's `samples/` folder.
pub fn sample(name: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "samples", name]
        .iter()
        .collect();
    path.to_str().expect("UTF-8 path").to_owned()
}

/// A dictd dictionary (`NAME.index` and a gzip `NAME.dict.dz`, as FreeDict's are
/// installed) of `entries` (headword, translations), written into `folder`.
pub fn write_dictd(folder: &std::path::Path, name: &str, entries: &[(String, Vec<String>)]) {
    use std::io::Write;
    let (mut index, mut body) = (String::new(), String::new());
    let mut add = |headword: &str, text: String| {
        index.push_str(&format!(
            "{headword}\t{}\t{}\n",
            base64_text(body.len()),
            base64_text(text.len())
        ));
        body.push_str(&text);
    };
    add(
        "00databaseshort",
        "00-database-short\nA test dictionary\n".to_owned(),
    );
    for (headword, translations) in entries {
        let senses = match translations.as_slice() {
            [one] => format!("{one}\n"),
            many => many
                .iter()
                .enumerate()
                .map(|(k, t)| format!("{}. {t}\n", k + 1))
                .collect(),
        };
        add(headword, format!("{headword} /pron/ <n>\n{senses}"));
    }
    std::fs::create_dir_all(folder).unwrap();
    std::fs::write(folder.join(format!("{name}.index")), index).unwrap();
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gzip.write_all(body.as_bytes()).unwrap();
    std::fs::write(
        folder.join(format!("{name}.dict.dz")),
        gzip.finish().unwrap(),
    )
    .unwrap();
}
