//! `certdesk serve`: one process owns the database and answers the store's calls of every
//! certdesk that connects to its socket, one thread per connection. Each caller is known by
//! the login of the user id the kernel reports for the socket's peer; every event, score and
//! template revision a caller writes is signed with that login, whatever the caller claims.
//! A write is flushed to disk before it is acknowledged, then announced to every subscriber.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::identity;
use super::protocol::{
    Change, ClientMessage, FrameError, PROTOCOL, RemoteError, Request, Response, ServerMessage, read_frame, write_frame,
};
use crate::domain::{Course, Enrollment, Event};
use crate::store::{LocalStore, StoreError};

/// A subscriber that does not take a notice within this long is dropped.
const NOTICE_TIMEOUT: Duration = Duration::from_millis(200);
/// How long the server waits after a failed accept before the next.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// The server of one database.
pub struct Server {
    store: Arc<LocalStore>,
    listener: UnixListener,
    socket: Option<PathBuf>,
    notifier: Notifier,
    owner_uid: u32,
}

/// How the server's socket is made available to others.
#[derive(Debug, Clone, Default)]
pub struct Sharing {
    /// Members of this group may connect: the socket and the database directory belong to it.
    pub group: Option<String>,
}

impl Server {
    /// Listens for the database `store` on `listener` (from systemd) or on a new socket.
    pub fn new(store: Arc<LocalStore>, listener: Option<UnixListener>, sharing: &Sharing) -> anyhow::Result<Server> {
        let db = store.path().to_path_buf();
        let (listener, socket) = match listener {
            Some(listener) => (listener, None),
            None => {
                let socket = super::socket::socket_path(&db);
                // The database lock is ours, so a socket file left here belongs to a server
                // that is gone: replace it.
                if socket.exists() {
                    std::fs::remove_file(&socket).map_err(|error| {
                        anyhow::anyhow!("cannot remove the old socket {}: {error}", socket.display())
                    })?;
                }
                let listener = UnixListener::bind(&socket)
                    .map_err(|error| anyhow::anyhow!("cannot listen on {}: {error}", socket.display()))?;
                if socket.parent() != Some(db.as_path()) {
                    std::fs::write(db.join(super::socket::POINTER), socket.as_os_str().as_encoded_bytes())?;
                }
                (listener, Some(socket))
            }
        };
        if let Some(socket) = &socket {
            share(&db, socket, sharing)?;
        }
        Ok(Server { store, listener, socket, notifier: Notifier::default(), owner_uid: nix::unistd::getuid().as_raw() })
    }

    /// The socket this server made (none when systemd made it).
    pub fn socket(&self) -> Option<&Path> {
        self.socket.as_deref()
    }

    pub fn store(&self) -> &Arc<LocalStore> {
        &self.store
    }

    /// Tells the staff's certdesks of changes made in this process (the learners' web pages).
    pub fn notifier(&self) -> Notifier {
        self.notifier.clone()
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
            let session = Session {
                store: self.store.clone(),
                notifier: self.notifier.clone(),
                owner_uid: self.owner_uid,
                login: String::new(),
                import: None,
            };
            std::thread::spawn(move || session.run(stream));
        }
        Ok(())
    }
}

/// Makes the socket usable by the group's members: the socket `0660`, the database directory
/// setgid and searchable (not writable) by the group, both owned by the group.
fn share(db: &Path, socket: &Path, sharing: &Sharing) -> anyhow::Result<()> {
    let Some(name) = &sharing.group else {
        return Ok(());
    };
    let group = nix::unistd::Group::from_name(name)
        .map_err(|error| anyhow::anyhow!("cannot look up the group {name}: {error}"))?
        .ok_or_else(|| anyhow::anyhow!("there is no group called {name}"))?;
    for path in [db, socket] {
        nix::unistd::chown(path, None, Some(group.gid))
            .map_err(|error| anyhow::anyhow!("cannot give {} to the group {name}: {error}", path.display()))?;
    }
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o660))?;
    // The group may reach the socket, never the files: staff go through the server. The
    // directory lets the group in (to the socket, the lock that names the server, the pointer
    // to a socket kept elsewhere) without listing it, and every file of the database is the
    // owner's alone, those written later too. Others may not even look (the database holds
    // learners' names and grades).
    nix::sys::stat::umask(nix::sys::stat::Mode::from_bits_truncate(0o077));
    make_private(db, socket)?;
    let owner = std::fs::metadata(db)?.permissions().mode() & 0o700;
    std::fs::set_permissions(db, std::fs::Permissions::from_mode(owner | 0o2010))?;
    Ok(())
}

/// Every file and directory under `dir` readable by its owner only, but for what the group
/// needs: the socket, and the lock file and socket pointer, which clients read.
fn make_private(dir: &Path, socket: &Path) -> std::io::Result<()> {
    let shared = [crate::store::LOCK_FILE, super::socket::POINTER];
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if path == socket || kind.is_symlink() {
            continue;
        }
        if kind.is_dir() {
            make_private(&path, socket)?;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700))?;
        } else if shared.iter().any(|name| entry.file_name() == *name) {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640))?;
        } else {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

/// One connection.
struct Session {
    store: Arc<LocalStore>,
    notifier: Notifier,
    owner_uid: u32,
    /// Who the kernel says is at the other end.
    login: String,
    /// An import under way: its course and the learners received so far.
    import: Option<(Course, Vec<Enrollment>)>,
}

impl Session {
    fn run(mut self, mut stream: UnixStream) {
        if let Err(error) = self.greet(&mut stream) {
            let _ = write_frame(&mut stream, &ServerMessage::Refused(error));
            return;
        }
        loop {
            let message = match read_frame::<_, ClientMessage>(&mut stream) {
                Ok(message) => message,
                Err(FrameError::Io(_)) => return,
                Err(error) => {
                    // A malformed or oversized frame: say so and hang up; the server goes on.
                    let _ = write_frame(&mut stream, &ServerMessage::Refused(error.to_string()));
                    return;
                }
            };
            match message {
                ClientMessage::Call(request) => {
                    if self.answer(&mut stream, *request).is_err() {
                        return;
                    }
                }
                ClientMessage::Subscribe => return self.subscribe(stream),
                ClientMessage::Hello { .. } => {
                    let _ = write_frame(&mut stream, &ServerMessage::Refused("greeted twice".into()));
                    return;
                }
            }
        }
    }

    /// Who is calling, whether they may, and whether we speak the same protocol.
    fn greet(&mut self, stream: &mut UnixStream) -> Result<(), String> {
        let (uid, login) = identity::peer(stream).map_err(|error| format!("cannot tell who is calling: {error}"))?;
        // The greeting is read before anything is refused: a refusal sent while the client is
        // still writing would reach it as a broken pipe instead of as a sentence.
        let hello = read_frame::<_, ClientMessage>(stream);
        let staff = self.store.staff().map_err(|error| error.to_string())?;
        if uid != self.owner_uid && uid != 0 && !staff.is_empty() && !staff.contains(&login) {
            return Err(format!(
                "{login} is not on this database's staff list (certdesk staff); ask someone on it to add you"
            ));
        }
        match hello {
            Ok(ClientMessage::Hello { protocol: PROTOCOL, .. }) => {
                self.login = login.clone();
                write_frame(stream, &ServerMessage::Welcome { login, certdesk: env!("CARGO_PKG_VERSION").to_string() })
                    .map_err(|error| error.to_string())
            }
            Ok(ClientMessage::Hello { certdesk, .. }) => Err(format!(
                "this certdesk ({certdesk}) and the server of the database ({}) are different versions that cannot talk; use the same certdesk for both",
                env!("CARGO_PKG_VERSION")
            )),
            Ok(_) => Err("a client must greet first".to_string()),
            Err(error) => Err(format!("the greeting cannot be read: {error}")),
        }
    }

    /// Answers one call; an error only when the connection is broken.
    fn answer(&mut self, stream: &mut UnixStream, request: Request) -> Result<(), FrameError> {
        let (response, change) = match self.handle(request) {
            Ok(answer) => answer,
            Err(error) => return write_frame(stream, &ServerMessage::Reply(Err(error))),
        };
        let mut parts = response.into_parts();
        let last = parts.pop().unwrap_or(Response::Done);
        for part in parts {
            write_frame(stream, &ServerMessage::Part(part))?;
        }
        write_frame(stream, &ServerMessage::Reply(Ok(last)))?;
        // Only a write comes back with a change; it is announced once its caller has the reply.
        if let Some(change) = change {
            self.notifier.announce(change);
        }
        Ok(())
    }

    /// Carries out a call. A write is flushed before it is answered, and comes back with the
    /// change to announce.
    fn handle(&mut self, request: Request) -> Result<(Response, Option<Change>), RemoteError> {
        let store = &*self.store;
        let who = self.login.clone();
        let signed = |event: &Event| Event { who: who.clone(), ..event.clone() };
        let change = |course: Option<&str>, summary: String| Change {
            course: course.map(str::to_string),
            who: who.clone(),
            summary,
        };
        let read = |response: Result<Response, StoreError>| response.map(|r| (r, None)).map_err(remote);
        match request {
            Request::IsEmpty => read(store.is_empty().map(Response::Bool)),
            Request::Flush => read(store.flush().map(|()| Response::Done)),
            Request::Courses => read(store.courses().map(Response::Courses)),
            Request::Course(id) => read(store.course(&id).map(Response::Course)),
            Request::Enrollments(id) => read(store.enrollments(&id).map(Response::Enrollments)),
            Request::EnrollmentCount(id) => read(store.enrollment_count(&id).map(Response::Count)),
            Request::Enrollment { course, username } => {
                read(store.enrollment(&course, &username).map(Response::Enrollment))
            }
            Request::Ledger { course, username } => read(store.ledger(&course, &username).map(Response::Ledger)),
            Request::Ledgers(id) => read(store.ledgers(&id).map(Response::Ledgers)),
            Request::CodeOwner(code) => read(store.code_owner(code).map(Response::CodeOwner)),
            Request::Events(id) => read(store.events(&id).map(Response::Events)),
            Request::Settings(id) => read(store.settings(&id).map(Response::Settings)),
            Request::Examples(id) => read(store.examples(&id).map(Response::Examples)),
            Request::Allowlist(id) => read(store.allowlist(&id).map(Response::Exceptions)),
            Request::Invalidations(id) => read(store.invalidations(&id).map(Response::Exceptions)),
            Request::TemplateRevisions => read(store.template_revisions().map(Response::Templates)),
            Request::TemplateRevision { name, revision } => {
                read(store.template_revision(&name, revision).map(Response::Template))
            }
            Request::LatestTemplate(name) => read(store.latest_template(&name).map(Response::Template)),
            Request::Images => read(store.images().map(Response::Images)),
            Request::Image(name) => read(store.image(&name).map(Response::Image)),
            Request::Staff => read(store.staff().map(Response::Names)),
            Request::SaveEnrollment { course, enrollment, replaces, event } => {
                let event = signed(&event);
                store
                    .save_enrollment(&course, &enrollment, &replaces, &event)
                    .and_then(|()| store.flush())
                    .map_err(remote)?;
                Ok((Response::Done, Some(change(Some(&course), event.summary))))
            }
            Request::ReplaceCourseBegin(course) => {
                self.import = Some((course, Vec::new()));
                Ok((Response::Done, None))
            }
            Request::ReplaceCoursePart(part) => match &mut self.import {
                Some((_, enrollments)) => {
                    enrollments.extend(part);
                    Ok((Response::Done, None))
                }
                None => Err(RemoteError::Other("learners of an import that was not begun".into())),
            },
            Request::ReplaceCourseEnd { event } => {
                let (course, enrollments) = self
                    .import
                    .take()
                    .ok_or_else(|| RemoteError::Other("the end of an import that was not begun".into()))?;
                let event = signed(&event);
                store.replace_course(&course, &enrollments, &event).map_err(remote)?;
                Ok((Response::Done, Some(change(Some(&course.id), event.summary))))
            }
            Request::AppendEvent { course, event } => {
                let event = signed(&event);
                store.append_event(&course, &event).and_then(|()| store.flush()).map_err(remote)?;
                Ok((Response::Done, Some(change(Some(&course), event.summary))))
            }
            Request::Commit { course, mut commit } => {
                commit.event = signed(&commit.event);
                store.commit(&course, &commit).and_then(|()| store.flush()).map_err(remote)?;
                Ok((Response::Done, Some(change(Some(&course), commit.event.summary))))
            }
            Request::SaveTemplate(mut revision) => {
                revision.saved_by = who.clone();
                store.save_template(&revision).map_err(remote)?;
                let summary = format!("saved template {} revision {}", revision.name, revision.revision);
                Ok((Response::Done, Some(change(None, summary))))
            }
            Request::AddImage(image) => {
                store.add_image(&image).map_err(remote)?;
                Ok((Response::Done, Some(change(None, format!("added the image {}", image.name)))))
            }
            Request::Farewell(course) => read(store.farewell(&course).map(Response::Farewell)),
            Request::MailSettings => read(store.mail_settings().map(Response::MailSettings)),
            Request::Deliveries(course) => read(store.deliveries(&course).map(Response::Deliveries)),
            Request::Link(hash) => read(store.link(hash).map(Response::Link)),
            Request::Links(course) => read(store.links(&course).map(Response::Links)),
            Request::SetMailSettings(settings) => {
                store.set_mail_settings(&settings).map_err(remote)?;
                Ok((Response::Done, Some(change(None, "changed the mail settings".to_string()))))
            }
            // A link is announced with the delivery that carries it.
            Request::AddLink { hash, link } => {
                store.add_link(hash, &link).map_err(remote)?;
                Ok((Response::Done, None))
            }
            Request::Credentials { course, codes } => read(store.credentials(&course, &codes).map(Response::Seals)),
            Request::IssuerKeys => read(store.issuer_keys().map(Response::Keys)),
            Request::IssuerInit => {
                let key = store.issuer_init().map_err(remote)?;
                let summary = format!("made the issuer key {}", key.kid());
                Ok((Response::Key(key), Some(change(None, summary))))
            }
            Request::IssuerRotate => {
                let key = store.issuer_rotate().map_err(remote)?;
                let summary = format!("made the new issuer key {}; the old ones still verify", key.kid());
                Ok((Response::Key(key), Some(change(None, summary))))
            }
            Request::SetStaff(logins) => {
                store.set_staff(logins).map_err(remote)?;
                Ok((Response::Done, Some(change(None, "changed the staff list".to_string()))))
            }
        }
    }

    /// Keeps the connection as a subscriber until it closes.
    fn subscribe(self, stream: UnixStream) {
        let _ = stream.set_write_timeout(Some(NOTICE_TIMEOUT));
        let Ok(watch) = stream.try_clone() else { return };
        self.notifier.add(stream);
        // A subscriber sends nothing more; reading returns when it hangs up.
        let mut watch = watch;
        let _ = std::io::Read::read(&mut watch, &mut [0u8; 1]);
        let _ = watch.shutdown(std::net::Shutdown::Both);
    }
}

/// The connections that asked to hear of changes.
#[derive(Clone, Default)]
pub struct Notifier {
    subscribers: Arc<Mutex<Vec<UnixStream>>>,
}

impl Notifier {
    fn add(&self, stream: UnixStream) {
        self.subscribers.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(stream);
    }

    /// Tells every subscriber; drops those that do not listen.
    pub fn announce(&self, change: Change) {
        let notice = ServerMessage::Changed(change);
        let mut subscribers = self.subscribers.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        subscribers.retain_mut(|stream| write_frame(stream, &notice).is_ok());
    }
}

/// A store error as the client gets it.
fn remote(error: StoreError) -> RemoteError {
    match error {
        StoreError::CodeTaken(code) => RemoteError::CodeTaken(code),
        StoreError::Changed(message) => RemoteError::Changed(message),
        StoreError::Conflict(message) => RemoteError::Conflict(message),
        other => RemoteError::Other(other.to_string()),
    }
}

#[cfg(test)]
#[path = "server_tests.rs"]
mod tests;
