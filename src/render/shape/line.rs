//! One line of a shaped paragraph: its runs in visual order (UAX #9 rule L2), its glyphs placed
//! at a size with letter spacing, and the glyph runs a page draws.

use std::ops::Range;

use super::harf::{RunProps, shape_run};
use super::{Glyph, Run, Shaped};
use crate::render::error::Result;
use crate::render::fonts::{FaceId, FontBook};
use crate::render::page::{GlyphRun, PlacedGlyph, Rgb};

/// A glyph placed on a line, relative to the line's start and baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct LineGlyph {
    pub face: FaceId,
    pub glyph_id: u16,
    /// Where the glyph is drawn: pen position plus the shaper's offset.
    pub x_pt: f32,
    /// Downwards from the baseline (marks placed above a letter are negative).
    pub y_pt: f32,
    pub advance_pt: f32,
    /// The bytes of `Shaped::text` its cluster stands for.
    pub text: Range<usize>,
}

/// A line ready to be drawn.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub glyphs: Vec<LineGlyph>,
    pub width_pt: f32,
}

/// The part of a run that lies on a line.
struct Piece<'a> {
    run: &'a Run,
    range: Range<usize>,
}

impl Shaped {
    /// Lays out `range` of the text (one line, without its trailing spaces) at `size_pt` with
    /// `spacing_pt` between clusters.
    pub fn line(&self, book: &FontBook, range: Range<usize>, size_pt: f32, spacing_pt: f32) -> Result<Line> {
        let mut pieces: Vec<Piece> = self
            .runs
            .iter()
            .filter(|run| run.range.start < range.end && range.start < run.range.end)
            .map(|run| Piece { run, range: run.range.start.max(range.start)..run.range.end.min(range.end) })
            .collect();
        reorder(&mut pieces);
        let mut line = Line::default();
        let mut pen = 0.0f32;
        let mut previous: Option<(u32, bool)> = None;
        let mut reshaped = Vec::new();
        for piece in &pieces {
            let glyphs = match self.slice(piece) {
                Some(glyphs) => glyphs,
                None => {
                    reshaped.clear();
                    let props = RunProps {
                        rtl: piece.run.is_rtl(),
                        script: piece.run.script,
                        language: self.language.as_ref(),
                    };
                    shape_run(book.face(piece.run.face)?, &self.text, piece.range.clone(), &props, &mut reshaped)?;
                    &reshaped[..]
                }
            };
            let rtl = piece.run.is_rtl();
            for (index, glyph) in glyphs.iter().enumerate() {
                // A word space is inside no word: spacing goes on its sides unless the letter
                // there joins (Arabic, Devanagari), so a word in such a script amid spaced text
                // has the same room on both sides.
                let spaced = piece.run.spaced || self.text[glyph.cluster as usize..].starts_with(char::is_whitespace);
                if let Some((cluster, previous_spaced)) = previous
                    && cluster != glyph.cluster
                    && previous_spaced
                    && spaced
                {
                    pen += spacing_pt;
                }
                let end = cluster_end(glyphs, index, rtl, piece.range.end);
                line.glyphs.push(LineGlyph {
                    face: piece.run.face,
                    glyph_id: glyph.id,
                    x_pt: pen + glyph.x_offset * size_pt,
                    y_pt: -glyph.y_offset * size_pt,
                    advance_pt: glyph.advance * size_pt,
                    text: glyph.cluster as usize..end,
                });
                pen += glyph.advance * size_pt;
                previous = Some((glyph.cluster, spaced));
            }
        }
        line.width_pt = pen;
        Ok(line)
    }

    /// The piece's glyphs as shaped with the whole run, when cutting the run there changes
    /// nothing (harfrust marks where it would).
    fn slice(&self, piece: &Piece) -> Option<&[Glyph]> {
        let glyphs = &self.glyphs[piece.run.glyphs.clone()];
        if piece.range == piece.run.range {
            return Some(glyphs);
        }
        let safe_at = |byte: usize| {
            byte == piece.run.range.start
                || byte == piece.run.range.end
                || glyphs.iter().any(|g| g.cluster as usize == byte)
                    && !glyphs.iter().any(|g| g.cluster as usize == byte && g.unsafe_to_break)
        };
        if !safe_at(piece.range.start) || !safe_at(piece.range.end) {
            return None;
        }
        let inside = |g: &Glyph| (piece.range.start..piece.range.end).contains(&(g.cluster as usize));
        let first = glyphs.iter().position(inside)?;
        let last = glyphs.iter().rposition(inside)?;
        Some(&glyphs[first..=last])
    }
}

/// UAX #9 rule L2: from the highest level down to the lowest odd one, reverse every stretch of
/// pieces at that level or above.
fn reorder(pieces: &mut [Piece]) {
    let Some(highest) = pieces.iter().map(|p| p.run.level).max() else { return };
    let Some(lowest_odd) = pieces.iter().map(|p| p.run.level).filter(|l| l % 2 == 1).min() else { return };
    for level in (lowest_odd..=highest).rev() {
        let mut start = 0;
        while start < pieces.len() {
            if pieces[start].run.level < level {
                start += 1;
                continue;
            }
            let end = start + pieces[start..].iter().take_while(|p| p.run.level >= level).count();
            pieces[start..end].reverse();
            start = end;
        }
    }
}

/// The end of the cluster of `glyphs[index]`: the start of the next cluster in logical order
/// (after it in a left-to-right piece, before it in a right-to-left one, as a piece's clusters
/// are monotone), or the piece's end.
fn cluster_end(glyphs: &[Glyph], index: usize, rtl: bool, piece_end: usize) -> usize {
    let cluster = glyphs[index].cluster;
    let next = if rtl {
        glyphs[..index].iter().rev().find(|g| g.cluster != cluster)
    } else {
        glyphs[index + 1..].iter().find(|g| g.cluster != cluster)
    };
    next.map_or(piece_end, |g| g.cluster as usize)
}

impl Line {
    /// Splits the line into glyph runs of one face each, starting at pen position `x_pt` on
    /// `baseline_pt`: what a layout puts on a page. `text` is the shaped text.
    pub fn to_runs(&self, text: &str, x_pt: f32, baseline_pt: f32, color: Rgb, size_pt: f32) -> Vec<GlyphRun> {
        let mut runs = Vec::new();
        let mut start = 0;
        while start < self.glyphs.len() {
            let face = self.glyphs[start].face;
            let end = self.glyphs[start..].iter().position(|g| g.face != face).map_or(self.glyphs.len(), |n| start + n);
            let part = &self.glyphs[start..end];
            let text_start = part.iter().map(|g| g.text.start).min().unwrap_or(0);
            let text_end = part.iter().map(|g| g.text.end).max().unwrap_or(text_start);
            let origin = part[0].x_pt;
            runs.push(GlyphRun {
                face,
                size_pt,
                color,
                x_pt: x_pt + origin,
                baseline_pt,
                glyphs: part
                    .iter()
                    .map(|g| PlacedGlyph {
                        glyph_id: g.glyph_id,
                        x_pt: g.x_pt - origin,
                        y_pt: g.y_pt,
                        advance_pt: g.advance_pt,
                        text: g.text.start - text_start..g.text.end - text_start,
                    })
                    .collect(),
                text: text[text_start..text_end].to_owned(),
            });
            start = end;
        }
        runs
    }
}
