//! Lines that repeat from page to page (a grade, a date, the same title on every certificate of
//! a course) are written once, as a form each page draws, instead of once per page. A line is a
//! stretch of consecutive glyph runs on one baseline in a page's variable layer. A line is
//! written inline the first `INLINE_BEFORE_FORM` times it is seen and becomes a form after: a
//! form costs about three inline copies, so only lines that keep coming back earn one.
//! Decisions depend only on the pages before, so the same pages always give the same file.

use std::collections::HashMap;

use crate::render::page::{GlyphRun, Item};

const INLINE_BEFORE_FORM: u8 = 2;
/// At most this many lines become forms.
const MAX_FORMS: usize = 4096;
/// Lines not yet forms are counted by hash, up to this many; then forgotten all at once.
const MAX_SEEN: usize = 16 * 1024;

pub(super) enum Decision {
    /// Write the line in the page's content.
    Inline,
    /// Draw the form with this index.
    Draw(u32),
    /// Write the line as a new form (it will have this index) and draw it.
    Create(u32),
}

/// Lines are known by a 128-bit hash of everything they draw (glyphs, positions, font, size,
/// colour, the text they stand for, the page height): two different lines sharing one is as
/// likely as guessing a random 128-bit key, and comparing hashes costs far less than comparing
/// glyph runs on every page.
type LineKey = (u64, u64);

#[derive(Default)]
pub(super) struct RepeatedLines {
    seen: HashMap<LineKey, u8>,
    forms: HashMap<LineKey, u32>,
    count: u32,
}

impl RepeatedLines {
    /// What to do with the line `items` (glyph runs on one baseline) of a page `height_pt` high.
    pub(super) fn decide(&mut self, items: &[Item], height_pt: f32) -> Decision {
        let hash = line_key(items, height_pt);
        if let Some(&index) = self.forms.get(&hash) {
            return Decision::Draw(index);
        }
        if self.count as usize >= MAX_FORMS {
            return Decision::Inline;
        }
        let times = self.seen.get(&hash).copied().unwrap_or(0);
        if times >= INLINE_BEFORE_FORM {
            self.seen.remove(&hash);
            let index = self.count;
            self.count += 1;
            self.forms.insert(hash, index);
            return Decision::Create(index);
        }
        if times == 0 && self.seen.len() >= MAX_SEEN {
            self.seen.clear();
        }
        self.seen.insert(hash, times + 1);
        Decision::Inline
    }
}

/// Where the line starting at `start` ends: consecutive glyph runs on the baseline of the
/// first; anything else is a line of one item.
pub(super) fn line_end(items: &[Item], start: usize) -> usize {
    let Some(Item::Text(first)) = items.get(start) else { return start + 1 };
    start + 1 + items[start + 1..].iter().take_while(|item| same_line(first, item)).count()
}

fn same_line(first: &GlyphRun, item: &Item) -> bool {
    matches!(item, Item::Text(run) if run.baseline_pt.to_bits() == first.baseline_pt.to_bits())
}

/// Two independent word hashes of everything the line draws.
fn line_key(items: &[Item], height_pt: f32) -> LineKey {
    let mut first = Words::new(0x243f_6a88_85a3_08d3, 0x51_7c_c1_b7_27_22_0a_95);
    let mut second = Words::new(0x1319_8a2e_0370_7344, 0x9e37_79b9_7f4a_7c15);
    let mut add = |word: u64| {
        first.add(word);
        second.add(word);
    };
    add(u64::from(height_pt.to_bits()));
    for item in items {
        let Item::Text(run) = item else { continue };
        add(u64::from(run.face.0) << 32 | u64::from(run.size_pt.to_bits()));
        add(u64::from(run.x_pt.to_bits()) << 32 | u64::from(run.baseline_pt.to_bits()));
        add(u64::from(run.color.r) << 16 | u64::from(run.color.g) << 8 | u64::from(run.color.b));
        add(run.glyphs.len() as u64);
        for glyph in &run.glyphs {
            add(u64::from(glyph.glyph_id) << 32 | u64::from(glyph.x_pt.to_bits()));
            add(u64::from(glyph.y_pt.to_bits()) << 32 | u64::from(glyph.advance_pt.to_bits()));
            add((glyph.text.start as u64) << 32 | glyph.text.end as u64);
        }
        add(run.text.len() as u64);
        for chunk in run.text.as_bytes().chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            add(u64::from_le_bytes(word));
        }
    }
    (first.0, second.0)
}

/// Multiply-rotate word hashing (as Firefox's FxHash), with a seed and multiplier of its own.
struct Words(u64, u64);

impl Words {
    fn new(seed: u64, multiplier: u64) -> Words {
        Words(seed, multiplier)
    }

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(self.1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fonts::FaceId;
    use crate::render::page::{PlacedGlyph, Rgb};

    fn run(glyphs: &[u16], baseline_pt: f32) -> Item {
        Item::Text(GlyphRun {
            face: FaceId(0),
            size_pt: 12.0,
            color: Rgb::BLACK,
            x_pt: 10.0,
            baseline_pt,
            glyphs: glyphs
                .iter()
                .enumerate()
                .map(|(i, &glyph_id)| PlacedGlyph {
                    glyph_id,
                    x_pt: i as f32 * 6.0,
                    y_pt: 0.0,
                    advance_pt: 6.0,
                    text: i..i + 1,
                })
                .collect(),
            text: "x".repeat(glyphs.len()),
        })
    }

    #[test]
    fn a_line_becomes_a_form_the_third_time_and_is_drawn_after() {
        let mut lines = RepeatedLines::default();
        let grade = [run(&[1, 2], 100.0), run(&[3], 100.0)];
        let name = [run(&[7, 8, 9], 80.0)];
        assert!(matches!(lines.decide(&grade, 500.0), Decision::Inline));
        assert!(matches!(lines.decide(&name, 500.0), Decision::Inline));
        assert!(matches!(lines.decide(&grade, 500.0), Decision::Inline));
        assert!(matches!(lines.decide(&name, 500.0), Decision::Inline));
        assert!(matches!(lines.decide(&grade, 500.0), Decision::Create(0)));
        assert!(matches!(lines.decide(&grade, 500.0), Decision::Draw(0)));
        assert!(matches!(lines.decide(&name, 500.0), Decision::Create(1)));
        assert!(matches!(lines.decide(&grade, 600.0), Decision::Inline), "another page height is another line");
        assert!(matches!(lines.decide(&[run(&[1, 2], 100.0)], 500.0), Decision::Inline));
    }

    #[test]
    fn lines_differing_in_anything_drawn_are_different_lines() {
        let line = [run(&[1, 2, 3], 100.0)];
        let key = line_key(&line, 500.0);
        let mut changes: Vec<Item> = Vec::new();
        for change in 0..5 {
            let mut item = line[0].clone();
            let Item::Text(run) = &mut item else { unreachable!() };
            match change {
                0 => run.text = "xxy".into(),
                1 => run.color = Rgb::new(0, 0, 1),
                2 => run.glyphs[1].x_pt += 0.01,
                3 => run.glyphs[2].glyph_id = 4,
                _ => run.size_pt = 12.5,
            }
            changes.push(item);
        }
        for (index, changed) in changes.iter().enumerate() {
            assert_ne!(line_key(std::slice::from_ref(changed), 500.0), key, "change {index}");
        }
        assert_eq!(line_key(&line, 500.0), key);
    }

    #[test]
    fn lines_are_runs_on_one_baseline() {
        let items = [run(&[1], 100.0), run(&[2], 100.0), run(&[3], 120.0)];
        assert_eq!(line_end(&items, 0), 2);
        assert_eq!(line_end(&items, 2), 3);
    }
}
