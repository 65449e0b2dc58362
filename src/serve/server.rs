//! `certdesk serve`: one process owns the database and answers the store's calls of every
//! certdesk that connects to its socket, one thread per connection (`session`). Each caller is
//! known by the login of the user id the kernel reports for the socket's peer; every event,
//! score and template revision a caller writes is signed with that login, whatever the caller
//! claims. A write is flushed to disk before it is acknowledged, then announced to every
//! subscriber.

use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::admission::{Gate, Pass};
use super::protocol::{Change, ServerMessage, write_frame};
use super::session::{self, Shared};
use super::sharing::{Sharing, share};
use crate::store::LocalStore;

/// A subscriber that does not take a notice within this long is dropped.
pub(super) const NOTICE_TIMEOUT: Duration = Duration::from_millis(200);
/// How long the server waits after a failed accept before the next.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// The server of one database.
pub struct Server {
    shared: Shared,
    listener: UnixListener,
    socket: Option<PathBuf>,
}

impl Server {
    /// Listens for the database `store` on `listener` (from systemd) or on a new socket.
    pub fn new(store: Arc<LocalStore>, listener: Option<UnixListener>, sharing: &Sharing) -> anyhow::Result<Server> {
        let db = store.path().to_path_buf();
        let (listener, socket) = match listener {
            Some(listener) => (listener, None),
            None => {
                // Before the socket is made: a group it cannot be shared with leaves nothing.
                if let Some(name) = &sharing.group {
                    super::sharing::group_to_share_with(&db, name)?;
                }
                super::socket::remove_stale(&db);
                let socket = super::socket::make_socket_path(&db, sharing.group.is_some())
                    .map_err(|error| anyhow::anyhow!("cannot make a place for the server's socket: {error}"))?;
                // The database lock is ours, so a socket file left beside it belongs to a
                // server that is gone: replace it.
                if socket.exists() {
                    std::fs::remove_file(&socket).map_err(|error| {
                        anyhow::anyhow!("cannot remove the old socket {}: {error}", socket.display())
                    })?;
                }
                let listener = UnixListener::bind(&socket)
                    .map_err(|error| anyhow::anyhow!("cannot listen on {}: {error}", socket.display()))?;
                if socket.parent() != Some(db.as_path()) {
                    super::socket::write_pointer(&db, &socket)?;
                }
                (listener, Some(socket))
            }
        };
        if let Some(socket) = &socket
            && let Err(error) = share(&db, socket, sharing)
        {
            // A server that does not start leaves no socket for staff to find.
            super::socket::remove(&db, socket);
            return Err(error);
        }
        let gate = Arc::new(Gate::new(store.clone(), nix::unistd::getuid().as_raw()));
        let notifier = Notifier { subscribers: Default::default(), gate: gate.clone() };
        let mail_runs = Arc::default();
        Ok(Server { shared: Shared { store, notifier, gate, mail_runs }, listener, socket })
    }

    /// The socket this server made (none when systemd made it).
    pub fn socket(&self) -> Option<&Path> {
        self.socket.as_deref()
    }

    pub fn store(&self) -> &Arc<LocalStore> {
        &self.shared.store
    }

    /// Tells the staff's certdesks of changes made in this process (the learners' web pages).
    pub fn notifier(&self) -> Notifier {
        self.shared.notifier.clone()
    }

    /// Accepts connections until the process ends.
    pub fn run(&self) -> anyhow::Result<()> {
        for stream in self.listener.incoming() {
            let stream = match stream {
                Ok(stream) => stream,
                Err(error) => {
                    crate::serve::note(format_args!("a connection failed: {error}"));
                    // Out of descriptors (EMFILE), accept fails at once for as long as the
                    // connection waits: pause rather than spin and fill the log.
                    std::thread::sleep(ACCEPT_PAUSE);
                    continue;
                }
            };
            let shared = self.shared.clone();
            std::thread::spawn(move || session::serve(shared, stream));
        }
        Ok(())
    }
}

/// The connections that asked to hear of changes.
#[derive(Clone)]
pub struct Notifier {
    subscribers: Arc<Mutex<Vec<Subscriber>>>,
    gate: Arc<Gate>,
}

/// A connection that hears of changes, and who is at the other end.
struct Subscriber {
    stream: UnixStream,
    caller: Pass,
}

impl Notifier {
    pub(super) fn add(&self, stream: UnixStream, caller: Pass) {
        let subscriber = Subscriber { stream, caller };
        self.subscribers.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(subscriber);
    }

    /// Tells every subscriber; drops those that do not listen, and tells those no longer
    /// allowed (taken off the staff list) why before it hangs up on them.
    pub fn announce(&self, change: Change) {
        let notice = ServerMessage::Changed(change);
        let mut subscribers = self.subscribers.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        subscribers.retain_mut(|subscriber| match self.gate.recheck(&mut subscriber.caller) {
            Ok(()) => write_frame(&mut subscriber.stream, &notice).is_ok(),
            Err(refusal) => {
                let _ = write_frame(&mut subscriber.stream, &ServerMessage::Refused(refusal));
                let _ = subscriber.stream.shutdown(std::net::Shutdown::Both);
                false
            }
        });
    }
}

#[cfg(test)]
#[path = "server_tests.rs"]
mod tests;
