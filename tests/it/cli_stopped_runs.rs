//! A regenerate or a delete of all certificates stopped short is pointed out by the command
//! that finishes it, as `generate --dry-run` points out a stopped generate.

use crate::common;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

/// Writes the trail a run leaves when it is stopped after its first part: the sample course
/// is too small for three parts, so the event is written as the run writes it.
fn stopped_after_first_part(db: &TestDb, action: certdesk::domain::Action, summary: &str) {
    let store = certdesk::store::Store::open(&db.path()).expect("open");
    let context = certdesk::ops::Context::new("elrond", jiff::Timestamp::now());
    let event = context.event(action, format!("{summary} (part 1 of 3)"), Vec::new(), Vec::new());
    store.append_event(COURSE, &event).expect("append");
    store.flush().expect("flush");
}

#[test]
fn a_regenerate_dry_run_says_the_last_regenerate_stopped_short_until_the_rest_is_replaced() {
    let db = TestDb::with_sample();
    db.ok(&["settings", COURSE, "--issuance", "threshold"]);
    db.ok(&["generate", COURSE]);
    db.ok(&["grade", COURSE, "bilbo", "essay", "10"]);
    stopped_after_first_part(&db, certdesk::domain::Action::Regenerate, "replaced 1000 stale certificates");
    let dry_run = db.ok(&["regenerate", COURSE, "--stale", "--dry-run"]);
    assert!(
        dry_run.contains("The last regenerate (by elrond, ")
            && dry_run.contains("stopped after part 1 of 3; 1 certificate is still stale: they are among those above; `certdesk regenerate middle-earth-101 --stale` replaces them."),
        "{dry_run}"
    );
    let json = db.json(&["regenerate", COURSE, "--stale", "--dry-run", "--json"]);
    assert_eq!(
        (json["unfinished"]["run"].as_str(), json["unfinished"]["waiting"].as_u64()),
        (Some("regenerate"), Some(1))
    );

    db.ok(&["regenerate", COURSE, "--stale"]);
    let finished = db.ok(&["regenerate", COURSE, "--stale", "--dry-run"]);
    assert!(!finished.contains("stopped"), "a finished regenerate is not pointed out: {finished}");
}

#[test]
fn delete_all_says_the_last_delete_of_all_stopped_short() {
    let db = TestDb::with_sample();
    db.ok(&["settings", COURSE, "--issuance", "threshold"]);
    db.ok(&["generate", COURSE]);
    stopped_after_first_part(&db, certdesk::domain::Action::Delete, "deleted 1000 certificates");
    // Without a terminal the question comes back in the refusal.
    let asked = db.fails(&["delete", COURSE, "--all"], 1);
    assert!(
        asked.contains("The last delete of all (by elrond, ")
            && asked.contains("stopped after part 1 of 3; 20 certificates are still active. Delete the 20 active certificates of middle-earth-101?"),
        "{asked}"
    );
    db.ok(&["delete", COURSE, "--all", "--yes"]);
    db.ok(&["generate", COURSE]);
    let asked = db.fails(&["delete", COURSE, "--all"], 1);
    assert!(!asked.contains("stopped"), "a finished delete is not pointed out: {asked}");
}

/// Copies the database directory `from` (closed) to `to`, files and folders.
fn copy_database(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("copy's directory");
    for entry in std::fs::read_dir(from).expect("database directory").flatten() {
        let target = to.join(entry.file_name());
        match entry.file_type().expect("file type").is_dir() {
            true => copy_database(&entry.path(), &target),
            false => drop(std::fs::copy(entry.path(), target).expect("copy")),
        }
    }
}

/// A generate whose database cannot grow any more after a few parts (a full disk, met here
/// as the file-size limit a process can be given) says which parts it wrote, not only why it
/// stopped: staff would otherwise take "the database cannot be written" for "nothing issued".
#[test]
fn a_generate_stopped_by_the_database_failing_midway_says_what_it_wrote() {
    const LEARNERS: usize = 5000;
    let db = TestDb::with_synthetic(LEARNERS, 2);
    let size_kb = std::fs::metadata(db.path().join("db")).expect("database file").len() / 1024;
    // The growth a part needs depends on the codes drawn: limits are tried from small to
    // large until one lets some parts through and stops a later one.
    let stopped = (1..=160).find_map(|step| {
        let copy = db.dir.path().join(format!("limited-{step}"));
        copy_database(&db.path(), &copy);
        // Ignored, the signal leaves the write to fail with "File too large".
        let script = format!("ulimit -f {}; trap '' XFSZ; exec \"$0\" \"$@\"", size_kb + step * 256);
        let output = std::process::Command::new("bash")
            .args(["-c", &script, common::BIN, "--db"])
            .arg(&copy)
            .args(["generate", "synthetic"])
            .output()
            .expect("bash");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let wrote_some = stderr.contains("It stopped at part");
        assert!(output.status.code() == Some(1) || output.status.success(), "{stderr}");
        wrote_some.then_some((copy, stderr))
    });
    let (copy, stderr) = stopped.expect("no file-size limit stopped the generate after its first part");
    let (before, after) = stderr.split_once(". It stopped at part ").expect("the reason, then what was written");
    assert_eq!(
        before, "certdesk: the database cannot be read or written: File too large (os error 27)",
        "the system's words, not sled's debug form"
    );
    // "3 of 5: parts 1 to 2 (2000 of 5000 learners) were written before, as the log says, ..."
    let stopped_at: usize = after.split_once(' ').and_then(|(part, _)| part.parse().ok()).expect("part");
    let written = stopped_at - 1;
    let said = match written {
        1 => format!("{stopped_at} of 5: part 1 (1000 of {LEARNERS} learners) was written before"),
        _ => {
            format!("{stopped_at} of 5: parts 1 to {written} ({written}000 of {LEARNERS} learners) were written before")
        }
    };
    assert!(after.starts_with(&said), "{after}");
    assert!(after.trim_end().ends_with("as the log says, and running the command again does the rest"), "{after}");

    // Opened again without the limit: what it said it wrote is there, and the rest is issued.
    let reopened = common::TestDb { dir: tempfile::tempdir().expect("temp dir") };
    copy_database(&copy, &reopened.path());
    let dry_run = reopened.ok(&["generate", "synthetic", "--dry-run"]);
    let waiting = LEARNERS - written * 1000;
    assert!(
        dry_run.contains(&format!("synthetic: would issue {waiting} certificates; {} already", written * 1000)),
        "{dry_run}"
    );
    reopened.ok(&["generate", "synthetic"]);
    assert_eq!(reopened.certificates("synthetic", false).len(), LEARNERS);
}
