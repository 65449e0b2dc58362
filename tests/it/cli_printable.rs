//! Certificates a page cannot print through the real binary: not issued, flagged stale when a
//! course change makes their own template unable to print them, and replaced by `regenerate`.

use crate::common;

use common::TestDb;

/// Sets the `title = ` line of the synthetic course's file `nth` (0: the course's own, 1: its
/// signatory's) to `title`, and imports it again.
fn retitle(db: &TestDb, nth: usize, title: &str) {
    let folder = db.dir.path().join("synthetic-course");
    let file = folder.join("course.toml");
    let text = std::fs::read_to_string(&file).expect("course.toml");
    let mut seen = 0;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if !line.starts_with("title = ") {
                return line.to_string();
            }
            seen += 1;
            if seen == nth + 1 { format!("title = \"{title}\"") } else { line.to_string() }
        })
        .collect();
    std::fs::write(&file, lines.join("\n") + "\n").expect("write course.toml");
    db.ok(&["import", folder.to_str().expect("utf-8 path")]);
}

const LONG_TITLE: &str = "Advanced Interdisciplinary Perspectives on Computational Methods, Data Science, Ethics and Reasoning in Modern Cartography Across the Three Ages, with a Second Year of Fieldwork in the Archives of Minas Tirith and Rivendell";

#[test]
fn a_certificate_whose_page_cannot_be_printed_is_not_issued_and_the_check_says_why_for_the_course() {
    let db = TestDb::with_synthetic(4, 2);
    db.ok(&["examples", "synthetic"]);
    db.ok(&["settings", "synthetic", "--self-generation", "on", "--yes"]);
    retitle(&db, 0, LONG_TITLE);
    let template = db.dir.path().join("honor.cdt");
    std::fs::write(&template, db.ok(&["template", "show", "honor"])).expect("write the template");
    let template = template.to_str().expect("utf-8 path");
    // Checked for the course, the template prints its title, which does not fit.
    let stderr = db.fails(&["template", "check", template, "--course", "synthetic"], 1);
    assert!(stderr.contains("1 error"), "{stderr}");
    let found =
        String::from_utf8(db.run(&["template", "check", template, "--course", "synthetic"]).stdout).expect("utf-8");
    assert!(found.contains(":100:5: text needs 3 lines at 12.0pt but has room for 2: \"Advanced"), "{found}");
    db.ok(&["template", "check", template]);
    // Saved as a template no course prints with, it is checked for the course it is assigned to.
    let saved = db.ok(&["template", "save", "plain", template]);
    assert!(saved.contains("Saved plain revision 1."), "{saved}");
    // The same text again is no new revision, and says so.
    let again = db.ok(&["template", "save", "plain", template]);
    assert!(
        again.contains("Nothing saved: plain revision 1 has this text already.") && !again.contains("Saved"),
        "{again}"
    );
    let refused = db.fails(&["template", "assign", "synthetic", "honor", "plain"], 1);
    assert!(refused.contains("not assigned: plain@1 cannot print synthetic's certificates (1 in all"), "{refused}");
    assert!(refused.contains("the first at line 100:5: text needs 3 lines"), "{refused}");
    // `settings --template` makes the same check, and changes nothing when it refuses.
    let refused = db.fails(&["settings", "synthetic", "--template", "honor=plain"], 1);
    assert!(refused.contains("not assigned: plain@1 cannot print synthetic's certificates (1 in all"), "{refused}");
    assert!(db.ok(&["settings", "synthetic"]).contains("honor template    honor@"), "still the built-in");

    let dry_run = db.ok(&["generate", "synthetic", "--dry-run"]);
    assert!(dry_run.contains("would issue 0 certificates"), "{dry_run}");
    assert!(dry_run.contains("not eligible, page cannot be printed with the template: 4"), "{dry_run}");
    let report = db.json(&["generate", "synthetic", "--json"]);
    assert_eq!(report["issued"].as_array().map(Vec::len), Some(0), "{report}");
    assert_eq!(report["not_eligible"]["unprintable_page"].as_array().map(Vec::len), Some(4), "{report}");
    let problem = report["unprintable_pages"][0]["problem"].as_str().unwrap_or_default();
    assert!(problem.contains("line 100:5: text needs 3 lines") || problem.contains("line 104:5"), "{report}");
    assert!(certificates_of(&db, "synthetic").is_empty());
    let answer = db.json_status(&["request", "synthetic", "learner000001", "--json"], 1);
    let reason = answer["refused"]["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("cannot be printed with the course's template"), "{answer}");
    assert!(certificates_of(&db, "synthetic").is_empty());
}

#[test]
fn a_course_title_too_long_for_one_line_prints_on_two() {
    let db = TestDb::with_synthetic(4, 2);
    // 144 characters: one line at the smallest size holds about 87.
    let title = &LONG_TITLE[..144];
    retitle(&db, 0, title);
    let issued = db.json(&["generate", "synthetic", "--json"]);
    assert_eq!(issued["issued"].as_array().map(Vec::len), Some(4), "{issued}");
    let out = db.dir.path().join("all.pdf");
    db.ok(&["export", "synthetic", "--out", out.to_str().expect("utf-8 path")]);
    let text = std::process::Command::new("pdftotext").args(["-f", "1", "-l", "1"]).arg(&out).arg("-").output();
    let text = String::from_utf8(text.expect("pdftotext runs").stdout).expect("utf-8");
    let lines: Vec<&str> =
        text.lines().filter(|line| !line.trim().is_empty() && LONG_TITLE.contains(line.trim())).collect();
    assert_eq!(lines.len(), 2, "the title on two lines: {text}");
    assert_eq!(format!("{} {}", lines[0].trim(), lines[1].trim()), title, "{text}");
}

fn certificates_of(db: &TestDb, course: &str) -> Vec<serde_json::Value> {
    db.json(&["certificates", course, "--json"]).as_array().expect("rows").clone()
}

#[test]
fn a_certificate_its_own_template_cannot_print_is_stale_and_regenerate_replaces_it() {
    let db = TestDb::with_synthetic(3, 2);
    db.ok(&["generate", "synthetic"]);
    // A signatory's title too long for its line: the certificates issued cannot be printed now.
    let title = "Professor Emeritus of Advanced Interdisciplinary Perspectives on Computational Methods and Data Science, Ethics and Reasoning in Modern Cartography Across the Three Ages of Middle-earth and Beyond";
    retitle(&db, 1, title);
    let out = db.dir.path().join("all.pdf");
    let out = out.to_str().expect("utf-8 path");
    let refused = db.fails(&["export", "synthetic", "--out", out], 1);
    assert!(refused.contains("3 certificates cannot be printed"), "{refused}");
    // Regenerating with the same template would not help: said, nothing replaced.
    let said = db.ok(&["regenerate", "synthetic", "learner000001"]);
    assert!(
        said.contains("stale (cannot be printed (") && said.contains("a new certificate cannot be printed either"),
        "{said}"
    );
    // Fixed templates: the certificates are replaced with ones printed with them.
    for mode in ["honor", "verified"] {
        let source = db.ok(&["template", "show", mode]);
        let fixed = source.replace(
            "min-size: 6\n        | {{ signer.title }}",
            "min-size: 5\n        max-lines: 3\n        | {{ signer.title }}",
        );
        assert_ne!(fixed, source, "{mode} has the signatory's title as expected");
        let file = db.dir.path().join(format!("{mode}.cdt"));
        std::fs::write(&file, fixed).expect("write the template");
        db.ok(&["template", "save", mode, file.to_str().expect("utf-8 path")]);
    }
    let replaced = db.ok(&["regenerate", "synthetic", "--stale"]);
    assert!(replaced.contains("replaced 3 stale certificates"), "{replaced}");
    assert!(
        replaced.contains("cannot be printed (honor@1") || replaced.contains("cannot be printed (verified@1"),
        "{replaced}"
    );
    assert!(db.ok(&["export", "synthetic", "--out", out]).contains("Exported 3 certificates"));
    assert!(db.ok(&["regenerate", "synthetic", "--stale"]).contains("replaced 0 stale"));
}
