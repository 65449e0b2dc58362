//! One slip of the keyboard must not do lasting harm: a path or a name that is easy to get
//! wrong is refused in one sentence, and nothing is written, changed or issued.

use crate::common;

use std::process::Command;

use common::TestDb;

const COURSE: &str = "middle-earth-101";

/// A certificate code of the course, generated first.
fn a_code(db: &TestDb) -> String {
    db.ok(&["generate", COURSE]);
    let rows = db.json(&["certificates", COURSE, "--json"]);
    rows[0]["code"].as_str().expect("a code").to_string()
}

#[test]
fn a_template_or_verification_url_that_cannot_work_is_refused() {
    let db = TestDb::with_sample();
    let before = db.ok(&["settings", COURSE]);
    let error = db.fails(&["settings", COURSE, "--template", "verified=doesnotexist"], 1);
    assert!(error.contains("there is no template 'doesnotexist'"), "{error}");
    // The code is added to the URL as it is, so a URL without a host or a final slash would
    // send every QR code and credential to another host.
    for url in ["https://certs.example.edu", "https://", "https://certs.example.edu/verify"] {
        let error = db.fails(&["settings", COURSE, "--verify-url", url], 2);
        assert!(error.contains("host name") || error.contains("must end with /"), "{url}: {error}");
    }
    assert_eq!(db.ok(&["settings", COURSE]), before, "nothing changed");
    // The mode's own template is the one it prints with already: naming it changes nothing.
    let same = db.ok(&["settings", COURSE, "--template", "honor=honor"]);
    assert!(same.contains("nothing to change"), "{same}");
    let changed =
        db.ok(&["settings", COURSE, "--template", "verified=honor", "--verify-url", "https://certs.example.edu/v/"]);
    assert!(!changed.contains("already issued"), "none issued yet: {changed}");
    // Issued certificates print the new address, while their signed credentials keep the old.
    db.ok(&["generate", COURSE]);
    let changed = db.ok(&["settings", COURSE, "--verify-url", "https://verify.example.edu/"]);
    assert!(changed.contains("certificates already issued print the new address from now on"), "{changed}");
    assert!(changed.contains("their signed credentials keep naming the old one"), "{changed}");
}

#[test]
fn nothing_is_written_over_the_database_or_over_the_export_itself() {
    let db = TestDb::with_sample();
    let code = a_code(&db);
    let database = db.path();
    let keys = database.join("issuer-keys.json");
    let keys_before = std::fs::read(&keys).expect("the issuer's keys");
    for target in [database.join("db"), keys.clone(), database.join("blobs").join("x.pdf")] {
        let target = target.to_str().expect("utf-8");
        let error = db.fails(&["show", &code, "--pdf", target], 1);
        assert!(error.contains("is inside the certdesk database"), "{error}");
        let error = db.fails(&["export", COURSE, "--out", target], 1);
        assert!(error.contains("is inside the certdesk database"), "{error}");
    }
    assert_eq!(std::fs::read(&keys).expect("keys"), keys_before);
    assert_eq!(db.json(&["verify", &code, "--json"])["verdict"], "valid", "the database still reads");

    // The manifest and the PDF under one name would write over each other.
    let out = db.dir.path().join("all.pdf");
    let out = out.to_str().expect("utf-8");
    let error = db.fails(&["export", COURSE, "--out", out, "--manifest", out], 1);
    assert!(error.contains("would both be"), "{error}");
    let left: Vec<_> =
        std::fs::read_dir(db.dir.path()).expect("dir").flatten().map(|entry| entry.file_name()).collect();
    assert_eq!(left, ["db"], "nothing written beside the database");
}

#[test]
fn an_output_file_that_holds_something_else_is_not_replaced() {
    let db = TestDb::with_sample();
    let code = a_code(&db);
    let roster = db.dir.path().join("roster.csv");
    let kept = "username,email,full_name\nfrodo,frodo@shire.example,Frodo Baggins\n";
    std::fs::write(&roster, kept).expect("write the roster");
    let path = roster.to_str().expect("utf-8");
    for (args, flag, holds) in [
        (vec!["export", COURSE, "--out", path], "--out", "a PDF"),
        (vec!["show", &code, "--pdf", path], "--pdf", "a PDF"),
        (vec!["show", &code, "--png", path], "--png", "a PNG picture"),
        (vec!["preview", COURSE, "--example", "honor", "--pdf", path], "--pdf", "a PDF"),
    ] {
        let error = db.fails(&args, 1);
        let said = format!("{flag} {path} exists and is not {holds}: nothing was written");
        assert!(error.contains(&said), "{args:?}: {error}");
    }
    let out = db.dir.path().join("all.pdf");
    let out = out.to_str().expect("utf-8");
    let error = db.fails(&["export", COURSE, "--out", out, "--manifest", path], 1);
    assert!(error.contains("is not an export's manifest"), "{error}");
    assert_eq!(std::fs::read_to_string(&roster).expect("the roster"), kept, "the roster is as it was");
    assert!(!std::path::Path::new(out).exists(), "nothing exported when the manifest is refused");
    // What certdesk wrote there before is replaced, as a script that exports every night needs.
    let manifest = db.dir.path().join("manifest.csv");
    let manifest = manifest.to_str().expect("utf-8");
    for _ in 0..2 {
        db.ok(&["export", COURSE, "--out", out, "--manifest", manifest]);
        db.ok(&["show", &code, "--pdf", out]);
    }
}

/// `sample --out c.csv` would make a folder named as a CSV file: refused, saying what --out takes.
#[test]
fn sample_refuses_a_folder_named_as_a_file() {
    let dir = tempfile::tempdir().expect("dir");
    let sample = |out: &str| {
        Command::new(common::BIN)
            .current_dir(dir.path())
            .args(["sample", "--learners", "3", "--activities", "2", "--out", out])
            .output()
            .expect("certdesk")
    };
    let refused = sample("c.csv");
    assert_eq!(refused.status.code(), Some(1));
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(
        error.contains(
            "--out names the folder to write the course's files to (course.toml, roster.csv, grades.csv), but c.csv \
             is named as a CSV file; nothing was written: name a folder, such as c"
        ),
        "{error}"
    );
    assert!(!dir.path().join("c.csv").exists());
    assert!(sample("course-2.0").status.success(), "a name with a dot that is no file's is a folder's");
    assert!(dir.path().join("course-2.0/roster.csv").is_file());
}

#[test]
fn a_mistyped_database_path_makes_no_database() {
    let dir = tempfile::tempdir().expect("dir");
    let course = dir.path().join("course");
    let sample = |out: &std::path::Path| {
        Command::new(common::BIN)
            .args(["sample", "--learners", "3", "--activities", "2", "--out"])
            .arg(out)
            .output()
            .expect("certdesk")
    };
    assert!(sample(&course).status.success());
    let courses = |db: &std::path::Path| {
        let output = Command::new(common::BIN)
            .arg("--db")
            .arg(db)
            .arg("courses")
            .env_remove("CERTDESK_DB")
            .output()
            .expect("run");
        (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let missing_parent = dir.path().join("typo").join("db");
    let (status, error) = courses(&missing_parent);
    assert_eq!(status, Some(1));
    assert!(error.contains("nor a directory"), "{error}");
    assert!(!dir.path().join("typo").exists());
    let (status, error) = courses(&course);
    assert_eq!(status, Some(1));
    assert!(error.contains("is not a certdesk database"), "{error}");
    let (status, error) = courses(&course.join("roster.csv"));
    assert_eq!(status, Some(1));
    assert!(error.contains("is a file"), "{error}");
    let mut files: Vec<_> = std::fs::read_dir(&course).expect("dir").flatten().map(|entry| entry.file_name()).collect();
    files.sort();
    assert_eq!(files, ["course.toml", "grades.csv", "roster.csv"], "no database files among the course's");
    // A new database beside it is made as before, and in a directory that holds only the
    // socket systemd made for its server; not in a folder that merely has a `conf`.
    assert_eq!(courses(&dir.path().join("db")).0, Some(0));
    let served = dir.path().join("served");
    std::fs::create_dir(&served).expect("dir");
    std::fs::write(served.join("certdesk.sock"), "").expect("write");
    assert_eq!(courses(&served).0, Some(0));
    let project = dir.path().join("project");
    std::fs::create_dir_all(project.join("conf")).expect("dir");
    let (status, error) = courses(&project);
    assert_eq!(status, Some(1));
    assert!(error.contains("is not a certdesk database"), "{error}");

    // `sample` writes over an earlier sample, never over a course of one's own.
    assert!(sample(&course).status.success());
    let own = dir.path().join("own");
    std::fs::create_dir(&own).expect("dir");
    std::fs::write(own.join("course.toml"), "id = \"mine\"\n").expect("write");
    let refused = sample(&own);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not a sample course"));
    assert_eq!(std::fs::read_to_string(own.join("course.toml")).expect("read"), "id = \"mine\"\n");
}

#[test]
fn staff_logins_and_the_password_file_are_checked_and_links_count_as_json() {
    let db = TestDb::with_sample();
    for login in ["", "two words", "ana:x"] {
        // A value the option refuses, as clap's refusals are: status 2.
        let error = db.fails(&["staff", "--add", login], 2);
        assert!(error.contains("a login name is one word without ':', '/' or ','"), "{error}");
    }
    assert!(db.ok(&["staff"]).contains("no staff list"));

    let error = db.fails(&["mail-settings", "--smtp-password-file", "no-such-file"], 1);
    assert!(error.contains("no such file"), "{error}");
    let password = db.dir.path().join("password");
    std::fs::write(&password, "secret\n").expect("write");
    // Kept as an absolute path, whatever the directory it was given from.
    let kept = db
        .command(&["mail-settings", "--smtp-password-file", "password"])
        .current_dir(db.dir.path())
        .output()
        .expect("run");
    assert!(kept.status.success(), "{}", String::from_utf8_lossy(&kept.stderr));
    let absolute = password.canonicalize().expect("absolute");
    assert!(db.ok(&["mail-settings"]).contains(&format!("read from {}", absolute.display())));

    let counts = db.json(&["links", COURSE, "--json"]);
    assert_eq!((counts["course"].as_str(), counts["open"].as_u64()), (Some(COURSE), Some(0)));
}

/// A template that leaves out what the credential vouches for is refused, blank or not: every
/// certificate it printed, `verify --file` would refuse.
#[test]
fn a_template_that_prints_no_name_or_code_cannot_be_saved() {
    let db = TestDb::with_sample();
    let bare = db.dir.path().join("bare.cdt");
    std::fs::write(&bare, "text\n  | Congratulations!\n").expect("write");
    let bare = bare.to_str().expect("utf-8");
    let checked = db.run(&["template", "check", bare]);
    assert_eq!(checked.status.code(), Some(1));
    let checked = String::from_utf8_lossy(&checked.stdout).to_string();
    for what in ["the learner's name", "the course", "the grade", "the verification code"] {
        assert!(checked.contains(&format!("bare.cdt: the certificate does not print {what}")), "{checked}");
    }
    let error = db.fails(&["template", "save", "bare", bare], 1);
    assert!(
        error.contains("not saved: bare has errors (4 in all), the first: the certificate does not print"),
        "{error}"
    );
    let blank = db.dir.path().join("blank.cdt");
    std::fs::write(&blank, "").expect("write");
    let error = db.fails(&["template", "save", "blank", blank.to_str().expect("utf-8")], 1);
    assert!(error.contains("not saved: blank has errors"), "{error}");
    let listed = db.ok(&["template", "list"]);
    assert!(!listed.contains("bare") && !listed.contains("blank"), "{listed}");
    let long = "a".repeat(65);
    let error = db.fails(&["template", "save", &long, bare], 2);
    assert!(error.contains("is not a template name: use 1 to 64 lowercase letters"), "{error}");

    // The built-in designs print all four.
    let honor = db.ok(&["template", "show", "honor"]);
    let file = db.dir.path().join("honor.cdt");
    std::fs::write(&file, honor).expect("write");
    let checked = db.run(&["template", "check", file.to_str().expect("utf-8")]);
    assert!(checked.status.success() && checked.stdout.is_empty(), "{}", String::from_utf8_lossy(&checked.stdout));
    assert!(String::from_utf8_lossy(&checked.stderr).contains("no errors (0 warnings)"));

    // A grade too small to read, and another number printed as a grade is, are errors too.
    let small = db.dir.path().join("small.cdt");
    let texts = ["{{ course.title }}", "{{ certificate.code }}", "pass mark 50.0%"];
    let mut source = "text\n  size: 4\n  fit: shrink\n  min-size: 2\n  max-lines: 4\n  break: anywhere\n".to_string();
    source.push_str("  | {{ learner.full_name }}\n");
    source.extend(texts.iter().map(|text| format!("text\n  | {text}\n")));
    source.push_str("text\n  size: 1.5\n  | {{ grade.percent }}%\n");
    std::fs::write(&small, source).expect("write");
    let checked = db.run(&["template", "check", small.to_str().expect("utf-8")]);
    assert_eq!(checked.status.code(), Some(1));
    let checked = String::from_utf8_lossy(&checked.stdout);
    assert!(checked.contains("does not print the grade legibly (at 2pt or more"), "{checked}");
    assert!(checked.contains("prints a grade other than the grade (50.0%)"), "{checked}");
    assert!(!checked.contains("the learner's name") && !checked.contains("verification code"), "{checked}");
}

#[test]
fn a_course_folder_without_grades_imports_and_says_it_read_no_scores() {
    let db = TestDb::new();
    let folder = db.dir.path().join("course");
    std::fs::create_dir(&folder).expect("dir");
    for file in ["course.toml", "roster.csv"] {
        std::fs::copy(common::sample_folder().join(file), folder.join(file)).expect("copy");
    }
    let said = db.ok(&["import", folder.to_str().expect("utf-8")]);
    assert!(said.contains("Note: the folder has no grades.csv, so no scores were read"), "{said}");
    std::fs::copy(common::sample_folder().join("grades.csv"), folder.join("grades.csv")).expect("copy");
    assert!(!db.ok(&["import", folder.to_str().expect("utf-8")]).contains("no grades.csv"));
}

/// Runs `args` with stderr a pipe nobody reads any more (`2>&1 | head -1` once head is done),
/// and returns the exit status.
fn status_with_stderr_gone(db: &TestDb, args: &[&str]) -> Option<i32> {
    let mut child = db
        .command(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start certdesk");
    drop(child.stderr.take());
    child.wait().expect("wait for certdesk").code()
}

#[test]
fn a_closed_stderr_ends_a_refusal_with_status_1_not_a_panic() {
    let db = TestDb::with_sample();
    assert_eq!(status_with_stderr_gone(&db, &["gradebook", "nosuch"]), Some(1));
    let empty = db.dir.path().join("empty.cdt");
    std::fs::write(&empty, "").expect("write an empty template");
    assert_eq!(status_with_stderr_gone(&db, &["template", "check", empty.to_str().expect("utf-8 path")]), Some(1));
}

#[test]
fn template_check_of_a_file_of_garbage_lists_fifty_problems_and_counts_every_one() {
    let db = TestDb::new();
    let garbage = db.dir.path().join("grades.csv");
    let rows: String = (1..=80).map(|row| format!("learner{row},9,8\n")).collect();
    std::fs::write(&garbage, rows).expect("write");
    let path = garbage.to_str().expect("utf-8");
    let checked = db.run(&["template", "check", path]);
    assert_eq!(checked.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&checked.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 51, "{stdout}");
    assert_eq!(lines[49], format!("{path}:50:10: unexpected `,` after `learner50`"));
    assert_eq!(lines[50], format!("{path}:51:10: and 30 more problems from here on, not shown; fix those above first"));
    assert_eq!(String::from_utf8_lossy(&checked.stderr), format!("{path}: 80 errors\n"));
}

/// A file named on the command line that is missing, a folder, or not UTF-8 text is said so in
/// words, by every command that reads one, rather than with the system's "(os error 2)".
#[test]
fn a_file_to_read_that_is_missing_a_folder_or_not_text_is_said_so() {
    let db = TestDb::with_sample();
    let dir = db.dir.path();
    let missing = dir.join("missing.txt");
    let missing = missing.to_str().expect("utf-8");
    let folder = dir.to_str().expect("utf-8");
    let latin1 = dir.join("latin1.cdt");
    std::fs::write(&latin1, b"page\n  size: A4\n# Kurs f\xfcr Z\xfcrich\n").expect("write");
    let latin1 = latin1.to_str().expect("utf-8");
    let cases: [(&[&str], String); 6] = [
        (
            &["template", "check", missing],
            format!("cannot read the template file {missing}: there is no such file; check the path"),
        ),
        (
            &["template", "check", folder],
            format!("cannot read the template file {folder}: it is a folder; give the file in it"),
        ),
        (
            &["template", "check", latin1],
            format!(
                "cannot read the template file {latin1}: line 3, character 9: byte 0xFC is not UTF-8 (it would be 'ü' in \
                 Windows-1252); the file was saved in another encoding: save it as UTF-8"
            ),
        ),
        (
            &["farewell", COURSE, "--set", missing],
            format!("cannot read {missing}: there is no such file; check the path"),
        ),
        (&["image", "add", "logo", missing], format!("cannot read {missing}: there is no such file; check the path")),
        (
            &["verify", "--file", latin1, "--key", missing],
            format!("cannot read the key {missing}: there is no such file; check the path"),
        ),
    ];
    for (args, expected) in cases {
        let stderr = db.fails(args, 1);
        assert_eq!(stderr.trim_end(), format!("certdesk: {expected}"), "{args:?}");
    }
}

#[test]
fn a_template_saved_as_utf16_is_read() {
    let db = TestDb::with_sample();
    let text = db.ok(&["template", "show", "honor"]);
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let file = db.dir.path().join("notepad.cdt");
    std::fs::write(&file, utf16).expect("write");
    let file = file.to_str().expect("utf-8");
    db.ok(&["template", "check", file]);
    db.ok(&["template", "save", "notepad", file]);
    assert_eq!(db.ok(&["template", "show", "notepad"]), text, "saved as the same text, in UTF-8");
}

#[test]
fn an_image_cut_short_or_of_another_kind_is_not_stored() {
    let db = TestDb::new();
    let jpeg: &[u8] = include_bytes!("../../src/render/testdata/rgb.jpg");
    let write = |name: &str, bytes: &[u8]| {
        let path = db.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        path.to_string_lossy().into_owned()
    };
    let cut = write("logo.jpg", &jpeg[..jpeg.len() - 20]);
    let gif = write("logo.gif", b"GIF89a\x01\0\x01\0\0\0\0;");
    let said = db.fails(&["image", "add", "logo", &cut], 1);
    assert!(said.contains("the JPEG file ends before its picture does (cut short"), "{said}");
    let said = db.fails(&["image", "add", "logo", &gif], 1);
    assert!(said.contains("logo.gif is not an image certdesk can print: it is a GIF image"), "{said}");
    assert!(!db.ok(&["image", "list"]).contains("logo"), "nothing stored");
    let whole = write("whole.jpg", jpeg);
    // A name against the rule is a usage error, as `template save`'s is.
    let said = db.fails(&["image", "add", "Logo", &whole], 2);
    assert!(said.contains("'Logo' is not an image name: use 1 to 64 lowercase letters"), "{said}");
    db.ok(&["image", "add", "logo", &whole]);
    assert!(db.ok(&["image", "list"]).contains("logo"));
}
