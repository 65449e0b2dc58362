//! Export through the real binary, checked with tools nobody here wrote: qpdf, pdffonts and
//! pdftotext (installed by scripts/test).

use crate::common;

use std::process::Command;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

fn tool(program: &str, args: &[&str]) -> String {
    let output =
        Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e} (run scripts/test)"));
    assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8")
}

fn certified_db() -> TestDb {
    let db = TestDb::with_sample();
    db.ok(&["settings", COURSE, "--issuance", "threshold"]);
    db.ok(&["generate", COURSE]);
    db
}

#[test]
fn the_export_is_a_clean_pdf_with_every_name_exactly_and_embedded_subset_fonts() {
    let db = certified_db();
    let pdf = db.dir.path().join("all.pdf");
    let manifest = db.dir.path().join("all.csv");
    let pdf_arg = pdf.to_str().expect("path");
    let output = db.ok(&["export", COURSE, "--out", pdf_arg, "--manifest", manifest.to_str().expect("path")]);
    assert!(output.starts_with("Exported 20 certificates"), "{output}");

    let check = Command::new("qpdf").args(["--check", pdf_arg]).output().expect("qpdf");
    assert!(check.status.success() && check.stderr.is_empty(), "qpdf: {}", String::from_utf8_lossy(&check.stdout));
    let fonts = tool("pdffonts", &[pdf_arg]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        assert!(columns[0].len() > 7 && columns[0].as_bytes()[6] == b'+', "subset tag: {row}");
        assert_eq!(&columns[columns.len() - 5..columns.len() - 2], &["yes", "yes", "yes"], "emb sub uni: {row}");
    }
    // A long name wraps onto two lines, possibly after a hyphen: compare with line breaks
    // joined (raw mode, so pdftotext does not drop a hyphen it takes for hyphenation).
    let text =
        tool("pdftotext", &["-raw", pdf_arg, "-"]).split_whitespace().collect::<Vec<_>>().join(" ").replace("- ", "-");
    let certificates = db.json(&["certificates", COURSE, "--json"]);
    for row in certificates.as_array().expect("rows") {
        let name = row["full_name"].as_str().expect("name");
        assert!(text.contains(name), "pdftotext lost {name:?}");
        assert!(text.contains(row["code"].as_str().expect("code")));
    }
    for name in ["Nguyễn Văn An", "Анна Каренина", "Ærwyn Øvergård", "Çağrı", "Małgorzata"] {
        assert!(text.contains(name), "{name}");
    }
    assert_eq!(tool("pdftotext", &[pdf_arg, "-"]).matches('\u{c}').count(), 20, "one page per certificate");
    let manifest = std::fs::read_to_string(manifest).expect("manifest");
    assert!(manifest.starts_with("page,code,username,name,file\n1,"), "{manifest}");
    assert_eq!(manifest.lines().count(), 21);
}

#[test]
fn two_exports_are_byte_identical_and_filters_select() {
    let db = certified_db();
    let first = db.dir.path().join("a.pdf");
    let second = db.dir.path().join("b.pdf");
    db.ok(&["export", COURSE, "--out", first.to_str().expect("p")]);
    db.ok(&["export", COURSE, "--out", second.to_str().expect("p")]);
    assert!(std::fs::read(&first).expect("a") == std::fs::read(&second).expect("b"), "exports differ");

    let provisional = db.dir.path().join("p.pdf");
    let output = db.ok(&["export", COURSE, "--provisional", "--out", provisional.to_str().expect("p")]);
    assert!(output.starts_with("Exported 1 certificate "), "only bilbo is provisional: {output}");
    assert!(tool("pdftotext", &[provisional.to_str().expect("p"), "-"]).contains("Bilbo Baggins"));
    let refused = db.fails(&["export", COURSE, "--stale", "--out", provisional.to_str().expect("p")], 1);
    assert!(refused.contains("these filters select none of middle-earth-101's 20 active certificates"), "{refused}");
    let empty = db.dir.path().join("none");
    let refused = db.fails(&["export", COURSE, "--stale", "--split", "--out", empty.to_str().expect("p")], 1);
    assert!(refused.contains("these filters select none") && !empty.exists(), "{refused}");
    // A course without certificates is told how to issue them, not to change its filters.
    let none = TestDb::with_sample();
    let refused = none.fails(&["export", COURSE, "--out", provisional.to_str().expect("p")], 1);
    assert!(
        refused.contains("has no active certificates to export (`certdesk generate middle-earth-101` issues them)"),
        "{refused}"
    );

    db.ok(&["grade", COURSE, "bilbo", "essay", "10"]);
    db.ok(&["regenerate", COURSE, "--stale"]);
    let after = db.dir.path().join("after.pdf");
    db.ok(&["export", COURSE, "--sort", "percent", "--out", after.to_str().expect("p")]);
    let text = tool("pdftotext", &[after.to_str().expect("p"), "-"]);
    assert!(text.contains("Bilbo Baggins") && text.contains("95.0%"), "{text}");
    let first_page = text.split('\u{c}').next().expect("page 1");
    assert!(first_page.contains("Aragorn"), "99.0% sorts first: {first_page}");
}

#[test]
fn split_export_writes_one_sanitised_file_per_certificate() {
    let db = certified_db();
    let dir = db.dir.path().join("split");
    db.ok(&["export", COURSE, "--split", "--out", dir.to_str().expect("p")]);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 20);
    assert!(names.iter().all(|name| name.ends_with(".pdf") && !name.starts_with('.') && !name.contains("..")));
    assert!(names[0].starts_with("aerwyn-"), "{names:?}");
    // Each file is titled for its own certificate, as `show` titles one (a viewer's title bar).
    let info = tool("pdfinfo", &[dir.join(&names[0]).to_str().expect("p")]);
    let title = info.lines().find_map(|line| line.strip_prefix("Title:")).map(str::trim);
    assert_eq!(title, Some("Introduction to Middle-earth Studies: Ærwyn Øvergård"), "{info}");
}

/// A split export's manifest numbers its rows as the one PDF of the same export does (each file
/// holds that one page), where every row said page 1.
#[test]
fn a_split_manifest_numbers_each_file_by_its_page_in_the_whole_export() {
    let db = certified_db();
    let (pdf, whole) = (db.dir.path().join("all.pdf"), db.dir.path().join("all.csv"));
    db.ok(&[
        "export",
        COURSE,
        "--sort",
        "name",
        "--out",
        pdf.to_str().expect("p"),
        "--manifest",
        whole.to_str().expect("p"),
    ]);
    let (dir, split) = (db.dir.path().join("split"), db.dir.path().join("split.csv"));
    db.ok(&[
        "export",
        COURSE,
        "--sort",
        "name",
        "--split",
        "--out",
        dir.to_str().expect("p"),
        "--manifest",
        split.to_str().expect("p"),
    ]);
    let rows = |path: &std::path::Path| -> Vec<Vec<String>> {
        let text = std::fs::read_to_string(path).expect("manifest");
        text.lines().skip(1).map(|row| row.split(',').map(str::to_string).collect()).collect()
    };
    let (whole, split) = (rows(&whole), rows(&split));
    assert_eq!(split.len(), 20);
    for (index, (one, other)) in whole.iter().zip(&split).enumerate() {
        assert_eq!(other[0], (index + 1).to_string(), "{other:?}");
        assert_eq!(one[..4], other[..4], "page {}", index + 1);
        let file = std::path::Path::new(other.last().expect("file"));
        assert!(file.is_file() && file.to_string_lossy().contains(&other[1]), "{other:?}");
    }
    let help = db.ok(&["export", "--help"]);
    assert!(help.contains("page: its place in the export, with --split too"), "{help}");
}

/// An output that names the wrong kind of thing is refused before any page is laid out, with
/// nothing written: not after the work, when the file would be renamed over a directory.
#[test]
fn a_directory_for_a_file_or_a_file_for_a_directory_is_refused_up_front() {
    let db = certified_db();
    let dir = db.dir.path().join("out");
    std::fs::create_dir(&dir).expect("dir");
    let (dir_arg, pdf) = (dir.to_str().expect("p"), db.dir.path().join("all.pdf"));
    let refused = db.fails(&["export", COURSE, "--out", dir_arg], 1);
    assert!(refused.contains("is a directory: name the PDF to write in it, or add --split"), "{refused}");
    let slash = db.fails(&["export", COURSE, "--out", &format!("{}/new/", dir_arg)], 1);
    assert!(slash.contains("ends in /, so it names a directory"), "{slash}");
    let manifest = db.fails(&["export", COURSE, "--out", pdf.to_str().expect("p"), "--manifest", dir_arg], 1);
    assert!(manifest.contains("is a directory: name the file to write in it (nothing was written)"), "{manifest}");
    assert!(!pdf.exists(), "the PDF is not written when its manifest cannot be");
    let split = db.dir.path().join("split");
    let split_arg = split.to_str().expect("p");
    db.fails(&["export", COURSE, "--split", "--out", split_arg, "--manifest", dir_arg], 1);
    assert!(!split.exists(), "nor are the split files");
    std::fs::write(&pdf, b"kept").expect("file");
    let onto_file = db.fails(&["export", COURSE, "--split", "--out", pdf.to_str().expect("p")], 1);
    assert!(onto_file.contains("is a file, and a split export writes one PDF per certificate into a directory"));
    assert_eq!(std::fs::read(&pdf).expect("pdf"), b"kept");
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 0, "nothing left in the directory");
}

/// A PDF, a manifest or one certificate's PDF in a directory that does not exist: the error
/// names the directory, in words, and nothing is written.
#[test]
fn a_directory_that_does_not_exist_is_named() {
    let db = certified_db();
    let missing = db.dir.path().join("missing");
    let pdf = db.dir.path().join("all.pdf");
    let in_missing = |name: &str| missing.join(name).to_str().expect("p").to_string();
    let expected = format!("there is no directory {}: make it first, or give another path", missing.display());
    // A split export makes the directory it writes into, not the ones above it (a mistyped
    // path made them all).
    for args in [
        vec!["export", COURSE, "--out", &in_missing("all.pdf")],
        vec!["export", COURSE, "--out", pdf.to_str().expect("p"), "--manifest", &in_missing("m.csv")],
        vec!["export", COURSE, "--split", "--out", &in_missing("pdfs")],
    ] {
        let refused = db.fails(&args, 1);
        assert!(refused.contains(&expected), "{args:?}: {refused}");
        assert!(!refused.contains("os error"), "{args:?}: {refused}");
    }
    let code = db
        .ok(&["certificates", COURSE])
        .lines()
        .nth(1)
        .and_then(|line| line.split_whitespace().next())
        .map(str::to_string);
    let code = code.expect("a certificate's code");
    let shown = db.fails(&["show", &code, "--pdf", &in_missing("one.pdf")], 1);
    assert!(shown.contains(&expected), "{shown}");
    assert!(!missing.exists() && !pdf.exists(), "nothing was written");
}

#[test]
fn split_export_writes_more_files_than_the_process_may_hold_open() {
    let db = TestDb::with_synthetic(200, 2);
    db.ok(&["generate", "synthetic"]);
    let dir = db.dir.path().join("many");
    // 64 descriptors at most (a server's default is 1,024): certdesk must not keep each file
    // open until the end.
    let mut command = Command::new("sh");
    command.args(["-c", "ulimit -n 64 && exec \"$0\" \"$@\""]).arg(db.command(&[]).get_program());
    command.args(db.command(&["export", "synthetic", "--split", "--out", dir.to_str().expect("p")]).get_args());
    let output = command.env_remove("CERTDESK_DB").output().expect("run certdesk");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 200, "no temporary file left behind either");
    assert!(names.iter().all(|name| name.ends_with(".pdf") && !name.starts_with('.')), "{names:?}");
}

#[test]
fn show_writes_a_superseded_certificate_as_it_was_issued() {
    let db = certified_db();
    let old = db
        .json(&["certificates", COURSE, "--json"])
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["username"] == "bilbo")
        .expect("bilbo")["code"]
        .as_str()
        .expect("code")
        .to_string();
    db.ok(&["grade", COURSE, "bilbo", "essay", "10"]);
    db.ok(&["regenerate", COURSE, "bilbo"]);
    let pdf = db.dir.path().join("old.pdf");
    assert!(db.ok(&["show", &old, "--pdf", pdf.to_str().expect("p")]).contains("superseded"));
    let text = tool("pdftotext", &[pdf.to_str().expect("p"), "-"]);
    assert!(text.contains("85.0%") && !text.contains("95.0%"), "{text}");
}

#[test]
fn preview_and_show_write_pictures_of_the_page() {
    let db = certified_db();
    let png = db.dir.path().join("example.png");
    let output = db.ok(&["preview", COURSE, "--example", "honor", "--png", png.to_str().expect("p"), "--dpi", "72"]);
    assert!(output.contains("(842x595 pixels)"), "A4 landscape at 72 dpi: {output}");
    assert!(std::fs::read(&png).expect("png").starts_with(b"\x89PNG\r\n\x1a\n"));
    // The mode's example, as `certdesk examples` lists it: its sample learner and grade.
    let listed = db.json(&["examples", COURSE, "--json"]);
    let honor = listed.as_array().and_then(|all| all.iter().find(|example| example["kind"] == "honor mode"));
    let percent = honor.and_then(|example| example["percent"].as_f64()).expect("the honor example's grade");
    let pdf = db.dir.path().join("example.pdf");
    db.ok(&["preview", COURSE, "--example", "honor", "--pdf", pdf.to_str().expect("p")]);
    let text = tool("pdftotext", &[pdf.to_str().expect("p"), "-"]);
    assert!(text.contains(&format!("{percent:.1}%")) && text.contains("Alex Sample"), "{percent}: {text}");
    let terminal =
        db.command(&["preview", COURSE, "--learner", "bilbo"]).env("COLUMNS", "60").env("LINES", "20").output();
    let terminal = String::from_utf8(terminal.expect("run").stdout).expect("utf-8");
    let rows: Vec<&str> = terminal.lines().collect();
    assert!(rows.len() > 10 && rows.len() <= 18, "fits the terminal: {} rows", rows.len());
    assert!(rows.iter().all(|row| row.matches('▀').count() <= 60), "no row wider than COLUMNS");
    let refused = db.fails(&["preview", COURSE, "--learner", "jose"], 1);
    assert!(refused.contains("audit"), "{refused}");
    // A learner who gets no certificate: the picture, and a word that none was issued.
    let withdrawn = db.dir.path().join("boromir.png");
    let output = db.run(&["preview", COURSE, "--learner", "boromir", "--png", withdrawn.to_str().expect("p")]);
    assert!(output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("boromir has no certificate (not eligible:"), "{said}");
    let code = db.json(&["certificates", COURSE, "--json"])[0]["code"].as_str().expect("code").to_string();
    let shown = db.dir.path().join("shown.png");
    db.ok(&["show", &code, "--png", shown.to_str().expect("p")]);
    assert!(std::fs::read(&shown).expect("png").starts_with(b"\x89PNG"));
    // `--out`, as `export` takes it, writes the kind its name ends in.
    let (out_pdf, out_png) = (db.dir.path().join("out.pdf"), db.dir.path().join("out.png"));
    db.ok(&["show", &code, "--out", out_pdf.to_str().expect("p")]);
    assert!(std::fs::read(&out_pdf).expect("pdf").starts_with(b"%PDF-"));
    db.ok(&["preview", COURSE, "--example", "honor", "--out", out_png.to_str().expect("p")]);
    assert!(std::fs::read(&out_png).expect("png").starts_with(b"\x89PNG"));
    let refused = db.fails(&["show", &code, "--out", db.dir.path().join("out").to_str().expect("p")], 1);
    assert!(refused.contains("name it .pdf or .png"), "{refused}");
}

/// The QR code on each page of an export scans (zbarimg, on pdftoppm's pictures) to the
/// verification URL of the certificate printed on that page.
#[test]
fn every_exported_qr_code_scans_to_its_certificate() {
    let db = certified_db();
    let pdf = db.dir.path().join("all.pdf");
    let manifest = db.dir.path().join("all.csv");
    db.ok(&["export", COURSE, "--out", pdf.to_str().expect("p"), "--manifest", manifest.to_str().expect("p")]);
    let pictures = db.dir.path().join("page");
    tool(
        "pdftoppm",
        &["-r", "150", "-f", "1", "-l", "4", "-png", pdf.to_str().expect("p"), pictures.to_str().expect("p")],
    );
    let manifest = std::fs::read_to_string(manifest).expect("manifest");
    for (index, row) in manifest.lines().skip(1).take(4).enumerate() {
        let code = row.split(',').nth(1).expect("code column");
        let picture = db.dir.path().join(format!("page-{:02}.png", index + 1));
        let scanned = tool("zbarimg", &["--quiet", "--raw", picture.to_str().expect("p")]);
        assert!(
            scanned.trim().starts_with("https://") && scanned.trim().ends_with(&format!("/verify/{code}")),
            "page {}: {scanned:?}",
            index + 1
        );
    }
}

/// The temporary files beside `pdf` (`.NAME.PID.partial`).
fn partial_files(pdf: &std::path::Path) -> Vec<std::path::PathBuf> {
    let prefix = format!(".{}.", pdf.file_name().expect("name").to_string_lossy());
    std::fs::read_dir(pdf.parent().expect("dir"))
        .expect("dir")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            let name = path.file_name().expect("name").to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".partial")
        })
        .collect()
}

/// Starts `args` and waits until `under_way` says the export is well under way.
fn caught_midway(db: &TestDb, args: &[&str], under_way: impl Fn() -> bool) -> std::process::Child {
    let mut export = db
        .command(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let started = std::time::Instant::now();
    while !under_way() {
        assert!(export.try_wait().expect("wait").is_none(), "the export ended before it could be stopped");
        assert!(started.elapsed().as_secs() < 60, "the export did not get under way");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    export
}

/// The temporary file beside `pdf` once it has grown past 64 KB.
fn grown_partial(pdf: &std::path::Path) -> Option<std::path::PathBuf> {
    partial_files(pdf).into_iter().find(|path| path.metadata().is_ok_and(|m| m.len() > 64 * 1024))
}

/// Sends `signal` (`INT`, `TERM`, `HUP`) to `child` and returns what it said on stderr.
fn stop(mut child: std::process::Child, signal: &str) -> (std::process::ExitStatus, String) {
    let sent = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status().expect("kill");
    assert!(sent.success());
    let mut said = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut said).expect("read");
    (child.wait().expect("wait"), said)
}

/// An export killed midway (`kill -9`) leaves no PDF at its path, only its hidden temporary
/// file; the next export to the same path removes that and writes the whole file. One stopped
/// with Ctrl-C, SIGTERM (a service manager) or SIGHUP (a dropped SSH session) removes its
/// temporary files itself and leaves the PDF or files that were there untouched.
#[test]
fn an_export_killed_or_stopped_midway_leaves_no_truncated_pdf() {
    let db = TestDb::with_synthetic(6000, 3);
    db.ok(&["generate", "synthetic"]);
    let pdf = db.dir.path().join("all.pdf");
    let pdf_arg = pdf.to_str().expect("p");
    let mut export = caught_midway(&db, &["export", "synthetic", "--out", pdf_arg], || grown_partial(&pdf).is_some());
    let partial = grown_partial(&pdf).expect("a temporary file");
    export.kill().expect("kill");
    export.wait().expect("wait");
    assert!(!pdf.exists(), "a killed export leaves nothing at its path");
    assert!(partial.exists(), "its temporary file stays (nothing runs after kill -9)");

    db.ok(&["export", "synthetic", "--out", pdf_arg]);
    assert!(partial_files(&pdf).is_empty(), "the next export removes the leftover");
    let check = Command::new("qpdf").args(["--check", pdf_arg]).output().expect("qpdf");
    assert!(check.status.success(), "qpdf: {}", String::from_utf8_lossy(&check.stdout));
    assert_eq!(tool("qpdf", &["--show-npages", pdf_arg]).trim(), "6000");

    let whole = std::fs::read(&pdf).expect("pdf");
    for signal in ["INT", "TERM"] {
        let export = caught_midway(&db, &["export", "synthetic", "--out", pdf_arg], || grown_partial(&pdf).is_some());
        let (status, said) = stop(export, signal);
        let kept = format!("export cancelled; nothing was written ({pdf_arg} is as it was)");
        assert!(!status.success() && said.contains(&kept), "{signal}: {said}");
        assert!(partial_files(&pdf).is_empty(), "SIG{signal}: the temporary file is removed");
        assert!(std::fs::read(&pdf).expect("pdf") == whole, "SIG{signal}: the PDF already there is untouched");
    }
    let dir = db.dir.path().join("split");
    let dir_arg = dir.to_str().expect("p");
    let in_dir = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&dir).map(|d| d.map(|e| e.expect("entry").path()).collect()).unwrap_or_default()
    };
    let export = caught_midway(&db, &["export", "synthetic", "--split", "--out", dir_arg], || in_dir().len() > 100);
    let (status, said) = stop(export, "HUP");
    assert!(!status.success() && said.contains("export cancelled; nothing was written"), "{said}");
    assert_eq!(in_dir(), Vec::<std::path::PathBuf>::new(), "a stopped split leaves no file, whole or partial");
}
