//! The TUI's renderer: the same printing service as `certdesk export`, so what staff see in
//! the terminal is what the PDF prints.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;

use super::preview::PagePreviewer;
use super::renderer::{HalfBlocks, Renderer, Subject};
use crate::domain::{Certificate, Course, CourseSettings, Percent, TemplateRef};
use crate::ops::{self, Printer, Progress};
use crate::render::Page;
use crate::render::pdf::{DocInfo, PdfDocument};
use crate::render::raster::Rasterizer;
use crate::store::Store;

pub struct StoreRenderer {
    store: Arc<Store>,
    printer: Printer,
    previewer: PagePreviewer,
}

impl StoreRenderer {
    pub fn new(store: Arc<Store>, fonts: Option<&Path>) -> anyhow::Result<StoreRenderer> {
        let printer = Printer::new(&store, fonts)?;
        let previewer = PagePreviewer::new(Rasterizer::new(printer.fonts.clone(), printer.images.clone()));
        Ok(StoreRenderer { store, printer, previewer })
    }

    fn certificate_page(
        &self,
        course: &Course,
        settings: &CourseSettings,
        certificate: &Certificate,
    ) -> anyhow::Result<Page> {
        let email = self
            .store
            .enrollment(&course.id, &certificate.username)?
            .map(|enrollment| enrollment.email)
            .unwrap_or_default();
        let data = ops::certificate_data(certificate, course, settings, &email);
        Ok(self.printer.page(&self.store, &certificate.snapshot.template, &data)?.0)
    }

    fn subject_page(&self, course: &Course, settings: &CourseSettings, subject: &Subject) -> anyhow::Result<Page> {
        match subject {
            Subject::Certificate(certificate) => self.certificate_page(course, settings, certificate),
            Subject::Example(example) => {
                let template = parse_template_ref(&example.template)?;
                let percent = Percent::from_tenths(example.percent_tenths).unwrap_or(Percent::ZERO);
                let now = jiff::Timestamp::now();
                let data = ops::example_data(course, settings, &example.full_name, example.mode, percent, now);
                Ok(self.printer.page(&self.store, &template, &data)?.0)
            }
        }
    }
}

/// `honor@3` → the template reference.
fn parse_template_ref(text: &str) -> anyhow::Result<TemplateRef> {
    let (name, revision) = text.rsplit_once('@').with_context(|| format!("'{text}' names no template revision"))?;
    Ok(TemplateRef {
        name: name.to_string(),
        revision: revision.parse().with_context(|| format!("revision of '{text}'"))?,
    })
}

impl Renderer for StoreRenderer {
    fn export_pdf(
        &self,
        course: &Course,
        settings: &CourseSettings,
        certificates: &[Certificate],
        path: &Path,
        progress: &mut dyn Progress,
    ) -> anyhow::Result<usize> {
        anyhow::ensure!(!certificates.is_empty(), "there are no certificates to export");
        let info = DocInfo {
            title: format!("{}: certificates", course.title),
            author: course.institution.clone(),
            date: None,
        };
        let mut document = PdfDocument::new(&self.printer.fonts, &self.printer.images, info);
        progress.step(0, certificates.len());
        for (index, certificate) in certificates.iter().enumerate() {
            anyhow::ensure!(!progress.cancelled(), "export cancelled; nothing was written");
            document.add_page(&self.certificate_page(course, settings, certificate)?)?;
            if index % 64 == 63 {
                progress.step(index + 1, certificates.len());
            }
        }
        ops::write_atomically(path, &document.finish()?)?;
        progress.step(certificates.len(), certificates.len());
        Ok(certificates.len())
    }

    fn preview(
        &self,
        course: &Course,
        settings: &CourseSettings,
        subject: &Subject,
        max_width_cells: u16,
        max_height_cells: u16,
    ) -> anyhow::Result<HalfBlocks> {
        let page = self.subject_page(course, settings, subject)?;
        self.previewer.half_blocks(&page, max_width_cells, max_height_cells)
    }
}
