//! Self-service in a course where one learner's name has a character no font has: that
//! learner alone is refused, and staff are told who; a template problem still holds it back.

use super::{
    Context, OpsError, Printer, RequestOutcome, SettingsChange, UnprintableNames, change_settings, check_self_service,
    generate_examples, request_certificate,
};
use crate::domain::{Example, ExampleKind, ExampleSet};
use crate::store::Store;

const COURSE: &str = "middle-earth-101";

/// Imports the sample course into `store` with Samwise's name given a private-use character
/// (U+E000) that no font certdesk has draws.
pub(crate) fn import_with_an_unprintable_name(store: &Store, now: jiff::Timestamp) {
    super::ensure_default_templates(store, now).unwrap();
    let mut texts = crate::sample::middle_earth();
    texts.roster = texts.roster.map(|roster| roster.replace("Samwise Gamgee", "Samwise \u{E000} Gamgee"));
    let folder = crate::import::validate(texts, Vec::new()).unwrap();
    crate::import::import_validated(store, folder, None, ("tester", now)).unwrap();
}

fn course_with_an_unprintable_name() -> (tempfile::TempDir, Store, Context) {
    let (dir, local) = crate::store::tests::temp_store();
    let store = Store::from_local(local);
    let context = Context::new("elrond", jiff::Timestamp::now());
    import_with_an_unprintable_name(&store, context.now);
    (dir, store, context)
}

fn turn_on() -> SettingsChange {
    SettingsChange { self_generation: Some(true), ..SettingsChange::default() }
}

#[test]
fn one_unprintable_name_bars_only_its_learner_from_self_service() {
    let (_dir, store, context) = course_with_an_unprintable_name();
    let printer = Printer::new(&store, None).unwrap();
    let examples = generate_examples(&store, &printer, COURSE, &context).unwrap();
    let failed: Vec<&ExampleKind> =
        examples.examples.iter().filter(|example| !example.succeeded()).map(|example| &example.kind).collect();
    assert_eq!(failed, [&ExampleKind::UnprintableName], "{examples:?}");

    let check = check_self_service(&store, COURSE, &printer.fonts).unwrap();
    assert_eq!(check.blocker, None, "an unprintable name is no reason to keep self-service off");
    let unprintable = check.unprintable.expect("Samwise's name is reported");
    assert_eq!((unprintable.count, unprintable.first_username.as_str()), (1, "samwise"));
    assert_eq!(
        unprintable.warning(),
        "1 learner's name cannot be printed (samwise, U+E000); add a font that has it with --fonts DIR, or correct the name"
    );

    assert_eq!(change_settings(&store, COURSE, &turn_on(), &context).unwrap(), ["self-generation on"]);
    let samwise = request_certificate(&store, COURSE, "samwise", &context, &printer).unwrap();
    let RequestOutcome::Refused { reason } = samwise else { panic!("samwise is refused: {samwise:?}") };
    assert!(reason.contains("no font has U+E000 (private use);") && reason.contains("--fonts DIR"), "{reason}");
    let frodo = request_certificate(&store, COURSE, "frodo", &context, &printer).unwrap();
    assert!(matches!(frodo, RequestOutcome::Issued { .. }), "everyone else is served: {frodo:?}");
}

#[test]
fn the_warning_counts_every_learner_whose_name_cannot_be_printed() {
    let (_dir, store, context) = course_with_an_unprintable_name();
    let mut state = super::load_course_state(&store, COURSE, context.now).unwrap();
    for username in ["zoe", "bilbo"] {
        let standing = state.learner_mut(username).unwrap();
        standing.enrollment.full_name.push('\u{E001}');
    }
    state.check_names(&crate::render::FontBook::new());
    let names = UnprintableNames::of(&state).expect("three names");
    assert_eq!((names.count, names.first_username.as_str(), names.first_missing), (3, "bilbo", '\u{E001}'));
    assert!(names.warning().starts_with("3 learners' names cannot be printed (first: bilbo, U+E001); "));
}

#[test]
fn any_other_failed_example_still_keeps_self_service_off() {
    let (_dir, store, context) = course_with_an_unprintable_name();
    let printer = Printer::new(&store, None).unwrap();
    let mut examples = generate_examples(&store, &printer, COURSE, &context).unwrap();
    // The longest name's example failed too, as a template too tight for it makes it fail.
    let longest = examples.examples.iter_mut().find(|example| example.kind == ExampleKind::LongestName).unwrap();
    longest.error = Some("text needs 3 lines".into());
    let mut commit = crate::store::Commit::new(context.event(
        crate::domain::Action::Examples,
        "examples".into(),
        Vec::new(),
        Vec::new(),
    ));
    commit.examples = Some(examples);
    store.commit(COURSE, &commit).unwrap();
    let refused = change_settings(&store, COURSE, &turn_on(), &context).unwrap_err();
    let OpsError::Refused(why) = refused else { panic!("refused: {refused:?}") };
    assert!(
        why.contains("the example certificate 'longest name' failed (text needs 3 lines); fix the template"),
        "{why}"
    );
    // Unprintable names alone vouch for nothing about the modes: without them it is refused too.
    let only_names = ExampleSet {
        generated_at: context.now,
        examples: vec![Example::for_tests(ExampleKind::UnprintableName, Some("no font"))],
    };
    assert_eq!(only_names.failed_for_the_template(), None);
    assert!(!only_names.covers_every_mode());
}

/// Requests for one learner at once (the button pressed again before the page came back) all
/// answer, one with the certificate issued and the others with it: none fails because another
/// wrote first.
#[test]
fn requests_at_once_for_one_learner_issue_one_certificate_and_all_answer() {
    let (_dir, store, context) = course_with_an_unprintable_name();
    let printer = Printer::new(&store, None).unwrap();
    generate_examples(&store, &printer, COURSE, &context).unwrap();
    change_settings(&store, COURSE, &turn_on(), &context).unwrap();
    let mut issued_in_all = 0;
    for username in ["frodo", "aragorn", "bilbo", "zoe", "lan", "lukasz"] {
        let outcomes: Vec<Result<RequestOutcome, String>> = std::thread::scope(|scope| {
            let asks: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        request_certificate(&store, COURSE, username, &context, &printer).map_err(|e| e.to_string())
                    })
                })
                .collect();
            asks.into_iter().map(|ask| ask.join().unwrap_or_else(|_| Err("panicked".to_string()))).collect()
        });
        let issued = outcomes.iter().filter(|outcome| matches!(outcome, Ok(RequestOutcome::Issued { .. }))).count();
        let refused = outcomes.iter().any(|outcome| matches!(outcome, Ok(RequestOutcome::Refused { .. })));
        assert!(refused || issued == 1, "{username}: {outcomes:?}");
        assert!(outcomes.iter().all(Result::is_ok), "{username}: {outcomes:?}");
        issued_in_all += issued;
    }
    assert!(issued_in_all >= 3, "most of them may have theirs");
}
