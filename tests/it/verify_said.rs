//! Every way of verifying says the same thing the same way: `verify CODE`, `verify --file` with
//! the database and with the issuer's key alone, and the code a page without its credential
//! prints. The issue time was `2026-12-06 14:03 UTC` in one and `2026-12-06T14:03:00Z` in
//! another, the course `Title (course-id)` in one and `Title (Institution)` in another.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::TestDb;
use common::web::Web;

const COURSE: &str = "middle-earth-101";

/// The value of the `label` line of `said` (`course`, `grade`, `issued`), however indented.
#[track_caller]
fn line<'a>(said: &'a str, label: &str) -> &'a str {
    let prefix = format!("{label:<10} ");
    said.lines()
        .find_map(|line| line.trim_start().strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {label} line in:\n{said}"))
}

fn text(output: std::process::Output) -> String {
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn path(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn every_verify_says_the_issue_time_the_course_and_the_grade_alike() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "aerwyn").expect("Ærwyn's certificate");
    let pdf = db.dir.path().join("aerwyn.pdf");
    db.ok(&["show", &code, "--pdf", path(&pdf)]);
    let again = db.dir.path().join("again.pdf");
    let cairo = Command::new("pdftocairo").arg("-pdf").arg(&pdf).arg(&again).output().expect("pdftocairo");
    assert!(cairo.status.success(), "{}", String::from_utf8_lossy(&cairo.stderr));
    let jwk = db.dir.path().join("issuer.jwk");
    std::fs::write(&jwk, db.ok(&["issuer", "show", "--jwk"])).expect("key file");

    // JSON keeps RFC 3339; people read minutes in UTC.
    let json = db.verify_json(&code);
    let issued_at: jiff::Timestamp =
        json["certificate"]["issued_at"].as_str().expect("RFC 3339").parse().expect("time");
    let issued = issued_at.strftime("%Y-%m-%d %H:%M UTC").to_string();
    let course = "middle-earth-101 · Introduction to Middle-earth Studies";

    let by_code = db.ok(&["verify", &code]);
    assert_eq!(line(&by_code, "course"), course, "{by_code}");
    assert!(line(&by_code, "issued").starts_with(&format!("{issued} by ")), "{by_code}");
    let grade = line(&by_code, "grade");

    let with_db = text(db.run(&["verify", "--file", path(&pdf)]));
    let key_only = text(
        Command::new(common::BIN)
            .args(["verify", "--file", path(&pdf), "--key", path(&jwk)])
            .env_remove("CERTDESK_DB")
            .output()
            .expect("certdesk"),
    );
    for said in [&with_db, &key_only] {
        assert_eq!(line(said, "course"), course, "{said}");
        assert_eq!(line(said, "grade"), grade, "{said}");
        assert_eq!(line(said, "code"), format!("{code}  issued {issued}"), "{said}");
        assert!(!said.contains(&issued_at.strftime("%Y-%m-%dT%H:%M").to_string()), "{said}");
    }

    // A code a page prints says by whom it was issued too, as `verify CODE` does, where it said
    // when alone.
    let printed = text(db.run(&["verify", "--file", path(&again)]));
    assert_eq!(line(&printed, "course"), course, "{printed}");
    assert_eq!(line(&printed, "grade"), grade, "{printed}");
    assert_eq!(line(&printed, "issued"), line(&by_code, "issued"), "{printed}");
    // Its JSON keeps the time as it was, and names who issued it as `verify --json` does.
    let json = db.json_status(&["verify", "--file", path(&again), "--json"], 1);
    let record = &json["printed_codes"][0]["record"];
    assert_eq!(record["issued_at"], json_time(issued_at), "{record}");
    assert_eq!(record["issued_by"], db.verify_json(&code)["certificate"]["issued_by"], "{record}");
    assert_eq!((&record["course_id"], &record["grade_status"]), (&COURSE.into(), &"final".into()), "{record}");
}

/// A time as `--json` writes it.
fn json_time(at: jiff::Timestamp) -> serde_json::Value {
    serde_json::to_value(at).expect("JSON")
}

/// A stored record changed after issue, as whoever can write the database file would change it
/// (a learner's name, bytes for bytes, in the ledger): `verify CODE` says what that means and
/// what to do, in the words of the verify dialog, where it said only `DOES NOT MATCH the
/// record`; and what it points to, `verify --file` on the learner's PDF, shows what differs.
#[test]
fn a_record_altered_after_issue_is_said_plainly_with_what_to_do() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "aerwyn").expect("Ærwyn's certificate");
    let pdf = db.dir.path().join("aerwyn.pdf");
    db.ok(&["show", &code, "--pdf", path(&pdf)]);
    alter_stored_name(&db.path(), "Øvergård", "Baggins-Xy");

    let verified = db.run(&["verify", &code]);
    // Not to be relied on, for a script as for a person: it exited 0, as a valid one does.
    assert_eq!(verified.status.code(), Some(1));
    let said = String::from_utf8(verified.stdout).expect("UTF-8");
    // Said first, where the first line said VALID of a record the last said not to rely on.
    let first = said.lines().next().unwrap_or_default();
    assert_eq!(first, format!("{code}: RECORD ALTERED after issue (see ALTERED below); on record as VALID"));
    assert_eq!(line(&said, "certifies"), "Ærwyn Baggins-Xy (aerwyn)", "the altered record: {said}");
    assert!(line(&said, "digest").ends_with(" (no longer matches the record)"), "{said}");
    assert_eq!(line(&said, "ALTERED"), certdesk::ops::ALTERED, "{said}");
    assert!(!said.contains("DOES NOT MATCH"), "{said}");
    // A script reads it in the verdict, as `verify --file --json` gives it, where the verdict
    // was `valid` and only `digest_ok` (and the exit status) told.
    let json = db.json_status(&["verify", &code, "--json"], 1);
    assert_eq!((&json["verdict"], &json["certificate"]["digest_ok"]), (&"record_altered".into(), &false.into()));
    // An intact one says nothing of the kind.
    let intact = db.ok(&["verify", &db.active_code(COURSE, "frodo").expect("Frodo's certificate")]);
    assert!(line(&intact, "digest").ends_with(" (matches the record)") && !intact.contains("ALTERED"), "{intact}");

    // The file, signed at issue, is not what changed: it is not called forged, nor the record's
    // word taken, where it was NOT AUTHENTIC, "the file was changed after the issuer signed it".
    let checked = db.run(&["verify", "--file", path(&pdf)]);
    assert_eq!(checked.status.code(), Some(1), "unconfirmed");
    let file = text(checked);
    assert!(line(&file, "ALTERED").starts_with("the issuer's record of this certificate was changed"), "{file}");
    let name =
        "the credential's learner's name (Ærwyn Øvergård) is not the one the issuer's record holds (Ærwyn Baggins-Xy)";
    assert_eq!(line(&file, "differs"), name, "{file}");
    assert!(!file.contains("problem ") && !file.contains("NOT AUTHENTIC"), "{file}");
    assert!(file.trim_end().ends_with("restore the database from a backup and check the file again"), "{file}");
    assert!(file.contains("aerwyn.pdf: UNCONFIRMED: signed by a known key, but the issuer's record"), "{file}");
    // Saved again by another program, which drops the credential: the code the page prints is
    // looked up, and the record's change said beside what the page prints otherwise.
    let again = db.dir.path().join("again.pdf");
    let cairo = Command::new("pdftocairo").arg("-pdf").arg(&pdf).arg(&again).output().expect("pdftocairo");
    assert!(cairo.status.success(), "{}", String::from_utf8_lossy(&cairo.stderr));
    let printed = text(db.run(&["verify", "--file", path(&again)]));
    assert_eq!(line(&printed, "ALTERED"), certdesk::ops::ALTERED, "{printed}");
    assert!(line(&printed, "problem").contains("Baggins-Xy"), "{printed}");
    let json = db.json_status(&["verify", "--file", path(&again), "--json"], 1);
    assert_eq!(json["printed_codes"][0]["record"]["altered"], true, "{json}");
    let json = db.json_status(&["verify", "--file", path(&pdf), "--json"], 1);
    assert_eq!((&json["verdict"], &json["record_altered"]), (&"record_altered".into(), &1.into()), "{json}");
    assert_eq!(json["credentials"][0]["record_altered"][0], name, "{json}");

    // The verification page's JSON answers the same, and the page does not head its alert with
    // a green `Valid certificate`.
    let web = Web::start(&db, &["--http-rate", "0"]);
    let (status, json) = web.json(&format!("/verify/{code}.json"));
    assert_eq!(
        (status, &json["verdict"], &json["certificate"]["intact"]),
        (200, &"record_altered".into(), &false.into())
    );
    let (_, _, page) = web.get(&format!("/verify/{code}"));
    assert!(page.contains("<h1 id=\"headline\">Altered record: do not rely on it</h1>"), "{page}");
    assert!(!page.contains("Valid certificate") && page.contains("has been altered since it"), "{page}");
}

/// Writes `to` over `from` in every stored certificate ledger, as an editor of the database's
/// files would: the same number of bytes, so the record still reads.
fn alter_stored_name(db: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len(), "bytes for bytes");
    let sled = sled::open(db).expect("the database's files");
    let ledgers = sled.open_tree("ledgers").expect("the ledgers");
    let mut altered = 0;
    for entry in ledgers.iter() {
        let (key, value) = entry.expect("a ledger");
        let Some(at) = value.windows(from.len()).position(|bytes| bytes == from.as_bytes()) else { continue };
        let mut value = value.to_vec();
        value[at..at + from.len()].copy_from_slice(to.as_bytes());
        ledgers.insert(key, value).expect("written");
        altered += 1;
    }
    assert_eq!(altered, 1, "one ledger names {from}");
    sled.flush().expect("flushed");
}

/// A course whose title ends in brackets itself is told from its id: the id first, as the
/// terminal application's header has it, where `Synthetic Course (3 learners) (synthetic)`
/// left the reader to guess which brackets held the id.
#[test]
fn a_course_title_ending_in_brackets_is_told_from_the_course_id() {
    let db = TestDb::with_synthetic(3, 2);
    db.ok(&["generate", "synthetic"]);
    let code = db.certificates("synthetic", false)[0]["code"].as_str().expect("a code").to_string();
    let said = db.ok(&["verify", &code]);
    assert_eq!(line(&said, "course"), "synthetic · Synthetic Course (3 learners)", "{said}");
}
