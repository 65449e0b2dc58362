//! Each protocol's sequence decoded back into pixels (base64 by the `base64` crate, PNG by the
//! `png` crate, sixel by a decoder written from the DEC description) and compared with the image.

use base64::Engine as _;

use super::*;

/// A picture with ink, paper, a colour and anti-aliasing greys.
fn sample(width: u32, height: u32) -> Rgba {
    let mut pixels = Vec::new();
    for y in 0..height {
        for x in 0..width {
            let pixel = if (x + y) % 7 == 0 {
                [20, 20, 30, 255]
            } else if x < width / 4 {
                [0, 0, 128, 255]
            } else if y > height * 3 / 4 {
                [212, 175, 55, 255]
            } else {
                let grey = (x * 255 / width.max(1)) as u8;
                [grey, grey, grey, 255]
            };
            pixels.extend(pixel);
        }
    }
    Rgba { width, height, pixels }
}

fn decode_png(png: &[u8]) -> Rgba {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    assert_eq!(info.color_type, png::ColorType::Rgba);
    pixels.truncate(info.buffer_size());
    Rgba { width: info.width, height: info.height, pixels }
}

/// The control data and payload of every kitty APC in `bytes`.
pub fn kitty_commands(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let text = String::from_utf8_lossy(bytes);
    text.split("\x1b_G")
        .skip(1)
        .map(|command| {
            let body = command.split("\x1b\\").next().unwrap_or("");
            let (control, payload) = body.split_once(';').unwrap_or((body, ""));
            (control.to_string(), payload.as_bytes().to_vec())
        })
        .collect()
}

pub fn decode_kitty(bytes: &[u8]) -> (String, Rgba) {
    let commands = kitty_commands(bytes);
    let control = commands.first().expect("a kitty command").0.clone();
    let payload: Vec<u8> = commands.iter().flat_map(|(_, payload)| payload.clone()).collect();
    let png = base64::engine::general_purpose::STANDARD.decode(payload).expect("base64");
    (control, decode_png(&png))
}

pub fn decode_iterm2(bytes: &[u8]) -> (String, Rgba) {
    let text = String::from_utf8_lossy(bytes);
    let body = text.split("\x1b]1337;File=").nth(1).expect("an OSC 1337").split('\x07').next().unwrap();
    let (arguments, payload) = body.split_once(':').expect("arguments:payload");
    let png = base64::engine::general_purpose::STANDARD.decode(payload).expect("base64");
    (arguments.to_string(), decode_png(&png))
}

/// A sixel decoder: palette definitions (`#i;2;r;g;b` in percent), colour selection (`#i`),
/// repeats (`!n`), carriage return (`$`) and next band (`-`); raster attributes give the size.
pub fn decode_sixel(bytes: &[u8]) -> Rgba {
    let text = String::from_utf8_lossy(bytes);
    let start = text.find('q').expect("a sixel introducer") + 1;
    let data = &text[start..text.rfind("\x1b\\").expect("a string terminator")];
    let mut chars = data.chars().peekable();
    let number = |chars: &mut std::iter::Peekable<std::str::Chars>| {
        let mut value = 0usize;
        while let Some(digit) = chars.peek().and_then(|c| c.to_digit(10)) {
            value = value * 10 + digit as usize;
            chars.next();
        }
        value
    };
    assert_eq!(chars.next(), Some('"'));
    let _ = (number(&mut chars), chars.next(), number(&mut chars), chars.next());
    let width = number(&mut chars);
    chars.next();
    let height = number(&mut chars);
    let mut pixels = vec![0u8; width * height * 4];
    let mut palette = vec![[0u8; 3]; 256];
    let (mut color, mut x, mut band) = (0usize, 0usize, 0usize);
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                color = number(&mut chars);
                if chars.peek() == Some(&';') {
                    chars.next();
                    let _model = number(&mut chars);
                    let mut rgb = [0u8; 3];
                    for channel in &mut rgb {
                        chars.next();
                        *channel = ((number(&mut chars) * 255 + 50) / 100) as u8;
                    }
                    palette[color] = rgb;
                }
            }
            '$' => x = 0,
            '-' => {
                x = 0;
                band += 6;
            }
            '!' | '?'..='~' => {
                let (repeat, symbol) = if c == '!' { (number(&mut chars), chars.next().unwrap()) } else { (1, c) };
                let bits = symbol as u8 - b'?';
                for _ in 0..repeat {
                    for row in 0..6 {
                        let y = band + row;
                        if bits & (1 << row) != 0 && y < height && x < width {
                            let i = (y * width + x) * 4;
                            pixels[i..i + 3].copy_from_slice(&palette[color]);
                            pixels[i + 3] = 255;
                        }
                    }
                    x += 1;
                }
            }
            other => panic!("unexpected {other:?} in sixel data"),
        }
    }
    Rgba { width: width as u32, height: height as u32, pixels }
}

fn placement() -> Placement {
    Placement { cols: 30, rows: 9, keep_cursor: true, id: 7 }
}

#[test]
fn kitty_decodes_to_the_same_pixels_in_chunks_the_protocol_allows() {
    let image = sample(240, 150);
    let bytes = encode(Protocol::Kitty, &image, placement()).unwrap();
    let commands = kitty_commands(&bytes);
    assert!(commands.len() > 1, "a picture this size needs several chunks");
    assert!(commands.iter().all(|(_, payload)| payload.len() <= 4096));
    assert!(commands.last().unwrap().0.contains("m=0") && commands[0].0.contains("m=1"));
    let (control, decoded) = decode_kitty(&bytes);
    for part in ["a=T", "f=100", "q=2", "i=7", "c=30", "r=9", "C=1"] {
        assert!(control.split(',').any(|kv| kv == part), "{part} in {control}");
    }
    assert_eq!(decoded, image);
    assert_eq!(kitty_delete(7), b"\x1b_Ga=d,d=I,i=7,q=2\x1b\\");
}

#[test]
fn iterm2_decodes_to_the_same_pixels_sized_in_cells() {
    let image = sample(90, 60);
    let bytes = encode(Protocol::Iterm2, &image, Placement { keep_cursor: false, ..placement() }).unwrap();
    let (arguments, decoded) = decode_iterm2(&bytes);
    assert_eq!(decoded, image);
    for part in ["inline=1", "width=30", "height=9", "preserveAspectRatio=1"] {
        assert!(arguments.split(';').any(|kv| kv == part), "{part} in {arguments}");
    }
    assert!(!arguments.contains("doNotMoveCursor"), "a preview in the shell moves past the picture");
}

#[test]
fn sixel_decodes_to_the_picture_within_the_palette_step() {
    // 13 rows: two full bands and a partial one.
    let image = sample(37, 13);
    let decoded = decode_sixel(&encode(Protocol::Sixel, &image, placement()).unwrap());
    assert_eq!((decoded.width, decoded.height), (37, 13));
    for (got, want) in decoded.pixels.chunks(4).zip(image.pixels.chunks(4)) {
        assert_eq!(got[3], 255, "every pixel is painted");
        for channel in 0..3 {
            let error = (i32::from(got[channel]) - i32::from(want[channel])).abs();
            assert!(error <= 26, "{got:?} for {want:?}");
        }
    }
    // Paper and ink are exact.
    assert_eq!(palette_color(palette_index([255, 255, 255])), [255, 255, 255]);
    assert_eq!(palette_color(palette_index([0, 0, 0])), [0, 0, 0]);
}

#[test]
fn base64_matches_a_standard_encoder() {
    for length in 0..70 {
        let bytes: Vec<u8> = (0..length).map(|i| (i * 37 + 11) as u8).collect();
        assert_eq!(base64(&bytes), base64::engine::general_purpose::STANDARD.encode(&bytes), "{length} bytes");
    }
}

#[test]
fn tmux_passthrough_doubles_every_escape() {
    let wrapped = tmux_passthrough(b"\x1b_Ga=T;AAAA\x1b\\");
    assert_eq!(wrapped, b"\x1bPtmux;\x1b\x1b_Ga=T;AAAA\x1b\x1b\\\x1b\\");
}

#[test]
fn protocol_names_round_trip() {
    for protocol in Protocol::ALL {
        assert_eq!(Protocol::from_name(&protocol.name().to_uppercase()), Some(protocol));
    }
    assert_eq!(Protocol::from_name("ascii"), None);
}
