//! Which database a command opens (`--db`, `CERTDESK_DB`, or the default one; through its
//! server when one serves it) and what a database gets before its first use.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::ops;
use crate::store::Store;

/// The database from `--db` or `CERTDESK_DB`, else the default one; whether it is the default.
pub(super) fn database_path(db: Option<&Path>) -> anyhow::Result<(PathBuf, bool)> {
    Ok(match db {
        Some(path) => {
            refuse_what_is_no_database(path)?;
            (path.to_path_buf(), false)
        }
        None => (default_database()?, true),
    })
}

/// A database named by hand is made where it is missing, but never in a place that only a
/// mistyped path would name: under a directory that does not exist, over a file, or among the
/// files of a directory that is no database (a course folder, a home directory).
fn refuse_what_is_no_database(path: &Path) -> anyhow::Result<()> {
    let shown = path.display();
    if path.is_file() {
        anyhow::bail!("{shown} is a file; --db names a database directory");
    }
    if path.is_dir() {
        // sled's own two files, or certdesk's lock: asked by name, which a directory staff may
        // enter but not list allows.
        let a_database =
            path.join(crate::store::LOCK_FILE).is_file() || (path.join("conf").is_file() && path.join("db").is_file());
        // What a new database's directory may already hold: the socket systemd opens there
        // for the server before its first start, and a volume's lost+found.
        let made_for_it = [crate::serve::socket::SOCKET, crate::serve::socket::POINTER, "lost+found"];
        let others = || {
            std::fs::read_dir(path)
                .map(|entries| {
                    entries.flatten().any(|entry| !made_for_it.iter().any(|name| entry.file_name() == *name))
                })
                .unwrap_or(false)
        };
        if !a_database && others() {
            anyhow::bail!(
                "{shown} is not a certdesk database: it holds other files; name the database's directory, or a new one"
            );
        }
        return Ok(());
    }
    // Behind a directory closed to this user (the owner's home, for a database its owner
    // serves to a group), the database is there but cannot be seen: not "no database".
    if let Some(reason) = crate::access::why_cannot_reach(path) {
        anyhow::bail!("cannot reach the database {shown}: {reason}");
    }
    match path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        Some(parent) if !parent.is_dir() => anyhow::bail!(
            "there is no database {shown}, nor a directory {} to make it in; check the path (or create the directory first)",
            parent.display()
        ),
        _ => Ok(()),
    }
}

/// The database from `--db` or `CERTDESK_DB`, else the default one: through its server when
/// `certdesk serve` serves it, otherwise opened here.
pub fn open_store(db: Option<&Path>) -> anyhow::Result<Store> {
    let (path, is_default) = database_path(db)?;
    if let Some(store) = Store::open_served(&path)? {
        return Ok(store);
    }
    super::owner::refuse_another_owners(&path)?;
    let store = Store::open(&path).map_err(|error| explain_denied(&path, error))?;
    prepare(&store, &path, is_default)?;
    Ok(store)
}

/// Opened by its owner (`owner::refuse_another_owners` turned everyone else away), a database
/// that denies access sits in a directory this user may not write in (or enter), or holds files
/// another account wrote into it: say which, and what to do.
fn explain_denied(path: &Path, error: crate::store::StoreError) -> anyhow::Error {
    let denied = match &error {
        crate::store::StoreError::Open { cause, .. } => cause.kind() == std::io::ErrorKind::PermissionDenied,
        _ => false,
    };
    if !denied {
        return error.into();
    }
    // The directory itself, or one above it, may be what refuses: then no file in it is to
    // blame. (A name that is in no database stands for any file sled would make there.)
    match path.try_exists() {
        Ok(true) => {
            if let Some(reason) = crate::access::why_cannot_write(&path.join(".certdesk-new-file")) {
                return anyhow::anyhow!("cannot open the database {}: {reason}", path.display());
            }
        }
        _ => {
            if let Some(reason) = crate::access::why_cannot_write(path) {
                return anyhow::anyhow!("cannot make the database {}: {reason}", path.display());
            }
        }
    }
    if let Some(read_only) = read_only_file_of_ours(path) {
        return anyhow::anyhow!(
            "cannot open the database {}: its file {} is read-only; make it writable again with `chmod u+w {}`",
            path.display(),
            read_only.display(),
            crate::domain::shown::shell_word(&read_only)
        );
    }
    anyhow::anyhow!(
        "{error}: some of its files are another account's (written by root, say); give them back with `sudo chown -R {} {}`",
        crate::serve::identity::own_login(),
        path.display()
    )
}

/// A file of the database in `path`, this user's own, that they may not write: made read-only
/// by hand (`chmod u-w`), where `chown` is no help.
fn read_only_file_of_ours(path: &Path) -> Option<PathBuf> {
    use std::os::unix::fs::MetadataExt as _;
    let own = nix::unistd::getuid().as_raw();
    let files = std::fs::read_dir(path).ok()?.flatten().map(|entry| entry.path());
    files
        .filter(|file| file.is_file())
        .find(|file| std::fs::metadata(file).is_ok_and(|meta| meta.uid() == own && meta.mode() & 0o200 == 0))
}

/// What an opened database needs before use: the built-in templates, and the sample course the
/// first time the default database is opened empty. (A server does this for its clients.)
pub(super) fn prepare(store: &Store, path: &Path, is_default: bool) -> anyhow::Result<()> {
    ops::ensure_default_templates(store, jiff::Timestamp::now())?;
    if is_default && store.is_empty()? {
        let folder = crate::import::validate(crate::sample::middle_earth(), Vec::new())
            .context("the built-in sample course is invalid")?;
        let report =
            crate::import::import_validated(store, folder, None, (&ops::current_actor(), jiff::Timestamp::now()))?;
        note!("certdesk: new database {}; loaded the sample course {}", path.display(), report.course);
    }
    Ok(())
}

pub(super) fn default_database() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "certdesk")
        .context("cannot find a home directory for the database; name one with --db PATH or CERTDESK_DB")?;
    Ok(dirs.data_dir().to_path_buf())
}

/// A database made for one command in the system's temporary directory, removed when dropped.
pub(super) struct Scratch {
    path: PathBuf,
}

impl Scratch {
    pub(super) fn new() -> anyhow::Result<Scratch> {
        let path = std::env::temp_dir().join(format!("certdesk-scratch-{}", std::process::id()));
        // Left by a process of this id killed before it removed it.
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir(&path).with_context(|| format!("cannot make {}", path.display()))?;
        Ok(Scratch { path })
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
