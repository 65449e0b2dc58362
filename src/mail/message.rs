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
    let body = " Your grade is {{ grade.percent }}%.
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
mod tests {
    use super::*;

    #[test]
    fn the_built_in_messages_render() {
        for (message, audience) in
            [(built_in_certified(), Audience::Certified), (built_in_uncertified(), Audience::Uncertified)]
        {
            check(&message, audience).expect("the built-in message checks");
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
    fn a_message_may_name_the_certificate_it_replaces_only_where_there_is_one() {
        let guarded = MessageTemplate {
            subject: "Hi".into(),
            text: "{% if replaces %}Replaces {{ replaces.code }} of {{ replaces.sent_on }}.{% endif %}\n".into(),
            html: None,
        };
        assert!(check(&guarded, Audience::Certified).is_ok());
        let renderer = Renderer::new(&guarded, Audience::Certified).unwrap();
        let data = RenderData::example("honor");
        let replacing = renderer.render_replacing(&data, "", Some(&example_replaced())).unwrap();
        assert_eq!(replacing.text, "Replaces PND3-TKL4-NSMB of 2026-11-23.");
        assert_eq!(renderer.render(&data, "").unwrap().text, "");
        // A first message has no earlier certificate: naming one unguarded fails the check.
        let unguarded = MessageTemplate { text: "Replaces {{ replaces.code }}.\n".into(), ..guarded };
        assert!(check(&unguarded, Audience::Certified).is_err());
        assert!(check(&unguarded, Audience::Uncertified).is_err());
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
    fn names_in_the_built_in_html_keep_their_own_direction() {
        // An Arabic name that ends in a bracket would, left to the paragraph's direction, carry
        // the comma after it into the name and show the bracket on the wrong side.
        let mut data = RenderData::example("honor");
        data.learner.full_name = "(\u{645}\u{62d}\u{645}\u{62f})".to_string();
        data.course.title = "\u{5e7}\u{5d5}\u{5e8}\u{5e1} 101".to_string();
        let html = Renderer::new(&built_in_certified(), Audience::Certified).unwrap().render(&data, "").unwrap().html;
        let html = html.unwrap();
        assert!(html.contains("<p>Dear <bdi>(\u{645}\u{62d}\u{645}\u{62f})</bdi>,</p>"), "{html}");
        assert!(html.contains("<strong><bdi>\u{5e7}\u{5d5}\u{5e8}\u{5e1} 101</bdi></strong>"), "{html}");
        assert!(html.contains("<bdi>Gandalf the Grey</bdi>, <bdi>Course Director</bdi><br>"), "{html}");
    }

    #[test]
    fn the_built_in_message_is_signed_by_someone_whatever_the_course_names() {
        let renderer = Renderer::new(&built_in_certified(), Audience::Certified).unwrap();
        let mut data = RenderData::example("honor");
        let signed = renderer.render(&data, "").unwrap();
        assert!(
            signed.text.ends_with(
                "With our best wishes,\nGandalf the Grey, Course Director\nElrond Half-elven, Dean of Lore\n"
            ),
            "{}",
            signed.text
        );
        // A course.toml signatory may have no title: no comma is left hanging after the name.
        data.signatories.truncate(1);
        data.signatories[0].title.clear();
        let untitled = renderer.render(&data, "").unwrap();
        assert!(untitled.text.ends_with("With our best wishes,\nGandalf the Grey\n"), "{}", untitled.text);
        assert!(untitled.html.unwrap().contains("With our best wishes,<br>\n<bdi>Gandalf the Grey</bdi><br>\n</p>"));
        // A course that names no signatory: the message is still signed.
        data.signatories.clear();
        let unsigned = renderer.render(&data, "").unwrap();
        assert!(unsigned.text.ends_with("With our best wishes,\nThe course team\n"), "{}", unsigned.text);
        assert!(unsigned.html.unwrap().contains("With our best wishes,<br>\nThe course team\n</p>"));
        let farewell = Renderer::new(&built_in_uncertified(), Audience::Uncertified).unwrap();
        assert!(farewell.render(&data, "").unwrap().text.ends_with("With our best wishes,\nThe course team\n"));
    }

    /// The farewell without a certificate also reaches learners who can never ask for one (a
    /// final grade below the mark, a certificate revoked by staff): it said their page "lets you
    /// ask for your certificate once you are eligible", which their page then never did.
    #[test]
    fn the_farewell_without_a_certificate_promises_none() {
        let renderer = Renderer::new(&built_in_uncertified(), Audience::Uncertified).unwrap();
        let text = renderer.render(&RenderData::example("honor"), "https://x.example/learner/T").unwrap().text;
        assert!(
            text.contains("Your own page shows where you stand, and whether you can ask for a certificate:\nhttps://x.example/learner/T\n"),
            "{text}"
        );
        assert!(!text.contains("your certificate"), "{text}");
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
        let html = rendered.html.unwrap();
        assert!(html.ends_with("\"><p>Tom &lt;Bombadil&gt; &amp; &quot;Goldberry&quot;</p></div>"), "{html}");
        assert_eq!(rendered.subject, "For Tom <Bombadil> & \"Goldberry\"");
    }

    #[test]
    fn the_links_of_a_courses_own_html_wrap_on_a_phone() {
        let message = MessageTemplate {
            subject: "Hi".into(),
            text: "{{ link }}\n".into(),
            html: Some("<p>Your page: <a href=\"{{ link }}\">{{ link }}</a></p>".into()),
        };
        let link = format!("https://certs.example.org/learner/{}", "3f".repeat(20));
        let rendered =
            Renderer::new(&message, Audience::Certified).unwrap().render(&RenderData::example("honor"), &link);
        let html = rendered.unwrap().html.unwrap().replace("&#x2f;", "/");
        // The link inherits the wrapping of the container the content is put in.
        let container = "<div style=\"word-wrap: break-word; overflow-wrap: anywhere\">";
        assert_eq!(html, format!("{container}<p>Your page: <a href=\"{link}\">{link}</a></p></div>"));
    }

    #[test]
    fn a_misspelt_name_or_an_unclosed_tag_is_refused_saying_where() {
        let misspelt =
            MessageTemplate { subject: "Hi".into(), text: "Dear {{ learner.fullname }}\n".into(), html: None };
        let problem = check(&misspelt, Audience::Certified).expect_err("learner.fullname does not exist");
        assert!(problem.to_string().starts_with("the text line 1:"), "{problem}");
        let unclosed = MessageTemplate { subject: "{% if x %}".into(), text: "x\n".into(), html: None };
        assert!(check(&unclosed, Audience::Certified).expect_err("unclosed").to_string().starts_with("the subject"));
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
}
