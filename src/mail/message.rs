//! Farewell messages as templates: the built-in ones, and rendering them with the
//! certificate's data (minijinja, strict: a name that is not there is an error). The file
//! staff write one in is `message_file`'s.

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value, context};

use crate::domain::MessageTemplate;
use crate::render::data::RenderData;

/// How both built-in messages open, up to the first sentence that differs.
const GREETING: &str = "\
Dear {{ learner.full_name }},

Thank you for taking {{ course.title }}{% if course.institution %} at {{ course.institution }}{% endif %}.";

/// How both built-in messages close: the course's signatories, one a line (a signatory's title
/// is optional in course.toml), or the course team for a course that names none, so that the
/// message never ends on a greeting with no one under it.
const SIGN_OFF: &str = "\
With our best wishes,
{% for signer in signatories %}{{ signer.name }}{% if signer.title %}, {{ signer.title }}{% endif %}
{% else %}The course team
{% endfor %}
";

/// What learners with a certificate receive unless the course has its own message. A learner
/// mailed an earlier certificate is told that this one replaces it.
pub fn built_in_certified() -> MessageTemplate {
    let body = " {% if replaces %}Here is your new {{ certificate.mode_label }}, attached to this message as a \
                PDF. It replaces the certificate we sent you on {{ replaces.sent_on }} ({{ replaces.code }}), which \
                is no longer valid: please use this one from now on.{% else %}As the course comes to its end, here \
                is your {{ certificate.mode_label }}: it is attached to this message as a PDF.{% endif %}

Anyone can check that it is genuine at
{{ certificate.verify_url }}
{%- if link %}

Your own page, to see your standing and download your certificate again:
{{ link }}
{%- endif %}

";
    MessageTemplate {
        subject: "Your {% if replaces %}new {% endif %}certificate for {{ course.title }}".into(),
        text: [GREETING, body, SIGN_OFF].concat(),
        html: Some(
            "\
<p>Dear <bdi>{{ learner.full_name }}</bdi>,</p>
<p>Thank you for taking <strong><bdi>{{ course.title }}</bdi></strong>{% if course.institution %} at <bdi>{{ course.institution }}</bdi>{% endif %}. {% if replaces %}Here is your new {{ certificate.mode_label }}, attached to this message as a PDF. It replaces the certificate we sent you on {{ replaces.sent_on }} ({{ replaces.code }}), which is no longer valid: please use this one from now on.{% else %}As the course comes to its end, here is your {{ certificate.mode_label }}: it is attached to this message as a PDF.{% endif %}</p>
<p>Anyone can check that it is genuine at <a href=\"{{ certificate.verify_url }}\" style=\"word-break: break-all\">{{ certificate.verify_url }}</a>.</p>
{% if link %}<p>Your own page, to see your standing and download your certificate again: <a href=\"{{ link }}\" style=\"word-break: break-all\">{{ link }}</a></p>{% endif %}
<p>With our best wishes,<br>
{% for signer in signatories %}<bdi>{{ signer.name }}</bdi>{% if signer.title %}, <bdi>{{ signer.title }}</bdi>{% endif %}<br>
{% else %}The course team
{% endfor %}</p>
"
                .into(),
        ),
    }
}

/// A starting point for learners without a certificate; sent only once a course sets one. It
/// goes to learners who will never be eligible too (a final grade below the mark, a certificate
/// revoked by staff), so the link promises no certificate: the page says whether one can be had.
pub fn built_in_uncertified() -> MessageTemplate {
    let body = " Your grade is {{ grade.percent }}%{% if grade.status == \"provisional\" %}, not final yet{% endif %}.
{%- if link %}

Your own page shows where you stand, and whether you can ask for a certificate:
{{ link }}
{%- endif %}

";
    MessageTemplate {
        subject: "Thank you for taking {{ course.title }}".into(),
        text: [GREETING, body, SIGN_OFF].concat(),
        html: None,
    }
}

/// The certificate a learner was mailed before the one a message carries replaced it: what
/// the message's `replaces` names (`none` when there is none).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Replaced {
    pub code: String,
    /// The day it was sent, as an ISO date (`2026-11-23`).
    pub sent_on: String,
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
    pub(super) part: &'static str,
    pub(super) line: Option<usize>,
    pub(super) what: String,
}

impl Problem {
    fn new(part: &'static str, error: &minijinja::Error) -> Problem {
        let detail = error.detail().map(|detail| format!(": {detail}")).unwrap_or_default();
        Problem { part, line: error.line(), what: format!("{}{detail}", error.kind()) }
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
        self.render_replacing(data, link, None)
    }

    /// The message for `data` whose certificate replaces the one `replaces` names.
    pub fn render_replacing(
        &self,
        data: &RenderData,
        link: &str,
        replaces: Option<&Replaced>,
    ) -> Result<Rendered, Problem> {
        let values = self.values(data, link, replaces);
        let part = |name: &'static str| self.part(name, &values);
        let subject = one_line(&part("subject")?);
        // Long words and links wrap on a phone, in the course's own message as in the built-in one.
        let html = if self.has_html { Some(super::html::for_phones(&part("html")?)) } else { None };
        Ok(Rendered { subject, text: part("text")?, html })
    }

    /// Only the subject, as [`Renderer::render`] makes it.
    pub fn subject(&self, data: &RenderData, link: &str) -> Result<String, Problem> {
        Ok(one_line(&self.part("subject", &self.values(data, link, None))?))
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
    fn values(&self, data: &RenderData, link: &str, replaces: Option<&Replaced>) -> Value {
        match self.audience {
            Audience::Certified => context! { link, replaces => Serde(replaces), ..Value::from(Serde(data)) },
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
pub(super) const EXAMPLE_LINK: &str = "https://certificates.example.org/learner/EXAMPLE";

/// Checks a message on example data, as a template is checked before it is saved.
pub fn check(message: &MessageTemplate, audience: Audience) -> Result<(), Problem> {
    let renderer = Renderer::new(message, audience)?;
    let rendered = renderer.render(&RenderData::example("verified"), EXAMPLE_LINK)?;
    renderer.render(&RenderData::example("honor"), "")?;
    if audience == Audience::Certified {
        // A learner mailed an earlier certificate: the message may say which it replaces.
        let replaced =
            renderer.render_replacing(&RenderData::example("verified"), EXAMPLE_LINK, Some(&example_replaced()))?;
        subject_fits(&replaced.subject, "the example learner")?;
    }
    subject_fits(&rendered.subject, "the example learner")
}

/// An earlier certificate, for checks and tests.
pub(super) fn example_replaced() -> Replaced {
    Replaced { code: "PND3-TKL4-NSMB".into(), sent_on: "2026-11-23".into() }
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
#[path = "message_tests.rs"]
mod tests;
