//! Page metadata: `<meta>` tags, JSON-LD, `<title>`, `<time>`, `<h1>`.

use serde_json::Value;

/// What the JSON-LD scripts of a page say about the article.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct LdInfo {
    pub date_published: Option<String>,
    pub headline: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
}

/// `@type`s that describe the article itself, best first.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "Article",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
];

/// Parses the JSON-LD scripts (each may hold an object, an array, several
/// concatenated values or an `@graph`). Invalid JSON is repaired where the
/// usual CMS faults are (raw newlines in strings, trailing commas, HTML
/// comment wrappers); what still fails yields only a scanned `datePublished`.
pub(crate) fn json_ld(scripts: &[&str]) -> LdInfo {
    let mut values = Vec::new();
    let mut scanned_date = None;
    for raw in scripts {
        let s = unwrap_script(raw);
        if s.is_empty() {
            continue;
        }
        let before = values.len();
        if !parse_values(s, &mut values) {
            values.truncate(before);
            if !parse_values(&repair(s), &mut values) {
                values.truncate(before);
                if scanned_date.is_none() {
                    scanned_date = scan_string_field(s, "datePublished");
                }
            }
        }
    }
    let mut ids: Vec<(String, String)> = Vec::new();
    let mut best: Option<(u8, &serde_json::Map<String, Value>)> = None;
    for v in &values {
        visit(v, 0, &mut |o| {
            if let (Some(Value::String(id)), Some(Value::String(name))) =
                (o.get("@id"), o.get("name"))
            {
                ids.push((id.clone(), name.clone()));
            }
            let score = article_score(o);
            if score > 0 && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, o));
            }
        });
    }
    let mut info = LdInfo::default();
    if let Some((_, o)) = best {
        info.date_published = str_field(o.get("datePublished"));
        info.headline = str_field(o.get("headline")).or_else(|| str_field(o.get("name")));
        info.author = names(o.get("author"), &ids);
        info.publisher = names(o.get("publisher"), &ids);
        info.url = str_field(o.get("url")).or_else(|| match o.get("mainEntityOfPage") {
            Some(Value::Object(m)) => str_field(m.get("@id")).or_else(|| str_field(m.get("url"))),
            other => str_field(other),
        });
    }
    if info.date_published.is_none() {
        info.date_published = scanned_date;
    }
    info
}

/// Strips whitespace and `<!-- -->` / `<![CDATA[ ]]>` wrappers.
fn unwrap_script(raw: &str) -> &str {
    let mut s = raw.trim();
    for (a, b) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(r) = s.strip_prefix(a) {
            s = r.strip_suffix(b).unwrap_or(r).trim();
        }
    }
    s
}

/// Parses every JSON value in `s`; false when any part is invalid.
fn parse_values(s: &str, out: &mut Vec<Value>) -> bool {
    let mut it = serde_json::Deserializer::from_str(s).into_iter::<Value>();
    loop {
        match it.next() {
            None => return true,
            Some(Ok(v)) => out.push(v),
            Some(Err(_)) => {
                // `{...},{...}` (values separated by commas) is common.
                let Some(rest) = s.get(it.byte_offset()..) else {
                    return false;
                };
                let rest = rest.trim_start();
                match rest.strip_prefix(',') {
                    Some(r) if !out.is_empty() => return parse_values(r, out),
                    _ => return false,
                }
            }
        }
    }
}

/// Fixes raw control characters inside strings, invalid escapes and
/// trailing commas, keeping everything else.
fn repair(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_str = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if in_str {
            match c {
                '"' => {
                    in_str = false;
                    out.push(c);
                }
                '\\' => match chars.next() {
                    Some(e @ ('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' | 'u')) => {
                        out.push('\\');
                        out.push(e);
                    }
                    Some(e) if (e as u32) < 0x20 => out.push(' '),
                    Some(e) => out.push(e),
                    None => {}
                },
                c if (c as u32) < 0x20 => out.push(' '),
                c => out.push(c),
            }
        } else {
            match c {
                '"' => {
                    in_str = true;
                    out.push(c);
                }
                ',' => {
                    let mut ahead = chars.clone();
                    while ahead.peek().is_some_and(|c| c.is_whitespace()) {
                        ahead.next();
                    }
                    if !matches!(ahead.peek(), Some('}' | ']')) {
                        out.push(c);
                    }
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// Finds `"field" : "value"` in text that is not valid JSON.
fn scan_string_field(s: &str, field: &str) -> Option<String> {
    let key = format!("\"{field}\"");
    let at = s.find(&key)? + key.len();
    let rest = s[at..].trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    let v = rest[..end].trim();
    (!v.is_empty() && v.len() < 100).then(|| v.to_string())
}

const MAX_DEPTH: usize = 32;

/// Calls `f` on every object of `v` (arrays, `@graph` and nested values).
fn visit<'v>(v: &'v Value, depth: usize, f: &mut dyn FnMut(&'v serde_json::Map<String, Value>)) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| visit(x, depth + 1, f)),
        Value::Object(o) => {
            f(o);
            for (k, x) in o {
                if matches!(x, Value::Array(_) | Value::Object(_))
                    && k != "author"
                    && k != "publisher"
                {
                    visit(x, depth + 1, f);
                }
            }
        }
        _ => {}
    }
}

/// 3 for an article type, 2 for another type with `datePublished`, 0 else.
fn article_score(o: &serde_json::Map<String, Value>) -> u8 {
    let is_article = |t: &str| {
        ARTICLE_TYPES
            .iter()
            .any(|a| a.eq_ignore_ascii_case(t.trim_start_matches("schema:")))
    };
    let typed = match o.get("@type") {
        Some(Value::String(t)) => is_article(t),
        Some(Value::Array(a)) => a.iter().any(|t| t.as_str().is_some_and(is_article)),
        _ => false,
    };
    if typed {
        3
    } else if o.get("datePublished").is_some_and(|d| d.is_string()) {
        2
    } else {
        0
    }
}

fn str_field(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => {
            let s = collapse(s);
            (!s.is_empty()).then_some(s)
        }
        Value::Array(a) => a.iter().find_map(|x| str_field(Some(x))),
        _ => None,
    }
}

/// `"Name"`, `{"name": ...}`, `{"@id": ...}` (looked up in the page's
/// graph) or an array of those, joined with `، `.
fn names(v: Option<&Value>, ids: &[(String, String)]) -> Option<String> {
    let one = |x: &Value| -> Option<String> {
        match x {
            Value::String(s) => str_field(Some(&Value::String(s.clone()))),
            Value::Object(o) => str_field(o.get("name")).or_else(|| {
                let id = o.get("@id")?.as_str()?;
                ids.iter().find(|(i, _)| i == id).map(|(_, n)| collapse(n))
            }),
            _ => None,
        }
    };
    let list: Vec<String> = match v? {
        Value::Array(a) => a.iter().filter_map(one).collect(),
        x => one(x).into_iter().collect(),
    };
    let mut uniq: Vec<String> = Vec::new();
    for n in list {
        if !n.is_empty() && !uniq.contains(&n) {
            uniq.push(n);
        }
    }
    (!uniq.is_empty()).then(|| uniq.join("، "))
}

pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Title separators between a headline and the outlet name.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · ", " || ",
];

/// Removes the outlet name from a `<title>`-style string: `Headline | Outlet`,
/// `Outlet - Headline`. With the outlet known only that name is removed;
/// without it a short last segment after ` | ` (at most 5 words) or after
/// a dash (at most 3 words, and the headline at least 3 times longer) goes.
pub(crate) fn strip_outlet(title: &str, outlet: Option<&str>, guess: bool) -> String {
    let t = title.trim();
    if let Some(o) = outlet.map(str::trim).filter(|o| !o.is_empty()) {
        for sep in SEPARATORS {
            if let Some(head) = t
                .strip_suffix(o)
                .and_then(|h| h.trim_end().strip_suffix(sep.trim()))
            {
                if !head.trim().is_empty() {
                    return head.trim().to_string();
                }
            }
            if let Some(tail) = t
                .strip_prefix(o)
                .and_then(|r| r.trim_start().strip_prefix(sep.trim()))
            {
                if !tail.trim().is_empty() {
                    return tail.trim().to_string();
                }
            }
        }
    }
    if !guess {
        return t.to_string();
    }
    for sep in SEPARATORS {
        if let Some(p) = t.rfind(sep) {
            let (head, last) = (t[..p].trim(), t[p + sep.len()..].trim());
            let words = last.split_whitespace().count();
            let pipe = sep.contains('|');
            let ok = if pipe {
                words <= 5
            } else {
                words <= 3 && head.chars().count() >= 3 * last.chars().count()
            };
            if ok && !head.is_empty() && !last.is_empty() {
                return head.to_string();
            }
        }
    }
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_and_publisher_ids() {
        let s = r##"{"@context":"https://schema.org","@graph":[
            {"@type":"Organization","@id":"#org","name":"صحيفة المرصد"},
            {"@type":"WebPage","@id":"https://x.test/a","datePublished":"2020-01-01"},
            {"@type":"NewsArticle","headline":"عنوان الخبر","datePublished":"2024-03-05T10:00:00+03:00",
             "author":[{"@type":"Person","name":"سارة علي"},{"name":"خالد يوسف"}],
             "publisher":{"@id":"#org"},"mainEntityOfPage":{"@id":"https://x.test/a"}}]}"##;
        let i = json_ld(&[s]);
        assert_eq!(
            i.date_published.as_deref(),
            Some("2024-03-05T10:00:00+03:00")
        );
        assert_eq!(i.headline.as_deref(), Some("عنوان الخبر"));
        assert_eq!(i.author.as_deref(), Some("سارة علي، خالد يوسف"));
        assert_eq!(i.publisher.as_deref(), Some("صحيفة المرصد"));
        assert_eq!(i.url.as_deref(), Some("https://x.test/a"));
    }

    #[test]
    fn repairs_common_faults() {
        let s = "<!-- {\"@type\": \"NewsArticle\", \"headline\": \"سطر\nثان\", \"datePublished\": \"2023-11-02\",} -->";
        let i = json_ld(&[s]);
        assert_eq!(i.date_published.as_deref(), Some("2023-11-02"));
        assert_eq!(i.headline.as_deref(), Some("سطر ثان"));
        let broken =
            "{\"@type\": \"NewsArticle\", \"datePublished\": \"2022-05-01\", \"headline\": }}}";
        assert_eq!(
            json_ld(&[broken]).date_published.as_deref(),
            Some("2022-05-01")
        );
        let two = "{\"@type\":\"Organization\",\"name\":\"x\"},{\"@type\":\"Article\",\"datePublished\":\"2021\"}";
        assert_eq!(json_ld(&[two]).date_published.as_deref(), Some("2021"));
        assert_eq!(json_ld(&["", "nonsense", "[[[["]), LdInfo::default());
    }

    #[test]
    fn outlet_suffixes() {
        assert_eq!(
            strip_outlet(
                "وزير يزور المدينة | صحيفة المرصد",
                Some("صحيفة المرصد"),
                true
            ),
            "وزير يزور المدينة"
        );
        assert_eq!(
            strip_outlet("المرصد - وزير يزور المدينة", Some("المرصد"), true),
            "وزير يزور المدينة"
        );
        assert_eq!(
            strip_outlet("وزير يزور المدينة الساحلية اليوم - المرصد", None, true),
            "وزير يزور المدينة الساحلية اليوم"
        );
        // A dash inside a headline with a long tail stays.
        assert_eq!(
            strip_outlet("بيروت - وصل الوفد", None, true),
            "بيروت - وصل الوفد"
        );
        assert_eq!(strip_outlet("عنوان | موقع", None, false), "عنوان | موقع");
    }
}
