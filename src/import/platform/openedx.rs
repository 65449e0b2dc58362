//! Open edX grade reports (Instructor Dashboard > Data Download), as written by
//! lms/djangoapps/instructor_task/tasks_helper/grades.py:
//!
//! - the course grade report: `Student ID, Email, Username, Grade` (sites add profile columns
//!   before `Grade`: `Name`, `Date Joined`, which are passed over), then per assignment type
//!   `{Type} {n}: {Subsection}` and `{Type} (Avg)` (a type with one subsection: one `{Type}`
//!   column), optional `Cohort Name`, `Experiment Group (…)`, `Team Name`, then `Enrollment
//!   Track, Verification Status, Certificate Eligible, Certificate Delivered, Certificate
//!   Type, Enrollment Status`;
//! - the older one (before the subsection names): `id, [email,] username, grade`, then the
//!   grader's short labels `HW 01` … `HW Avg`, a single `Final`.
//!
//! Cells are fractions from 0 to 1, `Not Attempted` or `Not Available`; an activity is a
//! subsection scored out of 100 so that certdesk's points are edX's percent.

use super::export::{Export, Format, Item, Learner, slug, unique_ids};
use super::headings::Headings;
use super::numbers::{Figure, decimal, decimals, points};
use super::table::{Dialect, Header, Row, Table};
use super::{Problem, read_rows};
use crate::domain::{EnrollmentStatus, Mode, Points};

pub const DIALECT: Dialect = Dialect::csv(b',');

/// Columns after the grades, in the order edX writes them.
const TRAILING: [&str; 9] = [
    "Cohort Name",
    "Team Name",
    "Enrollment Track",
    "Verification Status",
    "Certificate Eligible",
    "Certificate Delivered",
    "Certificate Type",
    "Enrollment Status",
    "Experiment Group",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// The course grade report, with where its Email, Username and Grade columns are.
    Current { email: usize, username: usize, grade: usize },
    /// The older report; `email` says whether it has an email column.
    Older { email: bool },
}

fn layout(header: &[String]) -> Option<Layout> {
    let lower: Vec<String> = header.iter().map(|cell| cell.to_ascii_lowercase()).collect();
    let starts = |names: &[&str]| lower.len() >= names.len() && names.iter().zip(&lower).all(|(a, b)| a == b);
    if let Some(current) = current_layout(header) {
        Some(current)
    } else if starts(&["id", "email", "username", "grade"]) {
        Some(Layout::Older { email: true })
    } else if starts(&["id", "username", "grade"]) {
        Some(Layout::Older { email: false })
    } else {
        None
    }
}

/// `Student ID`, then `Email` and `Username` among the profile columns before `Grade`.
fn current_layout(header: &[String]) -> Option<Layout> {
    if header.first().is_none_or(|cell| cell != "Student ID") {
        return None;
    }
    // The problem grade report has its own reader, which takes no added columns.
    if header.iter().any(|cell| cell.ends_with(" (Earned)")) {
        return None;
    }
    let grade = header.iter().position(|cell| cell == "Grade")?;
    let before = |name: &str| header[..grade].iter().position(|cell| cell == name);
    Some(Layout::Current { email: before("Email")?, username: before("Username")?, grade })
}

/// Whether a header is an Open edX grade report's.
pub fn recognises(header: &[String]) -> bool {
    layout(header).is_some()
}

/// What a grade column is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    /// `Homework 2: Circuits` (or the older `HW 02`): one subsection of a type.
    Subsection { kind: String, index: u32 },
    /// `Homework (Avg)` or `HW Avg`: edX's own average of a type, not an activity.
    Average,
    /// `Final Exam` (or `Final`): a type with a single subsection.
    Single { kind: String },
}

fn classify(title: &str, layout: Layout) -> Column {
    if title.ends_with(" (Avg)") || (matches!(layout, Layout::Older { .. }) && title.ends_with(" Avg")) {
        return Column::Average;
    }
    let subsection = match layout {
        Layout::Current { .. } => title.split_once(": ").map(|(head, _)| head).and_then(|head| head.rsplit_once(' ')),
        Layout::Older { .. } => title.rsplit_once(' '),
    };
    match subsection {
        Some((kind, number)) if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
            Column::Subsection { kind: kind.to_string(), index: number.parse().unwrap_or(0) }
        }
        _ => Column::Single { kind: title.to_string() },
    }
}

fn is_trailing(title: &str) -> bool {
    TRAILING.iter().any(|name| title == *name || (title.starts_with("Experiment Group (") && title.ends_with(')')))
}

/// `professional`, `no-id-professional` and the other modes edX counts as verified
/// (course_modes' VERIFIED_MODES) are certdesk's verified.
fn mode_of(track: &str) -> Result<Mode, String> {
    super::roster::mode_of(track).map_err(|_| {
        format!(
            "unknown enrollment track '{}' (audit, honor, verified, professional or no-id-professional)",
            track.trim()
        )
    })
}

pub fn read(file: &str, text: &str, problems: &mut Vec<Problem>) -> Option<Export> {
    let mut table = Table::new(file, text, DIALECT);
    let mut row = Row::default();
    let Header { cells: header, positions } = table.read_header(&mut row, problems)?;
    let layout = layout(&header)?;
    let (email_at, username_at, first_grade) = match layout {
        Layout::Current { email, username, grade } => (Some(email), username, grade + 1),
        Layout::Older { email: true } => (Some(1), 2, 4),
        Layout::Older { email: false } => (None, 1, 3),
    };
    let grades_end = (first_grade..header.len()).find(|&index| is_trailing(&header[index])).unwrap_or(header.len());
    let mut headings = Headings::new(file, &header, &positions);
    let mut find = |name: &str| headings.named(name, true, problems);
    let (track_at, eligible_at, status_at) =
        (find("Enrollment Track"), find("Certificate Eligible"), find("Enrollment Status"));

    // (item index or None for an average column) per grade column.
    let mut items = Vec::new();
    let mut item_columns = Vec::new();
    for (index, title) in header.iter().enumerate().take(grades_end).skip(first_grade) {
        // The subsection as edX names it, the activity id it becomes, and its type.
        let (subsection, id, kind) = match classify(title, layout) {
            Column::Average => continue,
            Column::Subsection { kind, index: number } => {
                (format!("{kind} {number}"), format!("{}-{number:02}", slug(&kind, "type")), kind)
            }
            Column::Single { kind } => (kind.clone(), slug(&kind, "type"), kind),
        };
        if !headings.admit(index, subsection.clone(), &subsection, problems) {
            continue;
        }
        items.push(Item {
            platform_id: None,
            id,
            title: title.clone(),
            group: kind,
            max_points: Some(Points::from_hundredths(10_000)),
            weight: None,
            position: positions[index],
            column: title.clone(),
        });
        item_columns.push(index);
    }
    unique_ids(&mut items);

    let mut learners = Vec::with_capacity(super::rows_in(text));
    let mut seen = super::export::Seen::default();
    read_rows(&mut table, &mut row, header.len(), problems, |table, row, problems| {
        let username = row.cell(username_at).trim();
        let column_name = &header[username_at];
        if let Err(message) = seen.admit(&learners, username, row.line) {
            problems.push(table.problem(row, username_at, Some(column_name), message));
            return;
        }
        let mut cells = Vec::with_capacity(item_columns.len());
        for &column in &item_columns {
            match fraction_cell(row.cell(column)) {
                Ok(cell) => cells.push(cell),
                Err(message) => problems.push(table.problem(row, column, Some(&header[column]), message)),
            }
        }
        let mode = match track_at.map(|at| (at, mode_of(row.cell(at)))) {
            Some((_, Ok(mode))) => Some(mode),
            Some((at, Err(message))) => {
                problems.push(table.problem(row, at, Some("Enrollment Track"), message));
                None
            }
            None => None,
        };
        let status = match status_at.map(|at| (at, row.cell(at).trim())) {
            None | Some((_, "enrolled")) | Some((_, "")) => EnrollmentStatus::Active,
            Some((_, "unenrolled")) => EnrollmentStatus::Withdrawn,
            Some((at, other)) => {
                let message = format!("unknown enrollment status '{other}' (enrolled or unenrolled)");
                problems.push(table.problem(row, at, Some("Enrollment Status"), message));
                EnrollmentStatus::Active
            }
        };
        let platform_grade = match grade_figure(row.cell(first_grade - 1)) {
            Ok(figure) => figure,
            Err(message) => {
                problems.push(table.problem(row, first_grade - 1, Some(&header[first_grade - 1]), message));
                None
            }
        };
        let platform_eligible = eligible_at.and_then(|at| match row.cell(at).trim() {
            "Y" => Some(true),
            "N" => Some(false),
            _ => None,
        });
        if cells.len() == item_columns.len() {
            learners.push(Learner {
                line: row.line,
                username: username.to_string(),
                email: email_at.map(|at| row.cell(at).trim().to_string()).unwrap_or_default(),
                full_name: None,
                mode,
                status,
                cells,
                platform_grade,
                platform_eligible,
                earlier_username: None,
                login_missing: false,
            });
        }
    });
    Some(Export {
        format: Format::OpenEdx,
        layout: match layout {
            Layout::Current { .. } => "course grade report",
            Layout::Older { .. } => "older grade report (short labels)",
        },
        file: file.to_string(),
        items,
        learners,
        grade_column: Some(header[first_grade - 1].clone()),
        notes: Vec::new(),
        groups: Vec::new(),
    })
}

/// A subsection cell: a fraction from 0 to 1 as points out of 100, or not graded.
fn fraction_cell(text: &str) -> Result<Option<Points>, String> {
    let text = text.trim();
    match text {
        "" | "Not Attempted" | "Not Available" => return Ok(None),
        _ => {}
    }
    match decimal(text, false) {
        Some(fraction) if fraction <= 1.0 + 1e-9 => Ok(points(fraction * 100.0)),
        Some(_) => Err(format!("{text} is above 1: edX writes fractions from 0 to 1")),
        None => Err(format!("'{text}' is not a fraction from 0 to 1 (nor Not Attempted or Not Available)")),
    }
}

/// edX's `Grade`: the course percent as a fraction, already rounded to a whole percent.
pub(super) fn grade_figure(text: &str) -> Result<Option<Figure>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let fraction = decimal(text, false).ok_or_else(|| format!("'{text}' is not a grade from 0 to 1"))?;
    let percent = fraction * 100.0;
    Ok(Some(if decimals(text) <= 2 {
        Figure::open_edx(percent.round())
    } else {
        Figure::rounded(percent, decimals(text) - 2)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn column(title: &str, layout: Layout, expected: Column) {
        assert_eq!(classify(title, layout), expected, "{title}");
    }

    #[test]
    fn grade_columns_of_both_layouts() {
        let sub = |kind: &str, index| Column::Subsection { kind: kind.into(), index };
        let current = Layout::Current { email: 1, username: 2, grade: 3 };
        column("Homework 1: Ohm's law: part 2", current, sub("Homework", 1));
        column("Homework (Avg)", current, Column::Average);
        column("Final Exam", current, Column::Single { kind: "Final Exam".into() });
        column("Lab 12: Wires", current, sub("Lab", 12));
        let older = Layout::Older { email: true };
        column("HW 03", older, sub("HW", 3));
        column("HW Avg", older, Column::Average);
        column("Final", older, Column::Single { kind: "Final".into() });
    }

    #[test]
    fn profile_columns_before_the_grade_are_passed_over() {
        let header = |line: &str| line.split(',').map(String::from).collect::<Vec<_>>();
        let current = |email, username, grade| Some(Layout::Current { email, username, grade });
        assert_eq!(layout(&header("Student ID,Email,Username,Grade,Lab")), current(1, 2, 3));
        assert_eq!(layout(&header("Student ID,Email,Username,Date Joined,Grade,Lab")), current(1, 2, 4));
        assert_eq!(layout(&header("Student ID,Name,Email,Username,CPF,Grade,Lab")), current(2, 3, 5));
        assert_eq!(layout(&header("Student ID,Email,Grade,Username")), None, "a username after the grade");
        // A problem grade report with a column added is not read as the course report.
        assert_eq!(layout(&header("Student ID,Email,Username,Date Joined,Enrollment Status,Grade,Q1 (Earned)")), None);
    }

    #[test]
    fn tracks_become_modes() {
        assert_eq!(mode_of("no-id-professional"), Ok(Mode::Verified));
        assert_eq!(mode_of("Audit"), Ok(Mode::Audit));
        assert!(mode_of("mystery").is_err());
    }

    #[test]
    fn cells_are_fractions() {
        assert_eq!(fraction_cell("0.85"), Ok(Some(Points::from_hundredths(8500))));
        assert_eq!(fraction_cell("Not Attempted"), Ok(None));
        assert!(fraction_cell("85%").unwrap_err().contains("not a fraction"));
        assert!(fraction_cell("1.5").unwrap_err().contains("above 1"));
    }
}
