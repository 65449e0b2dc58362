//! The main window: header, tabs, the current pane, the key line and the message line,
//! then any popup and the progress of running work on top.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Tone};
use super::certificates::CourseParts;
use super::keys;
use super::popup::{Popup, draw_box, picture_rect};
use super::progress_bar::ProgressBar;
use super::renderer::Picture;
use super::tab::Tab;
use super::templates::TemplatesView;
use super::text::{fit, fit_keeping_end};
use crate::render::graphics::Protocol;

/// The fewest columns a database's path is shown in, cut: fewer would leave only its last
/// letters.
const MIN_DB_ROOM: usize = 16;

/// Header, tabs, body, key line and message line.
fn rows(area: Rect) -> [Rect; 5] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// Where the current pane is drawn on a screen of `area`.
pub fn body_area(area: Rect) -> Rect {
    rows(area)[2]
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [header, tabs, body, key_line, message_line] = rows(area);
        self.render_header(header, buf);
        let titles = Tab::ALL.iter().map(|tab| format!("{} {}", tab.index() + 1, tab.title()));
        Tabs::new(titles)
            .select(self.tab.index())
            .highlight_style(self.theme.active_tab())
            .divider("│")
            .render(tabs, buf);
        self.render_body(body, buf);
        // A message too long for its line takes the key line's place too, and the rows above
        // it as far as it needs (up to a third of the screen), until the next key.
        let message = self.message_lines(usize::from(area.width), usize::from(area.height / 3).max(2));
        if message.len() < 2 {
            let full_preview = self.editor.as_ref().is_some_and(|editor| editor.full_preview);
            let hint = if full_preview { keys::EDITOR_PREVIEW_KEYS } else { keys::status_keys(self.key_map()) };
            let hint = keys::status_keys_within(hint, usize::from(key_line.width));
            Line::styled(hint, self.theme.hint()).render(key_line, buf);
        }
        let end = message_line.y + message_line.height;
        let rows = (message.len() as u16).min(end.saturating_sub(area.y));
        let under = Rect { y: end - rows, height: rows, ..message_line };
        ratatui::widgets::Clear.render(under, buf);
        Paragraph::new(message).render(under, buf);
        if let Some(popup) = &self.popup {
            popup.render(area, buf, self.theme);
        }
        if self.worker.is_some() {
            self.render_progress(area, buf);
        }
    }
}

impl App {
    /// Whether a graphics protocol draws the preview: nothing may cover it, so while a dialog
    /// or the progress of long work is open the preview is drawn with half-blocks.
    fn pictures_on_top(&self) -> bool {
        self.graphics.protocol != Protocol::HalfBlocks && self.worker.is_none()
    }

    /// The picture to show on a screen of `area` and where, if a graphics protocol draws one now.
    pub fn picture(&self, area: Rect) -> Option<(Rect, &Picture)> {
        if !self.pictures_on_top() {
            return None;
        }
        match &self.popup {
            Some(Popup::Preview(preview)) => Some((picture_rect(area, &preview.picture), &preview.picture)),
            Some(_) => None,
            None if self.tab == Tab::Templates => self.editor.as_ref()?.picture(body_area(area)),
            None => None,
        }
    }

    fn render_header(&self, area: Rect, buf: &mut Buffer) {
        let course = match &self.course {
            Some(course) => format!("{} · {}", course.id(), course.state.course.title),
            None => "no course".to_string(),
        };
        let badge = if self.is_shared() { " certdesk · shared " } else { " certdesk " };
        // The course keeps its room; the database's path, cut, keeps its end, which names it.
        let width = usize::from(area.width);
        let course = fit(&course, width.saturating_sub(badge.width() + 2)).into_owned();
        let room = width.saturating_sub(badge.width() + course.width() + 2 + 4);
        let mut spans =
            vec![Span::styled(badge, self.theme.active_tab()), Span::styled(format!(" {course} "), self.theme.title())];
        // A path cut to a few letters (`…certdesk`) would say nothing: then it is left out.
        if self.db_label.width() <= room || room >= MIN_DB_ROOM {
            let db = fit_keeping_end(&self.db_label, room, room);
            spans.push(Span::styled(format!(" db {db}"), self.theme.hint()));
        }
        Line::from(spans).render(area, buf);
    }

    fn render_body(&self, area: Rect, buf: &mut Buffer) {
        // Templates are the database's, not a course's: made and edited with no course too.
        if self.tab == Tab::Templates {
            return self.render_templates(area, buf);
        }
        let Some(course) = &self.course else {
            let text = match &self.loading {
                Some(id) => format!("Loading {id}…"),
                None if self.courses.is_empty() => {
                    "The database has no course yet. Press i in the gradebook to import a course folder.".to_string()
                }
                None => "No course is open. Press c to choose one, or i in the gradebook to import a course folder."
                    .to_string(),
            };
            Paragraph::new(text).style(self.theme.hint()).wrap(Wrap { trim: true }).render(area, buf);
            return;
        };
        let state = &course.state;
        match self.tab {
            Tab::Gradebook => course.gradebook.view(state, self.theme).render(area, buf),
            Tab::Certificates => {
                let going = self.runs_going(course);
                let parts = CourseParts {
                    state,
                    examples: course.examples.as_ref(),
                    example_fits: &course.example_fits,
                    blocker: course.blocker.as_deref(),
                    unprintable: course.unprintable.as_ref(),
                    unfinished: &course.unfinished,
                    going: &going,
                };
                course.certificates.view(parts, self.theme).render(area, buf)
            }
            Tab::Templates => self.render_templates(area, buf),
            Tab::Log => course.log.view(&course.events, self.theme).render(area, buf),
        }
    }

    fn render_templates(&self, area: Rect, buf: &mut Buffer) {
        match &self.editor {
            Some(editor) => editor.render(area, buf, self.truecolor, self.pictures_on_top() && self.popup.is_none()),
            None => TemplatesView {
                state: self.course.as_ref().map(|course| &course.state),
                templates: &self.templates,
                selected: self.template_selected,
                offset: self.template_offset,
                theme: self.theme,
            }
            .render(area, buf),
        }
    }

    /// The message, in one line or wrapped in up to `most` lines; what does not fit ends in `…`.
    fn message_lines(&self, width: usize, most: usize) -> Vec<Line<'static>> {
        let Some((text, tone)) = &self.message else {
            return Vec::new();
        };
        let style = match tone {
            Tone::Info => ratatui::style::Style::new(),
            Tone::Success => self.theme.success(),
            Tone::Error => self.theme.error(),
        };
        if text.width() <= width {
            return vec![Line::styled(text.clone(), style)];
        }
        let mut lines = super::text::wrap(text, width);
        if lines.len() > most {
            let rest = lines.split_off(most - 1).join(" ");
            lines.push(fit(&rest, width).into_owned());
        }
        lines.into_iter().map(|line| Line::styled(line, style)).collect()
    }

    fn render_progress(&self, area: Rect, buf: &mut Buffer) {
        let Some(worker) = &self.worker else { return };
        if worker.job == super::worker::Job::Load && self.course.is_none() {
            return; // the body already says "Loading…"
        }
        let inner = draw_box(area, buf, 60, 5, worker.job.label(), self.theme);
        let ratio = if worker.total == 0 { 0.0 } else { (worker.done as f64 / worker.total as f64).clamp(0.0, 1.0) };
        let label = progress_label(worker.done, worker.total);
        let [gauge, hint] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
        ProgressBar { ratio, label: &label, theme: self.theme }.render(gauge, buf);
        let text = match worker.job.stopping() {
            Some((_, stopping)) if worker.cancelling => stopping,
            Some((hint, _)) => hint,
            None => "it ends by itself; Esc cannot stop it midway",
        };
        Line::styled(text, self.theme.hint()).render(hint, buf);
    }
}

/// `84/100` with the count as wide as the total (` 84/100`), so that the centred label keeps
/// its place as the count grows.
fn progress_label(done: usize, total: usize) -> String {
    if total == 0 {
        return "working…".to_string();
    }
    let width = total.to_string().len();
    format!("{done:>width$}/{total}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_progress_label_keeps_its_width() {
        let labels: Vec<String> = [0, 9, 84, 100].into_iter().map(|done| super::progress_label(done, 100)).collect();
        assert_eq!(labels, ["  0/100", "  9/100", " 84/100", "100/100"]);
        assert_eq!(super::progress_label(0, 0), "working…");
    }
}
