//! Which learner of the course each learner of a re-exported file is, so that an ordinary
//! re-export never makes one person two learners: logins differ only in case (platforms
//! compare them ignoring case), and a file that names its learners by another column than the
//! course was imported with is refused rather than read as a new class.

use std::collections::{HashMap, HashSet};

use super::Problem;
use super::build::Built;
use crate::domain::name::spaces_tidied;
use crate::domain::{Activity, Course, Enrollment};

/// A learner of the file whose username is not the course's, but is one of the course's
/// learners' ignoring case, is that learner: the course's username is kept. Said in the notes.
pub fn keep_usernames_differing_in_case(learners: &[Enrollment], built: &mut Built) {
    let kept = crate::import::stored_forms::keep_usernames_differing_in_case(&mut built.folder, learners);
    for (file_name, course_name) in &kept {
        if let Some(verdict) = built.verdicts.remove(file_name) {
            built.verdicts.insert(course_name.clone(), verdict);
        }
    }
    built.notes.extend(crate::import::stored_forms::case_note(&kept));
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
    let waiver = crate::import::Waiver::NewLearners { learners: u32::try_from(new.len()).unwrap_or(u32::MAX) };
    let problem = Problem::new(
        file,
        None,
        None,
        format!(
            "the file seems to name its learners differently from the course: {} of the course's {} learners are \
             not in it ({}), and {} in it are new ({}); export the column the course was imported with (Moodle: \
             Email address or Username, Canvas: SIS Login ID)",
            missing.len(),
            learners.len(),
            some(&missing),
            new.len(),
            some(&new)
        ),
    );
    Some(problem.waivable(waiver, "if they really are other learners"))
}

/// Refuses each learner the file names by a stand-in (Canvas's ID, their SIS login being
/// empty) who is new to the course while a learner of the same name is missing from the
/// file: most likely the login was emptied after an import, and taking the row as it is would
/// make that person a second learner. certdesk does not keep the Canvas ID of a learner
/// imported under their login, so the name is what ties the two; a stand-in with no such
/// namesake is a new learner, as on a first import.
pub fn stand_in_problems(learners: &[Enrollment], built: &Built, file: &str) -> Vec<Problem> {
    let in_file: HashSet<&str> = built.folder.roster.iter().map(|entry| entry.username.as_str()).collect();
    let known: HashSet<&str> = learners.iter().map(|learner| learner.username.as_str()).collect();
    let mut problems = Vec::new();
    for (stand_in, line) in &built.without_login {
        if known.contains(stand_in.as_str()) {
            continue; // imported under this stand-in before: the same learner
        }
        let Some(entry) = built.folder.roster.iter().find(|entry| entry.username == *stand_in) else { continue };
        let name = spaces_tidied(&entry.full_name);
        let namesakes: Vec<&Enrollment> = learners
            .iter()
            .filter(|learner| !in_file.contains(learner.username.as_str()))
            .filter(|learner| !name.is_empty() && spaces_tidied(&learner.full_name).eq_ignore_ascii_case(&name))
            .collect();
        let Some(first) = namesakes.first() else { continue };
        let message = format!(
            "{name} has no SIS Login ID in this file, which names them by their Canvas ID, {stand_in}; the course has \
             {} as '{}', who is not in this file: fill in the login on Canvas and export again (imported as it is, \
             they would be a second learner)",
            first.full_name, first.username
        );
        let problem = Problem::new(file, Some(*line), Some("SIS Login ID"), message);
        problems.push((problem, format!("if {stand_in} is another person")));
    }
    // Each waiver counts every learner it lets in: one Ctrl-N or --new-learners adds them all.
    let count = u32::try_from(problems.len()).unwrap_or(u32::MAX);
    let waiver = crate::import::Waiver::NewLearners { learners: count };
    problems.into_iter().map(|(problem, when)| problem.waivable(waiver, when)).collect()
}

/// Refuses a file in which a title that several items share (or shared) is borne by another
/// number of items than the course has. An export that names its items by title alone (a
/// Moodle export) tells items of one title apart by their order only: with one of them
/// removed or added, which is which cannot be told, and one item's scores would go under
/// another's activity.
pub fn same_title_problems(course: &Course, built: &Built, file: &str) -> Vec<Problem> {
    let by_title = |activities: &[Activity]| {
        let mut titles: HashMap<String, Vec<String>> = HashMap::new();
        for activity in activities.iter().filter(|activity| activity.platform_id.is_none()) {
            titles.entry(activity.title.clone()).or_default().push(activity.id.clone());
        }
        titles
    };
    let in_course = by_title(&course.activities);
    let in_file = by_title(&built.folder.course.activities);
    let mut problems = Vec::new();
    // In the course's order, so that the problems read as its gradebook does.
    let mut titles: Vec<&String> = Vec::new();
    for activity in &course.activities {
        if in_course.contains_key(&activity.title) && !titles.contains(&&activity.title) {
            titles.push(&activity.title);
        }
    }
    for title in titles {
        let (Some(course_ids), Some(file_ids)) = (in_course.get(title), in_file.get(title)) else { continue };
        let (course_count, file_count) = (course_ids.len(), file_ids.len());
        if course_count == file_count || course_count.max(file_count) < 2 {
            continue;
        }
        let message = format!(
            "the file has {} titled '{title}' where the course has {course_count} ({}): the export \
             names an item by its title alone, so which of them was {} cannot be told, and one item's scores \
             would go under another's activity; give each item a title of its own on the platform and export again",
            crate::domain::counted(file_count, "item", "items"),
            course_ids.join(", "),
            if file_count < course_count { "removed" } else { "added" }
        );
        problems.push(Problem::new(file, Some(1), None, message));
    }
    problems
}
