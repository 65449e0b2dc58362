//! What `certdesk mail` does not send, through the real binary and a real SMTP server: a
//! certificate its learner no longer deserves, and a second farewell to a learner whose mailed
//! certificate was revoked since.

use crate::common;

use common::mail::{SmtpSink, certificates, certified};

const COURSE: &str = "middle-earth-101";

/// The code of `username`'s certificate in force.
fn code_of(db: &common::TestDb, username: &str) -> String {
    let rows = certificates(db);
    let row = rows.iter().find(|row| row["username"] == username).expect("certified");
    row["code"].as_str().expect("a code").to_string()
}

/// aerwyn's score corrected below the threshold: her certificate, at 80.0% and B, went out with
/// the plan's advice to regenerate it, which leaves it as it is. It is held back, named with why
/// and what to do, until staff revoke it or allow her.
#[test]
fn a_certificate_no_longer_deserved_is_held_back_and_named() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let code = code_of(&db, "aerwyn");
    db.ok(&["grade", COURSE, "aerwyn", "maps", "7.5"]);

    let dry = db.ok(&["mail", COURSE, "--dry-run"]);
    assert!(
        dry.contains(&format!(
            "  held back, certificates no longer deserved: aerwyn (below threshold); `certdesk revoke` each, or \
             `certdesk allow {COURSE} USERNAME` one below the threshold who should keep theirs, and mail again"
        )),
        "{dry}"
    );
    assert!(!dry.contains("stale, sent as issued"), "regenerate would leave it: {dry}");
    let json = db.json(&["mail", COURSE, "--dry-run", "--json"]);
    assert_eq!(json["held_back"], serde_json::json!([{"username": "aerwyn", "detail": "below threshold"}]));
    assert_eq!(json["planned"], certificates(&db).len() - 1, "{json}");

    // Named on its own, she is still not sent it.
    db.ok(&["mail", COURSE, "--only", "aerwyn"]);
    assert_eq!(sink.count(), 0);
    db.ok(&["mail", COURSE]);
    let recipients: Vec<String> = sink.messages().iter().map(|message| message["to"].to_string()).collect();
    assert_eq!(recipients.len(), certificates(&db).len() - 1);
    assert!(recipients.iter().all(|to| !to.contains("aerwyn")), "{recipients:?}");

    // Allowed to keep it, she gets it.
    db.ok(&["allow", COURSE, "aerwyn"]);
    db.ok(&["mail", COURSE]);
    let last = sink.messages().into_iter().last().expect("her message");
    assert!(last["text"].as_str().expect("text").contains(&code), "{last}");
}

/// layla was mailed her certificate, then it was revoked: the farewell for learners without a
/// certificate went to her as a second farewell, asking her to see whether she could ask for
/// one. She gets nothing more, and the plan says why.
#[test]
fn a_learner_mailed_a_certificate_since_revoked_gets_no_second_farewell() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    db.ok(&["farewell", COURSE, "--uncertified", "--on"]);
    db.ok(&["mail", COURSE]);
    let sent = sink.count();
    let code = code_of(&db, "samwise");
    db.ok(&["revoke", &code, "--reason", "plagiarism found", "--yes"]);

    let dry = db.ok(&["mail", COURSE, "--dry-run"]);
    let line = format!(
        "  no farewell without a certificate for learners mailed one since revoked or deleted: samwise ({code} mailed on "
    );
    assert!(dry.contains(&line), "{dry}");
    assert!(dry.contains(", revoked on ") && dry.contains("plagiarism found)"), "{dry}");
    let json = db.json(&["mail", COURSE, "--dry-run", "--json"]);
    assert_eq!(json["planned"], 0, "{json}");
    assert_eq!(json["mailed_before"][0]["username"], "samwise", "{json}");
    db.ok(&["mail", COURSE]);
    assert_eq!(sink.count(), sent, "nothing more was sent");
}

/// frodo withdrew after his certificate was issued: it is held back, and the plan sends staff
/// to revoke it, not to `certdesk allow`, which cannot certify a withdrawn learner.
#[test]
fn a_withdrawn_learners_certificate_is_held_back_without_advice_to_allow_him() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    code_of(&db, "frodo");
    let folder = db.sample_copy("withdrawn");
    let roster = std::fs::read_to_string(folder.join("roster.csv")).expect("roster");
    let withdrawn = roster.replace("frodo@bagend.shire,verified,active", "frodo@bagend.shire,verified,withdrawn");
    assert_ne!(withdrawn, roster);
    std::fs::write(folder.join("roster.csv"), withdrawn).expect("write");
    db.ok(&["import", folder.to_str().expect("path")]);

    let dry = db.ok(&["mail", COURSE, "--dry-run"]);
    let line =
        "  held back, certificates no longer deserved: frodo (withdrawn); `certdesk revoke` each, and mail again";
    assert!(dry.contains(line), "{dry}");
}
