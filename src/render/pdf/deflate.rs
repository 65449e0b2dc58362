//! zlib compression for PDF streams with one reusable compressor: creating a miniz compressor
//! allocates a few hundred kilobytes, which would dominate the cost of a small page stream.

use miniz_oxide::deflate::core::{
    CompressorOxide, TDEFLFlush, TDEFLStatus, compress_to_output, create_comp_flags_from_zip_params,
};

pub(super) struct Deflater {
    compressor: Box<CompressorOxide>,
    level: u8,
}

impl Deflater {
    /// `level` 1 (fast) to 9 (small); the zlib wrapper is what PDF's FlateDecode expects.
    pub(super) fn new(level: u8) -> Deflater {
        let flags = create_comp_flags_from_zip_params(level as i32, 15, 0);
        Deflater { compressor: Box::new(CompressorOxide::new(flags)), level }
    }

    /// Compresses `data` into a new zlib stream appended to `out`.
    pub(super) fn zlib_into(&mut self, data: &[u8], out: &mut Vec<u8>) {
        let start = out.len();
        let (status, _) = compress_to_output(&mut self.compressor, data, TDEFLFlush::Finish, |chunk| {
            out.extend_from_slice(chunk);
            true
        });
        self.compressor.reset();
        if status != TDEFLStatus::Done {
            // Cannot happen with an always-accepting sink; fall back to the one-shot API anyway.
            out.truncate(start);
            out.extend_from_slice(&miniz_oxide::deflate::compress_to_vec_zlib(data, self.level));
        }
    }

    pub(super) fn zlib(&mut self, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(data.len() / 2 + 16);
        self.zlib_into(data, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_round_trip_and_stay_independent() {
        let mut deflater = Deflater::new(6);
        let first = b"BT /F0 12 Tf 100 700 Td (Hello)Tj ET BT /F0 12 Tf 100 700 Td (Hello)Tj ET".repeat(3);
        let second = b"0 0 1 rg 0 0 10 10 re f".to_vec();
        for data in [&first, &second, &first] {
            let packed = deflater.zlib(data);
            assert_eq!(&miniz_oxide::inflate::decompress_to_vec_zlib(&packed).expect("valid zlib"), data);
        }
        assert!(deflater.zlib(&first).len() < first.len() / 2);
    }
}
