//! `isnad eval fusion`: cross-document event coreference (B-cubed, MUC,
//! CEAF-e and their CoNLL mean), story grouping (purity / inverse purity),
//! disagreement and claim detection, on the hand-written articles of
//! `eval/events` (used to set the thresholds) and `eval/fusion` (developing
//! stories, written afterwards by someone else: the held-out figure).
//!
//! Two inputs: the gold event mentions (fusion alone), and the system's own
//! mentions from NER + resolution + event extraction, aligned to gold by
//! trigger overlap (the end-to-end figure; unmatched mentions do not score).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use isnad_events::{EntitySpan, EventExtractor, EventMention};
use isnad_fuse::{DocumentInput, FuseConfig, MentionInput, PartyInput};
use isnad_resolve::{DocInput, MentionIn, Resolver};
use isnad_time::TimeTagger;
use serde::Serialize;

use crate::events::{self, GoldArticle, Prepared, Prf};

/// Precision, recall and F1 of a clustering metric (averages, not counts).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Score {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
}

impl Score {
    fn new(p: f64, r: f64) -> Score {
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Score { p, r, f1 }
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:5.1}  R {:5.1}  F1 {:5.1}",
            100.0 * self.p,
            100.0 * self.r,
            100.0 * self.f1
        )
    }
}

/// Event-coreference scores over one set of mentions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coref {
    pub mentions: usize,
    pub gold_events: usize,
    pub system_events: usize,
    pub b3: Score,
    pub muc: Score,
    pub ceafe: Score,
    /// Mean of the MUC, B-cubed and CEAF-e F1.
    pub conll_f1: f64,
}

/// Story grouping over documents.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stories {
    pub documents: usize,
    pub gold_stories: usize,
    pub system_stories: usize,
    pub purity: f64,
    pub inverse_purity: f64,
    pub f1: f64,
}

/// One scored slice of one run.
#[derive(Debug, Clone, Serialize)]
pub struct Slice {
    pub label: String,
    pub coref: Coref,
    pub stories: Stories,
    /// Planted disagreements (eval/fusion/disagreements.tsv) found, by event and field.
    pub disagreements: Option<Prf>,
    /// Planted claims (eval/fusion/claims.tsv) found on the right event.
    pub claims: Option<Prf>,
}

/// One input mode: gold mentions or the system's.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    pub input: String,
    /// Gold mentions with an aligned system mention / all gold mentions.
    pub coverage: (usize, usize),
    pub fuse_ms: f64,
    pub slices: Vec<Slice>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FusionReport {
    pub articles: usize,
    pub runs: Vec<Run>,
    pub notes: Vec<String>,
}

// ---------------------------------------------------------------- metrics

/// B-cubed, MUC and CEAF-e of `sys` against `gold` (cluster labels per item).
pub fn coref_scores(gold: &[usize], sys: &[usize]) -> Coref {
    let n = gold.len();
    let clusters = |lab: &[usize]| -> Vec<Vec<usize>> {
        let mut m: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, &l) in lab.iter().enumerate() {
            m.entry(l).or_default().push(i);
        }
        let mut v: Vec<Vec<usize>> = m.into_values().collect();
        v.sort();
        v
    };
    let (gc, sc) = (clusters(gold), clusters(sys));
    if n == 0 {
        return Coref::default();
    }
    let size = |lab: &[usize]| -> HashMap<usize, usize> {
        let mut m = HashMap::new();
        for &l in lab {
            *m.entry(l).or_default() += 1;
        }
        m
    };
    let (gs, ss) = (size(gold), size(sys));
    let mut both: HashMap<(usize, usize), usize> = HashMap::new();
    for i in 0..n {
        *both.entry((gold[i], sys[i])).or_default() += 1;
    }
    let (mut bp, mut br) = (0.0, 0.0);
    for i in 0..n {
        let c = both[&(gold[i], sys[i])] as f64;
        bp += c / ss[&sys[i]] as f64;
        br += c / gs[&gold[i]] as f64;
    }
    let b3 = Score::new(bp / n as f64, br / n as f64);
    // MUC: links a clustering needs, against the partition the other imposes.
    let muc_side = |key: &[Vec<usize>], other: &[usize]| -> (f64, f64) {
        let (mut num, mut den) = (0.0, 0.0);
        for k in key {
            let parts: HashSet<usize> = k.iter().map(|&i| other[i]).collect();
            num += (k.len() - parts.len()) as f64;
            den += (k.len() - 1) as f64;
        }
        (num, den)
    };
    let (rn, rd) = muc_side(&gc, sys);
    let (pn, pd) = muc_side(&sc, gold);
    let muc = Score::new(
        if pd > 0.0 { pn / pd } else { 0.0 },
        if rd > 0.0 { rn / rd } else { 0.0 },
    );
    // CEAF-e: best one-to-one alignment of clusters under φ4.
    let phi: Vec<Vec<f64>> = gc
        .iter()
        .map(|g| {
            sc.iter()
                .map(|s| {
                    let inter = g.iter().filter(|&&i| sys[i] == sys[s[0]]).count() as f64;
                    2.0 * inter / (g.len() + s.len()) as f64
                })
                .collect()
        })
        .collect();
    let total = assignment_max(&phi);
    let ceafe = Score::new(total / sc.len() as f64, total / gc.len() as f64);
    Coref {
        mentions: n,
        gold_events: gc.len(),
        system_events: sc.len(),
        conll_f1: (b3.f1 + muc.f1 + ceafe.f1) / 3.0,
        b3,
        muc,
        ceafe,
    }
}

/// Maximum-weight one-to-one assignment (Hungarian algorithm, O(n³)).
fn assignment_max(w: &[Vec<f64>]) -> f64 {
    let rows = w.len();
    let cols = w.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return 0.0;
    }
    // Square cost matrix (minimise -w), padded with zeros.
    let n = rows.max(cols);
    let cost = |i: usize, j: usize| -> f64 {
        if i < rows && j < cols {
            -w[i][j]
        } else {
            0.0
        }
    };
    let inf = f64::INFINITY;
    let (mut u, mut v) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    let (mut p, mut way) = (vec![0usize; n + 1], vec![0usize; n + 1]);
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=n)
        .filter(|&j| p[j] >= 1 && p[j] <= rows && j <= cols)
        .map(|j| w[p[j] - 1][j - 1])
        .sum()
}

/// Purity and inverse purity of document clusters.
pub fn story_scores(gold: &[String], sys: &[usize]) -> Stories {
    let n = gold.len();
    let mut both: HashMap<(&str, usize), usize> = HashMap::new();
    for (g, &s) in gold.iter().zip(sys) {
        *both.entry((g.as_str(), s)).or_default() += 1;
    }
    let mut best_s: HashMap<usize, usize> = HashMap::new();
    let mut best_g: HashMap<&str, usize> = HashMap::new();
    for (&(g, s), &c) in &both {
        let e = best_s.entry(s).or_default();
        *e = (*e).max(c);
        let e = best_g.entry(g).or_default();
        *e = (*e).max(c);
    }
    let purity = best_s.values().sum::<usize>() as f64 / n.max(1) as f64;
    let inverse = best_g.values().sum::<usize>() as f64 / n.max(1) as f64;
    Stories {
        documents: n,
        gold_stories: best_g.len(),
        system_stories: best_s.len(),
        purity,
        inverse_purity: inverse,
        f1: Score::new(purity, inverse).f1,
    }
}

// ---------------------------------------------------------------- inputs

/// The fusion inputs built from the gold articles, with the gold event of
/// each mention (article index, gold event index) when it has one.
struct Built {
    docs: Vec<DocumentInput>,
    mentions: Vec<MentionInput>,
    gold_of: Vec<Option<(usize, usize)>>,
}

fn sentence_of(prep: &Prepared, pos: usize) -> usize {
    prep.sentences
        .iter()
        .position(|&(a, b)| pos >= a && pos < b)
        .unwrap_or(prep.sentences.len().saturating_sub(1))
}

fn slice_chars(text: &str, a: usize, b: usize) -> String {
    text.chars().skip(a).take(b.saturating_sub(a)).collect()
}

/// Resolve the given entity spans across all articles; returns per article a
/// map (start, end) → entity id.
fn resolve_all(
    gold: &[GoldArticle],
    ents: &[Vec<EntitySpan>],
) -> Vec<HashMap<(usize, usize), String>> {
    let inputs: Vec<Vec<MentionIn>> = ents
        .iter()
        .map(|es| {
            es.iter()
                .map(|e| MentionIn {
                    start: e.start,
                    end: e.end,
                    label: e.label.clone(),
                    text: e.text.clone(),
                })
                .collect()
        })
        .collect();
    let dates: Vec<String> = gold.iter().map(|a| a.dct.to_string()).collect();
    let docs: Vec<DocInput> = gold
        .iter()
        .zip(&inputs)
        .zip(&dates)
        .map(|((a, m), d)| DocInput {
            doc_id: &a.id,
            text: &a.text,
            date: Some(d),
            mentions: m,
        })
        .collect();
    let res = Resolver::new().resolve(&docs);
    let mut out: Vec<HashMap<(usize, usize), String>> = vec![HashMap::new(); gold.len()];
    let by_id: HashMap<&str, usize> = gold
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    for e in &res.entities {
        for m in &e.mentions {
            if let Some(&d) = by_id.get(m.doc.as_str()) {
                out[d].insert((m.start, m.end), e.id.clone());
            }
        }
    }
    out
}

/// The party key of a span: the resolved entity whose mention lies inside it
/// (the longest), else the span's matching key.
fn party(
    ids: &HashMap<(usize, usize), String>,
    start: usize,
    end: usize,
    text: &str,
    role: &str,
) -> PartyInput {
    let hit = ids
        .iter()
        .filter(|(&(a, b), _)| a >= start && b <= end)
        .max_by_key(|(&(a, b), id)| (b - a, std::cmp::Reverse((*id).clone())));
    match hit {
        Some((_, id)) => PartyInput {
            key: id.clone(),
            resolved: true,
            name: text.to_string(),
            role: role.to_string(),
        },
        None => PartyInput {
            key: isnad_arabic::match_key(text),
            resolved: false,
            name: text.to_string(),
            role: role.to_string(),
        },
    }
}

fn documents(
    gold: &[GoldArticle],
    prep: &[Prepared],
    ids: &[HashMap<(usize, usize), String>],
) -> Vec<DocumentInput> {
    gold.iter()
        .zip(prep)
        .zip(ids)
        .map(|((a, p), ids)| {
            let mut counts: HashMap<&str, u32> = HashMap::new();
            for id in ids.values() {
                *counts.entry(id.as_str()).or_default() += 1;
            }
            let mut entities: Vec<(String, u32)> = counts
                .into_iter()
                .map(|(k, c)| (k.to_string(), c))
                .collect();
            entities.sort();
            let claims = p
                .sentences
                .iter()
                .enumerate()
                .flat_map(|(i, &(s, e))| {
                    isnad_fuse::find_claims(&slice_chars(&a.text, s, e))
                        .into_iter()
                        .map(move |text| isnad_fuse::ClaimInput {
                            sentence: i as u32,
                            text,
                        })
                })
                .collect();
            let title = p
                .sentences
                .first()
                .map(|&(s, e)| slice_chars(&a.text, s, e).chars().take(90).collect());
            DocumentInput {
                id: a.id.clone(),
                source: a.copy_of.clone().unwrap_or_else(|| a.id.clone()),
                outlet: Some(a.outlet.clone()),
                published: Some(a.dct),
                title,
                entities,
                claims,
                words: isnad_fuse::content_words(
                    &p.sentences
                        .iter()
                        .take(2)
                        .map(|&(s, e)| slice_chars(&a.text, s, e))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            }
        })
        .collect()
}

fn from_gold(gold: &[GoldArticle], prep: &[Prepared]) -> Built {
    let ents: Vec<Vec<EntitySpan>> = gold.iter().map(events::gold_entities).collect();
    let ids = resolve_all(gold, &ents);
    let docs = documents(gold, prep, &ids);
    let mut mentions = Vec::new();
    let mut gold_of = Vec::new();
    for (d, a) in gold.iter().enumerate() {
        for (k, g) in a.events.iter().enumerate() {
            let s = sentence_of(&prep[d], g.trigger.start);
            let (ss, se) = prep[d].sentences.get(s).copied().unwrap_or((0, 0));
            let mut participants = Vec::new();
            for (role, list) in [("actor", &g.actors), ("target", &g.targets)] {
                for x in list {
                    participants.push(party(&ids[d], x.start, x.end, &x.text, role));
                }
            }
            mentions.push(MentionInput {
                doc: d,
                index: k as u32,
                sentence: s as u32,
                event_type: g.event_type.clone(),
                subtype: g.subtype.clone(),
                participants,
                place: g
                    .place
                    .as_ref()
                    .map(|p| party(&ids[d], p.start, p.end, &p.text, "")),
                date: g.date.clone(),
                date_inherited: false,
                modality: g.modality.clone(),
                speaker: g.speaker.as_ref().map(|x| x.text.clone()),
                relays: g.relays.iter().map(|x| x.text.clone()).collect(),
                stance: g.stance.clone(),
                text: slice_chars(&a.text, ss, se),
            });
            gold_of.push(Some((d, k)));
        }
    }
    Built {
        docs,
        mentions,
        gold_of,
    }
}

/// The system's own mentions: NER spans, resolution, the event extractor.
fn from_system(
    gold: &[GoldArticle],
    prep: &[Prepared],
    model: &isnad_ner::NerModel,
    ex: &EventExtractor,
) -> Built {
    let ents = events::ner_entities(model, gold);
    let ids = resolve_all(gold, &ents);
    let docs = documents(gold, prep, &ids);
    let (sys, _) = events::extract_all(ex, gold, prep, &ents);
    let mut mentions = Vec::new();
    let mut gold_of = Vec::new();
    for (d, (a, evs)) in gold.iter().zip(&sys).enumerate() {
        for (k, m) in evs.iter().enumerate() {
            mentions.push(system_mention(d, k, a, &prep[d], &ids[d], m));
            gold_of.push(
                a.events
                    .iter()
                    .position(|g| {
                        g.trigger.start < m.trigger.end && m.trigger.start < g.trigger.end
                    })
                    .map(|g| (d, g)),
            );
        }
    }
    Built {
        docs,
        mentions,
        gold_of,
    }
}

fn system_mention(
    d: usize,
    k: usize,
    a: &GoldArticle,
    prep: &Prepared,
    ids: &HashMap<(usize, usize), String>,
    m: &EventMention,
) -> MentionInput {
    let (ss, se) = prep.sentences.get(m.sentence).copied().unwrap_or((0, 0));
    MentionInput {
        doc: d,
        index: k as u32,
        sentence: m.sentence as u32,
        event_type: m.event_type.clone(),
        subtype: m.subtype.clone(),
        participants: m
            .participants
            .iter()
            .map(|p| party(ids, p.span.start, p.span.end, &p.span.text, &p.role))
            .collect(),
        place: m
            .place
            .as_ref()
            .map(|p| party(ids, p.start, p.end, &p.text, "")),
        date: m.date.as_ref().and_then(|x| x.value.clone()),
        date_inherited: m.date.as_ref().is_some_and(|x| x.inherited),
        modality: m.modality.as_str().to_string(),
        speaker: m.attribution.speaker.as_ref().map(|x| x.text.clone()),
        relays: m
            .attribution
            .relays
            .iter()
            .map(|x| x.text.clone())
            .collect(),
        stance: m.attribution.stance.clone(),
        text: slice_chars(&a.text, ss, se),
    }
}

// ---------------------------------------------------------------- scoring

/// `event<TAB>field<TAB>...` rows of a planted-facts file (header skipped).
fn read_tsv(path: &Path) -> Result<Vec<Vec<String>>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let src = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    Ok(src
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(|x| x.trim().to_string()).collect())
        .collect())
}

fn gold_event_id(gold: &[GoldArticle], (d, k): (usize, usize)) -> String {
    gold[d].events[k]
        .event_id
        .clone()
        .unwrap_or_else(|| format!("{}#{k}", gold[d].id))
}

#[allow(clippy::too_many_arguments)]
fn score_slice(
    label: &str,
    gold: &[GoldArticle],
    built: &Built,
    fusion: &isnad_fuse::Fusion,
    keep: &dyn Fn(&GoldArticle) -> bool,
    planted_disagreements: &[Vec<String>],
    planted_claims: &[Vec<String>],
    with_planted: bool,
) -> Slice {
    // Coreference over the gold mentions the input covers.
    let mut labels: HashMap<String, usize> = HashMap::new();
    let (mut g, mut s) = (Vec::new(), Vec::new());
    let mut seen_gold: HashSet<(usize, usize)> = HashSet::new();
    for (i, go) in built.gold_of.iter().enumerate() {
        let Some(go) = *go else { continue };
        if !keep(&gold[go.0]) || !seen_gold.insert(go) {
            continue;
        }
        let n = labels.len();
        g.push(*labels.entry(gold_event_id(gold, go)).or_insert(n));
        s.push(fusion.mention_event[i]);
    }
    let coref = coref_scores(&g, &s);
    // Stories over the kept documents.
    let kept: Vec<usize> = (0..gold.len()).filter(|&d| keep(&gold[d])).collect();
    let stories = story_scores(
        &kept
            .iter()
            .map(|&d| gold[d].story.clone())
            .collect::<Vec<_>>(),
        &kept
            .iter()
            .map(|&d| fusion.document_story[d])
            .collect::<Vec<_>>(),
    );
    // Map each fused event to the gold event most of its mentions belong to.
    let mut votes: Vec<HashMap<String, usize>> = vec![HashMap::new(); fusion.events.len()];
    for (i, go) in built.gold_of.iter().enumerate() {
        if let Some(go) = *go {
            *votes[fusion.mention_event[i]]
                .entry(gold_event_id(gold, go))
                .or_default() += 1;
        }
    }
    let event_gold: Vec<Option<String>> = votes
        .iter()
        .map(|v| {
            v.iter()
                .max_by_key(|(k, c)| (**c, std::cmp::Reverse((*k).clone())))
                .map(|(k, _)| k.clone())
        })
        .collect();
    let in_slice = |e: usize| {
        fusion.events[e]
            .mentions
            .iter()
            .any(|m| gold.iter().any(|a| a.id == m.doc && keep(a)))
    };
    let disagreements = with_planted.then(|| {
        let want: HashSet<(String, String)> = planted_disagreements
            .iter()
            .filter(|r| r.len() >= 2)
            .map(|r| (r[0].clone(), r[1].clone()))
            .collect();
        let mut got: HashSet<(String, String)> = HashSet::new();
        for (e, ev) in fusion.events.iter().enumerate() {
            if !in_slice(e) {
                continue;
            }
            for d in &ev.disagreements {
                got.insert((
                    event_gold[e].clone().unwrap_or_else(|| ev.id.clone()),
                    d.field.clone(),
                ));
            }
        }
        let tp = got.intersection(&want).count();
        Prf::from(tp, got.len() - tp, want.len() - tp)
    });
    let claims = with_planted.then(|| {
        let norm = |s: &str| isnad_arabic::normalize(s);
        let mut tp = 0;
        let mut found = 0;
        let mut got_total = 0;
        for (e, ev) in fusion.events.iter().enumerate() {
            if !in_slice(e) {
                continue;
            }
            got_total += ev.claims.len();
            for c in &ev.claims {
                let hit = planted_claims.iter().any(|r| {
                    r.len() >= 3
                        && event_gold[e].as_deref() == Some(r[0].as_str())
                        && c.doc == r[1]
                        && (norm(&c.text).contains(&norm(&r[2]))
                            || norm(&r[2]).contains(&norm(&c.text)))
                });
                tp += usize::from(hit);
            }
        }
        for r in planted_claims.iter().filter(|r| r.len() >= 3) {
            let hit = fusion.events.iter().enumerate().any(|(e, ev)| {
                event_gold[e].as_deref() == Some(r[0].as_str())
                    && ev.claims.iter().any(|c| {
                        c.doc == r[1]
                            && (norm(&c.text).contains(&norm(&r[2]))
                                || norm(&r[2]).contains(&norm(&c.text)))
                    })
            });
            found += usize::from(hit);
        }
        let fp = got_total - tp;
        let want = planted_claims.iter().filter(|r| r.len() >= 3).count();
        Prf::from(found, fp, want - found)
    });
    Slice {
        label: label.to_string(),
        coref,
        stories,
        disagreements,
        claims,
    }
}

fn run_mode(
    input: &str,
    gold: &[GoldArticle],
    built: Built,
    cfg: &FuseConfig,
    planted: (&[Vec<String>], &[Vec<String>]),
) -> Run {
    let t = Instant::now();
    let fusion = isnad_fuse::fuse(&built.docs, &built.mentions, cfg);
    let fuse_ms = t.elapsed().as_secs_f64() * 1e3;
    if let Ok(prefix) = std::env::var("ISNAD_FUSION_DIAG") {
        eprintln!("{}", diagnose(gold, &built, &fusion, &prefix));
    }
    let total: usize = gold.iter().map(|a| a.events.len()).sum();
    let covered: HashSet<(usize, usize)> = built.gold_of.iter().flatten().copied().collect();
    let is_fusion = |a: &GoldArticle| a.story.starts_with('f');
    let slices = vec![
        score_slice(
            "all articles",
            gold,
            &built,
            &fusion,
            &|_| true,
            planted.0,
            planted.1,
            false,
        ),
        score_slice(
            "eval/events (thresholds set here)",
            gold,
            &built,
            &fusion,
            &|a| !is_fusion(a),
            planted.0,
            planted.1,
            false,
        ),
        score_slice(
            "eval/fusion (held-out)",
            gold,
            &built,
            &fusion,
            &is_fusion,
            planted.0,
            planted.1,
            true,
        ),
    ];
    Run {
        input: input.to_string(),
        coverage: (covered.len(), total),
        fuse_ms,
        slices,
    }
}

/// Split and merged gold events of the articles whose id starts with
/// `prefix`, mention by mention (for reading errors).
fn diagnose(
    gold: &[GoldArticle],
    built: &Built,
    fusion: &isnad_fuse::Fusion,
    prefix: &str,
) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut by_gold: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, go) in built.gold_of.iter().enumerate() {
        if let Some(go) = *go {
            if gold[go.0].id.starts_with(prefix) {
                by_gold.entry(gold_event_id(gold, go)).or_default().push(i);
            }
        }
    }
    let show = |i: usize| -> String {
        let m = &built.mentions[i];
        let ps: Vec<String> = m
            .participants
            .iter()
            .map(|p| format!("{}{}", p.key, if p.resolved { "" } else { "?" }))
            .collect();
        format!(
            "{} s{} {} {} [{}] date={} place={} mod={} -> E{}",
            built.docs[m.doc].id,
            m.sentence,
            m.event_type,
            m.subtype.as_deref().unwrap_or("-"),
            ps.join(", "),
            m.date.as_deref().unwrap_or("-"),
            m.place.as_ref().map_or("-", |p| p.key.as_str()),
            m.modality,
            fusion.mention_event[i]
        )
    };
    for (g, ms) in &by_gold {
        let sys: HashSet<usize> = ms.iter().map(|&i| fusion.mention_event[i]).collect();
        if sys.len() > 1 {
            let _ = writeln!(out, "SPLIT {g}");
            for &i in ms {
                let _ = writeln!(out, "    {}", show(i));
            }
        }
    }
    let mut by_sys: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, go) in built.gold_of.iter().enumerate() {
        if let Some(go) = *go {
            if gold[go.0].id.starts_with(prefix) {
                by_sys.entry(fusion.mention_event[i]).or_default().push(i);
            }
        }
    }
    let mut merged: Vec<(usize, Vec<usize>)> = by_sys.into_iter().collect();
    merged.sort();
    for (e, ms) in merged {
        let gs: HashSet<String> = ms
            .iter()
            .filter_map(|&i| built.gold_of[i])
            .map(|go| gold_event_id(gold, go))
            .collect();
        if gs.len() > 1 {
            let _ = writeln!(out, "MERGED E{e}: {gs:?}");
            for &i in &ms {
                let _ = writeln!(
                    out,
                    "    {} gold={}",
                    show(i),
                    built.gold_of[i]
                        .map(|go| gold_event_id(gold, go))
                        .unwrap_or_default()
                );
            }
        }
    }
    out
}

/// Score fusion on `events_dir` (eval/events) and `fusion_dir` (eval/fusion).
pub fn run(events_dir: &Path, fusion_dir: &Path) -> Result<FusionReport> {
    let mut gold = events::load_gold(events_dir)?;
    let mut notes = Vec::new();
    if fusion_dir.join("articles").exists() {
        gold.extend(events::load_gold(fusion_dir)?);
    } else {
        notes.push(format!(
            "{}: no articles; only eval/events scored",
            fusion_dir.display()
        ));
    }
    let dis = read_tsv(&fusion_dir.join("disagreements.tsv"))?;
    let claims = read_tsv(&fusion_dir.join("claims.tsv"))?;
    let tagger = TimeTagger::new();
    let prep: Vec<Prepared> = gold.iter().map(|a| events::prepare(a, &tagger)).collect();
    let cfg = FuseConfig::default();
    let mut runs = vec![run_mode(
        "gold mentions",
        &gold,
        from_gold(&gold, &prep),
        &cfg,
        (&dis, &claims),
    )];
    // The argument model learns from eval/fusion too: score the system run with one
    // trained on eval/events alone, so eval/fusion stays held out.
    let pool = crate::arguments::Pool::load(&[events_dir])?;
    let args = pool.train(&|_| true, "");
    let dates = pool.train_dates(&|_| true, "");
    let triggers = pool.train_triggers(&|_| true, "");
    let ex = EventExtractor::new()
        .with_argument_model(Some(args))
        .with_date_model(Some(dates))
        .with_trigger_model(Some(triggers));
    match isnad_ner::NerModel::load_default() {
        Ok(model) => runs.push(run_mode(
            "system mentions (NER + resolution + events)",
            &gold,
            from_system(&gold, &prep, &model, &ex),
            &cfg,
            (&dis, &claims),
        )),
        Err(e) => notes.push(format!("system run skipped: {e}")),
    }
    notes.push("system run: coreference scored on the gold mentions that an extracted mention overlaps; stories on all documents".into());
    Ok(FusionReport {
        articles: gold.len(),
        runs,
        notes,
    })
}

impl fmt::Display for FusionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "fusion: {} articles", self.articles)?;
        for r in &self.runs {
            writeln!(
                f,
                "\n== input: {} ({}/{} gold mentions covered, fusion {:.1} ms) ==",
                r.input, r.coverage.0, r.coverage.1, r.fuse_ms
            )?;
            for s in r.slices.iter().filter(|s| s.stories.documents > 0) {
                let c = &s.coref;
                writeln!(
                    f,
                    "-- {}: {} mentions, {} gold events, {} system events",
                    s.label, c.mentions, c.gold_events, c.system_events
                )?;
                writeln!(f, "   B-cubed   {}", c.b3)?;
                writeln!(f, "   MUC       {}", c.muc)?;
                writeln!(f, "   CEAF-e    {}", c.ceafe)?;
                writeln!(f, "   CoNLL F1  {:5.1}", 100.0 * c.conll_f1)?;
                let st = &s.stories;
                writeln!(
                    f,
                    "   stories   purity {:5.1}  inverse purity {:5.1}  F {:5.1}  ({} docs, {} gold, {} system)",
                    100.0 * st.purity,
                    100.0 * st.inverse_purity,
                    100.0 * st.f1,
                    st.documents,
                    st.gold_stories,
                    st.system_stories
                )?;
                if let Some(d) = &s.disagreements {
                    writeln!(f, "   disagreements (planted, by event+field)  {d}")?;
                }
                if let Some(c) = &s.claims {
                    writeln!(f, "   claims (planted, on the right event)     {c}")?;
                }
            }
        }
        for n in &self.notes {
            writeln!(f, "note: {n}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_split_clusterings() {
        let g = [0, 0, 0, 1, 1, 2];
        let c = coref_scores(&g, &g);
        assert!((c.conll_f1 - 1.0).abs() < 1e-9);
        // All singletons: B3 precision 1, recall low; MUC recall 0.
        let s = [0, 1, 2, 3, 4, 5];
        let c = coref_scores(&g, &s);
        assert!((c.b3.p - 1.0).abs() < 1e-9);
        assert!((c.b3.r - (1.0 / 3.0 * 3.0 / 6.0 + 0.5 * 2.0 / 6.0 + 1.0 / 6.0)).abs() < 1e-9);
        assert_eq!(c.muc.r, 0.0);
        // One big cluster: B3 recall 1.
        let one = [7; 6];
        let c = coref_scores(&g, &one);
        assert!((c.b3.r - 1.0).abs() < 1e-9);
        assert!((c.muc.r - 1.0).abs() < 1e-9);
    }

    #[test]
    fn eval_fusion_gold() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let rep = run(&root.join("eval/events"), &root.join("eval/fusion")).unwrap();
        println!("{rep}");
        assert!(rep.articles >= 100);
        let held_out = &rep.runs[0].slices[2];
        // Floors well under the measured numbers: they catch a broken stage.
        assert!(held_out.coref.conll_f1 > 0.7, "{held_out:?}");
        assert!(held_out.coref.b3.p > 0.9, "{held_out:?}");
        assert!(held_out.stories.purity > 0.9, "{held_out:?}");
        assert!(held_out.disagreements.unwrap().tp >= 5, "{held_out:?}");
    }

    #[test]
    fn hungarian_finds_the_best_assignment() {
        let w = vec![vec![0.9, 0.8], vec![0.85, 0.1]];
        assert!((assignment_max(&w) - 1.65).abs() < 1e-9);
        let w = vec![vec![0.5, 0.2, 0.9]];
        assert!((assignment_max(&w) - 0.9).abs() < 1e-9);
    }

    #[test]
    fn purity_of_stories() {
        let g: Vec<String> = ["a", "a", "b", "b"].iter().map(|s| s.to_string()).collect();
        let st = story_scores(&g, &[0, 0, 0, 1]);
        assert!((st.purity - 0.75).abs() < 1e-9);
        assert!((st.inverse_purity - 0.75).abs() < 1e-9);
        let st = story_scores(&g, &[5, 5, 5, 5]);
        assert!((st.purity - 0.5).abs() < 1e-9);
        assert!((st.inverse_purity - 1.0).abs() < 1e-9);
    }
}
