//! The issuer's public side of `certdesk serve --http`: its profile (`/issuer`) and its keys,
//! as a JWK set (`/issuer/keys`) and one by one (`/issuer/keys/KID`, KID the RFC 7638
//! thumbprint a credential's JOSE header names), so anyone can check a certificate's
//! credential without certdesk. Old keys stay listed: what they signed still verifies; a key
//! retired as compromised does not, since whoever holds it can sign anything.

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;

use super::Web;
use crate::credential::PublicKeyInfo;
use crate::credential::payload::{OB_CONTEXT, VC_CONTEXT, issuer_id};

pub(super) fn routes() -> Router<Arc<Web>> {
    Router::new()
        .route("/issuer", get(profile).options(super::routes::preflight))
        .route("/issuer/keys", get(key_set).options(super::routes::preflight))
        .route("/issuer/keys/{kid}", get(key).options(super::routes::preflight))
        // Every answer, a key gone or unknown included: pages of other sites (a wallet, a
        // verifier) read them all.
        .layer(axum::middleware::map_response(super::routes::open_to_other_sites))
}

/// Keys change only by rotation and retirement: caches may keep them a few minutes.
fn public(body: serde_json::Value) -> Response {
    let mut response = Json(body).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    response
}

/// These addresses answer verifiers' programs: in JSON, as their other answers, saying what
/// cannot be had (the key file missing, or put back from an old backup) rather than that "the
/// certificate records" cannot be read; why, with the key file's path, goes to the server's log.
fn failed(_web: &Web, error: impl std::fmt::Display) -> Response {
    crate::serve::note(format_args!("reading the issuer's keys failed: {error}"));
    let problem = "the issuer's keys cannot be read just now; the issuer's staff are told why in the server's log";
    (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "problem": problem }))).into_response()
}

/// The issuer's Open Badges profile: id and name as the credentials of its first course give
/// them, and where its keys are.
async fn profile(State(web): State<Arc<Web>>) -> Response {
    let (courses, keys) = match (web.store.courses(), web.store.issuer_keys()) {
        (Ok(courses), Ok(keys)) => (courses, keys),
        (Err(error), _) => return failed(&web, error),
        (_, Err(error)) => return failed(&web, error),
    };
    let first = courses.first();
    let verify_base_url = match first {
        Some(course) => match web.store.settings(&course.id) {
            Ok(settings) => settings.verify_base_url,
            Err(error) => return failed(&web, error),
        },
        None => crate::domain::CourseSettings::default().verify_base_url,
    };
    let mut institutions: Vec<&str> = courses.iter().map(|course| course.institution.as_str()).collect();
    institutions.sort_unstable();
    institutions.dedup();
    let mut profile = serde_json::json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": issuer_id(&verify_base_url),
        "type": ["Profile"],
        "institutions": institutions,
        "keys": "/issuer/keys",
        "keyIds": keys.iter().filter(|key| key.is_trusted()).map(|key| key.kid()).collect::<Vec<_>>(),
    });
    // A course may name no institution: then the profile has no name, as its credentials do.
    if let Some(name) = first.map(|course| course.institution.as_str()).filter(|name| !name.is_empty()) {
        profile["name"] = name.into();
    }
    public(profile)
}

async fn key_set(State(web): State<Arc<Web>>) -> Response {
    match web.store.issuer_keys() {
        Ok(keys) => {
            let trusted: Vec<_> = keys.iter().filter(|key| key.is_trusted()).map(|key| &key.jwk).collect();
            public(serde_json::json!({ "keys": trusted }))
        }
        Err(error) => failed(&web, error),
    }
}

async fn key(State(web): State<Arc<Web>>, kid: Result<Path<String>, PathRejection>) -> Response {
    // An address that is not even UTF-8 (`%FF`): JSON as every other answer here, not the
    // framework's plain-text rejection.
    let Ok(Path(kid)) = kid else {
        return (StatusCode::NOT_FOUND, Json(serde_json::json!({ "problem": "that is not a key id" }))).into_response();
    };
    let kid = kid.strip_suffix(".json").unwrap_or(&kid);
    match web.store.issuer_keys() {
        Ok(keys) => match keys.iter().find(|key| key.kid() == kid) {
            // Gone, and said so: a verifier that kept it learns why its credentials now fail.
            Some(PublicKeyInfo { compromised: Some(at), .. }) => (
                StatusCode::GONE,
                Json(serde_json::json!({
                    "kid": kid,
                    "retired": at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                    "problem": "the issuer retired this key because it was compromised: nothing it signed can be trusted",
                })),
            )
                .into_response(),
            Some(key) => public(serde_json::to_value(&key.jwk).unwrap_or_default()),
            None => (StatusCode::NOT_FOUND, Json(serde_json::json!({ "kid": kid, "problem": "no such key" })))
                .into_response(),
        },
        Err(error) => failed(&web, error),
    }
}
