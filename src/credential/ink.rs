//! The colour and opacity a content stream paints with, as far as telling text a reader can
//! see from text in the colour of what lies under it depends on them: the fill and stroke
//! colours in the device colour spaces (and ICC-based or calibrated ones read as those), the
//! constant opacities and soft masks of `gs`, and the line width.

use lopdf::{Dictionary, Document, Object};

use super::visible::number;

/// An sRGB colour, components from 0 to 1.
pub type Rgb = [f64; 3];

pub const WHITE: Rgb = [1.0, 1.0, 1.0];

/// What paint is put on the page with: its colour, `None` where it cannot be told (a pattern,
/// a separation, an indexed or Lab colour, or anything under a soft mask or a blend mode other
/// than normal), and its constant opacity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink {
    pub colour: Option<Rgb>,
    pub alpha: f64,
}

impl Ink {
    const BLACK: Ink = Ink { colour: Some([0.0, 0.0, 0.0]), alpha: 1.0 };

    /// Paint that shows nothing for certain: under a soft mask or a blend mode, what ends up on
    /// the page cannot be told, so it neither hides what is under it nor can be told from it.
    const UNTOLD: Ink = Ink { colour: None, alpha: 0.0 };

    /// How far this ink, drawn over `backdrop`, stands out from it: the largest difference of
    /// a component, times the opacity; 1 (fully) where either colour cannot be told.
    pub fn contrast(&self, backdrop: Option<Rgb>) -> f64 {
        match (self.colour, backdrop) {
            (Some(ink), Some(under)) => {
                self.alpha * ink.iter().zip(under).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max)
            }
            _ => 1.0,
        }
    }

    /// The contrast ratio of this ink, drawn over `backdrop`, with it: the ratio of the lighter
    /// colour's relative luminance to the darker's, each plus 0.05 (WCAG 2), from 1 (the same)
    /// to 21 (black on white). Infinite where either colour cannot be told.
    pub fn contrast_ratio(&self, backdrop: Option<Rgb>) -> f64 {
        let (Some(ink), Some(under)) = (self.colour, backdrop) else {
            return f64::INFINITY;
        };
        let alpha = self.alpha.clamp(0.0, 1.0);
        let drawn: Rgb = std::array::from_fn(|at| alpha * ink[at] + (1.0 - alpha) * under[at]);
        let (a, b) = (relative_luminance(drawn), relative_luminance(under));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// The relative luminance of an sRGB colour (WCAG 2).
fn relative_luminance(colour: Rgb) -> f64 {
    let linear = |c: f64| if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) };
    let [r, g, b] = colour.map(linear);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// The colour space a colour operator's numbers are in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// One whose colours cannot be told (patterns, separations, indexed, Lab).
    Other,
}

impl Space {
    /// The colour `numbers` give in this space; `None` when they are not its components.
    fn colour(self, numbers: &[f64]) -> Option<Rgb> {
        let unit = |n: f64| n.clamp(0.0, 1.0);
        match (self, numbers) {
            (Space::Gray, &[gray]) => Some([unit(gray); 3]),
            (Space::Rgb, &[r, g, b]) => Some([unit(r), unit(g), unit(b)]),
            (Space::Cmyk, &[c, m, y, k]) => {
                let k = unit(k);
                Some([c, m, y].map(|n| (1.0 - unit(n)) * (1.0 - k)))
            }
            _ => None,
        }
    }

    /// The space `cs`/`CS` names: a device space, or one of the resources' `/ColorSpace`.
    fn named(document: &Document, resources: &Dictionary, name: &[u8]) -> Space {
        match name {
            b"DeviceGray" | b"G" | b"CalGray" => return Space::Gray,
            b"DeviceRGB" | b"RGB" | b"CalRGB" => return Space::Rgb,
            b"DeviceCMYK" | b"CMYK" => return Space::Cmyk,
            _ => {}
        }
        let defined = super::page_text::dict_in(document, resources, b"ColorSpace")
            .and_then(|spaces| spaces.get(name).ok())
            .and_then(|space| document.dereference(space).ok())
            .map(|(_, space)| space);
        match defined {
            Some(Object::Name(name)) if name.as_slice() != b"Pattern" => Space::named(document, resources, name),
            Some(Object::Array(array)) => Space::of_array(document, array),
            _ => Space::Other,
        }
    }

    /// `[/ICCBased stream]` (read as the device space of as many components), `[/CalRGB …]`,
    /// `[/CalGray …]`; anything else cannot be told.
    fn of_array(document: &Document, array: &[Object]) -> Space {
        match array.first().and_then(|family| family.as_name().ok()) {
            Some(b"CalRGB") => Space::Rgb,
            Some(b"CalGray") => Space::Gray,
            Some(b"ICCBased") => {
                let stream = array.get(1).and_then(|stream| document.dereference(stream).ok());
                let components =
                    stream.and_then(|(_, stream)| stream.as_stream().ok()?.dict.get(b"N").ok()?.as_i64().ok());
                match components {
                    Some(1) => Space::Gray,
                    Some(3) => Space::Rgb,
                    Some(4) => Space::Cmyk,
                    _ => Space::Other,
                }
            }
            _ => Space::Other,
        }
    }
}

/// What `q` saves and `Q` restores of the colours, opacities and line width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Inks {
    fill: Ink,
    stroke: Ink,
    fill_space: Space,
    stroke_space: Space,
    /// Under a soft mask (`gs` with `/SMask`).
    masked: bool,
    /// Under a blend mode other than normal (`gs` with `/BM`).
    blended: bool,
    /// The line width, in user space units (`w`).
    pub line_width: f64,
}

impl Default for Inks {
    /// The state a page starts in: black, opaque, 1 unit lines.
    fn default() -> Inks {
        Inks {
            fill: Ink::BLACK,
            stroke: Ink::BLACK,
            fill_space: Space::Gray,
            stroke_space: Space::Gray,
            masked: false,
            blended: false,
            line_width: 1.0,
        }
    }
}

impl Inks {
    /// What fills (and text drawn filled, and images) paint with.
    pub fn fill(&self) -> Ink {
        if self.masked || self.blended { Ink::UNTOLD } else { self.fill }
    }

    /// What strokes (and text drawn outlined) paint with.
    pub fn stroke(&self) -> Ink {
        if self.masked || self.blended { Ink::UNTOLD } else { self.stroke }
    }

    /// Applies a colour, opacity or line-width operator; false for any other operator.
    pub fn apply(&mut self, document: &Document, resources: &Dictionary, operator: &str, operands: &[Object]) -> bool {
        let numbers = || operands.iter().filter_map(number).collect::<Vec<f64>>();
        let space_named = || {
            let name = operands.first().and_then(|name| name.as_name().ok()).unwrap_or_default();
            Space::named(document, resources, name)
        };
        match operator {
            "g" => self.set_fill(Space::Gray, &numbers()),
            "rg" => self.set_fill(Space::Rgb, &numbers()),
            "k" => self.set_fill(Space::Cmyk, &numbers()),
            "G" => self.set_stroke(Space::Gray, &numbers()),
            "RG" => self.set_stroke(Space::Rgb, &numbers()),
            "K" => self.set_stroke(Space::Cmyk, &numbers()),
            // A new space starts at its initial colour: black in those that can be told.
            "cs" => self.set_fill(space_named(), &[]),
            "CS" => self.set_stroke(space_named(), &[]),
            "sc" | "scn" => self.fill.colour = self.fill_space.colour(&numbers()),
            "SC" | "SCN" => self.stroke.colour = self.stroke_space.colour(&numbers()),
            "w" => self.line_width = operands.first().and_then(number).unwrap_or(self.line_width).abs(),
            "gs" => self.graphics_state(document, resources, operands.first()),
            _ => return false,
        }
        true
    }

    /// Sets the fill space and colour; a space's initial colour where `numbers` is empty.
    fn set_fill(&mut self, space: Space, numbers: &[f64]) {
        self.fill_space = space;
        self.fill.colour = initial_or(space, numbers);
    }

    fn set_stroke(&mut self, space: Space, numbers: &[f64]) {
        self.stroke_space = space;
        self.stroke.colour = initial_or(space, numbers);
    }

    /// `gs`: the named graphics state's opacities, soft mask, blend mode and line width.
    fn graphics_state(&mut self, document: &Document, resources: &Dictionary, name: Option<&Object>) {
        let state = name
            .and_then(|name| name.as_name().ok())
            .and_then(|name| super::page_text::dict_in(document, resources, b"ExtGState")?.get(name).ok())
            .and_then(|state| document.dereference(state).ok())
            .and_then(|(_, state)| state.as_dict().ok());
        // A graphics state that cannot be read may hide anything: what is drawn under it cannot
        // be told.
        let Some(state) = state else {
            self.masked = true;
            return;
        };
        let value = |key: &[u8]| state.get(key).ok().and_then(|value| document.dereference(value).ok()).map(|(_, v)| v);
        if let Some(alpha) = value(b"ca").and_then(number) {
            self.fill.alpha = alpha.clamp(0.0, 1.0);
        }
        if let Some(alpha) = value(b"CA").and_then(number) {
            self.stroke.alpha = alpha.clamp(0.0, 1.0);
        }
        if let Some(width) = value(b"LW").and_then(number) {
            self.line_width = width.abs();
        }
        // Each key a state names replaces what it was; the others stay as they were.
        if let Some(mask) = value(b"SMask") {
            self.masked = mask.as_name().ok() != Some(b"None".as_slice());
        }
        if let Some(mode) = value(b"BM") {
            let normal = |mode: &Object| matches!(mode.as_name().ok(), Some(b"Normal" | b"Compatible"));
            self.blended = match mode {
                Object::Array(modes) => !modes.first().is_some_and(normal),
                mode => !normal(mode),
            };
        }
    }

    /// What decides the marks a form leaves, for reading it once per state it is drawn in.
    pub fn key(&self) -> [u64; 10] {
        let bits = |ink: &Ink| {
            let [r, g, b] = ink.colour.unwrap_or([-1.0; 3]);
            [r, g, b, ink.alpha].map(f64::to_bits)
        };
        let mut key = [0; 10];
        key[..4].copy_from_slice(&bits(&self.fill));
        key[4..8].copy_from_slice(&bits(&self.stroke));
        key[8] = self.line_width.to_bits();
        key[9] = (self.fill_space as u64) << 8
            | (self.stroke_space as u64) << 4
            | u64::from(self.masked) << 1
            | u64::from(self.blended);
        key
    }
}

/// The colour `numbers` give in `space`, or the space's initial colour (black) where they are
/// none.
fn initial_or(space: Space, numbers: &[f64]) -> Option<Rgb> {
    match (space, numbers) {
        (Space::Other, _) => None,
        (_, []) => Some([0.0; 3]),
        (space, numbers) => space.colour(numbers),
    }
}
