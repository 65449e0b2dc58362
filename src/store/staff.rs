//! Who may connect to the database's server: a list of login names kept in the database (an
//! empty list lets in everyone the socket's permissions let in).

use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};

use super::codec::{Record, decode, encode};
use super::database_log::database_event;
use super::error::Result;
use super::local::{LocalStore, get};
use super::tree;
use crate::domain::{Action, Event};

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

    /// Makes `logins` the staff list, with an event in the database's trail naming who was
    /// added and who taken off, signed by `who`; `None` when the list was already that.
    pub fn set_staff(&self, mut logins: Vec<String>, who: &str) -> Result<Option<Event>> {
        logins.sort();
        logins.dedup();
        let list = (!logins.is_empty()).then(|| encode(&StaffList(logins.clone())));
        let event = self.set_meta_logged(KEY, list.as_deref(), |before| {
            let before = match before {
                Some(bytes) => decode::<StaffList>(tree::META, KEY, bytes)?.0,
                None => Vec::new(),
            };
            Ok(changes(&before, &logins).map(|summary| database_event(who, Action::Staff, summary)))
        })?;
        self.staff_changes.fetch_add(1, Ordering::AcqRel);
        Ok(event)
    }
}

/// `staff list: added ana, bruno; took off carol; now ana, bruno`, or `None` for no change.
fn changes(before: &[String], after: &[String]) -> Option<String> {
    let added: Vec<&str> = after.iter().filter(|login| !before.contains(login)).map(String::as_str).collect();
    let removed: Vec<&str> = before.iter().filter(|login| !after.contains(login)).map(String::as_str).collect();
    if added.is_empty() && removed.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("added {}", added.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("took off {}", removed.join(", ")));
    }
    parts.push(if after.is_empty() {
        "now no list (anyone the socket lets in)".to_string()
    } else {
        format!("now {}", after.join(", "))
    });
    Some(format!("staff list: {}", parts.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_of_the_staff_list_is_logged_with_who_was_added_and_taken_off() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = LocalStore::open(dir.path()).expect("open");
        store.set_staff(vec!["bruno".into(), "ana".into()], "owner").expect("set");
        assert_eq!(store.set_staff(vec!["ana".into(), "bruno".into()], "owner").expect("same"), None);
        store.set_staff(vec!["ana".into(), "carol".into()], "ana").expect("set");
        store.set_staff(Vec::new(), "owner").expect("set");
        let events = store.database_events().expect("events");
        let said: Vec<(&str, Action, &str)> =
            events.iter().map(|event| (event.who.as_str(), event.action, event.summary.as_str())).collect();
        assert_eq!(
            said,
            [
                ("owner", Action::Staff, "staff list: added ana, bruno; now ana, bruno"),
                ("ana", Action::Staff, "staff list: added carol; took off bruno; now ana, carol"),
                ("owner", Action::Staff, "staff list: took off ana, carol; now no list (anyone the socket lets in)"),
            ]
        );
        assert!(store.staff().expect("staff").is_empty());
    }
}
