//! Scoring each extraction stage against its gold file.
//!
//! One module per stage; each exposes `run(...) -> anyhow::Result<Report>`
//! where the report implements `Display` (the table `isnad eval STAGE`
//! prints) and `Serialize` (for `--json`).

pub mod arguments;
pub mod clean;
pub mod dedup;
pub mod entities;
pub mod events;
pub mod fusion;
pub mod ner;
pub mod time;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// Every `*.txt` gold file in `dir`, sorted by name, with its text. The gold
/// sets of several stages share this layout.
pub fn read_txt_files(dir: &Path) -> anyhow::Result<Vec<(PathBuf, String)>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read the gold folder", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!("{}: no *.txt gold articles", dir.display());
    }
    paths
        .into_iter()
        .map(|p| {
            let src = std::fs::read_to_string(&p)
                .with_context(|| format!("{}: cannot read", p.display()))?;
            Ok((p, src))
        })
        .collect()
}
