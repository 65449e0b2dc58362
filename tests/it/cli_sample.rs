//! `certdesk sample` stopped midway: Ctrl-C (or SIGTERM, SIGHUP) leaves no course cut short,
//! and what a `kill -9` leaves aside is no obstacle to the next run.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Starts a sample far too large to finish soon, and waits until it is writing.
fn started(out: &Path) -> std::process::Child {
    let mut child = Command::new(common::BIN)
        .args(["sample", "--learners", "50000000", "--activities", "3", "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("certdesk sample");
    let roster = out.join(".certdesk-sample-part/roster.csv");
    let since = Instant::now();
    while !roster.metadata().is_ok_and(|meta| meta.len() > 1 << 20) {
        assert!(child.try_wait().expect("wait").is_none(), "the sample ended before it could be stopped");
        assert!(since.elapsed() < Duration::from_secs(60), "the sample did not get under way");
        std::thread::sleep(Duration::from_millis(2));
    }
    child
}

#[test]
fn a_sample_stopped_midway_leaves_no_course_cut_short() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("course");
    let mut child = started(&out);
    let sent = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
    assert!(sent.success());
    let mut said = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut said).expect("read");
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(1), "{said}");
    assert!(said.contains(&format!("sample stopped; nothing was written to {}", out.display())), "{said}");
    assert!(!out.exists(), "the folder it made is gone");

    // kill -9 leaves only the part written aside, which the next run clears.
    let mut child = started(&out);
    child.kill().expect("kill -9");
    child.wait().expect("wait");
    assert!(!out.join("roster.csv").exists() && !out.join("course.toml").exists(), "no course cut short");
    let again = Command::new(common::BIN)
        .args(["sample", "--learners", "3", "--activities", "2", "--out"])
        .arg(&out)
        .output()
        .expect("certdesk sample");
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    let mut files: Vec<_> = std::fs::read_dir(&out).expect("dir").flatten().map(|entry| entry.file_name()).collect();
    files.sort();
    assert_eq!(files, ["course.toml", "grades.csv", "roster.csv"]);
}
