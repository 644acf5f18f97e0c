//! One Arabic normaliser for the whole pipeline.
//!
//! Built like a tantivy analyzer: a chain of small filters, each doing one
//! fold. The same chain builds NER features, resolution keys, dedup shingles
//! and search terms, so a spelling that matches in one stage matches in all.
//! Display text is never changed: callers keep the original and use the map
//! returned by [`normalize_with_map`] to get back to it.

use unicode_normalization::UnicodeNormalization;

/// Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef,
/// Quranic marks) that carry no identity for matching.
pub fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

pub const TATWEEL: char = '\u{0640}';

/// Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII.
pub fn fold_digit(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => c,
    }
}

/// Letter folds for matching: hamza-carrying alefs and madda to bare alef,
/// alef maqsura to ya, ta marbuta to ha, hamza on waw/ya to waw/ya, Persian
/// and Urdu look-alikes (ی ک) to their Arabic letters.
pub fn fold_letter(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' | 'ې' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ئ' => 'ي',
        'ک' => 'ك',
        _ => c,
    }
}

/// Which folds to apply. The default is the full matching chain.
#[derive(Debug, Clone, Copy)]
pub struct Normalizer {
    pub nfkc: bool,
    pub strip_diacritics: bool,
    pub strip_tatweel: bool,
    pub fold_digits: bool,
    pub fold_letters: bool,
    /// Lower-case Latin letters (names in Latin script inside Arabic text).
    pub lowercase: bool,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer {
            nfkc: true,
            strip_diacritics: true,
            strip_tatweel: true,
            fold_digits: true,
            fold_letters: true,
            lowercase: true,
        }
    }
}

impl Normalizer {
    /// Normalise one char into zero or more chars, calling `emit` for each.
    #[inline]
    fn push_char(&self, c: char, emit: &mut impl FnMut(char)) {
        let mut one = |c: char| {
            if self.strip_diacritics && is_diacritic(c) {
                return;
            }
            if self.strip_tatweel && c == TATWEEL {
                return;
            }
            // Bidi and zero-width controls never carry meaning for matching.
            if matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
            {
                return;
            }
            let mut c = c;
            if self.fold_digits {
                c = fold_digit(c);
            }
            if self.fold_letters {
                c = fold_letter(c);
            }
            if self.lowercase && c.is_ascii_uppercase() {
                c = c.to_ascii_lowercase();
            }
            emit(c);
        };
        // NFKC only changes presentation forms, ligatures and compatibility
        // chars; skip the decomposition machinery for plain Arabic letters.
        if self.nfkc && needs_nfkc(c) {
            for d in std::iter::once(c).nfkc() {
                one(d);
            }
        } else {
            one(c);
        }
    }

    pub fn normalize(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            self.push_char(c, &mut |d| out.push(d));
        }
        out
    }

    /// Normalise and return, for each output char, the index of the input
    /// char it came from.
    pub fn normalize_with_map(&self, s: &str) -> (String, Vec<u32>) {
        let mut out = String::with_capacity(s.len());
        let mut map = Vec::with_capacity(s.len() / 2);
        for (i, c) in s.chars().enumerate() {
            self.push_char(c, &mut |d| {
                out.push(d);
                map.push(i as u32);
            });
        }
        (out, map)
    }
}

fn needs_nfkc(c: char) -> bool {
    let u = c as u32;
    // Arabic presentation forms A/B, fullwidth forms, ligatures, NBSP and
    // other compatibility spaces, superscripts.
    (0xFB50..=0xFDFF).contains(&u)
        || (0xFE70..=0xFEFF).contains(&u)
        || (0xFF00..=0xFFEF).contains(&u)
        || (0xFB00..=0xFB4F).contains(&u)
        || u == 0x00A0
        || (0x2000..=0x200A).contains(&u)
        || (0x00B2..=0x00BE).contains(&u)
}

/// Normalise with the full matching chain.
pub fn normalize(s: &str) -> String {
    Normalizer::default().normalize(s)
}

/// Normalise with the full matching chain, with a map to input char offsets.
pub fn normalize_with_map(s: &str) -> (String, Vec<u32>) {
    Normalizer::default().normalize_with_map(s)
}

/// True for letters of the Arabic block (not digits or punctuation).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// Word tokens of `s` as `(char_start, char_end)` pairs: runs of letters,
/// digits and in-word marks; punctuation is a token of its own.
pub fn word_spans(s: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut n = 0;
    for (i, c) in s.chars().enumerate() {
        n = i + 1;
        let wordy = c.is_alphanumeric() || is_diacritic(c) || c == TATWEEL;
        if wordy {
            if start.is_none() {
                start = Some(i);
            }
        } else {
            if let Some(st) = start.take() {
                spans.push((st, i));
            }
            if !c.is_whitespace() {
                spans.push((i, i + 1));
            }
        }
    }
    if let Some(st) = start {
        spans.push((st, n));
    }
    spans
}

/// Leading clitics that glue onto Arabic words: conjunctions و/ف, prepositions
/// ب/ك/ل, and the article ال (with لل for ل+ال). Used to get a stem for
/// lookups ("وبالقاهرة" → "قاهره"); returns the longest strip that leaves at
/// least `min_stem` letters. Works on normalised text.
pub fn strip_proclitics(word: &str, min_stem: usize) -> &str {
    let mut best = word;
    for prefix in PROCLITICS {
        if let Some(rest) = word.strip_prefix(prefix) {
            if rest.chars().count() >= min_stem && rest.len() < best.len() {
                best = rest;
            }
        }
    }
    best
}

/// Proclitic chains that end in the article: stripping them never eats a
/// letter of the stem ("لبنان" keeps its ل; "للرئيس" → "رييس").
const ARTICLE_PROCLITICS: &[&str] = &[
    "وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال",
];

/// Matching key of a name or phrase: the full normalisation chain, then, per
/// word, a leading article with its conjunction/preposition removed. Single-
/// letter clitics stay (they are often part of the name: بوتين، لبنان، فرنسا).
pub fn match_key(s: &str) -> String {
    let norm = normalize(s);
    let mut out = String::with_capacity(norm.len());
    for w in norm.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut stem = w;
        for p in ARTICLE_PROCLITICS {
            if let Some(rest) = w.strip_prefix(p) {
                if rest.chars().count() >= 2 {
                    stem = rest;
                    break;
                }
            }
        }
        out.push_str(stem);
    }
    out
}

/// Longest first is not needed: `strip_proclitics` keeps the shortest remainder.
const PROCLITICS: &[&str] = &[
    "وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال", "وب",
    "فب", "ول", "فل", "وك", "و", "ف", "ب", "ل", "ك",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_hamza_diacritics_tatweel_digits() {
        assert_eq!(normalize("أَحْمَـــد"), "احمد");
        assert_eq!(normalize("إيران ٢٠٢١ ۱۲"), "ايران 2021 12");
        assert_eq!(normalize("مدرسة مستشفى"), "مدرسه مستشفي");
        assert_eq!(normalize("ﻻ"), "لا");
    }

    #[test]
    fn map_points_back_to_input_chars() {
        let (n, map) = normalize_with_map("بَيت");
        assert_eq!(n, "بيت");
        assert_eq!(map, vec![0, 2, 3]);
    }

    #[test]
    fn clitics_strip_to_stem() {
        assert_eq!(strip_proclitics(&normalize("وبالقاهرة"), 2), "قاهره");
        assert_eq!(strip_proclitics(&normalize("للرئيس"), 2), "رييس");
        assert_eq!(strip_proclitics("والاردن", 2), "اردن");
        // Too short a remainder: keep the word.
        assert_eq!(strip_proclitics("ولد", 3), "ولد");
    }

    #[test]
    fn match_key_strips_the_article_only() {
        assert_eq!(match_key("لبنان"), "لبنان");
        assert_eq!(match_key("للرئيس الفرنسي"), "رييس فرنسي");
        assert_eq!(match_key("وبالقاهرة"), "قاهره");
        assert_eq!(match_key("بوتين"), "بوتين");
        assert_eq!(match_key("الأردن"), "اردن");
    }

    #[test]
    fn word_spans_split_punctuation() {
        let s = "قال، الوزير.";
        let spans = word_spans(s);
        assert_eq!(spans, vec![(0, 3), (3, 4), (5, 11), (11, 12)]);
    }
}
