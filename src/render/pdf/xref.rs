//! The cross-reference table, kept small while a document of any length is written: one varint
//! per object in a byte log (objects are numbered in the order they are written, so an offset is
//! stored as its distance from the previous one), and written at the end as a compressed
//! cross-reference stream, which is what lets page dictionaries live in object streams.

use miniz_oxide::deflate::core::{CompressorOxide, TDEFLFlush, compress_to_output, create_comp_flags_from_zip_params};

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Row {
    Free,
    /// An object at this byte offset.
    At(u64),
    /// The `index`th object inside the object stream with this id.
    InStream {
        stream: u32,
        index: u16,
    },
}

/// The rows of objects `first..` in order, one or two varints each: the offset's distance
/// from the previous object's, doubled, plus one for an object stream, followed by the number of
/// objects it holds (which take the ids right after it).
#[derive(Debug, Default)]
pub(super) struct XrefLog {
    bytes: Vec<u8>,
    last_offset: u64,
    rows: u32,
}

impl XrefLog {
    pub(super) fn object(&mut self, offset: u64) {
        self.entry(offset, None);
    }

    pub(super) fn object_stream(&mut self, offset: u64, members: u16) {
        self.entry(offset, Some(members));
    }

    fn entry(&mut self, offset: u64, members: Option<u16>) {
        debug_assert!(offset >= self.last_offset, "objects are logged in the order they are written");
        let distance = offset - self.last_offset;
        push_varint(&mut self.bytes, distance << 1 | u64::from(members.is_some()));
        self.rows += 1;
        if let Some(members) = members {
            push_varint(&mut self.bytes, u64::from(members));
            self.rows += u32::from(members);
        }
        self.last_offset = offset;
    }

    /// How many ids the log covers.
    pub(super) fn rows(&self) -> u32 {
        self.rows
    }

    /// The rows, starting at id `first`.
    pub(super) fn replay(&self, first: u32) -> impl Iterator<Item = Row> + '_ {
        let mut at = 0;
        let mut offset = 0u64;
        let mut id = first;
        let mut pending: Option<(u32, u16, u16)> = None;
        std::iter::from_fn(move || {
            if let Some((stream, index, count)) = pending.as_mut() {
                let row = Row::InStream { stream: *stream, index: *index };
                *index += 1;
                if *index == *count {
                    pending = None;
                }
                id += 1;
                return Some(row);
            }
            if at >= self.bytes.len() {
                return None;
            }
            let value = read_varint(&self.bytes, &mut at);
            offset += value >> 1;
            if value & 1 == 1 {
                let members = read_varint(&self.bytes, &mut at) as u16;
                if members > 0 {
                    pending = Some((id, 0, members));
                }
            }
            id += 1;
            Some(Row::At(offset))
        })
    }
}

fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> u64 {
    let (mut value, mut shift) = (0u64, 0);
    while let Some(&byte) = bytes.get(*at) {
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            break;
        }
    }
    value
}

/// Field widths of the rows: type, offset or stream id, generation or index.
pub(super) fn widths(largest_offset: u64) -> [usize; 3] {
    let bytes = (64 - largest_offset.max(0xffff).leading_zeros()).div_ceil(8) as usize;
    [1, bytes, 2]
}

/// The rows as the stream's bytes, each row led by PNG's "Up" filter byte when `predict`
/// (every byte then is its difference from the byte above, mostly zeros, which is what makes
/// the table compress to a few bytes a row).
pub(super) struct RowBytes {
    widths: [usize; 3],
    predict: bool,
    previous: Vec<u8>,
    row: Vec<u8>,
}

impl RowBytes {
    pub(super) fn new(widths: [usize; 3], predict: bool) -> RowBytes {
        let width = widths.iter().sum();
        RowBytes { widths, predict, previous: vec![0; width], row: vec![0; width] }
    }

    pub(super) fn push(&mut self, row: Row, out: &mut Vec<u8>) {
        let (kind, second, third) = match row {
            Row::Free => (0, 0, 0xffff),
            Row::At(offset) => (1, offset, 0),
            Row::InStream { stream, index } => (2, u64::from(stream), u64::from(index)),
        };
        let [w0, w1, w2] = self.widths;
        self.row[0] = kind;
        put_be(&mut self.row[w0..w0 + w1], second);
        put_be(&mut self.row[w0 + w1..w0 + w1 + w2], third);
        if self.predict {
            out.push(2);
            out.extend(self.row.iter().zip(&self.previous).map(|(byte, above)| byte.wrapping_sub(*above)));
            std::mem::swap(&mut self.row, &mut self.previous);
        } else {
            out.extend_from_slice(&self.row);
        }
    }
}

fn put_be(field: &mut [u8], value: u64) {
    let bytes = value.to_be_bytes();
    field.copy_from_slice(&bytes[8 - field.len()..]);
}

/// Compresses `rows` as one zlib stream, handing the output to `sink` as it comes. Run twice
/// over the same rows, it gives the same bytes: once to learn the length, once to write.
pub(super) fn deflate_rows(
    rows: impl Iterator<Item = Row>,
    mut bytes: RowBytes,
    mut sink: impl FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    const BLOCK: usize = 64 * 1024;
    let flags = create_comp_flags_from_zip_params(6, 15, 0);
    let mut compressor = CompressorOxide::new(flags);
    let mut failure: Option<std::io::Error> = None;
    let mut input = Vec::with_capacity(BLOCK + 64);
    let mut feed = |input: &[u8], flush: TDEFLFlush, failure: &mut Option<std::io::Error>| {
        let mut rest = input;
        loop {
            let (_, consumed) = compress_to_output(&mut compressor, rest, flush, |out| match sink(out) {
                Ok(()) => true,
                Err(error) => {
                    *failure = Some(error);
                    false
                }
            });
            rest = &rest[consumed..];
            if rest.is_empty() || failure.is_some() || consumed == 0 {
                break;
            }
        }
    };
    for row in rows {
        bytes.push(row, &mut input);
        if input.len() >= BLOCK {
            feed(&input, TDEFLFlush::None, &mut failure);
            input.clear();
        }
    }
    feed(&input, TDEFLFlush::Finish, &mut failure);
    match failure {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_replays_objects_and_object_streams_in_order() {
        let mut log = XrefLog::default();
        log.object(15);
        log.object(300);
        log.object_stream(70_000, 3);
        log.object(5_000_000_000);
        assert_eq!(log.rows(), 7);
        let rows: Vec<Row> = log.replay(10).collect();
        assert_eq!(
            rows,
            [
                Row::At(15),
                Row::At(300),
                Row::At(70_000),
                Row::InStream { stream: 12, index: 0 },
                Row::InStream { stream: 12, index: 1 },
                Row::InStream { stream: 12, index: 2 },
                Row::At(5_000_000_000),
            ]
        );
        assert!(log.bytes.len() <= 12, "a few bytes an object: {}", log.bytes.len());
    }

    #[test]
    fn rows_decode_back_through_the_up_filter_and_zlib() {
        let rows = [Row::Free, Row::At(15), Row::At(70_000), Row::InStream { stream: 4, index: 1 }];
        let widths = widths(70_000);
        assert_eq!(widths, [1, 3, 2]);
        let mut packed = Vec::new();
        deflate_rows(rows.iter().copied(), RowBytes::new(widths, true), |out| {
            packed.extend_from_slice(out);
            Ok(())
        })
        .expect("into memory");
        let mut counted = 0;
        deflate_rows(rows.iter().copied(), RowBytes::new(widths, true), |out| {
            counted += out.len();
            Ok(())
        })
        .expect("counted");
        assert_eq!(counted, packed.len(), "both passes agree");
        let raw = miniz_oxide::inflate::decompress_to_vec_zlib(&packed).expect("zlib");
        let mut above = [0u8; 6];
        let decoded: Vec<[u8; 6]> = raw
            .chunks(7)
            .map(|chunk| {
                assert_eq!(chunk[0], 2, "Up filter");
                for (byte, delta) in above.iter_mut().zip(&chunk[1..]) {
                    *byte = byte.wrapping_add(*delta);
                }
                above
            })
            .collect();
        assert_eq!(
            decoded,
            [[0, 0, 0, 0, 0xff, 0xff], [1, 0, 0, 15, 0, 0], [1, 1, 0x11, 0x70, 0, 0], [2, 0, 0, 4, 0, 1]]
        );
    }
}
