//! Name lists as hashed token chains: longest-match lookup over a sentence.
//!
//! Entries come from ANERgazet (persons, organisations, locations), the ISO
//! 3166 country list, GeoNames cities, ANETAC (transliterated PER/LOC/ORG) and
//! a hand-written list of short country names. Only hashes are kept, so the
//! model file carries no source text. Each entry is indexed twice: with its
//! first token as written and with the first token's proclitics stripped
//! (`الأردن` → `اردن`), so that `والأردن` and `بالقاهرة` match.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use crate::hash::{hash_str, mix};
use crate::Error;

/// Source bits of an entry.
pub const G_PER: u16 = 1;
pub const G_ORG: u16 = 1 << 1;
pub const G_LOC: u16 = 1 << 2;
pub const G_COUNTRY: u16 = 1 << 3;
pub const G_CITY: u16 = 1 << 4;
pub const G_APER: u16 = 1 << 5;
pub const G_ALOC: u16 = 1 << 6;
pub const G_AORG: u16 = 1 << 7;
pub const G_TITLE: u16 = 1 << 8;
/// Number of source bits above (the hand-made and published lists).
pub const N_BITS: usize = 9;
/// Lists mined from unlabelled news ([`crate::mined`]): kept apart from the
/// bits above (their own longest match and features), so that adding them
/// leaves the other gazetteer features as they were.
pub const G_ORG_MINED: u16 = 1 << 9;
pub const G_MISC_MINED: u16 = 1 << 10;
pub const G_PER_MINED: u16 = 1 << 11;
/// All mined bits.
pub const MINED: u16 = G_ORG_MINED | G_MISC_MINED | G_PER_MINED;
/// The bits of [`N_BITS`].
pub const CURATED: u16 = (1 << N_BITS) - 1;
/// Number of mined bits (bit `N_BITS + k`).
pub const N_MINED_BITS: usize = 3;
/// Single-token first / last names from the training data's PER spans
/// ([`crate::names`], `--names`): read one token at a time, never by the
/// longest-match scans.
pub const G_FIRST: u16 = 1 << 12;
pub const G_LAST: u16 = 1 << 13;

/// Entries longer than this many tokens are not indexed.
pub const MAX_LEN: usize = 6;

/// Keys are already hashes: hashing them again is wasted time.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
}
pub type IdBuild = BuildHasherDefault<IdHasher>;

/// The gazetteer: full-entry keys with their source bits, and the keys of
/// every proper prefix (so a scan can stop as soon as nothing can match).
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub full: HashMap<u32, u16, IdBuild>,
    pub prefix: HashSet<u32, IdBuild>,
    /// Some entry carries a [`MINED`] bit (so their lookup can be skipped).
    pub has_mined: bool,
    /// Some entry carries [`G_FIRST`] or [`G_LAST`].
    pub has_names: bool,
}

/// What the gazetteer says about one token of a sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GazHit {
    /// Source bits of the longest entry covering the token (0: none).
    pub bits: u16,
    /// 0 none, 1 single-token entry, 2 first token of a longer one, 3 inside.
    pub pos: u8,
}

#[inline]
fn key32(h: u64) -> u32 {
    (h >> 32) as u32
}

/// Normalised tokens of a name as the tagger would see them.
pub fn name_tokens(name: &str) -> Vec<String> {
    let norm = isnad_arabic::normalize(name);
    isnad_arabic::word_spans(&norm)
        .into_iter()
        .map(|(s, e)| norm.chars().skip(s).take(e - s).collect())
        .collect()
}

/// Hash of a normalised token's proclitic-stripped stem.
#[inline]
pub fn stem_of(norm: &str) -> &str {
    isnad_arabic::strip_proclitics(norm, 2)
}

impl Gazetteer {
    /// Add one name (display or normalised form) with source bits.
    pub fn add(&mut self, name: &str, bits: u16) {
        let toks = name_tokens(name);
        if toks.is_empty() || toks.len() > MAX_LEN {
            return;
        }
        // A lone punctuation mark or one letter is never a useful entry.
        if toks.len() == 1 && toks[0].chars().count() < 2 {
            return;
        }
        let firsts = [hash_str(&toks[0]), hash_str(stem_of(&toks[0]))];
        for (v, &first) in firsts.iter().enumerate() {
            if v == 1 && firsts[1] == firsts[0] {
                break;
            }
            let mut h = first;
            for t in &toks[1..] {
                self.prefix.insert(key32(h));
                h = mix(h, hash_str(t));
            }
            *self.full.entry(key32(h)).or_insert(0) |= bits;
        }
        self.has_mined |= bits & MINED != 0;
    }

    /// Add a single-token entry by the hash of its normalised text.
    pub fn add_key(&mut self, word_hash: u64, bits: u16) {
        *self.full.entry(key32(word_hash)).or_insert(0) |= bits;
        self.has_mined |= bits & MINED != 0;
        self.has_names |= bits & (G_FIRST | G_LAST) != 0;
    }

    /// Source bits of an exact entry whose tokens are `word_hashes` (with the
    /// first token given also as its stem hash). 0 when absent.
    pub fn lookup(&self, word_hashes: &[u64], first_stem: u64) -> u16 {
        if word_hashes.is_empty() {
            return 0;
        }
        let mut bits = 0;
        for first in [word_hashes[0], first_stem] {
            let mut h = first;
            for &w in &word_hashes[1..] {
                h = mix(h, w);
            }
            bits |= self.full.get(&key32(h)).copied().unwrap_or(0);
        }
        bits
    }

    /// Longest-match annotation of a sentence given each token's word hash
    /// and stem hash (see [`crate::features`]), over the curated lists.
    pub fn annotate(&self, words: &[u64], stems: &[u64]) -> Vec<GazHit> {
        self.annotate_masked(words, stems, CURATED)
    }

    /// Like [`Gazetteer::annotate`], counting only entries with a bit in
    /// `mask` (and reporting only those bits).
    pub fn annotate_masked(&self, words: &[u64], stems: &[u64], mask: u16) -> Vec<GazHit> {
        let n = words.len();
        let mut hits = vec![GazHit::default(); n];
        let mut best_len = vec![0usize; n];
        for i in 0..n {
            let mut bits_at = [0u16; MAX_LEN];
            let mut longest = 0;
            for first in [words[i], stems[i]] {
                let mut h = first;
                for j in i..n.min(i + MAX_LEN) {
                    if j > i {
                        h = mix(h, words[j]);
                    }
                    let k = key32(h);
                    if let Some(&b) = self.full.get(&k) {
                        if b & mask != 0 {
                            bits_at[j - i] |= b & mask;
                            longest = longest.max(j - i + 1);
                        }
                    }
                    if !self.prefix.contains(&k) {
                        break;
                    }
                }
                if stems[i] == words[i] {
                    break;
                }
            }
            if longest == 0 {
                continue;
            }
            let bits = bits_at[longest - 1];
            for (j, (hit, best)) in hits[i..i + longest]
                .iter_mut()
                .zip(&mut best_len[i..i + longest])
                .enumerate()
            {
                if longest > *best {
                    *best = longest;
                    hit.bits = bits;
                    hit.pos = if longest == 1 {
                        1
                    } else if j == 0 {
                        2
                    } else {
                        3
                    };
                }
            }
        }
        hits
    }

    /// Build from the shared datasets plus the hand-written lists of this crate.
    pub fn from_shared(shared: &Path) -> Result<Gazetteer, Error> {
        let mut g = Gazetteer::default();
        let ds = shared.join("datasets");
        let aner = ds.join("anercorp").join("ANERgazet");
        for (file, bits) in [
            ("AlignedPersGazetteer.txt", G_PER),
            ("AlignedOrgGazetteer.txt", G_ORG),
            ("AlignedLocGazetteer.txt", G_LOC),
        ] {
            let p = aner.join(file);
            let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
            for line in text.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with("====") || line.starts_with("****") {
                    continue;
                }
                g.add(line, bits);
            }
        }
        let p = ds.join("gazetteers").join("iso3166_1_ar.tsv");
        let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            for c in cols.iter().skip(4).take(3) {
                for part in c.split('،') {
                    if part.chars().any(isnad_arabic::is_arabic_letter) {
                        g.add(part.trim(), G_COUNTRY);
                    }
                }
            }
        }
        for line in COUNTRIES.lines() {
            let line = line.trim();
            if !line.is_empty() && !line.starts_with('#') {
                g.add(line, G_COUNTRY);
            }
        }
        let p = ds.join("gazetteers").join("geonames_cities500_arabic.tsv");
        let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
        for line in text.lines().skip(1) {
            let Some(alts) = line.split('\t').nth(8) else {
                continue;
            };
            for name in alts.split('|') {
                if is_plain_arabic(name) {
                    g.add(name, G_CITY);
                }
            }
        }
        let p = ds
            .join("gazetteers")
            .join("anetac")
            .join("EN-AR_Named-entities.txt");
        let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
        for line in text.lines() {
            let mut parts = line.split_whitespace();
            let bits = match parts.next() {
                Some("PERSON") => G_APER,
                Some("LOCATION") => G_ALOC,
                Some("ORGANIZATION") => G_AORG,
                _ => continue,
            };
            let arabic: Vec<&str> = parts
                .filter(|w| w.chars().any(isnad_arabic::is_arabic_letter))
                .collect();
            if !arabic.is_empty() {
                g.add(&arabic.join(" "), bits);
            }
        }
        for line in crate::title::TITLE_HEADS.lines() {
            let line = line.trim();
            if !line.is_empty() && !line.starts_with('#') {
                // Drop the rules' markers (" ?" ambiguous, " !" honorific).
                let name = line.trim_end_matches(['?', '!']).trim_end();
                g.add(name, G_TITLE);
            }
        }
        Ok(g)
    }
}

/// True when the name uses only Arabic-alphabet letters (no Persian, Urdu,
/// Kurdish or Uyghur letters such as پ چ ژ گ ک ی ە), spaces and marks: GeoNames
/// mixes all these scripts' names together.
pub fn is_plain_arabic(name: &str) -> bool {
    !name.trim().is_empty()
        && name.chars().all(|c| {
            matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | ' ' | '-')
                || isnad_arabic::is_diacritic(c)
        })
}

/// Hand-written short country names.
pub const COUNTRIES: &str = include_str!("../data/countries_ar.txt");

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(s: &str) -> (Vec<u64>, Vec<u64>) {
        let toks = name_tokens(s);
        (
            toks.iter().map(|t| hash_str(t)).collect(),
            toks.iter().map(|t| hash_str(stem_of(t))).collect(),
        )
    }

    #[test]
    fn longest_match_with_clitics() {
        let mut g = Gazetteer::default();
        g.add("الأردن", G_COUNTRY);
        g.add("الولايات المتحدة", G_COUNTRY);
        g.add("القاهرة", G_CITY);
        let (w, s) = hashes("زار والأردن ثم بالقاهرة والولايات المتحدة");
        let hits = g.annotate(&w, &s);
        assert_eq!(hits[0], GazHit::default());
        assert_eq!(
            hits[1],
            GazHit {
                bits: G_COUNTRY,
                pos: 1
            }
        );
        assert_eq!(
            hits[3],
            GazHit {
                bits: G_CITY,
                pos: 1
            }
        );
        assert_eq!(
            hits[4],
            GazHit {
                bits: G_COUNTRY,
                pos: 2
            }
        );
        assert_eq!(
            hits[5],
            GazHit {
                bits: G_COUNTRY,
                pos: 3
            }
        );
        assert_eq!(g.lookup(&w[4..6], s[4]), G_COUNTRY);
        assert_eq!(g.lookup(&w[0..1], s[0]), 0);
    }

    #[test]
    fn mined_entries_have_their_own_longest_match() {
        let mut g = Gazetteer::default();
        g.add("الهلال", G_ORG);
        let (w, s) = hashes("فاز الهلال السعودي على النصر");
        let before = g.annotate(&w, &s);
        assert!(!g.has_mined);
        g.add("الهلال السعودي", G_ORG_MINED);
        g.add("النصر", G_ORG_MINED | G_MISC_MINED);
        assert!(g.has_mined);
        // The curated match is unchanged by the longer mined entry.
        assert_eq!(g.annotate(&w, &s), before);
        assert_eq!(
            before[1],
            GazHit {
                bits: G_ORG,
                pos: 1
            }
        );
        assert_eq!(before[4], GazHit::default());
        let m = g.annotate_masked(&w, &s, MINED);
        assert_eq!(
            m[1],
            GazHit {
                bits: G_ORG_MINED,
                pos: 2
            }
        );
        assert_eq!(
            m[2],
            GazHit {
                bits: G_ORG_MINED,
                pos: 3
            }
        );
        assert_eq!(
            m[4],
            GazHit {
                bits: G_ORG_MINED | G_MISC_MINED,
                pos: 1
            }
        );
        assert_eq!(m[0], GazHit::default());
    }

    #[test]
    fn plain_arabic_filter() {
        assert!(is_plain_arabic("دمشق"));
        assert!(!is_plain_arabic("پکن"));
        assert!(!is_plain_arabic("دیمەشق"));
    }
}
