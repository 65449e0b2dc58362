//! Where a content stream puts its text, and whether a reader can see it: the graphics and
//! text state that `q`/`Q`, `cm`, clipping paths, forms and the text operators change, as far
//! as seeing a glyph depends on them.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::ink::{Ink, Inks};
use crate::domain::printed::MIN_LEGIBLE_PT;

/// A PDF transformation matrix `[a b c d e f]`: a point `(x, y)` goes to
/// `(a x + c y + e, b x + d y + f)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix([f64; 6]);

impl Matrix {
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    pub fn translation(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// The matrix six numeric operands (of `cm`, `Tm`, a form's `/Matrix`) give.
    pub fn of(operands: &[Object]) -> Option<Matrix> {
        let numbers: Vec<f64> = operands.iter().filter_map(number).collect();
        let six: [f64; 6] = numbers.try_into().ok()?;
        six.iter().all(|n| n.is_finite()).then_some(Matrix(six))
    }

    /// This transformation, then `outer` (the PDF product `self × outer`).
    pub fn then(self, outer: Matrix) -> Matrix {
        let ([a, b, c, d, e, f], [oa, ob, oc, od, oe, of]) = (self.0, outer.0);
        Matrix([
            a * oa + b * oc,
            a * ob + b * od,
            c * oa + d * oc,
            c * ob + d * od,
            e * oa + f * oc + oe,
            e * ob + f * od + of,
        ])
    }

    pub fn apply(self, (x, y): (f64, f64)) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// How much the matrix shrinks a length in the direction it shrinks most (its smaller
    /// singular value): text squeezed flat in one direction is as unreadable as tiny text.
    pub fn least_scale(self) -> f64 {
        let [a, b, c, d, _, _] = self.0;
        let squares = a * a + b * b + c * c + d * d;
        let determinant = a * d - b * c;
        let root = (squares * squares - 4.0 * determinant * determinant).max(0.0).sqrt();
        ((squares - root) / 2.0).max(0.0).sqrt()
    }

    /// How much the matrix scales a length on average (the square root of how much it scales
    /// an area): what a line's width becomes.
    pub fn mean_scale(self) -> f64 {
        let [a, b, c, d, _, _] = self.0;
        (a * d - b * c).abs().sqrt()
    }

    fn bits(self) -> [u64; 6] {
        self.0.map(f64::to_bits)
    }
}

/// An upright rectangle in the page's default user space (points); empty when `x0 > x1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Area {
    pub const NOTHING: Area =
        Area { x0: f64::INFINITY, y0: f64::INFINITY, x1: f64::NEG_INFINITY, y1: f64::NEG_INFINITY };

    /// The smallest area holding `points`.
    pub fn around(points: impl IntoIterator<Item = (f64, f64)>) -> Area {
        points.into_iter().fold(Area::NOTHING, |area, (x, y)| Area {
            x0: area.x0.min(x),
            y0: area.y0.min(y),
            x1: area.x1.max(x),
            y1: area.y1.max(y),
        })
    }

    /// A rectangle array (`/MediaBox`, `/BBox`) as `matrix` places it.
    fn of_rectangle(rectangle: &Object, matrix: Matrix) -> Option<Area> {
        let numbers: Vec<f64> = rectangle.as_array().ok()?.iter().filter_map(number).collect();
        let [x0, y0, x1, y1]: [f64; 4] = numbers.try_into().ok()?;
        Some(Area::around([(x0, y0), (x1, y0), (x0, y1), (x1, y1)].map(|point| matrix.apply(point))))
    }

    pub fn within(self, other: Area) -> Area {
        Area {
            x0: self.x0.max(other.x0),
            y0: self.y0.max(other.y0),
            x1: self.x1.min(other.x1),
            y1: self.y1.min(other.y1),
        }
    }

    /// The smallest area holding both.
    pub fn and(self, other: Area) -> Area {
        Area {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    /// This area with `margin` more on every side.
    pub fn grown(self, margin: f64) -> Area {
        Area { x0: self.x0 - margin, y0: self.y0 - margin, x1: self.x1 + margin, y1: self.y1 + margin }
    }

    pub fn contains(self, (x, y): (f64, f64)) -> bool {
        (self.x0..=self.x1).contains(&x) && (self.y0..=self.y1).contains(&y)
    }

    /// The point `(fx, fy)` of the way across it from its lower left corner (each from 0 to 1).
    pub fn at(self, fx: f64, fy: f64) -> (f64, f64) {
        (self.x0 + fx * (self.x1 - self.x0), self.y0 + fy * (self.y1 - self.y0))
    }

    /// Its corners, counterclockwise from the lower left.
    pub fn corners(self) -> [(f64, f64); 4] {
        [(self.x0, self.y0), (self.x1, self.y0), (self.x1, self.y1), (self.x0, self.y1)]
    }

    /// Whether the two share a point (a glyph on the edge of the page is partly on it).
    pub fn meets(self, other: Area) -> bool {
        !self.within(other).is_empty()
    }

    pub fn is_empty(self) -> bool {
        self.x0 > self.x1 || self.y0 > self.y1
    }

    fn bits(self) -> [u64; 4] {
        [self.x0, self.y0, self.x1, self.y1].map(f64::to_bits)
    }
}

/// The part of the page a viewer shows and a printer prints: its `/CropBox` within its
/// `/MediaBox`, either inherited from the page tree.
pub fn page_area(document: &Document, page_id: ObjectId) -> Area {
    let media = inherited(document, page_id, b"MediaBox").and_then(|media| Area::of_rectangle(media, Matrix::IDENTITY));
    // Without a usable MediaBox, US Letter, as readers assume.
    let media = media.unwrap_or(Area { x0: 0.0, y0: 0.0, x1: 612.0, y1: 792.0 });
    let crop = inherited(document, page_id, b"CropBox").and_then(|crop| Area::of_rectangle(crop, Matrix::IDENTITY));
    crop.map_or(media, |crop| crop.within(media))
}

/// A page attribute the page tree may hold for it (the page's own, else its nearest
/// ancestor's).
fn inherited<'a>(document: &'a Document, page_id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = document.get_dictionary(page_id).ok()?;
    for _ in 0..super::pdf::MAX_DEPTH * 4 {
        if let Ok(value) = node.get(key) {
            return document.dereference(value).ok().map(|(_, value)| value);
        }
        node = document.get_dictionary(node.get(b"Parent").ok()?.as_reference().ok()?).ok()?;
    }
    None
}

/// What `q` saves and `Q` restores, of what decides whether text can be seen and where it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Graphics {
    pub ctm: Matrix,
    /// What the clipping path leaves to be seen, at most.
    pub clip: Area,
    pub font: Option<ObjectId>,
    pub size: f64,
    /// `Tr`: 3 draws nothing, 7 only clips.
    pub render_mode: i64,
    pub char_spacing: f64,
    pub word_spacing: f64,
    /// `Tz`, as a fraction.
    pub horizontal_scale: f64,
    pub leading: f64,
    pub rise: f64,
    pub inks: Inks,
}

impl Graphics {
    /// The state a page's content stream starts in.
    pub fn new(area: Area) -> Graphics {
        Graphics {
            ctm: Matrix::IDENTITY,
            clip: area,
            font: None,
            size: 0.0,
            render_mode: 0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            inks: Inks::default(),
        }
    }

    /// The state a form starts in, drawn (`Do`) from this one: its `/Matrix` applies, and it
    /// shows nothing outside its `/BBox`.
    pub fn entering_form(self, form: &Dictionary) -> Graphics {
        let matrix = form.get(b"Matrix").ok().and_then(|m| m.as_array().ok()).and_then(|m| Matrix::of(m));
        let ctm = matrix.unwrap_or(Matrix::IDENTITY).then(self.ctm);
        let bounds = form.get(b"BBox").ok().and_then(|bbox| Area::of_rectangle(bbox, ctm));
        Graphics { ctm, clip: bounds.map_or(self.clip, |bounds| bounds.within(self.clip)), ..self }
    }

    /// Where a glyph drawn at the text matrix `text` lands on the page: the matrix that takes
    /// its em square (one unit a side) to the page's default user space.
    pub fn glyph_matrix(&self, text: Matrix) -> Matrix {
        Matrix([self.size * self.horizontal_scale, 0.0, 0.0, self.size, 0.0, self.rise]).then(text).then(self.ctm)
    }

    /// The box of a glyph `width_em` wide drawn through `glyph_matrix`, when it can be seen:
    /// drawn (not invisible, not only clipping), large enough to read, and on the part of the
    /// page shown. From the baseline to about the height of capitals.
    pub fn shows(&self, glyph_matrix: Matrix, width_em: f64) -> Option<Area> {
        if matches!(self.render_mode, 3 | 7) || glyph_matrix.least_scale() < MIN_LEGIBLE_PT {
            return None;
        }
        let corners = [(0.0, 0.0), (width_em, 0.0), (0.0, 0.7), (width_em, 0.7)];
        Some(Area::around(corners.map(|corner| glyph_matrix.apply(corner)))).filter(|area| area.meets(self.clip))
    }

    /// The inks a glyph is drawn with in this state's render mode: its fill, its outline, or
    /// both.
    pub fn glyph_inks(&self) -> [Option<Ink>; 2] {
        let (fills, strokes) = match self.render_mode % 4 {
            0 => (true, false),
            1 => (false, true),
            _ => (true, true),
        };
        [fills.then(|| self.inks.fill()), strokes.then(|| self.inks.stroke())]
    }

    /// What a form's marks depend on of the state it is drawn in, for reading it once.
    pub fn key(&self) -> [u64; 28] {
        let mut key = [0u64; 28];
        key[..6].copy_from_slice(&self.ctm.bits());
        key[6..10].copy_from_slice(&self.clip.bits());
        let (number, generation) = self.font.unwrap_or((u32::MAX, u16::MAX));
        key[10] = u64::from(number) << 16 | u64::from(generation);
        let rest = [self.size, self.char_spacing, self.word_spacing, self.horizontal_scale, self.leading, self.rise];
        for (slot, value) in key[11..17].iter_mut().zip(rest) {
            *slot = value.to_bits();
        }
        key[17] = self.render_mode as u64;
        key[18..].copy_from_slice(&self.inks.key());
        key
    }
}

/// A number operand, integer or real.
pub fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(n) => Some(*n as f64),
        Object::Real(n) => Some(f64::from(*n)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_in_pdf_order_and_know_how_much_they_shrink() {
        let scale = Matrix([2.0, 0.0, 0.0, 0.5, 0.0, 0.0]);
        let moved = scale.then(Matrix::translation(10.0, 20.0));
        assert_eq!(moved.apply((1.0, 1.0)), (12.0, 20.5));
        assert!((scale.least_scale() - 0.5).abs() < 1e-12);
        // Turned a quarter: nothing shrinks.
        let turned = Matrix([0.0, 1.0, -1.0, 0.0, 0.0, 0.0]);
        assert!((turned.least_scale() - 1.0).abs() < 1e-12);
        assert_eq!(Matrix::IDENTITY.then(turned), turned);
    }

    #[test]
    fn a_glyph_is_seen_only_drawn_large_enough_and_on_the_page() {
        let page = Area::around([(0.0, 0.0), (600.0, 400.0)]);
        let graphics = Graphics { size: 12.0, ..Graphics::new(page) };
        let at = |x, y| graphics.glyph_matrix(Matrix::translation(x, y));
        let area = graphics.shows(at(100.0, 100.0), 0.5);
        assert!(area.is_some_and(|area| area.contains((105.9, 108.3)) && !area.contains((106.1, 104.0))), "{area:?}");
        assert!(graphics.shows(at(599.0, 100.0), 0.5).is_some(), "partly on the page");
        assert!(graphics.shows(at(700.0, 100.0), 0.5).is_none(), "beyond the right edge");
        assert!(graphics.shows(at(100.0, -50.0), 0.5).is_none(), "below the page");
        assert!(Graphics { render_mode: 3, ..graphics }.shows(at(100.0, 100.0), 0.5).is_none());
        assert!(Graphics { render_mode: 7, ..graphics }.shows(at(100.0, 100.0), 0.5).is_none());
        assert!(Graphics { render_mode: 1, ..graphics }.shows(at(100.0, 100.0), 0.5).is_some(), "outlined is seen");
        let tiny = Graphics { size: 1.0, ..graphics };
        assert!(tiny.shows(tiny.glyph_matrix(Matrix::IDENTITY), 0.5).is_none());
        let squeezed = Graphics { horizontal_scale: 0.01, ..graphics };
        assert!(squeezed.shows(squeezed.glyph_matrix(Matrix::IDENTITY), 0.5).is_none());
    }
}
