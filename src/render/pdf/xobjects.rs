//! The XObjects a content stream draws, by the names it draws them with, and QR codes as 1-bit
//! image masks. Every stream lists only what it draws: a page names its fixed layer's form, its
//! QR code and its repeated lines, never the whole document's images.

use pdf_writer::writers::Resources;
use pdf_writer::{Chunk, Filter, Finish, Name, Ref};

use crate::render::page::ModuleGrid;

/// An XObject as a content stream names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum XObject {
    /// A fixed layer's form: `/X0`.
    Form(u32),
    /// An image of the document's image set: `/I0`.
    Image(u32),
    /// The stream's own QR code (its index among the stream's masks): `/Q0`.
    Mask(u32),
    /// A line that repeats from page to page: `/T0`.
    Line(u32),
}

impl XObject {
    pub(super) fn prefix(self) -> (u8, u32) {
        match self {
            XObject::Form(index) => (b'X', index),
            XObject::Image(index) => (b'I', index),
            XObject::Mask(index) => (b'Q', index),
            XObject::Line(index) => (b'T', index),
        }
    }
}

/// A stream's XObject resources: name and object.
#[derive(Debug, Clone, Default)]
pub(super) struct XObjectNames(Vec<(XObject, Ref)>);

impl XObjectNames {
    pub(super) fn resolve(used: &[XObject], mut reference: impl FnMut(XObject) -> Option<Ref>) -> Option<Self> {
        used.iter().map(|&xobject| Some((xobject, reference(xobject)?))).collect::<Option<Vec<_>>>().map(XObjectNames)
    }

    /// Adds `/XObject <<…>>` to `resources`, unless the stream draws none.
    pub(super) fn write(&self, resources: &mut Resources) {
        if self.0.is_empty() {
            return;
        }
        let mut dict = resources.x_objects();
        let mut name = Vec::with_capacity(12);
        for &(xobject, id) in &self.0 {
            let (prefix, index) = xobject.prefix();
            name.clear();
            name.push(prefix);
            name.extend_from_slice(index.to_string().as_bytes());
            dict.pair(Name(&name), id);
        }
        dict.finish();
    }
}

/// A QR code as a 1-bit image mask: one sample per module, rows padded to whole bytes, 0 where
/// a module is dark (a mask paints its 0 samples in the fill colour and leaves the rest).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Mask {
    size: u16,
    rows: Vec<u8>,
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

    /// The image XObject. Its samples are left uncompressed: a QR code is as random as data
    /// gets, and deflate only adds its own header. Interpolation is off (the default), so
    /// viewers draw sharp modules at any zoom.
    pub(super) fn write(&self, chunk: &mut Chunk, id: Ref, readable: bool) {
        let hex;
        let data = if readable {
            hex = super::sink::hex(&self.rows);
            &hex
        } else {
            &self.rows
        };
        let mut stream = chunk.stream(id, data);
        stream.pair(Name(b"Subtype"), Name(b"Image"));
        stream.pair(Name(b"Width"), i32::from(self.size)).pair(Name(b"Height"), i32::from(self.size));
        stream.pair(Name(b"ImageMask"), true);
        if readable {
            stream.filter(Filter::AsciiHexDecode);
        }
        stream.finish();
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
