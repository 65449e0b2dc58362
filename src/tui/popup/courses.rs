//! The course switcher: every course of the database, filtered as you type.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use unicode_width::UnicodeWidthStr;

use super::{Handled, draw_box};
use crate::domain::name::folded;
use crate::tui::action::Action;
use crate::tui::line_edit::LineCursor;
use crate::tui::list::{FilteredList, Motion};
use crate::tui::text::fit;
use crate::tui::theme::Theme;

pub struct CourseSwitcher {
    /// (id, title) of every course.
    courses: Vec<(String, String)>,
    list: FilteredList,
    query: String,
    /// Where the typing goes in the query.
    cursor: LineCursor,
    current: Option<String>,
}

const PAGE: usize = 10;

impl CourseSwitcher {
    pub fn new(courses: Vec<(String, String)>, current: Option<String>) -> CourseSwitcher {
        let search = courses.iter().map(|(id, title)| format!("{id} {title}").to_lowercase().into()).collect();
        let mut list = FilteredList::new(search);
        if let Some(index) = courses.iter().position(|(id, _)| Some(id) == current.as_ref()) {
            list.select_row(index);
        }
        CourseSwitcher { courses, list, query: String::new(), cursor: LineCursor::default(), current }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Handled {
        match key.code {
            KeyCode::Esc => return Handled::Action(Action::ClosePopup),
            KeyCode::Enter => {
                return match self.list.selected_row() {
                    Some(row) => Handled::Action(Action::SwitchCourse(self.courses[row].0.clone())),
                    None => Handled::Consumed,
                };
            }
            KeyCode::Up => self.list.apply(Motion::Up, PAGE),
            KeyCode::Down => self.list.apply(Motion::Down, PAGE),
            KeyCode::PageUp => self.list.apply(Motion::PageUp, PAGE),
            KeyCode::PageDown => self.list.apply(Motion::PageDown, PAGE),
            // The keys of every prompt's line: Ctrl-U typed a `u`, and the cursor did not move.
            _ => {
                if self.cursor.edit(&mut self.query, key) {
                    self.filter();
                }
            }
        }
        Handled::Consumed
    }

    pub fn paste(&mut self, text: &str) -> Handled {
        self.cursor.insert(&mut self.query, text.trim());
        self.filter();
        Handled::Consumed
    }

    /// Shows the courses matching the query and selects the one whose id it is (or, failing
    /// that, begins), over one that only matches it by its title: typing `synthetic` opens the
    /// course `synthetic`, not the one before it titled "Synthetic Course".
    fn filter(&mut self) {
        self.list.set_query(&self.query);
        let query = folded(self.query.trim());
        if query.is_empty() {
            return;
        }
        let id_of = |row: usize| folded(&self.courses[row].0);
        let selected_starts = self.list.selected_row().is_some_and(|row| id_of(row).starts_with(&query));
        let exact = (0..self.courses.len()).find(|&row| id_of(row) == query);
        let starts = (0..self.courses.len()).find(|&row| id_of(row).starts_with(&query));
        if let Some(row) = exact.or(if selected_starts { None } else { starts }) {
            self.list.select_row(row);
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        // As wide as the longest title asks, within the screen: a title the box still cannot
        // hold ends in `…`, where the border cut it without a sign (`Middle-earth Languag│`).
        let widest = self.courses.iter().map(|(id, title)| row_text("  ", id, title).width()).max().unwrap_or(0);
        let wanted = u16::try_from(widest).unwrap_or(u16::MAX).saturating_add(2 + 2 * super::MARGIN);
        let inner = draw_box(area, buf, wanted.max(70), PAGE as u16 + 5, "Switch course", theme);
        let [input, list, hint] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        let (before, after) = self.cursor.shown(&self.query, usize::from(input.width).saturating_sub(8));
        Line::from(vec![Span::raw("Filter: "), Span::styled(format!("{before}▏{after}"), theme.key())])
            .render(input, buf);
        let (rows, selected) = self.list.window(list.height as usize);
        for (position, &row) in rows.iter().enumerate() {
            let (id, title) = &self.courses[row as usize];
            let marker = if Some(id) == self.current.as_ref() { "● " } else { "  " };
            let style = if selected == Some(position) { theme.selection() } else { ratatui::style::Style::new() };
            let line = Line::styled(fit(&row_text(marker, id, title), usize::from(list.width)).into_owned(), style);
            line.render(Rect { y: list.y + position as u16, height: 1, ..list }, buf);
        }
        if self.list.is_empty() {
            let empty: &[&str] = if self.courses.is_empty() {
                &["The database has no course yet.", "Esc, then i in the gradebook, imports a course folder."]
            } else {
                &["No course matches."]
            };
            for (y, text) in (list.y..list.bottom()).zip(empty) {
                Line::styled(fit(text, usize::from(list.width)).into_owned(), theme.hint())
                    .render(Rect { y, height: 1, ..list }, buf);
            }
        }
        super::keys_row("type to filter · ↑/↓ choose · Enter open · Esc cancel", hint, buf, theme);
    }
}

/// A course's row: its marker, its id in a column of its own and its title.
fn row_text(marker: &str, id: &str, title: &str) -> String {
    format!("{marker}{id:<20} {title}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(switcher: &CourseSwitcher) -> String {
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        switcher.render(area, &mut buf, Theme { color: false });
        (0..area.height)
            .map(|y| (0..area.width).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn an_empty_database_says_how_to_get_a_course_and_a_filter_says_it_matches_nothing() {
        let empty = shown(&CourseSwitcher::new(Vec::new(), None));
        assert!(empty.contains("The database has no course yet."), "{empty}");
        assert!(empty.contains("Esc, then i in the gradebook, imports a course folder."), "{empty}");
        assert!(!empty.contains("No course matches"), "{empty}");

        let mut switcher = CourseSwitcher::new(vec![("hobbits".into(), "Hobbit Lore".into())], None);
        assert!(!shown(&switcher).contains("No course matches"));
        for c in "zzz".chars() {
            switcher.handle_key(KeyEvent::from(KeyCode::Char(c)));
        }
        let filtered = shown(&switcher);
        assert!(filtered.contains("No course matches.") && !filtered.contains("no course yet"), "{filtered}");
    }

    #[test]
    fn the_filter_is_edited_with_the_keys_of_every_prompt() {
        use ratatui::crossterm::event::KeyModifiers;
        let courses = vec![("hobbits".into(), "Hobbit Lore".into()), ("elves".into(), "Elvish".into())];
        let mut switcher = CourseSwitcher::new(courses, None);
        for c in "xyz".chars() {
            switcher.handle_key(KeyEvent::from(KeyCode::Char(c)));
        }
        switcher.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        for c in "lves".chars() {
            switcher.handle_key(KeyEvent::from(KeyCode::Char(c)));
        }
        switcher.handle_key(KeyEvent::from(KeyCode::Home));
        switcher.handle_key(KeyEvent::from(KeyCode::Char('e')));
        assert!(shown(&switcher).contains("Filter: e▏lves"), "{}", shown(&switcher));
        assert!(matches!(
            switcher.handle_key(KeyEvent::from(KeyCode::Enter)),
            Handled::Action(Action::SwitchCourse(id)) if id == "elves"
        ));
    }
}
