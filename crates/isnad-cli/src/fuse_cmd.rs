//! `isnad fuse` (re-run the fusion stage on a store) and `isnad eval stories`
//! (story grouping on a large stored corpus, where syndicated copies across
//! outlets are the known positives).

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use crate::pipeline::{fusion_inputs, write_fusion};

/// Re-run fusion over everything in the store; prints counts and timings.
pub fn fuse(db: &Path) -> anyhow::Result<()> {
    let mut store = crate::open_existing_store(db)?;
    let t = Instant::now();
    let inputs = fusion_inputs(&store)?;
    let read_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let fusion = isnad_fuse::fuse(
        &inputs.docs,
        &inputs.mentions,
        &isnad_fuse::FuseConfig::default(),
    );
    let fuse_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    write_fusion(&mut store, &inputs, &fusion)?;
    let write_s = t.elapsed().as_secs_f64();
    let s = fusion.stats;
    eprintln!(
        "isnad: fused {} mentions of {} documents into {} events ({} with several sources, {} disagreements) and {} stories; {} candidate pairs, {} merges",
        s.mentions, inputs.docs.len(), s.events, s.multi_source_events, s.disagreements, s.stories, s.candidate_pairs, s.merges
    );
    eprintln!("isnad: read {read_s:.1} s, fuse {fuse_s:.1} s, write {write_s:.1} s");
    Ok(())
}

/// Story grouping measured on a stored corpus.
#[derive(Debug, Serialize)]
pub struct StoriesReport {
    pub documents: usize,
    pub stories: usize,
    /// Documents alone in their story.
    pub singletons: usize,
    /// Story sizes: 1, 2-5, 6-20, 21-100, >100.
    pub size_bins: [usize; 5],
    pub largest: usize,
    pub largest_title: String,
    /// Pairs (canonical, copy) from different outlets; how many share a story
    /// when copies are NOT linked by construction.
    pub copy_pairs: usize,
    pub copy_pairs_together: usize,
    pub fuse_seconds: f64,
    /// Random same-story pairs that are not copies, for reading by hand.
    pub sample: Vec<(String, String)>,
}

impl fmt::Display for StoriesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "stories: {} documents in {} stories ({} singletons); fusion {:.1} s",
            self.documents, self.stories, self.singletons, self.fuse_seconds
        )?;
        writeln!(
            f,
            "sizes: 1: {}  2-5: {}  6-20: {}  21-100: {}  >100: {}",
            self.size_bins[0],
            self.size_bins[1],
            self.size_bins[2],
            self.size_bins[3],
            self.size_bins[4]
        )?;
        writeln!(
            f,
            "largest: {} documents — {}",
            self.largest, self.largest_title
        )?;
        writeln!(
            f,
            "cross-outlet copy pairs in one story (copies not linked by construction): {}/{} = {:.1}%",
            self.copy_pairs_together,
            self.copy_pairs,
            100.0 * self.copy_pairs_together as f64 / self.copy_pairs.max(1) as f64
        )?;
        if !self.sample.is_empty() {
            writeln!(f, "same-story pairs (not copies) to read:")?;
            for (a, b) in &self.sample {
                writeln!(f, "  • {a}\n    {b}")?;
            }
        }
        Ok(())
    }
}

/// Group the stored documents into stories with copies treated like any
/// other document, and score that against the copy groups.
pub fn eval_stories(db: &Path, sample: usize) -> anyhow::Result<StoriesReport> {
    let store = crate::open_existing_store(db)?;
    let inputs = fusion_inputs(&store)?;
    let cfg = isnad_fuse::FuseConfig {
        link_copies: false,
        ..Default::default()
    };
    let t = Instant::now();
    let fusion = isnad_fuse::fuse(&inputs.docs, &inputs.mentions, &cfg);
    let fuse_seconds = t.elapsed().as_secs_f64();
    let docs = &inputs.docs;
    let index: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let (mut copy_pairs, mut together) = (0, 0);
    for (i, d) in docs.iter().enumerate() {
        if d.source == d.id {
            continue;
        }
        let Some(&c) = index.get(d.source.as_str()) else {
            continue;
        };
        if docs[c].outlet == d.outlet {
            continue;
        }
        copy_pairs += 1;
        together += usize::from(fusion.document_story[c] == fusion.document_story[i]);
    }
    let mut size_bins = [0usize; 5];
    for s in &fusion.stories {
        let n = s.documents.len();
        size_bins[match n {
            1 => 0,
            2..=5 => 1,
            6..=20 => 2,
            21..=100 => 3,
            _ => 4,
        }] += 1;
    }
    let largest = fusion.stories.iter().max_by_key(|s| s.documents.len());
    // A fixed-seed sample of same-story pairs that are not copies of each other.
    let mut pick = Vec::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let multi: Vec<&isnad_fuse::Story> = fusion
        .stories
        .iter()
        .filter(|s| s.documents.len() > 1)
        .collect();
    let title = |id: &str| -> String {
        index
            .get(id)
            .map(|&i| {
                let d = &docs[i];
                format!(
                    "[{} {}] {}",
                    d.outlet.as_deref().unwrap_or("?"),
                    d.published.map(|p| p.to_string()).unwrap_or_default(),
                    d.title
                        .as_deref()
                        .unwrap_or("")
                        .chars()
                        .take(90)
                        .collect::<String>()
                )
            })
            .unwrap_or_default()
    };
    let mut tries = 0;
    while pick.len() < sample && !multi.is_empty() && tries < sample * 50 {
        tries += 1;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let s = multi[(x % multi.len() as u64) as usize];
        let a = &s.documents[((x >> 20) % s.documents.len() as u64) as usize];
        let b = &s.documents[((x >> 40) % s.documents.len() as u64) as usize];
        let (Some(&ia), Some(&ib)) = (index.get(a.as_str()), index.get(b.as_str())) else {
            continue;
        };
        if ia == ib || docs[ia].source == docs[ib].source {
            continue;
        }
        pick.push((title(a), title(b)));
    }
    Ok(StoriesReport {
        documents: docs.len(),
        stories: fusion.stories.len(),
        singletons: size_bins[0],
        size_bins,
        largest: largest.map_or(0, |s| s.documents.len()),
        largest_title: largest.map(|s| s.title.clone()).unwrap_or_default(),
        copy_pairs,
        copy_pairs_together: together,
        fuse_seconds,
        sample: pick,
    })
}
