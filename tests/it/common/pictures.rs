//! Terminal pictures decoded back into pixels with decoders nobody here wrote (the `base64`
//! and `png` crates, libsixel's `sixel2png`), and compared with certdesk's PNG export.

use std::process::Command;

use base64::Engine as _;

/// Row-major RGB pixels.
#[derive(Debug, Clone)]
pub struct Pixels {
    pub width: usize,
    pub height: usize,
    pub rgb: Vec<[u8; 3]>,
}

pub fn decode_png(png: &[u8]) -> Pixels {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buffer).expect("a frame");
    let channels = info.color_type.samples();
    let rgb = buffer[..info.buffer_size()]
        .chunks(channels)
        .map(|pixel| match channels {
            1 | 2 => [pixel[0]; 3],
            _ => {
                // Transparent pixels are paper.
                let alpha = if channels == 4 { u32::from(pixel[3]) } else { 255 };
                let over = |c: u8| ((u32::from(c) * alpha + 255 * (255 - alpha)) / 255) as u8;
                [over(pixel[0]), over(pixel[1]), over(pixel[2])]
            }
        })
        .collect();
    Pixels { width: info.width as usize, height: info.height as usize, rgb }
}

/// Undoes tmux's passthrough: `ESC P tmux; ... ESC \` with every inner ESC doubled.
pub fn unwrap_tmux(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\x1bPtmux;") {
            i += 7;
            while i < bytes.len() {
                if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&0x1b) {
                    out.push(0x1b);
                    i += 2;
                } else if bytes[i] == 0x1b && bytes.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    break;
                } else {
                    out.push(bytes[i]);
                    i += 1;
                }
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// The kitty commands (control data, payload) in `bytes`, in order.
pub fn kitty_commands(bytes: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(bytes);
    text.split("\x1b_G")
        .skip(1)
        .map(|command| {
            let body = command.split("\x1b\\").next().unwrap_or("");
            let (control, payload) = body.split_once(';').unwrap_or((body, ""));
            (control.to_string(), payload.to_string())
        })
        .collect()
}

/// The first picture sent with the kitty protocol (a=T and its chunks), and its control data.
pub fn decode_kitty(bytes: &[u8]) -> (String, Pixels) {
    let commands = kitty_commands(bytes);
    let start = commands.iter().position(|(control, _)| control.contains("a=T")).expect("a kitty picture");
    let mut payload = String::new();
    for (control, chunk) in &commands[start..] {
        payload.push_str(chunk);
        if control.contains("m=0") {
            break;
        }
    }
    let png = base64::engine::general_purpose::STANDARD.decode(payload).expect("base64");
    (commands[start].0.clone(), decode_png(&png))
}

pub fn decode_iterm2(bytes: &[u8]) -> (String, Pixels) {
    let text = String::from_utf8_lossy(bytes);
    let body = text.split("\x1b]1337;File=").nth(1).expect("an OSC 1337").split('\x07').next().unwrap_or("");
    let (arguments, payload) = body.split_once(':').expect("arguments:payload");
    let png = base64::engine::general_purpose::STANDARD.decode(payload).expect("base64");
    (arguments.to_string(), decode_png(&png))
}

/// The sixel image in `bytes`, decoded by libsixel's `sixel2png`.
pub fn decode_sixel(bytes: &[u8]) -> Pixels {
    let text = String::from_utf8_lossy(bytes);
    let start = text.find("\x1bP").expect("a DCS");
    let end = text[start..].find("\x1b\\").expect("a string terminator") + start + 2;
    let dir = tempfile::tempdir().expect("temp dir");
    let (six, png) = (dir.path().join("picture.six"), dir.path().join("picture.png"));
    std::fs::write(&six, &text.as_bytes()[start..end]).expect("write the sixel");
    let status = Command::new("sixel2png")
        .arg("-i")
        .arg(&six)
        .arg("-o")
        .arg(&png)
        .status()
        .expect("sixel2png (libsixel-bin; run scripts/test)");
    assert!(status.success(), "sixel2png failed");
    decode_png(&std::fs::read(png).expect("the decoded PNG"))
}

/// Half-block cells (`ESC[38;2;r;g;bm ESC[48;2;r;g;bm ▀`) back into two pixels each.
pub fn decode_half_blocks(text: &str) -> Pixels {
    let mut rows: Vec<Vec<[u8; 3]>> = Vec::new();
    for line in text.lines().filter(|line| line.contains('▀')) {
        let (mut upper, mut lower) = (Vec::new(), Vec::new());
        for cell in line.split('▀').filter(|cell| cell.contains("38;2;")) {
            let numbers = |layer: &str| -> [u8; 3] {
                let part = cell.split(layer).nth(1).expect("a colour");
                let mut values = part.split(|c: char| !c.is_ascii_digit()).filter(|v| !v.is_empty());
                [0, 1, 2].map(|_| values.next().and_then(|v| v.parse().ok()).expect("a channel"))
            };
            upper.push(numbers("38;2;"));
            lower.push(numbers("48;2;"));
        }
        rows.push(upper);
        rows.push(lower);
    }
    let width = rows.first().map_or(0, Vec::len);
    Pixels { width, height: rows.len(), rgb: rows.concat() }
}

/// `image` box-filtered to `width` x `height`.
pub fn shrink(image: &Pixels, width: usize, height: usize) -> Pixels {
    let mut rgb = Vec::with_capacity(width * height);
    for y in 0..height {
        let (y0, y1) =
            (y * image.height / height, ((y + 1) * image.height / height).max(y * image.height / height + 1));
        for x in 0..width {
            let (x0, x1) = (x * image.width / width, ((x + 1) * image.width / width).max(x * image.width / width + 1));
            let mut sum = [0u64; 3];
            let mut count = 0;
            for sy in y0..y1 {
                for sx in x0..x1 {
                    for (total, value) in sum.iter_mut().zip(image.rgb[sy * image.width + sx]) {
                        *total += u64::from(value);
                    }
                    count += 1;
                }
            }
            rgb.push(sum.map(|total| (total / count) as u8));
        }
    }
    Pixels { width, height, rgb }
}

/// Mean absolute difference per channel between `picture` and `export` shrunk to its size.
pub fn difference(picture: &Pixels, export: &Pixels) -> f64 {
    let reference = shrink(export, picture.width, picture.height);
    let total: u64 = picture
        .rgb
        .iter()
        .zip(&reference.rgb)
        .flat_map(|(a, b)| (0..3).map(move |c| u64::from(a[c].abs_diff(b[c]))))
        .sum();
    total as f64 / (picture.rgb.len() * 3).max(1) as f64
}

/// How much of the picture is ink (pixels clearly darker than paper), so a blank picture
/// cannot pass.
pub fn ink(picture: &Pixels) -> f64 {
    let dark = picture.rgb.iter().filter(|[r, g, b]| u32::from(*r) + u32::from(*g) + u32::from(*b) < 600).count();
    dark as f64 / picture.rgb.len().max(1) as f64
}
