//! Which learner of the course each learner of a re-exported file is, so that an ordinary
//! re-export never makes one person two learners: logins differ only in case (platforms
//! compare them ignoring case), and a file that names its learners by another column than the
//! course was imported with is refused rather than read as a new class.

use std::collections::{HashMap, HashSet};

use super::Problem;
use super::build::Built;
use crate::domain::Enrollment;

/// A learner of the file whose username is not the course's, but is one of the course's
/// learners' ignoring case, is that learner: the course's username is kept. Said in the notes.
pub fn keep_usernames_differing_in_case(learners: &[Enrollment], built: &mut Built) {
    let known: HashSet<&str> = learners.iter().map(|learner| learner.username.as_str()).collect();
    let in_file: HashSet<String> = built.folder.roster.iter().map(|entry| entry.username.clone()).collect();
    let mut by_folded: HashMap<String, &str> = HashMap::new();
    for learner in learners.iter().filter(|learner| !in_file.contains(&learner.username)) {
        by_folded.insert(learner.username.to_lowercase(), &learner.username);
    }
    let mut kept = Vec::new();
    for entry in built.folder.roster.iter_mut().filter(|entry| !known.contains(entry.username.as_str())) {
        let Some(&course_name) = by_folded.get(&entry.username.to_lowercase()) else { continue };
        let file_name = std::mem::replace(&mut entry.username, course_name.to_string());
        if let Some(row) = built.folder.grades.rows.remove(&file_name) {
            built.folder.grades.rows.insert(course_name.to_string(), row);
        }
        if let Some(verdict) = built.verdicts.remove(&file_name) {
            built.verdicts.insert(course_name.to_string(), verdict);
        }
        // Two rows of the file folding to one learner would otherwise both take it.
        by_folded.remove(&file_name.to_lowercase());
        kept.push(format!("{file_name} as {course_name}"));
    }
    if !kept.is_empty() {
        built
            .notes
            .push(format!("Matched ignoring case, and kept under the username the course knows: {}.", kept.join(", ")));
    }
}

/// How many of the course's learners must be known before a wholesale change of usernames is
/// told apart from a class that changed.
const FEW: usize = 3;

/// Refuses a file in which most of the course's learners are missing while about as many new
/// ones appear: it names its learners by another column (a Moodle export without the Email
/// address column), and importing it would make every learner two.
pub fn rekeyed_file_problem(learners: &[Enrollment], built: &Built, file: &str) -> Option<Problem> {
    let in_file: HashSet<&str> = built.folder.roster.iter().map(|entry| entry.username.as_str()).collect();
    let known: HashSet<&str> = learners.iter().map(|learner| learner.username.as_str()).collect();
    let missing: Vec<&str> =
        learners.iter().map(|learner| learner.username.as_str()).filter(|name| !in_file.contains(name)).collect();
    let new: Vec<&str> =
        built.folder.roster.iter().map(|entry| entry.username.as_str()).filter(|name| !known.contains(name)).collect();
    let most_missing = learners.len() >= FEW && missing.len() * 2 > learners.len();
    if !most_missing || new.len() * 2 < missing.len() {
        return None;
    }
    let some = |names: &[&str]| {
        let shown: Vec<&str> = names.iter().take(3).copied().collect();
        format!("{}{}", shown.join(", "), if names.len() > 3 { ", …" } else { "" })
    };
    let waiver = Some(crate::import::Waiver::NewLearners { learners: u32::try_from(new.len()).unwrap_or(u32::MAX) });
    let problem = Problem::new(
        file,
        None,
        None,
        format!(
            "the file seems to name its learners differently from the course: {} of the course's {} learners are \
             not in it ({}), and {} in it are new ({}); export the column the course was imported with (Moodle: \
             Email address or Username, Canvas: SIS Login ID), or give --new-learners if they really are other \
             learners",
            missing.len(),
            learners.len(),
            some(&missing),
            new.len(),
            some(&new)
        ),
    );
    Some(Problem { waiver, ..problem })
}
