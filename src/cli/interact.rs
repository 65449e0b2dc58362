//! Talking to the person at the terminal: confirmations and progress on stderr.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use anyhow::bail;

use crate::ops::Progress;

/// Asks `question` on a terminal; without one (a script), refuses unless `yes` was given,
/// so a destructive command never runs unconfirmed by accident.
pub fn confirm(question: &str, yes: bool, flag_hint: &str) -> anyhow::Result<bool> {
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        bail!("{question} Not confirmed: stdin is not a terminal; pass {flag_hint} to confirm in a script");
    }
    note_part!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes" | "YES"))
}

/// Asks `question` when a person is at the terminal; a script, which names exactly what it
/// acts on, is not asked (as before these questions existed). `yes` skips the question.
pub fn confirm_at_terminal(question: &str, yes: bool) -> anyhow::Result<bool> {
    if !asks_at_terminal(yes) {
        return Ok(true);
    }
    confirm(question, false, "--yes")
}

/// Whether `confirm_at_terminal` would ask: a person at the terminal, and no `yes`.
pub fn asks_at_terminal(yes: bool) -> bool {
    !yes && std::io::stdin().is_terminal()
}

/// `generate: 34000/100000` on stderr, once the work has run for a second; and the stop a
/// person asks for with Ctrl-C (or a service manager with SIGTERM, or a dropped SSH session
/// with SIGHUP), which the work takes at its next step: an export removes its temporary files,
/// generate keeps the parts it finished. A second signal ends the process at once.
pub struct StderrProgress {
    label: &'static str,
    started: Instant,
    shown: bool,
    stop: Option<Arc<AtomicBool>>,
}

impl StderrProgress {
    pub fn new(label: &'static str) -> StderrProgress {
        StderrProgress { label, started: Instant::now(), shown: false, stop: stop_requested() }
    }
}

/// The flag SIGINT, SIGTERM and SIGHUP set, registered the first time long work starts;
/// `None` if the handlers could not be installed (the signals then end the process, as before).
fn stop_requested() -> Option<Arc<AtomicBool>> {
    static FLAG: OnceLock<Option<Arc<AtomicBool>>> = OnceLock::new();
    FLAG.get_or_init(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let flag = Arc::new(AtomicBool::new(false));
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            // The exit comes first: it only acts when the flag is already set, by an earlier signal.
            signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&flag)).ok()?;
            signal_hook::flag::register(signal, Arc::clone(&flag)).ok()?;
        }
        Some(flag)
    })
    .clone()
}

impl Progress for StderrProgress {
    fn step(&mut self, done: usize, total: usize) {
        if self.started.elapsed() < Duration::from_secs(1) || !std::io::stderr().is_terminal() {
            return;
        }
        self.shown = true;
        note_part!("\r{}: {done}/{total}", self.label);
        if done == total {
            note!();
        }
    }

    fn cancelled(&self) -> bool {
        self.stop.as_ref().is_some_and(|stop| stop.load(Ordering::Relaxed))
    }
}

impl Drop for StderrProgress {
    fn drop(&mut self) {
        if self.shown {
            note_part!("\r\x1b[K");
        }
    }
}
