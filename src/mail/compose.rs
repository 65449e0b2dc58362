//! One message for one learner: the farewell rendered with their data, their certificate as a
//! PDF attachment (printed from its own snapshot and template revision, as `export` prints it),
//! and a Message-ID of certdesk's own, recorded with the delivery.

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use super::message::{Audience, MAX_SUBJECT_CHARS, Renderer, Replaced};
use crate::domain::{Farewell, LedgerEntry, MessageTemplate};
use crate::ops::{self, CourseState, Printer, Standing};
use crate::store::Store;

/// A message ready to send.
pub struct Composed {
    pub message: Message,
    pub message_id: String,
}

/// Composes a course's messages; the templates are compiled once.
pub struct Composer<'a> {
    store: &'a Store,
    printer: &'a Printer,
    state: &'a CourseState,
    from: Mailbox,
    /// The domain of the sender's address, for Message-IDs.
    domain: String,
    certified: Renderer,
    uncertified: Option<Renderer>,
}

impl<'a> Composer<'a> {
    pub fn new(
        store: &'a Store,
        printer: &'a Printer,
        state: &'a CourseState,
        farewell: &Farewell,
        from: &str,
    ) -> Result<Composer<'a>, String> {
        let from: Mailbox = super::smtp::sender(from)?;
        let domain = from.email.domain().to_string();
        let compile = |message: &MessageTemplate, audience: Audience| {
            let which = if audience == Audience::Certified { "certified" } else { "uncertified" };
            Renderer::new(message, audience).map_err(|error| format!("the {which} farewell message: {error}"))
        };
        Ok(Composer {
            store,
            printer,
            state,
            from,
            domain,
            certified: compile(&farewell.certified, Audience::Certified)?,
            uncertified: farewell
                .uncertified
                .as_ref()
                .map(|message| compile(message, Audience::Uncertified))
                .transpose()?,
        })
    }

    /// The message to `standing` about `entry` (their certificate) or, without one, the
    /// uncertified farewell. `link` is the learner's own page, or empty; `replaces` the
    /// certificate mailed to them before, which `entry`'s replaced.
    pub fn compose(
        &self,
        standing: &Standing,
        entry: Option<&LedgerEntry>,
        link: &str,
        replaces: Option<&Replaced>,
    ) -> Result<Composed, String> {
        let enrollment = &standing.enrollment;
        let to = Mailbox::new(Some(ops::neutral(&enrollment.full_name)), super::smtp::recipient(&enrollment.email)?);
        let (rendered, attachment) = match entry {
            Some(entry) => {
                let certificate = &entry.certificate;
                let data =
                    ops::certificate_data(certificate, &self.state.course, &self.state.settings, &enrollment.email);
                let rendered = self.certified.render_replacing(&data, link, replaces)?;
                let pdf = self.pdf(entry, &data).map_err(|error| error.to_string())?;
                let name = format!("certificate-{}.pdf", certificate.code);
                let pdf_type = ContentType::parse("application/pdf").map_err(|error| error.to_string())?;
                (rendered, Some(Attachment::new(name).body(pdf, pdf_type)))
            }
            None => {
                let renderer =
                    self.uncertified.as_ref().ok_or("the course sends nothing to learners without a certificate")?;
                let data = ops::learner_data(&self.state.course, enrollment, &standing.grade);
                (renderer.render(&data, link)?, None)
            }
        };
        // The farewell's subject was checked against the roster when it was set; a learner
        // added or renamed since may still make it too long for mail servers.
        let length = rendered.subject.chars().count();
        if length > MAX_SUBJECT_CHARS {
            return Err(format!(
                "the subject comes to {length} characters for this learner, and mail servers refuse subjects over {MAX_SUBJECT_CHARS}: shorten the farewell's subject (certdesk farewell {} --set FILE)",
                self.state.course.id
            ));
        }
        let mut random = [0u8; 8];
        getrandom::fill(&mut random).map_err(|error| error.to_string())?;
        let random = crate::domain::hex(&random);
        let about =
            entry.map_or_else(|| format!("farewell.{}", enrollment.username), |e| e.certificate.code.to_string());
        let message_id = format!("<certdesk.{about}.{random}@{}>", self.domain);
        let body = match rendered.html {
            Some(html) => MultiPart::alternative_plain_html(rendered.text, html),
            None => MultiPart::mixed().singlepart(SinglePart::plain(rendered.text)),
        };
        let body = match attachment {
            Some(attachment) => MultiPart::mixed().multipart(body).singlepart(attachment),
            None => body,
        };
        let builder = Message::builder().from(self.from.clone()).to(to);
        let builder = match super::subject::header(&rendered.subject) {
            Some(header) => builder.raw_header(header),
            None => builder.subject(rendered.subject),
        };
        let message = builder
            .message_id(Some(message_id.clone()))
            .multipart(body)
            .map_err(|error| format!("the message cannot be made: {error}"))?;
        Ok(Composed { message, message_id })
    }

    /// The certificate as issued: its snapshot printed with its own template revision.
    fn pdf(&self, entry: &LedgerEntry, data: &crate::render::data::RenderData) -> ops::Result<Vec<u8>> {
        let page = self.printer.certificate_page(self.store, &entry.certificate.snapshot.template, data)?;
        let title = ops::certificate_title(self.state, &entry.certificate);
        ops::certificate_pdf(self.store, self.printer, self.state, &title, &page, &entry.certificate)
    }
}
