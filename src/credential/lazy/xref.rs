//! Where each object of a PDF is: the trailer and the cross-reference sections it chains
//! (tables, streams, both in a hybrid file, and the incremental updates `/Prev` links), kept
//! as eight bytes an object.

use std::collections::HashSet;

use lopdf::{Dictionary, Object, Stream};

use super::source::{Source, unreadable};
use crate::credential::Result;

/// More objects than any document certdesk or a tool rewriting it writes (a million pages
/// take about six million); past this the whole-document reader takes over.
const MAX_OBJECTS: usize = 1 << 26;
/// The updates followed back through `/Prev`.
const MAX_SECTIONS: usize = 4096;
/// What a cross-reference table is read in.
const TABLE_READ: usize = 64 << 10;

/// An object's place: `0` not listed, `FREE` listed as free, `IN_STREAM | container << 31 |
/// index` in an object stream, else its byte offset plus 2.
pub struct Index(Vec<u64>);

const FREE: u64 = 1;
const IN_STREAM: u64 = 1 << 63;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Place {
    Nowhere,
    At(u64),
    InStream(u32),
}

impl Index {
    pub fn place(&self, number: u32) -> Place {
        match self.0.get(number as usize).copied().unwrap_or(0) {
            0 | FREE => Place::Nowhere,
            packed if packed & IN_STREAM != 0 => Place::InStream((packed >> 31) as u32),
            packed => Place::At(packed - 2),
        }
    }

    pub fn count(&self) -> usize {
        self.0.len()
    }

    /// Lists an object unless a later section (read before) already did.
    fn list(&mut self, number: u64, packed: u64) -> Result<()> {
        let at = usize::try_from(number).ok().filter(|at| *at < MAX_OBJECTS);
        let at = at.ok_or_else(|| unreadable(format!("object number {number} is too large")))?;
        if self.0.len() <= at {
            self.0.resize(at + 1, 0);
        }
        if self.0[at] == 0 {
            self.0[at] = packed;
        }
        Ok(())
    }

    /// Takes the places `older` gives of objects this does not list (or, `over_free`, lists
    /// as free).
    fn absorb(&mut self, older: Index, over_free: bool) {
        if self.0.len() < older.0.len() {
            self.0.resize(older.0.len(), 0);
        }
        for (mine, theirs) in self.0.iter_mut().zip(older.0) {
            if *mine == 0 || (over_free && *mine == FREE && theirs != 0) {
                *mine = theirs;
            }
        }
    }
}

/// The index and the latest trailer (whose `/Root` and `/Encrypt` count).
pub fn read(source: &mut Source) -> Result<(Index, Dictionary)> {
    if !source.read_at(0, 5)?.starts_with(b"%PDF-") {
        return Err(unreadable("it does not start with %PDF-"));
    }
    let mut index = Index(Vec::new());
    let mut trailer: Option<Dictionary> = None;
    let mut next = Some(start_offset(source)?);
    let mut seen = HashSet::new();
    while let Some(offset) = next.take() {
        if !seen.insert(offset) || seen.len() > MAX_SECTIONS {
            return Err(unreadable("its cross-reference sections loop"));
        }
        let mut section = Index(Vec::new());
        let section_trailer = if source.read_at(offset, 4)? == b"xref" {
            let section_trailer = read_table(source, offset, &mut section)?;
            // A hybrid file's stream places what its table leaves out or calls free (the
            // objects of object streams, which older readers cannot read).
            if let Ok(stream_at) = section_trailer.get(b"XRefStm").and_then(Object::as_i64) {
                let mut streamed = Index(Vec::new());
                read_stream(source, offset_of(stream_at)?, &mut streamed)?;
                section.absorb(streamed, true);
            }
            section_trailer
        } else {
            read_stream(source, offset, &mut section)?
        };
        index.absorb(section, false);
        next = match section_trailer.get(b"Prev") {
            Ok(prev) => Some(offset_of(prev.as_i64().map_err(unreadable)?)?),
            Err(_) => None,
        };
        trailer.get_or_insert(section_trailer);
    }
    let trailer = trailer.ok_or_else(|| unreadable("it has no trailer"))?;
    Ok((index, trailer))
}

fn offset_of(value: i64) -> Result<u64> {
    u64::try_from(value).map_err(|_| unreadable(format!("a cross-reference offset of {value}")))
}

/// The offset after the last `startxref`.
fn start_offset(source: &mut Source) -> Result<u64> {
    let tail_at = source.size().saturating_sub(1024);
    let tail = source.read_at(tail_at, 1024)?;
    let keyword = tail.windows(9).rposition(|window| window == b"startxref");
    let at = keyword.ok_or_else(|| unreadable("it has no startxref"))? + 9;
    let digits: String = tail[at..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    digits.parse().map_err(|_| unreadable("its startxref gives no offset"))
}

/// A cross-reference table at `offset` and the trailer after it.
fn read_table(source: &mut Source, offset: u64, index: &mut Index) -> Result<Dictionary> {
    let mut words = Words { source, at: offset, buffer: Vec::new(), used: 0 };
    if words.next()? != b"xref" {
        return Err(unreadable(format!("no cross-reference table at byte {offset}")));
    }
    loop {
        let word = words.next()?;
        if word == b"trailer" {
            break;
        }
        let first = number(&word)?;
        let count = number(&words.next()?)?;
        for number_in_table in first..first.saturating_add(count) {
            let (place, _generation, kind) = (number(&words.next()?)?, words.next()?, words.next()?);
            match kind.as_slice() {
                b"n" => index.list(number_in_table, place + 2)?,
                b"f" => index.list(number_in_table, FREE)?,
                _ => return Err(unreadable(format!("a cross-reference table at byte {offset} is damaged"))),
            }
        }
    }
    let trailer_at = words.position();
    match words.source.direct_at(trailer_at)? {
        Object::Dictionary(trailer) => Ok(trailer),
        _ => Err(unreadable(format!("no trailer dictionary at byte {trailer_at}"))),
    }
}

fn number(word: &[u8]) -> Result<u64> {
    let text = std::str::from_utf8(word).ok();
    text.and_then(|text| text.parse().ok()).ok_or_else(|| unreadable("a cross-reference table is damaged"))
}

/// A cross-reference stream at `offset`; its dictionary is the section's trailer.
fn read_stream(source: &mut Source, offset: u64, index: &mut Index) -> Result<Dictionary> {
    let found = source.indirect_at(offset)?;
    let (Object::Dictionary(dict), Some(data_at)) = (found.object, found.data_at) else {
        return Err(unreadable(format!("no cross-reference stream at byte {offset}")));
    };
    let length = dict.get(b"Length").and_then(Object::as_i64).map_err(unreadable)?;
    let data = source.read_at(data_at, usize::try_from(length).map_err(unreadable)?)?;
    let rows = Stream::new(dict.clone(), data)
        .get_plain_content_with_limit(lopdf::DEFAULT_MAX_DECOMPRESSED_SIZE)
        .map_err(unreadable)?;
    let integers = |key: &[u8]| -> Option<Vec<u64>> {
        let array = dict.get(key).ok()?.as_array().ok()?;
        array.iter().map(|item| item.as_i64().ok().and_then(|n| u64::try_from(n).ok())).collect()
    };
    let widths = integers(b"W").filter(|w| w.len() == 3 && w.iter().all(|w| *w <= 8));
    let widths = widths.ok_or_else(|| unreadable(format!("the cross-reference stream at byte {offset} has no /W")))?;
    let size = dict.get(b"Size").and_then(Object::as_i64).ok().and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
    let ranges = integers(b"Index").unwrap_or_else(|| vec![0, size]);
    let row_width = widths.iter().sum::<u64>() as usize;
    if row_width == 0 {
        return Err(unreadable("a cross-reference stream's rows are empty"));
    }
    let mut rows = rows.chunks_exact(row_width);
    for range in ranges.chunks_exact(2) {
        for number in range[0]..range[0].saturating_add(range[1]) {
            let row = rows.next().ok_or_else(|| unreadable("a cross-reference stream is short"))?;
            let (kind, rest) = row.split_at(widths[0] as usize);
            let (second, third) = rest.split_at(widths[1] as usize);
            let kind = if kind.is_empty() { 1 } else { big_endian(kind) };
            match kind {
                0 => index.list(number, FREE)?,
                1 => index.list(number, big_endian(second) + 2)?,
                2 => index.list(
                    number,
                    IN_STREAM | (big_endian(second) & 0xffff_ffff) << 31 | big_endian(third) & 0x7fff_ffff,
                )?,
                // Types to come are to be read as null objects.
                _ => index.list(number, FREE)?,
            }
        }
    }
    Ok(dict)
}

fn big_endian(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |value, &byte| value << 8 | u64::from(byte))
}

/// The words of a cross-reference table, read a block at a time.
struct Words<'s> {
    source: &'s mut Source,
    /// The offset of `buffer`.
    at: u64,
    buffer: Vec<u8>,
    used: usize,
}

impl Words<'_> {
    fn position(&self) -> u64 {
        self.at + self.used as u64
    }

    fn byte(&mut self) -> Result<Option<u8>> {
        if self.used == self.buffer.len() {
            self.at += self.buffer.len() as u64;
            self.buffer = self.source.read_at(self.at, TABLE_READ)?;
            self.used = 0;
        }
        Ok(self.buffer.get(self.used).copied())
    }

    /// The next word: up to white space, or a dictionary after `trailer` with none between.
    fn next(&mut self) -> Result<Vec<u8>> {
        while self.byte()?.is_some_and(|byte| byte.is_ascii_whitespace()) {
            self.used += 1;
        }
        let mut word = Vec::new();
        while let Some(byte) = self.byte()? {
            if byte.is_ascii_whitespace() || byte == b'<' || word.len() > 32 {
                break;
            }
            word.push(byte);
            self.used += 1;
        }
        if word.is_empty() {
            return Err(unreadable("a cross-reference table breaks off"));
        }
        Ok(word)
    }
}
