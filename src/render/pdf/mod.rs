//! The PDF back end: many pages into one deterministic document, with fonts subsetted once,
//! images embedded once and each fixed layer written once as a form XObject.

mod content;
mod deflate;
mod fonts;

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Settings, TextStr};

use self::content::ContentWriter;
use self::deflate::{PageDeflater, zlib};
use self::fonts::{FontRefs, FontUsage};
use super::error::{RenderError, Result};
use super::fonts::{Face, FaceId, FontBook};
use super::image::{ImageSet, Source};
use super::page::{Layer, Page, Rgb};

/// Document information. Nothing is taken from the clock: pass a date to have one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocInfo {
    pub title: String,
    /// The institution.
    pub author: String,
    /// Written as both creation and modification date: (year, month, day).
    pub date: Option<(u16, u8, u8)>,
}

/// How streams are written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PdfOptions {
    /// Compress page and form content streams (fonts and images are always compressed).
    /// Turn off for diffable golden files: the streams are then text with glyph codes in hex.
    pub compress: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions { compress: true }
    }
}

impl PdfOptions {
    /// Uncompressed and readable, for golden files and debugging.
    pub fn debug() -> PdfOptions {
        PdfOptions { compress: false }
    }
}

/// The document's shared resources, referenced by every page and form.
pub(crate) struct Resources<'a> {
    book: &'a FontBook,
    images: &'a ImageSet,
    next_ref: Ref,
    fonts: Vec<FontUsage>,
    font_of_face: Vec<Option<u32>>,
    image_refs: Vec<(String, Ref)>,
    image_of_name: HashMap<String, u32>,
}

impl<'a> Resources<'a> {
    /// The resource index of a face's font (registered on first use) and the face itself.
    fn font(&mut self, id: FaceId) -> Result<(u32, &'a Face)> {
        let face = self.book.face(id)?;
        if self.font_of_face.len() <= id.0 as usize {
            self.font_of_face.resize(id.0 as usize + 1, None);
        }
        if let Some(index) = self.font_of_face[id.0 as usize] {
            return Ok((index, face));
        }
        let index = self.fonts.len() as u32;
        self.fonts.push(FontUsage::new(id, face, FontRefs::allocate(&mut self.next_ref)));
        self.font_of_face[id.0 as usize] = Some(index);
        Ok((index, face))
    }

    fn image(&mut self, name: &str) -> Result<u32> {
        if let Some(&index) = self.image_of_name.get(name) {
            return Ok(index);
        }
        if self.images.get(name).is_none() {
            return Err(RenderError::MissingImage(name.to_owned()));
        }
        let index = self.image_refs.len() as u32;
        self.image_refs.push((name.to_owned(), self.next_ref.bump()));
        self.image_of_name.insert(name.to_owned(), index);
        Ok(index)
    }
}

/// A fixed layer already written as a form XObject.
struct Form {
    layer: Arc<Layer>,
    fingerprint: u64,
    size: (u32, u32),
    background: Option<Rgb>,
    index: u32,
}

/// Builds one PDF from many pages: `new`, `add_page` for each page, then `finish`.
pub struct PdfDocument<'a> {
    pdf: Pdf,
    res: Resources<'a>,
    info: DocInfo,
    options: PdfOptions,
    catalog: Ref,
    tree: Ref,
    shared_resources: Ref,
    info_ref: Ref,
    pages: Vec<Ref>,
    media_box: Option<(f32, f32)>,
    forms: Vec<Form>,
    form_refs: Vec<Ref>,
    last_form: Option<usize>,
    writer: ContentWriter,
    page_deflater: PageDeflater,
    packed: Vec<u8>,
}

impl<'a> PdfDocument<'a> {
    pub fn new(book: &'a FontBook, images: &'a ImageSet, info: DocInfo) -> PdfDocument<'a> {
        PdfDocument::with_options(book, images, info, PdfOptions::default())
    }

    pub fn with_options(book: &'a FontBook, images: &'a ImageSet, info: DocInfo, options: PdfOptions) -> Self {
        let mut next_ref = Ref::new(1);
        let (catalog, tree, shared_resources, info_ref) =
            (next_ref.bump(), next_ref.bump(), next_ref.bump(), next_ref.bump());
        let settings = Settings { pretty: !options.compress };
        PdfDocument {
            pdf: Pdf::with_settings_and_capacity(settings, 64 * 1024),
            res: Resources {
                book,
                images,
                next_ref,
                fonts: Vec::new(),
                font_of_face: Vec::new(),
                image_refs: Vec::new(),
                image_of_name: HashMap::new(),
            },
            info,
            options,
            catalog,
            tree,
            shared_resources,
            info_ref,
            pages: Vec::new(),
            media_box: None,
            forms: Vec::new(),
            form_refs: Vec::new(),
            last_form: None,
            writer: ContentWriter::new(0.0, !options.compress),
            page_deflater: PageDeflater::new(),
            packed: Vec::new(),
        }
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Writes a page. Glyph ids are remapped now; fonts are subsetted in `finish`.
    pub fn add_page(&mut self, page: &Page) -> Result<()> {
        if !(page.width_pt > 0.0 && page.height_pt > 0.0 && page.width_pt < 14_400.0 && page.height_pt < 14_400.0) {
            return Err(RenderError::InvalidPage(format!("page size {} x {} pt", page.width_pt, page.height_pt)));
        }
        let form = self.fixed_form(page)?;
        self.writer.reset(page.height_pt);
        match form {
            Some(index) => self.writer.draw_form(index),
            None => {
                if let Some(color) = page.background {
                    self.writer.background(color, page.width_pt);
                }
            }
        }
        self.writer.layer(&page.variable, &mut self.res)?;

        let page_ref = self.res.next_ref.bump();
        let content_ref = self.res.next_ref.bump();
        self.write_stream(content_ref, false);
        let size = (page.width_pt, page.height_pt);
        let media_box = *self.media_box.get_or_insert(size);
        let mut page_writer = self.pdf.page(page_ref);
        page_writer.parent(self.tree).contents(content_ref).pair(Name(b"Resources"), self.shared_resources);
        if media_box != size {
            page_writer.media_box(Rect::new(0.0, 0.0, size.0, size.1));
        }
        page_writer.finish();
        self.pages.push(page_ref);
        Ok(())
    }

    /// The form drawing the page's fixed layer and background, written on first use.
    fn fixed_form(&mut self, page: &Page) -> Result<Option<u32>> {
        if page.fixed.items.is_empty() && page.background.is_none() {
            return Ok(None);
        }
        let size = (page.width_pt.to_bits(), page.height_pt.to_bits());
        let matches = |form: &Form, fingerprint: Option<u64>| {
            form.size == size
                && form.background == page.background
                && (Arc::ptr_eq(&form.layer, &page.fixed)
                    || (fingerprint == Some(form.fingerprint) && *form.layer == *page.fixed))
        };
        if let Some(last) = self.last_form.filter(|&i| matches(&self.forms[i], None)) {
            return Ok(Some(self.forms[last].index));
        }
        let fingerprint = page.fixed.fingerprint();
        if let Some(found) = self.forms.iter().position(|f| matches(f, Some(fingerprint))) {
            self.last_form = Some(found);
            return Ok(Some(self.forms[found].index));
        }
        self.writer.reset(page.height_pt);
        if let Some(color) = page.background {
            self.writer.background(color, page.width_pt);
        }
        self.writer.layer(&page.fixed, &mut self.res)?;
        let form_ref = self.res.next_ref.bump();
        let index = self.forms.len() as u32;
        self.write_stream(form_ref, true);
        let mut form = self.pdf.form_xobject(form_ref, &self.packed);
        form.bbox(Rect::new(0.0, 0.0, page.width_pt, page.height_pt)).filter_if(self.options.compress);
        form.pair(Name(b"Resources"), self.shared_resources);
        form.finish();
        self.forms.push(Form { layer: page.fixed.clone(), fingerprint, size, background: page.background, index });
        self.form_refs.push(form_ref);
        self.last_form = Some(self.forms.len() - 1);
        Ok(Some(index))
    }

    /// Packs the content writer's output into `self.packed`, and writes it as a plain stream
    /// unless it is a form (whose writer needs more keys).
    fn write_stream(&mut self, id: Ref, form: bool) {
        self.packed.clear();
        if self.options.compress {
            self.page_deflater.zlib_into(&self.writer.out, &mut self.packed);
        } else {
            self.packed.extend_from_slice(&self.writer.out);
        }
        if !form {
            self.pdf.stream(id, &self.packed).filter_if(self.options.compress);
        }
    }

    /// Subsets and writes the fonts, images, page tree and catalog; returns the file.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        if self.pages.is_empty() {
            return Err(RenderError::InvalidPage("a PDF needs at least one page".into()));
        }
        let book = self.res.book;
        for usage in &mut self.res.fonts {
            usage.write(&mut self.pdf, book.face(usage.face)?)?;
        }
        self.write_images()?;

        let mut resources = self.pdf.indirect(self.shared_resources).dict();
        let mut fonts = resources.insert(Name(b"Font")).dict();
        for (index, usage) in self.res.fonts.iter().enumerate() {
            fonts.pair(Name(format!("F{index}").as_bytes()), usage.refs.type0);
        }
        fonts.finish();
        let mut x_objects = resources.insert(Name(b"XObject")).dict();
        for (index, form) in self.form_refs.iter().enumerate() {
            x_objects.pair(Name(format!("X{index}").as_bytes()), *form);
        }
        for (index, (_, image)) in self.res.image_refs.iter().enumerate() {
            x_objects.pair(Name(format!("I{index}").as_bytes()), *image);
        }
        x_objects.finish();
        resources.finish();

        let (width, height) = self.media_box.unwrap_or((595.28, 841.89));
        self.pdf
            .pages(self.tree)
            .kids(self.pages.iter().copied())
            .count(self.pages.len() as i32)
            .media_box(Rect::new(0.0, 0.0, width, height));
        self.pdf.catalog(self.catalog).pages(self.tree);
        let mut info = self.pdf.document_info(self.info_ref);
        info.title(TextStr(&self.info.title)).author(TextStr(&self.info.author)).creator(TextStr("certdesk"));
        info.producer(TextStr(concat!("certdesk ", env!("CARGO_PKG_VERSION"))));
        if let Some((year, month, day)) = self.info.date {
            let date = pdf_writer::Date::new(year).month(month).day(day);
            info.creation_date(date).modified_date(date);
        }
        info.finish();
        Ok(self.pdf.finish())
    }

    /// `finish`, written to `out`.
    pub fn finish_to(self, out: &mut impl Write) -> Result<()> {
        out.write_all(&self.finish()?)?;
        Ok(())
    }

    fn write_images(&mut self) -> Result<()> {
        for (name, id) in self.res.image_refs.clone() {
            let image = self.res.images.get(&name).ok_or_else(|| RenderError::MissingImage(name.clone()))?;
            let (w, h) = (image.width() as i32, image.height() as i32);
            let mask = match image.source() {
                Source::Jpeg { .. } => None,
                Source::Pixels => image.has_alpha().then(|| self.res.next_ref.bump()),
            };
            match image.source() {
                Source::Jpeg { bytes, gray } => {
                    let mut xobject = self.pdf.image_xobject(id, bytes);
                    xobject.width(w).height(h).bits_per_component(8).filter(Filter::DctDecode);
                    if *gray { xobject.color_space().device_gray() } else { xobject.color_space().device_rgb() }
                }
                Source::Pixels => {
                    let samples = zlib(&image.rgb(), 6);
                    let mut xobject = self.pdf.image_xobject(id, &samples);
                    xobject.width(w).height(h).bits_per_component(8).filter(Filter::FlateDecode);
                    if let Some(mask) = mask {
                        xobject.s_mask(mask);
                    }
                    xobject.color_space().device_rgb();
                }
            }
            if let Some(mask) = mask {
                let alpha = zlib(&image.alpha(), 6);
                let mut xobject = self.pdf.image_xobject(mask, &alpha);
                xobject.width(w).height(h).bits_per_component(8).filter(Filter::FlateDecode);
                xobject.color_space().device_gray();
            }
        }
        Ok(())
    }
}

/// Sets FlateDecode only on compressed streams.
trait FilterIf {
    fn filter_if(&mut self, compressed: bool) -> &mut Self;
}

impl FilterIf for pdf_writer::writers::FormXObject<'_> {
    fn filter_if(&mut self, compressed: bool) -> &mut Self {
        if compressed {
            self.filter(Filter::FlateDecode);
        }
        self
    }
}

impl FilterIf for pdf_writer::Stream<'_> {
    fn filter_if(&mut self, compressed: bool) -> &mut Self {
        if compressed {
            self.filter(Filter::FlateDecode);
        }
        self
    }
}

#[cfg(test)]
mod tests;
