//! Scoring entity resolution (`isnad eval entities`) on `eval/entities/`:
//! hand-written articles whose mentions carry gold entity ids (format in
//! `eval/entities/README.md`).
//!
//! - **Clustering** of all gold mentions across documents: B-cubed and
//!   pairwise P/R/F1. A gold mention the system did not output (or output
//!   with another span) counts as a singleton.
//! - **Role / counterpart / adjective accuracy**: a gold TITLE (CP, ADJ)
//!   mention is right when the other gold mentions in its system entity
//!   mostly carry its gold id (or, when its gold entity has no other
//!   mention, when it is alone).
//! - Run twice: on **gold mentions** (the resolver's own quality) and on
//!   **NER mentions** from `NerModel::tag` (end to end), when the model loads.
//! - **Name similarity** precision/recall on ANETAC variant pairs (test
//!   half), when `../shared` is there.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use isnad_resolve::anetac::{self, SimScore};
use isnad_resolve::{DocInput, MentionIn, Resolver, SimParams};
use serde::Serialize;

/// One gold mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldMention {
    pub start: usize,
    pub end: usize,
    /// PER ORG LOC GPE MISC TITLE CP ADJ.
    pub label: String,
    pub id: String,
    pub text: String,
}

/// One gold article.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    pub id: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub text: String,
    pub mentions: Vec<GoldMention>,
}

const LABELS: [&str; 8] = ["PER", "ORG", "LOC", "GPE", "MISC", "TITLE", "CP", "ADJ"];

/// Parse one article: `@outlet`/`@date` header lines, `#` comments, text
/// lines with `[TYPE:id text]` mentions (nesting allowed).
pub fn parse_gold(name: &str, src: &str) -> anyhow::Result<GoldDoc> {
    let mut outlet = None;
    let mut date = None;
    let mut body: Vec<&str> = Vec::new();
    for (no, line) in src.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('#') || (t.is_empty() && body.is_empty()) {
            continue;
        }
        if let Some(rest) = t.strip_prefix('@') {
            let (k, v) = rest.split_once(' ').unwrap_or((rest, ""));
            match k {
                "outlet" => outlet = Some(v.trim().to_string()),
                "date" => date = Some(v.trim().to_string()),
                _ => bail!("{name}:{}: unknown header @{k}", no + 1),
            }
            continue;
        }
        body.push(line);
    }
    while body.last().is_some_and(|l| l.trim().is_empty()) {
        body.pop();
    }
    let marked = body.join("\n");
    let mut text = String::new();
    let mut n = 0usize;
    let mut stack: Vec<(usize, String, String)> = Vec::new();
    let mut mentions = Vec::new();
    let mut chars = marked.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' => {
                let mut head = String::new();
                for c in chars.by_ref() {
                    if c == ' ' {
                        break;
                    }
                    head.push(c);
                }
                let Some((label, id)) = head.split_once(':') else {
                    bail!("{name}: mention head `{head}` is not TYPE:id");
                };
                if !LABELS.contains(&label) || id.is_empty() {
                    bail!("{name}: bad mention head `{head}` (types: {LABELS:?})");
                }
                stack.push((n, label.to_string(), id.to_string()));
            }
            ']' => {
                let Some((start, label, id)) = stack.pop() else {
                    bail!("{name}: `]` without `[` at char {n}");
                };
                let surface: String = text.chars().skip(start).collect();
                mentions.push(GoldMention {
                    start,
                    end: n,
                    label,
                    id,
                    text: surface,
                });
            }
            c => {
                text.push(c);
                n += 1;
            }
        }
    }
    if !stack.is_empty() {
        bail!("{name}: {} unclosed `[`", stack.len());
    }
    mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    Ok(GoldDoc {
        id: name.to_string(),
        outlet,
        date,
        text,
        mentions,
    })
}

/// Every `*.txt` under `dir`, sorted by name.
pub fn read_gold_dir(dir: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    crate::read_txt_files(dir)?
        .iter()
        .map(|(p, src)| {
            let stem = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            parse_gold(&stem, src).with_context(|| format!("parsing {}", p.display()))
        })
        .collect()
}

/// P/R/F1.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
}

impl Prf {
    fn new(p: f64, r: f64) -> Self {
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf { p, r, f1 }
    }
}

impl fmt::Display for Prf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P {:.3} R {:.3} F1 {:.3}", self.p, self.r, self.f1)
    }
}

/// Accuracy with its counts.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Acc {
    pub correct: usize,
    pub total: usize,
}

impl fmt::Display for Acc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = if self.total > 0 {
            self.correct as f64 / self.total as f64
        } else {
            0.0
        };
        write!(f, "{:.3} ({}/{})", a, self.correct, self.total)
    }
}

/// Scores of one run (gold or NER mentions).
#[derive(Debug, Clone, Serialize)]
pub struct ClusterScores {
    pub mentions_in: String,
    pub gold_mentions: usize,
    /// Gold mentions found by the system with the exact span.
    pub found: usize,
    pub system_entities: usize,
    pub bcubed: Prf,
    pub pairwise: Prf,
    pub title: Acc,
    pub counterpart: Acc,
    pub adjective: Acc,
    pub ms: f64,
    /// Examples of wrong role links, merges and splits (10 of each at most).
    pub errors: Vec<String>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct EntitiesReport {
    pub docs: usize,
    pub gold_entities: usize,
    pub gold: ClusterScores,
    pub ner: Option<ClusterScores>,
    pub ner_note: Option<String>,
    pub similarity_params: SimParams,
    pub similarity: Option<SimScore>,
    pub similarity_note: Option<String>,
}

impl fmt::Display for EntitiesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Entity resolution: {} articles, {} gold entities",
            self.docs, self.gold_entities
        )?;
        for s in std::iter::once(&self.gold).chain(self.ner.iter()) {
            writeln!(
                f,
                "\n== {} mentions: {} gold, {} found with exact span, {} system entities ({:.1} ms)",
                s.mentions_in, s.gold_mentions, s.found, s.system_entities, s.ms
            )?;
            writeln!(f, "  B-cubed   {}", s.bcubed)?;
            writeln!(f, "  pairwise  {}", s.pairwise)?;
            writeln!(f, "  title→person accuracy       {}", s.title)?;
            writeln!(f, "  counterpart→person accuracy {}", s.counterpart)?;
            writeln!(f, "  adjective→country accuracy  {}", s.adjective)?;
            for e in &s.errors {
                writeln!(f, "    {e}")?;
            }
        }
        if let Some(n) = &self.ner_note {
            writeln!(f, "\nNER mentions: {n}")?;
        }
        let p = &self.similarity_params;
        match &self.similarity {
            Some(s) => writeln!(
                f,
                "\nname_similarity on ANETAC test half (vowel {}, class {}, threshold {}): {} positive pairs, \
                 recall {:.3}; precision {:.3} vs {} random negatives, {:.3} vs {} same-block negatives (F1 {:.3})",
                p.vowel, p.class, p.threshold, s.positives, s.recall, s.precision_random,
                s.random_negatives, s.precision_hard, s.hard_negatives, s.f1_hard
            )?,
            None => writeln!(f, "\nname_similarity: {}", self.similarity_note.as_deref().unwrap_or("not run"))?,
        }
        Ok(())
    }
}

fn score_run(
    label: &str,
    resolver: &Resolver,
    gold: &[GoldDoc],
    inputs: &[Vec<MentionIn>],
) -> ClusterScores {
    let docs: Vec<DocInput> = gold
        .iter()
        .zip(inputs)
        .map(|(g, m)| DocInput {
            doc_id: &g.id,
            text: &g.text,
            date: g.date.as_deref(),
            mentions: m,
        })
        .collect();
    let t0 = Instant::now();
    let res = resolver.resolve(&docs);
    let ms = t0.elapsed().as_secs_f64() * 1e3;
    let index = res.mention_index();
    // Gold mentions with their system cluster (a fresh singleton when absent).
    let mut items: Vec<(&GoldDoc, &GoldMention, usize)> = Vec::new();
    let mut next_single = res.entities.len();
    let mut found = 0;
    for g in gold {
        for m in &g.mentions {
            let sys = match index.get(&(g.id.clone(), m.start, m.end)) {
                Some(&e) => {
                    found += 1;
                    e
                }
                None => {
                    next_single += 1;
                    next_single
                }
            };
            items.push((g, m, sys));
        }
    }
    let n = items.len();
    let mut sys_sz: HashMap<usize, usize> = HashMap::new();
    let mut gold_sz: HashMap<&str, usize> = HashMap::new();
    let mut both: HashMap<(usize, &str), usize> = HashMap::new();
    for (_, m, s) in &items {
        *sys_sz.entry(*s).or_default() += 1;
        *gold_sz.entry(m.id.as_str()).or_default() += 1;
        *both.entry((*s, m.id.as_str())).or_default() += 1;
    }
    let (mut bp, mut br) = (0.0, 0.0);
    for (_, m, s) in &items {
        let c = both[&(*s, m.id.as_str())] as f64;
        bp += c / sys_sz[s] as f64;
        br += c / gold_sz[m.id.as_str()] as f64;
    }
    let pairs = |k: usize| (k * k.saturating_sub(1) / 2) as f64;
    let tp: f64 = both.values().map(|&k| pairs(k)).sum();
    let sp: f64 = sys_sz.values().map(|&k| pairs(k)).sum();
    let gp: f64 = gold_sz.values().map(|&k| pairs(k)).sum();
    let div = |a: f64, b: f64| if b > 0.0 { a / b } else { 1.0 };
    // Role accuracy.
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, (_, _, s)) in items.iter().enumerate() {
        members.entry(*s).or_default().push(i);
    }
    let mut acc: BTreeMap<&str, Acc> = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, (g, m, s)) in items.iter().enumerate() {
        if !matches!(m.label.as_str(), "TITLE" | "CP" | "ADJ") {
            continue;
        }
        let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
        for &j in &members[s] {
            if j != i && items[j].1.label != m.label {
                *votes.entry(items[j].1.id.as_str()).or_default() += 1;
            }
        }
        let ok = match votes.iter().max_by_key(|(_, &v)| v) {
            Some((id, _)) => *id == m.id,
            None => {
                gold_sz[m.id.as_str()] == 1
                    || members[s].iter().all(|&j| items[j].1.id == m.id) && members[s].len() > 1
            }
        };
        let a = acc.entry(m.label.as_str()).or_default();
        a.total += 1;
        if ok {
            a.correct += 1;
        } else if errors.len() < 15 {
            errors.push(format!(
                "{} {} `{}` (gold {}) → {:?}",
                g.id, m.label, m.text, m.id, votes
            ));
        }
    }
    // Merges of different gold entities (precision errors), for debugging.
    let mut by_sys: BTreeMap<usize, BTreeMap<&str, Vec<String>>> = BTreeMap::new();
    for (g, m, s) in &items {
        by_sys
            .entry(*s)
            .or_default()
            .entry(m.id.as_str())
            .or_default()
            .push(format!("{}:{}", g.id, m.text));
    }
    let mut merged = 0;
    for ids in by_sys.values() {
        if ids.len() > 1 && merged < 10 {
            merged += 1;
            let parts: Vec<String> = ids.iter().map(|(id, v)| format!("{id}={}", v[0])).collect();
            errors.push(format!("merged: {}", parts.join(" | ")));
        }
    }
    // Gold entities split over several system entities (recall errors).
    let mut by_gold: BTreeMap<&str, BTreeMap<usize, Vec<String>>> = BTreeMap::new();
    for (g, m, s) in &items {
        by_gold
            .entry(m.id.as_str())
            .or_default()
            .entry(*s)
            .or_default()
            .push(format!("{}:{}", g.id, m.text));
    }
    let mut split = 0;
    for (id, parts) in &by_gold {
        if parts.len() > 1 && split < 10 {
            split += 1;
            let p: Vec<String> = parts
                .values()
                .map(|v| format!("{}×{}", v.len(), v[0]))
                .collect();
            errors.push(format!("split: {id} → {}", p.join(" | ")));
        }
    }
    ClusterScores {
        mentions_in: label.to_string(),
        gold_mentions: n,
        found,
        system_entities: res.entities.len(),
        bcubed: Prf::new(bp / n.max(1) as f64, br / n.max(1) as f64),
        pairwise: Prf::new(div(tp, sp), div(tp, gp)),
        title: acc.get("TITLE").copied().unwrap_or_default(),
        counterpart: acc.get("CP").copied().unwrap_or_default(),
        adjective: acc.get("ADJ").copied().unwrap_or_default(),
        ms,
        errors,
    }
}

/// Gold mentions as the resolver's input: everything but adjectives (the
/// resolver finds those itself); counterparts as TITLE, as NER tags them.
fn gold_inputs(g: &GoldDoc) -> Vec<MentionIn> {
    g.mentions
        .iter()
        .filter(|m| m.label != "ADJ")
        .map(|m| MentionIn {
            start: m.start,
            end: m.end,
            label: if m.label == "CP" {
                "TITLE".into()
            } else {
                m.label.clone()
            },
            text: m.text.clone(),
        })
        .collect()
}

/// Run the whole evaluation.
pub fn run(gold_dir: &Path, shared_dir: &Path) -> anyhow::Result<EntitiesReport> {
    let gold = read_gold_dir(gold_dir)?;
    let resolver = Resolver::new();
    let inputs: Vec<Vec<MentionIn>> = gold.iter().map(gold_inputs).collect();
    let gold_scores = score_run("gold", &resolver, &gold, &inputs);
    let (ner, ner_note) = match isnad_ner::NerModel::load_default() {
        Ok(model) => {
            let inputs: Vec<Vec<MentionIn>> = gold
                .iter()
                .map(|g| {
                    model
                        .tag(&g.text)
                        .into_iter()
                        .map(|m| MentionIn {
                            start: m.start,
                            end: m.end,
                            label: m.label.as_str().into(),
                            text: m.text,
                        })
                        .collect()
                })
                .collect();
            (Some(score_run("NER", &resolver, &gold, &inputs)), None)
        }
        Err(e) => (
            None,
            Some(format!("NER model not available ({e}); gold mentions only")),
        ),
    };
    let path = shared_dir.join("datasets/gazetteers/anetac/EN-AR_Named-entities.txt");
    let params = isnad_resolve::DEFAULT_PARAMS;
    let (similarity, similarity_note) = if path.exists() {
        let set = anetac::load_pairs(&path, anetac::Half::Test)
            .with_context(|| format!("reading ANETAC pairs from {}", path.display()))?;
        (Some(anetac::score(&set, &params)), None)
    } else {
        (None, Some(format!("{} absent, not scored", path.display())))
    };
    let gold_entities = {
        let mut ids: Vec<&str> = gold
            .iter()
            .flat_map(|g| g.mentions.iter().map(|m| m.id.as_str()))
            .collect();
        ids.sort();
        ids.dedup();
        ids.len()
    };
    Ok(EntitiesReport {
        docs: gold.len(),
        gold_entities,
        gold: gold_scores,
        ner,
        ner_note,
        similarity_params: params,
        similarity,
        similarity_note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_markup() {
        let g = parse_gold(
            "x",
            "@date 2024-01-02\n# c\nقال [TITLE:p:a وزير الخارجية [ADJ:g:JO الأردني]] [PER:p:a أيمن الصفدي].",
        )
        .unwrap();
        assert_eq!(g.date.as_deref(), Some("2024-01-02"));
        assert_eq!(g.text, "قال وزير الخارجية الأردني أيمن الصفدي.");
        let adj = g.mentions.iter().find(|m| m.label == "ADJ").unwrap();
        assert_eq!(adj.text, "الأردني");
        let t = g.mentions.iter().find(|m| m.label == "TITLE").unwrap();
        assert_eq!(t.text, "وزير الخارجية الأردني");
        assert!(parse_gold("x", "[PER بلا معرف]").is_err());
        assert!(parse_gold("x", "[PER:p:a مفتوح").is_err());
    }

    #[test]
    fn gold_folder_scores() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let dir = root.join("eval/entities");
        if !dir.exists() {
            eprintln!("note: {} absent", dir.display());
            return;
        }
        let r = run(&dir, &root.join("../shared")).unwrap();
        println!("{r}");
        assert!(r.docs >= 40);
        assert!(r.gold.bcubed.f1 > 0.8, "{r}");
        // Articles written after tuning, scored as they come (not a gate).
        let held = dir.join("heldout");
        if held.exists() {
            let h = run(&held, &root.join("../shared")).unwrap();
            println!("HELD-OUT\n{h}");
        }
    }
}
