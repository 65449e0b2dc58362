//! The templates tab when no template is open: every template with its newest revision and
//! where it is used, and which revision each mode of this course prints with.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

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
        let mut lines = vec![Line::from(Span::styled("Templates", self.theme.title()))];
        for (index, template) in self.templates.iter().enumerate() {
            let used = if template.used_by.is_empty() { "not used".to_string() } else { template.used_by.join(", ") };
            let text = format!(
                "  {:<16} revision {:<3} saved {} by {:<10} {used}",
                template.name,
                template.latest,
                template.saved_at.strftime("%Y-%m-%d"),
                template.saved_by
            );
            let style = if index == self.selected { self.theme.selection() } else { ratatui::style::Style::default() };
            lines.push(Line::styled(text, style));
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(format!("{} prints with", self.state.course.id), self.theme.title())));
        for mode in [Mode::Honor, Mode::Verified] {
            let name = settings.template_for(mode).unwrap_or(mode.as_str());
            let revision = self.state.templates.get(&mode).map_or(0, |template| template.revision);
            lines.push(Line::from(format!("  {:<9} {name} (revision {revision})", mode.as_str())));
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            "Enter edits the selected template. Choose a template per mode in the certificates tab (s: settings).",
            self.theme.hint(),
        )));
        Paragraph::new(lines).wrap(Wrap { trim: false }).render(area, buf);
    }
}
