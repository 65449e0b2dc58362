//! Example certificates: a sample learner per certifying mode plus the worst cases of the
//! course's own roster (its longest name, a name outside Latin-1, the longest name in each
//! script certdesk prints, or a long sample name where the roster has none, and every name with
//! a character no font has), checked before any learner sees the template. They are recorded with their outcome but are not
//! certificates: nothing is issued and nothing verifies.

use super::Result;
use super::issue::{Context, template_ref};
use super::printing::{Printer, example_data, first_error};
use super::standing::{CourseState, load_course_state};
use crate::domain::{Action, Example, ExampleKind, ExampleSet, Ineligible, Mode, NameScript, Percent};
use crate::render::FontBook;
use crate::render::proofs::proof_problems;
use crate::store::{Commit, Store};
use std::sync::LazyLock;

/// Used when the roster has no name outside Latin-1 that the embedded fonts draw.
const FALLBACK_NON_LATIN: &str = "Αικατερίνη Παπαδοπούλου";
/// The sample learner of a mode's example certificate, and their grade.
pub const SAMPLE_NAME: &str = "Alex Sample";
pub const SAMPLE_PERCENT: Percent = match Percent::from_tenths(875) {
    Some(percent) => percent,
    None => Percent::FULL,
};

/// The learners the examples are made for.
pub fn example_subjects(state: &CourseState, fonts: &FontBook) -> Vec<(ExampleKind, String, Mode, Percent)> {
    let mut subjects = worst_cases(state);
    let mut missing = Vec::new();
    for standing in &state.learners {
        let name = &standing.enrollment.full_name;
        if let Some(c) = fonts.missing_char(name).filter(|c| !missing.contains(c)) {
            missing.push(c);
            subjects.push((ExampleKind::UnprintableName, name.to_string(), Mode::Honor, SAMPLE_PERCENT));
        }
    }
    subjects
}

/// The examples of every course: the sample learner in each mode, and the worst cases the
/// roster holds (every example but the unprintable names, which depend on the fonts).
pub fn worst_cases(state: &CourseState) -> Vec<(ExampleKind, String, Mode, Percent)> {
    // A name with a character the built-in fonts lack (Sinhala, or a rare Chinese character of
    // CJK Extension B in a name otherwise Chinese) fails as an unprintable name already; as a
    // worst case it would fail again, under a kind that blames the template ('Chinese name
    // failed … fix the template'), and the template would go unchecked on the script's names
    // that do print.
    let names = state
        .learners
        .iter()
        .map(|standing| standing.enrollment.full_name.as_str())
        .filter(|name| printed_by_built_in_fonts(name));
    let longest = names.clone().max_by_key(|name| name.chars().count()).unwrap_or(SAMPLE_NAME);
    let non_latin = names.clone().find(|name| name.chars().any(|c| u32::from(c) > 0xFF)).unwrap_or(FALLBACK_NON_LATIN);
    let mut subjects = vec![
        (ExampleKind::Mode(Mode::Honor), SAMPLE_NAME.to_string(), Mode::Honor, SAMPLE_PERCENT),
        (ExampleKind::Mode(Mode::Verified), SAMPLE_NAME.to_string(), Mode::Verified, SAMPLE_PERCENT),
        (ExampleKind::LongestName, longest.to_string(), Mode::Verified, SAMPLE_PERCENT),
        (ExampleKind::NonLatin, non_latin.to_string(), Mode::Honor, SAMPLE_PERCENT),
        (ExampleKind::ZeroPercent, SAMPLE_NAME.to_string(), Mode::Honor, Percent::ZERO),
        (ExampleKind::FullMarks, SAMPLE_NAME.to_string(), Mode::Verified, Percent::FULL),
    ];
    for (index, script) in NameScript::ALL.into_iter().enumerate() {
        let roster_longest =
            names.clone().filter(|name| NameScript::of(name) == Some(script)).max_by_key(|name| name.chars().count());
        let name = match roster_longest {
            Some(name) => name.to_string(),
            None => {
                crate::sample::names::group_for(script).map_or_else(|| SAMPLE_NAME.to_string(), |group| group.longest())
            }
        };
        // Split between the certifying modes; `template check` renders every script in both.
        let mode = if index % 2 == 0 { Mode::Honor } else { Mode::Verified };
        subjects.push((ExampleKind::Script(script), name, mode, SAMPLE_PERCENT));
    }
    subjects
}

/// Whether the fonts certdesk is built with (and the system's CJK face) draw every character of
/// `name`. Not the fonts of `--fonts`: the worst cases must be the same whichever fonts the
/// command that made the examples and the one that checks them were given.
fn printed_by_built_in_fonts(name: &str) -> bool {
    static BUILT_IN: LazyLock<FontBook> = LazyLock::new(FontBook::new);
    BUILT_IN.missing_char(name).is_none()
}

/// Why the recorded `examples` no longer stand for the course of `state`, if they do not: a
/// mode prints with another template revision since, or the roster's worst cases changed (a
/// longer name joined, a name in a script the examples had only a sample name for).
pub fn outdated(state: &CourseState, examples: &ExampleSet) -> Option<String> {
    for (kind, name, mode, _) in worst_cases(state) {
        if let Some(changed) = template_changed(state, examples, mode) {
            return Some(changed);
        }
        if !examples.examples.iter().any(|example| example.kind == kind && example.full_name == name) {
            return Some(roster_changed(&kind, &name));
        }
    }
    None
}

/// Why the examples made in `mode` no longer stand for it: it prints with another revision.
fn template_changed(state: &CourseState, examples: &ExampleSet, mode: Mode) -> Option<String> {
    let template = template_ref(state, mode).to_string();
    let made = examples.examples.iter().find(|example| example.mode == mode && example.template != template)?;
    Some(format!("the examples were made with {}, and {mode} certificates print with {template} now", made.template))
}

fn roster_changed(kind: &ExampleKind, name: &str) -> String {
    format!("the roster changed since the examples were made: the {} example would now be {name}", kind.label())
}

/// Why the recorded `examples` do not stand for issuing a certificate to `name` in `mode`
/// now, if they do not: that mode prints with another template revision since, or `name` is
/// longer than the examples that stood for names like it (the roster's longest, and the
/// longest of its script). The one-learner form of `outdated`, which reads the whole roster.
pub fn outdated_for(state: &CourseState, examples: &ExampleSet, name: &str, mode: Mode) -> Option<String> {
    if let Some(changed) = template_changed(state, examples, mode) {
        return Some(changed);
    }
    let length = name.chars().count();
    let covered = |kind: &ExampleKind| {
        examples.examples.iter().any(|example| example.kind == *kind && example.full_name.chars().count() >= length)
    };
    let uncovered = std::iter::once(ExampleKind::LongestName)
        .chain(NameScript::of(name).map(ExampleKind::Script))
        .find(|kind| !covered(kind));
    uncovered.map(|kind| roster_changed(&kind, name))
}

/// Why an example cannot be printed: its template fails, its text overflows or a character
/// cannot be drawn.
fn render_problem(
    store: &Store,
    printer: &Printer,
    state: &CourseState,
    subject: &(ExampleKind, String, Mode, Percent),
    now: jiff::Timestamp,
) -> Option<String> {
    let (_, full_name, mode, percent) = subject;
    if let Some(c) = printer.fonts.missing_char(full_name) {
        return Some(Ineligible::Unprintable(c).label());
    }
    let template = template_ref(state, *mode);
    let data = example_data(&state.course, &state.settings, full_name, *mode, *percent, now);
    match printer.page(store, &template, &data) {
        // A page its credential cannot vouch for fails too: self-service must not hand out
        // certificates that `verify --file` refuses.
        Ok((page, diagnostics)) => first_error(&template, &diagnostics).map(|problem| problem.text).or_else(|| {
            proof_problems(&page, &data, &printer.images)
                .first()
                .map(|missing| format!("{template}: {}", missing.message))
        }),
        Err(error) => Some(error.to_string()),
    }
}

/// Makes, renders, checks and records the course's example certificates.
pub fn generate_examples(store: &Store, printer: &Printer, course_id: &str, context: &Context) -> Result<ExampleSet> {
    let state = load_course_state(store, course_id, context.now)?;
    let examples: Vec<Example> = example_subjects(&state, &printer.fonts)
        .into_iter()
        .map(|subject| {
            let template = template_ref(&state, subject.2);
            let error = render_problem(store, printer, &state, &subject, context.now);
            let (kind, full_name, mode, percent) = subject;
            Example { error, kind, full_name, mode, percent_tenths: percent.tenths(), template: template.to_string() }
        })
        .collect();
    let set = ExampleSet { generated_at: context.now, examples };
    let summary = examples_summary(&set);
    let mut commit = Commit::new(context.event(Action::Examples, summary, Vec::new(), Vec::new()));
    commit.examples = Some(set.clone());
    store.commit(course_id, &commit)?;
    store.flush()?;
    Ok(set)
}

/// The audit trail's line for `set`: how many were made, and which failed, so that the trail
/// alone says what to look at.
fn examples_summary(set: &ExampleSet) -> String {
    let failed: Vec<String> =
        set.examples.iter().filter(|example| !example.succeeded()).map(|example| example.kind.label()).collect();
    let made = set.examples.len();
    if failed.is_empty() {
        return format!("made {made} example certificates, 0 failed");
    }
    format!("made {made} example certificates, {} failed: {}", failed.len(), failed.join(", "))
}

#[cfg(test)]
mod tests {
    use super::examples_summary;
    use crate::domain::{Example, ExampleKind, ExampleSet, Mode};

    #[test]
    fn the_trail_names_the_examples_that_failed() {
        let example = Example::for_tests;
        let mut set = ExampleSet {
            generated_at: jiff::Timestamp::UNIX_EPOCH,
            examples: vec![example(ExampleKind::Mode(Mode::Honor), None), example(ExampleKind::ZeroPercent, None)],
        };
        assert_eq!(examples_summary(&set), "made 2 example certificates, 0 failed");
        set.examples.push(example(ExampleKind::LongestName, Some("text needs 3 lines")));
        set.examples.push(example(ExampleKind::UnprintableName, Some("no font has U+E000")));
        assert_eq!(examples_summary(&set), "made 4 example certificates, 2 failed: longest name, unprintable name");
    }
}
