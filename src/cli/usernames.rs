//! Usernames as typed on the command line, made the ones the database keeps before any command
//! runs: composed (a terminal may send `é` as `e` and a combining accent, as macOS does), or the
//! form an older certdesk kept (see `ops::stored_username`). Course ids need nothing: they are
//! ASCII slugs, which have one form.

use super::args::Command;
use crate::ops;
use crate::store::Store;

/// Rewrites every username argument of `command` as the database keeps it. Every command is
/// named, so that one added with a username cannot be forgotten here.
pub fn as_stored(store: &Store, command: &mut Command) -> anyhow::Result<()> {
    let one = |course: &str, username: &mut String| -> anyhow::Result<()> {
        *username = ops::stored_username(store, course, username)?;
        Ok(())
    };
    let all = |course: &str, usernames: &mut Vec<String>| -> anyhow::Result<()> {
        usernames.iter_mut().try_for_each(|username| one(course, username))
    };
    match command {
        Command::Grade { course, username, .. }
        | Command::Allow { course, username, .. }
        | Command::Invalidate { course, username, .. }
        | Command::Request { course, username, .. }
        | Command::Regenerate { course, username: Some(username), .. }
        | Command::Delete { course, username: Some(username), .. } => one(course, username),
        Command::Preview(args) => match &mut args.learner {
            Some(username) => one(&args.course, username),
            None => Ok(()),
        },
        Command::Links(args) => {
            all(&args.course, &mut args.revoke)?;
            all(&args.course, &mut args.issue)
        }
        Command::Mail(args) => all(&args.course, &mut args.only),
        Command::Regenerate { username: None, .. } | Command::Delete { username: None, .. } => Ok(()),
        Command::Import(_)
        | Command::Courses { .. }
        | Command::Gradebook { .. }
        | Command::Generate { .. }
        | Command::Certificates { .. }
        | Command::Revoke { .. }
        | Command::Verify { .. }
        | Command::Issuer(_)
        | Command::Credential { .. }
        | Command::Settings { .. }
        | Command::Examples { .. }
        | Command::Log { .. }
        | Command::Export(_)
        | Command::Show { .. }
        | Command::Template(_)
        | Command::Image(_)
        | Command::Farewell(_)
        | Command::MailSettings(_)
        | Command::Serve(_)
        | Command::Staff { .. }
        | Command::Sample { .. } => Ok(()),
    }
}
