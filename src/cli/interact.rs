//! Talking to the person at the terminal: confirmations and progress on stderr.

use std::io::{BufRead, IsTerminal, Write};
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
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes" | "YES"))
}

/// Asks `question` when a person is at the terminal; a script, which names exactly what it
/// acts on, is not asked (as before these questions existed). `yes` skips the question.
pub fn confirm_at_terminal(question: &str, yes: bool) -> anyhow::Result<bool> {
    if yes || !std::io::stdin().is_terminal() {
        return Ok(true);
    }
    confirm(question, false, "--yes")
}

/// `generate: 34000/100000` on stderr, once the work has run for a second.
pub struct StderrProgress {
    label: &'static str,
    started: Instant,
    shown: bool,
}

impl StderrProgress {
    pub fn new(label: &'static str) -> StderrProgress {
        StderrProgress { label, started: Instant::now(), shown: false }
    }
}

impl Progress for StderrProgress {
    fn step(&mut self, done: usize, total: usize) {
        if self.started.elapsed() < Duration::from_secs(1) || !std::io::stderr().is_terminal() {
            return;
        }
        self.shown = true;
        eprint!("\r{}: {done}/{total}", self.label);
        if done == total {
            eprintln!();
        }
    }
}

impl Drop for StderrProgress {
    fn drop(&mut self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}
