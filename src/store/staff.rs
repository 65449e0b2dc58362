//! Who may connect to the database's server: a list of login names kept in the database (an
//! empty list lets in everyone the socket's permissions let in).

use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};

use super::codec::{Record, encode};
use super::error::Result;
use super::local::{LocalStore, get};
use super::tree;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StaffList(pub Vec<String>);

impl Record for StaffList {
    const VERSION: u8 = 1;
}

const KEY: &[u8] = b"staff";

impl LocalStore {
    /// The login names allowed to use the server, sorted; empty when everyone is.
    pub fn staff(&self) -> Result<Vec<String>> {
        Ok(get::<StaffList>(&self.meta, tree::META, KEY)?.unwrap_or_default().0)
    }

    /// A number that moves whenever the staff list changes. The server checks every call of
    /// every connection against the list; comparing this number first spares it reading the
    /// list again when nothing changed. Read it before the list it goes with, so a change made
    /// in between is seen at the next check.
    pub fn staff_generation(&self) -> u64 {
        self.staff_changes.load(Ordering::Acquire)
    }

    pub fn set_staff(&self, mut logins: Vec<String>) -> Result<()> {
        logins.sort();
        logins.dedup();
        if logins.is_empty() {
            self.meta.remove(KEY)?;
        } else {
            self.meta.insert(KEY, encode(&StaffList(logins)))?;
        }
        self.staff_changes.fetch_add(1, Ordering::AcqRel);
        self.flush()
    }
}
