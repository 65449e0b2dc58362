//! Lines that repeat from page to page (a grade, a date, the same title on every certificate of
//! a course) are written once, as a form each page draws, instead of once per page. A line is a
//! stretch of consecutive glyph runs on one baseline in a page's variable layer. A line is
//! written inline the first `INLINE_BEFORE_FORM` times it is seen and becomes a form after: a
//! form costs about three inline copies, so only lines that keep coming back earn one.
//! Decisions depend only on the pages before, so the same pages always give the same file.

use std::collections::HashMap;

use crate::render::page::{GlyphRun, Item};

const INLINE_BEFORE_FORM: u8 = 2;
/// At most this many lines become forms (each is kept, about a kilobyte, to compare with later
/// lines).
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

struct LineForm {
    height_bits: u32,
    items: Vec<Item>,
    index: u32,
}

#[derive(Default)]
pub(super) struct RepeatedLines {
    seen: HashMap<u64, u8>,
    forms: HashMap<u64, Vec<LineForm>>,
    count: u32,
}

impl RepeatedLines {
    /// What to do with the line `items` (glyph runs on one baseline) of a page `height_pt` high.
    pub(super) fn decide(&mut self, items: &[Item], height_pt: f32) -> Decision {
        let hash = line_hash(items, height_pt);
        if let Some(found) = self.forms.get(&hash).and_then(|candidates| {
            candidates.iter().find(|form| form.height_bits == height_pt.to_bits() && form.items == items)
        }) {
            return Decision::Draw(found.index);
        }
        if self.count as usize >= MAX_FORMS {
            return Decision::Inline;
        }
        let times = self.seen.get(&hash).copied().unwrap_or(0);
        if times >= INLINE_BEFORE_FORM {
            self.seen.remove(&hash);
            let index = self.count;
            self.count += 1;
            let form = LineForm { height_bits: height_pt.to_bits(), items: items.to_vec(), index };
            self.forms.entry(hash).or_default().push(form);
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

/// A quick hash of what a line draws (a word at a time; equal lines are still compared in full
/// before a form is reused).
fn line_hash(items: &[Item], height_pt: f32) -> u64 {
    let mut hash = Words(u64::from(height_pt.to_bits()));
    for item in items {
        if let Item::Text(run) = item {
            hash.add(u64::from(run.face.0) << 32 | u64::from(run.size_pt.to_bits()));
            hash.add(u64::from(run.x_pt.to_bits()) << 32 | u64::from(run.baseline_pt.to_bits()));
            hash.add(u64::from(run.color.r) << 16 | u64::from(run.color.g) << 8 | u64::from(run.color.b));
            for glyph in &run.glyphs {
                hash.add(u64::from(glyph.glyph_id) << 32 | u64::from(glyph.x_pt.to_bits()));
            }
        }
    }
    hash.0
}

/// Multiply-rotate word hashing (as in Firefox's FxHash): deterministic and cheap.
struct Words(u64);

impl Words {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
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
    fn lines_are_runs_on_one_baseline() {
        let items = [run(&[1], 100.0), run(&[2], 100.0), run(&[3], 120.0)];
        assert_eq!(line_end(&items, 0), 2);
        assert_eq!(line_end(&items, 2), 3);
    }
}
