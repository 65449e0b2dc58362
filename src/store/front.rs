//! `Store`: the one interface to a database, local or remote. Each call goes to the sled
//! database this process opened, or over the socket to the server that owns the database.
//! The calls are grouped by the store's areas in the modules below; here are the database as
//! a whole (opening, sharing, flushing, the staff list) and the dispatch they all use.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::{Result, StoreError};
use super::local::LocalStore;
use crate::serve::identity::own_login;
use crate::serve::protocol::{Request, Response};
use crate::serve::{MailRunClaim, RemoteStore, Subscription};

pub struct Store {
    inner: Inner,
}

/// A course's mail run, claimed (see `Store::claim_mail_run`) until dropped.
pub struct MailRun {
    _claim: Option<MailRunClaim>,
}

enum Inner {
    /// Shared with the server's HTTP service when `certdesk serve` owns the database.
    Local(Arc<LocalStore>),
    Remote(RemoteStore),
}

/// The answer of a remote call, as the variant the call returns.
macro_rules! remote {
    ($client:expr, $request:expr, $variant:ident) => {
        match $client.call($request)? {
            Response::$variant(value) => Ok(value),
            other => Err(unexpected(other)),
        }
    };
}

mod courses;
mod credentials;
mod library;
mod mail;

fn unexpected(response: Response) -> StoreError {
    StoreError::Server(format!("the server answered with an unexpected {response:?}"))
}

impl Store {
    /// Opens the database in the directory `path` in this process (creating it if needed).
    pub fn open(path: &Path) -> Result<Store> {
        Ok(Store { inner: Inner::Local(Arc::new(LocalStore::open(path)?)) })
    }

    /// Uses the database in `path`: through its server when `certdesk serve` serves it,
    /// otherwise opened in this process.
    pub fn open_shared(path: &Path) -> Result<Store> {
        match RemoteStore::connect(path)? {
            Some(remote) => Ok(Store { inner: Inner::Remote(remote) }),
            None => Store::open(path),
        }
    }

    /// The database in `path` through its server, if `certdesk serve` serves it.
    pub fn open_served(path: &Path) -> Result<Option<Store>> {
        Ok(RemoteStore::connect(path)?.map(|remote| Store { inner: Inner::Remote(remote) }))
    }

    pub fn from_local(local: LocalStore) -> Store {
        Store { inner: Inner::Local(Arc::new(local)) }
    }

    /// The database the server owns, seen through the same interface as everywhere else.
    pub fn from_shared(local: Arc<LocalStore>) -> Store {
        Store { inner: Inner::Local(local) }
    }

    /// The database in this process, given back (to be served), if it is opened here.
    pub fn into_local(self) -> Option<Arc<LocalStore>> {
        match self.inner {
            Inner::Local(local) => Some(local),
            Inner::Remote(_) => None,
        }
    }

    /// The database in this process, if it is opened here.
    pub fn local(&self) -> Option<&LocalStore> {
        match &self.inner {
            Inner::Local(local) => Some(local),
            Inner::Remote(_) => None,
        }
    }

    /// Whether a server shares this database with other certdesk processes.
    pub fn is_shared(&self) -> bool {
        matches!(self.inner, Inner::Remote(_))
    }

    /// Notices of every change others make, when the database is shared.
    pub fn subscribe(&self) -> Option<Subscription> {
        match &self.inner {
            Inner::Local(_) => None,
            Inner::Remote(remote) => Some(remote.subscribe()),
        }
    }

    /// Claims `course`'s mail run for as long as the answer lives. Through a server, a second
    /// run of the course is refused meanwhile (two would mail its learners twice); a process
    /// with the database to itself has no one to share it with.
    pub fn claim_mail_run(&self, course: &str) -> Result<MailRun> {
        match &self.inner {
            Inner::Local(_) => Ok(MailRun { _claim: None }),
            Inner::Remote(remote) => Ok(MailRun { _claim: Some(remote.claim_mail_run(course)?) }),
        }
    }

    pub fn path(&self) -> PathBuf {
        match &self.inner {
            Inner::Local(local) => local.path().to_path_buf(),
            Inner::Remote(remote) => remote.path().to_path_buf(),
        }
    }

    /// Makes everything written so far durable. Every command calls this before it reports
    /// success, so what the user was told is saved survives a crash a moment later.
    pub fn flush(&self) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.flush(),
            Inner::Remote(remote) => done(remote.call(Request::Flush)?),
        }
    }

    /// True when nothing has ever been imported.
    pub fn is_empty(&self) -> Result<bool> {
        match &self.inner {
            Inner::Local(local) => local.is_empty(),
            Inner::Remote(remote) => remote!(remote, Request::IsEmpty, Bool),
        }
    }

    /// The login names allowed to use the server; empty when everyone is.
    pub fn staff(&self) -> Result<Vec<String>> {
        match &self.inner {
            Inner::Local(local) => local.staff(),
            Inner::Remote(remote) => remote!(remote, Request::Staff, Names),
        }
    }

    /// Makes `logins` the staff list, logged in the database's trail (signed by the server
    /// with its caller's login when the database is shared).
    pub fn set_staff(&self, logins: Vec<String>) -> Result<()> {
        match &self.inner {
            Inner::Local(local) => local.set_staff(logins, &own_login()).map(drop),
            Inner::Remote(remote) => done(remote.call(Request::SetStaff(logins))?),
        }
    }

    /// The database's own audit trail (staff list, issuer keys, mail settings), oldest first.
    pub fn database_events(&self) -> Result<Vec<crate::domain::Event>> {
        match &self.inner {
            Inner::Local(local) => local.database_events(),
            Inner::Remote(remote) => remote!(remote, Request::DatabaseEvents, Events),
        }
    }
}

/// The answer of a remote call that returns nothing.
fn done(response: Response) -> Result<()> {
    match response {
        Response::Done => Ok(()),
        other => Err(unexpected(other)),
    }
}
