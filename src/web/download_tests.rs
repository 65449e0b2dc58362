//! The certificate download asked in-process through the service's routes: a HEAD says what a
//! GET would (status, type, file name) without printing the PDF.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use jiff::{SignedDuration, Timestamp};
use tower::ServiceExt as _;

use super::{Web, limit, pages, routes};
use crate::domain::LearnerLink;
use crate::mail::links::token_hash;
use crate::ops::{self, Context, Printer, Quiet};
use crate::serve::{Server, Sharing};
use crate::store::Store;
use crate::store::tests::temp_store;

pub(super) const FRODO: &str = "0123456789abcdef0123456789abcdef01234567";
const PIPPIN: &str = "1123456789abcdef0123456789abcdef01234567";

/// The sample course with its certificates issued, and a link for Frodo (certified) and
/// Pippin (below the pass mark), served by a `Web` of its own.
pub(super) fn certified() -> (tempfile::TempDir, Arc<Web>) {
    served(|store, context| {
        ops::ensure_default_templates(store, context.now).unwrap();
        let folder = crate::import::validate(crate::sample::middle_earth(), Vec::new()).unwrap();
        let course = crate::import::import_validated(store, folder, None, ("tester", context.now)).unwrap().course;
        let printer = Printer::new(store, None).unwrap();
        ops::generate_examples(store, &printer, &course, context).unwrap();
        ops::generate(store, &course, context, &printer, false, &mut Quiet).unwrap();
        for (token, username) in [(FRODO, "frodo"), (PIPPIN, "pippin")] {
            add_link(store, token, username, context.now);
        }
    })
}

/// A new database, which `fill` fills as `tester` now, served by a `Web` of its own.
pub(super) fn served(fill: impl FnOnce(&Store, &Context)) -> (tempfile::TempDir, Arc<Web>) {
    let (dir, local) = temp_store();
    let local = Arc::new(local);
    let store = Store::from_shared(local.clone());
    let now = Timestamp::from_second(Timestamp::now().as_second()).unwrap();
    fill(&store, &Context { who: "tester".into(), now });
    let printer = Printer::new(&store, None).unwrap();
    let notifier = Server::new(local, None, &Sharing { group: None }).unwrap().notifier();
    let web = Web {
        store,
        printer,
        notifier,
        pdfs_printed: AtomicUsize::new(0),
        keys: super::verify::KeyWatch::default(),
        printing: super::printing_slots(),
        limiter: limit::Limiter::new(0),
        pages: pages::Pages::new().unwrap(),
    };
    (dir, Arc::new(web))
}

/// A day's link to `username`'s page in the sample course, opened by `token`.
pub(super) fn add_link(store: &Store, token: &str, username: &str, now: Timestamp) {
    let expires = now + SignedDuration::from_hours(24);
    let course_id = "middle-earth-101".to_string();
    let link = LearnerLink { course_id, username: username.into(), created: now, expires, revoked: None };
    store.add_link(token_hash(token), &link).unwrap();
}

/// `method` on `path`: the status, the content type and disposition, and the body.
pub(super) async fn ask(web: &Arc<Web>, method: Method, path: &str) -> (StatusCode, String, String, Vec<u8>) {
    let mut request = Request::builder().method(method).uri(path).body(Body::empty()).unwrap();
    request.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 4000))));
    let response = routes::router(web.clone()).oneshot(request).await.unwrap();
    let text = |name| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let (status, kind, disposition) =
        (response.status(), text(header::CONTENT_TYPE), text(header::CONTENT_DISPOSITION));
    let length = text(header::CONTENT_LENGTH);
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
    (status, format!("{kind}; length {length}"), disposition, body)
}

#[test]
fn a_head_of_the_download_says_what_a_get_would_without_printing_the_pdf() {
    let (_dir, web) = certified();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let pdf = format!("/learner/{FRODO}/certificate.pdf");
        let (status, kind, disposition, body) = ask(&web, Method::HEAD, &pdf).await;
        assert_eq!(status, StatusCode::OK);
        // No length: only printing the PDF would tell it, and a HEAD never says 0 of a PDF.
        assert_eq!(kind, "application/pdf; length ");
        assert!(disposition.starts_with("attachment; filename=\"certificate-"), "{disposition}");
        assert!(body.is_empty());
        assert_eq!(web.pdfs_printed.load(Ordering::Relaxed), 0, "a HEAD printed the PDF");

        let (status, got_kind, got_disposition, body) = ask(&web, Method::GET, &pdf).await;
        assert_eq!((status, got_disposition), (StatusCode::OK, disposition));
        assert_eq!(got_kind, format!("application/pdf; length {}", body.len()));
        assert!(body.starts_with(b"%PDF-"));
        assert_eq!(web.pdfs_printed.load(Ordering::Relaxed), 1);

        // No certificate to download, and a link that leads nowhere: the GET's status and page
        // type, the page's length, and no PDF printed.
        for (token, expected) in [(PIPPIN, StatusCode::NOT_FOUND), (&FRODO[1..], StatusCode::NOT_FOUND)] {
            let path = format!("/learner/{token}/certificate.pdf");
            let (status, kind, _, body) = ask(&web, Method::HEAD, &path).await;
            let (got_status, got_kind, _, page) = ask(&web, Method::GET, &path).await;
            assert_eq!((status, got_status), (expected, expected), "{path}");
            assert!(body.is_empty());
            assert_eq!(kind, got_kind, "{path}");
            assert_eq!(kind, format!("text/html; charset=utf-8; length {}", page.len()));
        }
        assert_eq!(web.pdfs_printed.load(Ordering::Relaxed), 1);
    });
}
