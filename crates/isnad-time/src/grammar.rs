//! Recognition: a hand-written grammar over the tokens of the normalised text.
//!
//! The text is normalised once (isnad-arabic: hamza/ya/ta-marbuta folds,
//! Arabic-Indic and Persian digits to ASCII, no diacritics or tatweel), split
//! into word / number / punctuation tokens, and each word is looked up once in
//! the lexicon (after stripping و/ف and ب/ل/ك proclitics). The grammar then
//! tries its rules at every token that can start an expression and keeps the
//! longest match. No regular expressions: one pass, a few hash lookups a
//! token. All word constants below are in *normalised* spelling (إلى → الي,
//! حتى → حتي, ساعة → ساعه).

use crate::lexicon::{Cal, Entry, Lex, Lexicon, Strength};
use crate::{Base, Expr, Point, Tense, Timex, TimexKind, Tod};
use isnad_arabic::normalize_with_map;
use std::borrow::Cow;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum TK {
    Word,
    Num,
    Punct,
}

struct Tok<'a> {
    /// Char offsets in the normalised text.
    ns: usize,
    ne: usize,
    /// The token as written (normalised).
    s: &'a str,
    /// The lexicon key: the token without its proclitics when that is what
    /// the lexicon knows.
    core: Cow<'a, str>,
    /// Chars of a leading conjunction (و/ف) left out of a span that starts here.
    conj: usize,
    kind: TK,
    num: u32,
    nd: usize,
    space_before: bool,
    lex: &'static [Lex],
    entry: Option<&'static Entry>,
}

/// Letters of words: a fast path for ASCII and the Arabic block (the bulk of
/// the text), Unicode's table for the rest.
#[inline]
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        return isnad_arabic::is_arabic_letter(c);
    }
    c.is_alphabetic()
}

fn tokenize<'a>(norm: &'a str, lx: &'static Lexicon) -> Vec<Tok<'a>> {
    let mut toks = Vec::with_capacity(norm.len() / 6);
    let mut it = norm.char_indices().peekable();
    let mut ci = 0usize; // char index
    let mut space = true;
    while let Some(&(b, c)) = it.peek() {
        if c.is_whitespace() {
            it.next();
            ci += 1;
            space = true;
            continue;
        }
        let start_b = b;
        let start_c = ci;
        let kind = if c.is_ascii_digit() {
            TK::Num
        } else if is_letter(c) {
            TK::Word
        } else {
            TK::Punct
        };
        let mut end_b = b + c.len_utf8();
        it.next();
        ci += 1;
        if kind != TK::Punct {
            while let Some(&(b2, c2)) = it.peek() {
                let same = match kind {
                    TK::Num => c2.is_ascii_digit(),
                    _ => is_letter(c2),
                };
                if !same {
                    break;
                }
                end_b = b2 + c2.len_utf8();
                it.next();
                ci += 1;
            }
        }
        let s = &norm[start_b..end_b];
        let mut tok = Tok {
            ns: start_c,
            ne: ci,
            s,
            core: Cow::Borrowed(s),
            conj: 0,
            kind,
            num: 0,
            nd: 0,
            space_before: space,
            lex: &[],
            entry: None,
        };
        match kind {
            TK::Num => {
                tok.nd = s.len();
                tok.num = if s.len() <= 9 {
                    s.parse().unwrap_or(u32::MAX)
                } else {
                    u32::MAX
                };
            }
            TK::Word => lookup(&mut tok, lx),
            TK::Punct => {}
        }
        toks.push(tok);
        space = false;
    }
    toks
}

/// Find the lexicon key of a word: as written, without و/ف, without ب/ل/ك
/// after that, or with لل read as ال.
fn lookup<'a>(tok: &mut Tok<'a>, lx: &'static Lexicon) {
    let s = tok.s;
    if let Some(e) = lx.entry(s) {
        tok.lex = &e.lex;
        tok.entry = Some(e);
        return;
    }
    let (after_conj, conj) = match s.chars().next() {
        Some('و') | Some('ف') if s.chars().count() > 2 => (&s[2..], 1),
        _ => (s, 0),
    };
    let found = |tok: &mut Tok<'a>, w: Cow<'a, str>, e: &'static Entry| {
        tok.lex = &e.lex;
        tok.entry = Some(e);
        tok.core = w;
        tok.conj = conj;
    };
    if conj == 1 {
        if let Some(e) = lx.entry(after_conj) {
            found(tok, Cow::Borrowed(after_conj), e);
            return;
        }
    }
    if let Some(c) = after_conj.chars().next() {
        if matches!(c, 'ب' | 'ل' | 'ك') && after_conj.chars().count() > 2 {
            let rest = &after_conj[c.len_utf8()..];
            if c == 'ل' && rest.starts_with('ل') {
                let al = format!("ا{rest}");
                if let Some(e) = lx.entry(&al) {
                    found(tok, Cow::Owned(al), e);
                    return;
                }
            }
            if let Some(e) = lx.entry(rest) {
                found(tok, Cow::Borrowed(rest), e);
                return;
            }
        }
    }
    if conj == 1 {
        // Unknown word after و: still drop the conjunction from spans.
        tok.core = Cow::Borrowed(after_conj);
        tok.conj = 1;
    }
}

/// Words after which a bare month name or a bare year is a date.
const CTX: &[&str] = &[
    "في",
    "منذ",
    "حتي",
    "خلال",
    "قبل",
    "بعد",
    "بحلول",
    "طوال",
    "طيله",
    "عند",
    "الي",
    "من",
    "لغايه",
    "غايه",
    "ابتداء",
    "اعتبارا",
    "مدي",
    "موسم",
];
/// Nouns that name a dated event or budget: a four-digit number after them
/// is a year ("حرب 1948", "انتخابات 2022", "موازنة 2020").
const YEAR_NOUNS: &[&str] = &[
    "حرب",
    "زلزال",
    "ثوره",
    "انتفاضه",
    "نكبه",
    "نكسه",
    "احداث",
    "انتخابات",
    "موازنه",
    "ميزانيه",
    "دستور",
    "اتفاق",
    "اتفاقيه",
    "مونديال",
    "اولمبياد",
    "قمه",
    "خطه",
    "رويه",
    "اعوام",
];
/// Function words that can open an expression.
const FW_STARTERS: &[&str] = &[
    "بين",
    "منذ",
    "قبل",
    "بعد",
    "خلال",
    "كل",
    "يوم",
    "يومي",
    "بتاريخ",
    "تاريخ",
    "عام",
    "سنه",
    "لعام",
    "لسنه",
    "للعام",
    "للسنه",
    "الساعه",
    "اكثر",
    "اقل",
    "نحو",
    "حوالي",
    "قرابه",
    "زهاء",
    "شهر",
    "نصف",
    "هذا",
    "هذه",
];
/// Words after which a lone unit ("شهر", "سنة") is a duration.
const DUR_CTX: &[&str] = &[
    "لمده",
    "مده",
    "طوال",
    "طيله",
    "خلال",
    "بعد",
    "قبل",
    "منذ",
    "مدي",
    "نحو",
    "حوالي",
    "قرابه",
    "زهاء",
];
const YEAR_WORDS: &[&str] = &[
    "عام",
    "العام",
    "سنه",
    "السنه",
    "لعام",
    "للعام",
    "لسنه",
    "للسنه",
];

/// A parse: the meaning and the token after the last one used.
struct M {
    expr: Expr,
    kind: TimexKind,
    end: usize,
}

struct G<'a> {
    t: &'a [Tok<'a>],
    lx: &'static Lexicon,
}

impl<'a> G<'a> {
    fn w(&self, i: usize) -> &str {
        match self.t.get(i) {
            Some(t) if t.kind == TK::Word => &t.core,
            _ => "",
        }
    }
    fn raw(&self, i: usize) -> &str {
        self.t.get(i).map(|t| t.s).unwrap_or("")
    }
    fn is(&self, i: usize, w: &str) -> bool {
        self.w(i) == w
    }
    fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        let x = self.w(i);
        !x.is_empty() && ws.contains(&x)
    }
    fn lexes(&self, i: usize) -> &'static [Lex] {
        self.t.get(i).map(|t| t.lex).unwrap_or(&[])
    }
    fn num(&self, i: usize) -> Option<(u32, usize)> {
        match self.t.get(i) {
            Some(t) if t.kind == TK::Num => Some((t.num, t.nd)),
            _ => None,
        }
    }
    fn p(&self, i: usize) -> Option<char> {
        match self.t.get(i) {
            Some(t) if t.kind == TK::Punct => t.s.chars().next(),
            _ => None,
        }
    }
    fn conj(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.conj > 0)
    }
    /// Standalone "و" (as in "بين 3 و5": the و is split from the digit).
    fn is_and(&self, i: usize) -> bool {
        self.raw(i) == "و"
    }
    fn definite(&self, i: usize) -> bool {
        self.w(i).starts_with("ال")
    }

    /// A lexicon meaning at `i`, multi-word entries first. Returns the
    /// meaning and the token after it.
    fn lex_at(&self, i: usize, pred: impl Fn(&Lex) -> bool) -> Option<(Lex, usize)> {
        let t = self.t.get(i)?;
        if t.kind != TK::Word {
            return None;
        }
        if let Some(entry) = t.entry {
            for (rest, lex) in &entry.multi {
                if pred(lex)
                    && rest.iter().enumerate().all(|(k, r)| {
                        self.t
                            .get(i + 1 + k)
                            .is_some_and(|x| x.kind == TK::Word && x.s == r)
                    })
                {
                    return Some((*lex, i + 1 + rest.len()));
                }
            }
        }
        t.lex.iter().find(|l| pred(l)).map(|l| (*l, i + 1))
    }

    /// Context that makes a bare month or year a date.
    fn ctx_before(&self, i: usize) -> bool {
        if self.conj(i) && i > 0 {
            return true;
        }
        i > 0
            && (self.is_any(i - 1, CTX)
                || self.p(i - 1) == Some('(')
                || self.lex_at(i - 1, |l| matches!(l, Lex::Pom(_))).is_some())
    }

    // ---------------------------------------------------------------- numbers

    fn card_word(&self, i: usize) -> Option<u32> {
        if let Some(Lex::Card(v)) = self.lexes(i).iter().find(|l| matches!(l, Lex::Card(_))) {
            return Some(*v);
        }
        // Definite cardinals after a plural ("الأشهر الستة"): ال + number word.
        let w = self.w(i);
        let rest = w.strip_prefix("ال")?;
        self.lx.lexes(rest).iter().find_map(|l| match l {
            Lex::Card(v) => Some(*v),
            _ => None,
        })
    }

    /// A count: digits, or a number word with its teen or tens compound.
    fn cardinal(&self, i: usize) -> Option<(u32, usize)> {
        if let Some((n, nd)) = self.num(i) {
            return (nd <= 6).then_some((n, i + 1));
        }
        let u = self.card_word(i)?;
        let j = i + 1;
        if u < 10 && (self.is(j, "عشر") || self.is(j, "عشره")) {
            return Some((u + 10, j + 1));
        }
        if u < 10 && self.conj(j) {
            if let Some(tens) = self.card_word(j).filter(|v| v % 10 == 0 && *v >= 20) {
                return Some((u + tens, j + 1));
            }
        }
        Some((u, j))
    }

    fn ord_word(&self, i: usize) -> Option<u32> {
        self.lexes(i).iter().find_map(|l| match l {
            Lex::Ord(v) => Some(*v),
            _ => None,
        })
    }

    /// An ordinal number: "الثالث", "الخامس عشر", "الحادي والعشرين".
    fn ordinal(&self, i: usize) -> Option<(u32, usize)> {
        let u = self.ord_word(i)?;
        let j = i + 1;
        if u < 10 && (self.is(j, "عشر") || self.is(j, "عشره")) {
            return Some((u + 10, j + 1));
        }
        if u < 10 && self.conj(j) {
            if let Some(tens) = self.ord_word(j).filter(|v| *v == 20 || *v == 30) {
                return Some((u + tens, j + 1));
            }
        }
        Some((u, j))
    }

    // ----------------------------------------------------------------- months

    fn month_at(&self, i: usize) -> Option<(Cal, u32, Strength, usize)> {
        match self.lex_at(i, |l| matches!(l, Lex::Month { .. }))? {
            (Lex::Month { cal, m, strength }, e) => Some((cal, m, strength, e)),
            _ => None,
        }
    }

    /// `[شهر] month [/ month | (month)]` → calendar, month, how sure, end, whether paired.
    fn month_phrase(&self, i: usize) -> Option<(Cal, u32, Strength, usize, bool)> {
        let (cal, m, st, e) = match self.month_at(i) {
            // A two-word name ("كانون الثاني", "الشهر الكريم") is unambiguous.
            Some((cal, m, _, e)) if e > i + 1 => (cal, m, Strength::Strong, e),
            Some(x) => x,
            None if self.is(i, "شهر") => {
                let (cal, m, _, e) = self.month_at(i + 1)?;
                (cal, m, Strength::Strong, e)
            }
            None => return None,
        };
        let mut end = e;
        let mut paired = false;
        match self.p(end) {
            Some('/') => {
                if let Some((_, _, _, e2)) = self.month_at(end + 1) {
                    end = e2;
                    paired = true;
                }
            }
            Some('(') => {
                if let Some((_, _, _, e2)) = self.month_at(end + 1) {
                    if self.p(e2) == Some(')') {
                        end = e2 + 1;
                        paired = true;
                    }
                }
            }
            _ => {}
        }
        Some((cal, m, st, end, paired))
    }

    fn era_at(&self, i: usize) -> Option<(char, usize)> {
        match self.lex_at(i, |l| matches!(l, Lex::Era(_)))? {
            (Lex::Era(c), e) => Some((c, e)),
            _ => None,
        }
    }

    /// A year written after a day and month: `2021`, `(1947)`, `عام 2021`,
    /// `لعام 1443 هـ`, with an optional era marker.
    fn year_after(&self, i: usize, cal: Cal) -> Option<(i32, usize)> {
        let mut j = i;
        if self.is(j, "من") && (self.is_any(j + 1, YEAR_WORDS) || self.p(j + 1) == Some('(')) {
            j += 1;
        }
        if self.is_any(j, YEAR_WORDS) {
            j += 1;
        }
        let (y, nd, mut e) = if self.p(j) == Some('(') {
            let (y, nd) = self.num(j + 1)?;
            if self.p(j + 2) != Some(')') {
                return None;
            }
            (y, nd, j + 3)
        } else {
            let (y, nd) = self.num(j)?;
            (y, nd, j + 1)
        };
        let ok = match cal {
            Cal::Gregorian => nd == 4 && (1000..=2200).contains(&y),
            Cal::Hijri => (3..=4).contains(&nd) && (1200..=1600).contains(&y),
        };
        if !ok {
            return None;
        }
        if let Some((_, e2)) = self.era_at(e) {
            e = e2;
        }
        Some((y as i32, e))
    }

    fn rel_at(&self, i: usize) -> Option<(i32, usize)> {
        // "هذا"/"هذه" come before their noun; after a name they need "العام" ("رمضان هذا العام").
        if self.is_any(i, &["هذا", "هذه"]) {
            return self
                .is_any(i + 1, &["العام", "السنه"])
                .then_some((0, i + 2));
        }
        match self.lex_at(i, |l| matches!(l, Lex::Rel(_)))? {
            (Lex::Rel(r), e) => Some((r, e)),
            _ => None,
        }
    }
    fn relnarr_at(&self, i: usize) -> Option<(i32, usize)> {
        match self.lex_at(i, |l| matches!(l, Lex::RelNarr(_)))? {
            (Lex::RelNarr(r), e) => Some((r, e)),
            _ => None,
        }
    }

    /// "من العام المقبل" / "من هذا العام" after a date: the year relative to the DCT.
    fn year_rel_after(&self, i: usize) -> Option<(i32, usize)> {
        if !self.is(i, "من") {
            return None;
        }
        if self.is_any(i + 1, &["العام", "السنه"]) {
            return self.rel_at(i + 2);
        }
        if self.is_any(i + 1, &["هذا", "هذه"]) && self.is_any(i + 2, &["العام", "السنه"])
        {
            return Some((0, i + 3));
        }
        None
    }

    // ------------------------------------------------------------------ dates

    /// The day of a written date: `3`, `الثالث (من)`, `غرة`, `أول أيام`.
    fn day_num(&self, i: usize) -> Option<(u32, usize, bool)> {
        if let Some((n, nd)) = self.num(i) {
            return (nd <= 2 && (1..=31).contains(&n)).then_some((n, i + 1, false));
        }
        if self.is(i, "غره") {
            return Some((1, i + 1, false));
        }
        if self.is_any(i, &["اول", "اولي"]) && self.is(i + 1, "ايام") {
            return Some((1, i + 2, false));
        }
        let (n, e) = self.ordinal(i)?;
        (1..=31).contains(&n).then_some((n, e, true))
    }

    /// A date with a day: `3 تموز 2021`, `الثالث من تموز`, `10 تموز (يوليو)`,
    /// `14 من الشهر الجاري`, `17 ديسمبر من العام المقبل`.
    fn date_abs(&self, i: usize) -> Option<(Base, usize)> {
        let (d, j, ordinal) = self.day_num(i)?;
        let mut k = j;
        let had_min = self.is(k, "من");
        if had_min {
            k += 1;
        } else if ordinal && !self.is_any(i, &["غره"]) {
            // "الثالث تموز" without من is not how dates are written.
            return None;
        }
        if let Some((cal, m, _, e, _)) = self.month_phrase(k) {
            let mut end = e;
            let mut y = None;
            let mut rel = None;
            let mut yrel = None;
            if let Some((yy, e2)) = self.year_after(end, cal) {
                y = Some(yy);
                end = e2;
            } else if let Some((r, e2)) = self.rel_at(end) {
                rel = Some(r);
                end = e2;
            } else if let Some((r, e2)) = self.year_rel_after(end) {
                yrel = Some(r);
                end = e2;
            }
            if y.is_none() {
                if let Some((_, e2)) = self.era_at(end) {
                    end = e2;
                }
            }
            return Some((
                Base::Date {
                    cal,
                    y,
                    m: Some(m),
                    d: Some(d),
                    rel,
                    mrel: None,
                    yrel,
                    narr: false,
                },
                end,
            ));
        }
        if !had_min {
            return None;
        }
        // "من الشهر الجاري" / "من الشهر نفسه" / "من هذا الشهر"
        let (mrel, narr, end) = if self.is(k, "الشهر") {
            if let Some((r, e)) = self.rel_at(k + 1) {
                (Some(r), false, e)
            } else if let Some((_, e)) = self.relnarr_at(k + 1) {
                (None, true, e)
            } else {
                return None;
            }
        } else if self.is_any(k, &["هذا"]) && self.is(k + 1, "الشهر") {
            (Some(0), false, k + 2)
        } else {
            return None;
        };
        Some((
            Base::Date {
                cal: Cal::Gregorian,
                y: None,
                m: None,
                d: Some(d),
                rel: None,
                mrel,
                yrel: None,
                narr,
            },
            end,
        ))
    }

    /// `3/7/2021`, `03.07.2021`, `2021-07-03`, and the agency dateline `30 - 6 (`.
    fn numeric_date(&self, i: usize) -> Option<(Base, usize)> {
        let (a, na) = self.num(i)?;
        let sep = self.p(i + 1)?;
        if !matches!(sep, '/' | '-' | '.') {
            return None;
        }
        let (b, nb) = self.num(i + 2)?;
        let date = |y: i32, m: u32, d: u32| Base::Date {
            cal: Cal::Gregorian,
            y: Some(y),
            m: Some(m),
            d: Some(d),
            rel: None,
            mrel: None,
            yrel: None,
            narr: false,
        };
        if na <= 2 && nb <= 2 && self.p(i + 3) == Some(sep) {
            let (c, nc) = self.num(i + 4)?;
            if nc != 4 || self.p(i + 5).is_some_and(|p| p == sep) && self.num(i + 6).is_some() {
                return None;
            }
            let y = c as i32;
            if crate::Date::new(y, b, a).is_some() {
                return Some((date(y, b, a), i + 5));
            }
            if crate::Date::new(y, a, b).is_some() {
                return Some((date(y, a, b), i + 5));
            }
            return None;
        }
        if na == 4 && sep == '-' && nb <= 2 && self.p(i + 3) == Some('-') {
            let (c, nc) = self.num(i + 4)?;
            if nc <= 2 && crate::Date::new(a as i32, b, c).is_some() {
                return Some((date(a as i32, b, c), i + 5));
            }
            return None;
        }
        if na <= 2
            && nb <= 2
            && sep == '-'
            && self.p(i + 3) == Some('(')
            && (1..=31).contains(&a)
            && (1..=12).contains(&b)
        {
            return Some((
                Base::Date {
                    cal: Cal::Gregorian,
                    y: None,
                    m: Some(b),
                    d: Some(a),
                    rel: None,
                    mrel: None,
                    yrel: None,
                    narr: false,
                },
                i + 3,
            ));
        }
        None
    }

    /// `عام 2019`, `العام 2019`, `لعام 1443 هـ`, `(1948)`, `2021م`, a bare
    /// year after a preposition, `1446 هـ`.
    fn year_expr(&self, i: usize, ctx: bool) -> Option<(Base, usize)> {
        let yb = |cal: Cal, y: u32| Base::Date {
            cal,
            y: Some(y as i32),
            m: None,
            d: None,
            rel: None,
            mrel: None,
            yrel: None,
            narr: false,
        };
        if self.is_any(i, YEAR_WORDS) {
            let mut j = i + 1;
            let paren = self.p(j) == Some('(');
            if paren {
                j += 1;
            }
            let (y, nd) = self.num(j)?;
            j += 1;
            if paren {
                if self.p(j) != Some(')') {
                    return None;
                }
                j += 1;
            }
            let (cal, e) = match self.era_at(j) {
                Some(('h', e)) => (Cal::Hijri, e),
                Some((_, e)) => (Cal::Gregorian, e),
                None => (Cal::Gregorian, j),
            };
            let ok = match cal {
                Cal::Gregorian => nd == 4 && (1000..=2200).contains(&y),
                Cal::Hijri => (3..=4).contains(&nd) && (1200..=1600).contains(&y),
            };
            return ok.then(|| (yb(cal, y), e));
        }
        let (y, nd) = self.num(i)?;
        if let Some((era, e)) = self.era_at(i + 1) {
            // "م" glued to a number is common; "ه" alone after a number is only an era.
            let cal = if era == 'h' {
                Cal::Hijri
            } else {
                Cal::Gregorian
            };
            let ok = match cal {
                Cal::Gregorian => nd == 4 && (1000..=2200).contains(&y),
                Cal::Hijri => (3..=4).contains(&nd) && (1200..=1600).contains(&y),
            };
            if ok {
                return Some((yb(cal, y), e));
            }
        }
        let paren = i > 0 && self.p(i - 1) == Some('(') && self.p(i + 1) == Some(')');
        if nd != 4 || !((1900..=2100).contains(&y) || paren && (1000..=2100).contains(&y)) {
            return None;
        }
        // A year range "2020/2021" is handled by the caller.
        let named = i > 0 && self.is_any(i - 1, YEAR_NOUNS);
        if ctx || paren || named {
            return Some((yb(Cal::Gregorian, y), i + 1));
        }
        None
    }

    /// The definite unit words that can carry a relative word.
    fn unit_def(&self, i: usize) -> Option<char> {
        if !self.definite(i) {
            return None;
        }
        self.lexes(i).iter().find_map(|l| match l {
            Lex::Unit(u, 1) if matches!(u, 'D' | 'W' | 'M' | 'Y') => Some(*u),
            _ => None,
        })
    }

    /// `الأسبوع الماضي`, `هذا العام`, `العام 2019`, `العام القادم 2011`,
    /// `اليوم التالي`, `الشهر نفسه`; with `after_pom` also a bare `الشهر`.
    fn unit_rel(&self, i: usize, after_pom: bool) -> Option<(Base, usize)> {
        if self.is_any(i, &["هذا", "هذه"]) {
            let u = self.unit_def(i + 1)?;
            if u == 'D' {
                return None;
            }
            return Some((
                Base::Unit {
                    unit: u,
                    n: 0,
                    narr: false,
                },
                i + 2,
            ));
        }
        let u = self.unit_def(i)?;
        let mut j = i + 1;
        if u == 'Y' {
            // "السنة الجامعية", "العام الدراسي", "السنة المالية": not the calendar year.
            if self.is_any(
                j,
                &[
                    "الجامعيه",
                    "الدراسيه",
                    "الدراسي",
                    "الماليه",
                    "المالي",
                    "التشريعيه",
                    "الجامعي",
                ],
            ) {
                return None;
            }
            while self.lex_at(j, |l| matches!(l, Lex::YearAdj)).is_some() {
                j += 1;
            }
        }
        let year_base = |y: u32| Base::Date {
            cal: Cal::Gregorian,
            y: Some(y as i32),
            m: None,
            d: None,
            rel: None,
            mrel: None,
            yrel: None,
            narr: false,
        };
        if u != 'D' {
            if let Some((r, e)) = self.rel_at(j) {
                if u == 'Y' {
                    if let Some((y, 4)) = self.num(e) {
                        return Some((year_base(y), e + 1));
                    }
                }
                return Some((
                    Base::Unit {
                        unit: u,
                        n: r,
                        narr: false,
                    },
                    e,
                ));
            }
        }
        if let Some((r, e)) = self.relnarr_at(j) {
            return Some((
                Base::Unit {
                    unit: u,
                    n: r,
                    narr: true,
                },
                e,
            ));
        }
        if u == 'Y' {
            if let Some((y, 4)) = self.num(j) {
                if (1000..=2200).contains(&y) {
                    return Some((year_base(y), j + 1));
                }
            }
        }
        if after_pom && u != 'D' {
            return Some((
                Base::Unit {
                    unit: u,
                    n: 0,
                    narr: false,
                },
                j,
            ));
        }
        None
    }

    /// A month without a day: `تموز`, `شهر آب 2020`, `آذار/مارس الماضي`.
    fn month_only(&self, i: usize, ctx: bool) -> Option<(Base, usize)> {
        let (cal, m, st, e, paired) = self.month_phrase(i)?;
        let ctx = ctx || e > i + 1 && !self.is(i, "شهر");
        let mut end = e;
        let mut y = None;
        let mut rel = None;
        if let Some((yy, e2)) = self.year_after(end, cal) {
            y = Some(yy);
            end = e2;
        } else if let Some((r, e2)) = self.rel_at(end) {
            rel = Some(r);
            end = e2;
        }
        let strong = y.is_some() || rel.is_some() || paired || self.is(i, "شهر");
        let ok = strong
            || match st {
                Strength::Strong | Strength::Weak => ctx,
                Strength::Rare => false,
            };
        if !ok {
            return None;
        }
        Some((
            Base::Date {
                cal,
                y,
                m: Some(m),
                d: None,
                rel,
                mrel: None,
                yrel: None,
                narr: false,
            },
            end,
        ))
    }

    fn season(&self, i: usize, ctx: bool) -> Option<(Base, usize)> {
        let (s, mut e) = match self.lex_at(i, |l| matches!(l, Lex::Season(_)))? {
            (Lex::Season(s), e) => (s, e),
            _ => return None,
        };
        let mut y = None;
        let mut rel = None;
        if let Some((yy, e2)) = self.year_after(e, Cal::Gregorian) {
            y = Some(yy);
            e = e2;
        } else if let Some((r, e2)) = self.rel_at(e) {
            rel = Some(r);
            e = e2;
        } else if !ctx {
            return None;
        }
        Some((
            Base::Season {
                s: s.to_string(),
                y,
                rel,
            },
            e,
        ))
    }

    /// `النصف الأول من العام`, `الربع الأخير من العام الجاري`, `الثلاثي الأول`.
    fn part(&self, i: usize) -> Option<(Base, usize)> {
        let (p, e) = match self.lex_at(i, |l| matches!(l, Lex::Part(_)))? {
            (Lex::Part(p), e) => (p, e),
            _ => return None,
        };
        let max = if p == 'H' { 2 } else { 4 };
        let (n, mut e) = if self.is_any(e, &["الاخير", "الاخيره"]) {
            (max, e + 1)
        } else {
            let (n, e2) = self.ordinal(e)?;
            (n, e2)
        };
        if !(1..=max).contains(&n) {
            return None;
        }
        let mut y = None;
        let mut rel = None;
        if self.is(e, "من") {
            if let Some((yy, e2)) = self.year_after(e + 1, Cal::Gregorian) {
                y = Some(yy);
                e = e2;
            } else if let Some((r, e2)) = self.year_rel_after(e) {
                rel = Some(r);
                e = e2;
            } else if self.is_any(e + 1, &["العام", "السنه"]) {
                rel = Some(0);
                e += 2;
            }
        }
        Some((Base::Part { p, n, y, rel }, e))
    }

    // ------------------------------------------------------------- day cores

    fn weekday_at(&self, i: usize, after_yawm: bool) -> Option<u32> {
        if !after_yawm && !self.definite(i) {
            return None;
        }
        // "صلاة الجمعة", "خطبة الجمعة": the prayer, not the day.
        if i > 0 && self.is_any(i - 1, &["صلاه", "خطبه", "صلوات"]) {
            return None;
        }
        self.lexes(i).iter().find_map(|l| match l {
            Lex::Weekday(w) => Some(*w),
            _ => None,
        })
    }

    /// `[يوم] الأحد [الماضي] [3 تموز 2021]`.
    fn weekday_day(&self, i: usize) -> Option<(Point, usize)> {
        let yawm = self.is(i, "يوم");
        let j = if yawm { i + 1 } else { i };
        let wd = self.weekday_at(j, yawm)?;
        let mut e = j + 1;
        let mut rel = 0;
        if let Some((r, e2)) = self.rel_at(e) {
            if r != 0 {
                rel = r;
                e = e2;
            }
        }
        if rel == 0 {
            let k = if self.p(e) == Some(',') || self.p(e) == Some('،') {
                e + 1
            } else {
                e
            };
            if let Some((b, e2)) = self.date_abs(k).or_else(|| self.numeric_date(k)) {
                let mut p = Point::new(b);
                p.weekday = Some(wd);
                return Some((p, e2));
            }
        }
        Some((Point::new(Base::Weekday { wd, rel }), e))
    }

    /// `اليوم`, `أمس الأول`, `غداً الاثنين`, `أمس الاثنين 15 آذار`.
    fn deictic_day(&self, i: usize) -> Option<(Point, usize)> {
        let (n, mut e) = match self.lex_at(i, |l| matches!(l, Lex::Deictic(_)))? {
            (Lex::Deictic(n), e) => (n, e),
            _ => return None,
        };
        // "اليوم" followed by a narrative word is the narrative day, not today.
        if n == 0
            && (self.relnarr_at(e).is_some()
                || self.rel_at(e).is_some()
                || self.ord_word(e).is_some())
        {
            return None;
        }
        let mut p = Point::new(Base::Deictic(n));
        if let Some(wd) = self.weekday_at(e, false) {
            p.weekday = Some(wd);
            e += 1;
        }
        if let Some((b, e2)) = self.date_abs(e).or_else(|| self.numeric_date(e)) {
            p.base = b;
            p.deictic = Some(n);
            e = e2;
        }
        Some((p, e))
    }

    /// A day, with or without "يوم"/"بتاريخ": deictic, weekday or written date.
    fn day_core(&self, i: usize) -> Option<(Point, usize)> {
        let j = if self.is_any(i, &["يوم", "بتاريخ", "تاريخ"]) {
            i + 1
        } else {
            i
        };
        let mut best: Option<(Point, usize)> = None;
        let mut take = |c: Option<(Point, usize)>| {
            if let Some(c) = c {
                if best.as_ref().is_none_or(|b| c.1 > b.1) {
                    best = Some(c);
                }
            }
        };
        if j == i || self.is(i, "يوم") {
            take(self.deictic_day(j));
        }
        take(self.weekday_day(i));
        take(self.date_abs(j).map(|(b, e)| (Point::new(b), e)));
        take(self.numeric_date(j).map(|(b, e)| (Point::new(b), e)));
        // "بتاريخ (27/9/1948)", "نيسان (26/4/1947)": a full date in brackets.
        let k = if j > i {
            Some(j)
        } else {
            self.month_at(i).map(|(_, _, _, e)| e)
        };
        if let Some(k) = k.filter(|&k| self.p(k) == Some('(')) {
            if let Some((b, e)) = self.numeric_date(k + 1) {
                if self.p(e) == Some(')') {
                    take(Some((Point::new(b), e + 1)));
                }
            }
        }
        if let Some((Lex::Tonight, e)) = self.lex_at(j, |l| matches!(l, Lex::Tonight)) {
            let (n, e) = match self.rel_at(e) {
                Some((-1, e2)) => (-1, e2),
                _ => (0, e),
            };
            let mut p = Point::new(Base::Deictic(n));
            p.tod = Some(Tod::Part("NI".into()));
            take(Some((p, e)));
        }
        best
    }

    fn pod_at(&self, i: usize) -> Option<(&'static str, usize)> {
        match self.lex_at(i, |l| matches!(l, Lex::Pod(_)))? {
            (Lex::Pod(p), e) => Some((p, e)),
            _ => None,
        }
    }

    /// `صباح اليوم`, `مساء أمس السبت`, `فجر الثلاثاء 26 سبتمبر`, `ليلة 27 رمضان`.
    fn pod_day(&self, i: usize) -> Option<(Point, usize)> {
        let (pod, j) = self.pod_at(i)?;
        let (mut p, e) = self.day_core(j)?;
        if p.tod.is_none() {
            p.tod = Some(Tod::Part(pod.to_string()));
        }
        Some((p, e))
    }

    // ------------------------------------------------------------------ times

    /// `الساعة العاشرة صباحاً`, `الساعة 14:30`, `العاشرة من مساء اليوم`,
    /// `3 عصراً`, `الرابعة و12 دقيقة`, `الثامنة والنصف`.
    fn time_expr(&self, i: usize) -> Option<(Point, usize)> {
        let saa = self.is(i, "الساعه");
        let mut j = if saa { i + 1 } else { i };
        let mut colon = false;
        let (mut h, mut m) = if let Some((h, nd)) = self.num(j) {
            if nd > 2 || h > 24 {
                return None;
            }
            j += 1;
            let mut m = 0;
            if self.p(j) == Some(':') {
                let (mm, nd2) = self.num(j + 1)?;
                if nd2 != 2 || mm > 59 {
                    return None;
                }
                m = mm;
                j += 2;
                colon = true;
            }
            (h, m)
        } else {
            let h = self.ord_word(j)?;
            j += 1;
            let h = if (1..=2).contains(&h) && (self.is(j, "عشره") || self.is(j, "عشر")) {
                j += 1;
                h + 10
            } else {
                h
            };
            if h > 12 {
                return None;
            }
            (h, 0)
        };
        // minutes
        let mut has_min = colon;
        if self.conj(j) && self.is_any(j, &["النصف", "الربع", "الثلث", "نصف"]) {
            m = match self.w(j) {
                "الربع" => 15,
                "الثلث" => 20,
                _ => 30,
            };
            j += 1;
            has_min = true;
        } else if self.is_and(j)
            && self.num(j + 1).is_some_and(|(v, nd)| nd <= 2 && v < 60)
            && self.is_any(j + 2, &["دقيقه", "دقايق"])
        {
            m = self.num(j + 1).map(|x| x.0).unwrap_or(0);
            j += 3;
            has_min = true;
        } else if self.is(j, "الا") && self.is_any(j + 1, &["ربعا", "ربع", "الربع"])
        {
            h = if h == 0 { 23 } else { h - 1 };
            m = 45;
            j += 2;
            has_min = true;
        }
        // part of day, and the day it belongs to
        let mut pod: Option<&str> = None;
        let mut day: Option<Point> = None;
        if self.is(j, "من") {
            if let Some((p, e)) = self.pod_day(j + 1) {
                if let Some(Tod::Part(pp)) = &p.tod {
                    pod = Some(leak_pod(pp));
                }
                day = Some(p);
                j = e;
            }
        } else if let Some((pp, e)) = self.pod_at(j) {
            pod = Some(pp);
            j = e;
            if let Some((p, e2)) = self.day_core(j) {
                day = Some(p);
                j = e2;
            }
        } else if let Some((p, e)) = self.day_core(j).filter(|_| saa) {
            day = Some(p);
            j = e;
        }
        if !(saa || pod.is_some() || colon && h <= 23) {
            return None;
        }
        let _ = has_min;
        let h24 = match pod {
            Some("MI") if h < 11 => h + 12,
            Some("AF") | Some("EV") if h < 12 => h + 12,
            Some("NI") if (6..12).contains(&h) => h + 12,
            Some("NI") if h == 12 => 0,
            Some("MO") if h == 12 => 0,
            _ => h,
        };
        let mut p = day.unwrap_or_else(|| Point::new(Base::TimeOnly));
        p.tod = Some(Tod::Clock { h: h24, m });
        Some((p, j))
    }

    /// `منتصف الليل`, `منتصف ليلة الأحد 26 يوليوز`.
    fn midnight(&self, i: usize) -> Option<(Point, usize)> {
        if !matches!(
            self.lex_at(i, |l| matches!(l, Lex::Pom(_))),
            Some((Lex::Pom("MID"), _))
        ) {
            return None;
        }
        let (pod, j) = self.pod_at(i + 1)?;
        if pod != "NI" {
            return None;
        }
        let (mut p, e) = self
            .day_core(j)
            .unwrap_or_else(|| (Point::new(Base::TimeOnly), j));
        p.tod = Some(Tod::Midnight);
        Some((p, e))
    }

    /// A period that can take a part-of-period word: month, unit, year, season, part.
    fn period(&self, i: usize, ctx: bool, after_pom: bool) -> Option<(Point, usize)> {
        let mut best: Option<(Base, usize)> = None;
        for c in [
            self.month_only(i, ctx || after_pom),
            self.unit_rel(i, after_pom),
            self.year_expr(i, ctx || after_pom),
            self.season(i, ctx || after_pom),
            self.part(i),
        ]
        .into_iter()
        .flatten()
        {
            if best.as_ref().is_none_or(|b| c.1 > b.1) {
                best = Some(c);
            }
        }
        best.map(|(b, e)| (Point::new(b), e))
    }

    /// Any point in time starting at `i`; the longest reading wins.
    fn point(&self, i: usize, ctx: bool) -> Option<(Point, usize)> {
        let mut best: Option<(Point, usize)> = None;
        let mut take = |c: Option<(Point, usize)>| {
            if let Some(c) = c {
                if best.as_ref().is_none_or(|b| c.1 > b.1) {
                    best = Some(c);
                }
            }
        };
        take(self.time_expr(i));
        take(self.midnight(i));
        take(self.pod_day(i));
        take(self.day_core(i));
        take(self.period(i, ctx, false));
        if let Some((Lex::Pom(pom), j)) = self.lex_at(i, |l| matches!(l, Lex::Pom(_))) {
            let r = self.period(j, true, true).or_else(|| {
                self.day_core(j)
                    .filter(|(p, _)| matches!(p.base, Base::Date { d: None, .. }))
            });
            if let Some((mut p, e)) = r {
                p.pom = Some(pom.to_string());
                take(Some((p, e)));
            }
        }
        if let Some((Lex::Decade(d), e)) = self.lex_at(i, |l| matches!(l, Lex::Decade(_))) {
            take(Some((Point::new(Base::Decade(d.to_string())), e)));
        }
        if let Some((Lex::Holiday(m, d), e)) = self.lex_at(i, |l| matches!(l, Lex::Holiday(..))) {
            if self.is(e, "الهجريه") {
                // رأس السنة الهجرية [1446 هـ]: 1 Muharram.
                let (y, e2) = self
                    .year_after(e + 1, Cal::Hijri)
                    .map(|(y, e2)| (Some(y), e2))
                    .unwrap_or((None, e + 1));
                take(Some((
                    Point::new(Base::Date {
                        cal: Cal::Hijri,
                        y,
                        m: Some(1),
                        d: Some(1),
                        rel: None,
                        mrel: None,
                        yrel: None,
                        narr: false,
                    }),
                    e2,
                )));
            } else {
                take(Some((Point::new(Base::Holiday { m, d }), e)));
            }
        }
        // "الأيام الأخيرة من رمضان", "الأيام الأولى من العام": part of the period.
        if self.is_any(i, &["الايام", "الاسابيع", "الاشهر"]) && self.is(i + 2, "من")
        {
            let pom = if self.is_any(i + 1, &["الاخيره", "الاخيرين"]) {
                Some("END")
            } else if self.is_any(i + 1, &["الاولي"]) {
                Some("START")
            } else {
                None
            };
            if let Some(pom) = pom {
                if let Some((mut p, e)) = self.period(i + 3, true, true) {
                    p.pom = Some(pom.to_string());
                    take(Some((p, e)));
                }
            }
        }
        if let Some((Lex::Narr, e)) = self.lex_at(i, |l| matches!(l, Lex::Narr)) {
            take(Some((Point::new(Base::Narrative), e)));
        }
        best
    }

    // -------------------------------------------------------------- durations

    fn unit_at(&self, i: usize) -> Option<(char, u32)> {
        self.lexes(i).iter().find_map(|l| match l {
            Lex::Unit(u, c) => Some((*u, *c)),
            _ => None,
        })
    }

    /// A length: `ثلاثة أيام`, `90 يوما`, `عامين`, `ساعة ونصف`, `شهر` (with
    /// `lone` context). Returns (count or None for "X", unit, half, end).
    fn dur_core(
        &self,
        i: usize,
        lone: bool,
        plural_ok: bool,
    ) -> Option<(Option<u32>, char, bool, usize)> {
        let half_after = |e: usize| -> (bool, usize) {
            if self.conj(e) && self.is_any(e, &["نصف"]) || self.is(e, "ونصف") {
                (true, e + 1)
            } else {
                (false, e)
            }
        };
        if self.is(i, "نصف") {
            let (u, c) = self.unit_at(i + 1)?;
            if c != 1 {
                return None;
            }
            return Some((Some(0), u, true, i + 2));
        }
        if let Some((n, j)) = self.cardinal(i) {
            if let Some((u, c)) = self.unit_at(j) {
                if c != 2 && n > 0 && !(self.num(i).is_some() && self.definite(j)) {
                    let (h, e) = half_after(j + 1);
                    return Some((Some(n), u, h, e));
                }
            }
            return None;
        }
        let (u, c) = self.unit_at(i)?;
        if self.definite(i) {
            return None;
        }
        match c {
            2 => Some((Some(2), u, false, i + 1)),
            1 => {
                // "شهر تموز", "عام 2003": a calendar name follows, not a length.
                if self.month_at(i + 1).is_some()
                    || self.num(i + 1).is_some_and(|(_, nd)| nd == 4)
                    || self.p(i + 1) == Some('(')
                {
                    return None;
                }
                let (h, e) = half_after(i + 1);
                if self.is_any(e, &["كامل", "كامله", "واحد", "واحده"]) {
                    return Some((Some(1), u, h, e + 1));
                }
                (lone || h).then_some((Some(1), u, h, e))
            }
            _ => plural_ok.then_some((None, u, false, i + 1)),
        }
    }

    fn dur_mod(&self, i: usize) -> (Option<&'static str>, usize) {
        if self.is(i, "اكثر") && self.is(i + 1, "من") {
            (Some("MORE_THAN"), i + 2)
        } else if self.is(i, "اقل") && self.is(i + 1, "من") {
            (Some("LESS_THAN"), i + 2)
        } else if self.is_any(i, &["نحو", "حوالي", "قرابه", "زهاء"]) {
            (Some("APPROX"), i + 1)
        } else {
            (None, i)
        }
    }

    /// `[خلال] [أكثر من] ثلاثة أيام`, `خلال الأشهر الستة الماضية`,
    /// `الأيام المقبلة` (FUTURE_REF), `الـ24 ساعة الماضية`.
    fn durationish(&self, i: usize) -> Option<M> {
        let khilal = self.is(i, "خلال");
        let j0 = if khilal { i + 1 } else { i };
        let (md, j) = self.dur_mod(j0);
        let dur = |n: Option<u32>, u: char, half: bool, end: usize| M {
            expr: Expr::Duration {
                value: dur_value(n, u, half),
                modifier: md.map(str::to_string),
            },
            kind: TimexKind::Duration,
            end,
        };
        // "الـ24 ساعة الماضية"
        if self.raw(j) == "ال" && self.t.get(j + 1).is_some_and(|t| !t.space_before) {
            if let (Some((n, _)), Some((u, _))) = (self.num(j + 1), self.unit_at(j + 2)) {
                let e = self.rel_at(j + 3).map(|(_, e)| e).unwrap_or(j + 3);
                return Some(dur(Some(n), u, false, e));
            }
        }
        if let Some((u, c)) = self.unit_at(j).filter(|_| self.definite(j)) {
            let mut k = j + 1;
            let mut n = None;
            if let Some(v) = self.card_word(k).filter(|_| c == 0) {
                n = Some(v);
                k += 1;
                if let Some((v2, e)) = self.cardinal(k - 1).filter(|(v2, _)| *v2 > v) {
                    n = Some(v2);
                    k = e;
                }
            }
            if self.is_any(k, &["القليله", "الاولي", "الاول"]) && n.is_none() {
                k += 1;
            }
            if let Some((r, e)) = self
                .rel_at(k)
                .or_else(|| self.relnarr_at(k).filter(|(r, _)| *r == 1))
            {
                return match (c, n) {
                    (0, Some(n)) => Some(dur(Some(n), u, false, e)),
                    (0, None) if r != 0 => Some(M {
                        expr: Expr::Ref(if r < 0 { "PAST_REF" } else { "FUTURE_REF" }.into()),
                        kind: TimexKind::Date,
                        end: e,
                    }),
                    (2, _) => Some(dur(Some(2), u, false, e)),
                    (1, _)
                        if khilal
                            && (self.is_any(k, &["الاخير", "الاخيره"])
                                || self.relnarr_at(k).is_some()) =>
                    {
                        Some(dur(Some(1), u, false, e))
                    }
                    _ => None,
                };
            }
            return None;
        }
        let lone = khilal || md.is_some() || (i > 0 && self.is_any(i - 1, DUR_CTX));
        // A bare plural ("أيام") is a length only right after قبل/بعد/منذ.
        let plural_ok = i > 0 && self.is_any(i - 1, &["قبل", "بعد", "منذ"]) && !khilal;
        let (n, u, half, e) = self.dur_core(j, lone, plural_ok)?;
        Some(dur(n, u, half, e))
    }

    /// `منذ عشر سنوات` (duration), `منذ 2015` / `منذ آذار الماضي` (since-anchor).
    fn since(&self, i: usize) -> Option<M> {
        if !self.is(i, "منذ") {
            return None;
        }
        let (md, j) = self.dur_mod(i + 1);
        if let Some((n, u, half, e)) = self.dur_core(j, true, true) {
            return Some(M {
                expr: Expr::Duration {
                    value: dur_value(n, u, half),
                    modifier: md.map(str::to_string),
                },
                kind: TimexKind::Duration,
                end: e,
            });
        }
        if md.is_some() {
            return None;
        }
        let (p, e) = self.point(i + 1, true)?;
        if matches!(p.base, Base::TimeOnly) {
            return None;
        }
        Some(M {
            expr: Expr::Since(p),
            kind: TimexKind::Duration,
            end: e,
        })
    }

    /// `قبل أسبوعين`, `قبل أيام` (PAST_REF), `بعد يومين`, `قبل ذلك بأسبوع`.
    fn ago(&self, i: usize) -> Option<M> {
        let sign = if self.is(i, "قبل") {
            -1
        } else if self.is(i, "بعد") {
            1
        } else {
            return None;
        };
        let mut j = i + 1;
        let narr = self.is(j, "ذلك");
        if narr {
            j += 1;
        }
        let (_md, j) = self.dur_mod(j);
        let (n, u, _half, e) = self.dur_core(j, true, true)?;
        // "بعد أسبوعين من ..." is a length, not a date.
        if self.is_any(e, &["من", "علي"]) && !narr {
            return None;
        }
        let expr = match n {
            Some(n) if !matches!(u, 'H' | 'N') || narr => Expr::Point(Point::new(Base::Unit {
                unit: if u == 'L' { 'D' } else { u },
                n: sign * n as i32,
                narr,
            })),
            _ => Expr::Ref(if sign < 0 { "PAST_REF" } else { "FUTURE_REF" }.into()),
        };
        Some(M {
            expr,
            kind: TimexKind::Date,
            end: e,
        })
    }

    /// `كل يوم جمعة`, `كل أسبوعين`, `يومياً`, `كل مساء`.
    fn set(&self, i: usize) -> Option<M> {
        let set = |v: String, end: usize| M {
            expr: Expr::Set(v),
            kind: TimexKind::Set,
            end,
        };
        if let Some((Lex::SetAdv(v), e)) = self.lex_at(i, |l| matches!(l, Lex::SetAdv(_))) {
            return Some(set(v.to_string(), e));
        }
        if !self.is(i, "كل") {
            return None;
        }
        let j = i + 1;
        if self.is(j, "يوم") {
            if let Some(wd) = self.weekday_at(j + 1, true) {
                return Some(set(format!("XXXX-WXX-{wd}"), j + 2));
            }
        }
        if let Some(wd) = self.weekday_at(j, true) {
            return Some(set(format!("XXXX-WXX-{wd}"), j + 1));
        }
        if let Some((pod, e)) = self.pod_at(j) {
            return Some(set(format!("XXXX-XX-XXT{pod}"), e));
        }
        let (u, c) = self.unit_at(j)?;
        if self.definite(j) || c == 0 {
            return None;
        }
        let n = c.max(1);
        Some(set(dur_value(Some(n), u, false), j + 1))
    }

    /// `يومي 9 و10 حزيران`: both days.
    fn list(&self, i: usize) -> Option<M> {
        if !self.is(i, "يومي") {
            return None;
        }
        let (d1, nd) = self.num(i + 1)?;
        if nd > 2 || !(1..=31).contains(&d1) || !self.is_and(i + 2) {
            return None;
        }
        let (b2, e) = self.date_abs(i + 3)?;
        let mut b1 = b2.clone();
        if let Base::Date { d, .. } = &mut b1 {
            *d = Some(d1);
        }
        Some(M {
            expr: Expr::List(vec![Point::new(b1), Point::new(b2)]),
            kind: TimexKind::Date,
            end: e,
        })
    }

    /// The first end of a range: a point, or a bare day number (`بين 3 و5 أيار`).
    fn range_start(&self, i: usize) -> Option<(Point, usize)> {
        let mut best = self.point(i, true);
        if let Some((n, nd)) = self.num(i) {
            if nd <= 2 && (1..=31).contains(&n) && best.as_ref().is_none_or(|b| b.1 <= i + 1) {
                best = Some((
                    Point::new(Base::Date {
                        cal: Cal::Gregorian,
                        y: None,
                        m: None,
                        d: Some(n),
                        rel: None,
                        mrel: None,
                        yrel: None,
                        narr: false,
                    }),
                    i + 1,
                ));
            }
        }
        // A bare ordinal hour in a time range: "من العاشرة حتى ..."
        best
    }

    /// `بين 3 و5 أيار`, `من 9 إلى 16 ماي الماضي`, `من العاشرة صباحاً حتى الثالثة عصراً`,
    /// `2020/2021`.
    fn range(&self, i: usize) -> Option<M> {
        // "2020/2021", "لعام (1961/1962)"
        let mut s0 = i;
        if self.is_any(s0, YEAR_WORDS) {
            s0 += 1;
        }
        let paren = self.p(s0) == Some('(');
        if paren {
            s0 += 1;
        }
        if let (Some((a, 4)), Some('/')) = (self.num(s0), self.p(s0 + 1)) {
            if let Some((b, 4)) = self.num(s0 + 2) {
                if b == a + 1 && (1900..=2100).contains(&a) {
                    let yb = |y: u32| {
                        Point::new(Base::Date {
                            cal: Cal::Gregorian,
                            y: Some(y as i32),
                            m: None,
                            d: None,
                            rel: None,
                            mrel: None,
                            yrel: None,
                            narr: false,
                        })
                    };
                    let close = paren && self.p(s0 + 3) == Some(')');
                    if paren && !close && s0 > i + 1 {
                        return None;
                    }
                    return Some(M {
                        expr: Expr::Range(yb(a), yb(b)),
                        kind: TimexKind::Range,
                        end: s0 + 3 + close as usize,
                    });
                }
            }
        }
        let between = self.is(i, "بين");
        if !between && !self.is(i, "من") {
            return None;
        }
        let (a, j) = self.range_start(i + 1)?;
        let k = if between {
            if self.is_and(j) {
                j + 1
            } else if self.conj(j) && self.raw(j).starts_with('و') {
                j
            } else {
                return None;
            }
        } else if self.is(j, "الي") && self.is(j + 1, "غايه") {
            j + 2
        } else if self.is_any(j, &["الي", "حتي", "لغايه"]) {
            j + 1
        } else {
            return None;
        };
        let (b, e) = self.point(k, true)?;
        let a = complete_start(a, &b)?;
        Some(M {
            expr: Expr::Range(a, b),
            kind: TimexKind::Range,
            end: e,
        })
    }

    /// All rules at `i`; the longest match wins, earlier rules on ties.
    fn parse_at(&self, i: usize) -> Option<M> {
        let ctx = self.ctx_before(i);
        let mut best: Option<M> = None;
        let mut take = |c: Option<M>| {
            if let Some(c) = c {
                if best.as_ref().is_none_or(|b| c.end > b.end) {
                    best = Some(c);
                }
            }
        };
        take(self.range(i));
        take(self.since(i));
        take(self.ago(i));
        take(self.durationish(i));
        take(self.set(i));
        take(self.list(i));
        if let Some((p, e)) = self.point(i, ctx) {
            // "الأول من أبريل من كل عام": a yearly recurrence.
            if self.is(e, "من") && self.is(e + 1, "كل") && self.is_any(e + 2, &["عام", "سنه"])
            {
                if let Base::Date {
                    y: None,
                    m: Some(m),
                    d,
                    ..
                } = &p.base
                {
                    let v = match d {
                        Some(d) => format!("XXXX-{m:02}-{d:02}"),
                        None => format!("XXXX-{m:02}"),
                    };
                    take(Some(M {
                        expr: Expr::Set(v),
                        kind: TimexKind::Set,
                        end: e + 3,
                    }));
                }
            }
            let kind = if matches!(p.tod, Some(Tod::Clock { .. }) | Some(Tod::Midnight)) {
                TimexKind::Time
            } else {
                TimexKind::Date
            };
            take(Some(M {
                expr: Expr::Point(p),
                kind,
                end: e,
            }));
        }
        if let Some((Lex::Fuzzy(v), e)) = self.lex_at(i, |l| matches!(l, Lex::Fuzzy(_))) {
            take(Some(M {
                expr: Expr::Ref(v.to_string()),
                kind: TimexKind::Date,
                end: e,
            }));
        }
        best
    }

    /// "مدينة السادس من أكتوبر", "جسر 6 أكتوبر": a place named after a date;
    /// returns the end of the name so that no part of it is tagged.
    fn place_name_end(&self, i: usize) -> Option<usize> {
        let named = i > 0
            && ["مدينه", "جسر", "شارع", "ميدان", "كوبري", "نفق", "محور"]
                .iter()
                .any(|w| self.raw(i - 1).ends_with(w));
        if !named {
            return None;
        }
        self.point(i, true).map(|(_, e)| e)
    }

    fn can_start(&self, i: usize) -> bool {
        let t = &self.t[i];
        match t.kind {
            TK::Num => true,
            TK::Word => {
                if t.lex.is_empty() {
                    return t.entry.is_some_and(|e| !e.multi.is_empty());
                }
                if !t.lex.iter().all(|l| matches!(l, Lex::Fw)) {
                    return true;
                }
                // Function words start a rule only in these cases.
                match t.core.as_ref() {
                    "من" => self
                        .t
                        .get(i + 1)
                        .is_some_and(|n| n.kind == TK::Num || !n.lex.is_empty()),
                    w => FW_STARTERS.contains(&w) || t.entry.is_some_and(|e| !e.multi.is_empty()),
                }
            }
            TK::Punct => false,
        }
    }

    /// Tense of the clause around tokens `[a, b)`: the nearest cue wins —
    /// future markers (سـ + verb, سوف, لن, من المقرر, على أن…) or past ones
    /// (كان, قد, سبق). The search goes back to the sentence start and forward
    /// to the next comma or sentence end.
    fn tense(&self, a: usize, b: usize) -> Tense {
        let cue = |k: usize| -> Option<Tense> {
            let w = self.w(k);
            if w.is_empty() {
                return None;
            }
            if matches!(
                w,
                "سوف"
                    | "لن"
                    | "المقرر"
                    | "المنتظر"
                    | "المرتقب"
                    | "يرتقب"
                    | "يتوقع"
                    | "تتوقع"
                    | "يعتزم"
                    | "تعتزم"
                    | "ينتظر"
                    | "غدا"
            ) || is_future_verb(w)
                || w == "علي" && self.is(k + 1, "ان")
            {
                return Some(Tense::Future);
            }
            if matches!(w, "كان" | "كانت" | "قد" | "سبق") {
                return Some(Tense::Past);
            }
            None
        };
        let sentence_end = |k: usize| matches!(self.p(k), Some('.' | '!' | '?' | '؟' | '؛'));
        let (mut left, mut right) = (a, b);
        let (mut left_open, mut right_open) = (true, true);
        for _ in 0..12 {
            if left_open {
                if left == 0 || sentence_end(left - 1) {
                    left_open = false;
                } else {
                    left -= 1;
                    if let Some(t) = cue(left) {
                        return t;
                    }
                }
            }
            if right_open {
                // The verb governing an expression mostly comes before it: look only a little ahead.
                if right >= self.t.len()
                    || right >= b + 3
                    || sentence_end(right)
                    || matches!(self.p(right), Some('،' | ','))
                {
                    right_open = false;
                } else {
                    if let Some(t) = cue(right) {
                        return t;
                    }
                    right += 1;
                }
            }
        }
        Tense::Unknown
    }
}

/// سـ + imperfect prefix (سيعقد، ستجري، سنعلن), excluding common nouns that
/// merely start that way.
fn is_future_verb(w: &str) -> bool {
    let mut cs = w.chars();
    if cs.next() != Some('س') {
        return false;
    }
    let Some(second) = cs.next() else {
        return false;
    };
    if !matches!(second, 'ي' | 'ت' | 'ن' | 'ا') || w.chars().count() < 5 {
        return false;
    }
    const NOUNS: &[&str] = &[
        "سياسه",
        "سياسي",
        "سياسيه",
        "سياسات",
        "سياره",
        "سيارات",
        "سيطره",
        "سياحه",
        "سياحي",
        "سياق",
        "سيناء",
        "سيدات",
        "ستين",
        "ستون",
        "سنوات",
        "سنويا",
        "سنوي",
        "سنويه",
        "ساعات",
        "ساحات",
        "سابق",
        "سابقه",
        "سابقا",
        "ستار",
        "سيول",
        "سيناريو",
        "سنتين",
        "سنتيمتر",
        "سنغافوره",
        "سيادي",
        "سياده",
        "اسبوع",
    ];
    !NOUNS.contains(&w)
}

fn leak_pod(p: &str) -> &'static str {
    match p {
        "MO" => "MO",
        "MI" => "MI",
        "AF" => "AF",
        "EV" => "EV",
        _ => "NI",
    }
}

/// Fill a range start from its end: `بين 3 و5 أيار` → 3 أيار; a start
/// without a year takes the end's year.
fn complete_start(mut a: Point, b: &Point) -> Option<Point> {
    match (&mut a.base, &b.base) {
        (
            Base::Date {
                m: am @ None,
                d: Some(_),
                y: ay,
                cal: acal,
                rel: arel,
                mrel: None,
                narr: false,
                ..
            },
            Base::Date {
                cal,
                y,
                m: Some(m),
                rel,
                ..
            },
        ) => {
            *am = Some(*m);
            *ay = *y;
            *acal = *cal;
            *arel = *rel;
        }
        (
            Base::Date {
                y: ay @ None,
                m: Some(_),
                rel: arel,
                ..
            },
            Base::Date { y, rel, .. },
        ) => {
            *ay = *y;
            if arel.is_none() {
                *arel = *rel;
            }
        }
        (
            Base::Date {
                m: None,
                d: Some(_),
                mrel: None,
                narr: false,
                ..
            },
            _,
        ) => return None,
        _ => {}
    }
    Some(a)
}

/// TIMEX3 duration value: `P3D`, `P2W`, `P18M`, `PT24H`, `PXY`.
pub(crate) fn dur_value(n: Option<u32>, u: char, half: bool) -> String {
    let (time, letter) = match u {
        'H' => (true, 'H'),
        'N' => (true, 'M'),
        'W' => (false, 'W'),
        'M' => (false, 'M'),
        'Y' => (false, 'Y'),
        'E' => (false, 'E'),
        _ => (false, 'D'),
    };
    let t = if time { "T" } else { "" };
    match n {
        None => format!("P{t}X{letter}"),
        Some(n) if half => match u {
            'Y' => format!("P{}M", n * 12 + 6),
            'M' => format!("P{}W", n * 4 + 2),
            'H' => format!("PT{}M", n * 60 + 30),
            'D' | 'L' => format!("PT{}H", n * 24 + 12),
            'W' => format!("P{}D", n * 7 + 3),
            _ => format!("P{t}{n}{letter}"),
        },
        Some(n) if u == 'E' => format!("P{}Y", n * 10),
        Some(n) => format!("P{t}{n}{letter}"),
    }
}

fn set_tense(e: &mut Expr, t: Tense) {
    match e {
        Expr::Point(p) | Expr::Since(p) => p.tense = t,
        Expr::List(ps) => ps.iter_mut().for_each(|p| p.tense = t),
        Expr::Range(a, b) => {
            a.tense = t;
            b.tense = t;
        }
        _ => {}
    }
}

/// Every temporal expression of `text`, unresolved, in text order.
pub(crate) fn find(text: &str) -> Vec<Timex> {
    let lx = Lexicon::get();
    let (norm, map) = normalize_with_map(text);
    let toks = tokenize(&norm, lx);
    let g = G { t: &toks, lx };
    let mut out = Vec::new();
    // Char → byte positions, walked forward only (matches come in text order).
    let (mut cur_c, mut cur_b) = (0usize, 0usize);
    let mut byte_at = |c: usize| -> usize {
        for ch in text[cur_b..].chars() {
            if cur_c >= c {
                break;
            }
            cur_b += ch.len_utf8();
            cur_c += 1;
        }
        cur_b
    };
    let mut i = 0;
    while i < toks.len() {
        if !g.can_start(i) {
            i += 1;
            continue;
        }
        if let Some(e) = g.place_name_end(i) {
            i = e;
            continue;
        }
        let Some(m) = g.parse_at(i) else {
            i += 1;
            continue;
        };
        let first = &toks[i];
        let last = &toks[m.end - 1];
        let start = map[first.ns + first.conj] as usize;
        let end = map[last.ne - 1] as usize + 1;
        let bs = byte_at(start);
        let mut be = byte_at(end);
        // Normalisation dropped trailing tanween and tatweel ("صباحاً", "هـ"): keep them in the span.
        let mut end = end;
        while let Some(c) = text[be..]
            .chars()
            .next()
            .filter(|&c| isnad_arabic::is_diacritic(c) || c == isnad_arabic::TATWEEL)
        {
            end += 1;
            be += c.len_utf8();
        }
        let mut expr = m.expr;
        set_tense(&mut expr, g.tense(i, m.end));
        out.push(Timex {
            start,
            end,
            text: text[bs..be].to_string(),
            kind: m.kind,
            value: None,
            anchor: None,
            modifier: None,
            expr,
        });
        i = m.end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use isnad_arabic::normalize;

    #[test]
    fn code_constants_are_normalised() {
        for w in CTX.iter().chain(DUR_CTX).chain(YEAR_WORDS) {
            assert_eq!(&normalize(w), w);
        }
        for (written, n) in [
            ("إلى", "الي"),
            ("حتى", "حتي"),
            ("الساعة", "الساعه"),
            ("غرة", "غره"),
            ("إلا", "الا"),
            ("دقائق", "دقايق"),
            ("أيام", "ايام"),
        ] {
            assert_eq!(normalize(written), n);
        }
    }

    #[test]
    fn clitics_are_stripped_for_lookup_not_for_numbers() {
        let lx = Lexicon::get();
        let norm = normalize("وللأسبوع والأسبوع بأسبوع و5");
        let t = tokenize(&norm, lx);
        assert_eq!(t[0].core, "الاسبوع");
        assert_eq!(t[0].conj, 1);
        assert_eq!(t[1].core, "الاسبوع");
        assert_eq!(t[2].core, "اسبوع");
        assert_eq!(t[2].conj, 0);
        assert_eq!(t[3].s, "و");
        assert_eq!(t[4].kind, TK::Num);
    }

    #[test]
    fn durations_values() {
        assert_eq!(dur_value(Some(10), 'Y', false), "P10Y");
        assert_eq!(dur_value(Some(24), 'H', false), "PT24H");
        assert_eq!(dur_value(None, 'D', false), "PXD");
        assert_eq!(dur_value(Some(1), 'Y', true), "P18M");
    }
}
