//! The HTML of the learners' pages: minijinja templates (escaping everything they print)
//! compiled once at start, and the plain responses around them.

use std::time::Duration;

use axum::http::{Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};

use super::learner::{Closed, LearnerPage};
use super::verify::PublicVerification;
use crate::domain::shown::is_invisible;
use crate::ops::{CodeStatus, CodeVerdict};

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("verify.html", include_str!("templates/verify.html")),
    ("verify_form.html", include_str!("templates/verify_form.html")),
    ("message.html", include_str!("templates/message.html")),
    ("learner.html", include_str!("templates/learner.html")),
];

pub const STYLESHEET: &str = include_str!("templates/certdesk.css");

pub struct Pages {
    env: Environment<'static>,
}

impl Pages {
    pub fn new() -> Result<Pages, minijinja::Error> {
        let mut env = Environment::new();
        // Staff's reasons may end in a full stop of their own; the page ends the sentence.
        env.add_filter("without_full_stop", |text: String| text.trim_end_matches(['.', ' ']).to_string());
        // A tab title takes its direction from its first strong letter: the page's own words
        // come first, and a title of any script sits inside them isolated (FSI … PDI), so an
        // Arabic title neither turns the tab right to left nor draws the words after it into
        // its run.
        env.add_filter("isolate", |text: String| format!("\u{2068}{text}\u{2069}"));
        for (name, source) in TEMPLATES {
            env.add_template(name, source)?;
        }
        Ok(Pages { env })
    }

    fn render(&self, name: &str, data: minijinja::Value) -> Result<String, minijinja::Error> {
        self.env.get_template(name)?.render(data)
    }

    /// A page, or a plain 500 naming nothing internal when it cannot be made.
    fn page(&self, status: StatusCode, name: &str, data: minijinja::Value) -> Response {
        match self.render(name, data) {
            Ok(html) => (status, Html(html)).into_response(),
            Err(error) => {
                crate::serve::note(format_args!("the page {name} failed: {error:#}"));
                (StatusCode::INTERNAL_SERVER_ERROR, "The page cannot be shown; try again later.").into_response()
            }
        }
    }

    pub fn verification(&self, v: &PublicVerification) -> Response {
        // Replaced, with the chain of replacements ending in one revoked (or deleted): none of
        // them is in force, which the heading says at a glance, in the colour of a revocation
        // (it was the yellow of a replacement, the sentence under it alone saying so).
        let ended = v.latest_replacement.as_ref().filter(|end| end.verdict != CodeStatus::Valid);
        let nothing_in_force = ended.is_some();
        let (mark, headline) = match v.verdict {
            CodeVerdict::Status(CodeStatus::Valid) => ("✓", "Valid certificate"),
            CodeVerdict::Status(CodeStatus::Superseded) if ended.is_some_and(|end| end.deleted) => {
                ("✗", "Replaced; its replacement withdrawn")
            }
            CodeVerdict::Status(CodeStatus::Superseded) if nothing_in_force => {
                ("✗", "Replaced; its replacement revoked")
            }
            CodeVerdict::Status(CodeStatus::Superseded) => ("↻", "Replaced by a newer certificate"),
            CodeVerdict::Status(CodeStatus::Revoked) if v.deleted => ("✗", "Withdrawn certificate"),
            CodeVerdict::Status(CodeStatus::Revoked) => ("✗", "Revoked certificate"),
            CodeVerdict::Status(CodeStatus::Example) => ("○", "Example certificate"),
            CodeVerdict::Status(CodeStatus::Unknown) => ("?", "No such certificate"),
            // Not a green tick over the alert below that says not to rely on it.
            CodeVerdict::RecordAltered => ("!", "Altered record: do not rely on it"),
        };
        self.page(
            v.http_status(),
            "verify.html",
            context! { v => Value::from(Serde(v)), c => Value::from(Serde(&v.certificate)), mark, headline, nothing_in_force },
        )
    }

    /// The form, with what was typed in its field again (without the characters that would
    /// not show, and no longer than the field takes) and `problem` under it.
    pub fn verify_form(&self, typed: &str, problem: Option<&str>) -> Response {
        const FIELD_CHARS: usize = 120;
        let status = if problem.is_some() { StatusCode::NOT_FOUND } else { StatusCode::OK };
        let typed: String = typed.chars().filter(|c| !is_invisible(*c)).take(FIELD_CHARS).collect();
        // The sentences are the command line's too, which starts them small and ends them bare.
        let problem = problem.map(|problem| {
            let mut chars = problem.chars();
            let first: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
            format!("{first}{}.", chars.as_str().trim_end_matches('.'))
        });
        self.page(status, "verify_form.html", context! { typed, problem })
    }

    pub fn message(&self, status: StatusCode, headline: &str, text: &str) -> Response {
        self.page(status, "message.html", context! { headline, text })
    }

    /// A message on a learner's own address: headed and signed as their page, not as the
    /// verification service.
    pub fn learner_message(&self, status: StatusCode, headline: &str, text: &str) -> Response {
        let (site, footer) = ("Your certificate", "This address is yours alone, so do not share it.");
        self.page(status, "message.html", context! { headline, text, site, footer })
    }

    /// The download with no certificate in force behind it: a 404 that leads back to the
    /// learner's page (`token`'s), which says why, rather than leave them only the Back button.
    pub fn nothing_to_download(&self, token: &str) -> Response {
        let (site, footer) = ("Your certificate", "This address is yours alone, so do not share it.");
        let (headline, text) =
            ("No certificate to download", "You have no certificate in force for this course. Your page says why.");
        let back_token = token.to_ascii_lowercase();
        self.page(StatusCode::NOT_FOUND, "message.html", context! { headline, text, site, footer, back_token })
    }

    /// A learner's own page; `problem` is why their request was refused.
    pub fn learner(&self, status: StatusCode, page: &LearnerPage, token: &str, problem: Option<&str>) -> Response {
        self.page(status, "learner.html", context! { p => Value::from(Serde(page)), token, problem })
    }

    /// What a learner's link that leads nowhere says: nothing about whose it was.
    pub fn closed_link(&self, closed: Closed) -> Response {
        let (status, headline, text) = match closed {
            Closed::Unknown => (
                StatusCode::NOT_FOUND,
                "This link leads nowhere",
                "Check that you opened the whole link from your email. If it still does not work, ask the course staff for a new one.",
            ),
            Closed::Expired => (
                StatusCode::GONE,
                "This link has expired",
                "Personal links work for a limited time. Ask the course staff for a new one.",
            ),
            Closed::Revoked => (
                StatusCode::GONE,
                "This link no longer works",
                "The course staff have withdrawn it. Ask them for a new one if you need it.",
            ),
            Closed::Replaced => (
                StatusCode::GONE,
                "This link was replaced by a newer one",
                "A later email from the course staff carries your new link: open your page from that email.",
            ),
        };
        self.learners_address(status, headline, text)
    }

    /// A message at an address that was a learner's own, or looks like one: headed as their
    /// page, not as the verification service's, with a footer that names no one.
    fn learners_address(&self, status: StatusCode, headline: &str, text: &str) -> Response {
        let (site, footer) =
            ("Your certificate", "Each learner's page has a link of its own, sent by the course staff.");
        self.page(status, "message.html", context! { headline, text, site, footer })
    }

    pub fn not_found(&self) -> Response {
        let (headline, text) = ("Not found", "There is no page here.");
        self.page(StatusCode::NOT_FOUND, "message.html", context! { headline, text, to_the_form => true })
    }

    /// What an address asked with a method it does not answer says (405); on a learner's
    /// address, as their page.
    pub fn not_allowed(&self, method: &Method, learners_address: bool) -> Response {
        let headline = "Wrong kind of request";
        let text = format!("This address does not answer a {method} request. Open it in a browser instead.");
        if learners_address {
            return self.learners_address(StatusCode::METHOD_NOT_ALLOWED, headline, &text);
        }
        let data = context! { headline, text, to_the_form => true };
        self.page(StatusCode::METHOD_NOT_ALLOWED, "message.html", data)
    }

    pub fn too_many(&self, wait: Duration) -> Response {
        let seconds = wait.as_secs().max(1);
        let mut response = self.message(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests",
            &format!(
                "Too many requests came from your address. Try again in {seconds} {}.",
                if seconds == 1 { "second" } else { "seconds" }
            ),
        );
        if let Ok(value) = seconds.to_string().parse() {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }

    pub fn failed(&self) -> Response {
        self.message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong",
            "The certificate records cannot be read just now. Try again in a minute.",
        )
    }
}
