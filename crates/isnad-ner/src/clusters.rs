//! Word clusters learned from unlabelled news (SaudiNewsNet), used as tagger
//! features so that words never seen in the small labelled corpus still get
//! useful weights (an unseen foreign surname lands in the same cluster as
//! the surnames the tagger did see).
//!
//! Method: skip-gram word vectors with negative sampling (word2vec) over the
//! normalised text, a narrow window so that vectors reflect how a word is
//! used more than its topic, then spherical k-means into `k_fine` clusters,
//! and k-means over those centroids for two coarser levels (a small
//! hierarchy, like Brown-cluster bit prefixes). Everything is single-threaded
//! and seeded, so a rerun gives the same clusters.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use crate::gazetteer::IdBuild;
use crate::hash::{hash_str, Rng};
use crate::Error;

/// No cluster (word unknown or too rare).
pub const NONE: u16 = u16::MAX;

/// No vector row.
pub const NO_ROW: u32 = u32::MAX;

/// Per word: clusters at three granularities (fine → coarse), its corpus
/// frequency, quantised as `round(4·log2(count))`, and its vector's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordInfo {
    pub cluster: [u16; 3],
    pub freq_q: u8,
    /// Row of the word's vector in [`ClusterTable::vecs`] ([`NO_ROW`]: none).
    pub row: u32,
}

/// Word (hashed normalised form) → [`WordInfo`], plus the word vectors the
/// clusters were made from (unit length, components × 127 as i8).
#[derive(Debug, Clone, Default)]
pub struct ClusterTable {
    pub words: HashMap<u32, WordInfo, IdBuild>,
    /// Vector length (0: no vectors kept).
    pub dim: usize,
    pub vecs: Vec<i8>,
}

/// Settings for [`train_clusters`].
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    pub dim: usize,
    pub window: usize,
    pub negatives: usize,
    pub epochs: usize,
    /// Words seen fewer times get no vector and no cluster.
    pub min_count: u32,
    /// Words seen fewer times are not stored at all (their count is 0).
    pub min_count_store: u32,
    pub k: [usize; 3],
    pub kmeans_iters: usize,
    pub seed: u64,
    /// Use at most this many articles (0: all). For quick experiments.
    pub max_articles: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            dim: 64,
            window: 3,
            negatives: 5,
            epochs: 2,
            min_count: 5,
            min_count_store: 3,
            k: [1000, 200, 50],
            kmeans_iters: 12,
            seed: 20260401,
            max_articles: 0,
        }
    }
}

#[inline]
pub fn word_key(norm: &str) -> u32 {
    (hash_str(norm) >> 32) as u32
}

impl ClusterTable {
    #[inline]
    pub fn get(&self, norm_hash: u64) -> Option<&WordInfo> {
        self.words.get(&((norm_hash >> 32) as u32))
    }
    /// The word vectors as floats (what the tagger multiplies with).
    pub fn dequantised(&self) -> Vec<f32> {
        self.vecs.iter().map(|&x| f32::from(x) / 127.0).collect()
    }
    /// Approximate corpus count of a normalised word (0 when unknown).
    pub fn count(&self, norm: &str) -> u32 {
        self.words
            .get(&word_key(norm))
            .map_or(0, |w| 2f32.powf(f32::from(w.freq_q) / 4.0).round() as u32)
    }
}

/// Read every article (title + content) of SaudiNewsNet's daily zip files.
pub fn read_saudinewsnet(dir: &Path, max_articles: usize) -> Result<Vec<String>, Error> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::data(
            dir,
            "no .zip files (expected SaudiNewsNet's daily archives)",
        ));
    }
    let mut out = Vec::new();
    for f in files {
        let file = std::fs::File::open(&f).map_err(|e| Error::io(&f, e))?;
        let mut zip =
            zip::ZipArchive::new(file).map_err(|e| Error::data(&f, format!("bad zip: {e}")))?;
        for i in 0..zip.len() {
            let mut entry = zip
                .by_index(i)
                .map_err(|e| Error::data(&f, format!("bad zip entry {i}: {e}")))?;
            if !entry.name().ends_with(".json") || entry.name().contains("__MACOSX") {
                continue;
            }
            let name = entry.name().to_string();
            let mut buf = String::new();
            entry
                .read_to_string(&mut buf)
                .map_err(|e| Error::data(&f, format!("{name}: {e}")))?;
            let v: serde_json::Value = serde_json::from_str(&buf)
                .map_err(|e| Error::data(&f, format!("{name}: invalid JSON: {e}")))?;
            let Some(arr) = v.as_array() else {
                return Err(Error::data(
                    &f,
                    format!("{name}: expected a JSON array of articles"),
                ));
            };
            for a in arr {
                let mut text = String::new();
                for field in ["title", "content"] {
                    if let Some(s) = a.get(field).and_then(|x| x.as_str()) {
                        text.push_str(s);
                        text.push('\n');
                    }
                }
                out.push(text);
                if max_articles > 0 && out.len() >= max_articles {
                    return Ok(out);
                }
            }
        }
    }
    Ok(out)
}

/// Train the cluster table from SaudiNewsNet under `shared`.
pub fn train_clusters(
    shared: &Path,
    opts: &ClusterOptions,
    log: &mut dyn FnMut(&str),
) -> Result<ClusterTable, Error> {
    let dir = shared.join("datasets").join("saudinewsnet").join("dataset");
    let t0 = std::time::Instant::now();
    let articles = read_saudinewsnet(&dir, opts.max_articles)?;
    // Vocabulary and corpus as ids.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut corpus: Vec<u32> = Vec::new();
    for a in &articles {
        let norm = isnad_arabic::normalize(a);
        let chars: Vec<(usize, char)> = norm.char_indices().collect();
        for (s, e) in isnad_arabic::word_spans(&norm) {
            let bs = chars[s].0;
            let be = chars.get(e).map_or(norm.len(), |x| x.0);
            let w = &norm[bs..be];
            let id = match ids.get(w) {
                Some(&id) => id,
                None => {
                    let id = words.len() as u32;
                    ids.insert(w.to_string(), id);
                    words.push(w.to_string());
                    counts.push(0);
                    id
                }
            };
            counts[id as usize] += 1;
            corpus.push(id);
        }
        corpus.push(u32::MAX); // article boundary
    }
    drop(ids);
    log(&format!(
        "clusters: {} articles, {} tokens, {} types read in {:.1}s",
        articles.len(),
        corpus.len(),
        words.len(),
        t0.elapsed().as_secs_f32()
    ));
    drop(articles);

    // Vector vocabulary: frequent words only, re-indexed densely.
    let mut vid = vec![u32::MAX; words.len()];
    let mut vwords: Vec<u32> = Vec::new();
    for (i, &c) in counts.iter().enumerate() {
        if c >= opts.min_count {
            vid[i] = vwords.len() as u32;
            vwords.push(i as u32);
        }
    }
    let stream: Vec<u32> = corpus
        .iter()
        .filter_map(|&w| match w {
            // Keep article boundaries; drop rare words (they have no vector).
            u32::MAX => Some(u32::MAX),
            w => Some(vid[w as usize]).filter(|&v| v != u32::MAX),
        })
        .collect();
    let vcounts: Vec<u32> = vwords.iter().map(|&w| counts[w as usize]).collect();
    let vecs = sgns(&stream, &vcounts, opts, log);
    log(&format!(
        "clusters: vectors for {} words after {:.1}s",
        vwords.len(),
        t0.elapsed().as_secs_f32()
    ));

    let fine = kmeans(&vecs, opts.dim, opts.k[0], opts.kmeans_iters, opts.seed);
    let fine_centroids = centroids(&vecs, opts.dim, &fine, opts.k[0]);
    let mid = kmeans(
        &fine_centroids,
        opts.dim,
        opts.k[1],
        opts.kmeans_iters * 2,
        opts.seed + 1,
    );
    let mid_centroids = centroids(&fine_centroids, opts.dim, &mid, opts.k[1]);
    let coarse = kmeans(
        &mid_centroids,
        opts.dim,
        opts.k[2],
        opts.kmeans_iters * 2,
        opts.seed + 2,
    );
    log(&format!(
        "clusters: k-means done after {:.1}s",
        t0.elapsed().as_secs_f32()
    ));

    let mut table = ClusterTable {
        dim: opts.dim,
        vecs: vecs
            .iter()
            .map(|&x| (x * 127.0).round().clamp(-127.0, 127.0) as i8)
            .collect(),
        ..Default::default()
    };
    for (i, w) in words.iter().enumerate() {
        let c = counts[i];
        if c < opts.min_count_store {
            continue;
        }
        let row = vid[i];
        let cluster = match vid[i] {
            u32::MAX => [NONE; 3],
            v => {
                let f = fine[v as usize];
                let m = mid[f as usize];
                [f as u16, m as u16, coarse[m as usize] as u16]
            }
        };
        let freq_q = (4.0 * (c as f32).log2()).round().clamp(0.0, 255.0) as u8;
        table.words.insert(
            word_key(w),
            WordInfo {
                cluster,
                freq_q,
                row,
            },
        );
    }
    Ok(table)
}

#[inline]
fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x.clamp(-8.0, 8.0)).exp())
}

/// Skip-gram with negative sampling; returns unit-length vectors, `dim` per word.
fn sgns(
    stream: &[u32],
    counts: &[u32],
    opts: &ClusterOptions,
    log: &mut dyn FnMut(&str),
) -> Vec<f32> {
    let n = counts.len();
    let dim = opts.dim;
    let mut rng = Rng::new(opts.seed);
    let mut syn0: Vec<f32> = (0..n * dim)
        .map(|_| (rng.unit() - 0.5) / dim as f32)
        .collect();
    let mut syn1 = vec![0f32; n * dim];
    // Unigram^0.75 table for negatives.
    let table_size = 1 << 22;
    let total_pow: f64 = counts.iter().map(|&c| f64::from(c).powf(0.75)).sum();
    let mut table = Vec::with_capacity(table_size);
    let mut acc = 0f64;
    let mut w = 0usize;
    for i in 0..table_size {
        let target = (i as f64 + 0.5) / table_size as f64;
        while w + 1 < n && acc + f64::from(counts[w]).powf(0.75) / total_pow < target {
            acc += f64::from(counts[w]).powf(0.75) / total_pow;
            w += 1;
        }
        table.push(w as u32);
    }
    let total: f64 = counts.iter().map(|&c| f64::from(c)).sum();
    let sample = 1e-4;
    let keep: Vec<f32> = counts
        .iter()
        .map(|&c| {
            let f = f64::from(c) / total;
            (((f / sample).sqrt() + 1.0) * sample / f).min(1.0) as f32
        })
        .collect();
    let lr0 = 0.025f32;
    let steps = (stream.len() * opts.epochs) as f32;
    let mut done = 0usize;
    let mut grad = vec![0f32; dim];
    let mut sent: Vec<u32> = Vec::with_capacity(1024);
    for epoch in 0..opts.epochs {
        let mut pos = 0;
        while pos < stream.len() {
            // One article (or 1000 tokens) at a time, subsampled.
            sent.clear();
            while pos < stream.len() && sent.len() < 1000 {
                let w = stream[pos];
                pos += 1;
                done += 1;
                if w == u32::MAX {
                    if !sent.is_empty() {
                        break;
                    }
                    continue;
                }
                if keep[w as usize] < 1.0 && rng.unit() > keep[w as usize] {
                    continue;
                }
                sent.push(w);
            }
            let lr = (lr0 * (1.0 - done as f32 / (steps + 1.0))).max(lr0 * 1e-4);
            for i in 0..sent.len() {
                let b = 1 + rng.below(opts.window);
                let lo = i.saturating_sub(b);
                let hi = (i + b + 1).min(sent.len());
                for j in lo..hi {
                    if j == i {
                        continue;
                    }
                    let input = sent[j] as usize * dim;
                    grad.iter_mut().for_each(|g| *g = 0.0);
                    for d in 0..=opts.negatives {
                        let (target, label) = if d == 0 {
                            (sent[i] as usize, 1.0)
                        } else {
                            let t = table[rng.below(table_size)] as usize;
                            if t == sent[i] as usize {
                                continue;
                            }
                            (t, 0.0)
                        };
                        let out = target * dim;
                        let (a, b) = (&syn0[input..input + dim], &mut syn1[out..out + dim]);
                        let dot: f32 = a.iter().zip(b.iter()).map(|(x, y)| x * y).sum();
                        let g = (label - sigmoid(dot)) * lr;
                        for k in 0..dim {
                            grad[k] += g * b[k];
                            b[k] += g * a[k];
                        }
                    }
                    for (x, g) in syn0[input..input + dim].iter_mut().zip(&grad) {
                        *x += g;
                    }
                }
            }
        }
        log(&format!("clusters: word2vec epoch {} done", epoch + 1));
    }
    for v in syn0.chunks_mut(dim) {
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-8);
        v.iter_mut().for_each(|x| *x /= norm);
    }
    syn0
}

/// Spherical k-means (cosine) with k-means++-style seeding; returns the
/// cluster of each vector.
fn kmeans(vecs: &[f32], dim: usize, k: usize, iters: usize, seed: u64) -> Vec<u32> {
    let n = vecs.len() / dim;
    let k = k.min(n).max(1);
    let mut rng = Rng::new(seed);
    // Seeding: farthest-first on a sample is costly; use k-means++ on cosine distance.
    let mut cent: Vec<f32> = Vec::with_capacity(k * dim);
    let first = rng.below(n);
    cent.extend_from_slice(&vecs[first * dim..(first + 1) * dim]);
    let mut dist: Vec<f32> = (0..n)
        .map(|i| 1.0 - dot(&vecs[i * dim..(i + 1) * dim], &cent[0..dim]))
        .collect();
    while cent.len() < k * dim {
        let total: f32 = dist.iter().map(|d| d.max(0.0)).sum();
        let mut r = rng.unit() * total;
        let mut pick = n - 1;
        for (i, d) in dist.iter().enumerate() {
            r -= d.max(0.0);
            if r <= 0.0 {
                pick = i;
                break;
            }
        }
        let c0 = cent.len();
        cent.extend_from_slice(&vecs[pick * dim..(pick + 1) * dim]);
        for i in 0..n {
            let d = 1.0 - dot(&vecs[i * dim..(i + 1) * dim], &cent[c0..c0 + dim]);
            if d < dist[i] {
                dist[i] = d;
            }
        }
    }
    let mut assign = vec![0u32; n];
    for _ in 0..iters {
        let mut changed = 0;
        for i in 0..n {
            let v = &vecs[i * dim..(i + 1) * dim];
            let mut best = (f32::MIN, 0u32);
            for c in 0..k {
                let s = dot(v, &cent[c * dim..(c + 1) * dim]);
                if s > best.0 {
                    best = (s, c as u32);
                }
            }
            if assign[i] != best.1 {
                changed += 1;
            }
            assign[i] = best.1;
        }
        cent = centroids(vecs, dim, &assign, k);
        if changed == 0 {
            break;
        }
    }
    assign
}

/// Unit-length mean of each cluster's vectors (an empty cluster keeps a zero vector).
fn centroids(vecs: &[f32], dim: usize, assign: &[u32], k: usize) -> Vec<f32> {
    let mut cent = vec![0f32; k * dim];
    for (i, &c) in assign.iter().enumerate() {
        let c = c as usize;
        for d in 0..dim {
            cent[c * dim + d] += vecs[i * dim + d];
        }
    }
    for v in cent.chunks_mut(dim) {
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
    }
    cent
}

#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kmeans_separates_obvious_groups() {
        // Two tight groups of 2-d unit vectors.
        let mut v = Vec::new();
        for i in 0..10 {
            let a = 0.01 * i as f32;
            v.extend_from_slice(&[a.cos(), a.sin()]);
            let b = 1.5 + 0.01 * i as f32;
            v.extend_from_slice(&[b.cos(), b.sin()]);
        }
        let a = kmeans(&v, 2, 2, 10, 1);
        for i in 0..10 {
            assert_eq!(a[2 * i], a[0]);
            assert_eq!(a[2 * i + 1], a[1]);
        }
        assert_ne!(a[0], a[1]);
    }
}
