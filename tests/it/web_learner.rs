//! `certdesk serve --http`: each learner's own page, reached by the link `certdesk mail` sends
//! or staff hand out: what it shows, the request button, the download, links that lead nowhere.

use crate::common;

use std::process::Command;

use common::mail::SmtpSink;
use common::web::{CHROMIUM, COURSE, Web, certificate_of, certified};

/// The personal links `certdesk mail` sent, by recipient address.
fn links(sink: &SmtpSink) -> Vec<(String, String)> {
    sink.messages()
        .iter()
        .filter_map(|message| {
            let text = message["text"].as_str()?;
            let at = text.find("/learner/")?;
            let start = text[..at].rfind("http").unwrap();
            let end = at + "/learner/".len() + 40;
            Some((message["to"].as_str().unwrap().to_string(), text[start..end].to_string()))
        })
        .collect()
}

#[test]
fn a_learner_sees_only_their_own_page_requests_their_certificate_and_downloads_it() {
    let db = certified();
    let sink = SmtpSink::start();
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    // Aragorn's certificate goes, so that he has one to ask for.
    db.ok(&["delete", COURSE, "aragorn", "--yes"]);
    db.ok(&["farewell", COURSE, "--uncertified", "--on"]);
    let web = Web::start(&db, &["--http-rate", "0"]);
    db.ok(&["settings", COURSE, "--verify-url", &format!("{}/verify/", web.base), "--yes"]);
    db.ok(&["mail", COURSE, "--smtp", &sink.url(), "--from", "team@example.org", "--rate", "6000"]);
    let links = links(&sink);
    assert!(links.len() > 10, "{links:?}");
    let link_of = |who: &str| {
        let found = links.iter().find(|(to, _)| to.contains(who)).map(|(_, link)| link.clone());
        found.unwrap_or_else(|| panic!("no link for {who} in {links:?}"))
    };
    let path = |link: &str| link.trim_start_matches(&web.base).to_string();

    // Frodo's page: his name, his certificate, nobody else's.
    let frodo = path(&link_of("Frodo"));
    let (status, headers, body) = web.get(&frodo);
    assert_eq!(status, 200);
    assert!(headers.contains("referrer-policy: no-referrer"));
    assert!(body.contains("Frodo Baggins") && body.contains("You have a certificate"), "{body}");
    assert!(body.contains(r#"<dd class="name" dir="auto">Frodo Baggins</dd>"#), "{body}");
    assert!(!body.contains("Aragorn") && !body.contains("Samwise"), "{body}");
    assert!(!body.contains("class=\"outdated\""), "his certificate says what is true: {body}");
    // His grade with the course's letter for it, as his verification page gives it.
    let issued = certificate_of(&db, "frodo");
    let (percent, letter) = (issued["percent"].as_f64().expect("percent"), issued["letter"].as_str().expect("letter"));
    assert!(body.contains(&format!("<dd>{percent:.1}% ({letter})</dd>")), "{body}");
    // A grade changed since: the page says the certificate shows the old one.
    db.ok(&["grade", COURSE, "frodo", "essay", "0"]);
    let (_, _, body) = web.get(&frodo);
    let now = certificate_of(&db, "frodo")["current_percent"].as_f64().expect("current");
    assert!(
        body.contains(&format!("It shows the grade {percent:.1}%; your grade is now {now:.1}%.")),
        "{percent} then, {now} now: {body}"
    );
    // One character changed leads nowhere, and says nothing about whose it was.
    let mut altered = frodo.clone();
    let last = altered.pop().unwrap();
    altered.push(if last == '0' { '1' } else { '0' });
    let (status, _, body) = web.get(&altered);
    assert_eq!(status, 404);
    assert!(!body.contains("Frodo"));
    assert!(body.contains("<h1>This link leads nowhere</h1>") && !body.contains("Verified by certdesk"), "{body}");

    // Aragorn asks: a button on his own page, refused from another site.
    let aragorn = path(&link_of("Aragorn"));
    let (_, _, body) = web.get(&aragorn);
    assert!(body.contains("Issue my certificate"), "{body}");
    // A new revision of his mode's template pauses self-service until the examples are made
    // with it: no button, and a request sent from a page shown before is not carried out.
    let template = db.dir.path().join("verified.cdt");
    std::fs::write(&template, db.ok(&["template", "show", "verified"]) + "# revised\n").expect("write");
    db.ok(&["template", "save", "verified", template.to_str().expect("path")]);
    let (_, _, body) = web.get(&aragorn);
    assert!(!body.contains("Issue my certificate") && body.contains("the course staff will issue it"), "{body}");
    let (status, _, body) =
        web.curl(&format!("{aragorn}/request"), &["-X", "POST", "-H", "Sec-Fetch-Site: same-origin"]);
    let paused = "<p class=\"problem\" role=\"alert\">Your certificate was not issued just now: the course staff are checking a change to the certificate first.</p>";
    assert!(status == 409 && body.contains(paused), "{status}: {body}");
    assert!(certificate_of(&db, "aragorn")["status"] != "issued");
    db.ok(&["examples", COURSE]);
    let (_, _, body) = web.get(&aragorn);
    assert!(body.contains("Issue my certificate"), "{body}");
    let (status, _, _) = web.curl(&format!("{aragorn}/request"), &["-X", "POST", "-H", "Origin: https://evil.example"]);
    assert_eq!(status, 403);
    // A body larger than any page takes is refused before anything is done with it.
    let large = db.dir.path().join("large.txt");
    std::fs::write(&large, "x".repeat(100 * 1024)).expect("write");
    let data = format!("@{}", large.display());
    let (status, headers, body) = web.curl(&format!("{aragorn}/request"), &["-X", "POST", "--data-binary", &data]);
    assert_eq!(status, 413);
    assert!(headers.contains("content-type: text/html") && body.contains("<h1>Request too large</h1>"), "{body}");
    assert!(certificate_of(&db, "aragorn")["status"] != "issued");
    let (status, headers, _) =
        web.curl(&format!("{aragorn}/request"), &["-X", "POST", "-H", "Sec-Fetch-Site: same-origin"]);
    assert_eq!(status, 303, "{headers}");
    let issued = certificate_of(&db, "aragorn");
    assert_eq!(issued["status"], "issued");
    let log = db.json(&["log", COURSE, "--json"]);
    let request = log.as_array().unwrap().iter().rev().find(|event| event["action"] == "request").unwrap();
    assert_eq!(request["who"], "aragorn (learner page)");
    // Asking again issues nothing new.
    web.curl(&format!("{aragorn}/request"), &["-X", "POST"]);
    assert_eq!(certificate_of(&db, "aragorn")["code"], issued["code"]);

    // His PDF, read by poppler.
    let pdf = db.dir.path().join("aragorn.pdf");
    let (status, headers, _) = web.curl(&format!("{aragorn}/certificate.pdf"), &["-o", pdf.to_str().unwrap()]);
    assert_eq!(status, 200);
    assert!(headers.contains("content-type: application/pdf"), "{headers}");
    let text = common::mail::pdf_text(pdf.to_str().unwrap());
    assert!(text.contains("Aragorn son of Arathorn") && text.contains(issued["code"].as_str().unwrap()), "{text}");
    let title = common::mail::pdf_title(pdf.to_str().unwrap());
    assert_eq!(title, "Introduction to Middle-earth Studies: Aragorn son of Arathorn");

    // A learner below the threshold is told why, with no button.
    let pippin = path(&link_of("Peregrin"));
    let (_, _, body) = web.get(&pippin);
    assert!(body.contains("A certificate needs a grade of 80.0% or more"), "{body}");
    assert!(!body.contains("<form"), "{body}");
    // A request sent anyway is refused in one sentence, the reason in his terms under it.
    let (status, _, body) = web.curl(&format!("{pippin}/request"), &["-X", "POST"]);
    let refused = "<p class=\"problem\" role=\"alert\">Your certificate was not issued.</p>";
    assert!(status == 409 && body.contains(refused), "{status}: {body}");
    assert!(body.contains("A certificate needs a grade of 80.0% or more") && !body.contains("threshold"), "{body}");
    // He has nothing to download: the page says so as his own page, not as the verification's.
    let (status, _, body) = web.get(&format!("{pippin}/certificate.pdf"));
    assert_eq!(status, 404);
    assert!(body.contains("<h1>No certificate to download</h1>") && !body.contains("yet"), "{body}");
    // It leads back to his page, which says why, as the headline's sentence promises.
    assert!(body.contains(&format!("<a href=\"{pippin}\">Open your page</a>")), "{body}");
    assert!(body.contains("Your certificate") && !body.contains("Verified by certdesk"), "{body}");

    // Revoked links stop working, and say so as the learner's page, not as the verification's.
    db.ok(&["links", COURSE, "--revoke", "frodo"]);
    let (status, _, body) = web.get(&frodo);
    assert!(status == 410 && body.contains("<h1>This link no longer works</h1>"), "{status}: {body}");
    assert!(body.contains("Your certificate") && !body.contains("Verified by certdesk"), "{body}");
    assert!(!body.contains("Frodo"), "{body}");
}

#[test]
fn reloading_the_address_a_refused_request_left_shows_the_learners_page_again() {
    let db = certified();
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let web = Web::start(&db, &["--http-rate", "0"]);
    db.ok(&["settings", COURSE, "--verify-url", &format!("{}/verify/", web.base), "--yes"]);
    let issued = db.json(&["links", COURSE, "--issue", "pippin", "--json"]);
    let page = issued[0]["url"].as_str().expect("url").trim_start_matches(&web.base).to_string();
    // A refused request shows his page at the request's address, which stays in the address bar.
    let (status, _, body) = web.curl(&format!("{page}/request"), &["-X", "POST"]);
    assert!(status == 409 && body.contains("Your certificate was not issued."), "{status}: {body}");
    // Enter in the address bar, a restored tab or a bookmark asks for it with GET: back to his
    // page, asking for nothing.
    let (status, headers, _) = web.get(&format!("{page}/request"));
    assert_eq!(status, 303, "{headers}");
    assert!(headers.contains(&format!("location: {page}\r\n")), "{headers}");
    let profile = tempfile::tempdir().unwrap();
    let dom = Command::new(CHROMIUM)
        .args(["--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("{}{page}/request", web.base))
        .output()
        .expect("run chromium-headless-shell");
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("Peregrin Took") && dom.contains("A certificate needs a grade of 80.0% or more"), "{dom}");
    let log = db.json(&["log", COURSE, "--json"]);
    assert!(!log.as_array().unwrap().iter().any(|event| event["action"] == "request"), "{log}");
    // What cannot be a token goes nowhere, not into an address.
    let (status, headers, _) = web.get("/learner/%2F%2Fevil.example/request");
    assert!(status == 404 && !headers.contains("location:"), "{status}: {headers}");
}

#[test]
fn staff_hand_a_learner_a_link_by_hand_when_mail_cannot_reach_them() {
    let db = certified();
    let refused = db.fails(&["links", COURSE, "--issue", "frodo"], 1);
    assert!(refused.contains("hands out no personal links: they need self-generation on"), "{refused}");
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let web = Web::start(&db, &["--http-rate", "0"]);
    db.ok(&["settings", COURSE, "--verify-url", &format!("{}/verify/", web.base), "--yes"]);
    let issued = db.json(&["links", COURSE, "--issue", "frodo", "--json"]);
    let url = issued[0]["url"].as_str().expect("url");
    assert_eq!(issued[0]["username"], "frodo", "{issued}");
    let path = url.strip_prefix(&web.base).unwrap_or_else(|| panic!("{url} is under {}", web.base));
    let (status, _, body) = web.get(path);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Frodo Baggins"), "{body}");
    assert!(db.ok(&["log", COURSE]).contains("made personal links by hand for 1 learner"));
    assert!(db.fails(&["links", COURSE, "--issue", "gandalf-the-white"], 1).contains("no learner"));
    let counted = db.ok(&["links", COURSE]);
    assert!(counted.contains(": 1 open personal link (1 learner), 0 expired, 0 revoked."), "{counted}");
    let asked = db.fails(&["links", COURSE, "--revoke-all"], 1);
    assert!(asked.contains(&format!("Revoke the 1 open link of {COURSE}? Not confirmed")), "{asked}");
    let none = db.ok(&["links", COURSE, "--revoke", "samwise"]);
    assert_eq!(none, format!("{COURSE}: no open personal links of samwise; nothing was revoked.\n"));
    assert!(!db.ok(&["log", COURSE]).contains("revoked 0 personal links"), "nothing to record");
}

#[test]
fn a_method_a_learners_address_does_not_answer_is_told_as_their_page() {
    let db = certified();
    let web = Web::start(&db, &["--http-rate", "0"]);
    let token = "0".repeat(40);
    for (path, method, allow) in [
        (format!("/learner/{token}"), "POST", "get,head"),
        (format!("/learner/{token}/certificate.pdf"), "POST", "get,head"),
        (format!("/learner/{token}/request"), "DELETE", "get,head,post"),
    ] {
        let (status, headers, body) = web.curl(&path, &["-X", method]);
        assert_eq!(status, 405, "{method} {path}");
        let allowed = format!("allow: {allow}");
        assert!(headers.lines().any(|line| line.trim_end() == allowed), "{method} {path}: {headers}");
        assert!(body.contains(&format!("This address does not answer a {method} request.")), "{body}");
        assert!(body.contains("Your certificate") && !body.contains("Verified by certdesk"), "{body}");
    }
}

#[test]
fn a_learners_address_cut_short_or_with_more_after_it_is_told_as_their_page() {
    let db = certified();
    let web = Web::start(&db, &["--http-rate", "0"]);
    let token = "0".repeat(40);
    for path in [
        "/learner".to_string(),
        "/learner/".to_string(),
        format!("/learner/{token}/certificate.pd"),
        format!("/learner/{token}/certificate.pdf/"),
        format!("/learner/{token}/request/x"),
    ] {
        let (status, _, body) = web.get(&path);
        assert_eq!(status, 404, "{path}");
        assert!(body.contains("<h1>This link leads nowhere</h1>"), "{path}: {body}");
        assert!(body.contains("Check that you opened the whole link from your email."), "{path}: {body}");
        assert!(!body.contains("Certificate verification") && !body.contains("Check a certificate"), "{body}");
    }
    // Elsewhere a wrong address is the verification service's.
    let (status, _, body) = web.get("/learners");
    assert!(status == 404 && body.contains("<h1>Not found</h1>") && body.contains("Check a certificate"), "{body}");
}

#[test]
fn a_link_with_a_full_stop_a_bracket_a_slash_or_capitals_after_it_still_opens_the_learners_page() {
    let db = certified();
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let web = Web::start(&db, &["--http-rate", "0"]);
    db.ok(&["settings", COURSE, "--verify-url", &format!("{}/verify/", web.base), "--yes"]);
    let issued = db.json(&["links", COURSE, "--issue", "frodo", "--json"]);
    let page = issued[0]["url"].as_str().expect("url").trim_start_matches(&web.base).to_string();
    let token = page.trim_start_matches("/learner/");
    // What a sentence, an autolinker or a copy by hand adds: tokens are hex digits, so none of
    // it can be part of one. The address bar is set right.
    for sloppy in [
        format!("{page}."),
        format!("{page})."),
        format!("{page}%3E"),
        format!("/learner/{}", token.to_uppercase()),
        format!("{page}/"),
        format!("/learner/{}/", token.to_uppercase()),
    ] {
        let (status, headers, _) = web.get(&sloppy);
        assert_eq!(status, 308, "{sloppy}: {headers}");
        assert!(headers.lines().any(|line| line.trim_end() == format!("location: {page}")), "{sloppy}: {headers}");
    }
    // Capitals in the address's first part lead to it in lower case, then to the page.
    for (capitals, lower) in [
        (format!("/LEARNER/{token}"), page.clone()),
        (format!("/Learner/{token}."), format!("/learner/{token}.")),
        ("/VERIFY?code=x".to_string(), "/verify?code=x".to_string()),
    ] {
        let (status, headers, _) = web.get(&capitals);
        assert_eq!(status, 308, "{capitals}: {headers}");
        assert!(headers.lines().any(|line| line.trim_end() == format!("location: {lower}")), "{capitals}: {headers}");
    }
    let (status, _, body) = web.get("/LEARNERS");
    assert!(status == 404 && body.contains("<h1>Not found</h1>"), "{status}: {body}");
    // As a browser follows them, hop by hop.
    for sloppy in [format!("{page}."), format!("/LEARNER/{}/", token.to_uppercase())] {
        let profile = tempfile::tempdir().expect("profile");
        let dom = Command::new(CHROMIUM)
            .args(["--no-sandbox", "--disable-gpu", "--dump-dom"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("{}{sloppy}", web.base))
            .output()
            .expect("run chromium-headless-shell");
        let dom = String::from_utf8_lossy(&dom.stdout);
        assert!(dom.contains("Frodo Baggins"), "{sloppy}: {dom}");
    }
    // A token with a character too few is still no token, full stop or not.
    let (status, _, body) = web.get(&format!("{}.", &page[..page.len() - 1]));
    assert!(status == 404 && body.contains("This link leads nowhere") && !body.contains("Frodo"), "{body}");
    // The verification page takes a slash after the code too.
    let code = certificate_of(&db, "frodo")["code"].as_str().expect("code").to_string();
    let (status, _, body) = web.get(&format!("/verify/{code}/"));
    assert!(status == 200 && body.contains("Valid certificate"), "{status}: {body}");
}

#[test]
fn a_resent_message_carries_the_learners_one_working_link_and_the_older_ones_say_they_were_replaced() {
    let db = certified();
    let sink = SmtpSink::start();
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let web = Web::start(&db, &["--http-rate", "0"]);
    db.ok(&["settings", COURSE, "--verify-url", &format!("{}/verify/", web.base), "--yes"]);
    let mail = ["mail", COURSE, "--smtp", &sink.url(), "--from", "team@example.org", "--rate", "6000"];
    db.ok(&mail);
    let frodos = |sink: &SmtpSink| -> Vec<String> {
        let links = links(sink).into_iter().filter(|(to, _)| to.contains("frodo"));
        links.map(|(_, link)| link.trim_start_matches(&web.base).to_string()).collect()
    };
    let mailed = frodos(&sink)[0].clone();
    let by_hand = db.json(&["links", COURSE, "--issue", "frodo", "--json"])[0]["url"].as_str().unwrap().to_string();
    let by_hand = by_hand.trim_start_matches(&web.base).to_string();
    let learners = db.json(&["links", COURSE, "--json"])["learners"].as_array().unwrap().len();
    assert_eq!(db.json(&["links", COURSE, "--json"])["open"], learners + 1, "Frodo has two open links");

    let resend = [&mail[..], &["--only", "frodo", "--resend"]].concat();
    db.ok(&resend);
    let newest = frodos(&sink).last().unwrap().clone();
    assert_ne!(newest, mailed);
    for older in [&mailed, &by_hand] {
        let (status, _, body) = web.get(older);
        assert_eq!(status, 410, "{older}: {body}");
        assert!(body.contains("<h1>This link was replaced by a newer one</h1>"), "{body}");
        assert!(body.contains("A later email from the course staff carries your new link"), "{body}");
        assert!(!body.contains("Frodo"), "{body}");
    }
    let (status, _, body) = web.get(&newest);
    assert!(status == 200 && body.contains("Frodo Baggins"), "{status}: {body}");
    // One open link a learner, and the staff are told what became of the others.
    let counts = db.json(&["links", COURSE, "--json"]);
    assert_eq!(
        (counts["open"].as_u64(), counts["revoked"].as_u64(), counts["replaced"].as_u64()),
        (Some(learners as u64), Some(2), Some(2)),
        "{counts}"
    );
    assert!(db.ok(&["links", COURSE]).contains(", 2 revoked (2 replaced by a newer message's link)."));
    assert!(db.ok(&["log", COURSE]).contains("; its 2 earlier links are closed"));

    // A resend the server refuses carries no link, and leaves the one Frodo has working.
    let to = sink.messages().last().unwrap()["to"].as_str().unwrap().to_string();
    let address = to.rsplit_once('<').map_or(to.as_str(), |(_, rest)| rest.trim_end_matches('>'));
    sink.refuse(&[address]);
    db.fails(&resend, 1);
    assert_eq!(web.get(&newest).0, 200);
    // Revoked by the staff, it says so, not that it was replaced.
    db.ok(&["links", COURSE, "--revoke", "frodo"]);
    let (status, _, body) = web.get(&newest);
    assert!(status == 410 && body.contains("<h1>This link no longer works</h1>"), "{status}: {body}");
}
