//! Server-rendered pages.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use isnad_core::{CharWidth, DocId, SentenceKind};
use isnad_search::{date_bound, Query as SearchQuery};
use isnad_store::StoredDocument;

use crate::catalog::{Catalog, DocSummary, Entity};
use crate::html::{auto, esc, external_link, ltr, marked, page, text, url_enc, CSP};
use crate::AppState;

type Params = Query<HashMap<String, String>>;

const DOCS_PER_PAGE: usize = 100;
const HITS_PER_PAGE: usize = 20;

pub(crate) fn html_response(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<h1>{}</h1><p class=\"empty\" id=\"error\" dir=\"auto\">{}</p><p><a href=\"/docs\">العودة إلى الوثائق</a></p>",
        if status == StatusCode::NOT_FOUND { "غير موجود" } else { "خطأ" },
        // Messages are mostly English (they name the input): the paragraph
        // takes the direction of its first strong letter.
        esc(message)
    );
    html_response(status, page("خطأ", "", &body))
}

/// Run blocking store/index work off the async threads; errors become a 500 page.
async fn blocking(f: impl FnOnce() -> anyhow::Result<Response> + Send + 'static) -> Response {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")),
        Err(e) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

fn param<'a>(p: &'a HashMap<String, String>, k: &str) -> Option<&'a str> {
    p.get(k).map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// A 1-based page number from `?page=`, naming the parameter when it is bad.
fn page_number(p: &HashMap<String, String>) -> Result<usize, String> {
    match param(p, "page") {
        None => Ok(1),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| format!("page: '{v}' is not a page number")),
    }
}

/// The outlet/from/to filter form; `action` is the page it submits to.
fn filter_form(action: &str, cat: &Catalog, p: &HashMap<String, String>, with_q: bool) -> String {
    let mut f = format!("<form class=\"filters\" action=\"{action}\" method=\"get\">");
    if with_q {
        let _ = write!(
            f,
            "<label>النص<input type=\"search\" name=\"q\" value=\"{}\"></label>",
            esc(param(p, "q").unwrap_or(""))
        );
    }
    let cur = param(p, "outlet").unwrap_or("");
    f.push_str("<label>المصدر<select name=\"outlet\"><option value=\"\">كل المصادر</option>");
    for (o, n) in &cat.outlets {
        let _ = write!(
            f,
            "<option value=\"{v}\"{sel}>{v} ({n})</option>",
            v = esc(o),
            sel = if o == cur { " selected" } else { "" }
        );
    }
    f.push_str("</select></label>");
    for (name, label) in [("from", "من تاريخ"), ("to", "إلى تاريخ")] {
        let _ = write!(
            f,
            "<label>{label}<input type=\"text\" dir=\"ltr\" name=\"{name}\" value=\"{}\" \
             placeholder=\"YYYY-MM-DD\" size=\"10\"></label>",
            esc(param(p, name).unwrap_or(""))
        );
    }
    f.push_str("<button type=\"submit\">تصفية</button></form>");
    f
}

fn doc_meta(d: &DocSummary, cat: &Catalog) -> String {
    let mut m = String::from("<div class=\"meta\">");
    if let Some(o) = &d.outlet {
        let _ = write!(m, "<span>{}</span>", ltr(o));
    }
    let _ = write!(
        m,
        "<span>{}</span>",
        d.published.as_deref().map_or("بلا تاريخ".to_string(), ltr)
    );
    if let Some(c) = &d.copy_of {
        let src = cat.get(c).and_then(|c| c.outlet.as_deref()).unwrap_or("");
        let _ = write!(
            m,
            "<span>نسخة من <a href=\"/doc/{}\">{}</a></span>",
            esc(c),
            ltr(if src.is_empty() { c } else { src })
        );
    } else {
        let n = cat.also_carried_by(&d.id).len();
        if n > 0 {
            let _ = write!(m, "<span>نشرتها أيضاً {n} مصادر أخرى</span>");
        }
    }
    m.push_str("</div>");
    m
}

fn title_of(d: &DocSummary) -> String {
    d.title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| d.id.clone())
}

/// `/` and `/docs`: documents by date (newest first), filtered by outlet and dates.
pub(crate) async fn docs(State(st): State<Arc<AppState>>, Query(p): Params) -> Response {
    blocking(move || {
        let cat = st.catalog()?;
        let pg = match page_number(&p) {
            Ok(n) => n,
            Err(e) => return Ok(error_page(StatusCode::BAD_REQUEST, &e)),
        };
        let from = param(&p, "from").map(|v| date_bound("from", v, false)).transpose();
        let to = param(&p, "to").map(|v| date_bound("to", v, true)).transpose();
        let (from, to) = match (from, to) {
            (Ok(f), Ok(t)) => (f, t),
            (Err(e), _) | (_, Err(e)) => return Ok(error_page(StatusCode::BAD_REQUEST, &e.to_string())),
        };
        let mut list = cat.filter(param(&p, "outlet"), from, to);
        // Newest first; the store's order puts undated documents last already.
        let undated_at = list.iter().position(|d| d.published.is_none()).unwrap_or(list.len());
        list[..undated_at].reverse();
        let total = list.len();
        let shown: Vec<&DocSummary> = list.into_iter().skip((pg - 1) * DOCS_PER_PAGE).take(DOCS_PER_PAGE).collect();
        let mut b = String::from("<h1>الوثائق</h1>");
        b.push_str(&filter_form("/docs", &cat, &p, false));
        let _ = write!(b, "<p class=\"meta\" id=\"count\">{total} وثيقة</p>");
        if total == 0 {
            b.push_str(if cat.docs.is_empty() {
                "<p class=\"empty\">المخزن فارغ. شغّل <code dir=\"ltr\">isnad analyze</code> على مقالات ثم أعد تحميل الصفحة.</p>"
            } else {
                "<p class=\"empty\">لا توجد وثائق تطابق هذه التصفية.</p>"
            });
        }
        let mut day: Option<Option<&str>> = None;
        for d in &shown {
            let this = d.published.as_deref();
            if day != Some(this) {
                if day.is_some() {
                    b.push_str("</ul></section>");
                }
                let _ = write!(
                    b,
                    "<section class=\"day\"><h2>{}</h2><ul class=\"docs\">",
                    this.map_or("بلا تاريخ".to_string(), ltr)
                );
                day = Some(this);
            }
            let _ = write!(
                b,
                "<li><a class=\"doc\" href=\"/doc/{id}\">{t}</a>{meta}<div>{lead}</div></li>",
                id = esc(&d.id),
                t = auto(&title_of(d)),
                meta = doc_meta(d, &cat),
                lead = text(&d.lead)
            );
        }
        if day.is_some() {
            b.push_str("</ul></section>");
        }
        b.push_str(&pager("/docs", &p, pg, total, DOCS_PER_PAGE));
        Ok(html_response(StatusCode::OK, page("الوثائق", "", &b)))
    })
    .await
}

fn pager(path: &str, p: &HashMap<String, String>, pg: usize, total: usize, per: usize) -> String {
    let pages = total.div_ceil(per).max(1);
    if pages <= 1 {
        return String::new();
    }
    let link = |n: usize| {
        let mut qs: Vec<String> = p
            .iter()
            .filter(|(k, v)| k.as_str() != "page" && !v.is_empty())
            .map(|(k, v)| format!("{}={}", url_enc(k), url_enc(v)))
            .collect();
        qs.sort();
        qs.push(format!("page={n}"));
        format!("{path}?{}", esc(&qs.join("&")))
    };
    let mut s = String::from("<nav class=\"pager\">");
    if pg > 1 {
        let _ = write!(s, "<a rel=\"prev\" href=\"{}\">السابق</a>", link(pg - 1));
    }
    let _ = write!(s, "<span>صفحة {pg} من {pages}</span>");
    if pg < pages {
        let _ = write!(s, "<a rel=\"next\" href=\"{}\">التالي</a>", link(pg + 1));
    }
    s.push_str("</nav>");
    s
}

/// One sentence's byte range in the original, when the offset map covers it.
pub(crate) fn sentence_bytes(
    d: &StoredDocument,
    start: usize,
    end: usize,
) -> Option<(usize, usize)> {
    d.offsets
        .to_original(&d.text, CharWidth::for_encoding(&d.encoding), start, end)
        .map(|b| (b.start, b.end))
}

/// An annotation to mark inside the text.
pub(crate) enum Ann<'a> {
    Entity {
        label: &'a str,
        norm: &'a str,
    },
    Timex {
        kind: &'a str,
        value: Option<&'a str>,
    },
}

/// A document's entity mentions and timexes as non-overlapping spans, by start.
pub(crate) fn annotations_of<'a>(cat: &'a Catalog, id: &str) -> Vec<(usize, usize, Ann<'a>)> {
    let mut all: Vec<(usize, usize, Ann<'a>)> = Vec::new();
    for m in cat.doc_mentions.get(id).into_iter().flatten() {
        let e = &cat.entities[m.entity];
        all.push((
            m.start,
            m.end,
            Ann::Entity {
                label: &e.label,
                norm: &e.norm,
            },
        ));
    }
    for t in cat.doc_timexes.get(id).into_iter().flatten() {
        all.push((
            t.start,
            t.end,
            Ann::Timex {
                kind: &t.kind,
                value: t.value.as_deref(),
            },
        ));
    }
    // Earlier first, longer first on ties; an overlapping later span is dropped.
    all.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<(usize, usize, Ann<'a>)> = Vec::new();
    for a in all {
        if a.1 > a.0 && out.last().is_none_or(|l| a.0 >= l.1) {
            out.push(a);
        }
    }
    out
}

/// `[a, b)` of `chars` as HTML, with the annotations lying wholly inside marked.
fn render_piece(chars: &[char], a: usize, b: usize, anns: &[(usize, usize, Ann<'_>)]) -> String {
    let n = chars.len();
    let (a, b) = (a.min(n), b.min(n));
    let slice = |x: usize, y: usize| -> String { chars[x..y].iter().collect() };
    let mut out = String::new();
    let mut pos = a;
    for (s, e, ann) in anns.iter().filter(|(s, e, _)| *s >= a && *e <= b) {
        out.push_str(&text(&slice(pos, *s)));
        match ann {
            Ann::Entity { label, norm } => {
                let _ = write!(
                    out,
                    "<a class=\"ent ent-{cls}\" href=\"/entity?label={l}&amp;norm={n}\" title=\"{lt}\">{t}</a>",
                    cls = esc(&label.to_ascii_lowercase()),
                    l = esc(&url_enc(label)),
                    n = esc(&url_enc(norm)),
                    lt = esc(label),
                    t = text(&slice(*s, *e))
                );
            }
            Ann::Timex { kind, value } => {
                let _ = write!(
                    out,
                    "<span class=\"tx\" title=\"{}\">{}</span>",
                    esc(&format!("{kind} {}", value.unwrap_or("?"))),
                    text(&slice(*s, *e))
                );
            }
        }
        pos = *e;
    }
    out.push_str(&text(&slice(pos, b)));
    out
}

/// The clean text as paragraphs of addressable sentences, with entity
/// mentions (linked to their entity) and temporal expressions marked.
fn render_text(
    d: &StoredDocument,
    highlight: Option<usize>,
    anns: &[(usize, usize, Ann<'_>)],
) -> String {
    let chars: Vec<char> = d.text.chars().collect();
    let n = chars.len();
    let slice = |a: usize, b: usize| -> String { chars[a.min(n)..b.min(n)].iter().collect() };
    let mut out = String::new();
    if d.sentences.is_empty() {
        for line in d.text.split('\n').filter(|l| !l.trim().is_empty()) {
            let _ = write!(out, "<p>{}</p>", text(line));
        }
        return out;
    }
    // Group consecutive sentences by paragraph; text outside every sentence
    // is still shown, never dropped.
    let mut at = 0usize;
    let mut i = 0;
    while i < d.sentences.len() {
        let para = d.sentences[i].paragraph;
        let mut j = i;
        while j < d.sentences.len() && d.sentences[j].paragraph == para {
            j += 1;
        }
        let group = &d.sentences[i..j];
        let gstart = group[0].start.min(n);
        if gstart > at {
            let gap = slice(at, gstart);
            if !gap.trim().is_empty() {
                let _ = write!(out, "<p>{}</p>", text(gap.trim()));
            }
        }
        let heading = group.iter().all(|s| s.kind == SentenceKind::Heading);
        out.push_str(if heading { "<h2 class=\"sub\">" } else { "<p>" });
        let mut pos = gstart.max(at);
        for (k, s) in group.iter().enumerate() {
            let idx = i + k;
            let (s0, s1) = (s.start.min(n), s.end.min(n));
            if s0 < pos || s1 <= s0 {
                continue; // overlapping or empty span: skip rather than repeat text
            }
            out.push_str(&text(&slice(pos, s0)));
            let hl = highlight == Some(idx);
            let _ = write!(
                out,
                "<span class=\"s{}\" id=\"s{idx}\"{}>{}</span><a class=\"sn\" href=\"?s={idx}#s{idx}\" title=\"رابط الجملة {idx}\">{idx}</a>",
                if hl { " hl" } else { "" },
                if hl { " aria-current=\"true\"" } else { "" },
                render_piece(&chars, s0, s1, anns)
            );
            pos = s1;
        }
        out.push_str(if heading { "</h2>" } else { "</p>" });
        at = pos;
        i = j;
    }
    if at < n {
        let tail = slice(at, n);
        if !tail.trim().is_empty() {
            let _ = write!(out, "<p>{}</p>", text(tail.trim()));
        }
    }
    out
}

/// `/doc/{id}`: one document, `?s=N` highlights sentence N.
pub(crate) async fn doc(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Response {
    blocking(move || {
        let highlight = match param(&p, "s") {
            None => None,
            Some(v) => match v.parse::<usize>() {
                Ok(n) => Some(n),
                Err(_) => {
                    return Ok(error_page(StatusCode::BAD_REQUEST, &format!("s: '{v}' is not a sentence number")))
                }
            },
        };
        let Some(d) = st.with_store(|s| Ok(s.document(&DocId(id.clone()))?))? else {
            return Ok(error_page(StatusCode::NOT_FOUND, &format!("{id}: no such document")));
        };
        let cat = st.catalog()?;
        let title = d.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| id.clone());
        let mut b = String::new();
        let _ = write!(b, "<h1 id=\"title\">{}</h1>", auto(&title));
        b.push_str("<div class=\"meta\">");
        if let Some(o) = &d.outlet {
            let _ = write!(b, "<span><a href=\"/docs?outlet={}\">{}</a></span>", esc(&url_enc(o)), ltr(o));
        }
        let _ = write!(b, "<span>{}</span>", d.published_value.as_deref().map_or("بلا تاريخ".to_string(), ltr));
        if let Some(a) = &d.author {
            let _ = write!(b, "<span>{}</span>", auto(a));
        }
        if let Some(u) = &d.url {
            let _ = write!(b, "<span>{}</span>", external_link(u));
        }
        let _ = write!(b, "<span>{}</span></div>", ltr(&d.id.0));
        let _ = write!(
            b,
            "<p class=\"meta\"><span><a id=\"original\" href=\"/doc/{id}/original\">البايتات الأصلية</a></span>\
             <span><bdi dir=\"ltr\">{enc}</bdi></span><span>{src}</span>\
             <span><a href=\"/api/doc/{id}\">JSON</a></span></p>",
            id = esc(&d.id.0),
            enc = esc(&d.encoding),
            src = ltr(&d.source.to_string()),
        );
        if !d.credits.is_empty() {
            let credits: Vec<String> = d.credits.iter().map(|c| text(c)).collect();
            let _ = write!(b, "<p class=\"meta\">{}</p>", credits.join(" · "));
        }
        if let Some(h) = highlight {
            match d.sentences.get(h) {
                Some(s) => {
                    let bytes = sentence_bytes(&d, s.start, s.end).map_or(String::new(), |(a, z)| {
                        format!(
                            " — <a href=\"/doc/{}/original?start={a}&amp;end={z}\">البايتات من {a} إلى {z} في الأصل</a>",
                            esc(&d.id.0)
                        )
                    });
                    let _ = write!(b, "<p class=\"meta\" id=\"cited\">الجملة المحددة: <a href=\"#s{h}\">{h}</a>{bytes}</p>");
                }
                None => {
                    let _ = write!(b, "<p class=\"empty\">لا توجد جملة رقمها {h} في هذه الوثيقة (عدد الجمل {}).</p>", d.sentences.len());
                }
            }
        }
        let anns = annotations_of(&cat, &d.id.0);
        let _ = write!(b, "<article class=\"article\" id=\"text\">{}</article>", render_text(&d, highlight, &anns));
        let also = cat.also_carried_by(&d.id.0);
        b.push_str("<section class=\"copies\" id=\"copies\"><h2>نشرها أيضاً</h2>");
        if also.is_empty() {
            b.push_str("<p class=\"meta\">لم تُعثر على نسخ من هذا النص لدى مصادر أخرى.</p>");
        } else {
            b.push_str("<ul class=\"docs\">");
            for o in also {
                let role = if d.copy_of.as_ref().map(|c| c.as_str()) == Some(o.id.as_str()) { " (الأصل)" } else { "" };
                let _ = write!(
                    b,
                    "<li><a href=\"/doc/{id}\">{t}</a>{role}<div class=\"meta\"><span>{o}</span><span>{date}</span></div></li>",
                    id = esc(&o.id),
                    t = auto(&title_of(o)),
                    o = o.outlet.as_deref().map_or(String::new(), ltr),
                    date = o.published.as_deref().map_or("بلا تاريخ".to_string(), ltr),
                );
            }
            b.push_str("</ul>");
        }
        b.push_str("</section>");
        b.push_str("<section id=\"annotations\"><h2>الكيانات والتواريخ</h2>");
        if anns.is_empty() {
            b.push_str(
                "<p class=\"empty\">لم تُستخرج الكيانات والتعابير الزمنية لهذه الوثيقة بعد؛ \
                 تظهر مظلَّلة في النص بعد تشغيل مراحل التوسيم.</p>",
            );
        } else {
            let mut ents: Vec<usize> = cat.doc_mentions.get(&d.id.0).into_iter().flatten().map(|m| m.entity).collect();
            ents.sort();
            ents.dedup();
            if !ents.is_empty() {
                b.push_str("<p id=\"doc-entities\">");
                let links: Vec<String> = ents.iter().map(|&i| entity_link(&cat.entities[i])).collect();
                b.push_str(&links.join(" · "));
                b.push_str("</p>");
            }
            if let Some(tx) = cat.doc_timexes.get(&d.id.0) {
                b.push_str("<table id=\"doc-timexes\"><tr><th>التعبير</th><th>النوع</th><th>القيمة</th></tr>");
                for t in tx {
                    let _ = write!(
                        b,
                        "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                        text(&t.text),
                        ltr(&t.kind),
                        t.value.as_deref().map_or("—".to_string(), ltr)
                    );
                }
                b.push_str("</table>");
            }
        }
        b.push_str("</section>");
        let events = st.with_store(|s| Ok(s.fused_events_of_document(&d.id)?))?;
        b.push_str("<section id=\"doc-events\"><h2>الأحداث في هذه الوثيقة</h2>");
        if events.is_empty() {
            b.push_str("<p class=\"meta\">لا أحداث مستخرجة من هذه الوثيقة.</p>");
        } else {
            b.push_str("<ol class=\"timeline\">");
            for e in &events {
                b.push_str(&crate::timeline::event_item(e, true));
            }
            b.push_str("</ol>");
        }
        b.push_str("</section>");
        Ok(html_response(StatusCode::OK, page(&title, "", &b)))
    })
    .await
}

/// `/doc/{id}/original`: the exact bytes, as plain text in their own
/// encoding (never as HTML: the page may carry scripts). `?start=&end=`
/// narrows to a byte range, as cited by a sentence.
pub(crate) async fn original(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Response {
    blocking(move || {
        let found = st.with_store(|s| {
            let did = DocId(id.clone());
            Ok(match s.original(&did)? {
                Some(bytes) => Some((
                    bytes,
                    s.document(&did)?.map(|d| d.encoding).unwrap_or_default(),
                )),
                None => None,
            })
        })?;
        let Some((bytes, encoding)) = found else {
            return Ok(error_page(
                StatusCode::NOT_FOUND,
                &format!("{id}: no such document"),
            ));
        };
        let num = |k: &str| -> Result<Option<usize>, String> {
            param(&p, k)
                .map(|v| {
                    v.parse::<usize>()
                        .map_err(|_| format!("{k}: '{v}' is not a byte offset"))
                })
                .transpose()
        };
        let (start, end) = match (num("start"), num("end")) {
            (Ok(s), Ok(e)) => (s.unwrap_or(0), e.unwrap_or(bytes.len())),
            (Err(e), _) | (_, Err(e)) => return Ok(error_page(StatusCode::BAD_REQUEST, &e)),
        };
        if start > end || end > bytes.len() {
            return Ok(error_page(
                StatusCode::BAD_REQUEST,
                &format!(
                    "{id}: byte range {start}..{end} is outside the original ({} bytes)",
                    bytes.len()
                ),
            ));
        }
        // Only a plain charset label goes into the header.
        let charset: String = encoding
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let ctype = if charset.is_empty() {
            "text/plain".to_string()
        } else {
            format!("text/plain; charset={charset}")
        };
        let mut r = (StatusCode::OK, bytes[start..end].to_vec()).into_response();
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(&ctype).unwrap_or(HeaderValue::from_static("text/plain")),
        );
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox; default-src 'none'"),
        );
        Ok(r)
    })
    .await
}

/// The search query a page's parameters describe.
pub(crate) fn search_query(
    p: &HashMap<String, String>,
    limit: usize,
) -> Result<SearchQuery, String> {
    let pg = page_number(p)?;
    Ok(SearchQuery {
        text: param(p, "q").unwrap_or("").to_string(),
        outlet: param(p, "outlet").map(str::to_string),
        from: param(p, "from").map(str::to_string),
        to: param(p, "to").map(str::to_string),
        entity: param(p, "entity").map(str::to_string),
        event_type: param(p, "event_type").map(str::to_string),
        limit,
        offset: (pg - 1) * limit,
        collapse_copies: true,
        ..Default::default()
    })
}

/// `/search`: results with snippets; each links to its best sentence.
pub(crate) async fn search(State(st): State<Arc<AppState>>, Query(p): Params) -> Response {
    blocking(move || {
        let cat = st.catalog()?;
        let q = param(&p, "q").unwrap_or("").to_string();
        let mut b = String::from("<h1>البحث</h1>");
        b.push_str(&filter_form("/search", &cat, &p, true));
        let query = match search_query(&p, HITS_PER_PAGE) {
            Ok(q) => q,
            Err(e) => return Ok(error_page(StatusCode::BAD_REQUEST, &e)),
        };
        if query.text.is_empty() && query.outlet.is_none() && query.from.is_none() && query.to.is_none() {
            b.push_str("<p class=\"empty\">اكتب كلمات للبحث. تُطابَق الكلمات بصرف النظر عن الهمزات والتشكيل والتطويل وأل التعريف وحروف العطف والجر الملتصقة؛ وضع العبارة بين علامتي تنصيص للبحث عنها متتالية، وضع - قبل كلمة لاستبعادها.</p>");
            return Ok(html_response(StatusCode::OK, page("البحث", "", &b)));
        }
        let res = match st.search(&query) {
            Ok(r) => r,
            Err(isnad_search::SearchError::Query(e)) => return Ok(error_page(StatusCode::BAD_REQUEST, &e)),
            Err(e) => return Err(e.into()),
        };
        let _ = write!(b, "<p class=\"meta\" id=\"count\">{} نتيجة</p>", res.total);
        if res.hits.is_empty() {
            b.push_str("<p class=\"empty\">لا نتائج. جرّب كلمات أقل أو أزل التصفية.</p>");
        }
        b.push_str("<div id=\"hits\">");
        for h in &res.hits {
            let href = match h.snippet.sentence {
                Some(s) => format!("/doc/{}?s={s}#s{s}", esc(&h.id)),
                None => format!("/doc/{}", esc(&h.id)),
            };
            let title = h.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| h.id.clone());
            let _ = write!(b, "<div class=\"hit\"><a class=\"hit-title\" href=\"{href}\">{}</a><div class=\"meta\">", auto(&title));
            if let Some(o) = &h.outlet {
                let _ = write!(b, "<span>{}</span>", ltr(o));
            }
            let _ = write!(b, "<span>{}</span>", h.published.as_deref().map_or("بلا تاريخ".to_string(), ltr));
            if !h.copies.is_empty() {
                let outlets: Vec<String> = h
                    .copies
                    .iter()
                    .filter_map(|c| cat.get(c).and_then(|d| d.outlet.clone()))
                    .map(|o| ltr(&o))
                    .collect();
                let _ = write!(b, "<span>وأيضاً في: {}</span>", if outlets.is_empty() { h.copies.len().to_string() } else { outlets.join("، ") });
            }
            let _ = write!(
                b,
                "</div><p class=\"snip\">{}{}</p></div>",
                if h.snippet.truncated { "… " } else { "" },
                marked(&h.snippet.text, &h.snippet.highlights)
            );
        }
        b.push_str("</div>");
        b.push_str(&pager("/search", &p, query.offset / HITS_PER_PAGE + 1, res.total, HITS_PER_PAGE));
        Ok(html_response(StatusCode::OK, page(&format!("بحث: {q}"), &q, &b)))
    })
    .await
}

fn empty_state(title: &str, what: &str) -> Response {
    let b = format!(
        "<h1>{title}</h1><p class=\"empty\" id=\"empty\">{what}</p><p><a href=\"/docs\">تصفح الوثائق</a></p>"
    );
    html_response(StatusCode::OK, page(title, "", &b))
}

const EVENTS_PER_PAGE: usize = 100;
const STORIES_PER_PAGE: usize = 50;

/// `/stories?page=`: stories, most documents first, each linking to its timeline.
pub(crate) async fn stories(State(st): State<Arc<AppState>>, Query(p): Params) -> Response {
    blocking(move || {
        let pg = match page_number(&p) {
            Ok(n) => n,
            Err(e) => return Ok(error_page(StatusCode::BAD_REQUEST, &e)),
        };
        let (items, total) =
            st.with_store(|s| Ok(s.stories_page((pg - 1) * STORIES_PER_PAGE, STORIES_PER_PAGE)?))?;
        if total == 0 {
            return Ok(empty_state(
                "القصص",
                "لا توجد قصص بعد. القصة خط زمني لأحداث مترابطة مع مصادر كل حدث؛ تظهر هنا بعد تشغيل مرحلتي استخراج الأحداث وتجميعها.",
            ));
        }
        let mut b = format!("<h1>القصص</h1><p class=\"meta\" id=\"count\">{total} قصة</p><ul class=\"stories\">");
        for x in &items {
            let id = x["id"].as_str().unwrap_or("");
            let ndocs = x["documents"].as_array().map_or(0, Vec::len);
            let nev = x["events"].as_array().map_or(0, Vec::len);
            let _ = write!(
                b,
                "<li><a class=\"story\" href=\"/events?story={}\">{}</a><div class=\"meta\"><span>{}</span><span>{} – {}</span><span>{ndocs} وثيقة</span><span>{nev} حدث</span></div></li>",
                esc(&url_enc(id)),
                auto(x["title"].as_str().filter(|t| !t.is_empty()).unwrap_or(id)),
                ltr(id),
                x["first"].as_str().map(ltr).unwrap_or_default(),
                x["last"].as_str().map(ltr).unwrap_or_default(),
            );
        }
        b.push_str("</ul>");
        b.push_str(&pager("/stories", &p, pg, total as usize, STORIES_PER_PAGE));
        Ok(html_response(StatusCode::OK, page("القصص", "", &b)))
    })
    .await
}

/// `/events?story=&page=`: the timeline of fused events, all or one story's.
pub(crate) async fn events(State(st): State<Arc<AppState>>, Query(p): Params) -> Response {
    blocking(move || {
        let pg = match page_number(&p) {
            Ok(n) => n,
            Err(e) => return Ok(error_page(StatusCode::BAD_REQUEST, &e)),
        };
        let story_id = param(&p, "story").map(str::to_string);
        let (items, total, story) = st.with_store(|s| {
            let (items, total) =
                s.fused_events_page(story_id.as_deref(), (pg - 1) * EVENTS_PER_PAGE, EVENTS_PER_PAGE)?;
            let story = match &story_id {
                Some(id) => s.story(id)?,
                None => None,
            };
            Ok((items, total, story))
        })?;
        if story_id.is_some() && story.is_none() {
            return Ok(error_page(StatusCode::NOT_FOUND, "لا توجد قصة بهذا المعرّف"));
        }
        if total == 0 && story.is_none() {
            return Ok(empty_state(
                "الأحداث",
                "لا توجد أحداث بعد. يظهر هنا لكل حدث نوعه وتاريخه ومكانه والمشاركون فيه وصيغته (مؤكد، منفي، مزعوم) وكل استشهاد به مع الجملة مظلَّلة في وثيقتها، ومواضع الخلاف بين المصادر.",
            ));
        }
        let title = story
            .as_ref()
            .and_then(|x| x["title"].as_str())
            .map_or_else(|| "الأحداث".to_string(), str::to_string);
        let mut b = format!(
            "<h1>{}</h1><p class=\"meta\" id=\"count\">{total} حدث</p><ol class=\"timeline\" id=\"timeline\">",
            auto(&title)
        );
        for e in &items {
            b.push_str(&crate::timeline::event_item(e, true));
        }
        b.push_str("</ol>");
        b.push_str(&pager("/events", &p, pg, total as usize, EVENTS_PER_PAGE));
        Ok(html_response(StatusCode::OK, page(&title, "", &b)))
    })
    .await
}

pub(crate) fn entity_link(e: &Entity) -> String {
    format!(
        "<a class=\"ent ent-{cls}\" href=\"/entity?label={l}&amp;norm={n}\">{name}</a> <small>{label}</small>",
        cls = esc(&e.label.to_ascii_lowercase()),
        l = esc(&url_enc(&e.label)),
        n = esc(&url_enc(&e.norm)),
        name = auto(&e.name),
        label = ltr(&e.label)
    )
}

const ENTITIES_PER_PAGE: usize = 200;

/// `/entities?label=&page=`: entities, most mentioned first.
pub(crate) async fn entities(State(st): State<Arc<AppState>>, Query(p): Params) -> Response {
    blocking(move || {
        let cat = st.catalog()?;
        if cat.entities.is_empty() {
            return Ok(empty_state(
                "الكيانات",
                "لا توجد كيانات بعد. يظهر هنا لكل شخص أو مكان أو مؤسسة أسماؤه البديلة وإشاراته في الوثائق والكيانات التي ترد معه وخطه الزمني، بعد تشغيل مرحلة التعرف على الكيانات.",
            ));
        }
        let pg = match page_number(&p) {
            Ok(n) => n,
            Err(e) => return Ok(error_page(StatusCode::BAD_REQUEST, &e)),
        };
        let label = param(&p, "label");
        let list: Vec<&Entity> = cat.entities.iter().filter(|e| label.is_none_or(|l| e.label == l)).collect();
        let mut b = String::from("<h1>الكيانات</h1><p class=\"meta\">");
        let mut labels: Vec<&str> = cat.entities.iter().map(|e| e.label.as_str()).collect();
        labels.sort();
        labels.dedup();
        let chips: Vec<String> = std::iter::once("<a href=\"/entities\">الكل</a>".to_string())
            .chain(labels.iter().map(|l| format!("<a href=\"/entities?label={}\">{}</a>", esc(&url_enc(l)), ltr(l))))
            .collect();
        b.push_str(&chips.join(" · "));
        let _ = write!(b, "</p><p class=\"meta\" id=\"count\">{} كياناً</p>", list.len());
        b.push_str("<table id=\"entities\"><tr><th>الاسم</th><th>الإشارات</th><th>الوثائق</th><th>أسماء أخرى</th></tr>");
        for e in list.iter().skip((pg - 1) * ENTITIES_PER_PAGE).take(ENTITIES_PER_PAGE) {
            let others: Vec<String> = e.aliases.iter().skip(1).take(4).map(|a| auto(&a.0)).collect();
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                entity_link(e),
                e.mentions.len(),
                e.documents,
                others.join("، ")
            );
        }
        b.push_str("</table>");
        b.push_str(&pager("/entities", &p, pg, list.len(), ENTITIES_PER_PAGE));
        Ok(html_response(StatusCode::OK, page("الكيانات", "", &b)))
    })
    .await
}

/// Most mentions listed on an entity page (each needs its document's text).
const MENTIONS_SHOWN: usize = 100;

/// `/entity?label=&norm=`: aliases, mentions in their sentences, co-occurring
/// entities, timeline.
pub(crate) async fn entity(State(st): State<Arc<AppState>>, Query(p): Params) -> Response {
    blocking(move || {
        let cat = st.catalog()?;
        let (Some(label), Some(norm)) = (p.get("label"), p.get("norm")) else {
            return Ok(error_page(StatusCode::BAD_REQUEST, "entity: both label and norm are needed"));
        };
        let Some((i, e)) = cat.entity(label, norm) else {
            return Ok(error_page(StatusCode::NOT_FOUND, &format!("entity {label} '{norm}': not in this store")));
        };
        let mut b = format!("<h1 id=\"title\">{}</h1><p class=\"meta\"><span>{}</span><span>{} إشارة في {} وثيقة</span><span>{}</span></p>",
            auto(&e.name), ltr(&e.label), e.mentions.len(), e.documents, ltr(&e.norm));
        b.push_str("<h2>الأسماء</h2><p id=\"aliases\">");
        let al: Vec<String> = e.aliases.iter().map(|(a, n)| format!("{} ({n})", auto(a))).collect();
        b.push_str(&al.join("، "));
        b.push_str("</p>");
        // Timeline: mentions per publication day.
        let mut days: std::collections::BTreeMap<String, usize> = Default::default();
        for m in &e.mentions {
            let day = cat.get(&m.doc).and_then(|d| d.published.clone()).unwrap_or_else(|| "بلا تاريخ".into());
            *days.entry(day).or_insert(0) += 1;
        }
        b.push_str("<h2>الخط الزمني</h2><table id=\"timeline\">");
        let max = days.values().copied().max().unwrap_or(1).max(1);
        for (day, n) in &days {
            let _ = write!(b, "<tr><td>{}</td><td><span class=\"bar\" style=\"width:{}px\"></span> {n}</td></tr>", ltr(day), (n * 200 / max).max(2));
        }
        b.push_str("</table>");
        b.push_str("<h2>الإشارات</h2><ul class=\"docs\" id=\"mentions\">");
        let mut texts: HashMap<String, Option<StoredDocument>> = HashMap::new();
        for m in e.mentions.iter().take(MENTIONS_SHOWN) {
            if !texts.contains_key(&m.doc) {
                let d = st.with_store(|s| Ok(s.document(&DocId(m.doc.clone()))?))?;
                texts.insert(m.doc.clone(), d);
            }
            let Some(Some(d)) = texts.get(&m.doc) else { continue };
            let summary = cat.get(&m.doc);
            let (sent, href) = match m.sentence.and_then(|s| d.sentences.get(s as usize).map(|x| (s, x))) {
                Some((si, s)) => {
                    let st_text: String = d.text.chars().skip(s.start).take(s.end.saturating_sub(s.start)).collect();
                    let rel = (m.start.saturating_sub(s.start), m.end.saturating_sub(s.start));
                    (marked(&st_text, &[rel]), format!("/doc/{}?s={si}#s{si}", esc(&m.doc)))
                }
                None => (text(&m.text), format!("/doc/{}", esc(&m.doc))),
            };
            let _ = write!(
                b,
                "<li><a href=\"{href}\">{t}</a><div class=\"meta\"><span>{o}</span><span>{date}</span></div><div>{sent}</div></li>",
                t = auto(&summary.map(title_of).unwrap_or_else(|| m.doc.clone())),
                o = summary.and_then(|s| s.outlet.as_deref()).map_or(String::new(), ltr),
                date = summary.and_then(|s| s.published.as_deref()).map_or("بلا تاريخ".to_string(), ltr),
            );
        }
        b.push_str("</ul>");
        if e.mentions.len() > MENTIONS_SHOWN {
            let _ = write!(b, "<p class=\"meta\">أول {MENTIONS_SHOWN} إشارة من {}.</p>", e.mentions.len());
        }
        b.push_str("<h2>كيانات ترد معه</h2>");
        let co = cat.co_occurring(i);
        if co.is_empty() {
            b.push_str("<p class=\"empty\">لا كيانات أخرى في وثائقه.</p>");
        } else {
            b.push_str("<ul id=\"co-occurring\">");
            for (o, n) in co.iter().take(30) {
                let _ = write!(b, "<li>{} — {n} وثيقة مشتركة</li>", entity_link(o));
            }
            b.push_str("</ul>");
        }
        Ok(html_response(StatusCode::OK, page(&e.name, "", &b)))
    })
    .await
}

pub(crate) async fn not_found() -> Response {
    error_page(StatusCode::NOT_FOUND, "لا توجد صفحة بهذا العنوان.")
}
