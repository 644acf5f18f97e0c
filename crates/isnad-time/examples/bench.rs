//! Throughput of recognition + resolution, one core:
//! `cargo run --release -p isnad-time --example bench [-- MB]`
//! Texts: the gold articles of eval/time (markup stripped; dense in dates) and,
//! when present, the Wojood sample sentences from ../shared (ordinary text).
use isnad_time::{Date, Dct, DctHow, TimeTagger};
use std::path::Path;
use std::time::Instant;

fn strip_markup(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(a) = rest.find("[[") {
        out.push_str(&rest[..a]);
        let after = &rest[a + 2..];
        let Some(b) = after.find("]]") else { break };
        out.push_str(after[..b].split('|').next().unwrap_or(""));
        rest = &after[b + 2..];
    }
    out.push_str(rest);
    out
}

fn bench(name: &str, texts: &[String], target_mb: f64) {
    if texts.is_empty() {
        println!("{name}: no text, skipped");
        return;
    }
    let tagger = TimeTagger::new();
    let dct = Dct {
        date: Date::new(2021, 7, 3).expect("valid"),
        how: DctHow::Metadata,
        confidence: 1.0,
    };
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let reps = ((target_mb * 1e6) / bytes as f64).ceil().max(1.0) as usize;
    // warm-up
    for t in texts {
        tagger.tag(t, &dct);
    }
    let t0 = Instant::now();
    let mut n = 0usize;
    for _ in 0..reps {
        for t in texts {
            n += tagger.tag(t, &dct).len();
        }
    }
    let s = t0.elapsed().as_secs_f64();
    let mb = (bytes * reps) as f64 / 1e6;
    println!(
        "{name}: {:.1} MB in {:.2} s = {:.1} MB/s, {:.0} expressions/s ({} expressions per pass)",
        mb,
        s,
        mb / s,
        n as f64 / s,
        n / reps
    );
}

fn main() {
    let target: f64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20.0);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut gold = Vec::new();
    if let Ok(rd) = std::fs::read_dir(root.join("eval/time/articles")) {
        for e in rd.flatten() {
            if let Ok(s) = std::fs::read_to_string(e.path()) {
                let body: Vec<&str> = s.lines().filter(|l| !l.starts_with("# ")).collect();
                gold.push(strip_markup(&body.join("\n")));
            }
        }
    }
    bench("gold articles (date-dense news)", &gold, target);
    let mut wojood = Vec::new();
    for f in ["train.txt", "val.txt", "test.txt"] {
        if let Ok(s) =
            std::fs::read_to_string(root.join("../shared/datasets/wojood_sample").join(f))
        {
            for block in s.split("\n\n") {
                let words: Vec<&str> = block
                    .lines()
                    .filter_map(|l| l.split_whitespace().next())
                    .collect();
                if !words.is_empty() {
                    wojood.push(words.join(" "));
                }
            }
        }
    }
    bench("Wojood sample sentences (ordinary text)", &wojood, target);
}
