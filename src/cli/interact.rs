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
    note_part!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let answer = read_answer()?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes" | "YES"))
}

/// A line from stdin, or an error saying nothing was done when Ctrl-C comes first: the signal
/// handlers restart the read, so it is made on a thread of its own while this one watches.
fn read_answer() -> anyhow::Result<String> {
    let read = || {
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer).map(|_| answer)
    };
    if !super::stop::watched() {
        return Ok(read()?);
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    // Left blocked in its read if the question is not answered: the process ends soon after.
    std::thread::spawn(move || sender.send(read()));
    loop {
        match receiver.recv_timeout(Duration::from_millis(50)) {
            Ok(answer) => return Ok(answer?),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => bail!("stdin could not be read"),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if super::stop::requested() {
                    note!();
                    bail!("Stopped at the question: nothing was done.");
                }
            }
        }
    }
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
/// with SIGHUP; see `stop`), which the work takes at its next step: an export removes its
/// temporary files, generate keeps the parts it finished.
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
        note_part!("\r{}: {done}/{total}", self.label);
        if done == total {
            note!();
        }
    }

    fn cancelled(&self) -> bool {
        super::stop::requested()
    }
}

impl Drop for StderrProgress {
    fn drop(&mut self) {
        if self.shown {
            note_part!("\r\x1b[K");
        }
    }
}
