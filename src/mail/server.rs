//! The mail server's URL read into where to connect and how to encrypt, and what a failure to
//! connect, encrypt or log in means, in words staff can act on (lettre's own text follows as
//! a detail).

use std::time::Duration;

use lettre::transport::smtp::Error;

/// Waiting longer than this for the server is an error.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The URLs a mail server may be given as.
const ACCEPTED: &str = "smtp://host:port (plain), smtp://host:port?tls=required (STARTTLS), \
     smtps://host:port (TLS from the start), each with user@ before the host to log in";

/// How the connection to the server is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encryption {
    /// `smtp://`: not at all.
    Plain,
    /// `smtp://…?tls=opportunistic`: STARTTLS when the server offers it.
    Opportunistic,
    /// `smtp://…?tls=required`: STARTTLS, or no mail.
    Required,
    /// `smtps://`: TLS from the first byte.
    Wrapper,
}

/// Where mail goes, as a URL gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub encryption: Encryption,
    /// The user to log in as, if any.
    pub user: Option<String>,
    /// The name certdesk greets the server with (the URL's path), if not this host's name.
    pub hello: Option<String>,
}

/// Phases of opening a connection, each failing in its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Connect,
    StartTls,
    Login,
    /// After the server took the connection: sending a message.
    Send,
}

impl Server {
    /// Reads `url`; an error says which forms are accepted. A URL holding a password is refused
    /// before it is read, and never repeated.
    pub fn parse(url: &str) -> Result<Server, String> {
        let authority = url.split_once("://").map(|(_, rest)| rest.split(['/', '?']).next().unwrap_or(""));
        if authority
            .and_then(|authority| authority.rsplit_once('@'))
            .is_some_and(|(userinfo, _)| userinfo.contains(':'))
        {
            return Err(format!(
                "the mail server URL may not hold a password: give the user only (smtp://user@host) and the password in {} or a file (--smtp-password-file)",
                super::smtp::PASSWORD_VARIABLE
            ));
        }
        let parsed = url::Url::parse(url)
            .map_err(|error| format!("'{url}' is not a mail server URL ({error}): give {ACCEPTED}"))?;
        let host = parsed
            .host_str()
            .filter(|host| !host.is_empty())
            .ok_or_else(|| format!("'{url}' names no mail server: give {ACCEPTED}"))?;
        let tls = parsed.query_pairs().find(|(key, _)| key == "tls").map(|(_, value)| value.into_owned());
        let (encryption, default_port) = match (parsed.scheme(), tls.as_deref()) {
            ("smtp", None) => (Encryption::Plain, 25),
            ("smtp", Some("required")) => (Encryption::Required, 587),
            ("smtp", Some("opportunistic")) => (Encryption::Opportunistic, 587),
            ("smtps", _) => (Encryption::Wrapper, 465),
            ("smtp", Some(other)) => {
                return Err(format!(
                    "'{url}': tls={other} is not a choice: tls=required (STARTTLS, or no mail) or tls=opportunistic (STARTTLS when the server offers it)"
                ));
            }
            (scheme, _) => {
                return Err(format!("'{url}' is not a mail server URL ({scheme}:// is not one): give {ACCEPTED}"));
            }
        };
        let hello = parsed.path().trim_matches('/');
        Ok(Server {
            host: host.to_string(),
            port: parsed.port().unwrap_or(default_port),
            encryption,
            user: Some(parsed.username().to_string()).filter(|user| !user.is_empty()),
            hello: Some(hello.to_string()).filter(|hello| !hello.is_empty()),
        })
    }

    /// `host:port`, as staff would write it.
    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// What `error`, met in `phase`, means for this server: a sentence to act on, with
    /// lettre's text after it.
    pub fn explain(&self, phase: Phase, error: &Error) -> String {
        let at = self.address();
        let detail = one_line(error);
        if let Some(kind) = io_kind(error)
            && matches!(kind, std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)
        {
            let seconds = TIMEOUT.as_secs();
            return format!("the mail server at {at} did not answer within {seconds} seconds (timed out; {detail})");
        }
        if io_kind(error) == Some(std::io::ErrorKind::ConnectionRefused) {
            return format!(
                "nothing answers at {at} (connection refused): check the host and port, and that the mail server is running"
            );
        }
        if self.encryption == Encryption::Wrapper && phase == Phase::Connect && is_not_tls(error) {
            return format!(
                "the server at {at} does not speak TLS on that port, as smtps:// expects: try smtp://{at}?tls=required (STARTTLS) or smtp://{at} (plain) ({detail})"
            );
        }
        let user = self.user.as_deref().unwrap_or("");
        match phase {
            Phase::StartTls if detail.contains("STARTTLS is not supported") => format!(
                "the server at {at} does not offer STARTTLS, which ?tls=required demands: use its TLS port with smtps://, or leave out ?tls=required where plain mail is acceptable"
            ),
            Phase::Login if detail.contains("No compatible authentication mechanism") => format!(
                "the server at {at} offers no login (AUTH PLAIN or LOGIN), and the URL names the user {user}: leave the user out of the URL if the server takes mail without one; many servers offer a login only over TLS (smtps:// or ?tls=required)"
            ),
            Phase::Login if error.is_permanent() || error.is_transient() => {
                format!("the server at {at} refused the login of {user}: check the user and the password ({detail})")
            }
            Phase::Connect if error.is_tls() => format!("a TLS connection to {at} could not be made ({detail})"),
            Phase::Connect => format!("cannot connect to the mail server at {at} ({detail})"),
            Phase::StartTls => format!("STARTTLS with the server at {at} failed ({detail})"),
            Phase::Login => format!("logging in to the server at {at} failed ({detail})"),
            Phase::Send => format!("the connection to the server at {at} failed while sending ({detail})"),
        }
    }
}

/// The kind of the I/O error beneath `error`, if one is.
fn io_kind(error: &Error) -> Option<std::io::ErrorKind> {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        source = cause.source();
    }
    None
}

/// Whether TLS failed because the other side answered in plain text.
fn is_not_tls(error: &Error) -> bool {
    let text = error.to_string();
    text.contains("InvalidContentType") || text.contains("corrupt message")
}

/// An error on one line.
pub fn one_line(error: &impl std::fmt::Display) -> String {
    error.to_string().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn reads(url: &str, host: &str, port: u16, encryption: Encryption, user: Option<&str>) {
        let server = Server::parse(url).unwrap_or_else(|error| panic!("{url}: {error}"));
        assert_eq!(
            (server.host.as_str(), server.port, server.encryption, server.user.as_deref()),
            (host, port, encryption, user),
            "{url}"
        );
    }

    #[track_caller]
    fn refuses(url: &str, saying: &str) {
        let error = Server::parse(url).expect_err(url);
        assert!(error.contains(saying), "{url}: {error}");
    }

    #[test]
    fn a_url_gives_host_port_encryption_and_user() {
        reads("smtp://127.0.0.1:2525", "127.0.0.1", 2525, Encryption::Plain, None);
        reads("smtp://mail.example.edu", "mail.example.edu", 25, Encryption::Plain, None);
        reads("smtp://mail.example.edu?tls=required", "mail.example.edu", 587, Encryption::Required, None);
        reads("smtp://h:26?tls=opportunistic", "h", 26, Encryption::Opportunistic, None);
        reads("smtps://courses@mail.example.edu", "mail.example.edu", 465, Encryption::Wrapper, Some("courses"));
        assert_eq!(
            Server::parse("smtp://h/certdesk.example.edu").unwrap().hello.as_deref(),
            Some("certdesk.example.edu")
        );
    }

    #[test]
    fn a_url_that_is_not_a_mail_server_says_which_are() {
        refuses("http://x", "(http:// is not one)");
        refuses("http://x", "smtps://host:port (TLS from the start)");
        refuses("smtp://host?tls=sometimes", "tls=sometimes is not a choice");
        refuses("mail.example.edu", "is not a mail server URL");
        refuses("smtps://courses:hunter2@mail.example.edu", "may not hold a password");
        assert!(!Server::parse("smtps://courses:hunter2@mail.example.edu").unwrap_err().contains("hunter2"));
    }
}
