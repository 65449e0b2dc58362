//! Tests of glyph runs as PDF text: letter spacing, ActualText spans, rise.

use super::*;

#[test]
fn most_common_gap_needs_half_of_the_gaps() {
    assert_eq!(most_common(&mut [30, 30, -12, 30]), 30);
    assert_eq!(most_common(&mut [0, 0, 0]), 0);
    assert_eq!(most_common(&mut [5, -3, 7]), 0);
    assert_eq!(most_common(&mut []), 0);
}
