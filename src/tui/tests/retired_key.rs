//! Between `certdesk issuer retire` and `issuer resign`, the certificates pane's export and mail
//! say what `certdesk export` and `certdesk mail` note: which of the certificates they hand on
//! carry credentials verifiers refuse.

use ratatui::crossterm::event::KeyCode;

use super::Harness;
use super::screens::{snapshot, snapshot_as};
use crate::domain::MailSettings;

const DEFAULT_PATH: &str = "./middle-earth-101-certificates.pdf";

/// The sample course's certificates issued, then the key that signed them retired as
/// compromised (a new one signs in its place).
fn issued_then_key_retired(width: u16, height: u16) -> Harness {
    let mut h = Harness::new(width, height);
    h.threshold_policy().keys("g").key(KeyCode::Enter);
    let keys = h.store.issuer_keys().unwrap();
    let leaked = keys.last().unwrap().kid().to_string();
    h.store.issuer_retire(&leaked).unwrap();
    h
}

/// Exports the course to `file` in `dir` from the export prompt; the screen after, with the
/// temporary directory (random) shown as `/tmp/.tmpXXXXXX`.
fn export_into(h: &mut Harness, dir: &std::path::Path, file: &str) -> String {
    h.keys("e");
    for _ in 0..DEFAULT_PATH.len() {
        h.key(KeyCode::Backspace);
    }
    h.keys(dir.join(file).to_str().unwrap()).key(KeyCode::Enter);
    h.app.wait_for_worker();
    h.screen().replace(dir.to_str().unwrap(), "/tmp/.tmpXXXXXX")
}

/// Before, the export said only "Wrote 20 certificates", and staff handed on a PDF whose every
/// credential verifiers refuse.
#[test]
fn tui_an_export_whose_credentials_a_retired_key_signed_says_so() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut h = issued_then_key_retired(width, height);
        let dir = tempfile::Builder::new().prefix(".tmp").rand_bytes(6).tempdir_in("/tmp").unwrap();
        let screen = export_into(&mut h, dir.path(), "all.pdf");
        assert!(screen.contains("Exported"), "{screen}");
        assert!(screen.contains("All 20 certificates exported carry credentials signed with a key"), "{screen}");
        assert!(std::fs::read(dir.path().join("all.pdf")).unwrap().starts_with(b"%PDF-"));
        let random = dir.path().to_str().unwrap().to_string();
        snapshot_as(&mut h, "export_signed_with_a_retired_key", |screen| screen.replace(&random, "/tmp/.tmpXXXXXX"));

        // Signed again: an export has nothing more to say.
        h.key(KeyCode::Esc);
        h.store.issuer_resign().unwrap();
        let screen = export_into(&mut h, dir.path(), "again.pdf");
        assert!(screen.contains("Wrote 20 certificates") && !screen.contains("retired"), "{screen}");
    }
}

fn mail_settings(h: &mut Harness) {
    let settings = MailSettings {
        smtp_url: Some("smtp://127.0.0.1:25".into()),
        from: Some("Course Team <team@example.org>".into()),
        ..h.store.mail_settings().unwrap()
    };
    h.store.set_mail_settings(&settings).unwrap();
}

/// The mail dialog, the dry run staff confirm, says it before anything goes, as it says what
/// goes stale: before, learners were mailed credentials verifiers refuse without a word.
#[test]
fn tui_mail_says_before_it_goes_which_credentials_a_retired_key_signed() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut h = issued_then_key_retired(width, height);
        mail_settings(&mut h);
        h.keys("m");
        let screen = h.screen();
        assert!(
            h.dialog_text().contains("All 20 certificates to mail carry credentials signed with a key retired as"),
            "{screen}"
        );
        snapshot(&mut h, "mail_signed_with_a_retired_key");
        h.key(KeyCode::Esc);
        h.store.issuer_resign().unwrap();
        h.keys("m");
        let screen = h.screen();
        assert!(screen.contains("Mail learners") && !screen.contains("retired"), "{screen}");
    }
}

/// A certificate's own PDF written from its preview (w) says it too, as `certdesk show --pdf`
/// does; before, it said only "Wrote CODE to FILE.".
#[test]
fn tui_a_certificate_pdf_whose_credential_a_retired_key_signed_says_so() {
    let mut h = issued_then_key_retired(80, 24);
    let dir = tempfile::tempdir().unwrap();
    let write = |h: &mut Harness, file: &str| {
        h.keys("v").keys("w");
        for _ in 0.."./XXXX-XXXX-XXXX.pdf".len() {
            h.key(KeyCode::Backspace);
        }
        h.keys(dir.path().join(file).to_str().unwrap()).key(KeyCode::Enter);
        assert!(std::fs::read(dir.path().join(file)).unwrap().starts_with(b"%PDF-"));
        // The message line wraps: its two rows read as one sentence.
        h.screen().replace('"', " ").split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let said = write(&mut h, "one.pdf");
    assert!(
        said.contains(
            "one.pdf. Its credential was signed with a retired key, which verifiers refuse, until certdesk issuer \
             resign."
        ),
        "{said}"
    );
    h.store.issuer_resign().unwrap();
    let said = write(&mut h, "again.pdf");
    assert!(said.contains("again.pdf.") && !said.contains("retired"), "{said}");
}
