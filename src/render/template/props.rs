//! Reads the `key: value` properties of one block: typed access, duplicates and unknown keys
//! reported at their position, with a "did you mean" hint.

use super::TemplateError;
use super::model::{Align, Family, Placement, TextStyle};
use super::tree::{Node, Property};
use super::values;

pub(super) const PLACEMENT_KEYS: &[&str] =
    &["top", "bottom", "middle", "left", "right", "center", "width", "height", "space-before", "space-after"];
pub(super) const STYLE_KEYS: &[&str] =
    &["font", "weight", "style", "size", "color", "align", "letter-spacing", "line-height"];

pub(super) struct Props<'n, 'a> {
    list: &'n [Property<'a>],
    used: Vec<bool>,
}

impl<'n, 'a> Props<'n, 'a> {
    pub fn of(node: &'n Node<'a>) -> Result<Self, TemplateError> {
        for (index, property) in node.properties.iter().enumerate() {
            if node.properties[..index].iter().any(|earlier| earlier.key == property.key) {
                return Err(TemplateError::at(property.key_pos, format!("`{}` is set twice", property.key)));
            }
        }
        Ok(Props { list: &node.properties, used: vec![false; node.properties.len()] })
    }

    /// Parses `key` with `parse`, reporting a bad value at the value's position.
    pub fn get<T>(&mut self, key: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, TemplateError> {
        let Some(index) = self.list.iter().position(|property| property.key == key) else {
            return Ok(None);
        };
        self.used[index] = true;
        let property = &self.list[index];
        parse(property.value).map(Some).map_err(|message| TemplateError::at(property.value_pos, message))
    }

    /// Fails on the first property not read by the block, naming what `block` accepts.
    pub fn finish(self, block: &str, allowed: &[&[&str]]) -> Result<(), TemplateError> {
        let Some(index) = self.used.iter().position(|used| !used) else {
            return Ok(());
        };
        let property = &self.list[index];
        let mut message = format!("`{block}` has no property `{}`", property.key);
        let allowed: Vec<&str> = allowed.iter().flat_map(|keys| keys.iter().copied()).collect();
        if let Some(hint) = crate::domain::spelling::closest(property.key, &allowed) {
            message.push_str(&format!(" (did you mean `{hint}`?)"));
        }
        Err(TemplateError::at(property.key_pos, message))
    }

    pub fn placement(&mut self, key_pos_of_block: super::model::Pos) -> Result<Placement, TemplateError> {
        let mut place = Placement {
            top: self.get("top", values::length)?,
            bottom: self.get("bottom", values::length)?,
            middle: self.get("middle", values::length)?,
            left: self.get("left", values::length)?,
            right: self.get("right", values::length)?,
            center: self.get("center", values::length)?,
            width: self.get("width", values::positive_length)?,
            height: self.get("height", values::positive_length)?,
            ..Placement::default()
        };
        place.space_before = self.get("space-before", values::length)?.unwrap_or(0.0);
        place.space_after = self.get("space-after", values::length)?.unwrap_or(0.0);
        let vertical = [place.top, place.bottom, place.middle].iter().flatten().count();
        if vertical > 1 {
            return Err(TemplateError::at(key_pos_of_block, "give only one of `top`, `bottom` and `middle`"));
        }
        let horizontal = [place.left, place.right, place.center].iter().flatten().count();
        if place.center.is_some() && horizontal > 1 {
            return Err(TemplateError::at(key_pos_of_block, "`center` cannot be combined with `left` or `right`"));
        }
        if horizontal == 2 && place.width.is_some() {
            return Err(TemplateError::at(key_pos_of_block, "give at most two of `left`, `right` and `width`"));
        }
        Ok(place)
    }

    /// The text style keys set here over `base`; `size` only when `with_size` (the page's
    /// `size` is the paper size).
    pub fn text_style(&mut self, base: &TextStyle, with_size: bool) -> Result<TextStyle, TemplateError> {
        let mut style = base.clone();
        if let Some(family) = self.get("font", |v| {
            values::keyword(v, &[("serif", Family::Serif), ("sans", Family::Sans), ("mono", Family::Mono)])
        })? {
            style.family = family;
        }
        if let Some(bold) =
            self.get("weight", |v| values::keyword(v, &[("regular", false), ("normal", false), ("bold", true)]))?
        {
            style.bold = bold;
        }
        if let Some(italic) = self.get("style", |v| values::keyword(v, &[("normal", false), ("italic", true)]))? {
            style.italic = italic;
        }
        if let Some(size) = if with_size { self.get("size", size)? } else { None } {
            style.size_pt = size;
        }
        if let Some(color) = self.get("color", values::color)? {
            style.color = color;
        }
        if let Some(align) = self.get("align", |v| {
            values::keyword(
                v,
                &[("left", Align::Left), ("center", Align::Center), ("centre", Align::Center), ("right", Align::Right)],
            )
        })? {
            style.align = align;
        }
        if let Some(spacing) = self.get("letter-spacing", values::length)? {
            style.letter_spacing_pt = spacing;
        }
        if let Some(line_height) = self.get("line-height", |v| values::number(v, 0.5, 5.0))? {
            style.line_height = line_height;
        }
        Ok(style)
    }
}

/// A font size: a length from 1pt to 500pt.
pub(super) fn size(value: &str) -> Result<f32, String> {
    let size = values::positive_length(value)?;
    if !(1.0..=500.0).contains(&size) {
        return Err(format!("a font size must be between 1pt and 500pt, not {size}pt"));
    }
    Ok(size)
}
