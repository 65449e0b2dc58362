//! The file format staff write a farewell message in (`certdesk farewell COURSE --set FILE`):
//! a `Subject:` line, a blank line, the plain text, and optionally a line `--- html` followed
//! by the HTML version. A file is checked as a message is, and a problem named by its line.

use super::message::{Audience, EXAMPLE_LINK, Problem, Renderer, subject_fits};
use crate::domain::MessageTemplate;
use crate::render::data::RenderData;

const HTML_MARKER: &str = "--- html";

/// A message in the file format.
pub fn to_file(message: &MessageTemplate) -> String {
    let mut file = format!("Subject: {}\n\n{}", message.subject, message.text);
    if !file.ends_with('\n') {
        file.push('\n');
    }
    if let Some(html) = &message.html {
        file.push_str(HTML_MARKER);
        file.push('\n');
        file.push_str(html);
        if !html.ends_with('\n') {
            file.push('\n');
        }
    }
    file
}

/// Reads the file format and checks the message for `audience`, and its subject's length for
/// each of `learners` (the course's, whose names may be much longer than the example's); an
/// error names the file's line.
pub fn from_file(text: &str, audience: Audience, learners: &[RenderData]) -> Result<MessageTemplate, String> {
    let (message, lines) = parse(text)?;
    super::message::check(&message, audience).map_err(|problem| lines.locate(&problem))?;
    let renderer = Renderer::new(&message, audience).map_err(|problem| lines.locate(&problem))?;
    let mut longest: Option<(usize, String, &str)> = None;
    for data in learners {
        let subject = renderer.subject(data, EXAMPLE_LINK).map_err(|problem| lines.locate(&problem))?;
        let length = subject.chars().count();
        if longest.as_ref().is_none_or(|(most, ..)| length > *most) {
            longest = Some((length, subject, &data.learner.username));
        }
    }
    if let Some((_, subject, username)) = longest {
        let whom = format!("{username}, the longest on the roster");
        subject_fits(&subject, &whom).map_err(|problem| lines.locate(&problem))?;
    }
    Ok(message)
}

/// Where each part of a message file begins, to give a template error its line in the file.
struct PartLines {
    text: usize,
    html: usize,
}

impl PartLines {
    /// `problem` told by the line of the file the message was read from.
    fn locate(&self, problem: &Problem) -> String {
        let first = match problem.part {
            "subject" => return format!("line 1 (the subject): {}", problem.what),
            "text" => self.text,
            _ => self.html,
        };
        match problem.line {
            Some(line) => format!("line {} (the {}): {}", first + line - 1, problem.part, problem.what),
            None => problem.to_string(),
        }
    }
}

fn parse(text: &str) -> Result<(MessageTemplate, PartLines), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
    if let Some((index, _)) = text.split('\n').enumerate().filter(|(_, line)| *line == HTML_MARKER).nth(1) {
        return Err(format!("line {}: a second `{HTML_MARKER}` line: a message has one HTML version", index + 1));
    }
    let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let subject =
        first.strip_prefix("Subject:").or_else(|| first.strip_prefix("subject:")).map(str::trim).ok_or(
            "line 1: a message starts with its subject, as `Subject: Your certificate for {{ course.title }}`",
        )?;
    if subject.is_empty() {
        return Err("line 1: the subject is empty: write it after `Subject:`, as `Subject: Your certificate for {{ course.title }}`".into());
    }
    let rest = rest.strip_prefix('\n').ok_or("line 2: a blank line follows the subject")?;
    let (text, html) = match rest.split_once(&format!("\n{HTML_MARKER}\n")) {
        Some((text, html)) => (text.to_string(), Some(html.to_string())),
        None => match rest.strip_suffix(&format!("\n{HTML_MARKER}")) {
            Some(text) => (text.to_string(), Some(String::new())),
            None => (rest.to_string(), None),
        },
    };
    if text.trim().is_empty() {
        return Err("the message has no text: write it after the subject and a blank line".into());
    }
    // The text starts on line 3; the HTML on the line after the marker, which follows the text.
    let lines = PartLines { text: 3, html: 3 + text.split('\n').count() + 1 };
    let html = html.filter(|html| !html.trim().is_empty());
    Ok((MessageTemplate { subject: subject.to_string(), text: text.trim_end().to_string() + "\n", html }, lines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::message::{built_in_certified, built_in_uncertified};

    #[test]
    fn the_built_in_messages_survive_their_file_format() {
        for (message, audience) in
            [(built_in_certified(), Audience::Certified), (built_in_uncertified(), Audience::Uncertified)]
        {
            assert_eq!(from_file(&to_file(&message), audience, &[]).expect("reads back"), message);
        }
    }

    #[test]
    fn a_broken_file_is_refused_saying_where() {
        let read = |text: &str| from_file(text, Audience::Certified, &[]);
        assert!(read("Dear Bilbo\n").expect_err("no subject").starts_with("line 1:"));
        assert!(read("Subject: Hi\nDear Bilbo\n").expect_err("no blank line").starts_with("line 2:"));
        let twice =
            read("Subject: Hi\n\nText\n--- html\n<p>One</p>\n--- html\n<p>Two</p>\n").expect_err("two HTML parts");
        assert!(twice.starts_with("line 6: a second `--- html` line"), "{twice}");
        let empty = read("Subject: \n\nDear Bilbo\n").expect_err("an empty subject");
        assert!(empty.starts_with("line 1: the subject is empty"), "{empty}");
        assert!(read("Subject: Hi\n\n\n").expect_err("no text").contains("no text"));
        let parsed = read("Subject: Hi\r\n\r\nText\r\n--- html\r\n<p>Html</p>\r\n").expect("CRLF files read");
        assert_eq!((parsed.text.as_str(), parsed.html.as_deref()), ("Text\n", Some("<p>Html</p>\n")));
    }

    #[test]
    fn an_error_names_the_line_of_the_file() {
        let file = "Subject: Hi {{ course.title }}\n\nDear {{ learner.full_name }},\n\n{{ learner.nickname }}\n";
        let problem = from_file(file, Audience::Certified, &[]).expect_err("no nickname");
        assert!(problem.starts_with("line 5 (the text): undefined value"), "{problem}");
        let file = "Subject: Hi\n\nOne\nTwo\n\n\n--- html\n<p>One</p>\n<p>{{ learner.nickname }}</p>\n";
        let problem = from_file(file, Audience::Certified, &[]).expect_err("no nickname");
        assert!(problem.starts_with("line 9 (the html): undefined value"), "{problem}");
        let problem =
            from_file("Subject: {{ learner.nickname }}\n\nText\n", Audience::Certified, &[]).expect_err("subject");
        assert!(problem.starts_with("line 1 (the subject):"), "{problem}");
    }

    #[test]
    fn a_subject_is_checked_for_the_longest_name_on_the_roster() {
        let file = format!("Subject: {} {{{{ learner.full_name }}}}\n\nText\n", "x".repeat(94));
        assert!(from_file(&file, Audience::Certified, &[]).is_ok(), "108 characters for Bilbo Baggins");
        let mut long = RenderData::example("honor");
        long.learner.full_name = "N".repeat(120);
        long.learner.username = "longname".into();
        let problem = from_file(&file, Audience::Certified, &[RenderData::example("honor"), long])
            .expect_err("215 characters for the long name");
        assert!(
            problem.starts_with("line 1 (the subject): the subject comes to 215 characters for longname"),
            "{problem}"
        );
    }
}
