//! Certificate ledgers (one per learner of a course), the index from verification code to
//! ledger, and the audit log. They are written together by `Store::commit`.

use super::codec::{Record, decode, encode};
use super::error::{Result, StoreError};
use super::keys;
use super::local::{LocalStore, get};
use super::tree;
use crate::domain::{Code, Event, Ledger};
use serde::{Deserialize, Serialize};

impl Record for Ledger {
    const VERSION: u8 = 1;
}

impl Record for Event {
    /// Version 2 added the grade and import actions, version 3 mail, farewell and links,
    /// version 4 the database-wide staff, issuer and mail-settings (an older body is a newer
    /// body without them); version 5 whom an import changed (`learner_changes`).
    const VERSION: u8 = 5;

    fn decode_version(version: u8, body: &[u8]) -> Result<Self, super::CodecError> {
        match version {
            1..=4 => super::legacy::event_v4(body),
            Self::VERSION => super::decode_body(body),
            other => Err(super::CodecError::UnknownVersion(other)),
        }
    }
}

/// Where a verification code's certificate lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeOwner {
    pub course_id: String,
    pub username: String,
}

impl Record for CodeOwner {
    const VERSION: u8 = 1;
}

impl LocalStore {
    pub fn ledger(&self, course_id: &str, username: &str) -> Result<Option<Ledger>> {
        get(&self.ledgers, tree::LEDGERS, &keys::learner(course_id, username))
    }

    /// Every ledger of a course, ordered by username.
    pub fn ledgers(&self, course_id: &str) -> Result<Vec<(String, Ledger)>> {
        self.ledgers
            .scan_prefix(keys::course_prefix(course_id))
            .map(|entry| {
                let (key, value) = entry?;
                let username = keys::username_of(&key, course_id).ok_or_else(|| StoreError::Corrupt {
                    tree: tree::LEDGERS.to_string(),
                    key: super::printable_key(&key),
                    reason: super::CodecError::Malformed("the key is not a course and a username".to_string()),
                })?;
                Ok((username, decode(tree::LEDGERS, &key, &value)?))
            })
            .collect()
    }

    pub fn code_owner(&self, code: Code) -> Result<Option<CodeOwner>> {
        get(&self.codes, tree::CODES, &keys::code(code))
    }

    /// Appends an event that goes with no ledger change (a settings change, say).
    pub fn append_event(&self, course_id: &str, event: &Event) -> Result<()> {
        self.audit.insert(keys::audit_event(course_id, self.db.generate_id()?), encode(event))?;
        Ok(())
    }

    /// A course's audit trail, oldest first.
    pub fn events(&self, course_id: &str) -> Result<Vec<Event>> {
        self.audit
            .scan_prefix(keys::course_prefix(course_id))
            .map(|entry| {
                let (key, value) = entry?;
                decode(tree::AUDIT, &key, &value)
            })
            .collect()
    }
}
