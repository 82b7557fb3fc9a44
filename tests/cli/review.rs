//! `qantara review`: the HTTP API of the review server (each edit, undo, revisions
//! saved and exported, the token and the `Host` and `Origin` checks, text kept as text).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use crate::workdir::{Workdir, sample_gold, stdout_of};

/// A review server started on alignment `id` of `qantara.db` in a working directory,
/// stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    token: String,
}

impl Server {
    fn start(wd: &Workdir, id: &str) -> Server {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("qantara"))
            .current_dir(wd.path())
            .env_remove("QANTARA_DB")
            .args(["review", id, "-q"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the review server");
        let mut url = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut url)
            .expect("the server's URL");
        let url = url.trim();
        let rest = url.strip_prefix("http://127.0.0.1:").expect(url);
        let (port, token) = rest.split_once("/?token=").expect(url);
        Server {
            child,
            port: port.parse().expect("port"),
            token: token.to_owned(),
        }
    }

    /// Sends a request with the server's own `Host` and the headers given; returns the
    /// status and the body.
    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        let host = format!("127.0.0.1:{}", self.port);
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        if !headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("host"))
        {
            request.push_str(&format!("Host: {host}\r\n"));
        }
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").expect("a response");
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_owned()
        };
        (status, body)
    }

    /// `POST`s `edit` (JSON) to `path` with the token; returns the status and the body.
    fn post(&self, path: &str, body: &str) -> (u16, String) {
        let path = format!("{path}?token={}", self.token);
        self.request("POST", &path, &[("Content-Type", "application/json")], body)
    }

    /// The alignment as the API gives it.
    fn alignment(&self) -> serde_json::Value {
        let (status, body) = self.request(
            "GET",
            &format!("/api/alignment?token={}", self.token),
            &[],
            "",
        );
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A chunked body, put together.
fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    out
}

/// The beads of the API's alignment as `[source]:[target]` pairs.
fn shape(alignment: &serde_json::Value) -> Vec<String> {
    alignment["beads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| format!("{}:{}", b["source"], b["target"]))
        .collect()
}

#[test]
fn every_edit_is_a_saved_revision_and_export_takes_the_latest() {
    let wd = Workdir::new();
    wd.align_sample(&["-q", "-o", "first.tsv"])
        .assert()
        .success();
    let server = Server::start(&wd, "1");
    let start = shape(&server.alignment());
    assert_eq!(start[0], "[0,1]:[0,2]");
    // Join the first two beads, then split them back where they were.
    let (status, body) = server.post("/api/edit", r#"{"op":"join","bead":0}"#);
    assert_eq!(status, 200, "{body}");
    let joined: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(shape(&joined)[0], "[0,2]:[0,3]");
    assert_eq!(joined["method"], "reviewed");
    let (status, body) = server.post(
        "/api/edit",
        r#"{"op":"split","bead":0,"source_at":1,"target_at":2}"#,
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(shape(&serde_json::from_str(&body).unwrap()), start);
    // Move, give a sentence no translation, confirm; then undo all three.
    for edit in [
        r#"{"op":"move","bead":1,"side":"target","forward":false}"#,
        r#"{"op":"untranslated","bead":2,"side":"target","last":true}"#,
        r#"{"op":"confirm","bead":5}"#,
    ] {
        let (status, body) = server.post("/api/edit", edit);
        assert_eq!(status, 200, "{edit}: {body}");
    }
    let edited = server.alignment();
    assert_eq!(shape(&edited)[0], "[0,1]:[0,3]");
    for _ in 0..3 {
        let (status, body) = server.post("/api/undo", "{}");
        assert_eq!(status, 200, "{body}");
    }
    let undone = server.alignment();
    assert_eq!(shape(&undone), start);
    let revisions = undone["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 9, "revision 0, five edits, three undos");
    assert_eq!(revisions[0]["method"], "qantara");
    assert_eq!(revisions[1]["edit"], "join 0 with 1");
    // An impossible edit is refused and changes nothing.
    let (status, body) = server.post("/api/edit", r#"{"op":"join","bead":12}"#);
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("no bead 13"), "{body}");
    drop(server);
    // What the database holds: the latest revision in the beads, every revision kept.
    assert_eq!(
        wd.count("qantara.db", "SELECT count(*) FROM alignment_revisions"),
        9
    );
    let exported = stdout_of(&mut wd.qantara(&["export", "--alignment", "1", "--format", "beads"]));
    assert_eq!(exported, sample_gold());
    // Aligning the pair again keeps the reviewed alignment beside the new one.
    wd.align_sample(&["-q", "-o", "again.tsv"])
        .assert()
        .success();
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM alignments WHERE method = 'reviewed'"
        ),
        1
    );
}

#[test]
fn requests_without_the_token_or_from_elsewhere_are_refused() {
    let wd = Workdir::new();
    wd.align_sample(&["-q", "-o", "first.tsv"])
        .assert()
        .success();
    let server = Server::start(&wd, "1");
    let ok = format!("/api/alignment?token={}", server.token);
    assert_eq!(server.request("GET", &ok, &[], "").0, 200);
    assert_eq!(server.request("GET", "/api/alignment", &[], "").0, 403);
    assert_eq!(
        server
            .request("GET", "/api/alignment?token=0000", &[], "")
            .0,
        403
    );
    assert_eq!(server.request("GET", "/?token=wrong", &[], "").0, 403);
    // DNS rebinding: a name that resolves to 127.0.0.1 but is not the server's.
    let rebound = format!("attacker.example:{}", server.port);
    assert_eq!(server.request("GET", &ok, &[("Host", &rebound)], "").0, 403);
    // A write from another site's page, and one that is no JSON.
    let undo = format!("/api/undo?token={}", server.token);
    let json = ("Content-Type", "application/json");
    let (status, _) = server.request(
        "POST",
        &undo,
        &[json, ("Origin", "http://attacker.example")],
        "{}",
    );
    assert_eq!(status, 403);
    let form = ("Content-Type", "application/x-www-form-urlencoded");
    assert_eq!(
        server
            .request(
                "POST",
                &format!("/api/edit?token={}", server.token),
                &[form],
                "op=join"
            )
            .0,
        415
    );
    // The server's own page may write (nothing to undo yet: refused as such).
    let own = format!("http://127.0.0.1:{}", server.port);
    let (status, body) = server.request("POST", &undo, &[json, ("Origin", &own)], "{}");
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("nothing to undo"), "{body}");
    assert_eq!(
        wd.count("qantara.db", "SELECT count(*) FROM alignment_revisions"),
        0
    );
}

/// A working directory whose database holds, as alignment 1, a pair whose text looks like
/// markup (`<script>`, `<b>`).
fn with_markup_in_its_text() -> Workdir {
    let wd = Workdir::new();
    align_english_french(
        &wd,
        "Press <script>alert(1)</script> now. Then stop.\n",
        "Appuyez sur <b>maintenant</b>. Puis arrêtez.\n",
    );
    wd
}

/// Aligns an English and a French text in `wd` and stores them.
fn align_english_french(wd: &Workdir, english: &str, french: &str) {
    let number = std::fs::read_dir(wd.path()).unwrap().count();
    let source = wd.write(&format!("en-{number}.txt"), english);
    let target = wd.write(&format!("fr-{number}.txt"), french);
    wd.qantara(&[
        "align",
        &source,
        &target,
        "--src-lang",
        "en",
        "--tgt-lang",
        "fr",
        "-q",
        "--no-language-check",
        "-o",
        "out.tsv",
    ])
    .assert()
    .success();
}

#[test]
fn the_page_keeps_text_as_text() {
    let wd = with_markup_in_its_text();
    let server = Server::start(&wd, "1");
    let (status, page) = server.request("GET", &format!("/?token={}", server.token), &[], "");
    assert_eq!(status, 200);
    assert!(
        !page.contains("alert(1)"),
        "the page holds no text of the alignment"
    );
    assert!(page.contains("textContent"), "the page writes text as text");
    let alignment = server.alignment();
    assert_eq!(
        alignment["source"]["sentences"][0],
        "Press <script>alert(1)</script> now."
    );
}

#[test]
fn doubt_is_marked_where_translators_look() {
    let wd = Workdir::new();
    // The sample's beads all have confidence above 0.9: a threshold of 1 marks them all.
    let assert = wd.align_sample(&["-o", "first.tsv"]).assert().success();
    let said = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(said.contains("0 below 0.9, 0 below 0.5"), "{said}");
    let xliff = stdout_of(&mut wd.qantara(&[
        "export",
        "--all",
        "--format",
        "xliff",
        "--review-below",
        "1",
    ]));
    assert_eq!(
        xliff.matches("state=\"needs-review-translation\"").count(),
        13
    );
    assert_eq!(
        xliff.matches("<note from=\"qantara\">confidence ").count(),
        13
    );
    let sure = stdout_of(&mut wd.qantara(&["export", "--all", "--format", "xliff"]));
    assert_eq!(sure.matches("state=\"translated\"").count(), 13);
    // The XLIFF reads back as the same pairs.
    wd.write("memory.xlf", &sure);
    wd.qantara(&["import", "memory.xlf", "--db", "again.db"])
        .assert()
        .success();
    let pairs = |db: &str| {
        stdout_of(&mut wd.qantara(&[
            "sql",
            "SELECT source_text, target_text FROM translation_units ORDER BY alignment_id, bead",
            "--db",
            db,
            "--format",
            "csv",
        ]))
    };
    assert_eq!(pairs("again.db"), pairs("qantara.db"));
    let tmx =
        stdout_of(&mut wd.qantara(&["export", "--all", "--format", "tmx", "--review-below", "1"]));
    assert_eq!(tmx.matches("<note>qantara: confidence ").count(), 13);
    // Sure and doubtful pairs in two files.
    wd.qantara(&[
        "export",
        "--all",
        "-o",
        "memory.tmx",
        "--split-at",
        "0.9995",
    ])
    .assert()
    .success();
    let sure = std::fs::read_to_string(wd.path().join("memory.sure.tmx")).unwrap();
    let doubtful = std::fs::read_to_string(wd.path().join("memory.doubtful.tmx")).unwrap();
    assert_eq!(
        sure.matches("<tu>").count() + doubtful.matches("<tu>").count(),
        13
    );
    assert!(doubtful.matches("<tu>").count() > 0 && sure.matches("<tu>").count() > 0);
    assert_eq!(
        doubtful.matches("<tu>").count(),
        doubtful.matches("<note>").count()
    );
}

#[test]
fn the_html_report_is_self_contained_and_keeps_text_as_text() {
    let wd = with_markup_in_its_text();
    wd.qantara(&["export", "--alignment", "1", "-o", "report.html"])
        .assert()
        .success();
    let report = std::fs::read_to_string(wd.path().join("report.html")).unwrap();
    assert!(report.contains("window.QANTARA_REPORT"));
    assert!(
        !report.contains("<script>alert"),
        "a segment's markup is no markup of the report"
    );
    assert!(report.contains("\\u003cscript>alert(1)\\u003c/script>"));
    // Nothing is fetched: no source, link or request in the file.
    for request in ["src=", "href=", "fetch(\"http", "@import", "url("] {
        assert!(!report.contains(request), "{request}");
    }
    wd.qantara(&["export", "--all", "--format", "html"])
        .assert()
        .success();
    align_english_french(
        &wd,
        "Other text here. And more.\n",
        "Autre texte ici. Et plus.\n",
    );
    wd.qantara(&["export", "--all", "--format", "html"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "--format html describes one alignment",
        ));
}
