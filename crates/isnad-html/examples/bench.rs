//! Throughput of `extract` on the test fixtures, single thread:
//! `cargo run --release -p isnad-html --example bench [-- SECONDS]`.
//!
//! Two workloads: the fixture pages as they are (small pages, per-page
//! overhead dominates) and one large synthetic page (the fixtures' bodies
//! repeated, plus a 100 KB inline script, the way real pages are heavy).

use std::time::{Duration, Instant};

fn fixtures() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect()
}

fn measure(label: &str, pages: &[String], secs: f64) {
    let bytes: usize = pages.iter().map(String::len).sum();
    let mut done = 0usize;
    let mut blocks = 0usize;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs_f64(secs) {
        for p in pages {
            blocks += std::hint::black_box(isnad_html::extract(p)).blocks.len();
        }
        done += bytes;
    }
    let t = start.elapsed().as_secs_f64();
    println!(
        "{label}: {:.1} MB/s ({} MB in {t:.2} s, {} pages of {} KB avg, {} blocks)",
        done as f64 / 1e6 / t,
        done / 1_000_000,
        pages.len(),
        bytes / pages.len() / 1000,
        blocks
    );
}

fn main() {
    let secs: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let pages = fixtures();
    measure("fixture pages", &pages, secs);

    let mut big = String::from("<html><head><script>");
    while big.len() < 100_000 {
        big.push_str("var a = [1,2,3].map(function(x){ return x < 2 && x > 0; }); // <p>\n");
    }
    big.push_str("</script></head><body>");
    while big.len() < 1_000_000 {
        for p in &pages {
            let body = p.find("<body").map_or(p.as_str(), |i| &p[i..]);
            big.push_str(body);
        }
    }
    measure("large synthetic page", &[big], secs);
}
