//! Tests of content-stream encoding: numbers, colours, flipping, spacing and adjustments.

use super::*;
use crate::render::page::ModuleGrid;

fn written(f: impl FnOnce(&mut ContentWriter)) -> String {
    let mut writer = ContentWriter::new(100.0, true);
    f(&mut writer);
    String::from_utf8_lossy(&writer.out).into_owned()
}

#[test]
fn numbers_have_at_most_the_needed_decimals() {
    let cases: [(i64, u32, &str); 7] = [
        (0, 2, "0"),
        (1250, 2, "12.5"),
        (-5, 2, "-0.05"),
        (100, 2, "1"),
        (7, 3, "0.007"),
        (123456, 4, "12.3456"),
        (42, 0, "42"),
    ];
    for (value, decimals, expected) in cases {
        assert_eq!(written(|w| w.push_fixed(value, decimals)), expected, "{value} / 10^{decimals}");
    }
}

#[test]
fn grey_colours_use_the_short_operator() {
    assert_eq!(written(|w| w.set_fill(Rgb::BLACK)), "0 g\n");
    assert_eq!(written(|w| w.set_fill(Rgb::new(255, 0, 51))), "1 0 0.2 rg\n");
    let twice = written(|w| {
        w.set_fill(Rgb::WHITE);
        w.set_fill(Rgb::WHITE);
    });
    assert_eq!(twice, "1 g\n", "unchanged colours are not repeated");
}

#[test]
fn rectangles_are_flipped_to_pdf_coordinates() {
    let out = written(|w| w.rect([10.0, 20.0, 30.0, 5.5], Some(Rgb::BLACK), None));
    assert_eq!(out, "0 g\n10 74.5 30 5.5 re f\n");
}

#[test]
fn module_grids_are_drawn_as_inline_image_masks_in_their_colour() {
    let grid = ModuleGrid {
        x_pt: 10.0,
        y_pt: 10.0,
        module_pt: 2.0,
        size: 3,
        dark: vec![true, true, false, false, false, false, true, false, true],
        color: Rgb::new(255, 0, 0),
    };
    // Readable: the samples in hex, which no scan for `EI` can stop in.
    let mut writer = ContentWriter::new(100.0, true);
    writer.modules(&grid);
    writer.modules(&grid);
    let out = String::from_utf8_lossy(&writer.out).into_owned();
    let drawn = "q\n6 0 0 6 10 84 cm\nBI/W 3/H 3/IM true/F/AHx ID\n3FFF5F>\nEI Q\n";
    assert_eq!(out, format!("1 0 0 rg\n{drawn}{drawn}"));
    assert!(writer.xobjects.is_empty(), "a code is no XObject");

    // Compressed: the raw samples, their length given.
    let mut writer = ContentWriter::new(100.0, false);
    writer.modules(&grid);
    let mut expected = b"1 0 0 rg\nq\n6 0 0 6 10 84 cm\nBI/W 3/H 3/IM true/L 3 ID\n".to_vec();
    expected.extend_from_slice(&[0x3f, 0xff, 0x5f]);
    expected.extend_from_slice(b"\nEI Q\n");
    assert_eq!(writer.out, expected);
    // The samples end the stream, so they can be stored as they are; anything after ends that.
    assert_eq!(writer.incompressible_from(), expected.len() - 9);
    writer.rect([0.0, 0.0, 1.0, 1.0], Some(Rgb::BLACK), None);
    assert_eq!(writer.incompressible_from(), writer.out.len());
    writer.reset(100.0);
    assert_eq!(writer.incompressible_from(), 0);

    let mut readable = ContentWriter::new(100.0, true);
    readable.modules(&grid);
    assert_eq!(readable.incompressible_from(), readable.out.len(), "hex samples compress");
}
