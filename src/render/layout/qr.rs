//! Fast QR codes for one page each. QR encoding is affine over GF(2) for a fixed version, error
//! correction level and mask: Reed-Solomon is linear, placement and masking are XORs. So the
//! modules of any message are the modules of the all-zero message XOR the modules of each set
//! data bit, both taken once per version from qrcodegen. Byte mode, level M, mask 2; the test
//! checks every module against qrcodegen's own encoder.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

const ECC: QrCodeEcc = QrCodeEcc::Medium;
const MASK: u8 = 2;

/// One version's modules as bitsets: the all-zero message and one vector per data bit.
struct Basis {
    size: usize,
    data_codewords: usize,
    words: usize,
    zero: Vec<u64>,
    /// `data_codewords * 8` vectors of `words` u64s, bit 7 of codeword 0 first.
    bits: Vec<u64>,
}

/// Modules per side and row-major dark modules, or `None` if `text` is too long for any version.
pub(super) fn encode(text: &str) -> Option<(u16, Vec<bool>)> {
    let bytes = text.as_bytes();
    let version = (1..=40u8).find(|&version| capacity(version) >= bytes.len())?;
    let basis = basis(version)?;
    let codewords = data_codewords(bytes, version, basis.data_codewords);
    let mut modules = basis.zero.clone();
    for (index, byte) in codewords.iter().enumerate() {
        for bit in 0..8 {
            if byte >> (7 - bit) & 1 == 1 {
                let vector = &basis.bits[(index * 8 + bit) * basis.words..][..basis.words];
                modules.iter_mut().zip(vector).for_each(|(module, basis_word)| *module ^= basis_word);
            }
        }
    }
    let dark = (0..basis.size * basis.size).map(|i| modules[i / 64] >> (i % 64) & 1 == 1).collect();
    Some((basis.size as u16, dark))
}

/// Bytes a byte-mode message can hold at `version` (level M), probed from qrcodegen once.
fn capacity(version: u8) -> usize {
    // Probed lazily: a message needs only the versions up to its own.
    static CAPACITIES: Mutex<[Option<usize>; 40]> = Mutex::new([None; 40]);
    let index = usize::from(version.clamp(1, 40)) - 1;
    if let Some(known) = CAPACITIES.lock().ok().and_then(|known| known[index]) {
        return known;
    }
    let fits = |n: usize| {
        let segment = QrSegment::make_bytes(&vec![0; n]);
        let v = Version::new(version.clamp(1, 40));
        QrCode::encode_segments_advanced(&[segment], ECC, v, v, Some(Mask::new(MASK)), false).is_ok()
    };
    let (mut low, mut high) = (0usize, 3000usize);
    while low < high {
        let middle = (low + high).div_ceil(2);
        if fits(middle) { low = middle } else { high = middle - 1 }
    }
    if let Ok(mut known) = CAPACITIES.lock() {
        known[index] = Some(low);
    }
    low
}

fn count_bits(version: u8) -> usize {
    if version <= 9 { 8 } else { 16 }
}

/// The data codewords of a byte-mode segment: mode, count, bytes, terminator, padding.
fn data_codewords(bytes: &[u8], version: u8, total: usize) -> Vec<u8> {
    let mut bits: Vec<bool> = Vec::with_capacity(total * 8);
    fn push(bits: &mut Vec<bool>, value: usize, count: usize) {
        (0..count).rev().for_each(|i| bits.push(value >> i & 1 == 1));
    }
    push(&mut bits, 0b0100, 4);
    push(&mut bits, bytes.len(), count_bits(version));
    for byte in bytes {
        push(&mut bits, usize::from(*byte), 8);
    }
    let terminator = (total * 8).saturating_sub(bits.len()).min(4);
    push(&mut bits, 0, terminator);
    let align = (8 - bits.len() % 8) % 8;
    push(&mut bits, 0, align);
    let mut codewords: Vec<u8> =
        bits.chunks(8).map(|chunk| chunk.iter().fold(0u8, |byte, bit| byte << 1 | u8::from(*bit))).collect();
    for pad in [0xEC, 0x11].into_iter().cycle() {
        if codewords.len() >= total {
            break;
        }
        codewords.push(pad);
    }
    codewords
}

fn basis(version: u8) -> Option<Arc<Basis>> {
    static CACHE: OnceLock<Mutex<HashMap<u8, Arc<Basis>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().ok()?.get(&version) {
        return Some(found.clone());
    }
    // The largest byte message fills all but the mode and count bits, rounded up to bytes.
    let data_codewords = capacity(version) + (4 + count_bits(version)).div_ceil(8);
    let encode =
        |codewords: &[u8]| QrCode::encode_codewords(Version::new(version), ECC, codewords, Some(Mask::new(MASK)));
    let mut codewords = vec![0u8; data_codewords];
    let zero_code = encode(&codewords);
    let size = zero_code.size() as usize;
    let words = (size * size).div_ceil(64);
    let bitset = |code: &QrCode| {
        let mut set = vec![0u64; words];
        for i in 0..size * size {
            if code.get_module((i % size) as i32, (i / size) as i32) {
                set[i / 64] |= 1 << (i % 64);
            }
        }
        set
    };
    let zero = bitset(&zero_code);
    let mut bits = Vec::with_capacity(data_codewords * 8 * words);
    for index in 0..data_codewords * 8 {
        codewords[index / 8] = 0x80 >> (index % 8);
        let with_bit = bitset(&encode(&codewords));
        bits.extend(with_bit.iter().zip(&zero).map(|(a, b)| a ^ b));
        codewords[index / 8] = 0;
    }
    let basis = Arc::new(Basis { size, data_codewords, words, zero, bits });
    cache.lock().ok()?.insert(version, basis.clone());
    Some(basis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn same_as_qrcodegen(text: &str) {
        let Some((size, dark)) = encode(text) else { panic!("{text:?} did not encode") };
        let segment = QrSegment::make_bytes(text.as_bytes());
        let reference =
            QrCode::encode_segments_advanced(&[segment], ECC, Version::MIN, Version::MAX, Some(Mask::new(MASK)), false);
        let Ok(reference) = reference else { panic!("qrcodegen failed on {text:?}") };
        assert_eq!(i32::from(size), reference.size(), "{text:?}");
        for y in 0..reference.size() {
            for x in 0..reference.size() {
                let index = (y * reference.size() + x) as usize;
                assert_eq!(dark[index], reference.get_module(x, y), "{text:?} at ({x}, {y})");
            }
        }
    }

    #[test]
    fn every_module_matches_qrcodegen() {
        same_as_qrcodegen("https://certs.example.org/verify/K7QF-M2XD-9HTA");
        same_as_qrcodegen("");
        same_as_qrcodegen("é");
        for length in [1, 13, 14, 40, 61, 62, 100] {
            same_as_qrcodegen(&text_of(length));
        }
    }

    fn text_of(length: usize) -> String {
        (0..length).map(|i| char::from(b'!' + (i * 7 % 90) as u8)).collect()
    }

    /// Versions 10 and up count bytes in 16 bits; building their basis is slow without optimisation.
    #[test]
    #[cfg_attr(debug_assertions, ignore = "slow in debug builds; scripts/test runs it in release")]
    fn long_messages_with_16_bit_counts_match_qrcodegen() {
        for length in [180, 200, 300] {
            same_as_qrcodegen(&text_of(length));
        }
    }
}
#[cfg(test)]
mod speed {
    #[test]
    #[ignore]
    fn qr_speed() {
        let _ = super::encode("https://certs.example.org/verify/K7QF-M2XD-9HTA");
        let started = std::time::Instant::now();
        for i in 0..10000 {
            let _ = super::encode(&format!("https://certs.example.org/verify/K7QF-M2XD-{i:04}"));
        }
        println!("qr {:?}", started.elapsed() / 10000);
    }
}
