//! Fused events (the fusion stage's output, as exported) rendered as an RTL
//! timeline: date, who did what with whom and where, how certain, how many
//! independent sources, where they disagree, and every citation linked to its
//! sentence. Shared by the `/events` page and the HTML report.

use std::fmt::Write;

use serde_json::Value;

use crate::html::{auto, esc, ltr, text, url_enc};

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// Arabic label of a modality.
fn modality_ar(m: &str) -> &'static str {
    match m {
        "asserted" => "وقع",
        "planned" => "مقرر",
        "possible" => "محتمل",
        "denied" => "منفي",
        "proposed" => "مقترح",
        _ => "غير محدد",
    }
}

fn field_ar(f: &str) -> &'static str {
    match f {
        "date" => "التاريخ",
        "place" => "المكان",
        "participants" => "المشاركون",
        "modality" => "الوقوع",
        _ => "حقل",
    }
}

/// One event as an `<li>`; `cite_links` makes citations link to `/doc/ID`.
pub fn event_item(e: &Value, cite_links: bool) -> String {
    let mut b = String::new();
    let date = e["date"]["value"].as_str();
    let _ = write!(
        b,
        "<li class=\"event\" id=\"{}\"><span class=\"date\">{}</span> <strong>{}</strong>",
        esc(s(&e["id"])),
        date.map_or_else(|| "بلا تاريخ".to_string(), ltr),
        ltr(&format!(
            "{}{}",
            s(&e["type"]),
            e["subtype"]
                .as_str()
                .map(|x| format!(" / {x}"))
                .unwrap_or_default()
        ))
    );
    let names: Vec<String> = e["participant_details"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| auto(s(&p["name"])))
        .collect();
    if !names.is_empty() {
        let _ = write!(b, " — {}", names.join("، "));
    }
    if let Some(place) = e["place"]["name"].as_str() {
        let _ = write!(b, " في {}", auto(place));
    }
    let m = s(&e["modality"]);
    let _ = write!(
        b,
        " <span class=\"mod mod-{}\">{}</span> <span class=\"meta\">{} مصدر مستقل</span>",
        esc(m),
        modality_ar(m),
        e["source_count"].as_u64().unwrap_or(0),
    );
    for c in e["claims"].as_array().into_iter().flatten() {
        let _ = write!(b, "<div class=\"claim\">«{}»</div>", text(s(&c["text"])));
    }
    for d in e["disagreements"].as_array().into_iter().flatten() {
        let alts: Vec<String> = d["alternatives"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| {
                let outlets: Vec<String> = a["outlets"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|o| ltr(s(o)))
                    .collect();
                format!("{} ({})", auto(s(&a["value"])), outlets.join("، "))
            })
            .collect();
        let _ = write!(
            b,
            "<div class=\"disagree\">خلاف على {}: {}</div>",
            field_ar(s(&d["field"])),
            alts.join(" مقابل ")
        );
    }
    b.push_str("<ul class=\"cites\">");
    for c in e["mentions"].as_array().into_iter().flatten() {
        let doc = s(&c["doc"]);
        let sent = c["sentence"].as_u64().unwrap_or(0);
        let who = format!(
            "{} {}",
            c["outlet"].as_str().map_or_else(|| "؟".to_string(), ltr),
            c["published"].as_str().map(ltr).unwrap_or_default()
        );
        let quote = text(s(&c["text"]));
        if cite_links {
            let _ = write!(
                b,
                "<li>{who}: <a href=\"/doc/{d}?s={sent}#s{sent}\">{quote}</a></li>",
                d = esc(&url_enc(doc))
            );
        } else {
            let _ = write!(b, "<li>{who}: {quote}</li>");
        }
    }
    b.push_str("</ul></li>");
    b
}
