//! `isnad bench`: throughput and peak memory of the per-document stages and
//! dedup, on any input (the figures in BENCHMARKS.md come from here).
//!
//! Same code path as `isnad analyze` minus the store, so the numbers measure
//! the pipeline rather than SQLite.

use std::time::Instant;

use clap::Args;
use isnad_clean::OutletLineStats;
use isnad_dedup::{CopyDetector, DedupParams};
use isnad_ingest::{read_inputs, IngestOptions, Item};
use rayon::prelude::*;
use serde::Serialize;

use crate::pipeline::Stages;
use crate::EXIT_OK;

#[derive(Args)]
pub struct BenchArgs {
    /// Inputs to process (e.g. ../shared/datasets/saudinewsnet/dataset).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
    /// Also run the annotation stages (dates, entities, events), as
    /// `isnad analyze` does; by default only ingest + clean + dedup.
    #[arg(long)]
    all: bool,
}

#[derive(Serialize, Default)]
struct Figures {
    stages: &'static str,
    threads: usize,
    documents: u64,
    failed: u64,
    skipped: u64,
    input_mb: f64,
    pass1_s: f64,
    pass2_s: f64,
    dedup_s: f64,
    total_s: f64,
    docs_per_s: f64,
    mb_per_s: f64,
    copy_groups: usize,
    documents_in_groups: usize,
    peak_rss_mb: Option<f64>,
}

/// Peak resident set size of this process (Linux `VmHWM`).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(a: &BenchArgs) -> anyhow::Result<u8> {
    if let Some(n) = a.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()?;
    }
    let opts = IngestOptions::default();
    let stages = Stages::new()?;
    let mut f = Figures {
        stages: if a.all {
            "ingest+clean+dedup+dates+entities+events"
        } else {
            "ingest+clean+dedup"
        },
        threads: rayon::current_num_threads(),
        ..Default::default()
    };
    let t0 = Instant::now();

    let mut stats = OutletLineStats::default();
    for item in read_inputs(&a.inputs, &opts) {
        if let Item::Doc(doc) = item {
            stats.observe(&doc);
        }
    }
    f.pass1_s = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    let mut detector = CopyDetector::new(DedupParams::default());
    let mut batch = Vec::with_capacity(256);
    let mut bytes = 0usize;
    let process = |batch: &mut Vec<isnad_core::RawDoc>, detector: &mut CopyDetector| {
        let done: Vec<_> = std::mem::take(batch)
            .into_par_iter()
            .map(|raw| {
                if a.all {
                    let nd = stages.process(raw, &stats);
                    (nd.doc.id.clone(), nd.signature, nd.content_hash)
                } else {
                    let (doc, sig, hash) = stages.clean_and_sign(raw, &stats);
                    (doc.id, sig, hash)
                }
            })
            .collect();
        for (id, sig, hash) in done {
            let sig = isnad_dedup::Signature::from_bytes(&sig).expect("own signature");
            detector.insert(id, sig, hash);
        }
    };
    for item in crate::pipeline::read_ahead(&a.inputs, &opts) {
        match item {
            Item::Doc(doc) => {
                f.documents += 1;
                bytes += doc.original.len();
                batch.push(*doc);
                if batch.len() >= 256 {
                    process(&mut batch, &mut detector);
                }
            }
            Item::Skipped(_) => f.skipped += 1,
            Item::Failed(e) => {
                f.failed += 1;
                eprintln!("isnad: error: {e}");
            }
        }
    }
    process(&mut batch, &mut detector);
    f.pass2_s = t1.elapsed().as_secs_f64();

    let t2 = Instant::now();
    let groups = detector.groups();
    f.dedup_s = t2.elapsed().as_secs_f64();
    f.copy_groups = groups.len();
    f.documents_in_groups = groups.iter().map(|g| g.copies.len() + 1).sum();

    f.total_s = t0.elapsed().as_secs_f64();
    f.input_mb = bytes as f64 / 1e6;
    f.docs_per_s = f.documents as f64 / f.total_s;
    f.mb_per_s = f.input_mb / f.total_s;
    f.peak_rss_mb = peak_rss_mb();

    if a.json {
        println!("{}", serde_json::to_string_pretty(&f)?);
    } else {
        println!("stages             {}", f.stages);
        println!("threads            {}", f.threads);
        println!(
            "documents          {} ({} skipped, {} failed)",
            f.documents, f.skipped, f.failed
        );
        println!("input              {:.1} MB", f.input_mb);
        println!("pass 1 (stats)     {:.2} s", f.pass1_s);
        println!("pass 2 (per doc)   {:.2} s", f.pass2_s);
        println!("dedup (LSH)        {:.2} s", f.dedup_s);
        println!("total              {:.2} s", f.total_s);
        println!(
            "throughput         {:.0} docs/s, {:.1} MB/s",
            f.docs_per_s, f.mb_per_s
        );
        println!(
            "copy groups        {} ({} documents)",
            f.copy_groups, f.documents_in_groups
        );
        match f.peak_rss_mb {
            Some(m) => println!("peak RSS           {m:.0} MB"),
            None => println!("peak RSS           unknown (no /proc)"),
        }
    }
    Ok(EXIT_OK)
}
