//! Scoring the dedup stage on SaudiNewsNet against a silver standard of
//! cross-outlet copies.
//!
//! There is no gold for copies, so a *silver* one is built from the data:
//!
//! * **title pairs** — two articles from *different outlets* whose normalised
//!   titles (word sequence after `isnad_arabic::normalize`) are identical and
//!   non-empty, and whose texts overlap: at least [`SILVER_MIN_CONTAINMENT`] of
//!   the shorter article's distinct word trigrams occur in the other. The bar
//!   is low on purpose: it only removes generic titles (`الطقس`, `إصدارات`)
//!   shared by unrelated texts and same-event stories written independently.
//! * **exact pairs** — two articles from different outlets whose normalised
//!   contents have the same word sequence (whatever their titles).
//!
//! A pair is positive when it is a title pair or an exact pair. The system's
//! pairs are all cross-outlet pairs inside one predicted copy group
//! (same-outlet pairs, mostly the same article crawled on two days, are
//! counted apart and left out of P/R because the silver standard has no view
//! on them). Then
//!
//! * precision = |system ∩ silver| / |system|,
//! * recall = |system ∩ silver| / |silver|,
//! * F1 = their harmonic mean.
//!
//! The silver standard misses copies whose titles differ, so precision is a
//! lower bound; `review_out` writes a reproducible random sample of predicted
//! pairs that are not title matches for reading by hand.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use isnad_core::DocId;
use isnad_dedup::{content_hash, CopyDetector, DedupParams, MinHasher, Signature};
use serde::{Deserialize, Serialize};

/// Share of the shorter article's word trigrams that must occur in the other
/// for a same-title pair to be a silver copy.
pub const SILVER_MIN_CONTAINMENT: f64 = 0.3;
/// n of the word n-grams used by the silver overlap test (independent of the
/// system's shingle size, and a containment rather than a Jaccard).
const SILVER_NGRAM: usize = 3;

/// Where the dataset lives under the shared folder.
const DATASET: &str = "datasets/saudinewsnet/dataset";

/// What to run besides the headline score.
#[derive(Debug, Clone)]
pub struct DedupEvalOptions {
    pub params: DedupParams,
    /// Thresholds of the sweep table (the chosen one is always scored).
    pub thresholds: Vec<f32>,
    /// Other shingle sizes to score over the same thresholds (each needs new
    /// signatures); empty to skip.
    pub shingle_sweep: Vec<usize>,
    /// Write the silver pairs (JSON) here, for `bench/dedup_baseline.py`.
    pub pairs_out: Option<PathBuf>,
    /// Write a random sample of predicted pairs that are not title matches,
    /// with the start of both texts, for checking by hand. Never inside the
    /// repository: the texts are the dataset's.
    pub review_out: Option<PathBuf>,
    pub review_sample: usize,
    /// Write the predicted groups (document keys, canonical first) as JSON.
    pub groups_out: Option<PathBuf>,
}

impl Default for DedupEvalOptions {
    fn default() -> Self {
        DedupEvalOptions {
            params: DedupParams::default(),
            thresholds: vec![0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
            shingle_sweep: Vec::new(),
            pairs_out: None,
            review_out: None,
            review_sample: 50,
            groups_out: None,
        }
    }
}

/// Pair scores of one setting.
#[derive(Debug, Clone, Serialize)]
pub struct PairScore {
    pub shingle_words: usize,
    pub threshold: f32,
    /// Cross-outlet pairs inside predicted groups.
    pub predicted_pairs: usize,
    pub true_positives: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Predicted pairs that share a normalised title, and those that do not.
    pub predicted_title_match: usize,
    pub predicted_no_title_match: usize,
    /// Same-outlet pairs inside predicted groups (outside P/R).
    pub same_outlet_pairs: usize,
    /// Predicted pairs whose own estimated similarity is below the threshold:
    /// grouped only through other members (single-linkage chains).
    pub chained_pairs: usize,
    pub groups: usize,
    pub docs_in_groups: usize,
    pub largest_group: usize,
}

/// Recall of the chosen setting over silver pairs binned by overlap.
#[derive(Debug, Clone, Serialize)]
pub struct RecallBin {
    pub bin: String,
    pub silver_pairs: usize,
    pub found: usize,
    pub recall: f64,
}

/// The hand check: labelled pairs (`isnad-dedup/eval/review_labels.tsv`)
/// that fall in this run's predicted, non-silver, different-title pairs.
#[derive(Debug, Clone, Serialize)]
pub struct ManualCheck {
    /// Predicted cross-outlet pairs outside the silver standard with different titles.
    pub pool: usize,
    pub labelled_in_pool: usize,
    pub copies: usize,
    /// Share of labelled pool pairs that are copies, with a 95% Wilson interval.
    pub copy_rate: f64,
    pub copy_rate_low: f64,
    pub copy_rate_high: f64,
    /// (silver true positives + copy_rate × pool) / predicted pairs, and the
    /// same at the interval's ends.
    pub estimated_precision: f64,
    pub estimated_precision_low: f64,
    pub estimated_precision_high: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    pub read_s: f64,
    pub normalize_s: f64,
    /// MinHash signatures of every document.
    pub signature_s: f64,
    /// Inserting every signature and computing the groups.
    pub group_s: f64,
    /// Documents per second for signatures + grouping (normalisation excluded,
    /// as in the Python baseline's figure).
    pub docs_per_s: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DedupReport {
    pub dataset: String,
    pub docs: usize,
    pub empty_docs: usize,
    pub outlets: usize,
    pub silver_definition: String,
    pub silver_pairs: usize,
    pub silver_title_pairs: usize,
    pub silver_exact_pairs: usize,
    /// Same-title cross-outlet pairs rejected by the overlap bar.
    pub title_pairs_rejected: usize,
    pub params: DedupParams,
    pub chosen: PairScore,
    pub recall_by_overlap: Vec<RecallBin>,
    pub sweep: Vec<PairScore>,
    pub shingle_sweep: Vec<PairScore>,
    pub manual_check: Option<ManualCheck>,
    pub timing: Timing,
    pub review_written: Option<String>,
    pub pairs_written: Option<String>,
}

/// Score the default setting with the default sweep.
pub fn run(shared_dir: &Path) -> Result<DedupReport> {
    run_with(shared_dir, &DedupEvalOptions::default())
}

/// One SaudiNewsNet record; fields may be missing or null.
#[derive(Deserialize)]
struct Article {
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    date_extracted: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    content: Option<String>,
}

struct Doc {
    /// `YYYY-MM-DD.json#index`: stable across runs, used by the Python baseline.
    key: String,
    outlet: u16,
    date: String,
    title: String,
    content: String,
    norm_title: String,
    norm: String,
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Read every zip of the dataset, in file-name order, records in array order.
fn read_docs(dir: &Path) -> Result<(Vec<Doc>, Vec<String>)> {
    let mut zips: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list the SaudiNewsNet folder", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    zips.sort();
    if zips.is_empty() {
        bail!(
            "{}: no .zip files (expected the 18 SaudiNewsNet day archives)",
            dir.display()
        );
    }
    let mut outlets: Vec<String> = Vec::new();
    let mut outlet_ids: HashMap<String, u16> = HashMap::new();
    let mut docs = Vec::new();
    for zpath in &zips {
        let f = File::open(zpath).with_context(|| format!("{}: cannot open", zpath.display()))?;
        let mut zip = zip::ZipArchive::new(f)
            .with_context(|| format!("{}: not a zip archive", zpath.display()))?;
        for i in 0..zip.len() {
            let mut entry = zip
                .by_index(i)
                .with_context(|| format!("{}: cannot read entry {i}", zpath.display()))?;
            let name = entry.name().to_string();
            if !name.ends_with(".json") {
                continue;
            }
            let mut buf = Vec::new();
            entry
                .read_to_end(&mut buf)
                .with_context(|| format!("{}!{name}: cannot decompress", zpath.display()))?;
            let arts: Vec<Article> = serde_json::from_slice(&buf).with_context(|| {
                format!(
                    "{}!{name}: not a SaudiNewsNet JSON array of articles",
                    zpath.display()
                )
            })?;
            let base = name.rsplit('/').next().unwrap_or(&name).to_string();
            for (j, a) in arts.into_iter().enumerate() {
                let outlet = a.source.unwrap_or_default();
                let next = outlets.len() as u16;
                let oid = *outlet_ids.entry(outlet.clone()).or_insert_with(|| {
                    outlets.push(outlet);
                    next
                });
                docs.push(Doc {
                    key: format!("{base}#{j}"),
                    outlet: oid,
                    date: a.date_extracted.unwrap_or_default(),
                    title: a.title.unwrap_or_default(),
                    content: a.content.unwrap_or_default(),
                    norm_title: String::new(),
                    norm: String::new(),
                });
            }
        }
    }
    Ok((docs, outlets))
}

fn ngram_set(norm: &str, n: usize) -> HashSet<Vec<&str>> {
    let w: Vec<&str> = words(norm).collect();
    if w.len() < n {
        return std::iter::once(w).filter(|v| !v.is_empty()).collect();
    }
    w.windows(n).map(|s| s.to_vec()).collect()
}

/// Share of the smaller n-gram set found in the larger one.
fn containment(a: &str, b: &str, n: usize) -> f64 {
    let (x, y) = (ngram_set(a, n), ngram_set(b, n));
    let (small, big) = if x.len() <= y.len() {
        (&x, &y)
    } else {
        (&y, &x)
    };
    if small.is_empty() {
        return 0.0;
    }
    small.iter().filter(|g| big.contains(*g)).count() as f64 / small.len() as f64
}

struct Silver {
    /// Positive pairs (a < b) with their trigram containment (1.0 for exact pairs).
    pairs: HashMap<(u32, u32), f64>,
    title_pairs: usize,
    exact_pairs: usize,
    rejected: usize,
    /// Cross-outlet pairs with the same normalised title, positive or not.
    same_title: HashSet<(u32, u32)>,
}

fn ordered(a: u32, b: u32) -> (u32, u32) {
    if a < b {
        (a, b)
    } else {
        (b, a)
    }
}

fn build_silver(docs: &[Doc], hashes: &[u64]) -> Silver {
    let mut by_title: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut by_hash: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        if d.norm.is_empty() || words(&d.norm).next().is_none() {
            continue;
        }
        if !d.norm_title.is_empty() {
            by_title.entry(&d.norm_title).or_default().push(i as u32);
        }
        by_hash.entry(hashes[i]).or_default().push(i as u32);
    }
    let mut s = Silver {
        pairs: HashMap::new(),
        title_pairs: 0,
        exact_pairs: 0,
        rejected: 0,
        same_title: HashSet::new(),
    };
    for group in by_hash.values() {
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                if docs[a as usize].outlet != docs[b as usize].outlet {
                    s.pairs.insert(ordered(a, b), 1.0);
                    s.exact_pairs += 1;
                }
            }
        }
    }
    for group in by_title.values() {
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                if docs[a as usize].outlet == docs[b as usize].outlet {
                    continue;
                }
                let key = ordered(a, b);
                s.same_title.insert(key);
                let c = containment(&docs[a as usize].norm, &docs[b as usize].norm, SILVER_NGRAM);
                if c >= SILVER_MIN_CONTAINMENT {
                    s.title_pairs += 1;
                    s.pairs.entry(key).or_insert(c);
                } else {
                    s.rejected += 1;
                }
            }
        }
    }
    s
}

struct Scored {
    score: PairScore,
    /// Predicted cross-outlet pairs.
    pairs: Vec<(u32, u32)>,
}

fn detect(
    params: DedupParams,
    ids: &[DocId],
    sigs: &[Signature],
    hashes: &[u64],
) -> Vec<isnad_core::CopyGroup> {
    let mut det = CopyDetector::new(params);
    for ((id, sig), &h) in ids.iter().zip(sigs).zip(hashes) {
        det.insert(id.clone(), sig.clone(), h);
    }
    det.groups()
}

fn score(
    params: DedupParams,
    groups: &[isnad_core::CopyGroup],
    index: &HashMap<&DocId, u32>,
    docs: &[Doc],
    sigs: &[Signature],
    silver: &Silver,
) -> Scored {
    let mut pairs = Vec::new();
    let mut same_outlet = 0;
    let mut docs_in_groups = 0;
    let mut largest = 0;
    for g in groups {
        let members: Vec<u32> = std::iter::once(&g.canonical)
            .chain(g.copies.iter().map(|(d, _)| d))
            .filter_map(|d| index.get(d).copied())
            .collect();
        docs_in_groups += members.len();
        largest = largest.max(members.len());
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                if docs[a as usize].outlet == docs[b as usize].outlet {
                    same_outlet += 1;
                } else {
                    pairs.push(ordered(a, b));
                }
            }
        }
    }
    let tp = pairs
        .iter()
        .filter(|p| silver.pairs.contains_key(p))
        .count();
    let chained = pairs
        .iter()
        .filter(|&&(a, b)| sigs[a as usize].jaccard(&sigs[b as usize]) < params.threshold)
        .count();
    let title = pairs
        .iter()
        .filter(|p| silver.same_title.contains(p))
        .count();
    let precision = if pairs.is_empty() {
        0.0
    } else {
        tp as f64 / pairs.len() as f64
    };
    let recall = if silver.pairs.is_empty() {
        0.0
    } else {
        tp as f64 / silver.pairs.len() as f64
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Scored {
        score: PairScore {
            shingle_words: params.shingle_words,
            threshold: params.threshold,
            predicted_pairs: pairs.len(),
            true_positives: tp,
            precision,
            recall,
            f1,
            predicted_title_match: title,
            predicted_no_title_match: pairs.len() - title,
            same_outlet_pairs: same_outlet,
            chained_pairs: chained,
            groups: groups.len(),
            docs_in_groups,
            largest_group: largest,
        },
        pairs,
    }
}

/// Run the dedup evaluation with the given options.
pub fn run_with(shared_dir: &Path, opts: &DedupEvalOptions) -> Result<DedupReport> {
    opts.params.validate().map_err(|e| anyhow::anyhow!("{e}"))?;
    let dir = shared_dir.join(DATASET);
    if !dir.is_dir() {
        bail!(
            "{}: SaudiNewsNet not found (expected the dataset's zip folder)",
            dir.display()
        );
    }
    let t0 = Instant::now();
    let (mut docs, outlets) = read_docs(&dir)?;
    let read_s = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    for d in docs.iter_mut() {
        d.norm = isnad_arabic::normalize(&d.content);
        d.norm_title = words(&isnad_arabic::normalize(&d.title))
            .collect::<Vec<_>>()
            .join(" ");
    }
    let normalize_s = t1.elapsed().as_secs_f64();
    let empty_docs = docs
        .iter()
        .filter(|d| words(&d.norm).next().is_none())
        .count();

    let ids: Vec<DocId> = docs
        .iter()
        .map(|d| DocId::from_bytes(d.key.as_bytes()))
        .collect();
    let index: HashMap<&DocId, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id, i as u32))
        .collect();

    // Headline timing: signatures, then insert + group.
    let t2 = Instant::now();
    let hasher = MinHasher::new(opts.params);
    let sigs: Vec<Signature> = docs.iter().map(|d| hasher.signature(&d.norm)).collect();
    let hashes: Vec<u64> = docs.iter().map(|d| content_hash(&d.norm)).collect();
    let signature_s = t2.elapsed().as_secs_f64();
    let t3 = Instant::now();
    let groups = detect(opts.params, &ids, &sigs, &hashes);
    let group_s = t3.elapsed().as_secs_f64();

    let silver = build_silver(&docs, &hashes);
    let chosen = score(opts.params, &groups, &index, &docs, &sigs, &silver);

    let mut sweep = Vec::new();
    for &t in &opts.thresholds {
        let p = DedupParams {
            threshold: t,
            ..opts.params
        };
        sweep.push(
            score(
                p,
                &detect(p, &ids, &sigs, &hashes),
                &index,
                &docs,
                &sigs,
                &silver,
            )
            .score,
        );
    }
    let mut shingle_sweep = Vec::new();
    for &n in &opts.shingle_sweep {
        let pn = DedupParams {
            shingle_words: n,
            ..opts.params
        };
        let h = MinHasher::new(pn);
        let s: Vec<Signature> = docs.iter().map(|d| h.signature(&d.norm)).collect();
        for &t in &opts.thresholds {
            let p = DedupParams { threshold: t, ..pn };
            shingle_sweep
                .push(score(p, &detect(p, &ids, &s, &hashes), &index, &docs, &s, &silver).score);
        }
    }

    let manual_check = manual_check(&docs, &chosen, &silver)?;
    let predicted: HashSet<(u32, u32)> = chosen.pairs.iter().copied().collect();
    let bins: [(&str, f64, f64); 4] = [
        ("exact content", 1.0, 1.0),
        ("trigram containment >= 0.8", 0.8, 1.0),
        ("0.5 <= containment < 0.8", 0.5, 0.8),
        ("0.3 <= containment < 0.5", 0.3, 0.5),
    ];
    let recall_by_overlap = bins
        .iter()
        .enumerate()
        .map(|(k, &(name, lo, hi))| {
            let in_bin = |p: &(u32, u32), c: f64| {
                let exact = hashes[p.0 as usize] == hashes[p.1 as usize];
                match k {
                    0 => exact,
                    1 => !exact && c >= lo && c <= hi,
                    _ => !exact && c >= lo && c < hi,
                }
            };
            let members: Vec<&(u32, u32)> = silver
                .pairs
                .iter()
                .filter(|(p, &c)| in_bin(p, c))
                .map(|(p, _)| p)
                .collect();
            let found = members.iter().filter(|p| predicted.contains(p)).count();
            RecallBin {
                bin: name.to_string(),
                silver_pairs: members.len(),
                found,
                recall: if members.is_empty() {
                    0.0
                } else {
                    found as f64 / members.len() as f64
                },
            }
        })
        .collect();

    let pairs_written = match &opts.pairs_out {
        Some(path) => {
            write_pairs(path, &docs, &silver, opts.params)?;
            Some(path.display().to_string())
        }
        None => None,
    };
    if let Some(path) = &opts.groups_out {
        let keys: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| {
                std::iter::once(&g.canonical)
                    .chain(g.copies.iter().map(|(d, _)| d))
                    .filter_map(|d| index.get(d).map(|&i| docs[i as usize].key.as_str()))
                    .collect()
            })
            .collect();
        let f = File::create(path)
            .with_context(|| format!("{}: cannot create the groups file", path.display()))?;
        serde_json::to_writer(BufWriter::new(f), &keys)
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    let review_written = match &opts.review_out {
        Some(path) => {
            write_review(
                path,
                &docs,
                &outlets,
                &chosen.pairs,
                &silver,
                &sigs,
                opts.review_sample,
            )?;
            Some(path.display().to_string())
        }
        None => None,
    };

    let n = docs.len();
    Ok(DedupReport {
        dataset: dir.display().to_string(),
        docs: n,
        empty_docs,
        outlets: outlets.len(),
        silver_definition: format!(
            "cross-outlet pairs with identical non-empty normalised title and word-{SILVER_NGRAM}-gram containment \
             (shorter in longer) >= {SILVER_MIN_CONTAINMENT}, plus cross-outlet pairs with identical normalised content"
        ),
        silver_pairs: silver.pairs.len(),
        silver_title_pairs: silver.title_pairs,
        silver_exact_pairs: silver.exact_pairs,
        title_pairs_rejected: silver.rejected,
        params: opts.params,
        chosen: chosen.score,
        recall_by_overlap,
        sweep,
        shingle_sweep,
        manual_check,
        timing: Timing {
            read_s,
            normalize_s,
            signature_s,
            group_s,
            docs_per_s: n as f64 / (signature_s + group_s).max(1e-9),
        },
        review_written,
        pairs_written,
    })
}

/// The silver pairs and each document's word count (so the Python baseline
/// can check it reads and normalises the same documents).
fn write_pairs(path: &Path, docs: &[Doc], silver: &Silver, params: DedupParams) -> Result<()> {
    let mut pairs: Vec<(&(u32, u32), &f64)> = silver.pairs.iter().collect();
    pairs.sort_by_key(|(p, _)| **p);
    let out = serde_json::json!({
        "definition": format!("title pairs (containment >= {SILVER_MIN_CONTAINMENT}) + exact-content pairs, cross-outlet"),
        "params": params,
        "keys": docs.iter().map(|d| &d.key).collect::<Vec<_>>(),
        "word_counts": docs.iter().map(|d| words(&d.norm).count()).collect::<Vec<_>>(),
        "pairs": pairs.iter().map(|(p, c)| (p.0, p.1, **c)).collect::<Vec<_>>(),
    });
    let f = File::create(path)
        .with_context(|| format!("{}: cannot create the pairs file", path.display()))?;
    let mut w = BufWriter::new(f);
    serde_json::to_writer(&mut w, &out)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    w.flush()
        .with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}

/// A reproducible random sample (fixed-seed xorshift) of predicted pairs
/// that are neither silver nor same-title, with both texts' beginnings.
fn write_review(
    path: &Path,
    docs: &[Doc],
    outlets: &[String],
    predicted: &[(u32, u32)],
    silver: &Silver,
    sigs: &[Signature],
    n: usize,
) -> Result<()> {
    let mut pool: Vec<(u32, u32)> = predicted
        .iter()
        .filter(|p| !silver.pairs.contains_key(p) && !silver.same_title.contains(p))
        .copied()
        .collect();
    pool.sort();
    let mut state: u64 = 0x005e_ed0f_d3d0;
    for i in (1..pool.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        pool.swap(i, (state % (i as u64 + 1)) as usize);
    }
    pool.truncate(n);
    let f = File::create(path)
        .with_context(|| format!("{}: cannot create the review file", path.display()))?;
    let mut w = BufWriter::new(f);
    let head = |s: &str| s.chars().take(700).collect::<String>().replace('\n', " ");
    let res: std::io::Result<()> = (|| {
        writeln!(
            w,
            "# {} predicted pairs that are not title matches (of {} such pairs)\n",
            pool.len(),
            {
                predicted
                    .iter()
                    .filter(|p| !silver.pairs.contains_key(p) && !silver.same_title.contains(p))
                    .count()
            }
        )?;
        for (k, &(a, b)) in pool.iter().enumerate() {
            let (x, y) = (&docs[a as usize], &docs[b as usize]);
            writeln!(
                w,
                "## {k}: {} [{}] {} vs {} [{}] {} | est J {:.2} | trigram containment {:.2}",
                x.key,
                outlets[x.outlet as usize],
                x.date,
                y.key,
                outlets[y.outlet as usize],
                y.date,
                sigs[a as usize].jaccard(&sigs[b as usize]),
                containment(&x.norm, &y.norm, SILVER_NGRAM)
            )?;
            writeln!(
                w,
                "A title: {}\nA: {}\nB title: {}\nB: {}\n",
                x.title,
                head(&x.content),
                y.title,
                head(&y.content)
            )?;
        }
        w.flush()
    })();
    res.with_context(|| format!("{}: cannot write", path.display()))
}

/// Hand labels written while reading review samples (document keys only, no
/// dataset text): `sample<TAB>key_a<TAB>key_b<TAB>copy|different<TAB>note`.
const REVIEW_LABELS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../isnad-dedup/eval/review_labels.tsv"
));

fn parse_labels(text: &str) -> Result<Vec<(String, String, bool)>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let label = match f.get(3) {
            Some(&"copy") => true,
            Some(&"different") => false,
            _ => bail!(
                "isnad-dedup/eval/review_labels.tsv line {}: expected sample, key_a, key_b, copy|different, note",
                n + 1
            ),
        };
        out.push((f[1].to_string(), f[2].to_string(), label));
    }
    Ok(out)
}

/// Wilson score interval (95%) for k successes in n trials.
fn wilson(k: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (z, n, p) = (1.96f64, n as f64, k as f64 / n as f64);
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z * ((p * (1.0 - p) + z * z / (4.0 * n)) / n).sqrt() / (1.0 + z * z / n);
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

fn manual_check(docs: &[Doc], chosen: &Scored, silver: &Silver) -> Result<Option<ManualCheck>> {
    let labels = parse_labels(REVIEW_LABELS)?;
    let by_key: HashMap<&str, u32> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.key.as_str(), i as u32))
        .collect();
    let pool: HashSet<(u32, u32)> = chosen
        .pairs
        .iter()
        .filter(|p| !silver.pairs.contains_key(p) && !silver.same_title.contains(p))
        .copied()
        .collect();
    let mut seen = HashSet::new();
    let (mut n, mut k) = (0, 0);
    for (a, b, is_copy) in &labels {
        let (Some(&x), Some(&y)) = (by_key.get(a.as_str()), by_key.get(b.as_str())) else {
            continue;
        };
        let pair = ordered(x, y);
        if pool.contains(&pair) && seen.insert(pair) {
            n += 1;
            k += usize::from(*is_copy);
        }
    }
    if n == 0 {
        return Ok(None);
    }
    let rate = k as f64 / n as f64;
    let (lo, hi) = wilson(k, n);
    let total = chosen.score.predicted_pairs.max(1) as f64;
    let est = |r: f64| (chosen.score.true_positives as f64 + r * pool.len() as f64) / total;
    Ok(Some(ManualCheck {
        pool: pool.len(),
        labelled_in_pool: n,
        copies: k,
        copy_rate: rate,
        copy_rate_low: lo,
        copy_rate_high: hi,
        estimated_precision: est(rate),
        estimated_precision_low: est(lo),
        estimated_precision_high: est(hi),
    }))
}

fn pct(x: f64) -> String {
    format!("{:5.1}%", 100.0 * x)
}

impl fmt::Display for DedupReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.params;
        writeln!(f, "dedup eval — SaudiNewsNet ({})", self.dataset)?;
        writeln!(
            f,
            "docs {} ({} without words, never grouped), outlets {}",
            self.docs, self.empty_docs, self.outlets
        )?;
        writeln!(f, "silver: {}", self.silver_definition)?;
        writeln!(
            f,
            "silver pairs {} (title {}, exact content {}; {} same-title pairs below the overlap bar)",
            self.silver_pairs, self.silver_title_pairs, self.silver_exact_pairs, self.title_pairs_rejected
        )?;
        writeln!(
            f,
            "params: num_perm {} shingle_words {} bands {} (rows {}) threshold {}",
            p.num_perm,
            p.shingle_words,
            p.bands,
            p.rows(),
            p.threshold
        )?;
        let c = &self.chosen;
        writeln!(
            f,
            "pair precision {}  recall {}  F1 {}  (predicted cross-outlet pairs {}, true {})",
            pct(c.precision),
            pct(c.recall),
            pct(c.f1),
            c.predicted_pairs,
            c.true_positives
        )?;
        writeln!(
            f,
            "predicted pairs with same title {}, without {} (precision is a lower bound: see the review sample)",
            c.predicted_title_match, c.predicted_no_title_match
        )?;
        writeln!(
            f,
            "groups {} holding {} docs (largest {}); same-outlet pairs in groups {}; chained pairs {}",
            c.groups, c.docs_in_groups, c.largest_group, c.same_outlet_pairs, c.chained_pairs
        )?;
        if let Some(m) = &self.manual_check {
            writeln!(
                f,
                "hand check: {} of {} labelled different-title pairs outside the silver set are true copies ({}, 95% CI {}–{}) \
                 → estimated precision {} ({}–{}) over {} such pairs",
                m.copies,
                m.labelled_in_pool,
                pct(m.copy_rate).trim(),
                pct(m.copy_rate_low).trim(),
                pct(m.copy_rate_high).trim(),
                pct(m.estimated_precision).trim(),
                pct(m.estimated_precision_low).trim(),
                pct(m.estimated_precision_high).trim(),
                m.pool
            )?;
        }
        writeln!(f, "recall by overlap of the silver pair:")?;
        for b in &self.recall_by_overlap {
            writeln!(
                f,
                "  {:<30} {:>5} pairs  found {:>5}  recall {}",
                b.bin,
                b.silver_pairs,
                b.found,
                pct(b.recall)
            )?;
        }
        let table = |f: &mut fmt::Formatter<'_>, rows: &[PairScore]| -> fmt::Result {
            writeln!(
                f,
                "  n  thr   pairs   P       R       F1      no-title  chained  groups largest"
            )?;
            for r in rows {
                writeln!(
                    f,
                    "  {}  {:.2} {:>6}  {} {} {} {:>6}   {:>6}  {:>6} {:>6}",
                    r.shingle_words,
                    r.threshold,
                    r.predicted_pairs,
                    pct(r.precision),
                    pct(r.recall),
                    pct(r.f1),
                    r.predicted_no_title_match,
                    r.chained_pairs,
                    r.groups,
                    r.largest_group
                )?;
            }
            Ok(())
        };
        writeln!(f, "threshold sweep:")?;
        table(f, &self.sweep)?;
        if !self.shingle_sweep.is_empty() {
            writeln!(f, "shingle-size sweep:")?;
            table(f, &self.shingle_sweep)?;
        }
        let t = &self.timing;
        writeln!(
            f,
            "time: read {:.2}s, normalise {:.2}s, signatures {:.2}s, group {:.2}s → {:.0} docs/s (signatures + grouping)",
            t.read_s, t.normalize_s, t.signature_s, t.group_s, t.docs_per_s
        )?;
        if let Some(p) = &self.pairs_written {
            writeln!(f, "silver pairs written to {p}")?;
        }
        if let Some(p) = &self.review_written {
            writeln!(f, "review sample written to {p}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `../shared` beside the workspace root, or `$ISNAD_SHARED`.
    fn shared() -> Option<PathBuf> {
        let p = std::env::var_os("ISNAD_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
        p.join(DATASET).is_dir().then_some(p)
    }

    #[test]
    fn containment_is_of_the_shorter_text() {
        let a = "ا ب ج د ه و";
        let b = "ا ب ج د";
        assert_eq!(containment(a, b, 3), 1.0);
        assert_eq!(containment(a, "ز ح ط ي", 3), 0.0);
        assert_eq!(containment("", a, 3), 0.0);
    }

    #[test]
    fn labels_parse_and_reject_bad_lines() {
        let l = parse_labels(REVIEW_LABELS).unwrap();
        assert!(l.len() >= 50);
        assert!(parse_labels("1\ta\tb\tmaybe\tx")
            .unwrap_err()
            .to_string()
            .contains("line 1"));
        let (lo, hi) = wilson(47, 50);
        assert!(lo > 0.8 && lo < 0.9 && hi > 0.97 && hi <= 1.0, "{lo} {hi}");
    }

    #[test]
    fn missing_dataset_is_a_clear_error() {
        let err = run(Path::new("/nonexistent/shared"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("SaudiNewsNet not found"), "{err}");
    }

    /// The full evaluation (a minute in release). Run with
    /// `cargo test -p isnad-eval --release --lib dedup -- --ignored --nocapture`;
    /// `ISNAD_DEDUP_PAIRS_OUT`, `ISNAD_DEDUP_REVIEW_OUT` and
    /// `ISNAD_DEDUP_SHINGLES=2,3,4,5` add the optional outputs.
    #[test]
    #[ignore]
    fn full_eval_on_saudinewsnet() {
        let Some(shared) = shared() else {
            eprintln!("../shared/{DATASET} absent: skipping the dedup eval");
            return;
        };
        let env_path = |k: &str| std::env::var_os(k).map(PathBuf::from);
        // `ISNAD_DEDUP_PARAMS=num_perm,shingle_words,bands,threshold` overrides the default.
        let params = match std::env::var("ISNAD_DEDUP_PARAMS") {
            Ok(v) => {
                let f: Vec<&str> = v.split(',').map(str::trim).collect();
                assert_eq!(
                    f.len(),
                    4,
                    "ISNAD_DEDUP_PARAMS needs num_perm,shingle_words,bands,threshold"
                );
                DedupParams {
                    num_perm: f[0].parse().expect("num_perm"),
                    shingle_words: f[1].parse().expect("shingle_words"),
                    bands: f[2].parse().expect("bands"),
                    threshold: f[3].parse().expect("threshold"),
                }
            }
            Err(_) => DedupParams::default(),
        };
        let opts = DedupEvalOptions {
            params,
            pairs_out: env_path("ISNAD_DEDUP_PAIRS_OUT"),
            review_out: env_path("ISNAD_DEDUP_REVIEW_OUT"),
            groups_out: env_path("ISNAD_DEDUP_GROUPS_OUT"),
            shingle_sweep: std::env::var("ISNAD_DEDUP_SHINGLES")
                .ok()
                .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
                .unwrap_or_default(),
            ..DedupEvalOptions::default()
        };
        let report = run_with(&shared, &opts).unwrap();
        println!("{report}");
        println!("{}", serde_json::to_string(&report.chosen).unwrap());
        assert!(report.docs > 30_000);
        // Silver precision is only a lower bound (copies with new titles are
        // not in the silver set); the hand-checked estimate is the real bar.
        assert!(
            report.chosen.recall > 0.8,
            "silver recall {}",
            report.chosen.recall
        );
        let m = report
            .manual_check
            .expect("hand labels overlap the predictions");
        assert!(
            m.estimated_precision > 0.85,
            "estimated precision {}",
            m.estimated_precision
        );
    }
}
