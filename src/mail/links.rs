//! Learners' personal links: a random token in the URL, only its SHA-256 in the database.
//! Links are made from the course's verification URL: `https://host/verify/` gives
//! `https://host/learner/TOKEN`, served beside the verification page.

use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};

use crate::domain::{CourseSettings, LearnerLink};
use crate::ops::{self, OpsError};
use crate::store::Store;

/// Random bytes in a token: 160 bits, past guessing.
const TOKEN_BYTES: usize = 20;

/// The hash a token's link is kept under.
pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Whether `text` has the shape of a token (40 lower-case hex digits); anything else is
/// turned away before the database is asked.
pub fn is_token(text: &str) -> bool {
    text.len() == TOKEN_BYTES * 2 && text.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
}

/// Where the learners' pages of a course are: its verification URL with `/verify/` turned into
/// `/learner/`; `None` when the URL does not end in `/verify/`.
pub fn learner_base(settings: &CourseSettings) -> Option<String> {
    let base = settings.verify_base_url.strip_suffix("/verify/")?;
    Some(format!("{base}/learner/"))
}

/// Where the learners' links of a course lead, if it hands them out: self-generation on, and a
/// verification URL that ends in `/verify/`.
pub fn handed_out_at(settings: &CourseSettings) -> Option<String> {
    settings.self_generation.then(|| learner_base(settings)).flatten()
}

/// Whether `link`, revoked, was replaced by a newer one (a message's link closes the ones sent
/// before it at the instant it is made) rather than revoked by the staff.
pub fn replaced(store: &Store, link: &LearnerLink) -> ops::Result<bool> {
    Ok(replaced_among(&store.links(&link.course_id)?, link))
}

/// Whether `link` was replaced by one of `links`, the links of its course: a newer link of the
/// same learner made at the instant `link` was closed, and not closed with it (as `links
/// --revoke` closes every link of a learner, one just made by hand in the same second too).
pub fn replaced_among(links: &[([u8; 32], LearnerLink)], link: &LearnerLink) -> bool {
    link.revoked.is_some_and(|revoked| {
        links.iter().any(|(_, newer)| {
            newer.username == link.username
                && newer.created == revoked
                && newer.created > link.created
                && newer.revoked != Some(revoked)
        })
    })
}

/// A link just made: its URL, and what the database keeps of it.
pub struct Minted {
    pub url: String,
    pub hash: [u8; 32],
    pub link: LearnerLink,
}

impl Minted {
    /// The link as closed the instant it was made: for a message that did not go, so that no
    /// link nobody received stays open, nor counts as revoked (`LearnerLink::never_sent`).
    pub fn withdrawn(self) -> ([u8; 32], LearnerLink) {
        (self.hash, LearnerLink { revoked: Some(self.link.created), ..self.link })
    }
}

/// Makes a new link for `username` and keeps its hash (flushed before the link is handed out).
pub fn mint(
    store: &Store,
    base: &str,
    course_id: &str,
    username: &str,
    now: Timestamp,
    days: u32,
) -> ops::Result<Minted> {
    let minted = make(base, course_id, username, now, days)?;
    store.add_link(minted.hash, &minted.link)?;
    Ok(minted)
}

/// A new link for `username`, open for `days` from `now`, not yet kept anywhere.
pub fn make(base: &str, course_id: &str, username: &str, now: Timestamp, days: u32) -> ops::Result<Minted> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|error| OpsError::Random(error.to_string()))?;
    let token = crate::domain::hex(&bytes);
    let expires = now
        .checked_add(SignedDuration::from_hours(24 * i64::from(days.max(1))))
        .map_err(|error| OpsError::Refused(format!("a link cannot expire {days} days from now: {error}")))?;
    let link = LearnerLink {
        course_id: course_id.to_string(),
        username: username.to_string(),
        created: now,
        expires,
        revoked: None,
    };
    Ok(Minted { url: format!("{base}{token}"), hash: token_hash(&token), link })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learner_pages_sit_beside_the_verification_page() {
        let mut settings =
            CourseSettings { verify_base_url: "https://certs.example.edu/verify/".into(), ..Default::default() };
        assert_eq!(learner_base(&settings).as_deref(), Some("https://certs.example.edu/learner/"));
        settings.verify_base_url = "https://example.edu/c?code=".into();
        assert_eq!(learner_base(&settings), None);
    }

    #[test]
    fn only_the_shape_of_a_token_is_looked_up() {
        assert!(is_token(&"0123456789abcdef".repeat(3)[..40]));
        assert!(!is_token(&"0123456789ABCDEF".repeat(3)[..40]), "upper case is not how tokens are written");
        assert!(!is_token("../../etc/passwd"));
        assert!(!is_token(&"a".repeat(41)));
        assert_ne!(token_hash("a"), token_hash("b"));
    }

    fn link(username: &str, created: i64, revoked: Option<i64>) -> ([u8; 32], LearnerLink) {
        let at = |second: i64| Timestamp::from_second(second).unwrap();
        let link = LearnerLink {
            course_id: "c".into(),
            username: username.into(),
            created: at(created),
            expires: at(created + 1000),
            revoked: revoked.map(at),
        };
        (token_hash(&format!("{username}{created}")), link)
    }

    #[test]
    fn a_link_closed_as_a_newer_one_was_made_was_replaced_and_no_other() {
        let links = [
            link("ann", 10, Some(20)),
            link("ann", 20, None),
            link("ann", 30, Some(30)),
            link("bob", 5, Some(30)),
            link("cy", 5, Some(40)),
            link("cy", 40, Some(40)),
        ];
        let replaced: Vec<bool> = links.iter().map(|(_, link)| replaced_among(&links, link)).collect();
        // Ann's first link was replaced by her second; a link withdrawn as it was made (its
        // message did not go) replaced nothing; Bob's was revoked as another learner's link
        // was made; Cy's were both revoked by the staff the second one was made by hand.
        assert_eq!(replaced, [true, false, false, false, false, false]);
    }
}
