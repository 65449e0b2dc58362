//! `certdesk mail` against a real SMTP server on loopback: who gets what, what is recorded, and
//! what a second run, a refusal and a kill -9 do.

use crate::common;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use common::mail::{
    SmtpSink, certificates, certified, certified_with, gradebook_emails, pdf_text, pdf_title, recipient,
};

const COURSE: &str = "middle-earth-101";

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
    // A permanent refusal (550) comes again until the address is mended: staff are told so.
    assert!(
        stdout.contains(&format!(
            "not sent to {username}: the mail server refused {address} for good: permanent error (550): 5.1.1 mailbox \
             unavailable; check the address, correct it where the roster comes from and import again (the next run \
             tries again)"
        )),
        "{stdout}"
    );
    assert_eq!(sink.count(), active.len() - 1);
    let row = certificates(&db).into_iter().find(|row| row["username"] == username.as_str()).unwrap();
    assert!(row["mail"]["sent_at"].is_null(), "{row}");
    assert!(row["mail"]["error"].as_str().unwrap().contains("550"), "{row}");
    let table = db.ok(&["certificates", COURSE]);
    assert!(table.contains("mail refused"), "{table}");
    // Each message carried a personal link; the one that did not go is not left open, nor
    // counted as revoked: nobody ever held it.
    let links = db.json(&["links", COURSE, "--json"]);
    assert_eq!(
        (links["open"].as_u64(), links["revoked"].as_u64()),
        (Some(active.len() as u64 - 1), Some(0)),
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
/// A server that turns a recipient away for now (450, a full or busy mailbox) may take the
/// message later: nothing about the address needs mending, and the next run tries again.
#[test]
fn a_recipient_turned_away_for_now_is_tried_again_with_nothing_to_mend() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let username = certificates(&db)[0]["username"].as_str().unwrap().to_string();
    let emails = gradebook_emails(&db);
    let address = emails.iter().find(|(_, user)| **user == username).map(|(email, _)| email.clone()).unwrap();
    sink.defer(&[&address]);

    let output = db.run(&["mail", COURSE, "--only", &username]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!(
            "not sent to {username}: the mail server turned {address} away for now: transient error (450): 4.2.1 \
             mailbox busy, try again later (the next run tries again)"
        )),
        "{stdout}"
    );
    assert!(!stdout.contains("correct it"), "{stdout}");
    sink.defer(&[]);
    assert!(db.ok(&["mail", COURSE, "--only", &username]).contains("Sent 1 message"));
}

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

/// A message that closes a learner's earlier personal link says so, where the run said only that
/// it sent the message and staff learned of the closed link from the learner.
#[test]
fn a_resend_says_that_the_earlier_link_is_closed() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let first = db.ok(&["mail", COURSE]);
    assert!(!first.contains("earlier personal link"), "nobody had a link before: {first}");

    let again = db.ok(&["mail", COURSE, "--only", "aragorn", "--resend"]);
    assert!(
        again.contains("aragorn's earlier personal link is closed: it says it was replaced, and the message just sent carries the one that works."),
        "{again}"
    );
    let json = db.json(&["mail", COURSE, "--only", "aragorn", "--only", "frodo", "--resend", "--json"]);
    assert_eq!(json["closed_links"], serde_json::json!(["aragorn", "frodo"]), "{json}");
    let again = db.ok(&["mail", COURSE, "--only", "aragorn", "--only", "frodo", "--resend"]);
    assert!(again.contains("The earlier personal links of 2 learners (aragorn, frodo) are closed"), "{again}");
    let links = db.json(&["links", COURSE, "--json"]);
    assert_eq!(links["revoked"].as_u64(), Some(5), "{links}");
}

/// An address mail cannot be sent to (`aaa@bagshot..shire`, which the roster's check lets
/// through) is one message not made: the dry run names it and composes the others, where it
/// stopped at that learner and said nothing of the rest; the real run goes on past it too.
#[test]
fn an_address_mail_cannot_take_is_named_by_the_dry_run_which_composes_the_others() {
    let sink = SmtpSink::start();
    let db = certified_with(&sink, "aaa,Aaa Dots,aaa@bagshot..shire,honor,active");
    let active = certificates(&db);
    let dry = db.run(&["mail", COURSE, "--dry-run"]);
    let stdout = String::from_utf8_lossy(&dry.stdout);
    assert_eq!(dry.status.code(), Some(1), "the real run would not reach everyone: {stdout}");
    assert!(stdout.contains(&format!("Composed {} messages", active.len() - 1)), "{stdout}");
    assert!(
        stdout.contains("would not be sent to aaa: the address 'aaa@bagshot..shire' is not one mail can be sent to"),
        "{stdout}"
    );
    let json = db.json_status(&["mail", COURSE, "--dry-run", "--json"], 1);
    assert_eq!(json["refused"][0]["username"], "aaa", "{json}");
    assert_eq!(sink.count(), 0, "a dry run sends nothing");

    let output = db.run(&["mail", COURSE]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains(&format!("Sent {} messages", active.len() - 1)), "{stdout}");
    assert!(stdout.contains("not sent to aaa: the address 'aaa@bagshot..shire'"), "{stdout}");
    // The next run would fail the same way: it is not promised to try again.
    assert!(
        stdout.contains(
            "correct it where the roster comes from and import again (no message could be made: the next run fails \
             the same way until then)"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("the next run tries again"), "{stdout}");
    assert_eq!(sink.count(), active.len() - 1);
}

/// A certificate that went stale since it was issued (a score changed) goes as issued, its old
/// grade with it: the plan names it before the run sends anything, with what replaces it, where
/// the learner got the old grade without a word to staff.
#[test]
fn a_stale_certificate_is_named_before_it_is_sent_as_issued() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    let stale = certificates(&db).iter().find(|row| row["username"] == "samwise").map(|row| row["code"].clone());
    let code = stale.expect("samwise is certified");
    db.ok(&["grade", COURSE, "samwise", "essay", "10"]);

    let dry = db.ok(&["mail", COURSE, "--dry-run"]);
    let line = format!(
        "  stale, sent as issued unless `certdesk regenerate {COURSE} --stale` replaces them first: samwise (88.0% -> 90.5%, letter B -> A)"
    );
    assert!(dry.contains(&line), "{dry}");
    let json = db.json(&["mail", COURSE, "--dry-run", "--json"]);
    assert_eq!(
        json["stale"],
        serde_json::json!([{"username": "samwise", "detail": "88.0% -> 90.5%, letter B -> A"}]),
        "{json}"
    );

    // The run says it too, and sends the certificate as issued.
    let sent = db.ok(&["mail", COURSE, "--only", "samwise"]);
    assert!(sent.contains(&line), "{sent}");
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    let text = messages[0]["text"].as_str().expect("a plain text part");
    assert!(text.contains(&format!("/verify/{}", code.as_str().unwrap())), "{text}");
}

/// Two learners with one address: the plan says so before anything is sent (dry runs too),
/// where it said nothing, and each of them gets their own message at that address.
#[test]
fn two_learners_sharing_an_address_are_named_in_the_plan_and_each_get_their_own_message() {
    let sink = SmtpSink::start();
    let db = certified_with(&sink, "aaa,Primula Baggins,Frodo@bagend.shire,honor,active");
    let said = "  one address for 2 learners, each sent their own message: Frodo@bagend.shire (aaa, frodo)\n";
    let dry = db.ok(&["mail", COURSE, "--dry-run"]);
    assert!(dry.contains(said), "{dry}");
    let planned = db.json(&["mail", COURSE, "--dry-run", "--json"]);
    assert_eq!(
        planned["shared_addresses"],
        serde_json::json!([{"address": "Frodo@bagend.shire", "usernames": ["aaa", "frodo"]}]),
        "{planned}"
    );
    let sent = db.ok(&["mail", COURSE]);
    assert!(sent.contains(said), "{sent}");
    let to_frodo: Vec<_> =
        sink.messages().into_iter().filter(|message| recipient(message) == "frodo@bagend.shire").collect();
    assert_eq!(to_frodo.len(), 2, "{to_frodo:?}");
    let names: Vec<&str> = to_frodo.iter().map(|message| message["to"].as_str().unwrap()).collect();
    assert!(
        names.iter().any(|to| to.contains("Primula")) && names.iter().any(|to| to.contains("Frodo Baggins")),
        "{names:?}"
    );
}
