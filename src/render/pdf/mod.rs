//! The PDF back end: many pages into one deterministic document, written to its output as the
//! pages come (each page's objects at once; fonts, once subsetted, and the cross-reference
//! stream at the end), so memory does not grow with the number of pages. Images are embedded
//! once, each fixed layer is written once as a form XObject, lines that repeat from page to page
//! become forms too, and QR codes are 1-bit image masks inline in their page's stream.

mod attachments;
mod content;
mod deflate;
mod drawn_last;
mod fonts;
mod huffman;
mod lines;
mod pages;
mod sink;
mod streams;
mod xobjects;
mod xref;

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use pdf_writer::{Chunk, Finish, Name, Ref, Settings, TextStr};

pub use self::attachments::{Attachment, Relationship, SharedFiles};
use self::content::ContentWriter;
use self::deflate::PageDeflater;
use self::fonts::{FontRefs, FontUsage};
use self::lines::{Decision, RepeatedLines, line_end};
use self::pages::PageTree;
use self::sink::{FONTS, ObjectSink};
use self::streams::{Output, StreamKind};
use self::xobjects::XObject;
use super::error::{RenderError, Result};
use super::fonts::{Face, FaceId, FontBook};
use super::image::ImageSet;
use super::page::{Item, Layer, Page, Rgb};

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
    /// Compress page and form content streams, object streams and the cross-reference stream
    /// (fonts and photos are always compressed). Turn off for diffable golden files: streams
    /// are then text, with glyph codes, QR codes and the cross-reference table in hex.
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

    fn settings(self) -> Settings {
        Settings { pretty: !self.compress }
    }
}

/// The document's fonts and images, as content streams use them.
pub(crate) struct Resources<'a> {
    book: &'a FontBook,
    images: &'a ImageSet,
    fonts: Vec<FontUsage>,
    font_of_face: Vec<Option<u32>>,
    image_names: Vec<String>,
    /// By image index; `None` until the image is written (right after the stream that first
    /// draws it).
    image_refs: Vec<Option<Ref>>,
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
        self.fonts.push(FontUsage::new(id, face));
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
        let index = self.image_names.len() as u32;
        self.image_names.push(name.to_owned());
        self.image_refs.push(None);
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

/// Builds one PDF from many pages: `new` (into memory) or `to_writer` (into any output, written
/// as the pages come), `add_page` for each page, then `finish`.
pub struct PdfDocument<'a, W: Write = Vec<u8>> {
    output: Output<W>,
    res: Resources<'a>,
    info: DocInfo,
    tree: PageTree,
    /// The language every page so far is written in; `None` once two differ or one is unknown.
    language: Option<&'static str>,
    forms: Vec<Form>,
    last_form: Option<usize>,
    lines: RepeatedLines,
    writer: ContentWriter,
    line_writer: ContentWriter,
}

impl<'a> PdfDocument<'a, Vec<u8>> {
    pub fn new(book: &'a FontBook, images: &'a ImageSet, info: DocInfo) -> PdfDocument<'a> {
        PdfDocument::with_options(book, images, info, PdfOptions::default())
    }

    pub fn with_options(book: &'a FontBook, images: &'a ImageSet, info: DocInfo, options: PdfOptions) -> Self {
        PdfDocument::to_writer(book, images, info, options, Vec::with_capacity(64 * 1024))
    }
}

impl<'a, W: Write> PdfDocument<'a, W> {
    /// A document written to `out` as its pages are added (give it a buffered writer).
    pub fn to_writer(book: &'a FontBook, images: &'a ImageSet, info: DocInfo, options: PdfOptions, out: W) -> Self {
        PdfDocument {
            output: Output {
                sink: ObjectSink::new(out, options.compress),
                options,
                deflater: PageDeflater::new(),
                packed: Vec::new(),
                form_refs: Vec::new(),
                line_refs: Vec::new(),
            },
            res: Resources {
                book,
                images,
                fonts: Vec::new(),
                font_of_face: Vec::new(),
                image_names: Vec::new(),
                image_refs: Vec::new(),
                image_of_name: HashMap::new(),
            },
            info,
            tree: PageTree::new(options.compress),
            language: None,
            forms: Vec::new(),
            last_form: None,
            lines: RepeatedLines::default(),
            writer: ContentWriter::new(0.0, !options.compress),
            line_writer: ContentWriter::new(0.0, !options.compress),
        }
    }

    pub fn page_count(&self) -> usize {
        self.tree.count() as usize
    }

    /// Bytes handed to the output so far.
    pub fn bytes_written(&self) -> u64 {
        self.output.sink.bytes_written()
    }

    /// Writes a page. Glyph ids are remapped now; fonts are subsetted in `finish`.
    pub fn add_page(&mut self, page: &Page) -> Result<()> {
        self.add_page_with(page, &[])
    }

    /// Writes a page that carries `attachments` (listed in its `/AF` and the document's
    /// embedded files).
    pub fn add_page_with(&mut self, page: &Page, attachments: &[Attachment]) -> Result<()> {
        self.add(page, attachments, &[])
    }

    /// Writes files that the pages added next will carry together (say, the credentials of a
    /// run of pages in one file), listed in the document's embedded files.
    pub fn add_shared_files(&mut self, attachments: &[Attachment]) -> Result<SharedFiles> {
        let settings = self.output.options.settings();
        attachments::put_shared(&mut self.output.sink, settings, attachments, &mut self.tree.names)
    }

    /// Writes a page that carries `files` (listed in its `/AF`) with the other pages that do.
    pub fn add_page_sharing(&mut self, page: &Page, files: &SharedFiles) -> Result<()> {
        self.add(page, &[], &files.specs)
    }

    fn add(&mut self, page: &Page, attachments: &[Attachment], shared: &[Ref]) -> Result<()> {
        if !(page.width_pt > 0.0 && page.height_pt > 0.0 && page.width_pt < 14_400.0 && page.height_pt < 14_400.0) {
            return Err(RenderError::InvalidPage(format!("page size {} x {} pt", page.width_pt, page.height_pt)));
        }
        if self.tree.count() == 0 {
            self.language = page.language;
        } else if self.language != page.language {
            self.language = None;
        }
        let form = self.fixed_form(page)?;
        self.writer.reset(page.height_pt);
        match form {
            Some(index) => self.writer.draw(XObject::Form(index)),
            None => {
                if let Some(color) = page.background {
                    self.writer.background(color, page.width_pt);
                }
            }
        }
        self.variable_layer(page)?;
        let (contents, names) = self.output.put_stream(&self.writer, &mut self.res, StreamKind::Page)?;
        let files = attachments::put_streams(&mut self.output.sink, self.output.options.settings(), attachments)?;
        let size = (page.width_pt, page.height_pt);
        self.tree.add(&mut self.output.sink, size, contents, names, files, shared)
    }

    /// The variable layer, with each line drawn before written as a form, and its QR code
    /// last where nothing after it comes near it (see `drawn_last`).
    fn variable_layer(&mut self, page: &Page) -> Result<()> {
        let items = &page.variable.items;
        let qr_last = drawn_last::qr_drawn_last(items);
        let mut start = 0;
        while start < items.len() {
            if Some(start) == qr_last {
                start += 1;
                continue;
            }
            let end = line_end(items, start);
            let line = &items[start..end];
            let decision = match line.first() {
                Some(Item::Text(_)) => self.lines.decide(line, page.height_pt),
                _ => Decision::Inline,
            };
            match decision {
                Decision::Inline => self.writer.items(line, &mut self.res)?,
                Decision::Draw(index) => self.writer.draw(XObject::Line(index)),
                Decision::Create(index) => {
                    self.line_writer.reset(page.height_pt);
                    self.line_writer.items(line, &mut self.res)?;
                    self.line_writer.end_text();
                    let kind = StreamKind::Form { width_pt: page.width_pt, height_pt: page.height_pt };
                    let (id, _) = self.output.put_stream(&self.line_writer, &mut self.res, kind)?;
                    debug_assert_eq!(self.output.line_refs.len(), index as usize);
                    self.output.line_refs.push(id);
                    self.writer.draw(XObject::Line(index));
                }
            }
            start = end;
        }
        if let Some(index) = qr_last {
            self.writer.items(&items[index..=index], &mut self.res)?;
        }
        self.writer.end_text();
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
        // Pages of a course alternate between a few shared layers (one per mode): try them by
        // identity before hashing.
        if let Some(found) = self.forms.iter().position(|f| matches(f, None)) {
            self.last_form = Some(found);
            return Ok(Some(self.forms[found].index));
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
        let kind = StreamKind::Form { width_pt: page.width_pt, height_pt: page.height_pt };
        let (id, _) = self.output.put_stream(&self.writer, &mut self.res, kind)?;
        let index = self.forms.len() as u32;
        self.output.form_refs.push(id);
        self.forms.push(Form { layer: page.fixed.clone(), fingerprint, size, background: page.background, index });
        self.last_form = Some(self.forms.len() - 1);
        Ok(Some(index))
    }

    /// Subsets and writes the fonts, the page tree, the catalog, the document information and
    /// the cross-reference stream; hands back the output.
    pub fn finish(mut self) -> Result<W> {
        if self.tree.count() == 0 {
            return Err(RenderError::InvalidPage("a PDF needs at least one page".into()));
        }
        let output = &mut self.output;
        self.tree.close(&mut output.sink)?;
        let settings = output.options.settings();
        let book = self.res.book;
        let mut types0 = Vec::with_capacity(self.res.fonts.len());
        for usage in &mut self.res.fonts {
            let refs = FontRefs::from(output.sink.reserve(FontRefs::COUNT));
            for (id, chunk) in usage.write(book.face(usage.face)?, refs, settings)? {
                output.sink.put(id, &chunk)?;
            }
            types0.push(refs.type0);
        }
        let mut chunk = Chunk::with_settings(settings);
        let mut fonts = chunk.indirect(FONTS).dict();
        for (index, type0) in types0.into_iter().enumerate() {
            fonts.pair(Name(format!("F{index}").as_bytes()), type0);
        }
        fonts.finish();
        output.sink.put_late(FONTS, &chunk)?;

        let names = std::mem::take(&mut self.tree.names);
        let embedded_files = if names.is_empty() { None } else { Some(names.write(&mut output.sink, settings)?) };
        let catalog = output.sink.reserve(2);
        let info_ref = Ref::new(catalog.get() + 1);
        let mut chunk = Chunk::with_settings(settings);
        let mut catalog_writer = chunk.indirect(catalog).start::<pdf_writer::writers::Catalog>();
        catalog_writer.pages(sink::PAGE_TREE);
        if let Some(language) = self.language {
            catalog_writer.lang(TextStr(language));
        }
        if let Some(root) = embedded_files {
            catalog_writer.insert(Name(b"Names")).dict().pair(Name(b"EmbeddedFiles"), root);
        }
        catalog_writer.finish();
        output.sink.put(catalog, &chunk)?;
        let mut chunk = Chunk::with_settings(settings);
        let mut info = chunk.indirect(info_ref).start::<pdf_writer::writers::DocumentInfo>();
        info.title(TextStr(&self.info.title)).author(TextStr(&self.info.author)).creator(TextStr("certdesk"));
        info.producer(TextStr(concat!("certdesk ", env!("CARGO_PKG_VERSION"))));
        if let Some((year, month, day)) = self.info.date {
            let date = pdf_writer::Date::new(year).month(month).day(day);
            info.creation_date(date).modified_date(date);
        }
        info.finish();
        output.sink.put(info_ref, &chunk)?;
        let Output { sink, .. } = self.output;
        sink.finish(catalog, info_ref)
    }
}

#[cfg(test)]
mod tests;
