//! What a reader sees of the glyphs a page draws, once everything else it paints is known:
//! a glyph in the colour of what lies under it, or painted over by what is drawn after it
//! (a white box, an opaque image), cannot be seen, however an extractor lists it.
//!
//! A page is read as marks in drawing order (glyphs, paint, the text between them), then
//! replayed: each glyph is judged at points picked at random in its box, so that no pattern of
//! holes in what covers it can be made to leave exactly those points uncovered. A point of a
//! glyph is seen while its ink stands out from what lies under it by at least a tenth (of the
//! largest difference of a colour component, times the opacities of everything painted over
//! it since); a glyph is seen when at least a quarter of its points are. A template's check asks
//! more of its own pages (`Marks::legible_text`): a contrast ratio too.

use std::hash::{BuildHasher, Hasher};
use std::ops::Range;

use super::ink::{Ink, Rgb, WHITE};
use super::shape::{Point, Shape};
use super::visible::Area;
use super::{CredentialError, Result};

/// How far a glyph's ink must stand out from what lies under it to be seen.
const LEAST_CONTRAST: f64 = 0.1;
/// Points of a glyph's box judged, and how many of them must be seen.
const POINTS: usize = 16;
const SEEN_POINTS: usize = POINTS / 4;
/// Segments looked at for one page at the most: a page painting more than this cannot be told
/// (certdesk's pages look at a few thousand).
const MOST_WORK: u64 = 50_000_000;

/// Paint put on the page: where (within the clip it was painted in) and with what ink.
#[derive(Debug, Clone, PartialEq)]
pub struct Paint {
    pub shape: Shape,
    pub clip: Area,
    pub ink: Ink,
}

#[derive(Debug, Clone, PartialEq)]
enum Mark {
    /// Text of the marks' own: a space between lines, drawings and forms.
    Space,
    /// A glyph in `area`, reading as `text` of the marks' text (none inside an ActualText
    /// span), drawn with the inks of its render mode (filled, outlined or both).
    Glyph {
        text: Range<usize>,
        area: Area,
        inks: [Option<Ink>; 2],
    },
    /// An ActualText span's text, standing for the `glyphs` glyphs before it: seen when one of
    /// them is, or when all of them are (`whole`).
    Span {
        text: Range<usize>,
        glyphs: usize,
        whole: bool,
    },
    Paint(Paint),
}

/// What a content stream (and the forms it draws) marks on a page, in drawing order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    text: String,
    marks: Vec<Mark>,
    glyphs: usize,
}

impl Marks {
    pub fn space(&mut self) {
        self.marks.push(Mark::Space);
    }

    /// A glyph; `read` appends its text (nothing inside an ActualText span).
    pub fn glyph(&mut self, area: Area, inks: [Option<Ink>; 2], read: impl FnOnce(&mut String)) {
        let start = self.text.len();
        read(&mut self.text);
        self.marks.push(Mark::Glyph { text: start..self.text.len(), area, inks });
        self.glyphs += 1;
    }

    /// How many glyphs have been marked: where an ActualText span starts.
    pub fn glyph_count(&self) -> usize {
        self.glyphs
    }

    /// An ActualText span that began when `glyph_count` was `since`; nothing when it stood for no
    /// glyph that could be seen where it was drawn.
    pub fn span(&mut self, text: &str, since: usize) {
        self.push_span(text, since, false);
    }

    /// Text standing for the glyphs marked since `glyph_count` was `since`, seen only when all
    /// of them are: a laid-out run of text, whose words must all be seen.
    pub fn run(&mut self, text: &str, since: usize) {
        self.push_span(text, since, true);
    }

    fn push_span(&mut self, text: &str, since: usize, whole: bool) {
        let glyphs = self.glyphs - since;
        if glyphs > 0 {
            let start = self.text.len();
            self.text.push_str(text);
            self.marks.push(Mark::Span { text: start..self.text.len(), glyphs, whole });
        }
    }

    pub fn paint(&mut self, paint: Paint) {
        self.marks.push(Mark::Paint(paint));
    }

    /// Appends `other`'s marks, as a form drawn here leaves them.
    pub fn extend(&mut self, other: &Marks) {
        let offset = self.text.len();
        self.text.push_str(&other.text);
        let moved = |text: &Range<usize>| text.start + offset..text.end + offset;
        self.marks.extend(other.marks.iter().map(|mark| match mark {
            Mark::Glyph { text, area, inks } => Mark::Glyph { text: moved(text), area: *area, inks: *inks },
            Mark::Span { text, glyphs, whole } => Mark::Span { text: moved(text), glyphs: *glyphs, whole: *whole },
            other => other.clone(),
        }));
        self.glyphs += other.glyphs;
    }

    /// The text a reader sees, in drawing order: the glyphs seen, and the ActualText of spans
    /// with a glyph seen.
    pub fn seen_text(&self) -> Result<String> {
        self.text_seen_at(1.0)
    }

    /// The text a reader sees with ease: as `seen_text`, of glyphs that also have a contrast
    /// ratio of `least_ratio` or more with what lies under them.
    pub fn legible_text(&self, least_ratio: f64) -> Result<String> {
        self.text_seen_at(least_ratio)
    }

    fn text_seen_at(&self, least_ratio: f64) -> Result<String> {
        let mut sight = Sight::new();
        // What the text is made of: the marks' own spaces, glyphs (by their index) and spans
        // (by the range of glyphs they stand for, and whether all must be seen).
        let mut pieces: Vec<(Range<usize>, Range<usize>, bool)> = Vec::new();
        for mark in &self.marks {
            match mark {
                Mark::Space => pieces.push((0..0, 0..0, false)),
                Mark::Glyph { text, area, inks } => {
                    let glyph = sight.glyph(*area, inks)?;
                    pieces.push((text.clone(), glyph..glyph + 1, false));
                }
                Mark::Span { text, glyphs, whole } => {
                    let end = sight.glyphs.len();
                    pieces.push((text.clone(), end - glyphs..end, *whole));
                }
                Mark::Paint(paint) => sight.paint(paint)?,
            }
        }
        let mut text = String::with_capacity(self.text.len() + pieces.len());
        for (range, glyphs, whole) in pieces {
            let glyphs = &sight.glyphs[glyphs];
            if glyphs.is_empty() {
                text.push(' ');
            } else if if whole {
                glyphs.iter().all(|glyph| glyph.seen(least_ratio))
            } else {
                glyphs.iter().any(|glyph| glyph.seen(least_ratio))
            } {
                text.push_str(&self.text[range]);
            }
        }
        Ok(text)
    }
}

/// A glyph's points, how much each stands out from what lies under it, and the contrast ratio
/// of each with it.
struct Glyph {
    area: Area,
    points: [Point; POINTS],
    contrast: [f64; POINTS],
    ratio: [f64; POINTS],
}

impl Glyph {
    /// Whether enough of its points stand out, each with a contrast ratio of `least_ratio` or
    /// more.
    fn seen(&self, least_ratio: f64) -> bool {
        let seen = |(contrast, ratio): (&f64, &f64)| *contrast >= LEAST_CONTRAST && *ratio >= least_ratio;
        self.contrast.iter().zip(&self.ratio).filter(|&point| seen(point)).count() >= SEEN_POINTS
    }
}

/// Paint put down in a replay, with the boxes around its pieces (within its clip) and around
/// them all, found once: every glyph after it is looked for there.
struct Placed<'a> {
    paint: &'a Paint,
    bounds: Area,
    pieces: Vec<Area>,
}

impl<'a> Placed<'a> {
    fn new(paint: &'a Paint) -> Placed<'a> {
        let within = paint.shape.pieces().into_iter().map(|piece| piece.within(paint.clip));
        let pieces: Vec<Area> = within.filter(|piece| !piece.is_empty()).collect();
        let bounds = pieces.iter().fold(Area::NOTHING, |bounds, piece| bounds.and(*piece));
        Placed { paint, bounds, pieces }
    }

    /// Whether it may paint some of `area`.
    fn touches(&self, area: Area) -> bool {
        self.bounds.meets(area) && self.pieces.iter().any(|piece| piece.meets(area))
    }

    /// Whether it paints `point`.
    fn paints(&self, point: Point, work: &mut u64) -> bool {
        self.bounds.contains(point) && self.paint.shape.contains(point, work)
    }
}

/// The replay of a page's marks: the glyphs so far, and the paint they may lie on or under.
struct Sight<'a> {
    glyphs: Vec<Glyph>,
    paints: Vec<Placed<'a>>,
    /// The paints that may lie under the glyph being judged, newest first.
    under: Vec<usize>,
    random: Random,
    work: u64,
}

impl<'a> Sight<'a> {
    fn new() -> Sight<'a> {
        Sight { glyphs: Vec::new(), paints: Vec::new(), under: Vec::new(), random: Random::new(), work: 0 }
    }

    /// Adds a glyph, judged against the paint under it; its index.
    fn glyph(&mut self, area: Area, inks: &[Option<Ink>; 2]) -> Result<usize> {
        let points: [Point; POINTS] = std::array::from_fn(|_| area.at(self.random.unit(), self.random.unit()));
        self.under.clear();
        for (index, placed) in self.paints.iter().enumerate().rev() {
            self.work += 1;
            if placed.touches(area) {
                self.under.push(index);
            }
        }
        let standing_out = |under: Option<Rgb>| {
            let best = |measure: fn(&Ink, Option<Rgb>) -> f64| {
                inks.iter().flatten().map(|ink| measure(ink, under)).fold(0.0, f64::max)
            };
            (best(Ink::contrast), best(Ink::contrast_ratio))
        };
        // On an opaque upright rectangle (a background, a band) with nothing else near, every
        // point lies on the rectangle's colour.
        let on = self.under.first().map(|&index| self.paints[index].paint);
        let measured = match on {
            Some(paint) if paint.ink.alpha >= 1.0 && paint.clip.within(area) == area && paint.shape.holds(area) => {
                [standing_out(paint.ink.colour); POINTS]
            }
            _ => points.map(|point| standing_out(self.backdrop(point))),
        };
        self.check_work()?;
        let (contrast, ratio) = (measured.map(|(contrast, _)| contrast), measured.map(|(_, ratio)| ratio));
        self.glyphs.push(Glyph { area, points, contrast, ratio });
        Ok(self.glyphs.len() - 1)
    }

    /// The colour the page has at `point` so far: the paint there (of those `under` the glyph
    /// judged), blended by opacity over what lies under it, down to the page's white; `None`
    /// where a colour cannot be told.
    fn backdrop(&mut self, point: Point) -> Option<Rgb> {
        let (mut colour, mut through) = ([0.0; 3], 1.0);
        for &index in &self.under {
            let placed = &self.paints[index];
            if !placed.paints(point, &mut self.work) {
                continue;
            }
            let paint = placed.paint;
            if paint.ink.alpha <= 0.0 && paint.ink.colour.is_some() {
                continue;
            }
            let ink = paint.ink.colour?;
            for (sum, component) in colour.iter_mut().zip(ink) {
                *sum += through * paint.ink.alpha * component;
            }
            through *= 1.0 - paint.ink.alpha;
            if through <= 0.0 {
                return Some(colour);
            }
        }
        Some(std::array::from_fn(|at| colour[at] + through * WHITE[at]))
    }

    /// Paint over the glyphs before it: each point of theirs it covers stands out as much less
    /// as the paint is opaque.
    fn paint(&mut self, paint: &'a Paint) -> Result<()> {
        let placed = Placed::new(paint);
        self.work += self.glyphs.len() as u64;
        for glyph in self.glyphs.iter_mut().filter(|glyph| placed.touches(glyph.area)) {
            for ((point, contrast), ratio) in glyph.points.iter().zip(&mut glyph.contrast).zip(&mut glyph.ratio) {
                if *contrast > 0.0 && placed.paints(*point, &mut self.work) {
                    *contrast *= 1.0 - paint.ink.alpha;
                    // A veil over the glyph brings it towards no contrast at all (a ratio of 1).
                    *ratio = 1.0 + (*ratio - 1.0) * (1.0 - paint.ink.alpha.clamp(0.0, 1.0));
                }
            }
        }
        self.check_work()?;
        self.paints.push(placed);
        Ok(())
    }

    fn check_work(&self) -> Result<()> {
        if self.work > MOST_WORK {
            return Err(CredentialError::Pdf("a page paints too much to tell what it shows".into()));
        }
        Ok(())
    }
}

/// Points picked at random (xorshift, seeded afresh for each page from the standard library's
/// random hash keys): a forger cannot know which points of a glyph are judged.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u8(0);
        Random(hasher.finish() | 1)
    }

    /// A number from 0 to 1.
    fn unit(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}
