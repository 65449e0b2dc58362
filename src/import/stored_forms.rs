//! Usernames as the course keeps them, found again in a re-imported file that writes them
//! otherwise, so that one person does not become two learners: accents decomposed, as an older
//! certdesk kept them (imports did not compose them yet), and another case (a login is one
//! whatever its case, on the platforms and in certdesk).

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

/// Renames each learner of `folder` whose username is not one of `learners`' but is one of them
/// ignoring case, and who is not in the file under their own, to the username the course
/// keeps; returns `(as read, as kept)` for each.
pub(crate) fn keep_usernames_differing_in_case(
    folder: &mut CourseFolder,
    learners: &[Enrollment],
) -> Vec<(String, String)> {
    let known: HashSet<&str> = learners.iter().map(|learner| learner.username.as_str()).collect();
    let in_file: HashSet<String> = folder.roster.iter().map(|entry| entry.username.clone()).collect();
    let mut by_folded: HashMap<String, &str> = HashMap::new();
    for learner in learners.iter().filter(|learner| !in_file.contains(&learner.username)) {
        by_folded.insert(learner.username.to_lowercase(), &learner.username);
    }
    let mut kept = Vec::new();
    for entry in folder.roster.iter_mut().filter(|entry| !known.contains(entry.username.as_str())) {
        // Taken out once matched: two rows of the file folding to one learner would both take it.
        let Some(course_name) = by_folded.remove(&entry.username.to_lowercase()) else { continue };
        let file_name = std::mem::replace(&mut entry.username, course_name.to_string());
        if let Some(row) = folder.grades.rows.remove(&file_name) {
            folder.grades.rows.insert(course_name.to_string(), row);
        }
        kept.push((file_name, course_name.to_string()));
    }
    kept
}

/// The report's note on the learners `kept` under the username the course knows.
pub(crate) fn case_note(kept: &[(String, String)]) -> Option<String> {
    let named: Vec<String> =
        kept.iter().map(|(file_name, course_name)| format!("{file_name} as {course_name}")).collect();
    (!named.is_empty())
        .then(|| format!("Matched ignoring case, and kept under the username the course knows: {}.", named.join(", ")))
}
