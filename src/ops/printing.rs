//! Turning certificate records into pages: the data a template sees, the fonts and images,
//! and one parsed template per revision, shared by export, preview and the examples.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::{OpsError, Result};
use crate::domain::{Certificate, Course, CourseSettings, Mode, Percent, TemplateRef};
use crate::render::data::{CertificateData, CourseData, GradeData, LearnerData, RenderData, Signatory, mode_label};
use crate::render::layout::{Diagnostic, Renderer, Severity};
use crate::render::template::Template;
use crate::render::{FontBook, Image, ImageSet, Page};
use crate::store::Store;

/// Fonts, images and parsed templates for one session; cheap to share between threads.
pub struct Printer {
    pub fonts: FontBook,
    pub images: ImageSet,
    renderers: Mutex<HashMap<TemplateRef, Arc<Renderer>>>,
}

impl Printer {
    /// The embedded fonts, plus every font of `extra_fonts`, and the database's images.
    pub fn new(store: &Store, extra_fonts: Option<&Path>) -> Result<Printer> {
        Printer::with_fonts(store, font_book(extra_fonts)?)
    }

    /// `fonts` and the database's images as they are now.
    pub fn with_fonts(store: &Store, fonts: FontBook) -> Result<Printer> {
        let mut images = ImageSet::new();
        for stored in store.images()? {
            let image = Image::decode(&stored.bytes)
                .map_err(|error| OpsError::Refused(format!("image '{}' in the database: {error}", stored.name)))?;
            images.insert(stored.name, image);
        }
        Ok(Printer { fonts, images, renderers: Mutex::new(HashMap::new()) })
    }

    /// The renderer of one template revision, parsed once per session.
    pub fn renderer(&self, store: &Store, template: &TemplateRef) -> Result<Arc<Renderer>> {
        let mut renderers = self.renderers.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(renderer) = renderers.get(template) {
            return Ok(renderer.clone());
        }
        let revision = store
            .template_revision(&template.name, template.revision)?
            .ok_or_else(|| OpsError::Refused(format!("template {template} is not in the database")))?;
        let parsed = Template::parse(&revision.source)
            .map_err(|errors| OpsError::Refused(format!("template {template} does not parse: {errors}")))?;
        let renderer = Arc::new(
            Renderer::new(parsed, &self.fonts, &self.images)
                .map_err(|error| OpsError::Refused(format!("template {template}: {error}")))?,
        );
        renderers.insert(template.clone(), renderer.clone());
        Ok(renderer)
    }

    /// Lays out one page; returns it with its problems (overflow, missing characters).
    pub fn page(&self, store: &Store, template: &TemplateRef, data: &RenderData) -> Result<(Page, Vec<Diagnostic>)> {
        let renderer = self.renderer(store, template)?;
        renderer.render_page(data).map_err(|error| OpsError::Refused(format!("template {template}: {error}")))
    }

    /// Lays out a certificate's page, refused as `export` refuses it when it cannot be printed
    /// as its template says (a character no font has, text overflowing its box): what goes to
    /// a learner must never show boxes for their name.
    pub fn certificate_page(&self, store: &Store, template: &TemplateRef, data: &RenderData) -> Result<Page> {
        let (page, diagnostics) = self.page(store, template, data)?;
        match first_error(template, &diagnostics) {
            None => Ok(page),
            Some(problem) => {
                let advice =
                    if problem.lacks_font { format!("; {FONT_ADVICE} (as when it was issued)") } else { String::new() };
                Err(OpsError::Refused(format!("the certificate cannot be printed: {problem}{advice}")))
            }
        }
    }
}

/// Said after a problem that `lacks_font`. An issued certificate's name was printed when it
/// was issued, most often with a `--fonts` that is not given now; the template line a problem
/// names is where the name goes, not what is wrong.
pub const FONT_ADVICE: &str = "give certdesk a font that has it with --fonts DIR";

/// Why a page cannot be printed: its first error, as one sentence with its template position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintProblem {
    pub text: String,
    /// The problem is a character no font has: given a font that has it, the page prints.
    pub lacks_font: bool,
}

impl std::fmt::Display for PrintProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// The embedded fonts plus every font of `extra_fonts` (`--fonts DIR`).
pub fn font_book(extra_fonts: Option<&Path>) -> Result<FontBook> {
    let mut fonts = FontBook::new();
    if let Some(dir) = extra_fonts {
        fonts.add_dir(dir).map_err(|error| OpsError::Refused(format!("--fonts {}: {error}", dir.display())))?;
    }
    Ok(fonts)
}

/// The first error among `diagnostics`.
pub fn first_error(template: &TemplateRef, diagnostics: &[Diagnostic]) -> Option<PrintProblem> {
    diagnostics.iter().find(|diagnostic| diagnostic.severity == Severity::Error).map(|diagnostic| {
        let text = match diagnostic.line {
            0 => diagnostic.at(template),
            _ => format!("{template} line {diagnostic}"),
        };
        PrintProblem { text, lacks_font: diagnostic.missing.is_some() }
    })
}

/// What the template of a certificate sees: the snapshot, plus the course's institution,
/// dates and signatories and the verification URL of the course settings.
pub fn certificate_data(
    certificate: &Certificate,
    course: &Course,
    settings: &CourseSettings,
    email: &str,
) -> RenderData {
    let snapshot = &certificate.snapshot;
    RenderData {
        learner: LearnerData {
            full_name: neutral(&snapshot.full_name),
            username: certificate.username.clone(),
            email: email.to_string(),
        },
        course: course_data(course, &snapshot.course_title),
        grade: GradeData {
            percent: snapshot.percent.decimal(),
            letter: snapshot.letter.clone().unwrap_or_default(),
            status: snapshot.grade_status.to_string(),
        },
        certificate: CertificateData {
            code: certificate.code.to_string(),
            issued_on: snapshot.issued_at.strftime("%Y-%m-%d").to_string(),
            mode: snapshot.mode.to_string(),
            mode_label: mode_label(snapshot.mode.as_str()),
            verify_url: settings.verify_url(certificate.code),
        },
        signatories: signatories(course),
    }
}

/// What a message to a learner without a certificate sees: their name, address and grade now,
/// the course; the certificate's fields are empty.
pub fn learner_data(
    course: &Course,
    enrollment: &crate::domain::Enrollment,
    grade: &crate::domain::Grade,
) -> RenderData {
    RenderData {
        learner: LearnerData {
            full_name: neutral(&enrollment.full_name),
            username: enrollment.username.clone(),
            email: enrollment.email.clone(),
        },
        course: course_data(course, &course.title),
        grade: GradeData {
            percent: grade.percent.decimal(),
            letter: course.letter_for(grade.percent).unwrap_or("").to_string(),
            status: grade.status.to_string(),
        },
        certificate: CertificateData::default(),
        signatories: signatories(course),
    }
}

/// The data of an example certificate for `full_name` at `percent` in `mode`.
pub fn example_data(
    course: &Course,
    settings: &CourseSettings,
    full_name: &str,
    mode: Mode,
    percent: Percent,
    today: jiff::Timestamp,
) -> RenderData {
    let code = crate::domain::Code::EXAMPLE;
    RenderData {
        learner: LearnerData {
            full_name: neutral(full_name),
            username: "example".to_string(),
            email: "example@example.org".to_string(),
        },
        course: course_data(course, &course.title),
        grade: GradeData {
            percent: percent.decimal(),
            letter: course.letter_for(percent).unwrap_or("").to_string(),
            status: "final".to_string(),
        },
        certificate: CertificateData {
            code: code.to_string(),
            issued_on: today.strftime("%Y-%m-%d").to_string(),
            mode: mode.to_string(),
            mode_label: mode_label(mode.as_str()),
            verify_url: settings.verify_url(code),
        },
        signatories: signatories(course),
    }
}

/// A name as data: without the bidi embeddings, overrides and isolates that a name imported
/// before certdesk refused them could carry, so it cannot reorder the line it is printed in.
pub fn neutral(name: &str) -> String {
    name.chars().filter(|&c| !crate::domain::name::is_bidi_control(c)).collect()
}

fn course_data(course: &Course, title: &str) -> CourseData {
    let day = |at: Option<jiff::Timestamp>| at.map(|at| at.strftime("%Y-%m-%d").to_string()).unwrap_or_default();
    CourseData {
        id: course.id.clone(),
        title: title.to_string(),
        institution: course.institution.clone(),
        starts: day(course.starts),
        ends: day(course.ends),
    }
}

fn signatories(course: &Course) -> Vec<Signatory> {
    course.signatories.iter().map(|s| Signatory { name: s.name.clone(), title: s.title.clone() }).collect()
}
