//! The mail server: lettre's SMTP transport from a URL in lettre's form, with the password
//! from `CERTDESK_SMTP_PASSWORD` or a file, never from the URL and never stored or printed.

use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

/// The environment variable the password is read from when no file is named.
pub const PASSWORD_VARIABLE: &str = "CERTDESK_SMTP_PASSWORD";
/// Waiting longer than this for the server is an error.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Why a message did not go: the server said no to it (the next run tries it again), or the
/// server cannot be used at all (the run stops).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Refused(String),
    Unreachable(String),
}

/// The user name in `smtp://user@host`, if any.
fn url_user(url: &str) -> Option<&str> {
    let authority = url.split_once("://")?.1.split(['/', '?']).next()?;
    let (userinfo, _) = authority.rsplit_once('@')?;
    Some(userinfo.split(':').next().unwrap_or(userinfo)).filter(|user| !user.is_empty())
}

/// The sender `from` names, or why it names none.
pub fn sender(from: &str) -> Result<lettre::message::Mailbox, String> {
    from.parse()
        .map_err(|error| format!("'{from}' is not a sender address (as `Course Team <courses@example.edu>`): {error}"))
}

/// Refuses a URL that carries a password: it would end up in settings, shell history and
/// process lists.
pub fn check_url(url: &str) -> Result<(), String> {
    let authority = url.split_once("://").map(|(_, rest)| rest.split(['/', '?']).next().unwrap_or(""));
    if authority.and_then(|authority| authority.rsplit_once('@')).is_some_and(|(userinfo, _)| userinfo.contains(':')) {
        return Err(format!(
            "the mail server URL may not hold a password: give the user only (smtp://user@host) and the password in {PASSWORD_VARIABLE} or a file (--smtp-password-file)"
        ));
    }
    SmtpTransport::from_url(url).map(|_| ()).map_err(|error| format!("'{url}' is not a mail server URL: {error}"))
}

/// Reads the password: from `file` if given, else from the environment.
pub fn password(file: Option<&str>) -> Result<Option<String>, String> {
    match file {
        Some(path) => std::fs::read_to_string(path)
            .map(|text| Some(text.trim_end_matches(['\n', '\r']).to_string()))
            .map_err(|error| format!("cannot read the mail password from {path}: {error}")),
        None => Ok(std::env::var(PASSWORD_VARIABLE).ok().filter(|password| !password.is_empty())),
    }
}

pub struct Mailer {
    transport: SmtpTransport,
}

impl Mailer {
    pub fn new(url: &str, password: Option<String>) -> Result<Mailer, String> {
        check_url(url)?;
        let mut builder = SmtpTransport::from_url(url).map_err(|error| format!("'{url}': {error}"))?;
        match (url_user(url), password) {
            (Some(user), Some(password)) => builder = builder.credentials(Credentials::new(user.to_string(), password)),
            (Some(user), None) => {
                return Err(format!(
                    "the mail server URL names the user {user}: set {PASSWORD_VARIABLE} or give --smtp-password-file"
                ));
            }
            (None, _) => {}
        }
        Ok(Mailer { transport: builder.timeout(Some(TIMEOUT)).build() })
    }

    pub fn send(&self, message: &Message) -> Result<(), Failure> {
        match self.transport.send(message) {
            Ok(_) => Ok(()),
            // The server answered, and said no to this message or recipient.
            Err(error) if error.is_permanent() || error.is_transient() => Err(Failure::Refused(one_line(&error))),
            Err(error) => Err(Failure::Unreachable(one_line(&error))),
        }
    }
}

fn one_line(error: &impl std::fmt::Display) -> String {
    error.to_string().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sender_is_a_mailbox_or_one_sentence_naming_what_was_given() {
        let team = sender("Course Team <courses@example.edu>").expect("a mailbox");
        assert_eq!(team.email.to_string(), "courses@example.edu");
        let refused = sender("courses at example").expect_err("no address");
        assert!(refused.starts_with("'courses at example' is not a sender address"), "{refused}");
    }

    #[test]
    fn a_url_names_a_user_but_never_a_password() {
        assert_eq!(url_user("smtps://courses@mail.example.edu"), Some("courses"));
        assert_eq!(url_user("smtp://mail.example.edu:587?tls=required"), None);
        assert!(check_url("smtp://127.0.0.1:2525").is_ok());
        assert!(check_url("smtps://courses:hunter2@mail.example.edu").unwrap_err().contains(PASSWORD_VARIABLE));
        assert!(check_url("http://mail.example.edu").is_err());
        assert!(check_url("smtp://host?tls=sometimes").is_err());
    }

    #[test]
    fn a_user_without_a_password_is_told_where_to_put_it() {
        let error = Mailer::new("smtp://courses@127.0.0.1:2525", None).err().expect("refused");
        assert!(error.contains(PASSWORD_VARIABLE), "{error}");
        assert!(Mailer::new("smtp://courses@127.0.0.1:2525", Some("secret".into())).is_ok());
    }
}
