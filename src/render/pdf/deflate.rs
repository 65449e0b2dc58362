//! zlib compression for PDF streams. Fonts, CMaps and images go through miniz_oxide; embedded
//! files (credentials) through libdeflate; page and form streams use `PageDeflater`, a small
//! greedy LZ77 coder that writes each stream as one block, with the fixed Huffman code or a
//! code of its own, whichever is shorter.
//!
//! Why a second coder: a page stream is a few hundred bytes, and miniz resets about 230 KB of
//! tables before every stream (or allocates them anew), which cost more than everything else
//! in writing a page. A code of its own costs a 40-80 byte header, and pays for itself on the
//! text of a page: glyph codes are two bytes, the first nearly always 0, which the fixed code
//! spends 8 bits on. The hash table here never needs clearing: entries carry absolute
//! positions, and anything before the current stream's base is ignored.

use std::cell::RefCell;

use libdeflater::{CompressionLvl, Compressor};

use super::huffman;

/// zlib-wraps `data` with miniz at `level` (for the large one-off streams).
pub(super) fn zlib(data: &[u8], level: u8) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, level)
}

/// zlib-wraps `data` with libdeflate at its default level (6), one compressor per thread. A
/// run of 64 credentials (about 200 KB of JWTs and as much JSON, each record much like the one
/// before) comes out a quarter smaller than `PageDeflater` makes it (30 KB against 40 KB), in
/// about the same time: `PageDeflater`'s one-entry hash misses most matches in base64 text
/// whose alignment shifts with each name. Its tables' setup (~5 µs) is too much for pages.
pub(super) fn zlib_files(data: &[u8]) -> Vec<u8> {
    thread_local! {
        static COMPRESSOR: RefCell<Compressor> = RefCell::new(Compressor::new(CompressionLvl::default()));
    }
    COMPRESSOR.with(|compressor| {
        let mut compressor = compressor.borrow_mut();
        let mut packed = vec![0; compressor.zlib_compress_bound(data.len())];
        let written = compressor.zlib_compress(data, &mut packed).expect("the buffer holds the compression bound");
        packed.truncate(written);
        packed
    })
}

const HASH_BITS: u32 = 12;
const MIN_MATCH: usize = 4;
const MAX_MATCH: usize = 258;
const WINDOW: usize = 32 * 1024;

const LEN_BASE: [u16; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/// A literal byte, or a match: length in bits 16-24, distance in bits 0-15, and bit 31 set.
type Token = u32;
const MATCH: u32 = 1 << 31;

/// A fast zlib coder for small streams; reuse one for every page of a document.
pub(super) struct PageDeflater {
    /// Hash of 4 bytes -> absolute position + 1 of their last occurrence.
    table: Vec<u32>,
    /// Absolute position of the current stream's first byte.
    base: u32,
    /// Fixed Huffman code of each literal/length symbol, bit-reversed for LSB-first output.
    symbol_codes: [(u16, u8); 288],
    tokens: Vec<Token>,
    scratch: Dynamic,
}

/// The buffers of a dynamic block, kept from stream to stream.
#[derive(Default)]
struct Dynamic {
    symbol_counts: Vec<u32>,
    distance_counts: Vec<u32>,
    symbol_lengths: Vec<u8>,
    distance_lengths: Vec<u8>,
    symbol_codes: Vec<u16>,
    distance_codes: Vec<u16>,
    all_lengths: Vec<u8>,
    runs: Vec<(u8, u8)>,
    run_counts: Vec<u32>,
    run_lengths: Vec<u8>,
    run_codes: Vec<u16>,
    huffman: huffman::Scratch,
    /// Bits of the planned code's header (0: no code planned yet).
    header_bits: usize,
    /// Streams written with the planned code since it was made.
    uses: u32,
}

/// A stream's own code is made anew after this many streams have used it: page streams of
/// one document are much alike, and making a code costs twice what using one does.
const REUSE: u32 = 32;

/// The order in which a dynamic header lists the code-length code's lengths (RFC 1951 3.2.7).
const RUN_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

impl PageDeflater {
    pub(super) fn new() -> PageDeflater {
        let mut symbol_codes = [(0u16, 0u8); 288];
        for (symbol, slot) in symbol_codes.iter_mut().enumerate() {
            let s = symbol as u16;
            let (code, len) = match symbol {
                0..=143 => (0x30 + s, 8),
                144..=255 => (0x190 + s - 144, 9),
                256..=279 => (s - 256, 7),
                _ => (0xc0 + s - 280, 8),
            };
            *slot = (reverse(code, len), len);
        }
        PageDeflater {
            table: vec![0; 1 << HASH_BITS],
            base: 0,
            symbol_codes,
            tokens: Vec::new(),
            scratch: Dynamic::default(),
        }
    }

    /// Appends a complete zlib stream holding `data` to `out`.
    pub(super) fn zlib_into(&mut self, data: &[u8], out: &mut Vec<u8>) {
        if self.base as u64 + data.len() as u64 + 2 >= u32::MAX as u64 {
            self.table.fill(0);
            self.base = 0;
        }
        self.tokenize(data);
        self.count();
        out.extend_from_slice(&[0x78, 0x01]);
        let mut bits = Bits { out, acc: 0, count: 0 };
        let fixed_cost = self.fixed_cost();
        let dynamic_cost = match self.reused_cost() {
            Some(cost) => cost,
            None => self.plan_dynamic(),
        };
        if dynamic_cost < fixed_cost {
            self.scratch.uses += 1;
            self.put_dynamic(&mut bits);
        } else {
            bits.put(0b011, 3); // final block, fixed Huffman codes
            let codes = self.symbol_codes;
            let symbol = |s: usize| (codes[s].0, codes[s].1);
            let distance = |d: usize| (reverse(d as u16, 5), 5);
            put_tokens(&self.tokens, &mut bits, symbol, distance);
        }
        bits.flush();
        out.extend_from_slice(&adler32(data).to_be_bytes());
        self.base += data.len() as u32 + 1;
    }

    /// Greedy LZ77 over `data` into `self.tokens`. A match first tries the distance of the one
    /// before (text that repeats at a fixed distance, like the runs of a credential file, needs
    /// no hashing), and the positions inside a long match are not hashed (as zlib's fastest
    /// levels do): what repeats at length repeats again from its start.
    fn tokenize(&mut self, data: &[u8]) {
        self.tokens.clear();
        let mut i = 0;
        let mut last_distance = 0;
        while i < data.len() {
            let found = match repeat_length(data, i, last_distance) {
                0 => self.find_match(data, i),
                length => Some((length, last_distance)),
            };
            match found {
                Some((length, distance)) => {
                    self.tokens.push(MATCH | (length as u32) << 16 | distance as u32);
                    let hashed = if length > LONG_MATCH { i + 1..i + 1 } else { i + 1..i + length };
                    for j in hashed.start..hashed.end.min(data.len().saturating_sub(MIN_MATCH - 1)) {
                        self.table[hash(data, j)] = self.base + j as u32 + 1;
                    }
                    last_distance = distance;
                    i += length;
                }
                None => {
                    self.tokens.push(data[i] as u32);
                    i += 1;
                }
            }
        }
    }

    /// Bits of the tokens in the fixed code.
    fn fixed_cost(&self) -> usize {
        let mut bits = 3 + self.symbol_codes[256].1 as usize;
        for &token in &self.tokens {
            if token & MATCH == 0 {
                bits += self.symbol_codes[token as usize].1 as usize;
            } else {
                let (length, distance) = ((token >> 16 & 0x1ff) as usize, (token & 0xffff) as usize);
                let (code, extra) = length_code(length);
                bits += self.symbol_codes[257 + code].1 as usize + extra as usize;
                bits += 5 + DIST_EXTRA[distance_code(distance)] as usize;
            }
        }
        bits
    }

    /// Counts the tokens' symbols and distance codes.
    fn count(&mut self) {
        let d = &mut self.scratch;
        d.symbol_counts.clear();
        d.symbol_counts.resize(286, 0);
        d.distance_counts.clear();
        d.distance_counts.resize(30, 0);
        for &token in &self.tokens {
            if token & MATCH == 0 {
                d.symbol_counts[token as usize] += 1;
            } else {
                d.symbol_counts[257 + length_code((token >> 16 & 0x1ff) as usize).0] += 1;
                d.distance_counts[distance_code((token & 0xffff) as usize)] += 1;
            }
        }
        d.symbol_counts[256] = 1;
    }

    /// The bits of a dynamic block with the code planned for an earlier stream, if it is still
    /// fresh and has a code for every symbol this stream uses.
    fn reused_cost(&self) -> Option<usize> {
        let d = &self.scratch;
        if d.header_bits == 0 || d.uses >= REUSE {
            return None;
        }
        let mut bits = d.header_bits;
        for (symbol, &count) in d.symbol_counts.iter().enumerate().filter(|(_, count)| **count > 0) {
            let length = d.symbol_lengths[symbol] as usize;
            if length == 0 {
                return None;
            }
            let extra = if symbol > 256 { LEN_EXTRA[symbol - 257] as usize } else { 0 };
            bits += count as usize * (length + extra);
        }
        for (code, &count) in d.distance_counts.iter().enumerate().filter(|(_, count)| **count > 0) {
            let length = d.distance_lengths[code] as usize;
            if length == 0 {
                return None;
            }
            bits += count as usize * (length + DIST_EXTRA[code] as usize);
        }
        Some(bits)
    }

    /// Makes a code for the counted stream; returns the bits a dynamic block would take.
    fn plan_dynamic(&mut self) -> usize {
        let d = &mut self.scratch;
        huffman::lengths(&d.symbol_counts, 15, &mut d.symbol_lengths, &mut d.huffman);
        huffman::lengths(&d.distance_counts, 15, &mut d.distance_lengths, &mut d.huffman);
        let symbols = 257.max(d.symbol_lengths.iter().rposition(|&l| l > 0).map_or(0, |at| at + 1));
        let distances = 1.max(d.distance_lengths.iter().rposition(|&l| l > 0).map_or(0, |at| at + 1));
        d.all_lengths.clear();
        d.all_lengths.extend_from_slice(&d.symbol_lengths[..symbols]);
        d.all_lengths.extend_from_slice(&d.distance_lengths[..distances]);
        huffman::run_lengths(&d.all_lengths, &mut d.runs);
        d.run_counts.clear();
        d.run_counts.resize(19, 0);
        for &(symbol, _) in &d.runs {
            d.run_counts[symbol as usize] += 1;
        }
        huffman::lengths(&d.run_counts, 7, &mut d.run_lengths, &mut d.huffman);
        huffman::codes(&d.symbol_lengths, &mut d.symbol_codes);
        huffman::codes(&d.distance_lengths, &mut d.distance_codes);
        huffman::codes(&d.run_lengths, &mut d.run_codes);
        let listed = 4.max(RUN_ORDER.iter().rposition(|&symbol| d.run_lengths[symbol] > 0).map_or(0, |at| at + 1));
        let mut bits = 3 + 5 + 5 + 4 + 3 * listed;
        for &(symbol, _) in &d.runs {
            bits += d.run_lengths[symbol as usize] as usize + [0, 2, 3, 7][(symbol as usize).saturating_sub(15)];
        }
        d.header_bits = bits;
        d.uses = 0;
        for (symbol, &count) in d.symbol_counts.iter().enumerate() {
            let extra = if symbol > 256 { LEN_EXTRA[symbol - 257] as usize } else { 0 };
            bits += count as usize * (d.symbol_lengths[symbol] as usize + extra);
        }
        for (code, &count) in d.distance_counts.iter().enumerate() {
            bits += count as usize * (d.distance_lengths[code] as usize + DIST_EXTRA[code] as usize);
        }
        bits
    }

    /// Writes the planned dynamic block.
    fn put_dynamic(&self, bits: &mut Bits) {
        let d = &self.scratch;
        let symbols = 257.max(d.symbol_lengths.iter().rposition(|&l| l > 0).map_or(0, |at| at + 1));
        let distances = 1.max(d.distance_lengths.iter().rposition(|&l| l > 0).map_or(0, |at| at + 1));
        let listed = 4.max(RUN_ORDER.iter().rposition(|&symbol| d.run_lengths[symbol] > 0).map_or(0, |at| at + 1));
        bits.put(0b101, 3); // final block, dynamic Huffman codes
        bits.put((symbols - 257) as u32, 5);
        bits.put((distances - 1) as u32, 5);
        bits.put((listed - 4) as u32, 4);
        for &symbol in &RUN_ORDER[..listed] {
            bits.put(d.run_lengths[symbol] as u32, 3);
        }
        for &(symbol, extra) in &d.runs {
            bits.put(d.run_codes[symbol as usize] as u32, d.run_lengths[symbol as usize] as u32);
            match symbol {
                16 => bits.put(extra as u32, 2),
                17 => bits.put(extra as u32, 3),
                18 => bits.put(extra as u32, 7),
                _ => {}
            }
        }
        let symbol = |s: usize| (d.symbol_codes[s], d.symbol_lengths[s]);
        let distance = |c: usize| (d.distance_codes[c], d.distance_lengths[c]);
        put_tokens(&self.tokens, bits, symbol, distance);
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

/// The length of the match at `i` at `distance` back, or 0 when it is shorter than `MIN_MATCH`.
fn repeat_length(data: &[u8], i: usize, distance: usize) -> usize {
    if distance == 0 || distance > i || i + MIN_MATCH > data.len() {
        return 0;
    }
    let length = common_prefix(&data[i - distance..], &data[i..], MAX_MATCH);
    if length >= MIN_MATCH { length } else { 0 }
}

/// The tokens and the end-of-block symbol in the given codes (code, length in bits).
fn put_tokens(
    tokens: &[Token],
    bits: &mut Bits,
    symbol: impl Fn(usize) -> (u16, u8),
    distance: impl Fn(usize) -> (u16, u8),
) {
    for &token in tokens {
        if token & MATCH == 0 {
            let (code, len) = symbol(token as usize);
            bits.put(code as u32, len as u32);
            continue;
        }
        let (length, gap) = ((token >> 16 & 0x1ff) as usize, (token & 0xffff) as usize);
        let (code, _) = length_code(length);
        let (symbol_code, len) = symbol(257 + code);
        bits.put(symbol_code as u32, len as u32);
        bits.put((length - LEN_BASE[code] as usize) as u32, LEN_EXTRA[code] as u32);
        let code = distance_code(gap);
        let (distance_code, len) = distance(code);
        bits.put(distance_code as u32, len as u32);
        bits.put((gap - DIST_BASE[code] as usize) as u32, DIST_EXTRA[code] as u32);
    }
    let (code, len) = symbol(256);
    bits.put(code as u32, len as u32);
}

/// The length code (0-28, symbol 257 + code) of a match length, with its extra bits.
fn length_code(length: usize) -> (usize, u8) {
    let code = LEN_BASE.partition_point(|&base| base as usize <= length) - 1;
    (code, LEN_EXTRA[code])
}

fn distance_code(distance: usize) -> usize {
    DIST_BASE.partition_point(|&base| base as usize <= distance) - 1
}

fn hash(data: &[u8], i: usize) -> usize {
    let word = u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
    (word.wrapping_mul(0x9e37_79b1) >> (32 - HASH_BITS)) as usize
}

fn reverse(code: u16, len: u8) -> u16 {
    code.reverse_bits() >> (16 - len as u32)
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

/// Deflate's bit order: values packed from the least significant bit up.
struct Bits<'a> {
    out: &'a mut Vec<u8>,
    acc: u64,
    count: u32,
}

impl Bits<'_> {
    #[inline]
    fn put(&mut self, value: u32, len: u32) {
        self.acc |= (value as u64) << self.count;
        self.count += len;
        if self.count >= 32 {
            self.out.extend_from_slice(&(self.acc as u32).to_le_bytes());
            self.acc >>= 32;
            self.count -= 32;
        }
    }

    fn flush(&mut self) {
        while self.count > 0 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count = self.count.saturating_sub(8);
        }
        self.acc = 0;
        self.count = 0;
    }
}

#[cfg(test)]
#[path = "deflate_tests.rs"]
mod tests;
