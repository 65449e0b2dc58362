//! The command line at a real terminal (tmux): a destructive command names what it will do
//! and waits for a yes; the same command in a script (no terminal) does not ask.

use crate::common;

use common::tmux::Tmux;
use common::{BIN, TestDb};

const COURSE: &str = "middle-earth-101";

/// Runs `args` in the terminal, answers the question with `answer`, and returns the screen.
fn answered(tmux: &Tmux, db: &TestDb, args: &str, question: &str, answer: &str, outcome: &str) -> String {
    // The previous command's question must be gone before this one's is looked for: an answer
    // typed ahead of its question is read without being echoed after it.
    tmux.type_text("clear");
    tmux.send(&["Enter"]);
    tmux.wait_until("the screen cleared", |screen| !screen.contains(question));
    tmux.type_text(&format!("{BIN} --db '{}' {args}", db.path().display()));
    tmux.send(&["Enter"]);
    tmux.wait_for(question);
    tmux.type_text(answer);
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for(outcome);
    ended(tmux);
    screen
}

/// Waits for the shell's prompt under the command's output: the command has then exited and let
/// go of the database, which the test opens next (the outcome is printed a moment before).
fn ended(tmux: &Tmux) {
    tmux.wait_until("the command ended", |screen| {
        screen.lines().rev().find(|line| !line.trim().is_empty()).is_some_and(|line| line.trim_end() == "e2e$")
    });
}

#[test]
fn revoke_delete_and_invalidate_ask_at_a_terminal_and_name_the_certificate() {
    let db = TestDb::with_sample();
    db.ok(&["generate", COURSE]);
    let tmux = Tmux::start("confirm", 140, 30);
    tmux.wait_for("e2e$");

    let code = db.active_code(COURSE, "aragorn").expect("aragorn is certified");
    let screen = answered(&tmux, &db, &format!("revoke {code} --reason typo"), "[y/N]", "n", "Nothing revoked.");
    assert!(screen.contains(&format!("Revoke certificate {code} of aragorn (Aragorn")), "{screen}");
    assert_eq!(db.active_code(COURSE, "aragorn").as_deref(), Some(code.as_str()), "answered no: still in force");
    answered(&tmux, &db, &format!("revoke {code} --reason typo"), "[y/N]", "y", &format!("Revoked {code}"));
    assert_eq!(db.active_code(COURSE, "aragorn"), None);

    let code = db.active_code(COURSE, "samwise").expect("samwise is certified");
    let screen = answered(&tmux, &db, &format!("delete {COURSE} samwise"), "[y/N]", "", "Nothing deleted.");
    assert!(screen.contains(&format!("Delete certificate {code} of samwise (Samwise Gamgee)")), "{screen}");
    assert_eq!(db.active_code(COURSE, "samwise").as_deref(), Some(code.as_str()), "Enter alone is no");

    let code = db.active_code(COURSE, "frodo").expect("frodo is certified");
    let screen = answered(
        &tmux,
        &db,
        &format!("invalidate {COURSE} frodo --reason plagiarism"),
        "[y/N]",
        "n",
        "Nothing changed.",
    );
    assert!(screen.contains(&format!("Bar frodo from certification in {COURSE}, revoking their certificate {code}")));
    let log = db.ok(&["log", COURSE]);
    assert!(!log.contains("plagiarism"), "answered no: nothing recorded\n{log}");

    // With --yes, or from a script, nothing is asked.
    tmux.type_text(&format!("clear; {BIN} --db '{}' delete {COURSE} samwise --yes", db.path().display()));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("stays in the history");
    assert!(!screen.contains("[y/N]"), "{screen}");
    ended(&tmux);
    db.ok(&["invalidate", COURSE, "frodo", "--reason", "plagiarism"]);
    assert_eq!(db.active_code(COURSE, "frodo"), None);
}

/// Learners whose names are in scripts terminals count letter by letter, added to the sample
/// course (with all their points), which is imported into a new database.
const NAMES: [(&str, &str); 8] = [
    ("priya", "स्नेहा त्रिपाठी"),
    ("kanya", "กาญจนา ใจดี"),
    ("rupa", "শ্রাবন্তী রায়চৌধুরী"),
    ("ahmad", "أَحْمَد عَلَاء الدِّين"),
    ("selvi", "தமிழ்செல்வி"),
    ("wang", "王小明"),
    ("minji", "김민지"),
    ("田中", "田中 美咲"),
];

fn with_names() -> TestDb {
    let db = TestDb::new();
    let folder = db.sample_copy("course");
    let append = |file: &str, lines: Vec<String>| {
        let text = std::fs::read_to_string(folder.join(file)).unwrap();
        std::fs::write(folder.join(file), format!("{text}{}\n", lines.join("\n"))).unwrap();
    };
    append(
        "roster.csv",
        NAMES.iter().map(|(user, name)| format!("{user},{name},{user}@example.org,honor,active")).collect(),
    );
    append("grades.csv", NAMES.iter().map(|(user, _)| format!("{user},10,10,10,10,10,10,10,10,10,10")).collect());
    db.ok(&["import", folder.to_str().unwrap()]);
    db
}

/// Names whose letters tmux counts one by one where unicode-width draws some together (a Bengali
/// vowel sign, an Arabic lam-alef) end in tmux where every other name ends: each row of
/// `certdesk certificates` is as wide on the screen as the others.
#[test]
fn certificates_rows_line_up_in_a_terminal_whatever_the_script_of_the_name() {
    let db = with_names();
    db.ok(&["generate", COURSE]);
    let table = db.ok(&["certificates", COURSE]);
    let file = db.dir.path().join("certificates.txt");
    std::fs::write(&file, &table).unwrap();

    let tmux = Tmux::start("columns", 200, 10);
    tmux.wait_for("e2e$");
    // The width of row `number` on the screen: where the cursor is after it (and the prompt).
    let on_screen = |number: usize| {
        tmux.type_text(&format!("clear; printf '%s' \"$(sed -n {number}p '{}')\"", file.display()));
        tmux.send(&["Enter"]);
        tmux.wait_until("the row and the prompt after it", |screen| {
            let last = screen.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("");
            !last.contains("printf") && last.trim_end().ends_with("e2e$") && last.trim_end() != "e2e$"
        });
        tmux.cursor_x() - "e2e$ ".len()
    };
    let lines: Vec<&str> = table.lines().collect();
    let aragorn = lines.iter().position(|line| line.contains(" aragorn ")).unwrap() + 1;
    let width = on_screen(aragorn);
    for (user, name) in NAMES {
        let number = lines.iter().position(|line| line.contains(&format!(" {user} "))).unwrap() + 1;
        assert_eq!(on_screen(number), width, "{name}:\n{table}");
    }
}

/// A username in Han characters takes two cells a character: the lists of generate and
/// regenerate pad it by cells, where they counted characters and pushed its row two cells right.
#[test]
fn a_username_in_wide_characters_keeps_the_columns_of_generate_and_regenerate() {
    let db = with_names();
    db.ok(&["generate", COURSE]);
    db.ok(&["grade", COURSE, "田中", "essay", "9"]);
    db.ok(&["grade", COURSE, "wang", "essay", "9"]);
    let said = db.ok(&["regenerate", COURSE, "--stale"]);
    let rows: Vec<&str> = said.lines().filter(|line| line.starts_with("  ")).collect();
    // 田中 is four cells: padded to sixteen with twelve spaces, as wang with thirteen.
    assert!(rows.iter().any(|row| row.starts_with(&format!("  田中{} 100.0% -> 99.0%", " ".repeat(12)))), "{said}");
    assert!(rows.iter().any(|row| row.starts_with(&format!("  wang{} 100.0% -> 99.0%", " ".repeat(12)))), "{said}");
    // Without an active certificate, its row is padded the same way.
    db.ok(&["delete", COURSE, "田中", "--yes"]);
    let said = String::from_utf8_lossy(&db.run(&["regenerate", COURSE, "田中"]).stdout).to_string();
    assert!(said.contains(&format!("  田中{} has no active certificate", " ".repeat(12))), "{said}");
}

/// From cron or a pipe the terminal application has no terminal: crossterm's `No such device
/// or address (os error 6)` said nothing; the sentence says what to do.
#[test]
fn the_terminal_application_without_a_terminal_says_so_and_points_to_the_commands() {
    let db = TestDb::with_sample();
    let output = db.command(&[]).stdin(std::process::Stdio::null()).output().expect("run certdesk");
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.starts_with("certdesk: the terminal application needs a terminal to run in"), "{said}");
    assert!(said.contains("`certdesk --help` lists them"), "{said}");
    assert!(output.stdout.is_empty(), "nothing of a screen");
}
