//! What the app does for the gradebook, the help overlay and the course switcher.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Tone};
use super::gradebook::{Column, certificate_state};
use super::keys;
use super::popup::{CourseSwitcher, MessageDialog, Popup, PromptKind};
use crate::domain::{CertificateImpact, GradeStatus, GradingScheme, LearnerAt, Points, certificate_impact};
use crate::ops::{self, CourseState};

/// How the gradebook's messages send staff to issue the certificate a learner now deserves.
pub(super) const ISSUE_WITH_G: &str = "g on the certificates tab (2) issues the certificate.";

impl App {
    pub(super) fn open_help(&mut self) {
        let map = self.key_map();
        let help = keys::help(map);
        // The keys right-aligned in a column as wide as the widest of them: a fixed 14 left a
        // blank beside the dialog's own margin, and the descriptions one cell less to wrap in.
        let widest = help.iter().map(|(key, _)| key.width()).max().unwrap_or(0);
        let lines = help
            .into_iter()
            .map(|(key, what)| {
                let key = format!("{}{key}  ", " ".repeat(widest - key.width()));
                Line::from(vec![Span::styled(key, self.theme.key()), Span::raw(what)])
            })
            .collect();
        let title = match map {
            keys::KeyMap::Editor => "Keys: the template editor".to_string(),
            // The examples' keys, not the certificates' (g makes examples, x goes back).
            keys::KeyMap::Examples => "Keys: Example certificates".to_string(),
            _ => format!("Keys: {}", self.tab.title()),
        };
        self.popup = Some(Popup::Help(MessageDialog::new(title, lines).wide()));
    }

    pub(super) fn open_courses(&mut self) {
        self.refresh_courses();
        let current = self.course.as_ref().map(|course| course.id().to_string());
        self.popup = Some(Popup::Courses(CourseSwitcher::new(self.courses.clone(), current)));
    }

    pub(super) fn activate(&mut self) {
        let on_score = self.course.as_ref().is_some_and(|c| matches!(c.gradebook.selected_column(), Column::Score(_)));
        if on_score { self.edit_score() } else { self.show_learner() }
    }

    pub(super) fn edit_score(&mut self) {
        let Some(course) = &self.course else { return };
        let Some(standing) = course.gradebook.selected_learner(&course.state) else { return };
        let Some(activity) = course.gradebook.selected_activity(&course.state) else {
            return self.tell("Move the column cursor to a score (h/l) to edit it.", Tone::Info);
        };
        let index = course.state.course.activity_index(&activity.id).unwrap_or(0);
        let current = standing.enrollment.scores.get(index).copied().flatten();
        let kind = PromptKind::Score {
            username: standing.username().to_string(),
            activity: activity.id.clone(),
            max: activity.max_points,
            stored: current,
        };
        let title = format!("Score of {} for {} (0 to {})", standing.username(), activity.id, activity.max_points);
        let initial = current.map(|points| points.to_string()).unwrap_or_default();
        self.open_prompt(kind, &title, initial);
    }

    pub(super) fn clear_score(&mut self) {
        let Some(course) = &self.course else { return };
        let Some(standing) = course.gradebook.selected_learner(&course.state) else { return };
        let Some(activity) = course.gradebook.selected_activity(&course.state) else {
            return self.tell("Move the column cursor to a score (h/l) to clear it.", Tone::Info);
        };
        let index = course.state.course.activity_index(&activity.id).unwrap_or(0);
        if standing.enrollment.scores.get(index).copied().flatten().is_none() {
            let text = format!("{}'s {} is not graded; nothing to clear.", standing.username(), activity.id);
            return self.tell(text, Tone::Info);
        }
        let action = super::action::Action::SetScore {
            username: standing.username().to_string(),
            activity: activity.id.clone(),
            points: None,
        };
        self.ask(action);
    }

    /// Saves (and flushes) one score, then re-grades that learner in memory.
    pub(super) fn set_score(&mut self, username: &str, activity: &str, points: Option<Points>) {
        // A score the store refuses (the course changed under the prompt) goes back to its
        // prompt, still typed, with why.
        let prompt = match self.popup.take() {
            Some(Popup::Prompt(prompt)) if matches!(prompt.kind, PromptKind::Score { .. }) => Some(prompt),
            _ => None,
        };
        let context = self.context();
        let now = context.now;
        let Some(course) = &mut self.course else { return };
        let course_id = course.id().to_string();
        match ops::set_score(&self.store, &course_id, username, activity, points, &context) {
            Ok(change) => {
                let state = &mut course.state;
                let count = state.course.activities.len();
                if let Some(index) = state.course.activity_index(activity)
                    && let Some(standing) = state.learner_mut(username)
                {
                    standing.enrollment.scores.resize(count, None);
                    standing.enrollment.scores[index] = change.after;
                }
                state.refresh(username, now);
                course.learner_saved(username, change.event.clone());
                let shown = |points: Option<Points>| {
                    points.map_or_else(|| "not graded".to_string(), |p| format!("{p}/{}", change.max_points))
                };
                let what = if change.before == change.after {
                    format!("Nothing changed: {username} {activity} is already {}", shown(change.after))
                } else {
                    format!("Saved {username} {activity}: {} -> {}", shown(change.before), shown(change.after))
                };
                let grade = &change.grade;
                let mut text = format!("{what}. Grade {} {}", grade.percent, grade.status);
                let tone = match &change.certificate {
                    // Said in two rows at 80 columns: what the reachable percent adds goes.
                    Some(impact) => {
                        text.push_str(&format!(". {}", certificate_advice(impact)));
                        Tone::Info
                    }
                    None if change.newly_eligible => {
                        text.push_str(&format!(". {username} is eligible now: {ISSUE_WITH_G}"));
                        Tone::Info
                    }
                    None => {
                        text.push_str(&format!(" (reachable {}).", grade.reachable));
                        Tone::Success
                    }
                };
                self.tell(text, tone);
            }
            Err(error) => {
                if let Some(mut prompt) = prompt {
                    prompt.error = Some(error.to_string());
                    self.popup = Some(Popup::Prompt(prompt));
                }
                self.fail(error)
            }
        }
    }

    pub(super) fn sort_by_column(&mut self) {
        if let Some(course) = &mut self.course {
            course.gradebook.sort_by_selected(&course.state);
        }
    }

    /// The learner's progress: each activity, what is missing, eligibility, certificates.
    pub(super) fn show_learner(&mut self) {
        let Some(course) = &self.course else { return };
        let state = &course.state;
        let Some(standing) = course.gradebook.selected_learner(state) else { return };
        let theme = self.theme;
        let enrollment = &standing.enrollment;
        let grade = &standing.grade;
        let mut lines = vec![
            Line::from(format!(
                "{} ({}) · {} · {}",
                enrollment.full_name, enrollment.username, enrollment.mode, enrollment.status
            )),
            Line::from(format!(
                "Grade {} {} · reachable {} · letter {}",
                grade.percent,
                grade.status,
                grade.reachable,
                standing.letter.as_deref().unwrap_or("-")
            )),
            match standing.eligibility {
                Ok(()) if state.allowlist.contains_key(standing.username()) => Line::styled(
                    "Eligible for a certificate: on the allowlist, whatever the grade (a takes them off).",
                    theme.success(),
                ),
                Ok(()) => Line::styled("Eligible for a certificate.", theme.success()),
                // Below the threshold: of how much, which the grade above is compared with.
                Err(reason @ crate::domain::Ineligible::BelowThreshold) => Line::styled(
                    format!("Not eligible: {} ({}).", reason.explain(), state.course.pass_threshold),
                    theme.warning(),
                ),
                Err(reason) => Line::styled(format!("Not eligible: {}.", reason.explain()), theme.warning()),
            },
            Line::from(format!("Certificate: {}", certificate_state(standing))),
            Line::raw(""),
            Line::styled("Activity        points   share of grade", theme.header()),
        ];
        let shares = activity_shares(&state.course);
        let max_width = state.course.activities.iter().map(|a| a.max_points.to_string().len()).max().unwrap_or(0);
        let mut missing = Vec::new();
        for (index, activity) in state.course.activities.iter().enumerate() {
            let score = enrollment.scores.get(index).copied().flatten();
            if score.is_none() {
                missing.push(activity.id.clone());
            }
            let points = score.map_or_else(|| "-".to_string(), |p| p.to_string());
            lines.push(Line::from(format!(
                "{:<14} {:>5}/{:<max_width$} {:>5.1}%   {}",
                activity.id,
                points,
                // As text: `Points` writes itself without the padding asked of it.
                activity.max_points.to_string(),
                shares[index] * 100.0,
                activity.title
            )));
        }
        lines.push(Line::raw(""));
        lines.push(if missing.is_empty() {
            Line::from("Nothing is missing: every activity is graded.")
        } else {
            Line::from(format!("Missing for a final grade: {}.", missing.join(", ")))
        });
        lines.push(Line::raw(""));
        lines.push(Line::styled("Certificates", theme.header()));
        if standing.ledger.entries.is_empty() {
            lines.push(Line::from("  none issued"));
        }
        for entry in &standing.ledger.entries {
            let certificate = &entry.certificate;
            lines.push(Line::from(format!(
                "  {}  {}  {}  issued {} by {}  {}",
                certificate.code,
                certificate.snapshot.percent,
                certificate.snapshot.grade_status,
                crate::domain::when_utc(certificate.snapshot.issued_at),
                certificate.snapshot.issued_by,
                super::cert_flags::describe_status(&entry.status, true)
            )));
        }
        let title = format!("Progress of {}", enrollment.username);
        self.popup = Some(Popup::Message(MessageDialog::new(title, lines).wide()));
    }
}

/// Each activity's nominal share of the grade (category share times its weight within
/// the category), before any lowest scores are dropped.
fn activity_shares(course: &crate::domain::Course) -> Vec<f64> {
    let category_weight = |id: &str| course.categories.iter().find(|c| c.id == id).map_or(0.0, |c| c.weight.max(0.0));
    let used: Vec<&str> = course
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| course.activities.iter().any(|activity| activity.category == *id))
        .collect();
    let total: f64 = used.iter().map(|id| category_weight(id)).sum();
    course
        .activities
        .iter()
        .map(|activity| {
            let within: f64 = course
                .activities
                .iter()
                .filter(|other| other.category == activity.category)
                .map(|other| other.weight.max(0.0))
                .sum();
            if total <= 0.0 || within <= 0.0 {
                0.0
            } else {
                category_weight(&activity.category) / total * activity.weight.max(0.0) / within
            }
        })
        .collect()
}

/// What clearing `username`'s score for `activity` will do, as of `now`: the grade before and
/// after, and why it is final or provisional then (the course may have ended since it loaded).
pub(super) fn clear_score_question(
    state: &CourseState,
    username: &str,
    activity: &str,
    now: jiff::Timestamp,
) -> Result<String, String> {
    let course = &state.course;
    let standing = state.learner(username).ok_or_else(|| format!("{} has no learner {username}", course.id))?;
    let index = course.activity_index(activity).ok_or_else(|| format!("{} has no activity {activity}", course.id))?;
    let scheme = GradingScheme::new(course, now);
    let mut enrollment = standing.enrollment.clone();
    enrollment.scores.resize(course.activities.len(), None);
    let before = scheme.grade(&enrollment.scores);
    let mut cleared = enrollment.clone();
    cleared.scores[index] = None;
    let after = scheme.grade(&cleared.scores);
    let why = match after.status {
        GradeStatus::Final => "The course has ended, so work not graded counts 0 and the grade stays final",
        GradeStatus::Provisional => "It counts as not graded, and the grade is provisional until it is graded again",
    };
    let mut question = format!(
        "Clear {username}'s score for {activity}? {why}: {} {} -> {} {}.",
        before.percent, before.status, after.percent, after.status
    );
    // What it does to the certificate in force is said before, not only after, the answer.
    let (allowlisted, invalidated) =
        (state.allowlist.contains_key(username), state.invalidations.contains_key(username));
    let side = |enrollment| LearnerAt { course, enrollment, allowlisted, invalidated };
    if let Some(impact) = certificate_impact(&standing.ledger, &side(&enrollment), &side(&cleared), now) {
        question.push_str(&format!(" The {}.", impact.consequence_as("would be")));
    }
    Ok(question)
}

/// What a score edit did to the learner's certificate, and the key that deals with it: `r`
/// regenerates a stale one; nothing revokes one no longer deserved but staff (`d`). Then how
/// it is stale, as `certdesk grade` says it (letter and status too): where the status line's
/// two rows at 80 columns cut the message, that goes first.
fn certificate_advice(impact: &CertificateImpact) -> String {
    let how = impact.stale.clone().unwrap_or_else(|| format!("{} -> {}", impact.certified, impact.after));
    match (impact.not_eligible, &impact.stale) {
        (Some(reason), None) => {
            format!("Certificate not deserved now ({reason}), valid until revoked: d on Certificates.")
        }
        (Some(reason), Some(_)) => format!(
            "Certificate not deserved now ({reason}), valid until revoked: d on Certificates. Stale too: {how}."
        ),
        (None, _) => format!("Certificate now stale, r on Certificates replaces it: {how}."),
    }
}
