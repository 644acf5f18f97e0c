//! Cross-document event coreference.
//!
//! Mentions are blocked by (type family, participant key) and, for mentions
//! with no participants, by (type family, place key); inside a block they are
//! sorted by time and each is compared with its next neighbours within a
//! window, so the work grows with the corpus, not its square. Pairs scoring
//! above the threshold merge in score order, and a merge is refused when any
//! two mentions of the joined clusters are incompatible (another type, dates
//! too far apart, two mentions of one sentence): no chaining through a
//! bridge mention.

use std::collections::{HashMap, HashSet};

use crate::dates::{interval, Interval};
use crate::{DocumentInput, FuseConfig, MentionInput};

/// Clusters of mention indices, and counters.
pub struct Clustering {
    pub clusters: Vec<Vec<usize>>,
    pub candidate_pairs: usize,
    pub merges: usize,
}

/// What one mention brings to comparisons, computed once.
struct Features {
    family: String,
    call: bool,
    speech_act: bool,
    parties: Vec<String>,
    /// Parties that are resolved entities (only they can exclude each other).
    resolved: Vec<String>,
    place: Option<String>,
    /// The event's days: its explicit date, else a window around publication.
    when: Option<Interval>,
    explicit: bool,
    day_precise: bool,
    words: HashSet<String>,
}

/// Speech acts are said again and again by the same speaker: they only merge
/// when their sentences share words too.
const SPEECH_ACTS: &[&str] = &["STATEMENT", "REJECT", "ACCUSE", "THREATEN", "REQUEST"];

fn features(docs: &[DocumentInput], m: &MentionInput) -> Features {
    let sub = m.subtype.as_deref().unwrap_or("");
    let mut parties: Vec<String> = m.participants.iter().map(|p| p.key.clone()).collect();
    parties.sort();
    parties.dedup();
    let mut resolved: Vec<String> = m
        .participants
        .iter()
        .filter(|p| p.resolved)
        .map(|p| p.key.clone())
        .collect();
    resolved.sort();
    resolved.dedup();
    let dated = m.date.as_deref().and_then(interval);
    let published = docs
        .get(m.doc)
        .and_then(|d| d.published)
        .map(|d| d.to_days());
    let when = dated.or_else(|| {
        let p = published?;
        // Undated: what the tense allows, around the publication day.
        let (a, b) = match m.modality.as_str() {
            "asserted" => (-3, 0),
            "planned" => (0, 120),
            // «لم يلتق» looks back, «لن يزور» / «غير مجدولة» far ahead.
            "denied" => (-14, 270),
            _ => (-3, 270),
        };
        Some(Interval {
            start: p + a,
            end: p + b,
        })
    });
    Features {
        family: m.event_type.clone(),
        call: sub == "call",
        speech_act: SPEECH_ACTS.contains(&m.event_type.as_str()),
        parties,
        resolved,
        place: m.place.as_ref().map(|p| p.key.clone()),
        when,
        explicit: dated.is_some(),
        day_precise: dated.is_some_and(|i| i.days() <= 2),
        words: content_words(&m.text),
    }
}

fn content_words(s: &str) -> HashSet<String> {
    crate::content_words(s).into_iter().collect()
}

fn jaccard<T: Eq + std::hash::Hash>(a: &HashSet<T>, b: &HashSet<T>) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let i = a.intersection(b).count() as f32;
    i / (a.len() as f32 + b.len() as f32 - i)
}

/// Hard constraints: may these two mentions be one event at all?
fn compatible(
    a: &Features,
    b: &Features,
    ma: &MentionInput,
    mb: &MentionInput,
    cfg: &FuseConfig,
) -> bool {
    if a.family != b.family || (ma.doc == mb.doc && ma.sentence == mb.sentence) {
        return false;
    }
    // A phone call is never the meeting or the summit; a summit is no visit.
    if a.call != b.call && !(ma.subtype.is_none() || mb.subtype.is_none()) {
        return false;
    }
    // A visit is the trip; the meetings held during it are events of their own.
    let visit = |m: &MentionInput| m.subtype.as_deref() == Some("visit");
    if visit(ma) != visit(mb) && ma.subtype.is_some() && mb.subtype.is_some() {
        return false;
    }
    // Two sources naming a party the other leaves out, on both sides, report
    // different encounters («شكري التقى الصفدي» / «لم يلتق شكري الملك»).
    if exclusive_both_ways(a, b) {
        return false;
    }
    match (a.when, b.when) {
        (Some(x), Some(y)) => {
            let gap = x.gap(y);
            // Near dates disagree about one event only when both say it happened.
            gap == 0
                || (a.explicit
                    && b.explicit
                    && gap <= cfg.max_date_gap
                    && ma.modality == mb.modality)
        }
        _ => true,
    }
}

/// Generic heads that name no organisation on their own.
const GENERIC: &[&str] = &[
    "حركه",
    "وزاره",
    "قوات",
    "قوه",
    "مجلس",
    "لجنه",
    "جيش",
    "حكومه",
    "رياسه",
    "منظمه",
    "اتحاد",
    "جماعه",
    "ميليشيا",
    "مليشيا",
    "هييه",
    "دوله",
    "رييس",
    "وزير",
    "مصادر",
    "مصدر",
];

/// Name tokens of a party key for soft matching (`org:قوات_دعم_سريع` →
/// {دعم، سريع}), with its country qualifier; gazetteer ids have none.
fn soft_tokens(key: &str) -> Option<(Vec<String>, Option<&str>)> {
    let (kind, rest) = key.split_once(':').unwrap_or(("", key));
    if rest.starts_with("gn:") || rest.starts_with("iso:") || kind == "per" {
        return None;
    }
    let (name, country) = match rest.split_once('@') {
        Some((n, c)) => (n, Some(c)),
        None => (rest, None),
    };
    let mut toks: Vec<String> = name
        .split(['_', ' '])
        .filter(|t| !t.is_empty())
        .map(|t| {
            // حوثيون / الحوثي: a plural or nisba ending does not make a new name.
            let n = t.chars().count();
            let t = if n >= 5 {
                t.strip_suffix("ون")
                    .or_else(|| t.strip_suffix("ين"))
                    .unwrap_or(t)
            } else {
                t
            };
            t.to_string()
        })
        .collect();
    toks.sort();
    toks.dedup();
    Some((toks, country))
}

/// Two party keys that name the same organisation in more or fewer words
/// (`لجنه_5_5` / `لجنه_عسكريه_مشتركه_5_5`; `حوثيون` / `جماعه_حوثي`).
fn soft_same(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if let (Some(pa), Some(pb)) = (a.strip_prefix("per:"), b.strip_prefix("per:")) {
        return same_person(pa, pb);
    }
    let (Some((ta, ca)), Some((tb, cb))) = (soft_tokens(a), soft_tokens(b)) else {
        return false;
    };
    if ca.is_some() && cb.is_some() && ca != cb {
        return false;
    }
    let (small, big) = if ta.len() <= tb.len() {
        (&ta, &tb)
    } else {
        (&tb, &ta)
    };
    let specific = small
        .iter()
        .filter(|t| !GENERIC.contains(&t.as_str()) && t.chars().count() >= 2)
        .count();
    let enough =
        small.len() >= 2 && specific >= 1 || specific == 1 && small[0].chars().count() >= 4;
    enough && small.iter().all(|t| big.contains(t))
}

/// Words a tagger leaves inside a person's name (الأمير محمد بن سلمان).
const PERSON_TITLES: &[&str] = &[
    "امير",
    "شيخ",
    "سمو",
    "مشير",
    "دكتور",
    "سيد",
    "سيده",
    "ملك",
    "سلطان",
    "فريق",
    "لواء",
    "عقيد",
    "اول",
    "رييس",
];

/// Two person keys naming one person, titles aside: the same words, or the
/// shorter (two words at least) ending the longer (محمد بن سلمان / محمد بن سلمان
/// بن عبدالعزيز is not taken: the last word must agree).
fn same_person(a: &str, b: &str) -> bool {
    let words = |k: &str| -> Vec<String> {
        let k = k.split('~').next().unwrap_or(k);
        k.split('_')
            .filter(|w| !w.is_empty() && !PERSON_TITLES.contains(w))
            .map(str::to_string)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    let (short, long) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    short.len() >= 2 && long.ends_with(short)
}

/// Parties of `a` matched in `b` (soft).
fn shared_parties(a: &Features, b: &Features) -> usize {
    a.parties
        .iter()
        .filter(|x| b.parties.iter().any(|y| soft_same(x, y)))
        .count()
}

/// People exclude people and states or bodies exclude their like: a minister
/// in one source and his country in another are no evidence of two events.
fn exclusive_both_ways(a: &Features, b: &Features) -> bool {
    if a.resolved.len() < 2 || b.resolved.len() < 2 {
        return false;
    }
    let person = |k: &String| k.starts_with("per:");
    [true, false].into_iter().any(|people| {
        let only = |x: &Features, y: &Features| {
            let ys: Vec<&String> = y.parties.iter().filter(|p| person(p) == people).collect();
            !ys.is_empty()
                && x.resolved
                    .iter()
                    .filter(|k| person(k) == people)
                    .any(|k| !ys.iter().any(|p| soft_same(k, p)))
        };
        only(a, b) && only(b, a)
    })
}

/// How likely two compatible mentions are one event, in [0, 1.2].
fn score(a: &Features, b: &Features) -> f32 {
    let (na, nb) = (a.parties.len(), b.parties.len());
    let shared = shared_parties(a, b).min(na).min(nb);
    let lex = jaccard(&a.words, &b.words);
    // People on one side and only states or bodies on the other (ministers in
    // one outlet, their countries in another): the parties cannot be compared.
    let people = |f: &Features| f.parties.iter().filter(|k| k.starts_with("per:")).count();
    let (pa, pb) = (people(a), people(b));
    let comparable = (pa > 0 && pb > 0) || (pa < na && pb < nb);
    let parties = if na == 0 || nb == 0 || (shared == 0 && !comparable) {
        // Nothing to compare on parties: only a close date (a week at most)
        // with the same place, or in similar words, ties the two together.
        let close = match (a.when, b.when) {
            (Some(x), Some(y)) => {
                a.explicit && b.explicit && x.intersects(y) && x.days().min(y.days()) <= 7
            }
            _ => false,
        };
        let same_place = a.place.is_some() && a.place == b.place;
        if !close || !(same_place || lex >= 0.25) {
            return 0.0;
        }
        0.4
    } else if shared == 0 {
        return 0.0;
    } else {
        let containment = shared as f32 / na.min(nb) as f32;
        let jac = shared as f32 / (na + nb - shared) as f32;
        0.5 * containment + 0.5 * jac
    };
    if a.speech_act && lex < 0.15 {
        return 0.0;
    }
    let time = match (a.when, b.when) {
        (Some(x), Some(y)) if x.intersects(y) => {
            if a.day_precise && b.day_precise {
                1.0
            } else if a.explicit && b.explicit && x.days().max(y.days()) <= 31 {
                // Within the same month at most; a shared year says little.
                0.8
            } else {
                0.6
            }
        }
        (Some(_), Some(_)) => 0.2,
        _ => 0.3,
    };
    let place = match (&a.place, &b.place) {
        (Some(x), Some(y)) if x == y => 0.15,
        // A country and a city may be one place at two scales (a dateline's
        // capital and the sentence's country).
        (Some(x), Some(y)) if x.contains(":iso:") != y.contains(":iso:") => 0.0,
        (Some(_), Some(_)) => -0.15,
        _ => 0.0,
    };
    0.55 * parties + 0.3 * time + place + 0.3 * lex
}

struct Dsu {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Dsu {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.parent[r] != r {
            r = self.parent[r];
        }
        let mut y = x;
        while self.parent[y] != r {
            let n = self.parent[y];
            self.parent[y] = r;
            y = n;
        }
        r
    }
}

/// Cluster the mentions (see the module comment).
pub fn cluster(docs: &[DocumentInput], mentions: &[MentionInput], cfg: &FuseConfig) -> Clustering {
    let feats: Vec<Features> = mentions.iter().map(|m| features(docs, m)).collect();
    let mut blocks: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in feats.iter().enumerate() {
        let mut keys: Vec<String> = Vec::new();
        if let Some(p) = &f.place {
            keys.push(format!("{}|l|{p}", f.family));
        }
        // Mentions whose parties cannot be compared (see `score`) meet on their date.
        if f.parties.is_empty() || f.day_precise {
            if let (Some(w), true) = (f.when, f.explicit) {
                keys.push(format!("{}|d|{}", f.family, w.start));
            }
        }
        for p in &f.parties {
            keys.push(format!("{}|p|{p}", f.family));
            // Organisations named in more or fewer words meet on their rare words.
            if let Some((toks, _)) = soft_tokens(p) {
                for t in toks
                    .iter()
                    .filter(|t| !GENERIC.contains(&t.as_str()) && t.chars().count() >= 4)
                {
                    keys.push(format!("{}|t|{t}", f.family));
                }
            }
        }
        keys.sort();
        keys.dedup();
        for k in keys {
            blocks.entry(k).or_default().push(i);
        }
    }
    let mut seen: HashSet<(u32, u32)> = HashSet::new();
    let mut pairs: Vec<(f32, u32, u32)> = Vec::new();
    let mut block_list: Vec<(String, Vec<usize>)> = blocks.into_iter().collect();
    block_list.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, mut members) in block_list {
        let mid = |i: usize| feats[i].when.map(|w| w.mid()).unwrap_or(i64::MIN);
        members.sort_by_key(|&i| (mid(i), i));
        for (k, &i) in members.iter().enumerate() {
            for &j in members[k + 1..].iter().take(cfg.max_neighbours) {
                if feats[i].when.is_some()
                    && feats[j].when.is_some()
                    && mid(j) - mid(i) > cfg.window_days
                {
                    break;
                }
                let key = (i.min(j) as u32, i.max(j) as u32);
                if !seen.insert(key) {
                    continue;
                }
                if !compatible(&feats[i], &feats[j], &mentions[i], &mentions[j], cfg) {
                    continue;
                }
                let s = score(&feats[i], &feats[j]);
                if s >= cfg.merge_threshold {
                    pairs.push((s, key.0, key.1));
                }
            }
        }
    }
    let candidate_pairs = seen.len();
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut dsu = Dsu {
        parent: (0..mentions.len()).collect(),
        members: (0..mentions.len()).map(|i| vec![i]).collect(),
    };
    let mut merges = 0;
    for (_, i, j) in pairs {
        let (ri, rj) = (dsu.find(i as usize), dsu.find(j as usize));
        if ri == rj {
            continue;
        }
        let ok = dsu.members[ri].iter().all(|&x| {
            dsu.members[rj]
                .iter()
                .all(|&y| compatible(&feats[x], &feats[y], &mentions[x], &mentions[y], cfg))
        });
        if !ok {
            continue;
        }
        let moved = std::mem::take(&mut dsu.members[rj]);
        dsu.members[ri].extend(moved);
        dsu.parent[rj] = ri;
        merges += 1;
    }
    let mut clusters: Vec<Vec<usize>> = dsu
        .members
        .into_iter()
        .filter(|m| !m.is_empty())
        .map(|mut m| {
            m.sort_unstable();
            m
        })
        .collect();
    clusters.sort();
    Clustering {
        clusters,
        candidate_pairs,
        merges,
    }
}
