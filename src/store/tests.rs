use super::codec::{CodecError, Record, decode_bytes, encode};
use super::courses::{CourseRecord, UnusedGenerations};
use super::*;
use crate::domain::hex;
use crate::domain::{
    Activity, Category, Course, Enrollment, EnrollmentStatus, IssuancePolicy, LetterCutoff, Mode, Percent, Points,
    Signatory,
};

pub(crate) fn sample_course() -> Course {
    Course {
        id: "me-101".into(),
        title: "Middle-earth".into(),
        starts: Some("2026-01-05T09:00:00Z".parse().expect("date")),
        ends: None,
        pass_threshold: Percent::from_tenths(800).expect("80%"),
        letter_cutoffs: vec![LetterCutoff { letter: "A".into(), minimum: Percent::from_tenths(900).expect("90%") }],
        issuance: IssuancePolicy::Final,
        institution: "Rivendell".into(),
        signatories: vec![Signatory { name: "Elrond".into(), title: "Registrar".into() }],
        categories: vec![Category {
            id: "hw".into(),
            title: "Homework".into(),
            weight: 1.0,
            drop_lowest: 0,
            min_count: 0,
        }],
        activities: vec![Activity {
            id: "a1".into(),
            title: "Maps".into(),
            category: "hw".into(),
            max_points: Points::from_hundredths(1000),
            weight: 1.0,
            platform_id: None,
        }],
        grading: crate::domain::GradingRule::Certdesk,
    }
}

pub(crate) fn sample_enrollment(username: &str, score: Option<u32>) -> Enrollment {
    Enrollment {
        username: username.into(),
        full_name: format!("Learner {username}"),
        email: format!("{username}@example.org"),
        mode: Mode::Honor,
        status: EnrollmentStatus::Active,
        scores: vec![score.map(Points::from_hundredths)],
        imported: None,
    }
}

pub(crate) fn import_event() -> crate::domain::Event {
    crate::domain::Event {
        at: jiff::Timestamp::UNIX_EPOCH,
        who: "tester".into(),
        action: crate::domain::Action::Import,
        summary: "imported".into(),
        learners: Vec::new(),
        codes: Vec::new(),
        learner_changes: None,
    }
}

pub(crate) fn temp_store() -> (tempfile::TempDir, LocalStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(dir.path()).expect("open store");
    (dir, store)
}

pub(super) fn unhex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex")).collect()
}

/// Version 1 of the course and enrollment records, as certdesk wrote them before the grading
/// rule and the imported scores existed.
const COURSE_V1: &str = "01066d652d3130310c4d6964646c652d656172746801fd00085d91408f0c0000fb2003010141fb8403000952697665\
                         6e64656c6c0106456c726f6e64095265676973747261720102687708486f6d65776f726b000000000000f03f00010261\
                         31044d617073026877fbe803000000000000f03f03";
/// Version 2 of the course record, as certdesk wrote it before activities had a platform id:
/// the grading rule Open edX's, the category's `min_count` 4.
const COURSE_V2: &str = "02066d652d3130310c4d6964646c652d656172746801fd00085d91408f0c0000fb2003010141fb84030009526976656e\
                         64656c6c0106456c726f6e64095265676973747261720102687708486f6d65776f726b000000000000f03f0004010261\
                         31044d617073026877fbe803000000000000f03f0103";
const ENROLLMENT_V1: &str =
    "010562696c626f0d4c6561726e65722062696c626f1162696c626f406578616d706c652e6f726701000101fb5203";

/// The exact bytes of every record version written today. A change here means old databases
/// no longer read: add a new version instead.
#[test]
fn frozen_bytes_of_every_record_version() {
    let mut course = CourseRecord { course: sample_course(), generation: 3 };
    course.course.grading = crate::domain::GradingRule::OpenEdx;
    course.course.categories[0].min_count = 4;
    course.course.activities[0].platform_id = Some("104".into());
    assert_eq!(
        hex(&encode(&course)),
        "03066d652d3130310c4d6964646c652d656172746801fd00085d91408f0c0000fb2003010141fb84030009526976656e\
         64656c6c0106456c726f6e64095265676973747261720102687708486f6d65776f726b000000000000f03f0004010261\
         31044d617073026877fbe803000000000000f03f01033130340103"
    );
    let mut enrollment = sample_enrollment("bilbo", Some(850));
    enrollment.imported = Some(vec![Some(Points::from_hundredths(700))]);
    assert_eq!(
        hex(&encode(&enrollment)),
        "020562696c626f0d4c6561726e65722062696c626f1162696c626f406578616d706c652e6f726701000101fb5203010101fbbc02"
    );
    // Every score as imported: the imported scores are not stored twice.
    assert_eq!(
        hex(&encode(&sample_enrollment("bilbo", Some(850)))),
        "020562696c626f0d4c6561726e65722062696c626f1162696c626f406578616d706c652e6f726701000101fb520300"
    );
    assert_eq!(hex(&encode(&UnusedGenerations(vec![1, 300]))), "010201fb2c01");
}

#[test]
fn older_record_versions_still_decode() {
    let course: CourseRecord = decode_bytes(&unhex(&COURSE_V1.replace(' ', ""))).expect("course v1");
    assert_eq!(course, CourseRecord { course: sample_course(), generation: 3 });
    assert_eq!(course.course.grading, crate::domain::GradingRule::Certdesk);
    let course: CourseRecord = decode_bytes(&unhex(&COURSE_V2.replace(' ', ""))).expect("course v2");
    let mut expected = CourseRecord { course: sample_course(), generation: 3 };
    expected.course.grading = crate::domain::GradingRule::OpenEdx;
    expected.course.categories[0].min_count = 4;
    assert_eq!(course, expected, "a version-2 activity has no platform id");
    let enrollment: Enrollment = decode_bytes(&unhex(ENROLLMENT_V1)).expect("enrollment v1");
    // Every score of a version-1 enrollment counts as imported: no conflict on re-import.
    assert_eq!(enrollment, sample_enrollment("bilbo", Some(850)));
}

#[test]
fn records_round_trip() {
    let record = CourseRecord { course: sample_course(), generation: 7 };
    assert_eq!(decode_bytes::<CourseRecord>(&encode(&record)), Ok(record));
    let enrollment = sample_enrollment("zoë", None);
    assert_eq!(decode_bytes::<Enrollment>(&encode(&enrollment)), Ok(enrollment));
}

#[test]
fn bad_bytes_are_errors_not_panics() {
    let good = encode(&sample_enrollment("bilbo", Some(850)));
    assert_eq!(decode_bytes::<Enrollment>(&[]), Err(CodecError::Empty));
    let mut unknown = good.clone();
    unknown[0] = 9;
    assert_eq!(decode_bytes::<Enrollment>(&unknown), Err(CodecError::UnknownVersion(9)));
    let mut trailing = good.clone();
    trailing.extend_from_slice(&[1, 2]);
    assert_eq!(decode_bytes::<Enrollment>(&trailing), Err(CodecError::TrailingBytes(2)));
    for cut in 1..good.len() {
        assert!(
            matches!(decode_bytes::<Enrollment>(&good[..cut]), Err(CodecError::Malformed(_))),
            "truncated at {cut} should be malformed"
        );
    }
    // Every single-byte corruption decodes or fails cleanly.
    for index in 0..good.len() {
        for value in [0u8, 0x7f, 0xfb, 0xff] {
            let mut bad = good.clone();
            bad[index] = value;
            let _ = decode_bytes::<Enrollment>(&bad);
        }
    }
}

#[test]
fn corrupt_value_names_tree_and_key() {
    let (_dir, store) = temp_store();
    store.replace_course(&sample_course(), &[sample_enrollment("bilbo", Some(850))], &import_event()).expect("import");
    let key = keys::enrollment("me-101", 1, "bilbo");
    store.enrollments.insert(&key, &[Enrollment::VERSION, 5, b'x'][..]).expect("insert");
    let message = store.enrollments("me-101").expect_err("corrupt").to_string();
    assert!(message.contains("tree 'enrollments'") && message.contains("me-101/"), "{message}");
    assert!(message.contains("bilbo"), "{message}");
}

#[test]
fn replace_course_round_trips_and_replaces() {
    let (_dir, store) = temp_store();
    let course = sample_course();
    store
        .replace_course(
            &course,
            &[sample_enrollment("bilbo", Some(850)), sample_enrollment("alice", None)],
            &import_event(),
        )
        .expect("first import");
    let names: Vec<String> = store.enrollments("me-101").expect("read").into_iter().map(|e| e.username).collect();
    assert_eq!(names, ["alice", "bilbo"]);
    store.replace_course(&course, &[sample_enrollment("bilbo", Some(1000))], &import_event()).expect("second import");
    assert_eq!(store.enrollments("me-101").expect("read"), vec![sample_enrollment("bilbo", Some(1000))]);
    // The old generation is gone, not just unreferenced.
    assert_eq!(store.enrollments.len(), 1);
    assert_eq!(store.course("me-101").expect("read"), Some(course));
}

#[test]
fn crash_during_import_leaves_the_old_course_and_is_cleaned_next_time() {
    let (_dir, store) = temp_store();
    let course = sample_course();
    store.replace_course(&course, &[sample_enrollment("bilbo", Some(850))], &import_event()).expect("import");
    // What an import killed between its chunks leaves behind: an announced generation 2 with
    // some of its enrollments, and no switch.
    store.meta.insert(b"unused-generations\0me-101", encode(&UnusedGenerations(vec![2]))).expect("announce");
    store
        .enrollments
        .insert(keys::enrollment("me-101", 2, "half"), encode(&sample_enrollment("half", None)))
        .expect("partial");
    assert_eq!(store.enrollments("me-101").expect("read"), vec![sample_enrollment("bilbo", Some(850))]);
    store.replace_course(&course, &[sample_enrollment("bilbo", Some(900))], &import_event()).expect("re-import");
    assert_eq!(store.enrollments("me-101").expect("read"), vec![sample_enrollment("bilbo", Some(900))]);
    assert_eq!(store.enrollments.len(), 1, "the half-written generation was deleted");
}

#[test]
fn second_open_names_the_holder() {
    let (dir, _store) = temp_store();
    let error = LocalStore::open(dir.path()).err().expect("second open must fail");
    let message = error.to_string();
    assert!(matches!(error, StoreError::Locked { holder: Some(_), .. }), "{error:?}");
    assert!(message.contains(&dir.path().display().to_string()), "{message}");
    assert!(message.contains(&format!("pid {}", std::process::id())), "{message}");
}

#[test]
fn reopening_waits_for_a_dropped_database_to_let_go_of_its_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = LocalStore::open(dir.path()).expect("open");
    // A handle on a tree keeps sled's files open after the store (and its lock) are gone, as
    // sled's flusher thread does for a moment after a drop.
    let lingering = store.meta.clone();
    drop(store);
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        drop(lingering);
    });
    let reopened = LocalStore::open(dir.path());
    release.join().expect("release thread");
    reopened.expect("opens once sled's files are let go");
}

#[test]
fn newer_schema_is_refused_and_current_reopens() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let store = LocalStore::open(dir.path()).expect("open");
        store.replace_course(&sample_course(), &[], &import_event()).expect("import");
        schema::set_version_for_test(&store, SCHEMA_VERSION + 1).expect("set version");
    }
    let message = LocalStore::open(dir.path()).err().expect("must refuse").to_string();
    assert!(
        message.contains("newer certdesk") && message.contains(&format!("schema {}", SCHEMA_VERSION + 1)),
        "{message}"
    );
    {
        let store = LocalStore::open_trees(dir.path(), super::lock::Holder::Other).expect("open without schema check");
        schema::set_version_for_test(&store, SCHEMA_VERSION).expect("set version");
    }
    let store = LocalStore::open(dir.path()).expect("current schema opens");
    assert!(store.course("me-101").expect("read").is_some());
}
