//! The TUI on a 100,000-learner course: time to first frame, key-to-frame times for
//! scrolling, filtering, switching tabs and asking to delete a template (TestBackend, 160x48),
//! and peak memory.
//!
//!   cargo bench --bench tui             # 100,000 learners, 20 activities
//!   TUI_BENCH_LEARNERS=10000 cargo bench --bench tui

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use certdesk::ops::{self, Context, Quiet};
use certdesk::store::Store;
use certdesk::tui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    if let Some(db) = std::env::var_os("TUI_BENCH_DB") {
        return measure(std::path::Path::new(&db));
    }
    let learners: usize = std::env::var("TUI_BENCH_LEARNERS").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("course");
    certdesk::sample::write_synthetic(learners, 20, 70, certdesk::sample::names::Scripts::Latin, &folder)
        .expect("sample course");
    let store = Store::open(&dir.path().join("db")).expect("database");
    let started = Instant::now();
    let report =
        certdesk::import::import_folder(&store, &folder, None, ("bench", jiff::Timestamp::now())).expect("import");
    println!("setup: imported {learners} learners in {:.2?}", started.elapsed());
    let started = Instant::now();
    let context = Context::new("bench", jiff::Timestamp::now());
    let printer = ops::Printer::new(&store, None).expect("printer");
    let issued = ops::generate(&store, &report.course, &context, &printer, false, &mut Quiet).expect("generate");
    println!("setup: issued {} certificates in {:.2?}", issued.issued.len(), started.elapsed());

    drop(store);
    // Measure in a fresh process, so the peak memory is the TUI's, not the import's.
    let status = std::process::Command::new(std::env::current_exe().expect("own path"))
        .env("TUI_BENCH_DB", dir.path().join("db"))
        .status()
        .expect("run the measurement");
    assert!(status.success(), "the measurement failed");
}

fn measure(db: &std::path::Path) {
    let store = Arc::new(Store::open(db).expect("database"));
    let options = common::tui_options(&store);
    save_unused_template(&store);
    let mut terminal = common::terminal();
    let started = Instant::now();
    let mut app = App::new(store, options);
    draw(&mut terminal, &app);
    let first_frame = started.elapsed();
    app.wait_for_worker();
    draw(&mut terminal, &app);
    let loaded_frame = started.elapsed();
    println!("first frame (\"Loading…\"):        {first_frame:>10.2?}");
    println!("first frame with the gradebook:    {loaded_frame:>10.2?}");

    let mut times = Vec::new();
    for _ in 0..200 {
        times.push(key_to_frame(&mut app, &mut terminal, KeyCode::Char('j')));
    }
    for _ in 0..100 {
        times.push(key_to_frame(&mut app, &mut terminal, KeyCode::PageDown));
    }
    report_median("scrolling (j, PgDn) in the gradebook", &mut times);

    key_to_frame(&mut app, &mut terminal, KeyCode::Char('/'));
    for c in "user_0042".chars() {
        times.push(key_to_frame(&mut app, &mut terminal, KeyCode::Char(c)));
    }
    for _ in 0..4 {
        times.push(key_to_frame(&mut app, &mut terminal, KeyCode::Backspace));
    }
    times.push(key_to_frame(&mut app, &mut terminal, KeyCode::Esc));
    report_median("filtering (typing, backspace, clear)", &mut times);

    for _ in 0..40 {
        times.push(key_to_frame(&mut app, &mut terminal, KeyCode::Tab));
    }
    report_median("switching tabs (Tab)", &mut times);

    key_to_frame(&mut app, &mut terminal, KeyCode::Char('2'));
    for _ in 0..100 {
        times.push(key_to_frame(&mut app, &mut terminal, KeyCode::PageDown));
    }
    report_median("scrolling the certificates", &mut times);

    measure_template_deletion_check(&mut app, &mut terminal);
    println!("peak memory (VmHWM):               {:>10}", peak_rss().unwrap_or_else(|| "unknown".into()));
}

/// A template no certificate was printed with, first in the templates tab by its name.
const UNUSED_TEMPLATE: &str = "bench-unused";

fn save_unused_template(store: &Store) {
    if store.latest_template(UNUSED_TEMPLATE).expect("templates").is_some() {
        return;
    }
    let revision = certdesk::domain::TemplateRevision {
        name: UNUSED_TEMPLATE.to_string(),
        revision: 1,
        source: certdesk::render::defaults::HONOR.to_string(),
        saved_at: jiff::Timestamp::now(),
        saved_by: "bench".to_string(),
    };
    store.save_template(&revision).expect("save a template");
}

/// `d` on the templates tab: whether certificates were printed with the template is found
/// by reading every certificate, which must not hold the keys up. Measured on
/// `UNUSED_TEMPLATE`, so the whole check runs.
fn measure_template_deletion_check(app: &mut App, terminal: &mut Terminal<TestBackend>) {
    key_to_frame(app, terminal, KeyCode::Char('3'));
    let mut times = Vec::new();
    let mut answered = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        times.push(key_to_frame(app, terminal, KeyCode::Char('d')));
        app.wait_for_worker();
        draw(terminal, app);
        answered.push(started.elapsed());
        key_to_frame(app, terminal, KeyCode::Esc);
    }
    report_median("asking to delete a template (d)", &mut times);
    report_median("  ... until its dialog is shown", &mut answered);
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|frame| frame.render_widget(app, frame.area())).expect("draw");
}

fn key_to_frame(app: &mut App, terminal: &mut Terminal<TestBackend>, code: KeyCode) -> Duration {
    let started = Instant::now();
    app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    app.poll_worker();
    draw(terminal, app);
    started.elapsed()
}

fn report_median(what: &str, times: &mut Vec<Duration>) {
    times.sort();
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];
    println!("{what:<35} median {median:>9.2?}  max {worst:>9.2?}  ({} keys)", times.len());
    times.clear();
}

fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_string())
}
