//! A real SMTP server on loopback (aiosmtpd, run by Debian's Python) that keeps every message
//! it accepts, and Python's email parser to read them back.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::TestDb;

/// The sample course, which the helpers at the end of this file make ready to mail.
const SAMPLE_COURSE: &str = "middle-earth-101";

/// Debian's Python, which has python3-aiosmtpd (another python3 may come first in PATH).
pub const PYTHON: &str = "/usr/bin/python3";

fn support(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support").join(file)
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

pub struct SmtpSink {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

impl SmtpSink {
    /// A server that does not take international addresses (SMTPUTF8), as aiosmtpd by default.
    pub fn start() -> SmtpSink {
        SmtpSink::start_with(&[])
    }

    /// A server that takes international addresses (SMTPUTF8).
    pub fn start_international() -> SmtpSink {
        SmtpSink::start_with(&["smtputf8"])
    }

    fn start_with(options: &[&str]) -> SmtpSink {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let mut child = Command::new(PYTHON)
            .arg(support("smtp_sink.py"))
            .arg(port.to_string())
            .arg(dir.path())
            .args(options)
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the SMTP sink (python3-aiosmtpd)");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().expect("stdout")).read_line(&mut line).expect("read");
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        SmtpSink { child, port, dir }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Refuses mail to (550 at RCPT TO) and from (553 at MAIL FROM) these addresses from now on.
    pub fn refuse(&self, addresses: &[&str]) {
        std::fs::write(self.dir.path().join("refuse"), addresses.join("\n")).expect("write refuse");
    }

    /// Turns mail to these addresses away for now (450 at RCPT TO) from now on.
    pub fn defer(&self, addresses: &[&str]) {
        std::fs::write(self.dir.path().join("defer"), addresses.join("\n")).expect("write defer");
    }

    /// Gives every message this answer at `stage` (MAIL, RCPT or DATA) from now on, as
    /// `answer_every("RCPT", "554 5.7.1 Relay access denied")`; `None` answers as usual again.
    pub fn answer_every(&self, answer: Option<(&str, &str)>) {
        let line = answer.map(|(stage, reply)| format!("{stage} {reply}\n")).unwrap_or_default();
        std::fs::write(self.dir.path().join("every"), line).expect("write every");
    }

    /// Waits this long, each message written, before saying it is taken, from now on.
    pub fn slow(&self, seconds: u64) {
        std::fs::write(self.dir.path().join("slow"), seconds.to_string()).expect("write slow");
    }

    /// Closes the connection once each message is written, without an answer, from now on.
    pub fn hang_up(&self) {
        std::fs::write(self.dir.path().join("hangup"), "").expect("write hangup");
    }

    /// The answers other than 250 the server gave, one a line as `STAGE ADDRESS REPLY`.
    pub fn refusals(&self) -> Vec<String> {
        let answers = std::fs::read_to_string(self.dir.path().join("answers")).unwrap_or_default();
        answers.lines().map(str::to_string).collect()
    }

    pub fn count(&self) -> usize {
        std::fs::read_dir(self.dir.path())
            .expect("read dir")
            .filter(|entry| entry.as_ref().is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".eml")))
            .count()
    }

    /// Every message received so far, parsed by Python's email package.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        let output = Command::new(PYTHON).arg(support("eml.py")).arg(self.dir.path()).output().expect("run eml.py");
        assert!(output.status.success(), "eml.py: {}", String::from_utf8_lossy(&output.stderr));
        let parsed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        parsed.as_array().expect("a list").clone()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The text `pdftotext` reads from a PDF file.
pub fn pdf_text(path: &str) -> String {
    let output = Command::new("pdftotext").args([path, "-"]).output().expect("pdftotext");
    assert!(output.status.success(), "pdftotext {path}");
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The title of a PDF file as `pdfinfo` reads it (what a viewer's title bar shows).
pub fn pdf_title(path: &str) -> String {
    let output = Command::new("pdfinfo").arg(path).output().expect("pdfinfo");
    assert!(output.status.success(), "pdfinfo {path}");
    let info = String::from_utf8(output.stdout).expect("utf-8");
    info.lines().find_map(|line| line.strip_prefix("Title:")).map(|title| title.trim().to_string()).unwrap_or_default()
}

/// The sample course with its certificates issued and mail settings kept.
pub fn certified(sink: &SmtpSink) -> TestDb {
    let db = TestDb::with_sample();
    db.ok(&["examples", SAMPLE_COURSE]);
    db.ok(&["generate", SAMPLE_COURSE]);
    db.ok(&["mail-settings", "--smtp", &sink.url(), "--from", "Course Team <team@example.org>", "--rate", "6000"]);
    db
}

/// The sample course with one more learner, `row` in the roster, who passes; certificates
/// issued and mail settings kept.
pub fn certified_with(sink: &SmtpSink, row: &str) -> TestDb {
    let db = TestDb::new();
    import_with(&db, row);
    db.ok(&["examples", SAMPLE_COURSE]);
    db.ok(&["generate", SAMPLE_COURSE]);
    db.ok(&["mail-settings", "--smtp", &sink.url(), "--from", "Course Team <team@example.org>", "--rate", "6000"]);
    db
}

/// Imports the sample course with one more learner, `row` in the roster, who passes.
pub fn import_with(db: &TestDb, row: &str) {
    let folder = db.sample_copy("course");
    let append = |file: &str, line: &str| {
        let text = std::fs::read_to_string(folder.join(file)).unwrap();
        std::fs::write(folder.join(file), format!("{text}{line}\n")).unwrap();
    };
    append("roster.csv", row);
    let username = row.split(',').next().unwrap();
    append("grades.csv", &format!("{username},10,10,10,10,10,10,10,10,10,10"));
    db.ok(&["import", folder.to_str().unwrap()]);
}

/// The course's certificates in force, as `certificates --json` lists them.
pub fn certificates(db: &TestDb) -> Vec<serde_json::Value> {
    db.json(&["certificates", SAMPLE_COURSE, "--json"]).as_array().expect("a list").clone()
}

/// Each learner's address (lowercased) and username.
pub fn gradebook_emails(db: &TestDb) -> HashMap<String, String> {
    let gradebook = db.json(&["gradebook", SAMPLE_COURSE, "--json"]);
    gradebook["learners"]
        .as_array()
        .expect("learners")
        .iter()
        .map(|row| (row["email"].as_str().unwrap().to_lowercase(), row["username"].as_str().unwrap().to_string()))
        .collect()
}

/// The address a message was sent to, lowercased.
pub fn recipient(message: &serde_json::Value) -> String {
    let to = message["to"].as_str().expect("To");
    let address = to.rsplit_once('<').map_or(to, |(_, rest)| rest.trim_end_matches('>'));
    address.to_lowercase()
}
