//! Tests of image decoding: PNG with alpha, grey PNG, JPEG pass-through, damaged files.

use super::*;

fn encode_png(width: u32, height: u32, color: png::ColorType, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("header");
    writer.write_image_data(data).expect("data");
    writer.finish().expect("finish");
    out
}

const RGB_JPEG: &[u8] = include_bytes!("testdata/rgb.jpg");

#[test]
fn png_with_alpha_keeps_its_pixels() {
    let pixels = [255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 10, 20, 30, 255];
    let image = Image::decode(&encode_png(2, 2, png::ColorType::Rgba, &pixels)).expect("decodes");
    assert_eq!((image.width(), image.height()), (2, 2));
    assert_eq!(image.rgba(), pixels);
    assert!(image.has_alpha());
    assert_eq!(image.alpha(), [255, 128, 0, 255]);
    assert_eq!(image.rgb()[3..6], [0, 255, 0]);
    assert_eq!(image.source(), &Source::Pixels);
}

#[test]
fn grey_png_expands_to_rgba() {
    let image = Image::decode(&encode_png(3, 1, png::ColorType::Grayscale, &[0, 128, 255])).expect("decodes");
    assert_eq!(image.rgba(), [0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    assert!(!image.has_alpha());
}

#[test]
fn jpeg_decodes_and_passes_through_to_pdf() {
    let image = Image::decode(RGB_JPEG).expect("decodes");
    assert_eq!((image.width(), image.height()), (16, 8));
    let pixel = |x: usize, y: usize| &image.rgba()[(y * 16 + x) * 4..(y * 16 + x) * 4 + 4];
    let (top_left, bottom_left, bottom_right) = (pixel(1, 1), pixel(1, 6), pixel(14, 6));
    assert!(top_left[1] > 200 && top_left[0] < 60, "green: {top_left:?}");
    assert!(bottom_left[0] > 200 && bottom_left[2] < 60, "red: {bottom_left:?}");
    assert!(bottom_right[2] > 200 && bottom_right[0] < 60, "blue: {bottom_right:?}");
    assert!(matches!(image.source(), Source::Jpeg { gray: false, bytes } if &bytes[..] == RGB_JPEG));
}

#[test]
fn damaged_images_are_errors_not_panics() {
    let png = encode_png(4, 4, png::ColorType::Rgb, &[7; 48]);
    for file in [&png[..], RGB_JPEG] {
        for len in 0..file.len() {
            let _ = Image::decode(&file[..len]);
        }
        for index in 0..file.len() {
            let mut damaged = file.to_vec();
            damaged[index] ^= 0x5a;
            let _ = Image::decode(&damaged);
        }
        assert!(Image::decode(&file[..file.len() / 2]).is_err());
    }
}

#[test]
fn unsupported_and_oversized_images_say_why() {
    let err = Image::decode(b"GIF89a....").expect_err("gif");
    assert!(err.to_string().contains("not a PNG or JPEG"), "{err}");
    let mut huge = encode_png(1, 1, png::ColorType::Rgb, &[0, 0, 0]);
    huge[16..20].copy_from_slice(&100_000u32.to_be_bytes()); // IHDR width (the CRC is now wrong too)
    assert!(Image::decode(&huge).is_err());
    assert!(matches!(Image::from_rgba(9000, 1, vec![0; 36000]), Err(RenderError::ImageTooLarge { .. })));
    assert!(Image::from_rgba(2, 2, vec![0; 3]).is_err());
}

#[test]
fn image_set_finds_images_by_name() {
    let mut set = ImageSet::new();
    set.insert("logo", Image::from_rgba(1, 1, vec![1, 2, 3, 4]).expect("image"));
    assert!(set.get("logo").is_some());
    assert!(set.get("seal").is_none());
}
