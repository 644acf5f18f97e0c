//! Queries: parsing the query text, building the tantivy query, collecting hits.

use std::collections::HashSet;
use std::ops::Bound;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query as TQuery, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Order, TantivyDocument, Term};

use crate::analyzer::{analyze, query_stem};
use crate::snippet::best_snippet;
use crate::{
    stored_bytes, stored_str, Fields, Hit, Result, SearchError, SearchIndex, SearchResults,
};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// By BM25 score; by date (newest first) when there is no query text.
    #[default]
    Relevance,
    Newest,
    Oldest,
}

/// A search: query text plus filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Query {
    /// Words, `"phrases"` and `-excluded` words. Empty: every document that
    /// passes the filters.
    pub text: String,
    /// Outlet id, or several separated by commas.
    pub outlet: Option<String>,
    /// Earliest publication date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (inclusive).
    pub from: Option<String>,
    /// Latest publication date, same forms (inclusive: `2026-03` is up to the
    /// end of March). Undated documents never pass a date filter.
    pub to: Option<String>,
    /// An entity name (any spelling the normaliser folds together).
    pub entity: Option<String>,
    /// An event type (e.g. `attack`, `statement`).
    pub event_type: Option<String>,
    pub limit: usize,
    /// Hits to skip (paging).
    pub offset: usize,
    pub sort: Sort,
    /// Fold the members of one copy group into one hit (the best-ranked),
    /// listing the others in `Hit::copies`.
    pub collapse_copies: bool,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: String::new(),
            outlet: None,
            from: None,
            to: None,
            entity: None,
            event_type: None,
            limit: 20,
            offset: 0,
            sort: Sort::Relevance,
            collapse_copies: false,
        }
    }
}

impl Query {
    pub fn text(text: impl Into<String>) -> Self {
        Query {
            text: text.into(),
            ..Default::default()
        }
    }
}

/// `YYYY[-MM[-DD]]` → `YYYYMMDD` as a number; missing parts are 00 for a
/// lower bound and 99 for an upper one, so `2026-03` covers all of March.
pub fn date_key(s: &str, upper: bool) -> Option<u64> {
    let s = s.trim();
    let s = s.get(..10.min(s.len()))?;
    let mut parts = s.split('-');
    let y: u64 = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let fill = if upper { 99 } else { 0 };
    let m = match parts.next() {
        Some(p) if p.len() == 2 => p.parse().ok().filter(|m| (1..=12).contains(m))?,
        Some(_) => return None,
        None => fill,
    };
    let d = match parts.next() {
        Some(p) if p.len() == 2 => p.parse().ok().filter(|d| (1..=31).contains(d))?,
        Some(_) => return None,
        None => fill,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(y * 10000 + m * 100 + d)
}

/// Check a user-given date bound, naming it in the error (`from`, `to`).
pub fn date_bound(name: &str, value: &str, upper: bool) -> Result<u64> {
    // Only the date part of a timestamp is used for bounds given by users,
    // but a bare `2026-3` is rejected rather than guessed.
    let v = value.trim();
    if v.len() > 10 || date_key(v, upper).is_none() {
        return Err(SearchError::Query(format!(
            "{name}: '{value}' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        )));
    }
    Ok(date_key(v, upper).expect("checked"))
}

/// The query text split into required words, phrases and excluded words.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Parsed {
    pub words: Vec<(String, String)>, // (stem, normalised form)
    pub phrases: Vec<Vec<String>>,    // stems
    pub excluded: Vec<String>,        // stems
}

pub(crate) fn parse(text: &str) -> Parsed {
    let mut p = Parsed::default();
    let mut rest = text;
    while !rest.is_empty() {
        // Quotes: ASCII and the typographic ones Arabic keyboards produce.
        let open = rest.find(['"', '“', '«']);
        let (plain, quoted) = match open {
            Some(i) => {
                let q = &rest[i..];
                let qc = q.chars().next().expect("non-empty");
                let after = &q[qc.len_utf8()..];
                match after.find(['"', '”', '»']) {
                    Some(j) => {
                        let phrase = &after[..j];
                        let close = after[j..].chars().next().expect("non-empty").len_utf8();
                        let tail = &after[j + close..];
                        let plain = &rest[..i];
                        rest = tail;
                        (plain, Some(phrase))
                    }
                    // An unclosed quote: the rest is plain words.
                    None => {
                        let plain = rest;
                        rest = "";
                        (plain, None)
                    }
                }
            }
            None => {
                let plain = rest;
                rest = "";
                (plain, None)
            }
        };
        for raw in plain.split_whitespace() {
            let (neg, raw) = match raw.strip_prefix('-') {
                Some(r) if !r.is_empty() => (true, r),
                _ => (false, raw),
            };
            for w in analyze(raw) {
                let stem = query_stem(&w.norm);
                if neg {
                    p.excluded.push(stem);
                } else {
                    p.words.push((stem, w.norm));
                }
            }
        }
        if let Some(phrase) = quoted {
            let stems: Vec<String> = analyze(phrase)
                .iter()
                .map(|w| query_stem(&w.norm))
                .collect();
            match stems.len() {
                0 => {}
                1 => {
                    let w = analyze(phrase).remove(0);
                    p.words.push((stems[0].clone(), w.norm));
                }
                _ => p.phrases.push(stems),
            }
        }
    }
    p
}

/// A word in the title counts more than one in the body.
const TITLE_BOOST: f32 = 2.0;

/// The spelling as asked (after folding) counts more than another form of
/// the same stem. Tuned on 100 known-item queries over the first 3,000
/// SaudiNewsNet articles (0, 0.5, 1.5, 3, 5, 10 tried; MRR@10 0.80 → 0.87
/// from 0 to 3, flat after); see `examples/eval_saudinewsnet.rs`.
const EXACT_BOOST: f32 = 3.0;

fn term_q(t: Term) -> Box<dyn TQuery> {
    Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
}

fn build(f: &Fields, q: &Query, parsed: &Parsed) -> Result<Box<dyn TQuery>> {
    let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    for (stem, norm) in &parsed.words {
        let alts: Vec<(Occur, Box<dyn TQuery>)> = vec![
            (Occur::Should, term_q(Term::from_field_text(f.body, stem))),
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    term_q(Term::from_field_text(f.title, stem)),
                    TITLE_BOOST,
                )),
            ),
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    term_q(Term::from_field_text(f.exact, norm)),
                    EXACT_BOOST,
                )),
            ),
        ];
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
    }
    for stems in &parsed.phrases {
        let terms = stems
            .iter()
            .map(|s| Term::from_field_text(f.body, s))
            .collect();
        clauses.push((Occur::Must, Box::new(PhraseQuery::new(terms))));
    }
    for stem in &parsed.excluded {
        for field in [f.body, f.title] {
            clauses.push((Occur::MustNot, term_q(Term::from_field_text(field, stem))));
        }
    }
    if let Some(outlets) = &q.outlet {
        let ors: Vec<(Occur, Box<dyn TQuery>)> = outlets
            .split(',')
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(|o| (Occur::Should, term_q(Term::from_field_text(f.outlet, o))))
            .collect();
        if !ors.is_empty() {
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(ors))));
        }
    }
    let lo = q
        .from
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| date_bound("from", s, false))
        .transpose()?;
    let hi =
        q.to.as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| date_bound("to", s, true))
            .transpose()?;
    if lo.is_some() || hi.is_some() {
        if let (Some(a), Some(b)) = (lo, hi) {
            if a > b {
                return Err(SearchError::Query(format!(
                    "from '{}' is after to '{}'",
                    q.from.as_deref().unwrap_or(""),
                    q.to.as_deref().unwrap_or("")
                )));
            }
        }
        let bound = |v: Option<u64>| match v {
            Some(v) => Bound::Included(Term::from_field_u64(f.date, v)),
            None => Bound::Unbounded,
        };
        // One side may be open; tantivy needs a term on one side at least,
        // which the `if` above guarantees.
        clauses.push((Occur::Must, Box::new(RangeQuery::new(bound(lo), bound(hi)))));
    }
    if let Some(e) = q.entity.as_deref().filter(|e| !e.trim().is_empty()) {
        let e = isnad_arabic::normalize(e.trim());
        clauses.push((Occur::Must, term_q(Term::from_field_text(f.entity, &e))));
    }
    if let Some(t) = q.event_type.as_deref().filter(|t| !t.trim().is_empty()) {
        let t = t.trim().to_lowercase();
        clauses.push((Occur::Must, term_q(Term::from_field_text(f.event_type, &t))));
    }
    let has_positive = clauses.iter().any(|(o, _)| *o != Occur::MustNot);
    if !has_positive {
        // Only exclusions (or nothing): start from every document.
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

pub(crate) fn run(ix: &SearchIndex, q: &Query) -> Result<SearchResults> {
    let (reader, f) = ix.parts();
    let parsed = parse(&q.text);
    let query = build(f, q, &parsed)?;
    let searcher = reader.searcher();
    let terr = |e| ix.terr(e);
    let total = searcher.search(&*query, &Count).map_err(terr)?;
    let limit = q.limit.max(1);
    // Collapsing copies needs more candidates than it returns.
    let want = if q.collapse_copies {
        (q.offset + limit) * 4
    } else {
        q.offset + limit
    };
    let no_text = parsed.words.is_empty() && parsed.phrases.is_empty();
    let sort = match q.sort {
        Sort::Relevance if no_text => Sort::Newest,
        s => s,
    };
    let addrs: Vec<(f32, DocAddress)> = match sort {
        Sort::Relevance => searcher
            .search(&*query, &TopDocs::with_limit(want).order_by_score())
            .map_err(terr)?,
        Sort::Newest | Sort::Oldest => {
            let order = if sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            searcher
                .search(
                    &*query,
                    &TopDocs::with_limit(want).order_by_u64_field("date", order),
                )
                .map_err(terr)?
                .into_iter()
                .map(|(_, a)| (0.0, a))
                .collect()
        }
    };
    let mut stems: HashSet<String> = parsed.words.iter().map(|(s, _)| s.clone()).collect();
    stems.extend(parsed.phrases.iter().flatten().cloned());
    let mut hits: Vec<Hit> = Vec::new();
    for (score, addr) in addrs {
        let d: TantivyDocument = searcher.doc(addr).map_err(terr)?;
        let id = stored_str(&d, f.id).unwrap_or_default();
        let group = stored_str(&d, f.group).unwrap_or_else(|| id.clone());
        if q.collapse_copies {
            if let Some(h) = hits.iter_mut().find(|h| h.group == group) {
                h.copies.push(id);
                continue;
            }
        }
        let body = stored_str(&d, f.body).unwrap_or_default();
        let spans: Vec<(usize, usize)> = stored_bytes(&d, f.sentences)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        hits.push(Hit {
            snippet: best_snippet(&body, &spans, &stems),
            id,
            score,
            title: stored_str(&d, f.title),
            outlet: stored_str(&d, f.outlet),
            published: stored_str(&d, f.published),
            url: stored_str(&d, f.url),
            group,
            copies: Vec::new(),
        });
    }
    let hits = hits.into_iter().skip(q.offset).take(limit).collect();
    Ok(SearchResults { total, hits })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_ordered_keys() {
        assert_eq!(date_key("2026-03-10", false), Some(20260310));
        assert_eq!(date_key("2026-03", false), Some(20260300));
        assert_eq!(date_key("2026-03", true), Some(20260399));
        assert_eq!(date_key("2026", true), Some(20269999));
        assert_eq!(date_key("2026-03-10T09:40:00+02:00", false), Some(20260310));
        assert_eq!(date_key("2026-13", false), None);
        assert_eq!(date_key("10/03/2026", false), None);
        assert!(date_bound("from", "2026-3", false).is_err());
        let e = date_bound("to", "yesterday", true).unwrap_err().to_string();
        assert!(e.contains("to: 'yesterday' is not a date"), "{e}");
    }

    #[test]
    fn parses_words_phrases_and_exclusions() {
        let p = parse("الوزير \"مجلس الأمن\" -سوريا «غزة»");
        assert_eq!(p.words.len(), 2);
        assert_eq!(p.words[0].0, query_stem("الوزير"));
        assert_eq!(p.phrases, vec![vec![query_stem("مجلس"), query_stem("امن")]]);
        assert_eq!(p.excluded, vec![query_stem("سوريا")]);
        // An unclosed quote is just words.
        let p = parse("\"مجلس الأمن");
        assert_eq!(p.words.len(), 2);
        assert!(p.phrases.is_empty());
    }
}
