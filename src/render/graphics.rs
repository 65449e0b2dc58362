//! Pictures for terminals that show real images: the escape sequences of the kitty graphics
//! protocol, iTerm2's inline images and sixel, and tmux's passthrough around them. Each draws
//! an `Rgba` at the cursor; what the terminal supports is decided elsewhere (`tui::graphics`).

use super::error::Result;
use super::raster::Rgba;

/// How a terminal is sent a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// The kitty graphics protocol (kitty, WezTerm, Ghostty, Konsole).
    Kitty,
    /// iTerm2's inline images (iTerm2, WezTerm).
    Iterm2,
    /// DEC sixel (foot, xterm, mlterm, Windows Terminal, and tmux built with it).
    Sixel,
    /// No picture: cells of `▀` with the upper and lower pixel as colours (`halfblock`).
    HalfBlocks,
}

impl Protocol {
    pub const ALL: [Protocol; 4] = [Protocol::Kitty, Protocol::Iterm2, Protocol::Sixel, Protocol::HalfBlocks];

    /// The name `CERTDESK_GRAPHICS` takes.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Kitty => "kitty",
            Protocol::Iterm2 => "iterm2",
            Protocol::Sixel => "sixel",
            Protocol::HalfBlocks => "halfblocks",
        }
    }

    pub fn from_name(name: &str) -> Option<Protocol> {
        Protocol::ALL.into_iter().find(|protocol| protocol.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// Where a picture goes: how many cells it covers, and whether the cursor stays where it was
/// (the TUI) or moves past the picture (a preview printed in the shell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub cols: u16,
    pub rows: u16,
    pub keep_cursor: bool,
    /// The kitty image id, so the picture can be deleted again.
    pub id: u32,
}

/// The sequence that draws `image` at the cursor with `protocol` (empty for half-blocks, which
/// are cells, not a picture).
pub fn encode(protocol: Protocol, image: &Rgba, placement: Placement) -> Result<Vec<u8>> {
    Ok(match protocol {
        Protocol::Kitty => kitty(&image.to_png()?, placement),
        Protocol::Iterm2 => iterm2(&image.to_png()?, placement),
        Protocol::Sixel => sixel(image),
        Protocol::HalfBlocks => Vec::new(),
    })
}

/// Kitty: the PNG in base64 chunks of at most 4096 bytes (the protocol's limit), shown scaled
/// to `cols` x `rows` cells; `q=2` keeps the terminal from answering into the keyboard input.
fn kitty(png: &[u8], placement: Placement) -> Vec<u8> {
    let payload = base64(png);
    let chunks: Vec<&[u8]> = payload.as_bytes().chunks(4096).collect();
    let mut out = Vec::with_capacity(payload.len() + chunks.len() * 16 + 64);
    let cursor = if placement.keep_cursor { ",C=1" } else { "" };
    for (index, chunk) in chunks.iter().enumerate() {
        let more = u8::from(index + 1 < chunks.len());
        if index == 0 {
            let Placement { cols, rows, id, .. } = placement;
            out.extend_from_slice(
                format!("\x1b_Ga=T,f=100,t=d,q=2,i={id},c={cols},r={rows}{cursor},m={more};").as_bytes(),
            );
        } else {
            out.extend_from_slice(format!("\x1b_Gm={more};").as_bytes());
        }
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\x1b\\");
    }
    out
}

/// The kitty sequence that removes the picture with `id` and frees its data.
pub fn kitty_delete(id: u32) -> Vec<u8> {
    format!("\x1b_Ga=d,d=I,i={id},q=2\x1b\\").into_bytes()
}

/// iTerm2: OSC 1337 with the PNG inline, sized in cells with its aspect ratio kept.
fn iterm2(png: &[u8], placement: Placement) -> Vec<u8> {
    let Placement { cols, rows, keep_cursor, .. } = placement;
    let cursor = if keep_cursor { ";doNotMoveCursor=1" } else { "" };
    let mut out =
        format!("\x1b]1337;File=inline=1;size={};width={cols};height={rows};preserveAspectRatio=1{cursor}:", png.len())
            .into_bytes();
    out.extend_from_slice(base64(png).as_bytes());
    out.push(0x07);
    out
}

/// Wraps a sequence for tmux, which hands it to the terminal outside (with `allow-passthrough
/// on`): every ESC inside is doubled.
pub fn tmux_passthrough(sequence: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(sequence.len() + sequence.len() / 64 + 16);
    out.extend_from_slice(b"\x1bPtmux;");
    for &byte in sequence {
        if byte == 0x1b {
            out.push(0x1b);
        }
        out.push(byte);
    }
    out.extend_from_slice(b"\x1b\\");
    out
}

/// Sixel: a palette of the 6x6x6 colour cube and 40 greys (a page is paper, ink and a few
/// colours; the greys carry the anti-aliasing), then bands of six pixel rows, each colour's
/// run-length encoded columns one after the other.
fn sixel(image: &Rgba) -> Vec<u8> {
    let (width, height) = (image.width as usize, image.height as usize);
    let indices: Vec<u8> = (0..height)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .map(|(x, y)| palette_index(over_white(image.pixel(x as u32, y as u32).unwrap_or([255; 4]))))
        .collect();
    let mut out = format!("\x1bP0;1;0q\"1;1;{width};{height}").into_bytes();
    for index in 0..=255u8 {
        let [r, g, b] = palette_color(index);
        let percent = |c: u8| (u32::from(c) * 100 + 127) / 255;
        out.extend_from_slice(format!("#{index};2;{};{};{}", percent(r), percent(g), percent(b)).as_bytes());
    }
    let mut present = [false; 256];
    let mut bits = vec![0u8; width];
    for band in (0..height).step_by(6) {
        let rows = (height - band).min(6);
        present.fill(false);
        for &index in &indices[band * width..(band + rows) * width] {
            present[usize::from(index)] = true;
        }
        for color in (0..=255u8).filter(|&c| present[usize::from(c)]) {
            bits.fill(0);
            for row in 0..rows {
                let line = &indices[(band + row) * width..(band + row + 1) * width];
                for (x, &index) in line.iter().enumerate() {
                    if index == color {
                        bits[x] |= 1 << row;
                    }
                }
            }
            out.extend_from_slice(format!("#{color}").as_bytes());
            run_length(&bits, &mut out);
            out.push(b'$');
        }
        out.push(b'-');
    }
    out.extend_from_slice(b"\x1b\\");
    out
}

/// Sixel data for one colour of a band: `!N` repeats a sixel N times.
fn run_length(bits: &[u8], out: &mut Vec<u8>) {
    let mut x = 0;
    while x < bits.len() {
        let value = bits[x];
        let run = bits[x..].iter().take_while(|&&b| b == value).count();
        let symbol = b'?' + value;
        if run > 3 {
            out.extend_from_slice(format!("!{run}").as_bytes());
            out.push(symbol);
        } else {
            out.extend(std::iter::repeat_n(symbol, run));
        }
        x += run;
    }
}

/// A pixel composed over white paper.
fn over_white([r, g, b, a]: [u8; 4]) -> [u8; 3] {
    let blend = |c: u8| ((u32::from(c) * u32::from(a) + 255 * (255 - u32::from(a)) + 127) / 255) as u8;
    [blend(r), blend(g), blend(b)]
}

const CUBE: [u8; 6] = [0, 51, 102, 153, 204, 255];

/// Palette entries 0..216 are the cube, 216..256 greys between the cube's levels.
fn palette_color(index: u8) -> [u8; 3] {
    if index < 216 {
        let i = usize::from(index);
        [CUBE[i / 36], CUBE[(i / 6) % 6], CUBE[i % 6]]
    } else {
        let grey = (u32::from(index - 216) * 255 / 39) as u8;
        [grey; 3]
    }
}

/// The nearest palette entry: the nearest cube colour, or the nearest grey when closer.
fn palette_index([r, g, b]: [u8; 3]) -> u8 {
    let level = |c: u8| (u16::from(c) + 25) / 51;
    let cube = (level(r) * 36 + level(g) * 6 + level(b)) as u8;
    let mean = (u32::from(r) + u32::from(g) + u32::from(b)) / 3;
    let grey = 216 + ((mean * 39 + 127) / 255) as u8;
    let distance = |index: u8| {
        let [pr, pg, pb] = palette_color(index);
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(r, pr) + d(g, pg) + d(b, pb)
    };
    if distance(grey) < distance(cube) { grey } else { cube }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648), which both image protocols take.
fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(BASE64[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "graphics_tests.rs"]
pub(crate) mod tests;
