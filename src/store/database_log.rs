//! The database's own audit trail: changes that belong to no course but decide who may do
//! what or what every course prints (the staff list, the issuer's keys, the mail settings,
//! template revisions), one event each, oldest first,
//! keyed by sequence number. Course events stay in each course's trail.

use jiff::Timestamp;
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use super::codec::{decode, encode};
use super::error::{Result, StoreError};
use super::local::LocalStore;
use super::tree;
use crate::domain::{Action, Event};

impl LocalStore {
    /// The database's events, oldest first.
    pub fn database_events(&self) -> Result<Vec<Event>> {
        self.database_log
            .iter()
            .map(|entry| {
                let (key, value) = entry?;
                decode(tree::DATABASE_LOG, &key, &value)
            })
            .collect()
    }

    /// Appends an event to the database's trail, flushed.
    pub(super) fn log_database(&self, event: &Event) -> Result<()> {
        self.database_log.insert(self.database_log_key()?, encode(event))?;
        self.flush()
    }

    /// Runs `write`, a transaction that appends an event to the database's trail under the key
    /// it is given, then flushes.
    pub(super) fn log_database_with(
        &self,
        write: impl FnOnce([u8; 8]) -> std::result::Result<(), sled::transaction::TransactionError<StoreError>>,
    ) -> Result<()> {
        write(self.database_log_key()?)?;
        self.flush()
    }

    /// The key of the next event of the database's trail.
    fn database_log_key(&self) -> Result<[u8; 8]> {
        Ok(self.db.generate_id()?.to_be_bytes())
    }

    /// Writes `value` under `key` in the meta tree (removes it for `None`) together with the
    /// event `describe` makes of the change from the value it replaces, read in the same
    /// transaction, so the trail says what really changed even when two people change it at
    /// once. Writes nothing when `describe` finds no change. Flushed.
    pub(super) fn set_meta_logged(
        &self,
        key: &[u8],
        value: Option<&[u8]>,
        describe: impl Fn(Option<&[u8]>) -> Result<Option<Event>>,
    ) -> Result<Option<Event>> {
        let log_key = self.database_log_key()?;
        let event = (&self.meta, &self.database_log).transaction(|(meta, log)| {
            let before = meta.get(key)?;
            let Some(event) = describe(before.as_deref()).map_err(ConflictableTransactionError::Abort)? else {
                return Ok(None);
            };
            let _replaced = match value {
                Some(value) => meta.insert(key, value)?,
                None => meta.remove(key)?,
            };
            log.insert(&log_key, encode(&event))?;
            Ok::<_, ConflictableTransactionError<StoreError>>(Some(event))
        })?;
        self.flush()?;
        Ok(event)
    }
}

/// An event of the database's trail, made now by `who`.
pub(super) fn database_event(who: &str, action: Action, summary: String) -> Event {
    let at = Timestamp::now();
    Event { at, who: who.to_string(), action, summary, learners: Vec::new(), codes: Vec::new(), learner_changes: None }
}
