//! The agency dateline that opens a wire copy: "طوكيو - 18 - 6 (كونا) --", "مقديشو (صونا) -",
//! "أبوظبي في 14 يناير / وام /", "نيروبي 15 يناير 2025 (شينخوا)".
//!
//! A dateline is not part of the first sentence's grammar: its city and agency sit right
//! before the first verb, where the argument rules look for a subject, and its date right
//! before the first trigger, where the date rules look for the event's day. So the
//! extractor cuts it off before attaching arguments, and keeps its city as the place of the
//! lead's events that name none (the wire dates and places its lead where it happened).

use super::{Doc, EntitySpan, Span, TimexSpan};

/// A dateline found at the start of a line of the document's first sentences.
#[derive(Debug, Clone)]
pub(crate) struct Dateline {
    /// Index of the sentence it opens.
    pub sentence: usize,
    /// Char range of the dateline (place, date, agency and the dashes after them).
    pub start: usize,
    pub end: usize,
    /// The city it names, when a GPE/LOC mention covers it.
    pub place: Option<Span>,
}

impl Dateline {
    /// True for a span inside the dateline.
    pub fn covers(&self, start: usize, end: usize) -> bool {
        start >= self.start && end <= self.end
    }
}

/// Dashes, colons and bars (مسقط | المسيرة نت:) that close a dateline or separate its date's numbers.
fn is_dash(w: &str) -> bool {
    matches!(w, "-" | "–" | "—" | ":" | "ـ" | "|")
}

/// A number of a date, with the Hijri or Gregorian year mark glued on (1448هـ، 2026م).
fn numeric_date(w: &str) -> bool {
    let core = ["هـ", "ه", "م"]
        .iter()
        .find_map(|suf| w.strip_suffix(suf))
        .unwrap_or(w);
    !core.is_empty() && core.chars().all(|c| c.is_numeric())
}

/// Words of Hijri month names, normalised (ربيع الأول، جمادى الآخرة، ذو القعدة).
const HIJRI_WORDS: &[&str] = &[
    "محرم",
    "صفر",
    "ربيع",
    "الاول",
    "الثاني",
    "الاخر",
    "جمادي",
    "الاولي",
    "الاخره",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو",
    "القعده",
    "الحجه",
];

/// How many tokens a dateline may span at most (city, a Hijri and a Gregorian date, an
/// agency in brackets: "بورتسودان الثلاثاء 12 ربيع الأول 1448هـ الموافق 25-8-2026م (سونا) -").
const MAX_TOKENS: usize = 24;

/// The dateline opening one of the first two sentences, if any.
pub(crate) fn find(
    doc: &Doc,
    sentences: &[(usize, usize)],
    mentions: &[EntitySpan],
    timexes: &[TimexSpan],
) -> Option<Dateline> {
    for (si, &(cs, ce)) in sentences.iter().enumerate().take(2) {
        // A dateline opens a line: the document's start or right after a newline.
        let line_start = cs == 0
            || doc.chars[..cs.min(doc.chars.len())]
                .iter()
                .rev()
                .take_while(|c| c.is_whitespace())
                .any(|&c| c == '\n');
        if !line_start {
            continue;
        }
        let s0 = doc.toks.partition_point(|t| t.start < cs);
        let s1 = doc.toks.partition_point(|t| t.start < ce);
        if let Some(d) = at(doc, (si, sentences.len()), s0, s1, mentions, timexes) {
            return Some(d);
        }
    }
    None
}

/// "عرب 48 - هدّد ...", "شفق نيوز/ وقّع ...": a dateline of the outlet's name and a dash
/// or slash, with no city. The outlet is no party to the lead's events.
fn outlet_only(
    doc: &Doc,
    si: usize,
    s0: usize,
    s1: usize,
    mentions: &[EntitySpan],
) -> Option<Dateline> {
    let first = doc.toks.get(s0)?;
    let m = mentions
        .iter()
        .find(|m| m.start == first.start && m.label == "ORG")?;
    let after = doc.toks.partition_point(|t| t.start < m.end);
    let raw = |i: usize| doc.text(doc.toks[i].start, doc.toks[i].end);
    // The name is short and the dash comes right after it; the lead follows on the line.
    let closes = |i: usize| is_dash(&raw(i)) || raw(i) == "/";
    if after >= s1 || after > s0 + 4 || !closes(after) {
        return None;
    }
    let mut end_tok = after;
    while end_tok < s1 && closes(end_tok) {
        end_tok += 1;
    }
    if end_tok >= s1 {
        return None;
    }
    Some(Dateline {
        sentence: si,
        start: first.start,
        end: doc.toks[end_tok - 1].end,
        place: None,
    })
}

fn at(
    doc: &Doc,
    (si, doc_sentences): (usize, usize),
    s0: usize,
    s1: usize,
    mentions: &[EntitySpan],
    timexes: &[TimexSpan],
) -> Option<Dateline> {
    let first = doc.toks.get(s0)?;
    // The city: a place mention starting at the line, or one to three words before a mark.
    let place_m = mentions
        .iter()
        .find(|m| m.start == first.start && matches!(m.label.as_str(), "GPE" | "LOC"));
    let raw = |i: usize| doc.text(doc.toks[i].start, doc.toks[i].end);
    let in_timex = |i: usize| {
        let (a, b) = (doc.toks[i].start, doc.toks[i].end);
        timexes.iter().any(|t| t.start <= a && b <= t.end)
    };
    let mut i = match place_m {
        Some(m) => doc.toks.partition_point(|t| t.start < m.end),
        None => return outlet_only(doc, si, s0, s1, mentions),
    };
    let lim = (s0 + MAX_TOKENS).min(s1);
    let skip_dashes = |mut j: usize| {
        while j < s1 && is_dash(&raw(j)) {
            j += 1;
        }
        j
    };
    let in_agency = |i: usize| {
        let (a, b) = (doc.toks[i].start, doc.toks[i].end);
        mentions
            .iter()
            .any(|m| m.start <= a && b <= m.end && m.label == "ORG")
    };
    // A line break before token `i`: the dateline may be a line of its own.
    let line_break_before =
        |i: usize| i > 0 && doc.chars[doc.toks[i - 1].end..doc.toks[i].start].contains(&'\n');
    let is_mark = |w: &str| is_dash(w) || matches!(w, "/" | ")" | "»" | ":");
    let mut seen_mark = false;
    let mut seen_date = false;
    let mut end_tok = None;
    while i < lim {
        let w = raw(i);
        if line_break_before(i) {
            // "الرياض - واس" or "الرياض/ الأناضول" on a line of its own: the lead follows.
            if seen_mark || in_agency(i - 1) {
                end_tok = Some(i);
            }
            break;
        }
        if w == "(" {
            let j = (i + 1..(i + 6).min(s1)).find(|&j| raw(j) == ")")?;
            // Brackets hold the agency (كونا) or a weekday: a word, no verb-like length.
            if j == i + 1 {
                return None;
            }
            end_tok = Some(skip_dashes(j + 1));
            if end_tok.is_some_and(|e| e < s1 && raw(e) == ":") {
                end_tok = end_tok.map(|e| e + 1);
            }
            break;
        }
        if is_dash(&w) {
            // 18 - 6: a dash inside the date.
            let next_num = i + 1 < s1 && numeric_date(&raw(i + 1));
            let next_dash = i + 1 < s1 && is_dash(&raw(i + 1));
            if next_num || next_dash {
                i += 1;
                continue;
            }
            seen_mark = true;
            // بغداد - واع - أدانت: the agency between two dashes belongs to the dateline.
            let j = skip_dashes(i + 1);
            let agency_end = (j..lim).take_while(|&k| in_agency(k)).last();
            match agency_end {
                // "الرياض - واس" as a sentence of its own.
                Some(k) if k + 1 >= s1 => {
                    end_tok = Some(s1);
                    break;
                }
                Some(k) if k + 1 < s1 && (is_mark(&raw(k + 1)) || line_break_before(k + 1)) => {
                    i = k + 1;
                    continue;
                }
                _ => {
                    end_tok = Some(j);
                    break;
                }
            }
        }
        if is_mark(&w) || w == "«" {
            // تونس/ الأناضول/ تظاهر، الجزائر – «القدس العربي»:
            seen_mark = seen_mark || w != "«";
            i += 1;
            continue;
        }
        let n = doc.norm(i);
        if w.chars().all(|c| c.is_numeric()) || in_timex(i) {
            seen_date = true;
            i += 1;
            continue;
        }
        // 1448هـ، 2026م and the Hijri month and weekday of a dual date.
        if numeric_date(&w) || HIJRI_WORDS.contains(&n) || super::is_day_word(n) {
            seen_date = true;
            i += 1;
            continue;
        }
        if n == "في" || w == "،" || matches!(n, "م" | "ه" | "هـ" | "الموافق") || in_agency(i)
        {
            i += 1;
            continue;
        }
        // القاهرة 15-10-2025 وفا- وقع: an agency the tagger left out, right before a dash
        // after a date.
        if seen_date && i + 1 < s1 && is_dash(&raw(i + 1)) {
            i += 1;
            continue;
        }
        // After a slash or a closing mark the lead begins (تونس/ الأناضول/ تظاهر).
        if i > 0 && seen_mark && is_mark(&raw(i - 1)) {
            end_tok = Some(i);
            break;
        }
        return None;
    }
    // The sentence ended with the line: "الرياض - واس" as a sentence of its own.
    if end_tok.is_none() && i >= s1 && i > s0 && (seen_mark || in_agency(i - 1)) {
        end_tok = Some(s1);
    }
    let end_tok = end_tok?;
    // The lead follows on the same line, or on the next line (then in the next sentence
    // when the splitter cut at the line break).
    let sentence = if end_tok >= s1 { si + 1 } else { si };
    if sentence != si && si + 1 >= doc_sentences {
        return None;
    }
    let start = first.start;
    let end = doc.toks[end_tok - 1].end;
    Some(Dateline {
        sentence,
        start,
        end,
        place: place_m.map(|m| Span {
            start: m.start,
            end: m.end,
            text: m.text.clone(),
        }),
    })
}
