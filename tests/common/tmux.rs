//! A real terminal for end-to-end tests: a tmux session running a shell, driven by keys.

use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux session running a shell, killed when the test ends however it ends.
pub struct Tmux {
    name: String,
}

impl Tmux {
    pub fn start(test: &str, width: u16, height: u16) -> Tmux {
        let name = format!("certdesk-e2e-{}-{test}", std::process::id());
        let status = Command::new("tmux")
            .args(["new-session", "-d", "-s", &name, "-x", &width.to_string(), "-y", &height.to_string()])
            .args(["env", "-u", "CERTDESK_DB", "-u", "NO_COLOR", "PS1=e2e$ ", "USER=tester", "TERM=xterm-256color"])
            .args(["sh"])
            .status()
            .expect("tmux runs (scripts/test installs it)");
        assert!(status.success(), "tmux new-session failed");
        Tmux { name }
    }

    pub fn send(&self, keys: &[&str]) {
        let status = Command::new("tmux").args(["send-keys", "-t", &self.name]).args(keys).status().expect("tmux");
        assert!(status.success());
    }

    /// Types `text` literally.
    pub fn type_text(&self, text: &str) {
        self.send(&["-l", text]);
    }

    pub fn screen(&self) -> String {
        let output = Command::new("tmux").args(["capture-pane", "-p", "-t", &self.name]).output().expect("tmux");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    #[track_caller]
    pub fn wait_for(&self, text: &str) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if started.elapsed() > Duration::from_secs(20) {
                panic!("waited 20 s for {text:?}; the screen is:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["kill-session", "-t", &self.name]).status();
    }
}
