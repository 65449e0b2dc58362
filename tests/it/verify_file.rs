//! `verify --file` on genuine files, with and without the issuer's database: what it reads
//! from a page, and how it refuses what it cannot read. Forgeries are in verify_forgeries.rs.

use crate::common;

use std::process::Command;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

#[test]
fn checking_a_file_never_makes_a_database() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "aerwyn").expect("Ærwyn's certificate");
    let pdf = db.dir.path().join("one.pdf");
    db.ok(&["show", &code, "--pdf", pdf.to_str().expect("utf-8")]);
    let home = db.dir.path().join("home");
    std::fs::create_dir(&home).expect("home");
    let run = |args: &[&str]| {
        Command::new(common::BIN)
            .args(args)
            .env_remove("CERTDESK_DB")
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .output()
            .expect("certdesk")
    };
    let refused = run(&["verify", "--file", pdf.to_str().expect("utf-8")]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--key"), "{}", String::from_utf8_lossy(&refused.stderr));
    let jwk = db.dir.path().join("issuer.jwk");
    std::fs::write(&jwk, db.ok(&["issuer", "show", "--jwk"])).expect("key file");
    let checked = run(&["verify", "--file", pdf.to_str().expect("utf-8"), "--key", jwk.to_str().expect("utf-8")]);
    assert_eq!(checked.status.code(), Some(0), "{}", String::from_utf8_lossy(&checked.stdout));
    let json =
        run(&["verify", "--file", pdf.to_str().expect("utf-8"), "--key", jwk.to_str().expect("utf-8"), "--json"]);
    let verdict: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(verdict["verdict"], "authentic");
    assert_eq!(verdict["status_checked"], false);
    assert_eq!(verdict["credentials"][0]["signature"], "valid");
    assert_eq!((verdict["checked"].as_u64(), verdict["not_authentic"].as_u64()), (Some(1), Some(0)));
    assert!(!home.join("data").exists(), "no database was made");
}

/// A course's verification URL may end in a query's `=`: its credentials' ids then end in
/// `?code=CODE`, and an export of them (a run's shared files) is as authentic as any.
#[test]
fn credentials_signed_under_a_query_url_verify() {
    let db = TestDb::with_sample();
    db.ok(&["settings", COURSE, "--verify-url", "https://certs.example.edu/verify?code="]);
    db.ok(&["generate", COURSE]);
    let pdf = db.dir.path().join("all.pdf");
    db.ok(&["export", COURSE, "--out", pdf.to_str().expect("utf-8")]);
    let output = db.run(&["verify", "--file", pdf.to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let code = db.active_code(COURSE, "aerwyn").expect("Ærwyn's certificate");
    assert!(stdout.contains(&format!("code       {code}  issued")), "{stdout}");
    assert!(stdout.contains("AUTHENTIC and in force"), "{stdout}");
}

/// A genuine credential of another issuer's database, checked with that issuer's key on this
/// one: its status line says what `unknown` means, as it does for a code a page prints.
#[test]
fn a_credential_this_database_does_not_hold_says_so_on_its_status_line() {
    let issuer = TestDb::with_sample();
    issuer.ok(&["generate", COURSE]);
    let code = issuer.active_code(COURSE, "aerwyn").expect("Ærwyn's certificate");
    let pdf = issuer.dir.path().join("theirs.pdf");
    issuer.ok(&["show", &code, "--pdf", pdf.to_str().expect("utf-8")]);
    let jwk = issuer.dir.path().join("issuer.jwk");
    std::fs::write(&jwk, issuer.ok(&["issuer", "show", "--jwk"])).expect("key file");
    let here = TestDb::with_sample();
    here.ok(&["generate", COURSE]);
    let output = here.run(&["verify", "--file", pdf.to_str().expect("utf-8"), "--key", jwk.to_str().expect("utf-8")]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("    status     unknown: this database holds no certificate with this code\n"), "{said}");
    assert!(
        said.contains("theirs.pdf: UNCONFIRMED: signed by a known key, but this database holds no certificate"),
        "{said}"
    );
}

/// The page check reads names in every script back from the page: right-to-left ones are held
/// in drawing order, complex clusters in ActualText spans.
#[test]
fn names_in_every_script_are_found_on_their_pages() {
    let db = TestDb::new();
    let folder = db.dir.path().join("course");
    let ok = Command::new(common::BIN)
        .args(["sample", "--learners", "120", "--activities", "3", "--eligible", "100", "--scripts", "all", "--out"])
        .arg(&folder)
        .status()
        .expect("certdesk sample");
    assert!(ok.success());
    db.ok(&["import", folder.to_str().expect("utf-8")]);
    db.ok(&["generate", "synthetic"]);
    let pdf = db.dir.path().join("all.pdf");
    db.ok(&["export", "synthetic", "--out", pdf.to_str().expect("utf-8")]);
    let json = db.run(&["verify", "--file", pdf.to_str().expect("utf-8"), "--json"]);
    let verdict: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let checks = verdict["credentials"].as_array().expect("credentials");
    assert_eq!(checks.len(), 120);
    let problems: Vec<&serde_json::Value> =
        checks.iter().filter(|c| !c["problems"].as_array().expect("list").is_empty()).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let scripts = |range: std::ops::RangeInclusive<char>| {
        checks.iter().any(|check| {
            let identifiers = check["credential"]["credentialSubject"]["identifier"].as_array().expect("identifiers");
            identifiers
                .iter()
                .any(|i| i["identityHash"].as_str().is_some_and(|name| name.chars().any(|c| range.contains(&c))))
        })
    };
    assert!(scripts('\u{0590}'..='\u{06FF}'), "a Hebrew or Arabic name was checked");
    assert!(scripts('\u{0900}'..='\u{0DFF}'), "an Indic name was checked");
    assert_eq!(json.status.code(), Some(0));
}

#[test]
fn a_file_that_is_no_pdf_is_refused_in_one_sentence_naming_it() {
    let db = TestDb::with_sample();
    db.ok(&["issuer", "init"]);
    let text = db.dir.path().join("notes.pdf");
    std::fs::write(&text, "hello\n").expect("write");
    let empty = db.dir.path().join("empty.pdf");
    std::fs::write(&empty, "").expect("write");
    // A web page saved under the PDF's name, and a download cut short.
    let page = db.dir.path().join("page.pdf");
    std::fs::write(&page, "<!DOCTYPE html>\n<html><body>Certificate</body></html>\n").expect("write");
    let whole = db.dir.path().join("whole.pdf");
    db.ok(&["generate", "middle-earth-101"]);
    db.ok(&["export", "middle-earth-101", "--out", whole.to_str().expect("utf-8")]);
    let bytes = std::fs::read(&whole).expect("read the export");
    let cut = db.dir.path().join("cut.pdf");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    // Cut within its cross-reference table: parsers rebuild it, no viewer opens it whole.
    let end_cut = db.dir.path().join("end-cut.pdf");
    std::fs::write(&end_cut, &bytes[..bytes.len() - 100]).expect("write");
    let said = [
        (&end_cut, "it is a PDF cut short (its end is missing): download or copy the whole file again"),
        (&text, "it is not a PDF: it begins \"hello\""),
        (&empty, "it is empty, not a PDF"),
        (&page, "it is not a PDF: it is a web page saved under a PDF's name"),
        (&cut, "it is a PDF cut short (its end is missing): download or copy the whole file again"),
    ];
    for (file, why) in said {
        let path = file.to_str().expect("utf-8");
        let stderr = db.fails(&["verify", "--file", path], 1);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with(&format!("certdesk: cannot check {path}: {why}")), "{stderr}");
        // With --json, a whole JSON document still, with the error.
        let json = db.json_status(&["verify", "--file", path, "--json"], 1);
        assert_eq!(json["credentials"], serde_json::json!([]), "{json}");
        assert!(json["error"].as_str().unwrap_or_default().contains(why), "{json}");
    }
    // A path that leads to no file is said in words, where it was `(os error 2)`.
    let missing = db.dir.path().join("missing.pdf");
    let path = missing.to_str().expect("utf-8");
    let stderr = db.fails(&["verify", "--file", path], 1);
    assert_eq!(stderr, format!("certdesk: cannot read {path}: there is no such file; check the path\n"));
    let folder = db.dir.path().to_str().expect("utf-8");
    let stderr = db.fails(&["verify", "--file", folder], 1);
    assert!(stderr.ends_with(": it is a folder; give the certificate's PDF in it\n"), "{stderr}");
}

/// A template may print the name and the course in capitals, as many certificates do: the
/// page still says who and what, and `verify --file` finds it authentic.
#[test]
fn a_name_printed_in_capitals_is_the_name() {
    let db = TestDb::with_sample();
    let honor = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/honor.cdt")).expect("honor");
    let capitals = honor
        .replace("| {{ learner.full_name }}", "| {{ learner.full_name | upper }}")
        .replace("| {{ course.title }}", "| {{ course.title | upper }}");
    assert_ne!(capitals, honor);
    let file = db.dir.path().join("capitals.cdt");
    std::fs::write(&file, capitals).expect("template");
    let file = file.to_str().expect("utf-8");
    db.ok(&["template", "check", file, "--course", COURSE]);
    db.ok(&["template", "save", "capitals", file]);
    db.ok(&["template", "assign", COURSE, "honor", "capitals"]);
    db.ok(&["template", "assign", COURSE, "verified", "capitals"]);
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "aerwyn").expect("Ærwyn's certificate");
    let pdf = db.dir.path().join("aerwyn.pdf");
    db.ok(&["show", &code, "--pdf", pdf.to_str().expect("utf-8")]);
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("ÆRWYN ØVERGÅRD") && text.contains("INTRODUCTION TO MIDDLE-EARTH STUDIES"), "{text}");
    let json = db.run(&["verify", "--file", pdf.to_str().expect("utf-8"), "--json"]);
    let verdict: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(verdict["verdict"], "authentic", "{verdict:#}");
    assert_eq!(json.status.code(), Some(0));
}

/// An old PDF checked on the issuer's database says what became of its certificate, as
/// `verify CODE` does: which certificate replaced it, or when and why it was revoked and which
/// later one is in force, where it said only `status superseded` or `status revoked`.
#[test]
fn an_old_pdf_says_what_replaced_or_revoked_its_certificate_and_which_is_in_force() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let pdf_of = |name: &str, code: &str| {
        let pdf = db.dir.path().join(name);
        db.ok(&["show", code, "--pdf", pdf.to_str().expect("utf-8")]);
        pdf
    };
    let old_frodo = db.active_code(COURSE, "frodo").expect("Frodo's certificate");
    let frodo_pdf = pdf_of("frodo-old.pdf", &old_frodo);
    db.ok(&["grade", COURSE, "frodo", "essay", "10"]);
    db.ok(&["regenerate", COURSE, "frodo"]);
    let new_frodo = db.active_code(COURSE, "frodo").expect("Frodo's new certificate");
    let old_aerwyn = db.active_code(COURSE, "aerwyn").expect("Ærwyn's certificate");
    let aerwyn_pdf = pdf_of("aerwyn-old.pdf", &old_aerwyn);
    db.ok(&["revoke", &old_aerwyn, "--reason", "the essay was not hers", "--yes"]);
    db.ok(&["generate", COURSE]);
    let new_aerwyn = db.active_code(COURSE, "aerwyn").expect("Ærwyn's new certificate");
    let today = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    // When, to the minute (`WHEN` here, however the minutes turned), and by whom.
    let me = common::login();

    let superseded = db.run(&["verify", "--file", frodo_pdf.to_str().expect("utf-8")]);
    let text = common::when_masked(&String::from_utf8_lossy(&superseded.stdout));
    assert_eq!(superseded.status.code(), Some(4), "{text}");
    let expected = format!(
        "    status     superseded on WHEN by {me}: replaced by {new_frodo}; verify {new_frodo} for the certificate in force.\n"
    );
    assert!(text.contains(&expected), "{text}");
    assert!(text.ends_with("frodo-old.pdf: AUTHENTIC but NO LONGER VALID (superseded)\n"), "{text}");

    let revoked = db.run(&["verify", "--file", aerwyn_pdf.to_str().expect("utf-8")]);
    let text = common::when_masked(&String::from_utf8_lossy(&revoked.stdout));
    assert_eq!(revoked.status.code(), Some(4), "{text}");
    let expected = format!(
        "    status     revoked on WHEN by {me}: the essay was not hers\n    in force   {new_aerwyn}, a later certificate of the same learner, issued on WHEN (verify {new_aerwyn})\n"
    );
    assert!(text.contains(&expected), "{text}");
    assert!(text.ends_with("aerwyn-old.pdf: AUTHENTIC but NO LONGER VALID (revoked)\n"), "{text}");
    // Saved again by another program, which drops the credential, the page's code says the same.
    let again = db.dir.path().join("aerwyn-again.pdf");
    let cairo = Command::new("pdftocairo").arg("-pdf").arg(&aerwyn_pdf).arg(&again).output().expect("pdftocairo");
    assert!(cairo.status.success(), "{}", String::from_utf8_lossy(&cairo.stderr));
    let reprinted = db.run(&["verify", "--file", again.to_str().expect("utf-8")]);
    let text = common::when_masked(&String::from_utf8_lossy(&reprinted.stdout));
    assert_eq!(reprinted.status.code(), Some(1), "{text}");
    assert!(text.contains(&expected), "{text}");
    // `verify CODE` says it in the same words.
    let by_code = db.run(&["verify", &old_aerwyn]);
    let by_code = common::when_masked(&String::from_utf8_lossy(&by_code.stdout));
    assert!(
        by_code.starts_with(&format!(
            "{old_aerwyn}: REVOKED on WHEN by {me}: the essay was not hers\n  in force   {new_aerwyn}, a later certificate of the same learner, issued on WHEN (verify {new_aerwyn})\n"
        )),
        "{by_code}"
    );

    // A script reading `--json` is told all of it too, in the members `verify --json` has.
    let json = |pdf: &std::path::Path| -> serde_json::Value {
        let output = db.run(&["verify", "--file", pdf.to_str().expect("utf-8"), "--json"]);
        serde_json::from_slice(&output.stdout).expect("JSON")
    };
    let ended = &json(&frodo_pdf)["credentials"][0]["ended"];
    assert_eq!(ended["status"], "superseded", "{ended}");
    assert_eq!(ended["superseded_by"], new_frodo.as_str(), "{ended}");
    assert!(ended["ended_at"].as_str().is_some_and(|at| at.starts_with(&today)), "{ended}");
    assert_eq!(ended["latest_replacement"]["code"], new_frodo.as_str(), "{ended}");
    assert_eq!(ended["latest_replacement"]["verdict"], "valid", "{ended}");
    assert!(ended["later_in_force"].is_null(), "{ended}");
    let ended = &json(&aerwyn_pdf)["credentials"][0]["ended"];
    assert_eq!((&ended["status"], &ended["reason"]), (&"revoked".into(), &"the essay was not hers".into()), "{ended}");
    assert_eq!(ended["later_in_force"]["code"], new_aerwyn.as_str(), "{ended}");
    let ended = &json(&again)["printed_codes"][0]["ended"];
    assert_eq!(ended["later_in_force"]["code"], new_aerwyn.as_str(), "{ended}");
    // One in force has nothing ended.
    let new_pdf = pdf_of("frodo-new.pdf", &new_frodo);
    assert!(json(&new_pdf)["credentials"][0]["ended"].is_null());

    // A certificate staff deleted was withdrawn, not revoked for a misdeed: said as the
    // verification page says it, where it read 'REVOKED on DATE: deleted'.
    db.ok(&["delete", COURSE, "frodo", "--yes"]);
    let withdrawn = format!(
        "withdrawn on WHEN by {me}: the issuer took it off its list of certificates (deleted); it no longer certifies anything."
    );
    let by_code = db.run(&["verify", &new_frodo]);
    let by_code = common::when_masked(&String::from_utf8_lossy(&by_code.stdout));
    assert!(by_code.starts_with(&format!("{new_frodo}: WITHDRAWN on WHEN by {me}: the issuer took")), "{by_code}");
    assert!(!by_code.contains("REVOKED") && !by_code.contains(": deleted"), "{by_code}");
    let file = db.run(&["verify", "--file", new_pdf.to_str().expect("utf-8")]);
    let file = common::when_masked(&String::from_utf8_lossy(&file.stdout));
    assert!(file.contains(&format!("    status     {withdrawn}\n")), "{file}");
    // The verdict names what befell it, where it listed superseded, revoked and withdrawn alike.
    assert!(file.ends_with("new.pdf: AUTHENTIC but NO LONGER VALID (withdrawn)\n"), "{file}");
    // A file of several counts each kind; the JSON keeps its one verdict.
    let sam_pdf = pdf_of("sam.pdf", &db.active_code(COURSE, "samwise").expect("Sam's certificate"));
    let several = db.dir.path().join("several.pdf");
    let merged = Command::new("qpdf")
        .arg("--empty")
        .arg("--pages")
        .args([&frodo_pdf, &aerwyn_pdf, &new_pdf, &sam_pdf])
        .arg("--")
        .arg(&several)
        .output()
        .expect("qpdf");
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    let text = db.run(&["verify", "--file", several.to_str().expect("utf-8")]);
    assert_eq!(text.status.code(), Some(4));
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.ends_with(
            "several.pdf: AUTHENTIC but NO LONGER VALID (4 credentials: 1 superseded, 1 revoked, 1 withdrawn)\n"
        ),
        "{text}"
    );
    let counted = json(&several);
    assert_eq!((&counted["verdict"], &counted["no_longer_valid"]), (&"no_longer_valid".into(), &3.into()), "{counted}");
    let chain = db.run(&["verify", &old_frodo]);
    let chain = common::when_masked(&String::from_utf8_lossy(&chain.stdout));
    assert!(
        chain.starts_with(&format!(
            "{old_frodo}: SUPERSEDED on WHEN by {me}: replaced by {new_frodo}, which was itself WITHDRAWN on WHEN by {me} (taken off the \
             issuer's list of certificates); neither is in force."
        )),
        "{chain}"
    );
}

/// A shell's `--file split/*.pdf` gives every file of an export's folder: each second file was
/// taken for a code (`the argument '--file <FILE.pdf>' cannot be used with '[CODE]'`, when none
/// was given), a third for an unexpected argument. Now it is told to check one a run.
#[test]
fn several_files_are_told_to_be_checked_one_at_a_time() {
    let db = TestDb::with_sample();
    db.ok(&["issuer", "init"]);
    let [a, b, c] =
        ["a.pdf", "b.pdf", "c.pdf"].map(|name| db.dir.path().join(name).to_str().expect("utf-8").to_string());
    let many = [b.as_str(), c.as_str(), "d.pdf", "e.pdf", "f.pdf"];
    for (extra, named) in [
        (&many[..1], b.clone()),
        (&many[..2], format!("{b}, {c}")),
        // A folder of thousands of files is named by its first few.
        (&many[..], format!("{b}, {c}, d.pdf and 2 more")),
    ] {
        let mut args = vec!["verify", "--file", a.as_str()];
        args.extend(extra);
        let stderr = db.fails(&args, 1);
        let said = format!(
            "certdesk: verify --file checks one PDF a run, and was given {} more ({named}) after {a}: check each in \
             turn, for f in {}/*.pdf; do certdesk verify --file \"$f\"; done\n",
            extra.len(),
            db.dir.path().display()
        );
        assert_eq!(stderr, said);
    }
    let stderr = db.fails(&["verify", "K7QF-M2XD-9HTA", "PND3-TKL4-NSMB"], 1);
    assert!(stderr.starts_with("certdesk: verify checks one code a run, and was given 2:"), "{stderr}");
    let stderr = db.fails(&["verify", "K7QF-M2XD-9HTA", "--file", &a], 1);
    assert!(stderr.starts_with("certdesk: give verify a code (K7QF-M2XD-9HTA) or --file, not both"), "{stderr}");
    // One code, or one file, is checked as before.
    let stderr = db.fails(&["verify", "--file", &a], 1);
    assert!(stderr.contains("there is no such file"), "{stderr}");
    // A PDF given where the code goes is pointed to --file, with the command to paste.
    let stderr = db.fails(&["verify", "my certificate.pdf"], 1);
    let said = "certdesk: my certificate.pdf is a file's name, not a certificate code: `certdesk verify --file 'my certificate.pdf'` checks the credential a certificate's PDF carries\n";
    assert_eq!(stderr, said);
}
