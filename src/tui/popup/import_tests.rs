//! The import dialog: its fields, their cursors, its notes and its keys.

use super::*;

/// The screen's rows as text, borders and all.
fn screen(form: &ImportForm, width: u16, height: u16) -> String {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    form.render(area, &mut buf, Theme::plain());
    (0..height).map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n").collect()
}

#[test]
fn naming_another_file_clears_what_was_said_about_the_last_one() {
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let notes = vec!["old.csv:2: column 'maps': 12 is above the maximum".to_string()];
    let mut form = ImportForm { notes, notes_are_problems: true, ..ImportForm::new() };
    form.fields[0] = "old.csv".into();
    form.focus = 1;
    form.handle_key(key(KeyCode::Char('x')));
    assert_eq!(form.notes.len(), 1, "editing the course file keeps the problems it may be fixing");
    form.focus = 0;
    form.handle_key(key(KeyCode::Backspace));
    assert!(form.notes.is_empty());
    assert!(!screen(&form, 100, 24).contains("above the maximum"));
}

#[test]
fn every_problem_shows_in_a_terminal_of_80_by_24() {
    for count in 1..=3 {
        let notes = (1..=count)
            .map(|n| format!("grades.csv:{n}: column 'maps': 12 is above the maximum of 10 points (problem-{n})"))
            .collect();
        let form = ImportForm { notes, notes_are_problems: true, ..ImportForm::new() };
        let shown = screen(&form, 80, 24);
        // A problem may wrap; its end shows that all of it did.
        for n in 1..=count {
            assert!(shown.contains(&format!("(problem-{n})")), "{count} problems:\n{shown}");
        }
        assert!(shown.contains("Esc cancel"), "{shown}");
    }
}

#[test]
fn pgdn_reaches_every_problem_of_a_long_list_at_80_by_24_and_pgup_comes_back() {
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let notes = (1..=40).map(|n| format!("grades.csv:{n}: column 'maps': not a number (problem-{n})")).collect();
    let mut form = ImportForm { notes, notes_are_problems: true, ..ImportForm::new() };
    let first = screen(&form, 80, 24);
    assert!(first.contains("(problem-1)") && !first.contains("(problem-40)"), "{first}");
    assert!(first.contains("more (PgDn"), "the dialog says how to see the rest: {first}");
    let mut seen: Vec<usize> = Vec::new();
    for _ in 0..40 {
        let shown = screen(&form, 80, 24);
        seen.extend((1..=40).filter(|n| shown.contains(&format!("(problem-{n})"))));
        form.handle_key(key(KeyCode::PageDown));
    }
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen, (1..=40).collect::<Vec<_>>(), "every problem shows on some page");
    let last = screen(&form, 80, 24);
    assert!(last.contains("(problem-40)") && last.contains("more above (PgUp)"), "{last}");
    assert!(!last.contains("PgDn"), "nothing is left below the last page: {last}");
    for _ in 0..40 {
        form.handle_key(key(KeyCode::PageUp));
    }
    assert_eq!(screen(&form, 80, 24), first);
}

#[test]
fn a_field_is_edited_where_its_cursor_is() {
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let mut form = ImportForm::new();
    form.paste("~/grades.csv");
    for _ in 0..".csv".len() {
        form.handle_key(key(KeyCode::Left));
    }
    form.handle_key(key(KeyCode::Char('2')));
    form.paste("-final");
    assert_eq!(form.fields[0], "~/grades2-final.csv");
    form.handle_key(key(KeyCode::Tab));
    form.handle_key(key(KeyCode::Char('c')));
    assert_eq!(form.fields[1], "c", "each field has its own cursor, at the end of a new field");
}

#[test]
fn the_line_under_the_fields_describes_the_field_with_the_focus() {
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let mut form = ImportForm::new();
    let wanted = ["Chamilo", "drafts", "grading_policy", "modes"];
    for (field, words) in wanted.iter().enumerate() {
        for (width, height) in [(100, 24), (60, 30)] {
            let shown = screen(&form, width, height);
            assert!(shown.contains(words), "field {field} at {width} columns:\n{shown}");
            for (other, words) in wanted.iter().enumerate().filter(|(other, _)| *other != field) {
                assert!(!shown.contains(words), "field {field} at {width} columns shows {other}'s hint:\n{shown}");
            }
        }
        form.handle_key(key(KeyCode::Tab));
    }
}

/// A path longer than its row goes on under where it starts, after its label: it went whole
/// to the next row at the box's edge, leaving `File or folder >` alone on its row.
#[test]
fn a_long_path_goes_on_under_itself_after_its_label() {
    let path = "/home/staff/courses/2026-autumn/middle-earth-101/exports/very-long-folder-name/grades.csv";
    let mut form = ImportForm::new();
    form.paste(path);
    let shown = screen(&form, 80, 24);
    let rows: Vec<&str> = shown.lines().filter_map(|row| row.split('│').nth(1)).collect();
    let at =
        rows.iter().position(|row| row.contains("File or folder > /home/staff/")).unwrap_or_else(|| panic!("{shown}"));
    let under = format!(" {:width$}", "", width = VALUES_AT);
    assert!(rows[at + 1].starts_with(&under) && rows[at + 1].contains("grades.csv▏"), "{shown}");
    let read: String = rows[at..=at + 1].iter().map(|row| row.trim().trim_start_matches("File or folder > ")).collect();
    assert_eq!(read, format!("{path}▏"), "{shown}");
}
