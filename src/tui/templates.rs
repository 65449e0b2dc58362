//! The templates tab: which template and revision each mode prints with. The in-app editor
//! is not built yet; the tab says how to edit and save a template from the shell.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::theme::Theme;
use crate::domain::Mode;
use crate::ops::CourseState;

pub struct TemplatesView<'a> {
    pub state: &'a CourseState,
    pub theme: Theme,
}

impl Widget for TemplatesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let settings = &self.state.settings;
        let mut lines = vec![Line::from(Span::styled("Templates in use", self.theme.title()))];
        for mode in [Mode::Honor, Mode::Verified] {
            let name = settings.template_for(mode).unwrap_or(mode.as_str());
            let revision = self.state.templates.get(&mode).map_or(0, |template| template.revision);
            lines.push(Line::from(format!("  {:<9} {name} (revision {revision})", mode.as_str())));
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            "The in-app editor is not built yet. From a shell: certdesk template show NAME > t.cdt, edit it, \
             then certdesk template check t.cdt and certdesk template save NAME t.cdt.",
            self.theme.warning(),
        )));
        lines.push(Line::from(Span::styled(
            "Choose a template per mode in the certificates tab (s: settings).",
            self.theme.hint(),
        )));
        Paragraph::new(lines).wrap(Wrap { trim: false }).render(area, buf);
    }
}
