//! A real SMTP server on loopback (aiosmtpd, run by Debian's Python) that keeps every message
//! it accepts, and Python's email parser to read them back.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

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
