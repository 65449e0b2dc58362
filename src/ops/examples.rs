//! Example certificates: a sample learner per certifying mode plus the worst cases of the
//! course's own roster, checked before any learner sees the template. They are recorded
//! with their outcome but are not certificates: nothing is issued and nothing verifies.

use super::Result;
use super::issue::{Context, template_ref};
use super::standing::{CourseState, load_course_state};
use crate::domain::{Action, Example, ExampleKind, ExampleSet, Mode, Percent};
use crate::store::{Commit, Store};

/// Used when the roster has no name outside Latin-1.
const FALLBACK_NON_LATIN: &str = "Αικατερίνη Παπαδοπούλου";
const SAMPLE_NAME: &str = "Alex Sample";
const SAMPLE_PERCENT: Percent = match Percent::from_tenths(875) {
    Some(percent) => percent,
    None => Percent::FULL,
};

/// The learners the examples are made for.
pub fn example_subjects(state: &CourseState) -> Vec<(ExampleKind, String, Mode, Percent)> {
    let names = state.learners.iter().map(|standing| standing.enrollment.full_name.as_str());
    let longest = names.clone().max_by_key(|name| name.chars().count()).unwrap_or(SAMPLE_NAME);
    let non_latin = names.clone().find(|name| name.chars().any(|c| u32::from(c) > 0xFF)).unwrap_or(FALLBACK_NON_LATIN);
    vec![
        (ExampleKind::Mode(Mode::Honor), SAMPLE_NAME.to_string(), Mode::Honor, SAMPLE_PERCENT),
        (ExampleKind::Mode(Mode::Verified), SAMPLE_NAME.to_string(), Mode::Verified, SAMPLE_PERCENT),
        (ExampleKind::LongestName, longest.to_string(), Mode::Verified, SAMPLE_PERCENT),
        (ExampleKind::NonLatin, non_latin.to_string(), Mode::Honor, SAMPLE_PERCENT),
        (ExampleKind::ZeroPercent, SAMPLE_NAME.to_string(), Mode::Honor, Percent::ZERO),
        (ExampleKind::FullMarks, SAMPLE_NAME.to_string(), Mode::Verified, Percent::FULL),
    ]
}

/// Why an example cannot be printed, judged on its data.
fn data_problem(state: &CourseState, full_name: &str) -> Option<String> {
    if full_name.trim().is_empty() {
        Some("the learner's name is empty".to_string())
    } else if state.course.title.trim().is_empty() {
        Some("the course has no title".to_string())
    } else if state.course.institution.trim().is_empty() {
        Some("the course names no institution".to_string())
    } else {
        None
    }
}

/// Makes, checks and records the course's example certificates.
pub fn generate_examples(store: &Store, course_id: &str, context: &Context) -> Result<ExampleSet> {
    let state = load_course_state(store, course_id, context.now)?;
    let examples: Vec<Example> = example_subjects(&state)
        .into_iter()
        .map(|(kind, full_name, mode, percent)| {
            let template = template_ref(&state, mode);
            Example {
                error: data_problem(&state, &full_name),
                kind,
                full_name,
                mode,
                percent_tenths: percent.tenths(),
                template: format!("{}@{}", template.name, template.revision),
            }
        })
        .collect();
    let set = ExampleSet { generated_at: context.now, examples };
    let failed = set.examples.iter().filter(|example| !example.succeeded()).count();
    let summary = format!("made {} example certificates, {failed} failed", set.examples.len());
    let mut commit = Commit::new(context.event(Action::Examples, summary, Vec::new(), Vec::new()));
    commit.examples = Some(set.clone());
    store.commit(course_id, &commit)?;
    store.flush()?;
    Ok(set)
}
