//! A certificate issued with `--fonts` and the terminal application started without them.

use ratatui::crossterm::event::KeyCode;

use super::{COURSE, Harness, NOW};
use crate::domain::IssuancePolicy;
use crate::ops;

/// bilbo's certificate was issued with a Sinhala font (`--fonts`); opened without it, his name
/// cannot be printed and he counts as not eligible now. `r` says to start certdesk with a font
/// that has the letter, where it said to delete the certificate (d) or allow the learner,
/// neither of which would print his name.
#[test]
fn tui_a_name_no_font_given_now_draws_is_sent_to_the_fonts_not_to_delete() {
    let sinhala = std::path::Path::new("/usr/share/fonts/truetype/sinhala");
    assert!(sinhala.exists(), "this test needs Debian's fonts-lklug-sinhala (scripts/test installs it)");
    let mut h = Harness::new(80, 24);
    let (_dir, folder) = super::sample_copy();
    let roster = std::fs::read_to_string(folder.join("roster.csv")).unwrap();
    std::fs::write(folder.join("roster.csv"), roster.replace("Bilbo Baggins", "කමල් පෙරේරා")).unwrap();
    let context = ops::Context::new("tester", NOW.parse().unwrap());
    crate::import::import_folder(&h.store, &folder, None, ("tester", context.now)).unwrap();
    let change = ops::SettingsChange { issuance: Some(IssuancePolicy::Threshold), ..Default::default() };
    ops::change_settings(&h.store, COURSE, &change, &context).unwrap();
    let printer = ops::Printer::new(&h.store, Some(sinhala)).unwrap();
    let report = ops::generate(&h.store, COURSE, &context, &printer, false, &mut ops::Quiet).unwrap();
    assert!(report.issued.iter().any(|issued| issued.username == "bilbo"), "issued with the font");

    h.keys("2c").key(KeyCode::Enter);
    h.app.wait_for_worker();
    h.keys("r");
    // The message's two rows as one line.
    let said = h.screen().lines().map(|line| line.trim_matches('"').trim()).collect::<Vec<_>>().join(" ");
    assert!(said.contains("bilbo is not eligible now, which r leaves: no font given has 'ක' (U+0D9A)"), "{said}");
    assert!(said.contains("start certdesk with --fonts DIR holding one."), "{said}");
    assert!(!said.contains("delete it (d)") && !said.contains("certdesk allow"), "{said}");
}

/// The generate dialog says what issues a learner whose name no font has their certificate,
/// where it listed them as skipped and no more.
#[test]
fn tui_generate_says_what_prints_a_name_no_font_has() {
    let mut h = Harness::new(120, 40);
    let _dir = open_with_a_sinhala_bilbo(&mut h);
    h.threshold_policy().keys("g");
    let screen = h.screen();
    assert!(screen.contains("not eligible: name cannot be printed: no font has 'ක' (U+0D9A) (bilbo)"), "{screen}");
    assert!(screen.contains("for a name no font has: start certdesk with --fonts DIR holding one"), "{screen}");
}

/// A name no font has fails its example but keeps nobody else from self-generation: turning it
/// on is confirmed as usual, saying whose names wait, and the settings dialog keeps saying so.
#[test]
fn tui_self_generation_goes_on_with_a_name_no_font_has_and_says_whose() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut h = Harness::new(width, height);
        let _dir = open_with_a_sinhala_bilbo(&mut h);
        h.threshold_policy().keys("xg");
        h.app.wait_for_worker();
        // The pane's settings line says so before anything is asked: at 80 columns, without
        // its `settings:` label (with it, the count was cut to `1 name unprint…`).
        let pane = h.key(KeyCode::Esc).screen();
        assert!(pane.contains("policy threshold · self-gen off · 1 name unprintable"), "{width}x{height}: {pane}");
        let asked = h.keys("so").screen();
        let asked = words(&asked);
        assert!(asked.contains("Turn self-generation on for middle-earth-101?"), "{width}x{height}: {asked}");
        assert!(asked.contains("But 1 learner's name cannot be printed (bilbo, U+0D9A); add a font"), "{asked}");
        h.keys("y");
        assert!(h.store.settings(COURSE).unwrap().self_generation, "{width}x{height}");
        let dialog = words(&h.keys("s").screen());
        assert!(
            dialog.contains("self-generation on but 1 learner's name cannot be printed (bilbo, U+0D9A); add"),
            "{dialog}"
        );
        assert!(dialog.contains("with --fonts DIR, or correct the name"), "{dialog}");
    }
}

/// The words inside the dialog's box, in order.
fn words(screen: &str) -> String {
    let inside = screen.lines().filter_map(|row| row.split('│').nth(1));
    inside.flat_map(str::split_whitespace).collect::<Vec<_>>().join(" ")
}

/// Imports the sample course with bilbo named in Sinhala, which no embedded font has, and
/// opens it on the certificates tab; the folder lives as long as what is returned.
fn open_with_a_sinhala_bilbo(h: &mut Harness) -> tempfile::TempDir {
    let (dir, folder) = super::sample_copy();
    let roster = std::fs::read_to_string(folder.join("roster.csv")).unwrap();
    std::fs::write(folder.join("roster.csv"), roster.replace("Bilbo Baggins", "කමල් පෙරේරා")).unwrap();
    crate::import::import_folder(&h.store, &folder, None, ("tester", NOW.parse().unwrap())).unwrap();
    h.keys("2c").key(KeyCode::Enter);
    h.app.wait_for_worker();
    dir
}
