//! `certdesk template`: deleting a template, only while nothing needs it, and listing
//! templates by their whole names.

use crate::common;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

/// Saves the honor design under `name` as its next revision, with `comment` to make it new.
fn save_as(db: &TestDb, name: &str, comment: &str) {
    let file = db.dir.path().join(format!("{name}.cdt"));
    std::fs::write(&file, db.ok(&["template", "show", "honor"]) + comment).expect("write the template");
    db.ok(&["template", "save", name, file.to_str().expect("utf-8 path")]);
}

#[test]
fn a_template_is_deleted_only_while_no_course_and_no_certificate_needs_it() {
    let db = TestDb::with_sample();
    save_as(&db, "plain", "");
    save_as(&db, "plain", "# revised\n");
    let deleted = db.ok(&["template", "delete", "plain"]);
    assert_eq!(deleted, "Deleted template plain and its 2 revisions.\n");
    assert!(!db.ok(&["template", "list"]).contains("plain"));
    let log = db.ok(&["log"]);
    assert!(log.contains("template  deleted template plain (2 revisions)"), "{log}");

    let error = db.fails(&["template", "delete", "plain"], 1);
    assert!(error.contains("there is no template 'plain' (see `certdesk template list`)"), "{error}");
    let error = db.fails(&["template", "delete", "honor"], 1);
    assert!(error.contains("honor is a built-in template and cannot be deleted"), "{error}");

    // Printed with by a course: assign another first.
    save_as(&db, "seal", "");
    db.ok(&["template", "assign", COURSE, "verified", "seal"]);
    let error = db.fails(&["template", "delete", "seal"], 1);
    assert!(error.contains(&format!("template seal cannot be deleted: {COURSE} (verified) prints with it")), "{error}");
    assert!(error.contains(&format!("`certdesk template assign {COURSE} verified OTHER`")), "{error}");

    // Printed on certificates: they need it to be reprinted and verified, whatever their status.
    db.ok(&["generate", COURSE]);
    let rows = db.json(&["certificates", COURSE, "--json"]);
    let sealed = rows.as_array().expect("rows").iter().filter(|row| row["template"] == "seal@1").count();
    assert!(sealed > 0, "verified certificates print with seal: {rows}");
    db.ok(&["template", "assign", COURSE, "verified", "verified"]);
    db.ok(&["delete", COURSE, "--all", "--yes"]);
    let error = db.fails(&["template", "delete", "seal"], 1);
    let printed = format!("printed with its revisions ({COURSE}: {sealed}), and reprinting or verifying them needs");
    assert!(error.contains(&printed), "{error}");
    assert!(!error.contains("prints with it"), "no course prints with it any more: {error}");
    assert!(db.ok(&["template", "list"]).contains("seal"));
}

#[test]
fn template_list_shows_whole_names() {
    let db = TestDb::with_sample();
    let long = "certificate-of-completion-with-distinction-for-the-whole-course";
    save_as(&db, long, "");
    let listed = db.ok(&["template", "list"]);
    let row = listed.lines().find(|line| line.starts_with("certificate-")).unwrap_or_default();
    assert!(row.starts_with(&format!("{long}  ")), "{listed}");
    assert!(!listed.contains('…'), "{listed}");
}

#[test]
fn deleting_a_template_says_your_draft_of_it_is_kept() {
    let db = TestDb::with_sample();
    save_as(&db, "plain", "");
    let me = certdesk::ops::current_actor();
    let draft = certdesk::domain::TemplateDraft {
        name: "plain".into(),
        login: me.clone(),
        revision: 1,
        base_saved_at: None,
        text: "# typed in the editor, never saved\n".into(),
        written_at: "2026-12-01T12:00:00Z".parse().expect("a time"),
    };
    {
        let store = certdesk::store::Store::open(&db.path()).expect("open");
        store.keep_template_draft(&draft).expect("keep");
    }
    let deleted = db.ok(&["template", "delete", "plain"]);
    assert_eq!(
        deleted,
        "Deleted template plain and its revision.\nYour unsaved edits to plain from 2026-12-01 12:00 UTC are kept as a \
         draft: a template made again as plain offers them back.\n"
    );
    let store = certdesk::store::Store::open(&db.path()).expect("open");
    assert_eq!(store.template_draft("plain", &me).expect("read"), Some(draft), "kept, as it says");
}

#[test]
fn deleting_a_template_names_the_other_staff_whose_drafts_it_keeps() {
    let db = TestDb::with_sample();
    save_as(&db, "plain", "");
    let draft = certdesk::domain::TemplateDraft {
        name: "plain".into(),
        login: "arwen".into(),
        revision: 1,
        base_saved_at: None,
        text: "# arwen typed this, never saved\n".into(),
        written_at: "2026-12-01T12:05:00Z".parse().expect("a time"),
    };
    {
        let store = certdesk::store::Store::open(&db.path()).expect("open");
        store.keep_template_draft(&draft).expect("keep");
    }
    let deleted = db.ok(&["template", "delete", "plain"]);
    assert_eq!(
        deleted,
        "Deleted template plain and its revision.\narwen has unsaved edits to plain from 2026-12-01 12:05 UTC, kept as a \
         draft: a template made again as plain offers them back to arwen.\n"
    );
    let store = certdesk::store::Store::open(&db.path()).expect("open");
    assert_eq!(store.template_draft("plain", "arwen").expect("read"), Some(draft), "kept, as it says");
}

#[test]
fn template_list_says_its_times_are_utc_in_the_header() {
    let db = TestDb::with_sample();
    save_as(&db, "plain", "");
    let listed = db.ok(&["template", "list"]);
    let header = listed.lines().next().unwrap_or_default();
    assert!(header.contains(" SAVED (UTC) "), "{listed}");
    let row = listed.lines().find(|line| line.starts_with("plain ")).unwrap_or_default();
    let saved = row.split("  ").map(str::trim).find(|cell| cell.starts_with("20")).unwrap_or_default();
    assert_eq!(saved.len(), "2026-12-06 14:03".len(), "the time to the minute, without the zone: {listed}");
}
