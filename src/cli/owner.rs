//! Whose a database is: certdesk opens a database itself only as the account that owns it, so
//! that every file in it stays that account's (the files root or a member of its group would
//! write are theirs, and the owner could open the database no more). Anyone else is told how to
//! reach it instead.

use std::os::unix::fs::MetadataExt as _;
use std::path::Path;

use crate::serve::identity::login_of;
use crate::serve::sharing::{serve_command, shared_group};

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
        let shared = match &group {
            Some(group) => format!(" (it is shared with the group {group}, which you are not in)"),
            None => String::new(),
        };
        anyhow::bail!(
            "the database {shown} is {owner}'s and not shared with you{shared}; ask {owner} to share it with a group of yours"
        );
    }
    if group.is_some() && !me.is_root() {
        // Asked to start its server, the owner would be refused while a certdesk of theirs
        // holds the database: say so, so that they know what to close.
        if let Some(holder) = crate::store::held_by(path) {
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
        "the database {shown} is {owner}'s, and certdesk opens it only as {owner}, so that its files stay theirs: run certdesk as {owner} (`sudo -u {owner} certdesk --db {shown} …`), or have {owner} start its server (`{}`)",
        serve_command(path)
    )
}
