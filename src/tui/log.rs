//! The log tab: the course's audit trail with the database's own events (staff list, issuer
//! keys, mail settings), newest first.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Widget};
use unicode_width::UnicodeWidthStr;

use super::list::{FilteredList, ListPlace, Motion};
use super::text::fit;
use super::theme::Theme;
use crate::domain::Event;

pub struct LogPane {
    pub list: FilteredList,
}

impl LogPane {
    pub fn new(events: &[Event]) -> LogPane {
        // Newest first: row i is event `len - 1 - i`.
        let search = events
            .iter()
            .rev()
            .map(|event| {
                let scope = if event.action.is_database_wide() { "database" } else { "" };
                // Whom an import named can be found too: `/bilbo` finds the import that renamed him.
                let changed = event.learner_changes.iter().flat_map(|changes| changes.labelled());
                let changed: Vec<&str> =
                    changed.flat_map(|(_, named)| named.usernames.iter().map(String::as_str)).collect();
                let (learners, changed) = (event.learners.join(" "), changed.join(" "));
                format!("{} {} {scope} {} {learners} {changed}", event.who, event.action, event.summary)
                    .to_lowercase()
                    .into()
            })
            .collect();
        LogPane { list: FilteredList::new(search) }
    }

    pub fn place(&self) -> ListPlace {
        self.list.place()
    }

    /// Goes back to `place`; a selection on the newest event follows the newest, as a log
    /// read from the top is.
    pub fn restore(&mut self, place: &ListPlace) {
        self.list.restore(place);
        if place.at_top() {
            self.list.apply(Motion::Top, 1);
        }
    }

    /// The event on the selected row.
    pub fn selected<'a>(&self, events: &'a [Event]) -> Option<&'a Event> {
        let row = self.list.selected_row()?;
        events.len().checked_sub(row + 1).and_then(|index| events.get(index))
    }

    /// An event whole, for its dialog: what the list cuts to one row.
    pub fn details(event: &Event) -> Vec<Line<'static>> {
        let mut lines = vec![
            Line::from(format!("{} UTC · {} · {}", crate::domain::second(event.at), event.who, event.action)),
            Line::from(""),
            Line::from(event.summary.clone()),
        ];
        if event.action.is_database_wide() {
            lines.push(Line::from(""));
            lines.push(Line::from(
                "The database's own event: it concerns every course (`certdesk log` without a course).",
            ));
        }
        if !event.learners.is_empty() {
            lines.push(Line::from(""));
            lines.push(Line::from(format!("Learners ({}): {}", event.learners.len(), event.learners.join(", "))));
        }
        let changes: Vec<_> = event.learner_changes.iter().flat_map(|changes| changes.labelled()).collect();
        if !changes.is_empty() {
            lines.push(Line::from(""));
            lines.push(Line::from("Whom the import changed:"));
        }
        for (change, named) in changes {
            lines.push(Line::from(format!("  {change} ({}): {named}", named.total())));
        }
        if !event.codes.is_empty() {
            let codes: Vec<String> = event.codes.iter().map(ToString::to_string).collect();
            lines.push(Line::from(""));
            lines.push(Line::from(format!("Codes ({}): {}", codes.len(), codes.join(", "))));
        }
        lines
    }

    pub fn view<'a>(&'a self, events: &'a [Event], theme: Theme) -> LogView<'a> {
        LogView { pane: self, events, theme }
    }
}

pub struct LogView<'a> {
    pane: &'a LogPane,
    events: &'a [Event],
    theme: Theme,
}

impl Widget for LogView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [table, footer] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        let (rows, selected) = self.pane.list.window(table.height.saturating_sub(1) as usize);
        let event_at = |row: u32| &self.events[self.events.len() - 1 - row as usize];
        // As wide as the rows on screen need (`aragorn (learner page)`, `mail-settings`), within
        // bounds that leave the summary most of a narrow screen.
        let widest = |width: fn(&Event) -> usize| rows.iter().map(|&row| width(event_at(row))).max().unwrap_or(0);
        let who_width = widest(|event| event.who.width()).clamp(10, 24);
        let action_width = widest(|event| event.action.to_string().width()).clamp(10, 16);
        // A cell at the right edge stays free, as in the other lists: a summary that fits
        // exactly is then not read as one cut.
        let summary_width = usize::from(table.width).saturating_sub(19 + who_width + action_width + 3 + 1);
        let body = rows.iter().enumerate().map(|(position, &row)| {
            let event = event_at(row);
            let mut summary = if event.action.is_database_wide() {
                format!("database: {}", event.summary)
            } else {
                event.summary.clone()
            };
            if !event.learners.is_empty() && event.learners.len() <= 5 {
                summary.push_str(&format!(" [{}]", event.learners.join(", ")));
            }
            let cells = [
                crate::domain::second(event.at),
                fit(&event.who, who_width).into_owned(),
                fit(&event.action.to_string(), action_width).into_owned(),
                fit(&summary, summary_width).into_owned(),
            ];
            let row = Row::new(cells);
            if selected == Some(position) { row.style(self.theme.selection()) } else { row }
        });
        let widths = [
            Constraint::Length(19),
            Constraint::Length(who_width as u16),
            Constraint::Length(action_width as u16),
            Constraint::Fill(1),
        ];
        Table::new(body, widths)
            .header(Row::new(["at (UTC)", "who", "action", "what"]).style(self.theme.header()))
            .column_spacing(1)
            .render(table, buf);
        if self.pane.list.total() == 0 {
            let empty = Rect { y: table.y + 1, height: 1, ..table };
            Paragraph::new("Nothing has been logged for this course yet.").style(self.theme.hint()).render(empty, buf);
        }
        let mut text = format!("{}, newest first", crate::domain::counted(self.pane.list.total(), "event", "events"));
        if !self.pane.list.query().is_empty() {
            text.push_str(&format!(" · {}", self.pane.list.matches_said()));
        }
        Line::from(Span::styled(fit(&text, usize::from(footer.width)).into_owned(), self.theme.hint()))
            .render(footer, buf);
    }
}
