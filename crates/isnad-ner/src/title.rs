//! Title / role spans (`وزير الخارجية المصري`, `نائب وزير الدفاع`, `نظيره`).
//!
//! ANERcorp does not mark titles, so they get their own small tagger: the
//! same features as the entity tagger plus a hand-written list of title heads
//! (`data/title_heads.txt`, a gazetteer source bit), trained on the OCC spans
//! of the Wojood sample. Its spans may overlap entity spans.

use crate::perceptron::Scheme;
use crate::EntityType;

/// Hand-written heads of title expressions, one per line (`#` comments).
pub const TITLE_HEADS: &str = include_str!("../data/title_heads.txt");

/// The title tagger's label set: O, B-TITLE, I-TITLE.
pub fn scheme() -> Scheme {
    Scheme::bio(vec![EntityType::Title])
}

/// Words that continue a title in construct (see the data file).
pub const TITLE_COMPLEMENTS: &str = include_str!("../data/title_complements.txt");

use std::collections::{HashMap, HashSet};

use crate::conll::Span;

/// How a head may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadKind {
    /// A role noun: a title alone or with complements.
    Plain,
    /// Ambiguous word: a title only with a complement or a following name.
    Ambiguous,
    /// Honorific or rank before a name: a title of its own, only before a
    /// name, and it ends any title before it.
    Honorific,
}

/// Definite words that never continue a title (relatives, time words).
const STOP_DEFINITE: &[&str] = &[
    "الذي",
    "التي",
    "الذين",
    "اللذين",
    "اللتين",
    "اللواتي",
    "اللذان",
    "اللتان",
    "الي",
    "الا",
    "الان",
    "اليوم",
    "الامس",
    "الاسبوع",
    "الشهر",
    "السنه",
    "الخميس",
    "الجمعه",
    "السبت",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الجانبان",
    "الجانبين",
    "الطرفان",
    "الطرفين",
];

/// Rule-based title spans over one sentence, using the entity spans of the
/// entity tagger (a name ends a title; a country or organisation right after
/// a head is its complement: `وزير خارجية مصر`, `أمير قطر`).
#[derive(Debug, Clone)]
pub struct TitleRules {
    heads: HashMap<String, HeadKind>,
    complements: HashSet<String>,
    stop: HashSet<&'static str>,
}

impl Default for TitleRules {
    fn default() -> Self {
        Self::new()
    }
}

/// Forms of a normalised token with leading proclitics removed, the token first.
fn clitic_variants(n: &str) -> Vec<&str> {
    let mut v = vec![n];
    for p in [
        "و", "ف", "ب", "ل", "ك", "لل", "ول", "وب", "ولل", "فل", "فب", "فلل",
    ] {
        if let Some(rest) = n.strip_prefix(p) {
            if rest.chars().count() >= 2 {
                v.push(rest);
            }
        }
    }
    v
}

impl TitleRules {
    pub fn new() -> Self {
        let mut heads: HashMap<String, HeadKind> = HashMap::new();
        for line in TITLE_HEADS.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (text, kind) = if let Some(t) = line.strip_suffix(" ?") {
                (t, HeadKind::Ambiguous)
            } else if let Some(t) = line.strip_suffix(" !") {
                (t, HeadKind::Honorific)
            } else {
                (line, HeadKind::Plain)
            };
            let Some(first) = text.split_whitespace().next() else {
                continue;
            };
            let n = isnad_arabic::normalize(first);
            let mut forms = vec![n.clone()];
            if kind != HeadKind::Honorific {
                if let Some(bare) = n.strip_prefix("ال") {
                    forms.push(bare.to_string());
                }
            }
            for f in forms {
                let e = heads.entry(f).or_insert(kind);
                // A head is ambiguous only if every line using it says so.
                if *e == HeadKind::Ambiguous && kind == HeadKind::Plain {
                    *e = HeadKind::Plain;
                }
            }
        }
        let mut complements = HashSet::new();
        for line in TITLE_COMPLEMENTS.lines() {
            let line = line.trim();
            if !line.is_empty() && !line.starts_with('#') {
                let n = isnad_arabic::normalize(line);
                if let Some(bare) = n.strip_prefix("ال") {
                    complements.insert(bare.to_string());
                }
                complements.insert(n);
            }
        }
        TitleRules {
            heads,
            complements,
            stop: STOP_DEFINITE.iter().copied().collect(),
        }
    }

    fn head(&self, n: &str) -> Option<HeadKind> {
        if let Some(&k) = self.heads.get(n) {
            return Some(k);
        }
        clitic_variants(n)
            .into_iter()
            .skip(1)
            .filter_map(|v| self.heads.get(v).copied())
            .find(|&k| k != HeadKind::Honorific)
    }

    /// Title spans (token indices) of a sentence given its entity spans.
    pub fn find<S: AsRef<str>>(&self, tokens: &[S], entities: &[Span]) -> Vec<Span> {
        let norm: Vec<String> = tokens
            .iter()
            .map(|t| isnad_arabic::normalize(t.as_ref()))
            .collect();
        let n = norm.len();
        // Entity starting at each token, and whether a token is inside one.
        let mut starts: Vec<Option<Span>> = vec![None; n];
        let mut inside = vec![false; n];
        for e in entities.iter().filter(|e| e.start < e.end && e.end <= n) {
            starts[e.start] = Some(*e);
            for x in &mut inside[e.start..e.end] {
                *x = true;
            }
        }
        let is_per_start =
            |j: usize| j < n && starts[j].is_some_and(|e| e.label == crate::EntityType::Per);
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let kind = if inside[i] { None } else { self.head(&norm[i]) };
            let Some(kind) = kind else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            if kind == HeadKind::Honorific {
                // Ranks such as "الفريق أول", "اللواء الركن".
                while j < n && matches!(norm[j].as_str(), "اول" | "الركن" | "ركن") {
                    j += 1;
                }
                if is_per_start(j) {
                    out.push(Span {
                        start: i,
                        end: j,
                        label: crate::EntityType::Title,
                    });
                }
                i = j;
                continue;
            }
            let mut after_entity = false;
            while j < n && j - i < 9 {
                if is_per_start(j) {
                    break;
                }
                if let Some(e) = starts[j] {
                    if after_entity {
                        break;
                    }
                    j = e.end;
                    after_entity = true;
                    continue;
                }
                let w = norm[j].as_str();
                if w == "باسم" && j + 1 < n {
                    j += 1;
                    continue;
                }
                if !w.chars().next().is_some_and(isnad_arabic::is_arabic_letter)
                    || self.stop.contains(w)
                {
                    break;
                }
                if matches!(self.heads.get(w), Some(HeadKind::Honorific)) {
                    break;
                }
                // A definite head (نظيره excepted, it has no article) starts a new title.
                let definite = w.starts_with("ال")
                    && w.chars().count() > 3
                    && (!self.heads.contains_key(w) || self.head(&norm[j - 1]).is_some());
                let construct = !after_entity
                    && (self.complements.contains(w)
                        || (!w.starts_with("ال")
                            && self.heads.get(w).is_some_and(|&k| k != HeadKind::Honorific)
                            && self.head(&norm[j - 1]).is_some())
                        || (w.starts_with('ل')
                            && clitic_variants(w)
                                .iter()
                                .skip(1)
                                .any(|v| self.complements.contains(*v))));
                if definite || construct {
                    j += 1;
                } else {
                    break;
                }
            }
            // A dangling "باسم" is not part of the title.
            while j > i + 1 && norm[j - 1] == "باسم" {
                j -= 1;
            }
            if j > i + 1 || kind == HeadKind::Plain || is_per_start(j) {
                out.push(Span {
                    start: i,
                    end: j,
                    label: crate::EntityType::Title,
                });
            }
            i = j;
        }
        out
    }
}

/// Combine rule spans with the learned tagger's: every rule span, plus each
/// learned span that overlaps none of them.
pub fn merge(rules: Vec<Span>, learned: &[Span]) -> Vec<Span> {
    let mut out = rules;
    for l in learned {
        if !out.iter().any(|r| r.start < l.end && l.start < r.end) {
            out.push(*l);
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EntityType;

    fn toks(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    fn spans(t: &[&str], f: &[Span]) -> Vec<String> {
        f.iter().map(|s| t[s.start..s.end].join(" ")).collect()
    }

    #[test]
    fn titles_with_complements_and_clitics() {
        let r = TitleRules::new();
        let t = toks("قال وزير الخارجية المصري سامح شكري إن للرئيس الفرنسي رأيا");
        let per = Span {
            start: 4,
            end: 6,
            label: EntityType::Per,
        };
        let f = r.find(&t, &[per]);
        assert_eq!(
            spans(&t, &f),
            vec!["وزير الخارجية المصري", "للرئيس الفرنسي"]
        );

        let t = toks("التقى نائب وزير الدفاع الأمريكي نظيره الأردني في عمان");
        let gpe = Span {
            start: 8,
            end: 9,
            label: EntityType::Gpe,
        };
        assert_eq!(
            spans(&t, &r.find(&t, &[gpe])),
            vec!["نائب وزير الدفاع الأمريكي", "نظيره الأردني"]
        );

        let t = toks("قال نائب الرئيس");
        assert_eq!(spans(&t, &r.find(&t, &[])), vec!["نائب الرئيس"]);

        let t = toks("وقال وزير خارجية مصر للصحفيين");
        let gpe = Span {
            start: 3,
            end: 4,
            label: EntityType::Gpe,
        };
        assert_eq!(spans(&t, &r.find(&t, &[gpe])), vec!["وزير خارجية مصر"]);
    }

    #[test]
    fn honorifics_need_a_name_and_end_titles() {
        let r = TitleRules::new();
        let t = toks("قائد الجيش العماد جوزيف عون وصل");
        let per = Span {
            start: 3,
            end: 5,
            label: EntityType::Per,
        };
        assert_eq!(spans(&t, &r.find(&t, &[per])), vec!["قائد الجيش", "العماد"]);
        // "الفريق" without a name is a team, not a rank.
        let t = toks("فاز الفريق الأول");
        assert!(r.find(&t, &[]).is_empty());
        // An ambiguous head alone is not a title.
        let t = toks("قال عضو في الحزب");
        assert!(r.find(&t, &[]).is_empty());
    }

    #[test]
    fn merge_keeps_rules_and_adds_non_overlapping() {
        let a = Span {
            start: 0,
            end: 2,
            label: EntityType::Title,
        };
        let b = Span {
            start: 1,
            end: 3,
            label: EntityType::Title,
        };
        let c = Span {
            start: 5,
            end: 6,
            label: EntityType::Title,
        };
        assert_eq!(merge(vec![a], &[b, c]), vec![a, c]);
    }
}
