//! The Subject header. lettre writes a word of plain ASCII as it is, so a name or title that
//! looks like an encoded word (`=?utf-8?b?UkVWT0tFRA==?=`) reached the learner's mail client,
//! which decoded it: the subject showed `REVOKED`. Such a subject is encoded whole here, as
//! RFC 2047 asks of text that could be read as an encoded word.

use base64ct::{Base64, Encoding as _};
use lettre::message::header::{HeaderName, HeaderValue};

/// At most this many bytes of text in one encoded word, which then stays within the 75
/// characters RFC 2047 allows (`=?utf-8?b?` + 60 base64 + `?=`).
const WORD_BYTES: usize = 45;

/// The Subject header for `subject`: lettre's own encoding, unless a word of it could be read
/// as an encoded word.
pub fn header(subject: &str) -> Option<HeaderValue> {
    if !subject.split_whitespace().any(|word| word.contains("=?")) {
        return None;
    }
    let mut words = Vec::new();
    let mut rest = subject;
    while !rest.is_empty() {
        let mut end = rest.len().min(WORD_BYTES);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (word, after) = rest.split_at(end);
        words.push(format!("=?utf-8?b?{}?=", Base64::encode_string(word.as_bytes())));
        rest = after;
    }
    let name = HeaderName::new_from_ascii_str("Subject");
    Some(HeaderValue::dangerous_new_pre_encoded(name, subject.to_string(), words.join("\r\n ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_looks_encoded_is_encoded_whole_and_other_text_left_to_lettre() {
        assert!(header("Certificate of Bilbo Baggins").is_none());
        let subject = "Certificate of =?utf-8?b?UkVWT0tFRA==?= for Introduction to Middle-earth Studies";
        let message = lettre::Message::builder()
            .from("t@example.org".parse().expect("from"))
            .to("b@example.org".parse().expect("to"))
            .raw_header(header(subject).expect("encoded"))
            .body(String::new())
            .expect("message");
        let formatted = String::from_utf8(message.formatted()).expect("ascii");
        let at = formatted.find("Subject: ").expect("a subject") + "Subject: ".len();
        let value: Vec<&str> = formatted[at..].lines().take_while(|line| !line.contains(": ")).map(str::trim).collect();
        assert!(value.iter().all(|word| word.starts_with("=?utf-8?b?") && word.len() <= 75), "{value:?}");
        let decoded: String = value
            .iter()
            .map(|word| {
                let inner = word.trim_start_matches("=?utf-8?b?").trim_end_matches("?=");
                String::from_utf8(Base64::decode_vec(inner).expect("base64")).expect("utf-8")
            })
            .collect();
        assert_eq!(decoded, subject);
    }
}
