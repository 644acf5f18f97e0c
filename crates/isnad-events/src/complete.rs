//! Parties the entity tagger leaves out, added before arguments are attached.
//!
//! News names a party fully once and then shortly: a person by surname (أردوغان after رجب
//! طيب أردوغان), an organisation or country by the same words again. Institutions are often
//! named by a definite noun with its adjectives (الجيش السوداني، السلطات التونسية، قوات
//! الدعم السريع), which a tagger trained on ANERcorp does not mark. Both are parties of
//! events as much as full names, so the extractor completes its input:
//!
//! 1. every later occurrence of a tagged multiword name's last word (for people) or of a
//!    tagged name's words (any label) that no mention covers becomes a mention of that label;
//! 2. a head noun of the `body` class (جيش، حكومة، سلطات، قوات...) with its nisba adjectives
//!    (and, for an indefinite head in construct, one definite complement) becomes an ORG.
//!
//! Spans never take a proclitic (وبالجيش → الجيش) and never overlap a given mention or a
//! temporal expression.

use super::{Doc, EntitySpan, TimexSpan, PREFIXES};
use isnad_arabic::normalize;
use std::collections::HashMap;

/// First parts of compound names: the surname is two words.
const COMPOUND: &[&str] = &["عبد", "ابو", "ال", "بن", "ابن", "بنت"];

/// Honorifics after which a tagger often stops short of the name.
const HONORIFICS: &[&str] = &[
    "الامير",
    "الاميره",
    "الشيخ",
    "الشيخه",
    "الملك",
    "السلطان",
    "سمو",
    "جلاله",
];

/// Ordinals that end a royal name (عبد الله الثاني).
const ORDINALS: &[&str] = &["الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس"];

/// Words that are not names after an honorific.
const NAME_STOP: &[&str] = &[
    "في",
    "من",
    "الي",
    "علي",
    "مع",
    "عن",
    "ان",
    "إن",
    "انه",
    "اليوم",
    "امس",
    "الذي",
    "التي",
    "خلال",
    "بعد",
    "قبل",
    "عند",
    "لدي",
    "حيث",
    "كما",
    "وقد",
    "قد",
    "هذا",
    "هذه",
];

/// Words after which an institution noun is a complement, not a party (وزير الخارجية،
/// مقر الوزارة، مصدر في الحكومة، الناطق باسم الجيش).
const NOT_PARTY_AFTER: &[&str] = &[
    "وزير",
    "وزيره",
    "وزراء",
    "رئيس",
    "رئيسه",
    "نائب",
    "مدير",
    "امين",
    "سفير",
    "قائد",
    "متحدث",
    "المتحدث",
    "الناطق",
    "ناطق",
    "باسم",
    "مقر",
    "ممثل",
    "ممثلو",
    "عضو",
    "اعضاء",
    "مبعوث",
    "مسؤول",
    "مسؤولو",
    "مصدر",
    "مصادر",
    "وكيل",
    "مساعد",
    "مستشار",
    "اركان",
    "في",
    "داخل",
];

/// Adjectives that belong to an institution's name without being nisba forms.
const NAME_ADJECTIVES: &[&str] = &[
    "العام",
    "العامه",
    "المشترك",
    "المشتركه",
    "العليا",
    "الاعلي",
    "السريع",
    "المسلحه",
    "الخاصه",
    "المركزي",
    "المركزيه",
    "الموحده",
    "المؤقته",
    "الانتقاليه",
];

/// The normalised word without a proclitic (the article stays: وبالجيش → الجيش), and how
/// many chars the proclitic takes in the written token (diacritics after a clitic letter
/// count with it). The word as written comes back unchanged when no proclitic comes off.
fn strip_clitic(doc: &Doc, tok: usize) -> (String, usize) {
    let t = &doc.toks[tok];
    let norm = &t.norm;
    let written: Vec<char> = doc.chars[t.start..t.end].to_vec();
    for p in PREFIXES {
        let Some(r) = norm.strip_prefix(p) else {
            continue;
        };
        let letters = p.chars().count();
        let (word, clitic) = match *p {
            "ال" | "س" | "وس" | "فس" => continue,
            // وال، بال، وبال: keep the article.
            _ if p.ends_with("ال") => (format!("ال{r}"), letters - 2),
            // لل، ولل: ل + the article with its alef dropped.
            "لل" | "ولل" => (format!("ال{r}"), letters - 1),
            _ => (r.to_string(), letters),
        };
        if word.chars().count() >= 3 {
            return (word, written_len(&written, clitic));
        }
    }
    (norm.clone(), 0)
}

/// Is `w` (or `w` without its article) a head noun of an institution?
pub(crate) fn is_body(doc: &Doc, w: &str) -> bool {
    let has = |x: &str| {
        doc.ex
            .classes
            .get(x)
            .is_some_and(|v| v.iter().any(|c| c == "body"))
    };
    has(w) || w.strip_prefix("ال").is_some_and(has)
}

/// Chars of `written` taken by its first `letters` letters and their diacritics.
fn written_len(written: &[char], letters: usize) -> usize {
    let mut seen = 0;
    let mut i = 0;
    while i < written.len() {
        let c = written[i];
        let mark = ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}' || c == '\u{0640}';
        if !mark {
            if seen == letters {
                break;
            }
            seen += 1;
        }
        i += 1;
    }
    i
}

fn is_nisba(w: &str) -> bool {
    w.starts_with("ال") && w.chars().count() >= 5 && (w.ends_with('ي') || w.ends_with("يه"))
}

/// Step 0, known organisations (`data/organisations.tsv`): a listed name no mention
/// covers becomes one; mentions inside a listed name ([حركة] حماس) grow to the whole name.
fn known_names(doc: &Doc, out: &mut Vec<EntitySpan>, covered: &mut [bool]) {
    let n = doc.toks.len();
    let mut i = 0;
    while i < n {
        if doc.toks[i].punct {
            i += 1;
            continue;
        }
        let (first, clitic) = strip_clitic(doc, i);
        let whole = doc.toks[i].norm.clone();
        let found = [(first, clitic), (whole, 0)]
            .into_iter()
            .find_map(|(key, c)| {
                doc.ex.known_names.get(&key).and_then(|list| {
                    list.iter()
                        .find(|(w, _)| {
                            (1..w.len()).all(|k| i + k < n && doc.toks[i + k].norm == w[k])
                        })
                        .map(|(w, l)| (w.len(), l.clone(), c))
                })
            });
        let Some((len, label, c)) = found else {
            i += 1;
            continue;
        };
        let (start, end) = (doc.toks[i].start + c, doc.toks[i + len - 1].end);
        // Mentions touching the name must lie inside it; a longer mention (بحرية الحرس
        // الثوري) or a date keeps its own span.
        let touching: Vec<usize> = (0..out.len())
            .filter(|&k| out[k].start < end && out[k].end > start)
            .collect();
        let inside = touching
            .iter()
            .all(|&k| out[k].start >= doc.toks[i].start && out[k].end <= end);
        let tagged_tokens = touching.iter().fold(0, |acc, &k| {
            let a = doc.toks.partition_point(|t| t.end <= out[k].start);
            let b = doc.toks.partition_point(|t| t.start < out[k].end);
            acc + b.saturating_sub(a)
        });
        let free = covered[i..i + len].iter().filter(|c| **c).count() == tagged_tokens;
        if inside
            && free
            && !(touching.len() == 1
                && out[touching[0]].end - out[touching[0]].start == end - start)
        {
            for &k in touching.iter().rev() {
                out.remove(k);
            }
            covered[i..i + len].iter_mut().for_each(|c| *c = true);
            out.push(EntitySpan {
                start,
                end,
                label,
                text: doc.text(start, end),
            });
        }
        i += len;
    }
}

/// The given mentions plus the ones the tagger left out, sorted by start.
///
/// A name after an honorific is only completed in the tagger's output shape (a TITLE
/// ending in the honorific, then unmarked words).
pub(crate) fn complete(
    doc: &Doc,
    mentions: &[EntitySpan],
    timexes: &[TimexSpan],
) -> Vec<EntitySpan> {
    let n = doc.toks.len();
    // Tokens already covered by a mention or a temporal expression.
    let mut covered = vec![false; n];
    let tok_of = |c: usize| doc.toks.partition_point(|t| t.end <= c);
    let spans = mentions
        .iter()
        .map(|m| (m.start, m.end))
        .chain(timexes.iter().map(|t| (t.start, t.end)));
    for (s, e) in spans {
        if s < e {
            for flag in covered.iter_mut().take(tok_of(e - 1) + 1).skip(tok_of(s)) {
                *flag = true;
            }
        }
    }
    let mut out: Vec<EntitySpan> = mentions.to_vec();
    known_names(doc, &mut out, &mut covered);
    let mut add =
        |doc: &Doc, a: usize, b: usize, clitic: usize, label: &str, covered: &mut [bool]| {
            let start = doc.toks[a].start + clitic;
            let end = doc.toks[b - 1].end;
            if start >= end || covered[a..b].iter().any(|c| *c) {
                return;
            }
            covered[a..b].iter_mut().for_each(|c| *c = true);
            out.push(EntitySpan {
                start,
                end,
                label: label.to_string(),
                text: doc.text(start, end),
            });
        };

    // 1. Names again: the words of every tagged name, and people's surnames.
    let mut names: HashMap<Vec<String>, String> = HashMap::new();
    for m in mentions {
        if !["PER", "ORG", "GPE", "LOC"].contains(&m.label.as_str()) {
            continue;
        }
        let words: Vec<String> = normalize(&m.text)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            continue;
        }
        names
            .entry(words.clone())
            .or_insert_with(|| m.label.clone());
        if m.label == "PER" && words.len() >= 2 {
            // The surname, with its first part when compound (عبد العاطي، أبو الغيط، آل ثاني).
            let k = words.len();
            let compound = k >= 3 && COMPOUND.contains(&words[k - 2].as_str());
            let surname: Vec<String> = words[k - 1 - usize::from(compound)..].to_vec();
            let last = &words[k - 1];
            if (compound || k == 2 || words[k - 2] != "بن")
                && last.chars().count() >= 3
                && last != "الله"
            {
                names.entry(surname).or_insert_with(|| "PER".into());
            }
        }
    }
    let mut by_first: HashMap<&str, Vec<(&Vec<String>, &String)>> = HashMap::new();
    for (w, l) in &names {
        by_first.entry(w[0].as_str()).or_default().push((w, l));
    }
    for v in by_first.values_mut() {
        v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    }
    let mut i = 0;
    while i < n {
        if covered[i] || doc.toks[i].punct {
            i += 1;
            continue;
        }
        let (first, clitic) = strip_clitic(doc, i);
        let mut step = 1;
        for key in [first.as_str(), doc.toks[i].norm.as_str()] {
            let found = by_first.get(key).and_then(|list| {
                list.iter()
                    .find(|(w, _)| (1..w.len()).all(|k| i + k < n && doc.toks[i + k].norm == w[k]))
            });
            // على (alef maqsura) is the preposition, though it normalises to the name علي.
            let preposition = matches!(
                doc.text(doc.toks[i].start, doc.toks[i].end)
                    .trim_start_matches(['و', 'ف']),
                "على" | "إلى" | "حتى"
            );
            if let Some((w, l)) = found.filter(|_| !preposition) {
                let c = if key == first { clitic } else { 0 };
                add(doc, i, i + w.len(), c, l, &mut covered);
                step = w.len();
                break;
            }
        }
        i += step;
    }

    // 2. A name after an honorific the tagger marked alone ([الأمير] محمد بن سلمان،
    // [الملك] عبد الله الثاني): name words joined by بن/آل/عبد, an ordinal, at most two
    // plain words.
    for m in mentions.iter().filter(|m| m.label == "TITLE") {
        let last = normalize(&m.text);
        let Some(last) = last.split_whitespace().last() else {
            continue;
        };
        if !HONORIFICS.contains(&last) {
            continue;
        }
        let a = tok_of(m.end);
        if a >= n || covered[a] || doc.toks[a].start > m.end + 1 {
            continue;
        }
        let name_word = |k: usize| {
            let t = &doc.toks[k];
            !t.punct
                && !covered[k]
                && t.norm.chars().count() >= 2
                && !t.norm.starts_with("ال")
                && !NAME_STOP.contains(&t.norm.as_str())
                && doc.ex.frame_at(doc, k).is_none()
                && doc.ex.match_trigger(doc, k).is_none()
                && doc.word_class(k).is_empty()
        };
        let mut b = a;
        let mut plain = 0;
        while b < n && b < a + 6 {
            let w = doc.toks[b].norm.as_str();
            let joined = b > a && COMPOUND.contains(&doc.toks[b - 1].norm.as_str());
            let connector = COMPOUND.contains(&w) && b > a && b + 1 < n;
            if connector || joined && !doc.toks[b].punct && !covered[b] {
                b += 1;
            } else if b > a && ORDINALS.contains(&w) {
                b += 1;
                break;
            } else if plain < 2 && name_word(b) {
                plain += 1;
                b += 1;
            } else {
                break;
            }
        }
        // Not a dangling connector.
        while b > a && COMPOUND.contains(&doc.toks[b - 1].norm.as_str()) {
            b -= 1;
        }
        if b > a {
            add(doc, a, b, 0, "PER", &mut covered);
        }
    }

    // 3. Institutions named by a definite noun and its adjectives.
    let mut i = 0;
    while i < n {
        if covered[i] || doc.toks[i].punct {
            i += 1;
            continue;
        }
        let whole = doc.toks[i].norm.clone();
        let (w, clitic) = if is_body(doc, &whole) {
            (whole, 0)
        } else {
            let (w, c) = strip_clitic(doc, i);
            // ولواء: و alone, where و+ل would leave no word.
            let (w, c) = if is_body(doc, &w) {
                (w, c)
            } else {
                match whole.strip_prefix(['و', 'ف']) {
                    Some(r) if is_body(doc, r) => (r.to_string(), 1),
                    _ => (w, 0),
                }
            };
            if c == 0 || !is_body(doc, &w) {
                i += 1;
                continue;
            }
            (w, c)
        };
        if i > 0 && NOT_PARTY_AFTER.contains(&doc.toks[i - 1].norm.as_str()) {
            i += 1;
            continue;
        }
        // اللواء خليفة حفتر: the rank, not a brigade (لواء الساحل).
        if w.starts_with("ال") && normalize(&w) == normalize("اللواء") {
            i += 1;
            continue;
        }
        let definite = w.starts_with("ال");
        let mut j = i + 1;
        if !definite {
            // قوات الدعم السريع، وزارة الداخلية: the complement is part of the name.
            if j < n && !covered[j] && doc.toks[j].norm.starts_with("ال") && !doc.toks[j].punct {
                j += 1;
            } else {
                i += 1;
                continue;
            }
        }
        while j < n && j < i + 5 && !covered[j] && !doc.toks[j].punct {
            let a = doc.toks[j].norm.as_str();
            if is_nisba(a) || NAME_ADJECTIVES.contains(&a) {
                j += 1;
            } else {
                break;
            }
        }
        add(doc, i, j, clitic, "ORG", &mut covered);
        i = j;
    }
    out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    out
}

#[cfg(test)]
mod tests {
    use crate::{EntitySpan, EventExtractor};

    fn span(text: &str, label: &str, needle: &str) -> EntitySpan {
        let chars: Vec<char> = text.chars().collect();
        let n: Vec<char> = needle.chars().collect();
        let start = (0..chars.len())
            .find(|&i| chars[i..].starts_with(&n))
            .unwrap();
        EntitySpan {
            start,
            end: start + n.len(),
            label: label.into(),
            text: needle.into(),
        }
    }

    fn completed(text: &str, given: &[EntitySpan]) -> Vec<(String, String)> {
        let ex = EventExtractor::new();
        let doc = crate::Doc::new(&ex, text);
        super::complete(&doc, given, &[])
            .into_iter()
            .map(|m| (m.label, m.text))
            .collect()
    }

    #[test]
    fn armed_formations_are_bodies_and_a_rank_is_not() {
        let t = "اندلعت اشتباكات بين كتيبة الفرسان ولواء الساحل، وقال اللواء أسامة إن الوضع هادئ.";
        let out = completed(t, &[]);
        let orgs: Vec<&str> = out
            .iter()
            .filter(|(l, _)| l == "ORG")
            .map(|(_, m)| m.as_str())
            .collect();
        assert_eq!(orgs, ["كتيبة الفرسان", "لواء الساحل"], "{out:?}");
    }

    #[test]
    fn the_preposition_ala_is_not_the_surname_ali() {
        let t = "فرضت واشنطن عقوبات على فارس علي. وقال إن المجلس سيدرجه على القائمة.";
        let given = [span(t, "PER", "فارس علي")];
        let out = completed(t, &given);
        assert!(out.iter().all(|(_, m)| m != "على"), "{out:?}");
    }

    #[test]
    fn surnames_and_institutions_without_their_clitics() {
        let t = "استقبل الرئيس رجب طيب أردوغان أمس وزير الخارجية. وقال لأردوغان إن الجيش السوداني وقوات الدعم السريع اتفقا.";
        let got = completed(t, &[span(t, "PER", "رجب طيب أردوغان")]);
        let texts: Vec<&str> = got.iter().map(|(_, x)| x.as_str()).collect();
        assert!(texts.contains(&"أردوغان"), "{got:?}");
        assert!(texts.contains(&"الجيش السوداني"), "{got:?}");
        assert!(texts.contains(&"قوات الدعم السريع"), "{got:?}");
        // وزير الخارجية is a title, not the ministry.
        assert!(!texts.iter().any(|x| x.contains("الخارجية")), "{got:?}");
    }

    #[test]
    fn known_organisations_the_tagger_missed_or_cut_short() {
        let t = "وقال بيان لحركة حماس إن الحرس الثوري الإيراني ووكالة الأنباء العراقية لم يعلقوا.";
        let got = completed(t, &[span(t, "ORG", "حركة")]);
        let texts: Vec<&str> = got.iter().map(|(_, x)| x.as_str()).collect();
        assert!(texts.contains(&"حركة حماس"), "{got:?}");
        assert!(!texts.contains(&"حركة"), "{got:?}");
        assert!(texts.contains(&"الحرس الثوري الإيراني"), "{got:?}");
        assert!(texts.contains(&"وكالة الأنباء العراقية"), "{got:?}");
        // A common word that is also a name is not in the list: فتح المعبر.
        let t = "وقررت السلطات فتح المعبر أمام الشاحنات.";
        let got = completed(t, &[]);
        assert!(!got.iter().any(|(_, x)| x == "فتح"), "{got:?}");
    }

    #[test]
    fn names_after_an_honorific_the_tagger_left_alone() {
        let t = "استقبل الأمير محمد بن سلمان في الرياض الملك عبد الله الثاني وبحث معه.";
        let got = completed(
            t,
            &[
                span(t, "TITLE", "الأمير"),
                span(t, "GPE", "الرياض"),
                span(t, "TITLE", "الملك"),
            ],
        );
        let per: Vec<&str> = got
            .iter()
            .filter(|(l, _)| l == "PER")
            .map(|(_, x)| x.as_str())
            .collect();
        assert_eq!(per, vec!["محمد بن سلمان", "عبد الله الثاني"], "{got:?}");
    }

    #[test]
    fn compound_surnames_keep_both_words() {
        let t = "التقى بدر عبد العاطي نظيره. وأكد عبد العاطي أن اللقاء مثمر.";
        let got = completed(t, &[span(t, "PER", "بدر عبد العاطي")]);
        assert!(
            got.iter().any(|(l, x)| l == "PER" && x == "عبد العاطي"),
            "{got:?}"
        );
        assert!(!got.iter().any(|(_, x)| x == "العاطي"), "{got:?}");
    }
}
