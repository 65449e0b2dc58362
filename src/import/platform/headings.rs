//! The header row's cells as places to blame: a problem with a heading names it as the file
//! spells it, at its line and character column, and a second column for one item is refused.

use std::collections::HashMap;

use super::super::problem::Problem;

pub struct Headings<'h> {
    file: &'h str,
    cells: &'h [String],
    /// Character column where each cell starts on line 1.
    positions: &'h [u64],
    /// The cell that first named each item, by the item's key.
    first: HashMap<String, usize>,
}

impl<'h> Headings<'h> {
    pub fn new(file: &'h str, cells: &'h [String], positions: &'h [u64]) -> Headings<'h> {
        Headings { file, cells, positions, first: HashMap::new() }
    }

    /// A problem with header cell `index`, named as the file spells it.
    pub fn problem(&self, index: usize, message: impl Into<String>) -> Problem {
        let position = self.positions.get(index).copied().unwrap_or(1);
        Problem::at(self.file, 1, position, self.cells.get(index).map(String::as_str), message)
    }

    /// The column headed `name` (`ignoring_case` as well as not), when one is. A second column
    /// with that heading is reported at its cell, naming the first: which of the two holds the
    /// learners' names or addresses cannot be told, and reading the first would import the
    /// wrong one without a word.
    pub fn named(&self, name: &str, ignoring_case: bool, problems: &mut Vec<Problem>) -> Option<usize> {
        let is = |cell: &String| if ignoring_case { cell.eq_ignore_ascii_case(name) } else { cell == name };
        let mut headed = self.cells.iter().enumerate().filter(|(_, cell)| is(cell)).map(|(index, _)| index);
        let first = headed.next()?;
        for second in headed {
            let message = format!(
                "a second column headed '{}': the first is at 1:{}; export the file again, or remove one of the two columns",
                self.cells[second],
                self.positions.get(first).copied().unwrap_or(1),
            );
            problems.push(self.problem(second, message));
        }
        Some(first)
    }

    /// Whether cell `index` is the first for its item (`key`). A second one is reported at
    /// its own cell, naming the first: platforms write one column per item, so two are an
    /// edited or damaged export, and reading both would count the item twice. `what` names
    /// the item for the message (`subsection Homework 1`).
    pub fn admit(&mut self, index: usize, key: String, what: &str, problems: &mut Vec<Problem>) -> bool {
        let Some(&first) = self.first.get(&key) else {
            self.first.insert(key, index);
            return true;
        };
        let message = format!(
            "a second column for {what}: the first is '{}' at 1:{}; export the file again, or remove one of the two \
             columns",
            self.cells.get(first).map_or("", String::as_str),
            self.positions.get(first).copied().unwrap_or(1),
        );
        problems.push(self.problem(index, message));
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_column_with_a_learners_heading_is_named_at_its_cell() {
        let cells = ["First name".to_string(), "Email address".to_string(), "first name".to_string()];
        let positions = [1, 12, 26];
        let headings = Headings::new("g.csv", &cells, &positions);
        let mut problems = Vec::new();
        assert_eq!(headings.named("Email address", false, &mut problems), Some(1));
        assert_eq!(headings.named("Missing", false, &mut problems), None);
        assert_eq!(headings.named("First name", false, &mut problems), Some(0));
        assert!(problems.is_empty(), "one column each: {problems:?}");
        assert_eq!(headings.named("First name", true, &mut problems), Some(0));
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["g.csv:1:26: column 'first name': a second column headed 'first name': the first is at 1:1; export the \
              file again, or remove one of the two columns"]
        );
    }

    #[test]
    fn a_second_column_for_an_item_names_both_headings() {
        let cells = ["Username".to_string(), "Quiz 1 (102)".to_string(), "Quiz 1b (102)".to_string()];
        let positions = [1, 10, 23];
        let mut headings = Headings::new("g.csv", &cells, &positions);
        let mut problems = Vec::new();
        assert!(headings.admit(1, "102".into(), "assignment 102", &mut problems));
        assert!(!headings.admit(2, "102".into(), "assignment 102", &mut problems));
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["g.csv:1:23: column 'Quiz 1b (102)': a second column for assignment 102: the first is 'Quiz 1 (102)' at \
              1:10; export the file again, or remove one of the two columns"]
        );
    }
}
