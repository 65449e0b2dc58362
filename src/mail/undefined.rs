//! Which name a farewell message uses that is not there, and what is there instead: strict
//! rendering says only "undefined value".

use minijinja::value::ValueKind;
use minijinja::{ErrorKind, Value};

/// For an undefined-value `error` in `source` rendered with `values`: the name, and the names
/// beside it. `certified` says whether the message has a certificate to print.
pub fn explain(error: &minijinja::Error, source: &str, values: &Value, certified: bool) -> Option<String> {
    if error.kind() != ErrorKind::UndefinedError {
        return None;
    }
    let expression = source.get(error.range()?)?.trim();
    let path: String = expression.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.').collect();
    let mut parts = path.split('.').filter(|part| !part.is_empty());
    let first = parts.next()?;
    let mut value = values.get_attr(first).ok().filter(|value| !value.is_undefined());
    let Some(mut current) = value.take() else {
        if first == "certificate" && !certified {
            return Some(format!(
                "`{path}`: the message to learners without a certificate has no certificate to print; it may use {}",
                names(values)
            ));
        }
        return Some(format!("`{path}` is not a name the message knows; it may use {}", names(values)));
    };
    let mut known = first.to_string();
    for part in parts {
        match current.get_attr(part).ok().filter(|value| !value.is_undefined()) {
            Some(next) => current = next,
            // Only a message whose certificate replaces one mailed before has it.
            None if first == "replaces" && current.is_none() => {
                return Some(format!(
                    "`{path}`: replaces is none in a learner's first message; use it inside {{% if replaces %}} … {{% endif %}}"
                ));
            }
            None if current.kind() == ValueKind::Map => {
                return Some(format!("`{path}`: {known} has no {part}; it has {}", names(&current)));
            }
            None => return Some(format!("`{path}`: {known} is a {}, with no {part} in it", current.kind())),
        }
        known = format!("{known}.{part}");
    }
    None
}

/// The keys of a map, as a list to read.
fn names(value: &Value) -> String {
    let keys: Vec<String> = value.try_iter().map(|keys| keys.map(|key| key.to_string()).collect()).unwrap_or_default();
    match keys.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "nothing".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::MessageTemplate;
    use crate::mail::message::{Audience, check};

    #[track_caller]
    fn says(subject: &str, text: &str, audience: Audience, expected: &str) {
        let message = MessageTemplate { subject: subject.into(), text: text.into(), html: None };
        let problem = check(&message, audience).expect_err("an undefined name").to_string();
        assert!(problem.ends_with(expected), "{problem}");
    }

    #[test]
    fn an_undefined_name_is_named_with_what_is_there_instead() {
        let certified = Audience::Certified;
        says(
            "Grade {{ certificate.percent }}",
            "Hi\n",
            certified,
            "`certificate.percent`: certificate has no percent; it has code, issued_on, mode, mode_label and verify_url",
        );
        says(
            "Hi",
            "Code {{ certificate.code }}\n",
            Audience::Uncertified,
            "`certificate.code`: the message to learners without a certificate has no certificate to print; it may use link, learner, course, grade and signatories",
        );
        says(
            "Hi {{ nickname }}",
            "Hi\n",
            certified,
            "`nickname` is not a name the message knows; it may use certificate, course, grade, learner, link, replaces and signatories",
        );
        says(
            "Hi",
            "Replaces {{ replaces.code }}\n",
            certified,
            "`replaces.code`: replaces is none in a learner's first message; use it inside {% if replaces %} … {% endif %}",
        );
        says(
            "Hi",
            "{{ learner.full_name.first }}\n",
            certified,
            "`learner.full_name.first`: learner.full_name is a string, with no first in it",
        );
    }
}
