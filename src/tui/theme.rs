//! Colours and emphasis. With `NO_COLOR` set, only modifiers are used: the selection is
//! reversed video, warnings bold, hints dim, so nothing depends on colour to be seen.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (https://no-color.org).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        Theme { color: !no_color }
    }

    pub fn plain() -> Theme {
        Theme { color: false }
    }

    fn pick(self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    pub fn selection(self) -> Style {
        self.pick(Style::new().bg(Color::Blue).fg(Color::White).add_modifier(Modifier::BOLD), Style::new().reversed())
    }

    /// The cell under the column cursor within the selected row.
    pub fn cell_cursor(self) -> Style {
        self.pick(Style::new().bg(Color::Yellow).fg(Color::Black), Style::new().reversed().underlined())
    }

    pub fn header(self) -> Style {
        self.pick(Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD), Style::new().bold())
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn active_tab(self) -> Style {
        self.pick(Style::new().fg(Color::Black).bg(Color::Cyan).bold(), Style::new().reversed().bold())
    }

    pub fn hint(self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new().dim())
    }

    pub fn key(self) -> Style {
        self.pick(Style::new().fg(Color::Cyan).bold(), Style::new().bold())
    }

    pub fn error(self) -> Style {
        self.pick(Style::new().fg(Color::Red).bold(), Style::new().bold())
    }

    pub fn success(self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }

    pub fn warning(self) -> Style {
        self.pick(Style::new().fg(Color::Yellow), Style::new().italic())
    }

    pub fn border(self) -> Style {
        self.pick(Style::new().fg(Color::Cyan), Style::new())
    }
}
