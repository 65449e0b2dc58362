//! The one-line prompts with what a user may type wrong: a path longer than the box, a path
//! the PDF cannot be written to though nothing could tell before the work began.

use ratatui::crossterm::event::KeyCode;

use super::Harness;

/// Clears the prompt's text (Ctrl-U).
fn clear_prompt(h: &mut Harness) -> &mut Harness {
    h.press(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ))
}

/// The prompt's input row: what follows `> ` up to the box's right border.
fn input_row(screen: &str) -> String {
    let row = screen.lines().find(|line| line.contains("│ > ")).unwrap_or_default();
    let after = &row[row.find("│ > ").map_or(0, |at| at + "│ > ".len())..];
    after.split('│').next().unwrap_or_default().trim_end().to_string()
}

/// A path longer than the prompt's box shows its end, where the typing is, after a `…`,
/// where the end (and the cursor) ran off the box's right edge and the last letters typed
/// could not be seen.
#[test]
fn tui_a_path_longer_than_its_prompt_shows_its_end_where_the_typing_is() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter).keys("e");
    let path = "/home/staff/courses/2026-autumn/middle-earth-101/exports/certificates-for-the-ceremony.pdf";
    clear_prompt(&mut h).keys(path);
    let row = input_row(&h.screen());
    assert!(row.starts_with('…') && row.ends_with("certificates-for-the-ceremony.pdf▏"), "{row:?}");
    assert!(path.ends_with(row.trim_start_matches('…').trim_end_matches('▏')), "the end as typed: {row:?}");
    // A path that fits is shown whole, as before.
    clear_prompt(&mut h).keys("~/all.pdf");
    assert_eq!(input_row(&h.screen()), "~/all.pdf▏");
}

/// An export whose file cannot be made though its directory takes files (here a name longer
/// than a file system allows) opens its prompt again with the path still typed and why, where
/// the prompt closed and the path had to be typed again.
#[test]
fn tui_an_export_that_fails_to_write_keeps_the_path_typed() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter).keys("e");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(format!("{}.pdf", "n".repeat(300)));
    clear_prompt(&mut h).keys(path.to_str().expect("utf-8")).key(KeyCode::Enter);
    h.app.wait_for_worker();
    let screen = h.screen();
    assert!(screen.contains("Export the 20 active certificates to one PDF"), "the prompt is open again: {screen}");
    assert!(input_row(&screen).ends_with("nnnn.pdf▏"), "{screen}");
    assert!(screen.contains("cannot write"), "it says why: {screen}");
    // Its keys stay under the reason, where the reason took their place and Esc went unsaid.
    assert!(screen.contains("Enter accept · Esc cancel │"), "{screen}");
    // Corrected, the same prompt writes it.
    clear_prompt(&mut h).keys(dir.path().join("all.pdf").to_str().expect("utf-8")).key(KeyCode::Enter);
    h.app.wait_for_worker();
    assert!(h.screen().contains("Wrote 20 certificates"), "{}", h.screen());
    assert!(std::fs::read(dir.path().join("all.pdf")).expect("written").starts_with(b"%PDF-"));
}

/// Likewise a certificate's PDF written from its preview (w).
#[test]
fn tui_a_certificate_pdf_that_fails_to_write_keeps_the_path_typed() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter).keys("v").keys("w");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(format!("{}.pdf", "n".repeat(300)));
    clear_prompt(&mut h).keys(path.to_str().expect("utf-8")).key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Write PDF"), "the prompt is open again: {screen}");
    assert!(input_row(&screen).ends_with("nnnn.pdf▏"), "{screen}");
    assert!(screen.contains("cannot write") || screen.contains("name too long"), "it says why: {screen}");
}

/// The path prompt of `w` belongs to the preview it was asked from: `Esc` goes back to the
/// preview (it closed both), also after a path refused; a PDF written closes both, to say
/// where in full.
#[test]
fn tui_the_write_prompt_goes_back_to_the_preview() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter).keys("v");
    let preview = h.screen();
    let title = preview.lines().find(|row| row.contains("╭")).expect("the preview's box").to_string();
    h.keys("w");
    assert!(h.screen().contains("Write PDF"), "{}", h.screen());
    h.key(KeyCode::Esc);
    assert_eq!(h.screen(), preview, "Esc goes back to the preview");
    let dir = tempfile::tempdir().expect("temp dir");
    h.keys("w");
    clear_prompt(&mut h).keys(dir.path().join(format!("{}.pdf", "n".repeat(300))).to_str().expect("utf-8"));
    h.key(KeyCode::Enter).key(KeyCode::Esc);
    assert!(h.screen().contains(&title), "refused, then cancelled: the preview is back: {}", h.screen());
    let path = dir.path().join("one.pdf");
    h.keys("w");
    clear_prompt(&mut h).keys(path.to_str().expect("utf-8")).key(KeyCode::Enter);
    let screen = h.screen();
    assert!(!screen.contains(&title) && screen.contains("Wrote"), "{screen}");
    assert!(std::fs::read(&path).expect("written").starts_with(b"%PDF-"));
    h.keys("v").key(KeyCode::Esc);
    assert!(!h.screen().contains(&title), "Esc on the preview closes it");
}

/// A score the store refuses once Enter is pressed (a colleague's import lowered the essay's
/// maximum to 8 under the open prompt) goes back to its prompt, still typed, with why, where
/// the prompt closed and the score had to be typed again.
#[test]
fn tui_a_score_the_store_refuses_stays_typed_in_its_prompt() {
    let mut h = Harness::new(100, 30);
    h.go_to_bilbo_essay().key(KeyCode::Enter).keys("9");
    assert!(h.screen().contains("Score of bilbo for essay (0 to 10)"), "{}", h.screen());
    let (_dir, folder) = super::sample_copy();
    let course = std::fs::read_to_string(folder.join("course.toml")).expect("course.toml");
    let course = course.replacen(
        "id = \"essay\"\ntitle = \"Final Essay: There and Back Again\"\ncategory = \"weekly\"\nmax_points = 10",
        "id = \"essay\"\ntitle = \"Final Essay: There and Back Again\"\ncategory = \"weekly\"\nmax_points = 8",
        1,
    );
    assert!(course.contains("max_points = 8"), "the essay's maximum is changed");
    std::fs::write(folder.join("course.toml"), course).expect("write");
    let grades = std::fs::read_to_string(folder.join("grades.csv")).expect("grades.csv");
    let capped: Vec<String> = grades
        .lines()
        .map(|line| match line.rsplit_once(',') {
            Some((head, essay)) if essay.parse::<f64>().is_ok_and(|points| points > 8.0) => format!("{head},8"),
            _ => line.to_string(),
        })
        .collect();
    std::fs::write(folder.join("grades.csv"), capped.join("\n") + "\n").expect("write");
    crate::import::import_folder(&h.store, &folder, None, ("elrond", super::NOW.parse().expect("now")))
        .expect("import");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Score of bilbo for essay"), "the prompt is open again: {screen}");
    assert!(screen.contains("> 9▏"), "the score is still typed: {screen}");
    assert!(screen.contains("above the maximum"), "it says why: {screen}");
}

/// A letter missing in the middle of a path is typed where it is missing, the arrows taking the
/// cursor there, where only the end could be edited and everything after the typo typed again.
#[test]
fn tui_a_path_is_mended_where_the_cursor_is() {
    let mut h = Harness::new(80, 24);
    h.threshold_policy().keys("g").key(KeyCode::Enter).keys("e");
    clear_prompt(&mut h).keys("~/all-certificats.pdf");
    for _ in 0.."s.pdf".len() {
        h.key(KeyCode::Left);
    }
    h.keys("e");
    assert_eq!(input_row(&h.screen()), "~/all-certificate▏s.pdf");
    h.key(KeyCode::Home).key(KeyCode::Delete).key(KeyCode::Delete).key(KeyCode::End).key(KeyCode::Backspace);
    assert_eq!(input_row(&h.screen()), "all-certificates.pd▏");
}

/// A filter longer than the key line keeps the cursor and the line's keys in view, where its end
/// and the keys ran off the screen.
#[test]
fn tui_a_long_filter_keeps_its_keys_in_view() {
    let mut h = Harness::new(80, 24);
    h.keys("2").keys("/").keys(&"frodo-baggins-of-bag-end-".repeat(5));
    let screen = h.screen();
    let line = screen.lines().map(|line| line.trim_matches('"')).find(|line| line.starts_with('/')).unwrap_or_default();
    assert!(line.ends_with("-of-bag-end-▏  Enter keep · Esc clear"), "{line:?} in\n{screen}");
    assert!(line.starts_with("/…"), "{line:?}");
}

/// The score a prompt opens with is selected, as a spreadsheet's cell is: typing replaces it
/// (7 over 10 made 107, refused as above the maximum), a move of the cursor keeps it to edit,
/// and Backspace takes it all.
#[test]
fn tui_typing_replaces_the_score_a_prompt_opens_with_and_a_move_keeps_it() {
    let mut h = Harness::new(100, 30);
    // bilbo's battles, left of the essay: 7 points.
    h.go_to_bilbo_essay().key(KeyCode::Left).key(KeyCode::Enter);
    let screen = h.screen();
    assert_eq!(input_row(&screen), "7▏", "{screen}");
    assert!(screen.contains("typing replaces it"), "{screen}");
    h.keys("9");
    assert_eq!(input_row(&h.screen()), "9▏", "replaced: {}", h.screen());
    assert!(!h.screen().contains("typing replaces it"), "{}", h.screen());
    h.key(KeyCode::Enter);
    assert!(!h.screen().contains("Score of bilbo"), "saved: {}", h.screen());
    h.key(KeyCode::Enter).key(KeyCode::Left).keys("1");
    assert_eq!(input_row(&h.screen()), "1▏9", "edited where the cursor went: {}", h.screen());
    h.key(KeyCode::Esc).key(KeyCode::Enter).key(KeyCode::Backspace);
    assert_eq!(input_row(&h.screen()), "▏", "taken away: {}", h.screen());
}

/// The generate dialog names the TUI's keys for the placeholder verification URL, and `u` in
/// the settings sets the course's own: refused with the reason and kept typed while it is not
/// one a certificate can print, then saved, shown, and logged.
#[test]
fn tui_u_in_the_settings_sets_the_verification_url() {
    let mut h = Harness::new(80, 24);
    h.keys("2g");
    let asked = h.screen();
    assert!(asked.contains("u in the settings (s) sets the course's own"), "{asked}");
    assert!(!asked.contains("certdesk settings"), "no command in the TUI: {asked}");
    h.keys("n").keys("su");
    assert!(h.screen().contains("> https://certificates.example.org/verify/▏"), "{}", h.screen());
    h.key(KeyCode::Char('u')).key(KeyCode::Enter);
    assert!(h.screen().contains("must end with / (or with = of a query)"), "{}", h.screen());
    assert!(h.screen().contains("https://certificates.example.org/verify/u▏"), "kept typed: {}", h.screen());
    for _ in 0.."certificates.example.org/verify/u".len() {
        h.key(KeyCode::Backspace);
    }
    h.keys("certs.tolkien-studies.org/v/").key(KeyCode::Enter);
    h.app.wait_for_worker();
    assert!(h.screen().contains("verify URL https://certificates.example.org/verify/ ->"), "said: {}", h.screen());
    h.keys("s");
    let screen = h.screen();
    assert!(screen.contains("u verify URL         https://certs.tolkien-studies.org/v/<code>"), "{screen}");
    assert_eq!(
        h.store.settings("middle-earth-101").expect("settings").verify_base_url,
        "https://certs.tolkien-studies.org/v/"
    );
    // Esc in the prompt goes back to the settings, changing nothing.
    h.keys("u").keys("x").key(KeyCode::Esc);
    assert!(h.screen().contains("Settings of middle-earth-101"), "{}", h.screen());
    assert_eq!(
        h.store.settings("middle-earth-101").expect("settings").verify_base_url,
        "https://certs.tolkien-studies.org/v/"
    );
    h.key(KeyCode::Esc).keys("2g");
    assert!(!h.screen().contains("placeholder"), "{}", h.screen());
    assert!(
        !h.app.message.clone().map(|(text, _)| text).unwrap_or_default().contains("already issued"),
        "none issued yet"
    );
    // Once certificates are issued, their credentials keep the address they were signed with.
    h.keys("y");
    h.app.wait_for_worker();
    h.keys("su");
    clear_prompt(&mut h).keys("https://verify.tolkien-studies.org/c/").key(KeyCode::Enter);
    h.app.wait_for_worker();
    let said = h.app.message.clone().map(|(text, _)| text).unwrap_or_default();
    assert!(said.contains("; the 19 certificates already issued print the new address from now on"), "{said}");
}
