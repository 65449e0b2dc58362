//! A split export into a folder an earlier split filled: the files it did not write stay, and
//! it says so, naming those of certificates no longer in force, which staff would otherwise
//! print or send along with the certificates that replaced them.

use crate::common;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

/// The names of the PDFs in `dir`.
fn pdfs(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("split folder")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".pdf"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_split_again_names_the_earlier_files_of_certificates_no_longer_in_force() {
    let db = TestDb::with_sample();
    db.ok(&["settings", COURSE, "--issuance", "threshold"]);
    db.ok(&["generate", COURSE]);
    let dir = db.dir.path().join("split");
    let out = dir.to_str().expect("utf-8 path");
    let first = db.ok(&["export", COURSE, "--split", "--out", out]);
    assert!(!first.contains("also holds"), "an empty folder holds nothing else: {first}");
    let certified = pdfs(&dir).len();

    // bilbo's certificate is replaced; the earlier file still carries the old one.
    let old = db.active_code(COURSE, "bilbo").expect("bilbo is certified");
    db.ok(&["grade", COURSE, "bilbo", "essay", "10"]);
    db.ok(&["regenerate", COURSE, "bilbo"]);
    let new = db.active_code(COURSE, "bilbo").expect("bilbo is certified again");
    assert_ne!(old, new);
    // Someone's notes in the folder are no certificate, and are not counted.
    std::fs::write(dir.join("notes.pdf"), b"%PDF-1.7").expect("notes");

    let again = db.ok(&["export", COURSE, "--split", "--out", out]);
    let said = format!(
        "{out} also holds 1 PDF of an earlier export, of certificates no longer in force (superseded or revoked since): bilbo-{old}.pdf; remove it before the folder is printed or sent."
    );
    assert!(again.lines().any(|line| line == said), "{again}");
    assert!(!again.contains("did not write"), "every other file was written again: {again}");
    let files = pdfs(&dir);
    assert_eq!(files.len(), certified + 2, "left as they were: {files:?}");
    assert!(files.contains(&format!("bilbo-{new}.pdf")) && files.contains(&format!("bilbo-{old}.pdf")));

    // Only one mode selected: the other mode's files are in force, counted, not named.
    let verified = db.ok(&["export", COURSE, "--split", "--mode", "verified", "--out", out]);
    let written: usize =
        verified.split_whitespace().nth(1).and_then(|count| count.parse().ok()).unwrap_or_else(|| panic!("{verified}"));
    let more = certified - written;
    assert!(
        verified.contains(&format!(
            "{out} also holds {more} more this export did not write (certificates it did not select, or another course's), left as they were."
        )),
        "{verified}"
    );
}
