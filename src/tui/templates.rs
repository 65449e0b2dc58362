//! The templates tab when no template is open: every template with its whole name, its newest
//! revision and where it is used, and which revision each mode of this course prints with.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::text::{fit, wrap, wrap_hanging_after};
use super::theme::Theme;
use crate::domain::Mode;
use crate::ops::{CourseState, TemplateSummary};

/// The cells of a template row besides its name and where it is used: `  `, ` rev NNN `,
/// the date, ` by `, the saver, and a cell free at the right edge.
const OTHER_COLUMNS: usize = 2 + 9 + 10 + 4 + 10 + 1 + 1;
/// The least room left for where a template is used (`not used`).
const USED_ROOM: usize = 8;

/// Where `template` is used, each course and mode a piece: `middle-earth-101 (honor)`.
fn used_by(template: &TemplateSummary) -> Vec<String> {
    match template.used_by.as_slice() {
        [] => vec!["not used".to_string()],
        used => used.to_vec(),
    }
}

/// How wide the name and used-by columns are on `width` cells. Both go on under themselves
/// rather than lose their end (a name after a `-`, the places a template is used each on a line
/// of its own, one too long for the column between its words), and the split chosen takes the
/// fewest lines, then breaks the fewest places in two, then leaves the name the widest.
fn columns(templates: &[TemplateSummary], width: usize) -> (usize, usize) {
    let room = width.saturating_sub(OTHER_COLUMNS);
    let longest = templates.iter().map(|t| t.name.width()).max().unwrap_or(8).max(8);
    // The used-by column holds its longest word (and a comma) whole.
    let words = templates
        .iter()
        .flat_map(used_by)
        .flat_map(|piece| piece.split(' ').map(|word| word.width() + 1).collect::<Vec<_>>());
    let least_used = words.max().unwrap_or(0).max(USED_ROOM);
    let widest_name = longest.min(room.saturating_sub(least_used)).max(8);
    let cost = |name: usize| {
        let (mut lines, mut broken) = (0, 0);
        for template in templates {
            let (used, split) = used_lines(template, room.saturating_sub(name));
            lines += used.len().max(name_pieces(&template.name, name).len());
            broken += split;
        }
        (lines, broken, std::cmp::Reverse(name))
    };
    let name = (8.min(widest_name)..=widest_name).min_by_key(|&name| cost(name)).unwrap_or(widest_name);
    (name, room.saturating_sub(name))
}

/// The places `template` is used on lines of at most `width` cells, as many on a line as fit
/// (`middle-earth-101 (honor), synthetic (honor)`), and how many of them had to be broken
/// between their words to fit.
fn used_lines(template: &TemplateSummary, width: usize) -> (Vec<String>, usize) {
    let mut lines: Vec<String> = Vec::new();
    let mut broken = 0;
    for piece in used_by(template) {
        match lines.last_mut() {
            Some(line) if line.width() + 2 + piece.width() <= width => {
                line.push_str(", ");
                line.push_str(&piece);
            }
            _ if piece.width() <= width => lines.push(piece),
            _ => {
                broken += 1;
                lines.extend(piece_lines(&piece, width));
            }
        }
    }
    (lines, broken)
}

/// A place a template is used (`middle-earth-101 (honor)`) on lines of at most `width` cells,
/// between its words, and a course id longer than a line after a `-` in it, as a name is
/// broken: at 60 columns the id was broken between any two letters (`middle-earth-10`, `1
/// (honor)`), which read as another course.
fn piece_lines(piece: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in piece.split(' ') {
        for (part_of_word, part) in name_pieces(word, width).into_iter().enumerate() {
            match lines.last_mut() {
                Some(line) if part_of_word == 0 && line.width() + 1 + part.width() <= width => {
                    line.push(' ');
                    line.push_str(&part);
                }
                _ => lines.push(part),
            }
        }
    }
    lines
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
    /// The open course, whose templates per mode the footer names; none in a database without
    /// courses, whose templates can still be made and edited.
    pub state: Option<&'a CourseState>,
    pub templates: &'a [TemplateSummary],
    pub selected: usize,
    /// The first template shown when the last key moved the selection (`first_shown`).
    pub offset: usize,
    pub theme: Theme,
}

impl TemplatesView<'_> {
    /// The lines of each template's row: more than one when its name or where it is used
    /// wraps.
    fn rows(&self, width: usize) -> Vec<Vec<Line<'static>>> {
        let (name_width, used_width) = columns(self.templates, width);
        let rows = self.templates.iter().enumerate().map(|(index, template)| {
            let style = if index == self.selected { self.theme.selection() } else { ratatui::style::Style::default() };
            // A name is never cut: one longer than its column goes on under itself, and so do
            // the places a template is used, under theirs.
            let names = name_pieces(&template.name, name_width);
            let (used, _) = used_lines(template, used_width);
            let mut lines = Vec::new();
            for line in 0..names.len().max(used.len()) {
                let name = names.get(line).map_or("", String::as_str);
                let name = format!("{name}{}", " ".repeat(name_width.saturating_sub(name.width())));
                let used = used.get(line).map_or("", String::as_str);
                let middle = match line {
                    0 => format!(
                        " rev {:<3} {} by {:<10} ",
                        template.latest,
                        template.saved_at.strftime("%Y-%m-%d"),
                        fit(&template.saved_by, 10),
                    ),
                    _ => " ".repeat(OTHER_COLUMNS - 3),
                };
                let text = format!("  {name}{middle}{used}");
                lines.push(Line::styled(fit(text.trim_end(), width).into_owned(), style));
            }
            lines
        });
        rows.collect()
    }

    /// Which revision each mode prints with, and the keys: always shown under the list.
    fn footer(&self, width: usize) -> Vec<Line<'static>> {
        let mut lines = vec![Line::raw("")];
        if let Some(state) = self.state {
            lines.push(Line::from(Span::styled(format!("{} prints with", state.course.id), self.theme.title())));
            for mode in [Mode::Honor, Mode::Verified] {
                let name = state.settings.template_for(mode).unwrap_or(mode.as_str());
                let revision = state.templates.get(&mode).map_or(0, |template| template.revision);
                let label = format!("  {:<9} ", mode.as_str());
                // A long name goes on under itself rather than losing its end or the revision.
                let mut wrapped = wrap_hanging_after(label.width(), &format!("{name} (revision {revision})"), width);
                wrapped[0].insert_str(0, &label);
                lines.extend(wrapped.into_iter().map(Line::from));
            }
            lines.push(Line::raw(""));
        }
        let hint = match self.state {
            Some(_) => {
                "Enter edits the selected template, n makes a new one from a copy of it, d deletes it. Choose a template per mode in the certificates tab (s: settings)."
            }
            None => {
                "Enter edits the selected template, n makes a new one from a copy of it, d deletes it. No course prints with them yet: press i in the gradebook to import one."
            }
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_course_id_longer_than_its_line_breaks_after_a_hyphen() {
        assert_eq!(piece_lines("middle-earth-101 (honor)", 15), ["middle-earth-", "101 (honor)"]);
        assert_eq!(piece_lines("middle-earth-101 (verified)", 20), ["middle-earth-101", "(verified)"]);
        assert_eq!(piece_lines("abcdefghijklmnopq (honor)", 8), ["abcdefgh", "ijklmnop", "q", "(honor)"]);
    }
}
