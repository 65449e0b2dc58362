//! What a page paints, as shapes in the page's default user space: a filled path's subpaths as
//! polygons (curves flattened), a stroked path's lines with half their width either side, an
//! image's or a shading's parallelogram; and whether a point is inside one.

use lopdf::Object;

use super::visible::{Area, Matrix, number};

pub type Point = (f64, f64);

/// Straight segments a Bézier curve is flattened into.
const CURVE_STEPS: usize = 8;

/// A subpath: its points, and whether `h` (or `re`) closed it.
type Subpath = (Vec<Point>, bool);

/// A path being built (`m`, `l`, `c`, `v`, `y`, `h`, `re`), placed by the CTM as it is built.
#[derive(Debug)]
pub struct Path {
    subpaths: Vec<Subpath>,
    /// The area around every point given, control points included: what a clip by this path
    /// leaves to be seen, at most.
    area: Area,
    clips: bool,
}

impl Default for Path {
    fn default() -> Path {
        Path { subpaths: Vec::new(), area: Area::NOTHING, clips: false }
    }
}

impl Path {
    /// Adds what a path operator (`m`, `l`, `c`, `v`, `y`, `h`, `re`) draws, placed by `ctm`.
    pub fn extend(&mut self, operator: &str, operands: &[Object], ctm: Matrix) {
        let numbers: Vec<f64> = operands.iter().filter_map(number).collect();
        let points: Vec<Point> = numbers.chunks_exact(2).map(|pair| ctm.apply((pair[0], pair[1]))).collect();
        // After `h` the current point is where the closed subpath started.
        let current =
            self.subpaths.last().and_then(|(points, closed)| if *closed { points.first() } else { points.last() });
        let current = current.copied();
        match (operator, numbers.as_slice(), points.as_slice(), current) {
            ("re", &[x, y, w, h], _, _) => {
                let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)].map(|corner| ctm.apply(corner));
                self.area = self.area.and(Area::around(corners));
                self.subpaths.push((corners.to_vec(), true));
                // `re` leaves the current point at its start, in a new subpath.
                self.subpaths.push((vec![corners[0]], false));
                return;
            }
            ("m", _, &[to], _) => self.subpaths.push((vec![to], false)),
            ("l", _, &[to], Some(_)) => self.line_to(to),
            ("c", _, &[c1, c2, to], Some(from)) => self.curve(from, c1, c2, to),
            ("v", _, &[c2, to], Some(from)) => self.curve(from, from, c2, to),
            ("y", _, &[c1, to], Some(from)) => self.curve(from, c1, to, to),
            ("h", _, _, Some(_)) => self.close(),
            _ => {}
        }
        self.area = self.area.and(Area::around(points));
    }

    fn line_to(&mut self, to: Point) {
        if let Some((points, closed)) = self.subpaths.last_mut() {
            if *closed {
                // After `h` a new subpath starts where the closed one did.
                let start = points[0];
                self.subpaths.push((vec![start, to], false));
            } else {
                points.push(to);
            }
        }
    }

    fn curve(&mut self, from: Point, c1: Point, c2: Point, to: Point) {
        for step in 1..=CURVE_STEPS {
            let t = step as f64 / CURVE_STEPS as f64;
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            self.line_to((a * from.0 + b * c1.0 + c * c2.0 + d * to.0, a * from.1 + b * c1.1 + c * c2.1 + d * to.1));
        }
    }

    fn close(&mut self) {
        if let Some((_, closed)) = self.subpaths.last_mut() {
            *closed = true;
        }
    }

    /// `W` or `W*`: the path clips once it is painted (or `n`).
    pub fn clip(&mut self) {
        self.clips = true;
    }

    /// The path is painted (or not, `n`) and gone: the clip it sets, if it was one, and its
    /// subpaths.
    pub fn end(&mut self) -> (Option<Area>, Vec<Subpath>) {
        let ended = std::mem::take(self);
        (ended.clips.then_some(ended.area), ended.subpaths)
    }
}

/// Where paint went on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Closed polygons filled by the nonzero winding rule, or the even-odd rule.
    Fill { polygons: Vec<Vec<Point>>, even_odd: bool },
    /// Lines, each `half_width` wide either side.
    Stroke { lines: Vec<Vec<Point>>, half_width: f64 },
}

impl Shape {
    /// `subpaths` filled: each closed.
    pub fn fill(subpaths: &[Subpath], even_odd: bool) -> Shape {
        let polygons = subpaths.iter().filter(|(points, _)| points.len() > 2).map(|(points, _)| points.clone());
        Shape::Fill { polygons: polygons.collect(), even_odd }
    }

    /// `subpaths` stroked with lines `width` wide in user space, placed by `ctm`.
    pub fn stroke(subpaths: &[Subpath], width: f64, ctm: Matrix) -> Shape {
        let lines = subpaths.iter().filter(|(points, _)| points.len() > 1).map(|(points, closed)| {
            let mut line = points.clone();
            if *closed {
                line.push(points[0]);
            }
            line
        });
        // The scale the CTM gives lengths on average; a line of no width is a hairline.
        let half_width = width.max(0.0) * ctm.mean_scale() / 2.0;
        Shape::Stroke { lines: lines.collect(), half_width }
    }

    /// The line through `points`, `width` wide.
    pub fn line(points: Vec<Point>, width: f64) -> Shape {
        Shape::Stroke { lines: vec![points], half_width: width.max(0.0) / 2.0 }
    }

    /// The unit square placed by `ctm`: where an image is painted.
    pub fn unit_square(ctm: Matrix) -> Shape {
        let corners = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)].map(|corner| ctm.apply(corner));
        Shape::Fill { polygons: vec![corners.to_vec()], even_odd: false }
    }

    /// `area` filled whole: where a shading (`sh`) paints, its clip.
    pub fn area(area: Area) -> Shape {
        Shape::Fill { polygons: vec![area.corners().to_vec()], even_odd: false }
    }

    /// The boxes around its pieces (each polygon, each segment of a line with its width): what
    /// meets none of them is nowhere near the shape, and is passed over at once.
    pub fn pieces(&self) -> Vec<Area> {
        match self {
            Shape::Fill { polygons, .. } => {
                polygons.iter().map(|polygon| Area::around(polygon.iter().copied())).collect()
            }
            Shape::Stroke { lines, half_width } => lines
                .iter()
                .flat_map(|line| line.windows(2).map(|pair| Area::around([pair[0], pair[1]]).grown(*half_width)))
                .collect(),
        }
    }

    /// Whether the shape is a rectangle upright on the page holding all of `area` (a
    /// background, a band): a glyph on it lies on nothing else of it.
    pub fn holds(&self, area: Area) -> bool {
        let Shape::Fill { polygons, .. } = self else { return false };
        let [rectangle] = polygons.as_slice() else { return false };
        let [a, b, c, d] = rectangle.as_slice() else { return false };
        let upright = |p: &Point, q: &Point| p.0 == q.0 || p.1 == q.1;
        upright(a, b) && upright(b, c) && upright(c, d) && upright(d, a) && area.within(Area::around([*a, *c])) == area
    }

    /// Whether `point` is painted; `work` counts the segments looked at.
    pub fn contains(&self, point: Point, work: &mut u64) -> bool {
        match self {
            Shape::Fill { polygons, even_odd } => {
                let (mut winding, mut crossings) = (0i64, 0u64);
                for polygon in polygons {
                    *work += polygon.len() as u64;
                    let edges = polygon.iter().zip(polygon.iter().cycle().skip(1));
                    for (&a, &b) in edges {
                        let side = (b.0 - a.0) * (point.1 - a.1) - (point.0 - a.0) * (b.1 - a.1);
                        if a.1 <= point.1 && b.1 > point.1 && side > 0.0 {
                            (winding, crossings) = (winding + 1, crossings + 1);
                        } else if b.1 <= point.1 && a.1 > point.1 && side < 0.0 {
                            (winding, crossings) = (winding - 1, crossings + 1);
                        }
                    }
                }
                if *even_odd { crossings % 2 == 1 } else { winding != 0 }
            }
            Shape::Stroke { lines, half_width } => lines.iter().any(|line| {
                *work += line.len() as u64;
                line.windows(2).any(|pair| near(point, pair[0], pair[1], *half_width))
            }),
        }
    }
}

/// Whether `point` is within `reach` of the segment `a`–`b`.
fn near(point: Point, a: Point, b: Point, reach: f64) -> bool {
    // Most points are nowhere near a given segment: its box tells at once.
    if point.0 < a.0.min(b.0) - reach
        || point.0 > a.0.max(b.0) + reach
        || point.1 < a.1.min(b.1) - reach
        || point.1 > a.1.max(b.1) + reach
    {
        return false;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length = dx * dx + dy * dy;
    let t = if length > 0.0 { (((point.0 - a.0) * dx + (point.1 - a.1) * dy) / length).clamp(0.0, 1.0) } else { 0.0 };
    let (x, y) = (a.0 + t * dx, a.1 + t * dy);
    (point.0 - x).powi(2) + (point.1 - y).powi(2) <= reach * reach
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Object::Integer;

    fn path(operations: &[(&str, &[i64])]) -> Vec<Subpath> {
        let mut path = Path::default();
        for (operator, operands) in operations {
            let operands: Vec<Object> = operands.iter().map(|&n| Integer(n)).collect();
            path.extend(operator, &operands, Matrix::IDENTITY);
        }
        path.end().1
    }

    fn inside(shape: &Shape, point: Point) -> bool {
        shape.contains(point, &mut 0)
    }

    #[test]
    fn filled_paths_hold_the_points_their_rule_fills() {
        let square = Shape::fill(&path(&[("re", &[0, 0, 10, 10])]), false);
        assert!(inside(&square, (5.0, 5.0)));
        assert!(!inside(&square, (15.0, 5.0)));
        // Two triangles meeting on a diagonal fill the square between them.
        let halves = path(&[
            ("m", &[0, 0]),
            ("l", &[10, 0]),
            ("l", &[10, 10]),
            ("h", &[]),
            ("m", &[0, 0]),
            ("l", &[10, 10]),
            ("l", &[0, 10]),
        ]);
        assert!(inside(&Shape::fill(&halves, false), (2.0, 7.0)) && inside(&Shape::fill(&halves, false), (7.0, 2.0)));
        // A square within a square, drawn the same way round: a hole only by the even-odd rule.
        let nested = path(&[("re", &[0, 0, 10, 10]), ("re", &[3, 3, 4, 4])]);
        assert!(inside(&Shape::fill(&nested, false), (5.0, 5.0)));
        assert!(!inside(&Shape::fill(&nested, true), (5.0, 5.0)));
        assert!(inside(&Shape::fill(&nested, true), (1.0, 1.0)));
        // A curve bulging out to the right holds a point beyond its end points' line.
        let bulge = path(&[("m", &[0, 0]), ("c", &[20, 0, 20, 10, 0, 10]), ("h", &[])]);
        assert!(inside(&Shape::fill(&bulge, false), (10.0, 5.0)));
    }

    #[test]
    fn strokes_hold_the_points_within_half_their_width() {
        let line = path(&[("m", &[0, 0]), ("l", &[100, 0])]);
        let stroke = Shape::stroke(&line, 20.0, Matrix::IDENTITY);
        assert!(inside(&stroke, (50.0, 9.0)));
        assert!(!inside(&stroke, (50.0, 11.0)));
        let twice = Matrix::of(&[2, 0, 0, 2, 0, 0].map(Integer)).expect("a matrix");
        let scaled = Shape::stroke(&line, 20.0, twice);
        assert!(inside(&scaled, (50.0, 19.0)), "the CTM widens the line");
        assert_eq!(stroke.pieces(), [Area::around([(-10.0, -10.0), (110.0, 10.0)])]);
    }
}
