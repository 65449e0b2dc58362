//! Pictures on the real terminal, beside ratatui: after each frame the picture the app wants
//! (the preview popup's, or the editor's preview) is sent over the blank cells left for it,
//! once; when it goes (closed, resized, another tab, a dialog over it) it is removed: kitty
//! deletes it by id, and for sixel and iTerm2, whose pictures are pixels in the cells, the
//! screen is cleared and drawn again.

use std::io::{self, Write};

use ratatui::crossterm::cursor::MoveTo;
use ratatui::crossterm::queue;
use ratatui::layout::Rect;

use super::app::App;
use super::graphics::Graphics;
use super::terminal::Term;
use crate::render::graphics::{Placement, Protocol, encode, kitty_delete};

/// The picture on screen: its id and its cells.
pub struct PictureScreen {
    graphics: Graphics,
    shown: Option<(u32, Rect)>,
}

impl PictureScreen {
    pub fn new(graphics: Graphics) -> PictureScreen {
        PictureScreen { graphics, shown: None }
    }

    /// Draws the app's frame, then puts its picture on screen if it is not there yet.
    pub fn draw(&mut self, terminal: &mut Term, app: &App) -> io::Result<()> {
        draw_frame(terminal, app)?;
        let area = Rect::from((ratatui::layout::Position::ORIGIN, terminal.size()?));
        let wanted = app.picture(area);
        let key = wanted.map(|(rect, picture)| (picture.id, rect));
        if key == self.shown {
            return Ok(());
        }
        if self.shown.is_some() {
            self.remove(terminal)?;
            if matches!(self.graphics.protocol, Protocol::Sixel | Protocol::Iterm2) {
                terminal.clear()?;
                draw_frame(terminal, app)?;
            }
        }
        if let Some((rect, picture)) = wanted {
            let placement = Placement { cols: rect.width, rows: rect.height, keep_cursor: true, id: picture.id };
            let sequence = encode(self.graphics.protocol, &picture.pixels, placement).map_err(io::Error::other)?;
            let backend = terminal.backend_mut();
            queue!(backend, MoveTo(rect.x, rect.y))?;
            backend.write_all(&self.graphics.wrap(sequence))?;
            backend.flush()?;
            self.shown = Some((picture.id, rect));
        }
        Ok(())
    }

    /// Takes the picture off the screen (kitty keeps it until told), e.g. before quitting.
    pub fn remove(&mut self, terminal: &mut Term) -> io::Result<()> {
        if let Some((id, _)) = self.shown.take()
            && self.graphics.protocol == Protocol::Kitty
        {
            let backend = terminal.backend_mut();
            backend.write_all(&self.graphics.wrap(kitty_delete(id)))?;
            backend.flush()?;
        }
        Ok(())
    }
}

/// One frame: the app, then its runs of complex-script text rewritten whole.
fn draw_frame(terminal: &mut Term, app: &App) -> io::Result<()> {
    terminal.draw(|frame| {
        frame.render_widget(app, frame.area());
        super::complex::write_runs_whole(frame.buffer_mut());
    })?;
    Ok(())
}
