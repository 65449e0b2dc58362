//! The server in this process, spoken to frame by frame.

use std::os::unix::net::UnixStream;

use super::*;
use crate::domain::Event;
use crate::serve::Sharing;
use crate::serve::identity;
use crate::serve::protocol::{ClientMessage, PROTOCOL, RemoteError, Request, Response, read_frame};
use crate::store::tests::{sample_course, sample_enrollment};

fn served() -> (tempfile::TempDir, Arc<LocalStore>, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let server =
        Server::new(Arc::new(LocalStore::open(dir.path()).expect("open")), None, &Sharing::default()).expect("serve");
    let store = server.store().clone();
    let socket = server.socket().expect("a socket").to_path_buf();
    std::thread::spawn(move || server.run());
    (dir, store, socket)
}

fn greeted(socket: &Path) -> UnixStream {
    let mut stream = UnixStream::connect(socket).expect("connect");
    let hello = ClientMessage::Hello { protocol: PROTOCOL, certdesk: env!("CARGO_PKG_VERSION").into() };
    write_frame(&mut stream, &hello).expect("greet");
    let welcome: ServerMessage = read_frame(&mut stream).expect("welcome");
    assert!(matches!(welcome, ServerMessage::Welcome { .. }), "{welcome:?}");
    stream
}

fn call(stream: &mut UnixStream, request: Request) -> Result<Response, RemoteError> {
    write_frame(stream, &ClientMessage::Call(Box::new(request))).expect("call");
    match read_frame(stream).expect("reply") {
        ServerMessage::Reply(reply) => reply,
        other => panic!("expected a reply, got {other:?}"),
    }
}

fn import_event() -> Event {
    Event {
        at: jiff::Timestamp::UNIX_EPOCH,
        who: "whoever the client claims".into(),
        action: crate::domain::Action::Import,
        summary: "imported".into(),
        learners: Vec::new(),
        codes: Vec::new(),
        learner_changes: None,
    }
}

#[test]
fn an_import_whose_client_goes_away_before_its_end_writes_nothing() {
    let (_dir, store, socket) = served();
    let mut stream = greeted(&socket);
    call(&mut stream, Request::ReplaceCourseBegin(sample_course())).expect("begin");
    let learners = (0..100).map(|n| sample_enrollment(&format!("learner{n}"), Some(900))).collect();
    call(&mut stream, Request::ReplaceCoursePart(learners)).expect("part");
    drop(stream);

    // Another client's whole import goes through; the abandoned one never appears.
    let mut other = greeted(&socket);
    let mut course = sample_course();
    course.id = "other".into();
    call(&mut other, Request::ReplaceCourseBegin(course)).expect("begin");
    call(&mut other, Request::ReplaceCoursePart(vec![sample_enrollment("frodo", Some(1000))])).expect("part");
    call(&mut other, Request::ReplaceCourseEnd { event: import_event() }).expect("end");
    let courses: Vec<String> = store.courses().expect("courses").into_iter().map(|course| course.id).collect();
    assert_eq!(courses, ["other"]);
    assert_eq!(store.enrollment_count("other").expect("count"), 1);
    let events = store.events("other").expect("events");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].who, identity::own_login(), "signed by the caller's login, not its word");
}

#[test]
fn learners_of_an_import_that_was_not_begun_are_refused() {
    let (_dir, store, socket) = served();
    let mut stream = greeted(&socket);
    let refused = call(&mut stream, Request::ReplaceCoursePart(vec![sample_enrollment("sam", None)]));
    assert!(matches!(refused, Err(RemoteError::Other(ref why)) if why.contains("not begun")), "{refused:?}");
    let refused = call(&mut stream, Request::ReplaceCourseEnd { event: import_event() });
    assert!(refused.is_err());
    assert!(store.courses().expect("courses").is_empty());
}

#[test]
fn a_draft_is_kept_as_the_callers_whatever_login_it_names() {
    let (_dir, store, socket) = served();
    let mut stream = greeted(&socket);
    let me = identity::own_login();
    let draft = crate::domain::TemplateDraft {
        name: "gold".into(),
        login: "someone-else".into(),
        revision: 1,
        base_saved_at: Some(jiff::Timestamp::UNIX_EPOCH),
        text: "typed\n".into(),
        written_at: jiff::Timestamp::UNIX_EPOCH,
    };
    call(&mut stream, Request::KeepTemplateDraft(draft)).expect("keep");
    assert_eq!(store.template_draft("gold", "someone-else").expect("read"), None);
    let kept = store.template_draft("gold", &me).expect("read").expect("kept as the caller's");
    assert_eq!((kept.login.as_str(), kept.text.as_str()), (me.as_str(), "typed\n"));
    // When its revision was saved crosses too: it tells that template from one made again.
    assert_eq!(kept.base_saved_at, Some(jiff::Timestamp::UNIX_EPOCH));
    let read = call(&mut stream, Request::TemplateDraft("gold".into())).expect("read");
    assert_eq!(read, Response::Draft(Some(kept)));
    call(&mut stream, Request::DropTemplateDraft("gold".into())).expect("drop");
    assert_eq!(call(&mut stream, Request::TemplateDraft("gold".into())).expect("read"), Response::Draft(None));
}

#[test]
fn the_others_drafts_of_a_template_are_told_by_login_and_time_only() {
    let (_dir, store, socket) = served();
    let mut stream = greeted(&socket);
    let me = identity::own_login();
    let draft = |login: &str| crate::domain::TemplateDraft {
        name: "gold".into(),
        login: login.into(),
        revision: 1,
        base_saved_at: None,
        text: format!("typed by {login}\n"),
        written_at: jiff::Timestamp::UNIX_EPOCH,
    };
    store.keep_template_draft(&draft(&me)).expect("keep");
    store.keep_template_draft(&draft("someone-else")).expect("keep");
    let read = call(&mut stream, Request::OthersTemplateDrafts("gold".into())).expect("read");
    let author = crate::domain::DraftAuthor { login: "someone-else".into(), written_at: jiff::Timestamp::UNIX_EPOCH };
    assert_eq!(read, Response::DraftAuthors(vec![author]), "the caller's own is not among them");
}
