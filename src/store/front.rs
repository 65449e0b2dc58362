//! `Store`: the one interface to a database, local or remote. Each call goes to the sled
//! database this process opened, or over the socket to the server that owns the database.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::certificates::CodeOwner;
use super::commit::Commit;
use super::error::{Result, StoreError};
use super::local::LocalStore;
use crate::credential::{PublicKeyInfo, Seal};
use crate::domain::{
    Code, Course, CourseSettings, Delivery, Enrollment, Event, ExampleSet, Exception, Farewell, LearnerLink, Ledger,
    MailSettings, StoredImage, TemplateRevision,
};
use crate::serve::protocol::{Request, Response};
use crate::serve::{RemoteStore, Subscription};

pub struct Store {
    inner: Inner,
}

enum Inner {
    /// Shared with the server's HTTP service when `certdesk serve` owns the database.
    Local(Arc<LocalStore>),
    Remote(RemoteStore),
}

/// The answer of a remote call, as the variant the call returns.
macro_rules! remote {
    ($client:expr, $request:expr, $variant:ident) => {
        match $client.call($request)? {
            Response::$variant(value) => Ok(value),
            other => Err(unexpected(other)),
        }
    };
}

fn unexpected(response: Response) -> StoreError {
    StoreError::Server(format!("the server answered with an unexpected {response:?}"))
}

impl Store {
    /// Opens the database in the directory `path` in this process (creating it if needed).
    pub fn open(path: &Path) -> Result<Store> {
        Ok(Store { inner: Inner::Local(Arc::new(LocalStore::open(path)?)) })
    }

    /// Uses the database in `path`: through its server when `certdesk serve` serves it,
    /// otherwise opened in this process.
    pub fn open_shared(path: &Path) -> Result<Store> {
        match RemoteStore::connect(path)? {
            Some(remote) => Ok(Store { inner: Inner::Remote(remote) }),
            None => Store::open(path),
        }
    }

    pub fn from_local(local: LocalStore) -> Store {
        Store { inner: Inner::Local(Arc::new(local)) }
    }

    /// The database the server owns, seen through the same interface as everywhere else.
    pub fn from_shared(local: Arc<LocalStore>) -> Store {
        Store { inner: Inner::Local(local) }
    }

    /// The database in this process, given back (to be served), if it is opened here.
    pub fn into_local(self) -> Option<Arc<LocalStore>> {
        match self.inner {
            Inner::Local(local) => Some(local),
            Inner::Remote(_) => None,
        }
    }

    /// The database in this process, if it is opened here.
    pub fn local(&self) -> Option<&LocalStore> {
        match &self.inner {
            Inner::Local(local) => Some(local),
            Inner::Remote(_) => None,
        }
    }

    /// Whether a server shares this database with other certdesk processes.
    pub fn is_shared(&self) -> bool {
        matches!(self.inner, Inner::Remote(_))
    }

    /// Notices of every change others make, when the database is shared.
    pub fn subscribe(&self) -> Option<Subscription> {
        match &self.inner {
            Inner::Local(_) => None,
            Inner::Remote(remote) => Some(remote.subscribe()),
        }
    }

    pub fn path(&self) -> PathBuf {
        match &self.inner {
            Inner::Local(local) => local.path().to_path_buf(),
            Inner::Remote(remote) => remote.path().to_path_buf(),
        }
    }

    /// Makes everything written so far durable. Every command calls this before it reports
    /// success, so what the user was told is saved survives a crash a moment later.
    pub fn flush(&self) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.flush(),
            Inner::Remote(remote) => done(remote.call(Request::Flush)?),
        }
    }

    /// True when nothing has ever been imported.
    pub fn is_empty(&self) -> Result<bool> {
        match &self.inner {
            Inner::Local(local) => local.is_empty(),
            Inner::Remote(remote) => remote!(remote, Request::IsEmpty, Bool),
        }
    }

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

    /// Every revision of every template, by name then revision.
    pub fn template_revisions(&self) -> Result<Vec<TemplateRevision>> {
        match &self.inner {
            Inner::Local(local) => local.template_revisions(),
            Inner::Remote(remote) => remote!(remote, Request::TemplateRevisions, Templates),
        }
    }

    pub fn template_revision(&self, name: &str, revision: u32) -> Result<Option<TemplateRevision>> {
        match &self.inner {
            Inner::Local(local) => local.template_revision(name, revision),
            Inner::Remote(remote) => {
                remote!(remote, Request::TemplateRevision { name: name.to_string(), revision }, Template)
            }
        }
    }

    pub fn latest_template(&self, name: &str) -> Result<Option<TemplateRevision>> {
        match &self.inner {
            Inner::Local(local) => local.latest_template(name),
            Inner::Remote(remote) => remote!(remote, Request::LatestTemplate(name.to_string()), Template),
        }
    }

    /// Stores `revision`, which must be the next one of its template.
    pub fn save_template(&self, revision: &TemplateRevision) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.save_template(revision),
            Inner::Remote(remote) => done(remote.call(Request::SaveTemplate(revision.clone()))?),
        }
    }

    pub fn images(&self) -> Result<Vec<StoredImage>> {
        match &self.inner {
            Inner::Local(local) => local.images(),
            Inner::Remote(remote) => remote!(remote, Request::Images, Images),
        }
    }

    pub fn image(&self, name: &str) -> Result<Option<StoredImage>> {
        match &self.inner {
            Inner::Local(local) => local.image(name),
            Inner::Remote(remote) => remote!(remote, Request::Image(name.to_string()), Image),
        }
    }

    /// Adds an image under a new name; a name is never reused for other bytes.
    pub fn add_image(&self, image: &StoredImage) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.add_image(image),
            Inner::Remote(remote) => done(remote.call(Request::AddImage(image.clone()))?),
        }
    }

    /// The login names allowed to use the server; empty when everyone is.
    pub fn staff(&self) -> Result<Vec<String>> {
        match &self.inner {
            Inner::Local(local) => local.staff(),
            Inner::Remote(remote) => remote!(remote, Request::Staff, Names),
        }
    }

    pub fn set_staff(&self, logins: Vec<String>) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.set_staff(logins),
            Inner::Remote(remote) => done(remote.call(Request::SetStaff(logins))?),
        }
    }

    /// The course's own farewell message; `None` for the built-in one.
    pub fn farewell(&self, course_id: &str) -> Result<Option<Farewell>> {
        match &self.inner {
            Inner::Local(local) => local.farewell(course_id),
            Inner::Remote(remote) => remote!(remote, Request::Farewell(course_id.to_string()), Farewell),
        }
    }

    pub fn mail_settings(&self) -> Result<MailSettings> {
        match &self.inner {
            Inner::Local(local) => local.mail_settings(),
            Inner::Remote(remote) => remote!(remote, Request::MailSettings, MailSettings),
        }
    }

    pub fn set_mail_settings(&self, settings: &MailSettings) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.set_mail_settings(settings),
            Inner::Remote(remote) => done(remote.call(Request::SetMailSettings(settings.clone()))?),
        }
    }

    /// Every delivery of a course's messages, sent or not.
    pub fn deliveries(&self, course_id: &str) -> Result<Vec<Delivery>> {
        match &self.inner {
            Inner::Local(local) => local.deliveries(course_id),
            Inner::Remote(remote) => remote!(remote, Request::Deliveries(course_id.to_string()), Deliveries),
        }
    }

    /// Keeps a new personal link under `hash`, the SHA-256 of its token; flushed.
    pub fn add_link(&self, hash: [u8; 32], link: &LearnerLink) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.add_link(hash, link),
            Inner::Remote(remote) => done(remote.call(Request::AddLink { hash, link: link.clone() })?),
        }
    }

    pub fn link(&self, hash: [u8; 32]) -> Result<Option<LearnerLink>> {
        match &self.inner {
            Inner::Local(local) => local.link(hash),
            Inner::Remote(remote) => remote!(remote, Request::Link(hash), Link),
        }
    }

    /// The credential seals of the certificates `codes` of a course, in that order; the process
    /// that holds the issuer's key seals those that have none.
    pub fn credentials(&self, course_id: &str, codes: &[Code]) -> Result<Vec<Seal>> {
        match &self.inner {
            Inner::Local(local) => local.credentials(course_id, codes),
            Inner::Remote(remote) => {
                let mut seals = Vec::with_capacity(codes.len());
                for part in codes.chunks(crate::serve::protocol::CHUNK) {
                    let request = Request::Credentials { course: course_id.to_string(), codes: part.to_vec() };
                    seals.extend(remote!(remote, request, Seals)?);
                }
                Ok(seals)
            }
        }
    }

    /// The issuer's public keys, oldest first (the last one signs); empty before the first.
    pub fn issuer_keys(&self) -> Result<Vec<PublicKeyInfo>> {
        match &self.inner {
            Inner::Local(local) => local.issuer_keys(),
            Inner::Remote(remote) => remote!(remote, Request::IssuerKeys, Keys),
        }
    }

    pub fn issuer_init(&self) -> Result<PublicKeyInfo> {
        match &self.inner {
            Inner::Local(local) => local.issuer_init(),
            Inner::Remote(remote) => remote!(remote, Request::IssuerInit, Key),
        }
    }

    pub fn issuer_rotate(&self) -> Result<PublicKeyInfo> {
        match &self.inner {
            Inner::Local(local) => local.issuer_rotate(),
            Inner::Remote(remote) => remote!(remote, Request::IssuerRotate, Key),
        }
    }

    pub fn links(&self, course_id: &str) -> Result<Vec<([u8; 32], LearnerLink)>> {
        match &self.inner {
            Inner::Local(local) => local.links(course_id),
            Inner::Remote(remote) => remote!(remote, Request::Links(course_id.to_string()), Links),
        }
    }
}

/// The answer of a remote call that returns nothing.
fn done(response: Response) -> Result<()> {
    match response {
        Response::Done => Ok(()),
        other => Err(unexpected(other)),
    }
}
