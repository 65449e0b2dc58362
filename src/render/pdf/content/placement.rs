//! Where a run's glyphs go: its clusters in drawing order, the TJ adjustments that put each
//! glyph where layout placed it, and the stretches one text operator shows.

use std::ops::Range;

use super::{Centi, centi, round};
use crate::render::page::GlyphRun;

/// Buffers reused from run to run.
#[derive(Debug, Default)]
pub(in crate::render::pdf) struct Scratch {
    pub(super) order: Vec<usize>,
    pub(super) clusters: Vec<Cluster>,
    pub(super) drawn: Vec<Drawn>,
    pub(super) gaps: Vec<Centi>,
}

/// A cluster: a stretch of the drawing order whose glyphs share their source text.
#[derive(Debug, Clone)]
pub(super) struct Cluster {
    pub(super) drawn: Range<usize>,
    /// Extracts correctly without an ActualText span.
    pub(super) faithful: bool,
}

/// A glyph in drawing order.
#[derive(Debug, Clone, Copy)]
pub(super) struct Drawn {
    pub(super) glyph: usize,
    pub(super) code: u16,
    pub(super) width_pt: f64,
    /// TJ adjustment before it, in 1/1000 em.
    pub(super) adjust: i64,
    /// Character spacing after it beyond the run's: the last glyph of a spanned cluster reaches
    /// to the cluster's end, so the span covers the cluster's advance (extractors place a span's
    /// characters between its first glyph's start and its last glyph's end, and see a gap after
    /// it as a space).
    pub(super) extra: Centi,
}

/// The clusters of a run in visual order, each one's glyphs drawn left to right, so a span's
/// first glyph starts at its cluster's left edge.
pub(super) fn drawing_order(run: &GlyphRun, scratch: &mut Scratch) {
    scratch.order.clear();
    scratch.clusters.clear();
    let glyphs = &run.glyphs;
    let mut start = 0;
    while start < glyphs.len() {
        let end = start + glyphs[start..].iter().take_while(|g| g.text == glyphs[start].text).count();
        let first = scratch.order.len();
        scratch.order.extend(start..end);
        scratch.order[first..].sort_by(|&a, &b| glyphs[a].x_pt.total_cmp(&glyphs[b].x_pt));
        scratch.clusters.push(Cluster { drawn: first..scratch.order.len(), faithful: true });
        start = end;
    }
}

/// TJ adjustments so each glyph lands on its `x_pt`, given each glyph's PDF width, the letter
/// spacing and the spanned clusters' extra spacing.
pub(super) fn place(run: &GlyphRun, scratch: &mut Scratch, spacing: Centi, em: f64) {
    let spacing_pt = spacing as f64 / 100.0;
    let x_of = |drawn: &Drawn| run.glyphs[drawn.glyph].x_pt as f64;
    for (index, cluster) in scratch.clusters.iter().enumerate() {
        if cluster.faithful {
            continue;
        }
        let last = &scratch.drawn[cluster.drawn.end - 1];
        let end_pt = match scratch.clusters.get(index + 1) {
            Some(next) => x_of(&scratch.drawn[next.drawn.start]),
            None => scratch.drawn[cluster.drawn.clone()]
                .iter()
                .map(|d| x_of(d) + run.glyphs[d.glyph].advance_pt as f64)
                .fold(f64::MIN, f64::max),
        };
        let extra = round((end_pt - x_of(last) - last.width_pt - spacing_pt) * 100.0);
        scratch.drawn[cluster.drawn.end - 1].extra = extra;
    }
    let mut pen = 0.0f64;
    for index in 0..scratch.drawn.len() {
        if index > 0 {
            let before = &scratch.drawn[index - 1];
            pen += before.width_pt + spacing_pt + before.extra as f64 / 100.0;
        }
        let drawn = &mut scratch.drawn[index];
        drawn.adjust = round((pen - run.glyphs[drawn.glyph].x_pt as f64) / em);
        pen -= drawn.adjust as f64 * em;
    }
}

/// A stretch of the drawing order shown by one operator.
pub(super) struct Segment {
    pub(super) drawn: Range<usize>,
    /// Text rise (upwards), for glyphs the shaper moved off the baseline.
    pub(super) rise: Centi,
    pub(super) opens_span: bool,
    pub(super) closes_span: bool,
}

/// Stretches of faithful clusters at one rise, and each other cluster in a span of its own
/// (split again where its rise changes).
pub(super) fn segments(run: &GlyphRun, scratch: &Scratch) -> Vec<Segment> {
    let rise_of = |at: usize| -centi(run.glyphs[scratch.drawn[at].glyph].y_pt);
    let mut segments: Vec<Segment> = Vec::new();
    for cluster in &scratch.clusters {
        let Range { start, end } = cluster.drawn;
        if cluster.faithful {
            let rise = rise_of(start);
            match segments.last_mut() {
                Some(last) if !last.closes_span && last.rise == rise => last.drawn.end = end,
                _ => segments.push(Segment { drawn: start..end, rise, opens_span: false, closes_span: false }),
            }
            continue;
        }
        let mut from = start;
        while from < end {
            let rise = rise_of(from);
            let to = from + (from..end).take_while(|&at| rise_of(at) == rise).count();
            segments.push(Segment { drawn: from..to, rise, opens_span: from == start, closes_span: to == end });
            from = to;
        }
    }
    segments
}

/// The most frequent value (0 when there are none or no value covers half of them).
pub(super) fn most_common(values: &mut [Centi]) -> Centi {
    if values.iter().all(|&v| v == 0) {
        return 0;
    }
    values.sort_unstable();
    let (mut best, mut best_count, mut i) = (0, 0, 0);
    while i < values.len() {
        let run = values[i..].iter().take_while(|&&v| v == values[i]).count();
        if run > best_count {
            (best, best_count) = (values[i], run);
        }
        i += run;
    }
    if best_count * 2 >= values.len() { best } else { 0 }
}
