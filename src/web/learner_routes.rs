//! `/learner/TOKEN`: the page, the request button's POST, and the PDF download. The database
//! work runs on tokio's blocking threads: a PDF takes milliseconds of layout and compression.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;

use super::Web;
use super::learner::{self, Closed, Download, Printing};
use crate::domain::LearnerLink;
use crate::mail::links::is_token;
use crate::ops::RequestOutcome;
use crate::serve::protocol::Change;

/// Runs `work` off the runtime's threads; a panic or error becomes the "try again" page.
async fn blocking<T: Send + 'static>(
    web: &Arc<Web>,
    what: &str,
    work: impl FnOnce(&Web) -> crate::ops::Result<T> + Send + 'static,
) -> Result<T, Response> {
    let shared = web.clone();
    match tokio::task::spawn_blocking(move || work(&shared)).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => {
            crate::serve::note(format_args!("{what} failed: {error}"));
            Err(web.pages.failed())
        }
        Err(panic) => {
            crate::serve::note(format_args!("{what} failed: {panic}"));
            Err(web.pages.failed())
        }
    }
}

/// Opens `token`'s link and does `work` with it, in one trip to the blocking threads; a
/// closed link gives the page that says it leads nowhere.
async fn with_link<T: Send + 'static>(
    web: &Arc<Web>,
    token: String,
    what: &str,
    work: impl FnOnce(&Web, &LearnerLink) -> crate::ops::Result<T> + Send + 'static,
) -> Result<(LearnerLink, T), Response> {
    let opened = blocking(web, what, move |web| {
        Ok(match learner::open(&web.store, &token, now())? {
            Ok(link) => {
                let value = work(web, &link)?;
                Ok((link, value))
            }
            Err(closed) => Err(closed),
        })
    })
    .await?;
    opened.map_err(|closed| web.pages.closed_link(closed))
}

/// The token in the address; one that is not even UTF-8 (`%FF`) is no token, and leads to
/// the page that says so rather than to the framework's plain-text rejection.
fn token_of(path: Result<Path<String>, PathRejection>) -> String {
    path.map(|Path(token)| token).unwrap_or_default()
}

fn now() -> Timestamp {
    // Whole seconds, as every certdesk command stamps what it writes.
    Timestamp::from_second(Timestamp::now().as_second()).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The token a link was meant to carry, when what came is one with what a sentence, an
/// autolinker or a copy by hand adds: a full stop or a bracket after it, capitals. Tokens are
/// lower-case hex digits, so none of that can be part of one.
fn meant_token(typed: &str) -> Option<String> {
    let token = typed.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()).to_ascii_lowercase();
    (token != typed && is_token(&token)).then_some(token)
}

pub async fn page(State(web): State<Arc<Web>>, token: Result<Path<String>, PathRejection>) -> Response {
    let token = token_of(token);
    // `…/learner/TOKEN.` at the end of a sentence opens the page, at its own address.
    if let Some(meant) = meant_token(&token) {
        return Redirect::permanent(&format!("/learner/{meant}")).into_response();
    }
    show(&web, token, None).await
}

async fn show(web: &Arc<Web>, token: String, problem: Option<String>) -> Response {
    let shown = with_link(web, token.clone(), "a learner's page", |web, link| {
        let keys = web.keys.keys(&web.store);
        learner::page(&web.store, &web.printer.fonts, link, now(), keys.as_deref())
    });
    let page = match shown.await {
        Ok((_, Some(page))) => page,
        Ok((_, None)) => return web.pages.closed_link(Closed::Unknown),
        Err(response) => return response,
    };
    let status = if problem.is_some() { StatusCode::CONFLICT } else { StatusCode::OK };
    web.pages.learner(status, &page, &token, problem.as_deref())
}

/// The button: asks for the certificate, then shows the page again (303, so reloading the
/// page does not ask twice).
pub async fn request(
    State(web): State<Arc<Web>>,
    token: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let token = token_of(token);
    if !same_origin(&headers) {
        return web.pages.learner_message(
            StatusCode::FORBIDDEN,
            "Not from this page",
            "A certificate can only be requested with the button on your own page.",
        );
    }
    let asked = with_link(&web, token.clone(), "a learner's request", |web, link| {
        learner::request(&web.store, &web.printer, link, now())
    });
    let (link, outcome) = match asked.await {
        Ok(asked) => asked,
        Err(response) => return response,
    };
    match outcome {
        RequestOutcome::Issued { code } => {
            web.notifier.announce(Change {
                course: Some(link.course_id.clone()),
                who: learner::who(&link),
                summary: format!("issued {code} on request of {}", link.username),
            });
            Redirect::to(&format!("/learner/{token}")).into_response()
        }
        RequestOutcome::Existing { .. } => Redirect::to(&format!("/learner/{token}")).into_response(),
        RequestOutcome::Refused { .. } => show(&web, token, Some(NOT_ISSUED.to_string())).await,
        // The page no longer offers the button; a request sent before it changed is told so.
        RequestOutcome::Paused { .. } => show(&web, token, Some(PAUSED.to_string())).await,
    }
}

/// A refused request leaves the page shown at the request's address; reloading it from the
/// address bar, a restored tab or a bookmark asks for it with GET, which leads back to the
/// page (never asking for the certificate: only the button does that).
pub async fn back_to_page(State(web): State<Arc<Web>>, token: Result<Path<String>, PathRejection>) -> Response {
    match page_address(token) {
        Some(address) => Redirect::to(&address).into_response(),
        None => web.pages.closed_link(Closed::Unknown),
    }
}

/// `/learner/TOKEN/`: the page has one address, which a slash after the token leads to, as
/// a full stop after it does.
pub async fn with_slash(State(web): State<Arc<Web>>, token: Result<Path<String>, PathRejection>) -> Response {
    match page_address(token) {
        Some(address) => Redirect::permanent(&address).into_response(),
        None => web.pages.closed_link(Closed::Unknown),
    }
}

/// The learner's page's one address for the token in a path; `None` for what could be no
/// token: only a token goes back into an address, anything else led nowhere anyway.
fn page_address(token: Result<Path<String>, PathRejection>) -> Option<String> {
    let typed = token_of(token);
    let token = meant_token(&typed).unwrap_or(typed);
    is_token(&token).then(|| format!("/learner/{token}"))
}

/// What the page says above the learner's standing when the button issued nothing. The
/// refusal's own reason is written for staff (`certdesk request`: "add a font … with --fonts");
/// the standing under it says why in the learner's terms.
const NOT_ISSUED: &str = "Your certificate was not issued.";
const PAUSED: &str =
    "Your certificate was not issued just now: the course staff are checking a change to the certificate first.";

pub async fn certificate(State(web): State<Arc<Web>>, token: Result<Path<String>, PathRejection>) -> Response {
    download(&web, token_of(token), Printing::Whole).await
}

/// HEAD of the download: the status and headers a GET would get, without printing the PDF
/// (which axum would otherwise do, only to throw it away). The length is left out, since only
/// the printing knows it.
pub async fn certificate_head(State(web): State<Arc<Web>>, token: Result<Path<String>, PathRejection>) -> Response {
    download(&web, token_of(token), Printing::HeadersOnly).await
}

async fn download(web: &Arc<Web>, token: String, printing: Printing) -> Response {
    // Waits its turn (the semaphore is never closed).
    let Ok(_turn) = web.printing.acquire().await else {
        return web.pages.failed();
    };
    let printed = with_link(web, token.clone(), "printing a learner's certificate", move |web, link| {
        let keys = web.keys.keys(&web.store);
        learner::pdf(&web.store, &web.printer, link, now(), printing, keys.as_deref())
    })
    .await
    .map(|(_, printed)| printed);
    let pdf = match printed {
        Ok(Download::Pdf(pdf)) => pdf,
        Ok(Download::None) => return web.pages.nothing_to_download(&token),
        Ok(Download::Unprintable(why)) => {
            crate::serve::note(format_args!("a learner's certificate was not handed out: {why}"));
            return web.pages.learner_message(
                StatusCode::SERVICE_UNAVAILABLE,
                "Your certificate cannot be printed here yet",
                "Something in it, most likely a letter of your name, cannot be printed by this server. Ask the course staff; they can fix it.",
            );
        }
        Err(response) => return response,
    };
    if let (Some(code), Some(_)) = (&pdf.credential_refused, &pdf.bytes) {
        // Staff learn that copies still go out that checkers refuse, and what ends it.
        crate::serve::note(format_args!(
            "a learner downloaded {code}, whose credential is signed with a key retired as compromised, which \
             verifiers refuse: certdesk issuer resign signs it again"
        ));
    }
    let mut response = match pdf.bytes {
        Some(bytes) => {
            web.pdfs_printed.fetch_add(1, Ordering::Relaxed);
            bytes.into_response()
        }
        // Of no length known, so that no `Content-Length: 0` is said of it; axum sends HEAD no
        // body anyway (and the pages above the length of the body they had).
        None => Body::from_stream(futures_util::stream::empty::<Result<Bytes, Infallible>>()).into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", pdf.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// Whether a POST comes from a page of this site: browsers say where a form was sent from
/// (`Sec-Fetch-Site`, `Origin`, else the `Referer` of older ones); a request that says nothing
/// (curl, a browser told to send no referrer) is let through, since the token it must carry is
/// the learner's own key anyway.
fn same_origin(headers: &HeaderMap) -> bool {
    let text = |name: header::HeaderName| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return matches!(site, "same-origin" | "none");
    }
    let Some(from) = text(header::ORIGIN).or_else(|| text(header::REFERER)) else {
        return true;
    };
    // `https://host[:port]`, and for a referrer the path after it.
    let site = from.split_once("://").map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(rest));
    site.is_some_and(|site| text(header::HOST) == Some(site))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(header::HeaderName::from_static(name), HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_this_sites_pages_may_press_the_button() {
        assert!(same_origin(&headers(&[])));
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site"), ("origin", "https://certs.example.edu")])));
        assert!(same_origin(&headers(&[("origin", "https://certs.example.edu"), ("host", "certs.example.edu")])));
        assert!(!same_origin(&headers(&[("origin", "https://evil.example"), ("host", "certs.example.edu")])));
        assert!(!same_origin(&headers(&[("origin", "null"), ("host", "certs.example.edu")])));
        let host = ("host", "certs.example.edu");
        assert!(same_origin(&headers(&[("referer", "https://certs.example.edu/learner/0a1b"), host])));
        assert!(!same_origin(&headers(&[("referer", "http://evil.example/x"), host])));
        assert!(!same_origin(&headers(&[("referer", "https://certs.example.edu.evil.example/"), host])));
        assert!(!same_origin(&headers(&[("referer", "about:blank"), host])));
    }

    #[test]
    fn a_token_with_what_a_sentence_adds_is_the_token_meant() {
        let token = "0123456789abcdef0123456789abcdef01234567";
        for typed in [format!("{token}."), format!("{token})."), format!("{token}>"), token.to_uppercase()] {
            assert_eq!(meant_token(&typed).as_deref(), Some(token), "{typed}");
        }
        for typed in
            [token.to_string(), format!("{}.", &token[1..]), format!("{token}x"), "../..".into(), String::new()]
        {
            assert_eq!(meant_token(&typed), None, "{typed}");
        }
    }
}
