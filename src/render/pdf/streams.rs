//! Finished content streams into objects: a page's contents, or a form with its resources,
//! after the images the stream drew first and followed by its QR codes.

use std::io::Write;

use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref};

use super::content::ContentWriter;
use super::deflate::{PageDeflater, zlib};
use super::sink::{FONTS, ObjectSink};
use super::xobjects::{XObject, XObjectNames};
use super::{PdfOptions, Resources};
use crate::render::error::{RenderError, Result};
use crate::render::image::Source;

/// What a content stream becomes.
#[derive(Clone, Copy)]
pub(super) enum StreamKind {
    /// A page's contents (its resources go into the page dictionary).
    Page,
    /// A form XObject of this size, with its resources.
    Form { width_pt: f32, height_pt: f32 },
}

/// Where finished streams go: the sink and everything needed to name what they draw.
pub(super) struct Output<W: Write> {
    pub sink: ObjectSink<W>,
    pub options: PdfOptions,
    pub deflater: PageDeflater,
    pub packed: Vec<u8>,
    pub form_refs: Vec<Ref>,
    pub line_refs: Vec<Ref>,
}

impl<W: Write> Output<W> {
    /// Writes the stream `writer` holds (after the images it drew first); returns its id and
    /// the XObjects it names.
    pub(super) fn put_stream(
        &mut self,
        writer: &ContentWriter,
        res: &mut Resources,
        kind: StreamKind,
    ) -> Result<(Ref, XObjectNames)> {
        self.put_new_images(res)?;
        let id = self.sink.reserve(1);
        let names = XObjectNames::resolve(&writer.xobjects, |xobject| match xobject {
            XObject::Form(index) => self.form_refs.get(index as usize).copied(),
            XObject::Line(index) => self.line_refs.get(index as usize).copied(),
            XObject::Image(index) => res.image_refs.get(index as usize).copied().flatten(),
        })
        .ok_or_else(|| RenderError::InvalidPage("a stream draws an XObject that was never written".into()))?;
        self.packed.clear();
        let compress = self.options.compress;
        if compress {
            self.deflater.zlib_into(&writer.out, writer.incompressible_from(), &mut self.packed);
        } else {
            self.packed.extend_from_slice(&writer.out);
        }
        let mut chunk = Chunk::with_settings_and_capacity(self.options.settings(), self.packed.len() + 160);
        match kind {
            StreamKind::Page => {
                chunk.stream(id, &self.packed).filter_if(compress);
            }
            StreamKind::Form { width_pt, height_pt } => {
                let mut form = chunk.form_xobject(id, &self.packed);
                form.bbox(Rect::new(0.0, 0.0, width_pt, height_pt)).filter_if(compress);
                let mut resources = form.resources();
                resources.pair(Name(b"Font"), FONTS);
                names.write(&mut resources);
                resources.finish();
                form.finish();
            }
        }
        self.sink.put(id, &chunk)?;
        Ok((id, names))
    }

    /// Writes the images drawn for the first time by the stream being finished.
    fn put_new_images(&mut self, res: &mut Resources) -> Result<()> {
        for index in 0..res.image_refs.len() {
            if res.image_refs[index].is_some() {
                continue;
            }
            let name = &res.image_names[index];
            let image = res.images.get(name).ok_or_else(|| RenderError::MissingImage(name.clone()))?;
            let has_mask = matches!(image.source(), Source::Pixels) && image.has_alpha();
            let id = self.sink.reserve(1 + i32::from(has_mask));
            let (w, h) = (image.width() as i32, image.height() as i32);
            let mut chunk = Chunk::with_settings(self.options.settings());
            match image.source() {
                Source::Jpeg { bytes, gray } => {
                    let mut xobject = chunk.image_xobject(id, bytes);
                    xobject.width(w).height(h).bits_per_component(8).filter(Filter::DctDecode);
                    if *gray { xobject.color_space().device_gray() } else { xobject.color_space().device_rgb() }
                }
                Source::Pixels => {
                    let samples = zlib(&image.rgb(), 6);
                    let mut xobject = chunk.image_xobject(id, &samples);
                    xobject.width(w).height(h).bits_per_component(8).filter(Filter::FlateDecode);
                    if has_mask {
                        xobject.s_mask(Ref::new(id.get() + 1));
                    }
                    xobject.color_space().device_rgb();
                }
            }
            self.sink.put(id, &chunk)?;
            if has_mask {
                let mask = Ref::new(id.get() + 1);
                let alpha = zlib(&image.alpha(), 6);
                let mut chunk = Chunk::with_settings(self.options.settings());
                let mut xobject = chunk.image_xobject(mask, &alpha);
                xobject.width(w).height(h).bits_per_component(8).filter(Filter::FlateDecode);
                xobject.color_space().device_gray();
                xobject.finish();
                self.sink.put(mask, &chunk)?;
            }
            res.image_refs[index] = Some(id);
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
