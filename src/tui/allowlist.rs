//! `a` in the gradebook: a learner put on the course's allowlist (eligible whatever their grade),
//! or taken off it, after a question that says what it changes, as `certdesk allow` does.

use super::action::Action;
use super::app::{App, Tone};
use crate::domain::{beyond_the_allowlist, eligibility};
use crate::ops::{self, CourseState, Standing};

impl App {
    /// Asks to put the learner under the cursor on the allowlist, or to take them off it.
    pub(super) fn ask_allow(&mut self) {
        let Some(course) = &self.course else { return };
        let Some(standing) = course.gradebook.selected_learner(&course.state) else { return };
        let username = standing.username().to_string();
        let allowed = !course.state.allowlist.contains_key(&username);
        self.ask(Action::SetAllowed { username, allowed });
    }

    /// Saves the learner's place on the allowlist, then re-grades them in memory.
    pub(super) fn set_allowed(&mut self, username: &str, allowed: bool) {
        self.popup = None;
        let context = self.context();
        let Some(course) = &mut self.course else { return };
        let course_id = course.id().to_string();
        match ops::set_allowed(&self.store, &course_id, username, allowed, &context) {
            Ok((event, entry)) => {
                let state = &mut course.state;
                match entry {
                    Some(entry) => state.allowlist.insert(username.to_string(), entry),
                    None => state.allowlist.remove(username),
                };
                state.refresh(username, context.now);
                course.learner_saved(username, Some(event));
                let Some(standing) = course.state.learner(username) else { return };
                let (text, tone) = done(standing, allowed);
                self.tell(text, tone);
            }
            Err(error) => self.fail(error),
        }
    }
}

/// The question `a` asks about `username`: what putting them on the allowlist (`allowed`) or
/// taking them off changes, as of their grade now.
pub(super) fn question(state: &CourseState, username: &str, allowed: bool) -> Result<String, String> {
    let course = &state.course;
    let standing = state.learner(username).ok_or_else(|| format!("{} has no learner {username}", course.id))?;
    let enrollment = &standing.enrollment;
    let who = format!("{username} ({})", enrollment.full_name);
    let grade = format!("{} {}", standing.grade.percent, standing.grade.status);
    let invalidated = state.invalidations.contains_key(username);
    let without = eligibility(course, enrollment, &standing.grade, false, invalidated);
    if allowed {
        let (id, threshold) = (&course.id, course.pass_threshold);
        let mut question = match without {
            Ok(()) => format!(
                "Put {who} on the allowlist of {id}? Their grade earns a certificate already ({grade}; the \
                 threshold is {threshold}): on the list, they stay eligible whatever it becomes."
            ),
            Err(_) => format!(
                "Put {who} on the allowlist of {id}? They become eligible for a certificate whatever their grade \
                 ({grade}; the threshold is {threshold})."
            ),
        };
        if let Err(reason) = beyond_the_allowlist(enrollment, invalidated) {
            question.push_str(&format!(" It changes nothing now: {}.", reason.explain()));
        }
        return Ok(question);
    }
    let mut question = format!("Take {who} off the allowlist of {}? The usual rules apply again: ", course.id);
    match without {
        Ok(()) => question.push_str(&format!("their grade ({grade}) earns a certificate.")),
        Err(reason) => {
            question.push_str(&format!("not eligible, as {} ({grade}).", reason.explain()));
            if let Some(entry) = standing.active() {
                question.push_str(&format!(
                    " Their certificate {} would no longer be deserved, and stays valid until revoked.",
                    entry.certificate.code
                ));
            }
        }
    }
    Ok(question)
}

/// What `a` did, said once the store has it: `standing` is the learner re-graded.
fn done(standing: &Standing, allowed: bool) -> (String, Tone) {
    let username = standing.username();
    if !allowed {
        let mut text = format!("{username} is off the allowlist; the usual rules apply again.");
        if let (Some(entry), Err(why)) = (standing.active(), standing.eligibility) {
            text.push_str(&format!(
                " Certificate {} not deserved now ({}), valid until revoked: d on Certificates.",
                entry.certificate.code,
                why.label()
            ));
        }
        return (text, Tone::Info);
    }
    let text = format!("{username} is on the allowlist: eligible whatever the grade.");
    match standing.eligibility {
        Err(reason) => (format!("{text} It changes nothing now: {}.", reason.explain()), Tone::Info),
        Ok(()) if standing.active().is_none() => (format!("{text} {}", super::app_grades::ISSUE_WITH_G), Tone::Success),
        Ok(()) => (text, Tone::Success),
    }
}
