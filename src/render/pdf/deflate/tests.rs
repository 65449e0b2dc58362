//! The page deflater's streams and the embedded files' inflate back to their input (miniz's
//! inflater as the referee), whatever their lengths, distances and byte values; page streams
//! pick the cheaper Huffman code.

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
        deflater.zlib_into(data, data.len(), &mut packed);
        assert_eq!(&inflate(&packed), data);
    }
    let mut packed = Vec::new();
    deflater.zlib_into(&page, page.len(), &mut packed);
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
    deflater.zlib_into(&data, data.len(), &mut packed);
    assert_eq!(inflate(&packed), data);
}

#[test]
fn short_streams_take_the_fixed_code_and_page_text_a_code_of_its_own() {
    let mut deflater = PageDeflater::new();
    let text: Vec<u8> = (0..400u32).flat_map(|i| [0u8, (i * 7 % 40) as u8 + 3]).collect();
    for (data, dynamic) in [(b"0 g\n".to_vec(), false), (text, true)] {
        let mut packed = Vec::new();
        deflater.zlib_into(&data, data.len(), &mut packed);
        // The first block header follows the two zlib bytes: final bit, then the type.
        assert_eq!(packed[2] >> 1 & 0b11, if dynamic { 0b10 } else { 0b01 });
        assert_eq!(inflate(&packed), data);
    }
}

#[test]
fn adler32_matches_the_reference_value() {
    assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
    assert_eq!(adler32(&[]), 1);
}

#[test]
fn common_prefixes_are_counted_exactly_across_word_boundaries() {
    let a: Vec<u8> = (0..40u8).collect();
    for differ_at in 0..40 {
        let mut b = a.clone();
        b[differ_at] ^= 0x80;
        assert_eq!(common_prefix(&a, &b, 258), differ_at);
        assert_eq!(common_prefix(&a, &b, differ_at / 2), differ_at / 2, "the limit holds");
    }
    assert_eq!(common_prefix(&a, &a[..13], 258), 13, "the shorter slice ends the prefix");
}

/// Records that repeat with fields of varying length between them: the repeats are found and
/// round-trip.
#[test]
fn records_with_varying_fields_compress_to_their_fields() {
    let mut data = Vec::new();
    let boilerplate = b"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":\"OpenBadgeCredential\",";
    for record in 0..300u32 {
        data.extend_from_slice(boilerplate);
        data.extend_from_slice(format!("\"name\":\"{}\",", "x".repeat(1 + (record * 7 % 23) as usize)).as_bytes());
        data.extend_from_slice(boilerplate);
        data.extend_from_slice(format!("\"n\":{}}}\n", record * 2_654_435_761 % 1_000_003).as_bytes());
    }
    let mut packed = Vec::new();
    PageDeflater::new().zlib_into(&data, data.len(), &mut packed);
    assert_eq!(inflate(&packed), data);
    assert!(packed.len() * 12 < data.len(), "{} of {}", packed.len(), data.len());
}

#[test]
fn embedded_files_round_trip_smaller_than_the_page_coder_writes_them() {
    // A run of records that differ in a few fields, as a run of credentials does.
    let records: Vec<u8> = (0..64)
        .flat_map(|n: u32| {
            format!(
                "{{\"id\":\"urn:uuid:{:08x}\",\"name\":\"Learner {n}\",\"grade\":\"{}%\",\"rest\":\"{}\"}}\n",
                n.wrapping_mul(0x9e37_79b1),
                n % 41 + 60,
                "same words ".repeat(40)
            )
            .into_bytes()
        })
        .collect();
    for data in [&records, &Vec::new(), &b"x".to_vec()] {
        assert_eq!(&inflate(&zlib(data, 6)), data);
    }
    let mut by_page_coder = Vec::new();
    PageDeflater::new().zlib_into(&records, records.len(), &mut by_page_coder);
    let by_files = zlib(&records, 6).len();
    assert!(by_files < by_page_coder.len(), "{by_files} against {}", by_page_coder.len());
}

/// Page text followed by noise, as a page ending in a QR code's samples: the noise stored as
/// it is round-trips at any length (more than one stored block's 65,535 bytes too), and costs
/// less than coding it with the text.
#[test]
fn a_stored_tail_round_trips_and_keeps_noise_out_of_the_text_code() {
    let text = b"BT\n/F2 12 Tf\n0.169 g\n33.5 -110.16 Td\n<000c00040009000d0007000b>Tj\nET\n".repeat(6);
    let mut state = 0x9e37_79b9u32;
    let noise: Vec<u8> = (0..70_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    let mut deflater = PageDeflater::new();
    for noise_len in [0, 1, 165, 65_535, 65_536, 70_000] {
        let data = [&text[..], &noise[..noise_len]].concat();
        for stored_from in [text.len(), data.len(), 0] {
            let mut packed = Vec::new();
            deflater.zlib_into(&data, stored_from, &mut packed);
            assert_eq!(inflate(&packed), data, "{noise_len} bytes of noise stored from {stored_from}");
        }
    }
    let data = [&text[..], &noise[..165]].concat();
    let (mut stored, mut coded) = (Vec::new(), Vec::new());
    deflater.zlib_into(&data, text.len(), &mut stored);
    deflater.zlib_into(&data, data.len(), &mut coded);
    let mut text_alone = Vec::new();
    deflater.zlib_into(&text, text.len(), &mut text_alone);
    assert!(stored.len() < coded.len(), "{} stored, {} coded", stored.len(), coded.len());
    // The stored block's header takes at most 5 bytes and the block before it has no final bit.
    assert!(stored.len() <= text_alone.len() + 165 + 5, "{} against {} + 165", stored.len(), text_alone.len());
}
