//! One run through harfrust: a stretch of text in one face, script and direction, with the
//! characters around it as context (so Arabic letters join across a change of face).

use std::cell::RefCell;
use std::ops::Range;

use harfrust::{Buffer, BufferFlags, Direction, ShapeOptions, ShaperFont};

use super::{Glyph, Language};
use crate::render::error::{RenderError, Result};
use crate::render::fonts::Face;

thread_local! {
    /// harfrust's buffer keeps its allocations between runs.
    static BUFFER: RefCell<Option<Buffer>> = const { RefCell::new(None) };
}

/// What harfrust needs besides the text.
pub(super) struct RunProps<'a> {
    pub rtl: bool,
    pub script: harfrust::Script,
    pub language: Option<&'a Language>,
}

/// Shapes `text[range]` in `face`, appending its glyphs to `out` in visual order.
pub(super) fn shape_run(
    face: &Face,
    text: &str,
    range: Range<usize>,
    props: &RunProps,
    out: &mut Vec<Glyph>,
) -> Result<()> {
    let unreadable =
        || RenderError::BadFont { name: face.postscript_name().to_owned(), reason: "harfrust cannot read it".into() };
    let font = face.shaper_font().ok_or_else(unreadable)?;
    let direction = if props.rtl { Direction::RightToLeft } else { Direction::LeftToRight };
    let language = props.language.and_then(|language| language.harf.as_ref());
    let plan = face.plan(direction, props.script, language).ok_or_else(unreadable)?;
    let per_em = 1.0 / face.metrics().units_per_em as f32;
    BUFFER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let buffer = slot.get_or_insert_with(Buffer::new);
        buffer.clear();
        let slice = &text[range.clone()];
        if slice.chars().any(char::is_control) {
            for (offset, c) in slice.char_indices() {
                buffer.push(shapeable(c) as u32, offset as u32);
            }
        } else {
            buffer.push_str(slice);
        }
        buffer.set_pre_context(&text[..range.start]);
        buffer.set_post_context(&text[range.end..]);
        buffer.set_direction(direction);
        buffer.set_script(Some(props.script));
        buffer.set_language(language.cloned());
        let mut flags = BufferFlags::REMOVE_DEFAULT_IGNORABLES;
        if range.start == 0 {
            flags |= BufferFlags::BEGINNING_OF_TEXT;
        }
        if range.end == text.len() {
            flags |= BufferFlags::END_OF_TEXT;
        }
        buffer.set_flags(flags);
        harfrust::shape(&ShaperFont::new(font), buffer, ShapeOptions::new().plan(Some(&plan))).map_err(|error| {
            RenderError::BadFont { name: face.postscript_name().to_owned(), reason: error.to_string() }
        })?;
        // Clusters count from the run's start; the text's bytes count from its own.
        let start = range.start as u32;
        out.extend(buffer.glyph_infos().iter().zip(buffer.glyph_positions()).map(|(info, position)| Glyph {
            id: u16::try_from(info.glyph_id).unwrap_or(0),
            cluster: start + info.cluster,
            advance: position.x_advance as f32 * per_em,
            x_offset: position.x_offset as f32 * per_em,
            y_offset: position.y_offset as f32 * per_em,
            unsafe_to_break: info.unsafe_to_break(),
        }));
        Ok(())
    })
}

/// Tabs are set as spaces; other control characters (which fonts lack and which layout has
/// already acted on) become a zero-width space, a default ignorable that shaping removes.
fn shapeable(c: char) -> char {
    match c {
        '\t' => ' ',
        c if c.is_control() => '\u{200b}',
        c => c,
    }
}
