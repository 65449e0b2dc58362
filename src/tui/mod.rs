//! The terminal application: a gradebook, certificates and templates, keyboard-driven.
//! It changes data only through `ops`, like the CLI.

mod action;
mod allowlist;
mod app;
mod app_certs;
mod app_drafts;
mod app_grades;
mod app_import;
mod app_jobs;
mod app_lists;
mod app_template_save;
mod app_templates;
mod cert_columns;
mod cert_flags;
mod certificates;
mod complex;
mod confirmations;
mod course;
mod editor;
mod editor_text;
mod editor_undo;
mod ending;
mod examples;
mod frame;
mod gradebook;
mod gradebook_cells;
mod gradebook_view;
pub mod graphics;
mod import_job;
mod job_messages;
mod job_run;
mod keys;
mod last_course;
mod line_edit;
mod list;
mod live;
mod log;
mod mail_messages;
mod path_completion;
mod paths;
mod pictures;
mod popup;
mod preview;
pub mod printing;
mod progress_bar;
pub mod renderer;
mod tab;
mod template_jobs;
mod templates;
mod terminal;
pub mod text;
mod theme;
mod under_way;
mod verdict;
mod worker;

#[cfg(test)]
mod tests;

pub use action::Action;
pub use app::{App, Options};
pub use ending::signal_status;
pub use last_course::LastCourse;
pub use list::Motion;
pub use tab::Tab;
pub use theme::Theme;

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

use crate::store::Store;

/// Runs the app on `store` until the user quits. The store is opened before this is
/// called, so a locked database is reported before the screen is taken over. Returns whether
/// work running when the app quit left something undone (Ctrl-C during a generate, a signal
/// during an export).
pub fn run(store: Store, fonts: Option<&std::path::Path>) -> anyhow::Result<bool> {
    let store = Arc::new(store);
    // Built before the screen is taken over, so a bad --fonts directory is a plain message.
    let renderer = printing::StoreRenderer::new(store.clone(), fonts)?;
    let mut guard = terminal::Guard::new()?;
    // In raw mode now, so the terminal's answers to the graphics query are not echoed.
    let on_terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let graphics = graphics::Graphics::detect(on_terminal);
    let size = guard.terminal.size()?;
    let mut options = Options::from_env((size.width, size.height), Arc::new(renderer), graphics);
    options.last_course = LastCourse::for_database(&store.path());
    let mut app = App::new(store.clone(), options);
    let mut pictures = pictures::PictureScreen::new(graphics);
    ending::on_signals();
    let unsaved = app.unsaved_text();
    ending::before_hang_up_exit(move || app_drafts::keep_unsaved(&store, &unsaved));
    ending::when_the_terminal_hangs_up(QUIT_PATIENCE);
    let outcome = event_loop(&mut guard.terminal, &mut app, &mut pictures);
    // Ended under the editor (a signal, a hung-up terminal): its unsaved text is kept as a
    // draft before anything else, which a terminal gone away could make fail.
    let draft = app.keep_draft();
    let removed = pictures.remove(&mut guard.terminal);
    guard.give_back();
    for line in draft.iter().map(String::as_str).chain(app.parting_words()) {
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), "certdesk: {line}");
    }
    // Quitting during work stops it as Esc would, rather than ending the process under it
    // (which would leave an export's unfinished file behind), for a while at the most.
    let left_undone = app.stop_work(QUIT_PATIENCE, |line| {
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), "certdesk: {line}");
    });
    outcome.and(removed.map_err(anyhow::Error::from)).map(|()| left_undone)
}

/// How long quitting waits for running work to stop at its next step.
const QUIT_PATIENCE: Duration = Duration::from_secs(10);

fn event_loop(
    terminal: &mut terminal::Term,
    app: &mut App,
    pictures: &mut pictures::PictureScreen,
) -> anyhow::Result<()> {
    loop {
        // SIGHUP or SIGTERM: quit as q does, the work stopped below as Esc would.
        if ending::requested() {
            return Ok(());
        }
        app.poll_worker();
        app.poll_changes();
        app.tick();
        pictures.draw(terminal, app)?;
        if app.should_quit() {
            return Ok(());
        }
        let wait = if app.is_busy() || app.is_waiting() {
            Duration::from_millis(50)
        } else if app.is_shared() {
            // Others' changes show within a tenth of a second.
            Duration::from_millis(100)
        } else {
            Duration::from_millis(500)
        };
        if !event::poll(wait)? {
            continue;
        }
        // Take every event that is waiting before drawing again, so held keys do not lag.
        loop {
            match event::read()? {
                Event::Key(key) => app.on_key(key),
                Event::Paste(text) => app.on_paste(&text),
                Event::Resize(width, height) => app.apply(Action::Resize(width, height)),
                Event::Mouse(_) | Event::FocusGained | Event::FocusLost => {}
            }
            if app.should_quit() || !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
}
