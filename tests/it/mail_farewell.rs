//! The course's farewell message through `certdesk mail`: who gets it, what staff are told when a
//! learner gets nothing, and the message files `certdesk farewell` keeps or refuses.

use crate::common;

use common::TestDb;
use common::mail::{SmtpSink, certificates, certified, import_with};

const COURSE: &str = "middle-earth-101";

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
        assert!(refused.contains("`--reset` goes back to the built-in message"), "{refused}");
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
    assert!(said.contains("learners with a certificate get the built-in farewell already; nothing changed"), "{said}");
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

/// `--reset` puts back the built-in words of the one message it names: it threw away both, and
/// turned off the one to learners without a certificate.
#[test]
fn a_reset_puts_back_only_the_message_it_names() {
    let db = TestDb::with_sample();
    let file = db.dir.path().join("farewell.txt");
    std::fs::write(&file, "Subject: Bye {{ learner.full_name }}\n\nGoodbye.\n").unwrap();
    db.ok(&["farewell", COURSE, "--set", file.to_str().unwrap()]);
    db.ok(&["farewell", COURSE, "--uncertified", "--set", file.to_str().unwrap()]);
    let said = db.ok(&["farewell", COURSE, "--reset"]);
    assert!(said.contains("went back to the built-in farewell to learners with a certificate"), "{said}");
    assert!(!db.ok(&["farewell", COURSE]).starts_with("Subject: Bye"));
    assert!(db.ok(&["farewell", COURSE, "--uncertified"]).starts_with("Subject: Bye"), "the other is kept");

    db.ok(&["farewell", COURSE, "--set", file.to_str().unwrap()]);
    let said = db.ok(&["farewell", COURSE, "--uncertified", "--reset"]);
    assert!(said.contains("went back to the built-in farewell to learners without a certificate"), "{said}");
    let uncertified = db.ok(&["farewell", COURSE, "--uncertified"]);
    assert!(
        !uncertified.starts_with("Subject: Bye") && uncertified.starts_with("Subject:"),
        "still sent: {uncertified}"
    );
    assert!(db.ok(&["farewell", COURSE]).starts_with("Subject: Bye"), "the other is kept");
    db.ok(&["farewell", COURSE, "--uncertified", "--off"]);
    let said = db.ok(&["farewell", COURSE, "--uncertified", "--reset"]);
    assert!(said.contains("get no farewell (--uncertified --on sends the built-in one) already"), "{said}");
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

/// A learner mailed a certificate that was replaced since (a score mended, then `regenerate`)
/// is told that the new one replaces the one sent before, and which it was; the others' first
/// message reads as the first.
#[test]
fn a_replaced_certificate_is_mailed_as_replacing_the_one_sent_before() {
    let sink = SmtpSink::start();
    let db = certified(&sink);
    db.ok(&["mail", COURSE]);
    let first = sink.messages();
    assert!(
        first.iter().all(|message| message["subject"] == "Your certificate for Introduction to Middle-earth Studies")
    );
    assert!(first.iter().all(|message| !message["text"].as_str().unwrap().contains("replaces")));
    let before = certificates(&db).into_iter().find(|row| row["username"] == "aerwyn").expect("aerwyn's certificate");
    let old_code = before["code"].as_str().unwrap().to_string();
    let sent_on = &before["mail"]["sent_at"].as_str().unwrap()[..10];

    db.ok(&["grade", COURSE, "aerwyn", "essay", "10"]);
    db.ok(&["regenerate", COURSE, "aerwyn"]);
    db.ok(&["mail", COURSE]);
    let messages = sink.messages();
    assert_eq!(messages.len(), first.len() + 1, "only aerwyn's new certificate goes");
    let replacing = messages.last().unwrap();
    assert_eq!(replacing["subject"], "Your new certificate for Introduction to Middle-earth Studies");
    let text = replacing["text"].as_str().unwrap();
    assert!(
        text.contains(&format!(
            "Here is your new Verified Certificate, attached to this message as a PDF. It replaces the certificate we \
             sent you on {sent_on} ({old_code}), which is no longer valid: please use this one from now on."
        )),
        "{text}"
    );
    let new_code = certificates(&db).into_iter().find(|row| row["username"] == "aerwyn").unwrap()["code"].clone();
    assert!(text.contains(&format!("/verify/{}", new_code.as_str().unwrap())), "{text}");
    assert!(replacing["html"].as_str().unwrap().contains(&format!("we sent you on {sent_on} ({old_code})")));
    // Sent again (the learner lost it), it still says what it replaces: they may hold the old PDF.
    db.ok(&["mail", COURSE, "--only", "aerwyn", "--resend"]);
    let messages = sink.messages();
    let resent = messages.last().unwrap();
    assert_eq!(messages.len(), first.len() + 2);
    assert_eq!(resent["subject"], "Your new certificate for Introduction to Middle-earth Studies");
    assert!(resent["text"].as_str().unwrap().contains(&format!("({old_code}), which is no longer valid")), "{resent}");
}
