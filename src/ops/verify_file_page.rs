//! A credential held against what its file shows: the page it is on must print what it says,
//! and the JSON copy a viewer opens must say what the signed credential says.

use crate::credential::indent::indent_into;
use crate::credential::{JsonCopy, Payload};
use crate::domain::printed::{PageText, other_codes, other_grades, proofs, unprinted};

/// Why the credential's JSON copy, the file a person opens from a viewer's attachments, is
/// not to be believed, if it is not: it must say what the signed credential says.
pub(super) fn copy_problem(copy: &JsonCopy, payload: &[u8]) -> Option<String> {
    let text = match &copy.text {
        Ok(text) => text,
        Err(why) => return Some(format!("its credential's JSON copy ({}) {why}", copy.file)),
    };
    // certdesk writes the copy as the signed payload indented: the same text unless changed,
    // which spares parsing both.
    if let Ok(compact) = std::str::from_utf8(payload) {
        let mut indented = String::with_capacity(text.len());
        indent_into(compact, copy.depth, &mut indented);
        if indented == *text {
            return None;
        }
    }
    let value = crate::ops::unambiguous_json::unambiguous;
    match (value(text.as_bytes()), value(payload)) {
        (Some(copy), Some(signed)) if copy == signed => None,
        _ => Some(format!("its credential's JSON copy ({}) says something its signed credential does not", copy.file)),
    }
}

/// What the page fails to say of what the credential says: the name, the course, the grade and
/// the code must each be printed on it. A page of its own must print no other grade or code
/// either (the text of a document's own files is every page's, which print theirs).
pub(super) fn page_problems(payload: &Payload, text: &str, own_page: bool) -> Vec<String> {
    let page = PageText::of(text);
    let name = payload.learner_name().map(crate::ops::neutral).unwrap_or_default();
    let (grade, code) = (payload.grade().unwrap_or_default(), payload.code());
    let mut problems: Vec<String> = unprinted(&page, proofs(&name, &payload.name, grade, code))
        .into_iter()
        .map(|(what, value)| format!("the page does not print {what} the credential names ({value})"))
        .collect();
    if own_page && !grade.is_empty() {
        let others = other_grades(text, grade, &[&name, &payload.name]);
        problems.extend(
            others.iter().map(|other| format!("the page prints a grade the credential does not give ({other})")),
        );
    }
    if own_page {
        let others = other_codes(text, code, &[&name, &payload.name]);
        problems.extend(
            others.iter().map(|other| format!("the page prints a code the credential does not give ({other})")),
        );
    }
    problems
}
