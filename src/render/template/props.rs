//! Reads the `key: value` properties of one block: typed access, and every mistake in them
//! (a bad value, a key set twice, a key the block does not take, with a "did you mean" hint)
//! gathered at its position, so that one pass reports them all.

use super::TemplateError;
use super::model::{Align, Family, Placement, Pos, TextStyle};
use super::tree::{Node, Property};
use super::values;

pub(super) const PLACEMENT_KEYS: &[&str] =
    &["top", "bottom", "middle", "left", "right", "center", "width", "height", "space-before", "space-after"];
pub(super) const STYLE_KEYS: &[&str] =
    &["font", "weight", "style", "size", "color", "align", "letter-spacing", "line-height"];
/// The text style keys a page sets for every text: all but `size`, which there is the paper's.
pub(super) const PAGE_STYLE_KEYS: &[&str] =
    &["font", "weight", "style", "color", "align", "letter-spacing", "line-height"];

pub(super) struct Props<'n, 'a> {
    list: &'n [Property<'a>],
    used: Vec<bool>,
    /// The mistakes found so far, in the order found.
    errors: Vec<TemplateError>,
}

impl<'n, 'a> Props<'n, 'a> {
    /// `node`'s properties; a key set again is a mistake, and its first value is the one read.
    pub fn of(node: &'n Node<'a>) -> Self {
        let mut props = Props { list: &node.properties, used: vec![false; node.properties.len()], errors: Vec::new() };
        for (index, property) in node.properties.iter().enumerate() {
            if node.properties[..index].iter().any(|earlier| earlier.key == property.key) {
                props.used[index] = true;
                props.refuse(property.key_pos, format!("`{}` is set twice", property.key));
            }
        }
        props
    }

    /// `key` parsed with `parse`; a bad value is recorded at its position and reads as unset.
    pub fn get<T>(&mut self, key: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let index = self.list.iter().position(|property| property.key == key)?;
        self.used[index] = true;
        let property = &self.list[index];
        parse(property.value).map_err(|message| self.refuse(property.value_pos, message)).ok()
    }

    /// Records a mistake of the block's.
    pub fn refuse(&mut self, pos: Pos, message: impl Into<String>) {
        self.errors.push(TemplateError::at(pos, message));
    }

    /// Records the mistake in `outcome`, if there is one.
    pub fn record(&mut self, outcome: Result<(), TemplateError>) {
        if let Err(error) = outcome {
            self.errors.push(error);
        }
    }

    /// Whether no mistake was found so far. A check across properties runs only then: with a
    /// bad value read as unset, it would report what follows from that mistake, not a new one.
    pub fn sound(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every mistake found, after the properties the block did not read, each named with what
    /// `block` accepts. Nothing is found when the result is empty.
    pub fn finish(mut self, block: &str, allowed: &[&[&str]]) -> Vec<TemplateError> {
        let allowed: Vec<&str> = allowed.iter().flat_map(|keys| keys.iter().copied()).collect();
        for (property, _) in self.list.iter().zip(&self.used).filter(|(_, used)| !**used) {
            let mut message = format!("`{block}` has no property `{}`", property.key);
            if let Some(hint) = crate::domain::spelling::closest(property.key, &allowed) {
                message.push_str(&format!(" (did you mean `{hint}`?)"));
            }
            self.errors.push(TemplateError::at(property.key_pos, message));
        }
        self.errors
    }

    /// The mistakes found in what was read, when the block could not be read to its end:
    /// the properties it did not come to are not said to be unknown.
    pub fn abandon(self) -> Vec<TemplateError> {
        self.errors
    }

    /// The block's place; a contradiction among its keys is recorded at `key_pos_of_block`.
    pub fn placement(&mut self, key_pos_of_block: Pos) -> Placement {
        let mut place = Placement {
            top: self.get("top", values::length),
            bottom: self.get("bottom", values::length),
            middle: self.get("middle", values::length),
            left: self.get("left", values::length),
            right: self.get("right", values::length),
            center: self.get("center", values::length),
            width: self.get("width", values::positive_length),
            height: self.get("height", values::positive_length),
            ..Placement::default()
        };
        place.space_before = self.get("space-before", values::length).unwrap_or(0.0);
        place.space_after = self.get("space-after", values::length).unwrap_or(0.0);
        let vertical = [place.top, place.bottom, place.middle].iter().flatten().count();
        if vertical > 1 {
            self.refuse(key_pos_of_block, "give only one of `top`, `bottom` and `middle`");
        }
        let horizontal = [place.left, place.right, place.center].iter().flatten().count();
        if place.center.is_some() && horizontal > 1 {
            self.refuse(key_pos_of_block, "`center` cannot be combined with `left` or `right`");
        } else if horizontal == 2 && place.width.is_some() {
            self.refuse(key_pos_of_block, "give at most two of `left`, `right` and `width`");
        }
        place
    }

    /// The text style keys set here over `base`; `size` only when `with_size` (the page's
    /// `size` is the paper size).
    pub fn text_style(&mut self, base: &TextStyle, with_size: bool) -> TextStyle {
        let mut style = base.clone();
        if let Some(family) = self.get("font", |v| {
            values::keyword(v, &[("serif", Family::Serif), ("sans", Family::Sans), ("mono", Family::Mono)])
        }) {
            style.family = family;
        }
        if let Some(bold) =
            self.get("weight", |v| values::keyword(v, &[("regular", false), ("normal", false), ("bold", true)]))
        {
            style.bold = bold;
        }
        if let Some(italic) = self.get("style", |v| values::keyword(v, &[("normal", false), ("italic", true)])) {
            style.italic = italic;
        }
        if let Some(size) = if with_size { self.get("size", size) } else { None } {
            style.size_pt = size;
        }
        if let Some(color) = self.get("color", values::color) {
            style.color = color;
        }
        if let Some(align) = self.get("align", |v| {
            values::keyword(
                v,
                &[("left", Align::Left), ("center", Align::Center), ("centre", Align::Center), ("right", Align::Right)],
            )
        }) {
            style.align = align;
        }
        if let Some(spacing) = self.get("letter-spacing", letter_spacing) {
            style.letter_spacing_pt = spacing;
        }
        if let Some(line_height) = self.get("line-height", |v| values::number(v, 0.5, 5.0)) {
            style.line_height = line_height;
        }
        style
    }
}

/// Letter spacing: a length of 0 or more. Spacing below 0 draws letters over each other, and
/// text read back from the page (`pdftotext`, `verify --file`) no longer gives the grade or
/// name the page was meant to print.
pub(super) fn letter_spacing(value: &str) -> Result<f32, String> {
    let spacing = values::length(value)?;
    if spacing < 0.0 {
        return Err(format!(
            "`letter-spacing` must be 0 or more, not `{}`: letters set closer than the font sets them overlap, and the page no longer reads as its text",
            value.trim()
        ));
    }
    Ok(spacing)
}

/// A font size: a length from 1pt to 500pt.
pub(super) fn size(value: &str) -> Result<f32, String> {
    let size = values::positive_length(value)?;
    if !(1.0..=500.0).contains(&size) {
        return Err(format!("a font size must be between 1pt and 500pt, not {size}pt"));
    }
    Ok(size)
}
