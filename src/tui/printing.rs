//! The TUI's renderer: the same printing service as `certdesk export`, so what staff see in
//! the terminal is what the PDF prints.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;

use super::preview::PagePreviewer;
use super::renderer::{Picture, PictureSize, Renderer, Subject};
use crate::domain::{Code, Example, Percent, TemplateRef};
use crate::ops::{self, CourseState, ExportOptions, Exported, Printer, Progress};
use crate::render::layout::TextFit;
use crate::render::{Page, Rasterizer};
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
}

impl StoreRenderer {
    /// An example certificate laid out as `certdesk examples` made it, dated today.
    fn example_page(&self, state: &CourseState, example: &Example) -> anyhow::Result<(Page, Vec<TextFit>)> {
        let template = parse_template_ref(&example.template)?;
        let percent = Percent::from_tenths(example.percent_tenths).unwrap_or(Percent::ZERO);
        let data = ops::example_data(
            &state.course,
            &state.settings,
            &example.full_name,
            example.mode,
            percent,
            jiff::Timestamp::now(),
        );
        let renderer = self.printer.renderer(&self.store, &template)?;
        let (page, _, fits) = renderer.render_page_fits(&data)?;
        Ok((page, fits))
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
    fn printer(&self) -> &Printer {
        &self.printer
    }

    fn export_pdf(&self, state: &CourseState, path: &Path, progress: &mut dyn Progress) -> anyhow::Result<Exported> {
        let options = ExportOptions::default();
        Ok(ops::export_pdf(&self.store, &self.printer, state, &options, path, progress)?)
    }

    fn certificate_pdf(&self, state: &CourseState, code: Code, path: &Path) -> anyhow::Result<bool> {
        let (page, entry) = ops::certificate_page(&self.store, &self.printer, state, code)?;
        let title = ops::certificate_title(state, &entry.certificate);
        let pdf = ops::certificate_pdf(&self.store, &self.printer, state, &title, &page, &entry.certificate)?;
        ops::write_atomically(path, &pdf)?;
        Ok(ops::signed_with_retired(&self.store, &[code])? > 0)
    }

    fn preview(&self, state: &CourseState, subject: &Subject, size: PictureSize) -> anyhow::Result<Picture> {
        let page = match subject {
            Subject::Certificate(code) => ops::certificate_page(&self.store, &self.printer, state, *code)?.0,
            Subject::Example(example) => self.example_page(state, example)?.0,
        };
        self.previewer.picture(&page, size)
    }

    fn example_fits(&self, state: &CourseState, example: &Example) -> Vec<TextFit> {
        self.example_page(state, example).map(|(_, fits)| fits).unwrap_or_default()
    }
}
