//! Document creation time: from metadata, the URL or the dateline; or
//! inferred from the expressions that constrain it, or from another dated
//! report of the same event.

use crate::civil::Date;
use crate::lexicon::Cal;
use crate::resolve::{resolve_point, Ctx, Gran};
use crate::{grammar, Base, Dct, DctHow, Expr, Point, Tense, Timex};
use isnad_arabic::normalize;
use std::collections::{HashMap, HashSet};

/// Parse a publication date as found in metadata: ISO 8601
/// (`2021-07-03T10:22:00+03:00`, `2015-07-21 02:54:56`), RFC 2822
/// (`Sat, 03 Jul 2021 10:22:00 GMT`), day-first numeric (`03/07/2021`,
/// `15/07/2024 - 12:45`), Unix seconds, or Arabic (`السبت 3 تموز 2021`,
/// `الأربعاء 5 غشت 2020`). The date is taken as written (local to the
/// outlet); time zones are not applied.
pub fn parse_published(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let ascii: String = s.chars().map(isnad_arabic::fold_digit).collect();
    let b = ascii.as_bytes();
    // ISO 8601 and YYYY/MM/DD.
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && matches!(b[4], b'-' | b'/')
        && b[7] == b[4]
    {
        if let Some(d) = Date::parse_iso(&ascii[..10].replace('/', "-")) {
            return Some(d);
        }
    }
    // Unix seconds.
    if (9..=10).contains(&b.len()) && b.iter().all(u8::is_ascii_digit) {
        let secs: i64 = ascii.parse().ok()?;
        return Some(Date::from_days(secs.div_euclid(86_400)));
    }
    // RFC 2822: a day, an English month abbreviation, a year.
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<String> = ascii
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect();
    for (k, w) in words.iter().enumerate() {
        if let Some(m) = MONTHS.iter().position(|mm| w.starts_with(mm)) {
            let day = k.checked_sub(1).and_then(|j| words[j].parse::<u32>().ok());
            let year = words.get(k + 1).and_then(|x| x.parse::<i32>().ok());
            if let (Some(d), Some(y)) = (day, year) {
                if let Some(date) = Date::new(y, m as u32 + 1, d) {
                    return Some(date);
                }
            }
        }
    }
    // Day-first numeric: DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY.
    let head: Vec<&str> = ascii
        .split(['/', '-', '.', ' ', 'T'])
        .filter(|x| !x.is_empty())
        .take(3)
        .collect();
    if head.len() == 3 && head[0].len() <= 2 && head[1].len() <= 2 && head[2].len() == 4 {
        if let (Ok(d), Ok(m), Ok(y)) = (head[0].parse(), head[1].parse(), head[2].parse()) {
            if let Some(date) = Date::new(y, m, d) {
                return Some(date);
            }
        }
    }
    // Arabic: the first written full date.
    grammar::find(s).iter().find_map(|t| match &t.expr {
        Expr::Point(p) => absolute_day(p),
        _ => None,
    })
}

/// The day of a point whose year, month and day are all written.
pub(crate) fn absolute_day(p: &Point) -> Option<Date> {
    match &p.base {
        Base::Date {
            y: Some(_),
            m: Some(_),
            d: Some(_),
            ..
        } => {}
        _ => return None,
    }
    let ctx = Ctx {
        dct: Date::new(2000, 1, 1)?,
        last: None,
        sentence_year: None,
    };
    match resolve_point(p, &ctx)? {
        (Gran::Day(d), _) => Some(d),
        _ => None,
    }
}

/// A date in a URL path: `/2021/07/03/`, `/2024/3/11/`, `/2021-07-03-title`,
/// `/20210703/`, `/03072021/`.
pub fn parse_url_date(url: &str) -> Option<Date> {
    let path = url.split(['?', '#']).next()?;
    let path = path.split_once("://").map(|(_, r)| r).unwrap_or(path);
    let segs: Vec<&str> = path.split('/').skip(1).collect();
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    for k in 0..segs.len() {
        if let (Some(y), Some(m), Some(d)) = (
            num(segs[k]),
            segs.get(k + 1).and_then(|s| num(s)),
            segs.get(k + 2).and_then(|s| num(s)),
        ) {
            if segs[k].len() == 4
                && (1990..=2100).contains(&y)
                && segs[k + 1].len() <= 2
                && segs[k + 2].len() <= 2
            {
                if let Some(date) = Date::new(y as i32, m, d) {
                    return Some(date);
                }
            }
        }
    }
    for seg in &segs {
        let bytes = seg.as_bytes();
        if bytes.len() >= 10 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-' {
            if let Some(d) = Date::parse_iso(&seg[..10]) {
                return Some(d);
            }
        }
        if bytes.len() == 8 && bytes.iter().all(u8::is_ascii_digit) {
            let v = |a: usize, b: usize| seg[a..b].parse::<u32>().ok();
            if let Some(d) = (|| Date::new(v(0, 4)? as i32, v(4, 6)?, v(6, 8)?))()
                .filter(|d| (1990..=2100).contains(&d.y))
            {
                return Some(d);
            }
            if let Some(d) = (|| Date::new(v(4, 8)? as i32, v(2, 4)?, v(0, 2)?))()
                .filter(|d| (1990..=2100).contains(&d.y))
            {
                return Some(d);
            }
        }
    }
    None
}

/// The agency dateline at the top of a text ("رام الله 27-9-2023 (وفا) -",
/// "القاهرة في 5 يناير /أ ش أ/", "تونس 3 جويلية 2021 (وات)"): the date,
/// and whether its year was written.
fn dateline(text: &str, timexes: &[Timex]) -> Option<(Base, Option<Date>)> {
    let first_line_end = text.chars().position(|c| c == '\n').unwrap_or(usize::MAX);
    for t in timexes.iter().take(2) {
        if t.start > 40 {
            break;
        }
        let Expr::Point(p) = &t.expr else { continue };
        if !matches!(
            p.base,
            Base::Date {
                m: Some(_),
                d: Some(_),
                ..
            }
        ) || p.deictic.is_some()
        {
            continue;
        }
        let before: String = text.chars().take(t.start).collect();
        if before.split_whitespace().count() > 4 {
            continue;
        }
        // The dateline line may carry the body too ("… (وفا) - أصيب …"), or stand alone.
        let after: String = text.chars().skip(t.end).take(12).collect();
        let a = after.trim_start();
        let agency_mark = a.is_empty() && t.end <= first_line_end
            || a.starts_with(['(', '/', '-', '–', '—', '،'])
            || normalize(a).starts_with("الموافق");
        if !agency_mark {
            continue;
        }
        return Some((p.base.clone(), absolute_day(p)));
    }
    None
}

/// The DCT from what came with the document: the published field first,
/// then the URL path, then the dateline of the text. `None` when none of
/// them holds a date (then use [`infer_dct`]).
pub fn dct_from_metadata(published: Option<&str>, url: Option<&str>, text: &str) -> Option<Dct> {
    if let Some(d) = published.and_then(parse_published) {
        return Some(Dct {
            date: d,
            how: DctHow::Metadata,
            confidence: 1.0,
        });
    }
    if let Some(d) = url.and_then(parse_url_date) {
        return Some(Dct {
            date: d,
            how: DctHow::Url,
            confidence: 0.95,
        });
    }
    let head: String = text.chars().take(400).collect();
    let timexes = grammar::find(&head);
    let (base, day) = dateline(&head, &timexes)?;
    if let Some(d) = day {
        return Some(Dct {
            date: d,
            how: DctHow::Dateline,
            confidence: 0.95,
        });
    }
    // A dateline without a year: the day and month are fixed, the rest of the
    // text picks the year.
    let Base::Date {
        cal: Cal::Gregorian,
        m: Some(m),
        d: Some(d),
        ..
    } = base
    else {
        return None;
    };
    let all = grammar::find(text);
    let (date, conf) = solve(text, &all, Some((m, d)))?;
    Some(Dct {
        date,
        how: DctHow::Dateline,
        confidence: (0.5 + conf * 0.4).min(0.9),
    })
}

/// Constraints on the DCT gathered from the expressions of one text.
#[derive(Default)]
struct Constraints {
    /// Days the DCT must be (deictic written next to a full date).
    exact: Vec<Date>,
    /// (month, day, offset): DCT + offset is that month and day (year unknown).
    md_offset: Vec<(u32, u32, i32)>,
    weekday: Vec<u32>,
    month: Vec<u32>,
    /// Day-of-month bounds with the month fixed (الجاري + tense).
    day_after: Vec<u32>,
    day_before: Vec<u32>,
    years: Vec<i32>,
    /// Years of events told in the past tense (and since-anchors): the DCT is not before them.
    past_years: Vec<i32>,
    /// A year implied by "منذ عام 1990 … منذ 27 عاماً".
    year_hint: Vec<i32>,
    /// Yearless dates with a written weekday: soft checks.
    weekday_dates: Vec<Point>,
}

fn collect(text: &str, timexes: &[Timex]) -> Constraints {
    let mut c = Constraints::default();
    let chars: Vec<char> = text.chars().collect();
    let mut since_years: Vec<(usize, i32)> = Vec::new();
    let mut dur_years: Vec<(usize, i32)> = Vec::new();
    for (k, t) in timexes.iter().enumerate() {
        let points: Vec<&Point> = match &t.expr {
            Expr::Point(p) | Expr::Since(p) => vec![p],
            Expr::List(ps) => ps.iter().collect(),
            Expr::Range(a, b) => vec![a, b],
            Expr::Duration { value, .. } => {
                if let Some(n) = value
                    .strip_prefix('P')
                    .and_then(|v| v.strip_suffix('Y'))
                    .and_then(|v| v.parse::<i32>().ok())
                {
                    dur_years.push((t.start, n));
                }
                vec![]
            }
            _ => vec![],
        };
        if let Expr::Since(Point {
            base:
                Base::Date {
                    cal: Cal::Gregorian,
                    y: Some(y),
                    ..
                },
            ..
        }) = &t.expr
        {
            since_years.push((t.start, *y));
            c.past_years.push(*y);
        }
        for p in points {
            match &p.base {
                Base::Date {
                    cal, y: Some(y), ..
                } => c.years.push(match cal {
                    Cal::Gregorian => *y,
                    Cal::Hijri => ((*y as f64 - 1.0) * 0.970224 + 622.5) as i32,
                }),
                Base::Season { y: Some(y), .. } | Base::Part { y: Some(y), .. } => c.years.push(*y),
                _ => {}
            }
            if p.tense == Tense::Past {
                if let Base::Date {
                    cal: Cal::Gregorian,
                    y: Some(y),
                    ..
                }
                | Base::Season { y: Some(y), .. } = &p.base
                {
                    c.past_years.push(*y);
                }
            }
            if let Some(n) = p.deictic {
                match absolute_day(p) {
                    Some(d) => c.exact.push(d.add_days(-(n as i64))),
                    None => {
                        if let Base::Date {
                            cal: Cal::Gregorian,
                            m: Some(m),
                            d: Some(d),
                            ..
                        } = &p.base
                        {
                            c.md_offset.push((*m, *d, n));
                        }
                    }
                }
            }
            if let (Base::Deictic(n), Some(wd)) = (&p.base, p.weekday) {
                c.weekday
                    .push(((wd as i32 - 1 - n).rem_euclid(7) + 1) as u32);
            }
            if let Base::Deictic(n) = &p.base {
                // "اليوم الاثنين، 11 مارس 2024": a deictic followed by a full date.
                if let Some(next) = timexes.get(k + 1) {
                    let between: String = chars
                        .get(t.end..next.start)
                        .map(|s| s.iter().collect())
                        .unwrap_or_default();
                    let b = normalize(
                        between.trim_matches(|c: char| c.is_whitespace() || c == '،' || c == ','),
                    );
                    if b.is_empty() || b == "الموافق" {
                        if let Expr::Point(q) = &next.expr {
                            if let Some(d) = absolute_day(q) {
                                c.exact.push(d.add_days(-(*n as i64)));
                            }
                        }
                    }
                }
            }
            if let Base::Date {
                cal: Cal::Gregorian,
                y: None,
                m: Some(m),
                d,
                rel: Some(0),
                ..
            } = &p.base
            {
                c.month.push(*m);
                if let Some(d) = d {
                    match p.tense {
                        Tense::Past => c.day_after.push(*d),
                        Tense::Future => c.day_before.push(*d),
                        Tense::Unknown => {}
                    }
                }
            }
            if let Base::Date {
                m: None,
                d: Some(d),
                mrel: Some(0),
                ..
            } = &p.base
            {
                match p.tense {
                    Tense::Past => c.day_after.push(*d),
                    Tense::Future => c.day_before.push(*d),
                    Tense::Unknown => {}
                }
            }
            if let (
                Base::Date {
                    cal: Cal::Gregorian,
                    y: None,
                    m: Some(_),
                    d: Some(_),
                    rel: None,
                    ..
                },
                Some(_),
            ) = (&p.base, p.weekday)
            {
                c.weekday_dates.push(p.clone());
            }
        }
    }
    // "منذ عام 1990، أي منذ 27 عاماً": the two together give the DCT year.
    for (s1, y) in &since_years {
        for (s2, n) in &dur_years {
            if s1.abs_diff(*s2) < 120 {
                c.year_hint.push(y + n);
            }
        }
    }
    c
}

/// Candidate DCTs scored against the constraints; the best and a confidence.
fn solve(text: &str, timexes: &[Timex], fixed_md: Option<(u32, u32)>) -> Option<(Date, f32)> {
    let c = collect(text, timexes);
    if !c.exact.is_empty() {
        let mut votes: HashMap<Date, usize> = HashMap::new();
        for d in &c.exact {
            *votes.entry(*d).or_default() += 1;
        }
        let (best, n) = votes
            .iter()
            .max_by_key(|(d, n)| (**n, std::cmp::Reverse(**d)))?;
        let conf = if *n == c.exact.len() { 0.95 } else { 0.7 };
        return Some((*best, conf));
    }
    // Written years alone say nothing about the day: then there is no inference.
    let constrained = fixed_md.is_some()
        || !c.md_offset.is_empty()
        || !c.weekday.is_empty()
        || !c.month.is_empty()
        || !c.weekday_dates.is_empty();
    if !constrained {
        return None;
    }
    let (lo_y, hi_y) = if let Some(&y) = c.year_hint.first() {
        (y, y)
    } else if let Some(&max) = c.years.iter().max() {
        let floor = c.past_years.iter().max().copied().unwrap_or(i32::MIN);
        ((max - 2).max(floor), max + 1)
    } else {
        return None;
    };
    let start = Date::new(lo_y, 1, 1)?.to_days();
    let end = Date::new(hi_y, 12, 31)?.to_days();
    let mut best: Vec<(i64, Date)> = Vec::new();
    for z in start..=end {
        let d = Date::from_days(z);
        if let Some((m, dd)) = fixed_md {
            if d.m != m || d.d != dd {
                continue;
            }
        }
        if c.weekday.iter().any(|w| d.weekday() != *w) || c.month.iter().any(|m| d.m != *m) {
            continue;
        }
        if c.day_after.iter().any(|x| d.d <= *x) || c.day_before.iter().any(|x| d.d >= *x) {
            continue;
        }
        if c.md_offset.iter().any(|(m, dd, n)| {
            let e = d.add_days(*n as i64);
            e.m != *m || e.d != *dd
        }) {
            continue;
        }
        let ctx = Ctx {
            dct: d,
            last: None,
            sentence_year: None,
        };
        let mut score = 0i64;
        for p in &c.weekday_dates {
            // Resolve as if no weekday had been written, then check it.
            let mut q = p.clone();
            q.weekday = None;
            if let Some((Gran::Day(x), _)) = resolve_point(&q, &ctx) {
                if Some(x.weekday()) == p.weekday {
                    score += 10;
                } else {
                    score -= 10;
                }
            }
        }
        best.push((score, d));
    }
    let top = best.iter().map(|b| b.0).max()?;
    let winners: Vec<Date> = best.iter().filter(|b| b.0 == top).map(|b| b.1).collect();
    // Among equals: the year nearest the latest written year, then the
    // earliest day (reports follow their events closely).
    let anchor_y = c
        .year_hint
        .first()
        .copied()
        .or_else(|| c.years.iter().max().copied())
        .unwrap_or(lo_y);
    let pick = *winners
        .iter()
        .min_by_key(|d| ((d.y - anchor_y).abs(), **d))?;
    let conf = match winners.len() {
        1 => 0.85,
        2..=3 => 0.5,
        4..=10 => 0.3,
        _ => 0.1,
    };
    Some((pick, conf))
}

/// Infer the DCT of a text that came without one, from the expressions
/// that constrain it: a deictic next to a full date ("أمس الاثنين 15 آذار")
/// fixes it; "أمس الاثنين" fixes the weekday; "3 مارس الجاري" the month
/// (and, in a past-tense clause, a day after the 3rd); written years bound
/// the year; yearless dates with a weekday ("الجمعة 8 شتنبر") pick the year.
/// `timexes` are those of [`crate::TimeTagger::find`] (resolved or not).
/// `None` when nothing in the text constrains the year.
pub fn infer_dct(text: &str, timexes: &[Timex]) -> Option<Dct> {
    let (date, confidence) = solve(text, timexes, None)?;
    Some(Dct {
        date,
        how: DctHow::InferredFromExpressions,
        confidence,
    })
}

/// The DCT implied by one relative expression of this document when the
/// event it dates is known to have happened on `event_day` (the fusion
/// stage links events across documents): "أمس" → the day after.
pub fn infer_dct_from_event(timex: &Timex, event_day: Date) -> Option<Dct> {
    let Expr::Point(p) = &timex.expr else {
        return None;
    };
    let (n, conf) = match (&p.base, p.deictic) {
        (Base::Deictic(n), _) => (*n, 0.8),
        (_, Some(n)) => (n, 0.8),
        (
            Base::Unit {
                unit: 'D',
                n,
                narr: false,
            },
            _,
        ) => (*n, 0.7),
        (Base::Weekday { wd, rel }, _) if event_day.weekday() == *wd => {
            // "الأحد الماضي": the DCT is within the week after the event.
            let off = if *rel == 1 { -1 } else { 1 };
            (-off, 0.3)
        }
        _ => return None,
    };
    Some(Dct {
        date: event_day.add_days(-(n as i64)),
        how: DctHow::InferredFromOtherDoc,
        confidence: conf,
    })
}

const STOP: &[&str] = &[
    "في", "من", "الي", "علي", "عن", "ان", "التي", "الذي", "هذا", "هذه", "ذلك", "بعد", "قبل", "مع",
    "كما", "وقد", "قد", "لا", "ما", "او", "ثم", "حيث", "بين",
];

fn content_words(text: &str) -> Vec<(usize, String)> {
    let norm_words = isnad_arabic::word_spans(text);
    let chars: Vec<char> = text.chars().collect();
    norm_words
        .into_iter()
        .filter_map(|(a, b)| {
            let w: String = chars[a..b].iter().collect();
            let n = normalize(&w);
            let stem = isnad_arabic::strip_proclitics(&n, 3).to_string();
            (stem.chars().count() >= 3 && !STOP.contains(&n.as_str())).then_some((a, stem))
        })
        .collect()
}

fn window(words: &[(usize, String)], start: usize, end: usize, k: usize) -> HashSet<String> {
    let i = words.partition_point(|(p, _)| *p < start);
    let j = words.partition_point(|(p, _)| *p < end);
    words[i.saturating_sub(k)..(j + k).min(words.len())]
        .iter()
        .filter(|(p, _)| *p < start || *p >= end)
        .map(|(_, w)| w.clone())
        .collect()
}

/// Infer the DCT of an undated document from another, dated document that
/// reports the same event: the relative expression of this text whose
/// surrounding words best match those around a resolved day of the other
/// text is taken to date the same event ("فجر أمس" here, "فجر الثلاثاء 26
/// سبتمبر" there → the DCT is 27 September). `other_timexes` must be resolved.
pub fn infer_dct_from_related(
    text: &str,
    timexes: &[Timex],
    other_text: &str,
    other_timexes: &[Timex],
) -> Option<Dct> {
    let mine = content_words(text);
    let theirs = content_words(other_text);
    let mut best: Option<(usize, Dct)> = None;
    for t in timexes {
        let w1 = window(&mine, t.start, t.end, 10);
        for o in other_timexes {
            let Some(v) = o.value.as_deref() else {
                continue;
            };
            let Some(day) = v.get(..10).and_then(Date::parse_iso) else {
                continue;
            };
            if !matches!(o.expr, Expr::Point(_)) {
                continue;
            }
            let w2 = window(&theirs, o.start, o.end, 10);
            let score = w1.intersection(&w2).count();
            if score < 2 {
                continue;
            }
            if let Some(mut d) = infer_dct_from_event(t, day) {
                d.confidence = (d.confidence * (0.5 + 0.1 * score.min(5) as f32)).min(0.9);
                if best.as_ref().is_none_or(|(s, _)| score > *s) {
                    best = Some((score, d));
                }
            }
        }
    }
    best.map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn published_formats() {
        assert_eq!(
            parse_published("2021-07-03T10:22:00+03:00"),
            Some(d("2021-07-03"))
        );
        assert_eq!(
            parse_published("2015-07-21 02:54:56"),
            Some(d("2015-07-21"))
        );
        assert_eq!(
            parse_published("Sat, 03 Jul 2021 10:22:00 GMT"),
            Some(d("2021-07-03"))
        );
        assert_eq!(parse_published("03/07/2021"), Some(d("2021-07-03")));
        assert_eq!(parse_published("15/07/2024 - 12:45"), Some(d("2024-07-15")));
        assert_eq!(parse_published("السبت 3 تموز 2021"), Some(d("2021-07-03")));
        assert_eq!(parse_published("الأربعاء 5 غشت 2020"), Some(d("2020-08-05")));
        assert_eq!(parse_published("١٢/٠٥/٢٠٢٣"), Some(d("2023-05-12")));
        assert_eq!(parse_published("not a date"), None);
        assert_eq!(parse_published(""), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            parse_url_date("https://x.com/2021/07/03/title"),
            Some(d("2021-07-03"))
        );
        assert_eq!(
            parse_url_date("https://x.com/news/2024/3/11/ramadan"),
            Some(d("2024-03-11"))
        );
        assert_eq!(
            parse_url_date("https://x.com/a/08112022/b"),
            Some(d("2022-11-08"))
        );
        assert_eq!(
            parse_url_date("https://x.com/2021-07-03-title"),
            Some(d("2021-07-03"))
        );
        assert_eq!(parse_url_date("https://x.com/?p=1411903"), None);
    }

    #[test]
    fn datelines() {
        let t = "رام الله 27-9-2023 (وفا) - أصيب ثلاثة مواطنين";
        let dct = dct_from_metadata(None, None, t).unwrap();
        assert_eq!((dct.date, dct.how), (d("2023-09-27"), DctHow::Dateline));
        let t = "تونس 3 جويلية 2021 (وات) - قررت اللجنة";
        assert_eq!(
            dct_from_metadata(None, None, t).unwrap().date,
            d("2021-07-03")
        );
        // No dateline: a date in the first sentence is not one.
        assert!(dct_from_metadata(
            None,
            None,
            "أعلنت الوزارة أمس أن الحملة التي بدأت في 3 تموز 2021 مستمرة"
        )
        .is_none());
    }

    #[test]
    fn inference_from_deictic_with_date() {
        let t = "أعلن المجلس أمس الاثنين 15 آذار تمديد التعبئة، قبل الانتخابات المقررة في أيار 2022.";
        let tx = grammar::find(t);
        let dct = infer_dct(t, &tx).unwrap();
        assert_eq!(dct.date, d("2021-03-16"));
        assert_eq!(dct.how, DctHow::InferredFromExpressions);
    }

    #[test]
    fn inference_needs_a_year() {
        let t = "قال الوزير أمس إن الاجتماع سيعقد الخميس المقبل.";
        assert!(infer_dct(t, &grammar::find(t)).is_none());
    }
}
