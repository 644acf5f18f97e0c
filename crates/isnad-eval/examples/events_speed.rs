//! Throughput of the event extractor on the gold articles (default `eval/events`):
//! `cargo run --release -p isnad-eval --example events_speed [GOLD_DIR]`.

use std::path::PathBuf;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../eval/events"));
    match isnad_eval::events::speed(&dir) {
        Ok(report) => print!("{report}"),
        Err(e) => {
            eprintln!("events_speed: {}: {e}", dir.display());
            std::process::exit(1);
        }
    }
}
