//! Snippets: the sentence that best matches a query, with the matched words.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::analyzer::analyze;

/// Longest snippet text, in chars; longer sentences are cut around the
/// first match.
const MAX_CHARS: usize = 280;

/// A sentence of a hit, cut to size, with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// Index of the sentence in the document (links go to `#s{sentence}`);
    /// `None` when the document has no sentences.
    pub sentence: Option<usize>,
    pub text: String,
    /// Char ranges `[start, end)` in `text` of the words that matched.
    pub highlights: Vec<(usize, usize)>,
    /// True when `text` was cut at the start or end of the sentence.
    pub truncated: bool,
}

fn char_slice(s: &str, start: usize, end: usize) -> String {
    s.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// Pick the sentence matching the most distinct query stems (the first one
/// on ties, so the lead wins) and mark its matching words.
pub(crate) fn best_snippet(
    body: &str,
    spans: &[(usize, usize)],
    stems: &HashSet<String>,
) -> Snippet {
    let nchars = body.chars().count();
    let had_sentences = !spans.is_empty();
    let spans: Vec<(usize, usize)> = if spans.is_empty() {
        if nchars == 0 {
            Vec::new()
        } else {
            vec![(0, nchars)]
        }
    } else {
        spans
            .iter()
            .map(|&(s, e)| (s.min(nchars), e.min(nchars)))
            .collect()
    };
    // (sentence index, distinct stems matched, sentence text, marks)
    type Best = (usize, usize, String, Vec<(usize, usize)>);
    let mut best: Option<Best> = None;
    for (i, &(s, e)) in spans.iter().enumerate() {
        let text = char_slice(body, s, e);
        let mut matched: HashSet<&str> = HashSet::new();
        let mut marks = Vec::new();
        if !stems.is_empty() {
            for w in analyze(&text) {
                if let Some(st) = w.stems.iter().find_map(|st| stems.get(st)) {
                    matched.insert(st.as_str());
                    let cs = text[..w.start].chars().count();
                    let ce = cs + text[w.start..w.end].chars().count();
                    marks.push((cs, ce));
                }
            }
        }
        let n = matched.len();
        if best.as_ref().is_none_or(|b| n > b.1) {
            best = Some((i, n, text, marks));
        }
        if stems.is_empty() {
            break;
        }
    }
    let Some((i, _, text, marks)) = best else {
        return Snippet {
            sentence: None,
            text: String::new(),
            highlights: Vec::new(),
            truncated: false,
        };
    };
    // Without sentences the whole body stood in for one: nothing to link to.
    let sentence = had_sentences.then_some(i);
    cut(text, marks, sentence)
}

/// Cut a long sentence to `MAX_CHARS` around its first mark, at word boundaries.
fn cut(text: String, marks: Vec<(usize, usize)>, sentence: Option<usize>) -> Snippet {
    let n = text.chars().count();
    if n <= MAX_CHARS {
        return Snippet {
            sentence,
            text,
            highlights: marks,
            truncated: false,
        };
    }
    let chars: Vec<char> = text.chars().collect();
    let anchor = marks.first().map_or(0, |m| m.0);
    let mut start = anchor.saturating_sub(MAX_CHARS / 3);
    let mut end = (start + MAX_CHARS).min(n);
    if end == n {
        start = n - MAX_CHARS;
    }
    // Move inwards to whitespace so no word is cut in half.
    if start > 0 {
        if let Some(k) = (start..anchor.max(start)).find(|&k| chars[k].is_whitespace()) {
            start = k + 1;
        }
    }
    if end < n {
        if let Some(k) = (start..end).rev().find(|&k| chars[k].is_whitespace()) {
            if k > anchor {
                end = k;
            }
        }
    }
    let highlights = marks
        .into_iter()
        .filter(|&(s, e)| s >= start && e <= end)
        .map(|(s, e)| (s - start, e - start))
        .collect();
    Snippet {
        sentence,
        text: chars[start..end].iter().collect(),
        highlights,
        truncated: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::query_terms;

    fn stems(q: &str) -> HashSet<String> {
        query_terms(q).into_iter().collect()
    }

    #[test]
    fn picks_the_sentence_with_most_query_words() {
        let body = "افتتح المعرض اليوم. وقال وزير الثقافة إن المعرض يضم ألف دار نشر.";
        let spans = [(0, 19), (20, body.chars().count())];
        let s = best_snippet(body, &spans, &stems("وزير المعرض"));
        assert_eq!(s.sentence, Some(1));
        let marked: Vec<String> = s
            .highlights
            .iter()
            .map(|&(a, b)| char_slice(&s.text, a, b))
            .collect();
        assert_eq!(marked, vec!["وزير", "المعرض"]);
    }

    #[test]
    fn long_sentences_are_cut_around_the_match() {
        let filler = "كلمة ".repeat(100);
        let body = format!("{filler}الانتخابات {filler}");
        let n = body.chars().count();
        let s = best_snippet(&body, &[(0, n)], &stems("انتخابات"));
        assert!(s.truncated);
        assert!(s.text.chars().count() <= MAX_CHARS);
        assert_eq!(s.highlights.len(), 1);
        let (a, b) = s.highlights[0];
        assert_eq!(char_slice(&s.text, a, b), "الانتخابات");
    }

    #[test]
    fn no_query_words_gives_the_lead() {
        let body = "الجملة الأولى. الجملة الثانية.";
        let s = best_snippet(body, &[(0, 14), (15, 30)], &HashSet::new());
        assert_eq!(s.sentence, Some(0));
        assert!(s.highlights.is_empty());
        assert_eq!(best_snippet("", &[], &HashSet::new()).sentence, None);
    }
}
