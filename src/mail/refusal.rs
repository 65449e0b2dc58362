//! Reading a mail server's refusal: whether it is about the one recipient (that learner is
//! skipped, the others still get theirs) or about anything else (a login the server wants, mail
//! it will not pass on, a message larger than it takes), which comes again for every message,
//! and what staff can do about the latter.

/// Where in the conversation the server said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// MAIL FROM: the sender.
    Sender,
    /// RCPT TO: one recipient.
    Recipient,
    /// DATA, or the answer once the whole message went: the message itself.
    Message,
}

/// A refusal's codes: the reply code (`554`) and the enhanced status code (`5.7.1`, RFC 3463)
/// that most servers write first in their text, as class, subject and detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Codes {
    pub reply: u16,
    pub enhanced: Option<(u16, u16, u16)>,
}

impl Codes {
    /// The codes of a reply `reply` whose text is `text` (the server's words, code left out).
    pub fn read(reply: u16, text: &str) -> Codes {
        let first = text.split_whitespace().next().unwrap_or("");
        let parts: Vec<Option<u16>> = first.split('.').map(|part| part.parse().ok()).collect();
        let enhanced = match parts.as_slice() {
            [Some(class @ (2 | 4 | 5)), Some(subject), Some(detail)] => Some((*class, *subject, *detail)),
            _ => None,
        };
        Codes { reply, enhanced }
    }
}

/// Whether a permanent refusal at RCPT TO is about that recipient: an address the server does
/// not know, a mailbox full or disabled, a domain it cannot reach. Anything else (a login it
/// wants, mail it will not pass on for this sender, a policy of its own) is not, and comes to
/// every recipient alike.
pub fn about_recipient(codes: Codes) -> bool {
    match codes.enhanced {
        // X.1 addressing, X.2 mailbox, X.4 network and routing (a domain that cannot be
        // reached, and Exchange's 5.4.1 for an address it does not know).
        Some((_, subject, _)) => matches!(subject, 1 | 2 | 4),
        // Without one, the reply codes RFC 5321 gives a mailbox refused, or busy for now.
        None => matches!(codes.reply, 450 | 550..=553),
    }
}

/// What the server said without the recipient's address in it, which many servers repeat
/// (`5.7.1 <frodo@bagend.shire>: Relay access denied`): the same for every message refused so.
pub fn without_address(answer: &str, address: &str) -> String {
    let cut = answer.replace(&format!("<{address}>:"), "").replace(&format!("<{address}>"), "").replace(address, "");
    cut.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What two refusals must share to be alike: their codes, and the server's words but those with
/// a digit in them, which servers write afresh for each message (a queue id `30e200eaed76`, a
/// time, a file's path): Gmail's `5.7.1 Message rejected ... 30e200eaed76 - gsmtp` is one refusal
/// however often it comes.
pub fn gist(codes: Codes, text: &str) -> String {
    let words = text.split_whitespace().filter(|word| !word.chars().any(|c| c.is_ascii_digit()));
    format!("{} {:?} {}", codes.reply, codes.enhanced, words.collect::<Vec<_>>().join(" "))
}

/// What staff can do about a permanent refusal that is not about a learner's address. `user` is
/// the login the mail server URL names, `sender` the address mail goes out from.
pub fn what_to_do(codes: Codes, text: &str, stage: Stage, user: Option<&str>, sender: &str) -> String {
    let text = text.to_lowercase();
    let login = codes.reply == 530 || text.contains("authenticat") || text.contains("auth required");
    let size = codes.reply == 552 && stage == Stage::Message
        || matches!(codes.enhanced, Some((_, 3, 4)))
        || ["size", "too big", "too large"].iter().any(|word| text.contains(word));
    if text.contains("starttls") {
        return "the server wants the connection encrypted first: use smtp://HOST:587?tls=required (STARTTLS) or smtps://HOST (TLS from the start) in the mail server URL".into();
    }
    match (login, user) {
        (true, None) => {
            return "the server wants a login: name the user in the mail server URL (`certdesk mail-settings --smtp smtps://USER@HOST`) and give the password in CERTDESK_SMTP_PASSWORD or a file (--smtp-password-file)".into();
        }
        (true, Some(user)) => {
            return format!(
                "the server logged in {user} but wants another login to send: ask its administrator which user may send"
            );
        }
        (false, _) => {}
    }
    if text.contains("relay") {
        return format!(
            "the server does not pass mail on for {sender} from this machine: log in to it (a user in the mail server URL, smtps://USER@HOST), or ask its administrator to let this machine send through it"
        );
    }
    if size {
        return "each message carries its certificate as a PDF, and the server takes none this large: ask its administrator for a larger limit, or send through another server (--smtp)".into();
    }
    match stage {
        Stage::Sender => format!(
            "the server may take mail only from addresses of its own: ask its administrator whether {sender} may send through it, or send from one it takes (--from, or certdesk mail-settings --from)"
        ),
        Stage::Recipient | Stage::Message => {
            "it is not about the learners' addresses: ask the mail server's administrator what it means".into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn reads(reply: u16, text: &str, enhanced: Option<(u16, u16, u16)>, is_about_recipient: bool) {
        let codes = Codes::read(reply, text);
        assert_eq!(codes, Codes { reply, enhanced }, "{reply} {text}");
        assert_eq!(about_recipient(codes), is_about_recipient, "{reply} {text}");
    }

    #[test]
    fn refusals_are_alike_whatever_ids_they_name_but_not_with_other_codes_or_words() {
        let gist = |reply: u16, text: &str| super::gist(Codes::read(reply, text), text);
        let spam = "5.7.1 Message rejected as spam by policy. 30e200eaed76 - gsmtp";
        assert_eq!(gist(554, spam), gist(554, "5.7.1 Message rejected as spam by policy. 9bd1c3f0a2e4 - gsmtp"));
        assert_ne!(gist(554, spam), gist(550, "5.7.1 Message rejected as spam by policy. 9bd1c3f0a2e4 - gsmtp"));
        assert_ne!(gist(554, spam), gist(554, "5.7.0 Message rejected as spam by policy. 30e200eaed76 - gsmtp"));
        assert_ne!(gist(554, "5.7.1 Relay access denied"), gist(554, "5.7.1 Sender blocked"));
    }

    #[test]
    fn a_refusal_is_about_the_recipient_only_when_its_codes_say_so() {
        reads(550, "5.1.1 <frodo@bagend.shire>: Recipient address rejected: User unknown", Some((5, 1, 1)), true);
        reads(552, "5.2.2 mailbox full", Some((5, 2, 2)), true);
        reads(550, "5.4.1 Recipient address rejected: Access denied", Some((5, 4, 1)), true);
        reads(550, "No such user here", None, true);
        reads(554, "5.7.1 <frodo@bagend.shire>: Relay access denied", Some((5, 7, 1)), false);
        reads(530, "5.7.0 Authentication required", Some((5, 7, 0)), false);
        reads(530, "Authentication required", None, false);
        reads(554, "Transaction failed", None, false);
        reads(550, "5.7.1 Client host rejected: cannot find your hostname", Some((5, 7, 1)), false);
        // Not an enhanced code, only a number at the start of the text.
        reads(550, "5.1 mailbox unavailable", None, true);
        // For now: a mailbox busy is the recipient's; a server short of room is everyone's.
        reads(450, "4.2.1 Mailbox busy, try again later", Some((4, 2, 1)), true);
        reads(450, "Requested mail action not taken: mailbox unavailable", None, true);
        reads(451, "4.3.0 Temporary local problem, try later", Some((4, 3, 0)), false);
        reads(452, "Insufficient system storage", None, false);
    }

    #[test]
    fn the_recipients_address_is_left_out_of_the_answer_compared() {
        let answer = "permanent error (554): 5.7.1 <frodo@bagend.shire>: Relay access denied";
        assert_eq!(without_address(answer, "frodo@bagend.shire"), "permanent error (554): 5.7.1 Relay access denied");
        let other = "permanent error (554): 5.7.1 <sam@bagshot.shire>: Relay access denied";
        assert_eq!(without_address(answer, "frodo@bagend.shire"), without_address(other, "sam@bagshot.shire"));
    }

    #[test]
    fn the_advice_names_what_the_answer_is_about() {
        let advice = |reply, text, stage, user| what_to_do(Codes::read(reply, text), text, stage, user, "team@x.org");
        let login = advice(530, "5.7.0 Authentication required", Stage::Sender, None);
        assert!(login.starts_with("the server wants a login: name the user"), "{login}");
        let other = advice(530, "5.7.0 Authentication required", Stage::Recipient, Some("courses"));
        assert!(other.contains("logged in courses but wants another login"), "{other}");
        let relay = advice(554, "5.7.1 Relay access denied", Stage::Recipient, None);
        assert!(relay.starts_with("the server does not pass mail on for team@x.org"), "{relay}");
        let size = advice(552, "5.3.4 Message size exceeds fixed limit", Stage::Message, None);
        assert!(size.contains("takes none this large"), "{size}");
        let sender = advice(550, "5.7.1 Sender address rejected: not owned by user", Stage::Sender, None);
        assert!(sender.contains("whether team@x.org may send through it"), "{sender}");
        let tls = advice(530, "5.7.0 Must issue a STARTTLS command first", Stage::Sender, None);
        assert!(tls.contains("?tls=required"), "{tls}");
        let unknown = advice(554, "5.7.0 Rejected by policy", Stage::Message, None);
        assert!(unknown.starts_with("it is not about the learners' addresses"), "{unknown}");
    }
}
