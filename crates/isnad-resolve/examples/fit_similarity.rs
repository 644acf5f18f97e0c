//! Fit the costs and threshold of `name_similarity` on the ANETAC fit half
//! and score them on the test half:
//!
//!     cargo run -p isnad-resolve --release --example fit_similarity [../shared]
use std::path::PathBuf;

use isnad_resolve::anetac::{fit, load_pairs, score, Half};

fn main() {
    let shared = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared".into()),
    );
    let path = shared.join("datasets/gazetteers/anetac/EN-AR_Named-entities.txt");
    let (fit_set, test_set) = match (load_pairs(&path, Half::Fit), load_pairs(&path, Half::Test)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    for min_p in [0.90, 0.95, 0.97] {
        let (p, s) = fit(&fit_set, min_p);
        let t = score(&test_set, &p);
        println!("min hard precision {min_p}: {p:?}\n  fit  {s:?}\n  test {t:?}");
    }
    let d = isnad_resolve::DEFAULT_PARAMS;
    println!("default {d:?}\n  test {:?}", score(&test_set, &d));
}
