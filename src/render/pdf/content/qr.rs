//! QR codes as inline 1-bit image masks in the content stream that draws them.
//!
//! Inline rather than an image XObject each: a page's code is drawn once and never shared, so
//! its own object (dictionary, `obj`/`endobj`, cross-reference entry) and its name in the page's
//! resources cost about a hundred bytes a page for nothing. Inline, the samples follow `ID`
//! raw and the header compresses with the page's text.
//!
//! Raw samples can contain any byte, `EI` included. Readers that compute the data's length
//! from `/W`, `/H` and one bit a sample (poppler, MuPDF, PDFium, lopdf) read exactly that many;
//! `/L`, PDF 2.0's length of the data, says it outright to readers that scan for `EI`
//! otherwise. Readable output (`PdfOptions::debug`) writes the samples in hex instead, which
//! no scan can mistake for an `EI`.

use super::ContentWriter;
use crate::render::page::ModuleGrid;
use crate::render::pdf::sink::hex;

/// A QR code's samples: one bit a module, rows padded to whole bytes, 0 where a module is dark
/// (a mask paints its 0 samples in the fill colour and leaves the rest).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Mask {
    size: u16,
    pub(super) rows: Vec<u8>,
}

impl Mask {
    pub(super) fn of(grid: &ModuleGrid) -> Mask {
        let size = grid.size as usize;
        let bytes_per_row = size.div_ceil(8);
        let mut rows = Vec::with_capacity(bytes_per_row * size);
        for modules in grid.dark.chunks(size.max(1)).take(size) {
            for eight in modules.chunks(8) {
                // Light modules and the row's padding are 1; dark ones 0.
                let dark = eight.iter().fold(0u8, |byte, &dark| byte << 1 | u8::from(dark)) << (8 - eight.len());
                rows.push(!dark);
            }
        }
        rows.resize(bytes_per_row * size, 0xff);
        Mask { size: grid.size, rows }
    }
}

impl ContentWriter {
    /// A QR code: its modules as an inline image mask, one sample a module, scaled to the
    /// grid's side and painted in its colour. Interpolation is off (the default), so viewers
    /// draw sharp modules at any zoom.
    pub(super) fn modules(&mut self, grid: &ModuleGrid) {
        self.end_text();
        self.set_fill(grid.color);
        let mask = Mask::of(grid);
        let side = super::centi(grid.module_pt * f32::from(grid.size));
        self.op("q");
        self.nums(&[side, 0, 0, side, super::centi(grid.x_pt), self.height - super::centi(grid.y_pt) - side]);
        self.op("cm");
        self.out.extend_from_slice(b"BI/W ");
        self.push_fixed(i64::from(mask.size), 0);
        self.out.extend_from_slice(b"/H ");
        self.push_fixed(i64::from(mask.size), 0);
        let mut raw_from = None;
        if self.hex_strings {
            self.out.extend_from_slice(b"/IM true/F/AHx ID\n");
            self.out.extend_from_slice(&hex(&mask.rows));
        } else {
            self.out.extend_from_slice(b"/IM true/L ");
            self.push_fixed(mask.rows.len() as i64, 0);
            self.out.extend_from_slice(b" ID\n");
            raw_from = Some(self.out.len());
            self.out.extend_from_slice(&mask.rows);
        }
        self.out.push(b'\n');
        self.op("EI Q");
        // Raw samples compress no better than they are: kept apart when nothing follows them.
        self.samples = raw_from.map(|start| (start, self.out.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::page::Rgb;

    #[test]
    fn masks_pack_one_bit_a_module_with_dark_as_zero() {
        // 9 modules a row: two bytes a row, the 7 padding bits left light.
        let mut dark = vec![false; 81];
        dark[0] = true;
        dark[8] = true;
        dark[9 + 1] = true;
        let grid = ModuleGrid { x_pt: 0.0, y_pt: 0.0, module_pt: 1.0, size: 9, dark, color: Rgb::BLACK };
        let mask = Mask::of(&grid);
        assert_eq!(mask.rows.len(), 18);
        assert_eq!(&mask.rows[..4], &[0b0111_1111, 0b0111_1111, 0b1011_1111, 0b1111_1111]);
        assert!(mask.rows[4..].iter().all(|&byte| byte == 0xff));
    }
}
