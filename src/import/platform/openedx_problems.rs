//! Open edX's problem grade report (Data Download > Generate Problem Grade Report), written
//! by the same grades.py: `Student ID, Email, Username, Enrollment Status, Grade`, then per
//! graded problem `{Type} {n}: {Subsection} - {Problem} (Earned)` and `… (Possible)`. Cells
//! are points, `Not Attempted` (earned; the possible points are still given) or `Not
//! Available`. It is the source of points: each subsection becomes an activity out of the sum
//! of its problems' possible points, as edX grades a subsection (earned over possible).

use super::export::{Export, Format, Item, Learner, Seen, slug, unique_ids};
use super::headings::Headings;
use super::numbers::{decimal, points};
use super::openedx::grade_figure;
use super::table::{Header, Row, Table};
use super::{Problem, read_rows};
use crate::domain::{EnrollmentStatus, Points};

/// Whether a header is the problem grade report's.
pub fn recognises(header: &[String]) -> bool {
    header.len() >= 5
        && header[..5] == ["Student ID", "Email", "Username", "Enrollment Status", "Grade"]
        && header.iter().any(|cell| cell.ends_with(" (Earned)"))
}

/// One subsection: its problems' (earned column, possible column).
struct Subsection {
    problems: Vec<(usize, usize)>,
}

/// `Homework 2: Circuits - Ohm (Earned)` as its type and subsection number (`Homework`, 2).
fn subsection_of(title: &str) -> Option<(&str, u32)> {
    let problem = title.strip_suffix(" (Earned)")?;
    let (head, _) = problem.split_once(": ")?;
    let (kind, number) = head.rsplit_once(' ')?;
    Some((kind, number.parse().ok()?))
}

/// The subsection's title as edX wrote it, from its problems' columns without ` (Earned)`
/// (`Lab 1: Wires: part 2 - Q1`). edX joins `{subsection} - {problem}`, and either name may
/// itself hold ` - ` or `:`: the title is the longest text before a ` - ` that every problem
/// of the subsection starts with (with one problem, all before its last ` - `).
fn subsection_title<'a>(first: &'a str, others: &[&str]) -> &'a str {
    let ends = first.rmatch_indices(" - ").map(|(at, _)| at);
    ends.map(|end| &first[..end])
        .find(|title| others.iter().all(|other| other.strip_prefix(*title).is_some_and(|rest| rest.starts_with(" - "))))
        .unwrap_or(first)
}

pub fn read(file: &str, text: &str, problems: &mut Vec<Problem>) -> Option<Export> {
    let mut table = Table::new(file, text, super::openedx::DIALECT);
    let mut row = Row::default();
    let Header { cells: header, positions } = table.read_header(&mut row, problems)?;
    let mut items: Vec<Item> = Vec::new();
    let mut subsections: Vec<Subsection> = Vec::new();
    let mut headings = Headings::new(file, &header, &positions);
    for (index, title) in header.iter().enumerate().skip(5) {
        let Some((kind, number)) = subsection_of(title) else { continue };
        let possible = index + 1;
        if header.get(possible).map(String::as_str) != Some(&format!("{} (Possible)", problem_of(title))) {
            problems.push(headings.problem(index, "no (Possible) column follows it"));
            continue;
        }
        if !headings.admit(index, title.clone(), &format!("problem '{}'", problem_of(title)), problems) {
            continue;
        }
        let id = format!("{}-{number:02}", slug(kind, "type"));
        match items.iter().position(|item| item.id == id) {
            Some(at) => subsections[at].problems.push((index, possible)),
            None => {
                items.push(Item {
                    platform_id: None,
                    id,
                    title: String::new(), // known once all its problems are
                    group: kind.to_string(),
                    max_points: None,
                    weight: None,
                    position: positions[index],
                    column: title.clone(),
                });
                subsections.push(Subsection { problems: vec![(index, possible)] });
            }
        }
    }
    for (item, subsection) in items.iter_mut().zip(&subsections) {
        let mut problems = subsection.problems.iter().map(|&(earned, _)| problem_of(&header[earned]));
        let first = problems.next().unwrap_or_default();
        item.title = subsection_title(first, &problems.collect::<Vec<_>>()).to_string();
    }
    let mut learners = Vec::with_capacity(super::rows_in(text));
    // Per learner and subsection, (earned, possible): the maxima are known only at the end.
    let mut sums: Vec<Vec<Option<(f64, f64)>>> = Vec::with_capacity(learners.capacity());
    let mut seen = Seen::default();
    read_rows(&mut table, &mut row, header.len(), problems, |table, row, problems| {
        let username = row.cell(2).trim();
        if let Err(message) = seen.admit(&learners, username, row.line) {
            problems.push(table.problem(row, 2, Some("Username"), message));
            return;
        }
        let mut cells = Vec::with_capacity(items.len());
        for subsection in &subsections {
            let (mut earned, mut possible, mut attempted, mut readable) = (0.0, 0.0, false, true);
            for &(earned_at, possible_at) in &subsection.problems {
                match problem_cells(row.cell(earned_at), row.cell(possible_at)) {
                    Ok(Some((got, of))) => {
                        attempted |= got.is_some();
                        earned += got.unwrap_or(0.0);
                        possible += of;
                    }
                    Ok(None) => {}
                    Err((on_possible, message)) => {
                        let at = if on_possible { possible_at } else { earned_at };
                        problems.push(table.problem(row, at, Some(&header[at]), message));
                        readable = false;
                    }
                }
            }
            if readable {
                cells.push((attempted && possible > 0.0).then_some((earned, possible)));
            }
        }
        let status = match row.cell(3).trim() {
            "unenrolled" => EnrollmentStatus::Withdrawn,
            _ => EnrollmentStatus::Active,
        };
        let platform_grade = grade_figure(row.cell(4)).unwrap_or_else(|message| {
            problems.push(table.problem(row, 4, Some("Grade"), message));
            None
        });
        if cells.len() == items.len() {
            sums.push(cells);
            learners.push(Learner {
                line: row.line,
                username: username.to_string(),
                email: row.cell(1).trim().to_string(),
                full_name: None,
                mode: None,
                status,
                cells: Vec::new(),
                platform_grade,
                platform_eligible: None,
                earlier_username: None,
                login_missing: false,
            });
        }
    });
    // A type with one subsection has the id the course report gives its one `{Type}` column,
    // so either report can be imported over the other; its title stays the one this report
    // writes (`Lab 1: Wires`, not `Lab`).
    for index in 0..items.len() {
        if items.iter().filter(|item| item.group == items[index].group).count() == 1 {
            items[index].id = slug(&items[index].group, "type");
        }
    }
    // Each activity is out of its problems' points; a learner whose problems total otherwise
    // (randomised content, a problem not available to them) keeps their own fraction.
    for (index, item) in items.iter_mut().enumerate() {
        let most = sums.iter().filter_map(|row| row[index]).map(|(_, possible)| possible).fold(0.0, f64::max);
        item.max_points = points(most).filter(|max| *max > Points::ZERO);
    }
    for (learner, row) in learners.iter_mut().zip(sums) {
        learner.cells = row
            .into_iter()
            .zip(&items)
            .map(|(sum, item)| {
                let (earned, possible) = sum?;
                points(earned / possible * item.max_points?.as_f64())
            })
            .collect();
    }
    unique_ids(&mut items);
    Some(Export {
        format: Format::OpenEdx,
        layout: "problem grade report",
        file: file.to_string(),
        items,
        learners,
        grade_column: Some("Grade".to_string()),
        notes: Vec::new(),
        groups: Vec::new(),
    })
}

/// A problem's column title without its ` (Earned)`.
fn problem_of(earned_title: &str) -> &str {
    earned_title.strip_suffix(" (Earned)").unwrap_or(earned_title)
}

/// Points earned (`None`: not attempted) and possible.
type ProblemScore = (Option<f64>, f64);

/// Which cell cannot be read (`true`: the possible one), and why.
type CellError = (bool, String);

/// A problem's (earned, possible): earned `None` when not attempted; the whole `None` when
/// the problem is not available to the learner. `Err` names the cell that cannot be read.
fn problem_cells(earned: &str, possible: &str) -> Result<Option<ProblemScore>, CellError> {
    let (earned, possible) = (earned.trim(), possible.trim());
    if earned == "Not Available" || possible == "Not Available" {
        return Ok(None);
    }
    let of =
        decimal(possible, false).ok_or_else(|| (true, format!("'{possible}' is not a number of points possible")))?;
    let got = match earned {
        "Not Attempted" | "" => None,
        text => {
            Some(decimal(text, false).ok_or_else(|| (false, format!("'{text}' is not a number of points earned")))?)
        }
    };
    // edX earns no problem more than its possible points; more is a damaged or edited file,
    // refused like a course grade report's fraction above 1.
    if let Some(got) = got.filter(|got| *got > of + 1e-9) {
        return Err((false, format!("{got} is above the maximum of {of} points (its Possible column)")));
    }
    Ok(Some((got, of)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsections_and_problem_cells() {
        assert_eq!(subsection_of("Homework 2: Circuits - Ohm's law (Earned)"), Some(("Homework", 2)));
        assert_eq!(subsection_of("Final Exam 1: Final - Q1 (Earned)"), Some(("Final Exam", 1)));
        assert_eq!(subsection_of("Homework 2: Circuits - Q1 (Possible)"), None);
        assert_eq!(problem_cells("0.5", "1.0"), Ok(Some((Some(0.5), 1.0))));
        assert_eq!(problem_cells("Not Attempted", "2.0"), Ok(Some((None, 2.0))));
        assert_eq!(problem_cells("Not Available", "Not Available"), Ok(None));
        assert!(problem_cells("half", "1.0").is_err());
        assert_eq!(
            problem_cells("6.0", "5.0"),
            Err((false, "6 is above the maximum of 5 points (its Possible column)".into()))
        );
    }

    #[track_caller]
    fn titled(problems: &[&str], expected: &str) {
        assert_eq!(subsection_title(problems[0], &problems[1..]), expected, "{problems:?}");
    }

    #[test]
    fn subsection_titles_keep_every_colon_and_dash_edx_wrote() {
        titled(&["Lab 1: Wires - Q1"], "Lab 1: Wires");
        titled(&["Lab 1: Wires: part 2 - Q1", "Lab 1: Wires: part 2 - Q2"], "Lab 1: Wires: part 2");
        titled(
            &["Homework 1: Week 1 - Basics - Q1", "Homework 1: Week 1 - Basics - Q2"],
            "Homework 1: Week 1 - Basics",
        );
        titled(&["Homework 1: Intro - Q1 - a", "Homework 1: Intro - Q2"], "Homework 1: Intro");
        titled(&["Exam 1: No problem name"], "Exam 1: No problem name");
    }
}
