//! Huffman codes for deflate's dynamic blocks: code lengths limited to a maximum (15 bits for
//! symbols, 7 for the code-length alphabet), canonical codes from lengths, and the run-length
//! coded lengths a dynamic block header carries.

/// Buffers for `lengths`, kept from call to call.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    weights: Vec<u32>,
    /// (weight, symbol) of the used symbols, lightest first.
    leaves: Vec<(u32, u16)>,
    /// Weight and parent of each node: the leaves, then the internal nodes as they are made.
    node_weights: Vec<u32>,
    parents: Vec<u32>,
    depths: Vec<u8>,
}

/// Code lengths for `frequencies`, none longer than `limit`; unused symbols get 0. When the
/// optimal code is too deep, frequencies are flattened (halved, keeping every used symbol at
/// least 1) until it fits: slightly longer output, never an invalid code.
pub(super) fn lengths(frequencies: &[u32], limit: u8, out: &mut Vec<u8>, s: &mut Scratch) {
    out.clear();
    out.resize(frequencies.len(), 0);
    s.weights.clear();
    s.weights.extend_from_slice(frequencies);
    loop {
        s.leaves.clear();
        s.leaves.extend(s.weights.iter().enumerate().filter(|(_, w)| **w > 0).map(|(sym, &w)| (w, sym as u16)));
        let m = s.leaves.len();
        match m {
            0 => return,
            // A code of one symbol still takes one bit.
            1 => {
                out[s.leaves[0].1 as usize] = 1;
                return;
            }
            _ => {}
        }
        s.leaves.sort_unstable();
        // Two queues: the sorted leaves, and the internal nodes, made in order of weight.
        s.node_weights.clear();
        s.node_weights.extend(s.leaves.iter().map(|&(w, _)| w));
        s.parents.clear();
        s.parents.resize(2 * m - 1, u32::MAX);
        let (mut leaf, mut internal) = (0, m);
        for made in m..2 * m - 1 {
            let mut pick = || {
                let take_leaf = leaf < m && (internal >= made || s.node_weights[leaf] <= s.node_weights[internal]);
                let node = if take_leaf { &mut leaf } else { &mut internal };
                *node += 1;
                *node - 1
            };
            let (a, b) = (pick(), pick());
            s.node_weights.push(s.node_weights[a] + s.node_weights[b]);
            s.parents[a] = made as u32;
            s.parents[b] = made as u32;
        }
        s.depths.clear();
        s.depths.resize(2 * m - 1, 0);
        for node in (0..2 * m - 2).rev() {
            s.depths[node] = s.depths[s.parents[node] as usize] + 1;
        }
        if s.depths[..m].iter().all(|&depth| depth <= limit) {
            for (leaf, &(_, symbol)) in s.leaves.iter().enumerate() {
                out[symbol as usize] = s.depths[leaf];
            }
            return;
        }
        for weight in s.weights.iter_mut().filter(|weight| **weight > 0) {
            *weight = (*weight / 2).max(1);
        }
    }
}

/// Canonical codes for `lengths`, bit-reversed for deflate's least-significant-bit-first output.
pub(super) fn codes(lengths: &[u8], out: &mut Vec<u16>) {
    let mut count = [0u16; 16];
    for &length in lengths {
        count[length as usize] += 1;
    }
    count[0] = 0;
    let mut next = [0u16; 16];
    let mut code = 0u16;
    for bits in 1..16 {
        code = (code + count[bits - 1]) << 1;
        next[bits] = code;
    }
    out.clear();
    out.extend(lengths.iter().map(|&length| {
        if length == 0 {
            return 0;
        }
        let code = next[length as usize];
        next[length as usize] += 1;
        code.reverse_bits() >> (16 - length as u32)
    }));
}

/// The code lengths of a dynamic block run-length coded with symbols 0-15 (a length), 16
/// (repeat the last 3-6 times), 17 (3-10 zeros) and 18 (11-138 zeros): (symbol, extra bits).
pub(super) fn run_lengths(lengths: &[u8], out: &mut Vec<(u8, u8)>) {
    out.clear();
    let mut at = 0;
    while at < lengths.len() {
        let length = lengths[at];
        let run = lengths[at..].iter().take_while(|&&l| l == length).count();
        let mut left = run;
        if length == 0 {
            while left >= 11 {
                let take = left.min(138);
                out.push((18, (take - 11) as u8));
                left -= take;
            }
            if left >= 3 {
                out.push((17, (left - 3) as u8));
                left = 0;
            }
        } else {
            out.push((length, 0));
            left -= 1;
            while left >= 3 {
                let take = left.min(6);
                out.push((16, (take - 3) as u8));
                left -= take;
            }
        }
        out.extend(std::iter::repeat_n((length, 0), left));
        at += run;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_respect_the_limit_and_kraft() {
        // Fibonacci frequencies make the deepest possible tree.
        let mut frequencies = vec![1u32, 1];
        while frequencies.len() < 30 {
            let next = frequencies[frequencies.len() - 1] + frequencies[frequencies.len() - 2];
            frequencies.push(next);
        }
        frequencies.push(0);
        let mut out = Vec::new();
        lengths(&frequencies, 15, &mut out, &mut Scratch::default());
        assert!(out.iter().all(|&l| l <= 15));
        assert_eq!(out[30], 0, "unused symbols get no code");
        let kraft: f64 = out.iter().filter(|&&l| l > 0).map(|&l| 0.5f64.powi(l as i32)).sum();
        assert!((kraft - 1.0).abs() < 1e-9, "a complete code: {kraft}");
    }

    #[test]
    fn canonical_codes_follow_rfc_1951() {
        // The example of RFC 1951 3.2.2: lengths (3, 3, 3, 3, 3, 2, 4, 4).
        let mut out = Vec::new();
        codes(&[3, 3, 3, 3, 3, 2, 4, 4], &mut out);
        let plain: Vec<u16> = out
            .iter()
            .zip([3u32, 3, 3, 3, 3, 2, 4, 4])
            .map(|(&code, length)| code.reverse_bits() >> (16 - length))
            .collect();
        assert_eq!(plain, [0b010, 0b011, 0b100, 0b101, 0b110, 0b00, 0b1110, 0b1111]);
    }

    #[test]
    fn run_lengths_expand_back() {
        let lengths: Vec<u8> = [vec![0; 140], vec![5; 9], vec![0; 4], vec![7, 8], vec![0; 2]].concat();
        let mut coded = Vec::new();
        run_lengths(&lengths, &mut coded);
        let mut back: Vec<u8> = Vec::new();
        for (symbol, extra) in coded {
            match symbol {
                16 => {
                    let last = *back.last().expect("a length to repeat");
                    back.extend(std::iter::repeat_n(last, 3 + extra as usize));
                }
                17 => back.extend(std::iter::repeat_n(0, 3 + extra as usize)),
                18 => back.extend(std::iter::repeat_n(0, 11 + extra as usize)),
                length => back.push(length),
            }
        }
        assert_eq!(back, lengths);
    }
}
