//! The terminal application at its best and at its smallest, in a real terminal (tmux): names
//! in every script stay in their columns, every pane is usable at 80x24, and previews go out
//! as real pictures that decode to the page and are taken down again.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

use common::pictures::{decode_kitty, decode_png, decode_sixel, difference, ink, kitty_commands, unwrap_tmux};
use common::tmux::Tmux;
use common::{BIN, TestDb};

/// A course of `learners` with names in every script, imported, with certificates issued.
fn scripts_course(learners: usize) -> (TestDb, BTreeMap<String, String>) {
    let db = TestDb::new();
    let folder = db.dir.path().join("scripts");
    let count = learners.to_string();
    let folder_arg = folder.to_str().expect("utf-8 path");
    db.ok(&["sample", "--learners", &count, "--activities", "4", "--scripts", "all", "--out", folder_arg]);
    db.ok(&["import", folder_arg]);
    db.ok(&["generate", "synthetic"]);
    let mut roster = csv::Reader::from_path(folder.join("roster.csv")).expect("roster.csv");
    let names = roster
        .records()
        .map(|record| {
            let record = record.expect("a roster row");
            (record[0].to_string(), record[1].to_string())
        })
        .collect();
    (db, names)
}

/// How many cells tmux gives each name: printed in the pane's shell, read off the cursor.
fn widths_in_tmux(tmux: &Tmux, names: &BTreeMap<String, String>) -> BTreeMap<String, usize> {
    tmux.wait_for("e2e$");
    names
        .iter()
        .map(|(username, name)| {
            let quoted = name.replace('\'', "'\\''");
            tmux.type_text(&format!("clear; printf '%s' '{quoted}'; read -r _"));
            tmux.send(&["Enter"]);
            tmux.wait_until("the name alone on the screen", |screen| screen.trim() == name.trim());
            let width = tmux.cursor_x();
            tmux.send(&["Enter"]);
            (username.clone(), width)
        })
        .collect()
}

/// The column each row's `mode` starts at, as tmux draws it: everything before the name is
/// ASCII, so its column is its position; the name takes the cells tmux gives it; then blanks.
fn mode_columns(
    screen: &str,
    names: &BTreeMap<String, String>,
    widths: &BTreeMap<String, usize>,
) -> Vec<(String, usize)> {
    let mut columns = Vec::new();
    for line in screen.lines() {
        let Some(start) = line.find("learner") else { continue };
        let username: String = line[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let Some(name) = names.get(&username) else { continue };
        let rest = &line[start + username.len() + 1..];
        assert!(rest.starts_with(name.as_str()), "{username}'s name is drawn whole: {line:?}");
        let after = &rest[name.len()..];
        let blanks = after.len() - after.trim_start().len();
        assert!(["verified", "honor", "audit"].iter().any(|mode| after.trim_start().starts_with(mode)), "{line:?}");
        columns.push((username.clone(), start + username.len() + 1 + widths[&username] + blanks));
    }
    columns
}

#[track_caller]
fn all_in_one_column(columns: &[(String, usize)], at_least: usize) {
    let distinct: BTreeSet<usize> = columns.iter().map(|(_, column)| *column).collect();
    assert!(columns.len() >= at_least, "only {} rows found", columns.len());
    assert_eq!(distinct.len(), 1, "the mode column moves: {columns:?}");
}

#[test]
fn tui_e2e_names_in_every_script_stay_in_their_columns() {
    let (db, names) = scripts_course(60);
    let tmux = Tmux::start("scripts", 120, 40);
    let widths = widths_in_tmux(&tmux, &names);
    assert!(
        names.iter().any(|(username, name)| widths[username] != unicode_width::UnicodeWidthStr::width(name.as_str())),
        "tmux draws some names at another width than unicode-width says (the case this test is about)"
    );
    tmux.type_text(&format!("clear; {BIN} --db '{}'", db.path().display()));
    tmux.send(&["Enter"]);
    let first = tmux.wait_for("60 learners");
    let mut columns = mode_columns(&first, &names, &widths);
    tmux.send(&["PageDown"]);
    tmux.send(&["PageDown"]);
    let second = tmux.wait_for("learner000060");
    columns.extend(mode_columns(&second, &names, &widths));
    all_in_one_column(&columns, 50);

    // The certificates list shows the names at 120 columns, and usernames uncut.
    tmux.type_text("2");
    let screen = tmux.wait_for("active certificates");
    assert!(screen.contains(" learner0000"), "{screen}");
    assert!(!screen.contains("learner0000…"), "usernames are not cut: {screen}");
    let mut columns = mode_columns(&screen, &names, &widths);
    tmux.send(&["End"]);
    let end = tmux.wait_until("the end of the list", |now| now != screen);
    columns.extend(mode_columns(&end, &names, &widths));
    all_in_one_column(&columns, 30);
    tmux.type_text("q");
    tmux.wait_for("e2e$");
}

fn open_sample(tmux: &Tmux, db: &TestDb, graphics: &str) {
    tmux.wait_for("e2e$");
    tmux.type_text(&format!("CERTDESK_GRAPHICS={graphics} {BIN} --db '{}'", db.path().display()));
    tmux.send(&["Enter"]);
    tmux.wait_for("29 learners");
}

/// Esc, then waits for `title` to go (a key right after Esc would arrive as Alt-key).
fn close(tmux: &Tmux, title: &str) {
    tmux.send(&["Escape"]);
    tmux.wait_until(&format!("{title:?} to close"), |screen| !screen.contains(title));
}

/// Waits for one screen that shows everything that makes it usable (its content and its
/// keys): tmux can be read between the parts of a frame, so one look is not enough.
#[track_caller]
fn usable(tmux: &Tmux, expected: &[&str]) -> String {
    tmux.wait_until(&format!("{expected:?} on one screen"), |screen| expected.iter().all(|text| screen.contains(text)))
}

#[test]
fn tui_e2e_every_pane_is_usable_at_80x24() {
    let db = TestDb::with_sample();
    let tmux = Tmux::start("small", 80, 24);
    open_sample(&tmux, &db, "halfblocks");
    usable(&tmux, &["username", "Bilbo Baggins", "29 learners", "? help  q quit"]);

    tmux.type_text("?");
    usable(&tmux, &["Keys: Gradebook", "learner's progress", "Esc close"]);
    close(&tmux, "Keys: Gradebook");
    tmux.type_text("i");
    usable(&tmux, &["Import a course folder", "File or folder", "Esc cancel"]);
    close(&tmux, "Import a course folder");

    tmux.type_text("2sp");
    tmux.wait_for("policy threshold");
    tmux.type_text("g");
    usable(&tmux, &["Dry run", "issue 20 certificates", "y/Enter confirm"]);
    tmux.send(&["Enter"]);
    usable(&tmux, &["Issued 20", "20 active certificates", "g gen"]);
    tmux.type_text("v");
    // The whole popup: tmux can be read while the page is drawn and its key line not yet.
    tmux.wait_until("the page in half-blocks with its keys", |screen| {
        screen.matches('▀').count() > 500 && screen.contains("w write PDF")
    });
    close(&tmux, "w write PDF");
    tmux.type_text("s");
    usable(&tmux, &["Settings of middle-earth-101", "pass threshold", "verify URL", "Esc close"]);
    close(&tmux, "Settings of middle-earth-101");
    tmux.type_text("H");
    usable(&tmux, &["history:", "status"]);
    tmux.type_text("Hxg");
    // At 80 columns the fit column says how much (its header is `fit`), the name has its room.
    usable(&tmux, &["Made 18 example certificates", "55%, 2 lines", "as written", "Chinese name", "Nguyễn Văn An"]);
    tmux.type_text("V");
    usable(&tmux, &["Verify a code", "Enter accept"]);
    close(&tmux, "Verify a code");

    tmux.type_text("4");
    usable(&tmux, &["newest first", "examples", "generate"]);
    tmux.type_text("c");
    usable(&tmux, &["Switch course", "middle-earth-101"]);
    close(&tmux, "Switch course");

    tmux.type_text("3");
    usable(&tmux, &["prints with", "honor", "verified"]);
    tmux.send(&["Enter"]);
    let editor = usable(&tmux, &["fit:", "honor revision 1", "Ctrl-T view", "shrunk"]);
    let numbered =
        editor.lines().filter(|line| line.trim_start_matches('│').trim_start().starts_with(char::is_numeric)).count();
    assert!(numbered >= 12, "the editor shows {numbered} lines of text:\n{editor}");
    tmux.send(&["C-t"]);
    let full = tmux.wait_until("the preview to fill the pane", |screen| {
        screen.contains("back to the text") && screen.matches('▀').count() > 500 && !screen.contains("  5 page")
    });
    assert!(full.contains("preview: longest name 1/3 — Maximiliana"), "{full}");
    // F3: the roster's next worst-case name, a Cyrillic one shorter than the longest.
    tmux.send(&["F3"]);
    tmux.wait_for("preview: Cyrillic name 2/3 — Дмитрий Шостакович-Иванов");
    close(&tmux, "back to the text");
    tmux.wait_for("  5 page");
    close(&tmux, "Ctrl-T view");
    tmux.wait_for("prints with");
    tmux.type_text("q");
    tmux.wait_for("e2e$");
}

/// Waits until the recorded output, past its first `from` bytes (unwrapped from tmux's
/// passthrough), holds `needle`; returns all of it, unwrapped.
fn wait_for_output(path: &Path, needle: &[u8], from: usize) -> Vec<u8> {
    let started = Instant::now();
    loop {
        let bytes = unwrap_tmux(&std::fs::read(path).unwrap_or_default());
        if bytes.get(from..).is_some_and(|new| new.windows(needle.len()).any(|window| window == needle)) {
            return bytes;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "waited 20 s for {needle:?} in the output");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn export_honor(db: &TestDb) -> common::pictures::Pixels {
    let png = db.dir.path().join("honor.png");
    db.ok(&["preview", "middle-earth-101", "--example", "honor", "--png", png.to_str().expect("utf-8 path")]);
    decode_png(&std::fs::read(png).expect("the export"))
}

#[test]
fn tui_e2e_kitty_previews_are_pictures_of_the_page_taken_down_on_close() {
    let db = TestDb::with_sample();
    let tmux = Tmux::start("kitty", 80, 24);
    let output = db.dir.path().join("output");
    let export = export_honor(&db);
    open_sample(&tmux, &db, "kitty");
    tmux.record_output(&output);
    tmux.type_text("2xg");
    tmux.wait_for("Made 18 example certificates");
    tmux.send(&["Enter"]);
    let sent = wait_for_output(&output, b"m=0;", 0);
    let (control, picture) = decode_kitty(&sent);
    assert!(control.contains("C=1") && control.contains("c=") && control.contains("r="), "{control}");
    assert!(ink(&picture) > 0.01);
    let near = difference(&picture, &export);
    assert!(near < 6.0, "the honor example, as the PNG export draws it: {near:.2}");
    let screen = tmux.screen();
    assert!(!screen.contains('▀'), "no half-blocks under the picture:\n{screen}");

    tmux.send(&["Escape"]);
    let after = wait_for_output(&output, b"a=d", sent.len());
    let id = control.split(',').find_map(|kv| kv.strip_prefix("i=")).expect("an id");
    let deleted = kitty_commands(&after)
        .iter()
        .any(|(control, _)| control.contains("a=d") && control.contains(&format!("i={id}")));
    assert!(deleted, "the picture is deleted by its id");
    tmux.type_text("q");
    tmux.wait_for("e2e$");
}

#[test]
fn tui_e2e_sixel_previews_are_pictures_of_the_page_and_the_screen_is_redrawn_on_close() {
    let db = TestDb::with_sample();
    let tmux = Tmux::start("sixel", 80, 24);
    let output = db.dir.path().join("output");
    let export = export_honor(&db);
    open_sample(&tmux, &db, "sixel");
    tmux.record_output(&output);
    tmux.type_text("2xg");
    tmux.wait_for("Made 18 example certificates");
    tmux.send(&["Enter"]);
    let sent = wait_for_output(&output, b"-\x1b\\", 0);
    let picture = decode_sixel(&sent);
    let aspect = picture.width as f64 / picture.height as f64;
    assert!((aspect - 297.0 / 210.0).abs() < 0.03 && picture.width > 300, "{}x{}", picture.width, picture.height);
    let near = difference(&picture, &export);
    assert!(near < 9.0, "the honor example, as the PNG export draws it: {near:.2}");
    let before = sent.len();

    tmux.send(&["Escape"]);
    // The screen is cleared to take the sixel down, then the list drawn again. (Frames drawn
    // before the Escape may repeat the list's text, so the clear is what is waited for.)
    let cleared = wait_for_output(&output, b"\x1b[2J", before);
    let clear_at = before + cleared[before..].windows(4).position(|w| w == b"\x1b[2J").expect("a clear");
    // One word: blank cells between words are not written again after the clear.
    wait_for_output(&output, b"Maximiliana", clear_at);
    tmux.type_text("q");
    tmux.wait_for("e2e$");
}
