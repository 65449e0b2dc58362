//! One certdesk process per database: an exclusive lock on a pid file beside sled's files.
//!
//! sled locks its own file too, but reports a second opener only as a formatted I/O error;
//! taking our own lock first lets a second certdesk say which process holds the database.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::error::{Result, StoreError};

pub const LOCK_FILE: &str = "certdesk.lock";

/// Held for the life of the `Store`; the operating system releases it when the process ends,
/// however it ends.
#[derive(Debug)]
pub struct DatabaseLock {
    _file: File,
}

impl DatabaseLock {
    pub fn acquire(dir: &Path) -> Result<DatabaseLock> {
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
                    record_pid(&mut file).map_err(open_error)?;
                    return Ok(DatabaseLock { _file: file });
                }
                Err(TryLockError::WouldBlock) => {
                    let ours = recorded_pid(&mut file) == Some(std::process::id());
                    if !ours || started.elapsed() > std::time::Duration::from_secs(2) {
                        return Err(StoreError::Locked { path: dir.to_path_buf(), holder: read_holder(&mut file) });
                    }
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(TryLockError::Error(source)) => return Err(open_error(source)),
            }
        }
    }
}

/// `pid login`: who holds the database, for the message a second process gets.
fn record_pid(file: &mut File) -> std::io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    writeln!(file, "{} {}", std::process::id(), crate::serve::identity::own_login())?;
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

/// `pid 4242, user alice` from what `record_pid` wrote.
fn read_holder(file: &mut File) -> Option<String> {
    let text = recorded(file)?;
    let mut words = text.split_whitespace();
    let pid: u32 = words.next()?.parse().ok()?;
    Some(match words.next() {
        Some(login) => format!("pid {pid}, user {login}"),
        None => format!("pid {pid}"),
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
        let lock = DatabaseLock::acquire(dir.path()).expect("lock");
        let copy = lock._file.try_clone().expect("a second descriptor");
        drop(lock);
        let released = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(200));
            drop(copy);
        });
        DatabaseLock::acquire(dir.path()).expect("acquired once the copy is closed");
        released.join().expect("thread");
    }
}
