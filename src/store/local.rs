//! The database on this machine: sled, one tree per record kind, opened by one process at a time.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::codec::{self, Record};
use super::error::{Result, StoreError};
use super::lock::{DatabaseLock, Holder};
use super::{schema, tree};

/// sled's page cache; the default (1 GiB) is far more than a course needs.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;
/// How long a database this process dropped may keep sled's lock (see `open_sled`).
const SLED_LOCK_PATIENCE: Duration = Duration::from_secs(5);

pub struct LocalStore {
    pub(super) path: PathBuf,
    pub(super) db: sled::Db,
    pub(super) meta: sled::Tree,
    pub(super) courses: sled::Tree,
    pub(super) enrollments: sled::Tree,
    pub(super) ledgers: sled::Tree,
    pub(super) codes: sled::Tree,
    pub(super) audit: sled::Tree,
    pub(super) allowlist: sled::Tree,
    pub(super) invalidations: sled::Tree,
    pub(super) settings: sled::Tree,
    pub(super) examples: sled::Tree,
    pub(super) templates: sled::Tree,
    pub(super) images: sled::Tree,
    pub(super) farewells: sled::Tree,
    pub(super) deliveries: sled::Tree,
    pub(super) links: sled::Tree,
    /// Each certificate's credential seal, by code.
    pub(super) credentials: sled::Tree,
    /// The database's own audit trail (`database_log`), by sequence number.
    pub(super) database_log: sled::Tree,
    /// Unsaved template text, per template and login (`drafts`).
    pub(super) drafts: sled::Tree,
    /// The issuer's signing keys, from the key file beside the database.
    pub(super) issuer: super::credentials::KeyHolder,
    /// Held by an import while it writes a course's new generation.
    pub(super) imports: std::sync::Mutex<()>,
    /// Written while a template is deleted, read while a commit names templates (new
    /// certificates, a course's choice of template): a commit cannot name a template whose
    /// deletion has looked for its uses and not yet removed it (see `delete_template`).
    pub(super) template_uses: std::sync::RwLock<()>,
    /// How many times the staff list changed since the database was opened (see `staff`).
    pub(super) staff_changes: std::sync::atomic::AtomicU64,
    // Dropped last: the lock outlives every handle on the database.
    _lock: DatabaseLock,
}

/// Makes the database's directory, if it is new, readable by its owner alone: it holds
/// learners' names, addresses and grades. (A server lets its group reach the socket only.)
fn create_private_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    if path.is_dir() {
        return Ok(());
    }
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    match std::fs::DirBuilder::new().mode(0o700).create(path) {
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    }
}

impl LocalStore {
    /// Opens (creating if needed) the database in the directory `path`.
    pub fn open(path: &Path) -> Result<LocalStore> {
        LocalStore::open_as(path, Holder::Other)
    }

    /// Opens the database in `path` for `certdesk serve`, which the lock file then names as
    /// its server while it opens.
    pub fn open_to_serve(path: &Path) -> Result<LocalStore> {
        LocalStore::open_as(path, Holder::Server)
    }

    fn open_as(path: &Path, holder: Holder) -> Result<LocalStore> {
        let store = LocalStore::open_trees(path, holder)?;
        schema::check_and_migrate(&store)?;
        Ok(store)
    }

    pub(super) fn open_trees(path: &Path, holder: Holder) -> Result<LocalStore> {
        create_private_dir(path).map_err(|cause| StoreError::Open { path: path.to_path_buf(), cause })?;
        let lock = DatabaseLock::acquire(path, holder)?;
        keep_files_private_where_shared(path);
        let db = open_sled(path)?;
        let open_tree = |name: &str| db.open_tree(name).map_err(|error| open_error(path, error));
        Ok(LocalStore {
            meta: open_tree(tree::META)?,
            courses: open_tree(tree::COURSES)?,
            enrollments: open_tree(tree::ENROLLMENTS)?,
            ledgers: open_tree(tree::LEDGERS)?,
            codes: open_tree(tree::CODES)?,
            audit: open_tree(tree::AUDIT)?,
            allowlist: open_tree(tree::ALLOWLIST)?,
            invalidations: open_tree(tree::INVALIDATIONS)?,
            settings: open_tree(tree::SETTINGS)?,
            examples: open_tree(tree::EXAMPLES)?,
            templates: open_tree(tree::TEMPLATES)?,
            images: open_tree(tree::IMAGES)?,
            farewells: open_tree(tree::FAREWELLS)?,
            deliveries: open_tree(tree::DELIVERIES)?,
            links: open_tree(tree::LINKS)?,
            credentials: open_tree(tree::CREDENTIALS)?,
            database_log: open_tree(tree::DATABASE_LOG)?,
            drafts: open_tree(tree::DRAFTS)?,
            issuer: Default::default(),
            imports: std::sync::Mutex::new(()),
            template_uses: std::sync::RwLock::new(()),
            staff_changes: Default::default(),
            path: path.to_path_buf(),
            db,
            _lock: lock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes everything written so far durable. Every command calls this before it reports
    /// success, so what the user was told is saved survives a crash a moment later.
    pub fn flush(&self) -> Result<()> {
        self.db.flush()?;
        Ok(())
    }

    /// True when nothing has ever been imported.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.courses.is_empty())
    }
}

/// A database `certdesk serve --group` shares (its directory setgid and the group's to pass
/// through) keeps every file its owner's alone: the server writes with umask 077, and so does
/// the owner's own certdesk opening it directly while no server runs. sled made its next
/// snapshot `0644` there, which a member could read by its name. What this process writes
/// elsewhere (an export) is the owner's alone too, as the learners' data in it is.
fn keep_files_private_where_shared(path: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    const SHARED: u32 = 0o2010;
    let shared = std::fs::metadata(path).is_ok_and(|dir| dir.permissions().mode() & SHARED == SHARED);
    if shared {
        nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o077));
    }
}

/// Opens sled, which locks its own files too. Holding `DatabaseLock`, no other process can hold
/// sled's lock, but a database this process dropped a moment ago can: sled's flusher thread
/// lets go of the files a little after the drop returns. So a refused sled lock is tried again
/// for a while (sled's own tests wait on it for the same reason).
fn open_sled(path: &Path) -> Result<sled::Db> {
    let deadline = Instant::now() + SLED_LOCK_PATIENCE;
    loop {
        match sled::Config::new().path(path).cache_capacity(CACHE_BYTES).open() {
            // sled 0.34 says so only in the message of an `Other` I/O error.
            Err(sled::Error::Io(error)) if error.to_string().starts_with("could not acquire lock") => {
                if Instant::now() >= deadline {
                    let waited = format!(
                        "its files stayed locked for {} s although no other certdesk holds the database \
                         (is another program using them?): {error}",
                        SLED_LOCK_PATIENCE.as_secs()
                    );
                    return Err(StoreError::Open { path: path.to_path_buf(), cause: std::io::Error::other(waited) });
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            opened => return opened.map_err(|error| open_error(path, error)),
        }
    }
}

fn open_error(path: &Path, error: sled::Error) -> StoreError {
    match error {
        sled::Error::Io(cause) => StoreError::Open { path: path.to_path_buf(), cause },
        other => StoreError::Sled(other),
    }
}

/// Reads and decodes one value.
pub(super) fn get<R: Record>(tree: &sled::Tree, name: &str, key: &[u8]) -> Result<Option<R>> {
    tree.get(key)?.map(|bytes| codec::decode(name, key, &bytes)).transpose()
}
