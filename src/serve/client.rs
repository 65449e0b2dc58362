//! The client side of a shared database: `RemoteStore` sends the store's calls to the server
//! and `Subscription` receives the server's notices of changes, reconnecting when the server
//! comes back.

use std::os::unix::fs::MetadataExt as _;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use super::protocol::{
    CHUNK, Change, ClientMessage, FrameError, PROTOCOL, RemoteError, Request, Response, ServerMessage, read_frame,
    write_frame,
};
use super::socket::find_socket;
use crate::domain::{Course, Enrollment, Event};
use crate::store::{Result, StoreError, restart_advice};

/// How long a subscription waits before it reconnects to a server that went away.
const RECONNECT_PAUSE: Duration = Duration::from_millis(500);
/// How long it waits before it asks again a server that turned it away.
const REFUSED_PAUSE: Duration = Duration::from_secs(2);

/// One open connection, past the greeting.
struct Connection {
    stream: UnixStream,
}

/// Where the server of one database listens, and the account it must run as: the database's
/// owner. Anyone may listen on a socket a stale pointer names; only the owner's server is
/// talked to.
#[derive(Clone)]
struct Place {
    socket: PathBuf,
    owner_uid: u32,
}

/// Why a connection could not be made.
enum Refusal {
    /// Nothing listens on the socket (a server that died left it behind).
    NoServer,
    /// The socket is there but this user may not open it: the server is not shared with them.
    Denied,
    /// The server turned this client away, saying why.
    Refused(String),
    /// What listens on the socket runs as someone other than the database's owner.
    Impostor {
        socket: PathBuf,
        peer: String,
    },
    Broken(String),
}

/// Why a call went unanswered.
enum Unanswered {
    /// The server turned the connection away before answering (its user was taken off the
    /// staff list), saying why, and closed it.
    Refused(String),
    Frame(FrameError),
}

impl From<FrameError> for Unanswered {
    fn from(error: FrameError) -> Unanswered {
        Unanswered::Frame(error)
    }
}

impl Connection {
    fn open(place: &Place) -> std::result::Result<Connection, Refusal> {
        let mut stream = UnixStream::connect(&place.socket).map_err(|error| match error.kind() {
            std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::NotFound => Refusal::NoServer,
            std::io::ErrorKind::PermissionDenied => Refusal::Denied,
            _ => Refusal::Broken(error.to_string()),
        })?;
        // Before a word is sent: the kernel says who listens.
        check_peer(&stream, place)?;
        let hello = ClientMessage::Hello { protocol: PROTOCOL, certdesk: env!("CARGO_PKG_VERSION").to_string() };
        // A server that refuses may hang up before the greeting is written: its sentence is
        // still there to read, and says more than the broken pipe.
        let written = write_frame(&mut stream, &hello);
        match (read_frame::<_, ServerMessage>(&mut stream), written) {
            (Ok(ServerMessage::Refused(reason)), _) => Err(Refusal::Refused(reason)),
            (_, Err(error)) => Err(Refusal::Broken(error.to_string())),
            (Ok(ServerMessage::Welcome { .. }), Ok(())) => Ok(Connection { stream }),
            (Ok(other), Ok(())) => Err(Refusal::Broken(format!("the server greeted with {other:?}"))),
            (Err(error), Ok(())) => Err(Refusal::Broken(error.to_string())),
        }
    }

    /// A connection that hears of changes.
    fn subscribed(place: &Place) -> std::result::Result<Connection, Refusal> {
        let mut connection = Connection::open(place)?;
        write_frame(&mut connection.stream, &ClientMessage::Subscribe)
            .map_err(|error| Refusal::Broken(error.to_string()))?;
        Ok(connection)
    }

    /// Whether the server is still at the other end of an idle connection. Between calls the
    /// server sends nothing, so anything readable means it hung up (a server killed and
    /// started again leaves every pooled connection closed).
    fn is_open(&self) -> bool {
        use nix::sys::socket::{MsgFlags, recv};
        use std::os::fd::AsRawFd;
        let peeked = recv(self.stream.as_raw_fd(), &mut [0u8; 1], MsgFlags::MSG_PEEK | MsgFlags::MSG_DONTWAIT);
        peeked == Err(nix::errno::Errno::EAGAIN)
    }

    /// Sends one message and reads the answer, whole.
    fn call(
        &mut self,
        message: &ClientMessage,
    ) -> std::result::Result<std::result::Result<Response, RemoteError>, Unanswered> {
        write_frame(&mut self.stream, message)?;
        let mut parts: Option<Response> = None;
        loop {
            match read_frame::<_, ServerMessage>(&mut self.stream)? {
                ServerMessage::Part(part) => match &mut parts {
                    Some(whole) => whole.absorb(part).map_err(FrameError::Malformed)?,
                    None => parts = Some(part),
                },
                ServerMessage::Reply(Ok(last)) => {
                    return Ok(Ok(match parts {
                        Some(mut whole) => {
                            whole.absorb(last).map_err(FrameError::Malformed)?;
                            whole
                        }
                        None => last,
                    }));
                }
                ServerMessage::Reply(Err(error)) => return Ok(Err(error)),
                ServerMessage::Refused(reason) => return Err(Unanswered::Refused(reason)),
                other => return Err(FrameError::Malformed(format!("unexpected {other:?} in a reply")).into()),
            }
        }
    }
}

/// A database served by `certdesk serve`. Calls from several threads each use a connection
/// of their own, kept open for the next call.
pub struct RemoteStore {
    db: PathBuf,
    place: Place,
    idle: Mutex<Vec<Connection>>,
}

impl RemoteStore {
    /// Connects to the server of the database in `db`, if one serves it. `None` when none
    /// does (no socket, or a socket left by a server that is gone).
    pub fn connect(db: &Path) -> Result<Option<RemoteStore>> {
        let Some(socket) = find_socket(db) else { return Ok(None) };
        let owner_uid =
            std::fs::metadata(db).map_err(|cause| StoreError::Open { path: db.to_path_buf(), cause })?.uid();
        let place = Place { socket, owner_uid };
        match Connection::open(&place) {
            Ok(connection) => Ok(Some(RemoteStore { db: db.to_path_buf(), place, idle: Mutex::new(vec![connection]) })),
            Err(Refusal::NoServer) => Ok(None),
            Err(refusal) => Err(refusal_error(db, &place, refusal)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.db
    }

    fn gone(&self, reason: impl std::fmt::Display) -> StoreError {
        server_gone(&self.db, &self.place, reason.to_string())
    }

    fn connection(&self) -> Result<Connection> {
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
        let mut open = idle.into_iter().filter(Connection::is_open);
        if let Some(connection) = open.next() {
            self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).extend(open);
            return Ok(connection);
        }
        Connection::open(&self.place).map_err(|refusal| refusal_error(&self.db, &self.place, refusal))
    }

    fn send(&self, connection: &mut Connection, request: Request) -> Result<Response> {
        match connection.call(&ClientMessage::Call(Box::new(request))) {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(error)) => Err(match error {
                RemoteError::CodeTaken(code) => StoreError::CodeTaken(code),
                RemoteError::Changed(message) => StoreError::Changed(message),
                RemoteError::Conflict(message) => StoreError::Conflict(message),
                RemoteError::Other(message) => StoreError::Server(message),
            }),
            Err(Unanswered::Refused(reason)) => Err(StoreError::Refused(reason)),
            Err(Unanswered::Frame(error @ FrameError::Io(_))) => Err(self.gone(error)),
            Err(Unanswered::Frame(error)) => {
                Err(StoreError::Server(format!("the server's answer is unreadable: {error}")))
            }
        }
    }

    /// One call of the store's interface.
    pub fn call(&self, request: Request) -> Result<Response> {
        let mut connection = self.connection()?;
        let answer = self.send(&mut connection, request);
        // A connection that broke or was turned away is dropped; one that carried an answer
        // (even an error) is kept.
        if !matches!(answer, Err(StoreError::ServerGone { .. } | StoreError::Refused(_))) {
            self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(connection);
        }
        answer
    }

    /// An import: the course, its learners in parts, then the switch, on one connection.
    pub fn replace_course(&self, course: &Course, enrollments: &[Enrollment], event: &Event) -> Result<()> {
        let mut connection = self.connection()?;
        self.send(&mut connection, Request::ReplaceCourseBegin(course.clone()))?;
        for part in enrollments.chunks(CHUNK) {
            self.send(&mut connection, Request::ReplaceCoursePart(part.to_vec()))?;
        }
        self.send(&mut connection, Request::ReplaceCourseEnd { event: event.clone() })?;
        self.idle.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(connection);
        Ok(())
    }

    /// Claims `course`'s mail run on a connection of its own, which the claim holds open
    /// until it is dropped (see `MailRuns`).
    pub fn claim_mail_run(&self, course: &str) -> Result<MailRunClaim> {
        let mut connection =
            Connection::open(&self.place).map_err(|refusal| refusal_error(&self.db, &self.place, refusal))?;
        self.send(&mut connection, Request::ClaimMailRun(course.to_string()))?;
        Ok(MailRunClaim { _connection: connection })
    }

    /// Notices of changes from now on, on a connection of their own.
    pub fn subscribe(&self) -> Subscription {
        let (sender, receiver) = channel();
        let (db, place) = (self.db.clone(), self.place.clone());
        std::thread::spawn(move || {
            let mut connected_before = false;
            // Told once when turned away; then it keeps asking, less often, in case the user is
            // let in again.
            let mut turned_away = false;
            loop {
                let lost = match Connection::subscribed(&place) {
                    Ok(mut connection) => {
                        if connected_before && sender.send(Notice::Back).is_err() {
                            return;
                        }
                        (connected_before, turned_away) = (true, false);
                        let Some(lost) = listen(&mut connection, &sender) else { return };
                        Some(match lost {
                            Lost::Gone => Notice::Gone(restart_advice(&db, starter(&place).as_deref())),
                            Lost::Refused(reason) => Notice::Refused(reason),
                        })
                    }
                    Err(Refusal::NoServer | Refusal::Broken(_)) => None,
                    Err(refusal) => Some(Notice::Refused(refusal_error(&db, &place, refusal).to_string())),
                };
                let refused = matches!(lost, Some(Notice::Refused(_)));
                if let Some(notice) = lost.filter(|_| !(refused && turned_away))
                    && sender.send(notice).is_err()
                {
                    return;
                }
                turned_away |= refused;
                std::thread::sleep(if turned_away { REFUSED_PAUSE } else { RECONNECT_PAUSE });
            }
        });
        Subscription { receiver }
    }
}

/// A course's mail run claimed on the server, for as long as this lives.
pub struct MailRunClaim {
    _connection: Connection,
}

/// How a subscribed connection ended.
enum Lost {
    /// It broke: the server stopped (or was killed).
    Gone,
    /// The server turned this user away, saying why.
    Refused(String),
}

/// Hands on the notices of a subscribed connection until it ends; how it ended (`None` when
/// nobody listens to the subscription any more).
fn listen(connection: &mut Connection, sender: &Sender<Notice>) -> Option<Lost> {
    loop {
        match read_frame::<_, ServerMessage>(&mut connection.stream) {
            Ok(ServerMessage::Changed(change)) => sender.send(Notice::Changed(change)).ok()?,
            Ok(ServerMessage::Refused(reason)) => return Some(Lost::Refused(reason)),
            Ok(_) => {}
            // Why the socket broke ("failed to fill whole buffer") tells staff nothing.
            Err(_) => return Some(Lost::Gone),
        }
    }
}

/// Refuses a socket on which someone other than the database's owner listens. Root may: a
/// systemd socket unit's socket is listened on by systemd itself, and root could read the
/// database anyway.
fn check_peer(stream: &UnixStream, place: &Place) -> std::result::Result<(), Refusal> {
    let (uid, login) = super::identity::peer(stream).map_err(|error| Refusal::Broken(error.to_string()))?;
    if may_serve(uid, place.owner_uid) {
        return Ok(());
    }
    Err(Refusal::Impostor { socket: place.socket.clone(), peer: login })
}

/// Whether a process of `uid` may be the server of a database `owner_uid` owns.
fn may_serve(uid: u32, owner_uid: u32) -> bool {
    uid == owner_uid || uid == 0
}

/// The server of `db` is not there to answer; who may start it again is the database's owner.
fn server_gone(db: &Path, place: &Place, reason: String) -> StoreError {
    StoreError::ServerGone { path: db.to_path_buf(), reason, starter: starter(place) }
}

/// Who may start the server of `place` again: `None` when it is the caller, the database's
/// owner; else the owner's login.
fn starter(place: &Place) -> Option<String> {
    (nix::unistd::getuid().as_raw() != place.owner_uid).then(|| super::identity::login_of(place.owner_uid))
}

/// The error a user gets for a connection the server did not take.
fn refusal_error(db: &Path, place: &Place, refusal: Refusal) -> StoreError {
    let gone = |reason: String| server_gone(db, place, reason);
    match refusal {
        Refusal::NoServer => gone("nothing listens on its socket".to_string()),
        Refusal::Denied => StoreError::NotShared {
            path: db.to_path_buf(),
            owner: super::sharing::owner(db).unwrap_or_else(|| "its owner".to_string()),
            command: super::sharing::serve_command(db),
        },
        Refusal::Refused(reason) => StoreError::Refused(reason),
        Refusal::Impostor { socket, peer } => StoreError::Impostor {
            path: db.to_path_buf(),
            socket,
            peer,
            owner: super::sharing::owner(db).unwrap_or_else(|| "its owner".to_string()),
        },
        Refusal::Broken(reason) => gone(reason),
    }
}

/// What a subscription hears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Changed(Change),
    /// The server went away; the subscription keeps trying to reconnect. What to do about
    /// it: start it again, or whom to ask to (`restart_advice`).
    Gone(String),
    /// The server turned this user away, saying why (taken off the staff list, say); the
    /// subscription asks again now and then, and says `Back` if they are let in again.
    Refused(String),
    /// The server is back.
    Back,
}

/// Notices of changes made through the server by anyone.
pub struct Subscription {
    receiver: Receiver<Notice>,
}

impl Subscription {
    /// The next notice, if one has arrived; never blocks.
    pub fn try_next(&self) -> Option<Notice> {
        self.receiver.try_recv().ok()
    }

    /// Waits up to `timeout` for the next notice.
    pub fn next_within(&self, timeout: Duration) -> Option<Notice> {
        self.receiver.recv_timeout(timeout).ok()
    }
}

#[cfg(test)]
impl Subscription {
    /// A subscription to the notices a test sends.
    pub fn from_channel(receiver: Receiver<Notice>) -> Subscription {
        Subscription { receiver }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_connection_whose_server_hung_up_is_not_reused() {
        let (ours, theirs) = UnixStream::pair().expect("a socket pair");
        let connection = Connection { stream: ours };
        assert!(connection.is_open(), "nothing to read: the server is there");
        assert!(connection.is_open(), "asking twice changes nothing");
        drop(theirs);
        assert!(!connection.is_open(), "the server hung up");
    }

    #[test]
    fn only_the_owner_or_root_may_serve_a_database() {
        let (ours, _theirs) = UnixStream::pair().expect("a socket pair");
        let me = nix::unistd::getuid().as_raw();
        let place = Place { socket: PathBuf::from("/tmp/x/certdesk.sock"), owner_uid: me };
        assert!(check_peer(&ours, &place).is_ok(), "the owner's server");
        assert!(may_serve(1000, 1000), "the owner");
        assert!(may_serve(0, 1000), "root: systemd listens on a socket unit's socket");
        assert!(!may_serve(1001, 1000), "anyone else");
    }
}
