//! The text a page prints: what a reader of it can see, as its fonts' ToUnicode maps and
//! ActualText spans give it, forms included. Text that is drawn invisible or only as a
//! clip, too small to read, off the part of the page shown, in the colour of what lies under
//! it or painted over (`sight`) is not printed, however an extractor such as `pdftotext` would
//! list it: a credential vouches for what the page shows.

use std::collections::HashMap;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::Font;
use super::ink::Ink;
use super::pdf::{MAX_DEPTH, MAX_STREAM};
use super::shape::{Path, Shape};
use super::sight::{Marks, Paint};
use super::visible::{Graphics, Matrix, number, page_area};
use super::{CredentialError, Result};

/// Reads the text pages show. A document's pages share their fonts and forms (the fixed layer
/// of a course's certificates, lines that repeat): each font is read once, and each form's
/// marks once for each state it is drawn in.
pub struct TextReader<'a> {
    document: &'a Document,
    fonts: HashMap<ObjectId, Option<Font<'a>>>,
    forms: HashMap<(ObjectId, [u64; 28]), Marks>,
}

/// Where a content stream is in drawing: its graphics state and the ones `q` saved, the path
/// being built, the text and line matrices, and the ActualText span it is in.
struct Drawing {
    graphics: Graphics,
    saved: Vec<Graphics>,
    path: Path,
    text: Matrix,
    line: Matrix,
    marked_depth: usize,
    /// An ActualText span's text, its depth, and the glyph count of the marks where it began.
    span: Option<(String, usize, usize)>,
}

impl<'a> TextReader<'a> {
    pub fn new(document: &'a Document) -> TextReader<'a> {
        TextReader { document, fonts: HashMap::new(), forms: HashMap::new() }
    }

    /// The text a page shows, in drawing order.
    pub fn page_text(&mut self, page_id: ObjectId) -> Result<String> {
        let document = self.document;
        let content = document
            .get_page_content_with_limit(page_id, MAX_STREAM)
            .map_err(|error| CredentialError::Pdf(format!("a page's contents cannot be read: {error}")))?;
        let (own, inherited) =
            document.get_page_resources(page_id).map_err(|error| CredentialError::Pdf(error.to_string()))?;
        // The page's own resources, else the nearest ones it inherits from the page tree.
        let resources = own.or_else(|| inherited.iter().find_map(|id| document.get_dictionary(*id).ok()));
        let mut marks = Marks::default();
        if let Some(resources) = resources {
            let graphics = Graphics::new(page_area(document, page_id));
            self.draw(&content, resources, graphics, 0, &mut marks)?;
        }
        marks.seen_text()
    }

    /// The font `name` of `fonts`, read once per font.
    fn font(&mut self, fonts: Option<&'a Dictionary>, name: &[u8]) -> Option<ObjectId> {
        let document = self.document;
        let reference = fonts?.get(name).ok()?;
        let id = reference.as_reference().ok()?;
        self.fonts.entry(id).or_insert_with(|| {
            let (_, font) = document.dereference(reference).ok()?;
            Some(Font::load(document, font.as_dict().ok()?))
        });
        Some(id)
    }

    fn draw(
        &mut self,
        content: &[u8],
        resources: &'a Dictionary,
        graphics: Graphics,
        depth: usize,
        out: &mut Marks,
    ) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(CredentialError::Pdf("forms are nested too deeply".into()));
        }
        let document = self.document;
        let content =
            Content::decode(content).map_err(|error| CredentialError::Pdf(format!("a content stream: {error}")))?;
        let fonts = dict_in(document, resources, b"Font");
        let xobjects = dict_in(document, resources, b"XObject");
        let mut drawing = Drawing::new(graphics);
        for operation in &content.operations {
            let operands = &operation.operands;
            match operation.operator.as_str() {
                "Tf" => {
                    drawing.graphics.font =
                        operands.first().and_then(|name| name.as_name().ok()).and_then(|name| self.font(fonts, name));
                    drawing.graphics.size = operands.get(1).and_then(number).unwrap_or(0.0);
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    drawing.state(operation, out);
                    let font = drawing.graphics.font.and_then(|id| self.fonts.get(&id)).and_then(Option::as_ref);
                    if let (Some(font), Some(shown)) = (font, operands.last()) {
                        drawing.show(font, shown, out);
                    }
                }
                "Do" => {
                    let name = operands.first().and_then(|name| name.as_name().ok());
                    let reference = name.and_then(|name| xobjects.and_then(|xobjects| xobjects.get(name).ok()));
                    if let Some(reference) = reference {
                        out.space();
                        self.xobject(reference, resources, drawing.graphics, depth, out)?;
                        out.space();
                    }
                }
                "BI" => {
                    if let Some(Object::Stream(image)) = operands.first() {
                        image_paint(&image.dict, drawing.graphics, out);
                    }
                }
                operator => {
                    if !drawing.graphics.inks.apply(document, resources, operator, operands) {
                        drawing.state(operation, out);
                    }
                }
            }
        }
        Ok(())
    }

    /// Appends the marks of the form `reference` draws, drawn from the state `graphics` (taken
    /// once for each state), or of the image it paints.
    fn xobject(
        &mut self,
        reference: &'a Object,
        outer: &'a Dictionary,
        graphics: Graphics,
        depth: usize,
        out: &mut Marks,
    ) -> Result<()> {
        let Ok((id, Object::Stream(form))) = self.document.dereference(reference) else {
            // What cannot be read here may be anything to a viewer that finds it (one that
            // rebuilds a damaged file's index may): taken as an image without a mask.
            image_paint(&Dictionary::new(), graphics, out);
            return Ok(());
        };
        match form.dict.get(b"Subtype").and_then(|kind| kind.as_name()).ok() {
            Some(b"Form") => {}
            Some(b"Image") => {
                image_paint(&form.dict, graphics, out);
                return Ok(());
            }
            _ => return Ok(()),
        }
        let graphics = graphics.entering_form(&form.dict);
        let key = id.map(|id| (id, graphics.key()));
        if let Some(marks) = key.and_then(|key| self.forms.get(&key)) {
            out.extend(marks);
            return Ok(());
        }
        let inner = if form.dict.has(b"Filter") {
            form.decompressed_content_with_limit(MAX_STREAM)
                .map_err(|error| CredentialError::Pdf(format!("a form: {error}")))?
        } else {
            form.content.clone()
        };
        let resources = dict_in(self.document, &form.dict, b"Resources").unwrap_or(outer);
        let mut marks = Marks::default();
        self.draw(&inner, resources, graphics, depth + 1, &mut marks)?;
        out.extend(&marks);
        if let Some(key) = key {
            self.forms.insert(key, marks);
        }
        Ok(())
    }
}

/// The paint of an image (an XObject's dictionary, or an inline image's) drawn in `graphics`:
/// the unit square the CTM places, in colours that cannot be told; opaque unless it has a
/// mask or a soft mask of its own. A stencil mask paints only where its bits say, so it is
/// taken as painting nothing.
fn image_paint(image: &Dictionary, graphics: Graphics, out: &mut Marks) {
    let flag = |keys: [&[u8]; 2]| keys.iter().any(|key| image.get(key).and_then(Object::as_bool).unwrap_or(false));
    if flag([b"ImageMask", b"IM"]) {
        return;
    }
    let masked = image.has(b"SMask") || image.has(b"Mask");
    let alpha = if masked { 0.0 } else { graphics.inks.fill().alpha };
    let ink = Ink { colour: None, alpha };
    out.paint(Paint { shape: Shape::unit_square(graphics.ctm), clip: graphics.clip, ink });
}

impl Drawing {
    fn new(graphics: Graphics) -> Drawing {
        Drawing {
            graphics,
            saved: Vec::new(),
            path: Path::default(),
            text: Matrix::IDENTITY,
            line: Matrix::IDENTITY,
            marked_depth: 0,
            span: None,
        }
    }

    /// What an operator other than `Tf` and `Do` changes; a text-showing operator's moves and
    /// spacing before it shows its string. A break between lines reads as a space.
    fn state(&mut self, operation: &Operation, out: &mut Marks) {
        let operands = &operation.operands;
        let at = |index: usize| operands.get(index).and_then(number).unwrap_or(0.0);
        let graphics = &mut self.graphics;
        match operation.operator.as_str() {
            "q" => self.saved.push(*graphics),
            "Q" => *graphics = self.saved.pop().unwrap_or(*graphics),
            "cm" => {
                if let Some(matrix) = Matrix::of(operands) {
                    graphics.ctm = matrix.then(graphics.ctm);
                }
            }
            operator @ ("m" | "l" | "c" | "v" | "y" | "h" | "re") => self.path.extend(operator, operands, graphics.ctm),
            "W" | "W*" => self.path.clip(),
            operator @ ("S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "n") => {
                if matches!(operator, "s" | "b" | "b*") {
                    self.path.extend("h", &[], graphics.ctm);
                }
                let (clip, subpaths) = self.path.end();
                // Painted within the clip it had; a clip the path sets holds from now on.
                let (fills, strokes) = match operator {
                    "f" | "F" | "f*" => (true, false),
                    "S" | "s" => (false, true),
                    "n" => (false, false),
                    _ => (true, true),
                };
                if fills {
                    let shape = Shape::fill(&subpaths, operator.ends_with('*'));
                    out.paint(Paint { shape, clip: graphics.clip, ink: graphics.inks.fill() });
                }
                if strokes {
                    let shape = Shape::stroke(&subpaths, graphics.inks.line_width, graphics.ctm);
                    out.paint(Paint { shape, clip: graphics.clip, ink: graphics.inks.stroke() });
                }
                if let Some(clip) = clip {
                    graphics.clip = clip.within(graphics.clip);
                }
            }
            // A shading fills what the clip leaves.
            "sh" => {
                out.paint(Paint { shape: Shape::area(graphics.clip), clip: graphics.clip, ink: graphics.inks.fill() })
            }
            "Tc" => graphics.char_spacing = at(0),
            "Tw" => graphics.word_spacing = at(0),
            "Tz" => graphics.horizontal_scale = at(0) / 100.0,
            "TL" => graphics.leading = at(0),
            "Ts" => graphics.rise = at(0),
            "Tr" => graphics.render_mode = operands.first().and_then(|mode| mode.as_i64().ok()).unwrap_or(0),
            "BT" => {
                (self.text, self.line) = (Matrix::IDENTITY, Matrix::IDENTITY);
                out.space();
            }
            "Tm" => {
                if let Some(matrix) = Matrix::of(operands) {
                    (self.text, self.line) = (matrix, matrix);
                }
                out.space();
            }
            "Td" => self.next_line(at(0), at(1), out),
            "TD" => {
                graphics.leading = -at(1);
                self.next_line(at(0), at(1), out);
            }
            "T*" | "'" => {
                let leading = graphics.leading;
                self.next_line(0.0, -leading, out);
            }
            "\"" => {
                (graphics.word_spacing, graphics.char_spacing) = (at(0), at(1));
                let leading = graphics.leading;
                self.next_line(0.0, -leading, out);
            }
            "BDC" | "BMC" => {
                self.marked_depth += 1;
                if self.span.is_none()
                    && let Some(actual) = operands.get(1).and_then(actual_text)
                {
                    self.span = Some((actual, self.marked_depth, out.glyph_count()));
                }
            }
            "EMC" => {
                if let Some((actual, _, since)) = self.span.take_if(|(_, depth, _)| *depth == self.marked_depth) {
                    out.span(&actual, since);
                }
                self.marked_depth = self.marked_depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn next_line(&mut self, x: f64, y: f64, out: &mut Marks) {
        self.line = Matrix::translation(x, y).then(self.line);
        self.text = self.line;
        out.space();
    }

    /// Shows a `Tj` string or a `TJ` array: moves the pen glyph by glyph, and marks the glyphs
    /// that can be seen where they are drawn (inside an ActualText span, with no text of
    /// their own).
    fn show(&mut self, font: &Font, shown: &Object, out: &mut Marks) {
        let items = match shown {
            Object::Array(items) => items.as_slice(),
            single => std::slice::from_ref(single),
        };
        for item in items {
            match item {
                Object::String(bytes, _) => self.glyphs(font, bytes, out),
                adjustment => {
                    let graphics = &self.graphics;
                    let moved = -number(adjustment).unwrap_or(0.0) / 1000.0 * graphics.size;
                    self.text = Matrix::translation(moved * graphics.horizontal_scale, 0.0).then(self.text);
                }
            }
        }
    }

    fn glyphs(&mut self, font: &Font, bytes: &[u8], out: &mut Marks) {
        let graphics = &self.graphics;
        let inks = graphics.glyph_inks();
        for code in font.codes(bytes) {
            let width = font.width_em(code);
            if let Some(area) = graphics.shows(graphics.glyph_matrix(self.text), width) {
                let spanned = self.span.is_some();
                out.glyph(area, inks, |text| {
                    if !spanned {
                        font.read_into(code, text);
                    }
                });
            }
            let spacing = graphics.char_spacing + if font.is_word_space(code) { graphics.word_spacing } else { 0.0 };
            let advance = (width * graphics.size + spacing) * graphics.horizontal_scale;
            self.text = Matrix::translation(advance, 0.0).then(self.text);
        }
    }
}

/// The text of a marked-content span's `/ActualText`, which stands for the glyphs it wraps.
fn actual_text(properties: &Object) -> Option<String> {
    let Object::Dictionary(properties) = properties else { return None };
    lopdf::decode_text_string(properties.get(b"ActualText").ok()?).ok()
}

pub(super) fn dict_in<'a>(document: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    let (_, object) = document.dereference(dict.get(key).ok()?).ok()?;
    object.as_dict().ok()
}

#[cfg(test)]
#[path = "page_text_tests.rs"]
mod tests;
