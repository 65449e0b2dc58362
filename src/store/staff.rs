//! Who may connect to the database's server: a list of login names kept in the database (an
//! empty list lets in everyone the socket's permissions let in).

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

    pub fn set_staff(&self, mut logins: Vec<String>) -> Result<()> {
        logins.sort();
        logins.dedup();
        if logins.is_empty() {
            self.meta.remove(KEY)?;
        } else {
            self.meta.insert(KEY, encode(&StaffList(logins)))?;
        }
        self.flush()
    }
}
