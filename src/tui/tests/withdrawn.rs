//! A certificate whose learner withdrew since: `r` leaves it, and sends staff to delete it,
//! not to `certdesk allow`, which cannot certify a withdrawn learner.

use ratatui::crossterm::event::KeyCode;

use super::{COURSE, Harness, NOW};
use crate::domain::IssuancePolicy;
use crate::ops;

/// Certifies the sample course on the threshold policy, then imports its roster again with
/// frodo withdrawn (and renamed, when `renamed`: his certificate is stale as well) and opens it.
fn frodo_withdrawn(h: &mut Harness, renamed: bool) -> tempfile::TempDir {
    let context = ops::Context::new("tester", NOW.parse().unwrap());
    let change = ops::SettingsChange { issuance: Some(IssuancePolicy::Threshold), ..Default::default() };
    ops::change_settings(&h.store, COURSE, &change, &context).unwrap();
    let printer = ops::Printer::new(&h.store, None).unwrap();
    let report = ops::generate(&h.store, COURSE, &context, &printer, false, &mut ops::Quiet).unwrap();
    assert!(report.issued.iter().any(|issued| issued.username == "frodo"), "frodo is certified");
    let (dir, folder) = super::sample_copy();
    let roster = std::fs::read_to_string(folder.join("roster.csv")).unwrap();
    let name = if renamed { "Frodo Underhill" } else { "Frodo Baggins" };
    let withdrawn = roster.replace(
        "frodo,Frodo Baggins,frodo@bagend.shire,verified,active",
        &format!("frodo,{name},frodo@bagend.shire,verified,withdrawn"),
    );
    assert_ne!(withdrawn, roster);
    std::fs::write(folder.join("roster.csv"), withdrawn).unwrap();
    crate::import::import_folder(&h.store, &folder, None, ("tester", context.now)).unwrap();
    // The course file imported again sets the final-grade policy back.
    ops::change_settings(&h.store, COURSE, &change, &context).unwrap();
    h.keys("2c").key(KeyCode::Enter);
    h.app.wait_for_worker();
    dir
}

/// The status line's two rows as one line.
fn said(h: &mut Harness) -> String {
    h.screen().lines().map(|line| line.trim_matches('"').trim()).collect::<Vec<_>>().join(" ")
}

#[test]
fn tui_r_sends_a_withdrawn_learners_certificate_to_d_not_to_allow() {
    let mut h = Harness::new(80, 24);
    let _dir = frodo_withdrawn(&mut h, false);
    h.keys("r");
    let said = said(&mut h);
    assert!(
        said.contains("No stale certificates; frodo is not eligible now, which r leaves: delete it (d)."),
        "{said}"
    );
    assert!(!said.contains("certdesk allow"), "{said}");
}

/// Stale and withdrawn: nothing to replace, said in a sentence of its own.
#[test]
fn tui_r_with_only_a_stale_withdrawn_certificate_says_why_it_replaces_nothing() {
    let mut h = Harness::new(120, 40);
    let _dir = frodo_withdrawn(&mut h, true);
    h.keys("r");
    let said = said(&mut h);
    assert!(
        said.contains("No stale certificate r can replace; 1 stale, not eligible: withdrawn (frodo): delete it (d)."),
        "{said}"
    );
    assert!(!said.contains("certdesk allow"), "{said}");
}

/// The export printed frodo's certificate among the others, to be handed on, and said nothing.
#[test]
fn tui_an_export_says_which_certificates_it_printed_are_no_longer_deserved() {
    let mut h = Harness::new(120, 40);
    let _dir = frodo_withdrawn(&mut h, false);
    h.keys("e");
    let default = "./middle-earth-101-certificates.pdf";
    assert!(h.screen().contains(default), "{}", h.screen());
    for _ in 0..default.len() {
        h.key(KeyCode::Backspace);
    }
    let dir = tempfile::tempdir().unwrap();
    h.keys(dir.path().join("all.pdf").to_str().unwrap()).key(KeyCode::Enter);
    h.app.wait_for_worker();
    let said = said(&mut h);
    assert!(said.contains("1 of them is no longer deserved (frodo): delete it (d) before handing it on."), "{said}");
}
