//! The prompt's checks of what is typed: scores, percentages, paths, names.

use super::*;

#[track_caller]
fn score(text: &str, expected: Result<u32, &str>) {
    let kind = PromptKind::Score {
        username: "bilbo".into(),
        activity: "essay".into(),
        max: Points::from_hundredths(1000),
        stored: Some(Points::from_hundredths(1200)),
    };
    let outcome = submit(&kind, text);
    match (outcome, expected) {
        (Ok(Action::SetScore { points: Some(points), .. }), Ok(hundredths)) => {
            assert_eq!(points.hundredths(), hundredths)
        }
        (Err(error), Err(part)) => assert!(error.contains(part), "{error:?} should mention {part:?}"),
        (outcome, expected) => panic!("{text:?}: got {outcome:?}, expected {expected:?}"),
    }
}

#[test]
fn score_prompt_validates_against_the_maximum() {
    score("10", Ok(1000));
    score("8.5", Ok(850));
    score("10.5", Err("above the maximum of 10"));
    // The extra credit a platform's export stored can be entered again, and only that.
    score("12", Ok(1200));
    score("11", Err("above the maximum of 10"));
    score("ten", Err("not a number"));
    score("", Err("type the points, or Esc to cancel (to clear the score: Esc, then x)"));
    score("-1", Err("negative"));
    // A decimal comma is shown the number it meant; a number too large for points is
    // above the maximum like any other.
    score("8,5", Err("'8,5' is not a number: write 8.5, with a decimal point"));
    score("99999999999", Err("99999999999 points is above the maximum of 10 for essay"));
    score("1e3", Err("(use digits and a decimal point, e.g. 8.5)"));
}

#[track_caller]
fn threshold(text: &str, expected: Result<u16, &str>) {
    match (submit(&PromptKind::Threshold, text), expected) {
        (Ok(Action::ChangeSettings(change)), Ok(tenths)) => {
            assert_eq!(change.threshold, Percent::from_tenths(tenths), "{text:?}")
        }
        (Err(error), Err(said)) => assert_eq!(error, said, "{text:?}"),
        (outcome, expected) => panic!("{text:?}: got {outcome:?}, expected {expected:?}"),
    }
}

/// The threshold is a percent: its example is one (82.5, not a score's 8.5), and an empty
/// prompt asks for it as the others do, where it said "'' is not a number".
#[test]
fn the_threshold_prompt_asks_for_a_percent_in_its_own_words() {
    threshold("82.5", Ok(825));
    threshold("85%", Ok(850));
    threshold("abc", Err("'abc' is not a number (use digits and a decimal point, e.g. 82.5)"));
    threshold("82,5", Err("'82,5' is not a number: write 82.5, with a decimal point"));
    threshold("", Err("type the pass threshold in percent, or Esc to cancel"));
    threshold("150", Err("'150' is above 100%"));
    threshold("-5", Err("'-5' is negative"));
}

#[test]
fn a_path_to_an_existing_file_is_written_only_after_a_second_enter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let existing = dir.path().join("old.pdf");
    std::fs::write(&existing, b"%PDF-").expect("write");
    let code: Code = "7KQ2-M9XD-4TPA".parse().expect("code");
    let enter = KeyEvent::from(KeyCode::Enter);
    let mut prompt = Prompt::new(PromptKind::WritePdf(code), "Write PDF", existing.display().to_string());
    assert_eq!(prompt.handle_key(enter), Handled::Consumed);
    assert!(prompt.error.as_deref().is_some_and(|error| error.contains("exists")), "{:?}", prompt.error);
    assert_eq!(prompt.handle_key(enter), Handled::Action(Action::WritePdf(code, existing.clone())));

    // A path to no file is written at once.
    let new = dir.path().join("new.pdf");
    let mut prompt = Prompt::new(PromptKind::ExportPath, "Export", new.display().to_string());
    assert_eq!(prompt.handle_key(enter), Handled::Action(Action::Export(new)));

    // A file that is not a PDF (a roster typed by mistake) is never replaced, nor is a PDF
    // written under a picture's name: refused at the first Enter, and at the next.
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, "username,full_name\n").expect("write");
    let picture = dir.path().join("out.png");
    for (path, said) in
        [(&roster, "exists and is not a PDF: nothing was written"), (&picture, "is named as a PNG picture")]
    {
        for kind in [PromptKind::ExportPath, PromptKind::WritePdf(code)] {
            let mut prompt = Prompt::new(kind, "Export", path.display().to_string());
            for _ in 0..2 {
                assert_eq!(prompt.handle_key(enter), Handled::Consumed);
                assert!(prompt.error.as_deref().is_some_and(|error| error.contains(said)), "{:?}", prompt.error);
            }
        }
    }
    assert_eq!(std::fs::read_to_string(&roster).expect("read"), "username,full_name\n");
    assert!(!picture.exists());
}

#[test]
fn tab_completes_the_path_to_write_and_lists_the_names_that_fit() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("exports-2026")).expect("mkdir");
    std::fs::create_dir(dir.path().join("exports-2027")).expect("mkdir");
    let tab = KeyEvent::from(KeyCode::Tab);
    let typed = format!("{}/exp", dir.path().display());
    let mut prompt = Prompt::new(PromptKind::ExportPath, "Export", typed.clone());
    assert_eq!(prompt.handle_key(tab), Handled::Consumed);
    assert_eq!(prompt.input, format!("{}/exports-202", dir.path().display()));
    prompt.handle_key(tab);
    assert_eq!(prompt.fits.as_deref(), Some("2 names fit: exports-2026/  exports-2027/"));
    // A paste, or typing on, takes the list away; Tab completes from there.
    prompt.paste("");
    assert_eq!(prompt.fits, None);
    prompt.handle_key(tab);
    assert!(prompt.fits.is_some());
    prompt.handle_key(KeyEvent::from(KeyCode::Char('7')));
    assert_eq!(prompt.fits, None);
    prompt.handle_key(tab);
    assert_eq!(prompt.input, format!("{}/exports-2027/", dir.path().display()));
    // A prompt that takes no path leaves Tab alone; nor does it complete before the cursor's end.
    let mut code = Prompt::new(PromptKind::VerifyCode, "Verify", typed.clone());
    code.handle_key(tab);
    assert_eq!(code.input, typed);
    let mut inside = Prompt::new(PromptKind::ExportPath, "Export", typed.clone());
    inside.handle_key(KeyEvent::from(KeyCode::Left));
    inside.handle_key(tab);
    assert_eq!(inside.input, typed);
}
