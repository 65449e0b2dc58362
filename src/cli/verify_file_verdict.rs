//! The last line of `certdesk verify --file`: the verdict on the whole file in words, with how
//! many credentials fell short and what the reader can do about it.

use crate::domain::counts_listed;
use crate::ops::{FileVerdict, FileVerification, PrintedCounts};

use super::verify_printed;

/// The verdict on the file checked, after its name on the last line: `printed` is what the
/// codes of its pages without a credential came to, when it has such pages; `first_page` is
/// the first credential's page and verification address, where whoever has no database asks.
pub(super) fn said(
    verification: &FileVerification,
    first_page: Option<(Option<u32>, String)>,
    printed: Option<PrintedCounts>,
) -> String {
    let bare = &verification.pages_without_credential;
    let looked_up = verification.status_checked;
    match (verification.verdict, printed) {
        (FileVerdict::NoCredential, Some(counts)) => verify_printed::headline(&counts, looked_up),
        (_, printed) => {
            let beside = printed.map(|counts| verify_printed::beside(bare, &counts, looked_up));
            let then = what_to_do(verification, first_page);
            // The count follows the verdict's words, before what they mean: after it, a
            // meaning that ends in brackets was followed by a second pair (`(…) (2 credentials,
            // every one)`).
            let (words, meaning) = headline(verification);
            let meaning = meaning.map(|meaning| format!(": {meaning}")).unwrap_or_default();
            format!("{words}{}{meaning}{}{then}", tally(verification), beside.unwrap_or_default())
        }
    }
}

/// The verdict's own words (`UNVERIFIED`), and what they mean, if they need saying (`signed by
/// a key not known here …`), before what to do.
fn headline(verification: &FileVerification) -> (std::borrow::Cow<'static, str>, Option<&'static str>) {
    let counts = &verification.counts;
    // One credential: which of superseded, revoked or withdrawn it was; several are counted
    // by kind in the tally after.
    if verification.verdict == FileVerdict::NoLongerValid
        && counts.checked == 1
        && let Some(word) = super::verify::ended_word(&counts.ended)
    {
        return (format!("AUTHENTIC but NO LONGER VALID ({word})").into(), None);
    }
    let (words, meaning) = match verification.verdict {
        FileVerdict::Authentic if verification.status_checked => ("AUTHENTIC and in force", None),
        FileVerdict::Authentic if verification.counts.checked == 1 => (
            "AUTHENTIC",
            Some(
                "signed with the issuer's key given, and the page prints the name, course, grade and code its credential gives",
            ),
        ),
        FileVerdict::Authentic => (
            "AUTHENTIC",
            Some(
                "signed with the issuer's key given, and each page prints the name, course, grade and code its credential gives",
            ),
        ),
        FileVerdict::NoLongerValid => ("AUTHENTIC but NO LONGER VALID", None),
        FileVerdict::NotAuthentic => ("NOT AUTHENTIC", None),
        FileVerdict::RetiredKey => (
            "NOT TRUSTWORTHY",
            Some(
                "signed with a key the issuer retired as compromised (it leaked), so anyone could have signed it, \
                 whatever it says",
            ),
        ),
        FileVerdict::UnknownKey => (
            "UNVERIFIED",
            Some(
                "signed by a key not known here (give the issuer's key with --key; a key the issuer retired as \
                 compromised is no longer among those it publishes)",
            ),
        ),
        FileVerdict::RecordAltered => (
            "UNCONFIRMED",
            Some(
                "signed by a known key, but the issuer's record of its certificate was changed after issue \
                 (ALTERED above), so this database can neither confirm what it says nor show it forged",
            ),
        ),
        FileVerdict::NotOnRecord => {
            ("UNCONFIRMED", Some("signed by a known key, but this database holds no certificate with its code"))
        }
        // Said with what the file's printed codes came to (`verify_printed::headline`).
        FileVerdict::NoCredential => ("NO CREDENTIAL", Some("the file carries no certdesk credential")),
        FileVerdict::PagesWithoutCredential => (
            "NOT WHOLLY VOUCHED FOR",
            Some(match (verification.counts.checked, verification.status_checked) {
                (1, true) => "its one credential is authentic and in force",
                (1, false) => "its one credential is authentic",
                (_, true) => "its credentials are authentic and in force",
                (_, false) => "its credentials are authentic",
            }),
        ),
    };
    (words.into(), meaning)
}

/// For an authentic file checked without the issuer's database, where to learn what only the
/// issuer knows: whether the certificate was revoked or replaced since it was signed; for a
/// file that is not authentic, what that means.
fn what_to_do(verification: &FileVerification, first_page: Option<(Option<u32>, String)>) -> String {
    if verification.verdict == FileVerdict::NotAuthentic {
        // What it means to someone who only wants to know whether to trust the paper.
        return "; each problem line above says what differs: the file was changed after the issuer signed it, \
                or carries what the issuer did not issue, so do not rely on it"
            .to_string();
    }
    if verification.verdict == FileVerdict::RecordAltered {
        return "; restore the database from a backup and check the file again".to_string();
    }
    if verification.verdict == FileVerdict::RetiredKey {
        return "; the issuer signs its certificates again with its current key: ask the learner for a copy \
                downloaded since from their link (or the issuer for one), and check that one"
            .to_string();
    }
    let unasked = verification.verdict == FileVerdict::Authentic && !verification.status_checked;
    let Some((page, url)) = first_page.filter(|_| unasked) else { return String::new() };
    match verification.counts.checked {
        1 => format!("; whether it is still in force only the issuer can say: open {url}"),
        _ => format!(
            "; whether they are still in force only the issuer can say: open each page's verification address \
             (page {}: {url})",
            page.unwrap_or(1)
        ),
    }
}

/// For a file of several credentials, how many there were and how many fell short.
fn tally(verification: &FileVerification) -> String {
    let counts = &verification.counts;
    if counts.checked < 2 {
        return String::new();
    }
    let findings = [
        (counts.not_authentic, "not authentic"),
        (counts.retired_key, "signed by a retired key"),
        (counts.unknown_key, "signed by an unknown key"),
        (counts.record_altered, "record altered"),
        (counts.not_on_record, "not on record"),
    ];
    let ended = super::verify::ended_kinds(counts.no_longer_valid, &counts.ended);
    match counts_listed(&[&findings[..], &ended[..]].concat()) {
        short if short.is_empty() => format!(" ({} credentials, every one)", counts.checked),
        short => format!(" ({} credentials: {short})", counts.checked),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::EndedKinds;

    #[test]
    fn the_tally_counts_each_finding_in_the_words_of_the_printed_codes() {
        let mut verification = FileVerification {
            counts: Default::default(),
            status_checked: true,
            pages_without_credential: Vec::new(),
            verdict: FileVerdict::NotAuthentic,
        };
        verification.counts.checked = 6;
        verification.counts.not_authentic = 1;
        verification.counts.not_on_record = 1;
        // Four no longer valid, of which the records of three said what befell them.
        verification.counts.no_longer_valid = 4;
        verification.counts.ended = EndedKinds { superseded: 2, revoked: 0, withdrawn: 1 };
        assert_eq!(
            tally(&verification),
            " (6 credentials: 1 not authentic, 1 not on record, 2 superseded, 1 withdrawn, 1 no longer valid)"
        );
        verification.counts = Default::default();
        verification.counts.checked = 3;
        assert_eq!(tally(&verification), " (3 credentials, every one)");
        verification.counts.checked = 1;
        assert_eq!(tally(&verification), "");
    }

    /// With the issuer's key alone, a file of several credentials: the count came after the
    /// verdict's meaning in brackets, a second pair straight after the first.
    #[test]
    fn the_count_follows_the_verdicts_words_not_a_bracket() {
        let mut verification = FileVerification {
            counts: Default::default(),
            status_checked: false,
            pages_without_credential: Vec::new(),
            verdict: FileVerdict::Authentic,
        };
        verification.counts.checked = 2;
        let url = "https://certs.example.org/verify/7KQ2-M9XD-4TPA".to_string();
        assert_eq!(
            said(&verification, Some((Some(1), url.clone())), None),
            "AUTHENTIC (2 credentials, every one): signed with the issuer's key given, and each page prints the name, \
             course, grade and code its credential gives; whether they are still in force only the issuer can say: open each page's \
             verification address (page 1: https://certs.example.org/verify/7KQ2-M9XD-4TPA)"
        );
        verification.verdict = FileVerdict::UnknownKey;
        verification.counts.unknown_key = 2;
        let unverified = said(&verification, None, None);
        assert!(
            unverified.starts_with("UNVERIFIED (2 credentials: 2 signed by an unknown key): signed by a key"),
            "{unverified}"
        );
        for verdict in [FileVerdict::Authentic, FileVerdict::UnknownKey, FileVerdict::NotOnRecord] {
            verification.verdict = verdict;
            let line = said(&verification, Some((Some(1), url.clone())), None);
            assert!(!line.contains(") ("), "{line}");
        }
        // One credential has no count: the meaning follows the words.
        verification.verdict = FileVerdict::Authentic;
        verification.counts = Default::default();
        verification.counts.checked = 1;
        assert!(
            said(&verification, Some((Some(1), url)), None)
                .starts_with("AUTHENTIC: signed with the issuer's key given, and the page prints the name, course"),
        );
    }
}
