//! Finding Arabic temporal expressions, resolving them to the calendar, inferring publication dates.
//!
//! Three steps, each usable alone:
//!
//! 1. [`TimeTagger::find`] finds every temporal expression in a text (spans in
//!    **char** offsets, the parsed but unresolved meaning in [`Timex::expr`]).
//!    It needs no date: it is pure recognition.
//! 2. A document creation time ([`Dct`]) comes from metadata, the URL, the
//!    dateline ([`dct_from_metadata`]), or is inferred from the expressions
//!    that constrain it ([`infer_dct`]) or from another dated report of the
//!    same event ([`infer_dct_from_related`]). Every DCT says how it was
//!    found and how sure it is.
//! 3. [`TimeTagger::resolve`] turns each expression into a TIMEX3-style value
//!    (`2021-07-03`, `2021-07`, `2021`, `2021-W27`, `2021-07-03T10:00`,
//!    `P10Y`, `2021-05-03/2021-05-05`, …) and records the anchor used for
//!    every relative value (`DCT 2021-07-03`, or `timex 3` for narrative
//!    expressions resolved against an earlier date of the same text).
//!
//! Hijri dates are converted with the Umm al-Qura table ([`hijri_to_gregorian`],
//! [`gregorian_to_hijri`]). Conventions for spans and values are documented in
//! `eval/time/README.md`.

pub mod civil;
mod dct;
mod grammar;
pub mod hijri;
mod lexicon;
mod resolve;

pub use civil::Date;
pub use dct::{
    dct_from_metadata, infer_dct, infer_dct_from_event, infer_dct_from_related, parse_published,
    parse_url_date,
};
pub use hijri::{gregorian_to_hijri, hijri_to_gregorian};
pub use lexicon::Cal;

use serde::{Deserialize, Serialize};

/// How a document creation time was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DctHow {
    Metadata,
    Dateline,
    Url,
    InferredFromExpressions,
    InferredFromOtherDoc,
    Unknown,
}

impl DctHow {
    pub fn as_str(self) -> &'static str {
        match self {
            DctHow::Metadata => "metadata",
            DctHow::Dateline => "dateline",
            DctHow::Url => "url",
            DctHow::InferredFromExpressions => "inferred-from-expressions",
            DctHow::InferredFromOtherDoc => "inferred-from-other-doc",
            DctHow::Unknown => "unknown",
        }
    }
}

/// Document creation time: the day relative expressions are resolved against.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Dct {
    pub date: Date,
    pub how: DctHow,
    /// 0..1; 1.0 for explicit metadata, lower for inferred days.
    pub confidence: f32,
}

/// What kind of temporal expression (TIMEX3 types, plus `Range`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexKind {
    Date,
    Time,
    Duration,
    Set,
    Range,
}

/// Whether the clause around an expression speaks of the future or the past;
/// decides which way a bare weekday or a yearless date goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Tense {
    Past,
    Future,
    #[default]
    Unknown,
}

/// Time of day attached to a point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tod {
    /// TIMEX3 part of day: MO, MI, AF, EV, NI.
    Part(String),
    Clock {
        h: u32,
        m: u32,
    },
    /// منتصف الليل: the end of the day (`T24:00`).
    Midnight,
}

/// The calendar part of a point, before resolution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Base {
    /// Days from the DCT (اليوم 0, أمس -1, غداً +1).
    Deictic(i32),
    /// A weekday; `rel` -1 (الماضي), +1 (المقبل) or 0 (bare: decided by tense).
    Weekday {
        wd: u32,
        rel: i32,
    },
    /// A calendar date with the parts that were written. `rel` is the
    /// relative word after it (الماضي/الجاري/المقبل); `mrel` a month given as
    /// "الشهر الجاري/الماضي" (`m` then None); `yrel` a year given as
    /// "العام المقبل"; `narr` a month given as "الشهر نفسه".
    Date {
        cal: Cal,
        y: Option<i32>,
        m: Option<u32>,
        d: Option<u32>,
        rel: Option<i32>,
        mrel: Option<i32>,
        yrel: Option<i32>,
        narr: bool,
    },
    /// A unit counted from the DCT (الأسبوع الماضي: W -1) or, when `narr`,
    /// from the last date mentioned (اليوم التالي: D +1).
    Unit {
        unit: char,
        n: i32,
        narr: bool,
    },
    Season {
        s: String,
        y: Option<i32>,
        rel: Option<i32>,
    },
    /// Half (H) or quarter (Q) number `n` of a year.
    Part {
        p: char,
        n: u32,
        y: Option<i32>,
        rel: Option<i32>,
    },
    Holiday {
        m: u32,
        d: u32,
    },
    /// TIMEX3 decade, e.g. "199".
    Decade(String),
    /// في حينه: the last date mentioned.
    Narrative,
    /// A clock time alone: the day of the last date mentioned, else the DCT.
    TimeOnly,
}

/// A point in time as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub base: Base,
    /// START / MID / END (مطلع / منتصف / أواخر).
    pub pom: Option<String>,
    pub tod: Option<Tod>,
    /// A weekday written next to a date ("الثلاثاء 13 نيسان"): a check, and a
    /// constraint when the year or the DCT is unknown.
    pub weekday: Option<u32>,
    /// A deictic word written next to a full date ("أمس الاثنين 15 آذار":
    /// -1): the pair pins the DCT.
    pub deictic: Option<i32>,
    pub tense: Tense,
}

impl Point {
    pub(crate) fn new(base: Base) -> Point {
        Point {
            base,
            pom: None,
            tod: None,
            weekday: None,
            deictic: None,
            tense: Tense::Unknown,
        }
    }
}

/// The parsed, unresolved meaning of an expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Expr {
    Point(Point),
    /// Several days named together ("يومي 9 و10 حزيران").
    List(Vec<Point>),
    Range(Point, Point),
    /// "منذ 2015": from that point up to the DCT.
    Since(Point),
    /// A length, already in TIMEX3 form (`P10Y`, `PT24H`, `PXD`).
    Duration {
        value: String,
        modifier: Option<String>,
    },
    /// A recurrence in TIMEX3 form (`P1D`, `XXXX-WXX-5`).
    Set(String),
    /// PAST_REF / PRESENT_REF / FUTURE_REF.
    Ref(String),
}

/// One temporal expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    /// Char offsets into the text given to [`TimeTagger::find`].
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: TimexKind,
    /// TIMEX3 value; `None` until resolved (or when it cannot be resolved).
    pub value: Option<String>,
    /// What a relative value was resolved against: `DCT 2021-07-03`, or
    /// `timex N` (index in the same slice) for narrative expressions.
    pub anchor: Option<String>,
    /// START / MID / END (part of a period), MORE_THAN / LESS_THAN / APPROX
    /// (durations).
    pub modifier: Option<String>,
    /// The parsed meaning; `resolve` works from it.
    pub expr: Expr,
}

/// Finds and resolves temporal expressions. Cheap to create (the lexicon and
/// the Umm al-Qura table are loaded once per process and shared).
#[derive(Debug, Clone, Copy, Default)]
pub struct TimeTagger {
    _private: (),
}

impl TimeTagger {
    pub fn new() -> Self {
        // Load the shared tables now, so the first `find` is not slower.
        let _ = lexicon::Lexicon::get();
        TimeTagger { _private: () }
    }

    /// Every temporal expression of `text`, left to right, non-overlapping,
    /// with `value` unset. Char offsets.
    pub fn find(&self, text: &str) -> Vec<Timex> {
        grammar::find(text)
    }

    /// Fill `value`, `anchor` and `modifier` of each expression against `dct`.
    /// `timexes` must be in text order (as `find` returns them); narrative
    /// expressions are anchored to the last point before them.
    pub fn resolve(&self, text: &str, timexes: &mut [Timex], dct: &Dct) {
        resolve::resolve(text, timexes, dct.date)
    }

    /// `find` then `resolve`.
    pub fn tag(&self, text: &str, dct: &Dct) -> Vec<Timex> {
        let mut t = self.find(text);
        self.resolve(text, &mut t, dct);
        t
    }
}
