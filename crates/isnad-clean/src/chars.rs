//! Fast char classes. `char::is_alphabetic` and friends walk Unicode tables
//! for every non-ASCII char; the Arabic block is handled here directly and
//! only rare chars fall back to the tables.

/// A letter (same answer as `char::is_alphabetic`).
#[inline]
pub(crate) fn is_letter(c: char) -> bool {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A => true,
        0..=0x7F => false,
        // Arabic letters, tatweel and harakat (alphabetic in Unicode).
        0x0620..=0x0657 => true,
        0x0660..=0x066D => false,
        _ => c.is_alphabetic(),
    }
}

/// A digit or other number char (same answer as `char::is_numeric`).
#[inline]
pub(crate) fn is_number(c: char) -> bool {
    match c as u32 {
        0x30..=0x39 | 0x0660..=0x0669 | 0x06F0..=0x06F9 => true,
        0..=0x7F | 0x0600..=0x065F => false,
        _ => c.is_numeric(),
    }
}

/// Letter or number (same answer as `char::is_alphanumeric`).
#[inline]
pub(crate) fn is_alnum(c: char) -> bool {
    is_letter(c) || is_number(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_std() {
        for u in (0u32..0x3000).chain(0xFB00..0xFFFF) {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_letter(c), c.is_alphabetic(), "{u:#x}");
                assert_eq!(is_number(c), c.is_numeric(), "{u:#x}");
            }
        }
    }
}

/// A small fast hasher (FxHash) for the word sets and the line-count map:
/// their keys are short words or already-hashed fingerprints, and SipHash's
/// DoS resistance buys nothing for compiled-in lexicons.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
pub(crate) type FxMap<K, V> = std::collections::HashMap<K, V, FxBuild>;
pub(crate) type FxSet<K> = std::collections::HashSet<K, FxBuild>;
