//! Resolution: TIMEX3 values from parsed expressions, a DCT and the
//! expressions before them (narrative anchoring).

use crate::civil::Date;
use crate::hijri::{gregorian_to_hijri, hijri_month_span, hijri_to_date};
use crate::lexicon::Cal;
use crate::{Base, Expr, Point, Tense, Timex, TimexKind, Tod};

/// A resolved calendar value at some granularity.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Gran {
    Day(Date),
    Week(Date),
    Month(i32, u32),
    Year(i32),
    Season(i32, String),
    Part(i32, char, u32),
    Decade(String),
    /// A span of days (a Hijri month or year).
    Interval(Date, Date),
}

impl Gran {
    fn render(&self) -> String {
        match self {
            Gran::Day(d) => d.to_string(),
            Gran::Week(d) => d.iso_week_string(),
            Gran::Month(y, m) => format!("{y:04}-{m:02}"),
            Gran::Year(y) => format!("{y:04}"),
            Gran::Season(y, s) => format!("{y:04}-{s}"),
            Gran::Part(y, p, n) => format!("{y:04}-{p}{n}"),
            Gran::Decade(d) => d.clone(),
            Gran::Interval(a, b) => format!("{a}/{b}"),
        }
    }
    /// The last day the value covers (for ordering range ends).
    fn last_day(&self) -> Option<Date> {
        Some(match self {
            Gran::Day(d) => *d,
            Gran::Week(d) => d.add_days(7 - d.weekday() as i64),
            Gran::Month(y, m) => Date::new(*y, *m, crate::civil::days_in_month(*y, *m))?,
            Gran::Year(y) => Date::new(*y, 12, 31)?,
            Gran::Interval(_, b) => *b,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Anchor {
    None,
    Dct,
    Timex(usize),
}

/// What narrative expressions and year inheritance look back at.
pub(crate) struct Ctx {
    pub dct: Date,
    /// Index and value of the last point resolved.
    pub last: Option<(usize, Gran)>,
    /// An explicit year written earlier in the same sentence.
    pub sentence_year: Option<i32>,
}

/// Pick among candidate days for a date written without its year: the
/// nearest one, a day ahead counting `w` days back. News mostly looks back,
/// so `w` is 4 by default, 8 in a past-tense clause and 1 in a future one
/// (a far-off past date would carry "الماضي" or its year).
fn choose(cands: &[i64], dct: i64, tense: Tense) -> Option<i64> {
    let w = match tense {
        Tense::Future => 1,
        Tense::Unknown => 4,
        Tense::Past => 8,
    };
    let past = cands.iter().copied().filter(|&c| c <= dct).max();
    let future = cands.iter().copied().filter(|&c| c >= dct).min();
    match (past, future) {
        (Some(p), Some(f)) => {
            if (f - dct) * w < dct - p {
                Some(f)
            } else {
                Some(p)
            }
        }
        (p, f) => p.or(f),
    }
}

/// The year of a period (season, half, quarter) written without one: the
/// period running at the DCT, else the nearest (weighted as in `choose`).
fn period_year(dct: Date, tense: Tense, span: impl Fn(i32) -> Option<(Date, Date)>) -> i32 {
    let z = dct.to_days();
    let mut cands = Vec::new();
    for y in dct.y - 1..=dct.y + 1 {
        let Some((a, b)) = span(y) else { continue };
        if a.to_days() <= z && z <= b.to_days() {
            return y;
        }
        // Represent a past period by its end and a future one by its start.
        cands.push((
            y,
            if b.to_days() < z {
                b.to_days()
            } else {
                a.to_days()
            },
        ));
    }
    let keys: Vec<i64> = cands.iter().map(|c| c.1).collect();
    choose(&keys, z, tense)
        .and_then(|k| cands.iter().find(|c| c.1 == k).map(|c| c.0))
        .unwrap_or(dct.y)
}

fn season_span(y: i32, s: &str) -> Option<(Date, Date)> {
    let (a, b) = match s {
        "SP" => ((y, 3, 1), (y, 5, 31)),
        "SU" => ((y, 6, 1), (y, 8, 31)),
        "FA" => ((y, 9, 1), (y, 11, 30)),
        _ => ((y, 12, 1), (y + 1, 2, 28)),
    };
    Some((Date::new(a.0, a.1, a.2)?, Date::new(b.0, b.1, b.2)?))
}

fn part_span(y: i32, p: char, n: u32) -> Option<(Date, Date)> {
    let months = if p == 'H' { 6 } else { 3 };
    let m0 = (n - 1) * months + 1;
    let m1 = m0 + months - 1;
    Some((
        Date::new(y, m0, 1)?,
        Date::new(y, m1, crate::civil::days_in_month(y, m1))?,
    ))
}

fn month_index(y: i32, m: u32) -> i64 {
    y as i64 * 12 + m as i64 - 1
}

pub(crate) fn resolve_point(p: &Point, c: &Ctx) -> Option<(Gran, Anchor)> {
    let dct = c.dct;
    let (g, anchor) = match &p.base {
        Base::Deictic(n) => (Gran::Day(dct.add_days(*n as i64)), Anchor::Dct),
        Base::Weekday { wd, rel } => {
            let cur = dct.weekday() as i64;
            let wd = *wd as i64;
            let back = (cur - wd).rem_euclid(7);
            let fwd = (wd - cur).rem_euclid(7);
            let off = match rel {
                -1 => -(if back == 0 { 7 } else { back }),
                1 => {
                    if fwd == 0 {
                        7
                    } else {
                        fwd
                    }
                }
                _ if p.tense == Tense::Future => fwd,
                _ => -back,
            };
            (Gran::Day(dct.add_days(off)), Anchor::Dct)
        }
        Base::Date {
            cal: Cal::Gregorian,
            y,
            m,
            d,
            rel,
            mrel,
            yrel,
            narr,
        } => match (y, m, d) {
            (Some(y), Some(m), Some(d)) => (Gran::Day(Date::new(*y, *m, *d)?), Anchor::None),
            (Some(y), Some(m), None) => (Gran::Month(*y, *m), Anchor::None),
            (Some(y), None, None) => (Gran::Year(*y), Anchor::None),
            (None, Some(m), d) => {
                let (m, d) = (*m, *d);
                let y = if let Some(r) = yrel {
                    dct.y + r
                } else if *rel == Some(0) {
                    dct.y
                } else if let (Some(wd), Some(d), None) = (p.weekday, d, rel) {
                    // The written weekday picks the year.
                    let fits: Vec<i64> = (dct.y - 1..=dct.y + 1)
                        .filter_map(|yy| {
                            Date::new(yy, m, d)
                                .filter(|x| x.weekday() == wd)
                                .map(|x| x.to_days())
                        })
                        .collect();
                    match choose(&fits, dct.to_days(), p.tense) {
                        Some(z) => Date::from_days(z).y,
                        None => year_by_rule(m, Some(d), *rel, c, p.tense)?,
                    }
                } else {
                    year_by_rule(m, d, *rel, c, p.tense)?
                };
                match d {
                    Some(d) => (Gran::Day(Date::new(y, m, d)?), Anchor::Dct),
                    None => (Gran::Month(y, m), Anchor::Dct),
                }
            }
            (None, None, Some(d)) => {
                if *narr {
                    let (k, g) = c.last.as_ref()?;
                    let (y, m) = match g {
                        Gran::Day(x) => (x.y, x.m),
                        Gran::Month(y, m) => (*y, *m),
                        _ => return None,
                    };
                    (Gran::Day(Date::new(y, m, *d)?), Anchor::Timex(*k))
                } else {
                    let (y, m) = Date::month_shift(dct.y, dct.m, mrel.unwrap_or(0));
                    (Gran::Day(Date::new(y, m, *d)?), Anchor::Dct)
                }
            }
            _ => return None,
        },
        Base::Date {
            cal: Cal::Hijri,
            y,
            m,
            d,
            rel,
            yrel,
            ..
        } => {
            let (hy, _, _) = gregorian_to_hijri(dct.y, dct.m, dct.d)?;
            match (y, m) {
                (Some(y), None) => {
                    let a = hijri_to_date(*y, 1, 1)?;
                    let (_, b) = hijri_month_span(*y, 12)?;
                    (Gran::Interval(a, b), Anchor::None)
                }
                (y, Some(m)) => {
                    let anchor = if y.is_some() {
                        Anchor::None
                    } else {
                        Anchor::Dct
                    };
                    let hy = match (y, yrel) {
                        (Some(y), _) => *y,
                        (None, Some(r)) => hy + r,
                        _ => {
                            let cands: Vec<(i32, i64, i64)> = (hy - 1..=hy + 1)
                                .filter_map(|yy| {
                                    let (a, b) = hijri_month_span(yy, *m)?;
                                    let day = d.and_then(|d| hijri_to_date(yy, *m, d)).unwrap_or(a);
                                    Some((yy, day.to_days(), b.to_days()))
                                })
                                .collect();
                            let z = dct.to_days();
                            let pick = match rel {
                                Some(-1) => cands
                                    .iter()
                                    .filter(|c| if d.is_some() { c.1 < z } else { c.2 < z })
                                    .map(|c| c.0)
                                    .max(),
                                Some(1) => cands.iter().filter(|c| c.1 > z).map(|c| c.0).min(),
                                Some(_) => Some(hy),
                                None if d.is_none() => {
                                    // A month named alone: the one running now, else by tense.
                                    cands
                                        .iter()
                                        .find(|c| c.1 <= z && z <= c.2)
                                        .map(|c| c.0)
                                        .or_else(|| {
                                            choose(
                                                &cands.iter().map(|c| c.1).collect::<Vec<_>>(),
                                                z,
                                                p.tense,
                                            )
                                            .and_then(
                                                |s| cands.iter().find(|c| c.1 == s).map(|c| c.0),
                                            )
                                        })
                                }
                                None => choose(
                                    &cands.iter().map(|c| c.1).collect::<Vec<_>>(),
                                    z,
                                    p.tense,
                                )
                                .and_then(|s| cands.iter().find(|c| c.1 == s).map(|c| c.0)),
                            };
                            pick?
                        }
                    };
                    match d {
                        Some(d) => (Gran::Day(hijri_to_date(hy, *m, *d)?), anchor),
                        None => {
                            let (a, b) = hijri_month_span(hy, *m)?;
                            (Gran::Interval(a, b), anchor)
                        }
                    }
                }
                _ => return None,
            }
        }
        Base::Unit { unit, n, narr } => {
            if *narr {
                match c.last.as_ref() {
                    Some((k, g)) => (narrative_shift(g, *unit, *n)?, Anchor::Timex(*k)),
                    None => (narrative_shift(&Gran::Day(dct), *unit, *n)?, Anchor::Dct),
                }
            } else {
                let g = match unit {
                    'D' => Gran::Day(dct.add_days(*n as i64)),
                    'W' => Gran::Week(dct.add_days(7 * *n as i64)),
                    'M' => {
                        let (y, m) = Date::month_shift(dct.y, dct.m, *n);
                        Gran::Month(y, m)
                    }
                    'Y' => Gran::Year(dct.y + n),
                    'E' => Gran::Year(dct.y + 10 * n),
                    _ => return None,
                };
                (g, Anchor::Dct)
            }
        }
        Base::Season { s, y, rel } => match (y, rel, c.sentence_year) {
            (Some(y), _, _) => (Gran::Season(*y, s.clone()), Anchor::None),
            (None, Some(r), _) => (Gran::Season(dct.y + r, s.clone()), Anchor::Dct),
            (None, None, Some(y)) => (Gran::Season(y, s.clone()), Anchor::Dct),
            (None, None, None) => (
                Gran::Season(period_year(dct, p.tense, |y| season_span(y, s)), s.clone()),
                Anchor::Dct,
            ),
        },
        Base::Part { p: part, n, y, rel } => match (y, rel, c.sentence_year) {
            (Some(y), _, _) => (Gran::Part(*y, *part, *n), Anchor::None),
            (None, Some(r), _) => (Gran::Part(dct.y + r, *part, *n), Anchor::Dct),
            (None, None, Some(y)) => (Gran::Part(y, *part, *n), Anchor::Dct),
            (None, None, None) => (
                Gran::Part(
                    period_year(dct, p.tense, |y| part_span(y, *part, *n)),
                    *part,
                    *n,
                ),
                Anchor::Dct,
            ),
        },
        Base::Holiday { m, d } => {
            let cands: Vec<i64> = (dct.y - 1..=dct.y + 1)
                .filter_map(|y| Date::new(y, *m, *d))
                .map(|x| x.to_days())
                .collect();
            let z = dct.to_days();
            let best = cands.iter().copied().min_by_key(|c| (c - z).abs())?;
            (Gran::Day(Date::from_days(best)), Anchor::Dct)
        }
        Base::Decade(s) => (Gran::Decade(s.clone()), Anchor::None),
        Base::Narrative => {
            let (k, g) = c.last.as_ref()?;
            (g.clone(), Anchor::Timex(*k))
        }
        Base::TimeOnly => match c.last.as_ref() {
            Some((k, Gran::Day(d))) => (Gran::Day(*d), Anchor::Timex(*k)),
            _ => (Gran::Day(dct), Anchor::Dct),
        },
    };
    Some((g, anchor))
}

/// The year of a yearless Gregorian month (and day).
fn year_by_rule(m: u32, d: Option<u32>, rel: Option<i32>, c: &Ctx, tense: Tense) -> Option<i32> {
    let dct = c.dct;
    let key = |y: i32| -> Option<i64> {
        match d {
            Some(d) => Some(Date::new(y, m, d)?.to_days()),
            None => Some(month_index(y, m)),
        }
    };
    let now = match d {
        Some(_) => dct.to_days(),
        None => month_index(dct.y, dct.m),
    };
    let years = dct.y - 1..=dct.y + 1;
    match rel {
        Some(-1) => years.filter(|&y| key(y).is_some_and(|k| k < now)).max(),
        Some(1) => years.filter(|&y| key(y).is_some_and(|k| k > now)).min(),
        Some(_) => Some(dct.y),
        None => {
            if let Some(y) = c.sentence_year {
                if (y - dct.y).abs() <= 1 && key(y).is_some() {
                    return Some(y);
                }
            }
            let cands: Vec<(i32, i64)> = years.filter_map(|y| key(y).map(|k| (y, k))).collect();
            let keys: Vec<i64> = cands.iter().map(|c| c.1).collect();
            // Month granularity: a month counts as "now" for both directions.
            let k = if d.is_some() {
                choose(&keys, now, tense)?
            } else {
                choose_months(&keys, now, tense)?
            };
            cands.iter().find(|c| c.1 == k).map(|c| c.0)
        }
    }
}

fn choose_months(keys: &[i64], now: i64, tense: Tense) -> Option<i64> {
    if keys.contains(&now) && tense != Tense::Future {
        return Some(now);
    }
    // Compare in days-equivalents so the 4x future weight matches `choose`.
    let scaled: Vec<i64> = keys.iter().map(|k| k * 30).collect();
    choose(&scaled, now * 30, tense).map(|k| k / 30)
}

fn narrative_shift(g: &Gran, unit: char, n: i32) -> Option<Gran> {
    Some(match (g, unit) {
        (Gran::Day(d), 'D') => Gran::Day(d.add_days(n as i64)),
        (Gran::Day(d), 'W') => Gran::Day(d.add_days(7 * n as i64)),
        (Gran::Day(d), 'M') => {
            let (y, m) = Date::month_shift(d.y, d.m, n);
            Gran::Month(y, m)
        }
        (Gran::Day(d), 'Y') => Gran::Year(d.y + n),
        (Gran::Week(d), 'W') => Gran::Week(d.add_days(7 * n as i64)),
        (Gran::Week(d), 'D') => Gran::Day(d.add_days(n as i64)),
        (Gran::Month(y, m), 'M') => {
            let (y, m) = Date::month_shift(*y, *m, n);
            Gran::Month(y, m)
        }
        (Gran::Month(y, _), 'Y') | (Gran::Year(y), 'Y') => Gran::Year(y + n),
        (Gran::Interval(a, _), 'D') => Gran::Day(a.add_days(n as i64)),
        _ => return None,
    })
}

fn with_tod(g: &Gran, tod: &Option<Tod>) -> String {
    let base = g.render();
    match (g, tod) {
        (Gran::Day(_), Some(Tod::Part(p))) => format!("{base}T{p}"),
        (Gran::Day(_), Some(Tod::Clock { h, m })) => format!("{base}T{h:02}:{m:02}"),
        (Gran::Day(_), Some(Tod::Midnight)) => format!("{base}T24:00"),
        _ => base,
    }
}

fn explicit_year(p: &Point) -> Option<i32> {
    match &p.base {
        Base::Date {
            cal: Cal::Gregorian,
            y: Some(y),
            ..
        } => Some(*y),
        _ => None,
    }
}

fn anchor_string(a: Anchor, dct: Date) -> Option<String> {
    match a {
        Anchor::None => None,
        Anchor::Dct => Some(format!("DCT {dct}")),
        Anchor::Timex(k) => Some(format!("timex {k}")),
    }
}

/// Resolve every expression in place (see `TimeTagger::resolve`).
pub(crate) fn resolve(text: &str, timexes: &mut [Timex], dct: Date) {
    if timexes.is_empty() {
        return;
    }
    // Sentence number at each expression's start, to tell whether two share a sentence.
    let mut sids = vec![0u32; timexes.len()];
    {
        let mut s = 0u32;
        let mut k = 0;
        for (pos, ch) in text.chars().enumerate() {
            while k < timexes.len() && timexes[k].start <= pos {
                sids[k] = s;
                k += 1;
            }
            if k == timexes.len() {
                break;
            }
            if matches!(ch, '.' | '\n' | '؟' | '?' | '!' | '؛') {
                s += 1;
            }
        }
        while k < timexes.len() {
            sids[k] = s;
            k += 1;
        }
    }
    let mut c = Ctx {
        dct,
        last: None,
        sentence_year: None,
    };
    let mut year_at: Option<(u32, i32)> = None;
    for k in 0..timexes.len() {
        let sid = sids[k];
        c.sentence_year = year_at.filter(|(s2, _)| *s2 == sid).map(|(_, y)| y);
        let t = &mut timexes[k];
        let mut anchor = Anchor::None;
        let mut new_last: Option<Gran> = None;
        let mut modifier = None;
        let value = match &t.expr {
            Expr::Point(p) => resolve_point(p, &c).map(|(g, a)| {
                anchor = a;
                modifier = p.pom.clone();
                let v = with_tod(&g, &p.tod);
                if let Some(y) = explicit_year(p) {
                    year_at = Some((sid, y));
                } else if let Gran::Year(y) = g {
                    year_at = Some((sid, y));
                }
                new_last = Some(g);
                v
            }),
            Expr::List(ps) => {
                let mut vals = Vec::new();
                for p in ps {
                    if let Some((g, a)) = resolve_point(p, &c) {
                        anchor = a;
                        vals.push(with_tod(&g, &p.tod));
                        new_last = Some(g);
                    }
                }
                (vals.len() == ps.len()).then(|| vals.join(","))
            }
            Expr::Range(a, b) => resolve_range(a, b, &c, &mut anchor, &mut new_last),
            Expr::Since(p) => resolve_point(p, &c).map(|(g, _)| {
                anchor = Anchor::Dct;
                modifier = p.pom.clone();
                format!("{}/{}", g.render(), dct)
            }),
            Expr::Duration { value, modifier: m } => {
                modifier = m.clone();
                Some(value.clone())
            }
            Expr::Set(v) => Some(v.clone()),
            Expr::Ref(v) => {
                anchor = Anchor::Dct;
                Some(v.clone())
            }
        };
        t.anchor = if value.is_some() {
            anchor_string(anchor, dct)
        } else {
            None
        };
        t.value = value;
        t.modifier = modifier;
        if t.kind == TimexKind::Duration && t.modifier.is_none() {
            if let Expr::Duration {
                modifier: Some(m), ..
            } = &t.expr
            {
                t.modifier = Some(m.clone());
            }
        }
        if let Some(g) = new_last {
            c.last = Some((k, g));
        }
    }
}

fn resolve_range(
    a: &Point,
    b: &Point,
    c: &Ctx,
    anchor: &mut Anchor,
    new_last: &mut Option<Gran>,
) -> Option<String> {
    let (gb, ab) = resolve_point(b, c)?;
    // The start shares the end's year unless it wrote its own.
    let mut a2 = a.clone();
    if let (
        Base::Date {
            y: ay @ None,
            m: Some(_),
            rel: None,
            yrel: None,
            ..
        },
        Some(Gran::Day(bd) | Gran::Interval(_, bd)),
    ) = (&mut a2.base, Some(gb.clone()))
    {
        *ay = Some(bd.y);
    } else if let (
        Base::Date {
            y: ay @ None,
            m: Some(_),
            rel: None,
            yrel: None,
            ..
        },
        Gran::Month(by, _),
    ) = (&mut a2.base, &gb)
    {
        *ay = Some(*by);
    }
    let (mut ga, aa) = resolve_point(&a2, c)?;
    // A start after the end belongs to the year before.
    if let (Gran::Day(ad), Gran::Day(bd)) = (&ga, &gb) {
        if ad > bd && a2.tod.is_none() {
            ga = Gran::Day(Date::new(ad.y - 1, ad.m, ad.d)?);
        }
    }
    let va = with_tod(&ga, &a.tod);
    let mut gb2 = gb.clone();
    // Times: an end before the start is on the next day ("من العاشرة مساءً حتى الخامسة صباحاً").
    if let (
        Some(Tod::Clock { h: ha, m: ma }),
        Some(Tod::Clock { h: hb, m: mb }),
        Gran::Day(ad),
        Gran::Day(bd),
    ) = (&a.tod, &b.tod, &ga, &gb)
    {
        if ad == bd && (hb, mb) < (ha, ma) {
            gb2 = Gran::Day(bd.add_days(1));
        }
    }
    let vb = with_tod(&gb2, &b.tod);
    *anchor = if aa != Anchor::None { aa } else { ab };
    let _ = gb2.last_day();
    *new_last = Some(gb2);
    Some(format!("{va}/{vb}"))
}
