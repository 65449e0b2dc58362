//! The editor's preview: the page laid out on the worst-case name chosen (`preview_names`),
//! rasterized into the room the preview has.

use super::TemplateEditor;
use crate::domain::counted;
use crate::render::data::RenderData;
use crate::render::layout::{Renderer, TextFit};
use crate::render::template::Template;
use crate::tui::renderer::PictureSize;

impl TemplateEditor {
    /// Lays the page out again on the name just chosen, without checking the text again:
    /// one name's layout, as fast as the preview after a keystroke.
    pub(super) fn preview_chosen_name(&mut self) {
        // Text typed and not yet previewed is checked and previewed with it.
        if self.edited_at.is_some() {
            self.refresh();
        } else {
            let source = self.text();
            self.preview_text(&source);
        }
    }

    /// Lays `source` out on the chosen name and draws it.
    pub(super) fn preview_text(&mut self, source: &str) {
        match self.lay_out(source) {
            Ok((page, fits)) => {
                self.fits = fits;
                self.page = Some(page);
                self.page_name = self.preview_names.chosen();
                self.preview_error = None;
                self.draw_preview();
            }
            // The last page that rendered stays in view, smaller under the error, to compare
            // with while the error is fixed; its fits were of that text, not this one.
            Err(error) => {
                self.fits.clear();
                self.preview_error = Some(error);
                self.draw_preview();
            }
        }
    }

    fn lay_out(&self, source: &str) -> Result<(crate::render::Page, Vec<TextFit>), String> {
        // The errors themselves are listed under the editor, each with its line.
        let template = Template::parse(source).map_err(|errors| match errors.0.as_slice() {
            [one] => format!("no preview: {one}"),
            // Not "below": with the preview full screen (Ctrl-T) the list is not in view.
            all => format!(
                "no preview until the {} listed under the text are fixed",
                counted(all.len(), "error", "errors")
            ),
        })?;
        let renderer = Renderer::new(template, &self.printer.fonts, &self.printer.images).map_err(|e| e.to_string())?;
        let mut data = self.course.clone().unwrap_or_else(|| RenderData::example("verified"));
        data.certificate.mode = "verified".to_string();
        data.certificate.mode_label = crate::render::data::mode_label("verified");
        if let Some(chosen) = self.preview_names.get(self.preview_names.chosen()) {
            data.learner.full_name = chosen.name.clone();
        }
        let (page, _, fits) = renderer.render_page_fits(&data).map_err(|error| format!("no preview: {error}"))?;
        Ok((page, fits))
    }

    /// Rasterizes the last page into the preview's room.
    pub(super) fn draw_preview(&mut self) {
        let (Some(page), (cols, rows)) = (&self.page, self.preview_size) else { return };
        // The note above the picture (the error of a text with no preview) takes its rows.
        let rows = rows.saturating_sub(u16::try_from(self.preview_note(cols).len()).unwrap_or(u16::MAX));
        if cols == 0 || rows == 0 {
            self.preview = None;
            return;
        }
        let size = PictureSize { cols, rows, cell_px: self.graphics.raster_cell_px() };
        match self.previewer.picture(page, size) {
            Ok(picture) => self.preview = Some(picture),
            Err(error) => {
                self.preview = None;
                self.page = None;
                self.preview_error = Some(error.to_string());
            }
        }
    }
}
