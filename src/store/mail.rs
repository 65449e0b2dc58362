//! Mail and learners' links: a course's farewell message, the database's mail settings, what
//! was delivered to whom (written with its audit event in a `Commit`), and the personal links
//! kept under the hash of their token.

use super::codec::{Record, decode, encode};
use super::database_log::database_event;
use super::error::Result;
use super::keys;
use super::local::{LocalStore, get};
use super::tree;
use crate::domain::{Action, Delivery, Event, Farewell, LearnerLink, MailSettings, Subject};

impl Record for Farewell {
    const VERSION: u8 = 1;
}

impl Record for MailSettings {
    const VERSION: u8 = 1;
}

impl Record for Delivery {
    const VERSION: u8 = 1;
}

impl Record for LearnerLink {
    const VERSION: u8 = 1;
}

const MAIL_SETTINGS: &[u8] = b"mail";

/// `course 0x00 username 0x00 subject` — one learner's delivery about one thing.
pub(super) fn delivery_key(course_id: &str, delivery: &Delivery) -> Vec<u8> {
    let mut key = keys::learner(course_id, &delivery.username);
    key.push(keys::SEPARATOR);
    match delivery.subject {
        Subject::Certificate(code) => {
            key.push(1);
            key.extend_from_slice(&keys::code(code));
        }
        Subject::Farewell => key.push(2),
    }
    key
}

impl LocalStore {
    /// The course's own farewell message; `None` for the built-in one.
    pub fn farewell(&self, course_id: &str) -> Result<Option<Farewell>> {
        get(&self.farewells, tree::FAREWELLS, &keys::course(course_id))
    }

    pub fn mail_settings(&self) -> Result<MailSettings> {
        Ok(get(&self.meta, tree::META, MAIL_SETTINGS)?.unwrap_or_default())
    }

    /// Keeps `settings`, with an event in the database's trail saying which changed, signed by
    /// `who`; `None` when none did.
    pub fn set_mail_settings(&self, settings: &MailSettings, who: &str) -> Result<Option<Event>> {
        let value = encode(settings);
        self.set_meta_logged(MAIL_SETTINGS, Some(&value), |before| {
            let before: MailSettings = match before {
                Some(bytes) => decode(tree::META, MAIL_SETTINGS, bytes)?,
                None => MailSettings::default(),
            };
            let changes = settings.changes_from(&before);
            let summary = format!("mail settings: {}", changes.join("; "));
            Ok((!changes.is_empty()).then(|| database_event(who, Action::MailSettings, summary)))
        })
    }

    /// Every delivery of a course, by learner.
    pub fn deliveries(&self, course_id: &str) -> Result<Vec<Delivery>> {
        self.deliveries
            .scan_prefix(keys::course_prefix(course_id))
            .map(|entry| {
                let (key, value) = entry?;
                super::codec::decode(tree::DELIVERIES, &key, &value)
            })
            .collect()
    }

    /// Keeps a new personal link under `hash`, the SHA-256 of its token.
    pub fn add_link(&self, hash: [u8; 32], link: &LearnerLink) -> Result<()> {
        self.links.insert(hash, encode(link))?;
        self.flush()
    }

    /// The link whose token hashes to `hash`, if any (open or not).
    pub fn link(&self, hash: [u8; 32]) -> Result<Option<LearnerLink>> {
        get(&self.links, tree::LINKS, &hash)
    }

    /// Every link of a course, with its hash.
    pub fn links(&self, course_id: &str) -> Result<Vec<([u8; 32], LearnerLink)>> {
        let mut found = Vec::new();
        for entry in self.links.iter() {
            let (key, value) = entry?;
            let link: LearnerLink = super::codec::decode(tree::LINKS, &key, &value)?;
            if let (true, Ok(hash)) = (link.course_id == course_id, <[u8; 32]>::try_from(key.as_ref())) {
                found.push((hash, link));
            }
        }
        Ok(found)
    }
}
