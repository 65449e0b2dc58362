//! Importing a folder again over its course: what is updated, what is kept, conflicts with
//! scores entered in certdesk, and what the report and the audit trail say.

use super::*;

/// When the tests import.
const AT: (&str, jiff::Timestamp) = ("tester", jiff::Timestamp::UNIX_EPOCH);

/// A course imported once from a folder of `roster` and the sample grades.
struct Imported {
    /// Holds the store's directory for as long as the test runs.
    _dir: tempfile::TempDir,
    store: Store,
    /// The folder, to change and import again.
    course: tempfile::TempDir,
}

fn imported(roster: &str) -> Imported {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("db")).expect("store");
    let course = folder(COURSE, roster, Some(GRADES));
    import_folder(&store, course.path(), None, AT).expect("first import");
    Imported { _dir: dir, store, course }
}

#[test]
fn reimport_updates_and_never_duplicates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("db")).expect("store");
    let course = folder(COURSE, ROSTER, Some(GRADES));
    let first = import_folder(&store, course.path(), None, AT).expect("first import");
    assert!(first.created);
    assert_eq!((first.learners_added, first.scores_added), (2, 4));

    let again = import_folder(&store, course.path(), None, AT).expect("same folder again");
    assert!(!again.created);
    assert_eq!(
        (again.learners_added, again.learners_unchanged, again.scores_added, again.scores_changed),
        (0, 2, 0, 0)
    );
    assert_eq!(store.enrollments("me-101").expect("read").len(), 2);
    assert_eq!(store.courses().expect("read").len(), 1);

    // Bilbo's final is graded, Zoë's q1 cleared, a learner joins, Zoë changes mode.
    write(
        course.path(),
        "roster.csv",
        &format!("{}sam,Samwise Gamgee,sam@shire.me,audit\n", ROSTER.replace("verified", "honor")),
    );
    write(course.path(), "grades.csv", "username,q1,final\nbilbo,10,95\nzoe,,91\n");
    let changed = import_folder(&store, course.path(), None, AT).expect("changed folder");
    assert_eq!((changed.learners_added, changed.learners_updated, changed.learners_unchanged), (1, 1, 1));
    assert_eq!((changed.scores_added, changed.scores_changed, changed.scores_cleared), (1, 0, 1));
    let bilbo = store.enrollment("me-101", "bilbo").expect("read").expect("bilbo");
    // q2 had no column this time: kept.
    assert_eq!(bilbo.scores[1], Some(Points::from_hundredths(850)));
    assert_eq!(bilbo.scores[2], Some(Points::from_hundredths(9500)));

    // An activity is removed from the course: its scores are discarded and counted.
    write(
        course.path(),
        "course.toml",
        &COURSE.replace("[[activity]]\nid = \"q2\"\ncategory = \"quiz\"\nmax_points = 10\n", ""),
    );
    let removed = import_folder(&store, course.path(), None, AT).expect("activity removed");
    assert_eq!((removed.activities_removed.clone(), removed.scores_discarded), (vec!["q2".to_string()], 1));
    assert_eq!(store.enrollment("me-101", "bilbo").expect("read").expect("bilbo").scores.len(), 2);

    // A learner dropped from the roster is kept, not deleted.
    write(course.path(), "roster.csv", ROSTER);
    write(course.path(), "grades.csv", "username\n");
    let dropped = import_folder(&store, course.path(), None, AT).expect("learner not on roster");
    assert_eq!(dropped.learners_not_on_roster, 1);
    assert!(store.enrollment("me-101", "sam").expect("read").is_some());
}

#[test]
fn a_reimport_names_every_change_to_the_course_definition() {
    let Imported { _dir, store, course } = imported(ROSTER);
    let changed = COURSE
        .replace("title = \"Middle-earth Studies\"", "title = \"Middle-earth Studies II\"")
        .replace("ends = \"2026-06-30T23:59:59Z\"", "ends = \"2026-07-31T23:59:59Z\"")
        .replace("A = 90", "A = 92")
        .replace("weight = 40", "weight = 50")
        .replace(
            "id = \"q1\"\ncategory = \"quiz\"\nmax_points = 10",
            "id = \"q1\"\ncategory = \"quiz\"\nmax_points = 20\nweight = 5",
        );
    write(course.path(), "course.toml", &changed);
    let report = import_folder(&store, course.path(), None, AT).expect("changed definition");
    let expected = [
        "title 'Middle-earth Studies' -> 'Middle-earth Studies II'",
        "end 2026-06-30T23:59:59Z -> 2026-07-31T23:59:59Z",
        "letter cutoffs A 90.0%, B 80.0% -> A 92.0%, B 80.0%",
        "weight of category quiz 40 -> 50",
        "q1 max points 10 -> 20",
        "weight of q1 1 -> 5",
    ];
    assert_eq!(report.settings_changed, expected);
    let said = report_lines(&report, &super::CliWording).join("\n");
    assert!(said.contains(&format!("Course definition from the file: {}.", expected.join("; "))), "{said}");
    let logged = report.event("tester", jiff::Timestamp::UNIX_EPOCH).summary;
    assert!(logged.contains(&format!("course definition from the file: {}", expected.join("; "))), "{logged}");
    assert_eq!(store.course("me-101").expect("read").expect("course").title, "Middle-earth Studies II");
    let again = import_folder(&store, course.path(), None, AT).expect("the same again");
    assert!(again.settings_changed.is_empty(), "nothing changed the second time: {:?}", again.settings_changed);
}

#[test]
fn reimport_never_silently_loses_a_score_entered_in_certdesk() {
    let Imported { _dir, store, course } = imported(ROSTER);
    let now = "2026-03-01T00:00:00Z".parse().expect("date");
    // Staff grade Bilbo's final and correct Zoë's q1 in certdesk.
    let points = |text: &str| Some(text.parse::<Points>().expect("points"));
    crate::ops::set_score(&store, "me-101", "bilbo", "final", points("88"), &crate::ops::Context::new("tester", now))
        .expect("grade");
    crate::ops::set_score(&store, "me-101", "zoe", "q1", points("9"), &crate::ops::Context::new("tester", now))
        .expect("grade");
    let bilbo_final = |store: &Store| store.enrollment("me-101", "bilbo").expect("read").expect("bilbo").scores[2];

    // The same file again would clear Bilbo's final and put Zoë's q1 back to 7: two conflicts.
    match import_folder(&store, course.path(), None, AT) {
        Err(ImportError::Conflicts(report)) => {
            type Shown<'a> = (&'a str, &'a str, Option<Points>, Option<Points>, Option<Points>);
            let shown: Vec<Shown> = report
                .conflicts
                .iter()
                .map(|c| (c.username.as_str(), c.activity.as_str(), c.imported, c.certdesk, c.file))
                .collect();
            assert_eq!(
                shown,
                [("bilbo", "final", None, points("88"), None), ("zoe", "q1", points("7"), points("9"), points("7"))]
            );
        }
        other => panic!("expected conflicts, got {other:?}"),
    }
    assert_eq!(bilbo_final(&store), points("88"), "nothing was written");

    // certdesk wins: the scores stay, and stay marked, so the next import asks again.
    let kept = import_folder(&store, course.path(), Some(Keep::Certdesk), AT).expect("keep certdesk");
    assert_eq!(kept.conflicts.len(), 2);
    assert_eq!(bilbo_final(&store), points("88"));
    assert!(matches!(import_folder(&store, course.path(), None, AT), Err(ImportError::Conflicts(_))));

    // The file wins: Bilbo's final is cleared, and a later import has nothing to ask.
    import_folder(&store, course.path(), Some(Keep::File), AT).expect("keep file");
    assert_eq!(bilbo_final(&store), None);
    let zoe = store.enrollment("me-101", "zoe").expect("read").expect("zoe");
    assert_eq!(zoe.scores[0], points("7"));
    assert!(import_folder(&store, course.path(), None, AT).expect("no conflict").conflicts.is_empty());

    // A file that agrees with the score entered in certdesk is no conflict.
    crate::ops::set_score(&store, "me-101", "zoe", "q1", points("9"), &crate::ops::Context::new("tester", now))
        .expect("grade");
    write(course.path(), "grades.csv", "username,q1\nzoe,9\n");
    assert!(import_folder(&store, course.path(), None, AT).expect("agreeing file").conflicts.is_empty());
}

/// Zoë's q2 score, 6 entered in certdesk, on an activity the file no longer has.
fn zoes_q2_entered_in_certdesk_and_removed_by_the_file() -> Conflict {
    Conflict {
        username: "zoe".into(),
        activity: "q2".into(),
        imported: None,
        certdesk: Some(Points::from_hundredths(600)),
        file: None,
        activity_removed: true,
    }
}

#[test]
fn a_score_entered_in_certdesk_on_an_activity_the_file_removes_is_a_conflict() {
    let Imported { _dir, store, course } = imported(ROSTER);
    let context = crate::ops::Context::new("tester", "2026-03-01T00:00:00Z".parse().expect("date"));
    crate::ops::set_score(&store, "me-101", "zoe", "q2", Some(Points::from_hundredths(600)), &context).expect("grade");
    write(
        course.path(),
        "course.toml",
        &COURSE.replace("[[activity]]\nid = \"q2\"\ncategory = \"quiz\"\nmax_points = 10\n", ""),
    );
    write(course.path(), "grades.csv", "username,q1,final\nbilbo,10,\nzoe,7,91\n");
    let zoe_scores = |store: &Store| store.enrollment("me-101", "zoe").expect("read").expect("zoe").scores;

    let conflicts = match import_folder(&store, course.path(), None, AT) {
        Err(ImportError::Conflicts(report)) => report.conflicts,
        other => panic!("expected conflicts, got {other:?}"),
    };
    let removed = zoes_q2_entered_in_certdesk_and_removed_by_the_file();
    assert_eq!(
        conflicts,
        std::slice::from_ref(&removed),
        "only the score entered in certdesk: bilbo's imported q2 is no conflict"
    );
    assert_eq!(conflict_lines(&conflicts), ["  zoe q2: imported -, certdesk 6, file: no such activity"]);
    assert_eq!(zoe_scores(&store).len(), 3, "nothing was written");

    // certdesk's side cannot win: the course would have nowhere to keep the score.
    match import_folder(&store, course.path(), Some(Keep::Certdesk), AT) {
        Err(error @ ImportError::CannotKeepRemoved(_)) => assert_eq!(
            error.to_string(),
            "certdesk's side cannot win for 1 score entered in certdesk on q2, which the file no longer has; nothing \
             was imported (put the activity back in the file, or discard the scores with --keep file)"
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(zoe_scores(&store).len(), 3, "nothing was written");

    let report = import_folder(&store, course.path(), Some(Keep::File), AT).expect("the file wins");
    assert_eq!((report.conflicts, report.scores_discarded), (vec![removed], 2));
    assert_eq!(zoe_scores(&store).len(), 2);
    let said =
        report_lines(&import_folder(&store, course.path(), None, AT).expect("settled"), &super::CliWording).join("\n");
    assert!(!said.contains("conflict"), "settled once: {said}");
}

#[test]
fn the_audit_entry_names_the_source_and_counts_in_good_english() {
    let conflict = zoes_q2_entered_in_certdesk_and_removed_by_the_file();
    let report = ImportReport {
        course: "me-101".into(),
        format: Some("moodle".into()),
        learners_added: 1,
        scores_added: 1,
        activities_removed: vec!["q2".into()],
        scores_discarded: 1,
        conflicts: vec![conflict],
        kept: Some(Keep::File),
        ..ImportReport::default()
    };
    assert_eq!(
        report.event("tester", jiff::Timestamp::UNIX_EPOCH).summary,
        "imported a Moodle grade export: 1 learner added, 0 updated; 1 score added, 0 changed, 0 cleared; activities \
         removed: q2 (1 score discarded); 1 conflict: took the file's score (zoe q2)"
    );
    let edx = ImportReport { format: Some("openedx".into()), ..ImportReport::default() };
    assert!(
        edx.event("tester", jiff::Timestamp::UNIX_EPOCH).summary.starts_with("imported an Open edX grade report: 0")
    );
}

#[test]
fn the_report_names_the_learners_behind_its_counts() {
    let usernames = |count: usize| (1..=count).map(|n| format!("learner-{n:02}")).collect::<Vec<_>>();
    let report = ImportReport {
        course: "me-101".into(),
        learners_added: 1,
        learners_updated: 2,
        learners_not_on_roster: 12,
        usernames_added: vec!["sam".into()],
        usernames_updated: vec!["bilbo".into(), "zoe".into()],
        usernames_not_on_roster: usernames(12),
        ..ImportReport::default()
    };
    let lines = super::report_lines(&report, &super::CliWording);
    assert_eq!(
        lines[..4],
        [
            "Updated me-101: 1 learner added, 2 updated, 0 unchanged, 12 learners not on the roster (kept as they were).",
            "  Added: sam",
            "  Updated: bilbo and zoe",
            "  Not on the roster: learner-01, learner-02, learner-03, learner-04, learner-05, learner-06, learner-07, \
             learner-08, learner-09, learner-10 and 2 more",
        ]
    );
    let created = ImportReport { created: true, usernames_added: usernames(3), ..ImportReport::default() };
    assert!(
        !super::report_lines(&created, &super::CliWording).iter().any(|line| line.starts_with("  Added")),
        "a new course's roster"
    );
}

#[test]
fn a_name_written_decomposed_is_the_same_name() {
    use unicode_normalization::UnicodeNormalization as _;
    // Exported from macOS: Zoë Ångström with her accents as combining marks.
    let decomposed: String = ROSTER.nfd().collect();
    assert_ne!(decomposed, ROSTER);
    let Imported { _dir, store, course } = imported(&decomposed);
    let zoe = store.enrollment("me-101", "zoe").expect("read").expect("zoe");
    assert_eq!(zoe.full_name, "Zoë Ångström", "kept composed");

    // The same roster composed, then decomposed again: nobody is renamed.
    for roster in [ROSTER, decomposed.as_str()] {
        write(course.path(), "roster.csv", roster);
        let again = import_folder(&store, course.path(), None, AT).expect("again");
        assert_eq!((again.learners_updated, again.learners_unchanged), (0, 2), "{roster:?}");
    }
}

#[test]
fn an_import_event_names_the_first_twenty_learners_of_each_change_and_counts_the_rest() {
    let everyone: Vec<String> = (0..100_000).map(|n| format!("learner{n}")).collect();
    let mut report = ImportReport {
        usernames_added: everyone.clone(),
        usernames_scores_changed: everyone[..3].to_vec(),
        ..ImportReport::default()
    };
    let event = report.event(AT.0, AT.1);
    let changes = event.learner_changes.clone().expect("an import names whom it changed");
    assert_eq!(changes.added.usernames, everyone[..20]);
    assert_eq!(changes.added.more, 99_980);
    assert_eq!(changes.added.to_string(), format!("{} and 99980 more", everyone[..20].join(", ")));
    assert_eq!(changes.scores_changed.to_string(), "learner0, learner1 and learner2");
    assert!(changes.updated.usernames.is_empty() && changes.not_on_roster.usernames.is_empty());
    let stored = crate::store::encode(&event).len();
    assert!(stored < 1_000, "100,000 learners added make an event of {stored} bytes");
    // A new course's learners are all added: counted, not named, as in the report.
    report.created = true;
    let added = report.event(AT.0, AT.1).learner_changes.expect("changes").added;
    assert_eq!((added.usernames.len(), added.more), (0, 100_000));
}

#[test]
fn a_username_written_in_another_case_is_the_same_learner() {
    let course = imported(ROSTER);
    // The roster and grades of a re-export that capitalises Zoë's login.
    write(course.course.path(), "roster.csv", &ROSTER.replace("\nzoe,", "\nZOE,"));
    write(course.course.path(), "grades.csv", &GRADES.replace("\nzoe,7,", "\nZOE,9,"));
    let report = import_folder(&course.store, course.course.path(), None, AT).expect("re-import");
    assert_eq!((report.learners_added, report.learners_not_on_roster, report.learners_unchanged), (0, 0, 2));
    assert_eq!(report.notes, ["Matched ignoring case, and kept under the username the course knows: ZOE as zoe."]);
    let learners = course.store.enrollments("me-101").expect("read");
    assert_eq!(learners.iter().map(|learner| learner.username.as_str()).collect::<Vec<_>>(), ["bilbo", "zoe"]);
    let zoe = course.store.enrollment("me-101", "zoe").expect("read").expect("zoe");
    assert_eq!(zoe.scores[0], Some(Points::from_hundredths(900)), "the file's score, under the course's username");
}
