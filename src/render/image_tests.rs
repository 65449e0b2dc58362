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
fn a_file_cut_short_is_not_taken_in() {
    let png = encode_png(4, 4, png::ColorType::Rgb, &[7; 48]);
    for (file, format) in [(&png[..], "PNG"), (RGB_JPEG, "JPEG")] {
        assert!(Image::decode_to_store(file).is_ok(), "the whole {format} file");
        let cut = Image::decode_to_store(&file[..file.len() - 20]).expect_err("a file cut short");
        assert!(matches!(cut, RenderError::CutShort(named) if named == format), "{format}: {cut}");
        assert!(cut.to_string().contains("cut short"), "{cut}");
    }
    // zune-jpeg decodes the rest grey, which printing an image stored before still does.
    assert!(Image::decode(&RGB_JPEG[..RGB_JPEG.len() - 20]).is_ok());
    let mut trailing = RGB_JPEG.to_vec();
    trailing.extend_from_slice(b"bytes some cameras append");
    assert!(Image::decode_to_store(&trailing).is_ok(), "bytes after the end marker are no damage");
}

#[test]
fn a_damaged_png_says_so_in_words() {
    let mut png = encode_png(4, 4, png::ColorType::Rgb, &[7; 48]);
    png[12..16].copy_from_slice(b"junk"); // the IHDR chunk's type
    let err = Image::decode(&png).expect_err("damaged");
    assert_eq!(
        err.to_string(),
        "the PNG file is damaged (it breaks the PNG format); open it in an image editor and save it again"
    );
    assert!(!err.to_string().contains('{'), "no decoder internals: {err}");
}

#[test]
fn other_files_are_named_for_what_they_are() {
    let said = |bytes: &[u8]| Image::decode(bytes).expect_err("not PNG or JPEG").to_string();
    assert_eq!(said(b"GIF89a...."), "it is a GIF image; save it as PNG or JPEG");
    assert_eq!(said(b"RIFF\x10\0\0\0WEBPVP8 "), "it is a WebP image; save it as PNG or JPEG");
    assert_eq!(said(b"\0\0\0\x18ftypheic\0\0"), "it is a HEIC image (as phones save photos); save it as PNG or JPEG");
    assert_eq!(said(b"%PDF-1.7\n"), "it is a PDF document; save it as PNG or JPEG");
    assert_eq!(said(b"<?xml version=\"1.0\"?>\n<svg xmlns="), "it is an SVG drawing; save it as PNG or JPEG");
    assert_eq!(said(b"# Notes\nnot a picture\n"), "it is text, not an image; save it as PNG or JPEG");
    assert_eq!(said(b""), "the file is empty");
    // Too short to hold the brand its box names.
    assert!(said(b"\0\0\0\x18ftyphe").starts_with("it is neither a PNG nor a JPEG file"));
    assert_eq!(
        said(&[0, 1, 2, 3, 0xfe]),
        "it is neither a PNG nor a JPEG file (it begins with the bytes 00 01 02 03 fe); save it as PNG or JPEG"
    );
}

#[test]
fn oversized_images_say_why() {
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
