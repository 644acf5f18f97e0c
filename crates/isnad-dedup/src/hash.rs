//! Fixed-seed 64-bit hashing (wyhash-style multiply-fold + murmur3 finaliser).
//!
//! Written out here rather than taken from `std` or a crate so that the bytes
//! a signature is made of never change with the Rust version, the platform's
//! endianness or a dependency upgrade: signatures are stored in SQLite and
//! compared across runs and machines.

/// wyhash's constants: odd, with well-spread bits.
const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const P2: u64 = 0x8ebc_6af0_9c88_c6e3;

/// Master seed, read at compile time from `data/minhash_seed.txt`.
pub const MASTER_SEED: u64 = parse_seed(include_str!("../data/minhash_seed.txt"));

/// Parse the first `0x...` hex number of a text, skipping `#` comment lines
/// and `_` separators. A malformed file stops the build (const evaluation),
/// never a run.
const fn parse_seed(text: &str) -> u64 {
    let b = text.as_bytes();
    let mut i = 0;
    let mut line_start = true;
    let mut in_comment = false;
    while i + 1 < b.len() {
        let c = b[i];
        if c == b'\n' {
            line_start = true;
            in_comment = false;
            i += 1;
            continue;
        }
        if line_start && c == b'#' {
            in_comment = true;
        }
        line_start = false;
        if !in_comment && c == b'0' && (b[i + 1] == b'x' || b[i + 1] == b'X') {
            let mut v: u64 = 0;
            let mut digits = 0;
            let mut j = i + 2;
            while j < b.len() {
                let d = b[j];
                let n = match d {
                    b'0'..=b'9' => d - b'0',
                    b'a'..=b'f' => d - b'a' + 10,
                    b'A'..=b'F' => d - b'A' + 10,
                    b'_' => {
                        j += 1;
                        continue;
                    }
                    _ => break,
                };
                v = (v << 4) | n as u64;
                digits += 1;
                j += 1;
            }
            assert!(
                digits > 0 && digits <= 16,
                "data/minhash_seed.txt: bad hex seed"
            );
            return v;
        }
        i += 1;
    }
    panic!("data/minhash_seed.txt: no 0x... seed found")
}

/// 64×64→128-bit multiply, folded back to 64 bits: the mixing step of wyhash.
#[inline(always)]
pub fn mum(a: u64, b: u64) -> u64 {
    let r = (a as u128).wrapping_mul(b as u128);
    (r as u64) ^ ((r >> 64) as u64)
}

/// murmur3's 64-bit finaliser: full avalanche of a 64-bit value.
#[inline(always)]
pub const fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// Hash a byte string (a word) with a seed. Little-endian reads, so the
/// result is the same on every platform.
#[inline]
pub fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed ^ P0;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = mum(h ^ w, P1);
    }
    let rem = chunks.remainder();
    if !rem.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rem.len()].copy_from_slice(rem);
        h = mum(h ^ u64::from_le_bytes(buf), P2);
    }
    fmix64(h ^ (bytes.len() as u64).wrapping_mul(P1))
}

/// Order-sensitive combination of word hashes into one shingle hash.
#[inline]
pub fn combine(words: &[u64]) -> u64 {
    let mut h = P2;
    for &w in words {
        h = mum(h ^ w, P1);
    }
    fmix64(h)
}

/// splitmix64: the stream the permutation coefficients are drawn from.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        fmix64(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_file_parses() {
        assert_eq!(MASTER_SEED, 0x6973_6e61_6464_6564);
        assert_eq!(parse_seed("# c 0x1\n0xAB_cd\n"), 0xabcd);
    }

    /// Pinned values: if these change, stored signatures silently stop
    /// matching new ones, so a change must be deliberate.
    #[test]
    fn hash_is_pinned() {
        assert_eq!(hash_bytes(0, b""), hash_bytes(0, b""));
        assert_ne!(hash_bytes(0, b"a"), hash_bytes(0, b"b"));
        assert_ne!(hash_bytes(0, b"abcdefgh"), hash_bytes(0, b"abcdefgh\0"));
        assert_ne!(combine(&[1, 2]), combine(&[2, 1]));
        assert_eq!(hash_bytes(7, "الملك".as_bytes()), 0xd14d_456f_4b6d_e4af);
    }
}
