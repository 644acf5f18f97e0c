//! Word lists from `data/` (see `data/PROVENANCE.md`), parsed once.

use std::sync::OnceLock;

fn lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Class/id tokens of article-body containers (lowercase).
pub(crate) fn main_classes() -> &'static [&'static str] {
    static L: OnceLock<Vec<&'static str>> = OnceLock::new();
    L.get_or_init(|| lines(include_str!("../data/main_classes.txt")).collect())
}

struct Stop {
    exact: Vec<&'static str>,
    prefix: Vec<&'static str>,
}

fn stop() -> &'static Stop {
    static S: OnceLock<Stop> = OnceLock::new();
    S.get_or_init(|| {
        let mut s = Stop {
            exact: Vec::new(),
            prefix: Vec::new(),
        };
        for l in lines(include_str!("../data/hint_stop.txt")) {
            match l.strip_suffix('*') {
                Some(p) => s.prefix.push(p),
                None => s.exact.push(l),
            }
        }
        s
    })
}

/// Utility-class remainders after a stop prefix (`col-` + `md-8`, `d-` + `flex`).
const UTILITY_REST: &[&str] = &[
    "auto",
    "sm",
    "md",
    "lg",
    "xl",
    "xxl",
    "block",
    "flex",
    "inline",
    "inline-block",
    "center",
    "start",
    "end",
    "between",
    "around",
    "fluid",
];

/// True for a lowercase class token that says nothing about the block's role.
pub(crate) fn is_stop_token(t: &str) -> bool {
    let s = stop();
    if s.exact.contains(&t) {
        return true;
    }
    s.prefix.iter().any(|p| {
        t.strip_prefix(p).is_some_and(|rest| {
            rest.is_empty()
                || rest.bytes().any(|b| b.is_ascii_digit())
                || UTILITY_REST.contains(&rest)
                || UTILITY_REST.iter().any(|u| {
                    rest.strip_prefix(u).is_some_and(|r| {
                        r.starts_with('-')
                            && r[1..].bytes().all(|b| b.is_ascii_digit() || b == b'-')
                    })
                })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_tokens() {
        for t in [
            "row",
            "col-md-8",
            "col-12",
            "mb-3",
            "d-flex",
            "offset-md-2",
            "span12",
            "px-0",
        ] {
            assert!(is_stop_token(t), "{t}");
        }
        for t in [
            "share",
            "most-read",
            "d-none",
            "m-share",
            "article-body",
            "footer",
            "ad",
        ] {
            assert!(!is_stop_token(t), "{t}");
        }
        assert!(main_classes().contains(&"entry-content"));
    }
}
