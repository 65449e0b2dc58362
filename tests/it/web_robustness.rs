//! `certdesk serve --http` against clients that ask too much or too little: unknown and
//! malformed addresses, methods it does not answer, too many requests, half a request.

use crate::common;

use common::web::{Web, certificate_of, certified};

#[test]
fn unknown_and_malformed_codes_give_nothing_away_and_never_break_the_server() {
    let db = certified();
    let web = Web::start(&db, &["--http-rate", "0"]);
    let (status, json) = web.json("/verify/AAAA-AAAA-AAAA");
    assert_eq!(status, 404);
    assert_eq!(json["verdict"], "unknown");
    assert!(json["certificate"].is_null());
    let long = "A".repeat(5000);
    for path in [
        "/verify/..%2F..%2Fetc%2Fpasswd",
        "/verify/%00",
        "/verify/%E2%80%AE%F0%9F%98%80",
        &format!("/verify/{long}"),
        "/verify/AAAA-AAAA-AAAA.json.json",
        "/verify?code=%ff%fe",
        "/learner/..%2F..",
        "/learner/ZZZZ",
        "/nothing/here",
    ] {
        let (status, _, body) = web.get(path);
        assert!((400..500).contains(&status), "{path}: {status} {body}");
        assert!(!body.contains("Aragorn"), "{path}");
    }
    let (_, _, body) = web.get("/nothing/here");
    assert!(body.contains(r#"<a href="/verify">Check a certificate</a>"#), "a way on from a wrong address: {body}");
    // A query the form never makes gets the form, with a sentence rather than the framework's.
    let (status, headers, body) = web.get("/verify?code=A&code=B");
    assert_eq!(status, 404);
    assert!(headers.contains("content-type: text/html") && body.contains("not one this form makes"), "{body}");
    // The form's sentences read as sentences, and give the example the field gives.
    assert!(body.contains(">That address is not one this form makes: type the code again.</p>"), "{body}");
    let (_, _, body) = web.get("/verify?code=XXXX");
    assert!(body.contains("12 letters and digits, like K7QF-M2XD-9HTA; this has 4.</p>"), "{body}");
    assert!(body.contains(r#"placeholder="K7QF-M2XD-9HTA""#), "{body}");
    // Only a verdict's page says it was verified.
    for path in ["/verify", "/verify?code=XXXX", "/nothing/here"] {
        let (_, _, body) = web.get(path);
        assert!(!body.contains("Verified by") && body.contains("checked here by certdesk"), "{path}: {body}");
    }
    // Nor does an address that is not even UTF-8: the form, or the page of a link that leads
    // nowhere.
    let (status, headers, body) = web.get("/verify/%FF%FE");
    assert_eq!(status, 404);
    assert!(headers.contains("content-type: text/html") && body.contains("type the code again"), "{body}");
    for path in ["/learner/%FF", "/learner/%FF/certificate.pdf", "/learner/%FF/request"] {
        let (status, headers, body) = web.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            headers.contains("content-type: text/html") && body.contains("This link leads nowhere"),
            "{path}: {body}"
        );
    }
    // Still serving.
    let code = certificate_of(&db, "aragorn")["code"].as_str().unwrap().to_string();
    let (status, _, body) = web.get(&format!("/verify/{code}"));
    assert!(status == 200 && body.contains("Verified by certdesk from the issuer's own records."), "{body}");
}

#[test]
fn a_method_an_address_does_not_answer_gets_a_page_that_says_so_and_which_it_answers() {
    let db = certified();
    let web = Web::start(&db, &["--http-rate", "0"]);
    for (path, method) in [("/verify", "POST"), ("/verify/AAAA-AAAA-AAAA", "DELETE"), ("/issuer/keys", "PUT")] {
        let (status, headers, body) = web.curl(path, &["-X", method]);
        assert_eq!(status, 405, "{method} {path}");
        let allow = headers.lines().find_map(|line| line.trim_end().strip_prefix("allow: ")).unwrap_or_default();
        assert!(allow == "get,head" || allow == "get,head,options", "{method} {path}: {headers}");
        assert!(headers.contains("content-type: text/html") && headers.contains("x-frame-options: deny"), "{headers}");
        assert!(body.contains("<h1>Wrong kind of request</h1>"), "{method} {path}: {body}");
        assert!(body.contains(&format!("This address does not answer a {method} request.")), "{body}");
        assert!(body.contains(r#"<a href="/verify">Check a certificate</a>"#), "a way on: {body}");
    }
}

#[test]
fn too_many_requests_from_one_address_are_slowed_down() {
    let db = certified();
    let web = Web::start(&db, &["--http-rate", "5"]);
    let statuses: Vec<u16> = (0..8).map(|_| web.get("/verify/AAAA-AAAA-AAAA").0).collect();
    assert!(statuses.iter().take(5).all(|status| *status == 404), "{statuses:?}");
    let (status, headers, _) = web.get("/verify/AAAA-AAAA-AAAA");
    assert_eq!(status, 429, "{statuses:?}");
    assert!(headers.contains("retry-after:"), "{headers}");
    // The 429 page's stylesheet is still served to it.
    assert_eq!(web.get("/certdesk.css").0, 200);
}

#[test]
fn a_client_that_sends_half_a_request_is_let_go_and_others_are_still_served() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::{Duration, Instant};

    let db = certified();
    let web = Web::start(&db, &[]);
    let address = web.base.trim_start_matches("http://");
    let mut stalled: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut stream = TcpStream::connect(address).expect("connect");
            stream.write_all(b"GET /verify HTTP/1.1\r\nHost: example\r\n").expect("half a request");
            stream
        })
        .collect();
    assert_eq!(web.get("/verify").0, 200, "served beside the stalled connections");

    // The server's header timeout is 15 s; a server without one never closes these.
    let started = Instant::now();
    for stream in &mut stalled {
        stream.set_read_timeout(Some(Duration::from_secs(40))).expect("timeout");
        let mut answer = Vec::new();
        let read = stream.read_to_end(&mut answer);
        assert!(read.is_ok(), "the server closed the connection rather than leaving it open: {read:?}");
        assert!(!String::from_utf8_lossy(&answer).contains("200 OK"), "half a request is not answered");
    }
    assert!(started.elapsed() >= Duration::from_secs(10), "closed only after the client had its time");
}

/// A verifier running in a page of another site could read the issuer's keys but not a
/// code's status, `/verify/CODE.json`, which every credential names: the browser refused it.
/// Every JSON answer of those addresses is open to other sites, and a browser's preflight is
/// answered; the pages themselves are not opened.
#[test]
fn a_codes_status_and_the_keys_are_readable_from_other_sites_as_json_always() {
    let db = certified();
    let web = Web::start(&db, &["--http-rate", "0"]);
    let code = certificate_of(&db, "aragorn")["code"].as_str().unwrap().to_string();
    let open = |headers: &str| headers.lines().any(|line| line.trim_end() == "access-control-allow-origin: *");
    for path in [
        format!("/verify/{code}.json"),
        "/verify/AAAA-AAAA-AAAA.json".into(),
        "/verify/XXXX.json".into(),
        "/verify/%FF.json".into(),
        "/issuer".into(),
        "/issuer/keys".into(),
        "/issuer/keys/nosuchkey".into(),
        "/issuer/keys/%FF".into(),
    ] {
        let (status, headers, body) = web.get(&path);
        assert!(open(&headers), "{path}: {headers}");
        assert!(headers.contains("content-type: application/json"), "{path} {status}: {headers}{body}");
        assert!(serde_json::from_str::<serde_json::Value>(&body).is_ok(), "{path}: {body}");
    }
    let (_, headers, _) = web.curl(&format!("/verify/{code}"), &["-H", "Accept: application/json"]);
    assert!(open(&headers), "{headers}");
    let (_, headers, body) = web.get(&format!("/verify/{code}"));
    assert!(!open(&headers) && body.contains("<h1"), "the page is not: {headers}");
    for path in [format!("/verify/{code}.json"), "/issuer/keys".into()] {
        let preflight =
            ["-X", "OPTIONS", "-H", "Origin: https://wallet.example", "-H", "Access-Control-Request-Method: GET"];
        let (status, headers, _) = web.curl(&path, &preflight);
        assert_eq!(status, 204, "{path}: {headers}");
        assert!(open(&headers) && headers.contains("access-control-allow-methods: get, head"), "{headers}");
    }
}
