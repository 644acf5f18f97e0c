//! Document-level features for a second tagging pass.
//!
//! News articles name the same people and places again and again, often
//! shortened (`جورج بوش` … `بوش` … `وبوش`). The first pass tags every
//! sentence alone; the second pass sees, for each token, how the first pass
//! labelled the other occurrences of the same stem nearby (within
//! [`WINDOW`] sentences), plus the first-pass labels around the token
//! (stacking). Training uses first-pass labels from models that did not see
//! the sentence (jackknife), so the second pass learns how far to trust them.

use std::collections::HashMap;

use crate::gazetteer::IdBuild;
use crate::hash::mix;

/// Sentences on each side that form a token's "document".
pub const WINDOW: usize = 10;

/// Classes counted per stem: 0 = O, then one per entity type of the scheme
/// (up to 7).
pub type ClassCounts = [u16; 8];

/// Stem hash → how often the first pass gave it each class.
pub type Counts = HashMap<u64, ClassCounts, IdBuild>;

/// Class of a label with `width` labels per type: 0 for O, `1 + type index` otherwise.
#[inline]
pub fn class_of(label: u8, width: usize) -> usize {
    if label == 0 {
        0
    } else {
        1 + (label as usize - 1) / width
    }
}

/// Add (`sign = 1`) or remove (`-1`) one sentence's stems and labels.
pub fn count_sentence(counts: &mut Counts, stems: &[u64], labels: &[u8], width: usize, add: bool) {
    for (&s, &l) in stems.iter().zip(labels) {
        let c = counts.entry(s).or_insert([0; 8]);
        let k = class_of(l, width).min(7);
        if add {
            c[k] = c[k].saturating_add(1);
        } else {
            c[k] = c[k].saturating_sub(1);
        }
    }
}

#[inline]
fn f(template: u64, v: u64) -> u64 {
    mix(0xD0C0_0000 + template, v)
}

/// Push the document features of token `i` of a sentence (its `stems` and
/// first-pass `labels`) given the window's `counts` (which include the
/// sentence itself; the token's own occurrence is subtracted here).
pub fn push_features(
    out: &mut Vec<u64>,
    i: usize,
    stems: &[u64],
    labels: &[u8],
    width: usize,
    counts: &Counts,
) {
    let own = class_of(labels[i], width).min(7);
    let mut c = counts.get(&stems[i]).copied().unwrap_or([0; 8]);
    c[own] = c[own].saturating_sub(1);
    let total: u32 = c.iter().map(|&x| u32::from(x)).sum();
    if total == 0 {
        out.push(f(1, 0));
    } else {
        let (major, _) = c
            .iter()
            .enumerate()
            .max_by_key(|&(k, &v)| (v, std::cmp::Reverse(k)))
            .unwrap_or((0, &0));
        out.push(f(2, major as u64));
        out.push(f(3, (major as u64) << 8 | own as u64));
        for (k, &v) in c.iter().enumerate().skip(1) {
            if v > 0 {
                out.push(f(4, k as u64));
            }
        }
        let ent = total - u32::from(c[0]);
        let bucket = if ent == 0 {
            0
        } else if ent * 2 < total {
            1
        } else if ent < total {
            2
        } else {
            3
        };
        out.push(f(5, bucket));
    }
    let at = |k: isize| -> u64 {
        let j = i as isize + k;
        if j < 0 || j as usize >= labels.len() {
            0xFF
        } else {
            u64::from(labels[j as usize])
        }
    };
    out.push(f(6, at(0)));
    out.push(f(7, at(-1) << 8 | at(0)));
    out.push(f(8, at(0) << 8 | at(1)));
}

/// Document feature hashes of each token of consecutive sentences, counting
/// over a window of [`WINDOW`] sentences on each side. `stems[s]` and
/// `first[s]` (first-pass labels, `width` labels per type) describe sentence `s`.
pub fn doc_features<A: AsRef<[u64]>, B: AsRef<[u8]>>(
    stems: &[A],
    first: &[B],
    width: usize,
) -> Vec<Vec<Vec<u64>>> {
    let n = stems.len();
    let mut counts = Counts::default();
    for s in 0..n.min(WINDOW + 1) {
        count_sentence(
            &mut counts,
            stems[s].as_ref(),
            first[s].as_ref(),
            width,
            true,
        );
    }
    let mut out = Vec::with_capacity(n);
    for si in 0..n {
        if si > 0 {
            let add = si + WINDOW;
            if add < n {
                count_sentence(
                    &mut counts,
                    stems[add].as_ref(),
                    first[add].as_ref(),
                    width,
                    true,
                );
            }
            if si > WINDOW {
                let rm = si - WINDOW - 1;
                count_sentence(
                    &mut counts,
                    stems[rm].as_ref(),
                    first[rm].as_ref(),
                    width,
                    false,
                );
            }
        }
        let (st, fl) = (stems[si].as_ref(), first[si].as_ref());
        let sent = (0..st.len())
            .map(|i| {
                let mut h = Vec::with_capacity(10);
                push_features(&mut h, i, st, fl, width, &counts);
                h
            })
            .collect();
        out.push(sent);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_occurrences_drive_the_features() {
        let mut counts = Counts::default();
        // Stem 7 tagged B-PER (label 1 → class 1) once elsewhere.
        count_sentence(&mut counts, &[7, 8], &[1, 0], 2, true);
        count_sentence(&mut counts, &[7], &[0], 2, true);
        let mut out = Vec::new();
        push_features(&mut out, 0, &[7], &[0], 2, &counts);
        assert!(
            out.contains(&f(2, 1)),
            "majority of the other occurrences is PER"
        );
        let mut alone = Vec::new();
        push_features(&mut alone, 0, &[9], &[0], 2, &counts);
        assert!(alone.contains(&f(1, 0)));
        count_sentence(&mut counts, &[7], &[0], 2, false);
        assert_eq!(counts[&7][0], 0);
    }
}
