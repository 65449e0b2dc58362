//! A course without active certificates: the pane and every key that needs one say so in one
//! wording, and ask nothing.

use super::Harness;

#[test]
fn tui_export_with_no_certificates_says_so_without_asking_for_a_path() {
    let mut h = Harness::new(80, 24);
    h.keys("2e");
    let screen = h.screen();
    assert!(screen.contains("No active certificates to export: press g to generate them."), "{screen}");
    assert!(!screen.contains("Export the 0"), "no dialog to export nothing: {screen}");
}

/// A course without active certificates is said so in one wording, by the pane and by every
/// key that needs one, with the key that issues them where that helps (not to delete).
#[test]
fn tui_every_key_that_needs_a_certificate_says_none_is_active_alike() {
    let mut h = Harness::new(80, 24);
    h.keys("2");
    assert!(h.screen().contains("No active certificates: press g to generate them."), "{}", h.screen());
    for (key, said) in [
        ("e", "No active certificates to export: press g to generate them."),
        ("v", "No active certificates to view: press g to generate them."),
        ("r", "No active certificates to regenerate: press g to generate them."),
        ("d", "No active certificates to delete."),
        ("D", "No active certificates to delete."),
    ] {
        h.keys(key);
        let screen = h.screen();
        assert!(screen.contains(said), "{key}: {screen}");
        assert!(!screen.contains("Select a certificate") && !screen.contains("No stale"), "{key}: {screen}");
    }
}
