//! Credentials through the real binary, checked by referees nobody here wrote: PyJWT (Debian's
//! python3-jwt) verifies each JWT with the key `certdesk issuer show --jwk` publishes,
//! `pdfdetach` lists and extracts them, `qpdf --check` judges the structure.

use crate::common;

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;

use common::TestDb;
use common::referees::{pdfdetach, pyjwt, qpdf_check};
use common::web::Web;

const COURSE: &str = "middle-earth-101";

fn codes(db: &TestDb) -> Vec<String> {
    let rows = db.json(&["certificates", COURSE, "--json"]);
    rows.as_array().expect("rows").iter().map(|row| row["code"].as_str().expect("code").to_string()).collect()
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
    db.write_issuer_key(&[], &jwk);
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
    assert!(report.contains("\n    course     middle-earth-101 · Introduction to Middle-earth Studies\n"));
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
    db.write_issuer_key(&[], &jwk);
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
    // Only the issuer knows whether it was revoked since: the verifier is told where to ask.
    let verdict = format!(
        "one.pdf: AUTHENTIC: signed with the issuer's key given, and the page prints the name, course, grade and code its credential gives; \
         whether it is still in force only the issuer can say: open https://certificates.example.org/verify/{code}\n"
    );
    assert!(
        String::from_utf8_lossy(&genuine.stdout).ends_with(&verdict),
        "{}",
        String::from_utf8_lossy(&genuine.stdout)
    );

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
    db.write_issuer_key(&[], &jwk);
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
    assert!(report.contains("\n    course     hobbit-studies · Hobbit Studies\n"), "{report}");
    assert!(!report.contains("()"), "{report}");

    // The credential names no issuer rather than an empty one, and says nothing of "from ."
    let rows = db.json(&["certificates", "hobbit-studies", "--json"]);
    let code = rows[0]["code"].as_str().expect("code");
    let jwt = db.dir.path().join("one.jwt");
    std::fs::write(&jwt, db.ok(&["credential", code])).expect("jwt");
    let jwk = db.dir.path().join("issuer.jwk");
    db.write_issuer_key(&[], &jwk);
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

/// The README's commands for a third party, run as written on Ærwyn Øvergård's certificate with
/// the published key set: they print what the credential certifies, her name as printed (not
/// `\u00c6rwyn \u00d8verg\u00e5rd`, as Python's `json.dumps` writes it by default).
#[test]
fn the_readmes_third_party_check_prints_the_name_as_the_certificate_does() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README");
    let after = readme.split("A third party with the PDF and that key").nth(1).expect("the third party's check");
    let script = after.split("```sh\n").nth(1).and_then(|block| block.split("```").next()).expect("its commands");
    assert!(script.contains("pdfdetach -saveall certificate.pdf") && script.contains("jwt.decode"), "{script}");

    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let code = db.active_code(COURSE, "aerwyn").expect("Ærwyn's certificate");
    let third = db.dir.path().join("third");
    std::fs::create_dir(&third).expect("dir");
    db.ok(&["show", &code, "--pdf", third.join("certificate.pdf").to_str().expect("utf-8")]);
    db.write_issuer_key(&["--all"], &third.join("issuer-keys.jwks"));
    // Debian's python3 (with python3-jwt) first, as on a machine without a pyenv.
    let run =
        Command::new("sh").args(["-c", script]).current_dir(&third).env("PATH", "/usr/bin:/bin").output().expect("sh");
    let printed = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{printed}{}", String::from_utf8_lossy(&run.stderr));
    assert!(printed.contains(&format!("credential-{code}.jwt")), "pdfdetach -list names it: {printed}");
    assert!(printed.contains("\"identityHash\": \"Ærwyn Øvergård\""), "{printed}");
    assert!(printed.contains(&format!("\"id\": \"https://certificates.example.org/verify/{code}\"")), "{printed}");
}

/// A new course's verification URL is a placeholder on a domain kept for examples: generating
/// says so, before (`--dry-run`) and after, until the course has its own.
#[test]
fn generating_under_the_placeholder_verification_url_says_so() {
    let db = TestDb::with_sample();
    let note = |args: &[&str]| {
        let output = db.run(args);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let before = note(&["generate", COURSE, "--dry-run"]);
    assert!(
        before.contains("these certificates would name https://certificates.example.org/verify/, a placeholder"),
        "{before}"
    );
    assert!(before.contains(&format!("`certdesk settings {COURSE} --verify-url https://…/verify/`")), "{before}");
    db.ok(&["settings", COURSE, "--verify-url", "https://certs.example.edu/verify/"]);
    assert!(!note(&["generate", COURSE]).contains("placeholder"), "the course's own URL");
}
