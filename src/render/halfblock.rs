//! Terminal pictures: a page or an image as cells of the upper-half-block character '▀'
//! (foreground = upper pixel, background = lower pixel), in truecolor or the 256-colour palette.

use super::error::Result;
use super::page::{Page, Rgb};
use super::raster::{Rasterizer, Rgba};

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    TrueColor,
    /// The xterm 256-colour palette: 6x6x6 cube and grey ramp.
    Palette256,
}

impl ColorMode {
    /// Truecolor when `COLORTERM` says `truecolor` or `24bit`, the palette otherwise.
    pub fn from_env() -> ColorMode {
        ColorMode::from_colorterm(std::env::var("COLORTERM").ok().as_deref())
    }

    pub fn from_colorterm(value: Option<&str>) -> ColorMode {
        match value.map(str::trim).map(str::to_ascii_lowercase).as_deref() {
            Some("truecolor" | "24bit") => ColorMode::TrueColor,
            _ => ColorMode::Palette256,
        }
    }
}

/// A terminal colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellColor {
    Rgb(Rgb),
    /// An index into the 256-colour palette.
    Indexed(u8),
}

/// One terminal cell showing '▀': `fg` paints the upper pixel, `bg` the lower one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub fg: CellColor,
    pub bg: CellColor,
}

/// The character every cell shows.
pub const HALF_BLOCK: char = '▀';

/// The pixel size (width, height) that fits a `width_pt` x `height_pt` page into `cols` x
/// `rows` cells, keeping the aspect ratio (a cell is about twice as tall as wide, so it holds
/// two square pixels). The height is even, so every cell has two pixels.
pub fn fit(width_pt: f32, height_pt: f32, cols: u16, rows: u16) -> (u32, u32) {
    let scale = (cols as f32 / width_pt).min(2.0 * rows as f32 / height_pt);
    let width = ((width_pt * scale).round() as u32).clamp(1, cols.max(1) as u32);
    let height = ((height_pt * scale / 2.0).round() as u32 * 2).clamp(2, 2 * rows.max(1) as u32);
    (width, height)
}

/// Draws `page` into at most `cols` x `rows` cells, supersampled 2x2 for smoother text.
pub fn page_cells(
    rasterizer: &mut Rasterizer,
    page: &Page,
    cols: u16,
    rows: u16,
    mode: ColorMode,
) -> Result<Vec<Vec<Cell>>> {
    let (width, height) = fit(page.width_pt, page.height_pt, cols, rows);
    let scale = (width as f32 / page.width_pt).min(height as f32 / page.height_pt);
    let big = rasterizer.render_scaled(page, scale * 2.0)?;
    Ok(cells(&downsample(&big, width, height), mode))
}

/// An image (for example a rendered page) fitted into `cols` x `rows` cells.
pub fn image_cells(image: &Rgba, cols: u16, rows: u16, mode: ColorMode) -> Vec<Vec<Cell>> {
    let (width, height) = fit(image.width as f32, image.height as f32, cols, rows);
    cells(&downsample(image, width, height), mode)
}

/// Box-filters `image` to `width` x `height` (averaging every source pixel that falls in a target pixel).
fn downsample(image: &Rgba, width: u32, height: u32) -> Rgba {
    let mut pixels = Vec::with_capacity(width as usize * height as usize * 4);
    let (sw, sh) = (image.width.max(1) as u64, image.height.max(1) as u64);
    for y in 0..height as u64 {
        let (y0, y1) = (y * sh / height as u64, ((y + 1) * sh / height as u64).max(y * sh / height as u64 + 1));
        for x in 0..width as u64 {
            let (x0, x1) = (x * sw / width as u64, ((x + 1) * sw / width as u64).max(x * sw / width as u64 + 1));
            let mut sum = [0u64; 4];
            let mut count = 0;
            for sy in y0..y1.min(sh) {
                for sx in x0..x1.min(sw) {
                    let i = ((sy * sw + sx) * 4) as usize;
                    for (total, &v) in sum.iter_mut().zip(&image.pixels[i..i + 4]) {
                        *total += v as u64;
                    }
                    count += 1;
                }
            }
            pixels.extend(sum.map(|t| t.checked_div(count).unwrap_or(255) as u8));
        }
    }
    Rgba { width, height, pixels }
}

fn cells(image: &Rgba, mode: ColorMode) -> Vec<Vec<Cell>> {
    let color = |x: u32, y: u32| {
        // Transparent pixels show as white paper.
        let [r, g, b, a] = image.pixel(x, y).unwrap_or([255, 255, 255, 255]);
        let over_white = |c: u8| ((c as u32 * a as u32 + 255 * (255 - a as u32) + 127) / 255) as u8;
        let rgb = Rgb::new(over_white(r), over_white(g), over_white(b));
        match mode {
            ColorMode::TrueColor => CellColor::Rgb(rgb),
            ColorMode::Palette256 => CellColor::Indexed(palette_index(rgb)),
        }
    };
    (0..image.height.div_ceil(2))
        .map(|row| (0..image.width).map(|x| Cell { fg: color(x, row * 2), bg: color(x, row * 2 + 1) }).collect())
        .collect()
}

/// The nearest xterm palette colour: the 6x6x6 cube (16-231) or the grey ramp (232-255).
pub fn palette_index(c: Rgb) -> u8 {
    const LEVELS: [i32; 6] = [0, 95, 135, 175, 215, 255];
    let nearest_level = |v: u8| (0..6).min_by_key(|&i| (LEVELS[i] - v as i32).abs()).unwrap_or(0);
    let (r, g, b) = (nearest_level(c.r), nearest_level(c.g), nearest_level(c.b));
    let cube = (LEVELS[r], LEVELS[g], LEVELS[b]);
    let mean = (c.r as i32 + c.g as i32 + c.b as i32) / 3;
    let grey_step = ((mean - 8 + 5) / 10).clamp(0, 23);
    let grey = 8 + 10 * grey_step;
    let distance =
        |(r2, g2, b2): (i32, i32, i32)| (c.r as i32 - r2).pow(2) + (c.g as i32 - g2).pow(2) + (c.b as i32 - b2).pow(2);
    if distance((grey, grey, grey)) < distance(cube) {
        232 + grey_step as u8
    } else {
        16 + 36 * r as u8 + 6 * g as u8 + b as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorterm_selects_truecolor_only_when_it_says_so() {
        assert_eq!(ColorMode::from_colorterm(Some("truecolor")), ColorMode::TrueColor);
        assert_eq!(ColorMode::from_colorterm(Some("24bit")), ColorMode::TrueColor);
        assert_eq!(ColorMode::from_colorterm(Some("")), ColorMode::Palette256);
        assert_eq!(ColorMode::from_colorterm(None), ColorMode::Palette256);
    }

    #[test]
    fn palette_maps_to_cube_and_grey_ramp() {
        assert_eq!(palette_index(Rgb::new(255, 0, 0)), 196);
        assert_eq!(palette_index(Rgb::new(0, 0, 0)), 16);
        assert_eq!(palette_index(Rgb::new(255, 255, 255)), 231);
        assert_eq!(palette_index(Rgb::new(128, 128, 128)), 244);
        assert_eq!(palette_index(Rgb::new(0, 95, 135)), 16 + 6 + 2);
    }

    #[test]
    fn fit_keeps_the_aspect_ratio_in_square_pixels() {
        // A4 landscape into 80 x 24 cells: height-limited (48 pixels).
        assert_eq!(fit(841.89, 595.28, 80, 24), (68, 48));
        // Portrait into a wide area.
        let (w, h) = fit(595.28, 841.89, 200, 30);
        assert_eq!(h, 60);
        assert!((w as f32 / h as f32 - 595.28 / 841.89).abs() < 0.03);
    }

    #[test]
    fn upper_pixel_is_foreground_and_lower_is_background() {
        let pixels = [[255, 0, 0, 255], [0, 0, 255, 255]].concat();
        let image = Rgba { width: 1, height: 2, pixels };
        let cells = image_cells(&image, 1, 1, ColorMode::TrueColor);
        assert_eq!(
            cells,
            [[Cell { fg: CellColor::Rgb(Rgb::new(255, 0, 0)), bg: CellColor::Rgb(Rgb::new(0, 0, 255)) }]]
        );
    }
}
