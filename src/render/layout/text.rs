//! Text blocks: emphasis spans shaped with the engine's `shape`, greedy line breaking at UAX #14
//! opportunities, alignment, and shrink-to-fit (binary search between the size and `min-size`).

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_normalization::UnicodeNormalization;

use super::{Diagnostic, LayoutError, Renderer};
use crate::render::page::{Item, Rgb};
use crate::render::shape::{Shaped, shape};
use crate::render::template::markup::{self, Styled};
use crate::render::template::model::{Align, Pos, TextBlock};
use crate::render::{FaceId, FontBook};

/// Lines never exceed their box by more than float noise: fit against a hair less.
const FIT_SLACK_PT: f32 = 0.01;

/// A laid-out text block at its box's top edge (y = 0).
pub(super) struct TextLayout {
    pub items: Vec<Item>,
    pub height: f32,
}

/// One glyph of the text shaped at the nominal size, for measuring lines at any scale.
struct Measure {
    byte: usize,
    advance: f32,
    kern: f32,
    space: bool,
}

struct Line {
    start: usize,
    end: usize,
}

struct Broken {
    lines: Vec<Line>,
    /// A word had to be cut between characters because it is wider than the box.
    cut_word: bool,
}

pub(super) fn layout(
    renderer: &Renderer,
    block: &TextBlock,
    pos: Pos,
    source: &str,
    width: f32,
    box_height: Option<f32>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<TextLayout, LayoutError> {
    let normalized: String = if source.is_ascii() { source.to_owned() } else { source.nfc().collect() };
    let styled = markup::parse(normalized.trim_end());
    let style = &block.style;
    let nominal = style.size_pt;
    let reserved = match (block.shrink, box_height) {
        (true, Some(height)) => Some(height),
        (true, None) => block.max_lines.map(|lines| lines as f32 * nominal * style.line_height),
        (false, _) => None,
    };
    if styled.text.trim().is_empty() {
        return Ok(TextLayout { items: Vec::new(), height: reserved.unwrap_or(0.0) });
    }
    let faces: Vec<FaceId> = styled.spans.iter().map(|span| renderer.face(style, span.bold, span.italic)).collect();
    let book = &renderer.fonts;
    let measures = measure(book, &styled, &faces, nominal, diagnostics, pos)?;
    let spacing = style.letter_spacing_pt;
    let limit = (width - FIT_SLACK_PT).max(0.0);
    let max_lines = block.max_lines.unwrap_or(u32::MAX) as usize;
    // With a box height, shrinking may also make room for more lines, up to `max-lines`.
    let allowed = |size: f32| match (block.shrink, box_height) {
        (true, Some(height)) => max_lines.min(((height / (size * style.line_height)) + 1e-3).floor().max(1.0) as usize),
        _ => max_lines,
    };
    let fits_at = |size: f32, broken: &Broken| !broken.cut_word && broken.lines.len() <= allowed(size);
    let mut size = nominal;
    let mut broken = break_lines(&styled.text, &measures, 1.0, spacing, limit);
    if !fits_at(nominal, &broken) && block.min_size_pt < nominal {
        let at_min = break_lines(&styled.text, &measures, block.min_size_pt / nominal, spacing, limit);
        if fits_at(block.min_size_pt, &at_min) {
            let (mut low, mut high) = (block.min_size_pt, nominal);
            broken = at_min;
            size = low;
            for _ in 0..12 {
                let middle = (low + high) / 2.0;
                let attempt = break_lines(&styled.text, &measures, middle / nominal, spacing, limit);
                if fits_at(middle, &attempt) {
                    (low, size, broken) = (middle, middle, attempt);
                } else {
                    high = middle;
                }
            }
        } else {
            (size, broken) = (block.min_size_pt, at_min);
        }
    }
    if !fits_at(size, &broken) {
        let message = if broken.cut_word {
            format!("text is wider than its box even at {size:.1}pt: {:?}", clip(&styled.text))
        } else {
            format!(
                "text needs {} lines at {size:.1}pt but has room for {max_lines}: {:?}",
                broken.lines.len(),
                clip(&styled.text)
            )
        };
        diagnostics.push(Diagnostic::error(pos, message));
    }
    let line_height = size * style.line_height;
    let metrics = book.face(faces.first().copied().unwrap_or(renderer.face(style, false, false)))?.metrics();
    let ascent = metrics.to_pt(metrics.ascent as f32, size);
    let descent = metrics.to_pt(metrics.descent as f32, size);
    let natural = broken.lines.len() as f32 * line_height;
    let height = reserved.unwrap_or(natural);
    let mut baseline = (height - natural) / 2.0 + (line_height - (ascent - descent)) / 2.0 + ascent;
    let mut items = Vec::new();
    let color = Rgb::new(style.color.r, style.color.g, style.color.b);
    for line in &broken.lines {
        let pieces = shape_line(book, &styled, &faces, line, size, spacing)?;
        let line_width: f32 =
            pieces.iter().map(|piece| piece.width_pt).sum::<f32>() + spacing * pieces.len().saturating_sub(1) as f32;
        let mut pen = match style.align {
            Align::Left => 0.0,
            Align::Center => (width - line_width) / 2.0,
            Align::Right => width - line_width,
        };
        for piece in &pieces {
            items.extend(piece.to_runs(pen, baseline, color).into_iter().map(Item::Text));
            pen += piece.width_pt + spacing;
        }
        baseline += line_height;
    }
    Ok(TextLayout { items, height })
}

fn clip(text: &str) -> String {
    let mut clipped: String = text.chars().take(40).collect();
    if clipped.len() < text.len() {
        clipped.push('…');
    }
    clipped
}

/// Shapes each span at `size_pt`, reporting characters no font has.
fn measure(
    book: &FontBook,
    styled: &Styled,
    faces: &[FaceId],
    size_pt: f32,
    diagnostics: &mut Vec<Diagnostic>,
    pos: Pos,
) -> Result<Vec<Measure>, LayoutError> {
    let mut measures = Vec::with_capacity(styled.text.len());
    for (span, face) in styled.spans.iter().zip(faces) {
        let text = &styled.text[span.start..span.end];
        let shaped = shape(book, text, *face, size_pt, 0.0)?;
        for c in &shaped.missing {
            let message = format!("no font can draw {c:?} (U+{:04X})", u32::from(*c));
            if !diagnostics.iter().any(|d| d.message == message && d.line == pos.line) {
                diagnostics.push(Diagnostic::error(pos, message));
            }
        }
        for (index, glyph) in shaped.glyphs.iter().enumerate() {
            let kern = if index == 0 { 0.0 } else { glyph.kern_pt };
            let space = text[glyph.text.clone()].chars().all(char::is_whitespace);
            measures.push(Measure { byte: span.start + glyph.text.start, advance: glyph.advance_pt, kern, space });
        }
    }
    Ok(measures)
}

/// The width of glyphs `first..end` at `scale`, without trailing spaces.
fn width_of(measures: &[Measure], first: usize, end: usize, scale: f32, spacing: f32) -> f32 {
    if end <= first {
        return 0.0;
    }
    let end = first + measures[first..end].iter().rposition(|m| !m.space).map_or(0, |i| i + 1);
    if end == first {
        return 0.0;
    }
    let glyphs = &measures[first..end];
    let advance: f32 = glyphs.iter().map(|m| m.advance).sum::<f32>() + glyphs[1..].iter().map(|m| m.kern).sum::<f32>();
    advance * scale + spacing * (glyphs.len() - 1) as f32
}

/// Greedy line breaking of `text` into lines no wider than `limit` at `scale` × the nominal size.
fn break_lines(text: &str, measures: &[Measure], scale: f32, spacing: f32, limit: f32) -> Broken {
    let glyph_at = |byte: usize| measures.partition_point(|m| m.byte < byte);
    let mut broken = Broken { lines: Vec::new(), cut_word: false };
    let mut start = 0;
    let mut last_fit: Option<usize> = None;
    for (position, opportunity) in linebreaks(text) {
        loop {
            let width = width_of(measures, glyph_at(start), glyph_at(position), scale, spacing);
            if width <= limit {
                last_fit = Some(position);
                break;
            }
            if let Some(fit) = last_fit.take().filter(|fit| *fit > start) {
                broken.lines.push(Line { start, end: fit });
                start = fit;
                continue;
            }
            // One word wider than the box: cut it after the last glyph that fits (at least one).
            broken.cut_word = true;
            let first = glyph_at(start);
            let mut end = first + 1;
            while end < glyph_at(position) && width_of(measures, first, end + 1, scale, spacing) <= limit {
                end += 1;
            }
            let cut = measures.get(end).map_or(position, |m| m.byte).min(position);
            broken.lines.push(Line { start, end: cut });
            start = cut;
        }
        if opportunity == BreakOpportunity::Mandatory && position > start {
            broken.lines.push(Line { start, end: position });
            start = position;
            last_fit = None;
        }
    }
    broken
}

/// Shapes the spans of one line at `size_pt`, without its trailing spaces and newline.
fn shape_line(
    book: &FontBook,
    styled: &Styled,
    faces: &[FaceId],
    line: &Line,
    size_pt: f32,
    spacing: f32,
) -> Result<Vec<Shaped>, LayoutError> {
    let end = line.start + styled.text[line.start..line.end].trim_end().len();
    let mut pieces = Vec::new();
    for (span, face) in styled.spans.iter().zip(faces) {
        let (from, to) = (span.start.max(line.start), span.end.min(end));
        if from < to {
            pieces.push(shape(book, &styled.text[from..to], *face, size_pt, spacing)?);
        }
    }
    Ok(pieces)
}
