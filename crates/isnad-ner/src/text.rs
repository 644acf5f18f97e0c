//! Tokenising raw text with char offsets, and finding where a name starts
//! inside a token that carries proclitics.
//!
//! ANERcorp is tokenised on whitespace with punctuation split off and clitics
//! left attached (`وبالقاهرة` is one token), which is exactly what
//! [`isnad_arabic::word_spans`] produces, so the tagger sees at run time the
//! same kind of tokens it was trained on.

/// One token of the input: char offsets `[start, end)` and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// Split `text` into word and punctuation tokens with char offsets.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let spans = isnad_arabic::word_spans(text);
    if spans.is_empty() {
        return Vec::new();
    }
    // Byte offset of every char index, plus the end.
    let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_at.push(text.len());
    spans
        .into_iter()
        .map(|(s, e)| Token {
            start: s,
            end: e,
            text: &text[byte_at[s]..byte_at[e]],
        })
        .collect()
}

/// Sentence-final tokens: the tagger runs one sentence at a time so that
/// memory stays bounded on long documents.
pub fn ends_sentence(tok: &str) -> bool {
    matches!(tok, "." | "؟" | "?" | "!" | "…")
}

/// Sentence bounds `[start, end)` in token indices: a sentence ends after
/// `.` `?` `!` or before a line break, and is cut at 150 tokens so that
/// memory stays bounded. Training on marked-up text and tagging use the
/// same bounds, so both see the same windows.
pub fn sentence_bounds(text: &str, toks: &[Token<'_>]) -> Vec<(usize, usize)> {
    let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_at.push(text.len());
    let mut bounds = Vec::new();
    let mut s = 0;
    while s < toks.len() {
        let mut e = s + 1;
        while e < toks.len() && e - s < 150 {
            if ends_sentence(toks[e - 1].text) {
                break;
            }
            let gap = &text[byte_at[toks[e - 1].end]..byte_at[toks[e].start]];
            if gap.contains('\n') {
                break;
            }
            e += 1;
        }
        bounds.push((s, e));
        s = e;
    }
    bounds
}

/// How many chars of `token` are proclitics in front of a name: `وبالقاهرة`
/// → 3 (the mention is `القاهرة`), `للرئيس` → 2 (`رئيس`), `والأردن` → 1,
/// `لبنان` → 0, `وليد` → 0.
///
/// `count` gives the corpus frequency of a normalised word (0 when unknown)
/// and `known` says whether a normalised word is a gazetteer name. Before a
/// visible article (`وبال...`, `لل...`) the clitics are stripped unless the
/// whole token is the more frequent word (`والتر` stays whole when the corpus
/// knows it). Without an article, a clitic is stripped only when the rest is a
/// known name and more frequent than the whole token (`وموسكو` → `موسكو`),
/// so that names such as `لبنان` stay whole. With `person`, a bare
/// preposition (`ب`, `ك`, `ل` with no article after it) is never stripped:
/// many foreign names start with those letters (`كولن`, `بوش`, `لولا`).
pub fn proclitic_len(
    token: &str,
    count: &dyn Fn(&str) -> u32,
    known: &dyn Fn(&str) -> bool,
    person: bool,
) -> usize {
    let (norm, map) = isnad_arabic::normalize_with_map(token);
    let chars: Vec<char> = norm.chars().collect();
    if chars.len() < 4 {
        return 0;
    }
    let whole = count(&norm);
    let mut best: Option<(usize, u32)> = None;
    // Candidate clitic prefixes: [و|ف]? [ب|ك|ل]? in normalised chars.
    for conj in [0usize, 1] {
        if conj == 1 && !matches!(chars[0], 'و' | 'ف') {
            continue;
        }
        for prep in [0usize, 1] {
            let k = conj + prep;
            if k == 0 {
                continue;
            }
            if prep == 1 && !matches!(chars.get(conj), Some('ب' | 'ك' | 'ل')) {
                continue;
            }
            // `لل` = ل + (ا)ل: the article's alef is elided, strip both.
            let k = if prep == 1 && chars[conj] == 'ل' && chars.get(conj + 1) == Some(&'ل') {
                k + 1
            } else {
                k
            };
            if chars.len() - k < 3 {
                continue;
            }
            let rest: String = chars[k..].iter().collect();
            let rest_count = count(&rest);
            let article = rest.starts_with("ال") || k > conj + prep;
            if person && prep == 1 && !article {
                continue;
            }
            // ف alone before a person's name is far rarer than a name in ف (فراس، فيصل).
            if person && conj == 1 && prep == 0 && chars[0] == 'ف' && !article {
                continue;
            }
            let ok = if article {
                whole == 0 || rest_count >= whole
            } else {
                rest_count > 0 && rest_count > whole.saturating_mul(2) && known(&rest)
            };
            if ok && best.is_none_or(|(bk, _)| k > bk) {
                best = Some((k, rest_count));
            }
        }
    }
    match best {
        // Map the normalised char index back to a char index of the token.
        Some((k, _)) => map.get(k).map_or(0, |&i| i as usize),
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(w: &str) -> u32 {
        match w {
            "القاهره" => 500,
            "الاردن" => 400,
            "وليد" => 90,
            "ليد" => 1,
            "موسكو" => 200,
            "رييس" => 300,
            "لبنان" => 300,
            "بنان" => 2,
            _ => 0,
        }
    }

    #[test]
    fn tokens_keep_char_offsets() {
        let t = tokenize("قال الوزير، ثم غادر.");
        let texts: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(texts, vec!["قال", "الوزير", "،", "ثم", "غادر", "."]);
        assert_eq!((t[1].start, t[1].end), (4, 10));
        assert_eq!(t[2].start, 10);
    }

    fn known(w: &str) -> bool {
        matches!(w, "موسكو" | "القاهره" | "لبنان")
    }

    #[test]
    fn clitics_are_found_only_where_they_are_clitics() {
        assert_eq!(proclitic_len("وبالقاهرة", &counts, &known, false), 2);
        assert_eq!(proclitic_len("للرئيس", &counts, &known, false), 2);
        assert_eq!(proclitic_len("والأردن", &counts, &known, false), 1);
        assert_eq!(proclitic_len("وموسكو", &counts, &known, false), 1);
        assert_eq!(proclitic_len("لبنان", &counts, &known, false), 0);
        assert_eq!(proclitic_len("وليد", &counts, &known, false), 0);
        assert_eq!(proclitic_len("بغداد", &counts, &known, false), 0);
        // In a person's name a bare preposition is never split off: كولن.
        let c = |w: &str| if w == "ولن" { 1000 } else { counts(w) };
        assert_eq!(proclitic_len("كولن", &c, &known, true), 0);
        // Nor a bare ف: فراس is not ف + راس.
        let c = |w: &str| if w == "راس" { 1000 } else { counts(w) };
        let k = |w: &str| w == "راس";
        assert_eq!(proclitic_len("فراس", &c, &k, true), 0);
        assert_eq!(proclitic_len("فراس", &c, &k, false), 1);
    }

    #[test]
    fn diacritics_do_not_shift_offsets() {
        // و + َ (fatha) + ب + ال...: two clitic letters, three chars.
        assert_eq!(proclitic_len("وَبالقاهرة", &counts, &known, false), 3);
    }
}
