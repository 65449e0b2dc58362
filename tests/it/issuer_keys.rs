//! The institution's signing keys through the real binary: made once, rotated with the old
//! keys kept for verification (PyJWT, Debian's python3-jwt, checks each JWT with the key
//! `certdesk issuer show --jwk` publishes), and published by the web service.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::TestDb;
use common::referees::{pdfdetach, pyjwt};
use common::web::Web;

const COURSE: &str = "middle-earth-101";

#[test]
fn old_keys_still_verify_after_a_rotation_and_status_comes_from_the_database() {
    let db = TestDb::with_sample();
    let init = db.ok(&["issuer", "init"]);
    assert!(init.contains("Made the issuer key"), "{init}");
    let first_kid = db.ok(&["issuer", "show"]).split_whitespace().next().expect("kid").to_string();
    let again = db.fails(&["issuer", "init"], 1);
    let refused =
        format!("the database already has an issuer key, {first_kid}, which `certdesk issuer show --jwk` shows");
    assert!(again.contains(&refused), "{again}");
    assert_eq!(db.ok(&["issuer", "show"]).split_whitespace().next(), Some(first_kid.as_str()), "the key is kept");
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "aerwyn").expect("Ærwyn's certificate");
    let dir = db.dir.path();
    let (old_pdf, old_key) = (dir.join("old.pdf"), dir.join("old.jwk"));
    db.ok(&["show", &code, "--pdf", old_pdf.to_str().expect("utf-8")]);
    db.write_issuer_key(&[], &old_key);

    let rotated = db.ok(&["issuer", "rotate"]);
    assert!(!rotated.contains(&first_kid), "{rotated}");
    assert!(rotated.contains("if one leaked, retire it: certdesk issuer retire KID"), "{rotated}");
    let shown = db.ok(&["issuer", "show", "--all"]);
    assert_eq!(shown.lines().count(), 2, "{shown}");
    assert!(shown.lines().next().expect("old").contains("retired"));
    let (set, new_key) = (dir.join("set.jwks"), dir.join("new.jwk"));
    db.write_issuer_key(&["--all"], &set);
    db.write_issuer_key(&[], &new_key);

    // With the database's keys, and with the published set: the old certificate still verifies.
    assert_eq!(db.run(&["verify", "--file", old_pdf.to_str().expect("utf-8")]).status.code(), Some(0));
    let jwt = dir.join("old.jwt");
    std::fs::write(&jwt, db.ok(&["credential", &code])).expect("jwt");
    assert!(pyjwt(&jwt, &set).is_ok());
    assert!(pyjwt(&jwt, &old_key).is_ok());
    let with_new_key_only = Command::new(common::BIN)
        .args(["verify", "--file", old_pdf.to_str().expect("utf-8"), "--key", new_key.to_str().expect("utf-8")])
        .env_remove("CERTDESK_DB")
        .output()
        .expect("certdesk");
    assert_eq!(with_new_key_only.status.code(), Some(1), "a key that did not sign it cannot vouch for it");
    // A database named but not there (a typo) is refused, not passed over for the key alone:
    // the database is what says a key leaked.
    let mistyped = dir.join("no-such-db");
    for (db_flag, env) in [(true, None), (false, Some(&mistyped))] {
        let mut command = Command::new(common::BIN);
        command.env_remove("CERTDESK_DB");
        if db_flag {
            command.arg("--db").arg(&mistyped);
        }
        if let Some(env) = env {
            command.env("CERTDESK_DB", env);
        }
        let refused = command
            .args(["verify", "--file", old_pdf.to_str().expect("utf-8"), "--key", old_key.to_str().expect("utf-8")])
            .output()
            .expect("certdesk");
        let said = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(1), "{said}");
        assert!(
            said.contains(&format!("there is no database {}: name one that is there", mistyped.display())),
            "{said}"
        );
        assert!(refused.stdout.is_empty(), "no verdict: {}", String::from_utf8_lossy(&refused.stdout));
    }

    // A certificate issued now is signed with the new key.
    db.ok(&["delete", COURSE, "aerwyn", "--yes"]);
    db.ok(&["generate", COURSE]);
    let new_code = db.active_code(COURSE, "aerwyn").expect("Ærwyn's certificate");
    assert_ne!(new_code, code);
    let new_jwt = dir.join("new.jwt");
    std::fs::write(&new_jwt, db.ok(&["credential", &new_code])).expect("jwt");
    assert!(pyjwt(&new_jwt, &new_key).is_ok());
    assert!(pyjwt(&new_jwt, &old_key).is_err(), "signed with the new key, not the old one");

    // The old file is still authentic, but the database says its certificate was deleted.
    let revoked = db.run(&["verify", "--file", old_pdf.to_str().expect("utf-8")]);
    let said = String::from_utf8_lossy(&revoked.stdout);
    assert_eq!(revoked.status.code(), Some(4), "{said}");
    assert!(said.contains("AUTHENTIC but NO LONGER VALID (withdrawn)"), "{said}");
    let json = db.json_status(&["credential", &code, "--json"], 0);
    assert_eq!(json["credentialStatus"]["id"], format!("https://certificates.example.org/verify/{code}.json"));
    // Staff handing on a revoked certificate's credential are told.
    let handed = db.run(&["credential", &code]);
    let note = String::from_utf8_lossy(&handed.stderr);
    assert!(handed.status.success() && note.contains(&format!("{code} was revoked (deleted)")), "{note}");
    assert!(db.run(&["credential", &new_code]).stderr.is_empty(), "nothing to say of one in force");
}

#[test]
fn the_web_service_publishes_the_issuer_and_every_key() {
    let db = TestDb::with_sample();
    db.ok(&["issuer", "init"]);
    db.ok(&["issuer", "rotate"]);
    let published: serde_json::Value =
        serde_json::from_str(&db.ok(&["issuer", "show", "--jwk", "--all"])).expect("json");
    let web = Web::start(&db, &[]);
    let (status, _, body) = web.get("/issuer/keys");
    assert_eq!(status, 200, "{body}");
    let set: serde_json::Value = serde_json::from_str(&body).expect("a JWK set");
    assert_eq!(set, published);
    let keys = set["keys"].as_array().expect("keys");
    assert_eq!(keys.len(), 2);
    for key in keys {
        let kid = key["kid"].as_str().expect("kid");
        let (status, _, body) = web.get(&format!("/issuer/keys/{kid}"));
        assert_eq!(status, 200);
        assert_eq!(&serde_json::from_str::<serde_json::Value>(&body).expect("a JWK"), key);
    }
    assert_eq!(web.get("/issuer/keys/not-a-key").0, 404);
    let (status, _, body) = web.get("/issuer");
    assert_eq!(status, 200);
    let profile: serde_json::Value = serde_json::from_str(&body).expect("a profile");
    assert_eq!(profile["id"], "https://certificates.example.org/issuer");
    assert_eq!(profile["type"], serde_json::json!(["Profile"]));
    assert_eq!(profile["name"], "University of Rivendell");
}

/// A database moved or restored without its key file: certdesk says where the file was and
/// which key signed, and makes no new key in its place, which would leave every credential
/// issued so far unverifiable on the database.
#[test]
fn a_key_file_gone_missing_is_said_and_never_silently_replaced() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let kid = db.ok(&["issuer", "show"]).split_whitespace().next().expect("kid").to_string();
    let code = db.active_code(COURSE, "frodo").expect("Frodo's certificate");
    let pdf = db.dir.path().join("frodo.pdf");
    db.ok(&["show", &code, "--pdf", pdf.to_str().expect("utf-8")]);
    let published = db.dir.path().join("published.jwks");
    db.write_issuer_key(&["--all"], &published);
    let key_file = db.path().join("issuer-keys.json");
    let kept = db.dir.path().join("issuer-keys.json.bak");
    std::fs::rename(&key_file, &kept).expect("move the key file away");

    let missing = format!("the issuer key file {} is missing, yet this database's certificates", key_file.display());
    let signed = format!("carry credentials signed with its key {kid}: put the file back from the database's backup");
    for args in
        [vec!["issuer", "show"], vec!["issuer", "rotate"], vec!["verify", "--file", pdf.to_str().expect("utf-8")]]
    {
        let said = db.fails(&args, 1);
        assert!(said.contains(&missing) && said.contains(&signed), "{args:?}: {said}");
    }
    // Frodo's certificate made stale, then replaced: refused, and no key made in its place.
    db.ok(&["grade", COURSE, "frodo", "maps", "0"]);
    let said = db.fails(&["regenerate", COURSE, "frodo"], 1);
    assert!(said.contains(&missing), "{said}");
    assert!(!key_file.exists(), "no new key file");
    assert_eq!(db.active_code(COURSE, "frodo"), Some(code.clone()), "nothing was issued");
    // The published key still checks the file, and the database still says it is in force.
    let checked =
        db.run(&["verify", "--file", pdf.to_str().expect("utf-8"), "--key", published.to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&checked.stdout);
    assert_eq!(checked.status.code(), Some(0), "{stdout}");
    assert!(stdout.ends_with("frodo.pdf: AUTHENTIC and in force\n"), "{stdout}");
    assert!(String::from_utf8_lossy(&checked.stderr).contains(&missing));

    // Cut short (a copy stopped midway): damaged, to be brought back; nothing replaces it.
    std::fs::write(&key_file, b"").expect("an empty key file");
    std::fs::set_permissions(&key_file, std::os::unix::fs::PermissionsExt::from_mode(0o600)).expect("chmod");
    let said = db.fails(&["issuer", "show"], 1);
    assert!(said.contains("it is damaged (EOF while parsing a value at line 1 column 0): restore it from the database's backup; certdesk changed nothing"), "{said}");
    assert_eq!(std::fs::read(&key_file).expect("still there"), b"");

    // Put back, everything works again with the same key.
    std::fs::rename(&kept, &key_file).expect("put the key file back");
    db.ok(&["regenerate", COURSE, "frodo"]);
    assert_eq!(db.ok(&["issuer", "show", "--all"]).lines().count(), 1, "the one key");
    assert_eq!(db.run(&["verify", "--file", pdf.to_str().expect("utf-8")]).status.code(), Some(4));
}

/// Signs, with the private key `kid` the issuer's key file holds, the credential `payload` with
/// its grade changed to 99.0%: what whoever copied a leaked key file can do. PyJWT again.
fn forge_with_leaked_key(key_file: &Path, public_jwk: &Path, payload: &Path, kid: &str) -> String {
    let script = r#"
import json, sys, jwt
key_file, public_jwk, payload_file, kid = sys.argv[1:]
d = next(key["d"] for key in json.load(open(key_file))["keys"] if key["kid"] == kid)
private = jwt.PyJWK.from_dict(dict(json.load(open(public_jwk)), d=d)).key
payload = json.load(open(payload_file))
payload["credentialSubject"]["result"][0]["value"] = "99.0%"
print(jwt.encode(payload, private, algorithm="ES256", headers={"kid": kid}))
"#;
    let output = Command::new("/usr/bin/python3")
        .args(["-c", script])
        .args([key_file, public_jwk, payload])
        .arg(kid)
        .output()
        .expect("python3-jwt");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8").trim().to_string()
}

/// The key file leaked: before it is retired, a grade forged with it passes PyJWT with the
/// published keys; once retired, the key is published no more, `verify --file` and the
/// verification page say what it signed cannot be trusted, and once the certificates are
/// signed again the learner's new PDF carries a credential the published keys verify. All of
/// it through the server, as staff on a shared database do it.
#[test]
fn a_leaked_key_is_retired_and_what_it_signed_is_signed_again() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let web = Web::start(&db, &[]);
    let dir = db.dir.path();
    let path = |name: &str| dir.join(name).to_str().expect("utf-8").to_string();
    let code = db.active_code(COURSE, "aerwyn").expect("Ærwyn's certificate");
    let leaked = db.ok(&["issuer", "show"]).split_whitespace().next().expect("kid").to_string();
    db.ok(&["show", &code, "--pdf", &path("old.pdf")]);
    db.write_issuer_key(&["--all"], &dir.join("before.jwks"));
    db.write_issuer_key(&[], &dir.join("leaked.jwk"));
    std::fs::write(dir.join("payload.json"), db.ok(&["credential", &code, "--json"])).expect("payload");
    std::fs::write(dir.join("old.jwt"), db.ok(&["credential", &code])).expect("jwt");
    let forged = forge_with_leaked_key(
        &db.path().join("issuer-keys.json"),
        &dir.join("leaked.jwk"),
        &dir.join("payload.json"),
        &leaked,
    );
    std::fs::write(dir.join("forged.jwt"), &forged).expect("jwt");
    let accepted = pyjwt(&dir.join("forged.jwt"), &dir.join("before.jwks")).expect("the gap: a forgery passes");
    assert_eq!(accepted["credentialSubject"]["result"][0]["value"], "99.0%");

    // Asked first, as every irreversible command is; a script must say --yes.
    let unconfirmed = db.fails(&["issuer", "retire", &leaked], 1);
    assert!(unconfirmed.contains(&format!("Retire the issuer key {leaked} as compromised")), "{unconfirmed}");
    assert!(unconfirmed.contains("the credentials of 19 certificates"), "{unconfirmed}");
    assert_eq!(db.ok(&["issuer", "show", "--all"]).lines().count(), 1, "nothing retired");
    let retired = db.ok(&["issuer", "retire", &leaked, "--yes"]);
    assert!(retired.contains("Made the new issuer key"), "{retired}");
    assert!(retired.contains("19 certificates carry credentials signed with it: certdesk issuer resign"), "{retired}");
    let shown = db.ok(&["issuer", "show", "--all"]);
    assert!(shown.lines().next().expect("the leaked key").contains("RETIRED AS COMPROMISED"), "{shown}");
    assert!(shown.ends_with("certdesk issuer resign signs them again\n"), "{shown}");
    let logged = db.ok(&["log"]);
    let who = common::login();
    assert!(logged.contains(&format!("{who}  issuer  retired the issuer key {leaked} as compromised")), "{logged}");

    // Published no more: neither the forgery nor the genuine old credential verify.
    db.write_issuer_key(&["--all"], &dir.join("after.jwks"));
    let published: serde_json::Value = serde_json::from_str(&web.get("/issuer/keys").2).expect("a JWK set");
    assert_eq!(
        published,
        serde_json::from_str::<serde_json::Value>(&db.ok(&["issuer", "show", "--jwk", "--all"])).expect("json")
    );
    assert!(!published.to_string().contains(&leaked), "{published}");
    for jwt in ["forged.jwt", "old.jwt"] {
        assert!(pyjwt(&dir.join(jwt), &dir.join("after.jwks")).is_err(), "{jwt}");
    }
    let (status, _, body) = web.get(&format!("/issuer/keys/{leaked}"));
    assert_eq!(status, 410, "{body}");
    assert!(body.contains("retired this key because it was compromised"), "{body}");
    let (_, status_json) = web.json(&format!("/verify/{code}.json"));
    assert_eq!(status_json["verdict"], "valid");
    assert_eq!(status_json["retired_keys"][0]["kid"], leaked.as_str());
    assert_eq!(status_json["credential"]["kid"], leaked.as_str(), "still signed with the leaked key");
    let (_, _, page) = web.get(&format!("/verify/{code}"));
    assert!(page.contains(&format!("is signed with the key <code>{leaked}</code>")), "{page}");
    assert!(page.contains(r#"<p class="retired-keys" role="note">"#), "{page}");
    assert!(!page.contains("download the\ncertificate again"), "a download now carries the same credential");

    // verify --file: the old PDF is not to be relied on, and says what to do.
    let old = db.run(&["verify", "--file", &path("old.pdf")]);
    let said = String::from_utf8_lossy(&old.stdout);
    assert_eq!(old.status.code(), Some(3), "{said}");
    assert!(said.contains("signature  NOT TRUSTED: made by a key the issuer retired as compromised"), "{said}");
    assert!(said.contains("old.pdf: NOT TRUSTWORTHY: signed with a key the issuer retired as compromised"), "{said}");
    assert!(said.contains("ask the learner for a copy downloaded since from their link"), "{said}");
    let json = db.json_status(&["verify", "--file", &path("old.pdf"), "--json"], 3);
    assert_eq!(
        (&json["verdict"], &json["credentials"][0]["signature"]),
        (&"retired_key".into(), &"retired_key".into())
    );
    let offline = Command::new(common::BIN)
        .args(["verify", "--file", &path("old.pdf"), "--key", &path("after.jwks")])
        .env_remove("CERTDESK_DB")
        .output()
        .expect("certdesk");
    assert_eq!(offline.status.code(), Some(1), "the published keys no longer vouch for it");

    let handed = db.run(&["credential", &code]);
    let note = String::from_utf8_lossy(&handed.stderr);
    assert!(
        note.contains(&format!("{code}'s credential is signed with the key {leaked}, retired as compromised")),
        "{note}"
    );

    // A PDF made before signing again carries the refused credential: staff are told.
    let early = db.run(&["show", &code, "--pdf", &path("early.pdf")]);
    let note = String::from_utf8_lossy(&early.stderr);
    assert!(early.status.success(), "{note}");
    assert!(
        note.contains(&format!("{code}'s credential, in {} too, is signed with a key retired as compromised, which verifiers refuse: certdesk issuer resign signs it again", path("early.pdf"))),
        "{note}"
    );

    // Signed again: the learner's new PDF carries the same credential under the new key.
    let resigned = db.ok(&["issuer", "resign"]);
    assert!(resigned.contains("the credentials of 19 certificates"), "{resigned}");
    assert!(!db.ok(&["issuer", "show", "--all"]).contains("signed with a retired key"));
    assert!(db.run(&["credential", &code]).stderr.is_empty(), "nothing to say once signed again");
    let (_, page) = web.json(&format!("/verify/{code}.json"));
    assert_eq!(page["credential"]["signed_again"]["retired_kid"], leaked.as_str(), "{page}");
    let (_, _, page) = web.get(&format!("/verify/{code}"));
    assert!(page.contains("A copy\ndownloaded before then carries a credential that cannot be trusted"), "{page}");
    let shown = db.run(&["show", &code, "--pdf", &path("new.pdf")]);
    assert!(shown.status.success() && shown.stderr.is_empty(), "{}", String::from_utf8_lossy(&shown.stderr));
    let extracted = dir.join("extracted");
    std::fs::create_dir(&extracted).expect("dir");
    pdfdetach(&["-saveall", &path("new.pdf")], &extracted);
    let jwt = extracted.join(format!("credential-{code}.jwt"));
    let verified = pyjwt(&jwt, &dir.join("after.jwks")).expect("the published keys verify the new credential");
    assert_eq!(verified, pyjwt(&dir.join("old.jwt"), &dir.join("before.jwks")).expect("old"), "it says the same");
    let new = db.run(&["verify", "--file", &path("new.pdf")]);
    assert_eq!(new.status.code(), Some(0), "{}", String::from_utf8_lossy(&new.stdout));
    assert_eq!(db.run(&["verify", "--file", &path("old.pdf")]).status.code(), Some(3), "the old copy stays untrusted");

    // The key file gone, with a key set kept from before the retirement: the database still
    // knows what was retired.
    drop(web);
    let key_file = db.path().join("issuer-keys.json");
    std::fs::rename(&key_file, dir.join("aside.json")).expect("move the key file aside");
    let old = db.run(&["verify", "--file", &path("old.pdf"), "--key", &path("before.jwks")]);
    let said = String::from_utf8_lossy(&old.stdout);
    assert_eq!(old.status.code(), Some(3), "{said}");
    assert!(said.contains("old.pdf: NOT TRUSTWORTHY: signed with a key the issuer retired as compromised"), "{said}");
    assert!(String::from_utf8_lossy(&old.stderr).contains("issuer-keys.json is missing"), "said why it is asked");
}
