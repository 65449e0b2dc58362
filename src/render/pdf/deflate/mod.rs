//! zlib compression for PDF streams. Fonts, CMaps, images, object streams and embedded files
//! (credentials) go through libdeflate; page and form streams use `PageDeflater`, a small
//! greedy LZ77 coder that writes each stream as one block, with the fixed Huffman code or a
//! code of its own, whichever is shorter; a tail that does not compress (a QR code's samples)
//! follows that block as it is, in a stored block.
//!
//! Why a second coder: a page stream is a few hundred bytes, and miniz resets about 230 KB of
//! tables before every stream (or allocates them anew), which cost more than everything else
//! in writing a page. A code of its own costs a 40-80 byte header, and pays for itself on the
//! text of a page: glyph codes are two bytes, the first nearly always 0, which the fixed code
//! spends 8 bits on. The hash table here never needs clearing: entries carry absolute
//! positions, and anything before the current stream's base is ignored.

use std::cell::RefCell;

use libdeflater::{CompressionLvl, Compressor};

use self::block::{Bits, Dynamic, MATCH, Token, fixed_codes, fixed_cost, put_fixed};

mod block;

/// zlib-wraps `data` with libdeflate at `level` (1 to 12), for everything but page streams:
/// fonts, CMaps, images, object streams and embedded files. One compressor per thread and
/// level, and a buffer of the output bound kept from call to call (the result keeps only what
/// it takes). Against miniz, which these streams went through before: a run of 64 credentials
/// (about 200 KB of JWTs and as much JSON) comes out a quarter smaller, and a certificate's
/// six font subsets compress faster at level 6 than miniz's level 2 and a little smaller.
/// Its tables' setup (~5 µs) is too much for pages.
pub(super) fn zlib(data: &[u8], level: u8) -> Vec<u8> {
    thread_local! {
        static COMPRESSORS: RefCell<Compressors> = const { RefCell::new(Compressors { by_level: Vec::new(), scratch: Vec::new() }) };
    }
    COMPRESSORS.with(|cell| cell.borrow_mut().zlib(data, level))
}

/// A thread's libdeflate compressors, one per level asked for, and their output buffer.
struct Compressors {
    by_level: Vec<(u8, Compressor)>,
    scratch: Vec<u8>,
}

impl Compressors {
    fn zlib(&mut self, data: &[u8], level: u8) -> Vec<u8> {
        let index = match self.by_level.iter().position(|(known, _)| *known == level) {
            Some(index) => index,
            None => {
                debug_assert!((1..=12).contains(&level), "libdeflate has levels 1 to 12, not {level}");
                let checked = CompressionLvl::new(i32::from(level)).unwrap_or_default();
                self.by_level.push((level, Compressor::new(checked)));
                self.by_level.len() - 1
            }
        };
        let compressor = &mut self.by_level[index].1;
        self.scratch.resize(compressor.zlib_compress_bound(data.len()), 0);
        let written =
            compressor.zlib_compress(data, &mut self.scratch).expect("the buffer holds the compression bound");
        let packed = self.scratch[..written].to_vec();
        if self.scratch.len() > SCRATCH_KEPT {
            // A large image once is no reason to hold its size for the life of the thread.
            self.scratch = Vec::new();
        }
        packed
    }
}

/// The largest output buffer a thread keeps between calls.
const SCRATCH_KEPT: usize = 1 << 20;

const HASH_BITS: u32 = 12;
const MIN_MATCH: usize = 4;
const MAX_MATCH: usize = 258;
const WINDOW: usize = 32 * 1024;

/// A fast zlib coder for small streams; reuse one for every page of a document.
pub(super) struct PageDeflater {
    /// Hash of 4 bytes -> absolute position + 1 of their last occurrence.
    table: Vec<u32>,
    /// Absolute position of the current stream's first byte.
    base: u32,
    /// The fixed Huffman code of each literal/length symbol.
    fixed: [(u16, u8); 288],
    tokens: Vec<Token>,
    /// The stream's own code, kept for the streams after it.
    dynamic: Dynamic,
}

impl PageDeflater {
    pub(super) fn new() -> PageDeflater {
        PageDeflater {
            table: vec![0; 1 << HASH_BITS],
            base: 0,
            fixed: fixed_codes(),
            tokens: Vec::new(),
            dynamic: Dynamic::default(),
        }
    }

    /// Appends a complete zlib stream holding `data` to `out`. The bytes from `stored_from` on
    /// (none when it is `data.len()`) go into stored blocks as they are: a tail that does not
    /// compress, such as the samples of a QR code that ends a page. Coded with the page's text,
    /// such bytes cost more than their own length and lengthen the codes of the text besides.
    pub(super) fn zlib_into(&mut self, data: &[u8], stored_from: usize, out: &mut Vec<u8>) {
        if self.base as u64 + data.len() as u64 + 2 >= u32::MAX as u64 {
            self.table.fill(0);
            self.base = 0;
        }
        let (coded, stored) = data.split_at(stored_from.min(data.len()));
        let last = stored.is_empty();
        self.tokenize(coded);
        self.dynamic.count(&self.tokens);
        out.extend_from_slice(&[0x78, 0x01]);
        let mut bits = Bits::new(out);
        let fixed_cost = fixed_cost(&self.fixed, &self.tokens);
        let dynamic_cost = match self.dynamic.reused_cost() {
            Some(cost) => cost,
            None => self.dynamic.plan(),
        };
        if dynamic_cost < fixed_cost {
            self.dynamic.put(&self.tokens, last, &mut bits);
        } else {
            put_fixed(&self.fixed, &self.tokens, last, &mut bits);
        }
        bits.put_stored(stored);
        bits.flush();
        out.extend_from_slice(&adler32(data).to_be_bytes());
        self.base += data.len() as u32 + 1;
    }

    /// Greedy LZ77 over `data` into `self.tokens`. The positions inside a long match are not
    /// hashed (as zlib's fastest levels do): what repeats at length repeats again from its start.
    fn tokenize(&mut self, data: &[u8]) {
        self.tokens.clear();
        let mut i = 0;
        while i < data.len() {
            match self.find_match(data, i) {
                Some((length, distance)) => {
                    self.tokens.push(MATCH | (length as u32) << 16 | distance as u32);
                    let hashed = if length > LONG_MATCH { i + 1..i + 1 } else { i + 1..i + length };
                    for j in hashed.start..hashed.end.min(data.len().saturating_sub(MIN_MATCH - 1)) {
                        self.table[hash(data, j)] = self.base + j as u32 + 1;
                    }
                    i += length;
                }
                None => {
                    self.tokens.push(data[i] as u32);
                    i += 1;
                }
            }
        }
    }

    /// The longest earlier occurrence of the bytes at `i` that the hash table remembers.
    fn find_match(&mut self, data: &[u8], i: usize) -> Option<(usize, usize)> {
        if i + MIN_MATCH > data.len() {
            return None;
        }
        let slot = hash(data, i);
        let candidate = self.table[slot];
        self.table[slot] = self.base + i as u32 + 1;
        if candidate <= self.base {
            return None;
        }
        let j = (candidate - 1 - self.base) as usize;
        if j >= i || i - j > WINDOW || data[j..j + MIN_MATCH] != data[i..i + MIN_MATCH] {
            return None;
        }
        let length = MIN_MATCH + common_prefix(&data[j + MIN_MATCH..], &data[i + MIN_MATCH..], MAX_MATCH - MIN_MATCH);
        Some((length, i - j))
    }
}

/// How many bytes `a` and `b` begin with alike, at most `limit`: eight at a time.
fn common_prefix(a: &[u8], b: &[u8], limit: usize) -> usize {
    let limit = limit.min(a.len()).min(b.len());
    let mut length = 0;
    while length + 8 <= limit {
        let word = |bytes: &[u8]| u64::from_le_bytes(bytes[length..length + 8].try_into().unwrap_or_default());
        let differ = word(a) ^ word(b);
        if differ != 0 {
            return length + (differ.trailing_zeros() / 8) as usize;
        }
        length += 8;
    }
    length + a[length..limit].iter().zip(&b[length..limit]).take_while(|(x, y)| x == y).count()
}

/// Matches longer than this leave their inner positions out of the hash table.
const LONG_MATCH: usize = 16;

fn hash(data: &[u8], i: usize) -> usize {
    let word = u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
    (word.wrapping_mul(0x9e37_79b1) >> (32 - HASH_BITS)) as usize
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += byte as u32;
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    b << 16 | a
}

#[cfg(test)]
mod tests;
