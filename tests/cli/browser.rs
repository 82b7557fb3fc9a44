//! The review page in a real browser: headless Chromium driven over WebDriver (the
//! Debian packages `chromium` and `chromium-driver`, which `.ci/run` installs). The
//! sample's page is opened, two rows joined, one split and a sentence moved with the
//! keyboard, the page reloaded, and the database checked: the corrected alignment is the
//! reference. The read-only HTML report opens with no request leaving the file.
//! Screenshots go to `review-page.png` and `review-report.png` in the build's scratch
//! directory (`target/tmp`, or `tmp` under `CARGO_TARGET_DIR`).
//!
//! WebDriver is plain HTTP with JSON: a few requests over a socket drive the browser, with
//! no client library.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::workdir::{Workdir, sample_gold, stdout_of};

/// A process killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free port on 127.0.0.1.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One HTTP request with a JSON body to 127.0.0.1:`port`; the response's JSON. The body
/// is read by its length (chromedriver may keep the connection open).
fn call(port: u16, method: &str, path: &str, body: Option<&Value>) -> Value {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromedriver");
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut length = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end().to_ascii_lowercase();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("content-length:") {
            length = value.trim().parse::<usize>().ok();
        }
        chunked |= line.starts_with("transfer-encoding:") && line.contains("chunked");
    }
    let mut bytes = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).unwrap();
            let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if size == 0 {
                break;
            }
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).unwrap();
            bytes.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(length) = length {
        bytes.resize(length, 0);
        reader.read_exact(&mut bytes).unwrap();
    } else {
        reader.read_to_end(&mut bytes).unwrap();
    }
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

/// A browser session.
struct Browser {
    port: u16,
    session: String,
    _driver: Running,
}

impl Browser {
    /// Chromium, headless, through chromedriver; none when chromedriver is not installed.
    fn start() -> Option<Browser> {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let driver = Running(driver);
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--window-size=1400,1000"]}
        }}});
        let created = call(port, "POST", "/session", Some(&capabilities));
        let session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {created}"))
            .to_owned();
        Some(Browser {
            port,
            session,
            _driver: driver,
        })
    }

    fn command(&self, method: &str, what: &str, body: Option<&Value>) -> Value {
        let path = format!("/session/{}/{what}", self.session);
        call(self.port, method, &path, body)["value"].clone()
    }

    fn open(&self, url: &str) {
        self.command("POST", "url", Some(&json!({ "url": url })));
    }

    /// Runs `script` in the page and returns its value.
    fn run(&self, script: &str) -> Value {
        self.command(
            "POST",
            "execute/sync",
            Some(&json!({"script": script, "args": []})),
        )
    }

    /// Waits until `script` is true in the page.
    fn wait_for(&self, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.run(&format!("return Boolean({script});")) != Value::Bool(true) {
            assert!(Instant::now() < deadline, "the page never had {script}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Presses `key` as the keyboard does.
    fn press(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]});
        self.command("POST", "actions", Some(&actions));
    }

    /// Saves a screenshot of the page as a PNG file.
    fn screenshot(&self, path: &Path) {
        let png = self.command("GET", "screenshot", None);
        let bytes = base64_decode(png.as_str().expect("a screenshot"));
        std::fs::write(path, bytes).expect("write the screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        call(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
    }
}

/// Standard base64 (as WebDriver sends screenshots).
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = text
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (k, &c) in chunk.iter().enumerate() {
            n |= u32::from(value(c)) << (18 - 6 * k);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// The rows of the page as `[source]:[target]` bead lists, read from the page.
const ROWS: &str = "return Array.from(document.querySelectorAll('#rows tr')).map(row => {
    const numbers = cell => Array.from(row.querySelectorAll(cell + ' .sentence')).map(s => s.dataset.sentence);
    return '[' + numbers('td.source').join(', ') + ']:[' + numbers('td.target').join(', ') + ']';
}).join('\\n') + '\\n';";

#[test]
fn a_reviewer_corrects_the_sample_with_the_keyboard_and_the_report_opens_alone() {
    let Some(browser) = Browser::start() else {
        eprintln!(
            "chromedriver is not installed (apt-get install chromium chromium-driver): the page is not checked in a browser here"
        );
        return;
    };
    let wd = Workdir::new();
    wd.align_sample(&["-q", "-o", "pairs.tsv"])
        .assert()
        .success();
    let mut server = Command::new(assert_cmd::cargo::cargo_bin("qantara"))
        .current_dir(wd.path())
        .env_remove("QANTARA_DB")
        .args(["review", "1", "-q"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let _server = Running(server);
    browser.open(url.trim());
    browser.wait_for("document.querySelectorAll('#rows tr').length === 13");
    let gold = sample_gold();
    assert_eq!(browser.run(ROWS), Value::String(gold.clone()));
    // Join the first two rows (J), split the result after its first sentences (s), and
    // move the second row's first target sentence up ({): the reference again, reached
    // through three edits.
    browser.press("J");
    browser.wait_for("document.querySelectorAll('#rows tr').length === 12");
    browser.press("s");
    browser.wait_for("document.querySelectorAll('#rows tr').length === 13");
    browser.press("j");
    browser.press("{");
    browser.wait_for("document.getElementById('status').textContent === 'saved as revision 3'");
    assert_eq!(browser.run(ROWS), Value::String(gold.clone()));
    // Reloaded, the page shows what was saved.
    browser.open(url.trim());
    browser.wait_for("document.querySelectorAll('#revisions div').length === 4");
    assert_eq!(browser.run(ROWS), Value::String(gold.clone()));
    // Cargo's scratch directory for integration tests, which exists wherever the build
    // goes (`target/` of the sources does not under another `CARGO_TARGET_DIR`).
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"));
    browser.screenshot(&target.join("review-page.png"));
    // The database holds the corrected alignment, and it is the reference.
    assert_eq!(
        wd.count("qantara.db", "SELECT count(*) FROM alignment_revisions"),
        4
    );
    assert_eq!(
        wd.count(
            "qantara.db",
            "SELECT count(*) FROM alignments WHERE method = 'reviewed'"
        ),
        1
    );
    let exported = stdout_of(&mut wd.qantara(&["export", "--alignment", "1", "--format", "beads"]));
    assert_eq!(exported, gold);
    // The report: one file, everything in it.
    wd.qantara(&["export", "--alignment", "1", "-o", "report.html"])
        .assert()
        .success();
    browser.open(&format!(
        "file://{}",
        wd.path().join("report.html").display()
    ));
    browser.wait_for("document.querySelectorAll('#rows tr').length === 13");
    assert_eq!(
        browser.run("return performance.getEntriesByType('resource').length;"),
        json!(0),
        "the report fetched something"
    );
    assert_eq!(browser.run(ROWS), Value::String(gold));
    browser.screenshot(&target.join("review-report.png"));
}
