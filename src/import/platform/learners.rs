//! Who the learners of an export are: their names, emails, modes and status from the export,
//! else the roster, else the course file; what is still missing is one problem per kind.

use super::Problem;
use super::export::Export;
use super::roster::Roster;
use crate::domain::name::full_name_problem;
use crate::domain::{EnrollmentStatus, Mode};
use crate::import::course_file::CourseSpec;
use crate::import::{Ask, RosterEntry, Supplement};

/// A list of at most three learners with their lines, for a message about many.
fn some_of(learners: &[(String, u64)]) -> String {
    crate::domain::first_of(learners.iter().map(|(name, line)| format!("{name} on line {line}")), 3)
}

pub fn learners(
    export: &Export,
    spec: Option<&CourseSpec>,
    roster: Option<&Roster>,
    problems: &mut Vec<Problem>,
) -> Vec<RosterEntry> {
    let (mut nameless, mut modeless) = (Vec::new(), Vec::new());
    let mut entries = Vec::with_capacity(export.learners.len());
    for learner in &export.learners {
        let known = roster.and_then(|roster| roster.find(&learner.username, &learner.email));
        let full_name = learner.full_name.clone().or_else(|| known.and_then(|row| row.full_name.clone()));
        let mode: Option<Mode> =
            learner.mode.or_else(|| known.and_then(|row| row.mode)).or_else(|| spec.and_then(|spec| spec.mode));
        let email = match (learner.email.as_str(), known.and_then(|row| row.email.as_deref())) {
            ("", Some(email)) => email.to_string(),
            (email, _) => email.to_string(),
        };
        let status = match (learner.status, known.and_then(|row| row.status)) {
            (EnrollmentStatus::Withdrawn, _) => EnrollmentStatus::Withdrawn,
            (_, Some(status)) => status,
            (status, None) => status,
        };
        if full_name.is_none() {
            nameless.push((learner.username.clone(), learner.line));
        }
        if mode.is_none() {
            modeless.push((learner.username.clone(), learner.line));
        }
        // A name from the roster was checked where it is written, in the roster file.
        if let Some(problem) = learner.full_name.as_deref().and_then(full_name_problem) {
            problems.push(Problem::new(
                &export.file,
                Some(learner.line),
                None,
                format!("{}: {problem}", learner.username),
            ));
            continue;
        }
        if let (Some(full_name), Some(mode)) = (full_name, mode) {
            entries.push(RosterEntry {
                line: learner.line,
                username: learner.username.clone(),
                full_name,
                email,
                mode,
                status,
            });
        }
    }
    let count =
        |list: &[(String, u64)]| format!("{} learner{}", list.len(), if list.len() == 1 { " has" } else { "s have" });
    if !nameless.is_empty() {
        let message = match roster {
            // The roster given lacks them: naming it again would send the user round in a circle.
            Some(_) => format!(
                "{} no full name ({}): neither the export nor the roster given has {}; add {} to the roster \
                 (username and full_name), or export the platform's learner profiles again",
                count(&nameless),
                some_of(&nameless),
                if nameless.len() == 1 { "them" } else { "any of them" },
                if nameless.len() == 1 { "them" } else { "each" },
            ),
            None => format!(
                "{} no full name ({}): the export carries none; {} (the platform's learner profile CSV, or a \
                 roster.csv with username and full_name)",
                count(&nameless),
                some_of(&nameless),
                Ask::Give(Supplement::Roster)
            ),
        };
        problems.push(Problem::new(&export.file, None, None, message));
    }
    if !modeless.is_empty() {
        problems.push(Problem::new(
            &export.file,
            None,
            None,
            format!(
                "{} no mode ({}): the export says none; set `mode = \"honor\"` (or audit, verified) in {}, or {} \
                 with a mode column",
                count(&modeless),
                some_of(&modeless),
                Ask::In(Supplement::Course),
                Ask::Give(Supplement::Roster)
            ),
        ));
    }
    entries
}
