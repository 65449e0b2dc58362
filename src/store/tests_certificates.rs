//! Frozen bytes and round trips of the certificate records.

use super::certificates::CodeOwner;
use super::codec::{decode_bytes, encode};
use crate::domain::hex;
use crate::domain::{
    Action, Certificate, CertificateStatus, Code, CourseSettings, Event, Example, ExampleKind, ExampleSet, Exception,
    LearnerChanges, Ledger, Mode, Named, Snapshot, TemplateRef,
};

fn at() -> jiff::Timestamp {
    "2026-11-23T10:00:00Z".parse().expect("date")
}

fn ledger() -> Ledger {
    let snapshot = Snapshot {
        full_name: "Bilbo".into(),
        course_title: "ME".into(),
        issued_at: at(),
        template: TemplateRef { name: "honor".into(), revision: 2 },
        ..Snapshot::for_tests()
    };
    let mut ledger = Ledger::default();
    ledger.issue(Certificate::new(Code::from_random(7), "me", "bilbo", snapshot));
    ledger.end_active(CertificateStatus::Superseded { by: Code::from_random(9), at: at(), who: "elrond".into() });
    ledger
}

/// A change here means old databases no longer read: add a record version instead.
#[test]
fn frozen_bytes_of_certificate_records() {
    assert_eq!(
        hex(&encode(&ledger())),
        "010107026d650562696c626f0542696c626f024d45fb52030101420100fd00d05150ddc10c0005686f6e6f720206656c726f6e64\
         8bdbe583016b594234729fa7957bd4976ceda8e5615edf4ee42855f5138a264d0109fd00d05150ddc10c0006656c726f6e64"
    );
    let owner = CodeOwner { course_id: "me".into(), username: "bilbo".into() };
    assert_eq!(hex(&encode(&owner)), "01026d650562696c626f");
    let exception = Exception { reason: "x".into(), who: "e".into(), at: at() };
    assert_eq!(hex(&encode(&exception)), "0101780165fd00d05150ddc10c00");
    assert_eq!(
        hex(&encode(&CourseSettings::default())),
        "01002868747470733a2f2f6365727469666963617465732e6578616d706c652e6f72672f7665726966792f0000"
    );
    let event = Event {
        at: at(),
        who: "e".into(),
        action: Action::Generate,
        summary: "s".into(),
        learners: vec!["b".into()],
        codes: vec![Code::from_random(7)],
        learner_changes: None,
    };
    assert_eq!(hex(&encode(&event)), "05fd00d05150ddc10c000165000173010162010700");
    assert_eq!(decode_bytes::<Event>(&unhex("01fd00d05150ddc10c0001650001730101620107")), Ok(event.clone()));
    let graded = Event { action: Action::Grade, ..event.clone() };
    assert_eq!(hex(&encode(&graded)), "05fd00d05150ddc10c0001650b0173010162010700");
    assert_eq!(decode_bytes::<Event>(&unhex("02fd00d05150ddc10c0001650b01730101620107")), Ok(graded.clone()));
    let mailed = Event { action: Action::Mail, ..event.clone() };
    assert_eq!(hex(&encode(&mailed)), "05fd00d05150ddc10c0001650d0173010162010700");
    assert_eq!(decode_bytes::<Event>(&unhex("03fd00d05150ddc10c0001650d01730101620107")), Ok(mailed.clone()));
    let staff = Event { action: Action::Staff, learners: Vec::new(), codes: Vec::new(), ..event.clone() };
    assert_eq!(hex(&encode(&staff)), "05fd00d05150ddc10c000165100173000000");
    assert_eq!(decode_bytes::<Event>(&unhex("04fd00d05150ddc10c0001651001730000")), Ok(staff.clone()));
    let mail_settings = Event { action: Action::MailSettings, ..staff.clone() };
    assert_eq!(hex(&encode(&mail_settings)), "05fd00d05150ddc10c000165120173000000");
    assert_eq!(decode_bytes::<Event>(&unhex("04fd00d05150ddc10c0001651201730000")), Ok(mail_settings.clone()));
    let template = Event { action: Action::Template, ..staff.clone() };
    assert_eq!(hex(&encode(&template)), "05fd00d05150ddc10c000165130173000000");
    assert_eq!(decode_bytes::<Event>(&unhex("04fd00d05150ddc10c0001651301730000")), Ok(template.clone()));
    // Version 5: whom an import changed, each list its first names and a count of the rest.
    let named = |usernames: &[&str], more| Named { usernames: usernames.iter().map(|u| u.to_string()).collect(), more };
    let changes = LearnerChanges {
        added: named(&["b"], 0),
        updated: named(&[], 0),
        not_on_roster: named(&["g"], 0),
        scores_changed: named(&["f", "s"], 300),
    };
    let imported = Event { action: Action::Import, learner_changes: Some(Box::new(changes)), ..staff.clone() };
    assert_eq!(hex(&encode(&imported)), "05fd00d05150ddc10c0001650c0173000001010162000000010167000201660173fb2c01");
    assert_eq!(decode_bytes::<Event>(&encode(&imported)), Ok(imported));
    let examples = ExampleSet {
        generated_at: at(),
        examples: vec![Example {
            kind: ExampleKind::Mode(Mode::Verified),
            full_name: "A".into(),
            mode: Mode::Verified,
            percent_tenths: 875,
            template: "verified@1".into(),
            error: None,
        }],
    };
    assert_eq!(hex(&encode(&examples)), "02fd00d05150ddc10c00010002014102fb6b030a7665726966696564403100");
    // Version 1 (before per-script examples) still decodes.
    let version_1 =
        decode_bytes::<ExampleSet>(&unhex("01fd00d05150ddc10c00010002014102fb6b030a7665726966696564403100"));
    assert_eq!(version_1, Ok(examples.clone()));
    let mut scripts = examples;
    scripts.examples[0].kind = ExampleKind::Script(crate::domain::NameScript::Korean);
    assert_eq!(hex(&encode(&scripts)), "02fd00d05150ddc10c00010508014102fb6b030a7665726966696564403100");
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex")).collect()
}

#[test]
fn certificate_records_round_trip_with_a_valid_digest() {
    let bytes = encode(&ledger());
    let decoded: Ledger = decode_bytes(&bytes).expect("decodes");
    assert_eq!(decoded, ledger());
    assert!(decoded.entries[0].certificate.digest_matches());
    let mut truncated = bytes.clone();
    truncated.truncate(bytes.len() - 3);
    assert!(decode_bytes::<Ledger>(&truncated).is_err());
}
