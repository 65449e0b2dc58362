//! Whose a database is: certdesk opens a database itself only as the account that owns it, so
//! that every file in it stays that account's (the files root or a member of its group would
//! write are theirs, and the owner could open the database no more). Anyone else is told how to
//! reach it instead.

use std::os::unix::fs::MetadataExt as _;
use std::path::Path;

use crate::serve::identity::login_of;
use crate::serve::sharing::{Membership, membership_of_this_login, serve_command, shared_group};

/// Refuses to open the database in `path` here unless this account owns it (or it is not made
/// yet), saying how to reach it.
pub(super) fn refuse_another_owners(path: &Path) -> anyhow::Result<()> {
    let Ok(metadata) = std::fs::metadata(path) else { return Ok(()) };
    let me = nix::unistd::getuid();
    if metadata.uid() == me.as_raw() {
        return Ok(());
    }
    let owner = login_of(metadata.uid());
    let shown = path.display();
    let group = shared_group(path);
    // A directory this account may not enter: it cannot even see whether a server runs.
    if nix::unistd::access(path, nix::unistd::AccessFlags::X_OK).is_err() {
        anyhow::bail!("{}", not_shared_with_you(path, &owner, group.as_deref()));
    }
    if group.is_some() && !me.is_root() {
        // Asked to start its server, the owner would be refused while a certdesk of theirs
        // holds the database: say so, so that they know what to close.
        if let Some(holder) = crate::store::held_by(path) {
            if crate::store::recorded_as_server(path) {
                anyhow::bail!(
                    "the database {shown} is {owner}'s, and its server ({holder}) does not answer yet (it may be starting); run the command again in a moment, and if it still does not answer, ask {owner} to start it again (`{}`)",
                    serve_command(path)
                );
            }
            anyhow::bail!(
                "the database {shown} is {owner}'s, and staff reach it through its server, which is not running: {owner} has it open in a certdesk of their own ({holder}) without one; ask {owner} to close that and start the server (`{}`)",
                serve_command(path)
            );
        }
        anyhow::bail!(
            "the database {shown} is {owner}'s, and staff reach it through its server, which is not running: ask {owner} to start it (`{}`)",
            serve_command(path)
        );
    }
    anyhow::bail!(
        "the database {shown} is {owner}'s, and certdesk opens it only as {owner}, so that its files stay theirs: run certdesk as {owner} (`sudo -u {owner} certdesk --db {} …`), or have {owner} start its server (`{}`)",
        crate::domain::shown::shell_word(path),
        serve_command(path)
    )
}

/// Why someone may not enter the directory of `owner`'s database, shared with `group` (or with
/// no one), and what gets them in. Someone the group lists whose login began before they were
/// added does not carry the group yet: only logging in again helps, and asking root to add
/// them, as they would be told otherwise, would be asking for what is done.
fn not_shared_with_you(path: &Path, owner: &str, group: Option<&str>) -> String {
    let shown = path.display();
    let login = login_of(nix::unistd::getuid().as_raw());
    let Some(name) = group else {
        return format!(
            "the database {shown} is {owner}'s and not shared with you; ask {owner} to share it with a group of yours (`{}`, naming the group)",
            serve_command(path)
        );
    };
    let membership = nix::unistd::Group::from_name(name)
        .ok()
        .flatten()
        .map_or(Membership::NotMember, |group| membership_of_this_login(&group, &login));
    match membership {
        Membership::NotYetInThisLogin => format!(
            "the database {shown} is {owner}'s and shared with the group {name}, which you ({login}) were added to after this login began; log in again (or run `newgrp {name}`), then run certdesk again"
        ),
        // A member who still may not enter (an access list, say): nothing here knows why.
        Membership::Member => format!(
            "the database {shown} is {owner}'s and shared with the group {name}, which you are in, yet you may not enter it; ask {owner} to look at its permissions (`ls -ld {shown}`)"
        ),
        Membership::NotMember => format!(
            "the database {shown} is {owner}'s and not shared with you (it is shared with the group {name}, which you are not in); ask root to add you to it (`usermod -aG {name} {login}`, then log in again)"
        ),
    }
}
