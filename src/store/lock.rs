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
        match file.try_lock() {
            Ok(()) => {
                record_pid(&mut file).map_err(open_error)?;
                Ok(DatabaseLock { _file: file })
            }
            Err(TryLockError::WouldBlock) => {
                Err(StoreError::Locked { path: dir.to_path_buf(), holder: read_holder(&mut file) })
            }
            Err(TryLockError::Error(source)) => Err(open_error(source)),
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

/// `pid 4242, user alice` from what `record_pid` wrote.
fn read_holder(file: &mut File) -> Option<String> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    let mut words = text.split_whitespace();
    let pid: u32 = words.next()?.parse().ok()?;
    Some(match words.next() {
        Some(login) => format!("pid {pid}, user {login}"),
        None => format!("pid {pid}"),
    })
}
