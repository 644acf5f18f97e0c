//! The JSON API behind the pages. Field names follow the `isnad/1` export.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use isnad_core::DocId;
use isnad_search::date_bound;
use serde_json::{json, Value};

use crate::pages::{search_query, sentence_bytes};
use crate::AppState;

type Params = Query<HashMap<String, String>>;

fn err(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({"error": message.into()}))).into_response()
}

async fn blocking(f: impl FnOnce() -> anyhow::Result<Response> + Send + 'static) -> Response {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => err(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")),
        Err(e) => err(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

fn limit(p: &HashMap<String, String>, default: usize) -> Result<usize, String> {
    match p.get("limit").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|&n| (1..=1000).contains(&n))
            .ok_or_else(|| format!("limit: '{v}' is not a number from 1 to 1000")),
    }
}

/// The `page` parameter: 1 when absent, else a number from 1.
fn page_number(p: &HashMap<String, String>) -> Result<usize, String> {
    match p.get("page").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(1),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|&x| x >= 1)
            .ok_or_else(|| format!("page: '{v}' is not a page number")),
    }
}

/// `?limit=` (default 100) and `?page=` of a listing.
fn paging(p: &HashMap<String, String>) -> Result<(usize, usize), String> {
    Ok((limit(p, 100)?, page_number(p)?))
}

/// `/api/search?q=&outlet=&from=&to=&entity=&event_type=&limit=&page=&sort=&collapse=`
pub(crate) async fn search(State(st): State<Arc<AppState>>, Query(p): Params) -> Response {
    blocking(move || {
        let n = match limit(&p, 20) {
            Ok(n) => n,
            Err(e) => return Ok(err(StatusCode::BAD_REQUEST, e)),
        };
        let mut q = match search_query(&p, n) {
            Ok(q) => q,
            Err(e) => return Ok(err(StatusCode::BAD_REQUEST, e)),
        };
        q.collapse_copies = p.get("collapse").map(String::as_str) != Some("0");
        q.sort = match p.get("sort").map(String::as_str) {
            None | Some("") | Some("relevance") => isnad_search::Sort::Relevance,
            Some("newest") => isnad_search::Sort::Newest,
            Some("oldest") => isnad_search::Sort::Oldest,
            Some(other) => {
                return Ok(err(
                    StatusCode::BAD_REQUEST,
                    format!("sort: '{other}' is not one of relevance, newest, oldest"),
                ))
            }
        };
        match st.search(&q) {
            Ok(r) => Ok(Json(r).into_response()),
            Err(isnad_search::SearchError::Query(e)) => Ok(err(StatusCode::BAD_REQUEST, e)),
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// `/api/docs?outlet=&from=&to=&limit=&page=`: document summaries in store order.
pub(crate) async fn docs(State(st): State<Arc<AppState>>, Query(p): Params) -> Response {
    blocking(move || {
        let cat = st.catalog()?;
        let bound = |k: &str, upper| {
            p.get(k)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(|v| date_bound(k, v, upper))
                .transpose()
        };
        let (from, to) = match (bound("from", false), bound("to", true)) {
            (Ok(f), Ok(t)) => (f, t),
            (Err(e), _) | (_, Err(e)) => return Ok(err(StatusCode::BAD_REQUEST, e.to_string())),
        };
        let (n, page) = match paging(&p) {
            Ok(x) => x,
            Err(e) => return Ok(err(StatusCode::BAD_REQUEST, e)),
        };
        let list = cat.filter(p.get("outlet").map(String::as_str), from, to);
        let total = list.len();
        let docs: Vec<_> = list.into_iter().skip((page - 1) * n).take(n).collect();
        Ok(Json(json!({"total": total, "documents": docs})).into_response())
    })
    .await
}

/// `/api/doc/{id}`: one document as in the export, plus its copy group and
/// where its original bytes are.
pub(crate) async fn doc(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    blocking(move || {
        let Some(d) = st.with_store(|s| Ok(s.document(&DocId(id.clone()))?))? else {
            return Ok(err(StatusCode::NOT_FOUND, format!("{id}: no such document")));
        };
        let cat = st.catalog()?;
        let events = st.with_store(|s| Ok(s.fused_events_of_document(&d.id)?))?;
        let sentences: Vec<Value> = d
            .sentences
            .iter()
            .map(|s| {
                json!({
                    "start": s.start, "end": s.end, "kind": s.kind, "paragraph": s.paragraph,
                    "bytes": sentence_bytes(&d, s.start, s.end).map(|(a, b)| [a, b]),
                    "text": d.text.chars().skip(s.start).take(s.end.saturating_sub(s.start)).collect::<String>(),
                })
            })
            .collect();
        let also: Vec<Value> = cat
            .also_carried_by(&d.id.0)
            .into_iter()
            .map(|o| json!({"id": o.id, "outlet": o.outlet, "published": o.published, "title": o.title}))
            .collect();
        Ok(Json(json!({
            "id": d.id, "path": d.source.path, "entry": d.source.entry, "locator": d.source.locator,
            "format": d.format, "encoding": d.encoding, "url": d.url, "outlet": d.outlet,
            "title": d.title, "author": d.author, "credits": d.credits, "text": d.text,
            "published": {"value": d.published_value, "how": d.published_how, "raw": d.published_raw},
            "copy_of": d.copy_of, "copy_similarity": d.copy_similarity,
            "also_carried_by": also,
            "sentences": sentences,
            "original": format!("/doc/{}/original", d.id),
            "entities": cat.doc_mentions.get(&d.id.0).into_iter().flatten().map(|m| {
                let e = &cat.entities[m.entity];
                json!({"label": e.label, "norm": e.norm, "name": e.name, "start": m.start, "end": m.end,
                       "text": d.text.chars().skip(m.start).take(m.end.saturating_sub(m.start)).collect::<String>()})
            }).collect::<Vec<_>>(),
            "timexes": cat.doc_timexes.get(&d.id.0).cloned().unwrap_or_default(),
            "events": events,
        }))
        .into_response())
    })
    .await
}

fn empty_list(what: &str) -> Response {
    Json(json!({
        "items": [],
        "note": format!("no {what} in this store yet: the stages that produce them have not run"),
    }))
    .into_response()
}

/// `/api/stories?limit=&page=`: stories as exported, most documents first.
pub(crate) async fn stories(State(st): State<Arc<AppState>>, Query(p): Params) -> Response {
    listing(st, p, "stories", |s, _, off, n| Ok(s.stories_page(off, n)?)).await
}

/// `/api/events?story=&limit=&page=`: fused events as exported, timeline order.
pub(crate) async fn events(State(st): State<Arc<AppState>>, Query(p): Params) -> Response {
    listing(st, p, "events", |s, story, off, n| {
        Ok(s.fused_events_page(story, off, n)?)
    })
    .await
}

type Page = anyhow::Result<(Vec<Value>, u64)>;

async fn listing(
    st: Arc<AppState>,
    p: HashMap<String, String>,
    what: &'static str,
    fetch: impl FnOnce(&isnad_store::Store, Option<&str>, usize, usize) -> Page + Send + 'static,
) -> Response {
    blocking(move || {
        let (n, page) = match paging(&p) {
            Ok(x) => x,
            Err(e) => return Ok(err(StatusCode::BAD_REQUEST, e)),
        };
        let story = p.get("story").cloned();
        let (items, total) = st.with_store(|s| fetch(s, story.as_deref(), (page - 1) * n, n))?;
        if total == 0 {
            return Ok(empty_list(what));
        }
        Ok(Json(json!({"items": items, "total": total, "page": page})).into_response())
    })
    .await
}

/// `/api/entities?label=&limit=&page=`: entities, most mentioned first, without mention lists.
pub(crate) async fn entities(State(st): State<Arc<AppState>>, Query(p): Params) -> Response {
    blocking(move || {
        let cat = st.catalog()?;
        let (n, page) = match paging(&p) {
            Ok(x) => x,
            Err(e) => return Ok(err(StatusCode::BAD_REQUEST, e)),
        };
        let label = p.get("label").map(String::as_str).filter(|l| !l.is_empty());
        let list: Vec<_> = cat
            .entities
            .iter()
            .filter(|e| label.is_none_or(|l| e.label == l))
            .collect();
        let items: Vec<Value> = list
            .iter()
            .skip((page - 1) * n)
            .take(n)
            .map(|e| {
                json!({"label": e.label, "norm": e.norm, "name": e.name, "aliases": e.aliases,
                            "mentions": e.mentions.len(), "documents": e.documents})
            })
            .collect();
        Ok(Json(json!({"total": list.len(), "items": items})).into_response())
    })
    .await
}

/// `/api/entity?label=&norm=`: one entity with its mentions and co-occurring entities.
pub(crate) async fn entity(State(st): State<Arc<AppState>>, Query(p): Params) -> Response {
    blocking(move || {
        let cat = st.catalog()?;
        let (Some(label), Some(norm)) = (p.get("label"), p.get("norm")) else {
            return Ok(err(StatusCode::BAD_REQUEST, "entity: both label and norm are needed"));
        };
        let Some((i, e)) = cat.entity(label, norm) else {
            return Ok(err(StatusCode::NOT_FOUND, format!("entity {label} '{norm}': not in this store")));
        };
        let co: Vec<Value> = cat
            .co_occurring(i)
            .into_iter()
            .map(|(o, n)| json!({"label": o.label, "norm": o.norm, "name": o.name, "shared_documents": n}))
            .collect();
        Ok(Json(json!({"entity": e, "co_occurring": co})).into_response())
    })
    .await
}
