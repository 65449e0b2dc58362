//! A database damaged by something other than certdesk (a disk error, a file overwritten or
//! cut short) is said to be damaged, in words, with what to do: sled's own words were `Read
//! corrupted data at file offset Some(Inline(30002712)) backtrace ()`, or a panic with status
//! 101 (`tried to serialize Uninitialized`).

use crate::common;

use common::TestDb;

#[test]
fn a_damaged_database_is_said_to_be_damaged_without_a_panic() {
    let db = TestDb::new();
    let folder = db.path().with_extension("course");
    db.ok(&[
        "sample",
        "--learners",
        "2000",
        "--activities",
        "6",
        "--eligible",
        "100",
        "--out",
        folder.to_str().expect("utf-8"),
    ]);
    db.ok(&["import", folder.to_str().expect("utf-8")]);
    db.ok(&["generate", "synthetic"]);
    // Every byte after the first tenth of sled's file flipped.
    let file = db.path().join("db");
    let mut bytes = std::fs::read(&file).expect("the database file");
    let from = bytes.len() / 10;
    bytes[from..].iter_mut().for_each(|byte| *byte ^= 0x5a);
    std::fs::write(&file, bytes).expect("damaged");
    for command in [&["courses"][..], &["gradebook", "synthetic"]] {
        let output = db.run(command);
        let said = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{command:?}: {said}");
        assert!(said.starts_with("certdesk: the database is damaged: some of its data cannot be read"), "{said}");
        assert!(said.contains("restore the database directory from a backup"), "{said}");
        assert!(!said.contains("panicked") && !said.contains("backtrace"), "{said}");
    }
}
