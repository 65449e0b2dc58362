//! Usernames an older certdesk kept as their file wrote them, accents decomposed (imports did
//! not compose them yet): a re-import, read composed, finds those learners under the form the
//! database keeps them in, instead of adding each one again beside themselves.

use std::collections::{HashMap, HashSet};

use super::CourseFolder;
use crate::domain::Enrollment;
use crate::domain::name::composed;

/// Renames each learner of `folder` who is not one of `learners` as written, but is one of them
/// composed, to the username the course keeps; returns `(as read, as kept)` for each.
pub(crate) fn keep_stored_forms(folder: &mut CourseFolder, learners: &[Enrollment]) -> Vec<(String, String)> {
    let mut decomposed: HashMap<String, &str> = HashMap::new();
    for learner in learners.iter().filter(|learner| !unicode_normalization::is_nfc(&learner.username)) {
        decomposed.insert(composed(learner.username.clone()), &learner.username);
    }
    if decomposed.is_empty() {
        return Vec::new();
    }
    // A course that holds a username in both forms (a re-import by a composing certdesk added
    // the composed one) keeps the file's learner under the form the file names.
    let known: HashSet<&str> = learners.iter().map(|learner| learner.username.as_str()).collect();
    let mut renamed = Vec::new();
    for entry in folder.roster.iter_mut().filter(|entry| !known.contains(entry.username.as_str())) {
        let Some(kept) = decomposed.remove(&entry.username) else { continue };
        let read = std::mem::replace(&mut entry.username, kept.to_string());
        if let Some(row) = folder.grades.rows.remove(&read) {
            folder.grades.rows.insert(kept.to_string(), row);
        }
        renamed.push((read, kept.to_string()));
    }
    renamed
}
