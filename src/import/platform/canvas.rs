//! Canvas gradebook exports (lib/gradebook_exporter.rb): a header `Student, ID, [SIS User
//! ID,] SIS Login ID, [Integration ID, Root Account,] Section`, custom columns, one column per
//! assignment `Title (id)`, then per assignment group and for the course `[Current Points,
//! Final Points,] Current Score, Unposted Current Score, Final Score, Unposted Final Score`
//! and letter-grade columns; an optional row of `Manual Posting` (older: `Muted`) marks; the
//! `    Points Possible` row; then the students, `Last, First`, the test student `Student,
//! Test` last. Cells are points in the user's locale (`"8,50"` in a semicolon-separated file),
//! `EX` excused, `N/A` not assigned, blank not graded.

use super::export::{Export, Format, Item, Learner, first_last, slug, unique_ids};
use super::headings::Headings;
use super::numbers::{Figure, decimal, decimals, points};
use super::table::{Dialect, Header, Row, Table};
use super::{Problem, read_rows};
use crate::domain::name::is_valid_username;
use crate::domain::name_order::full_name;
use crate::domain::{EnrollmentStatus, Points};

pub const DIALECTS: [Dialect; 3] = [Dialect::csv(b','), Dialect::csv(b';'), Dialect::csv(b'\t')];

/// The longer names first, so that `Unposted Final Score` is not read as `Final Score`.
const TOTALS: [&str; 12] = [
    "Unposted Current Score",
    "Unposted Final Score",
    "Unposted Current Grade",
    "Unposted Final Grade",
    "Current Points",
    "Final Points",
    "Current Score",
    "Final Score",
    "Current Grade",
    "Final Grade",
    "Override Score",
    "Override Grade",
];

pub fn recognises(header: &[String]) -> bool {
    let named = header.first().is_some_and(|cell| cell == "Student")
        || (header.len() > 1 && header[0] == "LastName" && header[1] == "FirstName");
    named
        && header.iter().any(|cell| cell == "ID")
        && header.iter().any(|cell| cell == "SIS Login ID" || cell == "Section")
}

/// The group a total column belongs to (`""` for the course), or `None` if it is no total.
fn total_of(title: &str) -> Option<&str> {
    // A grading period's totals end in `(Fall 2026)`.
    let title = match title.rsplit_once(" (") {
        Some((head, tail)) if tail.ends_with(')') && !tail[..tail.len() - 1].bytes().all(|b| b.is_ascii_digit()) => {
            head
        }
        _ => title,
    };
    TOTALS.iter().find_map(|total| {
        if title == *total { Some("") } else { title.strip_suffix(total).and_then(|group| group.strip_suffix(' ')) }
    })
}

/// `Essay 1 (4512)` as (`Essay 1`, `4512`).
fn assignment_title(title: &str) -> Option<(&str, &str)> {
    let (name, id) = title.strip_suffix(')')?.rsplit_once(" (")?;
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then_some((name, id))
}

/// The custom columns (`custom_gradebook_columns`) among the columns titled like assignments:
/// a custom column `Attendance (2024)` reads as assignment 2024 by its heading alone. Canvas
/// writes the custom columns after Section and before the first assignment, with nothing or
/// `(read only)` in the Points Possible row, where an assignment has its points. When no
/// assignment with points follows them, an empty cell may be an assignment's without points:
/// then only `(read only)` tells.
fn custom_columns(file: &str, text: &str, dialect: Dialect, header: &[String]) -> Vec<usize> {
    let mut table = Table::new(file, text, dialect);
    let mut row = Row::default();
    if table.read_header(&mut row, &mut Vec::new()).is_none() {
        return Vec::new();
    }
    // The Points Possible row is the second or, after the Manual Posting row, the third.
    let mut posted = Vec::new();
    for _ in 0..2 {
        if !table.next_row(&mut row).unwrap_or(false) {
            return Vec::new();
        }
        if row.cell(0).trim() != "Points Possible" {
            // Canvas marks posting on assignments only: a marked column is one, points or not.
            posted = (0..header.len()).filter(|&at| is_posting_mark(row.cell(at))).collect();
            continue;
        }
        let titled: Vec<usize> = (0..header.len())
            .filter(|&at| total_of(&header[at]).is_none() && assignment_title(&header[at]).is_some())
            .collect();
        let custom: Vec<usize> = titled
            .iter()
            .copied()
            .take_while(|&at| !posted.contains(&at) && matches!(row.cell(at).trim(), "" | "(read only)"))
            .collect();
        if custom.len() < titled.len() {
            return custom;
        }
        return custom.into_iter().filter(|&at| row.cell(at).trim() == "(read only)").collect();
    }
    Vec::new()
}

/// A cell of the row of posting marks: `Manual Posting` (older exports: `Muted`).
fn is_posting_mark(cell: &str) -> bool {
    cell.trim() == "Muted" || cell.starts_with("Manual Posting")
}

pub fn read(file: &str, text: &str, dialect: Dialect, problems: &mut Vec<Problem>) -> Option<Export> {
    let mut table = Table::new(file, text, dialect);
    let mut row = Row::default();
    let Header { cells: header, positions } = table.read_header(&mut row, problems)?;
    let comma = dialect.delimiter != b',';
    let mut headings = Headings::new(file, &header, &positions);
    let mut find = |name: &str| headings.named(name, false, problems);
    let split_name = find("FirstName").zip(find("LastName"));
    let student = find("Student");
    let (canvas_id, login) = (find("ID"), find("SIS Login ID"));
    let final_score = header.iter().position(|cell| total_of(cell) == Some("") && cell.starts_with("Final Score"));
    let custom = custom_columns(file, text, dialect, &header);
    let Assignments { mut items, columns, groups } = assignments(&header, &positions, &custom, &mut headings, problems);
    unique_ids(&mut items);

    let mut uncounted = Uncounted::default();
    let mut learners = Vec::with_capacity(super::rows_in(text));
    let mut seen = super::export::Seen::default();
    let mut seen_points_possible = false;
    read_rows(&mut table, &mut row, header.len(), problems, |table, row, problems| {
        let first = row.cell(0).trim();
        if first == "Points Possible" {
            seen_points_possible = true;
            points_possible(table, row, &header, &mut items, &columns, comma, problems);
            return;
        }
        if first.is_empty() && columns.iter().any(|&at| is_posting_mark(row.cell(at))) {
            return; // the row of posting marks
        }
        let full_name = match (split_name, student) {
            (Some((first_at, last_at)), _) => full_name(row.cell(first_at), row.cell(last_at)),
            (None, Some(at)) => first_last(row.cell(at)),
            (None, None) => String::new(),
        };
        if row.cell(student.unwrap_or(0)).trim() == "Student, Test" || full_name == "Test Student" {
            return; // Canvas's test student (Student View), not a learner
        }
        let login_name = login.map_or("", |at| row.cell(at).trim());
        let canvas_name = canvas_id.map_or("", |at| row.cell(at).trim());
        // Named by the login once it is filled in; by the Canvas ID until then.
        let (username, username_at, earlier_username) = if login_name.is_empty() {
            (canvas_name, canvas_id.unwrap_or(0), None)
        } else {
            let earlier = Some(canvas_name.to_string()).filter(|id| is_valid_username(id) && id != login_name);
            (login_name, login.unwrap_or(0), earlier)
        };
        if let Err(message) = seen.admit(&learners, username, row.line) {
            problems.push(table.problem(row, username_at, Some(&header[username_at]), message));
            return;
        }
        let Some(cells) = scores(table, row, &header, &columns, comma, &mut uncounted, problems) else { return };
        let platform_grade = final_score.and_then(|at| {
            let text = row.cell(at).trim();
            decimal(text, comma).map(|value| Figure::rounded(value, decimals(text)))
        });
        learners.push(Learner {
            line: row.line,
            username: username.to_string(),
            email: if login_name.contains('@') { login_name.to_string() } else { String::new() },
            full_name: (!full_name.trim().is_empty()).then(|| full_name.trim().to_string()),
            mode: None,
            status: EnrollmentStatus::Active,
            cells,
            platform_grade,
            platform_eligible: None,
            earlier_username,
            login_missing: login.is_some() && login_name.is_empty(),
        });
    });
    if !seen_points_possible && !items.is_empty() {
        problems.push(Problem::at(file, 2, 1, None, "the Points Possible row is missing: export the gradebook again"));
    }
    let custom_titles: Vec<String> = custom.iter().map(|&at| format!("'{}'", header[at])).collect();
    Some(Export {
        format: Format::Canvas,
        layout: "gradebook export",
        file: file.to_string(),
        items,
        learners,
        grade_column: final_score.map(|at| header[at].clone()),
        notes: notes(&uncounted, &custom_titles),
        groups,
    })
}

/// The assignments of a header, in its order, with the column of each, and the assignment
/// groups its total columns name.
struct Assignments {
    items: Vec<Item>,
    columns: Vec<usize>,
    groups: Vec<String>,
}

fn assignments(
    header: &[String],
    positions: &[u64],
    custom: &[usize],
    headings: &mut Headings,
    problems: &mut Vec<Problem>,
) -> Assignments {
    let mut found = Assignments { items: Vec::new(), columns: Vec::new(), groups: Vec::new() };
    for (index, title) in header.iter().enumerate() {
        if let Some(group) = total_of(title) {
            if !group.is_empty() && !found.groups.iter().any(|known| known == group) {
                found.groups.push(group.to_string());
            }
            continue;
        }
        if custom.contains(&index) {
            continue;
        }
        if let Some((name, assignment_id)) = assignment_title(title) {
            if !headings.admit(index, assignment_id.to_string(), &format!("assignment {assignment_id}"), problems) {
                continue;
            }
            found.items.push(Item {
                platform_id: Some(assignment_id.to_string()),
                id: slug(name, "assignment"),
                title: name.to_string(),
                group: String::new(),
                max_points: None,
                weight: None,
                position: positions[index],
                column: title.clone(),
            });
            found.columns.push(index);
        }
    }
    found
}

/// The Points Possible row: each assignment's maximum.
fn points_possible(
    table: &Table,
    row: &Row,
    header: &[String],
    items: &mut [Item],
    columns: &[usize],
    comma: bool,
    problems: &mut Vec<Problem>,
) {
    for (item, &at) in items.iter_mut().zip(columns) {
        let text = row.cell(at).trim();
        match decimal(text, comma) {
            Some(value) => item.max_points = points(value),
            None if text.is_empty() => {}
            None => problems.push(table.problem(
                row,
                at,
                Some(&header[at]),
                format!("'{text}' is not a number of points possible"),
            )),
        }
    }
}

/// Cells imported as not graded that Canvas marks: excused (EX) and not assigned (N/A).
#[derive(Default)]
struct Uncounted {
    excused: usize,
    not_assigned: usize,
}

/// A learner's score per assignment; None when a cell is no score (each such cell is a problem).
fn scores(
    table: &Table,
    row: &Row,
    header: &[String],
    columns: &[usize],
    comma: bool,
    uncounted: &mut Uncounted,
    problems: &mut Vec<Problem>,
) -> Option<Vec<Option<Points>>> {
    let mut cells = Vec::with_capacity(columns.len());
    for &at in columns {
        let text = row.cell(at).trim();
        match text {
            "" => cells.push(None),
            "EX" => {
                uncounted.excused += 1;
                cells.push(None);
            }
            "N/A" => {
                uncounted.not_assigned += 1;
                cells.push(None);
            }
            _ => match decimal(text, comma).and_then(points) {
                Some(value) => cells.push(Some(value)),
                None => problems.push(table.problem(
                    row,
                    at,
                    Some(&header[at]),
                    format!("'{text}' is not a score (points, EX, N/A or blank)"),
                )),
            },
        }
    }
    (cells.len() == columns.len()).then_some(cells)
}

/// What staff are told about the export besides problems: scores read as not graded, custom
/// columns passed over (assignment groups: `groups_note`).
fn notes(uncounted: &Uncounted, custom_titles: &[String]) -> Vec<String> {
    let mut notes = Vec::new();
    let Uncounted { excused, not_assigned } = *uncounted;
    if excused > 0 {
        notes.push(format!(
            "{excused} excused (EX) score{} imported as not graded: certdesk counts {} 0, Canvas leaves {} out.",
            if excused == 1 { " is" } else { "s are" },
            if excused == 1 { "it" } else { "them" },
            if excused == 1 { "it" } else { "them" },
        ));
    }
    if not_assigned > 0 {
        notes.push(format!(
            "{not_assigned} N/A (not assigned) cell{} imported as not graded.",
            if not_assigned == 1 { "" } else { "s" }
        ));
    }
    // Said, since a heading like an assignment's that brings no scores would look lost.
    if let Some((last, rest)) = custom_titles.split_last() {
        notes.push(if rest.is_empty() {
            format!("Passed over the custom column {last}: Canvas gives it no points possible, so it is not an assignment.")
        } else {
            format!(
                "Passed over the custom columns {} and {last}: Canvas gives them no points possible, so they are not assignments.",
                rest.join(", ")
            )
        });
    }
    notes
}

/// What the export's assignment groups count for: the course file's categories weigh them
/// (`weighted`), or the grade is total points. "The course file", not --course: notes are read
/// in the TUI's report too, whose dialog has a Course file field and no flags.
pub fn groups_note(groups: &[String], weighted: bool) -> Option<String> {
    if groups.is_empty() {
        return None;
    }
    let groups = groups.join(", ");
    Some(if weighted {
        format!("Assignment groups in the export: {groups}. They are weighted as the course file's categories say.")
    } else {
        format!(
            "Assignment groups in the export: {groups}. Without group weights in the course file, the grade is total points, as Canvas computes it for unweighted groups."
        )
    })
}

#[cfg(test)]
#[path = "canvas_tests.rs"]
mod tests;
