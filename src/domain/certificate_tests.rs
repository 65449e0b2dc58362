use super::*;

fn snapshot() -> Snapshot {
    Snapshot::for_tests()
}

fn code(n: u64) -> Code {
    Code::from_random(n)
}

#[test]
fn digest_is_sha256_of_the_documented_text() {
    let certificate = Certificate::new(code(7), "me-101", "bilbo", snapshot());
    let text = canonical_text(code(7), "me-101", "bilbo", &snapshot());
    assert_eq!(
        text,
        "certdesk-certificate-v1\ncode=2222-2222-2229\ncourse=me-101\ncourse_title=Middle-earth\nusername=bilbo\n\
         name=Bilbo Baggins\npercent=85.0\nletter=B\nmode=honor\ngrade_status=provisional\n\
         issued_at=2026-11-23T10:00:00Z\ntemplate=honor@1\nissued_by=elrond\n"
    );
    // Known answer, computed independently with `sha256sum` over the text above.
    assert_eq!(certificate.digest_hex(), "e10bac5ec254c3b98365e604042e3a8851aeb85570f5db33152a242eb4b34c5b");
    assert!(certificate.digest_matches());
    let mut altered = certificate.clone();
    altered.snapshot.percent = Percent::from_tenths(950).expect("95%");
    assert!(!altered.digest_matches());
}

#[test]
fn ledger_keeps_history_and_one_active() {
    let mut ledger = Ledger::default();
    assert!(ledger.active().is_none());
    ledger.issue(Certificate::new(code(1), "c", "u", snapshot()));
    let at: Timestamp = "2026-11-24T00:00:00Z".parse().expect("date");
    let ended = ledger.end_active(CertificateStatus::Superseded { by: code(2), at, who: "staff".into() });
    assert_eq!(ended, Some(code(1)));
    ledger.issue(Certificate::new(code(2), "c", "u", snapshot()));
    assert_eq!(ledger.active().map(|entry| entry.certificate.code), Some(code(2)));
    assert_eq!(ledger.entries.len(), 2);
    assert_eq!(ledger.entry(code(1)).map(|entry| entry.status.label()), Some("superseded"));
    ledger.end_active(CertificateStatus::Revoked { reason: DELETED.into(), at, who: "staff".into() });
    assert!(ledger.active().is_none());
    assert_eq!(ledger.end_active(CertificateStatus::Issued), None);
}

#[test]
fn staleness_compares_name_percent_letter_status_and_mode() {
    let snap = snapshot();
    let same = Grade { percent: snap.percent, reachable: snap.percent, status: GradeStatus::Provisional };
    assert_eq!(Staleness::of(&snap, "Bilbo Baggins", snap.mode, &same, Some("B")), None);
    let better = Grade {
        percent: Percent::from_tenths(950).expect("95%"),
        reachable: Percent::FULL,
        status: GradeStatus::Final,
    };
    let stale = Staleness::of(&snap, "Bilbo Baggins", snap.mode, &better, Some("A")).expect("stale");
    assert_eq!(stale.describe(), "85.0% -> 95.0%, letter B -> A, provisional -> final");
    let renamed = Staleness::of(&snap, "Bilbo Baggins of Bag End", snap.mode, &same, Some("B")).expect("stale");
    assert_eq!(renamed.describe(), "name Bilbo Baggins -> Bilbo Baggins of Bag End");
    // A verified certificate of a learner now in the honor mode prints what is no longer so.
    let other = if snap.mode == Mode::Verified { Mode::Honor } else { Mode::Verified };
    let moved = Staleness::of(&snap, "Bilbo Baggins", other, &same, Some("B")).expect("stale");
    assert_eq!(moved.describe(), format!("mode {} -> {other}", snap.mode));
}

#[test]
fn the_example_code_reads_as_example() {
    assert_eq!(Code::EXAMPLE.to_string(), "EXAM-PLE2-CERT");
    assert_eq!("exam ple2 cert".parse::<Code>(), Ok(Code::EXAMPLE));
}
