//! The templates tab's work that reads every certificate (is a template printed with?),
//! run on the worker thread: at a million certificates it takes seconds.

use super::worker::{Finished, FollowUp};
use crate::ops::{self, Context};
use crate::store::Store;

/// Whether template `name` may be deleted: a confirmation to ask, or why not in a dialog.
pub(super) fn check_deletion(store: &Store, name: &str) -> Finished {
    match ops::template_deletion(store, name, crate::domain::AssignBy::Keys) {
        Ok(revisions) => Finished {
            message: Ok(String::new()),
            loaded: None,
            on_quit: None,
            follow_up: Some(FollowUp::ConfirmTemplateDeletion { name: name.to_string(), revisions }),
        },
        Err(error) => {
            let why = error.to_string();
            let title = format!("Cannot delete {name}");
            Finished {
                message: Err(why.clone()),
                loaded: None,
                on_quit: None,
                follow_up: Some(FollowUp::Report { title, lines: vec![why] }),
            }
        }
    }
}

/// Deletes template `name` (the store checks again that nothing uses it).
pub(super) fn delete(store: &Store, name: &str, context: &Context) -> Finished {
    let message = ops::delete_template(store, name, context)
        .map(|deleted| {
            let revisions = crate::domain::counted(deleted, "revision", "revisions");
            // Short, to fit the status line at 80 columns: the question said it whole. A
            // draft that cannot be looked for is still kept, so the deletion is told plainly.
            match ops::drafts_kept_at_deletion(store, name, &context.who).map(|drafts| drafts.after_deletion()) {
                Ok(Some(kept)) => format!("Deleted the template {name} ({revisions}); {kept}."),
                Ok(None) | Err(_) => format!("Deleted the template {name} ({revisions})."),
            }
        })
        .map_err(|error| format!("Not deleted: {error}"));
    Finished { message, loaded: None, follow_up: None, on_quit: None }
}
