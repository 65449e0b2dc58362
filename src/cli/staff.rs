//! `certdesk staff [--add LOGIN…] [--remove LOGIN…] [--yes]`: who may use the database's server.

use std::process::ExitCode;

use super::interact::{confirm, confirm_at_terminal};
use crate::store::Store;

/// Whether this machine has an account called `login` (when its user database can be asked).
fn is_account(login: &str) -> bool {
    !matches!(nix::unistd::User::from_name(login), Ok(None))
}

/// `certdesk staff`: shows the list, after the changes asked for.
pub fn staff(store: &Store, add: Vec<String>, remove: Vec<String>, yes: bool) -> anyhow::Result<ExitCode> {
    let before = store.staff()?;
    if add.is_empty() && remove.is_empty() {
        return show(&before);
    }
    for login in add.iter().filter(|login| !is_account(login)) {
        note!("certdesk: there is no account called {login} on this machine; added anyway, for when there is");
    }
    for login in remove.iter().filter(|login| !before.contains(login)) {
        note!("certdesk: {login} is not on the staff list; there is nothing to take off");
    }
    let mut after = before.clone();
    after.extend(add);
    after.retain(|login| !remove.contains(login));
    after.sort();
    after.dedup();
    if after.is_empty() && !before.is_empty() {
        let question = "This takes the last names off the staff list: anyone who may open the server's socket may then use the database. Go on?";
        if !confirm(question, yes, "--yes")? {
            say!("The staff list is unchanged.");
            return Ok(ExitCode::FAILURE);
        }
    }
    // The server admits its owner and root whatever the list; anyone else who was let in
    // before and is not after (taking themselves off, or naming only others on an empty list)
    // locks themselves out, and only someone on the list can let them back.
    let me = crate::serve::identity::own_login();
    let always_admitted =
        nix::unistd::getuid().is_root() || crate::serve::sharing::owner(&store.path()).as_deref() == Some(me.as_str());
    let admits = |list: &[String]| list.is_empty() || list.contains(&me);
    let locks_me_out = !always_admitted && admits(&before) && !admits(&after);
    if locks_me_out {
        let question = format!(
            "After this the staff list names {}, not you ({me}): you could no longer use this database until someone on it adds you. Go on?",
            after.join(", ")
        );
        if !confirm_at_terminal(&question, yes)? {
            say!("The staff list is unchanged.");
            return Ok(ExitCode::FAILURE);
        }
    }
    store.set_staff(after.clone())?;
    // A first list shuts out everyone the socket let in until now: said, not left to be found
    // out by a colleague refused in the last week of a course.
    if before.is_empty() && !after.is_empty() {
        note!(
            "certdesk: until now anyone who may open the server's socket could use the database; from now on only those on the staff list may (and its owner and root, always)"
        );
    }
    if locks_me_out {
        note!(
            "certdesk: you ({me}) are not on the staff list now, and may no longer use this database; ask someone on it to add you"
        );
    }
    // The list as written, not read back: someone who just took themselves off may no longer
    // read it.
    show(&after)
}

fn show(staff: &[String]) -> anyhow::Result<ExitCode> {
    if staff.is_empty() {
        say!("Anyone who may open the server's socket may use the database (no staff list).");
    } else {
        say!("Only these may use the database's server: {}.", staff.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}
