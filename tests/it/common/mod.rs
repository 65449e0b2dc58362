//! Running the real `certdesk` binary against a temporary database.

pub mod mail;
pub mod pictures;
pub mod platforms;
pub mod referees;
pub mod served;
pub mod tmux;
pub mod web;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_certdesk");

pub fn sample_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/middle-earth")
}

/// The login name the operating system gives the account running the tests.
pub fn login() -> String {
    certdesk::serve::identity::own_login()
}

/// A temporary directory holding a database, removed at the end of the test.
pub struct TestDb {
    pub dir: tempfile::TempDir,
}

impl TestDb {
    pub fn new() -> TestDb {
        TestDb { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A database with the sample course imported.
    pub fn with_sample() -> TestDb {
        let db = TestDb::new();
        db.ok(&["import", sample_folder().to_str().expect("utf-8 path")]);
        db
    }

    /// A database with `certdesk sample`'s synthetic course (`synthetic`) of `learners`, every
    /// one eligible, with `activities` graded activities; nothing generated yet.
    pub fn with_synthetic(learners: usize, activities: usize) -> TestDb {
        let db = TestDb::new();
        let folder = db.dir.path().join("synthetic-course");
        let folder = folder.to_str().expect("utf-8 path");
        let (learners, activities) = (learners.to_string(), activities.to_string());
        db.ok(&["sample", "--learners", &learners, "--activities", &activities, "--eligible", "100", "--out", folder]);
        db.ok(&["import", folder]);
        db
    }

    /// A copy of the sample course's folder in the test's directory, named `name`: a course
    /// folder to change and import. Copied again over what a call before left there.
    pub fn sample_copy(&self, name: &str) -> PathBuf {
        let folder = self.dir.path().join(name);
        std::fs::create_dir_all(&folder).expect("folder");
        for file in ["course.toml", "roster.csv", "grades.csv"] {
            std::fs::copy(sample_folder().join(file), folder.join(file)).expect("copy");
        }
        folder
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("db")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        // $USER says nothing: certdesk takes who is acting from the operating system.
        command.arg("--db").arg(self.path()).args(args).env_remove("CERTDESK_DB").env("USER", "someone-else");
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run certdesk")
    }

    /// Runs a command that must succeed, returning its stdout.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(output.status.success(), "certdesk {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).expect("utf-8 stdout")
    }

    /// Runs a command that must fail with `code`, returning its stderr.
    #[track_caller]
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let output = self.run(args);
        assert_eq!(output.status.code(), Some(code), "certdesk {args:?}: {}", String::from_utf8_lossy(&output.stdout));
        String::from_utf8(output.stderr).expect("utf-8 stderr")
    }

    #[track_caller]
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).expect("valid JSON")
    }
}

impl TestDb {
    /// Runs a command that prints JSON and exits with `code`.
    #[track_caller]
    pub fn json_status(&self, args: &[&str], code: i32) -> serde_json::Value {
        let output = self.run(args);
        assert_eq!(output.status.code(), Some(code), "certdesk {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice(&output.stdout).expect("valid JSON")
    }

    /// `certificates COURSE --json` as rows: the active certificates, or with `all` every one
    /// ever issued.
    pub fn certificates(&self, course: &str, all: bool) -> Vec<serde_json::Value> {
        let mut args = vec!["certificates", course, "--json"];
        if all {
            args.push("--all");
        }
        self.json(&args).as_array().expect("an array of certificates").clone()
    }

    /// The code of `username`'s certificate in force in `course`, if there is one.
    pub fn active_code(&self, course: &str, username: &str) -> Option<String> {
        let rows = self.certificates(course, false);
        rows.iter().find(|row| row["username"] == username).map(|row| row["code"].as_str().expect("code").to_string())
    }

    /// `verify CODE --json`, whatever its exit status (unknown and revoked codes exit 1).
    pub fn verify_json(&self, code: &str) -> serde_json::Value {
        serde_json::from_slice(&self.run(&["verify", code, "--json"]).stdout).expect("verify JSON")
    }

    /// Writes `certdesk issuer show --jwk ARGS` (the issuer's public key, or with `--all` every
    /// key as a set) to `path`.
    pub fn write_issuer_key(&self, args: &[&str], path: &Path) {
        let mut command = vec!["issuer", "show", "--jwk"];
        command.extend_from_slice(args);
        std::fs::write(path, self.ok(&command)).expect("key file");
    }
}

/// The synthetic course's grades.csv with every score of the first `learners` rows at 0.
pub fn zero_scores(folder: &std::path::Path, learners: usize) {
    let path = folder.join("grades.csv");
    let text = std::fs::read_to_string(&path).expect("grades.csv");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for line in lines.iter_mut().skip(1).take(learners) {
        let mut cells: Vec<&str> = line.split(',').collect();
        for cell in cells.iter_mut().skip(1) {
            *cell = "0";
        }
        *line = cells.join(",");
    }
    std::fs::write(&path, lines.join("\n") + "\n").expect("write grades.csv");
}

/// `text` with every moment said to the minute (`2026-12-06 14:03 UTC`) written `WHEN`, so a
/// test that runs across the turn of a minute reads the same.
pub fn when_masked(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(" UTC") {
        let (before, after) = rest.split_at(at);
        let start = before.len().checked_sub(16).filter(|&start| before.is_char_boundary(start));
        match start.filter(|&start| is_minute(&before[start..])) {
            Some(start) => out.push_str(&format!("{}WHEN", &before[..start])),
            None => out.push_str(&format!("{before} UTC")),
        }
        rest = &after[" UTC".len()..];
    }
    out.push_str(rest);
    out
}

/// Whether `text` is `YYYY-MM-DD HH:MM`.
fn is_minute(text: &str) -> bool {
    text.len() == 16
        && text.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            10 => byte == b' ',
            13 => byte == b':',
            _ => byte.is_ascii_digit(),
        })
}
