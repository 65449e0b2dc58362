//! The gradebook pane: every learner with their scores, grade, eligibility and certificate
//! state; a column cursor for editing scores in place and for sorting.

use unicode_width::UnicodeWidthStr;

pub use super::gradebook_cells::{certificate_state, eligibility_text};
use super::gradebook_cells::{compare, header, score_width, widest_text};
pub use super::gradebook_view::GradebookView;
use super::list::{FilteredList, ListPlace};
use super::text::room;
use super::theme::Theme;
use crate::domain::Activity;
use crate::domain::name::name_sort_key;
use crate::ops::{CourseState, Standing};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Username,
    Name,
    Mode,
    Score(usize),
    Percent,
    Reachable,
    Letter,
    Status,
    Eligible,
    Certificate,
}

/// Where the user is in the gradebook: the column cursor, the sort and the list.
#[derive(Debug, Clone)]
pub struct GradebookPlace {
    column: usize,
    first: usize,
    sort: Option<(Column, bool)>,
    list: ListPlace,
}

pub struct GradebookPane {
    pub list: FilteredList,
    pub(super) columns: Vec<Column>,
    widths: Vec<u16>,
    /// Each column's header, in cells: the sorted column widens to show it whole with its
    /// arrow (`maps▼`, where a four-cell column said `…ps▼`).
    header_widths: Vec<u16>,
    /// The column cursor, an index into `columns`.
    pub(super) column: usize,
    /// The first column shown after the frozen one: the view stays put while the cursor
    /// moves within it, and scrolls only as far as brings the cursor back into it.
    first: usize,
    /// The sort column and whether it is descending.
    pub(super) sort: Option<(Column, bool)>,
}

pub(super) const SPACING: u16 = 1;
/// The certificate column's bounds: room for `stale 85.0% -> 95.0%` at least, and for a
/// change of letter too at most.
const CERTIFICATE_MIN: usize = 24;
const CERTIFICATE_MAX: usize = 40;

impl GradebookPane {
    pub fn new(state: &CourseState) -> GradebookPane {
        let search = state
            .learners
            .iter()
            .map(|standing| {
                let enrollment = &standing.enrollment;
                crate::domain::name::folded(&format!(
                    "{} {} {}",
                    enrollment.username, enrollment.full_name, enrollment.mode
                ))
                .into()
            })
            .collect();
        let activities = &state.course.activities;
        let mut columns = vec![Column::Username, Column::Name, Column::Mode];
        columns.extend((0..activities.len()).map(Column::Score));
        columns.extend([
            Column::Percent,
            Column::Reachable,
            Column::Letter,
            Column::Status,
            Column::Eligible,
            Column::Certificate,
        ]);
        let widest = |text: fn(&Standing) -> &str, min: usize, max: usize| {
            let widest = state.learners.iter().map(|standing| room(text(standing))).max().unwrap_or(0);
            widest.clamp(min, max) as u16
        };
        let widths = columns
            .iter()
            .map(|column| match column {
                Column::Username => widest(|s| &s.enrollment.username, 8, 20),
                Column::Name => widest(|s| &s.enrollment.full_name, 4, 28),
                Column::Mode => 8,
                // As wide as its widest score (`17.25` under `hw2`), which was cut with room
                // to spare; a score edited later widens it (`fit_edited`).
                Column::Score(index) => {
                    let widest = state.learners.iter().map(|standing| score_width(standing, *index)).max();
                    activities[*index].id.width().max(widest.unwrap_or(0)).clamp(4, 10) as u16
                }
                Column::Percent => 7,
                Column::Reachable => 9,
                Column::Letter => 6,
                Column::Status => 11,
                // As wide as the longest reason among the learners (`below threshold`), not
                // as the longest there could be, which left the certificate's state no room.
                Column::Eligible => widest_text(state, eligibility_text, 8, 26),
                // What a stale certificate says (`stale 80.0% -> 78.0%, letter B -> C`) shows
                // whole; a score edited later takes the room the screen has left (`render`).
                Column::Certificate => widest_text(state, certificate_state, CERTIFICATE_MIN, CERTIFICATE_MAX),
            })
            .collect();
        // A long activity id loses its middle in the header whatever the sort (`fit_keeping_end`).
        let header_widths = columns
            .iter()
            .map(|&column| match column {
                Column::Score(_) => header(column, state).width().min(10) as u16,
                _ => header(column, state).width() as u16,
            })
            .collect();
        GradebookPane {
            list: FilteredList::new(search),
            columns,
            widths,
            header_widths,
            column: 0,
            first: 1,
            sort: None,
        }
    }

    /// Widens the score columns and the certificate column for `standing`'s scores and what a
    /// score edited since the load made of their certificate, as the load would have for them.
    pub fn fit_edited(&mut self, standing: &Standing) {
        for (index, column) in self.columns.iter().enumerate() {
            let wanted = match column {
                Column::Score(activity) => score_width(standing, *activity).clamp(4, 10) as u16,
                Column::Certificate => {
                    room(&certificate_state(standing)).clamp(CERTIFICATE_MIN, CERTIFICATE_MAX) as u16
                }
                _ => continue,
            };
            self.widths[index] = self.widths[index].max(wanted);
        }
    }

    pub fn place(&self) -> GradebookPlace {
        GradebookPlace { column: self.column, first: self.first, sort: self.sort, list: self.list.place() }
    }

    pub fn restore(&mut self, place: &GradebookPlace, state: &CourseState) {
        self.column = place.column.min(self.columns.len() - 1);
        self.first = place.first.clamp(1, self.columns.len() - 1);
        // A reload restored on another thread is sorted already.
        if let Some((column, descending)) = place.sort.filter(|_| place.sort != self.sort) {
            self.sort_by(column, descending, state);
        }
        self.list.restore(&place.list);
    }

    /// Moves the column cursor left; `width` is the table's, to keep the view where it is.
    pub fn column_left(&mut self, width: u16) {
        self.column = self.column.saturating_sub(1);
        self.keep_view(width);
    }

    pub fn column_right(&mut self, width: u16) {
        self.column = (self.column + 1).min(self.columns.len() - 1);
        self.keep_view(width);
    }

    fn keep_view(&mut self, width: u16) {
        self.first = self.window(width).get(1).copied().unwrap_or(1);
    }

    pub fn selected_column(&self) -> Column {
        self.columns[self.column]
    }

    /// The activity under the column cursor, if it is a score column.
    pub fn selected_activity<'a>(&self, state: &'a CourseState) -> Option<&'a Activity> {
        match self.selected_column() {
            Column::Score(index) => state.course.activities.get(index),
            _ => None,
        }
    }

    pub fn selected_learner<'a>(&self, state: &'a CourseState) -> Option<&'a Standing> {
        self.list.selected_row().and_then(|row| state.learners.get(row))
    }

    /// Sorts by the column under the cursor; again on the same column reverses.
    pub fn sort_by_selected(&mut self, state: &CourseState) {
        let column = self.selected_column();
        let descending = match self.sort {
            Some((sorted, descending)) if sorted == column => !descending,
            _ => matches!(column, Column::Score(_) | Column::Percent | Column::Reachable),
        };
        self.sort_by(column, descending, state);
    }

    /// Sorts again as the list is sorted, when it is (a score saved may move its row).
    pub fn sort_again(&mut self, state: &CourseState) {
        if let Some((column, descending)) = self.sort {
            self.sort_by(column, descending, state);
        }
    }

    fn sort_by(&mut self, column: Column, descending: bool, state: &CourseState) {
        let learners = &state.learners;
        // A name's key is made once, not at every comparison (100,000 names: 1.7 million).
        let name_keys: Vec<(String, String)> = match column {
            Column::Name => learners.iter().map(|standing| name_sort_key(&standing.enrollment.full_name)).collect(),
            _ => Vec::new(),
        };
        self.list.sort_by(|a, b| {
            let order = match column {
                Column::Name => name_keys[a].cmp(&name_keys[b]),
                _ => compare(column, &learners[a], &learners[b]),
            };
            let (a, b) = (&learners[a], &learners[b]);
            let order = if descending { order.reverse() } else { order };
            order.then_with(|| a.username().cmp(b.username()))
        });
        self.sort = Some((column, descending));
    }

    pub fn sort_label(&self, state: &CourseState) -> Option<String> {
        let (column, descending) = self.sort?;
        Some(format!("{} {}", header(column, state), if descending { "▼" } else { "▲" }))
    }

    /// Column `index`'s width: the sorted column's header and its arrow show whole.
    fn width_of(&self, index: usize) -> u16 {
        let sorted = matches!(self.sort, Some((column, _)) if column == self.columns[index]);
        let width = self.widths[index];
        if sorted { width.max(self.header_widths[index].saturating_add(1)) } else { width }
    }

    /// The columns that fit in `width` after the frozen username column: the cursor's
    /// column is always among them. They start where the view started while the cursor is in
    /// it; else the view scrolls as little as brings the cursor in, at its left or right edge.
    pub(super) fn window(&self, width: u16) -> Vec<usize> {
        let frozen = self.width_of(0) + SPACING;
        let available = width.saturating_sub(frozen);
        let room = |column: usize| self.width_of(column) + SPACING;
        let cursor = self.column.max(1);
        let first = self.first.clamp(1, self.columns.len() - 1);
        let from_first: u16 = (first..=cursor).map(room).sum();
        let mut start = if cursor < first {
            cursor
        } else if from_first <= available {
            first
        } else {
            let mut start = cursor;
            let mut used = room(cursor);
            while start > 1 && used + room(start - 1) <= available {
                start -= 1;
                used += room(start);
            }
            start
        };
        let mut used: u16 = (start..=cursor).map(room).sum();
        let mut end = cursor;
        while end + 1 < self.columns.len() && used + room(end + 1) <= available {
            end += 1;
            used += room(end);
        }
        // Scrolled to the last column, the room left over shows the columns before the view.
        while end + 1 == self.columns.len() && start > 1 && used + room(start - 1) <= available {
            start -= 1;
            used += room(start);
        }
        let mut shown = vec![0];
        shown.extend(start..=end);
        shown
    }

    /// The widths of the `shown` columns in `width` cells: the last column of the table, when
    /// shown, takes what room is left, so that a certificate made stale by a score edited
    /// since the course loaded says how whole wherever the screen allows.
    pub(super) fn shown_widths(&self, shown: &[usize], width: u16) -> Vec<u16> {
        let mut widths: Vec<u16> = shown.iter().map(|&i| self.width_of(i)).collect();
        let used: u16 = widths.iter().sum::<u16>() + SPACING * (widths.len() as u16).saturating_sub(1);
        if shown.last() == Some(&(self.columns.len() - 1))
            && let Some(last) = widths.last_mut()
        {
            *last += width.saturating_sub(used);
        }
        widths
    }

    pub fn view<'a>(&'a self, state: &'a CourseState, theme: Theme) -> GradebookView<'a> {
        GradebookView::new(self, state, theme)
    }
}
