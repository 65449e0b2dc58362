//! Snapshots of whole screens, each at 80x24 and 120x40: every pane, the help overlay, every
//! popup and dialog, the editor and its full-screen preview. Each screen is also checked for
//! what must hold at any size: nothing runs into the right edge without an ellipsis.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{COURSE, Harness};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Snapshots the screen as `name_WxH`, after checking that no row was cut silently: a row
/// whose text reaches the last column must be a border, a bar, or end in `…`.
#[track_caller]
pub(super) fn snapshot(h: &mut Harness, name: &str) {
    snapshot_as(h, name, |screen| screen);
}

/// As `snapshot`, with what changes from run to run (a temporary path) replaced by `stable`.
#[track_caller]
pub(super) fn snapshot_as(h: &mut Harness, name: &str, stable: impl FnOnce(String) -> String) {
    let screen = stable(h.screen());
    let (width, height) = (h.terminal.backend().buffer().area.width, h.terminal.backend().buffer().area.height);
    for line in screen.lines() {
        // TestBackend adds a note after rows with wide characters.
        let row = line.strip_prefix('"').unwrap_or(line);
        let text = row.rfind("\" Hidden by").map_or_else(|| row.strip_suffix('"').unwrap_or(row), |end| &row[..end]);
        let last = text.chars().last().unwrap_or(' ');
        let allowed = last == ' ' || last == '…' || ('\u{2500}'..='\u{259F}').contains(&last);
        assert!(allowed, "{name} at {width}x{height}: a row runs into the edge without `…`:\n{text}\n{screen}");
    }
    insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
}

fn at_both_sizes(name: &str, steps: impl Fn(&mut Harness)) {
    for (width, height) in SIZES {
        let mut h = Harness::new(width, height);
        steps(&mut h);
        snapshot(&mut h, name);
    }
}

fn ctrl(h: &mut Harness, c: char) {
    h.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Certificates issued under the threshold policy, then bilbo's essay graded: one stale.
fn with_a_stale_certificate(h: &mut Harness) {
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.go_to_bilbo_essay().key(KeyCode::Enter).keys("10").key(KeyCode::Enter).key(KeyCode::Esc);
}

#[test]
fn tui_gradebook_screens() {
    at_both_sizes("gradebook", |_| {});
    at_both_sizes("gradebook_last_columns", |h| {
        for _ in 0..20 {
            h.key(KeyCode::Right);
        }
    });
    at_both_sizes("score_prompt", |h| {
        h.keys("/bilbo").key(KeyCode::Enter);
        for _ in 0..12 {
            h.key(KeyCode::Right);
        }
        h.key(KeyCode::Enter);
    });
    at_both_sizes("filter", |h| {
        h.keys("/ba");
    });
    at_both_sizes("learner_progress", |h| {
        h.keys("/bilbo").key(KeyCode::Enter).keys("p");
    });
    at_both_sizes("clear_score_dialog", |h| {
        h.keys("/bilbo").key(KeyCode::Enter).key(KeyCode::Right).key(KeyCode::Right).key(KeyCode::Right).keys("x");
    });
    at_both_sizes("import_dialog", |h| {
        h.keys("i");
    });
}

#[test]
fn tui_certificates_screens() {
    at_both_sizes("certificates", |h| {
        with_a_stale_certificate(h);
        h.keys("2");
    });
    // The longest name on screen, and flags long enough that something must give way at 120
    // columns too: maximiliana falls below the threshold, frodo's letter changes.
    at_both_sizes("certificates_flags", |h| {
        h.threshold_policy().keys("g").key(KeyCode::Enter);
        for (learner, points) in [("maximiliana", "2"), ("frodo", "1")] {
            h.keys("1/").keys(learner).key(KeyCode::Enter);
            for _ in 0..3 {
                h.key(KeyCode::Right);
            }
            h.key(KeyCode::Enter);
            ctrl(h, 'u');
            h.keys(points).key(KeyCode::Enter).key(KeyCode::Esc);
        }
        h.keys("2");
    });
    at_both_sizes("history", |h| {
        h.threshold_policy().keys("g").key(KeyCode::Enter).keys("d").keys("y").keys("H");
    });
    at_both_sizes("generate_dialog", |h| {
        h.keys("2g");
    });
    at_both_sizes("regenerate_dialog", |h| {
        with_a_stale_certificate(h);
        h.keys("2r");
    });
    at_both_sizes("delete_one", |h| {
        h.threshold_policy().keys("g").key(KeyCode::Enter).keys("d");
    });
    // The message is longer than 80 columns: it takes the key line too, until the next key.
    at_both_sizes("deleted_one", |h| {
        h.threshold_policy().keys("g").key(KeyCode::Enter).keys("dy");
    });
    at_both_sizes("delete_all", |h| {
        h.threshold_policy().keys("g").key(KeyCode::Enter).keys("D").keys("middle");
    });
    at_both_sizes("export_prompt", |h| {
        h.threshold_policy().keys("g").key(KeyCode::Enter).keys("e");
    });
    at_both_sizes("verify_prompt", |h| {
        h.keys("2V");
    });
    at_both_sizes("verify_result", |h| {
        h.keys("2V").keys("XXXX-XXXX-XXXX").key(KeyCode::Enter);
    });
    at_both_sizes("preview", |h| {
        h.threshold_policy().keys("g").key(KeyCode::Enter).key(KeyCode::Enter);
    });
}

#[test]
fn tui_settings_and_examples_screens() {
    at_both_sizes("settings", |h| {
        h.keys("2s");
    });
    at_both_sizes("threshold_prompt", |h| {
        h.keys("2st");
    });
    at_both_sizes("template_picker", |h| {
        h.keys("2s1");
    });
    at_both_sizes("self_generation_dialog", |h| {
        h.keys("2xg").keys("s").keys("o");
    });
    at_both_sizes("examples", |h| {
        h.keys("2xg");
    });
    // The longest name's example: the footer says every text of it that had to shrink or wrap,
    // and its name whole.
    at_both_sizes("examples_longest_name", |h| {
        h.keys("2xg").keys("jj");
    });
    at_both_sizes("examples_preview", |h| {
        h.keys("2xg").key(KeyCode::Enter);
    });
}

/// At 80 columns every example's name of the sample course shows whole but the longest, which
/// the footer says whole with the texts that had to shrink, where names were cut to 13 cells
/// (`Nguyễn Văn An`, `Ιωάννης Κωνσ…`) and the footer's texts after the date.
#[test]
fn tui_examples_show_their_names_at_80_columns() {
    let mut h = Harness::new(80, 24);
    h.keys("2xg");
    let screen = h.screen();
    for name in ["ประเสริฐ ชัยประเสริฐ", "خديجة الزهراني", "अनिरुद्ध श्रीवास्तव", "欧阳静怡", "Maximiliana Wilhelmina"]
    {
        assert!(screen.contains(name), "{name}: {screen}");
    }
    h.keys("jj");
    let screen = h.screen();
    assert!(screen.contains("longest name: line 86 \"Maximiliana…\": shrunk 38.0→21.0pt (55%)"), "{screen}");
    let greek = h.keys("/greek").key(KeyCode::Enter).screen();
    assert!(greek.contains("Ιωάννης Κωνσταντινίδης") && !greek.contains("Κωνσ…"), "{greek}");
}

#[test]
fn tui_help_screens() {
    at_both_sizes("help_gradebook", |h| {
        h.keys("?");
        // The widest key starts at the dialog's margin, as every dialog's text does.
        assert!(h.screen().contains("│ Tab/S-Tab 1-4  switch tabs"), "{}", h.screen());
    });
    at_both_sizes("help_certificates", |h| {
        h.keys("2?");
    });
    at_both_sizes("help_templates", |h| {
        h.keys("3?");
    });
}

#[test]
fn tui_course_switcher_log_and_templates_screens() {
    at_both_sizes("course_switcher", |h| {
        h.keys("c");
    });
    // A title longer than the box at 80 columns, and longer than the screen at 120: the box
    // grows to the screen, and what it cannot hold ends in `…`.
    at_both_sizes("course_switcher_long_title", |h| {
        let (_dir, folder) = super::sample_copy();
        let toml = folder.join("course.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        let text = text.replacen(&format!("id = \"{COURSE}\""), "id = \"middle-earth-201\"", 1).replacen(
            "title = \"Introduction to Middle-earth Studies\"",
            "title = \"Comparative History of Middle-earth Languages, Peoples and Their Written Records, \
             with a Seminar on the Red Book of Westmarch\"",
            1,
        );
        std::fs::write(&toml, text).unwrap();
        crate::import::import_folder(&h.store, &folder, None, ("tester", super::NOW.parse().unwrap())).unwrap();
        h.keys("c");
        let screen = h.screen();
        let row = screen.lines().find(|row| row.contains("middle-earth-201")).unwrap_or_default();
        assert!(row.contains("Comparative History") && row.contains("… │"), "{screen}");
    });
    at_both_sizes("log", |h| {
        h.threshold_policy().keys("g").key(KeyCode::Enter).keys("4");
    });
    at_both_sizes("templates", |h| {
        h.keys("3");
    });
    at_both_sizes("templates_used_widely", |h| {
        super::templates::used_by_two_courses(h, "certificate-of-completion-with-distinction-for-the-2026-cohort");
        h.keys("3");
    });
}

#[test]
fn tui_editor_screens() {
    at_both_sizes("editor", |h| {
        h.keys("3").key(KeyCode::Enter);
    });
    at_both_sizes("editor_full_preview", |h| {
        h.keys("3").key(KeyCode::Enter);
        ctrl(h, 't');
        h.app.tick();
    });
    // F3: the roster's next worst-case name, said in the title.
    at_both_sizes("editor_full_preview_next_name", |h| {
        h.keys("3").key(KeyCode::Enter);
        ctrl(h, 't');
        h.app.tick();
        h.key(KeyCode::F(3));
    });
    at_both_sizes("editor_leave_dialog", |h| {
        h.keys("3").key(KeyCode::Enter).keys("x").key(KeyCode::Esc);
    });
}
