//! The store's calls about courses: their enrollments, ledgers, audit trail, commits and
//! what each course keeps beside (settings, examples, allowlist, invalidations).

use std::collections::HashMap;

use super::{Inner, Store, done, unexpected};
use crate::domain::{Code, Course, CourseSettings, Enrollment, Event, ExampleSet, Exception, Ledger};
use crate::serve::protocol::{Request, Response};
use crate::store::certificates::CodeOwner;
use crate::store::commit::Commit;
use crate::store::error::Result;

impl Store {
    pub fn courses(&self) -> Result<Vec<Course>> {
        match &self.inner {
            Inner::Local(local) => local.courses(),
            Inner::Remote(remote) => remote!(remote, Request::Courses, Courses),
        }
    }

    pub fn course(&self, course_id: &str) -> Result<Option<Course>> {
        match &self.inner {
            Inner::Local(local) => local.course(course_id),
            Inner::Remote(remote) => remote!(remote, Request::Course(course_id.to_string()), Course),
        }
    }

    /// Every enrollment of a course, ordered by username.
    pub fn enrollments(&self, course_id: &str) -> Result<Vec<Enrollment>> {
        match &self.inner {
            Inner::Local(local) => local.enrollments(course_id),
            Inner::Remote(remote) => remote!(remote, Request::Enrollments(course_id.to_string()), Enrollments),
        }
    }

    /// How many learners a course has, without decoding them.
    pub fn enrollment_count(&self, course_id: &str) -> Result<usize> {
        match &self.inner {
            Inner::Local(local) => local.enrollment_count(course_id),
            Inner::Remote(remote) => remote!(remote, Request::EnrollmentCount(course_id.to_string()), Count),
        }
    }

    pub fn enrollment(&self, course_id: &str, username: &str) -> Result<Option<Enrollment>> {
        match &self.inner {
            Inner::Local(local) => local.enrollment(course_id, username),
            Inner::Remote(remote) => remote!(
                remote,
                Request::Enrollment { course: course_id.to_string(), username: username.to_string() },
                Enrollment
            ),
        }
    }

    /// Writes one enrollment made from `replaces`, with its audit event (see
    /// `LocalStore::save_enrollment`).
    pub fn save_enrollment(
        &self,
        course_id: &str,
        enrollment: &Enrollment,
        replaces: &Enrollment,
        event: &Event,
    ) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.save_enrollment(course_id, enrollment, replaces, event),
            Inner::Remote(remote) => done(remote.call(Request::SaveEnrollment {
                course: course_id.to_string(),
                enrollment: enrollment.clone(),
                replaces: replaces.clone(),
                event: event.clone(),
            })?),
        }
    }

    /// Makes `course` and `enrollments` the whole content of the course, atomically.
    pub fn replace_course(&self, course: &Course, enrollments: &[Enrollment], event: &Event) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.replace_course(course, enrollments, event),
            Inner::Remote(remote) => remote.replace_course(course, enrollments, event),
        }
    }

    pub fn ledger(&self, course_id: &str, username: &str) -> Result<Option<Ledger>> {
        match &self.inner {
            Inner::Local(local) => local.ledger(course_id, username),
            Inner::Remote(remote) => remote!(
                remote,
                Request::Ledger { course: course_id.to_string(), username: username.to_string() },
                Ledger
            ),
        }
    }

    /// Every ledger of a course, ordered by username.
    pub fn ledgers(&self, course_id: &str) -> Result<Vec<(String, Ledger)>> {
        match &self.inner {
            Inner::Local(local) => local.ledgers(course_id),
            Inner::Remote(remote) => remote!(remote, Request::Ledgers(course_id.to_string()), Ledgers),
        }
    }

    pub fn code_owner(&self, code: Code) -> Result<Option<CodeOwner>> {
        match &self.inner {
            Inner::Local(local) => local.code_owner(code),
            Inner::Remote(remote) => remote!(remote, Request::CodeOwner(code), CodeOwner),
        }
    }

    /// Appends an event that goes with no other change.
    pub fn append_event(&self, course_id: &str, event: &Event) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.append_event(course_id, event),
            Inner::Remote(remote) => {
                done(remote.call(Request::AppendEvent { course: course_id.to_string(), event: event.clone() })?)
            }
        }
    }

    /// A course's audit trail, oldest first.
    pub fn events(&self, course_id: &str) -> Result<Vec<Event>> {
        match &self.inner {
            Inner::Local(local) => local.events(course_id),
            Inner::Remote(remote) => remote!(remote, Request::Events(course_id.to_string()), Events),
        }
    }

    /// Applies `commit` all or nothing (see `LocalStore::commit`).
    pub fn commit(&self, course_id: &str, commit: &Commit) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.commit(course_id, commit),
            Inner::Remote(remote) => {
                done(remote.call(Request::Commit { course: course_id.to_string(), commit: Box::new(commit.clone()) })?)
            }
        }
    }

    /// The course's settings, or the defaults when none were ever saved.
    pub fn settings(&self, course_id: &str) -> Result<CourseSettings> {
        match &self.inner {
            Inner::Local(local) => local.settings(course_id),
            Inner::Remote(remote) => remote!(remote, Request::Settings(course_id.to_string()), Settings),
        }
    }

    pub fn examples(&self, course_id: &str) -> Result<Option<ExampleSet>> {
        match &self.inner {
            Inner::Local(local) => local.examples(course_id),
            Inner::Remote(remote) => remote!(remote, Request::Examples(course_id.to_string()), Examples),
        }
    }

    /// Learners allowed a certificate whatever their grade, by username.
    pub fn allowlist(&self, course_id: &str) -> Result<HashMap<String, Exception>> {
        match &self.inner {
            Inner::Local(local) => local.allowlist(course_id),
            Inner::Remote(remote) => remote!(remote, Request::Allowlist(course_id.to_string()), Exceptions),
        }
    }

    /// Learners who may not be certified, by username, with the reason.
    pub fn invalidations(&self, course_id: &str) -> Result<HashMap<String, Exception>> {
        match &self.inner {
            Inner::Local(local) => local.invalidations(course_id),
            Inner::Remote(remote) => remote!(remote, Request::Invalidations(course_id.to_string()), Exceptions),
        }
    }
}
