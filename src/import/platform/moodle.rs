//! Moodle's "Plain text file" grade export (grade/export/txt, grade/export/lib.php):
//! comma, tab, semicolon or colon separated; the profile fields chosen by the site (First
//! name, Last name or Surname, ID number, Institution, Department, Email address, sometimes
//! Username); per grade item `{Module}: {Item} (Real)` and/or `(Percentage)` (`80.00 %`),
//! `(Letter)`, `(Feedback)`; category totals `{Category} total`; `Course total`; and `Last
//! downloaded from this course` (a Unix time); `Suspended` (`Yes` or empty) when suspended
//! enrolments are exported too. `-` is a grade not given. Numbers use a point
//! (`format_float` with `localized = false`); a comma is accepted where it cannot be the
//! delimiter.

use std::collections::HashMap;

use super::export::{Export, Format, Item, Learner, slug, unique_ids};
use super::headings::Headings;
use super::moodle_maxima::{Implied, Maximum};
use super::numbers::{Figure, decimal, decimals, percentage, points};
use super::table::{Dialect, Header, Row, Table};
use super::{Problem, read_rows};
use crate::domain::name_order::full_name;
use crate::domain::{EnrollmentStatus, Points};

pub const DIALECTS: [Dialect; 4] = [Dialect::csv(b','), Dialect::csv(b'\t'), Dialect::csv(b';'), Dialect::csv(b':')];

const PROFILE: [&str; 10] = [
    "First name",
    "Last name",
    "Surname",
    "ID number",
    "Institution",
    "Department",
    "Email address",
    "Username",
    "Last downloaded from this course",
    "Suspended",
];

const DISPLAY_TYPES: [&str; 4] = ["Real", "Percentage", "Letter", "Feedback"];

/// `Quiz: Week 1 (Real)` as (`Quiz: Week 1`, `Real`).
fn item_column(title: &str) -> Option<(&str, &str)> {
    let (name, kind) = title.strip_suffix(')')?.rsplit_once(" (")?;
    DISPLAY_TYPES.contains(&kind).then_some((name, kind))
}

/// How many cells of a header are Moodle's: used to pick the delimiter.
pub fn score(header: &[String]) -> usize {
    let profile = header.iter().filter(|cell| PROFILE.contains(&cell.as_str())).count();
    let items = header.iter().filter(|cell| item_column(cell).is_some()).count();
    if profile + items >= 2 && (items > 0 || profile >= 3) { profile + items } else { 0 }
}

/// One grade item's columns.
#[derive(Default)]
struct ItemColumns {
    real: Option<usize>,
    percentage: Option<usize>,
    letter: Option<usize>,
    /// Columns of other kinds (feedback).
    others: usize,
    first: usize,
}

impl ItemColumns {
    fn has(&self, kind: &str) -> bool {
        match kind {
            "Real" => self.real.is_some(),
            "Percentage" => self.percentage.is_some(),
            "Letter" => self.letter.is_some(),
            _ => self.others > 0,
        }
    }
}

pub fn read(file: &str, text: &str, dialect: Dialect, problems: &mut Vec<Problem>) -> Option<Export> {
    let mut table = Table::new(file, text, dialect);
    let mut row = Row::default();
    let Header { cells: header, positions } = table.read_header(&mut row, problems)?;
    let comma = dialect.delimiter != b',';
    let headings = Headings::new(file, &header, &positions);
    let mut find = |name: &str| headings.named(name, false, problems);
    let first_name = find("First name");
    let last_name = find("Last name").or_else(|| find("Surname"));
    let email = find("Email address");
    // Written when the export includes suspended enrolments: "Yes" or empty.
    let suspended = find("Suspended");
    let username = find("Username").or(email).or_else(|| find("ID number"));
    let Some(username) = username else {
        if let Some(problem) = super::localized::problem(file, text, true) {
            problems.push(problem);
            return None;
        }
        problems.push(Problem::at(
            file,
            1,
            1,
            None,
            "no column names the learners: export the Username, Email address or ID number profile field",
        ));
        return None;
    };

    // A grade column in another language is no column to pass over: its item would be missing.
    if let Some(problem) = super::localized::moodle_grade_column(file, &header, &positions) {
        problems.push(problem);
        return None;
    }

    let (found, total) = item_columns(&header);
    let (mut items, sources) = items_of(file, &header, &positions, &found, problems);
    unique_ids(&mut items);
    let mut notes = same_titles(&items);

    let mut learners = Vec::with_capacity(super::rows_in(text));
    // Per item, what its rows' Real and Percentage pairs say its maximum is.
    let mut maxima: Vec<Maximum> = (0..items.len()).map(|_| Maximum::default()).collect();
    let mut seen = super::export::Seen::default();
    read_rows(&mut table, &mut row, header.len(), problems, |table, row, problems| {
        let part = |at: Option<usize>| at.map_or("", |at| row.cell(at).trim());
        let name = row.cell(username).trim();
        if name.is_empty() {
            let who = full_name(part(first_name), part(last_name));
            let who = if who.is_empty() { "this learner".to_string() } else { who };
            let message = format!(
                "{who} has no {}, which names the learners of this export: fill it in on Moodle and export again",
                header[username].to_lowercase()
            );
            problems.push(table.problem(row, username, Some(&header[username]), message));
            return;
        }
        if let Err(message) = seen.admit(&learners, name, row.line) {
            problems.push(table.problem(row, username, Some(&header[username]), message));
            return;
        }
        let Some(cells) = item_cells(table, row, &header, &sources, comma, &mut maxima, problems) else { return };
        let platform_grade = total.percentage.and_then(|at| match grade_cell(row.cell(at), comma, true) {
            Ok(value) => value.map(|value| Figure::rounded(value, decimals(strip_percent(row.cell(at))))),
            Err(message) => {
                problems.push(table.problem(row, at, Some(&header[at]), message));
                None
            }
        });
        let full_name = full_name(part(first_name), part(last_name));
        learners.push(Learner {
            line: row.line,
            username: name.to_string(),
            email: part(email).to_string(),
            full_name: (!full_name.is_empty()).then_some(full_name),
            mode: None,
            status: if part(suspended).is_empty() { EnrollmentStatus::Active } else { EnrollmentStatus::Withdrawn },
            cells,
            platform_grade,
            platform_eligible: None,
            earlier_username: None,
            login_missing: false,
        });
    });
    for (item, maximum) in items.iter_mut().zip(&maxima) {
        if let Some(max) = maximum.value() {
            item.max_points = points(max);
        }
    }
    if total.percentage.is_none() && total.real.is_some() {
        notes.push("The Course total is exported as Real only: export it as Percentage to compare grades.".to_string());
    }
    Some(Export {
        format: Format::Moodle,
        layout: "plain text grade export",
        file: file.to_string(),
        items,
        learners,
        grade_column: total.percentage.map(|at| header[at].clone()),
        notes,
        groups: Vec::new(),
    })
}

/// The columns of the `Course total`, which the platform computes.
#[derive(Default)]
struct CourseTotal {
    percentage: Option<usize>,
    real: Option<usize>,
}

/// The grade items' columns in header order, and the course total's. Several items may have
/// the same title (three quizzes all called "Quiz"): a column of a kind the item already has
/// begins the next item of that title. Category totals, which Moodle computes from the items,
/// are passed over.
fn item_columns(header: &[String]) -> (Vec<(String, ItemColumns)>, CourseTotal) {
    let mut found: Vec<(String, ItemColumns)> = Vec::new();
    let mut latest: HashMap<&str, usize> = HashMap::new();
    let mut total = CourseTotal::default();
    for (index, title) in header.iter().enumerate() {
        let Some((name, kind)) = item_column(title) else { continue };
        if name == "Course total" {
            match kind {
                "Percentage" => total.percentage = Some(index),
                "Real" => total.real = Some(index),
                _ => {}
            }
            continue;
        }
        if name.ends_with(" total") && !name.contains(": ") {
            continue;
        }
        let at = match latest.get(name) {
            Some(&at) if !found[at].1.has(kind) => at,
            _ => {
                latest.insert(name, found.len());
                found.push((name.to_string(), ItemColumns { first: index, ..ItemColumns::default() }));
                found.len() - 1
            }
        };
        let item = &mut found[at].1;
        match kind {
            "Real" => item.real = Some(index),
            "Percentage" => item.percentage = Some(index),
            "Letter" => item.letter = Some(index),
            _ => item.others += 1,
        }
    }
    (found, total)
}

/// The items whose points are exported, with the columns each is read from; an item exported
/// as a letter alone is a problem (its points cannot be known).
fn items_of<'a>(
    file: &str,
    header: &[String],
    positions: &[u64],
    found: &'a [(String, ItemColumns)],
    problems: &mut Vec<Problem>,
) -> (Vec<Item>, Vec<&'a ItemColumns>) {
    let mut items = Vec::new();
    let mut sources = Vec::new();
    for (name, source) in found {
        if source.real.is_none() && source.percentage.is_none() {
            let at = source.letter.unwrap_or(source.first);
            let message = "only a letter is exported for this item: export it as Real or Percentage too";
            problems.push(Problem::at(file, 1, positions[at], Some(&header[at]), message));
            continue;
        }
        let group = name.split_once(": ").map_or("Manual", |(module, _)| module);
        // The column its points are read from, where messages about the item point.
        let read_from = source.real.or(source.percentage).unwrap_or(source.first);
        items.push(Item {
            platform_id: None,
            id: slug(name.split_once(": ").map_or(name.as_str(), |(_, item)| item), "item"),
            title: name.clone(),
            group: group.to_string(),
            // Out of 100 when only the percentage is exported; else found from the rows.
            max_points: source.real.is_none().then(|| Points::from_hundredths(10_000)),
            weight: None,
            position: positions[read_from],
            column: header[read_from].clone(),
        });
        sources.push(source);
    }
    (items, sources)
}

/// One row's points per item, read from its Real cell or else its Percentage cell; each pair
/// of both also tells `maxima` what the item's maximum is. None when a cell is not a grade
/// (each such cell is a problem).
fn item_cells(
    table: &Table,
    row: &Row,
    header: &[String],
    sources: &[&ItemColumns],
    comma: bool,
    maxima: &mut [Maximum],
    problems: &mut Vec<Problem>,
) -> Option<Vec<Option<Points>>> {
    let mut cells = Vec::with_capacity(sources.len());
    for (index, source) in sources.iter().enumerate() {
        let real = source.real.map(|at| (at, row.cell(at).trim()));
        let pct = source.percentage.map(|at| (at, row.cell(at).trim()));
        let read_real = real.map(|(at, text)| (at, grade_cell(text, comma, false)));
        let read_pct = pct.map(|(at, text)| (at, grade_cell(text, comma, true)));
        let mut ok = true;
        for (at, outcome) in [read_real.clone(), read_pct.clone()].into_iter().flatten() {
            if let Err(message) = outcome {
                problems.push(table.problem(row, at, Some(&header[at]), message));
                ok = false;
            }
        }
        if !ok {
            continue;
        }
        if let (Some((_, real_text)), Some((at, pct_text))) = (real, pct)
            && let Some(implied) = Implied::from_cells(row.line, real_text, pct_text, comma)
            && let Err(message) = maxima[index].admit(implied)
        {
            problems.push(table.problem(row, at, Some(&header[at]), message));
        }
        let real = read_real.and_then(|(_, value)| value.ok().flatten());
        let pct = read_pct.and_then(|(_, value)| value.ok().flatten());
        cells.push(real.or(pct).and_then(points));
    }
    (cells.len() == sources.len()).then_some(cells)
}

/// Items that share a title are told apart by their order alone, which a later export keeps
/// only while none of them is added or deleted (an import then refuses it): said up front.
fn same_titles(items: &[Item]) -> Vec<String> {
    let mut notes = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    for item in items {
        if done.contains(&item.title.as_str()) {
            continue;
        }
        done.push(&item.title);
        let ids: Vec<&str> =
            items.iter().filter(|other| other.title == item.title).map(|other| other.id.as_str()).collect();
        if let [rest @ .., last] = ids.as_slice()
            && !rest.is_empty()
        {
            notes.push(format!(
                "{} items are titled '{}' (imported as {} and {last}, in the file's order): Moodle's export tells \
                 them apart by their order alone, so give each a title of its own in Moodle before one of them is \
                 deleted or another of that title is added.",
                ids.len(),
                item.title,
                rest.join(", ")
            ));
        }
    }
    notes
}

fn strip_percent(text: &str) -> &str {
    let text = text.trim();
    text.strip_suffix('%').unwrap_or(text).trim_end()
}

/// A Real or Percentage cell: `-` (or empty) is not graded.
fn grade_cell(text: &str, comma: bool, is_percentage: bool) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() || text == "-" {
        return Ok(None);
    }
    let value = if is_percentage { percentage(text, comma) } else { decimal(text, comma) };
    value.map(Some).ok_or_else(|| {
        if is_percentage {
            format!("'{text}' is not a percentage such as 80.00 %")
        } else {
            format!("'{text}' is not a grade such as 8.50 (or - for none)")
        }
    })
}
