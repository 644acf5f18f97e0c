//! Feature extraction: each token becomes ~60 hashed features built from the
//! normalised word, its clitic-stripped stem, affixes, shape, word clusters
//! and gazetteer matches of itself and its neighbours (window ±2).
//!
//! Per-token facts ("atoms") are computed once per sentence; features are
//! then cheap hash combinations of a template id and those atoms.

use crate::clusters::{ClusterTable, NONE};
use crate::gazetteer::{stem_of, GazHit, Gazetteer, MINED, N_BITS, N_MINED_BITS};
use crate::hash::{hash_str, mix};

/// Which feature groups are on (for ablations; the shipped model records
/// the set it was trained with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureConfig {
    pub affixes: bool,
    pub window2: bool,
    pub bigrams: bool,
    pub clusters: bool,
    pub gazetteer: bool,
    /// Domain-augmented features (Daumé 2007): every feature also gets a
    /// copy specific to its corpus, so that news (ANERcorp) and Wikipedia
    /// (WikiFANE) conventions can differ; tagging uses the news copy.
    pub domain_aug: bool,
    /// A second, topical clustering (wide word2vec window).
    pub clusters2: bool,
    /// Dense features: the word vectors of tokens i-1, i, i+1.
    pub dense: bool,
    /// Context features: position inside a short quoted span («…», "…")
    /// with the word that introduces it (برنامج «…», استاد "…"), and wider
    /// word/cluster conjunctions around the token.
    pub context: bool,
    /// Longest-match bits of the name lists mined from unlabelled news
    /// ([`crate::mined`]), apart from the curated gazetteer's.
    pub mined: bool,
    /// Personal-name structure ([`crate::names`]): first/last-name lists
    /// from the training PER spans and name connectors, of the token and
    /// its neighbours, with conjunctions.
    pub names: bool,
}

/// Domain ids for [`FeatureConfig::domain_aug`].
pub const DOMAIN_NEWS: u64 = 0x4E45_5753;
pub const DOMAIN_WIKI: u64 = 0x5749_4B49;
pub const DOMAIN_WOJOOD: u64 = 0x574F_4A4F;

/// Append the domain copies of the features in `out`.
pub fn augment(out: &mut Vec<u64>, domain: u64) {
    let n = out.len();
    for i in 0..n {
        let h = out[i];
        out.push(mix(h, domain));
    }
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            affixes: true,
            window2: true,
            bigrams: true,
            clusters: true,
            gazetteer: true,
            domain_aug: false,
            clusters2: false,
            dense: true,
            context: false,
            mined: false,
            names: false,
        }
    }
}

impl FeatureConfig {
    pub fn to_bits(self) -> u16 {
        u16::from(self.affixes)
            | u16::from(self.window2) << 1
            | u16::from(self.bigrams) << 2
            | u16::from(self.clusters) << 3
            | u16::from(self.gazetteer) << 4
            | u16::from(self.domain_aug) << 5
            | u16::from(self.clusters2) << 6
            | u16::from(self.dense) << 7
            | u16::from(self.context) << 8
            | u16::from(self.mined) << 9
            | u16::from(self.names) << 10
    }
    pub fn from_bits(b: u16) -> Self {
        FeatureConfig {
            affixes: b & 1 != 0,
            window2: b & 2 != 0,
            bigrams: b & 4 != 0,
            clusters: b & 8 != 0,
            gazetteer: b & 16 != 0,
            domain_aug: b & 32 != 0,
            clusters2: b & 64 != 0,
            dense: b & 128 != 0,
            context: b & 256 != 0,
            mined: b & 512 != 0,
            names: b & 1024 != 0,
        }
    }
}

/// The lookup resources features need.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    pub gaz: Gazetteer,
    pub clusters: ClusterTable,
    /// The second clustering (empty when unused).
    pub clusters2: ClusterTable,
    /// `clusters`' word vectors as floats, `clusters.dim` per row.
    pub emb: Vec<f32>,
}

/// Per-token facts.
#[derive(Debug, Clone, Copy)]
pub struct Atom {
    pub word: u64,
    pub stem: u64,
    pub pre: [u64; 4],
    pub suf: [u64; 4],
    pub stem_pre: [u64; 3],
    pub shape: u64,
    pub len: u8,
    pub freq: u8,
    pub cl: [u16; 3],
    pub scl: [u16; 3],
    pub cl2: [u16; 3],
    pub scl2: [u16; 3],
    pub gaz: GazHit,
    /// Match in the mined lists (bits shifted down to 0..[`N_MINED_BITS`]).
    pub mgaz: GazHit,
    /// Row of the word's vector (its stem's when the word has none).
    pub row: u32,
    /// Place inside a short quoted span: 0 none, else
    /// `1 + 4 * min(len, 4)`-coded (first/inner/last/only) — see [`quotes`].
    pub quote: u8,
    /// Stem of the word before the opening quote (0 outside quotes).
    pub qtrig: u64,
    /// Name bits: [`crate::names::N_FIRST`], [`crate::names::N_LAST`] and
    /// the connector id shifted by [`crate::names::N_CONN_SHIFT`].
    pub names: u8,
}

const BOS: u64 = 0x5151_0000_0000_0001;
const EOS: u64 = 0x5151_0000_0000_0002;

fn edge_atom(h: u64) -> Atom {
    Atom {
        word: h,
        stem: h,
        pre: [h; 4],
        suf: [h; 4],
        stem_pre: [h; 3],
        shape: h,
        len: 0,
        freq: 0,
        cl: [NONE - 1; 3],
        scl: [NONE - 1; 3],
        cl2: [NONE - 1; 3],
        scl2: [NONE - 1; 3],
        gaz: GazHit::default(),
        mgaz: GazHit::default(),
        row: crate::clusters::NO_ROW,
        quote: 0,
        qtrig: 0,
        names: 0,
    }
}

/// Longest quoted span that [`quotes`] marks (titles of programmes, films,
/// products, stadiums are short; longer ones are reported speech).
const MAX_QUOTE: usize = 6;

fn is_open_quote(t: &str) -> bool {
    matches!(t, "«" | "\"" | "“" | "''" | "``")
}

fn is_close_quote(open: &str, t: &str) -> bool {
    match open {
        "«" => t == "»",
        "“" => t == "”" || t == "\"",
        _ => t == open || t == "”",
    }
}

/// Mark tokens inside short quoted spans (`«` … `»`, `"` … `"`): returns,
/// per token, (place code, stem hash of the word before the opening quote).
fn quotes<S: AsRef<str>>(tokens: &[S], stems: &[u64]) -> Vec<(u8, u64)> {
    let mut out = vec![(0u8, 0u64); tokens.len()];
    let mut i = 0;
    while i < tokens.len() {
        let open = tokens[i].as_ref();
        if !is_open_quote(open) {
            i += 1;
            continue;
        }
        let end = (i + 1..tokens.len().min(i + 2 + MAX_QUOTE))
            .find(|&j| is_close_quote(open, tokens[j].as_ref()));
        match end {
            Some(j) if j > i + 1 => {
                let len = j - i - 1;
                let trig = if i > 0 { stems[i - 1] } else { 1 };
                for (k, o) in out[i + 1..j].iter_mut().enumerate() {
                    let place = if len == 1 {
                        3
                    } else if k == 0 {
                        0
                    } else if k + 1 == len {
                        2
                    } else {
                        1
                    };
                    *o = ((1 + 4 * len.min(4) + place) as u8, trig);
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Hash of the first / last `n` chars of `s` (the whole string when shorter).
fn affix_hashes<const N: usize>(chars: &[char], from_end: bool, buf: &mut String) -> [u64; N] {
    let mut out = [0u64; N];
    for (k, o) in out.iter_mut().enumerate() {
        let n = (k + 1).min(chars.len());
        buf.clear();
        if from_end {
            buf.extend(&chars[chars.len() - n..]);
        } else {
            buf.extend(&chars[..n]);
        }
        *o = hash_str(buf);
    }
    out
}

/// Word shape: runs of char classes (Arabic letter, Latin upper/lower,
/// digit), punctuation kept as itself.
fn shape(chars: &[char], buf: &mut String) -> u64 {
    buf.clear();
    let mut last = '\0';
    for &c in chars {
        let k = if isnad_arabic::is_arabic_letter(c) {
            'a'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_uppercase() {
            'X'
        } else if c.is_alphabetic() {
            'x'
        } else {
            c
        };
        if k != last {
            buf.push(k);
            last = k;
        }
    }
    hash_str(buf)
}

/// Compute the atoms of a sentence's tokens (raw token text, not normalised).
pub fn atoms<S: AsRef<str>>(tokens: &[S], res: &Resources) -> Vec<Atom> {
    let mut buf = String::new();
    let mut out: Vec<Atom> = tokens
        .iter()
        .map(|t| {
            let norm = isnad_arabic::normalize(t.as_ref());
            let stem = stem_of(&norm);
            let chars: Vec<char> = norm.chars().collect();
            let schars: Vec<char> = stem.chars().collect();
            let word = hash_str(&norm);
            let stem_h = hash_str(stem);
            let info = res.clusters.get(word);
            let sinfo = if stem_h == word {
                info
            } else {
                res.clusters.get(stem_h)
            };
            let (cl2, scl2) = if res.clusters2.words.is_empty() {
                ([NONE; 3], [NONE; 3])
            } else {
                let i2 = res.clusters2.get(word);
                let s2 = if stem_h == word {
                    i2
                } else {
                    res.clusters2.get(stem_h)
                };
                (
                    i2.map_or([NONE; 3], |i| i.cluster),
                    s2.map_or([NONE; 3], |i| i.cluster),
                )
            };
            Atom {
                word,
                stem: stem_h,
                pre: affix_hashes::<4>(&chars, false, &mut buf),
                suf: affix_hashes::<4>(&chars, true, &mut buf),
                stem_pre: affix_hashes::<3>(&schars, false, &mut buf),
                shape: shape(&chars, &mut buf),
                len: chars.len().min(12) as u8,
                freq: info.map_or(0, |i| i.freq_q / 4),
                cl: info.map_or([NONE; 3], |i| i.cluster),
                scl: sinfo.map_or([NONE; 3], |i| i.cluster),
                cl2,
                scl2,
                gaz: GazHit::default(),
                mgaz: GazHit::default(),
                row: info
                    .map(|i| i.row)
                    .filter(|&r| r != crate::clusters::NO_ROW)
                    .or(sinfo.map(|i| i.row))
                    .unwrap_or(crate::clusters::NO_ROW),
                quote: 0,
                qtrig: 0,
                names: crate::names::connector(word, stem_h) << crate::names::N_CONN_SHIFT
                    | if res.gaz.has_names {
                        crate::names::gaz_bits(&res.gaz, stem_h)
                    } else {
                        0
                    },
            }
        })
        .collect();
    let stems: Vec<u64> = out.iter().map(|a| a.stem).collect();
    for (a, (q, t)) in out.iter_mut().zip(quotes(tokens, &stems)) {
        a.quote = q;
        a.qtrig = t;
    }
    if !res.gaz.full.is_empty() {
        let words: Vec<u64> = out.iter().map(|a| a.word).collect();
        let stems: Vec<u64> = out.iter().map(|a| a.stem).collect();
        for (a, g) in out.iter_mut().zip(res.gaz.annotate(&words, &stems)) {
            a.gaz = g;
        }
        if res.gaz.has_mined {
            let hits = res.gaz.annotate_masked(&words, &stems, MINED);
            for (a, mut g) in out.iter_mut().zip(hits) {
                g.bits >>= N_BITS;
                a.mgaz = g;
            }
        }
    }
    out
}

/// Vector rows of tokens i-1, i, i+1 for each token (dense features).
pub fn dense_rows(atoms: &[Atom]) -> Vec<[u32; 3]> {
    let row = |j: isize| -> u32 {
        if j < 0 || j as usize >= atoms.len() {
            crate::clusters::NO_ROW
        } else {
            atoms[j as usize].row
        }
    };
    (0..atoms.len() as isize)
        .map(|i| [row(i - 1), row(i), row(i + 1)])
        .collect()
}

#[inline]
fn f(template: u64, v: u64) -> u64 {
    mix(template.wrapping_mul(0x0100_0000_01b3) ^ 0xA5A5, v)
}

/// Push the feature hashes of token `i` into `out` (cleared first).
pub fn features(atoms: &[Atom], i: usize, cfg: FeatureConfig, out: &mut Vec<u64>) {
    out.clear();
    let bos = edge_atom(BOS);
    let eos = edge_atom(EOS);
    let at = |k: isize| -> &Atom {
        let j = i as isize + k;
        if j < 0 {
            &bos
        } else if j as usize >= atoms.len() {
            &eos
        } else {
            &atoms[j as usize]
        }
    };
    let (a0, m1, p1) = (at(0), at(-1), at(1));
    out.push(f(1, 0));
    out.push(f(2, a0.word));
    out.push(f(3, m1.word));
    out.push(f(4, p1.word));
    out.push(f(5, a0.stem));
    out.push(f(6, m1.stem));
    out.push(f(7, p1.stem));
    out.push(f(8, a0.shape));
    out.push(f(9, mix(mix(m1.shape, a0.shape), p1.shape)));
    out.push(f(10, u64::from(a0.len)));
    out.push(f(11, u64::from(a0.freq)));
    if cfg.window2 {
        let (m2, p2) = (at(-2), at(2));
        out.push(f(12, m2.word));
        out.push(f(13, p2.word));
        out.push(f(14, m2.stem));
        out.push(f(15, p2.stem));
    }
    if cfg.bigrams {
        out.push(f(16, mix(m1.word, a0.word)));
        out.push(f(17, mix(a0.word, p1.word)));
        out.push(f(18, mix(m1.stem, a0.stem)));
        out.push(f(19, mix(a0.stem, p1.stem)));
        out.push(f(20, mix(m1.word, p1.word)));
    }
    if cfg.affixes {
        for k in 0..4 {
            out.push(f(21 + k as u64, a0.pre[k]));
            out.push(f(25 + k as u64, a0.suf[k]));
        }
        for k in 0..3 {
            out.push(f(29 + k as u64, a0.stem_pre[k]));
        }
        // Suffixes of the neighbours: nisba adjectives, feminine, plural.
        out.push(f(32, m1.suf[1]));
        out.push(f(33, p1.suf[1]));
    }
    if cfg.clusters {
        for k in 0..3 {
            let t = 40 + 10 * k as u64;
            out.push(f(t, u64::from(a0.cl[k])));
            out.push(f(t + 1, u64::from(a0.scl[k])));
            out.push(f(t + 2, u64::from(m1.cl[k])));
            out.push(f(t + 3, u64::from(p1.cl[k])));
            out.push(f(t + 4, u64::from(m1.scl[k])));
            out.push(f(t + 5, u64::from(p1.scl[k])));
        }
        out.push(f(70, u64::from(at(-2).cl[1])));
        out.push(f(71, u64::from(at(2).cl[1])));
        out.push(f(72, (u64::from(m1.cl[1]) << 16) | u64::from(a0.cl[1])));
        out.push(f(73, (u64::from(a0.cl[1]) << 16) | u64::from(p1.cl[1])));
        out.push(f(74, (u64::from(a0.scl[0]) << 16) | (m1.word & 0xFFFF)));
    }
    if cfg.clusters2 {
        for k in 0..3 {
            let t = 100 + 10 * k as u64;
            out.push(f(t, u64::from(a0.cl2[k])));
            out.push(f(t + 1, u64::from(a0.scl2[k])));
            out.push(f(t + 2, u64::from(m1.scl2[k])));
            out.push(f(t + 3, u64::from(p1.scl2[k])));
        }
    }
    if cfg.context {
        if a0.quote != 0 {
            let q = u64::from(a0.quote);
            out.push(f(90, q));
            out.push(f(91, mix(q, a0.qtrig)));
            out.push(f(92, a0.qtrig));
        }
        let (m2, p2) = (at(-2), at(2));
        out.push(f(93, mix(m2.stem, m1.stem)));
        out.push(f(94, mix(p1.stem, p2.stem)));
        out.push(f(
            95,
            (u64::from(m1.cl[1]) << 32) | (a0.shape & 0xFFFF_FFFF),
        ));
        out.push(f(96, mix(m1.stem, u64::from(a0.cl[0]))));
        out.push(f(97, mix(u64::from(a0.cl[0]), p1.stem)));
        out.push(f(98, mix(m1.pre[1], a0.pre[1])));
    }
    if cfg.gazetteer {
        let g = a0.gaz;
        if g.bits != 0 {
            out.push(f(80, (u64::from(g.bits) << 8) | u64::from(g.pos)));
            for b in 0..N_BITS {
                if g.bits & (1 << b) != 0 {
                    out.push(f(81, (b as u64) << 8 | u64::from(g.pos)));
                }
            }
        }
        out.push(f(82, u64::from(m1.gaz.bits)));
        out.push(f(83, u64::from(p1.gaz.bits)));
        out.push(f(84, (u64::from(m1.gaz.bits) << 16) | u64::from(g.bits)));
    }
    if cfg.mined {
        let g = a0.mgaz;
        if g.bits != 0 {
            out.push(f(85, (u64::from(g.bits) << 8) | u64::from(g.pos)));
            for b in 0..N_MINED_BITS {
                if g.bits & (1 << b) != 0 {
                    out.push(f(86, (b as u64) << 8 | u64::from(g.pos)));
                }
            }
            // With the curated match: a mined name the curated lists miss.
            out.push(f(87, (u64::from(g.bits) << 16) | u64::from(a0.gaz.bits)));
        }
        out.push(f(
            88,
            (u64::from(m1.mgaz.bits) << 8) | u64::from(p1.mgaz.bits),
        ));
    }
    if cfg.names {
        let nb = |a: &Atom| u64::from(a.names);
        out.push(f(200, nb(a0)));
        out.push(f(201, nb(m1)));
        out.push(f(202, nb(p1)));
        out.push(f(206, nb(a0) << 8 | nb(p1)));
        out.push(f(207, nb(m1) << 8 | nb(a0)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_quoted_spans_are_marked_with_their_trigger() {
        let toks = ["برنامج", "«", "حوار", "من", "القلب", "»", "يذاع"];
        let stems: Vec<u64> = (1..=toks.len() as u64).collect();
        let q = quotes(&toks, &stems);
        // Three tokens inside: first / inner / last, introduced by token 0.
        assert_eq!(q[2], (1 + 4 * 3, 1));
        assert_eq!(q[3], (1 + 4 * 3 + 1, 1));
        assert_eq!(q[4], (1 + 4 * 3 + 2, 1));
        assert_eq!((q[0], q[1], q[5], q[6]), ((0, 0), (0, 0), (0, 0), (0, 0)));
        // An unclosed quote marks nothing.
        assert!(quotes(&toks[..4], &stems).iter().all(|&(p, _)| p == 0));
    }

    #[test]
    fn clitics_share_the_stem_feature() {
        let res = Resources::default();
        let a = atoms(&["وبالقاهرة", "القاهرة"], &res);
        assert_eq!(a[0].stem, a[1].stem);
        assert_ne!(a[0].word, a[1].word);
        let mut f0 = Vec::new();
        let mut f1 = Vec::new();
        features(&a, 0, FeatureConfig::default(), &mut f0);
        features(&a, 1, FeatureConfig::default(), &mut f1);
        // The stem feature (index 4) is shared, the word feature (1) is not.
        assert_eq!(f0[4], f1[4]);
        assert_ne!(f0[1], f1[1]);
    }
}
