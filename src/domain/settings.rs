//! Per-course settings kept beside the course (not in the course folder, which an import
//! replaces) and the example certificates that gate self-service.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::learner::Mode;
use super::script::NameScript;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseSettings {
    /// Whether learners may request their own certificate (`certdesk request`).
    pub self_generation: bool,
    /// Printed on certificates followed by the code, e.g. `https://example.edu/verify/`.
    pub verify_base_url: String,
    /// The template name each certifying mode prints with; `None` is the built-in default.
    pub honor_template: Option<String>,
    pub verified_template: Option<String>,
}

impl Default for CourseSettings {
    fn default() -> CourseSettings {
        CourseSettings {
            self_generation: false,
            verify_base_url: String::from(PLACEHOLDER_VERIFY_URL),
            honor_template: None,
            verified_template: None,
        }
    }
}

/// The verification URL a course starts with until staff set its own: on a domain reserved
/// for examples (RFC 2606), which no one's service answers.
pub const PLACEHOLDER_VERIFY_URL: &str = "https://certificates.example.org/verify/";

impl CourseSettings {
    /// The course's verification URL, when it is on a domain reserved for examples (`example.org`,
    /// `example.com`, `example.net` or a name under them, or the `.example` top-level domain):
    /// a certificate signed with it sends whoever checks it nowhere, and its credential keeps
    /// naming it.
    pub fn placeholder_verify_url(&self) -> Option<&str> {
        let url = self.verify_base_url.as_str();
        let (_, host) = address_and_host(url);
        // Without its port, and its name without the root's dot (`example.org.`).
        let host = host.split(':').next().unwrap_or_default().to_ascii_lowercase();
        let host = host.trim_end_matches('.');
        let reserved = ["example.org", "example.com", "example.net"]
            .iter()
            .any(|domain| host == *domain || host.ends_with(&format!(".{domain}")))
            || host == "example"
            || host.ends_with(".example");
        reserved.then_some(url)
    }

    pub fn template_for(&self, mode: Mode) -> Option<&str> {
        match mode {
            Mode::Honor => self.honor_template.as_deref(),
            Mode::Verified => self.verified_template.as_deref(),
            Mode::Audit => None,
        }
    }

    pub fn set_template(&mut self, mode: Mode, name: Option<String>) {
        match mode {
            Mode::Honor => self.honor_template = name,
            Mode::Verified => self.verified_template = name,
            Mode::Audit => {}
        }
    }

    pub fn verify_url(&self, code: impl std::fmt::Display) -> String {
        format!("{}{code}", self.verify_base_url)
    }
}

/// The longest verification base URL: every certificate template must print it followed by
/// the widest code (`certdesk template check` tries it).
pub const MAX_VERIFY_URL_CHARS: usize = 64;

/// Why `url` cannot be the verification base URL, if it cannot.
/// What follows a URL's `scheme://`, and the host (with its port) it begins with.
fn address_and_host(url: &str) -> (&str, &str) {
    let address = url.split_once("://").map_or("", |(_, rest)| rest);
    (address, address.split(['/', '?', '#']).next().unwrap_or_default())
}

pub fn verify_url_problem(url: &str) -> Option<String> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Some("the verification URL must start with https:// (or http://)".to_string());
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("the verification URL cannot contain spaces or control characters".to_string());
    }
    let (address, host) = address_and_host(url);
    if host.is_empty() || host.starts_with(['.', ':', '@']) {
        return Some("the verification URL needs a host name, as in https://certs.example.edu/verify/".to_string());
    }
    // The code is added at the end: after a path's `/`, or a query's `=` (`/verify?code=`).
    let after_host = &address[host.len()..];
    if url.contains('#') || !after_host.starts_with('/') || !(url.ends_with('/') || url.ends_with('=')) {
        return Some(format!(
            "the verification URL must end with / (or with = of a query), as in {}/ (each certificate's code is added to it)",
            url.split(['?', '#']).next().unwrap_or_default().trim_end_matches('/')
        ));
    }
    let length = url.chars().count();
    if length > MAX_VERIFY_URL_CHARS {
        return Some(format!(
            "the verification URL has {length} characters; at most {MAX_VERIFY_URL_CHARS} fit on a certificate"
        ));
    }
    None
}

/// Which worst case an example certificate stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExampleKind {
    /// The sample learner in one certifying mode.
    Mode(Mode),
    LongestName,
    /// A roster name with characters outside Latin-1.
    NonLatin,
    ZeroPercent,
    FullMarks,
    /// The longest roster name in a script (or a long sample name when the roster has none).
    Script(NameScript),
    /// A roster name with a character no font has (one per such character): it always fails,
    /// saying which, so staff see it before any learner asks.
    UnprintableName,
}

impl ExampleKind {
    pub fn label(&self) -> String {
        match self {
            ExampleKind::Mode(mode) => format!("{mode} mode"),
            ExampleKind::LongestName => "longest name".to_string(),
            ExampleKind::NonLatin => "non-Latin name".to_string(),
            ExampleKind::ZeroPercent => "0%".to_string(),
            ExampleKind::FullMarks => "100%".to_string(),
            ExampleKind::Script(script) => format!("{} name", script.label()),
            ExampleKind::UnprintableName => "unprintable name".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    pub kind: ExampleKind,
    pub full_name: String,
    pub mode: Mode,
    /// Tenths of a percent, as in `Percent`.
    pub percent_tenths: u16,
    /// The template name and revision it was rendered with.
    pub template: String,
    /// `None` on success, else why it failed.
    pub error: Option<String>,
}

impl Example {
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
    }
}

#[cfg(test)]
impl Example {
    /// Alex Sample's honor example at 87.5% with `honor@1`, of `kind`, failed with `error`.
    pub(crate) fn for_tests(kind: ExampleKind, error: Option<&str>) -> Example {
        Example {
            kind,
            full_name: "Alex Sample".into(),
            mode: Mode::Honor,
            percent_tenths: 875,
            template: "honor@1".into(),
            error: error.map(str::to_string),
        }
    }
}

/// The last run of `certdesk examples` for a course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExampleSet {
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub generated_at: Timestamp,
    pub examples: Vec<Example>,
}

impl ExampleSet {
    /// Whether every certifying mode has an example.
    pub fn covers_every_mode(&self) -> bool {
        let covered = |mode| self.examples.iter().any(|example| example.kind == ExampleKind::Mode(mode));
        [Mode::Honor, Mode::Verified].into_iter().all(covered)
    }

    /// The first example that failed for the template's sake: any but an unprintable name,
    /// which fails for want of a font whatever the template, and bars only its own learners.
    pub fn failed_for_the_template(&self) -> Option<&Example> {
        self.examples.iter().find(|example| !example.succeeded() && example.kind != ExampleKind::UnprintableName)
    }
}

/// An allowlist entry or an invalidation: who decided, when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    pub reason: String,
    pub who: String,
    #[serde(with = "jiff::fmt::serde::timestamp::microsecond::required")]
    pub at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_urls_are_web_addresses_that_fit() {
        assert_eq!(verify_url_problem("https://certs.example.org/verify/"), None);
        assert_eq!(verify_url_problem(&format!("https://{}/", "a".repeat(55))), None);
        assert!(verify_url_problem("ftp://x/").is_some_and(|p| p.contains("https://")));
        assert!(verify_url_problem("https://a b/").is_some_and(|p| p.contains("spaces")));
        // The code is added to the URL as it is: without a host, or a slash at the end, the
        // QR code and the credential would name another host.
        for hostless in ["https://", "https:///verify/", "http://:8080/verify/"] {
            assert!(verify_url_problem(hostless).is_some_and(|p| p.contains("host name")), "{hostless}");
        }
        assert!(
            verify_url_problem("https://certs.example.edu")
                .is_some_and(|p| p.contains("end with /") && p.contains("as in https://certs.example.edu/ "))
        );
        assert!(verify_url_problem("https://certs.example.edu?code=").is_some_and(|p| p.contains("end with /")));
        assert!(verify_url_problem("https://certs.example.edu/verify#").is_some_and(|p| p.contains("end with /")));
        assert_eq!(verify_url_problem("https://certs.example.edu/verify?code="), None);
        assert_eq!(verify_url_problem("http://localhost:8080/verify/"), None);
        assert!(
            verify_url_problem(&format!("https://{}/", "a".repeat(56))).is_some_and(|p| p.contains("65 characters"))
        );
    }

    #[test]
    fn a_verification_url_on_an_example_domain_is_a_placeholder() {
        let with = |url: &str| CourseSettings { verify_base_url: url.into(), ..CourseSettings::default() };
        assert_eq!(CourseSettings::default().placeholder_verify_url(), Some(PLACEHOLDER_VERIFY_URL));
        for placeholder in
            ["https://EXAMPLE.com/verify/", "http://certs.example.net:8080/v?code=", "https://a.example/"]
        {
            assert_eq!(with(placeholder).placeholder_verify_url(), Some(placeholder), "{placeholder}");
        }
        for own in ["https://certs.example.edu/verify/", "https://myexample.org/verify/", "https://example.org.uk/v/"] {
            assert_eq!(with(own).placeholder_verify_url(), None, "{own}");
        }
    }
}
