//! Sending over SMTP: one connection a message, driven step by step (connect, STARTTLS, login,
//! then MAIL, RCPT, DATA) so that a server that cannot be used is told apart from a server that
//! refuses one recipient. The password comes from `CERTDESK_SMTP_PASSWORD` or a file, never
//! from the URL, and is never stored or printed.

use std::time::Duration;

use lettre::Message;
use lettre::address::Address;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use super::refusal::{self, Codes, Stage};
use super::server::{Encryption, Phase, Server, TIMEOUT, one_line};

/// The environment variable the password is read from when no file is named.
pub const PASSWORD_VARIABLE: &str = "CERTDESK_SMTP_PASSWORD";

/// Why a message did not go: the server said no to its recipient (recorded; the next run tries
/// it again), said no for a reason that is not about the recipient (recorded the same way; such
/// refusals alike, one after another, stop the run), cannot be used at all (nothing
/// recorded; the run stops), or took the whole message and never said whether it passes it on
/// (recorded as sent, as it most likely went, its link left open; the run stops).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Refused(String),
    NotAboutRecipient(Alike),
    Unreachable(String),
    Unconfirmed(String),
}

/// How long the server may take to answer a message it was sent whole: RFC 5321 (4.5.3.2.6)
/// asks clients to wait 10 minutes, as a server may scan a message before it takes it. A
/// server that answered after 45 s was taken for one that cannot be used, and the message it
/// had delivered was sent again.
pub const MESSAGE_TIMEOUT: Duration = Duration::from_secs(600);

/// A refusal that is not about the recipient: a login the server wants, mail it will not pass
/// on, a message larger than it takes. The next messages most likely meet the same answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alike {
    /// Why, as the learner's record keeps it.
    pub why: String,
    /// The server's answer, its recipient's address left out, and what to do about it.
    pub answer: String,
    /// What makes two refusals alike: their codes and the server's words without the ids,
    /// times and paths it writes afresh for each message (`refusal::gist`).
    pub gist: String,
}

/// The sender `from` names, or why it names none.
pub fn sender(from: &str) -> Result<lettre::message::Mailbox, String> {
    from.parse().map_err(|error| {
        use lettre::address::AddressError;
        // lettre's own words ("Invalid input") say neither what is wrong nor what to write; its
        // parser says "Invalid input" of every mistake, so the text is looked at here.
        let what = match error {
            AddressError::InvalidUser => "the part before @ is not one an address can have",
            AddressError::InvalidDomain => "the part after @ is not a domain",
            _ if from.contains('<') != from.contains('>') => "an angle bracket (< or >) is not closed",
            _ if !from.contains('@') => "it has no address, as user@domain",
            _ => "write the name, then the address in angle brackets",
        };
        format!("'{from}' is not a sender address: {what} (as `Course Team <courses@example.edu>`)")
    })
}

/// A learner's address as mail is sent to it, or why it cannot be: what a run refuses to make
/// a message for, and what an import notes long before.
pub fn recipient(email: &str) -> Result<lettre::Address, String> {
    email.parse().map_err(|error: lettre::address::AddressError| {
        format!(
            "the address '{email}' is not one mail can be sent to ({}): correct it where the roster comes from and import again",
            error.to_string().to_lowercase()
        )
    })
}

/// Checks a mail server URL as a run would read it: no password in it, and a form certdesk
/// sends through.
pub fn check_url(url: &str) -> Result<(), String> {
    Server::parse(url).map(|_| ())
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

/// A mail server to send through, with what logging in to it takes.
pub struct Mailer {
    server: Server,
    credentials: Option<Credentials>,
    /// Made once: reading the system's certificate authorities takes a while.
    tls: Option<TlsParameters>,
}

impl Mailer {
    pub fn new(url: &str, password: Option<String>) -> Result<Mailer, String> {
        let server = Server::parse(url)?;
        let credentials = match (&server.user, password) {
            (Some(user), Some(password)) => Some(Credentials::new(user.clone(), password)),
            (Some(user), None) => {
                return Err(format!(
                    "the mail server URL names the user {user}: set {PASSWORD_VARIABLE} or give --smtp-password-file"
                ));
            }
            (None, _) => None,
        };
        let tls = match server.encryption {
            Encryption::Plain => None,
            _ => Some(
                TlsParameters::new(server.host.clone())
                    .map_err(|error| format!("TLS for {} cannot be set up: {}", server.address(), one_line(&error)))?,
            ),
        };
        Ok(Mailer { server, credentials, tls })
    }

    /// A connection ready for a message: greeted, encrypted as the URL asks, logged in. An error
    /// says why the server cannot be used.
    pub fn connect(&self) -> Result<Session<'_>, String> {
        let server = &self.server;
        let hello = server.hello.clone().map_or_else(ClientId::default, ClientId::Domain);
        let wrapper = self.tls.as_ref().filter(|_| server.encryption == Encryption::Wrapper);
        let connection =
            SmtpConnection::connect((server.host.as_str(), server.port), Some(TIMEOUT), &hello, wrapper, None)
                .map_err(|error| server.explain(Phase::Connect, &error))?;
        let starttls = match server.encryption {
            Encryption::Required => true,
            Encryption::Opportunistic => connection.can_starttls(),
            Encryption::Plain | Encryption::Wrapper => false,
        };
        let mut session = Session { server, connection };
        if let (true, Some(tls)) = (starttls, &self.tls) {
            session.connection.starttls(tls, &hello).map_err(|error| server.explain(Phase::StartTls, &error))?;
        }
        if let Some(credentials) = &self.credentials {
            session
                .connection
                .auth(DEFAULT_MECHANISMS, credentials)
                .map_err(|error| server.explain(Phase::Login, &error))?;
        }
        Ok(session)
    }
}

/// One open connection, for one message; closed (QUIT) when dropped.
pub struct Session<'a> {
    server: &'a Server,
    connection: SmtpConnection,
}

impl Session<'_> {
    /// Sends `message`. The server refusing its recipient or the message is a refusal; the
    /// server refusing the sender, or the connection failing, means it cannot be used.
    pub fn send(mut self, message: &Message) -> Result<(), Failure> {
        let envelope = message.envelope();
        let info = self.connection.server_info();
        let (utf8, eight_bit) =
            (info.supports_feature(Extension::SmtpUtfEight), info.supports_feature(Extension::EightBitMime));
        let international = |address: &Address| !AsRef::<str>::as_ref(address).is_ascii();
        let mut options = Vec::new();
        if envelope.from().is_some_and(international) || envelope.to().iter().any(international) {
            if let Some(from) = envelope.from().filter(|from| !utf8 && international(from)) {
                return Err(Failure::Unreachable(format!(
                    "the mail server at {} does not take international addresses (SMTPUTF8), and the sender {from} is one",
                    self.server.address()
                )));
            }
            if let Some(to) = envelope.to().iter().find(|to| !utf8 && international(to)) {
                return Err(Failure::Refused(format!(
                    "the mail server does not take international addresses (SMTPUTF8), and {to} is one: ask the learner for an address in plain ASCII, or send through a server that takes SMTPUTF8"
                )));
            }
            options.push(MailParameter::SmtpUtfEight);
        }
        let formatted = message.formatted();
        if !formatted.is_ascii() {
            if !eight_bit {
                return Err(Failure::Refused(
                    "the message has 8-bit text and the mail server does not take it (8BITMIME)".into(),
                ));
            }
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let from = envelope.from().cloned();
        let sender = from.as_ref().map_or_else(|| "<>".to_string(), ToString::to_string);
        self.step(Mail::new(from, options), Stage::Sender, &sender, None)?;
        for to in envelope.to() {
            self.step(Rcpt::new(to.clone(), Vec::new()), Stage::Recipient, &sender, Some(to))?;
        }
        self.step(Data, Stage::Message, &sender, None)?;
        // Whether the whole message was written: lettre asks for the next part once more after
        // the last is written.
        let written = std::cell::Cell::new(false);
        let parts = std::iter::once(formatted.as_slice()).chain(std::iter::from_fn(|| {
            written.set(true);
            None
        }));
        // A failed change of the timeout leaves the connection's own.
        let _ = self.connection.set_timeout(Some(MESSAGE_TIMEOUT));
        let answer = self.connection.message_iter(parts);
        // The QUIT that closes the session waits no longer than any other command.
        let _ = self.connection.set_timeout(Some(TIMEOUT));
        match answer {
            Ok(_) => Ok(()),
            // Silent for the whole wait, or the connection closed before the answer.
            Err(error) if written.get() && error.status().is_none() => Err(Failure::Unconfirmed(format!(
                "the mail server took the whole message to {} but did not answer whether it passes it on ({}): it most likely went, and a personal link it carries stays open",
                envelope.to().iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                one_line(&error)
            ))),
            Err(error) => Err(self.failure(&error, Stage::Message, &sender, None)),
        }
    }

    /// One command; a negative answer becomes the failure `failure` makes of it.
    fn step(
        &mut self,
        command: impl std::fmt::Display,
        stage: Stage,
        sender: &str,
        to: Option<&Address>,
    ) -> Result<(), Failure> {
        match self.connection.command(command) {
            Ok(_) => Ok(()),
            Err(error) => Err(self.failure(&error, stage, sender, to)),
        }
    }

    /// What a negative answer at `stage` means for the run: the sender refused ends it; a
    /// refusal about the recipient skips that learner; any other permanent refusal is one the
    /// next messages most likely meet too, said with what to do about it.
    fn failure(
        &self,
        error: &lettre::transport::smtp::Error,
        stage: Stage,
        sender: &str,
        to: Option<&Address>,
    ) -> Failure {
        let Some(code) = error.status().filter(|_| error.is_permanent() || error.is_transient()) else {
            return Failure::Unreachable(self.server.explain(Phase::Send, error));
        };
        let answer = one_line(error);
        let permanent = error.is_permanent();
        // lettre writes `permanent error (554): TEXT`; the server's own words follow the code.
        let text = answer.split_once("): ").map_or(answer.as_str(), |(_, text)| text);
        let codes = Codes::read(u16::from(code), text);
        let advice = || refusal::what_to_do(codes, text, stage, self.server.user.as_deref(), sender);
        match (stage, to) {
            // 421: the server closes the connection for now, whatever the message; every other
            // message would meet it too.
            _ if codes.reply == 421 => Failure::Unreachable(format!(
                "the mail server is taking no mail for now: {answer}; run the command again later"
            )),
            (Stage::Sender, _) if permanent => {
                Failure::Unreachable(format!("the mail server refuses mail from {sender}: {answer}; {}", advice()))
            }
            (Stage::Sender, _) => Failure::Unreachable(format!("the mail server refuses mail from {sender}: {answer}")),
            (Stage::Recipient, Some(to)) if permanent && !refusal::about_recipient(codes) => {
                let answer = refusal::without_address(&answer, to.as_ref());
                Failure::NotAboutRecipient(Alike {
                    why: format!("the mail server refused mail to {to}, not for the address: {answer}; {}", advice()),
                    answer: format!("{answer}; {}", advice()),
                    gist: refusal::gist(codes, &refusal::without_address(text, to.as_ref())),
                })
            }
            // Turned away for now, not for the address (a server short of room, a policy's
            // limit): the next messages most likely meet it too.
            (Stage::Recipient, Some(to)) if !refusal::about_recipient(codes) => {
                let answer = refusal::without_address(&answer, to.as_ref());
                Failure::NotAboutRecipient(Alike {
                    why: format!("the mail server turned mail to {to} away for now, not for the address: {answer}"),
                    answer: answer.clone(),
                    gist: refusal::gist(codes, &refusal::without_address(text, to.as_ref())),
                })
            }
            (Stage::Recipient, Some(to)) => Failure::Refused(recipient_refused(to, &answer, permanent)),
            (Stage::Recipient | Stage::Message, _) => {
                let (answer, said) = match permanent {
                    true => (format!("{answer}; {}", advice()), "refused the message"),
                    false => (answer.clone(), "turned the message away for now"),
                };
                Failure::NotAboutRecipient(Alike {
                    why: format!("the mail server {said}: {answer}"),
                    answer,
                    gist: refusal::gist(codes, text),
                })
            }
        }
    }
}

/// The server's answer to a recipient: a permanent refusal (5xx) comes again on every run until
/// the address is mended, so staff are told what to mend; a transient one (4xx) may pass later.
fn recipient_refused(to: &Address, why: &str, permanent: bool) -> String {
    if permanent {
        format!(
            "the mail server refused {to} for good: {why}; check the address, correct it where the roster comes from and import again"
        )
    } else {
        format!("the mail server turned {to} away for now: {why}")
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        self.connection.abort();
    }
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
        // Said in words, not in lettre's ("Invalid input", "Missing domain or user").
        for (from, what) in [
            ("courses at example", "it has no address, as user@domain"),
            ("Course Team courses@example.edu", "write the name, then the address in angle brackets"),
            ("Course Team <courses@example.edu", "an angle bracket (< or >) is not closed"),
            ("Course Team <courses>", "it has no address, as user@domain"),
        ] {
            let refused = sender(from).expect_err(from);
            assert_eq!(
                refused,
                format!("'{from}' is not a sender address: {what} (as `Course Team <courses@example.edu>`)")
            );
        }
    }

    #[test]
    fn a_url_names_a_user_but_never_a_password() {
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
