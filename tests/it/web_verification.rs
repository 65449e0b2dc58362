//! `certdesk serve --http`: the verification page a certificate's QR code leads to, asked with
//! curl and looked at with headless Chromium.

use crate::common;

use std::process::Command;

use common::TestDb;
use common::web::{CHROMIUM, COURSE, Web, certificate_of, certified};

#[test]
fn the_verification_page_gives_the_verdict_of_certdesk_verify() {
    let db = certified();
    let aragorn = certificate_of(&db, "aragorn");
    let code = aragorn["code"].as_str().unwrap().to_string();
    let web = Web::start(&db, &[]);

    let (status, headers, body) = web.get(&format!("/verify/{code}"));
    assert_eq!(status, 200);
    assert!(headers.contains("content-type: text/html"), "{headers}");
    assert!(headers.contains("content-security-policy: default-src 'none'"), "{headers}");
    assert!(headers.contains("x-frame-options: deny"));
    assert!(body.contains("Valid certificate") && body.contains("Aragorn son of Arathorn"), "{body}");
    // Names and titles in Arabic or Hebrew run right to left, each in its own direction.
    assert!(body.contains(r#"<dd class="name" dir="auto">Aragorn son of Arathorn</dd>"#), "{body}");
    assert!(!body.contains("<script"), "no JavaScript");
    assert!(!body.contains("aragorn@"), "no email address on a public page");

    // JSON by Accept or by .json, the same verdict as certdesk verify.
    let (status, json) = web.json(&format!("/verify/{code}"));
    assert_eq!(status, 200);
    assert_eq!(json["verdict"], "valid");
    assert_eq!(json["certificate"]["full_name"], "Aragorn son of Arathorn");
    let (_, _, by_suffix) = web.get(&format!("/verify/{code}.json"));
    assert_eq!(serde_json::from_str::<serde_json::Value>(&by_suffix).unwrap(), json);
    let cli = db.json(&["verify", &code, "--json"]);
    assert_eq!(cli["verdict"], json["verdict"]);
    assert!(json.to_string().find("email").is_none() && json.to_string().find("scores").is_none(), "{json}");

    // Typed however: the form takes it to the code's page.
    let typed = code.to_lowercase().replace('-', " ");
    let (status, headers, _) = web.curl("/verify", &["-G", "--data-urlencode", &format!("code={typed}")]);
    assert_eq!(status, 303);
    assert!(headers.contains(&format!("location: /verify/{code}").to_lowercase()), "{headers}");

    // Revoked: when and why; the old code of a replaced certificate points to the new one.
    db.ok(&["revoke", &code, "--reason", "plagiarism in the essay"]);
    let (_, json) = web.json(&format!("/verify/{code}"));
    assert_eq!(json["verdict"], "revoked");
    assert_eq!(json["revoked_because"], "plagiarism in the essay");
    // Staff's reason, which may be in Arabic or Hebrew, is set apart from the sentence around it,
    // so that its direction does not carry the full stop or the date along with it.
    let (_, _, page) = web.get(&format!("/verify/{code}"));
    assert!(page.contains("</time>: <bdi>plagiarism in the essay</bdi>."), "{page}");
    let eowyn = certificate_of(&db, "eowyn");
    db.ok(&["grade", COURSE, "eowyn", "essay", "10"]);
    db.ok(&["regenerate", COURSE, "--stale"]);
    let old = eowyn["code"].as_str().unwrap();
    let (_, json) = web.json(&format!("/verify/{old}"));
    assert_eq!(json["verdict"], "superseded");
    assert_eq!(json["superseded_by"], certificate_of(&db, "eowyn")["code"]);
}

/// `certdesk verify CODE`'s first line.
fn verdict_line(db: &TestDb, code: &str) -> String {
    let output = db.run(&["verify", code]);
    String::from_utf8_lossy(&output.stdout).lines().next().unwrap_or("").to_string()
}

#[test]
fn a_replaced_certificate_says_where_its_replacements_ended() {
    let db = certified();
    let web = Web::start(&db, &["--http-rate", "0"]);
    let code_of = |db: &TestDb| certificate_of(db, "anna")["code"].as_str().unwrap().to_string();
    let first = code_of(&db);
    db.ok(&["grade", COURSE, "anna", "essay", "10"]);
    db.ok(&["regenerate", COURSE, "anna"]);
    let second = code_of(&db);
    db.ok(&["grade", COURSE, "anna", "essay", "8"]);
    db.ok(&["regenerate", COURSE, "anna"]);
    let third = code_of(&db);

    // The first was replaced by the second, which was replaced in turn: the third is in force.
    let (_, json) = web.json(&format!("/verify/{first}.json"));
    assert_eq!(json["superseded_by"], second.as_str());
    assert_eq!(json["latest_replacement"]["code"], third.as_str(), "{json}");
    assert_eq!(json["latest_replacement"]["verdict"], "valid", "{json}");
    let (_, _, page) = web.get(&format!("/verify/{first}"));
    assert!(page.contains(&format!("The certificate in force is\n<a href=\"/verify/{third}\">")), "{page}");
    assert!(page.contains("Certified that") && !page.contains("Certifies that"), "{page}");
    let line = verdict_line(&db, &first);
    assert!(line.contains(&format!("by {second}, itself replaced since by {third}; verify {third}")), "{line}");
    let cli = db.json_status(&["verify", &first, "--json"], 1);
    assert_eq!(cli["latest_replacement"]["code"], third.as_str(), "{cli}");
    assert!(cli["latest_replacement"]["status"].is_null(), "{cli}");

    // The last one revoked: neither the page nor the command vouches for it any longer.
    // A reason that ends in a full stop of its own ends the sentence once.
    db.ok(&["revoke", &third, "--reason", "grade entered in error.", "--yes"]);
    for old in [&first, &second] {
        let (_, json) = web.json(&format!("/verify/{old}.json"));
        assert_eq!(json["verdict"], "superseded");
        assert_eq!(json["latest_replacement"]["verdict"], "revoked", "{json}");
        assert_eq!(json["latest_replacement"]["revoked_because"], "grade entered in error.", "{json}");
        let (_, _, page) = web.get(&format!("/verify/{old}"));
        assert!(!page.contains("says what is true now"), "{page}");
        assert!(page.contains("grade entered in error</bdi>.\n") && page.contains("is in force."), "{page}");
        assert!(!page.contains("error.."), "{page}");
        let line = verdict_line(&db, old);
        assert!(line.contains("REVOKED on") && line.contains("grade entered in error; "), "{line}");
        assert!(!line.contains("for the certificate in force"), "{line}");
        let cli = db.json_status(&["verify", old, "--json"], 1);
        assert_eq!(cli["latest_replacement"]["status"]["reason"], "grade entered in error.", "{cli}");
    }
    let (_, _, page) = web.get(&format!("/verify/{second}"));
    assert!(page.contains(&format!("{third}</a>, which was revoked in turn on")), "{page}");
    let (_, _, page) = web.get(&format!("/verify/{third}"));
    assert!(
        page.contains("grade entered in error</bdi>.\nIt no longer certifies") && !page.contains("error.."),
        "{page}"
    );
}

/// A deleted certificate's page says that staff took it off the list, in words a verifier reads,
/// where it said "Revoked on DATE: deleted."; so does the page of a code replaced by it.
#[test]
fn a_deleted_certificate_says_the_issuer_took_it_off_its_list() {
    let db = certified();
    let web = Web::start(&db, &["--http-rate", "0"]);
    let first = certificate_of(&db, "anna")["code"].as_str().unwrap().to_string();
    db.ok(&["grade", COURSE, "anna", "essay", "10"]);
    db.ok(&["regenerate", COURSE, "anna"]);
    let second = certificate_of(&db, "anna")["code"].as_str().unwrap().to_string();
    db.ok(&["delete", COURSE, "anna", "--yes"]);
    let (_, json) = web.json(&format!("/verify/{second}.json"));
    let on = json["revoked_on"].as_str().unwrap().to_string();
    assert_eq!((json["verdict"].as_str(), json["deleted"].as_bool()), (Some("revoked"), Some(true)), "{json}");
    let (_, _, page) = web.get(&format!("/verify/{second}"));
    assert!(page.contains("Withdrawn certificate"), "{page}");
    let said = format!("took this certificate off its list of certificates on <time datetime=\"{on}\">{on}</time>.");
    assert!(page.contains(&said) && page.contains("It no longer certifies anything."), "{page}");
    let (_, _, page) = web.get(&format!("/verify/{first}"));
    assert!(
        page.contains("in turn took off its list of certificates on") && page.contains("Neither certificate"),
        "{page}"
    );
    assert!(!page.contains(": deleted") && !web.get(&format!("/verify/{second}")).2.contains(": deleted"), "{page}");
    // A revocation keeps its word and its reason.
    let aragorn = certificate_of(&db, "aragorn")["code"].as_str().unwrap().to_string();
    db.ok(&["revoke", &aragorn, "--reason", "plagiarism in the essay"]);
    let (_, _, page) = web.get(&format!("/verify/{aragorn}"));
    assert!(page.contains("Revoked certificate") && page.contains(": <bdi>plagiarism in the essay</bdi>."), "{page}");
}

/// A learner certified again after a revocation or a deletion holds a certificate in force: the
/// page of an old code says so, with the date only (the verifier asks the learner for its code),
/// where it said that nothing was in force.
#[test]
fn an_old_code_of_a_learner_certified_again_says_a_later_certificate_is_in_force() {
    let db = certified();
    let web = Web::start(&db, &["--http-rate", "0"]);
    let code_of = |username: &str| certificate_of(&db, username)["code"].as_str().unwrap().to_string();
    // Revoked, then issued again by the next generate.
    let revoked = code_of("aragorn");
    db.ok(&["revoke", &revoked, "--reason", "grade entered in error", "--yes"]);
    let (_, json) = web.json(&format!("/verify/{revoked}.json"));
    assert!(json["later_in_force"].is_null(), "nothing issued since: {json}");
    let (_, _, page) = web.get(&format!("/verify/{revoked}"));
    assert!(!page.contains("A later certificate"), "{page}");
    db.ok(&["generate", COURSE]);
    let again = code_of("aragorn");
    let issued_on = certificate_of(&db, "aragorn")["issued_at"].as_str().unwrap()[..10].to_string();
    let (_, json) = web.json(&format!("/verify/{revoked}.json"));
    assert_eq!(json["verdict"], "revoked");
    assert_eq!(json["later_in_force"]["issued_on"], issued_on.as_str(), "{json}");
    let (_, _, page) = web.get(&format!("/verify/{revoked}"));
    let said = format!(
        "A later certificate of this course, issued to the same person on <time datetime=\"{issued_on}\">{issued_on}</time>,\nis in force"
    );
    assert!(page.contains(&said), "{page}");
    assert!(!page.contains(&again) && !json.to_string().contains(&again), "the later code is the learner's to give");
    // Staff, who may know it, are told its code.
    let told = db.run(&["verify", &revoked]);
    let told = String::from_utf8_lossy(&told.stdout);
    assert!(
        told.contains(&format!("in force   {again}, a later certificate of the same learner, issued on {issued_on} ")),
        "{told}"
    );
    let cli = db.json_status(&["verify", &revoked, "--json"], 1);
    assert_eq!(cli["later_in_force"]["code"], again.as_str(), "{cli}");

    // Replaced, the replacement deleted, and then certified again.
    let first = code_of("anna");
    db.ok(&["grade", COURSE, "anna", "essay", "10"]);
    db.ok(&["regenerate", COURSE, "anna"]);
    db.ok(&["delete", COURSE, "anna", "--yes"]);
    let (_, json) = web.json(&format!("/verify/{first}.json"));
    assert_eq!(
        (json["latest_replacement"]["verdict"].as_str(), json["later_in_force"].is_null()),
        (Some("revoked"), true)
    );
    // Headed in the colour of a revocation: it was the yellow of a replacement, with only the
    // sentence under it saying that nothing is in force.
    let (_, _, page) = web.get(&format!("/verify/{first}"));
    assert!(page.contains(r#"<section class="verdict revoked""#), "{page}");
    assert!(page.contains(r#"<h1 id="headline">Replaced; its replacement withdrawn</h1>"#), "{page}");
    db.ok(&["generate", COURSE]);
    let (_, json) = web.json(&format!("/verify/{first}.json"));
    assert_eq!(json["verdict"], "superseded");
    assert!(json["later_in_force"]["issued_on"].is_string(), "{json}");
    let (_, _, page) = web.get(&format!("/verify/{first}"));
    assert!(page.contains("Neither certificate is in force.") && page.contains("A later certificate"), "{page}");
    // A code whose replacement is in force says nothing more.
    let (_, json) = web.json(&format!("/verify/{}.json", code_of("anna")));
    assert!(json["later_in_force"].is_null(), "{json}");
}

#[test]
fn a_code_typed_or_pasted_however_leads_to_its_page_and_what_is_echoed_shows() {
    let db = certified();
    let web = Web::start(&db, &["--http-rate", "0"]);
    let code = certificate_of(&db, "aragorn")["code"].as_str().unwrap().to_string();
    let full_width: String =
        code.chars().map(|c| if c == '-' { '\u{3000}' } else { char::from_u32(c as u32 + 0xFEE0).unwrap() }).collect();
    for typed in [
        format!("{}/verify/{code}", web.base),
        format!("https://certs.example.edu/verify/{}", code.to_lowercase()),
        full_width.clone(),
        code.replace('-', "_"),
        code.replace('-', "."),
    ] {
        let (status, headers, _) = web.curl("/verify", &["-G", "--data-urlencode", &format!("code={typed}")]);
        assert_eq!(status, 303, "{typed}");
        assert!(headers.contains(&format!("location: /verify/{}", code.to_lowercase())), "{typed}: {headers}");
    }
    assert!(verdict_line(&db, &full_width).ends_with("VALID"), "{full_width}");
    // A link an email or a post left a bracket or a comma after, and a suffix in capitals.
    // The sentence's full stop comes along with it.
    let closed = [format!("/verify/{code})."), format!("/verify/{code}%22.")];
    for path in [format!("/verify/{code})"), format!("/verify/{code},"), format!("/verify/%3C{code}%3E")]
        .into_iter()
        .chain(closed)
    {
        let (status, _, body) = web.get(&path);
        assert!(status == 200 && body.contains("Valid certificate"), "{path}: {status} {body}");
    }
    let (status, json) = web.json(&format!("/verify/{code}.JSON"));
    assert_eq!((status, &json["verdict"]), (200, &"valid".into()), "{json}");
    // The status a credential signed under a query's URL names: `…/verify?code=CODE.json`.
    let (status, headers, _) = web.get(&format!("/verify?code={code}.json"));
    assert!(
        status == 303 && headers.contains(&format!("location: /verify/{}.json", code.to_lowercase())),
        "{status} {headers}"
    );
    // A code pasted with the invisible characters a copy carries along is the code.
    let (status, headers, _) = web.get(&format!("/verify?code=%E2%80%8B{code}%C2%AD"));
    assert!(
        status == 303 && headers.contains(&format!("location: /verify/{}", code.to_lowercase())),
        "{status} {headers}"
    );
    // Garbage is still refused with the reason.
    let (status, _, body) = web.get("/verify?code=K7QF:M2XD:9HTA");
    assert!(status == 404 && body.contains("codes never contain &#x27;:&#x27;"), "{body}");
    // Characters that would not show, or would turn the page's text around, are written out.
    for (query, hidden, shown) in
        [("%E2%80%AE9HTD", "\u{202e}", "U+202E9HTD"), ("%00", "\u{0}", "U+0000"), ("a%0d%0ab", "\r", "aU+000DU+000Ab")]
    {
        let (status, _, body) = web.get(&format!("/verify?code={query}"));
        assert_eq!(status, 404, "{query}");
        assert!(!body.contains(hidden), "{query}: {body:?}");
        assert!(body.contains(shown), "{query}: {body}");
    }
}

#[test]
fn a_phone_sized_browser_shows_the_verdict() {
    let db = certified();
    let code = certificate_of(&db, "anna")["code"].as_str().unwrap().to_string();
    let web = Web::start(&db, &[]);
    let url = format!("{}/verify/{code}", web.base);
    let profile = tempfile::tempdir().unwrap();
    let browse = |extra: &[&str]| {
        Command::new(CHROMIUM)
            .args(["--no-sandbox", "--disable-gpu", "--window-size=390,844", "--hide-scrollbars"])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(extra)
            .arg(&url)
            .current_dir(db.dir.path())
            .output()
            .expect("run chromium-headless-shell")
    };
    let dom = browse(&["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("Valid certificate") && dom.contains("Анна Каренина"), "{dom}");
    let shot = db.dir.path().join("phone.png");
    browse(&[&format!("--screenshot={}", shot.display())]);
    let picture = common::pictures::decode_png(&std::fs::read(&shot).expect("a screenshot"));
    assert_eq!(picture.width, 390);
    // The verdict's green band is on screen, near the top, at phone width.
    let top = &picture.rgb[..picture.width * 300];
    let green = top.iter().filter(|[r, g, b]| *g > r.saturating_add(40) && *g > b.saturating_add(20)).count();
    assert!(green > 1000, "no green verdict band in the screenshot ({green} pixels)");
}

#[test]
fn the_qr_code_on_a_certificate_leads_to_the_page_that_says_what_was_certified() {
    let db = TestDb::with_sample();
    let web = Web::start(&db, &[]);
    db.ok(&["settings", COURSE, "--verify-url", &format!("{}/verify/", web.base), "--yes"]);
    db.ok(&["examples", COURSE]);
    db.ok(&["generate", COURSE]);
    let code = certificate_of(&db, "frodo")["code"].as_str().unwrap().to_string();
    let png = db.dir.path().join("frodo.png");
    db.ok(&["show", &code, "--png", png.to_str().unwrap()]);
    // zbar reads the code as a phone would.
    let scanned = Command::new("zbarimg").args(["--quiet", "--raw"]).arg(&png).output().expect("zbarimg");
    let url = String::from_utf8_lossy(&scanned.stdout).trim().to_string();
    assert_eq!(url, format!("{}/verify/{code}", web.base));
    let (status, _, body) = web.get(url.trim_start_matches(&web.base));
    assert_eq!(status, 200);
    assert!(body.contains("Valid certificate") && body.contains("Frodo Baggins"), "{body}");
}
