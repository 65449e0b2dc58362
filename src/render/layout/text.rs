//! Text blocks: emphasis spans shaped once with the engine's `shape`, greedy line breaking at
//! UAX #14 opportunities on cluster widths, alignment, and shrink-to-fit (binary search between
//! the size and `min-size`; shaping is done in em units, so no size needs shaping again).

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_normalization::UnicodeNormalization;

use super::{Diagnostic, LayoutError, Renderer, TextFit};
use crate::render::FaceId;
use crate::render::page::{Item, Rgb};
use crate::render::shape::{ClusterWidth, Span, shape};
use crate::render::template::markup;
use crate::render::template::model::{Align, Pos, TextBlock};

/// Lines never exceed their box by more than float noise: fit against a hair less.
const FIT_SLACK_PT: f32 = 0.01;

/// A laid-out text block at its box's top edge (y = 0).
pub(super) struct TextLayout {
    pub items: Vec<Item>,
    pub height: f32,
    /// Set when the text was set smaller than its size or on more lines than it was written.
    pub fit: Option<TextFit>,
}

struct Line {
    start: usize,
    end: usize,
}

struct Broken {
    lines: Vec<Line>,
    /// A word had to be cut between clusters because it is wider than the box.
    cut_word: bool,
}

pub(super) fn layout(
    renderer: &Renderer,
    block: &TextBlock,
    pos: Pos,
    source: &str,
    width: f32,
    box_height: Option<f32>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<TextLayout, LayoutError> {
    let normalized: String = if source.is_ascii() { source.to_owned() } else { source.nfc().collect() };
    let styled = markup::parse(normalized.trim_end());
    let style = &block.style;
    let nominal = style.size_pt;
    // Without a `height`, the box is as tall as the lines set: reserving `max-lines` lines
    // would move a text that fits on one line down by half a line or more.
    let reserved = match (block.shrink, box_height) {
        (true, Some(height)) => Some(height),
        _ => None,
    };
    if styled.text.trim().is_empty() {
        return Ok(TextLayout { items: Vec::new(), height: reserved.unwrap_or(0.0), fit: None });
    }
    let spans: Vec<Span> = styled
        .spans
        .iter()
        .map(|span| Span { range: span.start..span.end, face: renderer.face(style, span.bold, span.italic) })
        .collect();
    let book = &renderer.fonts;
    let shaped = shape(book, &styled.text, &spans, Some(&renderer.language))?;
    if let Some(message) = missing_message(&shaped.missing)
        && !diagnostics.iter().any(|d| d.message == message && d.line == pos.line)
    {
        diagnostics.push(Diagnostic { missing: shaped.missing.first().copied(), ..Diagnostic::error(pos, message) });
    }
    let text = shaped.text.as_str();
    let clusters = shaped.clusters();
    let measure = Measure::new(text, &clusters);
    let spacing = style.letter_spacing_pt;
    let limit = (width - FIT_SLACK_PT).max(0.0);
    let max_lines = block.max_lines.unwrap_or(u32::MAX) as usize;
    // A box height holds as many lines as fit in it (at least one), up to `max-lines`: with
    // `fit: shrink`, smaller sizes make room for more; without, lines past it would print over
    // whatever lies below the box.
    let allowed = |size: f32| match box_height {
        Some(height) => max_lines.min(((height / (size * style.line_height)) + 1e-3).floor().max(1.0) as usize),
        None => max_lines,
    };
    // The largest size from `nominal` down to `min-size` at which the text fits, cutting words
    // only when `allow_cut`.
    let search = |allow_cut: bool| -> Option<(f32, Broken)> {
        let fits = |size: f32, broken: &Broken| (allow_cut || !broken.cut_word) && broken.lines.len() <= allowed(size);
        let at_nominal = measure.break_lines(nominal, spacing, limit);
        if fits(nominal, &at_nominal) {
            return Some((nominal, at_nominal));
        }
        let at_min = measure.break_lines(block.min_size_pt, spacing, limit);
        if block.min_size_pt >= nominal || !fits(block.min_size_pt, &at_min) {
            return None;
        }
        let (mut low, mut high, mut best) = (block.min_size_pt, nominal, (block.min_size_pt, at_min));
        for _ in 0..12 {
            let middle = (low + high) / 2.0;
            let attempt = measure.break_lines(middle, spacing, limit);
            if fits(middle, &attempt) {
                (low, best) = (middle, (middle, attempt));
            } else {
                high = middle;
            }
        }
        Some(best)
    };
    let found = search(false).or_else(|| if block.break_anywhere { search(true) } else { None });
    let (size, broken) = match found {
        Some(fitted) => fitted,
        None => {
            let size = block.min_size_pt.min(nominal);
            let broken = measure.break_lines(size, spacing, limit);
            // With `break: anywhere` a word may be cut: what is short is room for lines.
            let message = if broken.cut_word && !block.break_anywhere {
                format!("text is wider than its box even at {size:.1}pt: {}", super::quoted(&clip(text)))
            } else {
                format!(
                    "text needs {} lines at {size:.1}pt but has room for {}: {}",
                    broken.lines.len(),
                    allowed(size),
                    super::quoted(&clip(text))
                )
            };
            diagnostics.push(Diagnostic::error(pos, message));
            (size, broken)
        }
    };
    let line_height = size * style.line_height;
    let first_face: FaceId = spans.first().map_or(renderer.face(style, false, false), |span| span.face);
    let metrics = book.face(first_face)?.metrics();
    let ascent = metrics.to_pt(metrics.ascent as f32, size);
    let descent = metrics.to_pt(metrics.descent as f32, size);
    let natural = broken.lines.len() as f32 * line_height;
    let height = reserved.unwrap_or(natural);
    let mut baseline = (height - natural) / 2.0 + (line_height - (ascent - descent)) / 2.0 + ascent;
    let mut items = Vec::new();
    let color = Rgb::new(style.color.r, style.color.g, style.color.b);
    for line in &broken.lines {
        let end = line.start + text[line.start..line.end].trim_end().len();
        let laid = shaped.line(book, line.start..end, size, spacing)?;
        let pen = match style.align {
            Align::Left => 0.0,
            Align::Center => (width - laid.width_pt) / 2.0,
            Align::Right => width - laid.width_pt,
        };
        items.extend(laid.to_runs(text, pen, baseline, color, size).into_iter().map(Item::Text));
        baseline += line_height;
    }
    let written_lines = text.trim_end().split('\n').count();
    let fit = TextFit {
        line: pos.line,
        col: pos.col,
        excerpt: clip(text),
        nominal_pt: nominal,
        size_pt: size,
        lines: broken.lines.len(),
        written_lines,
    };
    Ok(TextLayout { items, height, fit: (fit.shrunk() || fit.wrapped()).then_some(fit) })
}

fn clip(text: &str) -> String {
    let mut clipped: String = text.chars().take(40).collect();
    if clipped.len() < text.len() {
        clipped.push('…');
    }
    clipped
}

/// A text's clusters summed up once, so that every size shrink-to-fit tries breaks the text
/// with widths in constant time, at the same break opportunities.
struct Measure<'a> {
    clusters: &'a [ClusterWidth],
    /// `advance[i]`: the advances of clusters `..i`, in em.
    advance: Vec<f64>,
    /// `spaced[i]`: how many of clusters `..i` letter spacing follows.
    spaced: Vec<u32>,
    /// `ink_end[i]`: the end of clusters `..i` without their trailing spaces.
    ink_end: Vec<u32>,
    /// UAX #14 break opportunities: byte offset and kind.
    breaks: Vec<(usize, BreakOpportunity)>,
}

impl<'a> Measure<'a> {
    fn new(text: &'a str, clusters: &'a [ClusterWidth]) -> Measure<'a> {
        let mut advance = Vec::with_capacity(clusters.len() + 1);
        let mut spaced = Vec::with_capacity(clusters.len() + 1);
        let mut ink_end = Vec::with_capacity(clusters.len() + 1);
        let (mut sum, mut count, mut ink) = (0.0f64, 0u32, 0u32);
        for (index, cluster) in clusters.iter().enumerate() {
            advance.push(sum);
            spaced.push(count);
            ink_end.push(ink);
            sum += f64::from(cluster.advance);
            count += u32::from(cluster.spaced);
            if !cluster.space {
                ink = index as u32 + 1;
            }
        }
        advance.push(sum);
        spaced.push(count);
        ink_end.push(ink);
        Measure { clusters, advance, spaced, ink_end, breaks: linebreaks(text).collect() }
    }

    /// The index of the cluster at `byte`.
    fn cluster_at(&self, byte: usize) -> usize {
        self.clusters.partition_point(|c| c.byte < byte)
    }

    /// The width of clusters `first..end` at `size_pt`, without trailing spaces.
    fn width(&self, first: usize, end: usize, size_pt: f32, spacing: f32) -> f32 {
        let end = self.ink_end[end] as usize;
        if end <= first {
            return 0.0;
        }
        let advance = (self.advance[end] - self.advance[first]) as f32;
        let gaps = self.spaced[end - 1] - self.spaced[first];
        advance * size_pt + spacing * gaps as f32
    }

    /// Greedy line breaking at `size_pt` within `limit` points.
    fn break_lines(&self, size_pt: f32, spacing: f32, limit: f32) -> Broken {
        let mut broken = Broken { lines: Vec::new(), cut_word: false };
        let mut start = 0;
        let mut last_fit: Option<usize> = None;
        for &(position, opportunity) in &self.breaks {
            loop {
                let width = self.width(self.cluster_at(start), self.cluster_at(position), size_pt, spacing);
                if width <= limit {
                    last_fit = Some(position);
                    break;
                }
                // Break at the last opportunity that fits, unless the word after it is too wide
                // for any line: then it is cut anyway, and cutting it here wastes no line.
                if let Some(fit) = last_fit.take().filter(|fit| *fit > start)
                    && self.width(self.cluster_at(fit), self.cluster_at(position), size_pt, spacing) <= limit
                {
                    broken.lines.push(Line { start, end: fit });
                    start = fit;
                    continue;
                }
                // One word wider than the box: cut it after the last cluster that fits (at least one).
                broken.cut_word = true;
                let first = self.cluster_at(start);
                let last = self.cluster_at(position);
                let mut end = first + 1;
                while end < last && self.width(first, end + 1, size_pt, spacing) <= limit {
                    end += 1;
                }
                let cut = self.clusters.get(end).map_or(position, |c| c.byte).min(position);
                broken.lines.push(Line { start, end: cut });
                start = cut;
            }
            if opportunity == BreakOpportunity::Mandatory && position > start {
                broken.lines.push(Line { start, end: position });
                start = position;
                last_fit = None;
            }
        }
        broken
    }
}

/// One problem for all the characters of a text that no font has ("no font can draw 'ශ'
/// (U+0DC1), '්' (U+0DCA), 'ර' (U+0DBB) and 5 more"), not one line per character of a name.
fn missing_message(missing: &[char]) -> Option<String> {
    const NAMED: usize = 3;
    let mut distinct: Vec<char> = Vec::new();
    for &c in missing {
        if !distinct.contains(&c) {
            distinct.push(c);
        }
    }
    let named: Vec<String> = distinct.iter().take(NAMED).map(|&c| crate::domain::shown::named_char(c)).collect();
    let listed = match distinct.len() {
        0 => return None,
        1 => named[0].clone(),
        count if count <= NAMED => format!("{} and {}", named[..count - 1].join(", "), named[count - 1]),
        count => format!("{} and {} more", named.join(", "), count - NAMED),
    };
    Some(format!("no font can draw {listed}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The width of clusters `first..end` summed directly: the definition `Measure` keeps.
    fn direct(clusters: &[ClusterWidth], first: usize, end: usize, size_pt: f32, spacing: f32) -> f32 {
        let Some(last) = clusters[first..end].iter().rposition(|c| !c.space) else { return 0.0 };
        let line = &clusters[first..first + last + 1];
        let advance: f32 = line.iter().map(|c| c.advance).sum();
        advance * size_pt + spacing * line[..line.len() - 1].iter().filter(|c| c.spaced).count() as f32
    }

    #[test]
    fn characters_no_font_has_are_one_problem_naming_the_first_three() {
        assert_eq!(missing_message(&[]), None);
        assert_eq!(missing_message(&['ක', 'ක']).as_deref(), Some("no font can draw 'ක' (U+0D9A)"));
        assert_eq!(
            missing_message(&['ක', 'ම', 'ල']).as_deref(),
            Some("no font can draw 'ක' (U+0D9A), 'ම' (U+0DB8) and 'ල' (U+0DBD)")
        );
        assert_eq!(
            missing_message(&['ක', 'ම', 'ල', 'ක', 'ප', 'ෙ']).as_deref(),
            Some("no font can draw 'ක' (U+0D9A), 'ම' (U+0DB8), 'ල' (U+0DBD) and 2 more")
        );
    }

    #[test]
    fn widths_from_sums_agree_with_widths_summed_directly() {
        let text = "ab  c d   ef g ";
        let clusters: Vec<ClusterWidth> = text
            .char_indices()
            .map(|(byte, c)| ClusterWidth {
                byte,
                advance: 0.3 + (byte % 5) as f32 * 0.07,
                space: c == ' ',
                spaced: byte % 3 != 0,
            })
            .collect();
        let measure = Measure::new(text, &clusters);
        for first in 0..=clusters.len() {
            for end in first..=clusters.len() {
                let (ours, theirs) = (measure.width(first, end, 12.0, 1.5), direct(&clusters, first, end, 12.0, 1.5));
                assert!((ours - theirs).abs() < 1e-4, "{first}..{end}: {ours} against {theirs}");
            }
        }
    }
}
