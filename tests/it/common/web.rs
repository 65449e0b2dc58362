//! `certdesk serve --http` for the web tests: the server on a port of its own, asked with curl.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use super::TestDb;
pub use super::served::COURSE;

/// Debian's headless Chromium, the browser on a phone the pages are looked at with.
pub const CHROMIUM: &str = "/usr/bin/chromium-headless-shell";

/// A running `certdesk serve --http` on a port of its own, killed when dropped.
pub struct Web {
    child: Child,
    /// `http://127.0.0.1:PORT`, what every path is asked under.
    pub base: String,
    /// What the server said on stderr after it started listening, line by line.
    log: Arc<Mutex<Vec<String>>>,
}

impl Web {
    pub fn start(db: &TestDb, extra: &[&str]) -> Web {
        let mut child = db
            .command(&["serve", "--http", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start certdesk serve");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let base = loop {
            let line = lines.next().expect("the server said where it listens").expect("read");
            if let Some(rest) = line.strip_prefix("certdesk serve: learners' pages at ") {
                break rest.trim_end_matches("/verify").to_string();
            }
        };
        // Keep reading what the server says so that it never blocks on a full pipe.
        let log = Arc::new(Mutex::new(Vec::new()));
        let kept = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(line);
            }
        });
        Web { child, base, log }
    }

    /// The lines of the server's log so far that contain `text`.
    pub fn logged(&self, text: &str) -> Vec<String> {
        let log = self.log.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        log.iter().filter(|line| line.contains(text)).cloned().collect()
    }

    /// `curl` with `args` on `path`: (status, headers, body).
    pub fn curl(&self, path: &str, args: &[&str]) -> (u16, String, String) {
        let output = Command::new("curl")
            .args(["-s", "-D", "-", "--max-time", "20"])
            .args(args)
            .arg(format!("{}{path}", self.base))
            .output()
            .expect("run curl");
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split_whitespace().nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
        (status, head.to_lowercase(), body.to_string())
    }

    pub fn get(&self, path: &str) -> (u16, String, String) {
        self.curl(path, &[])
    }

    pub fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, _, body) = self.curl(path, &["-H", "Accept: application/json"]);
        (status, serde_json::from_str(&body).unwrap_or_else(|_| panic!("JSON from {path}: {body}")))
    }
}

impl Drop for Web {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The sample course with its examples made and its certificates issued.
pub fn certified() -> TestDb {
    let db = TestDb::with_sample();
    db.ok(&["examples", COURSE]);
    db.ok(&["generate", COURSE]);
    db
}

/// `username`'s latest certificate, as `certificates --all --json` lists it.
pub fn certificate_of(db: &TestDb, username: &str) -> serde_json::Value {
    let list = db.json(&["certificates", COURSE, "--all", "--json"]);
    list.as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|row| row["username"] == username)
        .unwrap_or_else(|| panic!("{username} has a certificate"))
        .clone()
}
