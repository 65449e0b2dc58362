//! Two staff mailing one course through `certdesk serve` at once: each run planned from the
//! records the other had not written yet, and every learner was mailed twice. A course has one
//! mail run at a time; the second is refused while the first goes, however the first ends.

use crate::common;

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::TestDb;
use common::mail::{SmtpSink, certificates, certified, recipient};
use common::served::Served;

const COURSE: &str = "middle-earth-101";

/// A mail run of the course at two messages a minute, once its first message has arrived.
fn mailing(db: &TestDb, sink: &SmtpSink) -> Child {
    let before = sink.count();
    let child = db.command(&["mail", COURSE, "--rate", "2"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn();
    let child = child.expect("certdesk mail starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while sink.count() == before {
        assert!(Instant::now() < deadline, "the first message never arrived");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[test]
fn a_second_mail_run_of_a_course_is_refused_while_the_first_goes_and_no_learner_is_mailed_twice() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let _server = Served::start(&db, &[]);
    let mut first = mailing(&db, &sink);

    let refused = db.fails(&["mail", COURSE], 1);
    assert!(refused.contains(&format!("is mailing {COURSE} in another certdesk, since ")), "{refused}");
    assert!(refused.contains("two runs at once would mail its learners twice"), "{refused}");
    assert_eq!(sink.count(), 1, "the second run sent nothing");
    db.ok(&["mail", COURSE, "--dry-run"]);

    // The first run killed outright: its claim ends with its connection.
    first.kill().expect("kill");
    first.wait().expect("wait");
    db.ok(&["mail", COURSE]);
    let mut mailed: Vec<String> = sink.messages().iter().map(recipient).collect();
    let messages = mailed.len();
    mailed.sort();
    mailed.dedup();
    assert_eq!(mailed.len(), messages, "nobody was mailed twice: {mailed:?}");
    let recorded = certificates(&db).iter().filter(|row| row["mail"]["sent_at"].is_string()).count();
    assert_eq!(recorded, certificates(&db).len(), "every certificate mailed once");
}
