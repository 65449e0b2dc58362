//! What the TUI benches set up alike: the screen they measure and a TUI on a store.

use std::sync::Arc;

use certdesk::store::Store;
use certdesk::tui::{Options, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The screen the TUI benches measure, in columns and rows.
pub const SIZE: (u16, u16) = (160, 48);

/// The options of a bench's TUI on `store`: colours on, half-block previews, the real time,
/// the actor `bench`.
pub fn tui_options(store: &Arc<Store>) -> Options {
    let renderer = certdesk::tui::printing::StoreRenderer::new(store.clone(), None).expect("renderer");
    Options {
        renderer: Arc::new(renderer),
        theme: Theme { color: true },
        actor: "bench".into(),
        now: None,
        size: SIZE,
        db_label: None,
        course: None,
        last_course: None,
        truecolor: false,
        graphics: certdesk::tui::graphics::Graphics::half_blocks(),
    }
}

/// A test terminal of `SIZE`.
pub fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("terminal")
}
