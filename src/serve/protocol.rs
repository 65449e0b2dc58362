//! What crosses a server's socket: length-prefixed frames of bincode messages, one request and
//! its reply at a time per connection, and change notices to subscribers.
//!
//! A frame is a 4-byte big-endian length and that many bytes of one message; a frame longer
//! than `MAX_FRAME` is refused before anything is allocated for it. Large answers (a course's
//! enrollments) and uploads (an import's learners) travel as several frames of at most
//! `CHUNK` records. The first exchange names the protocol version; client and server of
//! different versions part with one sentence.

use std::collections::HashMap;
use std::io::{Read, Write};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::credential::{PublicKeyInfo, Seal};
use crate::domain::{
    Code, Course, CourseSettings, Delivery, DraftAuthor, Enrollment, Event, ExampleSet, Exception, Farewell,
    LearnerLink, Ledger, MailSettings, StoredImage, TemplateDraft, TemplateRevision, TemplateUse,
};
use crate::store::{CodeOwner, Commit, Resigned, Retirement};

/// Bumped whenever a message changes shape (3: credentials and issuer keys; 4: the database's
/// own audit trail; 5: an activity's platform id; 6: deleting a template; 7: whom an import
/// changed, in its audit event; 8: retiring an issuer key as compromised, and template
/// drafts; 9: a seal notes its signing again and is read without sealing, and what retired
/// keys signed is counted in one pass, among given certificates too; 10: a template draft
/// says when the revision it was typed over was saved; 11: who else left a draft of a template;
/// 12: claiming a course's mail run, and the keys the database knows were retired).
pub const PROTOCOL: u16 = 12;

/// The largest frame either side accepts.
pub const MAX_FRAME: usize = 64 << 20;

/// Records per frame in a large answer or upload.
pub const CHUNK: usize = 5_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ClientMessage {
    Hello {
        protocol: u16,
        certdesk: String,
    },
    Call(Box<Request>),
    /// Turns the connection into a stream of `ServerMessage::Changed`.
    Subscribe,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ServerMessage {
    /// The connection is accepted; `login` is who the server knows the client as.
    Welcome {
        login: String,
        certdesk: String,
    },
    /// The connection is refused, with the sentence that says why.
    Refused(String),
    /// Part of a large answer; more follow, then a `Reply`.
    Part(Response),
    Reply(Result<Response, RemoteError>),
    Changed(Change),
}

/// Something changed in the database: which course (if any), by whom, and what the audit
/// event says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub course: Option<String>,
    pub who: String,
    pub summary: String,
}

/// One call of the store's interface.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    IsEmpty,
    Flush,
    Courses,
    Course(String),
    Enrollments(String),
    EnrollmentCount(String),
    Enrollment {
        course: String,
        username: String,
    },
    SaveEnrollment {
        course: String,
        enrollment: Enrollment,
        replaces: Enrollment,
        event: Event,
    },
    /// An import: the course, then its learners in `ReplaceCoursePart`s, then
    /// `ReplaceCourseEnd`, which writes it all at once.
    ReplaceCourseBegin(Course),
    ReplaceCoursePart(Vec<Enrollment>),
    ReplaceCourseEnd {
        event: Event,
    },
    Ledger {
        course: String,
        username: String,
    },
    Ledgers(String),
    CodeOwner(Code),
    Events(String),
    AppendEvent {
        course: String,
        event: Event,
    },
    Commit {
        course: String,
        commit: Box<Commit>,
    },
    Settings(String),
    Examples(String),
    Allowlist(String),
    Invalidations(String),
    TemplateRevisions,
    TemplateRevision {
        name: String,
        revision: u32,
    },
    LatestTemplate(String),
    SaveTemplate(TemplateRevision),
    Images,
    Image(String),
    AddImage(StoredImage),
    Staff,
    SetStaff(Vec<String>),
    Farewell(String),
    MailSettings,
    SetMailSettings(MailSettings),
    Deliveries(String),
    AddLink {
        hash: [u8; 32],
        link: LearnerLink,
    },
    Link([u8; 32]),
    Links(String),
    /// The credential seals of these certificates of a course, sealing those that have none.
    Credentials {
        course: String,
        codes: Vec<Code>,
    },
    /// The seal one certificate carries, if any, without sealing it.
    SealOnRecord(Code),
    IssuerKeys,
    IssuerInit,
    IssuerRotate,
    /// The database's own audit trail.
    DatabaseEvents,
    /// Claims a course's mail run for as long as this connection stays open (`MailRuns`).
    ClaimMailRun(String),
    /// The keys the database knows were retired as compromised, key file or not.
    CompromisedOnRecord,
    /// What keeps a template from being deleted.
    TemplateUse(String),
    /// Every revision of a template nothing uses; answered with how many went.
    DeleteTemplate(String),
    /// How many certificates carry a credential signed with one of these keys: of the
    /// certificates `among`, or of the whole database.
    SignedWith {
        kids: Vec<String>,
        among: Option<Vec<Code>>,
    },
    /// Retire this issuer key as compromised.
    IssuerRetire(String),
    /// Sign again every credential signed with a key retired as compromised.
    IssuerResign,
    /// The caller's draft of a template.
    TemplateDraft(String),
    /// Keeps a draft as the caller's.
    KeepTemplateDraft(TemplateDraft),
    /// Removes the caller's draft of a template.
    DropTemplateDraft(String),
    /// Who else left a draft of a template, and when (not their text).
    OthersTemplateDrafts(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Done,
    Bool(bool),
    Count(usize),
    Courses(Vec<Course>),
    Course(Option<Course>),
    Enrollments(Vec<Enrollment>),
    Enrollment(Option<Enrollment>),
    Ledger(Option<Ledger>),
    Ledgers(Vec<(String, Ledger)>),
    CodeOwner(Option<CodeOwner>),
    Events(Vec<Event>),
    Settings(CourseSettings),
    Examples(Option<ExampleSet>),
    Exceptions(HashMap<String, Exception>),
    Templates(Vec<TemplateRevision>),
    Template(Option<TemplateRevision>),
    Images(Vec<StoredImage>),
    Image(Option<StoredImage>),
    Names(Vec<String>),
    Farewell(Option<Farewell>),
    MailSettings(MailSettings),
    Deliveries(Vec<Delivery>),
    Link(Option<LearnerLink>),
    Links(Vec<([u8; 32], LearnerLink)>),
    Seals(Vec<Seal>),
    Seal(Option<Box<Seal>>),
    Keys(Vec<PublicKeyInfo>),
    Key(PublicKeyInfo),
    Compromised(Vec<(String, jiff::Timestamp)>),
    TemplateUse(TemplateUse),
    Retirement(Box<Retirement>),
    Resigned(Resigned),
    Draft(Option<TemplateDraft>),
    DraftAuthors(Vec<DraftAuthor>),
}

impl Response {
    /// Splits a long list into chunks of `CHUNK`, for `ServerMessage::Part`s and a final reply.
    pub fn into_parts(self) -> Vec<Response> {
        fn split<T>(items: Vec<T>, wrap: fn(Vec<T>) -> Response) -> Vec<Response> {
            if items.len() <= CHUNK {
                return vec![wrap(items)];
            }
            let mut parts = Vec::with_capacity(items.len() / CHUNK + 1);
            let mut items = items.into_iter().peekable();
            while items.peek().is_some() {
                parts.push(wrap(items.by_ref().take(CHUNK).collect()));
            }
            parts
        }
        match self {
            Response::Enrollments(items) => split(items, Response::Enrollments),
            Response::Ledgers(items) => split(items, Response::Ledgers),
            Response::Events(items) => split(items, Response::Events),
            Response::Deliveries(items) => split(items, Response::Deliveries),
            Response::Links(items) => split(items, Response::Links),
            Response::Seals(items) => split(items, Response::Seals),
            other => vec![other],
        }
    }

    /// Appends a later part of the same answer.
    pub fn absorb(&mut self, later: Response) -> Result<(), String> {
        match (self, later) {
            (Response::Enrollments(items), Response::Enrollments(more)) => items.extend(more),
            (Response::Ledgers(items), Response::Ledgers(more)) => items.extend(more),
            (Response::Events(items), Response::Events(more)) => items.extend(more),
            (Response::Deliveries(items), Response::Deliveries(more)) => items.extend(more),
            (Response::Links(items), Response::Links(more)) => items.extend(more),
            (Response::Seals(items), Response::Seals(more)) => items.extend(more),
            (first, later) => return Err(format!("a reply in parts mixes {first:?} with {later:?}")),
        }
        Ok(())
    }
}

/// An error the server met, with the kinds a client acts on kept apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RemoteError {
    CodeTaken(Code),
    Changed(String),
    Conflict(String),
    Other(String),
}

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("{}", connection_error(.0))]
    Io(#[from] std::io::Error),
    #[error("a frame of {0} bytes is larger than the {MAX_FRAME} allowed")]
    TooLarge(usize),
    #[error("a frame cannot be decoded: {0}")]
    Malformed(String),
}

/// What broke a connection, in a user's words: the other end hanging up (mid-message, or
/// before it) is said so, not as the reader's "failed to fill whole buffer".
fn connection_error(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::UnexpectedEof | ErrorKind::BrokenPipe | ErrorKind::ConnectionReset => {
            "it closed the connection".to_string()
        }
        _ => error.to_string(),
    }
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// Writes one message as a frame.
pub fn write_frame<W: Write, M: Serialize>(out: &mut W, message: &M) -> Result<(), FrameError> {
    let body = bincode::serde::encode_to_vec(message, config()).map_err(|e| FrameError::Malformed(e.to_string()))?;
    if body.len() > MAX_FRAME {
        return Err(FrameError::TooLarge(body.len()));
    }
    out.write_all(&(body.len() as u32).to_be_bytes())?;
    out.write_all(&body)?;
    out.flush()?;
    Ok(())
}

/// Reads one frame and decodes its message. A length over `MAX_FRAME`, a truncated body or
/// bytes left after the message are errors, never panics.
pub fn read_frame<R: Read, M: DeserializeOwned>(input: &mut R) -> Result<M, FrameError> {
    let mut length = [0u8; 4];
    input.read_exact(&mut length)?;
    let length = u32::from_be_bytes(length) as usize;
    if length > MAX_FRAME {
        return Err(FrameError::TooLarge(length));
    }
    let mut body = vec![0u8; length];
    input.read_exact(&mut body)?;
    decode(&body)
}

/// Decodes a frame's body. The decoder may not allocate more than a frame can hold, whatever
/// lengths the bytes claim.
pub fn decode<M: DeserializeOwned>(body: &[u8]) -> Result<M, FrameError> {
    let limited = config().with_limit::<MAX_FRAME>();
    let (message, read) =
        bincode::serde::decode_from_slice(body, limited).map_err(|e| FrameError::Malformed(e.to_string()))?;
    if read != body.len() {
        return Err(FrameError::Malformed(format!("{} bytes follow the message", body.len() - read)));
    }
    Ok(message)
}

#[cfg(test)]
#[path = "protocol_tests.rs"]
mod tests;
