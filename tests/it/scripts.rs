//! Names in every script certdesk prints, through the real binary and referees nobody here
//! wrote: the exact text out of the PDF (pdftotext), every font embedded, subset and mapped to
//! Unicode (pdffonts), a clean file (qpdf), CJK faces from the system where it has them; and
//! names no font can draw refused by generate, request and export, with nothing written.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::TestDb;
use unicode_normalization::UnicodeNormalization;

const COURSE: &str = "world";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/world")
}

/// (username, full name in NFC) of the fixture's roster.
fn roster() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(fixture().join("roster.csv")).expect("roster");
    text.lines()
        .skip(1)
        .map(|line| {
            let mut cells = line.split(',');
            let username = cells.next().expect("username").to_string();
            (username, cells.next().expect("name").nfc().collect())
        })
        .collect()
}

fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap_or_else(|_| panic!("{program} must be installed"));
    assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The lines pdftotext reads, without the embedding marks poppler itself wraps right-to-left
/// words in (U+202A–U+202E): the characters between them are the PDF's own.
fn text_lines(pdf: &Path) -> Vec<String> {
    let text = run("pdftotext", &[pdf.to_str().expect("path"), "-"]);
    text.lines().map(|line| line.chars().filter(|c| !('\u{202a}'..='\u{202e}').contains(c)).collect()).collect()
}

/// Every font of the PDF as pdffonts lists it: (name, type, embedded, subset, unicode).
fn fonts(pdf: &Path) -> Vec<(String, String, bool, bool, bool)> {
    run("pdffonts", &[pdf.to_str().expect("path")])
        .lines()
        .skip(2)
        .map(|line| {
            let cells: Vec<&str> = line.split_whitespace().collect();
            let flag = |from_end: usize| cells[cells.len() - from_end] == "yes";
            (cells[0].to_string(), cells[1..cells.len() - 6].join(" "), flag(5), flag(4), flag(3))
        })
        .collect()
}

fn world(db: &TestDb) {
    db.ok(&["import", fixture().to_str().expect("path")]);
}

#[track_caller]
fn every_name_is_exact(pdf: &Path) {
    let lines = text_lines(pdf);
    for (username, name) in roster() {
        assert!(lines.contains(&name), "{username}: {name:?} is not a line of the PDF's text");
    }
}

#[test]
fn a_roster_in_every_script_exports_with_every_name_exact() {
    let db = TestDb::new();
    world(&db);
    let report = db.json(&["generate", COURSE, "--json"]);
    assert_eq!(report["issued"].as_array().map(Vec::len), Some(roster().len()), "{report}");
    assert_eq!(report["not_eligible"], serde_json::json!({}));
    let pdf = db.dir.path().join("world.pdf");
    let output = db.run(&["export", COURSE, "--out", pdf.to_str().expect("path")]);
    assert!(output.status.success() && output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    run("qpdf", &["--check", pdf.to_str().expect("path")]);
    every_name_is_exact(&pdf);
    let fonts = fonts(&pdf);
    for &(ref name, ref kind, embedded, subset, unicode) in &fonts {
        assert!(embedded && subset && unicode, "{name} ({kind}) is not embedded, subset and mapped");
    }
    for face in
        ["NotoNaskhArabic", "NotoSansHebrew", "NotoSansDevanagari", "NotoSansBengali", "NotoSansTamil", "NotoSansThai"]
    {
        assert!(fonts.iter().any(|(name, ..)| name.contains(face)), "{face} in {fonts:?}");
    }
}

#[test]
fn embedded_fonts_alone_print_chinese_japanese_and_korean() {
    let db = TestDb::new();
    world(&db);
    db.ok(&["generate", COURSE]);
    let pdf = db.dir.path().join("world.pdf");
    let output = db
        .command(&["export", COURSE, "--out", pdf.to_str().expect("path")])
        .env("CERTDESK_SYSTEM_FONTS", "0")
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    every_name_is_exact(&pdf);
    let fonts = fonts(&pdf);
    assert!(
        fonts.iter().any(|(name, kind, ..)| name.contains("WenQuanYiMicroHei") && kind == "CID TrueType"),
        "{fonts:?}"
    );
    assert!(!fonts.iter().any(|(name, ..)| name.contains("CJK")), "no system face: {fonts:?}");
}

#[test]
fn the_systems_noto_cjk_is_preferred_in_the_variant_each_name_needs() {
    assert!(
        Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc").exists(),
        "this test needs Debian's fonts-noto-cjk (scripts/test installs it)"
    );
    let db = TestDb::new();
    world(&db);
    db.ok(&["generate", COURSE]);
    let pdf = db.dir.path().join("world.pdf");
    db.ok(&["export", COURSE, "--out", pdf.to_str().expect("path")]);
    every_name_is_exact(&pdf);
    let fonts = fonts(&pdf);
    // The default templates set names in serif: Korean by its Hangul, Japanese by its kana,
    // Chinese by the template's language (English: Simplified Chinese forms).
    for variant in ["NotoSerifCJKkr", "NotoSerifCJKjp", "NotoSerifCJKsc"] {
        assert!(
            fonts.iter().any(|(name, kind, ..)| name.contains(variant) && kind == "CID Type 0C"),
            "{variant} in {fonts:?}"
        );
    }
}

/// A copy of the fixture with one more learner, named in Sinhala, which no font certdesk
/// embeds draws.
fn with_sinhala(db: &TestDb) -> PathBuf {
    let folder = db.dir.path().join("course");
    std::fs::create_dir_all(&folder).expect("dir");
    for file in ["course.toml", "roster.csv", "grades.csv"] {
        std::fs::copy(fixture().join(file), folder.join(file)).expect("copy");
    }
    let append = |file: &str, line: &str| {
        let text = std::fs::read_to_string(folder.join(file)).expect("read");
        std::fs::write(folder.join(file), format!("{text}{line}\n")).expect("write");
    };
    append("roster.csv", "kamal,කමල් පෙරේරා,kamal@example.org,honor");
    append("grades.csv", "kamal,9");
    folder
}

/// A directory with a font that draws Sinhala (Debian's fonts-lklug-sinhala).
fn sinhala_fonts(db: &TestDb) -> PathBuf {
    let font = Path::new("/usr/share/fonts/truetype/sinhala/lklug.ttf");
    assert!(font.exists(), "this test needs Debian's fonts-lklug-sinhala (scripts/test installs it)");
    let dir = db.dir.path().join("fonts");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::copy(font, dir.join("lklug.ttf")).expect("copy");
    dir
}

#[test]
fn a_name_no_font_has_is_never_issued_and_never_exported() {
    let db = TestDb::new();
    let folder = with_sinhala(&db);
    db.ok(&["import", folder.to_str().expect("path")]);

    // generate and its dry run list the learner under their own reason, and issue nothing to them.
    let reason = "name cannot be printed: no font has 'ක' (U+0D9A)";
    let dry = db.ok(&["generate", COURSE, "--dry-run"]);
    assert!(dry.contains(reason) && dry.contains("kamal"), "{dry}");
    let report = db.json(&["generate", COURSE, "--json"]);
    assert_eq!(report["not_eligible"]["unprintable:U+0D9A"], serde_json::json!(["kamal"]), "{report}");
    assert!(report["issued"].as_array().expect("issued").iter().all(|i| i["username"] != "kamal"));

    // The examples list the name among them, failed for the same reason.
    let examples = db.json_status(&["examples", COURSE, "--json"], 1);
    let failed: Vec<&serde_json::Value> =
        examples.as_array().expect("examples").iter().filter(|e| e["status"] == "error").collect();
    assert_eq!(failed.len(), 1, "only the Sinhala name fails: {examples}");
    assert_eq!((&failed[0]["kind"], &failed[0]["full_name"]), (&"unprintable name".into(), &"කමල් පෙරේරා".into()));
    assert_eq!(failed[0]["error"], reason);

    // With a font that has Sinhala, the learner is issued a certificate...
    let fonts = sinhala_fonts(&db);
    let fonts = fonts.to_str().expect("path");
    let issued = db.json(&["--fonts", fonts, "generate", COURSE, "--json"]);
    assert_eq!(issued["issued"][0]["username"], "kamal", "{issued}");
    // ...which an export without that font refuses to print, naming the page and writing nothing.
    let pdf = db.dir.path().join("out.pdf");
    let refused = db.fails(&["export", COURSE, "--out", pdf.to_str().expect("path")], 1);
    assert!(refused.contains("1 certificate cannot be printed; nothing was written"), "{refused}");
    assert!(refused.contains("(kamal, ") && refused.contains("no font can draw 'ක' (U+0D9A)"), "{refused}");
    assert!(!pdf.exists());
    let split = db.dir.path().join("split");
    db.fails(&["export", COURSE, "--out", split.to_str().expect("path"), "--split"], 1);
    assert!(!split.exists(), "the directory the refused export made is gone");
    assert_eq!(
        std::fs::read_dir(&split).map(|dir| dir.count()).unwrap_or(0),
        0,
        "a split export writes no file either"
    );
    // Nor does `show`: the name would be boxes.
    let code = issued["issued"][0]["code"].as_str().expect("code");
    let one = db.dir.path().join("one.pdf");
    let refused = db.fails(&["show", code, "--pdf", one.to_str().expect("path")], 1);
    assert!(refused.contains("cannot be printed") && refused.contains("no font can draw 'ක'"), "{refused}");
    assert!(!one.exists());
    // Nor is it mailed: the dry run names the message it cannot make.
    let mailed = db.run(&["mail", COURSE, "--dry-run"]);
    let said = String::from_utf8_lossy(&mailed.stdout);
    assert!(!mailed.status.success(), "{said}");
    assert!(said.contains("would not be sent to kamal: ") && said.contains("no font can draw 'ක'"), "{said}");
    // With the font, the export prints the name exactly.
    db.ok(&["--fonts", fonts, "export", COURSE, "--out", pdf.to_str().expect("path")]);
    assert!(text_lines(&pdf).contains(&"කමල් පෙරේරා".to_string()));
}

/// A certificate issued with `--fonts` and handled without it: every refusal says to give the
/// font, and none says to revoke a certificate nothing is wrong with.
#[test]
fn a_certificate_issued_with_a_font_not_given_now_is_sent_to_that_font() {
    let db = TestDb::new();
    let folder = with_sinhala(&db);
    db.ok(&["import", folder.to_str().expect("path")]);
    let fonts = sinhala_fonts(&db);
    let issued = db.json(&["--fonts", fonts.to_str().expect("path"), "generate", COURSE, "--json"]);
    let kamal = issued["issued"].as_array().expect("issued").iter().find(|i| i["username"] == "kamal");
    let code = kamal.and_then(|i| i["code"].as_str()).expect("kamal's code");
    let advice = "give certdesk a font that has it with --fonts DIR";

    let regenerate = db.ok(&["regenerate", COURSE, "kamal", "--dry-run"]);
    assert!(regenerate.contains("add a font that has it with --fonts DIR; left as is\n"), "{regenerate}");
    assert!(!regenerate.contains("revoke") && !regenerate.contains("allow"), "{regenerate}");
    let pdf = db.dir.path().join("out.pdf");
    let export = db.fails(&["export", COURSE, "--out", pdf.to_str().expect("path")], 1);
    assert!(export.contains(&format!("For a character no font has, {advice} (as when it was issued).")), "{export}");
    let show = db.fails(&["show", code, "--pdf", pdf.to_str().expect("path")], 1);
    assert!(show.contains(&format!("and 6 more; {advice} (as when it was issued)")), "{show}");
    let png = db.dir.path().join("kamal.png");
    let preview = db.fails(&["preview", COURSE, "--learner", "kamal", "--png", png.to_str().expect("path")], 1);
    assert!(preview.contains(&format!("and 6 more; {advice}")), "{preview}");
}

#[test]
fn request_refuses_a_name_no_font_has() {
    let db = TestDb::new();
    let folder = with_sinhala(&db);
    db.ok(&["import", folder.to_str().expect("path")]);
    let fonts = sinhala_fonts(&db);
    // Self-generation needs successful examples: make them with the Sinhala font.
    db.ok(&["--fonts", fonts.to_str().expect("path"), "examples", COURSE]);
    db.ok(&["settings", COURSE, "--self-generation", "on", "--yes"]);
    let refused = db.json_status(&["request", COURSE, "kamal", "--json"], 1);
    assert_eq!(
        refused["refused"]["reason"],
        "name cannot be printed: no font has 'ක' (U+0D9A); add a font that has it with --fonts DIR"
    );
    let issued = db.json(&["--fonts", fonts.to_str().expect("path"), "request", COURSE, "kamal", "--json"]);
    assert!(issued["issued"]["code"].is_string(), "{issued}");
}

#[test]
fn names_that_would_reorder_or_overflow_are_refused_at_import() {
    let db = TestDb::new();
    let folder = db.dir.path().join("course");
    std::fs::create_dir_all(&folder).expect("dir");
    std::fs::copy(fixture().join("course.toml"), folder.join("course.toml")).expect("copy");
    let long: String = "Wilhelmina ".repeat(11) + "Theodorax";
    std::fs::write(
        folder.join("roster.csv"),
        format!("username,full_name,email,mode\neve,Eve \u{202e}reversed,e@x.org,honor\nmax,{long},m@x.org,honor\n"),
    )
    .expect("roster");
    let error = db.fails(&["import", folder.to_str().expect("path")], 1);
    assert!(error.contains("roster.csv:2") && error.contains("bidi control U+202E"), "{error}");
    assert!(error.contains("roster.csv:3") && error.contains("130 characters; at most 120"), "{error}");
    assert!(db.ok(&["courses"]).lines().all(|line| !line.contains(COURSE)), "nothing was imported");
}

#[test]
fn manifest_cells_cannot_run_as_spreadsheet_formulas() {
    let db = TestDb::new();
    let folder = db.dir.path().join("course");
    std::fs::create_dir_all(&folder).expect("dir");
    std::fs::copy(fixture().join("course.toml"), folder.join("course.toml")).expect("copy");
    std::fs::write(
        folder.join("roster.csv"),
        "username,full_name,email,mode\nmallory,=cmd|' /C calc'!A0,m@x.org,honor\n",
    )
    .expect("roster");
    std::fs::write(folder.join("grades.csv"), "username,exam\nmallory,9\n").expect("grades");
    db.ok(&["import", folder.to_str().expect("path")]);
    db.ok(&["generate", COURSE]);
    let (pdf, manifest) = (db.dir.path().join("out.pdf"), db.dir.path().join("manifest.csv"));
    db.ok(&["export", COURSE, "--out", pdf.to_str().expect("path"), "--manifest", manifest.to_str().expect("path")]);
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    assert!(text.contains(",'=cmd|' /C calc'!A0,"), "{text}");
    // The certificate itself prints the name as it is: it is data, not a formula there.
    assert!(text_lines(&pdf).contains(&"=cmd|' /C calc'!A0".to_string()));
}
