//! The store's calls about mail: farewells, the mail settings, deliveries and learners' links.

use super::{Inner, Store, done, unexpected};
use crate::domain::{Delivery, Farewell, LearnerLink, MailSettings};
use crate::serve::identity::own_login;
use crate::serve::protocol::{Request, Response};
use crate::store::error::Result;

impl Store {
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

    /// Keeps `settings`, logged in the database's trail with the settings that changed.
    pub fn set_mail_settings(&self, settings: &MailSettings) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.set_mail_settings(settings, &own_login()).map(drop),
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

    pub fn links(&self, course_id: &str) -> Result<Vec<([u8; 32], LearnerLink)>> {
        match &self.inner {
            Inner::Local(local) => local.links(course_id),
            Inner::Remote(remote) => remote!(remote, Request::Links(course_id.to_string()), Links),
        }
    }
}
