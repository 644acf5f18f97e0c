//! A light summary of every stored document, for lists, filters and copy
//! groups, so pages need not read every text per request.

use std::collections::{BTreeMap, HashMap};

use isnad_core::SentenceKind;
use isnad_search::date_key;
use isnad_store::{Store, StoreError, TimexRow};
use serde::Serialize;

/// Longest lead shown in lists, in chars.
const LEAD_CHARS: usize = 220;

#[derive(Debug, Clone, Serialize)]
pub struct DocSummary {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// `YYYY-MM-DD` or `YYYY-MM` when known.
    pub published: Option<String>,
    pub url: Option<String>,
    pub copy_of: Option<String>,
    pub sentences: usize,
    /// The first body sentence, cut to size.
    pub lead: String,
}

impl DocSummary {
    /// The canonical document of this one's copy group.
    pub fn group(&self) -> &str {
        self.copy_of.as_deref().unwrap_or(&self.id)
    }
}

/// One mention of an entity.
#[derive(Debug, Clone, Serialize)]
pub struct EntityMention {
    pub doc: String,
    pub sentence: Option<u32>,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// An entity: mentions sharing a type and matching key (until
/// cross-document resolution merges spellings further).
#[derive(Debug, Clone, Serialize)]
pub struct Entity {
    /// PER, ORG, LOC, GPE, MISC, TITLE.
    pub label: String,
    /// The matching key.
    pub norm: String,
    /// The most frequent surface form.
    pub name: String,
    /// Surface forms with their counts, most frequent first.
    pub aliases: Vec<(String, usize)>,
    pub mentions: Vec<EntityMention>,
    /// Distinct documents mentioning it.
    pub documents: usize,
}

/// An annotation span inside a document's text.
#[derive(Debug, Clone)]
pub struct DocMention {
    /// Index into `Catalog::entities`.
    pub entity: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Default)]
pub struct Catalog {
    /// In the store's order: by publication date, undated last.
    pub docs: Vec<DocSummary>,
    by_id: HashMap<String, usize>,
    /// Canonical id → every member of its group (canonical first).
    groups: HashMap<String, Vec<usize>>,
    /// Outlet → number of documents.
    pub outlets: BTreeMap<String, usize>,
    /// Most mentioned first.
    pub entities: Vec<Entity>,
    entity_at: HashMap<(String, String), usize>,
    /// Document id → its entity mentions, by start.
    pub doc_mentions: HashMap<String, Vec<DocMention>>,
    /// Document id → its temporal expressions, by start.
    pub doc_timexes: HashMap<String, Vec<TimexRow>>,
}

impl Catalog {
    pub fn load(store: &Store) -> Result<Catalog, StoreError> {
        let mut docs = Vec::new();
        store.for_each_document(|d| {
            let lead = d
                .sentences
                .iter()
                .find(|s| s.kind == SentenceKind::Body)
                .or(d.sentences.first())
                .map(|s| {
                    let n = s.end.saturating_sub(s.start);
                    let mut t: String = d
                        .text
                        .chars()
                        .skip(s.start)
                        .take(n.min(LEAD_CHARS))
                        .collect();
                    if n > LEAD_CHARS {
                        t.push('…');
                    }
                    t
                })
                .unwrap_or_default();
            docs.push(DocSummary {
                id: d.id.0,
                title: d.title,
                outlet: d.outlet,
                published: d.published_value,
                url: d.url,
                copy_of: d.copy_of.map(|c| c.0),
                sentences: d.sentences.len(),
                lead,
            });
            Ok::<(), StoreError>(())
        })?;
        let mut cat = Catalog::from_docs(docs);
        let mut entities = Vec::new();
        store.for_each_mention_group(|g| {
            let mut aliases: Vec<(String, usize)> = Vec::new();
            let mut docs_seen: Vec<&str> = Vec::new();
            for (d, m) in &g.mentions {
                match aliases.iter_mut().find(|(a, _)| *a == m.text) {
                    Some(a) => a.1 += 1,
                    None => aliases.push((m.text.clone(), 1)),
                }
                if !docs_seen.contains(&d.as_str()) {
                    docs_seen.push(d.as_str());
                }
            }
            aliases.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let documents = docs_seen.len();
            entities.push(Entity {
                label: g.label,
                norm: g.norm,
                name: aliases.first().map(|a| a.0.clone()).unwrap_or_default(),
                aliases,
                documents,
                mentions: g
                    .mentions
                    .into_iter()
                    .map(|(d, m)| EntityMention {
                        doc: d.0,
                        sentence: m.sentence,
                        start: m.start,
                        end: m.end,
                        text: m.text,
                    })
                    .collect(),
            });
            Ok::<(), StoreError>(())
        })?;
        entities.sort_by(|a, b| {
            b.mentions
                .len()
                .cmp(&a.mentions.len())
                .then_with(|| a.name.cmp(&b.name))
        });
        for (i, e) in entities.iter().enumerate() {
            cat.entity_at.insert((e.label.clone(), e.norm.clone()), i);
            for m in &e.mentions {
                cat.doc_mentions
                    .entry(m.doc.clone())
                    .or_default()
                    .push(DocMention {
                        entity: i,
                        start: m.start,
                        end: m.end,
                    });
            }
        }
        for v in cat.doc_mentions.values_mut() {
            v.sort_by_key(|m| (m.start, m.end));
        }
        cat.entities = entities;
        store.for_each_timex(|doc, t| {
            cat.doc_timexes.entry(doc.0).or_default().push(t);
            Ok::<(), StoreError>(())
        })?;
        Ok(cat)
    }

    /// The entity with this type and matching key.
    pub fn entity(&self, label: &str, norm: &str) -> Option<(usize, &Entity)> {
        self.entity_at
            .get(&(label.to_string(), norm.to_string()))
            .map(|&i| (i, &self.entities[i]))
    }

    /// Entities sharing documents with entity `i`: (entity, shared documents),
    /// most shared first.
    pub fn co_occurring(&self, i: usize) -> Vec<(&Entity, usize)> {
        let mut docs: Vec<&str> = self.entities[i]
            .mentions
            .iter()
            .map(|m| m.doc.as_str())
            .collect();
        docs.sort();
        docs.dedup();
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for d in docs {
            let mut seen: Vec<usize> = self
                .doc_mentions
                .get(d)
                .map(|v| v.iter().map(|m| m.entity).filter(|&e| e != i).collect())
                .unwrap_or_default();
            seen.sort();
            seen.dedup();
            for e in seen {
                *counts.entry(e).or_insert(0) += 1;
            }
        }
        let mut out: Vec<(&Entity, usize)> = counts
            .into_iter()
            .map(|(e, n)| (&self.entities[e], n))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
        out
    }

    pub fn from_docs(docs: Vec<DocSummary>) -> Catalog {
        let by_id: HashMap<String, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        let mut outlets = BTreeMap::new();
        for (i, d) in docs.iter().enumerate() {
            if d.copy_of.is_some() {
                groups.entry(d.group().to_string()).or_default().push(i);
            }
            if let Some(o) = &d.outlet {
                *outlets.entry(o.clone()).or_insert(0) += 1;
            }
        }
        for (canonical, members) in groups.iter_mut() {
            if let Some(&c) = by_id.get(canonical) {
                members.insert(0, c);
            }
        }
        Catalog {
            docs,
            by_id,
            groups,
            outlets,
            ..Default::default()
        }
    }

    pub fn get(&self, id: &str) -> Option<&DocSummary> {
        self.by_id.get(id).map(|&i| &self.docs[i])
    }

    /// The other members of `id`'s copy group (canonical first), if any.
    pub fn also_carried_by(&self, id: &str) -> Vec<&DocSummary> {
        let Some(d) = self.get(id) else {
            return Vec::new();
        };
        self.groups
            .get(d.group())
            .map(|m| {
                m.iter()
                    .map(|&i| &self.docs[i])
                    .filter(|o| o.id != id)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Documents passing the filters. Date bounds are `YYYYMMDD` keys as
    /// returned by `isnad_search::date_bound`; an undated document passes
    /// only when there is no bound.
    pub fn filter(
        &self,
        outlet: Option<&str>,
        from: Option<u64>,
        to: Option<u64>,
    ) -> Vec<&DocSummary> {
        let outlets: Vec<&str> = outlet
            .map(|o| {
                o.split(',')
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        self.docs
            .iter()
            .filter(|d| {
                outlets.is_empty() || d.outlet.as_deref().is_some_and(|o| outlets.contains(&o))
            })
            .filter(|d| {
                if from.is_none() && to.is_none() {
                    return true;
                }
                let Some(k) = d.published.as_deref().and_then(|p| date_key(p, false)) else {
                    return false;
                };
                from.is_none_or(|f| k >= f) && to.is_none_or(|t| k <= t)
            })
            .collect()
    }
}
