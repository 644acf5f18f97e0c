//! Variant pairs from ANETAC (English–Arabic named-entity pairs) for fitting
//! and testing [`crate::name_similarity`].
//!
//! ANETAC lists one Arabic spelling per English spelling, so variants are
//! found through English: entries whose English forms agree after a light
//! spelling key (accents dropped, lower case, ph→f, ck→k, y→i, ou→u, doubled
//! letters collapsed: Nazarbayev/Nazarbaiev, Karadžić/Karadzic) but whose
//! Arabic differs are **positives** (the same name transliterated twice).
//! **Negatives** are pairs with different English keys: *random* pairs, and
//! *hard* pairs that share a surname block ([`crate::similarity::block_key`])
//! — the pairs the resolver actually compares. Entries are split into a fit
//! and a test half by a hash of the English key.
//!
//! The file is research-only (see `shared/datasets/gazetteers/SOURCE.md`):
//! it is read at run time from `../shared`, never copied into the project.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::similarity::{block_key, name_similarity_with, SimParams};

/// Which half of the entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    Fit,
    Test,
}

/// Labelled pairs of Arabic spellings.
#[derive(Debug, Clone, Default)]
pub struct PairSet {
    pub positives: Vec<(String, String)>,
    pub random_negatives: Vec<(String, String)>,
    pub hard_negatives: Vec<(String, String)>,
}

/// Precision/recall of "similarity >= threshold" on a pair set.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct SimScore {
    pub positives: usize,
    pub random_negatives: usize,
    pub hard_negatives: usize,
    pub recall: f64,
    /// Precision with as many random negatives as sampled (5 per positive).
    pub precision_random: f64,
    /// Precision against the hard (same-block) negatives.
    pub precision_hard: f64,
    pub f1_hard: f64,
}

fn english_key(en: &str) -> String {
    let folded: String = en
        .nfkd()
        .filter(|c| c.is_ascii_alphabetic() || *c == ' ')
        .collect::<String>()
        .to_ascii_lowercase();
    let mut k = folded
        .replace("ph", "f")
        .replace("ck", "k")
        .replace('y', "i")
        .replace("ou", "u");
    let mut out = String::with_capacity(k.len());
    for c in k.drain(..) {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Read `EN-AR_Named-entities.txt` and build the pairs of one half.
pub fn load_pairs(path: &Path, half: Half) -> io::Result<PairSet> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (no, line) in text.lines().enumerate() {
        let mut parts = line.split(' ');
        if parts.next().is_none_or(str::is_empty) {
            continue;
        }
        let (mut en, mut ar) = (Vec::new(), Vec::new());
        for t in parts {
            if t.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
                ar.push(t);
            } else if !t.is_empty() {
                en.push(t);
            }
        }
        if en.is_empty() || ar.is_empty() {
            if !line.trim().is_empty() && no > 0 {
                // Malformed lines are rare; skip them rather than fail the eval.
                continue;
            }
            continue;
        }
        let k = english_key(&en.join(" "));
        let in_half = (fnv(&k) & 1 == 0) == (half == Half::Fit);
        if in_half && !k.is_empty() {
            groups
                .entry(k)
                .or_default()
                .insert(isnad_arabic::normalize(&ar.join(" ")).replace('\u{0640}', ""));
        }
    }
    let mut set = PairSet::default();
    let mut all: Vec<(String, &str)> = Vec::new();
    for (k, g) in &groups {
        let v: Vec<&String> = g.iter().collect();
        for i in 0..v.len() {
            for j in i + 1..v.len() {
                set.positives.push((v[i].clone(), v[j].clone()));
            }
            all.push((v[i].clone(), k.as_str()));
        }
    }
    // Random negatives: a fixed LCG, five per positive.
    let mut state: u64 = 0x9E3779B97F4A7C15;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n.max(1)
    };
    while set.random_negatives.len() < set.positives.len() * 5 && all.len() > 1 {
        let (a, b) = (next(all.len()), next(all.len()));
        if all[a].1 != all[b].1 && all[a].0 != all[b].0 {
            set.random_negatives
                .push((all[a].0.clone(), all[b].0.clone()));
        }
    }
    // Hard negatives: neighbours inside a surname block.
    let mut blocks: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (ar, _)) in all.iter().enumerate() {
        let last = ar.split(' ').next_back().unwrap_or(ar);
        blocks.entry(block_key(last)).or_default().push(i);
    }
    let blocks: Vec<Vec<usize>> = blocks.into_values().filter(|b| b.len() > 1).collect();
    let mut tries = 0;
    while set.hard_negatives.len() < set.positives.len() * 5
        && !blocks.is_empty()
        && tries < 1_000_000
    {
        tries += 1;
        let b = &blocks[next(blocks.len())];
        let (x, y) = (&all[b[next(b.len())]], &all[b[next(b.len())]]);
        if x.1 != y.1 && x.0 != y.0 {
            set.hard_negatives.push((x.0.clone(), y.0.clone()));
        }
    }
    Ok(set)
}

/// Score a pair set at `p.threshold`.
pub fn score(set: &PairSet, p: &SimParams) -> SimScore {
    let hit = |v: &[(String, String)]| {
        v.iter()
            .filter(|(a, b)| name_similarity_with(a, b, p) >= p.threshold)
            .count()
    };
    let tp = hit(&set.positives) as f64;
    let fp_r = hit(&set.random_negatives) as f64;
    let fp_h = hit(&set.hard_negatives) as f64;
    let n = set.positives.len() as f64;
    let div = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let recall = div(tp, n);
    let precision_hard = div(tp, tp + fp_h);
    SimScore {
        positives: set.positives.len(),
        random_negatives: set.random_negatives.len(),
        hard_negatives: set.hard_negatives.len(),
        recall,
        precision_random: div(tp, tp + fp_r),
        precision_hard,
        f1_hard: div(2.0 * precision_hard * recall, precision_hard + recall),
    }
}

/// Grid search of the costs and threshold on a (fit) pair set: the best F1
/// against hard negatives among settings with hard precision >= `min_precision`.
pub fn fit(set: &PairSet, min_precision: f64) -> (SimParams, SimScore) {
    let mut best: Option<(SimParams, SimScore)> = None;
    for vowel in [0.2f32, 0.3, 0.4, 0.5] {
        for class in [0.2f32, 0.3, 0.4, 0.5] {
            for t in 0..=10 {
                let p = SimParams {
                    vowel,
                    class,
                    threshold: 0.65 + 0.03 * t as f32,
                };
                let s = score(set, &p);
                if s.precision_hard >= min_precision
                    && best.as_ref().is_none_or(|(_, b)| s.f1_hard > b.f1_hard)
                {
                    best = Some((p, s));
                }
            }
        }
    }
    best.unwrap_or((crate::DEFAULT_PARAMS, score(set, &crate::DEFAULT_PARAMS)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_key_folds_spelling() {
        assert_eq!(english_key("Karadžić"), english_key("Karadzic"));
        assert_eq!(english_key("Phillip"), english_key("Filip"));
        assert_ne!(english_key("Dago"), english_key("Dagu"));
    }

    #[test]
    fn pairs_from_shared_when_present() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/datasets/gazetteers/anetac/EN-AR_Named-entities.txt");
        if !p.exists() {
            eprintln!("note: {} absent, skipping", p.display());
            return;
        }
        let set = load_pairs(&p, Half::Test).unwrap();
        assert!(set.positives.len() > 300, "{}", set.positives.len());
        let s = score(&set, &crate::DEFAULT_PARAMS);
        assert!(s.recall > 0.5 && s.precision_random > 0.9, "{s:?}");
    }
}
