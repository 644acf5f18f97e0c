//! Throughput of the clean stage, single thread.
//!
//! `cargo run --release -p isnad-clean --example bench_clean [INPUT...]`
//! (default: `../shared/datasets/saudinewsnet/dataset`, read with
//! isnad-ingest). Reads every document first, then times pass 1
//! (`OutletLineStats::observe`) and `Cleaner::clean` separately and prints
//! MB/s of block text. Prints a note and exits 0 when the input is absent.

use std::path::Path;
use std::time::Instant;

use isnad_clean::{Cleaner, OutletLineStats};
use isnad_ingest::{read_inputs, IngestOptions, Item};

/// CPU seconds used by this process so far (Linux `/proc/self/stat`, 100 Hz
/// ticks), so that throughput can be read on a busy shared machine too.
fn cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let mut inputs: Vec<String> = std::env::args().skip(1).collect();
    if inputs.is_empty() {
        let default = "../shared/datasets/saudinewsnet/dataset";
        let alt = "../../../shared/datasets/saudinewsnet/dataset";
        let found = [default, alt].into_iter().find(|p| Path::new(p).exists());
        match found {
            Some(p) => inputs.push(p.to_string()),
            None => {
                println!("note: {default} not found; pass an input path. Nothing measured.");
                return;
            }
        }
    }
    let t = Instant::now();
    let mut docs = Vec::new();
    let mut failed = 0;
    for item in read_inputs(&inputs, &IngestOptions::default()) {
        match item {
            Item::Doc(d) => docs.push(*d),
            Item::Skipped(_) => {}
            Item::Failed(e) => {
                failed += 1;
                if failed <= 3 {
                    eprintln!("{e}");
                }
            }
        }
    }
    let bytes: usize = docs
        .iter()
        .flat_map(|d| d.blocks.iter())
        .map(|b| b.text.len())
        .sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "read {} docs ({failed} failed), {:.1} MB of block text in {:.1}s",
        docs.len(),
        mb,
        t.elapsed().as_secs_f64()
    );

    let (t, c0) = (Instant::now(), cpu_secs());
    let mut stats = OutletLineStats::default();
    for d in &docs {
        stats.observe(d);
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs().zip(c0).map(|(a, b)| a - b).unwrap_or(f64::NAN);
    println!(
        "observe: {:.2}s wall ({:.1} MB/s), {:.2}s cpu ({:.1} MB/s), {} outlets",
        secs,
        mb / secs,
        cpu,
        mb / cpu,
        stats.outlets().count()
    );

    let cleaner = Cleaner::new();
    let (t, c0) = (Instant::now(), cpu_secs());
    let (mut removed, mut kept_chars, mut sentences) = (0usize, 0usize, 0usize);
    let n = docs.len();
    for d in docs {
        let c = cleaner.clean(d, &stats);
        removed += c.removed.len();
        kept_chars += c.text.len();
        sentences += c.sentences.len();
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs().zip(c0).map(|(a, b)| a - b).unwrap_or(f64::NAN);
    println!(
        "clean: {:.2}s wall ({:.1} MB/s), {:.2}s cpu ({:.1} MB/s, {:.0} docs/s); {} lines removed, {} sentences, {:.1} MB kept",
        secs,
        mb / secs,
        cpu,
        mb / cpu,
        n as f64 / cpu,
        removed,
        sentences,
        kept_chars as f64 / 1e6
    );
}
