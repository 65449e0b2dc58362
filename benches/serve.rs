//! `certdesk serve` on a synthetic course: the same commands on the database itself and
//! through a server, side by side in one run, then 8 TUIs scrolling at once through the server
//! while someone else grades (each TUI reloads the course live as the scores change).
//!
//!   cargo bench --bench serve                 # 100,000 learners x 20 activities
//!   LEARNERS=10000 CLIENTS=4 cargo bench --bench serve

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use certdesk::store::Store;
use certdesk::tui::App;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BIN: &str = env!("CARGO_BIN_EXE_certdesk");

fn main() {
    if let Some(db) = std::env::var_os("SERVE_BENCH_CLIENT") {
        return scroll(Path::new(&db));
    }
    let learners: usize = env_number("LEARNERS", 100_000);
    let clients: usize = env_number("CLIENTS", 8);
    let work = tempfile::tempdir().expect("temp dir");
    let db = work.path().join("db");
    let folder = work.path().join("course");
    let n = learners.to_string();
    certdesk_ok(&db, &["sample", "--learners", &n, "--activities", "20", "--out", folder.to_str().unwrap()]);
    certdesk_ok(&db, &["import", folder.to_str().unwrap()]);
    certdesk_ok(&db, &["generate", "synthetic"]);
    let listing: serde_json::Value =
        serde_json::from_str(&certdesk_ok(&db, &["certificates", "synthetic", "--json"])).expect("json");
    let code = listing[listing.as_array().unwrap().len() / 2]["code"].as_str().expect("a code").to_string();
    println!("certdesk serve, {learners} learners x 20 activities; whole processes, medians");

    let verify = ["verify", code.as_str()];
    let gradebook = ["gradebook", "synthetic", "--json"];
    let local_verify = median_of(15, || timed(&db, &verify));
    let local_gradebook = median_of(5, || timed(&db, &gradebook));
    let mut server = Served::start(&db);
    let remote_verify = median_of(15, || timed(&db, &verify));
    let remote_gradebook = median_of(5, || timed(&db, &gradebook));
    println!("{:<34} {:>10} {:>14} {:>7}", "", "local", "through serve", "ratio");
    for (what, local, remote) in
        [("verify CODE", local_verify, remote_verify), ("gradebook --json", local_gradebook, remote_gradebook)]
    {
        println!("{what:<34} {local:>10.2?} {remote:>14.2?} {:>6.2}x", remote.as_secs_f64() / local.as_secs_f64());
    }

    // Someone grades a score every 100 ms through the server while the TUIs scroll.
    let done = Arc::new(AtomicBool::new(false));
    let grader = {
        let (db, done) = (db.clone(), done.clone());
        std::thread::spawn(move || {
            let mut grades = 0;
            while !done.load(Ordering::Relaxed) {
                let points = if grades % 2 == 0 { "3" } else { "7" };
                certdesk_ok(&db, &["grade", "synthetic", "learner000001", "a01", points]);
                grades += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
            grades
        })
    };
    let children: Vec<Child> = (0..clients)
        .map(|_| {
            Command::new(std::env::current_exe().expect("own path"))
                .env("SERVE_BENCH_CLIENT", &db)
                .stdout(Stdio::piped())
                .spawn()
                .expect("start a client")
        })
        .collect();
    println!("{clients} TUIs scrolling at once (j x200, PgDn x100, one key every 10 ms), key to frame:");
    for (number, child) in children.into_iter().enumerate() {
        let output = child.wait_with_output().expect("client");
        assert!(output.status.success(), "client {number} failed");
        print!("  client {}: {}", number + 1, String::from_utf8_lossy(&output.stdout));
    }
    done.store(true, Ordering::Relaxed);
    let grades = grader.join().expect("grader");
    println!("  meanwhile {grades} scores were changed through the server, each announced to every TUI");
    server.stop();
}

/// One TUI client: opens the shared database, waits for the gradebook, scrolls, and prints its
/// key-to-frame median and worst.
fn scroll(db: &Path) {
    let store = Arc::new(Store::open_shared(db).expect("database"));
    assert!(store.is_shared(), "the client must go through the server");
    let options = common::tui_options(&store);
    let mut terminal = common::terminal();
    let mut app = App::new(store, options);
    app.wait_for_worker();
    let keys = std::iter::repeat_n(KeyCode::Char('j'), 200).chain(std::iter::repeat_n(KeyCode::PageDown, 100));
    let mut times: Vec<Duration> = Vec::new();
    for code in keys {
        std::thread::sleep(Duration::from_millis(10));
        let started = Instant::now();
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
        // What the event loop does before each frame.
        app.poll_worker();
        app.poll_changes();
        app.tick();
        terminal.draw(|frame| frame.render_widget(&app, frame.area())).expect("draw");
        times.push(started.elapsed());
    }
    times.sort();
    let at = |share: f64| times[((times.len() - 1) as f64 * share) as usize];
    println!("median {:>9.2?}  95% {:>9.2?}  max {:>9.2?}  ({} keys)", at(0.5), at(0.95), at(1.0), times.len());
}

struct Served {
    child: Child,
}

impl Served {
    fn start(db: &Path) -> Served {
        let mut child =
            Command::new(BIN).arg("--db").arg(db).arg("serve").stderr(Stdio::piped()).spawn().expect("certdesk serve");
        let mut line = String::new();
        BufReader::new(child.stderr.as_mut().unwrap()).read_line(&mut line).expect("its first line");
        assert!(line.contains("serving"), "{line}");
        Served { child }
    }

    fn stop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

fn certdesk_ok(db: &Path, args: &[&str]) -> String {
    let output = Command::new(BIN).arg("--db").arg(db).args(args).output().expect("certdesk");
    assert!(output.status.success(), "certdesk {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8")
}

fn timed(db: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let output = Command::new(BIN).arg("--db").arg(db).args(args).stdout(Stdio::null()).status().expect("certdesk");
    assert!(output.success());
    started.elapsed()
}

fn median_of(runs: usize, mut measure: impl FnMut() -> Duration) -> Duration {
    measure(); // warm the page cache
    let mut times: Vec<Duration> = (0..runs).map(|_| measure()).collect();
    times.sort();
    times[runs / 2]
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}
