//! Calendar intervals of TIMEX3 values: fusion compares dates of different
//! granularity (a day against the month that contains it), so every value
//! becomes the closed range of days it covers.

use isnad_time::Date;

/// A closed range of days, as day numbers (`Date::to_days`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: i64,
    pub end: i64,
}

impl Interval {
    pub fn day(d: Date) -> Interval {
        let n = d.to_days();
        Interval { start: n, end: n }
    }

    pub fn days(self) -> i64 {
        self.end - self.start + 1
    }

    pub fn intersects(self, o: Interval) -> bool {
        self.start <= o.end && o.start <= self.end
    }

    pub fn contains(self, o: Interval) -> bool {
        self.start <= o.start && o.end <= self.end
    }

    /// Days between the two ranges (0 when they touch or overlap).
    pub fn gap(self, o: Interval) -> i64 {
        if self.intersects(o) {
            0
        } else if self.end < o.start {
            o.start - self.end
        } else {
            self.start - o.end
        }
    }

    pub fn mid(self) -> i64 {
        (self.start + self.end) / 2
    }
}

/// How fine a TIMEX3 value is, for the timeline.
pub fn granularity(value: &str) -> &'static str {
    let base = value.split('/').next().unwrap_or(value);
    let base = base.split('T').next().unwrap_or(base);
    if value.contains('/') {
        return "range";
    }
    let parts: Vec<&str> = base.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 => "year",
        [_, p] if p.starts_with('W') => "week",
        [_, p] if p.starts_with('Q') || p.starts_with('H') => "part",
        [_, p] if p.chars().all(|c| c.is_ascii_digit()) => "month",
        [_, _] => "season",
        [_, _, _] => "day",
        _ => "other",
    }
}

/// Whether a TIMEX3 value lies wholly after `day` (an event dated so, in an article
/// published that day, has not happened yet).
pub fn after_day(value: &str, day: isnad_time::Date) -> bool {
    interval(value).is_some_and(|i| i.start > day.to_days())
}

/// The days a TIMEX3 value covers: `YYYY-MM-DD[Tx]`, `YYYY-MM`, `YYYY`,
/// `YYYY-Www`, `YYYY-Qn`, `YYYY-Hn`, seasons, and `A/B` ranges. Values that
/// name no calendar span (`PRESENT_REF`, durations) give `None`.
pub fn interval(value: &str) -> Option<Interval> {
    if let Some((a, b)) = value.split_once('/') {
        let (a, b) = (interval(a)?, interval(b)?);
        return Some(Interval {
            start: a.start.min(b.start),
            end: a.end.max(b.end),
        });
    }
    let base = value.split('T').next()?;
    let mut parts = base.split('-');
    let y: i32 = parts.next()?.parse().ok().filter(|_| base.len() >= 4)?;
    let Some(p) = parts.next() else {
        return span(Date::new(y, 1, 1)?, Date::new(y, 12, 31)?);
    };
    if let Some(d) = parts.next() {
        let m: u32 = p.parse().ok()?;
        let d: u32 = d.parse().ok()?;
        return Date::new(y, m, d).map(Interval::day);
    }
    if let Ok(m) = p.parse::<u32>() {
        let first = Date::new(y, m, 1)?;
        let last = Date::new(y, m, isnad_time::civil::days_in_month(y, m))?;
        return span(first, last);
    }
    let (kind, n) = p.split_at(1);
    let n: u32 = n.parse().unwrap_or(0);
    match kind {
        "W" if (1..=53).contains(&n) => {
            // ISO week: the week holding 4 January is week 1; weeks start Monday.
            let jan4 = Date::new(y, 1, 4)?.to_days();
            let monday = jan4 - (jan4 + 3).rem_euclid(7);
            let start = monday + 7 * (n as i64 - 1);
            Some(Interval {
                start,
                end: start + 6,
            })
        }
        "Q" if (1..=4).contains(&n) => months(y, 3 * n - 2, 3 * n),
        "H" if (1..=2).contains(&n) => months(y, 6 * n - 5, 6 * n),
        _ => match p {
            "SP" => months(y, 3, 5),
            "SU" => months(y, 6, 8),
            "FA" => months(y, 9, 11),
            "WI" => months(y, 1, 2),
            _ => None,
        },
    }
}

fn span(a: Date, b: Date) -> Option<Interval> {
    Some(Interval {
        start: a.to_days(),
        end: b.to_days(),
    })
}

fn months(y: i32, a: u32, b: u32) -> Option<Interval> {
    span(
        Date::new(y, a, 1)?,
        Date::new(y, b, isnad_time::civil::days_in_month(y, b))?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> i64 {
        Date::parse_iso(s).unwrap().to_days()
    }

    #[test]
    fn values_cover_their_days() {
        assert_eq!(interval("2024-03-11").unwrap().days(), 1);
        assert_eq!(interval("2024-03-11TMO").unwrap().start, d("2024-03-11"));
        let m = interval("2024-02").unwrap();
        assert_eq!((m.start, m.end), (d("2024-02-01"), d("2024-02-29")));
        assert_eq!(interval("2024").unwrap().days(), 366);
        let w = interval("2024-W11").unwrap();
        assert_eq!((w.start, w.end), (d("2024-03-11"), d("2024-03-17")));
        assert_eq!(interval("2024-Q2").unwrap().start, d("2024-04-01"));
        let r = interval("2024-06-09/2024-06-10").unwrap();
        assert_eq!(r.days(), 2);
        assert!(interval("PRESENT_REF").is_none());
        assert!(interval("P3D").is_none());
    }

    #[test]
    fn granularities() {
        assert_eq!(granularity("2024-03-11TMO"), "day");
        assert_eq!(granularity("2024-03"), "month");
        assert_eq!(granularity("2024"), "year");
        assert_eq!(granularity("2024-W11"), "week");
        assert_eq!(granularity("2024-06-09/2024-06-10"), "range");
    }

    #[test]
    fn gaps_and_containment() {
        let a = interval("2024-03-11").unwrap();
        let b = interval("2024-03-13").unwrap();
        assert_eq!(a.gap(b), 2);
        assert!(interval("2024-03").unwrap().contains(a));
        assert!(!a.intersects(b));
    }
}
