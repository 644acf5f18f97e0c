//! The real SaudiNewsNet zips in ../shared (skipped with a note when absent):
//! every article comes out, `original` is exactly its array element.

mod common;

use common::*;
use std::io::Read;
use std::path::PathBuf;

fn dataset() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/datasets/saudinewsnet/dataset");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("note: {} not found; SaudiNewsNet test skipped", p.display());
        None
    }
}

/// The day's articles as serde_json parses them (the reference).
fn reference(zip_path: &PathBuf) -> Vec<serde_json::Value> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
    let mut json = String::new();
    archive
        .by_index(0)
        .unwrap()
        .read_to_string(&mut json)
        .unwrap();
    serde_json::from_str(&json).unwrap()
}

#[test]
fn one_day_matches_serde_json() {
    let Some(dir) = dataset() else { return };
    let zip_path = dir.join("2015-07-23.zip");
    let want = reference(&zip_path);
    let items = read(&[zip_path.to_string_lossy().into_owned()]);
    assert!(failures(&items).is_empty(), "{:?}", failures(&items));
    let ds = docs(&items);
    let empty = want
        .iter()
        .filter(|a| a["content"].as_str().unwrap().trim().is_empty())
        .count();
    assert_eq!(ds.len() + skips(&items).len(), want.len());
    assert_eq!(skips(&items).len(), empty);
    let mut exact = 0;
    for d in &ds {
        let n: usize = d
            .source
            .locator
            .as_deref()
            .unwrap()
            .strip_prefix("item ")
            .unwrap()
            .parse()
            .unwrap();
        let got: serde_json::Value = serde_json::from_slice(&d.original).unwrap();
        let art = &want[n - 1];
        assert_eq!(&got, art, "{}", d.source);
        assert_eq!(d.meta.outlet.as_deref(), art["source"].as_str());
        assert_eq!(
            d.meta.title.as_deref().map(str::to_owned),
            art["title"]
                .as_str()
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        );
        // Body lines, joined, are the content's non-empty lines.
        let lines: Vec<&str> = art["content"]
            .as_str()
            .unwrap()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(body(d), lines, "{}", d.source);
        exact += d.blocks.iter().filter(|b| b.exact).count();
    }
    assert!(
        exact > ds.len(),
        "most lines carry no JSON escape and map exactly"
    );
}

/// All 18 days: 31,030 articles, each a document or an "empty text" skip
/// (about 5 s in a debug build).
#[test]
fn all_days_count() {
    let Some(dir) = dataset() else { return };
    let items = read(&[dir.to_string_lossy().into_owned()]);
    assert!(failures(&items).is_empty());
    assert_eq!(docs(&items).len() + skips(&items).len(), 31_030);
}
