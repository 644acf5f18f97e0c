//! HTML pages to body blocks and metadata (title, dates, outlet, canonical URL).
//!
//! [`extract`] reads one decoded page in a single pass with a tolerant
//! tokenizer of its own (html5ever and scraper do not expose source
//! positions, and every citation must lead back to bytes). Each block keeps
//! the byte range of its text in the input; blocks whose text is the input
//! slice verbatim are marked `exact`.
//!
//! Nothing is thrown away here except invisible markup (script, style,
//! noscript, template, svg, media fallbacks): navigation, share widgets,
//! related links and footers come out as blocks with a structural `hint`
//! and a `link_density`, and blocks outside the detected article body carry
//! `outside-main` in their hint, so that the cleaning stage can decide.

mod entities;
mod lists;
mod meta;
mod parse;

pub use entities::decode_entities;

use isnad_core::{Block, ByteSpan, DocMeta};
use parse::{Parsed, Parser};

/// One page: its metadata and its text blocks in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlPage {
    pub meta: DocMeta,
    pub blocks: Vec<Block>,
}

/// Hint word added to blocks outside the detected main content.
pub const OUTSIDE_MAIN: &str = "outside-main";

/// Extracts the blocks and metadata of one HTML page.
///
/// `Block::span` is a byte range into `html` (always on char boundaries).
/// Never panics, whatever the input.
pub fn extract(html: &str) -> HtmlPage {
    let parsed = Parser::new(html).run();
    let inside = main_region(&parsed);
    let is_inside = |cand: u32| inside.as_ref().is_none_or(|v| v[cand as usize]);
    let meta = build_meta(html, &parsed, &is_inside);
    let blocks = parsed
        .blocks
        .into_iter()
        .map(|b| {
            let mut hint = b.hint;
            if !is_inside(b.cand) {
                if !hint.is_empty() {
                    hint.push(' ');
                }
                hint.push_str(OUTSIDE_MAIN);
            }
            Block {
                kind: b.kind,
                text: b.text,
                span: ByteSpan::new(b.start, b.end),
                exact: b.exact,
                link_density: b.link_density,
                hint,
            }
        })
        .collect();
    HtmlPage { meta, blocks }
}

/// For each main-content candidate (index + 1; slot 0 = outside all), whether
/// it lies inside the chosen main region; `None` when the page has none.
///
/// The region is the candidate with the most text in the best tier
/// (itemprop=articleBody, then body classes, then `<article>`, then
/// `<main>`), widened to the `<article>` around it so that the headline and
/// byline stay inside.
fn main_region(p: &Parsed) -> Option<Vec<bool>> {
    let n = p.cands.len();
    if n == 0 {
        return None;
    }
    let mut chars = vec![0usize; n + 1];
    for b in &p.blocks {
        chars[b.cand as usize] += b.chars;
    }
    for i in (1..=n).rev() {
        let parent = p.cands[i - 1].parent as usize;
        chars[parent] += chars[i];
    }
    let best = (1..=4u8).find_map(|tier| {
        (1..=n)
            .filter(|&i| p.cands[i - 1].tier == tier && chars[i] > 0)
            .max_by_key(|&i| (chars[i], std::cmp::Reverse(i)))
    })?;
    let mut main = best;
    let mut up = p.cands[best - 1].parent as usize;
    while up != 0 {
        if p.cands[up - 1].article {
            main = up;
            break;
        }
        up = p.cands[up - 1].parent as usize;
    }
    let mut inside = vec![false; n + 1];
    for i in 1..=n {
        inside[i] = i == main || inside[p.cands[i - 1].parent as usize];
    }
    Some(inside)
}

/// Date metas in order of trust, with the `published_how` they report.
const DATE_METAS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "article:published",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
];

fn build_meta(html: &str, p: &Parsed, is_inside: &dyn Fn(u32) -> bool) -> DocMeta {
    let get = |k: &str| {
        p.metas
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let scripts: Vec<&str> = p.ld.iter().map(|&(s, e)| &html[s..e]).collect();
    let ld = meta::json_ld(&scripts);
    let mut m = DocMeta::default();

    let outlet = [
        (get("og:site_name"), "meta:og:site_name"),
        (ld.publisher.clone(), "json-ld:publisher"),
        (get("application-name"), "meta:application-name"),
    ]
    .into_iter()
    .find_map(|(v, how)| v.map(|v| (v, how)));
    if let Some((v, how)) = outlet {
        m.outlet = Some(v);
        m.outlet_how = Some(how.to_string());
    }
    let outlet = m.outlet.as_deref();

    let h1 = p
        .blocks
        .iter()
        .filter(|b| b.h1)
        .find(|b| is_inside(b.cand))
        .or_else(|| p.blocks.iter().find(|b| b.h1))
        .map(|b| b.text.clone());
    m.title = get("og:title")
        .map(|t| meta::strip_outlet(&t, outlet, false))
        .or_else(|| get("twitter:title").map(|t| meta::strip_outlet(&t, outlet, false)))
        .or_else(|| ld.headline.clone())
        .or_else(|| {
            p.title
                .as_deref()
                .map(|t| meta::strip_outlet(t, outlet, true))
        })
        .or_else(|| get("itemprop:headline"))
        .or(h1)
        .filter(|t| !t.is_empty());

    let published = DATE_METAS
        .iter()
        .find_map(|k| get(k).map(|v| (v, format!("meta:{k}"))))
        .or_else(|| get("itemprop:datepublished").map(|v| (v, "itemprop:datePublished".into())))
        .or_else(|| {
            p.itemprop_date
                .clone()
                .map(|v| (v, "itemprop:datePublished".into()))
        })
        .or_else(|| ld.date_published.clone().map(|v| (v, "json-ld".into())))
        .or_else(|| {
            p.times
                .iter()
                .find(|t| t.pubdate)
                .or_else(|| p.times.iter().find(|t| t.cand != 0 && is_inside(t.cand)))
                .map(|t| (t.datetime.clone(), "time".into()))
        });
    if let Some((v, how)) = published {
        m.published = Some(v);
        m.published_how = Some(how);
    }

    m.url = p.canonical.clone().or_else(|| get("og:url")).or(ld.url);
    let not_url = |a: &String| !a.starts_with("http://") && !a.starts_with("https://");
    m.author = get("author")
        .filter(not_url)
        .or(ld.author)
        .or_else(|| get("article:author").filter(not_url))
        .or_else(|| get("dc.creator").filter(not_url));
    m
}
