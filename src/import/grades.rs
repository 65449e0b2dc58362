//! `grades.csv`: `username,<activity id>,...`; a cell is points with a decimal point (or a
//! decimal comma, in a file separated by semicolons or tabs), empty when not graded. Columns
//! may be any subset of the course's activities, in any order.

use std::collections::{HashMap, HashSet};

use super::csv_file::CsvFile;
use super::problem::Problem;
use crate::domain::{Course, NumberError, Points};

pub const FILE: &str = "grades.csv";

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct GradesFile {
    /// The course activity index of each grade column, in file order.
    pub columns: Vec<usize>,
    /// Per username, one cell per column: `None` is an empty (not graded) cell.
    pub rows: HashMap<String, Vec<Option<Points>>>,
}

/// `text` as the grades of `course`'s learners: those `roster` names, when it is known whom it
/// names (a roster that could not be read whole leaves every username unchecked).
/// A row whose username differs from the roster's only in case is that learner's, as on the
/// platforms, where a login is one whatever its case.
pub fn parse(
    text: &str,
    course: &Course,
    roster: Option<&HashMap<String, String>>,
    problems: &mut Vec<Problem>,
) -> GradesFile {
    let mut grades = GradesFile::default();
    let Some(mut csv) = CsvFile::open(FILE, text, problems) else {
        return grades;
    };
    let Some(username_column) = csv.column("username", problems) else {
        return grades;
    };
    // (position in the row, activity index)
    let mut cells: Vec<(usize, usize)> = Vec::new();
    let mut seen = HashSet::new();
    for (position, name) in csv.header.iter().enumerate() {
        if position == username_column {
            continue;
        }
        // Header names are lowercased by the reader; activity ids are matched the same way.
        match course.activities.iter().position(|activity| activity.id.to_lowercase() == *name) {
            Some(_) if !seen.insert(name.clone()) => {
                problems.push(Problem::new(FILE, Some(1), Some(name), "the activity has two columns"));
            }
            Some(activity) => cells.push((position, activity)),
            None => {
                // A short id is two slips from too many others for a guess to help.
                let ids: Vec<&str> = course.activities.iter().map(|activity| activity.id.as_str()).collect();
                // A column headed by an activity's title, as a platform's export heads them.
                let titled = course.activities.iter().find(|activity| activity.title.trim().to_lowercase() == *name);
                let meant = crate::domain::spelling::closest(name, &ids).filter(|_| name.chars().count() > 3);
                let hint = match (titled, meant) {
                    (Some(activity), _) => {
                        format!("; that is the title of '{}': head the column with its id", activity.id)
                    }
                    (None, Some(id)) => format!("; did you mean '{id}'?"),
                    (None, None) => String::new(),
                };
                let message = format!("unknown activity '{name}' (not in {}{hint})", super::course_file::FILE);
                problems.push(Problem::new(FILE, Some(1), Some(name), message));
            }
        }
    }
    grades.columns = cells.iter().map(|&(_, activity)| activity).collect();
    // Per username in lowercase: the first row's line and spelling.
    let mut first_line: HashMap<String, (u64, String)> = HashMap::new();
    let decimal_comma = csv.decimal_comma();
    csv.for_each_row(problems, |line, record, problems| {
        let username = record.get(username_column).unwrap_or("").trim();
        let mut report =
            |column: &str, message: String| problems.push(Problem::new(FILE, Some(line), Some(column), message));
        if username.is_empty() {
            report("username", "missing required field".into());
            return;
        }
        let key = username.to_lowercase();
        let learner = match roster.map(|named| named.get(&key)) {
            Some(None) => {
                report("username", not_on_the_roster(username, roster));
                return;
            }
            Some(Some(spelled)) => spelled.clone(),
            None => username.to_string(),
        };
        if let Some((first, spelled)) = first_line.get(&key) {
            let message = if spelled == username {
                format!("'{username}' has two rows (first on line {first})")
            } else {
                format!("'{username}' has two rows: '{spelled}' on line {first} is the same login in another case")
            };
            report("username", message);
            return;
        }
        first_line.insert(key, (line, username.to_string()));
        let mut row = Vec::with_capacity(cells.len());
        for &(position, activity_index) in &cells {
            let activity = &course.activities[activity_index];
            let text = record.get(position).unwrap_or("").trim();
            if text.is_empty() {
                row.push(None);
                continue;
            }
            match Points::read(text, decimal_comma) {
                Ok(points) if points > activity.max_points => {
                    report(&activity.id, format!("{points} is above the maximum of {} points", activity.max_points));
                }
                Ok(points) => row.push(Some(points)),
                Err(error) => report(&activity.id, unreadable_cell(text, activity.max_points, error)),
            }
        }
        if row.len() == cells.len() {
            grades.rows.insert(learner, row);
        }
    });
    grades
}

/// Why the cell `text` is no score, where `error` says it is no number: a platform's mark for
/// work not graded (`-`, `EX`) or a percentage, as a grades.csv pasted from an export has them,
/// said in what to write instead.
fn unreadable_cell(text: &str, max_points: Points, error: NumberError) -> String {
    const NOT_GRADED: [&str; 8] = ["-", "\u{2013}", "\u{2014}", "ex", "excused", "n/a", "na", "not attempted"];
    if NOT_GRADED.contains(&text.to_lowercase().as_str()) {
        return format!("'{text}' is not a score: leave the cell empty for work not graded");
    }
    if text.ends_with('%') {
        return format!("'{text}' is a percentage: write the points out of the maximum, {max_points}, instead");
    }
    error.to_string()
}

/// Why `username` of grades.csv names nobody: written out with its invisible characters
/// (`'bilboU+200B'`, a zero-width space a copy from a web page carried along), and, when the
/// username without them is on the roster, that removing them is the fix.
fn not_on_the_roster(username: &str, roster: Option<&HashMap<String, String>>) -> String {
    use crate::domain::shown::{echoed, is_invisible};
    let bare: String = username.chars().filter(|c| !is_invisible(*c)).collect();
    let known = bare != username && roster.is_some_and(|named| named.contains_key(&bare.to_lowercase()));
    match known {
        true => format!(
            "'{}' is not on the roster: without its invisible characters it is '{bare}', who is",
            echoed(username)
        ),
        false => format!("'{}' is not on the roster", echoed(username)),
    }
}
