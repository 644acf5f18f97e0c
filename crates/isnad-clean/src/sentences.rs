//! Arabic sentence splitting.
//!
//! `؟ ! . ?` and `…` end sentences, `،` and `؛` do not. A full stop does not
//! end a sentence inside a number or date (2.5, 3.7.2021), after a single
//! letter (د. م. ق.م U.S. أ.ف.ب) or a listed abbreviation, inside a URL or an
//! e-mail address, or after a bare list number ("1."). Quotes («» “” "")
//! are not broken unless they hold several full sentences, and a quote that
//! ends with a full stop stays with a speaker that follows it («...» قال).
//! Newlines always end sentences.

use crate::chars::FxSet as HashSet;
use std::sync::OnceLock;

use crate::lexicon::{load_word_set, norm_word};

struct SplitLex {
    abbreviations: HashSet<String>,
    speech_verbs: HashSet<String>,
}

fn lex() -> &'static SplitLex {
    static LEX: OnceLock<SplitLex> = OnceLock::new();
    LEX.get_or_init(|| SplitLex {
        abbreviations: load_word_set(include_str!("../data/abbreviations.txt"), false),
        speech_verbs: load_word_set(include_str!("../data/speech_verbs.txt"), true),
    })
}

/// Sentences of `text` as `(start, end)` char offsets, trimmed of
/// surrounding whitespace, in order. Empty input gives no sentences.
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line_start = 0;
    for i in 0..=chars.len() {
        if i == chars.len() || chars[i] == '\n' {
            split_line(&chars[line_start..i], line_start, &mut out);
            line_start = i + 1;
        }
    }
    out
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '۔')
}

fn is_closer(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '»' | '”' | '"' | '’' | '›')
}

fn is_arabic_letter(c: char) -> bool {
    isnad_arabic::is_arabic_letter(c)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
        || ('\u{0660}'..='\u{0669}').contains(&c)
        || ('\u{06F0}'..='\u{06F9}').contains(&c)
}

struct Open {
    close: char,
    /// Candidate sentence ends found inside the quote, not yet accepted.
    pending: Vec<usize>,
}

/// Split one line (no `\n`) and push trimmed sentences, offset by `base`.
fn split_line(chars: &[char], base: usize, out: &mut Vec<(usize, usize)>) {
    let n = chars.len();
    if n == 0 {
        return;
    }
    // ASCII double quotes only count as quotes when they pair up on the line.
    let ascii_pairs = chars.iter().filter(|&&c| c == '"').count() % 2 == 0;
    let mut cuts: Vec<usize> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut last_cut = 0usize;
    let mut i = 0;
    while i < n {
        let c = chars[i];
        // Closing the innermost open quote.
        if let Some(top) = stack.last() {
            if c == top.close {
                let open = stack.pop().expect("checked non-empty");
                let ends_with_stop = open.pending.last() == Some(&i);
                let several = open.pending.len() >= 2;
                let inner: Vec<usize> = if several {
                    open.pending.iter().copied().filter(|&p| p != i).collect()
                } else {
                    Vec::new()
                };
                for p in inner {
                    add_cut(&mut stack, &mut cuts, &mut last_cut, p);
                }
                if ends_with_stop {
                    // Absorb further closers, then decide whether a speaker follows.
                    let mut j = i + 1;
                    while j < n
                        && is_closer(chars[j])
                        && !opens_quote(chars[j], &stack, ascii_pairs)
                    {
                        j += 1;
                    }
                    let next_is_stop = j < n && is_terminator(chars[j]);
                    if !next_is_stop && !continues_after_quote(chars, j) {
                        add_cut(&mut stack, &mut cuts, &mut last_cut, j);
                    }
                }
                i += 1;
                continue;
            }
        }
        if opens_quote(c, &stack, ascii_pairs) {
            let close = match c {
                '«' => '»',
                '“' => '”',
                '„' => '“',
                '‹' => '›',
                _ => '"',
            };
            stack.push(Open {
                close,
                pending: Vec::new(),
            });
            i += 1;
            continue;
        }
        if is_terminator(c) {
            let mut j = i;
            while j < n && (is_terminator(chars[j])) {
                j += 1;
            }
            if is_boundary(chars, i, j, last_cut) {
                // Absorb closers that do not close an open quote (those are
                // handled when the loop reaches them).
                let mut k = j;
                while k < n
                    && is_closer(chars[k])
                    && !closes_top(chars[k], &stack)
                    && !opens_quote(chars[k], &stack, ascii_pairs)
                {
                    k += 1;
                }
                add_cut(&mut stack, &mut cuts, &mut last_cut, k);
                i = k;
            } else {
                i = j;
            }
            continue;
        }
        i += 1;
    }
    // Unclosed quotes: their candidates count as if there were no quote.
    let mut rest: Vec<usize> = stack.into_iter().flat_map(|o| o.pending).collect();
    cuts.append(&mut rest);
    cuts.sort_unstable();
    cuts.dedup();

    let mut start = 0;
    for &cut in cuts.iter().chain(std::iter::once(&n)) {
        if cut <= start {
            continue;
        }
        push_trimmed(chars, start, cut, base, out);
        start = cut;
    }
}

fn closes_top(c: char, stack: &[Open]) -> bool {
    stack.last().is_some_and(|o| o.close == c)
}

fn opens_quote(c: char, stack: &[Open], ascii_pairs: bool) -> bool {
    match c {
        '«' | '“' | '„' | '‹' => !closes_top(c, stack),
        '"' => ascii_pairs && !closes_top(c, stack),
        _ => false,
    }
}

/// Record a sentence end: inside a quote it stays pending until the quote closes.
fn add_cut(stack: &mut [Open], cuts: &mut Vec<usize>, last_cut: &mut usize, pos: usize) {
    if let Some(top) = stack.last_mut() {
        top.pending.push(pos);
    } else {
        cuts.push(pos);
        *last_cut = pos;
    }
}

fn push_trimmed(
    chars: &[char],
    mut a: usize,
    mut b: usize,
    base: usize,
    out: &mut Vec<(usize, usize)>,
) {
    while a < b && chars[a].is_whitespace() {
        a += 1;
    }
    while b > a && chars[b - 1].is_whitespace() {
        b -= 1;
    }
    if a < b {
        out.push((base + a, base + b));
    }
}

/// Letters (tatweel skipped) of the word right before position `i`.
fn word_before(chars: &[char], i: usize) -> (usize, String) {
    let mut k = i;
    while k > 0
        && (crate::chars::is_letter(chars[k - 1])
            || chars[k - 1] == isnad_arabic::TATWEEL
            || isnad_arabic::is_diacritic(chars[k - 1]))
    {
        k -= 1;
    }
    let word: String = chars[k..i]
        .iter()
        .filter(|c| crate::chars::is_letter(**c))
        .collect();
    (k, word)
}

/// Is the terminator run `chars[i..j]` a sentence end?
fn is_boundary(chars: &[char], i: usize, j: usize, last_cut: usize) -> bool {
    let n = chars.len();
    let prev = if i > 0 { Some(chars[i - 1]) } else { None };
    let next = chars.get(j).copied();
    let next_nonspace = chars[j..].iter().copied().find(|c| !c.is_whitespace());
    // A sentence needs a word: "1." or "-" alone does not end one.
    if !chars[last_cut..i]
        .iter()
        .any(|&c| crate::chars::is_letter(c))
    {
        return false;
    }
    let single_dot = j - i == 1 && chars[i] == '.';
    if let Some(nx) = next {
        if crate::chars::is_alnum(nx) {
            // No space after the stop: numbers, dates, URLs, initialisms...
            if single_dot && prev.is_some_and(is_digit) && is_digit(nx) {
                return false;
            }
            let (_, word) = word_before(chars, i);
            let arabic_typo = word.chars().count() >= 2
                && word.chars().all(is_arabic_letter)
                && is_arabic_letter(nx)
                && !url_like_before(chars, i);
            return arabic_typo;
        }
    }
    if single_dot {
        let end_of_line = next_nonspace.is_none();
        if !end_of_line {
            let (_, word) = word_before(chars, i);
            let letters = word.chars().count();
            if letters == 1 {
                return false;
            }
            if letters > 1 && lex().abbreviations.contains(&norm_word(&word)) {
                return false;
            }
            // "e.g. foo", "U.S. officials": a lower-case Latin word continues.
            if next_nonspace.is_some_and(|c| c.is_ascii_lowercase()) {
                return false;
            }
        }
    }
    // An ellipsis or stop followed by a comma or similar continues the sentence.
    if next_nonspace.is_some_and(|c| matches!(c, '،' | ',' | '؛' | ';' | ':')) {
        return false;
    }
    let _ = n;
    true
}

/// True when the token before position `i` looks like a URL or an e-mail.
fn url_like_before(chars: &[char], i: usize) -> bool {
    let mut k = i;
    while k > 0 && !chars[k - 1].is_whitespace() {
        k -= 1;
        if matches!(chars[k], '/' | '@' | ':' | '=' | '_') || chars[k].is_ascii_alphabetic() {
            return true;
        }
    }
    false
}

/// After a quote that ended with a stop: does the sentence go on (a speaker, a comma)?
fn continues_after_quote(chars: &[char], j: usize) -> bool {
    let mut k = j;
    while k < chars.len() && chars[k].is_whitespace() {
        k += 1;
    }
    let Some(&c) = chars.get(k) else {
        return false;
    };
    if matches!(c, '،' | ',' | ':' | '؛' | ';' | '-' | '–' | '—' | ')') || c.is_ascii_lowercase()
    {
        return true;
    }
    let mut e = k;
    while e < chars.len()
        && (crate::chars::is_letter(chars[e])
            || isnad_arabic::is_diacritic(chars[e])
            || chars[e] == isnad_arabic::TATWEEL)
    {
        e += 1;
    }
    if e == k {
        return false;
    }
    let word: String = chars[k..e].iter().collect();
    lex().speech_verbs.contains(&norm_word(&word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<String> {
        split_sentences(text)
            .into_iter()
            .map(|(a, b)| text.chars().skip(a).take(b - a).collect())
            .collect()
    }

    #[test]
    fn basic_terminators_and_commas() {
        assert_eq!(
            sents("وصل الوزير إلى عمان، ثم التقى نظيره؛ وبحثا الملف. هل انتهت الأزمة؟ لا! بالتأكيد… ربما"),
            vec![
                "وصل الوزير إلى عمان، ثم التقى نظيره؛ وبحثا الملف.",
                "هل انتهت الأزمة؟",
                "لا!",
                "بالتأكيد…",
                "ربما"
            ]
        );
    }

    #[test]
    fn numbers_dates_and_decimals() {
        assert_eq!(
            sents(
                "بلغ العجز 2.5 مليار دينار في 3.7.2021 وفق التقرير. ونسبة ٢٫٥ بالمئة و3.14 ثابتة."
            ),
            vec![
                "بلغ العجز 2.5 مليار دينار في 3.7.2021 وفق التقرير.",
                "ونسبة ٢٫٥ بالمئة و3.14 ثابتة."
            ]
        );
        assert_eq!(
            sents("سجلت 2254. ثم تراجعت."),
            vec!["سجلت 2254.", "ثم تراجعت."]
        );
    }

    #[test]
    fn abbreviations_and_initialisms() {
        assert_eq!(
            sents("قال د. أحمد إن عام 300 ق.م شهد ذلك. ونقلت أ.ف.ب عن U.S. officials ذلك."),
            vec![
                "قال د. أحمد إن عام 300 ق.م شهد ذلك.",
                "ونقلت أ.ف.ب عن U.S. officials ذلك."
            ]
        );
        assert_eq!(
            sents("وصل Dr. Smith أمس. ثم غادر."),
            vec!["وصل Dr. Smith أمس.", "ثم غادر."]
        );
        assert_eq!(sents("1. البند الأول واضح."), vec!["1. البند الأول واضح."]);
    }

    #[test]
    fn urls_and_emails() {
        assert_eq!(
            sents("راجع www.example.com/news?id=3 أو info@site.org. ثم اتصل."),
            vec![
                "راجع www.example.com/news?id=3 أو info@site.org.",
                "ثم اتصل."
            ]
        );
    }

    #[test]
    fn missing_space_after_stop_in_arabic() {
        assert_eq!(
            sents("انتهى الاجتماع.وقال الوزير"),
            vec!["انتهى الاجتماع.", "وقال الوزير"]
        );
    }

    #[test]
    fn quotes_stay_whole_unless_several_sentences() {
        assert_eq!(
            sents("وقال الوزير: «لن نتراجع. هذا موقفنا» مضيفا أن القرار نهائي. وانتهى اللقاء."),
            vec![
                "وقال الوزير: «لن نتراجع. هذا موقفنا» مضيفا أن القرار نهائي.",
                "وانتهى اللقاء."
            ]
        );
        // A quote ending with a stop, then its speaker: one sentence.
        assert_eq!(
            sents("«الوضع صعب جدا.» قال المتحدث للصحفيين. ثم غادر."),
            vec!["«الوضع صعب جدا.» قال المتحدث للصحفيين.", "ثم غادر."]
        );
        // A quote ending with a stop, then a new sentence: split after the quote.
        assert_eq!(
            sents("وأضاف: \"سنرد بقوة.\" وفي سياق آخر وصل الوفد."),
            vec!["وأضاف: \"سنرد بقوة.\"", "وفي سياق آخر وصل الوفد."]
        );
        // Several full sentences inside: split inside.
        assert_eq!(
            sents("وقال: «الجلسة انتهت. القرار صدر. لا تعليق.» ثم غادر."),
            vec![
                "وقال: «الجلسة انتهت.",
                "القرار صدر.",
                "لا تعليق.»",
                "ثم غادر."
            ]
        );
        assert_eq!(
            sents("قال: «نرفض ذلك»، وأضاف: «سنرد». وانتهى."),
            vec!["قال: «نرفض ذلك»، وأضاف: «سنرد».", "وانتهى."]
        );
    }

    #[test]
    fn unbalanced_quote_falls_back() {
        assert_eq!(
            sents("قال «لن نتراجع. ثم غادر."),
            vec!["قال «لن نتراجع.", "ثم غادر."]
        );
    }

    #[test]
    fn newlines_end_sentences_and_offsets_are_trimmed() {
        let text = "  عنوان فرعي  \nجملة أولى. جملة ثانية";
        let s = split_sentences(text);
        assert_eq!(s, vec![(2, 12), (15, 25), (26, 36)]);
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n ").is_empty());
    }
}
