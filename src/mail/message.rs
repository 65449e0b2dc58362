//! Farewell messages as text: the built-in ones, the file format staff edit, and rendering
//! with the certificate's data (minijinja, strict: a name that is not there is an error).
//!
//! The file format: a `Subject:` line, a blank line, the plain text, and optionally a line
//! `--- html` followed by the HTML version.

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value, context};

use crate::domain::MessageTemplate;
use crate::render::data::RenderData;

const HTML_MARKER: &str = "--- html";

/// How both built-in messages open, up to the first sentence that differs.
const GREETING: &str = "\
Dear {{ learner.full_name }},

Thank you for taking {{ course.title }}{% if course.institution %} at {{ course.institution }}{% endif %}.";

/// How both built-in messages close: the course's signatories, one a line.
const SIGN_OFF: &str = "\
With our best wishes,
{% for signer in signatories %}{{ signer.name }}, {{ signer.title }}
{% endfor %}
";

/// What learners with a certificate receive unless the course has its own message.
pub fn built_in_certified() -> MessageTemplate {
    let body = " As the course comes to its end, here is your {{ certificate.mode_label }}: it is attached to \
                this message as a PDF.

Anyone can check that it is genuine at
{{ certificate.verify_url }}
{%- if link %}

Your own page, to see your standing and download your certificate again:
{{ link }}
{%- endif %}

";
    MessageTemplate {
        subject: "Your certificate for {{ course.title }}".into(),
        text: [GREETING, body, SIGN_OFF].concat(),
        html: Some(
            "\
<p>Dear {{ learner.full_name }},</p>
<p>Thank you for taking <strong>{{ course.title }}</strong>{% if course.institution %} at {{ course.institution }}{% endif %}. As the course comes to its end, here is your {{ certificate.mode_label }}: it is attached to this message as a PDF.</p>
<p>Anyone can check that it is genuine at <a href=\"{{ certificate.verify_url }}\" style=\"word-break: break-all\">{{ certificate.verify_url }}</a>.</p>
{% if link %}<p>Your own page, to see your standing and download your certificate again: <a href=\"{{ link }}\" style=\"word-break: break-all\">{{ link }}</a></p>{% endif %}
<p>With our best wishes,<br>
{% for signer in signatories %}{{ signer.name }}, {{ signer.title }}<br>
{% endfor %}</p>
"
                .into(),
        ),
    }
}

/// A starting point for learners without a certificate; sent only once a course sets one.
pub fn built_in_uncertified() -> MessageTemplate {
    let body = " Your grade is {{ grade.percent }}%.
{%- if link %}

Your own page shows your standing, and lets you ask for your certificate once you are eligible:
{{ link }}
{%- endif %}

";
    MessageTemplate {
        subject: "Thank you for taking {{ course.title }}".into(),
        text: [GREETING, body, SIGN_OFF].concat(),
        html: None,
    }
}

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
    check(&message, audience).map_err(|problem| problem.in_file(&lines))?;
    let renderer = Renderer::new(&message, audience).map_err(|problem| problem.in_file(&lines))?;
    let mut longest: Option<(usize, String, &str)> = None;
    for data in learners {
        let subject = renderer.subject(data, EXAMPLE_LINK).map_err(|problem| problem.in_file(&lines))?;
        let length = subject.chars().count();
        if longest.as_ref().is_none_or(|(most, ..)| length > *most) {
            longest = Some((length, subject, &data.learner.username));
        }
    }
    if let Some((_, subject, username)) = longest {
        let whom = format!("{username}, the longest on the roster");
        subject_fits(&subject, &whom).map_err(|problem| problem.in_file(&lines))?;
    }
    Ok(message)
}

/// Where each part of a message file begins, to give a template error its line in the file.
struct PartLines {
    text: usize,
    html: usize,
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

/// One message made for one learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// Whom a message goes to. Learners without a certificate have none to print, so their
/// message may not name `certificate` (strict rendering refuses it, as any unknown name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Certified,
    Uncertified,
}

/// Mail servers refuse subjects much longer than a line; no real one needs more than this.
pub const MAX_SUBJECT_CHARS: usize = 200;

/// What is wrong with one part of a message, at a line of that part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    part: &'static str,
    line: Option<usize>,
    what: String,
}

impl Problem {
    fn new(part: &'static str, error: &minijinja::Error) -> Problem {
        let detail = error.detail().map(|detail| format!(": {detail}")).unwrap_or_default();
        Problem { part, line: error.line(), what: format!("{}{detail}", error.kind()) }
    }

    /// The problem told by the line of the file the message was read from.
    fn in_file(&self, lines: &PartLines) -> String {
        let first = match self.part {
            "subject" => return format!("line 1 (the subject): {}", self.what),
            "text" => lines.text,
            _ => lines.html,
        };
        match self.line {
            Some(line) => format!("line {} (the {}): {}", first + line - 1, self.part, self.what),
            None => self.to_string(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "the {} line {line}: {}", self.part, self.what),
            None => write!(f, "the {}: {}", self.part, self.what),
        }
    }
}

impl From<Problem> for String {
    fn from(problem: Problem) -> String {
        problem.to_string()
    }
}

/// Compiles a message's templates once for many learners.
pub struct Renderer {
    env: Environment<'static>,
    has_html: bool,
    audience: Audience,
}

impl Renderer {
    pub fn new(message: &MessageTemplate, audience: Audience) -> Result<Renderer, Problem> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Text parts print as written; the HTML part escapes what it prints.
        env.set_auto_escape_callback(|name| if name == "html" { AutoEscape::Html } else { AutoEscape::None });
        let parts = [("subject", &message.subject), ("text", &message.text)];
        for (name, source) in parts.into_iter().chain(message.html.as_ref().map(|html| ("html", html))) {
            env.add_template_owned(name.to_string(), source.clone()).map_err(|error| Problem::new(name, &error))?;
        }
        Ok(Renderer { env, has_html: message.html.is_some(), audience })
    }

    /// The message for `data`, with `link` the learner's own page (or empty).
    pub fn render(&self, data: &RenderData, link: &str) -> Result<Rendered, Problem> {
        let values = self.values(data, link);
        let part = |name: &'static str| self.part(name, &values);
        let subject = one_line(&part("subject")?);
        let html = if self.has_html { Some(part("html")?) } else { None };
        Ok(Rendered { subject, text: part("text")?, html })
    }

    /// Only the subject, as [`Renderer::render`] makes it.
    pub fn subject(&self, data: &RenderData, link: &str) -> Result<String, Problem> {
        Ok(one_line(&self.part("subject", &self.values(data, link))?))
    }

    fn part(&self, name: &'static str, values: &Value) -> Result<String, Problem> {
        let template = self.env.get_template(name).map_err(|error| Problem::new(name, &error))?;
        template.render(values).map_err(|error| {
            let mut problem = Problem::new(name, &error);
            let certified = self.audience == Audience::Certified;
            if let Some(explained) = super::undefined::explain(&error, template.source(), values, certified) {
                problem.what = format!("{}: {explained}", error.kind());
            }
            problem
        })
    }

    /// What the message's templates see: a learner without a certificate has none to print.
    fn values(&self, data: &RenderData, link: &str) -> Value {
        match self.audience {
            Audience::Certified => context! { link, ..Value::from(Serde(data)) },
            Audience::Uncertified => context! {
                link,
                learner => Serde(&data.learner),
                course => Serde(&data.course),
                grade => Serde(&data.grade),
                signatories => Serde(&data.signatories),
            },
        }
    }
}

/// A subject is one line, however the template's data looks.
fn one_line(subject: &str) -> String {
    subject.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A learner's link as long as real ones, for checks.
const EXAMPLE_LINK: &str = "https://certificates.example.org/learner/EXAMPLE";

/// Checks a message on example data, as a template is checked before it is saved.
pub fn check(message: &MessageTemplate, audience: Audience) -> Result<(), Problem> {
    let renderer = Renderer::new(message, audience)?;
    let rendered = renderer.render(&RenderData::example("verified"), EXAMPLE_LINK)?;
    renderer.render(&RenderData::example("honor"), "")?;
    subject_fits(&rendered.subject, "the example learner")
}

/// Refuses a subject longer than mail servers take, saying for whom it came out so long.
pub fn subject_fits(subject: &str, whom: &str) -> Result<(), Problem> {
    let length = subject.chars().count();
    if length > MAX_SUBJECT_CHARS {
        let what = format!(
            "the subject comes to {length} characters for {whom}; mail servers refuse long subjects, so keep it under {MAX_SUBJECT_CHARS}"
        );
        return Err(Problem { part: "subject", line: Some(1), what });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_messages_render_and_survive_their_file_format() {
        for (message, audience) in
            [(built_in_certified(), Audience::Certified), (built_in_uncertified(), Audience::Uncertified)]
        {
            check(&message, audience).expect("the built-in message checks");
            assert_eq!(from_file(&to_file(&message), audience, &[]).expect("reads back"), message);
        }
        let rendered = Renderer::new(&built_in_certified(), Audience::Certified)
            .unwrap()
            .render(&RenderData::example("verified"), "https://x.example/learner/T")
            .unwrap();
        assert_eq!(rendered.subject, "Your certificate for Cartography of Middle-earth");
        assert!(rendered.text.starts_with("Dear Bilbo Baggins,\n"), "{}", rendered.text);
        assert!(rendered.text.contains("https://certs.example.org/verify/K7QF-M2XD-9HTA"));
        assert!(rendered.text.contains("https://x.example/learner/T"));
        // minijinja writes `/` as `&#x2f;` in HTML; mail readers read it back as `/`.
        let html = rendered.html.unwrap().replace("&#x2f;", "/");
        // A link is one long word: on a phone it breaks anywhere rather than run off the screen.
        assert!(html.contains("<a href=\"https://x.example/learner/T\" style=\"word-break: break-all\">"), "{html}");
    }

    #[test]
    fn without_a_link_the_text_has_no_gap() {
        let rendered = Renderer::new(&built_in_certified(), Audience::Certified)
            .unwrap()
            .render(&RenderData::example("honor"), "")
            .unwrap();
        assert!(rendered.text.contains("/verify/K7QF-M2XD-9HTA\n\nWith our best wishes,\n"), "{}", rendered.text);
        let rendered = Renderer::new(&built_in_uncertified(), Audience::Uncertified)
            .unwrap()
            .render(&RenderData::example("honor"), "")
            .unwrap();
        assert!(rendered.text.contains("Your grade is 95.0%.\n\nWith our best wishes,\n"), "{}", rendered.text);
    }

    #[test]
    fn html_escapes_what_it_prints_and_text_does_not() {
        let message = MessageTemplate {
            subject: "For {{ learner.full_name }}".into(),
            text: "{{ learner.full_name }}\n".into(),
            html: Some("<p>{{ learner.full_name }}</p>".into()),
        };
        let mut data = RenderData::example("honor");
        data.learner.full_name = "Tom <Bombadil> & \"Goldberry\"".into();
        let rendered = Renderer::new(&message, Audience::Certified).unwrap().render(&data, "").unwrap();
        assert_eq!(rendered.text, "Tom <Bombadil> & \"Goldberry\"");
        assert_eq!(rendered.html.unwrap(), "<p>Tom &lt;Bombadil&gt; &amp; &quot;Goldberry&quot;</p>");
        assert_eq!(rendered.subject, "For Tom <Bombadil> & \"Goldberry\"");
    }

    #[test]
    fn a_misspelt_name_or_a_broken_file_is_refused_saying_where() {
        let misspelt =
            MessageTemplate { subject: "Hi".into(), text: "Dear {{ learner.fullname }}\n".into(), html: None };
        let problem = check(&misspelt, Audience::Certified).expect_err("learner.fullname does not exist");
        assert!(problem.to_string().starts_with("the text line 1:"), "{problem}");
        let unclosed = MessageTemplate { subject: "{% if x %}".into(), text: "x\n".into(), html: None };
        assert!(check(&unclosed, Audience::Certified).expect_err("unclosed").to_string().starts_with("the subject"));
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
    fn a_message_to_learners_without_a_certificate_cannot_print_one() {
        let message = MessageTemplate {
            subject: "Hi".into(),
            text: "Your grade: {{ grade.percent }}%. Code: {{ certificate.code }}\n".into(),
            html: None,
        };
        assert!(check(&message, Audience::Certified).is_ok());
        let problem = check(&message, Audience::Uncertified).expect_err("no certificate to print");
        assert!(problem.to_string().starts_with("the text line 1: undefined value"), "{problem}");
    }

    #[test]
    fn a_subject_longer_than_mail_servers_take_is_refused() {
        let subject = format!("{} {{{{ course.title }}}}", "Thank you ".repeat(18));
        let message = MessageTemplate { subject, text: "Text\n".into(), html: None };
        let problem = check(&message, Audience::Certified).expect_err("207 characters with the example title");
        assert!(problem.to_string().contains("comes to 207 characters"), "{problem}");
        let message = MessageTemplate { subject: "Thank you ".repeat(17), ..message };
        assert!(check(&message, Audience::Certified).is_ok(), "169 characters go");
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
