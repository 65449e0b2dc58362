//! Between `issuer retire` and `issuer resign`, what export, show and mail note of the PDFs they
//! make: counted among the certificates each hands on (not the database's), through the server
//! as staff on a shared database run them, and the mail to a real SMTP server on loopback.

use crate::common;

use std::process::Output;

use common::TestDb;
use common::mail::SmtpSink;
use common::web::Web;

const COURSE: &str = "middle-earth-101";

fn stderr(output: &Output) -> String {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The sample course issued with a key that then leaked, aerwyn's certificate issued again
/// since (with the new key), and a second course issued with the new key only.
fn one_course_half_signed_again(db: &TestDb) -> (String, String) {
    db.ok(&["generate", COURSE]);
    let leaked = db.ok(&["issuer", "show"]).split_whitespace().next().expect("kid").to_string();
    db.ok(&["issuer", "retire", &leaked, "--yes"]);
    db.ok(&["delete", COURSE, "aerwyn", "--yes"]);
    db.ok(&["generate", COURSE]);
    let folder = db.dir.path().join("synthetic-course");
    let folder = folder.to_str().expect("utf-8");
    db.ok(&["sample", "--learners", "5", "--activities", "2", "--eligible", "100", "--out", folder]);
    db.ok(&["import", folder]);
    db.ok(&["generate", "synthetic"]);
    let aerwyn = db.active_code(COURSE, "aerwyn").expect("aerwyn's new certificate");
    let arwen = db.active_code(COURSE, "arwen").expect("arwen's certificate");
    (aerwyn, arwen)
}

#[test]
fn export_and_show_note_the_retired_keys_credentials_of_what_they_write() {
    let db = TestDb::with_sample();
    let _server = Web::start(&db, &[]);
    let (aerwyn, arwen) = one_course_half_signed_again(&db);
    let active = db.certificates(COURSE, false).len();
    let path = |name: &str| db.dir.path().join(name).to_str().expect("utf-8").to_string();
    // The database holds one more (aerwyn's deleted certificate): issuer show counts it.
    let shown = db.ok(&["issuer", "show", "--all"]);
    assert!(shown.contains(&format!("{active} certificates carry credentials signed with a retired key")), "{shown}");

    let exported = stderr(&db.run(&["export", COURSE, "--out", &path("all.pdf")]));
    let note = format!(
        "certdesk: note: {} of the {active} certificates exported carry credentials signed with a key retired as \
         compromised, which verifiers refuse: certdesk issuer resign signs them again, then export again",
        active - 1
    );
    assert!(exported.contains(&note), "{exported}");
    assert!(stderr(&db.run(&["export", COURSE, "--out", &path("split"), "--split"])).contains(&note));
    let other = stderr(&db.run(&["export", "synthetic", "--out", &path("synthetic.pdf")]));
    assert!(!other.contains("retired"), "the other course's PDFs carry none: {other}");

    let one = stderr(&db.run(&["show", &arwen, "--pdf", &path("arwen.pdf")]));
    let said = format!(
        "certdesk: note: {arwen}'s credential, in {} too, is signed with a key retired as compromised, which \
         verifiers refuse: certdesk issuer resign signs it again",
        path("arwen.pdf")
    );
    assert!(one.contains(&said), "{one}");
    assert!(stderr(&db.run(&["show", &aerwyn, "--pdf", &path("aerwyn.pdf")])).is_empty(), "signed with the new key");
    assert!(stderr(&db.run(&["show", &arwen, "--png", &path("arwen.png")])).is_empty(), "a picture carries none");

    db.ok(&["issuer", "resign"]);
    assert!(stderr(&db.run(&["export", COURSE, "--out", &path("again.pdf")])).is_empty());
}

#[test]
fn mail_notes_the_retired_keys_credentials_of_what_it_attaches_before_sending() {
    let sink = SmtpSink::start();
    let db = TestDb::with_sample();
    let _server = Web::start(&db, &[]);
    one_course_half_signed_again(&db);
    db.ok(&["mail-settings", "--smtp", &sink.url(), "--from", "Course Team <team@example.org>", "--rate", "6000"]);

    let dry = stderr(&db.run(&["mail", COURSE, "--only", "aerwyn", "arwen", "--dry-run"]));
    assert!(
        dry.contains(
            "certdesk: note: 1 of the 2 certificates to mail carries a credential signed with a key retired as \
             compromised, which verifiers refuse: certdesk issuer resign signs it again, before the messages go"
        ),
        "{dry}"
    );
    assert_eq!(sink.count(), 0);
    let other = stderr(&db.run(&["mail", "synthetic"]));
    assert!(!other.contains("retired"), "{other}");
    let sent = stderr(&db.run(&["mail", COURSE, "--only", "arwen"]));
    assert!(
        sent.contains(
            "certdesk: note: The certificate to mail carries a credential signed with a key retired as compromised, \
             which verifiers refuse, in the messages sent now too, until certdesk issuer resign signs it again"
        ),
        "{sent}"
    );
    assert_eq!(sink.count(), 6, "the other course's five and arwen's");
}
