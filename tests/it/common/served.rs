//! A real `certdesk serve` for end-to-end tests, and a second operating-system user to reach
//! it: `nobody`, in the group `certdesk-e2e` that scripts/test makes.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::tmux::Tmux;
use super::{BIN, TestDb};

pub const COURSE: &str = "middle-earth-101";
/// The group scripts/test makes, with `nobody` in it.
pub const GROUP: &str = "certdesk-e2e";

/// A running `certdesk serve`, killed (SIGKILL) when dropped.
pub struct Served {
    pub child: Child,
    /// The first line it wrote: where it serves, and for whom.
    pub said: String,
}

impl Served {
    #[track_caller]
    pub fn start(db: &TestDb, extra: &[&str]) -> Served {
        let mut child = db
            .command(&["serve"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start certdesk serve");
        let mut said = String::new();
        BufReader::new(child.stderr.as_mut().expect("stderr")).read_line(&mut said).expect("read stderr");
        assert!(said.contains("certdesk serve: serving"), "the server did not start: {said}");
        Served { child, said }
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Stops it as Ctrl-C does, so it takes its socket away (one kept in /tmp, say).
    pub fn stop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let _ = self.child.wait();
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The sample course in a database `nobody` can reach (the directories on the way are open
/// to search, the binary is a copy beside it).
pub fn shared_sample() -> (TestDb, PathBuf) {
    let db = TestDb::with_sample();
    let bin = reachable_by_nobody(&db);
    (db, bin)
}

/// Opens the directory around `db` to search by others and copies the binary into it.
pub fn reachable_by_nobody(db: &TestDb) -> PathBuf {
    std::fs::set_permissions(db.dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let bin = db.dir.path().join("certdesk");
    std::fs::copy(BIN, &bin).expect("copy the binary");
    bin
}

/// `PROGRAM` run as `nobody`.
pub fn nobody_runs(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "nobody", "--"]);
        command
    } else {
        let mut command = Command::new("sudo");
        command.args(["-n", "-u", "nobody", "--"]);
        command
    };
    command.arg(program);
    command
}

/// `certdesk --db DB ARGS…` run as `nobody`.
pub fn as_nobody(bin: &Path, db: &TestDb) -> Command {
    let mut command = nobody_runs(bin);
    command.arg("--db").arg(db.path()).env_remove("CERTDESK_DB");
    command
}

/// What prefixes a shell command to run it as `nobody`.
pub fn nobody_prefix() -> &'static str {
    if is_root() { "runuser -u nobody --" } else { "sudo -n -u nobody --" }
}

pub fn is_root() -> bool {
    nix::unistd::Uid::effective().is_root()
}

pub fn output(command: &mut Command) -> Output {
    command.output().expect("run certdesk")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[track_caller]
pub fn until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(30), "waited 30 s for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn open_tui(tmux: &Tmux, command: &str) {
    tmux.wait_for("e2e$");
    tmux.type_text(command);
    tmux.send(&["Enter"]);
    tmux.wait_for("29 learners");
}
