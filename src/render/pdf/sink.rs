//! Where a document's objects go: straight to the output as each is made, front to back.
//! Objects are numbered in the order they are written (ids are reserved just before), so the
//! cross-reference log stays a varint an object; the two objects that can only be written at
//! the end (the page tree's root and the font dictionary) have ids of their own.

use std::io::Write;

use pdf_writer::{Chunk, Ref};

use super::xref::{self, Row, RowBytes, XrefLog};
use crate::render::error::{RenderError, Result};

/// The root of the page tree, written last.
pub(super) const PAGE_TREE: Ref = Ref::new(1);
/// The dictionary of every font, shared by every page and form, written last.
pub(super) const FONTS: Ref = Ref::new(2);
/// The first id of the objects written in order.
const FIRST_IN_ORDER: i32 = 3;

const HEADER: &[u8] = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n";

pub(super) struct ObjectSink<W: Write> {
    out: W,
    offset: u64,
    /// The next id to reserve and the next id to write.
    next_id: i32,
    next_written: i32,
    log: XrefLog,
    late: [Option<u64>; 2],
    /// Compressed streams: also decides how the cross-reference stream is written.
    compress: bool,
}

impl<W: Write> ObjectSink<W> {
    pub(super) fn new(out: W, compress: bool) -> ObjectSink<W> {
        ObjectSink {
            out,
            offset: 0,
            next_id: FIRST_IN_ORDER,
            next_written: FIRST_IN_ORDER,
            log: XrefLog::default(),
            late: [None; 2],
            compress,
        }
    }

    pub(super) fn bytes_written(&self) -> u64 {
        self.offset
    }

    /// Reserves `count` consecutive ids; they must be written in that order, before any id
    /// reserved later.
    pub(super) fn reserve(&mut self, count: i32) -> Ref {
        let first = Ref::new(self.next_id);
        self.next_id += count;
        first
    }

    /// Writes `chunk`, which holds the one object `id`, the next reserved id not yet written.
    pub(super) fn put(&mut self, id: Ref, chunk: &Chunk) -> Result<()> {
        self.check_next(id)?;
        let offset = self.start()?;
        self.log.object(offset);
        self.write(chunk.as_bytes())
    }

    /// Writes an object stream holding `members` objects, whose ids follow its own.
    pub(super) fn put_object_stream(&mut self, id: Ref, members: u16, chunk: &Chunk) -> Result<()> {
        self.check_next(id)?;
        if self.next_id < id.get() + 1 + i32::from(members) {
            return Err(RenderError::InvalidPage("object stream members were not reserved".into()));
        }
        let offset = self.start()?;
        self.log.object_stream(offset, members);
        self.next_written += i32::from(members);
        self.write(chunk.as_bytes())
    }

    /// Writes the page tree's root or the font dictionary.
    pub(super) fn put_late(&mut self, id: Ref, chunk: &Chunk) -> Result<()> {
        let slot = (id.get() - 1) as usize;
        if slot >= self.late.len() || self.late[slot].is_some() {
            return Err(RenderError::InvalidPage(format!("object {} is not a late object", id.get())));
        }
        self.late[slot] = Some(self.start()?);
        self.write(chunk.as_bytes())
    }

    fn check_next(&mut self, id: Ref) -> Result<()> {
        if id.get() != self.next_written || id.get() >= self.next_id {
            return Err(RenderError::InvalidPage(format!(
                "object {} written out of order (next is {})",
                id.get(),
                self.next_written
            )));
        }
        self.next_written += 1;
        Ok(())
    }

    /// The offset the next object starts at; writes the header first.
    fn start(&mut self) -> Result<u64> {
        if self.offset == 0 {
            self.write(HEADER)?;
        }
        Ok(self.offset)
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes)?;
        self.offset += bytes.len() as u64;
        Ok(())
    }

    /// Writes the cross-reference stream and the trailer pointing at `catalog` and `info`, and
    /// hands back the output.
    pub(super) fn finish(mut self, catalog: Ref, info: Ref) -> Result<W> {
        if self.late.iter().any(Option::is_none) || self.next_written != self.next_id {
            return Err(RenderError::InvalidPage("the document is missing objects".into()));
        }
        let id = self.reserve(1);
        self.check_next(id)?;
        let offset = self.start()?;
        self.log.object(offset);
        let size = FIRST_IN_ORDER + self.log.rows() as i32;
        let widths = xref::widths(offset);
        let late = self.late.map(|at| Row::At(at.unwrap_or(0)));
        let log = std::mem::take(&mut self.log);
        let rows = || std::iter::once(Row::Free).chain(late).chain(log.replay(FIRST_IN_ORDER as u32));
        let columns = widths.iter().sum::<usize>();
        let head = |length: u64, filter: &str| {
            format!(
                "{} 0 obj\n<</Type/XRef/Size {size}/W[{} {} {}]/Root {} 0 R/Info {} 0 R/Length {length}{filter}>>\nstream\n",
                id.get(),
                widths[0],
                widths[1],
                widths[2],
                catalog.get(),
                info.get()
            )
        };
        if self.compress {
            // Compressed twice, the same way: once to learn the length, once to write it.
            let mut length = 0u64;
            xref::deflate_rows(rows(), RowBytes::new(widths, true), |out| {
                length += out.len() as u64;
                Ok(())
            })?;
            let filter = format!("/Filter/FlateDecode/DecodeParms<</Predictor 12/Columns {columns}>>");
            self.write(head(length, &filter).as_bytes())?;
            let (out, written) = (&mut self.out, &mut self.offset);
            xref::deflate_rows(rows(), RowBytes::new(widths, true), |bytes| {
                *written += bytes.len() as u64;
                out.write_all(bytes)
            })?;
        } else {
            let mut data = Vec::new();
            let mut bytes = RowBytes::new(widths, false);
            for row in rows() {
                bytes.push(row, &mut data);
            }
            let data = hex(&data);
            self.write(head(data.len() as u64, "/Filter/ASCIIHexDecode").as_bytes())?;
            self.write(&data)?;
        }
        self.write(format!("\nendstream\nendobj\n\nstartxref\n{offset}\n%%EOF").as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Bytes as hexadecimal text, 64 digits a line, for the readable debug output.
pub(super) fn hex(data: &[u8]) -> Vec<u8> {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(data.len() * 2 + data.len() / 32 + 2);
    for (index, byte) in data.iter().enumerate() {
        if index > 0 && index % 32 == 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(&[DIGITS[(byte >> 4) as usize], DIGITS[(byte & 15) as usize]]);
    }
    out.push(b'>');
    out
}
