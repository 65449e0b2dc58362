//! `verify --file` of a certificate printed or saved again by another program (poppler's
//! pdftocairo here, as a browser's "Save as PDF" would), which keeps the page and drops the
//! credential: the code the page prints is looked up in the database instead.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

/// Ærwyn's certificate as pdftocairo wrote it again (beside original.pdf, as certdesk wrote
/// it); and its code.
fn reprinted(db: &TestDb) -> (PathBuf, String) {
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "aerwyn").expect("Ærwyn's certificate");
    let original = db.dir.path().join("original.pdf");
    db.ok(&["show", &code, "--pdf", path(&original)]);
    let again = db.dir.path().join("reprinted.pdf");
    let cairo = Command::new("pdftocairo").arg("-pdf").arg(&original).arg(&again).output().expect("pdftocairo");
    assert!(cairo.status.success(), "pdftocairo: {}", String::from_utf8_lossy(&cairo.stderr));
    (again, code)
}

/// What `certdesk ARGS` printed, having ended with `status`.
#[track_caller]
fn says(db: &TestDb, args: &[&str], status: i32) -> String {
    let output = db.run(args);
    let said = String::from_utf8(output.stdout).expect("UTF-8");
    assert_eq!(
        output.status.code(),
        Some(status),
        "certdesk {args:?}: {said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    said
}

fn path(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

#[test]
fn a_reprinted_certificate_is_looked_up_by_the_code_it_prints() {
    let db = TestDb::with_sample();
    let (again, code) = reprinted(&db);
    let said = says(&db, &["verify", "--file", path(&again)], 1);
    for line in [
        format!("page 1 (no credential) prints the code {code}"),
        "    on record  Ærwyn Øvergård".into(),
        "    course     middle-earth-101 · Introduction to Middle-earth Studies".into(),
        "    status     valid".into(),
        "reprinted.pdf: NO CREDENTIAL: the file carries no certdesk credential (a program that printed or saved it \
         again drops it: ask for the file certdesk wrote); it prints 1 certificate code: it is on record, in force, \
         and printed as its record says"
            .into(),
    ] {
        assert!(said.lines().any(|said| said.ends_with(&line)), "no line {line:?} in:\n{said}");
    }
    let json = db.json_status(&["verify", "--file", path(&again), "--json"], 1);
    assert_eq!(json["verdict"], "no_credential");
    assert_eq!(json["printed_codes"][0]["code"], code.as_str());
    assert_eq!(json["printed_codes"][0]["record"]["name"], "Ærwyn Øvergård");
    assert_eq!(json["printed_codes"][0]["problems"], serde_json::json!([]));
    assert_eq!((json["printed"]["codes"].as_u64(), json["printed"]["agree"].as_u64()), (Some(1), Some(1)));

    db.ok(&["revoke", &code, "--reason", "issued in error", "--yes"]);
    let said = says(&db, &["verify", "--file", path(&again)], 1);
    assert!(said.contains("    status     revoked"), "{said}");
    assert!(said.trim_end().ends_with("it prints 1 certificate code: 1 revoked"), "{said}");
}

#[test]
fn a_code_another_database_does_not_hold_is_not_on_record_and_without_one_is_not_looked_up() {
    let issuer = TestDb::with_sample();
    let (again, code) = reprinted(&issuer);
    let other = TestDb::with_sample();
    other.ok(&["generate", COURSE]);
    let said = says(&other, &["verify", "--file", path(&again)], 1);
    assert!(said.contains(&format!("page 1 (no credential) prints the code {code}")), "{said}");
    assert!(said.contains("    status     unknown: this database holds no certificate with this code"), "{said}");
    assert!(!said.contains("on record  "), "{said}");
    assert!(said.trim_end().ends_with("it prints 1 certificate code: 1 not on record"), "{said}");

    // With the issuer's key alone, nothing can be looked up.
    let jwk = issuer.dir.path().join("issuer.jwk");
    std::fs::write(&jwk, issuer.ok(&["issuer", "show", "--jwk"])).expect("key file");
    let alone = Command::new(common::BIN)
        .args(["verify", "--file", path(&again), "--key", path(&jwk)])
        .env_remove("CERTDESK_DB")
        .output()
        .expect("certdesk");
    let said = String::from_utf8_lossy(&alone.stdout);
    assert_eq!(alone.status.code(), Some(1), "{said}");
    assert!(said.contains("    status     not looked up: no database here"), "{said}");
    assert!(said.trim_end().ends_with("which only the issuer's database can look up"), "{said}");
}

/// A genuine page does not vouch for a page put beside it: a file whose second page carries no
/// credential is not authentic as a whole, however genuine its first.
#[test]
fn a_page_without_a_credential_beside_a_genuine_one_is_not_vouched_for() {
    let db = TestDb::with_sample();
    let (again, code) = reprinted(&db);
    let mixed = db.dir.path().join("mixed.pdf");
    let original = db.dir.path().join("original.pdf");
    let qpdf = Command::new("qpdf")
        .args(["--empty", "--pages", path(&original), path(&again), "--", path(&mixed)])
        .output()
        .expect("qpdf");
    assert!(qpdf.status.success(), "qpdf: {}", String::from_utf8_lossy(&qpdf.stderr));
    let said = says(&db, &["verify", "--file", path(&mixed)], 1);
    assert!(said.starts_with(&format!("credential-{code}.jwt (page 1)\n")), "{said}");
    assert!(said.contains(&format!("page 2 (no credential) prints the code {code}")), "{said}");
    let last = said.lines().last().unwrap_or_default();
    assert_eq!(
        last.strip_prefix(&format!("{}: ", path(&mixed))),
        Some(
            "NOT WHOLLY VOUCHED FOR: its one credential is authentic and in force; page 2 carries no \
         credential, so nothing vouches for it; it prints 1 certificate code: it is on record, in force, and printed \
         as its record says"
        )
    );
    let json = db.json_status(&["verify", "--file", path(&mixed), "--json"], 1);
    assert_eq!(json["verdict"], "pages_without_credential");
    assert_eq!(json["pages_without_credential"], serde_json::json!([2]));
    assert_eq!(json["printed_codes"][0]["page"], 2);
    // The file certdesk wrote, whole, is authentic.
    assert!(says(&db, &["verify", "--file", path(&original)], 0).trim_end().ends_with("AUTHENTIC and in force"));
}
