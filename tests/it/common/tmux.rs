//! A real terminal for end-to-end tests: a tmux session running a shell, driven by keys.

use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux session running a shell, killed when the test ends however it ends. Each runs on a
/// tmux server of its own (`-S`, a socket at a path of its own): on one shared server, a
/// test's `new-session` could reach the server just as another test's `kill-session` of the
/// last session made it exit, and fail.
pub struct Tmux {
    name: String,
    socket: std::path::PathBuf,
}

/// Numbers the sockets of one test binary's sessions.
static SOCKETS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl Tmux {
    pub fn start(test: &str, width: u16, height: u16) -> Tmux {
        let name = format!("certdesk-e2e-{}-{test}", std::process::id());
        // Short: a socket's path has room for about 100 bytes.
        let number = SOCKETS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = std::env::temp_dir().join(format!("cde2e-{}-{number}", std::process::id()));
        // The course each test database was last open on is kept here, not in the user's home.
        let state = std::env::temp_dir().join("certdesk-e2e-state");
        let status = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(["new-session", "-d", "-s", &name, "-x", &width.to_string(), "-y", &height.to_string()])
            .args(["env", "-u", "CERTDESK_DB", "-u", "NO_COLOR", "PS1=e2e$ ", "USER=tester", "TERM=xterm-256color"])
            .arg(format!("XDG_STATE_HOME={}", state.display()))
            .args(["sh"])
            .status()
            .expect("tmux runs (scripts/test installs it)");
        assert!(status.success(), "tmux new-session failed");
        Tmux { name, socket }
    }

    /// `tmux` on this session's server.
    fn tmux(&self) -> Command {
        let mut command = Command::new("tmux");
        command.arg("-S").arg(&self.socket);
        command
    }

    pub fn send(&self, keys: &[&str]) {
        let status = self.tmux().args(["send-keys", "-t", &self.name]).args(keys).status().expect("tmux");
        assert!(status.success());
    }

    /// Types `text` literally.
    pub fn type_text(&self, text: &str) {
        self.send(&["-l", text]);
    }

    /// The column of the cursor, as tmux counts cells.
    pub fn cursor_x(&self) -> usize {
        let output =
            self.tmux().args(["display-message", "-p", "-t", &self.name, "#{cursor_x}"]).output().expect("tmux");
        String::from_utf8_lossy(&output.stdout).trim().parse().expect("a column")
    }

    /// Whether the pane wraps text at its right edge (tmux's `wrap_flag`, DECAWM).
    pub fn wraps(&self) -> bool {
        let output =
            self.tmux().args(["display-message", "-p", "-t", &self.name, "#{wrap_flag}"]).output().expect("tmux");
        String::from_utf8_lossy(&output.stdout).trim() == "1"
    }

    /// Copies everything the program in the pane writes (escape sequences included) to `path`.
    pub fn record_output(&self, path: &std::path::Path) {
        let command = format!("cat > '{}'", path.display());
        let status = self.tmux().args(["pipe-pane", "-o", "-t", &self.name, &command]).status().expect("tmux");
        assert!(status.success(), "tmux pipe-pane failed");
    }

    /// The process running in the pane (after `exec PROGRAM`, the program's).
    pub fn pane_pid(&self) -> u32 {
        let output =
            self.tmux().args(["display-message", "-p", "-t", &self.name, "#{pane_pid}"]).output().expect("tmux");
        String::from_utf8_lossy(&output.stdout).trim().parse().expect("a process id")
    }

    pub fn screen(&self) -> String {
        let output = self.tmux().args(["capture-pane", "-p", "-t", &self.name]).output().expect("tmux");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until `done` holds for the screen, returning it.
    #[track_caller]
    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            // tmux can be read while a frame is half written: once the screen looks done,
            // look again a moment later and take that one, if it still does.
            if done(&screen) {
                std::thread::sleep(Duration::from_millis(60));
                let settled = self.screen();
                if done(&settled) {
                    return settled;
                }
            }
            if started.elapsed() > Duration::from_secs(20) {
                panic!("waited 20 s for {what}; the screen is:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
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
        let _ = self.tmux().args(["kill-session", "-t", &self.name]).status();
        // The server leaves its socket behind when its last session ends, or when the shell
        // in it exits first: removed by its path, which needs no server to ask.
        let _ = std::fs::remove_file(&self.socket);
    }
}
