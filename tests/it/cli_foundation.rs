//! The foundation through the real binary: import, courses, gradebook, grade, sample.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::{BIN, TestDb};

fn learner<'a>(gradebook: &'a serde_json::Value, username: &str) -> &'a serde_json::Value {
    gradebook["learners"].as_array().expect("learners").iter().find(|l| l["username"] == username).expect("learner")
}

#[test]
fn bilbo_is_provisional_until_his_last_activity_is_graded() {
    let db = TestDb::with_sample();
    let gradebook = db.json(&["gradebook", "middle-earth-101", "--json"]);
    let bilbo = learner(&gradebook, "bilbo");
    assert_eq!((bilbo["percent"].as_f64(), bilbo["reachable"].as_f64()), (Some(85.0), Some(95.0)));
    assert_eq!(bilbo["grade_status"], "provisional");
    assert_eq!(bilbo["scores"]["essay"], serde_json::Value::Null);
    assert_eq!(bilbo["scores"]["customs"].as_f64(), Some(8.0));

    let message = db.ok(&["grade", "middle-earth-101", "bilbo", "essay", "10"]);
    // Final now, his grade earns him a certificate, which the course issues on final grades.
    assert_eq!(
        message.trim(),
        "bilbo essay: not graded -> 10/10. Grade 95.0% final (reachable 95.0%).\n\
         bilbo is eligible now and has no certificate: `certdesk generate middle-earth-101` issues it."
    );
    let bilbo = learner(&db.json(&["gradebook", "middle-earth-101", "--json"]), "bilbo").clone();
    assert_eq!((bilbo["percent"].as_f64(), bilbo["grade_status"].as_str()), (Some(95.0), Some("final")));
    assert_eq!(bilbo["letter"], "A");

    // The same score again changes nothing and leaves no event.
    let events = || db.json(&["log", "middle-earth-101", "--json"]).as_array().map_or(0, Vec::len);
    let logged = events();
    let message = db.ok(&["grade", "middle-earth-101", "bilbo", "essay", "10"]);
    assert_eq!(message.trim(), "bilbo essay: is already 10/10; nothing changed. Grade 95.0% final (reachable 95.0%).");
    assert_eq!(events(), logged);

    db.ok(&["grade", "middle-earth-101", "bilbo", "essay", "--clear"]);
    assert_eq!(learner(&db.json(&["gradebook", "middle-earth-101", "--json"]), "bilbo")["grade_status"], "provisional");
    let logged = events();
    assert!(db.ok(&["grade", "middle-earth-101", "bilbo", "essay", "--clear"]).contains("is already not graded"));
    assert_eq!(events(), logged);
}

#[test]
fn human_tables_align_and_list_every_learner() {
    let db = TestDb::with_sample();
    let table = db.ok(&["gradebook", "middle-earth-101"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 30, "a header and 29 learners");
    assert!(lines[0].starts_with("USERNAME") && lines[0].ends_with("STATUS"));
    let lan = lines.iter().find(|line| line.starts_with("lan ")).expect("lan");
    assert!(lan.contains("Đặng Thị Ngọc Lan") && lan.contains("97.0%"), "{lan}");
    let courses = db.ok(&["courses"]);
    assert!(courses.contains("middle-earth-101") && courses.contains("29"), "{courses}");
}

#[test]
fn a_course_named_in_an_empty_database_says_how_to_get_one() {
    let db = TestDb::new();
    assert_eq!(
        db.fails(&["gradebook", "middle-earth-101"], 1),
        "certdesk: there is no course 'middle-earth-101' (the database has none yet: import one with `certdesk import`)\n"
    );
}

#[test]
fn errors_are_one_sentence_with_status_1_and_usage_errors_status_2() {
    let db = TestDb::with_sample();
    let cases: &[(&[&str], &str)] = &[
        (&["gradebook", "no-such-course"], "certdesk: there is no course 'no-such-course' (see `certdesk courses`)\n"),
        (
            &["gradebook", "middle-earth"],
            "certdesk: there is no course 'middle-earth' (did you mean 'middle-earth-101'?)\n",
        ),
        (
            &["generate", "Midle-earth-101"],
            "certdesk: there is no course 'Midle-earth-101' (did you mean 'middle-earth-101'?)\n",
        ),
        (
            &["grade", "middle-earth-101", "gollum", "essay", "3"],
            "certdesk: course 'middle-earth-101' has no learner 'gollum'\n",
        ),
        (
            &["grade", "middle-earth-101", "bilob", "maps", "3"],
            "certdesk: course 'middle-earth-101' has no learner 'bilob' (did you mean 'bilbo'?)\n",
        ),
        (
            &["preview", "middle-earth-101", "--learner", "Aragon", "--pdf", "x.pdf"],
            "certdesk: course 'middle-earth-101' has no learner 'Aragon' (did you mean 'aragorn'?)\n",
        ),
        (&["request", "middle-earth-101", "bilob"], "certdesk: course 'middle-earth-101' has no learner 'bilob'\n"),
        (
            &["grade", "middle-earth-101", "bilbo", "Essay", "3"],
            "certdesk: course 'middle-earth-101' has no activity 'Essay' (did you mean 'essay'?)\n",
        ),
        (
            &["grade", "middle-earth-101", "bilbo", "homework", "3"],
            "certdesk: course 'middle-earth-101' has no activity 'homework' (its activities: maps, runes, sindarin, first-age, rings, creatures, roads, customs, battles, essay)\n",
        ),
        (
            &["grade", "middle-earth-101", "bilbo", "essay", "11"],
            "certdesk: 11 points is above the maximum of 10 for essay\n",
        ),
        (
            &["import", "/nonexistent/folder"],
            "certdesk: /nonexistent/folder does not exist: give a course folder (course.toml, roster.csv, grades.csv) or a platform's export file\n",
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(db.fails(args, 1), *expected, "{args:?}");
    }
    assert!(db.fails(&["grade", "middle-earth-101", "bilbo", "essay"], 2).contains("required arguments"));
    // Points that are no number of points are a usage error, as a value no option takes.
    for (points, said) in [("-1", "'-1' is negative"), ("ten", "'ten' is not a number (use a decimal point, e.g. 8.5)")]
    {
        let stderr = db.fails(&["grade", "middle-earth-101", "bilbo", "essay", points], 2);
        assert!(stderr.contains(said), "{stderr}");
    }
    assert!(db.fails(&["no-such-command"], 2).contains("unrecognized subcommand"));
    // Nothing was changed by the refused edits.
    assert_eq!(
        learner(&db.json(&["gradebook", "middle-earth-101", "--json"]), "bilbo")["scores"]["essay"],
        serde_json::Value::Null
    );
}

#[test]
fn an_invalid_folder_lists_every_problem_and_imports_nothing() {
    let db = TestDb::new();
    let folder = tempfile::tempdir().expect("temp dir");
    for file in ["course.toml", "roster.csv"] {
        std::fs::copy(common::sample_folder().join(file), folder.path().join(file)).expect("copy");
    }
    std::fs::write(folder.path().join("grades.csv"), "username,maps,wizardry\nbilbo,12,1\nsauron,1,1\n")
        .expect("write");
    let stderr = db.fails(&["import", folder.path().to_str().expect("path")], 1);
    assert!(stderr.starts_with("certdesk: found 3 problems; nothing was imported:"), "{stderr}");
    for expected in [
        "grades.csv:1: column 'wizardry': unknown activity 'wizardry' (not in course.toml)",
        "grades.csv:2: column 'maps': 12 is above the maximum of 10 points",
        "grades.csv:3: column 'username': 'sauron' is not on the roster",
    ] {
        assert_eq!(stderr.matches(expected).count(), 1, "want {expected:?} once in {stderr}");
    }
    assert!(db.ok(&["courses"]).contains("No courses yet"));
}

/// What the user was told is saved survives `kill -9` a moment later.
#[test]
fn a_reported_score_survives_sigkill() {
    let db = TestDb::with_sample();
    for (round, points) in ["10", "9.5", "7"].into_iter().enumerate() {
        let mut child = db
            .command(&["grade", "middle-earth-101", "bilbo", "essay", points])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("read");
        assert!(line.starts_with("bilbo essay:"), "round {round}: {line}");
        child.kill().ok(); // SIGKILL on Unix; it may already have exited
        child.wait().expect("wait");
        let essay =
            learner(&db.json(&["gradebook", "middle-earth-101", "--json"]), "bilbo")["scores"]["essay"].as_f64();
        assert_eq!(essay, Some(points.parse::<f64>().expect("number")), "round {round}");
    }
}

#[test]
fn a_second_process_gets_one_clear_sentence() {
    let db = TestDb::with_sample();
    let holder = certdesk::store::Store::open(&db.path()).expect("hold the database");
    let stderr = db.fails(&["courses"], 1);
    let path = db.path().display().to_string();
    let expected = format!(
        "certdesk: the database {path} is in use by another certdesk process (pid {}, user {}); to work on it together, close that one and run `certdesk serve --db {path}` (then every certdesk on the database shares it), or choose another database with --db\n",
        std::process::id(),
        common::login()
    );
    assert_eq!(stderr, expected);
    drop(holder);
    db.ok(&["courses"]);
}

#[test]
fn the_default_database_gets_the_sample_course_on_first_run() {
    let home = tempfile::tempdir().expect("temp dir");
    let run = || {
        std::process::Command::new(BIN)
            .arg("courses")
            .env("XDG_DATA_HOME", home.path())
            .env("HOME", home.path())
            .env_remove("CERTDESK_DB")
            .output()
            .expect("run")
    };
    let first = run();
    assert!(first.status.success());
    assert!(String::from_utf8_lossy(&first.stderr).contains("loaded the sample course middle-earth-101"));
    assert!(String::from_utf8_lossy(&first.stdout).contains("middle-earth-101"));
    assert!(home.path().join("certdesk").is_dir());
    let second = run();
    assert!(second.stderr.is_empty(), "loaded only once: {}", String::from_utf8_lossy(&second.stderr));
}

/// `CERTDESK_DB= certdesk …`, as a shell unsets a variable for one command, and an empty
/// `CERTDESK_FONTS`: the default database and the embedded fonts, not clap's "a value is
/// required for '--db <PATH>'" for an option never typed.
#[test]
fn empty_database_and_font_variables_count_as_unset() {
    let home = tempfile::tempdir().expect("temp dir");
    let output = std::process::Command::new(BIN)
        .arg("courses")
        .env("XDG_DATA_HOME", home.path())
        .env("HOME", home.path())
        .env("CERTDESK_DB", "")
        .env("CERTDESK_FONTS", "")
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("middle-earth-101"));
    assert!(home.path().join("certdesk").is_dir(), "the default database");
}

/// A database or fonts given by their variables are not options to type: a usage error's usage
/// line leaves them out, as it does when they are typed.
#[test]
fn a_usage_line_does_not_ask_for_the_options_the_variables_gave() {
    let home = tempfile::tempdir().expect("temp dir");
    let output = std::process::Command::new(BIN)
        .args(["invalidate", "middle-earth-101", "pippin"])
        .env("CERTDESK_DB", home.path().join("db"))
        .env("CERTDESK_FONTS", home.path())
        .output()
        .expect("run");
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("Usage: certdesk invalidate --reason <REASON> <COURSE> <USERNAME>\n"), "{said}");
    // Typed as well as given by the variable.
    let output = std::process::Command::new(BIN)
        .args(["--db", "elsewhere", "invalidate", "middle-earth-101", "pippin"])
        .env("CERTDESK_DB", home.path().join("db"))
        .output()
        .expect("run");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("Usage: certdesk invalidate --reason <REASON> <COURSE> <USERNAME>\n"), "{said}");
}

/// Typed empty, `--db ""` is a slip (a script's `--db "$DB"` with `DB` unset): it opened the
/// user's own database. Refused with status 2, as other bad values are, and nothing is made.
#[test]
fn an_empty_db_or_fonts_option_typed_as_such_is_refused() {
    let home = tempfile::tempdir().expect("temp dir");
    let run = |args: &[&str]| {
        std::process::Command::new(BIN)
            .args(args)
            .env("XDG_DATA_HOME", home.path())
            .env("HOME", home.path())
            .env_remove("CERTDESK_DB")
            .env_remove("CERTDESK_FONTS")
            .output()
            .expect("run")
    };
    for args in [&["--db", "", "courses"][..], &["courses", "--db="], &["--fonts", "", "courses"]] {
        let output = run(args);
        let said = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {said}");
        assert!(said.contains("is empty: name a"), "{said}");
    }
    assert!(!home.path().join("certdesk").exists(), "no default database was made");
}

#[test]
fn synthetic_courses_are_deterministic_final_and_mostly_passing() {
    let out = tempfile::tempdir().expect("temp dir");
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    let db = TestDb::new();
    for dir in [&a, &b] {
        db.ok(&["sample", "--learners", "2000", "--activities", "12", "--out", dir.to_str().expect("path")]);
    }
    for file in ["course.toml", "roster.csv", "grades.csv"] {
        assert_eq!(std::fs::read(a.join(file)).expect("read"), std::fs::read(b.join(file)).expect("read"), "{file}");
    }
    db.ok(&["import", a.to_str().expect("path")]);
    let gradebook = db.json(&["gradebook", "synthetic", "--json"]);
    let learners = gradebook["learners"].as_array().expect("learners");
    assert_eq!(learners.len(), 2000);
    assert!(learners.iter().all(|l| l["grade_status"] == "final"));
    let passing = learners.iter().filter(|l| l["percent"].as_f64().expect("percent") >= 80.0).count();
    assert!((1500..=1700).contains(&passing), "{passing} of 2000 pass");
    // About --eligible's 70% by default can be certified, as the README says: audit learners
    // who pass are not.
    let certifiable =
        learners.iter().filter(|l| l["percent"].as_f64().expect("percent") >= 80.0 && l["mode"] != "audit").count();
    assert!((1300..=1500).contains(&certifiable), "{certifiable} of 2000 can be certified");
    let modes: std::collections::HashSet<&str> = learners.iter().map(|l| l["mode"].as_str().expect("mode")).collect();
    assert_eq!(modes.len(), 3);
    let roster = std::fs::read_to_string(a.join("roster.csv")).expect("roster");
    for script_sample in ["Ł", "Ş", "ễ", "Σ", "Д", "é"] {
        assert!(roster.contains(script_sample), "no {script_sample} in the synthetic names");
    }
}

#[test]
fn a_reader_who_stops_early_ends_every_command_quietly() {
    let db = TestDb::with_sample();
    db.ok(&["examples", "middle-earth-101"]);
    db.ok(&["generate", "middle-earth-101"]);
    let list = db.json(&["certificates", "middle-earth-101", "--json"]);
    let code = list[0]["code"].as_str().unwrap().to_string();
    for args in [
        vec!["verify", code.as_str()],
        vec!["mail-settings"],
        vec!["farewell", "middle-earth-101"],
        vec!["links", "middle-earth-101"],
        vec!["settings", "middle-earth-101"],
        vec!["gradebook", "middle-earth-101"],
        vec!["log", "middle-earth-101"],
    ] {
        // `| head -0`: the reading end is closed before the command writes anything.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = db.command(&args).stdout(writer).stderr(Stdio::piped()).output().expect("run certdesk");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "certdesk {args:?}: {stderr}");
        assert_ne!(output.status.code(), Some(101), "certdesk {args:?}");
    }
}

#[test]
fn a_reimport_that_undoes_a_setting_says_so_and_logs_it() {
    let db = TestDb::with_sample();
    db.ok(&["settings", "middle-earth-101", "--threshold", "71", "--issuance", "threshold", "--yes"]);
    let folder = common::sample_folder();
    let said = db.ok(&["import", folder.to_str().expect("path")]);
    assert!(
        said.contains(
            "Course definition from the file: pass threshold 71.0% -> 80.0%; issuance policy threshold -> final."
        ),
        "{said}"
    );
    let log = db.ok(&["log", "middle-earth-101"]);
    assert!(log.contains("pass threshold 71.0% -> 80.0%"), "{log}");
    // Each event's time, to the second, says its zone.
    for event in log.lines().filter(|line| !line.starts_with(' ')) {
        assert_eq!(event.get(19..25), Some(" UTC  "), "{log}");
    }
    let again = db.ok(&["import", folder.to_str().expect("path")]);
    assert!(!again.contains("Course definition"), "nothing changed the second time: {again}");
}

#[test]
fn a_reimport_names_the_learners_it_added_updated_and_kept_off_the_roster() {
    let db = TestDb::with_sample();
    let folder = db.dir.path().join("middle-earth");
    std::fs::create_dir(&folder).expect("folder");
    let sample = common::sample_folder();
    std::fs::copy(sample.join("course.toml"), folder.join("course.toml")).expect("course");
    // frodo, samwise and zoe leave the roster (and grades.csv); bilbo's name changes; one joins.
    let keep = |text: String| -> String {
        let gone = ["frodo,", "samwise,", "zoe,"];
        text.lines().filter(|line| !gone.iter().any(|name| line.starts_with(name))).map(|l| format!("{l}\n")).collect()
    };
    let roster = keep(std::fs::read_to_string(sample.join("roster.csv")).expect("roster"))
        .replace("bilbo,Bilbo Baggins,", "bilbo,Bilbo B. Baggins,")
        + "lotho,Lotho Sackville-Baggins,lotho@shire.me,honor,active\n";
    std::fs::write(folder.join("roster.csv"), roster).expect("roster");
    let grades = keep(std::fs::read_to_string(sample.join("grades.csv")).expect("grades"));
    std::fs::write(folder.join("grades.csv"), grades).expect("grades");
    let path = folder.to_str().expect("path");

    let report = db.json(&["import", path, "--json"]);
    assert_eq!(report["usernames_added"], serde_json::json!(["lotho"]));
    assert_eq!(report["usernames_updated"], serde_json::json!(["bilbo"]));
    assert_eq!(report["usernames_not_on_roster"], serde_json::json!(["frodo", "samwise", "zoe"]));
    let said = db.ok(&["import", path]);
    assert!(
        said.contains(
            "0 learners added, 0 updated, 27 unchanged, 3 learners not on the roster (kept as they were).\n  Not on \
             the roster: frodo, samwise and zoe\n"
        ),
        "{said}"
    );
}

#[test]
fn settings_json_after_a_change_prints_the_settings_as_they_now_stand() {
    let db = TestDb::with_sample();
    let output = db.run(&["settings", "middle-earth-101", "--threshold", "71", "--json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let settings: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"));
    assert_eq!(settings["pass_threshold"], 71.0, "{settings}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("middle-earth-101: pass threshold 80.0% -> 71.0%"),
        "what changed goes to stderr: {stderr}"
    );
}

/// In a pipe or a file, which a script reads, no cell is cut: a long name came out as
/// `…von Hoh…`, lost to `grep` (`--json` had it whole).
#[test]
fn tables_in_a_pipe_keep_every_name_whole() {
    let db = TestDb::with_sample();
    db.ok(&["generate", "middle-earth-101"]);
    let long = "Maximiliana Wilhelmina Theodora von Hohenzollern-Sigmaringen zu Schwarzenberg und Lobkowicz-Thurn";
    for args in [&["gradebook", "middle-earth-101"][..], &["certificates", "middle-earth-101"]] {
        let table = db.ok(args);
        assert!(table.lines().any(|line| line.contains(long)), "{args:?}: {table}");
        assert!(!table.contains('…'), "{args:?}: {table}");
    }
}
