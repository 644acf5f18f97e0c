//! The temporal lexicon (`data/lexicon.tsv`), normalised once and kept in
//! hash maps keyed by the normalised word.

use isnad_arabic::normalize;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: lexicon keys are short words, for which SipHash's setup cost
/// dominates; this map is read-only and not exposed to untrusted keys' timing.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf29ce484222325
        } else {
            self.0
        };
        for b in bytes {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        self.0 = h;
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Calendar of a month name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Cal {
    Gregorian,
    Hijri,
}

/// How much context a month name needs before it counts as a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// Unambiguous: a preposition in front is enough.
    Strong,
    /// Also a common word (مارس the verb, رجب the name): needs a preposition,
    /// a day, a year, a relative word or شهر.
    Weak,
    /// Very common word (آب "father" after folding, صفر "zero"): needs a day,
    /// a year, a relative word, a paired month name or شهر.
    Rare,
}

/// What a lexicon word means to the grammar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lex {
    Month {
        cal: Cal,
        m: u32,
        strength: Strength,
    },
    /// ISO weekday, Monday = 1.
    Weekday(u32),
    /// Days from the DCT.
    Deictic(i32),
    /// "الليلة": night of the DCT.
    Tonight,
    Card(u32),
    Ord(u32),
    /// Unit letter (D W M Y H N E L) and count (1, 2, or 0 for a plural).
    Unit(char, u32),
    /// -1 past, 0 current, +1 next.
    Rel(i32),
    /// Relative to the last date mentioned.
    RelNarr(i32),
    /// Part of a period: START, MID, END.
    Pom(&'static str),
    /// Part of day: MO, MI, AF, EV, NI.
    Pod(&'static str),
    Season(&'static str),
    /// H (half) or Q (quarter).
    Part(char),
    SetAdv(&'static str),
    Fuzzy(&'static str),
    Narr,
    /// 'h' Hijri or 'g' Gregorian era marker.
    Era(char),
    /// A fixed Gregorian day (month, day).
    Holiday(u32, u32),
    Decade(&'static str),
    YearAdj,
    /// A function word; the grammar compares its text.
    Fw,
}

/// Everything the lexicon knows about one word.
#[derive(Default)]
pub struct Entry {
    /// Meanings of the word alone.
    pub lex: Vec<Lex>,
    /// Multi-word entries starting with it: (remaining words, meaning), longest first.
    pub multi: Vec<(Vec<String>, Lex)>,
}

pub struct Lexicon {
    /// Keyed by the normalised word; one lookup answers both questions.
    pub entries: FastMap<String, Entry>,
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

fn parse_entry(class: &str, value: &str) -> Result<Lex, String> {
    let num = |v: &str| v.parse::<i64>().map_err(|_| format!("bad number {v:?}"));
    Ok(match class {
        "month" | "month_weak" | "month_rare" => {
            let (c, m) = value.split_at(1);
            let cal = match c {
                "g" => Cal::Gregorian,
                "h" => Cal::Hijri,
                _ => return Err(format!("bad month value {value:?}")),
            };
            let strength = match class {
                "month" => Strength::Strong,
                "month_weak" => Strength::Weak,
                _ => Strength::Rare,
            };
            Lex::Month {
                cal,
                m: num(m)? as u32,
                strength,
            }
        }
        "weekday" => Lex::Weekday(num(value)? as u32),
        "deictic" => Lex::Deictic(num(value)? as i32),
        "tonight" => Lex::Tonight,
        "card" => Lex::Card(num(value)? as u32),
        "ord" => Lex::Ord(num(value)? as u32),
        "unit" => {
            let mut cs = value.chars();
            let u = cs.next().ok_or("empty unit")?;
            let n = match cs.as_str() {
                "P" => 0,
                s => num(s)? as u32,
            };
            Lex::Unit(u, n)
        }
        "rel" => Lex::Rel(num(value)? as i32),
        "rel_narr" => Lex::RelNarr(num(value)? as i32),
        "pom" => Lex::Pom(leak(value)),
        "pod" => Lex::Pod(leak(value)),
        "season" => Lex::Season(leak(value)),
        "part" => Lex::Part(value.chars().next().ok_or("empty part")?),
        "setadv" => Lex::SetAdv(leak(value)),
        "fuzzy" => Lex::Fuzzy(leak(value)),
        "narr" => Lex::Narr,
        "era" => Lex::Era(value.chars().next().ok_or("empty era")?),
        "holiday" => {
            let (m, d) = value.split_once('-').ok_or("holiday needs MM-DD")?;
            Lex::Holiday(num(m)? as u32, num(d)? as u32)
        }
        "decade" => Lex::Decade(leak(value)),
        "yearadj" => Lex::YearAdj,
        "fw" => Lex::Fw,
        _ => return Err(format!("unknown class {class:?}")),
    })
}

impl Lexicon {
    fn load(src: &str) -> Result<Lexicon, String> {
        let mut entries: FastMap<String, Entry> = FastMap::default();
        for (n, line) in src.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 3 {
                return Err(format!(
                    "data/lexicon.tsv line {}: expected 3 tab-separated fields",
                    n + 1
                ));
            }
            let lex = parse_entry(f[0], f[1])
                .map_err(|e| format!("data/lexicon.tsv line {}: {e}", n + 1))?;
            for variant in f[2].split(['،', ',']) {
                let ws: Vec<String> = normalize(variant)
                    .split_whitespace()
                    .map(str::to_string)
                    .collect();
                match ws.len() {
                    0 => {}
                    1 => entries.entry(ws[0].clone()).or_default().lex.push(lex),
                    _ => entries
                        .entry(ws[0].clone())
                        .or_default()
                        .multi
                        .push((ws[1..].to_vec(), lex)),
                }
            }
        }
        // Longest multi-word entries first, so "أول أمس الأول" wins over "أول أمس".
        for e in entries.values_mut() {
            e.multi.sort_by_key(|b| std::cmp::Reverse(b.0.len()));
        }
        Ok(Lexicon { entries })
    }

    pub fn get() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(|| {
            Lexicon::load(include_str!("../data/lexicon.tsv")).unwrap_or_else(|e| panic!("{e}"))
        })
    }

    pub fn entry(&self, w: &str) -> Option<&Entry> {
        self.entries.get(w)
    }

    /// The single-word meanings of `w` (empty when unknown).
    pub fn lexes(&self, w: &str) -> &[Lex] {
        self.entries.get(w).map(|e| e.lex.as_slice()).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_loads_and_folds() {
        let l = Lexicon::get();
        assert!(matches!(l.lexes("ابريل")[0], Lex::Month { m: 4, .. }));
        assert!(matches!(l.lexes("يوليوز")[0], Lex::Month { m: 7, .. }));
        assert!(l.entries["كانون"]
            .multi
            .iter()
            .any(|(rest, lex)| rest == &["الثاني"] && matches!(lex, Lex::Month { m: 1, .. })));
        assert!(matches!(l.lexes("غدا")[0], Lex::Deictic(1)));
    }

    #[test]
    fn bad_lines_are_reported_with_line_numbers() {
        let e = Lexicon::load("month\tx1\tفoo\n").err().unwrap();
        assert!(e.contains("line 1"), "{e}");
        let e = Lexicon::load("# c\nnope\t1\tx\n").err().unwrap();
        assert!(e.contains("line 2") && e.contains("unknown class"), "{e}");
    }
}
