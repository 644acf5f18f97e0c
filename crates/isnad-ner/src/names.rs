//! Personal-name structure features (issue #5, `--names`): whether a token
//! is a known first name or last name, and whether it is a name connector
//! (بن، أبو، عبد، آل… from `data/name_connectors.txt`).
//!
//! First/last-name lists come from the training data's own PER spans (first
//! and last token of multi-token spans, by clitic-stripped stem). Because a
//! list built from the very sentences a model trains on is more reliable
//! there than on new text, training sentences see a jackknifed list: the
//! counts of the other folds only ([`NameLists::bits_for`]). The lists a
//! model keeps for tagging are gazetteer bits ([`G_FIRST`], [`G_LAST`]), so
//! the model file carries only hashes, as for the other gazetteers.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::gazetteer::{stem_of, Gazetteer, IdBuild, G_FIRST, G_LAST};
use crate::hash::hash_str;
use crate::train::Gold;
use crate::EntityType;

/// Hand-written name connectors.
pub const CONNECTORS: &str = include_str!("../data/name_connectors.txt");

/// Name bits of a token (see [`crate::features::Atom::names`]).
pub const N_FIRST: u8 = 1;
pub const N_LAST: u8 = 2;
/// Connector id `k` (1-based line order) is stored as `k << 2`.
pub const N_CONN_SHIFT: u8 = 2;

/// Connector id (1-based) of a normalised word or its stem, 0 when none.
pub fn connector(word: u64, stem: u64) -> u8 {
    static TABLE: OnceLock<HashMap<u64, u8, IdBuild>> = OnceLock::new();
    let t = TABLE.get_or_init(|| {
        let mut t = HashMap::default();
        let mut k = 0u8;
        for line in CONNECTORS.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            k += 1;
            t.insert(hash_str(&isnad_arabic::normalize(line)), k);
        }
        t
    });
    t.get(&word).or_else(|| t.get(&stem)).copied().unwrap_or(0)
}

/// First/last-name bits of a token from the gazetteer's [`G_FIRST`] /
/// [`G_LAST`] entries (single tokens keyed by stem).
pub fn gaz_bits(gaz: &Gazetteer, stem: u64) -> u8 {
    let b = gaz.lookup(&[stem], stem);
    (u8::from(b & G_FIRST != 0) * N_FIRST) | (u8::from(b & G_LAST != 0) * N_LAST)
}

/// Counts of stems as first / last token of multi-token PER spans, overall
/// and per contiguous fold of the sentences they were built from.
#[derive(Debug, Clone, Default)]
pub struct NameLists {
    total: HashMap<u64, [u32; 2], IdBuild>,
    folds: Vec<HashMap<u64, [u32; 2], IdBuild>>,
    sentences: usize,
    /// A stem joins a list when counted at least this many times.
    pub min_count: u32,
}

/// Normalised, clitic-stripped stem of a raw token, as [`crate::features`]
/// computes it.
fn stem_hash(tok: &str) -> (u64, String) {
    let norm = isnad_arabic::normalize(tok);
    let s = stem_of(&norm).to_string();
    (hash_str(&s), s)
}

impl NameLists {
    /// Build from gold sentences in `folds` contiguous folds.
    pub fn build(data: &[Gold], folds: usize, min_count: u32) -> (NameLists, Vec<String>) {
        let folds = folds.max(1);
        let mut l = NameLists {
            total: HashMap::default(),
            folds: vec![HashMap::default(); folds],
            sentences: data.len(),
            min_count,
        };
        let mut names: HashMap<u64, String> = HashMap::new();
        for (i, g) in data.iter().enumerate() {
            let f = l.fold_of(i);
            for sp in g.spans.iter().filter(|s| s.label == EntityType::Per) {
                if sp.end - sp.start < 2 {
                    continue;
                }
                for (slot, t) in [(0, sp.start), (1, sp.end - 1)] {
                    let (h, s) = stem_hash(&g.tokens[t]);
                    if connector(hash_str(&s), h) != 0 || s.chars().count() < 2 {
                        continue;
                    }
                    l.total.entry(h).or_default()[slot] += 1;
                    l.folds[f].entry(h).or_default()[slot] += 1;
                    names.entry(h).or_insert(s);
                }
            }
        }
        // The stems kept for tagging (sorted for a reproducible gazetteer).
        let mut kept: Vec<String> = names
            .into_iter()
            .filter(|(h, _)| l.total[h].iter().any(|&c| c >= min_count))
            .map(|(_, s)| s)
            .collect();
        kept.sort();
        (l, kept)
    }

    fn fold_of(&self, sentence: usize) -> usize {
        (sentence * self.folds.len() / self.sentences.max(1)).min(self.folds.len() - 1)
    }

    /// Bits of `stem` as seen by training sentence `sentence`: counts of the
    /// other folds only.
    pub fn bits_for(&self, sentence: usize, stem: u64) -> u8 {
        let Some(t) = self.total.get(&stem) else {
            return 0;
        };
        let own = self.folds[self.fold_of(sentence)]
            .get(&stem)
            .copied()
            .unwrap_or_default();
        (u8::from(t[0] - own[0] >= self.min_count) * N_FIRST)
            | (u8::from(t[1] - own[1] >= self.min_count) * N_LAST)
    }

    /// Add the kept first/last names to `gaz` as [`G_FIRST`] / [`G_LAST`].
    pub fn add_to(&self, kept: &[String], gaz: &mut Gazetteer) {
        for s in kept {
            let h = hash_str(s);
            let t = self.total[&h];
            let bits = if t[0] >= self.min_count { G_FIRST } else { 0 }
                | if t[1] >= self.min_count { G_LAST } else { 0 };
            gaz.add_key(h, bits);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::Span;

    fn gold(toks: &[&str], spans: &[(usize, usize)]) -> Gold {
        Gold {
            tokens: toks.iter().map(|t| t.to_string()).collect(),
            spans: spans
                .iter()
                .map(|&(start, end)| Span {
                    start,
                    end,
                    label: EntityType::Per,
                })
                .collect(),
        }
    }

    #[test]
    fn lists_are_jackknifed_by_fold() {
        let data = vec![
            gold(&["قال", "أشرف", "عبد", "الباقي"], &[(1, 4)]),
            gold(&["وأشرف", "زكي", "هنا"], &[(0, 2)]),
            gold(&["التقى", "أشرف", "زكي"], &[(1, 3)]),
            gold(&["محمد", "بن", "راشد"], &[(0, 3)]),
        ];
        let (l, kept) = NameLists::build(&data, 2, 2);
        let ashraf = hash_str(&isnad_arabic::normalize("أشرف"));
        let zaki = hash_str("زكي");
        // Three times first overall; the fold of sentence 0 holds two of them.
        assert_eq!(l.bits_for(0, ashraf), 0);
        assert_eq!(l.bits_for(3, ashraf), N_FIRST);
        // Last twice, once per fold: in the list, but never for training.
        assert_eq!(l.bits_for(0, zaki), 0);
        assert_eq!(l.bits_for(3, zaki), 0);
        assert!(kept.contains(&isnad_arabic::normalize("أشرف")));
        let mut g = Gazetteer::default();
        l.add_to(&kept, &mut g);
        assert_eq!(gaz_bits(&g, ashraf), N_FIRST);
        assert_eq!(gaz_bits(&g, zaki), N_LAST);
        assert_eq!(gaz_bits(&g, hash_str("راشد")), 0);
    }

    #[test]
    fn connectors_from_the_data_file() {
        let h = |s: &str| hash_str(&isnad_arabic::normalize(s));
        assert_ne!(connector(h("بن"), h("بن")), 0);
        assert_ne!(connector(h("أبو"), h("أبو")), connector(h("بن"), h("بن")));
        assert_eq!(connector(h("ابو"), h("ابو")), connector(h("أبو"), h("أبو")));
        assert_eq!(connector(h("قال"), h("قال")), 0);
    }
}
