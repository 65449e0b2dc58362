//! Deflate blocks (RFC 1951): the tokens LZ77 makes, their Huffman codes (the fixed one, or
//! one made for the stream and kept for the next ones), and the bits that carry them.

use super::super::huffman;

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
pub(super) type Token = u32;
pub(super) const MATCH: u32 = 1 << 31;

/// The fixed code of each literal/length symbol (RFC 1951 3.2.6), bit-reversed for LSB-first
/// output, with its length in bits.
pub(super) fn fixed_codes() -> [(u16, u8); 288] {
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
    symbol_codes
}

/// Writes `tokens` as a block with the fixed codes, the stream's last if `last`.
pub(super) fn put_fixed(codes: &[(u16, u8); 288], tokens: &[Token], last: bool, bits: &mut Bits) {
    bits.put(0b010 | u32::from(last), 3); // fixed Huffman codes
    let symbol = |s: usize| (codes[s].0, codes[s].1);
    let distance = |d: usize| (reverse(d as u16, 5), 5);
    put_tokens(tokens, bits, symbol, distance);
}

/// Bits of `tokens` in the fixed code.
pub(super) fn fixed_cost(codes: &[(u16, u8); 288], tokens: &[Token]) -> usize {
    let mut bits = 3 + codes[256].1 as usize;
    for &token in tokens {
        if token & MATCH == 0 {
            bits += codes[token as usize].1 as usize;
        } else {
            let (length, distance) = ((token >> 16 & 0x1ff) as usize, (token & 0xffff) as usize);
            let (code, extra) = length_code(length);
            bits += codes[257 + code].1 as usize + extra as usize;
            bits += 5 + DIST_EXTRA[distance_code(distance)] as usize;
        }
    }
    bits
}

/// The buffers of a dynamic block, kept from stream to stream.
#[derive(Default)]
pub(super) struct Dynamic {
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

impl Dynamic {
    /// Counts the tokens' symbols and distance codes.
    pub(super) fn count(&mut self, tokens: &[Token]) {
        self.symbol_counts.clear();
        self.symbol_counts.resize(286, 0);
        self.distance_counts.clear();
        self.distance_counts.resize(30, 0);
        for &token in tokens {
            if token & MATCH == 0 {
                self.symbol_counts[token as usize] += 1;
            } else {
                self.symbol_counts[257 + length_code((token >> 16 & 0x1ff) as usize).0] += 1;
                self.distance_counts[distance_code((token & 0xffff) as usize)] += 1;
            }
        }
        self.symbol_counts[256] = 1;
    }

    /// The bits of a dynamic block with the code planned for an earlier stream, if it is still
    /// fresh and has a code for every symbol this stream uses.
    pub(super) fn reused_cost(&self) -> Option<usize> {
        if self.header_bits == 0 || self.uses >= REUSE {
            return None;
        }
        let mut bits = self.header_bits;
        for (symbol, &count) in self.symbol_counts.iter().enumerate().filter(|(_, count)| **count > 0) {
            let length = self.symbol_lengths[symbol] as usize;
            if length == 0 {
                return None;
            }
            let extra = if symbol > 256 { LEN_EXTRA[symbol - 257] as usize } else { 0 };
            bits += count as usize * (length + extra);
        }
        for (code, &count) in self.distance_counts.iter().enumerate().filter(|(_, count)| **count > 0) {
            let length = self.distance_lengths[code] as usize;
            if length == 0 {
                return None;
            }
            bits += count as usize * (length + DIST_EXTRA[code] as usize);
        }
        Some(bits)
    }

    /// Makes a code for the counted stream; returns the bits a dynamic block would take.
    pub(super) fn plan(&mut self) -> usize {
        huffman::lengths(&self.symbol_counts, 15, &mut self.symbol_lengths, &mut self.huffman);
        huffman::lengths(&self.distance_counts, 15, &mut self.distance_lengths, &mut self.huffman);
        let symbols = 257.max(self.symbol_lengths.iter().rposition(|&l| l > 0).map_or(0, |at| at + 1));
        let distances = 1.max(self.distance_lengths.iter().rposition(|&l| l > 0).map_or(0, |at| at + 1));
        self.all_lengths.clear();
        self.all_lengths.extend_from_slice(&self.symbol_lengths[..symbols]);
        self.all_lengths.extend_from_slice(&self.distance_lengths[..distances]);
        huffman::run_lengths(&self.all_lengths, &mut self.runs);
        self.run_counts.clear();
        self.run_counts.resize(19, 0);
        for &(symbol, _) in &self.runs {
            self.run_counts[symbol as usize] += 1;
        }
        huffman::lengths(&self.run_counts, 7, &mut self.run_lengths, &mut self.huffman);
        huffman::codes(&self.symbol_lengths, &mut self.symbol_codes);
        huffman::codes(&self.distance_lengths, &mut self.distance_codes);
        huffman::codes(&self.run_lengths, &mut self.run_codes);
        let listed = 4.max(RUN_ORDER.iter().rposition(|&symbol| self.run_lengths[symbol] > 0).map_or(0, |at| at + 1));
        let mut bits = 3 + 5 + 5 + 4 + 3 * listed;
        for &(symbol, _) in &self.runs {
            bits += self.run_lengths[symbol as usize] as usize + [0, 2, 3, 7][(symbol as usize).saturating_sub(15)];
        }
        self.header_bits = bits;
        self.uses = 0;
        for (symbol, &count) in self.symbol_counts.iter().enumerate() {
            let extra = if symbol > 256 { LEN_EXTRA[symbol - 257] as usize } else { 0 };
            bits += count as usize * (self.symbol_lengths[symbol] as usize + extra);
        }
        for (code, &count) in self.distance_counts.iter().enumerate() {
            bits += count as usize * (self.distance_lengths[code] as usize + DIST_EXTRA[code] as usize);
        }
        bits
    }

    /// Writes `tokens` as a dynamic block with the planned code, the stream's last if `last`.
    pub(super) fn put(&mut self, tokens: &[Token], last: bool, bits: &mut Bits) {
        self.uses += 1;
        let symbols = 257.max(self.symbol_lengths.iter().rposition(|&l| l > 0).map_or(0, |at| at + 1));
        let distances = 1.max(self.distance_lengths.iter().rposition(|&l| l > 0).map_or(0, |at| at + 1));
        let listed = 4.max(RUN_ORDER.iter().rposition(|&symbol| self.run_lengths[symbol] > 0).map_or(0, |at| at + 1));
        bits.put(0b100 | u32::from(last), 3); // dynamic Huffman codes
        bits.put((symbols - 257) as u32, 5);
        bits.put((distances - 1) as u32, 5);
        bits.put((listed - 4) as u32, 4);
        for &symbol in &RUN_ORDER[..listed] {
            bits.put(self.run_lengths[symbol] as u32, 3);
        }
        for &(symbol, extra) in &self.runs {
            bits.put(self.run_codes[symbol as usize] as u32, self.run_lengths[symbol as usize] as u32);
            match symbol {
                16 => bits.put(extra as u32, 2),
                17 => bits.put(extra as u32, 3),
                18 => bits.put(extra as u32, 7),
                _ => {}
            }
        }
        let symbol = |s: usize| (self.symbol_codes[s], self.symbol_lengths[s]);
        let distance = |c: usize| (self.distance_codes[c], self.distance_lengths[c]);
        put_tokens(tokens, bits, symbol, distance);
    }
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

fn reverse(code: u16, len: u8) -> u16 {
    code.reverse_bits() >> (16 - len as u32)
}

/// Deflate's bit order: values packed from the least significant bit up.
pub(super) struct Bits<'a> {
    out: &'a mut Vec<u8>,
    acc: u64,
    count: u32,
}

impl<'a> Bits<'a> {
    pub(super) fn new(out: &'a mut Vec<u8>) -> Self {
        Bits { out, acc: 0, count: 0 }
    }

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

    /// `bytes` as they are, in stored blocks (RFC 1951 3.2.4) of at most 65,535 bytes each;
    /// the last of them ends the stream.
    pub(super) fn put_stored(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks(usize::from(u16::MAX)).peekable();
        while let Some(chunk) = chunks.next() {
            self.put(u32::from(chunks.peek().is_none()), 3); // stored
            self.flush();
            let length = chunk.len() as u16;
            self.out.extend_from_slice(&length.to_le_bytes());
            self.out.extend_from_slice(&(!length).to_le_bytes());
            self.out.extend_from_slice(chunk);
        }
    }

    pub(super) fn flush(&mut self) {
        while self.count > 0 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count = self.count.saturating_sub(8);
        }
        self.acc = 0;
        self.count = 0;
    }
}
