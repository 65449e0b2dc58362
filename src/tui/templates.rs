//! The templates tab when no template is open: every template with its newest revision and
//! where it is used, and which revision each mode of this course prints with.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::text::{fit, wrap};
use super::theme::Theme;
use crate::domain::Mode;
use crate::ops::{CourseState, TemplateSummary};

pub struct TemplatesView<'a> {
    pub state: &'a CourseState,
    pub templates: &'a [TemplateSummary],
    pub selected: usize,
    pub theme: Theme,
}

impl Widget for TemplatesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let settings = &self.state.settings;
        let width = usize::from(area.width);
        // One line per template, never wrapped: the name column fits the names, and what
        // does not fit ends in `…`.
        let name_width = self.templates.iter().map(|t| t.name.width()).max().unwrap_or(8).clamp(8, 24);
        let mut lines = vec![Line::from(Span::styled("Templates", self.theme.title()))];
        for (index, template) in self.templates.iter().enumerate() {
            let used = if template.used_by.is_empty() { "not used".to_string() } else { template.used_by.join(", ") };
            let text = format!(
                "  {:<name_width$} rev {:<3} {} by {:<10} {used}",
                fit(&template.name, name_width),
                template.latest,
                template.saved_at.strftime("%Y-%m-%d"),
                fit(&template.saved_by, 10),
            );
            let style = if index == self.selected { self.theme.selection() } else { ratatui::style::Style::default() };
            lines.push(Line::styled(fit(&text, width).into_owned(), style));
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(format!("{} prints with", self.state.course.id), self.theme.title())));
        for mode in [Mode::Honor, Mode::Verified] {
            let name = settings.template_for(mode).unwrap_or(mode.as_str());
            let revision = self.state.templates.get(&mode).map_or(0, |template| template.revision);
            let text = format!("  {:<9} {name} (revision {revision})", mode.as_str());
            lines.push(Line::from(fit(&text, width).into_owned()));
        }
        lines.push(Line::raw(""));
        let hint =
            "Enter edits the selected template. Choose a template per mode in the certificates tab (s: settings).";
        lines.extend(wrap(hint, width).into_iter().map(|line| Line::from(Span::styled(line, self.theme.hint()))));
        Paragraph::new(lines).render(area, buf);
    }
}
