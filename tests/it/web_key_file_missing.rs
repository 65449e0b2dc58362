//! `certdesk serve --http` on a database whose issuer key file went missing (restored from a
//! backup without it): the pages cannot tell which credentials a retired key signed, and say
//! so rather than nothing; the server's log says why, once.

use crate::common;

use common::web::{COURSE, Web, certified};

#[test]
fn without_the_key_file_the_pages_say_they_cannot_tell_and_the_log_says_why_once() {
    let db = certified();
    let code = db.active_code(COURSE, "frodo").expect("frodo's certificate");
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let issued = db.ok(&["links", COURSE, "--issue", "frodo"]);
    let token = issued.split("/learner/").nth(1).expect("a link").split_whitespace().next().expect("token").to_string();
    let key_file = db.path().join("issuer-keys.json");
    let kept = db.dir.path().join("issuer-keys.kept");
    std::fs::rename(&key_file, &kept).expect("move the key file away");

    let web = Web::start(&db, &["--http-rate", "0"]);
    let (status, _, page) = web.get(&format!("/verify/{code}"));
    assert_eq!(status, 200);
    assert!(page.contains("Valid certificate"), "the verdict does not hang on the keys: {page}");
    assert!(
        page.contains("is still trusted cannot be told here just now: the issuer's\nkeys cannot be read"),
        "{page}"
    );
    let (_, json) = web.json(&format!("/verify/{code}"));
    assert!(json["retired_keys"].is_null(), "not known, so not an empty list: {json}");
    assert!(json["credential"]["key_retired_on"].is_null(), "{json}");
    let (status, _, own) = web.get(&format!("/learner/{token}"));
    assert_eq!(status, 200);
    assert!(own.contains("Whether checkers accept the credential in your certificate&#x27;s PDF"), "{own}");
    assert!(own.contains("cannot be told here just now"), "{own}");

    // Verifiers' programs get JSON saying what cannot be had, not an HTML page blaming the
    // certificate records.
    for path in ["/issuer", "/issuer/keys"] {
        let (status, json) = web.json(path);
        assert_eq!(status, 503, "{path}: {json}");
        assert_eq!(
            json["problem"],
            "the issuer's keys cannot be read just now; the issuer's staff are told why in the server's log"
        );
    }

    let said = web.logged("the issuer's keys cannot be read");
    assert_eq!(said.len(), 1, "once, not at every page: {said:?}");
    assert!(said[0].contains("issuer-keys.json is missing"), "{said:?}");

    // Put back: the pages say nothing of keys again (none is retired), and the log says so.
    std::fs::rename(&kept, &key_file).expect("put the key file back");
    let (_, _, page) = web.get(&format!("/verify/{code}"));
    assert!(!page.contains("retired-keys"), "{page}");
    let (_, json) = web.json(&format!("/verify/{code}"));
    assert_eq!(json["retired_keys"], serde_json::json!([]), "{json}");
    assert_eq!(web.logged("the issuer's keys can be read again").len(), 1);
}
