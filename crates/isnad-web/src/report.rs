//! `isnad report --html FILE`: one self-contained RTL page to share.
//!
//! No scripts, no external resources (styles inline), no timestamps, so the
//! same store always gives the same bytes. Sections: summary, outlets,
//! documents per day (a bar per day), the documents timeline with copy
//! groups folded ("also carried by"), undated documents, and the events
//! timeline (an empty state until the event stages fill the store).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use anyhow::Context;
use isnad_store::Store;
use serde::Serialize;

use crate::catalog::{Catalog, DocSummary};
use crate::html::{auto, external_link, ltr, text, STYLE};

/// What a report contains, for the CLI's summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReportStats {
    pub documents: usize,
    /// Copy groups (an original and its copies count once).
    pub stories: usize,
    pub outlets: usize,
    pub days: usize,
    pub undated: usize,
}

/// Write the report for `store` to `path`.
pub fn write_report(store: &Store, path: &Path) -> anyhow::Result<ReportStats> {
    let (html, stats) = render_report(store)?;
    std::fs::write(path, html)
        .with_context(|| format!("{}: cannot write report", path.display()))?;
    Ok(stats)
}

/// The report as a string.
pub fn render_report(store: &Store) -> anyhow::Result<(String, ReportStats)> {
    let cat = Catalog::load(store)?;
    let (events, total) = store.fused_events_page(None, 0, REPORT_EVENTS)?;
    Ok(render(&cat, &events, total))
}

/// Most events a report lists (the first ones in timeline order).
const REPORT_EVENTS: usize = 2000;

fn outlet_of(d: &DocSummary) -> String {
    d.outlet
        .as_deref()
        .map_or("(مصدر غير معروف)".to_string(), ltr)
}

pub(crate) fn render(
    cat: &Catalog,
    events: &[serde_json::Value],
    total_events: u64,
) -> (String, ReportStats) {
    // Canonical documents only; copies are listed under their original.
    let originals: Vec<&DocSummary> = cat.docs.iter().filter(|d| d.copy_of.is_none()).collect();
    let mut by_day: BTreeMap<&str, Vec<&DocSummary>> = BTreeMap::new();
    let mut undated = Vec::new();
    for d in &originals {
        match d.published.as_deref() {
            Some(p) => by_day.entry(p).or_default().push(d),
            None => undated.push(*d),
        }
    }
    let mut per_day: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &cat.docs {
        if let Some(p) = d.published.as_deref() {
            *per_day.entry(p).or_insert(0) += 1;
        }
    }
    let stats = ReportStats {
        documents: cat.docs.len(),
        stories: originals.len(),
        outlets: cat.outlets.len(),
        days: per_day.len(),
        undated: cat.docs.iter().filter(|d| d.published.is_none()).count(),
    };

    let mut b = String::new();
    b.push_str("<h1>تقرير إسناد: الخط الزمني للوثائق</h1>");
    let range = match (per_day.keys().next(), per_day.keys().last()) {
        (Some(a), Some(z)) if a != z => format!("من {} إلى {}", ltr(a), ltr(z)),
        (Some(a), _) => format!("في {}", ltr(a)),
        _ => "بلا تواريخ".to_string(),
    };
    let _ = write!(
        b,
        "<p class=\"meta\" id=\"summary\">{} وثيقة ({} نصاً مستقلاً بعد ضم النسخ) من {} مصدراً، {range}؛ {} بلا تاريخ.</p>",
        stats.documents, stats.stories, stats.outlets, stats.undated
    );

    b.push_str("<h2>المصادر</h2>");
    if cat.outlets.is_empty() {
        b.push_str("<p class=\"empty\">لا مصادر معروفة.</p>");
    } else {
        b.push_str("<table id=\"outlets\"><tr><th>المصدر</th><th>الوثائق</th><th>أول تاريخ</th><th>آخر تاريخ</th></tr>");
        for (o, n) in &cat.outlets {
            let dates: Vec<&str> = cat
                .docs
                .iter()
                .filter(|d| d.outlet.as_deref() == Some(o))
                .filter_map(|d| d.published.as_deref())
                .collect();
            let first = dates.iter().min().map_or(String::from("—"), |d| ltr(d));
            let last = dates.iter().max().map_or(String::from("—"), |d| ltr(d));
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{n}</td><td>{first}</td><td>{last}</td></tr>",
                ltr(o)
            );
        }
        b.push_str("</table>");
    }

    b.push_str("<h2>الوثائق في كل يوم</h2>");
    if per_day.is_empty() {
        b.push_str("<p class=\"empty\">لا وثائق مؤرخة.</p>");
    } else {
        let max = per_day.values().copied().max().unwrap_or(1).max(1);
        b.push_str("<table id=\"per-day\">");
        for (day, n) in &per_day {
            let width = (n * 240 / max).max(2);
            let _ = write!(
                b,
                "<tr><td>{}</td><td><span class=\"bar\" style=\"width:{width}px\"></span> {n}</td></tr>",
                ltr(day)
            );
        }
        b.push_str("</table>");
    }

    b.push_str("<h2>الخط الزمني</h2>");
    if by_day.is_empty() {
        b.push_str("<p class=\"empty\">لا وثائق مؤرخة.</p>");
    }
    for (day, docs) in &by_day {
        let _ = write!(
            b,
            "<section class=\"day\"><h2>{}</h2><ul class=\"docs\">",
            ltr(day)
        );
        for d in docs {
            b.push_str(&item(cat, d));
        }
        b.push_str("</ul></section>");
    }
    if !undated.is_empty() {
        b.push_str("<section class=\"day\" id=\"undated\"><h2>بلا تاريخ</h2><ul class=\"docs\">");
        for d in &undated {
            b.push_str(&item(cat, d));
        }
        b.push_str("</ul></section>");
    }

    if events.is_empty() {
        b.push_str(
            "<h2>الخط الزمني للأحداث</h2><p class=\"empty\" id=\"events\">لا أحداث في هذا المخزن بعد؛ \
             يظهر هنا كل حدث بتاريخه ومصادره بعد تشغيل مراحل استخراج الأحداث.</p>",
        );
    } else {
        let _ = write!(
            b,
            "<h2>الخط الزمني للأحداث</h2><p class=\"meta\">{} من {} حدث، مرتبة بالتاريخ</p><ol class=\"timeline\" id=\"events\">",
            events.len(),
            total_events
        );
        for e in events {
            b.push_str(&crate::timeline::event_item(e, false));
        }
        b.push_str("</ol>");
    }

    let html = format!(
        "<!DOCTYPE html>\n<html dir=\"rtl\" lang=\"ar\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>تقرير إسناد</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{b}\n</main>\n</body>\n</html>\n"
    );
    (html, stats)
}

fn item(cat: &Catalog, d: &DocSummary) -> String {
    let title = d
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| d.id.clone());
    let mut s = format!(
        "<li><strong>{}</strong><div class=\"meta\"><span>{}</span><span>{}</span>",
        auto(&title),
        outlet_of(d),
        ltr(&d.id)
    );
    if let Some(u) = &d.url {
        let _ = write!(s, "<span>{}</span>", external_link(u));
    }
    s.push_str("</div>");
    let _ = write!(s, "<div>{}</div>", text(&d.lead));
    let also = cat.also_carried_by(&d.id);
    if !also.is_empty() {
        let names: Vec<String> = also
            .iter()
            .map(|o| {
                format!(
                    "{} ({})",
                    outlet_of(o),
                    o.published.as_deref().map_or("بلا تاريخ".to_string(), ltr)
                )
            })
            .collect();
        let _ = write!(
            s,
            "<div class=\"meta\">نشرها أيضاً: {}</div>",
            names.join("، ")
        );
    }
    s.push_str("</li>");
    s
}
