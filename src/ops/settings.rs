//! Changing a course's certificate settings, including the guarded switch to self-service.

use super::issue::Context;
use super::standing::{CourseState, Standing, load_course_state};
use super::{OpsError, Result, require_course};
use crate::domain::{Action, Course, ExampleSet, IssuancePolicy, Mode, Percent, eligibility};
use crate::render::FontBook;
use crate::store::{Commit, Store};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsChange {
    pub self_generation: Option<bool>,
    pub threshold: Option<Percent>,
    pub issuance: Option<IssuancePolicy>,
    pub verify_base_url: Option<String>,
    /// A mode and the template name it prints with (`None`: the built-in design).
    pub template: Option<(Mode, Option<String>)>,
}

impl SettingsChange {
    pub fn is_empty(&self) -> bool {
        *self == SettingsChange::default()
    }
}

/// Why self-generation cannot be turned on now, if it cannot.
pub fn self_generation_blocker(store: &Store, course_id: &str) -> Result<Option<String>> {
    let state = load_course_state(store, course_id, jiff::Timestamp::now())?;
    Ok(examples_blocker(&state, store.examples(course_id)?.as_ref(), &examples_command(course_id)))
}

/// Whether self-generation can be on for a course, as staff are shown it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfServiceCheck {
    /// Why it cannot be turned on, or no longer stands if it is on (`examples_blocker`).
    pub blocker: Option<String>,
    /// The learners it will refuse, whose names `fonts` cannot print.
    pub unprintable: Option<UnprintableNames>,
}

/// Whether self-generation can be on for `course_id`, with the names `fonts` cannot print.
pub fn check_self_service(store: &Store, course_id: &str, fonts: &FontBook) -> Result<SelfServiceCheck> {
    let mut state = load_course_state(store, course_id, jiff::Timestamp::now())?;
    state.check_names(fonts);
    let blocker = examples_blocker(&state, store.examples(course_id)?.as_ref(), &examples_command(course_id));
    Ok(SelfServiceCheck { blocker, unprintable: UnprintableNames::of(&state) })
}

/// What staff are told before certificates are signed while the course's verification URL is
/// a placeholder (`CourseSettings::placeholder_verify_url`): who checks one is sent nowhere,
/// and its credential keeps the address it was signed with. `how` says how to set the
/// course's own where staff are: the command, or the TUI's keys.
pub fn placeholder_url_advice(settings: &crate::domain::CourseSettings, how: &str) -> Option<String> {
    let url = settings.placeholder_verify_url()?;
    Some(format!(
        "{url}, a placeholder no service answers; {how} sets the course's own (a credential keeps the address it \
         was signed with)"
    ))
}

/// How the command line sets a course's verification URL, as the placeholder's advice says it.
pub fn verify_url_command(course_id: &str) -> String {
    format!("`certdesk settings {course_id} --verify-url https://…/verify/`")
}

/// How the command line makes a course's example certificates, as a blocker says it.
pub fn examples_command(course_id: &str) -> String {
    format!("run `certdesk examples {course_id}`")
}

/// Why self-generation cannot be turned on for the course of `state`, whose examples are
/// `examples`, if it cannot: none made, one failed, or they no longer stand for the course.
/// `remake` says how to make them where the user is (a command, or the TUI's keys).
pub fn examples_blocker(state: &CourseState, examples: Option<&ExampleSet>, remake: &str) -> Option<String> {
    if let Some(failed) = examples_failed(examples, remake) {
        return Some(failed);
    }
    let examples = examples?;
    super::examples::outdated(state, examples).map(|why| format!("{why}; {remake} again"))
}

/// Why the recorded `examples` vouch for nothing whatever the course holds: none made, one
/// failed for the template's sake, or a certifying mode without its example. An unprintable
/// name's example does not count: it bars that learner alone (`unprintable_names` says who).
pub(super) fn examples_failed(examples: Option<&ExampleSet>, remake: &str) -> Option<String> {
    let Some(examples) = examples else {
        return Some(format!("no example certificates yet: {remake} and check them first"));
    };
    if let Some(failed) = examples.failed_for_the_template() {
        return Some(format!(
            "the example certificate '{}' failed ({}); fix the template and {remake} again",
            failed.kind.label(),
            failed.error.as_deref().unwrap_or("unknown error")
        ));
    }
    if !examples.covers_every_mode() {
        return Some(format!("the examples do not cover every mode; {remake} again"));
    }
    None
}

/// The learners of a course whose names its fonts cannot print: each is refused a certificate
/// on their own, while self-service goes on for everyone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnprintableNames {
    pub count: usize,
    /// The first of them by username, and the first character of their name no font has.
    pub first_username: String,
    pub first_missing: char,
}

impl UnprintableNames {
    /// The learners of `state` whose names `CourseState::check_names` marked unprintable.
    pub fn of(state: &CourseState) -> Option<UnprintableNames> {
        let mut marked =
            state.learners.iter().filter_map(|standing| Some((standing.username(), standing.unprintable?)));
        let (first_username, first_missing) = marked.next()?;
        Some(UnprintableNames { count: 1 + marked.count(), first_username: first_username.to_string(), first_missing })
    }

    /// What staff are told: how many, the first, and what to do.
    pub fn warning(&self) -> String {
        let code = crate::domain::shown::code_point(self.first_missing);
        let who = if self.count == 1 {
            format!("1 learner's name cannot be printed ({}, {code})", self.first_username)
        } else {
            format!("{} learners' names cannot be printed (first: {}, {code})", self.count, self.first_username)
        };
        format!("{who}; add a font that has it with --fonts DIR, or correct the name")
    }
}

/// Applies `change` and logs it; returns one line per setting that changed.
pub fn change_settings(
    store: &Store,
    course_id: &str,
    change: &SettingsChange,
    context: &Context,
) -> Result<Vec<String>> {
    let mut course = require_course(store, course_id)?;
    let mut settings = store.settings(course_id)?;
    let mut changed = Vec::new();
    if let Some(on) = change.self_generation
        && on != settings.self_generation
    {
        if on && let Some(reason) = self_generation_blocker(store, course_id)? {
            return Err(OpsError::Refused(format!("cannot turn self-generation on: {reason}")));
        }
        settings.self_generation = on;
        changed.push(format!("self-generation {}", if on { "on" } else { "off" }));
    }
    let mut url_changed = false;
    if let Some(url) = &change.verify_base_url
        && *url != settings.verify_base_url
    {
        url_changed = true;
        if let Some(problem) = crate::domain::settings::verify_url_problem(url) {
            return Err(OpsError::Refused(format!("--verify-url {url}: {problem}")));
        }
        changed.push(format!("verify URL {} -> {url}", settings.verify_base_url));
        settings.verify_base_url = url.clone();
    }
    if let Some((mode, name)) = &change.template {
        if !mode.grants_certificate() {
            return Err(OpsError::Refused("audit learners get no certificate, so audit has no template".into()));
        }
        if let Some(name) = name
            && store.latest_template(name)?.is_none()
        {
            return Err(OpsError::Refused(format!(
                "there is no template '{name}' (see `certdesk template list`; `certdesk template save` adds one)"
            )));
        }
        // The template named after the mode is the one it prints with when none is chosen:
        // choosing it goes back to that rather than recording the same design as a choice.
        let name = name.clone().filter(|name| name != mode.as_str());
        let before = settings.template_for(*mode).map(str::to_string);
        if before != name {
            // No name of its own: the mode's own template, `honor` for honor certificates.
            let shown = |name: &Option<String>| name.clone().unwrap_or_else(|| mode.as_str().to_string());
            changed.push(format!("{mode} template {} -> {}", shown(&before), shown(&name)));
            settings.set_template(*mode, name);
        }
    }
    let mut course_changed = false;
    if let Some(threshold) = change.threshold
        && threshold != course.pass_threshold
    {
        changed.push(format!("pass threshold {} -> {threshold}", course.pass_threshold));
        course.pass_threshold = threshold;
        course_changed = true;
    }
    if let Some(issuance) = change.issuance
        && issuance != course.issuance
    {
        changed.push(format!("issuance policy {} -> {issuance}", course.issuance));
        course.issuance = issuance;
        course_changed = true;
    }
    if changed.is_empty() {
        return Ok(changed);
    }
    // A threshold raised (or a policy changed) leaves certificates in force that it would not
    // issue now: said where it is changed, as a score that does so says it. Grades do not
    // change with either, so one load judges the learners under both.
    let newly_undeserved = if course_changed {
        let state = load_course_state(store, course_id, context.now)?;
        let after = undeserved_in_force(&state, &course);
        (after > undeserved_in_force(&state, &state.course)).then_some(after)
    } else {
        None
    };
    let mut commit = Commit::new(context.event(Action::Settings, changed.join("; "), Vec::new(), Vec::new()));
    commit.settings = Some(settings);
    commit.course = course_changed.then_some(course);
    store.commit(course_id, &commit)?;
    store.flush()?;
    // What a new address means for the certificates in force: their credentials were signed.
    let issued = if url_changed { super::active_ledgers(store, course_id)?.len() } else { 0 };
    if issued > 0 {
        changed.push(format!(
            "the {} already issued print the new address from now on (export, show, mail), but their signed \
             credentials keep naming the old one (certificates issued from now on name the new one)",
            crate::domain::counted(issued, "certificate", "certificates")
        ));
    }
    if let Some(undeserved) = newly_undeserved {
        changed.push(format!(
            "{} in force not deserved now (flagged not eligible; nothing revokes them by itself)",
            crate::domain::counted(undeserved, "certificate", "certificates")
        ));
    }
    Ok(changed)
}

/// How many learners of `state` hold a certificate in force that `course`'s threshold and
/// issuance policy would not issue now.
fn undeserved_in_force(state: &CourseState, course: &Course) -> usize {
    let undeserved = |standing: &&Standing| {
        let username = standing.username();
        let (allowed, invalidated) =
            (state.allowlist.contains_key(username), state.invalidations.contains_key(username));
        eligibility(course, &standing.enrollment, &standing.grade, allowed, invalidated).is_err()
    };
    state.learners.iter().filter(|standing| standing.active().is_some()).filter(undeserved).count()
}
