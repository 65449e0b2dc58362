//! zlib compression for PDF streams. Fonts, CMaps and images go through miniz_oxide; page and
//! form streams use `PageDeflater`, a small greedy LZ77 coder with the fixed Huffman code.
//!
//! Why a second coder: a page stream is a few hundred bytes, and miniz resets about 230 KB of
//! tables before every stream (or allocates them anew), which cost more than everything else
//! in writing a page. For inputs this small the fixed Huffman code also beats a dynamic one,
//! whose table header alone is 60-80 bytes. The hash table here never needs clearing: entries
//! carry absolute positions, and anything before the current stream's base is ignored.

/// zlib-wraps `data` with miniz at `level` (for the large one-off streams).
pub(super) fn zlib(data: &[u8], level: u8) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, level)
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

/// A fast zlib coder for small streams; reuse one for every page of a document.
pub(super) struct PageDeflater {
    /// Hash of 4 bytes -> absolute position + 1 of their last occurrence.
    table: Vec<u32>,
    /// Absolute position of the current stream's first byte.
    base: u32,
    /// Fixed Huffman code of each literal/length symbol, bit-reversed for LSB-first output.
    symbol_codes: [(u16, u8); 288],
}

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
        PageDeflater { table: vec![0; 1 << HASH_BITS], base: 0, symbol_codes }
    }

    /// Appends a complete zlib stream holding `data` to `out`.
    pub(super) fn zlib_into(&mut self, data: &[u8], out: &mut Vec<u8>) {
        if self.base as u64 + data.len() as u64 + 2 >= u32::MAX as u64 {
            self.table.fill(0);
            self.base = 0;
        }
        out.extend_from_slice(&[0x78, 0x01]);
        let mut bits = Bits { out, acc: 0, count: 0 };
        bits.put(0b011, 3); // final block, fixed Huffman codes
        let mut i = 0;
        while i < data.len() {
            let length = self.find_match(data, i);
            match length {
                Some((length, distance)) => {
                    self.put_match(&mut bits, length, distance);
                    for j in i + 1..(i + length).min(data.len().saturating_sub(MIN_MATCH - 1)) {
                        self.table[hash(data, j)] = self.base + j as u32 + 1;
                    }
                    i += length;
                }
                None => {
                    let (code, len) = self.symbol_codes[data[i] as usize];
                    bits.put(code as u32, len as u32);
                    i += 1;
                }
            }
        }
        let (code, len) = self.symbol_codes[256];
        bits.put(code as u32, len as u32);
        bits.flush();
        out.extend_from_slice(&adler32(data).to_be_bytes());
        self.base += data.len() as u32 + 1;
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
        let limit = (data.len() - i).min(MAX_MATCH);
        let length = MIN_MATCH
            + data[j + MIN_MATCH..].iter().zip(&data[i + MIN_MATCH..i + limit]).take_while(|(a, b)| a == b).count();
        Some((length, i - j))
    }

    fn put_match(&self, bits: &mut Bits, length: usize, distance: usize) {
        let code = LEN_BASE.partition_point(|&base| base as usize <= length) - 1;
        let (symbol, len) = self.symbol_codes[257 + code];
        bits.put(symbol as u32, len as u32);
        bits.put((length - LEN_BASE[code] as usize) as u32, LEN_EXTRA[code] as u32);
        let code = DIST_BASE.partition_point(|&base| base as usize <= distance) - 1;
        bits.put(reverse(code as u16, 5) as u32, 5);
        bits.put((distance - DIST_BASE[code] as usize) as u32, DIST_EXTRA[code] as u32);
    }
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
mod tests {
    use super::*;

    fn inflate(packed: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec_zlib(packed).expect("valid zlib stream")
    }

    #[test]
    fn streams_round_trip_and_stay_independent() {
        let mut deflater = PageDeflater::new();
        let page = b"BT\n/F0 12 Tf\n100 700 Td\n(Hello)Tj\nET\nBT\n/F0 12 Tf\n100 680 Td\n(Hello)Tj\nET\n".repeat(3);
        let small = b"0 0 1 rg 0 0 10 10 re f".to_vec();
        for data in [&page, &small, &page, &Vec::new(), &vec![7u8; 1000]] {
            let mut packed = Vec::new();
            deflater.zlib_into(data, &mut packed);
            assert_eq!(&inflate(&packed), data);
        }
        let mut packed = Vec::new();
        deflater.zlib_into(&page, &mut packed);
        assert!(packed.len() < page.len() / 3, "{} of {}", packed.len(), page.len());
    }

    #[test]
    fn every_length_distance_and_byte_value_round_trips() {
        let mut deflater = PageDeflater::new();
        let mut state = 0x1234_5678u32;
        let mut data = Vec::new();
        for round in 0..4000u32 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            if round % 3 == 0 && data.len() > 300 {
                let back = 1 + (state as usize % data.len().min(40_000));
                let len = 3 + (state >> 20) as usize % 300;
                for k in 0..len {
                    let byte = data[data.len() - back + k % back];
                    data.push(byte);
                }
            } else {
                data.push(state as u8);
            }
        }
        let mut packed = Vec::new();
        deflater.zlib_into(&data, &mut packed);
        assert_eq!(inflate(&packed), data);
    }

    #[test]
    fn adler32_matches_the_reference_value() {
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
        assert_eq!(adler32(&[]), 1);
    }
}
