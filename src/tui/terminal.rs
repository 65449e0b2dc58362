//! Taking the terminal over and giving it back, on every exit path and on panic.

use std::io::{self, Stdout};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    DisableLineWrap, EnableLineWrap, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode, the alternate screen, bracketed paste and no line wrap; restores itself when
/// dropped. Without wrapping, a name the terminal draws wider than certdesk counts (tmux gives
/// a Sinhala, Bengali or Tamil two-part vowel a cell of its own) at a row's end stays in its
/// last cell, where certdesk's next frame erases it; wrapped, its end went to the start of the
/// next row, which the next frame does not rewrite when that row is unchanged.
pub struct Guard {
    pub terminal: Term,
    _restored: Restored,
}

/// Gives the terminal back as it is dropped, after the `Term` beside it.
struct Restored;

impl Drop for Restored {
    fn drop(&mut self) {
        restore();
    }
}

impl Guard {
    pub fn new() -> io::Result<Guard> {
        install_panic_hook();
        enable_raw_mode()?;
        let taken = execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste, DisableLineWrap)
            .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
        match taken {
            Ok(terminal) => Ok(Guard { terminal, _restored: Restored }),
            Err(error) => {
                restore();
                Err(error)
            }
        }
    }

    /// Gives the terminal back. ratatui's own ending shows the cursor and, when it cannot (the
    /// terminal hung up), says so with `eprintln!`, which panics on a stderr that is gone with
    /// the terminal: the process would end with status 101 under the work still stopping. A
    /// terminal that cannot be written to any more is let go of without that ending.
    pub fn give_back(self) {
        let Guard { mut terminal, _restored } = self;
        if terminal.show_cursor().is_err() {
            std::mem::forget(terminal);
        }
    }
}

/// Undoes everything `Guard::new` did; safe to call more than once.
pub fn restore() {
    let _ = execute!(io::stdout(), EnableLineWrap, DisableBracketedPaste, LeaveAlternateScreen, Show);
    let _ = disable_raw_mode();
}

/// Restores the terminal before the panic message is printed, so it can be read.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
