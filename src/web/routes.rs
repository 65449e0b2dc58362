//! The web service's routes and the headers every answer carries.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Json, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::learner::Closed;
use super::{Web, learner_routes, limit, verify};
use crate::domain::Code;

/// No page takes a body larger than this (the learner's request form has none at all).
const MAX_BODY: usize = 16 * 1024;
/// A request that takes longer is answered with 503.
const TIMEOUT: Duration = Duration::from_secs(20);

pub fn router(web: Arc<Web>) -> Router {
    Router::new()
        .route("/", get(|| async { Redirect::to("/verify") }))
        .route("/verify", get(verify_form))
        .route("/verify/", get(|| async { Redirect::to("/verify") }))
        .route("/verify/{code}", get(verify_code).options(preflight))
        // A slash after a code (typed, or added by some tool) changes nothing: every link on
        // these pages is absolute. A learner's page has one address, which a slash leads to.
        .route("/verify/{code}/", get(verify_code).options(preflight))
        .route("/learner/{token}", get(learner_routes::page))
        .route("/learner/{token}/", get(learner_routes::with_slash))
        .route("/learner/{token}/request", get(learner_routes::back_to_page).post(learner_routes::request))
        .route(
            "/learner/{token}/certificate.pdf",
            get(learner_routes::certificate).head(learner_routes::certificate_head),
        )
        .route("/certdesk.css", get(stylesheet))
        .merge(super::issuer::routes())
        .fallback(not_found)
        // After every route: it applies to the routes registered before it.
        .method_not_allowed_fallback(not_allowed)
        .layer(middleware::from_fn_with_state(web.clone(), limit::by_client))
        .layer(middleware::from_fn_with_state(web.clone(), bounded_body))
        .layer(middleware::from_fn_with_state(web.clone(), within_time))
        .layer(middleware::from_fn(safe_headers))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(web)
}

/// Headers that keep the pages from being framed, sniffed, or leaking their address (which for
/// a learner's page is their key) to other sites; nothing but the own stylesheet may load.
async fn safe_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    response
}

/// Refuses a body over `MAX_BODY` whether or not a handler reads it: the learner's request
/// takes none, and `DefaultBodyLimit` only bounds bodies that are read.
async fn bounded_body(State(web): State<Arc<Web>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => next.run(Request::from_parts(parts, axum::body::Body::from(bytes))).await,
        Err(_) => web.pages.message(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Request too large",
            "The request is larger than any page here takes.",
        ),
    }
}

async fn within_time(State(web): State<Arc<Web>>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => web.pages.message(
            StatusCode::SERVICE_UNAVAILABLE,
            "Try again in a moment",
            "The answer took too long to prepare; reload the page to try again.",
        ),
    }
}

/// What anyone may read from a page of another site (a wallet, an online verifier): the
/// issuer's keys and a code's status (`/verify/CODE.json`, the `credentialStatus` every
/// credential names). Nothing else here says more than those do.
pub(super) async fn open_to_other_sites(mut response: Response) -> Response {
    response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

/// The question a browser asks before a page of another site reads what is open to it with
/// headers of its own (`Accept`, say): yes, for reading.
pub(super) async fn preflight() -> Response {
    let headers = [
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD"),
        (header::ACCESS_CONTROL_ALLOW_HEADERS, "Accept, Accept-Language, Cache-Control"),
        (header::ACCESS_CONTROL_MAX_AGE, "86400"),
    ];
    (StatusCode::NO_CONTENT, headers).into_response()
}

async fn stylesheet() -> Response {
    let headers = [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=86400")];
    (headers, super::pages::STYLESHEET).into_response()
}

/// A wrong address; under `/learner/` (a link cut short, or with more after it), said as the
/// learner's page says a link that leads nowhere, not as the verification service.
async fn not_found(State(web): State<Arc<Web>>, uri: Uri) -> Response {
    if let Some(lower) = in_lower_case(&uri)
        && let Ok(location) = HeaderValue::from_str(&lower)
    {
        return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)]).into_response();
    }
    if uri.path() == "/learner" || uri.path().starts_with("/learner/") {
        return web.pages.closed_link(Closed::Unknown);
    }
    web.pages.not_found()
}

/// `/LEARNER/…` or `/Verify/…`, as a link copied by hand (or a phone's capitals) may have it:
/// the same address with the first part in the lower case the routes have; `None` for any
/// other address.
fn in_lower_case(uri: &Uri) -> Option<String> {
    let path = uri.path().strip_prefix('/')?;
    let (first, rest) = path.find('/').map_or((path, ""), |slash| path.split_at(slash));
    let lower = first.to_ascii_lowercase();
    if first == lower || !matches!(lower.as_str(), "learner" | "verify") {
        return None;
    }
    let query = uri.query().map(|query| format!("?{query}")).unwrap_or_default();
    Some(format!("/{lower}{rest}{query}"))
}

/// An address asked with a method it does not answer (a form posted to `/verify`, `DELETE` on
/// a learner's page): a page saying so, as a wrong address gets, rather than an empty body.
/// axum adds the `Allow` header naming the methods the address answers.
async fn not_allowed(State(web): State<Arc<Web>>, method: Method, uri: Uri) -> Response {
    web.pages.not_allowed(&method, uri.path().starts_with("/learner/"))
}

#[derive(Deserialize)]
struct CodeQuery {
    code: Option<String>,
}

/// The form, or (with `?code=`) the way from the form to the code's page.
async fn verify_form(State(web): State<Arc<Web>>, query: Result<Query<CodeQuery>, QueryRejection>) -> Response {
    // A query the form never makes (`?code=A&code=B`) gets the form with a sentence, not
    // the framework's plain-text rejection.
    let Ok(Query(query)) = query else {
        return web.pages.verify_form("", Some("that address is not one this form makes: type the code again"));
    };
    let Some(typed) = query.code.filter(|typed| !typed.trim().is_empty()) else {
        return web.pages.verify_form("", None);
    };
    // A credential signed under a query's URL names its status `…/verify?code=CODE.json`.
    let (stem, suffix) = match without_json_suffix(&typed) {
        Some(stem) => (stem, ".json"),
        None => (typed.as_str(), ""),
    };
    match Code::from_typed(stem) {
        Ok(code) => Redirect::to(&format!("/verify/{code}{suffix}")).into_response(),
        Err(error) => web.pages.verify_form(&typed, Some(&error.to_string())),
    }
}

/// `typed` without its `.json` (`.JSON` too: a suffix typed by hand, or by a script written in
/// capitals); `None` when it has none.
fn without_json_suffix(typed: &str) -> Option<&str> {
    let at = typed.len().checked_sub(".json".len()).filter(|&at| typed.is_char_boundary(at))?;
    typed[at..].eq_ignore_ascii_case(".json").then(|| &typed[..at])
}

/// `/verify/CODE` (HTML, or JSON when asked for) and `/verify/CODE.json`.
async fn verify_code(
    State(web): State<Arc<Web>>,
    typed: Result<Path<String>, PathRejection>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let response = answer_code(&web, typed, &uri, &headers).await;
    match response.headers().get(header::CONTENT_TYPE) {
        Some(kind) if kind.as_bytes().starts_with(b"application/json") => open_to_other_sites(response).await,
        _ => response,
    }
}

/// `verify_code`'s answer, a page or JSON.
async fn answer_code(
    web: &Web,
    typed: Result<Path<String>, PathRejection>,
    uri: &Uri,
    headers: &HeaderMap,
) -> Response {
    // An address that is not even UTF-8 (`%FF`) gets the form with a sentence (or, asked for
    // JSON, the JSON of an unknown code), not the framework's plain-text rejection.
    let not_a_code = "that address is not one of a certificate: type the code again";
    let Ok(Path(typed)) = typed else {
        if without_json_suffix(uri.path()).is_some() || wants_json(headers) {
            let body = serde_json::json!({ "verdict": "unknown", "problem": not_a_code });
            return (StatusCode::NOT_FOUND, Json(body)).into_response();
        }
        return web.pages.verify_form("", Some(not_a_code));
    };
    let (typed, json) = match without_json_suffix(&typed) {
        Some(stem) => (stem.to_string(), true),
        None => (typed, wants_json(headers)),
    };
    let code = match Code::from_typed(&typed) {
        Ok(code) => code,
        Err(error) if json => {
            let body = serde_json::json!({ "code": typed, "verdict": "unknown", "problem": error.to_string() });
            return (StatusCode::NOT_FOUND, Json(body)).into_response();
        }
        Err(error) => return web.pages.verify_form(&typed, Some(&error.to_string())),
    };
    // Two reads of the store: quick enough to answer on the runtime's own threads.
    let keys = web.keys.keys(&web.store);
    let verification = match verify::look_up(&web.store, code, keys.as_deref()) {
        Ok(verification) => verification,
        Err(error) => {
            crate::serve::note(format_args!("verifying {code} failed: {error}"));
            return web.pages.failed();
        }
    };
    let mut response = if json {
        (verification.http_status(), Json(&verification)).into_response()
    } else {
        web.pages.verification(&verification)
    };
    // A verdict can change (a revocation): caches must ask again.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("accept"));
    response
}

/// Whether the client asked for JSON rather than a page.
fn wants_json(headers: &HeaderMap) -> bool {
    let accept = headers.get(header::ACCEPT).and_then(|value| value.to_str().ok()).unwrap_or("");
    accept.contains("application/json") && !accept.contains("text/html")
}
