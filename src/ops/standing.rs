//! A course as the certificate operations see it: every learner with their grade,
//! eligibility and certificate ledger, loaded in one pass.

use std::collections::HashMap;

use jiff::Timestamp;

use super::{Result, require_course};
use crate::domain::{
    Course, CourseSettings, Enrollment, Exception, Grade, GradingScheme, Ineligible, Ledger, LedgerEntry, Mode,
    Staleness, TemplateRef, eligibility,
};
use crate::render::FontBook;
use crate::store::Store;

pub struct CourseState {
    pub course: Course,
    pub settings: CourseSettings,
    /// Ordered by username.
    pub learners: Vec<Standing>,
    pub allowlist: HashMap<String, Exception>,
    pub invalidations: HashMap<String, Exception>,
    /// The newest revision of the template each certifying mode prints with.
    pub templates: HashMap<Mode, TemplateRef>,
}

pub struct Standing {
    pub enrollment: Enrollment,
    pub grade: Grade,
    pub letter: Option<String>,
    pub eligibility: Result<(), Ineligible>,
    pub ledger: Ledger,
    /// The first character of the name no font can draw, once `CourseState::check_names` ran.
    pub unprintable: Option<char>,
    /// Why the certificate the learner would be issued now cannot be printed, once
    /// `printable::check_new_pages` laid it out.
    pub new_page_problem: Option<String>,
    /// Why the active certificate cannot be printed with its own template revision, once
    /// `printable::check_active_pages` laid it out: that makes it stale.
    pub active_page_problem: Option<String>,
}

impl Standing {
    pub fn username(&self) -> &str {
        &self.enrollment.username
    }

    pub fn active(&self) -> Option<&LedgerEntry> {
        self.ledger.active()
    }

    /// Why the learner would not be issued the certificate they hold in force now (withdrawn
    /// since, a score corrected below the threshold): one staff will want to revoke before it
    /// is mailed or handed on. `None` without one, or for a reason about printing a new page.
    pub fn undeserved(&self) -> Option<Ineligible> {
        self.active()?;
        self.eligibility.err().filter(|why| why.is_about_the_learner())
    }

    /// How the active certificate differs from the learner's current name and grade, and
    /// whether it cannot be printed (when that was found out).
    pub fn staleness(&self) -> Option<Staleness> {
        let entry = self.active()?;
        let snapshot = &entry.certificate.snapshot;
        let mut staleness = Staleness::of(
            snapshot,
            &self.enrollment.full_name,
            self.enrollment.mode,
            &self.grade,
            self.letter.as_deref(),
        )
        .unwrap_or_default();
        staleness.unprintable = self.active_page_problem.clone();
        (staleness != Staleness::default()).then_some(staleness)
    }
}

impl CourseState {
    /// The error for `username`, who is not on the roster, naming the learner most likely meant.
    pub fn unknown_learner(&self, username: &str) -> super::OpsError {
        super::OpsError::unknown_learner(&self.course.id, username, self.learners.iter().map(Standing::username))
    }

    pub fn learner(&self, username: &str) -> Option<&Standing> {
        self.learners
            .binary_search_by(|standing| standing.username().cmp(username))
            .ok()
            .map(|index| &self.learners[index])
    }

    pub fn learner_mut(&mut self, username: &str) -> Option<&mut Standing> {
        let index = self.learners.binary_search_by(|standing| standing.username().cmp(username)).ok()?;
        Some(&mut self.learners[index])
    }

    /// Re-grades one learner after their enrollment or exceptions changed.
    pub fn refresh(&mut self, username: &str, now: Timestamp) {
        let scheme = GradingScheme::new(&self.course, now);
        let allowed = self.allowlist.contains_key(username);
        let invalidated = self.invalidations.contains_key(username);
        let Ok(index) = self.learners.binary_search_by(|standing| standing.username().cmp(username)) else {
            return;
        };
        let standing = &mut self.learners[index];
        standing.grade = scheme.grade(&standing.enrollment.scores);
        standing.letter = self.course.letter_for(standing.grade.percent).map(str::to_string);
        standing.eligibility = eligibility(&self.course, &standing.enrollment, &standing.grade, allowed, invalidated);
        standing.bar_unprintable();
    }

    /// Marks every learner whose name has a character no font of `fonts` can draw: an
    /// otherwise eligible one becomes ineligible for that reason, so nothing is issued that
    /// cannot print. Issuing operations call this before they plan.
    pub fn check_names(&mut self, fonts: &FontBook) {
        for standing in &mut self.learners {
            standing.unprintable = fonts.missing_char(&standing.enrollment.full_name);
            standing.bar_unprintable();
        }
    }
}

impl Standing {
    pub(super) fn bar_unprintable(&mut self) {
        if let (Ok(()), Some(c)) = (self.eligibility, self.unprintable) {
            self.eligibility = Err(Ineligible::Unprintable(c));
        }
        if self.eligibility.is_ok() && self.new_page_problem.is_some() {
            self.eligibility = Err(Ineligible::UnprintablePage);
        }
    }
}

/// Loads and grades a whole course as of `now`. Ledgers are read on a second thread while
/// the enrollments are read and graded: for 100,000 learners the two scans take about as
/// long as each other.
pub fn load_course_state(store: &Store, course_id: &str, now: Timestamp) -> Result<CourseState> {
    let course = require_course(store, course_id)?;
    let settings = store.settings(course_id)?;
    let allowlist = store.allowlist(course_id)?;
    let invalidations = store.invalidations(course_id)?;
    let scheme = GradingScheme::new(&course, now);
    let (ledgers, enrollments) = std::thread::scope(|scope| {
        let ledgers = scope.spawn(|| store.ledgers(course_id));
        let enrollments = store.enrollments(course_id).map(|enrollments| {
            enrollments
                .into_iter()
                .map(|enrollment| {
                    let grade = scheme.grade(&enrollment.scores);
                    (enrollment, grade)
                })
                .collect::<Vec<_>>()
        });
        let ledgers = ledgers.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (ledgers, enrollments)
    });
    let mut ledgers: HashMap<String, Ledger> = ledgers?.into_iter().collect();
    let learners = enrollments?
        .into_iter()
        .map(|(enrollment, grade)| {
            let ledger = ledgers.remove(&enrollment.username).unwrap_or_default();
            standing(&course, &allowlist, &invalidations, enrollment, grade, ledger)
        })
        .collect();
    let templates = current_templates(store, &settings)?;
    Ok(CourseState { course, settings, learners, allowlist, invalidations, templates })
}

/// The course as [`load_course_state`] loads it, with only `username` among its learners
/// (`None` when they are not enrolled): what one learner's page or request needs, read in a
/// few lookups however large the course.
pub fn load_learner_state(
    store: &Store,
    course_id: &str,
    username: &str,
    now: Timestamp,
) -> Result<Option<CourseState>> {
    let course = require_course(store, course_id)?;
    let Some(enrollment) = store.enrollment(course_id, username)? else {
        return Ok(None);
    };
    let settings = store.settings(course_id)?;
    let allowlist = store.allowlist(course_id)?;
    let invalidations = store.invalidations(course_id)?;
    let grade = GradingScheme::new(&course, now).grade(&enrollment.scores);
    let ledger = store.ledger(course_id, username)?.unwrap_or_default();
    let learner = standing(&course, &allowlist, &invalidations, enrollment, grade, ledger);
    let templates = current_templates(store, &settings)?;
    Ok(Some(CourseState { course, settings, learners: vec![learner], allowlist, invalidations, templates }))
}

fn standing(
    course: &Course,
    allowlist: &HashMap<String, Exception>,
    invalidations: &HashMap<String, Exception>,
    enrollment: Enrollment,
    grade: Grade,
    ledger: Ledger,
) -> Standing {
    let letter = course.letter_for(grade.percent).map(str::to_string);
    let allowed = allowlist.contains_key(&enrollment.username);
    let invalidated = invalidations.contains_key(&enrollment.username);
    Standing {
        eligibility: eligibility(course, &enrollment, &grade, allowed, invalidated),
        ledger,
        enrollment,
        grade,
        letter,
        unprintable: None,
        new_page_problem: None,
        active_page_problem: None,
    }
}

/// The template revision each certifying mode prints with now.
pub fn current_templates(store: &Store, settings: &CourseSettings) -> Result<HashMap<Mode, TemplateRef>> {
    let mut templates = HashMap::new();
    for mode in [Mode::Honor, Mode::Verified] {
        templates.insert(mode, super::current_template(store, settings, mode)?);
    }
    Ok(templates)
}
