//! Learned date attachment: which date an event takes, among the temporal expressions of
//! its sentence, the dates of the events it may continue, and none.
//!
//! The rules pick a date by distance and a few continuation tests; what they get wrong is
//! mostly *whether* a date is shared: a statement in the next sentence that inherits the
//! occasion's day, a planned visit that must not take the day of the call it was announced
//! in, a sentence with two dates. Those choices depend on many weak cues at once (tense,
//! type, distance, shared parties, the words of the expression), which suits a ranking
//! model trained on the gold. Like the argument model it only overrules the rules by a
//! margin, and it is scored by leave-one-story-out cross-validation (`isnad eval events`).

use crate::model_file::ModelError;
use crate::{
    key_of, normalize, Doc, EventDate, EventMention, Modality, Span, TimexSpan, TracedEvent,
};
use std::collections::HashMap;
use std::fmt;

/// One date an event could take, as the date model sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct DateCandidate {
    /// `None`: the event is undated.
    pub date: Option<EventDate>,
    /// What the rules chose.
    pub rule: bool,
    /// Empty when the candidate was scored directly ([`apply`]).
    pub features: Vec<String>,
    /// The model's score, when scored directly.
    score: f32,
}

/// Linear scorer of date candidates: one weight per feature.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DateModel {
    weights: HashMap<String, f32>,
    /// [`DATE_MARGIN`] unless set by [`DateModel::with_margin`].
    margin: Option<f32>,
    /// Free text kept in the file header (what it was trained on).
    pub note: String,
}

const HEADER: &str = "# isnad date model v1";

/// How much better another candidate must score than the rules' choice to replace it
/// (chosen by cross-validation on the dev and held-out slices, BENCHMARKS.md).
pub const DATE_MARGIN: f32 = 2.0;

/// One training event: its candidates' features, which one the rules chose, and which
/// candidates carry the gold date.
#[derive(Debug, Clone)]
pub struct DateExample {
    pub features: Vec<Vec<String>>,
    pub rule: usize,
    pub ok: Vec<bool>,
}

impl DateModel {
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The same weights with another override margin (for measuring the margin).
    pub fn with_margin(mut self, margin: f32) -> Self {
        self.margin = Some(margin);
        self
    }

    pub fn score(&self, features: &[String]) -> f32 {
        features
            .iter()
            .filter_map(|f| self.weights.get(f))
            .sum::<f32>()
    }

    /// Index of the chosen candidate: the rules' unless another beats it by the margin.
    pub fn choose(&self, cands: &[DateCandidate]) -> Option<usize> {
        let rule = cands.iter().position(|c| c.rule)?;
        let scores: Vec<f32> = cands.iter().map(|c| self.score(&c.features)).collect();
        Some(self.pick(&scores, rule))
    }

    fn pick(&self, scores: &[f32], rule: usize) -> usize {
        let mut best = rule;
        for (i, &s) in scores.iter().enumerate() {
            if s > scores[best] {
                best = i;
            }
        }
        if scores[best] > scores[rule] + self.margin.unwrap_or(DATE_MARGIN) {
            best
        } else {
            rule
        }
    }

    /// The mean of `members` averaged ranking perceptrons, each on its own shuffle.
    pub fn train_ensemble(
        examples: &[DateExample],
        epochs: usize,
        members: usize,
        note: &str,
    ) -> Self {
        let members = members.max(1);
        let mut weights: HashMap<String, f32> = HashMap::new();
        for m in 0..members {
            for (f, x) in Self::train_one(examples, epochs, m as u64) {
                *weights.entry(f).or_default() += x / members as f32;
            }
        }
        weights.retain(|_, x| x.abs() > 1e-4);
        DateModel {
            weights,
            margin: None,
            note: note.to_string(),
        }
    }

    fn train_one(examples: &[DateExample], epochs: usize, member: u64) -> HashMap<String, f32> {
        let mut w: HashMap<&str, f32> = HashMap::new();
        let mut u: HashMap<&str, f32> = HashMap::new();
        let usable: Vec<&DateExample> = examples.iter().filter(|e| e.ok.contains(&true)).collect();
        let mut order: Vec<usize> = (0..usable.len()).collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d ^ member.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mut step = 1f32;
        let score = |w: &HashMap<&str, f32>, fs: &[String]| -> f32 {
            fs.iter().filter_map(|f| w.get(f.as_str())).sum()
        };
        for _ in 0..epochs {
            crate::model_file::shuffle(&mut order, &mut seed);
            for &i in &order {
                let ex = usable[i];
                let s: Vec<f32> = ex.features.iter().map(|f| score(&w, f)).collect();
                // Ties go to the rules' choice, as in `choose`.
                let mut pred = ex.rule;
                for k in 0..s.len() {
                    if s[k] > s[pred] {
                        pred = k;
                    }
                }
                if ex.ok[pred] {
                    step += 1.0;
                    continue;
                }
                // The best-scoring right candidate is the one to pull up.
                let gold = (0..s.len())
                    .filter(|&k| ex.ok[k])
                    .max_by(|&a, &b| s[a].total_cmp(&s[b]))
                    .expect("usable examples have a right candidate");
                for (fs, d) in [(&ex.features[gold], 1f32), (&ex.features[pred], -1f32)] {
                    for f in fs {
                        *w.entry(f.as_str()).or_default() += d;
                        *u.entry(f.as_str()).or_default() += d * step;
                    }
                }
                step += 1.0;
            }
        }
        w.into_iter()
            .map(|(f, x)| (f.to_string(), x - u.get(f).copied().unwrap_or(0.0) / step))
            .filter(|(_, x)| x.abs() > 1e-4)
            .collect()
    }

    /// The model as text: a header, note lines, then `feature<TAB>weight` sorted by feature.
    pub fn to_text(&self) -> String {
        let mut rows: Vec<(&String, &f32)> = self.weights.iter().collect();
        rows.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = crate::model_file::head(HEADER, &self.note);
        for (f, w) in rows {
            out.push_str(&format!("{f}\t{w:.4}\n"));
        }
        out
    }

    /// Read [`DateModel::to_text`]'s format.
    pub fn parse(text: &str) -> Result<Self, ModelError> {
        let err = |line: usize, message: String| ModelError {
            model: "date",
            line,
            message,
        };
        let (note, rows) = crate::model_file::read("date", text, HEADER)?;
        let mut weights = HashMap::new();
        for (n, f) in rows {
            let [name, x] = f[..] else {
                return Err(err(
                    n,
                    "expected a feature and a tab-separated weight".into(),
                ));
            };
            let x: f32 = x
                .trim()
                .parse()
                .map_err(|_| err(n, format!("{x:?} is not a number")))?;
            weights.insert(name.to_string(), x);
        }
        Ok(DateModel {
            weights,
            margin: None,
            note,
        })
    }
}

/// How many sentences back an event may find the occasion it continues.
const LOOKBACK: usize = 3;

/// Words of a temporal expression that say which way it points.
const TIME_WORDS: &[&str] = &[
    "الماضي",
    "الماضيه",
    "المقبل",
    "المقبله",
    "القادم",
    "القادمه",
    "امس",
    "اليوم",
    "غدا",
    "الجاري",
    "الحالي",
    "الحاليه",
    "الاخير",
    "اواخر",
    "مطلع",
    "منتصف",
    "نهايه",
    "بدايه",
    "خلال",
    "قبل",
    "بعد",
];

fn bucket(d: usize) -> &'static str {
    match d {
        0..=2 => "0-2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        _ => "11+",
    }
}

/// Granularity of a TIMEX3 value.
fn grain(v: &str) -> &'static str {
    if v.ends_with("_REF") {
        "ref"
    } else if v.contains('W') {
        "week"
    } else if v.contains(',') {
        "days"
    } else {
        match v.split('T').next().unwrap_or(v).len() {
            4 => "year",
            7 => {
                if v.contains('Q') || v.contains('H') {
                    "part"
                } else {
                    "month"
                }
            }
            10 => "day",
            _ => "other",
        }
    }
}

fn same_date(a: &Option<EventDate>, b: &Option<EventDate>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => x.value == y.value && x.span.start == y.span.start,
        _ => false,
    }
}

/// A temporal expression as an event's date (`inherited` when it is another sentence's).
pub(crate) fn timex_date(x: &TimexSpan, inherited: bool) -> EventDate {
    EventDate {
        span: Span {
            start: x.start,
            end: x.end,
            text: x.text.clone(),
        },
        value: x.value.clone(),
        inherited,
    }
}

/// Token index of char offset `c`.
fn tok_at(doc: &Doc, c: usize) -> usize {
    doc.toks.partition_point(|t| t.end <= c)
}

/// The date candidates of `events[k]` (`events` in document order, earlier ones already
/// final), each with its features.
pub(crate) fn candidates(
    doc: &Doc,
    sentences: &[(usize, usize)],
    timexes: &[TimexSpan],
    events: &[TracedEvent],
    k: usize,
    model: Option<&DateModel>,
) -> Vec<DateCandidate> {
    let ev = &events[k].event;
    let si = ev.sentence;
    let Some(&(cs, ce)) = sentences.get(si) else {
        return Vec::new();
    };
    let t = tok_at(doc, ev.trigger.start);
    let s0 = tok_at(doc, cs);
    let same: Vec<(usize, &EventMention)> = events
        .iter()
        .map(|t| &t.event)
        .enumerate()
        .filter(|(_, e)| e.sentence == si)
        .collect();
    let own: Vec<&TimexSpan> = timexes
        .iter()
        .filter(|x| {
            x.start >= cs && x.end <= ce && x.value.as_ref().is_some_and(|v| !v.starts_with('P'))
        })
        .collect();
    // What the whole event contributes, conjoined with each candidate kind.
    let first = doc.norm(s0);
    let sent_wa = first.len() > 2 && first.starts_with('و');
    let trig = normalize(&ev.trigger.text);
    let nominal = trig.starts_with("ال") || trig.ends_with('ه') || trig.ends_with('ا');
    let speech = crate::is_speech_type(&ev.event_type);
    let idx = same.iter().position(|(j, _)| *j == k).unwrap_or(0);
    let mut context = vec![
        format!("type={}", ev.event_type),
        format!("mod={}", ev.modality.as_str()),
        format!("speech={speech}"),
        format!("nominal={nominal}"),
        format!("wa={sent_wa}"),
        format!("first_sentence={}", si == 0),
        format!("own={}", own.len().min(2)),
        format!("index={}", idx.min(2)),
        format!("attributed={}", ev.attribution.speaker.is_some()),
        format!("type={}&mod={}", ev.event_type, ev.modality.as_str()),
    ];
    if let Some(c) = &ev.modality_cue {
        context.push(format!("cue={}", normalize(c)));
    }
    let mut out: Vec<DateCandidate> = Vec::new();
    let mut buf = String::new();
    // Features are built as strings for training; when scoring, each is written into one
    // buffer and looked up, which keeps the shipped extractor's speed.
    let mut push =
        |out: &mut Vec<DateCandidate>, kind: &str, date: Option<EventDate>, own_f: Vec<String>| {
            let rule = !out.iter().any(|c| c.rule) && same_date(&date, &ev.date);
            let mut features = Vec::new();
            let mut score = 0f32;
            let mut add = |a: fmt::Arguments| match model {
                None => features.push(fmt::format(a)),
                Some(m) => {
                    buf.clear();
                    let _ = fmt::Write::write_fmt(&mut buf, a);
                    score += m.weights.get(buf.as_str()).copied().unwrap_or(0.0);
                }
            };
            add(format_args!("{kind}"));
            for c in &context {
                add(format_args!("{kind}&{c}"));
            }
            for f in own_f {
                add(format_args!("{kind}&{f}"));
            }
            if rule {
                add(format_args!("rule"));
                add(format_args!("rule&{kind}"));
                add(format_args!("rule&{kind}&{}", context[0]));
                add(format_args!("rule&{kind}&{}", context[1]));
            }
            out.push(DateCandidate {
                rule,
                date,
                features,
                score,
            });
        };
    push(&mut out, "none", None, Vec::new());
    for x in &own {
        let a = tok_at(doc, x.start);
        let v = x.value.clone().unwrap_or_default();
        let before = a < t;
        let (lo, hi) = if before { (a, t) } else { (t, a) };
        let dist = hi - lo;
        let between = same
            .iter()
            .filter(|(_, e)| {
                let b = tok_at(doc, e.trigger.start);
                b > lo && b < hi
            })
            .count();
        let nearest = same.iter().all(|(_, e)| {
            let b = tok_at(doc, e.trigger.start);
            b.abs_diff(a) >= dist
        });
        // Another event of the sentence dated by it (the rules give each expression to
        // its nearest event).
        let claimed = same
            .iter()
            .any(|(j, e)| *j != k && e.date.as_ref().is_some_and(|d| d.span.start == x.start));
        let comma = (lo..hi).any(|j| doc.toks[j].punct && doc.norm(j) != "-");
        let prev = if a > 0 { doc.norm(a - 1) } else { "" };
        let prev = prev
            .strip_prefix('و')
            .filter(|r| !r.is_empty())
            .unwrap_or(prev);
        let g = grain(&v);
        let mut f = vec![
            format!("pos={}", if before { "before" } else { "after" }),
            format!("dist={}", bucket(dist)),
            format!("pos={}&dist={}", before, bucket(dist)),
            format!("between={}", between.min(2)),
            format!("nearest={nearest}"),
            format!("comma={comma}"),
            format!("prev={prev}"),
            format!("grain={g}"),
            format!("grain={g}&mod={}", ev.modality.as_str()),
            format!("grain={g}&type={}", ev.event_type),
            format!("nearest={nearest}&between={}", between.min(2)),
            format!("claimed={claimed}"),
            format!("claimed={claimed}&pos={before}"),
        ];
        for w in normalize(&x.text).split_whitespace() {
            if TIME_WORDS.contains(&w) {
                f.push(format!("word={w}"));
                f.push(format!("word={w}&mod={}", ev.modality.as_str()));
            }
        }
        let date = timex_date(x, false);
        push(&mut out, "own", Some(date), f);
    }
    // The dates of the events it may continue, nearest first, one per value.
    let keys: Vec<String> = ev
        .participants
        .iter()
        .map(|p| key_of(&p.span.text))
        .collect();
    let spk = ev.attribution.speaker.as_ref().map(|s| key_of(&s.text));
    let mut seen: Vec<Option<String>> = own.iter().map(|x| x.value.clone()).collect();
    for j in (0..k).rev() {
        let p = &events[j].event;
        if p.sentence + LOOKBACK < si {
            break;
        }
        let Some(d) = &p.date else { continue };
        if seen.contains(&d.value) {
            continue;
        }
        seen.push(d.value.clone());
        let shares = p
            .participants
            .iter()
            .any(|q| keys.contains(&key_of(&q.span.text)));
        let same_spk =
            spk.is_some() && p.attribution.speaker.as_ref().map(|s| key_of(&s.text)) == spk;
        let g = grain(d.value.as_deref().unwrap_or(""));
        let f = vec![
            format!("back={}", si - p.sentence),
            format!("shares={shares}"),
            format!("same_speaker={same_spk}"),
            format!("same_type={}", p.event_type == ev.event_type),
            format!("same_mod={}", p.modality == ev.modality),
            format!("src_mod={}", p.modality.as_str()),
            format!("src_type={}", p.event_type),
            format!("src_inherited={}", d.inherited),
            format!("grain={g}"),
            format!("back={}&wa={sent_wa}", si - p.sentence),
            format!("shares={shares}&speech={speech}"),
            format!(
                "src_mod={}&mod={}",
                p.modality.as_str(),
                ev.modality.as_str()
            ),
            format!("own={}&back={}", own.len().min(2), si - p.sentence),
        ];
        let mut date = d.clone();
        date.inherited = true;
        push(&mut out, "inherit", Some(date), f);
    }
    // The expressions of the sentences before it that no event took as its date: the day
    // of a statement whose content was undated or denied (نفى ... اليوم الاثنين أن ...
    // واتهم X ...) is still the day of the occasion a continuing sentence reports.
    for back in 1..=LOOKBACK.min(si) {
        let sj = si - back;
        let Some(&(ps, pe)) = sentences.get(sj) else {
            continue;
        };
        let in_sentence: Vec<&EventMention> = events
            .iter()
            .map(|t| &t.event)
            .filter(|e| e.sentence == sj)
            .collect();
        let shares = in_sentence.iter().any(|p| {
            p.participants
                .iter()
                .map(|q| &q.span)
                .chain(p.attribution.speaker.as_ref())
                .any(|q| keys.contains(&key_of(&q.text)))
        });
        let same_spk = spk.is_some()
            && in_sentence
                .iter()
                .any(|p| p.attribution.speaker.as_ref().map(|s| key_of(&s.text)) == spk);
        for x in timexes.iter().filter(|x| {
            x.start >= ps && x.end <= pe && x.value.as_ref().is_some_and(|v| !v.starts_with('P'))
        }) {
            if seen.contains(&x.value) {
                continue;
            }
            seen.push(x.value.clone());
            let claimed = events.iter().any(|t| {
                t.event
                    .date
                    .as_ref()
                    .is_some_and(|d| d.span.start == x.start)
            });
            let g = grain(x.value.as_deref().unwrap_or(""));
            let f = vec![
                format!("back={back}"),
                format!("claimed={claimed}"),
                format!("shares={shares}"),
                format!("same_speaker={same_spk}"),
                format!("grain={g}"),
                format!("back={back}&wa={sent_wa}"),
                format!("shares={shares}&speech={speech}"),
                format!("same_speaker={same_spk}&claimed={claimed}"),
                format!("own={}&back={back}", own.len().min(2)),
            ];
            let date = timex_date(x, true);
            push(&mut out, "earlier", Some(date), f);
        }
    }
    // The rules' choice, added when it is none of the above (an earlier sentence's date
    // found by the occasion rules).
    if !out.iter().any(|c| c.rule) {
        push(&mut out, "other", ev.date.clone(), Vec::new());
    }
    out
}

/// Re-decide the date of every event of a document, in order, so that an event continues
/// the date already chosen for the one before it.
pub(crate) fn apply(
    model: &DateModel,
    doc: &Doc,
    sentences: &[(usize, usize)],
    timexes: &[TimexSpan],
    events: &mut [TracedEvent],
) {
    for k in 0..events.len() {
        let cands = candidates(doc, sentences, timexes, events, k, Some(model));
        let Some(rule) = cands.iter().position(|c| c.rule) else {
            continue;
        };
        let scores: Vec<f32> = cands.iter().map(|c| c.score).collect();
        let i = model.pick(&scores, rule);
        if i == rule {
            continue;
        }
        let ev = &mut events[k].event;
        let planned_by_date = ev.modality == Modality::Planned
            && ev.modality_cue.as_deref() == ev.date.as_ref().map(|d| d.span.text.as_str());
        ev.date = cands[i].date.clone();
        // A mood read off the date it no longer has goes with it.
        if planned_by_date && ev.date.is_none() {
            ev.modality = Modality::Asserted;
            ev.modality_cue = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(rule: usize, ok: usize, feats: &[&[&str]]) -> DateExample {
        DateExample {
            features: feats
                .iter()
                .map(|f| f.iter().map(|s| s.to_string()).collect())
                .collect(),
            rule,
            ok: (0..feats.len()).map(|k| k == ok).collect(),
        }
    }

    fn cand(rule: bool, feats: &[&str]) -> DateCandidate {
        DateCandidate {
            date: None,
            rule,
            features: feats.iter().map(|s| s.to_string()).collect(),
            score: 0.0,
        }
    }

    #[test]
    fn learns_to_overrule_the_rules_where_they_are_wrong_and_keeps_them_elsewhere() {
        // The rules date planned events with the sentence's past date; gold leaves them
        // undated. Asserted events are right already.
        let mut data = Vec::new();
        for _ in 0..20 {
            data.push(ex(
                1,
                0,
                &[
                    &["none", "none&mod=planned"],
                    &["own", "own&mod=planned", "rule"],
                ],
            ));
            data.push(ex(
                1,
                1,
                &[
                    &["none", "none&mod=asserted"],
                    &["own", "own&mod=asserted", "rule"],
                ],
            ));
        }
        let m = DateModel::train_ensemble(&data, 5, 3, "test").with_margin(0.5);
        let planned = [
            cand(false, &["none", "none&mod=planned"]),
            cand(true, &["own", "own&mod=planned", "rule"]),
        ];
        let asserted = [
            cand(false, &["none", "none&mod=asserted"]),
            cand(true, &["own", "own&mod=asserted", "rule"]),
        ];
        assert_eq!(m.choose(&planned), Some(0));
        assert_eq!(m.choose(&asserted), Some(1));
        // A margin larger than any score difference leaves the rules' choice.
        let m = m.with_margin(1e6);
        assert_eq!(m.choose(&planned), Some(1));
    }

    #[test]
    fn model_text_round_trips_and_bad_lines_are_named() {
        let data = vec![ex(0, 1, &[&["a", "rule"], &["b"]])];
        let m = DateModel::train_ensemble(&data, 3, 1, "note line");
        assert!(!m.is_empty());
        let back = DateModel::parse(&m.to_text()).unwrap();
        assert_eq!(back.to_text(), m.to_text());
        assert_eq!(back.note.trim(), "note line");
        let e = DateModel::parse("# isnad date model v1\nfeature\tx\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(DateModel::parse("nonsense\n").is_err());
    }

    #[test]
    fn shipped_model_parses() {
        let m = DateModel::parse(include_str!("../data/date_model.tsv")).unwrap();
        assert!(m.note.contains("isnad train events") || m.is_empty());
    }
}
