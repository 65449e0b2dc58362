//! One connection to the server: its greeting, then its calls one at a time, each checked
//! against the staff list before it is carried out (see `admission`), until it hangs up or
//! turns into a subscriber of change notices.

use std::os::unix::net::UnixStream;
use std::sync::Arc;

use super::admission::{Gate, Pass};
use super::identity;
use super::mail_runs::{Claims, MailRuns};
use super::protocol::{
    Change, ClientMessage, FrameError, PROTOCOL, RemoteError, Request, Response, ServerMessage, read_frame, write_frame,
};
use super::server::{NOTICE_TIMEOUT, Notifier};
use crate::domain::{Course, Enrollment, Event, TemplateDraft};
use crate::store::{LocalStore, StoreError};

/// What every connection of one server shares.
#[derive(Clone)]
pub(super) struct Shared {
    pub(super) store: Arc<LocalStore>,
    pub(super) notifier: Notifier,
    pub(super) gate: Arc<Gate>,
    pub(super) mail_runs: Arc<MailRuns>,
}

/// Serves one connection: refuses it in one sentence, or answers it until it hangs up.
pub(super) fn serve(shared: Shared, mut stream: UnixStream) {
    match greet(&shared.gate, &mut stream) {
        Ok(caller) => {
            let mail_runs = Claims::new(shared.mail_runs.clone());
            Session { shared, caller, import: None, mail_runs }.run(stream)
        }
        Err(refusal) => {
            let _ = write_frame(&mut stream, &ServerMessage::Refused(refusal));
        }
    }
}

/// Who is calling, whether they may, and whether we speak the same protocol.
fn greet(gate: &Gate, stream: &mut UnixStream) -> Result<Pass, String> {
    let (uid, login) = identity::peer(stream).map_err(|error| format!("cannot tell who is calling: {error}"))?;
    // The greeting is read before anything is refused: a refusal sent while the client is
    // still writing would reach it as a broken pipe instead of as a sentence.
    let hello = read_frame::<_, ClientMessage>(stream);
    let caller = gate.admit(uid, login)?;
    match hello {
        Ok(ClientMessage::Hello { protocol: PROTOCOL, .. }) => {
            let welcome =
                ServerMessage::Welcome { login: caller.login.clone(), certdesk: env!("CARGO_PKG_VERSION").to_string() };
            write_frame(stream, &welcome).map_err(|error| error.to_string())?;
            Ok(caller)
        }
        Ok(ClientMessage::Hello { certdesk, .. }) => Err(format!(
            "this certdesk ({certdesk}) and the server of the database ({}) are different versions that cannot talk; use the same certdesk for both",
            env!("CARGO_PKG_VERSION")
        )),
        Ok(_) => Err("a client must greet first".to_string()),
        Err(error) => Err(format!("the greeting cannot be read: {error}")),
    }
}

/// One connection, past its greeting.
struct Session {
    shared: Shared,
    /// Who the kernel says is at the other end, as the gate let them in.
    caller: Pass,
    /// An import under way: its course and the learners received so far.
    import: Option<(Course, Vec<Enrollment>)>,
    /// The courses whose mail run this connection claimed.
    mail_runs: Claims,
}

impl Session {
    fn run(mut self, mut stream: UnixStream) {
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
            // Someone taken off the staff list since their last call goes no further.
            if let Err(refusal) = self.shared.gate.recheck(&mut self.caller) {
                let _ = write_frame(&mut stream, &ServerMessage::Refused(refusal));
                return;
            }
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
            self.shared.notifier.announce(change);
        }
        Ok(())
    }

    /// Carries out a call. A write is flushed before it is answered, and comes back with the
    /// change to announce.
    fn handle(&mut self, request: Request) -> Result<(Response, Option<Change>), RemoteError> {
        let store = &*self.shared.store;
        let who = self.caller.login.clone();
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
            Request::ClaimMailRun(course) => {
                self.mail_runs.claim(&course, &who).map_err(RemoteError::Conflict)?;
                Ok((Response::Done, None))
            }
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
                let event = store.set_mail_settings(&settings, &who).map_err(remote)?;
                Ok((Response::Done, event.map(|event| change(None, event.summary))))
            }
            // A link is announced with the delivery that carries it.
            Request::AddLink { hash, link } => {
                store.add_link(hash, &link).map_err(remote)?;
                Ok((Response::Done, None))
            }
            Request::Credentials { course, codes } => {
                read(store.credentials(&course, &codes, &who).map(Response::Seals))
            }
            Request::SealOnRecord(code) => {
                read(store.seal_on_record(code).map(|seal| Response::Seal(seal.map(Box::new))))
            }
            Request::IssuerKeys => read(store.issuer_keys().map(Response::Keys)),
            Request::CompromisedOnRecord => read(store.compromised_on_record().map(Response::Compromised)),
            Request::IssuerInit => {
                let (key, event) = store.issuer_init(&who).map_err(remote)?;
                Ok((Response::Key(key), Some(change(None, event.summary))))
            }
            Request::IssuerRotate => {
                let (key, event) = store.issuer_rotate(&who).map_err(remote)?;
                Ok((Response::Key(key), Some(change(None, event.summary))))
            }
            Request::SignedWith { kids, among } => {
                read(store.signed_with(&kids, among.as_deref()).map(Response::Count))
            }
            Request::IssuerRetire(kid) => {
                let (retirement, event) = store.issuer_retire(&kid, &who).map_err(remote)?;
                Ok((Response::Retirement(Box::new(retirement)), Some(change(None, event.summary))))
            }
            Request::IssuerResign => {
                let (resigned, event) = store.issuer_resign(&who).map_err(remote)?;
                Ok((Response::Resigned(resigned), event.map(|event| change(None, event.summary))))
            }
            Request::SetStaff(logins) => {
                let event = store.set_staff(logins, &who).map_err(remote)?;
                Ok((Response::Done, event.map(|event| change(None, event.summary))))
            }
            Request::DatabaseEvents => read(store.database_events().map(Response::Events)),
            Request::TemplateUse(name) => read(store.template_use(&name).map(Response::TemplateUse)),
            Request::DeleteTemplate(name) => {
                let deleted = store.delete_template(&name, &who).map_err(remote)?;
                let summary = format!("deleted template {name}");
                Ok((Response::Count(deleted), Some(change(None, summary))))
            }
            // A draft is its author's alone: read, kept and dropped as the caller's, and
            // announced to nobody.
            Request::TemplateDraft(name) => read(store.template_draft(&name, &who).map(Response::Draft)),
            Request::KeepTemplateDraft(draft) => {
                let draft = TemplateDraft { login: who.clone(), ..draft };
                read(store.keep_template_draft(&draft).map(|()| Response::Done))
            }
            Request::DropTemplateDraft(name) => read(store.drop_template_draft(&name, &who).map(|()| Response::Done)),
            Request::OthersTemplateDrafts(name) => {
                read(store.others_template_drafts(&name, &who).map(Response::DraftAuthors))
            }
        }
    }

    /// Keeps the connection as a subscriber until it closes.
    fn subscribe(self, stream: UnixStream) {
        let _ = stream.set_write_timeout(Some(NOTICE_TIMEOUT));
        let Ok(watch) = stream.try_clone() else { return };
        self.shared.notifier.add(stream, self.caller);
        // A subscriber sends nothing more; reading returns when it hangs up.
        let mut watch = watch;
        let _ = std::io::Read::read(&mut watch, &mut [0u8; 1]);
        let _ = watch.shutdown(std::net::Shutdown::Both);
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
