//! Hijri ↔ Gregorian conversion with the Umm al-Qura calendar.
//!
//! The calendar is tabular (astronomically computed month starts published
//! by Saudi authorities), so the conversion is a table lookup, not a formula.
//! The table (`data/ummalqura.tsv`, 1343–1500 AH) is generated reproducibly by
//! `scripts/ummalqura_table.py`; see `data/PROVENANCE.md`.

use crate::civil::Date;
use std::sync::OnceLock;

/// First Hijri year of the table.
pub const FIRST_YEAR: i32 = 1343;

struct Table {
    /// Day number (days since 1970-01-01) of the first day of month
    /// `(y - FIRST_YEAR) * 12 + (m - 1)`; one extra entry closes the last month.
    starts: Vec<i64>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut starts = Vec::with_capacity(1900);
        for (n, line) in include_str!("../data/ummalqura.tsv").lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let parsed = (|| {
                let y: i32 = f.first()?.parse().ok()?;
                let m: i32 = f.get(1)?.parse().ok()?;
                let d = Date::parse_iso(f.get(2)?)?;
                Some((y, m, d))
            })();
            let (y, m, d) = parsed.unwrap_or_else(|| {
                panic!("data/ummalqura.tsv line {}: malformed row {line:?}", n + 1)
            });
            assert_eq!(
                ((y - FIRST_YEAR) * 12 + m - 1) as usize,
                starts.len(),
                "data/ummalqura.tsv line {}: rows must be consecutive months",
                n + 1
            );
            starts.push(d.to_days());
        }
        Table { starts }
    })
}

/// Last Hijri year the table covers.
pub fn last_year() -> i32 {
    FIRST_YEAR + (table().starts.len() as i32 - 1) / 12 - 1
}

/// Length (29 or 30) of Hijri month `m` of year `y`, if the table covers it.
pub fn month_length(y: i32, m: u32) -> Option<u32> {
    let i = month_index(y, m)?;
    let t = &table().starts;
    Some((t.get(i + 1)? - t[i]) as u32)
}

fn month_index(y: i32, m: u32) -> Option<usize> {
    if !(1..=12).contains(&m) || y < FIRST_YEAR {
        return None;
    }
    let i = ((y - FIRST_YEAR) * 12 + m as i32 - 1) as usize;
    (i + 1 < table().starts.len()).then_some(i)
}

/// The Gregorian day of Hijri `y-m-d` (Umm al-Qura), or `None` outside the
/// table or for a day the month does not have.
pub fn hijri_to_gregorian(y: i32, m: u32, d: u32) -> Option<(i32, u32, u32)> {
    hijri_to_date(y, m, d).map(|g| (g.y, g.m, g.d))
}

pub(crate) fn hijri_to_date(y: i32, m: u32, d: u32) -> Option<Date> {
    let i = month_index(y, m)?;
    if d == 0 || d > month_length(y, m)? {
        return None;
    }
    Some(Date::from_days(table().starts[i] + d as i64 - 1))
}

/// The first and last Gregorian days of Hijri month `m` of `y`.
pub(crate) fn hijri_month_span(y: i32, m: u32) -> Option<(Date, Date)> {
    let len = month_length(y, m)?;
    Some((hijri_to_date(y, m, 1)?, hijri_to_date(y, m, len)?))
}

/// The Hijri (Umm al-Qura) date of a Gregorian day, or `None` outside the table.
pub fn gregorian_to_hijri(y: i32, m: u32, d: u32) -> Option<(i32, u32, u32)> {
    let z = Date::new(y, m, d)?.to_days();
    let t = &table().starts;
    if z < t[0] || z >= *t.last()? {
        return None;
    }
    let i = t.partition_point(|&s| s <= z) - 1;
    Some((
        FIRST_YEAR + (i / 12) as i32,
        (i % 12) as u32 + 1,
        (z - t[i]) as u32 + 1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Month starts published for Umm al-Qura, checked independently of the
    /// generator (official Saudi calendar announcements).
    #[test]
    fn known_dates() {
        assert_eq!(hijri_to_gregorian(1442, 9, 1), Some((2021, 4, 13)));
        assert_eq!(hijri_to_gregorian(1445, 1, 1), Some((2023, 7, 19)));
        assert_eq!(hijri_to_gregorian(1444, 10, 1), Some((2023, 4, 21)));
        assert_eq!(hijri_to_gregorian(1443, 12, 10), Some((2022, 7, 9)));
        assert_eq!(hijri_to_gregorian(1445, 9, 1), Some((2024, 3, 11)));
        assert_eq!(gregorian_to_hijri(2021, 7, 3), Some((1442, 11, 23)));
        assert_eq!(gregorian_to_hijri(2024, 3, 11), Some((1445, 9, 1)));
    }

    #[test]
    fn round_trip_every_day_of_1400_to_1460() {
        let start = hijri_to_date(1400, 1, 1).unwrap().to_days();
        let end = hijri_to_date(1460, 12, 29).unwrap().to_days();
        for z in start..=end {
            let g = Date::from_days(z);
            let (hy, hm, hd) = gregorian_to_hijri(g.y, g.m, g.d).unwrap();
            assert_eq!(hijri_to_gregorian(hy, hm, hd), Some((g.y, g.m, g.d)));
            let len = month_length(hy, hm).unwrap();
            assert!(len == 29 || len == 30, "{hy}-{hm} has {len} days");
        }
    }

    #[test]
    fn out_of_range_is_none() {
        assert_eq!(hijri_to_gregorian(1200, 1, 1), None);
        assert_eq!(hijri_to_gregorian(1442, 13, 1), None);
        assert_eq!(hijri_to_gregorian(1442, 9, 31), None);
        assert_eq!(gregorian_to_hijri(1800, 1, 1), None);
        assert_eq!(last_year(), 1500);
    }
}
