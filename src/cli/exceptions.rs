//! `certdesk allow COURSE USERNAME [--remove]` and
//! `certdesk invalidate COURSE USERNAME (--reason TEXT | --remove)`

use std::process::ExitCode;

use crate::ops::{self, Context};
use crate::store::Store;

pub fn allow(store: &Store, course: &str, username: &str, remove: bool, context: &Context) -> anyhow::Result<ExitCode> {
    ops::set_allowed(store, course, username, !remove, context)?;
    if remove {
        say!("{username} is off the allowlist of {course}; the usual rules apply again.");
    } else {
        say!("{username} is on the allowlist of {course}: eligible whatever the grade (unless audit or withdrawn).");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn invalidate(
    store: &Store,
    course: &str,
    username: &str,
    reason: Option<&str>,
    context: &Context,
) -> anyhow::Result<ExitCode> {
    match reason {
        None => {
            ops::revalidate(store, course, username, context)?;
            say!("{username} may be certified in {course} again; revoked certificates stay revoked.");
        }
        Some(reason) => {
            let revoked = ops::invalidate(store, course, username, reason, context)?;
            say!("{username} cannot be certified in {course}: {reason}");
            if let Some(code) = revoked {
                say!("Revoked their certificate {code}.");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
