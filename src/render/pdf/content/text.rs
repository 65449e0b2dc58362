//! Glyph runs as PDF text: one font and colour per run, letter spacing as `Tc`, kerning and
//! mark positions as TJ adjustments, marks moved off the baseline with `Ts`.
//!
//! Extraction: a glyph's ToUnicode entry gives the text of the cluster it first drew. A cluster
//! that one glyph draws and whose ToUnicode entry is exactly its text extracts as is; any other
//! cluster (a ligature, an Indic conjunct, a letter with reordered or stacked marks, a letter
//! with a mark drawn as a glyph of its own, and every multi-character right-to-left cluster) is wrapped in an `/ActualText` span holding its text.

use super::extraction::{extracts_in_order, is_rtl, one_to_one, run_text};
use super::placement::{Drawn, Scratch, drawing_order, most_common, place, segments};
use super::{Centi, ContentWriter, centi, round};
use crate::render::error::Result;
use crate::render::fonts::Face;
use crate::render::page::GlyphRun;
use crate::render::pdf::Resources;
use crate::render::pdf::fonts::FontUsage;

/// Whether `text` holds a combining mark. A mark drawn as a glyph of its own over its letter
/// (Thai vowels and tone marks) is read by poppler as text of the line below, or after the
/// next letter, however it is mapped: such a cluster gets an ActualText span.
fn has_mark(text: &str) -> bool {
    text.chars().any(unicode_normalization::char::is_combining_mark)
}

/// Whether `text` holds a space drawn as a glyph a full em wide or more (the ideographic space
/// between a Japanese family and given name, `山田　太郎`): poppler reads the glyph's width as a
/// gap between columns and puts the two names on lines of their own. Such a run gets an
/// ActualText span of its text, as letter-spaced text does.
fn has_wide_space(text: &str) -> bool {
    text.contains(['\u{3000}', '\u{2001}', '\u{2003}'])
}

impl ContentWriter {
    pub(in crate::render::pdf) fn text(&mut self, run: &GlyphRun, res: &mut Resources) -> Result<()> {
        if run.glyphs.is_empty() {
            return Ok(());
        }
        let (font_index, face) = res.font(run.face)?;
        // In 1/10,000 pt: a size that shrink-to-fit chose is rarely a round number, and a size
        // rounded to 1/100 pt drifts from the laid-out positions by a TJ adjustment every few
        // glyphs.
        let size = round(run.size_pt as f64 * 10_000.0);
        if size <= 0 {
            return Ok(());
        }
        let origin = match self.text_origin {
            Some(origin) => origin,
            None => {
                self.op("BT");
                (0, 0)
            }
        };
        if self.font != Some((font_index, size)) {
            self.name(b'F', font_index);
            self.push_fixed(size, 4);
            self.op(" Tf");
            self.font = Some((font_index, size));
        }
        self.set_fill(run.color);
        let target = (centi(run.x_pt), self.height - centi(run.baseline_pt));
        self.nums(&[target.0 - origin.0, target.1 - origin.1]);
        self.op("Td");
        self.text_origin = Some(target);

        let em = size as f64 / 10_000_000.0; // points per 1/1000 em
        let usage = &mut res.fonts[font_index as usize];
        let mut scratch = std::mem::take(&mut self.scratch);
        match self.plain_run(run, face, usage, em, &mut scratch) {
            Ok(false) => {}
            written => {
                self.scratch = scratch;
                return written.map(drop);
            }
        }
        drawing_order(run, &mut scratch);
        scratch.drawn.clear();
        for cluster in &mut scratch.clusters {
            let order = &scratch.order[cluster.drawn.clone()];
            let text = run.text.get(run.glyphs[order[0]].text.clone()).unwrap_or("");
            let chars = if order.len() > 1 {
                let ids: Vec<u16> = order.iter().map(|&glyph| run.glyphs[glyph].glyph_id).collect();
                one_to_one(face, text, &ids)
            } else {
                None
            };
            let mut faithful = true;
            for (position, &glyph) in order.iter().enumerate() {
                let placed = &run.glyphs[glyph];
                // Each glyph stands for its own character when the cluster maps one to one;
                // otherwise the first glyph for the cluster's text and the others for nothing.
                let own = match &chars {
                    Some(chars) => Some(&text[chars[position].clone()]),
                    None => (position == 0).then_some(text),
                };
                let code = usage.remap(placed.glyph_id, || own)?;
                faithful &= own.is_some_and(|own| usage.maps_to(code, own));
                let width_pt = usage.width(face, placed.glyph_id) as f64 * em;
                scratch.drawn.push(Drawn { glyph, code, width_pt, adjust: 0, extra: 0 });
            }
            cluster.faithful = faithful
                && extracts_in_order(text, chars.as_deref(), order.len())
                && !(order.len() > 1 && has_mark(text));
        }
        let spacing = self.letter_spacing(run, &mut scratch);
        place(run, &mut scratch, spacing, em);
        for segment in segments(run, &scratch) {
            if segment.opens_span {
                let glyph = scratch.drawn[segment.drawn.start].glyph;
                self.actual_text(run.text.get(run.glyphs[glyph].text.clone()).unwrap_or(""));
            }
            self.set_rise(segment.rise);
            let mut from = segment.drawn.start;
            for at in segment.drawn.clone() {
                let extra = scratch.drawn[at].extra;
                if extra != 0 {
                    self.show(&scratch.drawn[from..at]);
                    self.set_char_spacing(spacing + extra);
                    self.show(&scratch.drawn[at..at + 1]);
                    self.set_char_spacing(spacing);
                    from = at + 1;
                }
            }
            self.show(&scratch.drawn[from..segment.drawn.end]);
            if segment.closes_span {
                self.op("EMC");
            }
        }
        self.set_rise(0);
        self.scratch = scratch;
        Ok(())
    }

    /// The common case, written the short way: one glyph per cluster, each mapped by ToUnicode
    /// to exactly its text, all on the baseline: one text operator, and no span unless the
    /// letters are spaced apart (see `run_text`) or an ideographic space is among them
    /// (`has_wide_space`). Writes nothing and answers false for any other
    /// run.
    fn plain_run(
        &mut self,
        run: &GlyphRun,
        face: &Face,
        usage: &mut FontUsage,
        em: f64,
        scratch: &mut Scratch,
    ) -> Result<bool> {
        let glyphs = &run.glyphs;
        if glyphs.iter().any(|g| g.y_pt != 0.0) || glyphs.windows(2).any(|pair| pair[0].text == pair[1].text) {
            return Ok(false);
        }
        scratch.drawn.clear();
        scratch.clusters.clear();
        for (glyph, placed) in glyphs.iter().enumerate() {
            let text = run.text.get(placed.text.clone()).unwrap_or("");
            let code = usage.remap(placed.glyph_id, || Some(text))?;
            if !(usage.maps_to(code, text) && (text.chars().nth(1).is_none() || !is_rtl(text))) {
                return Ok(false);
            }
            let width_pt = usage.width(face, placed.glyph_id) as f64 * em;
            scratch.drawn.push(Drawn { glyph, code, width_pt, adjust: 0, extra: 0 });
        }
        let spacing = self.letter_spacing(run, scratch);
        place(run, scratch, spacing, em);
        let words = (spacing > 0 || has_wide_space(run_text(run))).then(|| run_text(run));
        if let Some(words) = words {
            self.actual_text(words);
        }
        self.show(&scratch.drawn);
        if words.is_some() {
            self.op("EMC");
        }
        Ok(true)
    }

    /// Letter spacing shows up as the same gap after most glyphs: `Tc` takes it, TJ adjustments
    /// what remains (kerning, marks).
    fn letter_spacing(&mut self, run: &GlyphRun, scratch: &mut Scratch) -> Centi {
        scratch.gaps.clear();
        for pair in scratch.drawn.windows(2) {
            let (this, next) = (&run.glyphs[pair[0].glyph], &run.glyphs[pair[1].glyph]);
            scratch.gaps.push(round(((next.x_pt - this.x_pt) as f64 - pair[0].width_pt) * 100.0));
        }
        let spacing = most_common(&mut scratch.gaps);
        self.set_char_spacing(spacing);
        spacing
    }

    pub(in crate::render::pdf) fn set_char_spacing(&mut self, spacing: Centi) {
        if spacing != self.char_spacing {
            self.nums(&[spacing]);
            self.op("Tc");
            self.char_spacing = spacing;
        }
    }

    pub(in crate::render::pdf) fn set_rise(&mut self, rise: Centi) {
        if rise != self.rise {
            self.nums(&[rise]);
            self.op("Ts");
            self.rise = rise;
        }
    }

    /// Opens a marked-content span whose text replaces the glyphs' for extraction (closed by
    /// EMC). Right-to-left text is written in visual order, as the glyphs are: extractors
    /// (poppler, MuPDF, pdfminer) lay a span's characters out left to right over its glyphs, and
    /// poppler then reverses a right-to-left line character by character.
    fn actual_text(&mut self, text: &str) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.out.extend_from_slice(b"/Span<</ActualText<FEFF");
        let out = &mut self.out;
        let mut push = |c: char| {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                for byte in unit.to_be_bytes() {
                    out.extend_from_slice(&[HEX[(byte >> 4) as usize], HEX[(byte & 15) as usize]]);
                }
            }
        };
        if is_rtl(text) {
            text.chars().rev().for_each(&mut push);
        } else {
            text.chars().for_each(&mut push);
        }
        self.out.extend_from_slice(b">>>BDC\n");
    }

    /// Shows glyphs, each after its TJ adjustment.
    fn show(&mut self, drawn: &[Drawn]) {
        if drawn.is_empty() {
            return;
        }
        let positioned = drawn.iter().any(|d| d.adjust != 0);
        if positioned {
            self.out.push(b'[');
        }
        let mut open = false;
        for d in drawn {
            if d.adjust != 0 {
                if open {
                    self.close_string();
                    open = false;
                }
                self.nums(&[d.adjust * 100]);
            }
            if !open {
                self.out.push(if self.hex_strings { b'<' } else { b'(' });
                open = true;
            }
            self.glyph_code(d.code);
        }
        if open {
            self.close_string();
        }
        self.out.extend_from_slice(if positioned { b"]TJ\n" } else { b"Tj\n" });
    }

    fn glyph_code(&mut self, code: u16) {
        for byte in code.to_be_bytes() {
            if self.hex_strings {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                self.out.extend_from_slice(&[HEX[(byte >> 4) as usize], HEX[(byte & 15) as usize]]);
            } else {
                match byte {
                    b'(' | b')' | b'\\' => self.out.extend_from_slice(&[b'\\', byte]),
                    // A bare CR in a literal string would be read as a line feed.
                    b'\r' => self.out.extend_from_slice(b"\\r"),
                    _ => self.out.push(byte),
                }
            }
        }
    }

    fn close_string(&mut self) {
        self.out.push(if self.hex_strings { b'>' } else { b')' });
    }
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
