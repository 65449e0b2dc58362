//! `verify --file` against certificates forged the cheap way: a page's content stream or its
//! credential's JSON copy edited in qpdf's QDF form and put back together with `fix-qdf`, and
//! pages copied with `qpdf --pages`.

use crate::common;

use std::path::PathBuf;
use std::process::Command;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

/// A database with the sample course's certificates, Ærwyn's PDF (`one.pdf`), the course's
/// export (`all.pdf`) and the issuer's key (`issuer.jwk`).
struct Forgery {
    db: TestDb,
    grade: String,
}

impl Forgery {
    fn new() -> Forgery {
        let db = TestDb::with_sample();
        db.ok(&["generate", COURSE]);
        let rows = db.json(&["certificates", COURSE, "--json"]);
        let row = rows.as_array().expect("rows").iter().find(|row| row["username"] == "aerwyn").expect("Ærwyn");
        let code = row["code"].as_str().expect("code").to_string();
        let forgery = Forgery { db, grade: String::new() };
        forgery.db.ok(&["show", &code, "--pdf", forgery.file("one.pdf").to_str().expect("utf-8")]);
        forgery.db.ok(&["export", COURSE, "--out", forgery.file("all.pdf").to_str().expect("utf-8")]);
        std::fs::write(forgery.file("issuer.jwk"), forgery.db.ok(&["issuer", "show", "--jwk"])).expect("key");
        let json = forgery.verify("one.pdf", 0);
        let grade = json["credentials"][0]["credential"]["credentialSubject"]["result"][0]["value"].as_str();
        Forgery { grade: grade.expect("a grade").to_string(), ..forgery }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.db.dir.path().join(name)
    }

    /// `verify --file NAME --key issuer.jwk --json`, as a third party runs it, which must exit
    /// with `code`.
    #[track_caller]
    fn verify(&self, name: &str, code: i32) -> serde_json::Value {
        let output = Command::new(common::BIN)
            .args(["verify", "--json", "--file"])
            .arg(self.file(name))
            .arg("--key")
            .arg(self.file("issuer.jwk"))
            .env_remove("CERTDESK_DB")
            .output()
            .expect("certdesk");
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(output.status.code(), Some(code), "{name}: {json:#}");
        json
    }

    /// `from`'s QDF form (streams uncompressed), edited by `edit`, written back as `to`.
    fn edit(&self, from: &str, to: &str, edit: impl FnOnce(String) -> String) {
        let qdf = self.file("qdf.pdf");
        run(Command::new("qpdf").args(["--qdf", "--object-streams=disable"]).arg(self.file(from)).arg(&qdf));
        // Latin-1 keeps every byte of the file as one character.
        let text: String = std::fs::read(&qdf).expect("qdf").into_iter().map(char::from).collect();
        let edited: Vec<u8> = edit(text).chars().map(|c| u8::try_from(c).expect("a byte")).collect();
        std::fs::write(&qdf, edited).expect("write");
        let fixed = Command::new("fix-qdf").arg(&qdf).output().expect("fix-qdf");
        assert!(fixed.status.success(), "fix-qdf: {}", String::from_utf8_lossy(&fixed.stderr));
        std::fs::write(self.file(to), fixed.stdout).expect("write");
    }
}

#[track_caller]
fn run(command: &mut Command) {
    let output = command.output().expect("run");
    assert!(output.status.success(), "{command:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// `text` as the hex string of glyph codes some font of the QDF file `qdf` draws it with, by
/// that font's ToUnicode map, and the name (`/F3`) the page's content selects it by just
/// before drawing it so.
fn drawn_as(qdf: &str, text: &str) -> (String, String) {
    for map in qdf.split("begincmap").skip(1) {
        let entries = map.split("endcmap").next().unwrap_or_default();
        let code_of = |c: char| {
            let unicode = format!("<{:04X}>", u32::from(c));
            entries.lines().find_map(|line| line.strip_suffix(&unicode).map(|code| code.trim().to_string()))
        };
        let Some(codes) = text.chars().map(code_of).collect::<Option<Vec<String>>>() else { continue };
        let hex: String = codes.iter().map(|code| code.trim_matches(['<', '>']).to_lowercase()).collect();
        if let Some(at) = qdf.find(&format!("<{hex}>Tj")) {
            let font = qdf[..at].rsplit(" Tf").nth(1).and_then(|before| before.rsplit('/').next());
            let font = font.and_then(|font| font.split_whitespace().next()).expect("the font drawing it");
            return (format!("<{hex}>"), format!("/{font}"));
        }
    }
    panic!("no font draws {text}");
}

/// The problems of the first credential `json` reports.
fn problems(json: &serde_json::Value) -> Vec<&str> {
    json["credentials"][0]["problems"].as_array().expect("problems").iter().filter_map(|p| p.as_str()).collect()
}

#[test]
fn a_grade_kept_only_where_nobody_sees_it_is_not_printed() {
    let forgery = Forgery::new();
    let grade = forgery.grade.clone();
    let mut forged = grade.clone();
    // The same glyphs in another order: the font's subset draws them.
    let (first, second) = (forged.remove(0), forged.remove(0));
    assert_ne!(first, second, "{grade}");
    let forged = format!("{second}{first}{forged}");
    forgery.edit("one.pdf", "round-trip.pdf", |qdf| qdf);
    forgery.verify("round-trip.pdf", 0);

    // The QA report's forgery: the visible grade changed, the original kept as invisible 1pt
    // text. `hidden` replaces the start of the page's own drawing (FONT and ORIGINAL: how the
    // grade is drawn); the grade shown is `forged`, or none.
    let hide = |name: &str, hidden: &str, shown: Option<&str>| {
        forgery.edit("one.pdf", name, |qdf| {
            let (original, font) = drawn_as(&qdf, &grade);
            let shown = shown.map_or_else(|| "<>".to_string(), |shown| same_glyphs(&original, &grade, shown));
            let hidden = hidden.replace("FONT", &font).replace("ORIGINAL", &original);
            qdf.replacen(&format!("{original}Tj"), &format!("{shown}Tj"), 1).replacen("/X0 Do\nBT\n", &hidden, 1)
        });
    };
    hide("tiny.pdf", "/X0 Do\nBT\nFONT 1 Tf 3 Tr 5 5 Td ORIGINALTj 0 Tr -5 -5 Td\n", Some(&forged));
    let json = forgery.verify("tiny.pdf", 3);
    let grade = &forgery.grade;
    assert_eq!(
        problems(&json),
        [
            format!("the page does not print the grade the credential names ({grade})"),
            format!("the page prints a grade the credential does not give ({forged})")
        ]
    );
    // The original hidden each way, and no grade shown in its place.
    for (name, hidden) in [
        ("invisible.pdf", "/X0 Do\nBT\nFONT 12 Tf 3 Tr 100 100 Td ORIGINALTj 0 Tr -100 -100 Td\n"),
        ("clip-only.pdf", "/X0 Do\nBT\nFONT 12 Tf 7 Tr 100 100 Td ORIGINALTj 0 Tr -100 -100 Td\n"),
        ("off-page.pdf", "/X0 Do\nBT\nFONT 12 Tf -500 -500 Td ORIGINALTj 500 500 Td\n"),
        ("scaled.pdf", "q 0.05 0 0 0.05 0 0 cm BT FONT 12 Tf 100 100 Td ORIGINALTj ET Q\n/X0 Do\nBT\n"),
        ("clipped.pdf", "q 0 0 1 1 re W n BT FONT 12 Tf 100 100 Td ORIGINALTj ET Q\n/X0 Do\nBT\n"),
        // In white on the page's cream, or under a white box, as a PDF editor's whiteout
        // leaves it.
        ("white.pdf", "/X0 Do\nq BT FONT 12 Tf 1 g 100 100 Td ORIGINALTj ET Q\nBT\n"),
        ("whiteout.pdf", "/X0 Do\nBT FONT 12 Tf 100 100 Td ORIGINALTj ET q 1 g 90 90 300 40 re f Q\nBT\n"),
    ] {
        hide(name, hidden, None);
        let json = forgery.verify(name, 3);
        assert_eq!(problems(&json), [format!("the page does not print the grade the credential names ({grade})")]);
    }
    // Drawn where it is seen, it is printed.
    hide("seen.pdf", "/X0 Do\nBT\nFONT 12 Tf 100 100 Td ORIGINALTj -100 -100 Td\n", None);
    forgery.verify("seen.pdf", 0);
}

#[test]
fn an_image_painted_over_the_page_hides_what_it_covers() {
    let forgery = Forgery::new();
    // A one-pixel image of the page's colour stretched over the whole page (A4 landscape), as
    // a new object after the last, drawn last by the page.
    let cover = |name: &str, image: &str| {
        forgery.edit("one.pdf", name, |qdf| {
            let last = qdf.rfind(" 0 obj").and_then(|end| qdf[..end].rsplit('\n').next()?.parse::<u32>().ok());
            let number = last.expect("the last object's number") + 1;
            let object = format!("{number} 0 obj\n<< /Type /XObject /Subtype /Image {image} >>\nstream\n\u{fb}\u{f8}\u{f0}\nendstream\nendobj\n\n");
            let page = qdf.find("%% Contents for page 1").expect("the page's contents");
            let end = page + qdf[page..].find("endstream").expect("its end");
            let drawn = format!("{}\nq 842 0 0 596 0 0 cm /Cover Do Q\n{}", &qdf[..end], &qdf[end..]);
            let drawn = drawn.replacen("/XObject <<", &format!("/XObject << /Cover {number} 0 R"), 1);
            let xref = drawn.rfind("\nxref\n").expect("the cross-reference table") + 1;
            let size = format!("/Size {number}");
            format!("{}{object}{}", &drawn[..xref], &drawn[xref..]).replacen(&size, &format!("/Size {}", number + 1), 1)
        });
    };
    // fix-qdf leaves the new object out of the cross-reference table: a viewer finds it by
    // rebuilding the table, which `qpdf` writes out whole.
    let rebuilt = |from: &str, to: &str| {
        let output = Command::new("qpdf").arg(forgery.file(from)).arg(forgery.file(to)).output().expect("qpdf");
        assert!(
            matches!(output.status.code(), Some(0 | 3)),
            "qpdf {from}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    cover("covered.pdf", "/Width 1 /Height 1 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length 3");
    rebuilt("covered.pdf", "covered-rebuilt.pdf");
    for name in ["covered-rebuilt.pdf", "covered.pdf"] {
        let json = forgery.verify(name, 3);
        let problems = problems(&json);
        let missing =
            |what: &str| problems.iter().any(|problem| problem.starts_with(&format!("the page does not print {what}")));
        assert!(missing("the grade") && missing("the learner's name"), "{name}: {problems:?}");
    }
    // A stencil paints only where its bits say: what it spans is still taken as seen.
    cover("stencil.pdf", "/Width 24 /Height 1 /ImageMask true /BitsPerComponent 1 /Length 3");
    rebuilt("stencil.pdf", "stencil-rebuilt.pdf");
    forgery.verify("stencil-rebuilt.pdf", 0);
}

/// `text` drawn with the glyphs of `drawn` (a hex string of two-byte codes), which draws
/// `drawn_text`.
fn same_glyphs(drawn: &str, drawn_text: &str, text: &str) -> String {
    let codes: Vec<&str> = (1..drawn.len() - 1).step_by(4).map(|at| &drawn[at..at + 4]).collect();
    let code_of = |c: char| codes[drawn_text.chars().position(|d| d == c).expect("a glyph drawn")];
    format!("<{}>", text.chars().map(code_of).collect::<String>())
}

#[test]
fn a_json_copy_edited_beside_its_credential_is_refused() {
    let forgery = Forgery::new();
    let (from, to) = (format!("\"value\": \"{}\"", forgery.grade), "\"value\": \"99.0%\"".to_string());
    forgery.edit("one.pdf", "one-json.pdf", |qdf| qdf.replacen(&from, &to, 1));
    let detached =
        Command::new("pdfdetach").arg("-list").arg(forgery.file("one-json.pdf")).output().expect("pdfdetach");
    assert!(String::from_utf8_lossy(&detached.stdout).contains(".json"));
    let json = forgery.verify("one-json.pdf", 3);
    let file = json["credentials"][0]["file"].as_str().expect("file").replace(".jwt", ".json");
    let expected = format!("its credential's JSON copy ({file}) says something its signed credential does not");
    assert_eq!(problems(&json), [expected]);

    // In an export, the run's array: only the page whose copy changed is refused.
    forgery.edit("all.pdf", "all-json.pdf", |qdf| qdf.replacen(&from, &to, 1));
    let json = forgery.verify("all-json.pdf", 3);
    let checks = json["credentials"].as_array().expect("credentials");
    let refused: Vec<&serde_json::Value> = checks.iter().filter(|c| c["problems"] != serde_json::json!([])).collect();
    assert_eq!(refused.len(), 1, "{refused:#?}");
    assert!(refused[0]["problems"][0].as_str().expect("a problem").contains("JSON copy (credentials-pages-1-"));
}

#[test]
fn a_page_printed_twice_is_vouched_for_by_its_credential_twice() {
    let forgery = Forgery::new();
    let all = forgery.file("all.pdf");
    let twice = |pages: &str, name: &str| {
        run(Command::new("qpdf").arg(&all).arg("--pages").arg(&all).arg(pages).arg("--").arg(forgery.file(name)));
    };
    twice("3,3", "p33.pdf");
    let json = forgery.verify("p33.pdf", 0);
    assert_eq!((json["checked"].as_u64(), json["not_authentic"].as_u64()), (Some(2), Some(0)), "{json:#}");
    twice("3,5,3", "p353.pdf");
    forgery.verify("p353.pdf", 0);
}

/// `qpdf ARGS FILE`'s output, as Latin-1 text.
fn qpdf_text(args: &[&str], file: &std::path::Path) -> String {
    let output = Command::new("qpdf").args(args).arg(file).output().expect("qpdf");
    assert!(output.status.success(), "qpdf {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output.stdout.into_iter().map(char::from).collect()
}

/// The number that follows `key` in `text`.
fn number_after(text: &str, key: &str) -> u64 {
    let at = text.find(key).unwrap_or_else(|| panic!("{key} in {text}")) + key.len();
    let digits: String = text[at..].trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().expect("a number")
}

#[test]
fn a_page_replaced_by_an_incremental_update_is_read_as_replaced() {
    let forgery = Forgery::new();
    let grade = forgery.grade.clone();
    // Ærwyn's PDF as qpdf writes it out of QDF form: its strings as hex, its streams plain.
    let one = forgery.file("round-trip.pdf");
    // How the page draws its grade, and the same glyphs in another order.
    let drawn = std::cell::RefCell::new(None);
    forgery.edit("one.pdf", "round-trip.pdf", |qdf| {
        drawn.replace(Some(drawn_as(&qdf, &grade).0));
        qdf
    });
    let original = drawn.take().expect("the grade drawn");
    let mut forged = grade.clone();
    let (first, second) = (forged.remove(0), forged.remove(0));
    let forged = format!("{second}{first}{forged}");
    let forged_glyphs = same_glyphs(&original, &grade, &forged);

    // The page's content stream written again after the file, as an editor saves a change:
    // the new object, a cross-reference section for it, and a trailer back to the old one.
    let content_id = number_after(&qpdf_text(&["--show-pages"], &one), "content:");
    let content = qpdf_text(&[&format!("--show-object={content_id}"), "--filtered-stream-data"], &one);
    let trailer = qpdf_text(&["--show-object=trailer"], &one);
    let (root, size) = (number_after(&trailer, "/Root"), number_after(&trailer, "/Size"));
    let genuine = std::fs::read(&one).expect("round-trip.pdf");
    let previous = number_after(&String::from_utf8_lossy(&genuine[genuine.len().saturating_sub(64)..]), "startxref");
    let updated = |content: &str| {
        let mut bytes = genuine.clone();
        let object_at = bytes.len() + 1;
        let object = format!(
            "\n{content_id} 0 obj\n<</Length {}>>\nstream\n{content}\nendstream\nendobj\n",
            content.chars().count()
        );
        bytes.extend(object.chars().map(|c| u8::try_from(c).expect("a byte")));
        let xref_at = bytes.len();
        let section = format!(
            "xref\n0 1\n0000000000 65535 f \n{content_id} 1\n{object_at:010} 00000 n \ntrailer\n<</Size {size}/Root {root} 0 R/Prev {previous}>>\nstartxref\n{xref_at}\n%%EOF\n"
        );
        bytes.extend_from_slice(section.as_bytes());
        bytes
    };
    std::fs::write(forgery.file("same-again.pdf"), updated(&content)).expect("write");
    run(Command::new("qpdf").arg("--check").arg(forgery.file("same-again.pdf")));
    forgery.verify("same-again.pdf", 0);

    let replaced = content.replacen(&format!("{original}Tj"), &format!("{forged_glyphs}Tj"), 1);
    assert_ne!(replaced, content, "the grade is drawn by the page's own content");
    std::fs::write(forgery.file("updated.pdf"), updated(&replaced)).expect("write");
    run(Command::new("qpdf").arg("--check").arg(forgery.file("updated.pdf")));
    let json = forgery.verify("updated.pdf", 3);
    assert_eq!(
        problems(&json),
        [
            format!("the page does not print the grade the credential names ({grade})"),
            format!("the page prints a grade the credential does not give ({forged})")
        ]
    );
}

/// PyJWT (Debian's python3-jwt) signs the credential JWT `token` again with the issuer key kept
/// in `key_file`, its grade made `grade`: what anyone who copied a readable key file can do.
fn signed_again(token: &str, key_file: &std::path::Path, grade: &str) -> String {
    let script = r#"
import base64, json, sys, jwt
from cryptography.hazmat.primitives.asymmetric import ec
token, key_file, grade = sys.argv[1:]
key = json.load(open(key_file))["keys"][-1]
secret = int.from_bytes(base64.urlsafe_b64decode(key["d"] + "=" * (-len(key["d"]) % 4)), "big")
payload = jwt.decode(token, options={"verify_signature": False})
payload["credentialSubject"]["result"][0]["value"] = grade
signer = ec.derive_private_key(secret, ec.SECP256R1())
print(jwt.encode(payload, signer, algorithm="ES256", headers={"kid": key["kid"], "typ": "JWT"}), end="")
"#;
    let output = Command::new("/usr/bin/python3")
        .args(["-c", script, token])
        .arg(key_file)
        .arg(grade)
        .output()
        .expect("python3");
    assert!(output.status.success(), "PyJWT: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("a JWT")
}

#[test]
fn a_credential_signed_with_a_leaked_key_is_held_against_the_record() {
    let forgery = Forgery::new();
    let grade = forgery.grade.clone();
    let mut forged = grade.clone();
    let (first, second) = (forged.remove(0), forged.remove(0));
    let forged = format!("{second}{first}{forged}");
    // The page, its credential and the credential's JSON copy all say `forged`, and the
    // credential is signed by the issuer's own key, read from its file.
    forgery.edit("one.pdf", "leaked.pdf", |qdf| {
        let start = qdf.find("eyJhbGciOiJFUzI1NiIs").expect("the JWT, uncompressed");
        let end =
            start + qdf[start..].find(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c))).expect("its end");
        let token = qdf[start..end].to_string();
        let resigned = signed_again(&token, &forgery.db.path().join("issuer-keys.json"), &forged);
        let (drawn, _) = drawn_as(&qdf, &grade);
        let shown = same_glyphs(&drawn, &grade, &forged);
        qdf.replacen(&token, &resigned, 1)
            .replacen(&format!("\"value\": \"{grade}\""), &format!("\"value\": \"{forged}\""), 1)
            .replacen(&format!("{drawn}Tj"), &format!("{shown}Tj"), 1)
    });
    // With the key alone the forgery cannot be told: the issuer's key signed it.
    forgery.verify("leaked.pdf", 0);
    // The issuer's database knows what it issued under the code.
    let output = forgery.db.run(&["verify", "--json", "--file", forgery.file("leaked.pdf").to_str().expect("utf-8")]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(output.status.code(), Some(3), "{json:#}");
    assert_eq!(json["credentials"][0]["signature"], "valid");
    assert_eq!(
        problems(&json),
        [format!("the credential's grade ({forged}) is not the one the issuer's record holds ({grade})")]
    );
    let text = forgery.db.run(&["verify", "--file", forgery.file("leaked.pdf").to_str().expect("utf-8")]);
    let text = String::from_utf8_lossy(&text.stdout);
    let verdict = "leaked.pdf: NOT AUTHENTIC; each problem line above says what differs: the file was changed \
                   after the issuer signed it, or carries what the issuer did not issue, so do not rely on it\n";
    assert!(text.ends_with(verdict), "{text}");
    // The genuine file still is what the record says.
    let genuine = forgery.db.run(&["verify", "--file", forgery.file("one.pdf").to_str().expect("utf-8")]);
    assert_eq!(genuine.status.code(), Some(0), "{}", String::from_utf8_lossy(&genuine.stdout));
}
