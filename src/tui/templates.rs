//! The templates tab when no template is open: every template with its whole name, its newest
//! revision and where it is used, and which revision each mode of this course prints with.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::text::{fit, wrap};
use super::theme::Theme;
use crate::domain::Mode;
use crate::ops::{CourseState, TemplateSummary};

/// The cells of a template row besides its name and where it is used: `  `, ` rev NNN `,
/// the date, ` by ` and the saver.
const OTHER_COLUMNS: usize = 2 + 9 + 10 + 4 + 10 + 1;
/// The least room left for where a template is used (`not used`) before names wrap.
const USED_ROOM: usize = 8;

/// How wide the name column is: the longest name, when the row still fits `width` with room
/// to say where it is used; narrower names wrap under themselves.
fn name_column(templates: &[TemplateSummary], width: usize) -> usize {
    let longest = templates.iter().map(|t| t.name.width()).max().unwrap_or(8).max(8);
    longest.min(width.saturating_sub(OTHER_COLUMNS + USED_ROOM)).max(8)
}

/// `name` in pieces of at most `width` cells, each ending after a `-` or `_` where one falls
/// in it, so the name reads on under itself as it is written.
fn name_pieces(name: &str, width: usize) -> Vec<String> {
    // Saved names are lowercase ASCII; anything else is cut between letters.
    if !name.is_ascii() || width == 0 {
        return wrap(name, width);
    }
    let mut pieces = Vec::new();
    let mut rest = name;
    while rest.len() > width {
        let cut = rest[..width].rfind(['-', '_']).map_or(width, |at| at + 1);
        pieces.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    pieces.push(rest.to_string());
    pieces
}

pub struct TemplatesView<'a> {
    pub state: &'a CourseState,
    pub templates: &'a [TemplateSummary],
    pub selected: usize,
    /// The first template shown when the last key moved the selection (`first_shown`).
    pub offset: usize,
    pub theme: Theme,
}

impl TemplatesView<'_> {
    /// The lines of each template's row: more than one when its name wraps.
    fn rows(&self, width: usize) -> Vec<Vec<Line<'static>>> {
        let name_width = name_column(self.templates, width);
        let rows = self.templates.iter().enumerate().map(|(index, template)| {
            let used = if template.used_by.is_empty() { "not used".to_string() } else { template.used_by.join(", ") };
            let style = if index == self.selected { self.theme.selection() } else { ratatui::style::Style::default() };
            // A name is never cut: one longer than its column goes on under itself.
            let mut parts = name_pieces(&template.name, name_width).into_iter();
            let first = parts.next().unwrap_or_default();
            let text = format!(
                "  {first}{} rev {:<3} {} by {:<10} {used}",
                " ".repeat(name_width.saturating_sub(first.width())),
                template.latest,
                template.saved_at.strftime("%Y-%m-%d"),
                fit(&template.saved_by, 10),
            );
            let mut lines = vec![Line::styled(fit(&text, width).into_owned(), style)];
            lines.extend(parts.map(|part| Line::styled(format!("  {part}"), style)));
            lines
        });
        rows.collect()
    }

    /// Which revision each mode prints with, and the keys: always shown under the list.
    fn footer(&self, width: usize) -> Vec<Line<'static>> {
        let settings = &self.state.settings;
        let mut lines = vec![Line::raw("")];
        lines.push(Line::from(Span::styled(format!("{} prints with", self.state.course.id), self.theme.title())));
        for mode in [Mode::Honor, Mode::Verified] {
            let name = settings.template_for(mode).unwrap_or(mode.as_str());
            let revision = self.state.templates.get(&mode).map_or(0, |template| template.revision);
            let text = format!("  {:<9} {name} (revision {revision})", mode.as_str());
            // A long name goes on under the line rather than losing its end or the revision.
            if text.width() <= width {
                lines.push(Line::from(text));
            } else {
                lines.extend(wrap(&text, width).into_iter().map(Line::from));
            }
        }
        lines.push(Line::raw(""));
        let hint = "Enter edits the selected template, d deletes it. Choose a template per mode in the certificates tab (s: settings).";
        lines.extend(wrap(hint, width).into_iter().map(|line| Line::from(Span::styled(line, self.theme.hint()))));
        lines
    }

    /// The first template shown on `area`: `offset` moved just enough that every line of the
    /// selected one is on screen, as the other lists scroll (`list::scroll_offset`).
    pub fn first_shown(&self, area: Rect) -> usize {
        let width = usize::from(area.width);
        let rows = self.rows(width);
        first_shown(&rows.iter().map(Vec::len).collect::<Vec<_>>(), self.offset, self.selected, self.room(area))
    }

    /// Lines for templates on `area`, under the title and above the footer: what PgUp and
    /// PgDn move by.
    pub fn room(&self, area: Rect) -> usize {
        usize::from(area.height).saturating_sub(1 + self.footer(usize::from(area.width)).len())
    }
}

/// The first of the rows, `heights` lines each, to show in `room` lines so that row
/// `selected` is whole on screen, scrolling from `offset` as little as that takes.
fn first_shown(heights: &[usize], offset: usize, selected: usize, room: usize) -> usize {
    let selected = selected.min(heights.len().saturating_sub(1));
    let mut first = offset.min(selected);
    // The selected row first: one taller than the room shows its start.
    while first < selected && heights[first..=selected].iter().sum::<usize>() > room {
        first += 1;
    }
    first
}

impl Widget for TemplatesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let width = usize::from(area.width);
        let footer = self.footer(width);
        let room = self.room(area);
        let first = self.first_shown(area);
        let mut shown = Vec::new();
        let mut last = first;
        for row in self.rows(width).into_iter().skip(first) {
            if !shown.is_empty() && shown.len() + row.len() > room {
                break;
            }
            shown.extend(row);
            last += 1;
        }
        // Which part of a list longer than the screen this is.
        let title = if first > 0 || last < self.templates.len() {
            format!("Templates {}-{last} of {}", first + 1, self.templates.len())
        } else {
            "Templates".to_string()
        };
        let mut lines = vec![Line::from(Span::styled(title, self.theme.title()))];
        lines.extend(shown);
        lines.extend(footer);
        Paragraph::new(lines).render(area, buf);
    }
}
