//! `certdesk mail` against a real SMTP server on loopback: who gets what, what is recorded, and
//! what a second run, a refusal and a kill -9 do.

mod common;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use common::TestDb;
use common::mail::{SmtpSink, pdf_text, pdf_title};

const COURSE: &str = "middle-earth-101";

/// The sample course with its certificates issued and mail settings kept.
fn certified(sink: &SmtpSink) -> TestDb {
    let db = TestDb::with_sample();
    db.ok(&["examples", COURSE]);
    db.ok(&["generate", COURSE]);
    db.ok(&["mail-settings", "--smtp", &sink.url(), "--from", "Course Team <team@example.org>", "--rate", "6000"]);
    db
}

/// The sample course with one more learner, `row` in the roster, who passes; certificates
/// issued and mail settings kept.
fn certified_with(sink: &SmtpSink, row: &str) -> TestDb {
    let db = TestDb::new();
    import_with(&db, row);
    db.ok(&["examples", COURSE]);
    db.ok(&["generate", COURSE]);
    db.ok(&["mail-settings", "--smtp", &sink.url(), "--from", "Course Team <team@example.org>", "--rate", "6000"]);
    db
}

/// Imports the sample course with one more learner, `row` in the roster, who passes.
fn import_with(db: &TestDb, row: &str) {
    let folder = db.sample_copy("course");
    let append = |file: &str, line: &str| {
        let text = std::fs::read_to_string(folder.join(file)).unwrap();
        std::fs::write(folder.join(file), format!("{text}{line}\n")).unwrap();
    };
    append("roster.csv", row);
    let username = row.split(',').next().unwrap();
    append("grades.csv", &format!("{username},10,10,10,10,10,10,10,10,10,10"));
    db.ok(&["import", folder.to_str().unwrap()]);
}

fn certificates(db: &TestDb) -> Vec<serde_json::Value> {
    db.json(&["certificates", COURSE, "--json"]).as_array().expect("a list").clone()
}

fn gradebook_emails(db: &TestDb) -> HashMap<String, String> {
    let gradebook = db.json(&["gradebook", COURSE, "--json"]);
    gradebook["learners"]
        .as_array()
        .expect("learners")
        .iter()
        .map(|row| (row["email"].as_str().unwrap().to_lowercase(), row["username"].as_str().unwrap().to_string()))
        .collect()
}

fn recipient(message: &serde_json::Value) -> String {
    let to = message["to"].as_str().expect("To");
    let address = to.rsplit_once('<').map_or(to, |(_, rest)| rest.trim_end_matches('>'));
    address.to_lowercase()
}

#[test]
fn every_certified_learner_gets_their_own_certificate_once_and_it_is_recorded() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let active = certificates(&db);
    assert!(active.len() > 10, "{}", active.len());

    let dry = db.ok(&["mail", COURSE, "--dry-run"]);
    assert!(dry.contains(&format!("{} messages to send", active.len())), "{dry}");
    assert_eq!(sink.count(), 0, "a dry run sends nothing");

    let sent = db.ok(&["mail", COURSE]);
    assert!(sent.contains(&format!("Sent {} messages", active.len())), "{sent}");
    let messages = sink.messages();
    assert_eq!(messages.len(), active.len());

    let emails = gradebook_emails(&db);
    let active = certificates(&db);
    let by_username: HashMap<&str, &serde_json::Value> =
        active.iter().map(|row| (row["username"].as_str().unwrap(), row)).collect();
    for message in &messages {
        let username = &emails[&recipient(message)];
        let certificate = by_username[username.as_str()];
        let code = certificate["code"].as_str().unwrap();
        assert_eq!(message["from"], "Course Team <team@example.org>");
        let text = message["text"].as_str().expect("a plain text part");
        assert!(text.contains(&format!("/verify/{code}")), "{text}");
        assert!(message["html"].is_string(), "the built-in farewell has HTML too");
        let attachments = message["attachments"].as_array().unwrap();
        assert_eq!(attachments.len(), 1);
        assert_eq!(attachments[0]["name"], format!("certificate-{code}.pdf"));
        assert_eq!(attachments[0]["type"], "application/pdf");
        // The attachment is this learner's certificate, read by poppler.
        let printed = pdf_text(attachments[0]["path"].as_str().unwrap());
        let name = certificate["full_name"].as_str().unwrap();
        // pdftotext joins a line broken after a hyphen without it (a limit of poppler's).
        let squeezed = |text: &str| text.split_whitespace().collect::<String>().replace('-', "");
        assert!(squeezed(&printed).contains(&squeezed(name)), "{username}: {name} not in {printed}");
        assert!(printed.contains(code), "{printed}");
        // Titled for its learner, as the viewer's title bar shows it.
        let title = pdf_title(attachments[0]["path"].as_str().unwrap());
        assert_eq!(title, format!("Introduction to Middle-earth Studies: {name}"));
        // Recorded with the message's own id.
        let mail = &certificate["mail"];
        assert!(mail["sent_at"].is_string(), "{mail}");
        assert_eq!(mail["message_id"], message["message_id"]);
        assert_eq!(mail["attempts"], 1);
    }

    // The audit trail has one event per message; a second run sends nothing.
    let log = db.json(&["log", COURSE, "--json"]);
    let mailed = log.as_array().unwrap().iter().filter(|event| event["action"] == "mail").count();
    assert_eq!(mailed, active.len());
    let again = db.ok(&["mail", COURSE]);
    assert!(
        again.contains(&format!("0 messages to send (0 with a certificate, 0 without); {} sent before", active.len())),
        "{again}"
    );
    let one = active[0]["username"].as_str().unwrap();
    let again = db.ok(&["mail", COURSE, "--only", one, "--dry-run"]);
    assert!(again.contains("; 1 sent before (--resend sends it again)."), "{again}");
    assert_eq!(sink.count(), active.len());
}

#[test]
fn a_refused_recipient_is_recorded_and_only_they_are_tried_again() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let active = certificates(&db);
    let refused_row = &active[0];
    let username = refused_row["username"].as_str().unwrap().to_string();
    let emails = gradebook_emails(&db);
    let address = emails.iter().find(|(_, user)| **user == username).map(|(email, _)| email.clone()).unwrap();
    sink.refuse(&[&address]);

    let output = db.run(&["mail", COURSE]);
    assert_eq!(output.status.code(), Some(1), "a refusal is a failure to report");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(&format!("not sent to {username}")), "{stdout}");
    assert!(stdout.contains("(the next run tries again)"), "{stdout}");
    assert_eq!(sink.count(), active.len() - 1);
    let row = certificates(&db).into_iter().find(|row| row["username"] == username.as_str()).unwrap();
    assert!(row["mail"]["sent_at"].is_null(), "{row}");
    assert!(row["mail"]["error"].as_str().unwrap().contains("550"), "{row}");
    let table = db.ok(&["certificates", COURSE]);
    assert!(table.contains("mail refused"), "{table}");
    // Each message carried a personal link; the one that did not go is not left open.
    let links = db.json(&["links", COURSE, "--json"]);
    assert_eq!(
        (links["open"].as_u64(), links["revoked"].as_u64()),
        (Some(active.len() as u64 - 1), Some(1)),
        "{links}"
    );
    assert!(!links["learners"].as_array().unwrap().contains(&serde_json::json!(username)), "{links}");

    sink.refuse(&[]);
    let retried = db.ok(&["mail", COURSE]);
    assert!(retried.contains("Sent 1 message through"), "{retried}");
    let row = certificates(&db).into_iter().find(|row| row["username"] == username.as_str()).unwrap();
    assert!(row["mail"]["sent_at"].is_string());
    assert!(row["mail"]["error"].is_null());
    assert_eq!(row["mail"]["attempts"], 2);
    let last = sink.messages().into_iter().last().unwrap();
    assert_eq!(recipient(&last), address);
}

/// Sending a delivered certificate again, through a server that cannot be reached, keeps the
/// record of the delivery: the next run does not send it a second time.
#[test]
fn a_failed_resend_keeps_the_delivery_on_record() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    db.ok(&["mail", COURSE]);
    let sent = sink.count();
    let username = certificates(&db)[0]["username"].as_str().unwrap().to_string();
    let before = certificates(&db).into_iter().find(|row| row["username"] == username.as_str()).unwrap();
    let failed = db.run(&["mail", COURSE, "--only", &username, "--resend", "--smtp", "smtp://127.0.0.1:1"]);
    assert_eq!(failed.status.code(), Some(1));
    let told = String::from_utf8_lossy(&failed.stdout);
    assert!(
        told.contains("1 message to send (1 with a certificate, 0 without); 1 of them sent before, sent again"),
        "{told}"
    );
    let row = certificates(&db).into_iter().find(|row| row["username"] == username.as_str()).unwrap();
    assert_eq!(row["mail"]["sent_at"], before["mail"]["sent_at"], "{row}");
    assert_eq!(row["mail"]["message_id"], before["mail"]["message_id"], "{row}");
    assert_eq!(row["mail"], before["mail"], "a server that cannot be used changes no record");
    assert!(!db.ok(&["certificates", COURSE]).contains("refused"));
    let again = db.ok(&["mail", COURSE, "--dry-run"]);
    assert!(again.contains(&format!("{COURSE}: 0 messages to send")), "{again}");
    db.ok(&["mail", COURSE]);
    assert_eq!(sink.count(), sent, "nothing was sent twice");
    // Refused by the server: only --resend tries it again, and the refusal says so.
    let emails = gradebook_emails(&db);
    let address = emails.iter().find(|(_, user)| **user == username).map(|(email, _)| email.clone()).unwrap();
    sink.refuse(&[&address]);
    let refused = db.run(&["mail", COURSE, "--only", &username, "--resend"]);
    let stdout = String::from_utf8_lossy(&refused.stdout);
    assert!(
        stdout.contains(&format!("not sent to {username}")) && stdout.contains("sent before; --resend tries again"),
        "{stdout}"
    );
}

#[test]
fn a_run_killed_midway_loses_no_record_and_sends_at_most_one_message_twice() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let active = certificates(&db);
    // Slow enough to be killed in the middle: 10 messages a second.
    let mut child = db.command(&["mail", COURSE, "--rate", "600"]).stdout(std::process::Stdio::null()).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while sink.count() < active.len() / 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let before = sink.count();
    assert!(before < active.len(), "the run was not stopped midway ({before})");
    let recorded = certificates(&db).iter().filter(|row| row["mail"]["sent_at"].is_string()).count();
    assert!(recorded + 1 >= before && recorded <= before, "{recorded} recorded, {before} received");

    db.ok(&["mail", COURSE]);
    let messages = sink.messages();
    let recipients: Vec<String> = messages.iter().map(recipient).collect();
    let unique: HashSet<&String> = recipients.iter().collect();
    assert_eq!(unique.len(), active.len(), "everyone has their message");
    assert!(recipients.len() - unique.len() <= 1, "sent twice: {}", recipients.len() - unique.len());
    assert!(certificates(&db).iter().all(|row| row["mail"]["sent_at"].is_string()));
}

#[test]
fn learners_without_a_certificate_get_a_farewell_only_when_the_course_has_one() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let active = certificates(&db).len();
    db.ok(&["mail", COURSE]);
    assert_eq!(sink.count(), active);
    // Named, a learner who gets nothing is told why (boromir has withdrawn, merry failed).
    let told = db.ok(&["mail", COURSE, "--only", "merry", "--only", "boromir"]);
    assert!(told.contains("nothing for merry: no certificate in force, and the course sends nothing"), "{told}");

    db.ok(&["farewell", COURSE, "--uncertified", "--on"]);
    let told = db.json(&["mail", COURSE, "--only", "boromir", "--dry-run", "--json"]);
    assert_eq!(told["planned"], 0);
    let why = told["nothing_for"][0]["detail"].as_str().expect("a reason");
    assert!(why.contains("has withdrawn"), "{why}");
    let sent = db.ok(&["mail", COURSE]);
    let farewells = sink.count() - active;
    assert!(farewells > 0, "{sent}");
    let messages = sink.messages();
    let farewell = &messages[active];
    assert!(farewell["attachments"].as_array().unwrap().is_empty());
    assert!(farewell["subject"].as_str().unwrap().starts_with("Thank you for taking"), "{farewell}");

    // A message file of the course's own, checked before it is kept.
    let file = db.dir.path().join("farewell.txt");
    std::fs::write(&file, "Subject: {{ course.title }} is over\n\nDear {{ learner.full_name }, bye\n").unwrap();
    let refused = db.fails(&["farewell", COURSE, "--set", file.to_str().unwrap()], 1);
    assert!(refused.contains("farewell.txt"), "{refused}");
    std::fs::write(&file, "Subject: Bye\n\nDear {{ learner.full_name }},\nyour code: {{ certificate.code }}\n")
        .unwrap();
    let refused = db.fails(&["farewell", COURSE, "--uncertified", "--set", file.to_str().unwrap()], 1);
    assert!(refused.contains("farewell.txt: line 4 (the text): undefined value"), "{refused}");
    std::fs::write(&file, "Subject: {{ course.title }} is over\n\nDear {{ learner.full_name }}, bye.\n").unwrap();
    db.ok(&["farewell", COURSE, "--set", file.to_str().unwrap()]);
    db.ok(&["mail", COURSE, "--resend", "--only", "aragorn"]);
    let last = sink.messages().into_iter().last().unwrap();
    assert_eq!(last["subject"], "Introduction to Middle-earth Studies is over");
    assert!(last["text"].as_str().unwrap().contains("Dear Aragorn son of Arathorn, bye."));
}

/// Staff asking why a learner gets nothing hear that their certificate was revoked or deleted,
/// which one, when and by whom, rather than only that none is in force.
#[test]
fn a_learner_named_whose_certificate_was_revoked_is_told_so() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let active = certificates(&db);
    let (revoked, deleted) = (&active[0], &active[1]);
    let revoked_user = revoked["username"].as_str().unwrap();
    let deleted_user = deleted["username"].as_str().unwrap();
    db.ok(&["revoke", revoked["code"].as_str().unwrap(), "--reason", "copied the essay.", "--yes"]);
    db.ok(&["delete", COURSE, deleted_user, "--yes"]);

    let told = db.ok(&["mail", COURSE, "--dry-run", "--only", revoked_user, "--only", deleted_user]);
    let line =
        |user: &str| told.lines().find(|line| line.contains(&format!("nothing for {user}:"))).unwrap_or("").to_string();
    let revoked_line = line(revoked_user);
    assert!(
        revoked_line.contains(&format!("their certificate {} was revoked on ", revoked["code"].as_str().unwrap())),
        "{told}"
    );
    assert!(revoked_line.contains(": copied the essay), and the course sends nothing"), "{told}");
    let deleted_line = line(deleted_user);
    assert!(
        deleted_line.contains(&format!("their certificate {} was deleted on ", deleted["code"].as_str().unwrap())),
        "{told}"
    );
    // Who did it: the login running the tests.
    let who = revoked_line.split(" by ").nth(1).unwrap_or("");
    assert!(!who.is_empty() && !who.starts_with(':'), "{revoked_line}");
    let json = db.json(&["mail", COURSE, "--dry-run", "--json", "--only", revoked_user]);
    assert!(json["nothing_for"][0]["detail"].as_str().unwrap().contains("was revoked on"), "{json}");
    assert_eq!(sink.count(), 0);
}

/// An empty message file is not a way to stop the farewell: it is refused, saying what is.
#[test]
fn an_empty_farewell_file_is_refused_saying_how_to_stop_or_reset_the_message() {
    let db = TestDb::with_sample();
    let before = db.ok(&["farewell", COURSE]);
    let file = db.dir.path().join("empty.txt");
    for text in ["", "\n\n", "\u{feff}  \n"] {
        std::fs::write(&file, text).unwrap();
        let refused = db.fails(&["farewell", COURSE, "--set", file.to_str().unwrap()], 1);
        assert!(refused.contains("empty.txt: the file is empty, and nothing changed"), "{refused}");
        assert!(refused.contains("`--reset` goes back to the built-in messages"), "{refused}");
        let refused = db.fails(&["farewell", COURSE, "--uncertified", "--set", file.to_str().unwrap()], 1);
        assert!(refused.contains("`--uncertified --off` sends nothing to learners without a certificate"), "{refused}");
    }
    assert_eq!(db.ok(&["farewell", COURSE]), before);
}

/// Asking for the farewell as it is already changes nothing and is not put in the audit trail as
/// a change, where a second `--off` said it stopped the message again.
#[test]
fn a_farewell_change_that_changes_nothing_says_so_and_is_not_logged() {
    let db = TestDb::with_sample();
    let farewells = || db.ok(&["log", COURSE]).lines().filter(|line| line.contains(" farewell ")).count();
    let said = db.ok(&["farewell", COURSE, "--reset"]);
    assert!(said.contains("the built-in farewell is in use already; nothing changed"), "{said}");
    let said = db.ok(&["farewell", COURSE, "--uncertified", "--off"]);
    assert!(said.contains("learners without a certificate get no farewell already; nothing changed"), "{said}");
    assert_eq!(farewells(), 0);
    db.ok(&["farewell", COURSE, "--uncertified", "--on"]);
    let said = db.ok(&["farewell", COURSE, "--uncertified", "--on"]);
    assert!(said.contains("get the built-in farewell already; nothing changed"), "{said}");
    let file = db.dir.path().join("farewell.txt");
    std::fs::write(&file, "Subject: Bye\n\nDear {{ learner.full_name }}, goodbye.\n").unwrap();
    db.ok(&["farewell", COURSE, "--set", file.to_str().unwrap()]);
    let said = db.ok(&["farewell", COURSE, "--set", file.to_str().unwrap()]);
    assert!(said.contains("the farewell to learners with a certificate is this message already"), "{said}");
    assert_eq!(farewells(), 2, "the --on and the first --set");
    assert!(db.ok(&["farewell", COURSE, "--uncertified", "--off"]).contains("stopped the farewell"));
}

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

/// A learner whose address the server cannot take is refused, with a reason staff can act on,
/// and everyone after them still gets their mail.
#[test]
fn an_international_address_the_server_cannot_take_is_one_refusal_not_the_end_of_the_run() {
    let sink = SmtpSink::start();
    // "aaa" comes first: before the fix, every learner after them went unmailed.
    let db = certified_with(&sink, "aaa,Jörg Müller,jörg@exämple.de,honor,active");
    let active = certificates(&db);
    let dry = db.ok(&["mail", COURSE, "--dry-run"]);
    assert!(dry.contains("international addresses, which need a mail server that takes SMTPUTF8: aaa"), "{dry}");

    let output = db.run(&["mail", COURSE]);
    assert_eq!(output.status.code(), Some(1), "a refusal is a failure to report");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(&format!("Sent {} messages", active.len() - 1)), "{stdout}");
    assert!(
        stdout.contains("not sent to aaa: the mail server does not take international addresses (SMTPUTF8)"),
        "{stdout}"
    );
    assert!(!stdout.contains("Stopped"), "{stdout}");
    assert_eq!(sink.count(), active.len() - 1);
    let row = certificates(&db).into_iter().find(|row| row["username"] == "aaa").unwrap();
    assert!(row["mail"]["error"].as_str().unwrap().contains("SMTPUTF8"), "{row}");

    // A server that takes international addresses delivers it.
    let international = SmtpSink::start_international();
    let sent = db.ok(&["mail", COURSE, "--smtp", &international.url()]);
    assert!(sent.contains("Sent 1 message through"), "{sent}");
    // Its To header holds the address as UTF-8, as SMTPUTF8 allows (eml.py reads it as bytes).
    let raw = std::fs::read(international.dir.path().join("000001.eml")).unwrap();
    assert!(String::from_utf8_lossy(&raw).contains("<jörg@exämple.de>"));
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
    let links = db.json(&["links", COURSE, "--json"]);
    assert_eq!((links["open"].as_u64(), links["revoked"].as_u64()), (Some(0), Some(1)), "{links}");
}

/// A subject that fits the example learner may not fit the roster's longest name: refused when
/// set, and a learner added since is refused their one message rather than sent a subject
/// mail servers refuse.
#[test]
fn a_subject_too_long_for_a_learner_is_refused_when_set_and_when_sent() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    db.ok(&["mail", COURSE]);
    let file = db.dir.path().join("farewell.txt");
    let long_name = format!("{}Theodorina", "Wilhelmina ".repeat(10));
    assert_eq!(long_name.chars().count(), 120);
    std::fs::write(&file, format!("Subject: {} {{{{ learner.full_name }}}}\n\nDear you,\n", "x".repeat(94))).unwrap();
    db.ok(&["farewell", COURSE, "--set", file.to_str().unwrap()]);

    import_with(&db, &format!("longname,{long_name},long@example.org,honor,active"));
    db.ok(&["generate", COURSE]);
    let output = db.run(&["mail", COURSE]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("not sent to longname: the subject comes to 215 characters for this learner"), "{stdout}");
    assert!(sink.messages().iter().all(|message| message["subject"].as_str().unwrap().chars().count() <= 200));

    let refused = db.fails(&["farewell", COURSE, "--set", file.to_str().unwrap()], 1);
    assert!(
        refused.contains("the subject comes to 215 characters for longname, the longest on the roster"),
        "{refused}"
    );
}
