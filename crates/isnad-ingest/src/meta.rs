//! Metadata that can be inferred from where a document sits: the URL's host,
//! a date in the URL path, the folder it was found in.

use isnad_core::DocMeta;
use std::path::Path;

static GENERIC_FOLDERS: &str = include_str!("../data/generic_folders.txt");

/// The outlet id of a URL: its host, lower-cased, without `www.`, port or
/// user info. `None` for anything that is not an `http(s)`-like URL with a
/// plausible host name.
pub(crate) fn url_host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let ok = !host.is_empty()
        && (host.contains('.') || host == "localhost")
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    ok.then(|| host.to_owned())
}

/// A publication date written into a URL path: `/2021/07/03/`, `/2021-07-03`,
/// `/2021_07_03`, or an 8-digit `20210703` standing alone. Returned as found.
pub(crate) fn url_date(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let b = path.as_bytes();
    let digits = |i: usize, n: usize| -> Option<u32> {
        let s = b.get(i..i + n)?;
        if s.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(s).ok()?.parse().ok()
        } else {
            None
        }
    };
    let plausible = |y: u32, m: u32, d: u32| {
        (1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
    };
    for i in 0..b.len() {
        let boundary_before = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if !boundary_before {
            continue;
        }
        let Some(y) = digits(i, 4) else { continue };
        let sep = b.get(i + 4).copied();
        if matches!(sep, Some(b'/' | b'-' | b'_')) && b.get(i + 7).copied() == sep {
            if let (Some(m), Some(d)) = (digits(i + 5, 2), digits(i + 8, 2)) {
                let after = b.get(i + 10);
                if plausible(y, m, d) && after.is_none_or(|c| !c.is_ascii_digit()) {
                    return Some(path[i..i + 10].to_owned());
                }
            }
        }
        if let (Some(m), Some(d)) = (digits(i + 4, 2), digits(i + 6, 2)) {
            let after = b.get(i + 8);
            if plausible(y, m, d) && after.is_none_or(|c| !c.is_ascii_alphanumeric()) {
                return Some(path[i..i + 8].to_owned());
            }
        }
    }
    None
}

/// The name of the folder a document was found in, unless it is a generic
/// container name (`data/generic_folders.txt`). The folder comes from the zip
/// entry path when there is one, else from the file path as given, else from
/// the file's real parent directory.
pub(crate) fn folder_outlet(path: &str, entry: Option<&str>) -> Option<String> {
    let from_entry = entry.and_then(|e| {
        let last = e.rsplit('!').next().unwrap_or(e);
        Path::new(last)
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
    });
    let name = match (from_entry, entry) {
        (Some(n), _) => n,
        // An archive member at the archive's root: the archive's own folder
        // says nothing about the member.
        (None, Some(_)) => return None,
        (None, None) => {
            if path == "-" {
                return None;
            }
            let p = Path::new(path);
            match p.parent().and_then(|p| p.file_name()) {
                Some(n) => n.to_string_lossy().into_owned(),
                None => p
                    .canonicalize()
                    .ok()?
                    .parent()?
                    .file_name()?
                    .to_string_lossy()
                    .into_owned(),
            }
        }
    };
    let lower = name.to_lowercase();
    let generic = GENERIC_FOLDERS
        .lines()
        .map(str::trim)
        .any(|l| !l.starts_with('#') && l == lower);
    (!generic && !lower.is_empty()).then_some(name)
}

/// Fills the outlet and date from the URL and folder where the richer
/// sources (record fields, page metadata) left them empty.
pub(crate) fn fill_fallbacks(meta: &mut DocMeta, path: &str, entry: Option<&str>) {
    if meta.outlet.is_none() {
        if let Some(host) = meta.url.as_deref().and_then(url_host) {
            meta.outlet = Some(host);
            meta.outlet_how = Some("url-host".into());
        }
    }
    if meta.outlet.is_none() {
        if let Some(folder) = folder_outlet(path, entry) {
            meta.outlet = Some(folder);
            meta.outlet_how = Some("folder".into());
        }
    }
    if meta.published.is_none() {
        if let Some(d) = meta.url.as_deref().and_then(url_date) {
            meta.published = Some(d);
            meta.published_how = Some("url-path".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            url_host("https://www.Alriyadh.com/123").as_deref(),
            Some("alriyadh.com")
        );
        assert_eq!(
            url_host("http://u@sana.sy:8080/x").as_deref(),
            Some("sana.sy")
        );
        assert_eq!(url_host("not a url"), None);
        assert_eq!(url_host("http:///path"), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            url_date("http://x.com/news/2021/07/03/story").as_deref(),
            Some("2021/07/03")
        );
        assert_eq!(
            url_date("http://x.com/a/2015-08-01-title").as_deref(),
            Some("2015-08-01")
        );
        assert_eq!(
            url_date("http://x.com/20150801/x.html").as_deref(),
            Some("20150801")
        );
        assert_eq!(url_date("http://x.com/article/412746/x"), None);
        assert_eq!(url_date("http://x.com/a/2015/13/01/"), None);
        assert_eq!(url_date("http://2021-07-03.com/"), None);
    }

    #[test]
    fn folders() {
        assert_eq!(
            folder_outlet("in/alyaum/a.txt", None).as_deref(),
            Some("alyaum")
        );
        assert_eq!(folder_outlet("corpus/a.txt", None), None);
        assert_eq!(
            folder_outlet("x/a.zip", Some("okaz/a.html")).as_deref(),
            Some("okaz")
        );
        assert_eq!(folder_outlet("okaz/a.zip", Some("a.html")), None);
        assert_eq!(folder_outlet("-", None), None);
    }
}
