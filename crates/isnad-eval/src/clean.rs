//! Scoring the clean stage against `eval/clean/` (format: `eval/clean/README.md`).
//!
//! Each `OUTLET/NAME.txt` is read with `isnad_ingest::read_inputs`, exactly as
//! the pipeline reads it, and `NAME.gold` labels each of its lines. The eval
//! first runs `OutletLineStats::observe` over the whole gold set (so that
//! frequency-based removal works as in a corpus run), then cleans each page
//! and scores every line: boilerplate removed (recall, precision), content
//! and headings kept (must be 100%), headings marked, repeats folded, title
//! copies dropped, credits captured in `meta.credits`, and offsets that lead
//! back to the exact line bytes.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use isnad_clean::{Cleaner, OutletLineStats};
use isnad_core::{CleanDoc, RawDoc, SentenceKind};
use isnad_ingest::{read_inputs, IngestOptions, Item};
use serde::Serialize;

/// Most mistakes listed in the report.
const MAX_MISTAKES: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Label {
    Content,
    Heading,
    Boilerplate,
    Repeat,
    Credit,
    Title,
    Blank,
}

impl Label {
    fn parse(s: &str) -> Option<Label> {
        Some(match s {
            "content" => Label::Content,
            "heading" => Label::Heading,
            "boilerplate" => Label::Boilerplate,
            "repeat" => Label::Repeat,
            "credit" => Label::Credit,
            "title" => Label::Title,
            "blank" => Label::Blank,
            _ => return None,
        })
    }
}

/// A count with its total.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Ratio {
    pub hit: usize,
    pub total: usize,
}

impl Ratio {
    fn add(&mut self, hit: bool) {
        self.total += 1;
        if hit {
            self.hit += 1;
        }
    }
    pub fn value(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.hit as f64 / self.total as f64
        }
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:6.1}%  ({}/{})",
            100.0 * self.value(),
            self.hit,
            self.total
        )
    }
}

/// What `isnad eval clean` prints.
#[derive(Debug, Default, Clone, Serialize)]
pub struct CleanReport {
    pub gold_dir: String,
    pub docs: usize,
    pub outlets: usize,
    /// Labelled non-blank lines.
    pub lines: usize,
    /// Boilerplate lines removed (recall).
    pub boilerplate_recall: Ratio,
    /// Lines removed as chrome that are boilerplate (or the title) in gold (precision).
    pub boilerplate_precision: Ratio,
    /// Content lines and sub-headings kept (must be 100%).
    pub content_kept: Ratio,
    /// Sub-headings kept and marked `SentenceKind::Heading`.
    pub headings_marked: Ratio,
    /// Repeated leads and pull quotes folded (`repeat-of-earlier` / `repeat-of-later`).
    pub repeats_folded: Ratio,
    /// Lines repeating the title dropped.
    pub titles_dropped: Ratio,
    /// "Source:" lines captured in `meta.credits` and left out of the text.
    pub credits_captured: Ratio,
    /// Kept lines whose offset segment leads back to exactly the line's bytes.
    pub offsets_exact: Ratio,
    /// Ablation: boilerplate recall and content kept with the per-outlet
    /// frequency evidence off (an empty `OutletLineStats`).
    pub boilerplate_recall_without_frequency: Ratio,
    pub content_kept_without_frequency: Ratio,
    /// Lines the reader took as the title (never seen by the cleaner, not scored).
    pub taken_by_reader: usize,
    /// Removal reasons (first evidence) and how often each fired.
    pub reasons: Vec<(String, usize)>,
    /// `file:line label → outcome` for each mistake (first few).
    pub mistakes: Vec<String>,
}

impl fmt::Display for CleanReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "clean eval: {} ({} docs, {} outlets, {} labelled lines)",
            self.gold_dir, self.docs, self.outlets, self.lines
        )?;
        writeln!(
            f,
            "  boilerplate removed (recall)     {}",
            self.boilerplate_recall
        )?;
        writeln!(
            f,
            "  removals that are chrome (prec.) {}",
            self.boilerplate_precision
        )?;
        writeln!(
            f,
            "  content + headings kept          {}",
            self.content_kept
        )?;
        writeln!(
            f,
            "  headings marked as Heading       {}",
            self.headings_marked
        )?;
        writeln!(
            f,
            "  repeats folded                   {}",
            self.repeats_folded
        )?;
        writeln!(
            f,
            "  title copies dropped             {}",
            self.titles_dropped
        )?;
        writeln!(
            f,
            "  credits captured                 {}",
            self.credits_captured
        )?;
        writeln!(
            f,
            "  offsets exact to line bytes      {}",
            self.offsets_exact
        )?;
        writeln!(
            f,
            "  without frequency evidence: boilerplate removed {}, content kept {}",
            self.boilerplate_recall_without_frequency, self.content_kept_without_frequency
        )?;
        if self.taken_by_reader > 0 {
            writeln!(
                f,
                "  lines taken as title by reader   {}",
                self.taken_by_reader
            )?;
        }
        write!(f, "  reasons:")?;
        for (r, n) in &self.reasons {
            write!(f, " {r}={n}")?;
        }
        writeln!(f)?;
        if self.mistakes.is_empty() {
            writeln!(f, "  no mistakes")?;
        } else {
            writeln!(f, "  mistakes:")?;
            for m in &self.mistakes {
                writeln!(f, "    {m}")?;
            }
        }
        Ok(())
    }
}

/// One page of the gold set.
struct Page {
    name: String,
    labels: Vec<(Label, String)>,
    /// Byte range of each line in the `.txt` (without the line break).
    spans: Vec<(usize, usize)>,
    doc: RawDoc,
}

/// The `.txt`/`.gold` pairs under `gold_dir/OUTLET/`, sorted.
fn find_pages(gold_dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>> {
    let mut pairs = Vec::new();
    let entries = fs::read_dir(gold_dir)
        .with_context(|| format!("{}: cannot read the gold folder", gold_dir.display()))?;
    let mut outlets: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    outlets.sort();
    for dir in outlets {
        let mut txts: Vec<PathBuf> = fs::read_dir(&dir)
            .with_context(|| format!("{}: cannot read folder", dir.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        txts.sort();
        for txt in txts {
            let gold = txt.with_extension("gold");
            if !gold.exists() {
                bail!(
                    "{}: no matching .gold file ({})",
                    txt.display(),
                    gold.display()
                );
            }
            pairs.push((txt, gold));
        }
    }
    if pairs.is_empty() {
        bail!(
            "{}: no OUTLET/NAME.txt + NAME.gold pairs found",
            gold_dir.display()
        );
    }
    Ok(pairs)
}

fn line_spans(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            let end = if i > start && bytes[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            spans.push((start, end));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        spans.push((start, bytes.len()));
    }
    spans
}

fn load_page(txt: &Path, gold: &Path) -> Result<Page> {
    let gold_text =
        fs::read_to_string(gold).with_context(|| format!("{}: cannot read", gold.display()))?;
    let mut title = None;
    let mut labels = Vec::new();
    for (n, line) in gold_text.lines().enumerate() {
        if let Some(t) = line.strip_prefix("#title:") {
            title = Some(t.trim().to_string());
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let (label, text) = line.split_once('\t').unwrap_or((line, ""));
        let label = Label::parse(label)
            .with_context(|| format!("{}:{}: unknown label {label:?} (expected content, heading, boilerplate, repeat, credit, title or blank)", gold.display(), n + 1))?;
        labels.push((label, text.to_string()));
    }
    let bytes = fs::read(txt).with_context(|| format!("{}: cannot read", txt.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() != labels.len() {
        bail!(
            "{}: {} lines, but {} has {} labelled lines",
            txt.display(),
            lines.len(),
            gold.display(),
            labels.len()
        );
    }
    for (k, (line, (_, g))) in lines.iter().zip(&labels).enumerate() {
        if line.trim() != g.trim() {
            bail!(
                "{}:{}: line differs from {}: {:?} vs {:?}",
                txt.display(),
                k + 1,
                gold.display(),
                line,
                g
            );
        }
    }
    let path = txt.to_string_lossy().into_owned();
    let mut doc = None;
    for item in read_inputs(std::slice::from_ref(&path), &IngestOptions::default()) {
        match item {
            Item::Doc(d) if doc.is_none() => doc = Some(*d),
            Item::Doc(_) => bail!("{path}: the reader made more than one document of it"),
            Item::Skipped(s) => bail!("{s}"),
            Item::Failed(e) => bail!("{e}"),
        }
    }
    let mut doc = doc.with_context(|| format!("{path}: the reader made no document of it"))?;
    // A copied page has no <title>; the gold header gives the one the page had.
    if title.is_some() {
        doc.meta.title = title;
    }
    let outlet = txt
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    if doc.meta.outlet.is_none() {
        doc.meta.outlet = outlet;
    }
    Ok(Page {
        name: format!(
            "{}/{}",
            doc.meta.outlet.as_deref().unwrap_or("?"),
            txt.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
        labels,
        spans: line_spans(&bytes),
        doc,
    })
}

/// What happened to one line.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Kept { heading: bool, exact: bool },
    Removed(String),
    TakenByReader,
    Missing,
}

fn outcomes(page: &Page, clean: &CleanDoc, reader_blocks: &[(usize, usize)]) -> Vec<Outcome> {
    let n = page.labels.len();
    let mut out = vec![Outcome::Missing; n];
    let line_of = |byte: usize| page.spans.iter().position(|&(s, e)| byte >= s && byte <= e);
    for seg in &clean.offsets.segments {
        let Some(l) = line_of(seg.bytes.start) else {
            continue;
        };
        let heading = clean.sentences.iter().any(|s| {
            s.kind == SentenceKind::Heading
                && s.start >= seg.text_start
                && s.end <= seg.text_start + seg.text_len
        });
        let seg_text: String = clean
            .text
            .chars()
            .skip(seg.text_start)
            .take(seg.text_len)
            .collect();
        let exact = seg.exact
            && clean
                .original
                .get(seg.bytes.start..seg.bytes.end)
                .is_some_and(|b| b == seg_text.as_bytes())
            && page.labels[l].1.trim() == seg_text;
        out[l] = Outcome::Kept { heading, exact };
    }
    let mut removed: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in clean.removed.iter().rev() {
        removed.entry(r.text.trim()).or_default().push(&r.reason);
    }
    for (l, o) in out.iter_mut().enumerate() {
        if *o != Outcome::Missing || page.labels[l].0 == Label::Blank {
            continue;
        }
        let text = page.labels[l].1.trim();
        if let Some(reason) = removed.get_mut(text).and_then(|v| v.pop()) {
            *o = Outcome::Removed(reason.to_string());
        } else if !reader_blocks.iter().any(|&(s, _)| line_of(s) == Some(l)) {
            *o = Outcome::TakenByReader;
        }
    }
    out
}

fn is_chrome_reason(r: &str) -> bool {
    !(r.starts_with("repeat-of") || r == "repeats-title" || r == "credit")
}

/// Score the clean stage on the gold set in `gold_dir`.
pub fn run(gold_dir: &Path) -> Result<CleanReport> {
    let pairs = find_pages(gold_dir)?;
    let pages: Vec<Page> = pairs
        .iter()
        .map(|(t, g)| load_page(t, g))
        .collect::<Result<_>>()?;
    let mut stats = OutletLineStats::default();
    for p in &pages {
        stats.observe(&p.doc);
    }
    let cleaner = Cleaner::new();
    let mut rep = CleanReport {
        gold_dir: gold_dir.display().to_string(),
        docs: pages.len(),
        outlets: stats.outlets().count(),
        ..Default::default()
    };
    let mut reasons: HashMap<String, usize> = HashMap::new();
    let mut mistakes = Vec::new();
    for page in pages {
        let reader_blocks: Vec<(usize, usize)> = page
            .doc
            .blocks
            .iter()
            .map(|b| (b.span.start, b.span.end))
            .collect();
        let bare = cleaner.clean(page.doc.clone(), &OutletLineStats::default());
        let bare_outs = outcomes(&page, &bare, &reader_blocks);
        for ((label, _), out) in page.labels.iter().zip(&bare_outs) {
            let kept = matches!(out, Outcome::Kept { .. });
            match (label, out) {
                (_, Outcome::TakenByReader) => {}
                (Label::Boilerplate, _) => rep.boilerplate_recall_without_frequency.add(!kept),
                (Label::Content | Label::Heading, _) => {
                    rep.content_kept_without_frequency.add(kept)
                }
                _ => {}
            }
        }
        let clean = cleaner.clean(page.doc.clone(), &stats);
        let outs = outcomes(&page, &clean, &reader_blocks);
        for (l, ((label, text), out)) in page.labels.iter().zip(&outs).enumerate() {
            if *label == Label::Blank {
                continue;
            }
            rep.lines += 1;
            if let Outcome::Removed(r) = out {
                let first = r.split('+').next().unwrap_or(r).to_string();
                *reasons.entry(first).or_default() += 1;
            }
            if let Outcome::Kept { exact, .. } = out {
                rep.offsets_exact.add(*exact);
            }
            if *out == Outcome::TakenByReader {
                // The reader kept it out of the body (as the title): not the
                // cleaner's doing, so it is not scored.
                rep.taken_by_reader += 1;
                continue;
            }
            let kept = matches!(out, Outcome::Kept { .. });
            let ok = match label {
                Label::Content | Label::Heading => {
                    rep.content_kept.add(kept);
                    if *label == Label::Heading {
                        let marked = matches!(out, Outcome::Kept { heading: true, .. });
                        rep.headings_marked.add(marked);
                        marked
                    } else {
                        kept
                    }
                }
                Label::Boilerplate => {
                    rep.boilerplate_recall.add(!kept);
                    !kept
                }
                Label::Repeat => {
                    let folded = matches!(out, Outcome::Removed(r) if r.starts_with("repeat-of"));
                    rep.repeats_folded.add(folded);
                    folded
                }
                Label::Title => {
                    rep.titles_dropped.add(!kept);
                    !kept
                }
                Label::Credit => {
                    let captured =
                        !kept && clean.meta.credits.iter().any(|c| c.trim() == text.trim());
                    rep.credits_captured.add(captured);
                    captured
                }
                Label::Blank => true,
            };
            if let Outcome::Removed(r) = out {
                if is_chrome_reason(r) {
                    rep.boilerplate_precision
                        .add(matches!(label, Label::Boilerplate | Label::Title));
                }
            }
            if !ok && mistakes.len() < MAX_MISTAKES {
                let outcome = match out {
                    Outcome::Kept { heading, .. } => {
                        format!("kept{}", if *heading { " as heading" } else { "" })
                    }
                    Outcome::Removed(r) => format!("removed ({r})"),
                    Outcome::TakenByReader => "taken as title by the reader".into(),
                    Outcome::Missing => "missing from output".into(),
                };
                let short: String = text.chars().take(60).collect();
                mistakes.push(format!(
                    "{}:{} {:?} → {outcome}: {short}",
                    page.name,
                    l + 1,
                    label
                ));
            }
        }
    }
    let mut reasons: Vec<(String, usize)> = reasons.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    rep.reasons = reasons;
    rep.mistakes = mistakes;
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/clean")
    }

    #[test]
    fn gold_set_scores() {
        let rep = run(&gold_dir()).expect("gold set loads");
        println!("{rep}");
        assert!(rep.docs >= 25, "at least 25 gold pages");
        assert!(rep.outlets >= 4);
        assert_eq!(
            rep.content_kept.hit, rep.content_kept.total,
            "every content line kept"
        );
        assert!(
            rep.boilerplate_recall.value() >= 0.9,
            "boilerplate recall {}",
            rep.boilerplate_recall
        );
        assert!(
            rep.boilerplate_precision.value() >= 0.95,
            "precision {}",
            rep.boilerplate_precision
        );
        assert!(
            rep.repeats_folded.value() >= 0.8,
            "repeats {}",
            rep.repeats_folded
        );
        assert_eq!(rep.credits_captured.hit, rep.credits_captured.total);
        assert_eq!(rep.offsets_exact.hit, rep.offsets_exact.total);
        let json = serde_json::to_string(&rep).unwrap();
        assert!(json.contains("boilerplate_recall"));
    }

    #[test]
    fn missing_folder_is_a_clear_error() {
        let err = run(Path::new("/nonexistent/gold")).unwrap_err().to_string();
        assert!(err.contains("/nonexistent/gold"), "{err}");
    }
}
