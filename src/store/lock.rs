//! One certdesk process per database: an exclusive lock on a pid file beside sled's files.
//!
//! sled locks its own file too, but reports a second opener only as a formatted I/O error;
//! taking our own lock first lets a second certdesk say which process holds the database.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::error::{Result, StoreError};

pub const LOCK_FILE: &str = "certdesk.lock";

/// The word after `pid login` in the lock file of a database that a server holds.
const SERVER_MARK: &str = "serve";

/// Held for the life of the `Store`; the operating system releases it when the process ends,
/// however it ends.
#[derive(Debug)]
pub struct DatabaseLock {
    _file: File,
}

/// Who takes the lock: a database's server says so in the lock file, since it holds the lock a
/// while before its socket answers (opening a large database takes seconds), and another
/// certdesk that finds the database held then is told a server holds it, not that a terminal
/// application does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    Server,
    Other,
}

impl DatabaseLock {
    pub fn acquire(dir: &Path, holder: Holder) -> Result<DatabaseLock> {
        let open_error = |cause| StoreError::Open { path: dir.to_path_buf(), cause };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(LOCK_FILE))
            .map_err(open_error)?;
        // A lock this process let go of a moment ago may still be held by a child it was
        // forking just then (the child's copy of the descriptor lasts until its exec): wait
        // for it, briefly. Another process's lock is reported at once.
        let started = std::time::Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => {
                    record_pid(&mut file, holder).map_err(open_error)?;
                    return Ok(DatabaseLock { _file: file });
                }
                Err(TryLockError::WouldBlock) => {
                    let ours = recorded_pid(&mut file) == Some(std::process::id());
                    if !ours || started.elapsed() > std::time::Duration::from_secs(2) {
                        let text = recorded(&mut file).unwrap_or_default();
                        return Err(StoreError::Locked {
                            path: dir.to_path_buf(),
                            holder: holder_of(&text),
                            serving: held_by_a_server(&text),
                        });
                    }
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(TryLockError::Error(source)) => return Err(open_error(source)),
            }
        }
    }
}

/// `pid login` (then `serve` for a server): who holds the database, for the message a second
/// process gets.
fn record_pid(file: &mut File, holder: Holder) -> std::io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    let mark = if holder == Holder::Server { format!(" {SERVER_MARK}") } else { String::new() };
    writeln!(file, "{} {}{mark}", std::process::id(), crate::serve::identity::own_login())?;
    file.sync_all()
}

/// What `record_pid` wrote.
fn recorded(file: &mut File) -> Option<String> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    Some(text)
}

fn recorded_pid(file: &mut File) -> Option<u32> {
    recorded(file)?.split_whitespace().next()?.parse().ok()
}

/// Whether what `record_pid` wrote is a server's.
fn held_by_a_server(text: &str) -> bool {
    text.split_whitespace().nth(2) == Some(SERVER_MARK)
}

/// `pid 4242, user alice` from what `record_pid` wrote.
fn holder_of(text: &str) -> Option<String> {
    let mut words = text.split_whitespace();
    let pid: u32 = words.next()?.parse().ok()?;
    Some(match words.next() {
        Some(login) => format!("pid {pid}, user {login}"),
        None => format!("pid {pid}"),
    })
}

/// Who holds the database in `dir` (`pid 4242, user ana`), for someone who may not take its
/// lock: a member of its group, told its server is not running, is told instead that the
/// owner has it open without one. Read from the kernel's list of locks rather than by trying
/// the lock, which for a moment would hold off a server starting just then.
pub fn held_by(dir: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt as _;
    let path = dir.join(LOCK_FILE);
    let metadata = std::fs::metadata(&path).ok()?;
    let locks = std::fs::read_to_string("/proc/locks").ok()?;
    let dev = metadata.dev();
    let pid = lock_holder(&locks, nix::sys::stat::major(dev), nix::sys::stat::minor(dev), metadata.ino())?;
    let login = std::fs::read_to_string(&path).ok().and_then(|text| {
        let mut words = text.split_whitespace();
        (words.next()?.parse::<u32>().ok()? == pid).then(|| words.next().map(str::to_string))?
    });
    Some(match login {
        Some(login) => format!("pid {pid}, user {login}"),
        None => format!("pid {pid}"),
    })
}

/// Whether the lock file of the database in `dir` says a server holds it (true only while
/// someone holds it: `held_by` says whether anyone does).
pub fn recorded_as_server(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join(LOCK_FILE)).is_ok_and(|text| held_by_a_server(&text))
}

/// The process holding a whole-file lock (`flock`) on the file `major:minor:inode`, from the
/// text of /proc/locks (`1: FLOCK  ADVISORY  WRITE 4242 fe:00:5309127 0 EOF`; a line with
/// `->` is a process waiting for the lock, not holding it).
fn lock_holder(locks: &str, major: u64, minor: u64, inode: u64) -> Option<u32> {
    let file = format!("{major:02x}:{minor:02x}:{inode}");
    locks.lines().find_map(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            [_, "FLOCK", _, "WRITE", pid, id, ..] if *id == file => pid.parse().ok(),
            _ => None,
        }
    })
}

#[cfg(test)]
mod own_lock_tests {
    use super::*;

    /// A copy of the descriptor (as a child holds between fork and exec) keeps this process's
    /// released lock a moment longer; acquiring again waits for it instead of refusing.
    #[test]
    fn a_lock_this_process_just_released_is_waited_for() {
        let dir = tempfile::tempdir().expect("temp dir");
        let lock = DatabaseLock::acquire(dir.path(), Holder::Other).expect("lock");
        let copy = lock._file.try_clone().expect("a second descriptor");
        drop(lock);
        let released = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(200));
            drop(copy);
        });
        DatabaseLock::acquire(dir.path(), Holder::Other).expect("acquired once the copy is closed");
        released.join().expect("thread");
    }

    #[test]
    fn the_holder_of_a_lock_is_read_from_the_kernels_list() {
        let locks = "1: FLOCK  ADVISORY  WRITE 6146 fe:00:5309127 0 EOF\n\
                     1: -> FLOCK  ADVISORY  WRITE 7311 fe:00:5309127 0 EOF\n\
                     2: POSIX  ADVISORY  WRITE 7759 08:01:42 0 EOF\n\
                     3: FLOCK  ADVISORY  WRITE 20541 08:01:43 0 EOF\n";
        assert_eq!(lock_holder(locks, 0xfe, 0, 5309127), Some(6146), "the holder, not the one waiting");
        assert_eq!(lock_holder(locks, 8, 1, 43), Some(20541));
        assert_eq!(lock_holder(locks, 8, 1, 42), None, "a byte-range lock is not certdesk's");
        assert_eq!(lock_holder(locks, 8, 1, 44), None);
    }

    #[test]
    fn a_server_is_told_from_other_holders_by_its_mark() {
        assert!(held_by_a_server("4242 ana serve\n"));
        assert!(!held_by_a_server("4242 ana\n"), "a terminal application or a command");
        assert!(!held_by_a_server("4242\n"));
        assert_eq!(holder_of("4242 ana serve\n").as_deref(), Some("pid 4242, user ana"));
    }

    #[test]
    fn a_held_database_names_its_holder_and_a_free_one_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        let lock = DatabaseLock::acquire(dir.path(), Holder::Other).expect("lock");
        let holder = format!("pid {}, user {}", std::process::id(), crate::serve::identity::own_login());
        assert_eq!(held_by(dir.path()), Some(holder));
        drop(lock);
        // A child another test forks holds a copy of the descriptor until it execs, and the
        // lock with it (as in the test above): released, it is gone within that moment.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while held_by(dir.path()).is_some() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(held_by(dir.path()), None);
    }
}
