//! Layout: a compiled template + data + fonts → one `Page` of the engine's page model, with
//! diagnostics. Parse once, render many: a `Renderer` keeps the compiled template, the resolved
//! faces, image sizes and, after the first page, the learner-independent layer shared by all pages.

mod cache;
mod classify;
mod draw;
mod flow;
mod qr;
mod text;

#[cfg(test)]
pub(crate) mod tests;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::render::data::RenderData;
use crate::render::page::{Layer, Page, Rgb};
use crate::render::shape::Language;
use crate::render::template::model::{Family, Pos, TextStyle};
use crate::render::template::{Template, TemplateError};
use crate::render::{FaceId, FontBook, ImageSet, RenderError, Style, Weight};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// Something wrong with a rendered page, at the template line and column it comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    pub line: u32,
    pub col: u32,
    pub severity: Severity,
    pub message: String,
    /// When the problem is characters no font has: the first of them. Such a problem is the
    /// fonts' (a `--fonts` not given), not the template's.
    pub missing: Option<char>,
}

impl Diagnostic {
    pub fn error(pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic { line: pos.line, col: pos.col, severity: Severity::Error, message: message.into(), missing: None }
    }

    pub fn warning(pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic { line: pos.line, col: pos.col, severity: Severity::Warning, message: message.into(), missing: None }
    }

    /// `source:line:col: message` as compilers print it, or `source: message` for a problem
    /// of the whole template, which has no position (line 0).
    pub fn at(&self, source: impl std::fmt::Display) -> String {
        match self.line {
            0 => format!("{source}: {self}"),
            _ => format!("{source}:{self}"),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning: ",
            Severity::Error => "",
        };
        if self.line > 0 {
            write!(f, "{}:{}: ", self.line, self.col)?;
        }
        write!(f, "{severity}{}", self.message)
    }
}

/// `text` in double quotes as it reads, marks and all (a `{:?}` would print a Devanagari
/// virama as `\u{94d}`); only control characters are escaped.
pub fn quoted(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => quoted.extend(['\\', c]),
            c if c.is_control() => quoted.extend(c.escape_default()),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// A text that did not fit as written: set smaller than its `size`, or on more lines than
/// it was written on (wrapped), at the template line and column it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct TextFit {
    pub line: u32,
    pub col: u32,
    /// The start of the text (40 characters at most).
    pub excerpt: String,
    pub nominal_pt: f32,
    pub size_pt: f32,
    pub lines: usize,
    pub written_lines: usize,
}

impl TextFit {
    pub fn shrunk(&self) -> bool {
        self.size_pt < self.nominal_pt - 0.05
    }

    pub fn wrapped(&self) -> bool {
        self.lines > self.written_lines
    }

    /// By how much: `shrunk 28.0→19.5pt (70%), wrapped to 2 lines`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.shrunk() {
            let percent = (self.size_pt / self.nominal_pt * 100.0).round();
            parts.push(format!("shrunk {:.1}→{:.1}pt ({percent}%)", self.nominal_pt, self.size_pt));
        }
        if self.wrapped() {
            parts.push(format!("wrapped to {} lines", self.lines));
        }
        parts.join(", ")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// A placeholder failed on this data (strict undefined, a bad date, ...).
    #[error("{0}")]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("the font book has no `{0}` family")]
    MissingFamily(&'static str),
}

/// What stays the same on every page of one template revision.
#[derive(Debug)]
struct FixedPart {
    layer: Arc<Layer>,
    /// Heights of the blocks whose height is known without data, by block id.
    heights: Vec<Option<f32>>,
    /// The fixed blocks' texts that did not fit as written, reported with every page.
    fits: Vec<TextFit>,
}

/// A template ready to render pages: cache one per template revision.
#[derive(Debug)]
pub struct Renderer {
    template: Template,
    fonts: FontBook,
    /// The certificate's language, for shaping.
    language: Language,
    /// Face per family, bold, italic: `faces[family][bold][italic]`.
    faces: [[[FaceId; 2]; 2]; 3],
    /// Pixel size of every image, by name.
    image_sizes: BTreeMap<String, (u32, u32)>,
    /// Per block id: drawn once in the fixed layer.
    fixed_blocks: Vec<bool>,
    /// Per block id: drawn in the fixed layer of its course (see `classify`).
    course_blocks: Vec<bool>,
    /// Per block id: its height does not depend on the data.
    static_height: Vec<bool>,
    fixed: OnceLock<FixedPart>,
    text_cache: cache::TextCache,
    course_layers: cache::CourseLayers,
}

impl Renderer {
    pub fn new(template: Template, fonts: &FontBook, images: &ImageSet) -> Result<Renderer, LayoutError> {
        let mut faces = [[[FaceId(0); 2]; 2]; 3];
        for (family_index, family) in ["serif", "sans", "mono"].into_iter().enumerate() {
            for (bold, weight) in [Weight::Regular, Weight::Bold].into_iter().enumerate() {
                for (italic, style) in [Style::Normal, Style::Italic].into_iter().enumerate() {
                    faces[family_index][bold][italic] =
                        fonts.resolve(family, weight, style).ok_or(LayoutError::MissingFamily(family))?;
                }
            }
        }
        let mut image_sizes = BTreeMap::new();
        template.document.walk(|block| {
            if let crate::render::template::model::BlockKind::Image(image) = &block.kind
                && let Some(found) = images.get(&image.name)
            {
                image_sizes.insert(image.name.clone(), (found.width(), found.height()));
            }
        });
        let classify::Classes { fixed: fixed_blocks, course: course_blocks, static_height } =
            classify::classify(&template);
        let language = Language::new(template.document.page.language.bcp47());
        Ok(Renderer {
            template,
            fonts: fonts.clone(),
            language,
            faces,
            image_sizes,
            fixed_blocks,
            course_blocks,
            static_height,
            fixed: OnceLock::new(),
            text_cache: cache::TextCache::default(),
            course_layers: cache::CourseLayers::default(),
        })
    }

    pub fn template(&self) -> &Template {
        &self.template
    }

    fn face(&self, style: &TextStyle, bold: bool, italic: bool) -> FaceId {
        let family = match style.family {
            Family::Serif => 0,
            Family::Sans => 1,
            Family::Mono => 2,
        };
        // Emphasis inside italic text sets it upright, as typesetters do.
        self.faces[family][usize::from(style.bold || bold)][usize::from(style.italic != italic)]
    }

    /// Lays out the certificate for `data`: the page and what is wrong with it (text that does
    /// not fit, characters no font has, missing images). Only a failing placeholder is an error.
    pub fn render_page(&self, data: &RenderData) -> Result<(Page, Vec<Diagnostic>), LayoutError> {
        self.render_page_fits(data).map(|(page, diagnostics, _)| (page, diagnostics))
    }

    /// `render_page`, with the texts that had to shrink or wrap.
    pub fn render_page_fits(&self, data: &RenderData) -> Result<(Page, Vec<Diagnostic>, Vec<TextFit>), LayoutError> {
        let slots = self.template.evaluate(data)?;
        let setup = &self.template.document.page;
        let mut page = Page::new(setup.width_pt, setup.height_pt);
        page.background = setup.background.map(|c| Rgb::new(c.r, c.g, c.b));
        page.language = Some(setup.language.bcp47());
        let (out, fixed) = match self.fixed.get() {
            Some(fixed) => (flow::Pass::run(self, data, &slots, Some(&fixed.heights))?, fixed),
            None => {
                let mut out = flow::Pass::run(self, data, &slots, None)?;
                let items = std::mem::take(&mut out.fixed);
                let fixed = FixedPart {
                    layer: Arc::new(Layer { items }),
                    heights: std::mem::take(&mut out.heights),
                    fits: std::mem::take(&mut out.fixed_fits),
                };
                // Another thread may have won the race; either layer is the same.
                let _ = self.fixed.set(fixed);
                let Some(fixed) = self.fixed.get() else { unreachable!("set just above") };
                (out, fixed)
            }
        };
        page.fixed = self.course_layers.layer(&fixed.layer, out.course);
        page.variable = Layer { items: out.variable };
        let mut fits = fixed.fits.clone();
        fits.extend(out.fits);
        fits.sort_by_key(|fit| (fit.line, fit.col));
        Ok((page, out.diagnostics, fits))
    }
}

/// One-off convenience: compiles nothing, but builds a `Renderer` for one page. For many pages,
/// build the `Renderer` once and call `Renderer::render_page`.
pub fn render_page(
    template: Template,
    data: &RenderData,
    fonts: &FontBook,
    images: &ImageSet,
) -> Result<(Page, Vec<Diagnostic>), LayoutError> {
    Renderer::new(template, fonts, images)?.render_page(data)
}
