//! What the verification page and the learner's page say of a certificate whose credential a
//! leaked key signed: before the issuer signs it again, no copy can be trusted (downloading
//! again does not help); after, the copies made before then are the ones to replace.

use axum::http::{Method, StatusCode};

use super::download_tests::{FRODO, ask, certified};

#[test]
fn a_page_says_whether_this_certificates_credential_is_still_signed_with_the_leaked_key() {
    let (_dir, web) = certified();
    let ledger = web.store.ledger("middle-earth-101", "frodo").unwrap().expect("frodo's ledger");
    let code = ledger.active().expect("frodo's certificate").certificate.code.to_string();
    let leaked = web.store.issuer_keys().unwrap()[0].kid().to_string();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let text = |body: Vec<u8>| String::from_utf8(body).unwrap();
        let verify = format!("/verify/{code}");
        let learner = format!("/learner/{FRODO}");
        let (_, _, _, before) = ask(&web, Method::GET, &verify).await;
        assert!(!text(before).contains("retired-keys"), "no key retired, nothing to say");

        let retired = web.store.issuer_retire(&leaked).unwrap();
        let new = retired.made.expect("a new key signs in its place").kid().to_string();
        let (status, _, _, page) = ask(&web, Method::GET, &verify).await;
        let page = text(page);
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains(&format!("is signed with the key <code>{leaked}</code>, which the issuer retired on")),
            "{page}"
        );
        assert!(page.contains("not even one downloaded today, until the issuer signs\nit again"), "{page}");
        assert!(
            !page.contains("download the\ncertificate again"),
            "downloading again gives the same credential: {page}"
        );
        let (_, _, _, json) = ask(&web, Method::GET, &format!("{verify}.json")).await;
        let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(json["credential"]["kid"], leaked.as_str());
        assert!(json["credential"]["key_retired_on"].is_string(), "{json}");
        assert!(json["credential"]["signed_again"].is_null(), "{json}");
        let (_, _, _, own) = ask(&web, Method::GET, &learner).await;
        let own = text(own);
        assert!(own.contains("until the course staff sign your credential again"), "{own}");
        assert!(own.contains("in a copy downloaded now too"), "{own}");
        // The download says it too, before the file is handed on: on its link, and in its name.
        assert!(own.contains("Download your certificate (PDF, its credential not trusted yet)"), "{own}");
        let pdf = format!("{learner}/certificate.pdf");
        let not_trusted = format!("attachment; filename=\"certificate-{code}-credential-not-trusted.pdf\"");
        for method in [Method::HEAD, Method::GET] {
            let (status, _, disposition, _) = ask(&web, method.clone(), &pdf).await;
            assert_eq!((status, disposition), (StatusCode::OK, not_trusted.clone()), "{method}");
        }

        web.store.issuer_resign().unwrap();
        let (_, _, _, page) = ask(&web, Method::GET, &verify).await;
        let page = text(page);
        assert!(page.contains("again on <time datetime=\""), "{page}");
        assert!(page.contains(&format!("because the key <code>{leaked}</code> that had signed it leaked")), "{page}");
        assert!(page.contains("A copy\ndownloaded before then carries a credential that cannot be trusted"), "{page}");
        assert!(page.contains("download the\ncertificate again from your personal link"), "{page}");
        let (_, _, _, json) = ask(&web, Method::GET, &format!("{verify}.json")).await;
        let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(json["credential"]["kid"], new.as_str());
        assert!(json["credential"]["key_retired_on"].is_null(), "{json}");
        assert_eq!(json["credential"]["signed_again"]["retired_kid"], leaked.as_str());
        let (_, _, _, own) = ask(&web, Method::GET, &learner).await;
        let own = text(own);
        assert!(
            own.contains("If you downloaded your certificate or were sent it before then, download it again"),
            "{own}"
        );
        assert!(own.contains("Download your certificate (PDF)</a>"), "{own}");
        let (_, _, disposition, _) = ask(&web, Method::GET, &format!("{learner}/certificate.pdf")).await;
        assert_eq!(disposition, format!("attachment; filename=\"certificate-{code}.pdf\""));
    });
}

#[test]
fn a_seal_that_cannot_be_read_leaves_the_verdict_standing() {
    let (_dir, web) = certified();
    let ledger = web.store.ledger("middle-earth-101", "frodo").unwrap().expect("frodo's ledger");
    let code = ledger.active().expect("frodo's certificate").certificate.code;
    web.store.local().expect("opened here").spoil_seal(code).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let (status, _, _, page) = ask(&web, Method::GET, &format!("/verify/{code}")).await;
        let page = String::from_utf8(page).unwrap();
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("Valid certificate") && page.contains("Frodo Baggins"), "{page}");
        let (_, _, _, json) = ask(&web, Method::GET, &format!("/verify/{code}.json")).await;
        let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(json["verdict"], "valid");
        assert!(json["credential"].is_null(), "{json}");
    });
}
