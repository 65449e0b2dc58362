//! Credentials through the real binary, checked by referees nobody here wrote: PyJWT (Debian's
//! python3-jwt) verifies each JWT with the key `certdesk issuer show --jwk` publishes,
//! `pdfdetach` lists and extracts them, `qpdf --check` judges the structure.

mod common;

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;

use common::TestDb;
use common::web::Web;

const COURSE: &str = "middle-earth-101";

fn codes(db: &TestDb) -> Vec<String> {
    let rows = db.json(&["certificates", COURSE, "--json"]);
    rows.as_array().expect("rows").iter().map(|row| row["code"].as_str().expect("code").to_string()).collect()
}

fn write_key(db: &TestDb, args: &[&str], path: &Path) {
    let mut command = vec!["issuer", "show", "--jwk"];
    command.extend_from_slice(args);
    std::fs::write(path, db.ok(&command)).expect("key file");
}

/// PyJWT's verdict on `jwt` with the JWK (or JWK set) in `key`: the payload, or the error.
fn pyjwt(jwt_file: &Path, key: &Path) -> Result<serde_json::Value, String> {
    let script = r#"
import json, sys, jwt
token = open(sys.argv[1]).read().strip()
data = json.load(open(sys.argv[2]))
keys = jwt.PyJWKSet.from_dict(data).keys if "keys" in data else [jwt.PyJWK.from_dict(data)]
kid = jwt.get_unverified_header(token)["kid"]
key = next(k for k in keys if k.key_id == kid)
print(json.dumps(jwt.decode(token, key.key, algorithms=["ES256"])))
"#;
    // A pyenv python3 may come first in PATH here; Debian's has python3-jwt.
    let output = Command::new("/usr/bin/python3")
        .args(["-c", script])
        .arg(jwt_file)
        .arg(key)
        .output()
        .expect("run /usr/bin/python3 (python3-jwt, python3-cryptography)");
    if output.status.success() {
        Ok(serde_json::from_slice(&output.stdout).expect("PyJWT printed JSON"))
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn pdfdetach(args: &[&str], dir: &Path) -> String {
    let output = Command::new("pdfdetach").args(args).current_dir(dir).output().expect("pdfdetach (poppler-utils)");
    assert!(output.status.success(), "pdfdetach {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8")
}

fn qpdf_check(pdf: &Path) {
    let check = Command::new("qpdf").arg("--check").arg(pdf).output().expect("qpdf");
    assert!(check.status.success() && check.stderr.is_empty(), "qpdf: {}", String::from_utf8_lossy(&check.stdout));
}

#[test]
fn every_exported_page_carries_a_credential_pyjwt_verifies() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let codes = codes(&db);
    assert!(codes.len() > 10);
    let key_file = db.path().join("issuer-keys.json");
    assert_eq!(std::fs::metadata(&key_file).expect("key file").permissions().mode() & 0o777, 0o600);
    let out = db.dir.path().join("out");
    std::fs::create_dir(&out).expect("dir");
    let pdf = out.join("all.pdf");
    db.ok(&["export", COURSE, "--out", pdf.to_str().expect("utf-8")]);
    qpdf_check(&pdf);

    // The pages of an export carry their credentials together: one JWT a line, in page order,
    // and the same payloads as a JSON array.
    let run = format!("credentials-pages-1-{}", codes.len());
    let listed = pdfdetach(&["-list", "all.pdf"], &out);
    assert!(listed.starts_with("2 embedded files"), "{listed}");
    assert!(listed.contains(&format!("{run}.jwt")) && listed.contains(&format!("{run}.json")), "{listed}");
    pdfdetach(&["-saveall", "all.pdf"], &out);
    let jwts = std::fs::read_to_string(out.join(format!("{run}.jwt"))).expect("jwt file");
    let jsons: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(out.join(format!("{run}.json"))).expect("json file"))
            .expect("a JSON array");
    assert_eq!(jwts.lines().count(), codes.len());
    assert_eq!(jsons.len(), codes.len());
    let jwk = out.join("issuer.jwk");
    write_key(&db, &[], &jwk);
    let gradebook = db.json(&["gradebook", COURSE, "--json"]);
    let one = out.join("one.jwt");
    for (page, (code, (jwt, json))) in codes.iter().zip(jwts.lines().zip(&jsons)).enumerate() {
        std::fs::write(&one, jwt).expect("one JWT");
        let payload = pyjwt(&one, &jwk).unwrap_or_else(|error| panic!("PyJWT refused {code}: {error}"));
        assert_eq!(payload["jti"], format!("https://certificates.example.org/verify/{code}"), "page {}", page + 1);
        assert_eq!(payload["iss"], payload["issuer"]["id"]);
        assert_eq!(payload["type"], serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"]));
        let identifiers = payload["credentialSubject"]["identifier"].as_array().expect("identifiers");
        let name = identifiers.iter().find(|i| i["identityType"] == "name").expect("name")["identityHash"].clone();
        let learner = gradebook["learners"]
            .as_array()
            .expect("learners")
            .iter()
            .find(|learner| learner["full_name"] == name)
            .unwrap_or_else(|| panic!("page {} names {name}, nobody of the course", page + 1));
        let email = identifiers.iter().find(|i| i["identityType"] == "emailAddress").expect("email");
        assert_eq!(email["hashed"], true);
        assert_ne!(email["identityHash"], learner["email"], "the address is not in the clear");
        // The JSON beside the JWT is its payload, for people.
        assert_eq!(json, &payload);
    }
    let verdict = db.run(&["verify", "--file", pdf.to_str().expect("utf-8")]);
    let report = String::from_utf8_lossy(&verdict.stdout);
    assert_eq!(verdict.status.code(), Some(0), "{report}");
    // Each credential as it is checked, in page order, then the verdict on the file.
    let pages: Vec<&str> = report.lines().filter(|line| line.starts_with("credentials-pages-")).collect();
    assert_eq!(pages.len(), codes.len());
    assert!(pages[0].ends_with("(page 1)") && pages[codes.len() - 1].ends_with(&format!("(page {})", codes.len())));
    assert!(report.contains("\n    course     Introduction to Middle-earth Studies (University of Rivendell)\n"));
    let last = report.lines().last().expect("a verdict");
    let verdict_line = format!("{}: AUTHENTIC and in force ({} credentials, every one)", pdf.display(), codes.len());
    assert_eq!(last, verdict_line);

    // Rewritten by qpdf with its objects in object streams, with a cross-reference table, or
    // linearized for the web, it still verifies, page by page.
    for (name, options) in [
        ("packed.pdf", ["--object-streams=generate"].as_slice()),
        ("table.pdf", &["--object-streams=disable"]),
        ("linearized.pdf", &["--linearize"]),
        ("linearized-packed.pdf", &["--linearize", "--object-streams=generate"]),
    ] {
        let rewritten = out.join(name);
        let status = Command::new("qpdf").args(options).arg(&pdf).arg(&rewritten).status();
        assert!(status.is_ok_and(|status| status.success()), "qpdf {options:?}");
        let verdict = db.run(&["verify", "--file", rewritten.to_str().expect("utf-8")]);
        let report = String::from_utf8_lossy(&verdict.stdout);
        assert_eq!(verdict.status.code(), Some(0), "{name}: {report}");
        let every = format!("({} credentials, every one)", codes.len());
        assert!(report.lines().last().expect("a verdict").ends_with(&every), "{name}: {report}");
    }
}

/// The PDF's streams uncompressed by qpdf, so the credential can be edited in place.
fn uncompressed(pdf: &Path, out: &Path) {
    let status = Command::new("qpdf")
        .args(["--stream-data=uncompress", "--object-streams=disable", "--compress-streams=n"])
        .arg(pdf)
        .arg(out)
        .status()
        .expect("qpdf");
    assert!(status.success());
}

#[test]
fn a_credential_changed_by_one_character_is_refused() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = codes(&db).remove(0);
    let dir = db.dir.path();
    let (pdf, plain, forged) = (dir.join("one.pdf"), dir.join("plain.pdf"), dir.join("forged.pdf"));
    db.ok(&["show", &code, "--pdf", pdf.to_str().expect("utf-8")]);
    qpdf_check(&pdf);
    let jwk = dir.join("issuer.jwk");
    write_key(&db, &[], &jwk);
    // A third party: the key alone, no database.
    let offline = |file: &Path| {
        Command::new(common::BIN)
            .args(["verify", "--file"])
            .arg(file)
            .arg("--key")
            .arg(&jwk)
            .env_remove("CERTDESK_DB")
            .output()
            .expect("certdesk")
    };
    let genuine = offline(&pdf);
    assert_eq!(genuine.status.code(), Some(0), "{}", String::from_utf8_lossy(&genuine.stdout));
    assert!(String::from_utf8_lossy(&genuine.stdout).contains("AUTHENTIC"));

    uncompressed(&pdf, &plain);
    let mut bytes = std::fs::read(&plain).expect("read");
    let header = b"eyJhbGciOiJFUzI1NiIs";
    let start = bytes.windows(header.len()).position(|window| window == header).expect("the JWT, uncompressed");
    let payload_start = start + bytes[start..].iter().position(|&byte| byte == b'.').expect("a dot") + 1;
    // One character of the payload, well inside it.
    let at = payload_start + 200;
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    std::fs::write(&forged, &bytes).expect("write");
    let refused = offline(&forged);
    assert_eq!(refused.status.code(), Some(3), "{}", String::from_utf8_lossy(&refused.stdout));
    assert!(String::from_utf8_lossy(&refused.stdout).contains("NOT AUTHENTIC"));
    // A reader that leaves before the verdict (`| head`) does not turn it into a success.
    let mut unread = Command::new(common::BIN)
        .args(["verify", "--file"])
        .arg(&forged)
        .arg("--key")
        .arg(&jwk)
        .env_remove("CERTDESK_DB")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("certdesk");
    drop(unread.stdout.take());
    assert_eq!(unread.wait().expect("exit").code(), Some(3));
    let extracted = dir.join("x");
    std::fs::create_dir(&extracted).expect("dir");
    pdfdetach(&["-saveall", forged.to_str().expect("utf-8")], &extracted);
    assert!(pyjwt(&extracted.join(format!("credential-{code}.jwt")), &jwk).is_err(), "PyJWT refuses it too");

    // The same file without its credential proves nothing.
    db.ok(&["preview", COURSE, "--example", "honor", "--pdf", plain.to_str().expect("utf-8")]);
    assert_eq!(offline(&plain).status.code(), Some(1));
}

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
    write_key(&db, &[], &old_key);

    let rotated = db.ok(&["issuer", "rotate"]);
    assert!(!rotated.contains(&first_kid), "{rotated}");
    let shown = db.ok(&["issuer", "show", "--all"]);
    assert_eq!(shown.lines().count(), 2, "{shown}");
    assert!(shown.lines().next().expect("old").contains("retired"));
    let (set, new_key) = (dir.join("set.jwks"), dir.join("new.jwk"));
    write_key(&db, &["--all"], &set);
    write_key(&db, &[], &new_key);

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

    // A certificate issued now is signed with the new key.
    db.ok(&["delete", COURSE, "aerwyn", "--yes"]);
    db.ok(&["generate", COURSE]);
    let new_code = db.active_code(COURSE, "aerwyn").expect("Ærwyn's certificate");
    assert_ne!(new_code, code);
    let new_jwt = dir.join("new.jwt");
    std::fs::write(&new_jwt, db.ok(&["credential", &new_code])).expect("jwt");
    assert!(pyjwt(&new_jwt, &new_key).is_ok());
    assert!(pyjwt(&new_jwt, &old_key).is_err(), "signed with the new key, not the old one");

    // The old file is still authentic, but the database says it was revoked.
    let revoked = db.run(&["verify", "--file", old_pdf.to_str().expect("utf-8")]);
    assert_eq!(revoked.status.code(), Some(4), "{}", String::from_utf8_lossy(&revoked.stdout));
    assert!(String::from_utf8_lossy(&revoked.stdout).contains("revoked"));
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

/// An export of many pages carries its credentials a run of 64 pages at a time; each page's
/// credential is the line of its run's file at its place in the run.
#[test]
fn an_export_of_many_pages_carries_a_run_of_credentials_per_64_pages() {
    let db = TestDb::with_synthetic(300, 3);
    db.ok(&["generate", "synthetic"]);
    let out = db.dir.path().join("out");
    std::fs::create_dir(&out).expect("dir");
    let pdf = out.join("all.pdf");
    db.ok(&["export", "synthetic", "--out", pdf.to_str().expect("utf-8")]);
    qpdf_check(&pdf);
    let listed = pdfdetach(&["-list", "all.pdf"], &out);
    assert!(listed.starts_with("10 embedded files"), "{listed}");
    let runs = ["1-64", "65-128", "129-192", "193-256", "257-300"];
    for run in runs {
        for extension in ["jwt", "json"] {
            assert!(listed.contains(&format!("credentials-pages-{run}.{extension}")), "{run}: {listed}");
        }
    }

    let json = db.run(&["verify", "--file", pdf.to_str().expect("utf-8"), "--json"]);
    assert_eq!(json.status.code(), Some(0), "{}", String::from_utf8_lossy(&json.stdout));
    let verdict: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let checks = verdict["credentials"].as_array().expect("credentials");
    assert_eq!(checks.len(), 300);
    let manifest_rows = {
        let manifest = out.join("pages.csv");
        db.ok(&[
            "export",
            "synthetic",
            "--out",
            pdf.to_str().expect("utf-8"),
            "--manifest",
            manifest.to_str().expect("utf-8"),
        ]);
        std::fs::read_to_string(manifest).expect("manifest")
    };
    for (check, row) in checks.iter().zip(manifest_rows.lines().skip(1)) {
        let page = check["page"].as_u64().expect("a page");
        let run = runs[(page as usize - 1) / 64];
        assert_eq!(check["file"], format!("credentials-pages-{run}.jwt"));
        let code = row.split(',').nth(1).expect("code");
        assert!(row.starts_with(&format!("{page},")), "{row}");
        assert_eq!(
            check["credential"]["jti"],
            format!("https://certificates.example.org/verify/{code}"),
            "page {page}"
        );
        assert!(check["problems"].as_array().expect("problems").is_empty(), "{check}");
    }

    // The last run's 44th line, checked by PyJWT alone.
    pdfdetach(&["-saveall", "all.pdf"], &out);
    let jwts = std::fs::read_to_string(out.join("credentials-pages-257-300.jwt")).expect("the last run");
    assert_eq!(jwts.lines().count(), 44);
    let one = out.join("one.jwt");
    std::fs::write(&one, jwts.lines().last().expect("a line")).expect("write");
    let jwk = out.join("issuer.jwk");
    write_key(&db, &[], &jwk);
    let payload = pyjwt(&one, &jwk).expect("PyJWT verifies it");
    assert_eq!(payload, checks[299]["credential"]);

    // Pages taken out of the export keep their run's file, and are matched to their own line.
    let taken = out.join("taken.pdf");
    let status = Command::new("qpdf")
        .args([pdf.to_str().expect("utf-8"), "--pages", pdf.to_str().expect("utf-8"), "70,5", "--"])
        .arg(&taken)
        .status()
        .expect("qpdf");
    assert!(status.success());
    let json = db.run(&["verify", "--file", taken.to_str().expect("utf-8"), "--json"]);
    let verdict: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(json.status.code(), Some(0), "{verdict}");
    let jtis: Vec<&serde_json::Value> = verdict["credentials"]
        .as_array()
        .expect("credentials")
        .iter()
        .map(|check| &check["credential"]["jti"])
        .collect();
    assert_eq!(jtis, [&checks[69]["credential"]["jti"], &checks[4]["credential"]["jti"]]);
}

#[test]
fn a_course_that_names_no_institution_has_credentials_that_name_none() {
    let db = TestDb::new();
    db.ok(&[
        "import",
        &common::platforms::fixture("canvas/gradebook.csv"),
        "--course",
        &common::platforms::fixture("canvas/course.toml"),
    ]);
    db.ok(&["generate", "hobbit-studies"]);
    let pdf = db.dir.path().join("all.pdf");
    db.ok(&["export", "hobbit-studies", "--out", pdf.to_str().expect("utf-8")]);
    let report = db.ok(&["verify", "--file", pdf.to_str().expect("utf-8")]);
    assert!(report.contains("\n    course     Hobbit Studies\n"), "{report}");
    assert!(!report.contains("()"), "{report}");

    // The credential names no issuer rather than an empty one, and says nothing of "from ."
    let rows = db.json(&["certificates", "hobbit-studies", "--json"]);
    let code = rows[0]["code"].as_str().expect("code");
    let jwt = db.dir.path().join("one.jwt");
    std::fs::write(&jwt, db.ok(&["credential", code])).expect("jwt");
    let jwk = db.dir.path().join("issuer.jwk");
    write_key(&db, &[], &jwk);
    let payload = pyjwt(&jwt, &jwk).unwrap_or_else(|error| panic!("PyJWT refused {code}: {error}"));
    assert_eq!(payload["issuer"].get("name"), None, "{payload}");
    let achievement = &payload["credentialSubject"]["achievement"];
    assert_eq!(achievement["description"], "Certificate of Hobbit Studies.");
    assert_eq!(achievement["criteria"]["narrative"], "Awarded under the course's certification rules.");
    let web = Web::start(&db, &[]);
    let (status, _, body) = web.get("/issuer");
    assert_eq!(status, 200);
    let profile: serde_json::Value = serde_json::from_str(&body).expect("a profile");
    assert_eq!(profile.get("name"), None, "the issuer's profile names no one either: {profile}");
}
