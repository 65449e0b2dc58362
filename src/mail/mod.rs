//! Mail to learners: each learner with a certificate gets the course's farewell message with
//! their certificate attached and its verification link, once; learners without one may get a
//! farewell of their own. Composed in the process that runs `certdesk mail` (with the files and
//! credentials of the user who runs it), delivered over SMTP, recorded per certificate.

mod compose;
mod html;
pub mod links;
pub mod message;
pub mod message_file;
mod plan;
mod refusal;
mod run;
pub mod server;
pub mod smtp;
mod subject;
mod undefined;

pub use plan::{MailPlan, Planned, Selection, plan};
pub use run::{Composition, MailReport, Mailing, NotSent, Outbox, Overrides, entry, link_base};

use jiff::Timestamp;

use crate::domain::{Delivery, Farewell, counted, first_of};
use crate::ops::{self, CourseState};
use crate::render::FontBook;
use crate::store::Store;

/// The course's farewell: its own, or the built-in one (with nothing for learners without a
/// certificate).
pub fn farewell(store: &Store, course_id: &str) -> ops::Result<Farewell> {
    Ok(store.farewell(course_id)?.unwrap_or_else(built_in_farewell))
}

/// The farewell of a course that never set one.
pub fn built_in_farewell() -> Farewell {
    Farewell { certified: message::built_in_certified(), uncertified: None }
}

/// Everything a run needs to know before it sends.
pub struct Prepared {
    pub state: CourseState,
    pub farewell: Farewell,
    pub deliveries: Vec<Delivery>,
    pub plan: MailPlan,
}

pub fn prepare(
    store: &Store,
    course_id: &str,
    selection: &Selection,
    now: Timestamp,
    fonts: &FontBook,
) -> ops::Result<Prepared> {
    let mut state = ops::load_course_state(store, course_id, now)?;
    state.check_names(fonts);
    let farewell = farewell(store, course_id)?;
    let deliveries = store.deliveries(course_id)?;
    let plan = plan(&state, &deliveries, &farewell, selection)?;
    Ok(Prepared { state, farewell, deliveries, plan })
}

impl MailPlan {
    /// The certificates the planned messages attach.
    pub fn certificates(&self) -> Vec<crate::domain::Code> {
        self.messages.iter().filter_map(|planned| planned.certificate).collect()
    }
}

/// Of the certificates `plan` attaches (their number, and how many carry a credential signed
/// with a key retired as compromised): said before they go, since verifiers refuse those.
pub fn signed_with_retired(store: &Store, plan: &MailPlan) -> ops::Result<(usize, usize)> {
    let certificates = plan.certificates();
    Ok((certificates.len(), ops::signed_with_retired(store, &certificates)?))
}

/// `13 learners (cagri, dmitri, … and 3 more)`: those a stopped run did not get to, say.
pub fn named(usernames: &[String]) -> String {
    format!("{} ({})", counted(usernames.len(), "learner", "learners"), first_of(usernames, 10))
}
