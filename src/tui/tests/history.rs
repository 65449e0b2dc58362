//! The certificates' history at the narrowest screen: every name either whole or cut with `…`.

use ratatui::crossterm::event::KeyCode;

use super::Harness;

/// The name cell of `username`'s first row: the text between the `name` and `mode` headers.
fn name_cell(screen: &str, username: &str) -> String {
    let lines: Vec<Vec<char>> = screen.lines().map(|line| line.chars().collect()).collect();
    let header = lines.iter().find(|line| String::from_iter(line.iter()).contains("username")).expect("header");
    let header = String::from_iter(header.iter());
    let column = |title: &str| header[..header.find(title).expect(title)].chars().count();
    let (name, mode) = (column(" name ") + 1, column(" mode ") + 1);
    let row = lines
        .iter()
        .find(|line| String::from_iter(line.iter()).contains(&format!(" {username} ")))
        .unwrap_or_else(|| panic!("no row for {username}:\n{screen}"));
    row[name..mode].iter().collect::<String>().trim_end().to_string()
}

fn name_cell_shown(screen: &str, username: &str) -> bool {
    screen.lines().any(|line| line.contains(&format!(" {username} ")))
}

#[test]
fn tui_history_at_80_columns_cuts_names_with_an_ellipsis() {
    let mut h = Harness::new(80, 24);
    // bilbo's certificate superseded: the history's status column then needs `superseded`.
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    h.go_to_bilbo_essay().key(KeyCode::Enter).keys("10").key(KeyCode::Enter).key(KeyCode::Esc);
    h.keys("2r").keys("y").keys("H");
    let screen = h.screen();
    assert!(screen.contains("superseded"), "{screen}");
    for (username, full_name) in [
        ("aragorn", "Aragorn son of Arathorn"),
        ("gimli", "Gimli, son of Glóin"),
        ("maximiliana", "Maximiliana Wilhelmina Theodora"),
    ] {
        // The top of the list, or its end for those below the last row shown.
        let screen = if name_cell_shown(&screen, username) { screen.clone() } else { h.keys("G").screen() };
        let cell = name_cell(&screen, username);
        let whole = cell == full_name;
        let cut = cell.strip_suffix('…').is_some_and(|stem| !stem.is_empty() && full_name.starts_with(stem));
        assert!(whole || cut, "{username}'s name is {cell:?}, neither whole nor cut with `…`:\n{screen}");
    }
}
