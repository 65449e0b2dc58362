//! Who may use the server: the database's owner and root always, anyone else the socket lets
//! in when there is no staff list, and only those it names when there is one. A caller is
//! checked when they greet and again before everything they ask afterwards, so someone taken
//! off the list is cut off at once, not the next time they connect.

use std::sync::Arc;

use crate::store::LocalStore;

/// The rule, for every connection of one server.
pub(super) struct Gate {
    store: Arc<LocalStore>,
    owner_uid: u32,
}

/// A caller the gate let in: who they are, and which staff list they were checked against.
#[derive(Debug, Clone)]
pub(super) struct Pass {
    pub(super) uid: u32,
    pub(super) login: String,
    /// The staff list's generation at the last check (`LocalStore::staff_generation`).
    checked_at: u64,
}

impl Gate {
    /// The gate of the server of `store`, run by the user `owner_uid`.
    pub(super) fn new(store: Arc<LocalStore>, owner_uid: u32) -> Gate {
        Gate { store, owner_uid }
    }

    /// Lets the caller in, or says why not.
    pub(super) fn admit(&self, uid: u32, login: String) -> Result<Pass, String> {
        let mut pass = Pass { uid, login, checked_at: 0 };
        self.check(&mut pass, Refusal::NotOnTheList)?;
        Ok(pass)
    }

    /// Whether a caller let in earlier may still go on; reads the staff list again only when
    /// it changed since their last check.
    pub(super) fn recheck(&self, pass: &mut Pass) -> Result<(), String> {
        if pass.checked_at == self.store.staff_generation() {
            return Ok(());
        }
        self.check(pass, Refusal::TakenOffTheList)
    }

    /// Checks `pass` against the staff list as it is now; `refusal` says why not.
    fn check(&self, pass: &mut Pass, refusal: Refusal) -> Result<(), String> {
        let generation = self.store.staff_generation();
        if pass.uid != self.owner_uid && pass.uid != 0 {
            let staff = self.store.staff().map_err(|error| error.to_string())?;
            if !staff.is_empty() && !staff.contains(&pass.login) {
                return Err(self.refusal(refusal, &staff, &pass.login));
            }
        }
        pass.checked_at = generation;
        Ok(())
    }

    /// Why `login` may not go on, with who may let them in and the command they would run:
    /// someone turned away does not know who is on the list, nor, often, the command.
    fn refusal(&self, refusal: Refusal, staff: &[String], login: &str) -> String {
        let owner = super::identity::login_of(self.owner_uid);
        // The owner is named apart: they may let anyone in, listed or not.
        let others: Vec<&String> = staff.iter().filter(|name| **name != owner).collect();
        let whom = if others.is_empty() {
            format!("{owner}, whose database it is,")
        } else {
            format!("someone on it ({}) or {owner}, whose database it is,", crate::domain::first_of(&others, 3))
        };
        let db = std::path::absolute(self.store.path()).unwrap_or_else(|_| self.store.path().to_path_buf());
        let (why, again) = match refusal {
            Refusal::NotOnTheList => ("is not on", ""),
            Refusal::TakenOffTheList => ("was taken off", " back"),
        };
        format!(
            "{login} {why} this database's staff list (certdesk staff); ask {whom} to add you{again} (`certdesk --db {} staff --add {login}`)",
            crate::domain::shown::shell_word(&db)
        )
    }
}

/// Why a caller is refused: at their greeting, or later, when the list changed under them.
#[derive(Debug, Clone, Copy)]
enum Refusal {
    NotOnTheList,
    TakenOffTheList,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate() -> (tempfile::TempDir, Arc<LocalStore>, Gate) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Arc::new(LocalStore::open(dir.path()).expect("open"));
        let gate = Gate::new(store.clone(), 1000);
        (dir, store, gate)
    }

    #[test]
    fn someone_taken_off_the_list_is_refused_at_the_next_check() {
        let (_dir, store, gate) = gate();
        let mut ana = gate.admit(1001, "ana".into()).expect("no list: everyone");
        store.set_staff(vec!["ana".into(), "bruno".into()], "owner").expect("list");
        gate.recheck(&mut ana).expect("still on the list");
        store.set_staff(vec!["bruno".into()], "owner").expect("list");
        let refused = gate.recheck(&mut ana).expect_err("taken off");
        assert!(refused.starts_with("ana was taken off this database's staff list"), "{refused}");
        let refused = gate.admit(1001, "ana".into()).expect_err("not on it");
        assert!(refused.starts_with("ana is not on this database's staff list"), "{refused}");
    }

    #[test]
    fn a_refusal_names_who_may_let_one_in_and_the_command() {
        let (dir, store, gate) = gate();
        let owner = crate::serve::identity::login_of(1000);
        let command = format!("`certdesk --db {} staff --add ana`", dir.path().display());
        store.set_staff(vec!["bruno".into(), "carla".into()], "owner").expect("list");
        let refused = gate.admit(1001, "ana".into()).expect_err("not on it");
        let expected = format!(
            "ana is not on this database's staff list (certdesk staff); ask someone on it (bruno, carla) or {owner}, whose database it is, to add you ({command})"
        );
        assert_eq!(refused, expected);

        let mut dan = {
            store.set_staff(vec!["dan".into()], "owner").expect("list");
            gate.admit(1002, "dan".into()).expect("on the list")
        };
        let long = ["bruno", "carla", "emil", "fatma", "gus"].map(String::from).to_vec();
        store.set_staff(long, "owner").expect("list");
        let refused = gate.recheck(&mut dan).expect_err("taken off");
        let expected = format!(
            "dan was taken off this database's staff list (certdesk staff); ask someone on it (bruno, carla, emil and 2 more) or {owner}, whose database it is, to add you back (`certdesk --db {} staff --add dan`)",
            dir.path().display()
        );
        assert_eq!(refused, expected);

        store.set_staff(vec![owner.clone()], "owner").expect("list");
        let refused = gate.admit(1001, "ana".into()).expect_err("not on it");
        assert!(refused.contains(&format!("; ask {owner}, whose database it is, to add you (")), "{refused}");
    }

    #[test]
    fn the_owner_and_root_are_always_let_in() {
        let (_dir, store, gate) = gate();
        let mut owner = gate.admit(1000, "owner".into()).expect("owner");
        let mut root = gate.admit(0, "root".into()).expect("root");
        store.set_staff(vec!["bruno".into()], "owner").expect("list");
        gate.recheck(&mut owner).expect("owner");
        gate.recheck(&mut root).expect("root");
    }
}
