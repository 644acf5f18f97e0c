//! Story grouping: documents, in publication order, join the open story whose
//! centroid is nearest (cosine over entity and shared-event features, IDF-
//! weighted) or start a new one. A story closes to new documents after
//! `story_window_days` without one, so it can run for weeks without
//! swallowing every later article about the same country. Candidate stories
//! come from an inverted index over the document's rarer features, scanned
//! newest first, which keeps the pass near-linear.

use std::collections::{HashMap, HashSet};

use crate::{stable_id, DocumentInput, FuseConfig, FusedEvent, MentionInput, Story};

/// Shared events weigh more than shared entities: two reports of one
/// meeting are one story even when they name different officials.
const EVENT_WEIGHT: f32 = 2.0;
/// Weight of entities and shared events against words in a document vector.
const ENTITY_SHARE: f32 = 0.6;
/// Features in more than this share of documents do not propose candidates.
const MAX_CANDIDATE_DF: f64 = 0.05;
/// ...but in a small collection every feature may propose candidates.
const MIN_CANDIDATE_DF: u32 = 100;
/// Stories compared per document.
const MAX_CANDIDATES: usize = 100;
/// Posting entries scanned per feature, newest first.
const MAX_SCAN: usize = 200;

struct Open {
    centroid: HashMap<u32, f32>,
    norm2: f32,
    last_day: Option<i64>,
    docs: Vec<usize>,
}

/// Group documents into stories; sets `story` on each event. Returns the
/// stories and the story index of every document.
pub fn group(
    docs: &[DocumentInput],
    mentions: &[MentionInput],
    mention_event: &[usize],
    events: &mut [FusedEvent],
    cfg: &FuseConfig,
) -> (Vec<Story>, Vec<usize>) {
    // Feature ids: entity keys, then events reported by two documents or more.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut id_of = |k: String, names: &mut Vec<String>| -> u32 {
        *ids.entry(k.clone()).or_insert_with(|| {
            names.push(k);
            (names.len() - 1) as u32
        })
    };
    let mut raw: Vec<Vec<(u32, f32, bool)>> = vec![Vec::new(); docs.len()];
    for (d, doc) in docs.iter().enumerate() {
        for (k, c) in &doc.entities {
            let f = id_of(k.clone(), &mut names);
            raw[d].push((f, 1.0 + (*c as f32).ln(), false));
        }
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for w in &doc.words {
            *counts.entry(w.as_str()).or_default() += 1;
        }
        let mut counts: Vec<(&str, u32)> = counts.into_iter().collect();
        counts.sort_unstable();
        for (w, c) in counts {
            let f = id_of(format!("word:{w}"), &mut names);
            raw[d].push((f, 1.0 + (c as f32).ln(), true));
        }
    }
    let mut event_docs: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        event_docs
            .entry(mention_event[i])
            .or_default()
            .insert(m.doc);
    }
    let mut event_keys: Vec<(usize, Vec<usize>)> = event_docs
        .into_iter()
        .filter(|(_, ds)| ds.len() > 1)
        .map(|(e, ds)| {
            let mut ds: Vec<usize> = ds.into_iter().collect();
            ds.sort_unstable();
            (e, ds)
        })
        .collect();
    event_keys.sort();
    for (e, ds) in event_keys {
        let f = id_of(format!("event:{e}"), &mut names);
        for d in ds {
            raw[d].push((f, EVENT_WEIGHT, false));
        }
    }
    let n = docs.len().max(1) as f64;
    let mut df = vec![0u32; names.len()];
    for r in &raw {
        for &(f, _, _) in r {
            df[f as usize] += 1;
        }
    }
    let idf = |f: u32| ((n + 1.0) / (df[f as usize] as f64 + 0.5)).ln() as f32;
    // Unit vectors per document: the entity-and-event part and the word part
    // are normalised apart, then mixed, so that a long text's many words do
    // not drown the few names that say what the story is about.
    let vecs: Vec<Vec<(u32, f32)>> = raw
        .iter()
        .map(|r| {
            let part = |words: bool| -> Vec<(u32, f32)> {
                // A feature of one document links nothing; it would only dilute the cosine.
                let mut v: Vec<(u32, f32)> = r
                    .iter()
                    .filter(|&&(f, _, w)| w == words && df[f as usize] > 1)
                    .map(|&(f, w, _)| (f, w * idf(f).max(0.0)))
                    .collect();
                v.sort_by_key(|x| x.0);
                v.dedup_by(|a, b| {
                    if a.0 == b.0 {
                        b.1 += a.1;
                        true
                    } else {
                        false
                    }
                });
                let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
                if norm > 0.0 {
                    for x in &mut v {
                        x.1 /= norm;
                    }
                }
                v
            };
            let (ents, words) = (part(false), part(true));
            let share = match (ents.is_empty(), words.is_empty()) {
                (false, false) => ENTITY_SHARE,
                (false, true) => 1.0,
                _ => 0.0,
            };
            let mut v: Vec<(u32, f32)> = ents
                .into_iter()
                .map(|(f, w)| (f, w * share.sqrt()))
                .collect();
            v.extend(
                words
                    .into_iter()
                    .map(|(f, w)| (f, w * (1.0 - share).sqrt())),
            );
            v.sort_by_key(|x| x.0);
            v
        })
        .collect();

    let day = |d: usize| docs[d].published.map(|p| p.to_days());
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |d: usize| {
            (
                day(d).is_none(),
                day(d),
                docs[d].source != docs[d].id,
                docs[d].id.as_str(),
            )
        };
        key(a).cmp(&key(b))
    });
    let index_of: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let max_df = ((n * MAX_CANDIDATE_DF).ceil() as u32).max(MIN_CANDIDATE_DF);
    let mut postings: HashMap<u32, Vec<(usize, Option<i64>)>> = HashMap::new();
    let mut open: Vec<Open> = Vec::new();
    let mut story_of: Vec<Option<usize>> = vec![None; docs.len()];
    for &d in &order {
        let v = &vecs[d];
        let dd = day(d);
        // A copy goes where its canonical document went.
        let copied = index_of
            .get(docs[d].source.as_str())
            .filter(|_| cfg.link_copies)
            .filter(|&&s| s != d)
            .and_then(|&s| story_of[s]);
        let chosen = copied.or_else(|| {
            let mut seen: HashSet<usize> = HashSet::new();
            let mut best: Option<(f32, usize)> = None;
            // The document's most distinctive features propose first.
            let mut by_weight: Vec<(u32, f32)> = v.clone();
            by_weight.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            for &(f, _) in &by_weight {
                if df[f as usize] < 2 || df[f as usize] > max_df {
                    continue;
                }
                if seen.len() >= MAX_CANDIDATES {
                    break;
                }
                let Some(list) = postings.get(&f) else {
                    continue;
                };
                for &(s, pd) in list.iter().rev().take(MAX_SCAN) {
                    if let (Some(a), Some(b)) = (dd, pd) {
                        if a - b > cfg.story_window_days {
                            break;
                        }
                    }
                    if !seen.insert(s) {
                        continue;
                    }
                    let st = &open[s];
                    if let (Some(a), Some(b)) = (dd, st.last_day) {
                        if a - b > cfg.story_window_days {
                            continue;
                        }
                    }
                    let dot: f32 = v
                        .iter()
                        .map(|(g, w)| w * st.centroid.get(g).copied().unwrap_or(0.0))
                        .sum();
                    let cos = dot / st.norm2.sqrt().max(1e-6);
                    if cos >= cfg.story_threshold && best.is_none_or(|(b, _)| cos > b) {
                        best = Some((cos, s));
                    }
                }
            }
            best.map(|(_, s)| s)
        });
        let s = chosen.unwrap_or_else(|| {
            open.push(Open {
                centroid: HashMap::new(),
                norm2: 0.0,
                last_day: None,
                docs: Vec::new(),
            });
            open.len() - 1
        });
        let st = &mut open[s];
        let dot: f32 = v
            .iter()
            .map(|(g, w)| w * st.centroid.get(g).copied().unwrap_or(0.0))
            .sum();
        let self2: f32 = v.iter().map(|x| x.1 * x.1).sum();
        st.norm2 += 2.0 * dot + self2;
        for &(g, w) in v {
            *st.centroid.entry(g).or_default() += w;
        }
        st.last_day = match (st.last_day, dd) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        st.docs.push(d);
        story_of[d] = Some(s);
        for &(f, _) in v {
            if df[f as usize] >= 2 && df[f as usize] <= max_df {
                postings.entry(f).or_default().push((s, dd));
            }
        }
    }
    let document_story: Vec<usize> = story_of.iter().map(|s| s.unwrap_or(0)).collect();

    // Events go to the story holding most of their mentions.
    let doc_index: HashMap<&str, usize> = index_of;
    let mut story_events: Vec<Vec<usize>> = vec![Vec::new(); open.len()];
    for (e, ev) in events.iter_mut().enumerate() {
        let mut votes: HashMap<usize, usize> = HashMap::new();
        for m in &ev.mentions {
            if let Some(&d) = doc_index.get(m.doc.as_str()) {
                *votes.entry(document_story[d]).or_default() += 1;
            }
        }
        if let Some((&s, _)) = votes
            .iter()
            .max_by_key(|&(s, c)| (*c, std::cmp::Reverse(*s)))
        {
            ev.story = Some(s);
            story_events[s].push(e);
        }
    }
    let stories = open
        .into_iter()
        .zip(story_events)
        .map(|(st, evs)| {
            let norm = st.norm2.sqrt().max(1e-6);
            let central = st
                .docs
                .iter()
                .copied()
                .max_by(|&a, &b| {
                    let c = |d: usize| -> f32 {
                        vecs[d]
                            .iter()
                            .map(|(g, w)| w * st.centroid.get(g).copied().unwrap_or(0.0))
                            .sum::<f32>()
                            / norm
                    };
                    c(a).total_cmp(&c(b)).then(b.cmp(&a))
                })
                .unwrap_or(st.docs[0]);
            let mut top: Vec<(u32, f32)> = st
                .centroid
                .iter()
                .filter(|(g, _)| !names[**g as usize].starts_with("event:"))
                .map(|(g, w)| (*g, *w))
                .collect();
            top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let days: Vec<i64> = st.docs.iter().filter_map(|&d| day(d)).collect();
            let iso = |x: i64| isnad_time::Date::from_days(x).to_string();
            let mut documents: Vec<String> = st.docs.iter().map(|&d| docs[d].id.clone()).collect();
            let first_doc = documents[0].clone();
            documents.sort();
            Story {
                id: stable_id("s", &first_doc),
                title: docs[central].title.clone().unwrap_or_default(),
                documents,
                events: evs,
                first: days.iter().min().map(|&x| iso(x)),
                last: days.iter().max().map(|&x| iso(x)),
                entities: top
                    .into_iter()
                    .take(5)
                    .map(|(g, _)| names[g as usize].clone())
                    .collect(),
            }
        })
        .collect();
    (stories, document_story)
}
