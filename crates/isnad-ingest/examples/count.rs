//! Reads the inputs given on the command line and prints counts and speed:
//! `cargo run -p isnad-ingest --release --example count -- ../shared/datasets/saudinewsnet/dataset`
//! With `--show N` it also prints the first N failures and skips.

use isnad_ingest::{read_inputs, IngestOptions, Item};
use std::time::Instant;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut show = 5usize;
    if let Some(i) = args.iter().position(|a| a == "--show") {
        show = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(5);
        args.drain(i..(i + 2).min(args.len()));
    }
    if args.is_empty() {
        eprintln!("usage: count [--show N] PATH...");
        std::process::exit(2);
    }
    let start = Instant::now();
    let (mut docs, mut skipped, mut failed, mut bytes, mut blocks, mut exact) =
        (0u64, 0u64, 0u64, 0u64, 0u64, 0u64);
    let mut shown = 0;
    for item in read_inputs(&args, &IngestOptions::default()) {
        match item {
            Item::Doc(d) => {
                docs += 1;
                bytes += d.original.len() as u64;
                blocks += d.blocks.len() as u64;
                exact += d.blocks.iter().filter(|b| b.exact).count() as u64;
            }
            Item::Skipped(s) => {
                skipped += 1;
                if shown < show {
                    shown += 1;
                    println!("{s}");
                }
            }
            Item::Failed(e) => {
                failed += 1;
                if shown < show {
                    shown += 1;
                    println!("error: {e}");
                }
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{docs} docs, {skipped} skipped, {failed} failed; {blocks} blocks ({exact} exact); {:.1} MB of originals in {secs:.2}s = {:.0} docs/s, {:.1} MB/s",
        bytes as f64 / 1e6,
        docs as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
}
