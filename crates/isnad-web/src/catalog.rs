//! A light summary of every stored document, for lists, filters and copy
//! groups, so pages need not read every text per request.

use std::collections::{BTreeMap, HashMap};

use isnad_core::SentenceKind;
use isnad_search::date_key;
use isnad_store::{Store, StoreError};
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

#[derive(Debug, Default)]
pub struct Catalog {
    /// In the store's order: by publication date, undated last.
    pub docs: Vec<DocSummary>,
    by_id: HashMap<String, usize>,
    /// Canonical id → every member of its group (canonical first).
    groups: HashMap<String, Vec<usize>>,
    /// Outlet → number of documents.
    pub outlets: BTreeMap<String, usize>,
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
        Ok(Catalog::from_docs(docs))
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
