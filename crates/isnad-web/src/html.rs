//! HTML building blocks: escaping, bidi isolation, the page frame.
//!
//! Every string that comes from an article or its metadata is untrusted and
//! goes through [`esc`] (or [`text`], which escapes and isolates). Pages
//! carry no script at all, and the Content-Security-Policy forbids any, so a
//! slip in escaping still cannot run code.

use std::fmt::Write;

/// Escape for HTML text and double- or single-quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encode a query-string value.
pub fn url_enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}')
}

/// Strong left-to-right for our purposes: Latin letters and ASCII digits.
fn is_ltr(c: char) -> bool {
    c.is_ascii_digit() || is_latin_letter(c)
}

/// Anything that ends a left-to-right run: an Arabic (or other non-Latin)
/// letter or digit, or a line break.
fn breaks_ltr(c: char) -> bool {
    (c.is_alphanumeric() && !is_ltr(c)) || c == '\n'
}

/// Escape `s` and wrap each left-to-right run inside it in `<bdi dir="ltr">`,
/// so Latin names, URLs, code and numeric dates keep their own order inside
/// an Arabic sentence. A run goes from a Latin letter or digit to the last
/// one before the next Arabic letter, with the spaces and punctuation
/// between them, plus brackets and quotes glued to its ends (`<script>`,
/// `(AFP)`). A plain number (digits only) needs no isolation and is left
/// alone; sentence punctuation after a run stays with the Arabic sentence.
pub fn text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 16);
    let mut i = 0; // chars before i are written
    let mut k = 0;
    while k < chars.len() {
        if !is_ltr(chars[k]) {
            k += 1;
            continue;
        }
        // The run's last strong char: keep going while no Arabic intervenes.
        let mut last = k;
        let mut j = k + 1;
        while j < chars.len() && !breaks_ltr(chars[j]) {
            if is_ltr(chars[j]) {
                last = j;
            }
            j += 1;
        }
        let mut start = k;
        while start > i && matches!(chars[start - 1], '<' | '(' | '[' | '{' | '"' | '\'') {
            start -= 1;
        }
        let mut end = last + 1;
        while end < chars.len() && matches!(chars[end], '>' | ')' | ']' | '}' | '"' | '\'' | '%') {
            end += 1;
        }
        let run: String = chars[start..end].iter().collect();
        let needs = run.chars().any(is_latin_letter) || run.chars().any(|c| !c.is_ascii_digit());
        out.push_str(&esc(&chars[i..start].iter().collect::<String>()));
        if needs {
            out.push_str("<bdi dir=\"ltr\">");
            out.push_str(&esc(&run));
            out.push_str("</bdi>");
        } else {
            out.push_str(&esc(&run));
        }
        i = end;
        k = end;
    }
    out.push_str(&esc(&chars[i..].iter().collect::<String>()));
    out
}

/// A left-to-right value (an id, an outlet id, a date, a URL) isolated as a
/// whole.
pub fn ltr(s: &str) -> String {
    format!("<bdi dir=\"ltr\">{}</bdi>", esc(s))
}

/// Text of unknown direction (a title that may be Latin) isolated with
/// `dir=auto`, inner Latin runs isolated too.
pub fn auto(s: &str) -> String {
    format!("<bdi>{}</bdi>", text(s))
}

/// `text` of `s` with the char ranges in `marks` wrapped in `<mark>`.
pub fn marked(s: &str, marks: &[(usize, usize)]) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for &(a, b) in marks {
        if a < at || b > chars.len() || a >= b {
            continue;
        }
        out.push_str(&text(&chars[at..a].iter().collect::<String>()));
        out.push_str("<mark>");
        out.push_str(&text(&chars[a..b].iter().collect::<String>()));
        out.push_str("</mark>");
        at = b;
    }
    out.push_str(&text(&chars[at..].iter().collect::<String>()));
    out
}

/// An external link to an article URL: only http(s), never followed with a referrer.
pub fn external_link(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        format!(
            "<a href=\"{}\" rel=\"noopener noreferrer nofollow\" dir=\"ltr\">{}</a>",
            esc(url.trim()),
            ltr(url.trim())
        )
    } else {
        ltr(url)
    }
}

/// The policy sent with every page: no script, no external loads.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
                       form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub const STYLE: &str = r#"
:root { --fg:#1d232b; --muted:#5b6672; --line:#d9dee4; --accent:#0b5cad; --hl:#fff1a8; --bg:#fbfbfa; }
* { box-sizing: border-box; }
body { margin:0; font-family: "Noto Naskh Arabic","Amiri","Segoe UI","Tahoma",sans-serif; color:var(--fg);
       background:var(--bg); line-height:1.8; font-size:17px; }
header.top { background:#17324d; color:#fff; padding:.6rem 1.2rem; display:flex; gap:1.2rem; align-items:center; flex-wrap:wrap; }
header.top a { color:#fff; text-decoration:none; }
header.top .brand { font-weight:bold; font-size:1.2rem; }
header.top form { margin-inline-start:auto; display:flex; gap:.4rem; }
header.top input[type=search] { width:18rem; padding:.3rem .5rem; border-radius:4px; border:0; font:inherit; }
main { max-width:60rem; margin:0 auto; padding:1rem 1.2rem 3rem; }
h1 { font-size:1.6rem; line-height:1.4; margin:.6rem 0; }
h2 { font-size:1.25rem; margin:1.4rem 0 .4rem; }
.meta { color:var(--muted); font-size:.92rem; }
.meta span + span::before { content:" · "; }
.empty { border:1px dashed var(--line); padding:1rem; border-radius:6px; color:var(--muted); background:#fff; }
ol.timeline { list-style:none; padding:0; }
li.event { border-inline-start:3px solid var(--accent); padding:.4rem .8rem; margin:.6rem 0; background:#fff; }
li.event .date { font-weight:bold; }
.mod { font-size:.85em; padding:0 .4em; border-radius:4px; background:#e8eef5; }
.mod-denied { background:#f6d9d9; } .mod-planned, .mod-proposed, .mod-possible { background:#f3ecd2; }
.disagree { color:#8a1c1c; margin:.2rem 0; } .claim { color:var(--muted); font-style:italic; }
ul.cites { margin:.3rem 0; font-size:.92em; color:var(--muted); }
ul.docs { list-style:none; padding:0; margin:0; }
ul.docs li { padding:.5rem 0; border-bottom:1px solid var(--line); }
.day { margin-top:1.2rem; border-inline-start:4px solid var(--accent); padding-inline-start:.8rem; }
.day > h2 { margin-top:0; }
a { color:var(--accent); }
.article p { margin:.2rem 0 .9rem; }
.article h2.sub { font-size:1.15rem; }
.s { border-radius:3px; }
.s.hl { background:var(--hl); outline:2px solid #e0b800; }
a.sn { font-size:.7rem; color:var(--muted); text-decoration:none; vertical-align:super; padding:0 .15rem; }
mark { background:var(--hl); }
.hit { padding:.6rem 0; border-bottom:1px solid var(--line); }
.hit .snip { margin:.2rem 0; }
.filters { display:flex; gap:.6rem; flex-wrap:wrap; align-items:end; margin:.5rem 0 1rem; }
.filters label { display:flex; flex-direction:column; font-size:.85rem; color:var(--muted); }
.filters input, .filters select { font:inherit; padding:.2rem .4rem; }
.copies { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.6rem 1rem; margin:1rem 0; }
.pager { display:flex; gap:1rem; margin-top:1rem; }
table { border-collapse:collapse; }
td, th { border-bottom:1px solid var(--line); padding:.3rem .6rem; text-align:start; }
a.ent { color:inherit; text-decoration:none; border-bottom:2px solid #7a8ca3; }
a.ent-per { border-color:#b3541e; } a.ent-org { border-color:#1e7a4f; }
a.ent-loc, a.ent-gpe { border-color:#2d5fb3; } a.ent-misc, a.ent-title { border-color:#7a4fb3; }
.tx { background:#e3eefc; border-radius:3px; }
.bar { background:var(--accent); height:.7rem; display:inline-block; border-radius:2px; }
"#;

/// The page frame: RTL Arabic document, header with navigation and search box.
pub fn page(title: &str, q: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html dir=\"rtl\" lang=\"ar\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} — إسناد</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header class=\"top\"><a class=\"brand\" href=\"/\">إسناد</a>\
         <nav><a href=\"/docs\">الوثائق</a> · <a href=\"/stories\">القصص</a> · \
         <a href=\"/events\">الأحداث</a> · <a href=\"/entities\">الكيانات</a></nav>\
         <form action=\"/search\" method=\"get\" role=\"search\">\
         <input type=\"search\" name=\"q\" value=\"{q}\" placeholder=\"ابحث في الوثائق\" aria-label=\"بحث\">\
         <button type=\"submit\">بحث</button></form></header>\n<main>\n{body}\n</main>\n</body>\n</html>\n",
        title = esc(title),
        q = esc(q),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn isolates_latin_urls_and_dates_not_plain_numbers() {
        assert_eq!(
            text("نقلت وكالة Reuters News عن"),
            "نقلت وكالة <bdi dir=\"ltr\">Reuters News</bdi> عن"
        );
        assert_eq!(
            text("على موقعها www.agri.example.org منذ 1/3/2026."),
            "على موقعها <bdi dir=\"ltr\">www.agri.example.org</bdi> منذ <bdi dir=\"ltr\">1/3/2026</bdi>."
        );
        assert_eq!(text("في عام 2026 قتل 3"), "في عام 2026 قتل 3");
        assert_eq!(
            text("الشيفرة: <script>alert('x')</script> داخل"),
            "الشيفرة: <bdi dir=\"ltr\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</bdi> داخل"
        );
        assert_eq!(
            text("بين 12 - 14 مارس"),
            "بين <bdi dir=\"ltr\">12 - 14</bdi> مارس"
        );
        assert_eq!(
            text("نقلت (AFP) أن ٣ قتلى و15%"),
            "نقلت <bdi dir=\"ltr\">(AFP)</bdi> أن ٣ قتلى و<bdi dir=\"ltr\">15%</bdi>"
        );
    }

    #[test]
    fn marks_char_ranges() {
        assert_eq!(marked("قال الوزير", &[(4, 10)]), "قال <mark>الوزير</mark>");
        // Out-of-range or overlapping marks are ignored, never panic.
        assert_eq!(marked("قال", &[(2, 9), (0, 1), (0, 1)]), "<mark>ق</mark>ال");
    }

    #[test]
    fn only_http_links_are_links() {
        assert!(external_link("https://a.example/x?a=1&b=2")
            .contains("href=\"https://a.example/x?a=1&amp;b=2\""));
        assert!(!external_link("javascript:alert(1)").contains("href"));
        assert_eq!(url_enc("غزة 1&x"), "%D8%BA%D8%B2%D8%A9%201%26x");
    }
}
