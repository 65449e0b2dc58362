//! The templates tab. Editing and previews need the rendering code, which is not wired
//! into this build (see `renderer.rs`); until then the tab shows which template each mode
//! prints with and says so plainly.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::renderer::UNAVAILABLE;
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
            let name = settings.template_for(mode).unwrap_or("built-in");
            lines.push(Line::from(format!("  {mode:<9} {name}")));
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(format!("Template editing is {UNAVAILABLE}."), self.theme.warning())));
        lines.push(Line::from(Span::styled(
            "Choose a template per mode in the certificates tab (s: settings).",
            self.theme.hint(),
        )));
        Paragraph::new(lines).wrap(Wrap { trim: false }).render(area, buf);
    }
}
