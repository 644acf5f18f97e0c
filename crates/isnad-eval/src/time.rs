//! Scoring the time stage (`isnad eval time`).
//!
//! Gold: `eval/time/articles/*.txt`, articles written for isnad with inline
//! markup `[[surface|KIND|VALUE]]` or `[[surface|KIND|VALUE|MOD]]` (format in
//! `eval/time/README.md`). The loader strips the markup and computes each
//! expression's char offsets in the clean text, so offsets cannot drift from
//! the text.
//!
//! The report gives span precision/recall/F1 (exact and overlap), value
//! accuracy, DCT accuracy (metadata/URL/dateline articles and articles whose
//! DCT is hidden and must be inferred), span scores against the DATE spans of
//! the Wojood sample (`../shared/datasets/wojood_sample/test.txt`), the same
//! gold scored for Python's dateparser (`bench/dateparser_baseline.py`, run as
//! a subprocess), and the tagger's throughput.

use anyhow::{anyhow, bail, Context, Result};
use isnad_time::{
    dct_from_metadata, infer_dct, infer_dct_from_related, Date, Dct, DctHow, TimeTagger, Timex,
};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// One gold expression.
#[derive(Debug, Clone, Serialize)]
pub struct GoldTimex {
    /// Char offsets in the article's clean text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: String,
    pub value: String,
    pub modifier: Option<String>,
}

/// One gold article.
#[derive(Debug, Clone, Serialize)]
pub struct GoldArticle {
    pub id: String,
    pub style: String,
    pub dct: Date,
    pub published: Option<String>,
    pub url: Option<String>,
    /// True when the system must infer the DCT (no metadata, no dateline).
    pub hidden: bool,
    /// Id of a dated article reporting the same event.
    pub related: Option<String>,
    pub text: String,
    pub timexes: Vec<GoldTimex>,
}

const KINDS: &[&str] = &["DATE", "TIME", "DURATION", "SET", "RANGE"];

/// Parse one annotated article; errors name the file and line.
pub fn parse_article(path: &Path, src: &str) -> Result<GoldArticle> {
    let name = path.display();
    let mut head: HashMap<String, String> = HashMap::new();
    let mut body_lines = Vec::new();
    let mut in_head = true;
    for (n, line) in src.lines().enumerate() {
        if in_head {
            if let Some(rest) = line.strip_prefix("# ") {
                let (k, v) = rest
                    .split_once(':')
                    .ok_or_else(|| anyhow!("{name}:{}: header line without `key: value`", n + 1))?;
                head.insert(k.trim().to_string(), v.trim().to_string());
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            in_head = false;
        }
        body_lines.push((n + 1, line));
    }
    let get = |k: &str| head.get(k).cloned();
    let id = get("id").ok_or_else(|| anyhow!("{name}: missing `# id:` header"))?;
    let dct_s = get("dct").ok_or_else(|| anyhow!("{name}: missing `# dct:` header"))?;
    let dct = Date::parse_iso(&dct_s)
        .ok_or_else(|| anyhow!("{name}: `dct: {dct_s}` is not YYYY-MM-DD"))?;
    let hidden = match get("hidden").as_deref() {
        Some("yes") => true,
        Some("no") | None => false,
        Some(o) => bail!("{name}: `hidden: {o}` must be yes or no"),
    };
    let mut text = String::new();
    let mut chars = 0usize;
    let mut timexes = Vec::new();
    for (k, (lineno, line)) in body_lines.iter().enumerate() {
        if k > 0 {
            text.push('\n');
            chars += 1;
        }
        let mut rest = *line;
        while let Some(open) = rest.find("[[") {
            let plain = &rest[..open];
            text.push_str(plain);
            chars += plain.chars().count();
            let after = &rest[open + 2..];
            let close = after
                .find("]]")
                .ok_or_else(|| anyhow!("{name}:{lineno}: `[[` without `]]`"))?;
            let inner = &after[..close];
            let f: Vec<&str> = inner.split('|').collect();
            if !(3..=4).contains(&f.len()) {
                bail!("{name}:{lineno}: `[[{inner}]]` needs surface|KIND|VALUE[|MOD]");
            }
            if !KINDS.contains(&f[1]) {
                bail!("{name}:{lineno}: unknown kind {:?} in `[[{inner}]]`", f[1]);
            }
            if f[0].is_empty() || f[2].is_empty() {
                bail!("{name}:{lineno}: empty surface or value in `[[{inner}]]`");
            }
            let n = f[0].chars().count();
            timexes.push(GoldTimex {
                start: chars,
                end: chars + n,
                text: f[0].to_string(),
                kind: f[1].to_string(),
                value: f[2].to_string(),
                modifier: f.get(3).map(|s| s.to_string()),
            });
            text.push_str(f[0]);
            chars += n;
            rest = &after[close + 2..];
        }
        if rest.contains("]]") {
            bail!("{name}:{lineno}: `]]` without `[[`");
        }
        text.push_str(rest);
        chars += rest.chars().count();
    }
    Ok(GoldArticle {
        id,
        style: get("style").unwrap_or_default(),
        dct,
        published: get("published"),
        url: get("url"),
        hidden,
        related: get("related"),
        text,
        timexes,
    })
}

/// All articles of `gold_dir/articles`, sorted by file name.
pub fn load_gold(gold_dir: &Path) -> Result<Vec<GoldArticle>> {
    crate::read_txt_files(&gold_dir.join("articles"))?
        .iter()
        .map(|(p, src)| parse_article(p, src))
        .collect()
}

/// Precision, recall and F1 of spans, exact and overlapping.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SpanScores {
    pub gold: usize,
    pub predicted: usize,
    pub exact_match: usize,
    pub overlap_pred: usize,
    pub overlap_gold: usize,
}

impl SpanScores {
    fn prf(tp_p: usize, tp_g: usize, p: usize, g: usize) -> (f64, f64, f64) {
        let pr = if p == 0 { 0.0 } else { tp_p as f64 / p as f64 };
        let rc = if g == 0 { 0.0 } else { tp_g as f64 / g as f64 };
        let f = if pr + rc == 0.0 {
            0.0
        } else {
            2.0 * pr * rc / (pr + rc)
        };
        (pr, rc, f)
    }
    pub fn exact(&self) -> (f64, f64, f64) {
        Self::prf(
            self.exact_match,
            self.exact_match,
            self.predicted,
            self.gold,
        )
    }
    pub fn overlap(&self) -> (f64, f64, f64) {
        Self::prf(
            self.overlap_pred,
            self.overlap_gold,
            self.predicted,
            self.gold,
        )
    }
    fn add(&mut self, gold: &[(usize, usize)], pred: &[(usize, usize)]) {
        self.gold += gold.len();
        self.predicted += pred.len();
        self.exact_match += pred.iter().filter(|p| gold.contains(p)).count();
        let ov = |a: &(usize, usize), b: &(usize, usize)| a.0 < b.1 && b.0 < a.1;
        self.overlap_pred += pred
            .iter()
            .filter(|p| gold.iter().any(|g| ov(p, g)))
            .count();
        self.overlap_gold += gold
            .iter()
            .filter(|g| pred.iter().any(|p| ov(p, g)))
            .count();
    }
}

/// Value accuracy: over gold expressions that some prediction overlaps, and over all gold.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ValueScores {
    pub gold: usize,
    pub matched: usize,
    pub correct: usize,
}

impl ValueScores {
    pub fn on_matched(&self) -> f64 {
        if self.matched == 0 {
            0.0
        } else {
            self.correct as f64 / self.matched as f64
        }
    }
    pub fn on_all(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }
}

/// DCT accuracy for one group of articles.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DctScores {
    pub articles: usize,
    pub found: usize,
    pub correct_day: usize,
    pub within_one_day: usize,
    /// `id: got X (how, confidence) / gold Y` for each miss.
    pub misses: Vec<String>,
}

/// The dateparser baseline on the same gold.
#[derive(Debug, Clone, Serialize)]
pub struct BaselineScores {
    pub version: String,
    pub spans: SpanScores,
    pub values: ValueScores,
    pub seconds: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimeReport {
    pub articles: usize,
    pub hidden_dct_articles: usize,
    pub spans: SpanScores,
    pub values: ValueScores,
    /// Value accuracy when every article is resolved against its gold DCT:
    /// normalisation alone, without DCT inference errors.
    pub values_gold_dct: ValueScores,
    pub dct_given: DctScores,
    pub dct_inferred: DctScores,
    /// Wrong or missing values: `id "surface": got X, gold Y`.
    pub value_errors: Vec<String>,
    /// Spans found that are not in the gold.
    pub spurious: Vec<String>,
    /// Gold spans found with other boundaries: `id "gold" ≠ "system"`.
    pub boundary: Vec<String>,
    pub wojood: Option<SpanScores>,
    pub wojood_note: Option<String>,
    pub dateparser: Option<BaselineScores>,
    pub dateparser_note: Option<String>,
    /// find + resolve throughput over the gold texts, in MB (UTF-8) per second.
    pub mb_per_s: f64,
    pub expressions_per_s: f64,
    pub build: String,
}

fn pct(x: f64) -> String {
    format!("{:5.1}%", 100.0 * x)
}

impl fmt::Display for TimeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "time eval: {} articles ({} with hidden DCT), {} gold expressions",
            self.articles, self.hidden_dct_articles, self.spans.gold
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, s: &SpanScores| -> fmt::Result {
            let (p, r, f1) = s.exact();
            let (op, or, of) = s.overlap();
            writeln!(f, "  {name:<22} exact P {} R {} F1 {}   overlap P {} R {} F1 {}   (gold {}, predicted {})", pct(p), pct(r), pct(f1), pct(op), pct(or), pct(of), s.gold, s.predicted)
        };
        writeln!(f, "spans")?;
        row(f, "isnad-time", &self.spans)?;
        if let Some(b) = &self.dateparser {
            row(f, &format!("dateparser {}", b.version), &b.spans)?;
        }
        writeln!(f, "values (TIMEX3 value + modifier equal)")?;
        writeln!(
            f,
            "  {:<22} {} of matched ({}/{}), {} of all gold",
            "isnad-time",
            pct(self.values.on_matched()),
            self.values.correct,
            self.values.matched,
            pct(self.values.on_all())
        )?;
        writeln!(
            f,
            "  {:<22} {} of matched ({}/{}), {} of all gold   [resolved against the gold DCT]",
            "isnad-time, gold DCT",
            pct(self.values_gold_dct.on_matched()),
            self.values_gold_dct.correct,
            self.values_gold_dct.matched,
            pct(self.values_gold_dct.on_all())
        )?;
        if let Some(b) = &self.dateparser {
            writeln!(f, "  {:<22} {} of matched ({}/{}), {} of all gold   [gold DCT as RELATIVE_BASE; compared at the gold's granularity]", format!("dateparser {}", b.version), pct(b.values.on_matched()), b.values.correct, b.values.matched, pct(b.values.on_all()))?;
        }
        if let Some(n) = &self.dateparser_note {
            writeln!(f, "  dateparser: {n}")?;
        }
        writeln!(f, "DCT")?;
        for (name, d) in [
            ("given (meta/url/dateline)", &self.dct_given),
            ("hidden, inferred", &self.dct_inferred),
        ] {
            writeln!(
                f,
                "  {name:<26} {}/{} exact day, {}/{} within a day, {}/{} found",
                d.correct_day, d.articles, d.within_one_day, d.articles, d.found, d.articles
            )?;
            for m in &d.misses {
                writeln!(f, "      miss: {m}")?;
            }
        }
        match (&self.wojood, &self.wojood_note) {
            (Some(w), _) => {
                writeln!(f, "Wojood sample test.txt, DATE spans (token level)")?;
                row(f, "isnad-time", w)?;
            }
            (None, Some(n)) => writeln!(f, "Wojood: {n}")?,
            _ => {}
        }
        writeln!(
            f,
            "speed: {:.2} MB/s, {:.0} expressions/s (find + resolve, {} build, one core)",
            self.mb_per_s, self.expressions_per_s, self.build
        )?;
        if !self.value_errors.is_empty() {
            writeln!(f, "value errors ({}):", self.value_errors.len())?;
            for e in &self.value_errors {
                writeln!(f, "  {e}")?;
            }
        }
        if !self.boundary.is_empty() {
            writeln!(f, "boundary differences ({}):", self.boundary.len())?;
            for e in &self.boundary {
                writeln!(f, "  {e}")?;
            }
        }
        if !self.spurious.is_empty() {
            writeln!(f, "spurious spans ({}):", self.spurious.len())?;
            for e in &self.spurious {
                writeln!(f, "  {e}")?;
            }
        }
        Ok(())
    }
}

/// The DCT the system uses for an article, following the pipeline's order.
fn system_dct(
    a: &GoldArticle,
    timexes: &[Timex],
    done: &HashMap<String, (String, Vec<Timex>)>,
) -> Option<Dct> {
    if !a.hidden {
        if let Some(d) = dct_from_metadata(a.published.as_deref(), a.url.as_deref(), &a.text) {
            return Some(d);
        }
    }
    let from_text = infer_dct(&a.text, timexes);
    let from_other = a
        .related
        .as_ref()
        .and_then(|r| done.get(r))
        .and_then(|(t, tx)| infer_dct_from_related(&a.text, timexes, t, tx));
    match (from_text, from_other) {
        (Some(x), Some(y)) => Some(if y.confidence > x.confidence { y } else { x }),
        (x, y) => x.or(y),
    }
}

/// Count matched and correct values only (no error list).
fn score_values(gold: &[GoldTimex], tx: &[Timex], v: &mut ValueScores) {
    for gt in gold {
        v.gold += 1;
        let best = tx
            .iter()
            .filter(|t| overlaps((t.start, t.end), (gt.start, gt.end)))
            .max_by_key(|t| t.end.min(gt.end) as i64 - t.start.max(gt.start) as i64);
        if let Some(t) = best {
            v.matched += 1;
            if t.value.as_deref() == Some(gt.value.as_str()) && t.modifier == gt.modifier {
                v.correct += 1;
            }
        }
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Score `isnad-time` (and dateparser, and Wojood spans) against the gold in `gold_dir`.
pub fn run(gold_dir: &Path, shared_dir: &Path) -> Result<TimeReport> {
    let gold = load_gold(gold_dir)?;
    let tagger = TimeTagger::new();
    let mut spans = SpanScores::default();
    let mut values = ValueScores::default();
    let mut values_gold_dct = ValueScores::default();
    let mut dct_given = DctScores::default();
    let mut dct_inferred = DctScores::default();
    let mut value_errors = Vec::new();
    let mut spurious = Vec::new();
    let mut boundary = Vec::new();
    let mut done: HashMap<String, (String, Vec<Timex>)> = HashMap::new();
    // Dated articles first, so related undated ones can use them.
    let mut order: Vec<&GoldArticle> = gold.iter().collect();
    order.sort_by_key(|a| a.hidden);
    for a in order {
        let mut tx = tagger.find(&a.text);
        let dct = system_dct(a, &tx, &done);
        let d = if a.hidden {
            &mut dct_inferred
        } else {
            &mut dct_given
        };
        d.articles += 1;
        match &dct {
            Some(x) => {
                d.found += 1;
                let diff = (x.date.to_days() - a.dct.to_days()).abs();
                if diff == 0 {
                    d.correct_day += 1;
                } else {
                    d.misses.push(format!(
                        "{}: got {} ({}, {:.2}) / gold {}",
                        a.id,
                        x.date,
                        x.how.as_str(),
                        x.confidence,
                        a.dct
                    ));
                }
                if diff <= 1 {
                    d.within_one_day += 1;
                }
            }
            None => d.misses.push(format!("{}: no DCT / gold {}", a.id, a.dct)),
        }
        let used = dct.unwrap_or(Dct {
            date: Date::new(2000, 1, 1).expect("valid date"),
            how: DctHow::Unknown,
            confidence: 0.0,
        });
        tagger.resolve(&a.text, &mut tx, &used);
        let g: Vec<(usize, usize)> = a.timexes.iter().map(|t| (t.start, t.end)).collect();
        let p: Vec<(usize, usize)> = tx.iter().map(|t| (t.start, t.end)).collect();
        spans.add(&g, &p);
        for t in &tx {
            if !g.iter().any(|x| overlaps(*x, (t.start, t.end))) {
                spurious.push(format!(
                    "{} \"{}\" → {}",
                    a.id,
                    t.text,
                    t.value.as_deref().unwrap_or("-")
                ));
            }
        }
        for gt in &a.timexes {
            values.gold += 1;
            let best = tx
                .iter()
                .filter(|t| overlaps((t.start, t.end), (gt.start, gt.end)))
                .max_by_key(|t| t.end.min(gt.end) as i64 - t.start.max(gt.start) as i64);
            match best {
                Some(t) => {
                    values.matched += 1;
                    if (t.start, t.end) != (gt.start, gt.end) {
                        boundary.push(format!("{} \"{}\" ≠ \"{}\"", a.id, gt.text, t.text));
                    }
                    if t.value.as_deref() == Some(gt.value.as_str()) && t.modifier == gt.modifier {
                        values.correct += 1;
                    } else {
                        value_errors.push(format!(
                            "{} \"{}\" (system \"{}\"): got {}{} / gold {}{}",
                            a.id,
                            gt.text,
                            t.text,
                            t.value.as_deref().unwrap_or("-"),
                            t.modifier
                                .as_deref()
                                .map(|m| format!(" {m}"))
                                .unwrap_or_default(),
                            gt.value,
                            gt.modifier
                                .as_deref()
                                .map(|m| format!(" {m}"))
                                .unwrap_or_default()
                        ));
                    }
                }
                None => value_errors.push(format!(
                    "{} \"{}\": not found / gold {}",
                    a.id, gt.text, gt.value
                )),
            }
        }
        let mut tx_gold = tx.clone();
        tagger.resolve(
            &a.text,
            &mut tx_gold,
            &Dct {
                date: a.dct,
                how: DctHow::Metadata,
                confidence: 1.0,
            },
        );
        score_values(&a.timexes, &tx_gold, &mut values_gold_dct);
        done.insert(a.id.clone(), (a.text.clone(), tx));
    }

    // Throughput: find + resolve over the gold texts, repeated to about 2 MB.
    let bytes: usize = gold.iter().map(|a| a.text.len()).sum();
    let reps = (2_000_000 / bytes.max(1)).max(1);
    let t0 = Instant::now();
    let mut n_expr = 0usize;
    for _ in 0..reps {
        for a in &gold {
            let dct = Dct {
                date: a.dct,
                how: DctHow::Metadata,
                confidence: 1.0,
            };
            n_expr += tagger.tag(&a.text, &dct).len();
        }
    }
    let secs = t0.elapsed().as_secs_f64().max(1e-9);

    let (wojood, wojood_note) = match wojood_spans(&tagger, shared_dir) {
        Ok(s) => (Some(s), None),
        Err(e) => (None, Some(format!("skipped: {e:#}"))),
    };
    let script = gold_dir.join("../../bench/dateparser_baseline.py");
    let (dateparser, dateparser_note) = match dateparser_baseline(&gold, &script) {
        Ok(b) => (Some(b), None),
        Err(e) => (None, Some(format!("baseline skipped: {e:#}"))),
    };
    Ok(TimeReport {
        articles: gold.len(),
        hidden_dct_articles: gold.iter().filter(|a| a.hidden).count(),
        spans,
        values,
        values_gold_dct,
        dct_given,
        dct_inferred,
        value_errors,
        spurious,
        boundary,
        wojood,
        wojood_note,
        dateparser,
        dateparser_note,
        mb_per_s: (bytes * reps) as f64 / 1e6 / secs,
        expressions_per_s: n_expr as f64 / secs,
        build: if cfg!(debug_assertions) {
            "debug".into()
        } else {
            "release".into()
        },
    })
}

/// DATE spans of the Wojood sample (all nesting columns) against the tagger's
/// non-TIME expressions, compared as token ranges.
fn wojood_spans(tagger: &TimeTagger, shared_dir: &Path) -> Result<SpanScores> {
    let path = shared_dir.join("datasets/wojood_sample/test.txt");
    let src = std::fs::read_to_string(&path)
        .with_context(|| format!("{} not readable", path.display()))?;
    let mut scores = SpanScores::default();
    let mut sent: Vec<Vec<&str>> = Vec::new();
    let flush = |sent: &mut Vec<Vec<&str>>, scores: &mut SpanScores| {
        if sent.is_empty() {
            return;
        }
        let mut gold: Vec<(usize, usize)> = Vec::new();
        let ncol = sent.iter().map(|t| t.len()).max().unwrap_or(1);
        for c in 1..ncol {
            let tag = |i: usize| sent[i].get(c).copied().unwrap_or("O");
            let mut i = 0;
            while i < sent.len() {
                if tag(i) == "B-DATE" {
                    let mut j = i + 1;
                    while j < sent.len() && tag(j) == "I-DATE" {
                        j += 1;
                    }
                    if !gold.contains(&(i, j)) {
                        gold.push((i, j));
                    }
                    i = j;
                } else {
                    i += 1;
                }
            }
        }
        // Rebuild the sentence with single spaces; remember each token's char range.
        let mut text = String::new();
        let mut ranges = Vec::new();
        let mut pos = 0;
        for (k, t) in sent.iter().enumerate() {
            if k > 0 {
                text.push(' ');
                pos += 1;
            }
            let n = t[0].chars().count();
            ranges.push((pos, pos + n));
            text.push_str(t[0]);
            pos += n;
        }
        let pred: Vec<(usize, usize)> = tagger
            .find(&text)
            .iter()
            .filter(|x| x.kind != isnad_time::TimexKind::Time)
            .filter_map(|x| {
                let a = ranges.iter().position(|r| r.1 > x.start)?;
                let b = ranges.iter().rposition(|r| r.0 < x.end)?;
                Some((a, b + 1))
            })
            .collect();
        scores.add(&gold, &pred);
        sent.clear();
    };
    for line in src.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() {
            flush(&mut sent, &mut scores);
        } else {
            sent.push(cols);
        }
    }
    flush(&mut sent, &mut scores);
    Ok(scores)
}

/// Whether a dateparser datetime equals a gold value at the gold's granularity.
fn dateparser_value_ok(gold: &str, iso: &str) -> bool {
    let Some(day) = iso.get(..10).and_then(Date::parse_iso) else {
        return false;
    };
    let b = gold.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        gold.get(r.clone())
            .is_some_and(|s| s.bytes().all(|c| c.is_ascii_digit()))
    };
    if gold.len() == 4 && digits(0..4) {
        return gold == format!("{:04}", day.y);
    }
    if gold.len() == 7 && digits(0..4) && b[4] == b'-' && digits(5..7) {
        return gold == format!("{:04}-{:02}", day.y, day.m);
    }
    if gold.len() == 8 && b[4] == b'-' && b[5] == b'W' {
        return gold == day.iso_week_string();
    }
    if gold.len() >= 10 && Date::parse_iso(&gold[..10]).is_some() {
        if gold[..10] != day.to_string() {
            return false;
        }
        // A clock time must agree too; a part of day only on the day.
        if gold.len() == 16 && b[10] == b'T' && b[13] == b':' {
            return iso.get(11..16) == gold.get(11..16);
        }
        return gold.len() == 10 || (gold.len() == 13 && b[10] == b'T');
    }
    false
}

fn dateparser_baseline(gold: &[GoldArticle], script: &Path) -> Result<BaselineScores> {
    if !script.exists() {
        bail!("{} not found", script.display());
    }
    let input: Vec<serde_json::Value> = gold
        .iter()
        .map(|a| serde_json::json!({"id": a.id, "text": a.text, "dct": a.dct.to_string()}))
        .collect();
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context(
            "python3 not found; install Python 3 and `pip install dateparser` to get the baseline",
        )?;
    child
        .stdin
        .take()
        .context("no stdin for python3")?
        .write_all(serde_json::to_string(&input)?.as_bytes())?;
    let out = child.wait_with_output()?;
    if out.status.code() == Some(3) {
        bail!("Python's dateparser is not installed: run `pip install dateparser` and re-run `isnad eval time`");
    }
    if !out.status.success() {
        bail!(
            "{} failed: {}",
            script.display(),
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        );
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).context("dateparser baseline printed invalid JSON")?;
    let results = v
        .get("results")
        .and_then(|r| r.as_object())
        .context("dateparser baseline: no `results`")?;
    let mut spans = SpanScores::default();
    let mut values = ValueScores::default();
    for a in gold {
        let chars: Vec<char> = a.text.chars().collect();
        let found = results
            .get(&a.id)
            .and_then(|x| x.as_array())
            .cloned()
            .unwrap_or_default();
        let mut pred: Vec<((usize, usize), String)> = Vec::new();
        let mut from = 0usize;
        for item in &found {
            let (Some(s), Some(iso)) = (
                item.get(0).and_then(|x| x.as_str()),
                item.get(1).and_then(|x| x.as_str()),
            ) else {
                continue;
            };
            let needle: Vec<char> = s.chars().collect();
            if needle.is_empty() {
                continue;
            }
            let find_from = |start: usize| {
                (start..chars.len().saturating_sub(needle.len() - 1))
                    .find(|&i| chars[i..i + needle.len()] == needle[..])
            };
            if let Some(i) = find_from(from).or_else(|| find_from(0)) {
                pred.push(((i, i + needle.len()), iso.to_string()));
                from = i + needle.len();
            }
        }
        let g: Vec<(usize, usize)> = a.timexes.iter().map(|t| (t.start, t.end)).collect();
        let p: Vec<(usize, usize)> = pred.iter().map(|x| x.0).collect();
        spans.add(&g, &p);
        for gt in &a.timexes {
            values.gold += 1;
            let best = pred
                .iter()
                .filter(|(r, _)| overlaps(*r, (gt.start, gt.end)))
                .max_by_key(|(r, _)| r.1.min(gt.end) as i64 - r.0.max(gt.start) as i64);
            if let Some((_, iso)) = best {
                values.matched += 1;
                if gt.modifier.is_none() && dateparser_value_ok(&gt.value, iso) {
                    values.correct += 1;
                }
            }
        }
    }
    Ok(BaselineScores {
        version: v
            .get("version")
            .and_then(|x| x.as_str())
            .unwrap_or("?")
            .to_string(),
        spans,
        values,
        seconds: v.get("seconds").and_then(|x| x.as_f64()).unwrap_or(0.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_gives_char_offsets() {
        let src = "# id: t1\n# dct: 2021-07-03\n\nقال [[أمس|DATE|2021-07-02]] إن\nالاجتماع [[الخميس المقبل|DATE|2021-07-08|START]].\n";
        let a = parse_article(Path::new("t1.txt"), src).unwrap();
        assert_eq!(a.text, "قال أمس إن\nالاجتماع الخميس المقبل.");
        let chars: Vec<char> = a.text.chars().collect();
        for t in &a.timexes {
            assert_eq!(chars[t.start..t.end].iter().collect::<String>(), t.text);
        }
        assert_eq!(a.timexes[1].modifier.as_deref(), Some("START"));
    }

    #[test]
    fn markup_errors_name_file_and_line() {
        let e = parse_article(
            Path::new("x.txt"),
            "# id: x\n# dct: 2021-07-03\nنص [[أمس|DATE\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("x.txt:3"), "{e}");
        let e = parse_article(Path::new("x.txt"), "# id: x\n# dct: 2021-7-3\nنص\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not YYYY-MM-DD"), "{e}");
    }

    #[test]
    fn dateparser_granularity() {
        assert!(dateparser_value_ok("2021-07", "2021-07-15T00:00:00"));
        assert!(dateparser_value_ok(
            "2021-07-03T10:00",
            "2021-07-03T10:00:00"
        ));
        assert!(!dateparser_value_ok(
            "2021-07-03T10:00",
            "2021-07-03T00:00:00"
        ));
        assert!(dateparser_value_ok("2021-W26", "2021-07-01T00:00:00"));
        assert!(!dateparser_value_ok("P3D", "2021-07-01T00:00:00"));
    }

    /// The real evaluation; prints the report (`cargo test -p isnad-eval time -- --nocapture`).
    #[test]
    fn eval_time_report() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let gold = root.join("eval/time");
        if !gold.join("articles").exists() {
            eprintln!("eval/time/articles not found; skipping");
            return;
        }
        let report = run(&gold, &root.join("../shared")).unwrap();
        println!("{report}");
        assert!(report.spans.gold >= 300);
        assert!(report.values.on_matched() > 0.5, "value accuracy collapsed");
    }
}
