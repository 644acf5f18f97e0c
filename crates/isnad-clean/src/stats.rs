//! Per-outlet line frequencies: the corpus-level evidence for boilerplate.
//!
//! A line that recurs across many documents of one outlet (a footer, a
//! newsletter prompt, a section label) is page chrome whatever its words.
//! Pass 1 hashes each short line on the normalised layer (digits folded, so
//! "3 تعليقات" and "12 تعليقات" count as one line) and counts, per outlet,
//! how many documents hold it.

use std::collections::HashMap;

use isnad_core::RawDoc;
use serde::{Deserialize, Serialize};

/// Lines longer than this (in key chars) are not counted: long lines are
/// running text far more often than chrome, and skipping them keeps the
/// stats small.
pub(crate) const MAX_KEY_CHARS: usize = 320;

/// Line-fingerprint counts per outlet: lines that recur across many docs of
/// one outlet are boilerplate.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
pub struct OutletLineStats {
    outlets: HashMap<String, OutletCounts>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct OutletCounts {
    /// Documents observed for the outlet.
    pub docs: u64,
    /// Line fingerprint → number of documents holding the line.
    pub lines: crate::chars::FxMap<u64, u32>,
}

/// The outlet key of a document (`""` when the outlet is unknown).
pub(crate) fn outlet_of(doc: &RawDoc) -> &str {
    doc.meta.outlet.as_deref().unwrap_or("")
}

impl OutletLineStats {
    /// Pass 1 over the corpus: count each distinct short line of `doc` once.
    /// Call once per document (the store knows which documents are new).
    pub fn observe(&mut self, doc: &RawDoc) {
        let mut hashes: Vec<u64> = doc
            .blocks
            .iter()
            .filter_map(|b| freq_key(&b.text))
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        let outlet = outlet_of(doc);
        let counts = match self.outlets.get_mut(outlet) {
            Some(c) => c,
            None => self.outlets.entry(outlet.to_string()).or_default(),
        };
        counts.docs += 1;
        for h in hashes {
            *counts.lines.entry(h).or_insert(0) += 1;
        }
    }

    /// Add counts from another pass (a parallel shard, an earlier run).
    pub fn merge(&mut self, other: OutletLineStats) {
        for (outlet, oc) in other.outlets {
            match self.outlets.get_mut(&outlet) {
                None => {
                    self.outlets.insert(outlet, oc);
                }
                Some(c) => {
                    c.docs += oc.docs;
                    for (h, n) in oc.lines {
                        let e = c.lines.entry(h).or_insert(0);
                        *e = e.saturating_add(n);
                    }
                }
            }
        }
    }

    /// Documents observed for `outlet` (`""` for documents without one).
    pub fn docs_of(&self, outlet: &str) -> u64 {
        self.outlets.get(outlet).map_or(0, |c| c.docs)
    }

    /// Documents of `outlet` that hold `line` (compared on the normalised
    /// layer with digits folded); 0 for lines too long to be counted.
    pub fn docs_with_line(&self, outlet: &str, line: &str) -> u64 {
        match (self.outlets.get(outlet), freq_key(line)) {
            (Some(c), Some(h)) => c.lines.get(&h).copied().unwrap_or(0) as u64,
            _ => 0,
        }
    }

    /// Outlets seen, with their document counts.
    pub fn outlets(&self) -> impl Iterator<Item = (&str, u64)> {
        self.outlets.iter().map(|(k, v)| (k.as_str(), v.docs))
    }

    pub(crate) fn counts(&self, outlet: &str) -> Option<&OutletCounts> {
        self.outlets.get(outlet)
    }
}

/// Chars with a presentation or compatibility form: those lines go through
/// the full normaliser (NFKC) before folding.
fn needs_full_normalizer(c: char) -> bool {
    let u = c as u32;
    (0xFB00..=0xFDFF).contains(&u)
        || (0xFE70..=0xFEFF).contains(&u)
        || (0xFF00..=0xFFEF).contains(&u)
        || u == 0x00A0
        || (0x2000..=0x200A).contains(&u)
        || (0x00B2..=0x00BE).contains(&u)
}

/// Feed the matching key of `text` to `emit`: normalised chars (the
/// isnad-arabic folds), runs of letters and digits separated by one space,
/// punctuation dropped. With `fold_numbers`, each digit run becomes `0`.
pub(crate) fn for_each_key_char(text: &str, fold_numbers: bool, mut emit: impl FnMut(char)) {
    let owned;
    // Presentation forms and compatibility spaces all start with one of these bytes.
    let maybe = text.bytes().any(|b| matches!(b, 0xC2 | 0xE2 | 0xEF));
    let s = if maybe && text.chars().any(needs_full_normalizer) {
        owned = isnad_arabic::normalize(text);
        owned.as_str()
    } else {
        text
    };
    let mut in_word = false;
    let mut any = false;
    let mut in_number = false;
    for c in s.chars() {
        if isnad_arabic::is_diacritic(c)
            || c == isnad_arabic::TATWEEL
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
        {
            continue;
        }
        let c = isnad_arabic::fold_letter(isnad_arabic::fold_digit(c));
        if crate::chars::is_alnum(c) {
            if !in_word && any {
                emit(' ');
            }
            in_word = true;
            any = true;
            if fold_numbers && crate::chars::is_number(c) {
                if !in_number {
                    emit('0');
                }
                in_number = true;
                continue;
            }
            in_number = false;
            emit(c.to_ascii_lowercase());
        } else {
            in_word = false;
            in_number = false;
        }
    }
}

/// FNV-1a over key chars, with the length and letter checks of a fingerprint.
struct KeyHasher {
    h: u64,
    len: usize,
    letters: bool,
}

impl KeyHasher {
    fn new() -> Self {
        KeyHasher {
            h: 0xcbf2_9ce4_8422_2325,
            len: 0,
            letters: false,
        }
    }
    #[inline]
    fn push(&mut self, c: char) {
        self.len += 1;
        self.letters |= crate::chars::is_letter(c);
        for b in (c as u32).to_le_bytes() {
            self.h ^= b as u64;
            self.h = self.h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn finish(&self) -> Option<u64> {
        (self.letters && self.len <= MAX_KEY_CHARS).then_some(self.h)
    }
}

/// Texts longer than this in bytes cannot give a key short enough to count.
const MAX_TEXT_BYTES: usize = MAX_KEY_CHARS * 4;

/// The frequency fingerprint of a line: its matching key with each digit run
/// folded to `0`, hashed; `None` for lines without a letter or too long to count.
pub(crate) fn freq_key(text: &str) -> Option<u64> {
    if text.len() > MAX_TEXT_BYTES {
        return None;
    }
    let mut h = KeyHasher::new();
    for_each_key_char(text, true, |c| h.push(c));
    h.finish()
}

/// The same fingerprint from a block's matching key (see `rep_key`: words
/// separated by `' '`, sentences by `'|'`), without walking the text again.
pub(crate) fn freq_key_of_key(key: &str, text_bytes: usize) -> Option<u64> {
    if text_bytes > MAX_TEXT_BYTES || key.len() > MAX_TEXT_BYTES {
        return None;
    }
    let mut h = KeyHasher::new();
    let mut in_number = false;
    for c in key.chars() {
        if crate::chars::is_number(c) {
            if !in_number {
                h.push('0');
            }
            in_number = true;
            continue;
        }
        in_number = false;
        h.push(if c == '|' { ' ' } else { c });
        if h.len > MAX_KEY_CHARS {
            return None;
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use isnad_core::{Block, BlockKind, ByteSpan, DocMeta, Format, SourceRef};

    fn doc(outlet: &str, lines: &[&str]) -> RawDoc {
        RawDoc {
            source: SourceRef::file("x.txt"),
            format: Format::Text,
            original: lines.join("\n").into_bytes(),
            encoding: "UTF-8".into(),
            meta: DocMeta {
                outlet: Some(outlet.into()),
                ..Default::default()
            },
            blocks: lines
                .iter()
                .map(|l| Block {
                    kind: BlockKind::Line,
                    text: l.to_string(),
                    span: ByteSpan::new(0, 0),
                    exact: false,
                    link_density: 0.0,
                    hint: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn keys_fold_digits_spelling_and_punctuation() {
        assert_eq!(freq_key("3 تعليقات"), freq_key("١٢ تعليقات"));
        assert_eq!(freq_key("اقرأ أيضاً: خبر"), freq_key("اقرا ايضا خبر"));
        assert_ne!(freq_key("اقرأ أيضا"), freq_key("اقرأ المزيد"));
        assert_eq!(freq_key("2024 / 12"), None);
        assert_eq!(freq_key(&"كلمة ".repeat(100)), None);
    }

    #[test]
    fn key_and_text_fingerprints_agree() {
        for text in [
            "3 تعليقات",
            "اقرأ أيضاً: خبر. وآخر؟ نعم",
            "نشر في ٢٠٢٤/٥/١٢",
            "Share | Tweet 12م",
        ] {
            let sents = crate::split_sentences(text);
            let key = crate::rep_key(text, &sents);
            assert_eq!(freq_key_of_key(&key, text.len()), freq_key(text), "{text}");
        }
    }

    #[test]
    fn observe_counts_docs_not_occurrences_and_merges() {
        let mut a = OutletLineStats::default();
        a.observe(&doc("x", &["سطر ثابت", "سطر ثابت", "نص"]));
        a.observe(&doc("x", &["سطر ثابت", "آخر"]));
        let mut b = OutletLineStats::default();
        b.observe(&doc("x", &["سطر ثابت"]));
        b.observe(&doc("y", &["سطر ثابت"]));
        a.merge(b);
        assert_eq!(a.docs_of("x"), 3);
        assert_eq!(a.docs_of("y"), 1);
        assert_eq!(a.docs_of("z"), 0);
        assert_eq!(a.docs_with_line("x", "سطر ثابت"), 3);
        assert_eq!(a.docs_with_line("y", "سطر ثابت"), 1);
        let json = serde_json::to_string(&a).unwrap();
        let back: OutletLineStats = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);
    }
}
