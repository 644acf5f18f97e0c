//! The Arabic analyzer: words → normalised forms → light stems.
//!
//! Normalisation is `isnad_arabic::normalize` (NFKC, diacritics, tatweel,
//! digits, alef/hamza/ya/ta-marbuta folds, Latin lower-casing), so search
//! folds spellings exactly as every other stage does.
//!
//! Stemming is light and *asymmetric* on purpose. Proclitic chains that
//! contain the article (ال، وال، بال، لل...) are stripped on both sides. The
//! single letters و ف ب ك ل also begin many words (وزير، فلسطين، لبنان), so a
//! query word is never stripped of them; instead a document word is indexed
//! both as written and with such a prefix removed, at the same position.
//! "بلبنان" is then found by "لبنان", while "لبنان" itself stays "لبنان".
//! (`isnad_arabic::strip_proclitics` keeps the shortest strip, which suits
//! gazetteer lookups that also try the whole word, but would turn a query for
//! "فلسطين" into "سطين".) Suffixes (light10's list plus هم/هما) are stripped
//! the same way on both sides.

use std::sync::OnceLock;

use isnad_arabic::{is_arabic_letter, normalize, word_spans};

/// Fewest letters a stem may keep after a prefix or suffix is removed.
const MIN_STEM: usize = 3;
/// Longer "words" (base64 blobs, URLs glued together) are not indexed.
const MAX_WORD_CHARS: usize = 64;

struct Affixes {
    safe_prefixes: Vec<String>,
    ambiguous_prefixes: Vec<String>,
    suffixes: Vec<String>,
}

fn load_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(normalize)
        .collect()
}

fn affixes() -> &'static Affixes {
    static A: OnceLock<Affixes> = OnceLock::new();
    A.get_or_init(|| {
        let mut safe_prefixes = load_list(include_str!("../data/prefixes_safe.txt"));
        let mut ambiguous_prefixes = load_list(include_str!("../data/prefixes_ambiguous.txt"));
        // Longest first, so one strip removes the whole chain.
        safe_prefixes.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        ambiguous_prefixes.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        Affixes {
            safe_prefixes,
            ambiguous_prefixes,
            suffixes: load_list(include_str!("../data/suffixes.txt")),
        }
    })
}

/// One word of the input with its forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range of the word in the analysed text.
    pub start: usize,
    pub end: usize,
    /// The normalised surface form.
    pub norm: String,
    /// `stems[0]` is the query stem; further entries are the alternative
    /// stems a document also indexes (ambiguous proclitics removed).
    pub stems: Vec<String>,
}

fn is_arabic_word(w: &str) -> bool {
    !w.is_empty() && w.chars().all(is_arabic_letter)
}

fn strip_prefix_min<'a>(w: &'a str, prefixes: &[String]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| {
        w.strip_prefix(p.as_str())
            .filter(|rest| rest.chars().count() >= MIN_STEM)
    })
}

/// Suffix passes until nothing changes (at most three), so stacked suffixes
/// fold: "فلسطينيه" → "فلسطين" → "فلسط", the stem of "فلسطين" too.
fn strip_suffixes(mut w: &str) -> &str {
    for _ in 0..3 {
        let before = w.len();
        for s in &affixes().suffixes {
            if let Some(rest) = w.strip_suffix(s.as_str()) {
                if rest.chars().count() >= MIN_STEM {
                    w = rest;
                }
            }
        }
        if w.len() == before {
            break;
        }
    }
    w
}

/// The stem a query word is looked up by (input already normalised).
pub fn query_stem(norm: &str) -> String {
    if !is_arabic_word(norm) {
        return norm.to_string();
    }
    let a = affixes();
    let base = strip_prefix_min(norm, &a.safe_prefixes).unwrap_or(norm);
    strip_suffixes(base).to_string()
}

/// Every stem a document word is indexed under: the query stem first, then
/// the stems with an ambiguous proclitic removed.
pub fn index_stems(norm: &str) -> Vec<String> {
    let mut out = vec![query_stem(norm)];
    if is_arabic_word(norm) {
        let a = affixes();
        for p in &a.ambiguous_prefixes {
            if let Some(rest) = norm.strip_prefix(p.as_str()) {
                if rest.chars().count() >= MIN_STEM {
                    let s = query_stem(rest);
                    if !out.contains(&s) {
                        out.push(s);
                    }
                }
            }
        }
    }
    out
}

/// Split `text` into words with byte offsets, normalised forms and stems.
/// Punctuation is dropped; a word that normalises to nothing is skipped.
pub fn analyze(text: &str) -> Vec<Word> {
    // Char offset → byte offset, with one extra entry for the end.
    let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_at.push(text.len());
    let mut out = Vec::new();
    for (cs, ce) in word_spans(text) {
        if ce - cs > MAX_WORD_CHARS {
            continue;
        }
        let (start, end) = (byte_at[cs], byte_at[ce]);
        let surface = &text[start..end];
        if !surface.chars().any(char::is_alphanumeric) {
            continue;
        }
        // NFKC can expand one ligature into several words (ﷺ); index each.
        for norm in normalize(surface).split_whitespace() {
            let norm: String = norm.chars().filter(|c| c.is_alphanumeric()).collect();
            if norm.is_empty() {
                continue;
            }
            out.push(Word {
                start,
                end,
                stems: index_stems(&norm),
                norm,
            });
        }
    }
    out
}

/// The query stems of a piece of query text, in order.
pub fn query_terms(text: &str) -> Vec<String> {
    analyze(text)
        .into_iter()
        .map(|w| query_stem(&w.norm))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(s: &str) -> String {
        query_stem(&normalize(s))
    }

    #[test]
    fn article_chains_and_suffixes_fold_together() {
        assert_eq!(stem("الحكومة"), stem("حكومات"));
        assert_eq!(stem("وبالحكومة"), stem("حكومة"));
        assert_eq!(stem("للسياسيين"), stem("سياسية"));
        assert_eq!(stem("الأمم"), stem("امم"));
        assert_eq!(stem("السياسات"), "سياس");
    }

    #[test]
    fn ambiguous_letters_are_not_stripped_from_queries() {
        // Suffixes go (symmetrically), the leading letter stays.
        assert_eq!(stem("فلسطين"), "فلسط");
        assert_eq!(stem("وزير"), "وزير");
        assert!(stem("لبنان").starts_with('ل'));
        assert_eq!(stem("الفلسطينية"), stem("فلسطين"));
    }

    #[test]
    fn documents_index_the_stripped_alternatives() {
        let st = index_stems(&normalize("بلبنان"));
        assert!(st.contains(&stem("لبنان")), "{st:?}");
        let st = index_stems(&normalize("وقال"));
        assert_eq!(st[0], "وقال");
        assert!(st.contains(&"قال".to_string()));
        // Too short a remainder: nothing stripped.
        assert_eq!(index_stems("ولد"), vec!["ولد".to_string()]);
    }

    #[test]
    fn normalisation_folds_spelling_variants() {
        let a = query_terms("أعلنَ وزيرُ الخارجيّـة");
        let b = query_terms("اعلن وزير الخارجيه");
        assert_eq!(a, b);
        assert_eq!(query_terms("٢٠٢٦ Reuters"), vec!["2026", "reuters"]);
    }

    #[test]
    fn byte_offsets_point_into_the_input() {
        let text = "قالت «رويترز»، الخميس: 3 قتلى.";
        let words = analyze(text);
        let surfaces: Vec<&str> = words.iter().map(|w| &text[w.start..w.end]).collect();
        assert_eq!(surfaces, vec!["قالت", "رويترز", "الخميس", "3", "قتلى"]);
    }

    #[test]
    fn lone_punctuation_and_tatweel_are_skipped() {
        assert!(analyze("ـــ ، . !").is_empty());
    }
}
