//! The mail server and its settings: a setting or a server a run cannot use is refused in one
//! sentence, before anything is held against a learner's certificate.

use crate::common;

use common::TestDb;
use common::mail::{SmtpSink, certificates, certified};

const COURSE: &str = "middle-earth-101";

/// An international sender is kept, with a note that many mail servers refuse it, rather than
/// first heard of when a run stops at it.
#[test]
fn an_international_sender_is_kept_with_a_note_that_many_servers_refuse_it() {
    let db = TestDb::with_sample();
    let output = db.run(&["mail-settings", "--from", "Jörg <jörg@exämple.de>"]);
    assert!(output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("the sender jörg@exämple.de is an international address"), "{said}");
    assert!(said.contains("(SMTPUTF8)"), "{said}");
    let output = db.run(&["mail-settings", "--from", "Course Team <team@example.org>"]);
    assert!(output.status.success() && output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn passwords_stay_out_of_urls_and_a_dead_server_stops_the_run() {
    let db = TestDb::with_sample();
    let refused = db.fails(&["mail-settings", "--smtp", "smtp://user:secret@127.0.0.1:25"], 1);
    assert!(refused.contains("may not hold a password"), "{refused}");
    assert!(!refused.contains("secret"), "{refused}");
    db.ok(&["examples", COURSE]);
    db.ok(&["generate", COURSE]);
    let port = common::mail::free_port();
    let output = db.run(&["mail", COURSE, "--smtp", &format!("smtp://127.0.0.1:{port}"), "--from", "t@example.org"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Stopped: the mail server cannot be used"), "{stdout}");
    // Who was not reached is named, where the run said only how many were sent.
    let planned = certificates(&db).len();
    let not_reached = format!("  not reached yet: {planned} learners (aerwyn, an, anna, aragorn, arwen, cagri,");
    assert!(stdout.contains(&not_reached), "{stdout}");
    assert!(stdout.contains(&format!(" and {} more)", planned - 10)), "{stdout}");
    let tried = db.json(&["certificates", COURSE, "--json"]);
    let attempts = tried.as_array().unwrap().iter().filter(|row| !row["mail"].is_null()).count();
    assert_eq!(attempts, 0, "the run stops before the first message, and holds nothing against it");
}

/// A setting the real run could not use is refused when it is given, dry runs included.
#[test]
fn settings_a_run_cannot_use_are_refused_when_given() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let days = db.fails(&["mail-settings", "--link-days", "4294967295"], 2);
    assert!(days.contains("1..=3650"), "{days}");
    assert!(db.ok(&["mail-settings"]).contains("work 90 days"), "the setting is unchanged");
    let dry = db.fails(&["mail", COURSE, "--dry-run", "--smtp", "smtp://u:secret@127.0.0.1:2525"], 1);
    assert!(dry.contains("password"), "{dry}");
    // A password file the real run could not read, or a user without a password.
    let missing = db.dir.path().join("no-such-password");
    let dry = db.fails(&["mail", COURSE, "--dry-run", "--smtp-password-file", missing.to_str().unwrap()], 1);
    assert!(dry.contains("cannot read the mail password from"), "{dry}");
    let dry = db.fails(&["mail", COURSE, "--dry-run", "--smtp", "smtp://team@127.0.0.1:2525"], 1);
    assert!(dry.contains("names the user team: set CERTDESK_SMTP_PASSWORD"), "{dry}");
    assert_eq!(sink.count(), 0);
}

/// A server that cannot be used leaves nothing against learners' certificates: no refusal, no
/// attempt, no open link; the run stops with one sentence saying what is wrong.
#[test]
fn a_server_that_cannot_be_used_is_not_a_refusal() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let username = certificates(&db)[0]["username"].as_str().unwrap().to_string();
    let plain = sink.url().replace("smtp://", "");
    let cases = [
        (format!("smtp://127.0.0.1:{}", common::mail::free_port()), "(connection refused)"),
        (format!("smtps://{plain}"), "does not speak TLS on that port"),
        (format!("smtp://{plain}?tls=required"), "does not offer STARTTLS"),
        (format!("smtp://courses@{plain}"), "offers no login"),
    ];
    for (url, saying) in cases {
        let output = db
            .command(&["mail", COURSE, "--only", &username, "--smtp", &url])
            .env("CERTDESK_SMTP_PASSWORD", "secret")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{url}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("Stopped: the mail server cannot be used: "), "{url}: {stdout}");
        assert!(stdout.contains(saying), "{url}: {stdout}");
        assert!(!stdout.contains("not sent to"), "{url}: {stdout}");
    }
    let row = certificates(&db).into_iter().find(|row| row["username"] == username.as_str()).unwrap();
    assert!(row["mail"].is_null(), "{row}");
    assert!(!db.ok(&["certificates", COURSE]).contains("refused"));
    let links = db.json(&["links", COURSE, "--json"]);
    assert_eq!((links["open"].as_u64(), links["revoked"].as_u64()), (Some(0), Some(0)), "{links}");
    assert_eq!(sink.count(), 0);
}

/// A relay that scans each message before it answers may take longer than the 30 s certdesk
/// waits for other answers: the message it took was reported as not reached, its link was
/// withdrawn, and the next run mailed the learner a second copy.
#[test]
fn a_server_slow_to_take_a_message_is_waited_for() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let username = certificates(&db)[0]["username"].as_str().unwrap().to_string();
    sink.slow(35);
    let sent = db.ok(&["mail", COURSE, "--only", &username]);
    assert!(sent.contains("Sent 1 message"), "{sent}");
    assert_eq!(sink.count(), 1);
    let links = db.json(&["links", COURSE, "--json"]);
    assert_eq!((links["open"].as_u64(), links["revoked"].as_u64()), (Some(1), Some(0)), "{links}");
}

/// A server that took the whole message and never answered most likely passed it on: it is
/// recorded as sent, so that running the command again does not mail it twice, and the run
/// stops saying how to send it again if it did not go.
#[test]
fn a_message_taken_whole_but_never_answered_is_not_sent_twice() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let usernames: Vec<String> =
        certificates(&db).iter().take(2).map(|row| row["username"].as_str().unwrap().to_string()).collect();
    sink.hang_up();
    let output = db.run(&["mail", COURSE, "--only", &usernames[0], &usernames[1]]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let first = &usernames[0];
    assert!(stdout.contains("but did not answer whether it passes it on"), "{stdout}");
    assert!(stdout.contains(&format!("--resend --only {first}` sends it again")), "{stdout}");
    assert!(stdout.contains(&format!("not reached yet: 1 learner ({})", usernames[1])), "{stdout}");
    assert_eq!(sink.count(), 1);
    std::fs::remove_file(sink.dir.path().join("hangup")).unwrap();
    let again = db.ok(&["mail", COURSE, "--only", first]);
    assert!(again.contains("1 sent before"), "{again}");
    assert_eq!(sink.count(), 1, "not mailed twice");
}

/// A server that turns the sender away once connected cannot be used either: the run stops,
/// and the personal link made for the message that did not go is withdrawn.
#[test]
fn a_refused_sender_stops_the_run_and_withdraws_the_link_it_made() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    sink.refuse(&["team@example.org"]);
    let output = db.run(&["mail", COURSE]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("Stopped: the mail server cannot be used: the mail server refuses mail from team@example.org"),
        "{stdout}"
    );
    assert!(certificates(&db).iter().all(|row| row["mail"].is_null()));
    // Withdrawn, it was never anyone's: not open, and not counted as revoked either.
    let links = db.json(&["links", COURSE, "--json"]);
    assert_eq!((links["open"].as_u64(), links["revoked"].as_u64()), (Some(0), Some(0)), "{links}");
    assert!(db.ok(&["links", COURSE]).contains("0 expired, 0 revoked."));
}

/// A server that refuses every message for a reason that is not about its recipient (a login
/// it wants, mail it will not pass on, a message larger than it takes) stops the run after the
/// first three, with its answer and what to do, said once: before, a course heard the same
/// refusal once for each learner (2,000 learners, 2,000 lines) with the advice to check each
/// address. Those not reached stay unsent, and the next run, once the server takes mail, sends
/// to everyone.
#[test]
fn a_server_that_refuses_every_message_alike_stops_after_three_and_says_what_to_do() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let planned = certificates(&db).len();
    let cases = [
        ("RCPT", "554 5.7.1 Relay access denied", "the server does not pass mail on for team@example.org"),
        ("RCPT", "530 5.7.0 Authentication required", "the server wants a login: name the user in the mail server URL"),
        (
            "DATA",
            "552 5.3.4 Message size exceeds fixed limit",
            "each message carries its certificate as a PDF, and the server takes none this large",
        ),
    ];
    for (stage, reply, advice) in cases {
        let before = sink.refusals().len();
        sink.answer_every(Some((stage, reply)));
        let output = db.run(&["mail", COURSE]);
        assert_eq!(output.status.code(), Some(1), "{reply}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stopped = format!(
            "Stopped: the mail server refused 3 messages in a row (aerwyn, an, anna) alike, not for their addresses, and would refuse the others so: permanent error ({}): {}; {advice}",
            &reply[..3],
            &reply[4..]
        );
        assert!(stdout.contains(&stopped), "{reply}: {stdout}");
        assert!(stdout.contains("once that is mended, run the command again: it sends to those refused and the rest"));
        assert!(stdout.contains(&format!("not reached yet: {} learners (aragorn, ", planned - 3)), "{stdout}");
        assert!(!stdout.contains("not sent to") && !stdout.contains("check the address"), "{reply}: {stdout}");
        // What the server was asked is what certdesk says: three messages, refused.
        let refusals = sink.refusals();
        assert_eq!(refusals.len() - before, 3, "{refusals:?}");
        assert!(refusals[before..].iter().all(|line| line.starts_with(stage) && line.ends_with(reply)), "{refusals:?}");
        let refused: Vec<_> = certificates(&db).into_iter().filter(|row| row["mail"]["error"].is_string()).collect();
        assert_eq!(refused.len(), 3, "{reply}");
        assert!(certificates(&db).iter().all(|row| row["mail"]["sent_at"].is_null()));
    }
    assert_eq!(sink.count(), 0);

    // At MAIL FROM the first refusal stops the run, with what to do.
    sink.answer_every(Some(("MAIL", "530 5.7.0 Authentication required")));
    let before = sink.refusals().len();
    let stopped = stdout_of_failed(&db, &["mail", COURSE]);
    assert!(
        stopped.contains("permanent error (530): 5.7.0 Authentication required; the server wants a login"),
        "{stopped}"
    );
    assert_eq!(sink.refusals().len() - before, 1);

    // Refusals that name each message they refuse (Gmail's `... 30e200eaed76 - gsmtp`) are
    // alike all the same.
    let before = sink.refusals().len();
    sink.answer_every(Some(("DATA", "554 5.7.1 Message rejected as spam by policy. {id} - gsmtp")));
    let stopped = stdout_of_failed(&db, &["mail", COURSE]);
    assert!(
        stopped.contains("Stopped: the mail server refused 3 messages in a row (aerwyn, an, anna) alike"),
        "{stopped}"
    );
    let refusals = sink.refusals();
    assert_eq!(refusals.len() - before, 3, "{refusals:?}");
    assert_ne!(refusals[before], refusals[before + 1], "each refusal names its message");

    // The server takes mail again: everyone gets their message, once.
    sink.answer_every(None);
    let sent = db.ok(&["mail", COURSE]);
    assert!(sent.contains(&format!("Sent {planned} messages")), "{sent}");
    assert_eq!(sink.count(), planned);

    // A resend stopped so before it reached anyone is run again as it was: that mails no one
    // twice (a resend stopped midway names the rest with --only, in mail_stopped.rs).
    sink.answer_every(Some(("RCPT", "554 5.7.1 Relay access denied")));
    let stopped = stdout_of_failed(&db, &["mail", COURSE, "--resend"]);
    assert!(stopped.contains("once that is mended, run the command again: it sends to those refused"), "{stopped}");
    assert!(!stopped.contains("--only"), "{stopped}");
}

/// A server turning every message away for now, not for its address (451 4.3.0 at DATA),
/// stops the run after three as a permanent refusal does; one taking no mail at all for now
/// (421) stops it at the first. Before, both went through every learner, each refusal
/// recorded against the learner's address.
#[test]
fn a_server_turning_every_message_away_for_now_stops_the_run() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    sink.answer_every(Some(("DATA", "451 4.3.0 Temporary local problem, try later")));
    let stopped = stdout_of_failed(&db, &["mail", COURSE]);
    assert!(
        stopped.contains("Stopped: the mail server refused 3 messages in a row (aerwyn, an, anna) alike"),
        "{stopped}"
    );
    assert!(stopped.contains("transient error (451): 4.3.0 Temporary local problem"), "{stopped}");
    assert_eq!(sink.refusals().len(), 3);

    sink.answer_every(Some(("RCPT", "421 4.7.0 Try again later, closing connection")));
    let stopped = stdout_of_failed(&db, &["mail", COURSE]);
    assert!(stopped.contains("the mail server is taking no mail for now"), "{stopped}");
    assert!(!stopped.contains("not sent to aerwyn"), "nothing held against the learner: {stopped}");
    assert_eq!(sink.refusals().len(), 4, "one message tried");
    sink.answer_every(None);
    db.ok(&["mail", COURSE]);
    assert_eq!(sink.count(), certificates(&db).len(), "everyone mailed once the server takes mail");
}

/// Refusals about their recipients (no such mailbox), however many in a row, only skip those
/// learners: the others get their message.
#[test]
fn recipients_refused_one_after_another_are_skipped_and_the_run_goes_on() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let planned = certificates(&db).len();
    let first_four = ["aerwyn@example.no", "van.an@example.vn", "anna@example.ru", "strider@example.org"];
    sink.refuse(&first_four);
    let stdout = stdout_of_failed(&db, &["mail", COURSE]);
    assert!(!stdout.contains("Stopped"), "{stdout}");
    for address in first_four {
        assert!(
            stdout.contains(&format!("the mail server refused {address} for good: permanent error (550)")),
            "{stdout}"
        );
    }
    assert_eq!(sink.count(), planned - 4);
    assert_eq!(sink.refusals().len(), 4);
}

/// What a mail run that exits 1 printed on stdout.
#[track_caller]
fn stdout_of_failed(db: &TestDb, args: &[&str]) -> String {
    let output = db.run(args);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stdout}");
    stdout
}
