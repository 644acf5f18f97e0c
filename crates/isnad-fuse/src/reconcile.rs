//! One merged cluster of mentions → one [`FusedEvent`]: reconciled fields,
//! sources counted by copy group, and every disagreement with who claims what.
//! Nothing is overwritten silently: a field whose sources differ keeps each
//! alternative with its sources and mentions.

use std::collections::{BTreeMap, HashMap, HashSet};

use isnad_time::Date;

use crate::dates::{granularity, interval};
use crate::{
    stable_id, Alternative, Claim, Disagreement, DocumentInput, FusedEvent, MentionInput,
    MentionRef, Party,
};

/// Claims of each mention: a claim belongs to the first mention of its
/// sentence, else to the last mention of one of the two sentences before it
/// («...التقى X بـY. وهو أول لقاء منذ 2011»).
pub fn assign_claims(
    docs: &[DocumentInput],
    mentions: &[MentionInput],
) -> HashMap<usize, Vec<Claim>> {
    let mut by_doc: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        by_doc.entry(m.doc).or_default().push(i);
    }
    let mut out: HashMap<usize, Vec<Claim>> = HashMap::new();
    for (d, doc) in docs.iter().enumerate() {
        let Some(ms) = by_doc.get(&d) else { continue };
        for c in &doc.claims {
            let same = ms
                .iter()
                .copied()
                .find(|&i| mentions[i].sentence == c.sentence);
            let before = || {
                ms.iter()
                    .copied()
                    .filter(|&i| {
                        mentions[i].sentence < c.sentence && mentions[i].sentence + 2 >= c.sentence
                    })
                    .max_by_key(|&i| (mentions[i].sentence, mentions[i].index))
            };
            if let Some(i) = same.or_else(before) {
                out.entry(i).or_default().push(Claim {
                    text: c.text.clone(),
                    doc: doc.id.clone(),
                    sentence: c.sentence,
                });
            }
        }
    }
    out
}

fn iso(days: i64) -> String {
    Date::from_days(days).to_string()
}

/// Group mention positions (indices into the event's mention list) by a
/// value, keeping first-seen order.
fn alternatives(
    values: impl Iterator<Item = (String, usize)>,
    refs: &[MentionRef],
) -> Vec<Alternative> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (v, k) in values {
        if !groups.contains_key(&v) {
            order.push(v.clone());
        }
        groups.entry(v).or_default().push(k);
    }
    order
        .into_iter()
        .map(|v| {
            let ms = groups.remove(&v).unwrap_or_default();
            let mut sources: Vec<String> = ms.iter().map(|&k| refs[k].source.clone()).collect();
            sources.sort();
            sources.dedup();
            let mut outlets: Vec<String> =
                ms.iter().filter_map(|&k| refs[k].outlet.clone()).collect();
            outlets.sort();
            outlets.dedup();
            Alternative {
                value: v,
                sources,
                outlets,
                mentions: ms,
            }
        })
        .collect()
}

fn support(a: &Alternative) -> usize {
    a.sources.len()
}

/// Build the event of one cluster (mention indices into `mentions`).
pub fn reconcile(
    docs: &[DocumentInput],
    mentions: &[MentionInput],
    cluster: &[usize],
    claims: &HashMap<usize, Vec<Claim>>,
) -> FusedEvent {
    let mut ms: Vec<usize> = cluster.to_vec();
    let published = |i: usize| docs.get(mentions[i].doc).and_then(|d| d.published);
    let doc_id = |i: usize| {
        docs.get(mentions[i].doc)
            .map(|d| d.id.as_str())
            .unwrap_or("")
    };
    ms.sort_by(|&a, &b| {
        (
            published(a).is_none(),
            published(a),
            doc_id(a),
            mentions[a].index,
        )
            .cmp(&(
                published(b).is_none(),
                published(b),
                doc_id(b),
                mentions[b].index,
            ))
    });
    let refs: Vec<MentionRef> = ms
        .iter()
        .map(|&i| {
            let m = &mentions[i];
            let d = docs.get(m.doc);
            MentionRef {
                doc: d.map(|d| d.id.clone()).unwrap_or_default(),
                index: m.index,
                sentence: m.sentence,
                source: d.map(|d| d.source.clone()).unwrap_or_default(),
                outlet: d.and_then(|d| d.outlet.clone()),
                published: d.and_then(|d| d.published).map(|p| p.to_string()),
                modality: m.modality.clone(),
                date: m.date.clone(),
                speaker: m.speaker.clone(),
                relays: m.relays.clone(),
                stance: m.stance.clone(),
            }
        })
        .collect();
    let first_key = ms
        .iter()
        .map(|&i| (doc_id(i), mentions[i].index))
        .min()
        .map(|(d, i)| format!("{d}:{i}"))
        .unwrap_or_default();
    let n_sources = refs
        .iter()
        .map(|r| r.source.as_str())
        .collect::<HashSet<&str>>()
        .len();
    let majority = |vals: Vec<&str>| -> Option<String> {
        let mut c: BTreeMap<&str, usize> = BTreeMap::new();
        for v in vals {
            *c.entry(v).or_default() += 1;
        }
        c.into_iter()
            .max_by_key(|&(v, n)| (n, std::cmp::Reverse(v)))
            .map(|(v, _)| v.to_string())
    };
    let event_type = majority(
        ms.iter()
            .map(|&i| mentions[i].event_type.as_str())
            .collect(),
    )
    .unwrap_or_default();
    let subtype = majority(
        ms.iter()
            .filter_map(|&i| mentions[i].subtype.as_deref())
            .collect(),
    );

    let mut disagreements = Vec::new();

    // Date: the best-supported value anchors; the most specific value inside it wins.
    let dated: Vec<(String, usize)> = refs
        .iter()
        .enumerate()
        .filter_map(|(k, r)| {
            r.date
                .clone()
                .filter(|v| interval(v).is_some())
                .map(|v| (v, k))
        })
        .collect();
    let date_alts = alternatives(dated.into_iter(), &refs);
    let span = |a: &Alternative| interval(&a.value).expect("filtered above");
    let anchor = date_alts.iter().max_by_key(|a| {
        (
            support(a),
            std::cmp::Reverse(span(a).days()),
            std::cmp::Reverse(span(a).start),
        )
    });
    let date = anchor.map(|anc| {
        date_alts
            .iter()
            .filter(|a| span(anc).contains(span(a)))
            .min_by_key(|a| (span(a).days(), std::cmp::Reverse(support(a))))
            .unwrap_or(anc)
            .value
            .clone()
    });
    let conflict = date_alts.iter().enumerate().any(|(x, a)| {
        date_alts[x + 1..]
            .iter()
            .any(|b| !span(a).intersects(span(b)))
    });
    if conflict {
        disagreements.push(Disagreement {
            field: "date".into(),
            alternatives: date_alts.clone(),
        });
    }
    let event_day = date.as_deref().and_then(interval);
    let sort_date = event_day.map(|i| iso(i.start)).or_else(|| {
        ms.iter()
            .filter_map(|&i| published(i))
            .min()
            .map(|d| d.to_string())
    });

    // Place: resolved places can disagree; an unresolved phrase only fills a gap.
    let place_of = |k: usize| mentions[ms[k]].place.as_ref();
    let resolved_places = alternatives(
        (0..refs.len()).filter_map(|k| {
            place_of(k)
                .filter(|p| p.resolved)
                .map(|p| (p.key.clone(), k))
        }),
        &refs,
    );
    if resolved_places.len() > 1 {
        let mut alts = resolved_places.clone();
        for a in &mut alts {
            a.value = place_of(a.mentions[0])
                .map(|p| p.name.clone())
                .unwrap_or_default();
        }
        disagreements.push(Disagreement {
            field: "place".into(),
            alternatives: alts,
        });
    }
    let place_alts = if resolved_places.is_empty() {
        alternatives(
            (0..refs.len()).filter_map(|k| place_of(k).map(|p| (p.key.clone(), k))),
            &refs,
        )
    } else {
        resolved_places
    };
    let place = place_alts.iter().max_by_key(|a| support(a)).and_then(|a| {
        let p = place_of(a.mentions[0])?;
        Some(Party {
            key: p.key.clone(),
            resolved: p.resolved,
            name: p.name.clone(),
            roles: Vec::new(),
            sources: support(a),
        })
    });

    // Participants: the union, each with its roles and how many sources name it.
    let mut parties: Vec<Party> = Vec::new();
    let mut party_sources: HashMap<String, HashSet<&str>> = HashMap::new();
    let mut names: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
    for (k, &i) in ms.iter().enumerate() {
        for p in &mentions[i].participants {
            party_sources
                .entry(p.key.clone())
                .or_default()
                .insert(refs[k].source.as_str());
            *names
                .entry(p.key.clone())
                .or_default()
                .entry(p.name.clone())
                .or_default() += 1;
            match parties.iter_mut().find(|x| x.key == p.key) {
                Some(x) => {
                    if !x.roles.contains(&p.role) {
                        x.roles.push(p.role.clone());
                    }
                }
                None => parties.push(Party {
                    key: p.key.clone(),
                    resolved: p.resolved,
                    name: p.name.clone(),
                    roles: vec![p.role.clone()],
                    sources: 0,
                }),
            }
        }
    }
    for p in &mut parties {
        p.sources = party_sources.get(&p.key).map_or(0, HashSet::len);
        if let Some(n) = names.get(&p.key) {
            if let Some((best, _)) = n
                .iter()
                .max_by_key(|&(s, c)| (*c, std::cmp::Reverse(s.clone())))
            {
                p.name = best.clone();
            }
        }
        p.roles.sort();
    }
    parties.sort_by(|a, b| b.sources.cmp(&a.sources).then(a.key.cmp(&b.key)));
    // Sources that list two or more resolved parties and list different sets disagree.
    let mut per_source: BTreeMap<&str, (Vec<String>, Vec<usize>)> = BTreeMap::new();
    for (k, &i) in ms.iter().enumerate() {
        let e = per_source.entry(refs[k].source.as_str()).or_default();
        e.1.push(k);
        for p in mentions[i].participants.iter().filter(|p| p.resolved) {
            if !e.0.contains(&p.key) {
                e.0.push(p.key.clone());
            }
        }
    }
    let sets: Vec<(String, Vec<usize>)> = per_source
        .into_values()
        .filter(|(keys, _)| keys.len() >= 2)
        .map(|(mut keys, ks)| {
            keys.sort();
            let shown: Vec<String> = keys
                .iter()
                .map(|key| {
                    parties
                        .iter()
                        .find(|p| &p.key == key)
                        .map_or(key.clone(), |p| p.name.clone())
                })
                .collect();
            (shown.join(" + "), ks)
        })
        .collect();
    let distinct: HashSet<&str> = sets.iter().map(|(s, _)| s.as_str()).collect();
    if distinct.len() > 1 {
        disagreements.push(Disagreement {
            field: "participants".into(),
            alternatives: alternatives(
                sets.iter()
                    .flat_map(|(s, ks)| ks.iter().map(move |&k| (s.clone(), k))),
                &refs,
            ),
        });
    }

    // Modality: a planned report after the day it was said to happen, or a
    // denial against any other report, is a disagreement; an announcement
    // followed by the event is not.
    let day_of_event = |k: usize| -> Option<i64> {
        event_day.map(|i| i.start).or_else(|| {
            refs[k]
                .published
                .as_deref()
                .and_then(Date::parse_iso)
                .map(|d| d.to_days())
        })
    };
    let pub_day = |k: usize| {
        refs[k]
            .published
            .as_deref()
            .and_then(Date::parse_iso)
            .map(|d| d.to_days())
    };
    let mut modality_conflict = false;
    for x in 0..refs.len() {
        for y in 0..refs.len() {
            let (a, b) = (refs[x].modality.as_str(), refs[y].modality.as_str());
            if a == b || refs[x].source == refs[y].source {
                continue;
            }
            let clash = match (a, b) {
                ("denied", o) | (o, "denied") => o != "proposed",
                ("asserted", "planned" | "possible") => match (pub_day(y), day_of_event(x)) {
                    (Some(p), Some(e)) => p > e,
                    _ => true,
                },
                _ => false,
            };
            modality_conflict |= clash;
        }
    }
    if modality_conflict {
        disagreements.push(Disagreement {
            field: "modality".into(),
            alternatives: alternatives(
                refs.iter()
                    .enumerate()
                    .map(|(k, r)| (r.modality.clone(), k)),
                &refs,
            ),
        });
    }
    // The latest reports say where things stand; among them, most sources win.
    let latest = refs.iter().filter_map(|r| r.published.clone()).max();
    let current: Vec<&str> = refs
        .iter()
        .filter(|r| latest.is_none() || r.published == latest)
        .map(|r| r.modality.as_str())
        .collect();
    let modality = majority(current).unwrap_or_else(|| "asserted".into());

    let mut event_claims: Vec<Claim> = ms
        .iter()
        .filter_map(|i| claims.get(i))
        .flatten()
        .cloned()
        .collect();
    event_claims.dedup();

    FusedEvent {
        id: stable_id("e", &first_key),
        event_type,
        subtype,
        granularity: date.as_deref().map(|d| granularity(d).to_string()),
        date,
        sort_date,
        place,
        participants: parties,
        modality,
        mentions: refs,
        sources: n_sources,
        disagreements,
        claims: event_claims,
        story: None,
    }
}
