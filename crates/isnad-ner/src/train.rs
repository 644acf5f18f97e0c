//! Training the tagger from `../shared`: `cargo run -p isnad-ner --release
//! --example train` (and `isnad train ner`) call [`train`].
//!
//! Steps: build the gazetteer; learn (or reuse cached) word clusters from
//! SaudiNewsNet; read ANERcorp's CAMeL train split, relabel LOC mentions that
//! the gazetteer knows as countries or cities to GPE; hold out the last
//! `dev_fraction` of the sentences to choose the number of epochs; retrain on
//! all of train; train the title tagger on Wojood's OCC spans (its val split
//! chooses the epochs); quantise, prune and write the model file.
//! The test files are never read here.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::clusters::{self, ClusterOptions, ClusterTable};
use crate::conll::{self, Span};
use crate::features::{self, FeatureConfig, Resources};
use crate::gazetteer::{stem_of, Gazetteer, G_CITY, G_COUNTRY};
use crate::hash::{hash_str, Rng};
use crate::mined::Mined;
use crate::model::{self, ModelParts};
use crate::names::{NameLists, N_FIRST, N_LAST};
use crate::perceptron::{self, Example, FeatureIndex, Linear, Scheme, Trainer};
use crate::score::Scores;
use crate::{doc, title, EntityType, Error};

/// Settings for [`train`]. `TrainOptions::new(shared, out)` gives the
/// defaults used for the shipped model.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// The `shared/` folder (holding `datasets/`).
    pub shared_dir: PathBuf,
    /// Where to write the model file; `None`: train and report only.
    pub out: Option<PathBuf>,
    /// Where cached word clusters live (`clusters-*.bin`).
    pub cache_dir: PathBuf,
    /// Fixed number of epochs; `None`: the best on dev, up to `max_epochs`.
    pub epochs: Option<usize>,
    pub max_epochs: usize,
    /// Share of train sentences (the last ones) held out as dev.
    pub dev_fraction: f64,
    /// Retrain on train + dev with the chosen epochs before saving.
    pub final_on_all: bool,
    pub features: FeatureConfig,
    pub cluster_opts: ClusterOptions,
    /// Settings of the second (topical) clustering, used when
    /// `features.clusters2` is on.
    pub cluster_opts2: ClusterOptions,
    /// Ignore the cluster cache and learn them again.
    pub rebuild_clusters: bool,
    /// Drop features whose largest weight is below this share of the largest.
    pub prune: f32,
    /// The learner for the entity passes (`None`: averaged perceptron;
    /// `Some`: SGD CRF with these settings).
    pub crf: Option<crate::crf::CrfOptions>,
    /// Perceptrons (different shuffles) whose weights are averaged per model.
    pub ensemble: usize,
    /// BILOU labels for entities (else BIO).
    pub bilou: bool,
    /// Keep only features seen at least this many times in training.
    pub min_feature_count: u32,
    /// Train the title tagger too.
    pub titles: bool,
    /// Train the second, document-level pass (see [`crate::doc`]).
    pub doc_pass: bool,
    /// Add WikiFANE Gold (Wikipedia, not ANERcorp's text) as extra entity
    /// training data, fine classes mapped to ours (see [`fane_type`]).
    pub wikifane: bool,
    /// Add the Wojood sample's train and val splits (never its test) as
    /// extra entity training data (see [`read_wojood`]).
    pub wojood: bool,
    /// With `wojood`: also map its CURR and EVENT spans to MISC.
    pub wojood_misc: bool,
    /// With `features.names`: a stem joins the first/last-name lists when
    /// counted at least this many times.
    pub names_min_count: u32,
    /// Our own marked-up news (`eval/events/`, development stories only, see
    /// [`crate::inhouse`]) added to the entity and title training data;
    /// `None`: ANERcorp and Wojood alone.
    pub inhouse: Option<PathBuf>,
    /// How many times each in-house sentence is repeated in training: a few
    /// hundred sentences against ANERcorp's 4,000 need the weight to move the
    /// tagger toward our register.
    pub inhouse_repeat: usize,
    /// Which `sNN` stories of `inhouse` are read (default
    /// [`crate::inhouse::DEV_STORIES`]; a subset gives a tagger that has not
    /// seen some development stories, to study the event stage on them).
    pub inhouse_stories: Vec<std::ops::RangeInclusive<u32>>,
    /// Cost-augmented training: margin per wrong token label (0: plain).
    pub cost: f32,
    /// Multiplier of `cost` on gold entity tokens (above 1 favours recall).
    pub recall_cost: f32,
    /// Passive-aggressive (PA-I) updates with this `C` (`None`: perceptron).
    pub pa: Option<f32>,
    /// Filter of the mined name lists (used when `features.mined`): a name
    /// must follow its head at least this many times…
    pub mined_min_count: u32,
    /// …and in at least this share of all its occurrences.
    pub mined_min_ratio: f32,
    /// Mine the lists again even if cached.
    pub rebuild_mined: bool,
    pub seed: u64,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl TrainOptions {
    pub fn new(shared_dir: impl Into<PathBuf>, out: Option<PathBuf>) -> Self {
        TrainOptions {
            shared_dir: shared_dir.into(),
            out,
            cache_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/isnad-ner"),
            epochs: None,
            max_epochs: 12,
            dev_fraction: 0.1,
            final_on_all: true,
            features: FeatureConfig::default(),
            cluster_opts: ClusterOptions::default(),
            cluster_opts2: ClusterOptions {
                window: 8,
                k: [500, 100, 25],
                seed: 20260402,
                ..ClusterOptions::default()
            },
            rebuild_clusters: false,
            prune: 0.002,
            crf: None,
            ensemble: 4,
            bilou: false,
            min_feature_count: 2,
            titles: true,
            doc_pass: true,
            wikifane: false,
            wojood: false,
            wojood_misc: false,
            inhouse: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/events")),
            inhouse_repeat: 2,
            inhouse_stories: crate::inhouse::DEV_STORIES.to_vec(),
            names_min_count: 2,
            cost: 0.0,
            recall_cost: 2.0,
            pa: None,
            mined_min_count: 3,
            mined_min_ratio: 0.05,
            rebuild_mined: false,
            seed: 42,
            verbose: true,
        }
    }
}

/// Dev F1 after one epoch.
#[derive(Debug, Clone, Serialize)]
pub struct EpochScore {
    pub epoch: usize,
    /// Micro F1 (%) in ANERcorp's 4 types (GPE folded into LOC).
    pub f1_4: f64,
    /// Micro F1 (%) with GPE as its own type.
    pub f1_ext: f64,
    pub train_errors: usize,
}

/// What [`train`] did and measured.
#[derive(Debug, Clone, Serialize)]
pub struct TrainReport {
    pub train_sentences: usize,
    pub dev_sentences: usize,
    pub dev_curve: Vec<EpochScore>,
    pub epochs: usize,
    /// Per-type dev table (extended scheme) at the chosen epoch.
    pub dev_table: String,
    /// Dev curve of the second (document-level) pass.
    pub doc_dev_curve: Vec<EpochScore>,
    pub doc_epochs: usize,
    pub doc_dev_table: String,
    pub features_doc: usize,
    /// O-bias tuning of the final entity pass and of the title tagger.
    pub o_bias_note: String,
    pub title_bias_note: String,
    pub title_dev_curve: Vec<EpochScore>,
    pub title_epochs: usize,
    pub title_dev_table: String,
    pub features_entities: usize,
    pub features_titles: usize,
    pub cluster_words: usize,
    pub gazetteer_entries: usize,
    /// Mined names kept (org, misc, per); zeros when unused.
    pub mined_kept: [usize; 3],
    pub model_path: Option<String>,
    pub model_bytes: usize,
    pub seconds: f64,
}

impl fmt::Display for TrainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "train sentences {}, dev sentences {}",
            self.train_sentences, self.dev_sentences
        )?;
        for e in &self.dev_curve {
            writeln!(
                f,
                "  epoch {:>2}: dev F1 4-type {:.2}  extended {:.2}  (train sentences with errors: {})",
                e.epoch, e.f1_4, e.f1_ext, e.train_errors
            )?;
        }
        writeln!(
            f,
            "chosen epochs: {}; dev table at that epoch (extended types):",
            self.epochs
        )?;
        write!(f, "{}", self.dev_table)?;
        if !self.doc_dev_curve.is_empty() {
            for e in &self.doc_dev_curve {
                writeln!(
                    f,
                    "  second pass epoch {:>2}: dev F1 4-type {:.2}  extended {:.2}",
                    e.epoch, e.f1_4, e.f1_ext
                )?;
            }
            writeln!(
                f,
                "second pass epochs: {}; dev table (extended types):",
                self.doc_epochs
            )?;
            write!(f, "{}", self.doc_dev_table)?;
        }
        writeln!(f, "{}", self.o_bias_note)?;
        if !self.title_dev_curve.is_empty() {
            for e in &self.title_dev_curve {
                writeln!(
                    f,
                    "  title epoch {:>2}: Wojood val F1 {:.2}",
                    e.epoch, e.f1_ext
                )?;
            }
            writeln!(f, "title epochs: {}", self.title_epochs)?;
            writeln!(f, "{}", self.title_bias_note)?;
            write!(f, "{}", self.title_dev_table)?;
        }
        writeln!(
            f,
            "features: entities {} (+{} second pass), titles {}; cluster words {}; gazetteer entries {}",
            self.features_entities, self.features_doc, self.features_titles, self.cluster_words, self.gazetteer_entries
        )?;
        if self.mined_kept != [0; 3] {
            writeln!(
                f,
                "mined names kept: org {}, misc {}, per {}",
                self.mined_kept[0], self.mined_kept[1], self.mined_kept[2]
            )?;
        }
        if let Some(p) = &self.model_path {
            writeln!(f, "model: {} ({} bytes)", p, self.model_bytes)?;
        }
        writeln!(f, "time: {:.1}s", self.seconds)
    }
}

/// `a/b/../../c` → `c`-style cleanup for messages (no filesystem access).
fn tidy_path(p: &Path) -> String {
    let mut parts: Vec<std::path::Component> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir
                if parts
                    .last()
                    .is_some_and(|l| matches!(l, std::path::Component::Normal(_))) =>
            {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.iter().collect::<PathBuf>().display().to_string()
}

/// Relabel LOC spans that the gazetteer lists as a country or city to GPE.
pub fn relabel_gpe<S: AsRef<str>>(tokens: &[S], spans: &mut [Span], gaz: &Gazetteer) {
    for sp in spans.iter_mut().filter(|s| s.label == EntityType::Loc) {
        let norms: Vec<String> = tokens[sp.start..sp.end]
            .iter()
            .map(|t| isnad_arabic::normalize(t.as_ref()))
            .collect();
        let words: Vec<u64> = norms.iter().map(|t| hash_str(t)).collect();
        let first_stem = hash_str(stem_of(&norms[0]));
        if gaz.lookup(&words, first_stem) & (G_COUNTRY | G_CITY) != 0 {
            sp.label = EntityType::Gpe;
        }
    }
}

/// A sentence with gold spans in the scheme's types.
#[derive(Debug, Clone)]
pub struct Gold {
    pub tokens: Vec<String>,
    pub spans: Vec<Span>,
}

/// ANERcorp-style file → sentences with gold spans (first tag column), LOC
/// relabelled to GPE where the gazetteer says so.
pub fn read_gold(path: &Path, gaz: &Gazetteer) -> Result<Vec<Gold>, Error> {
    Ok(conll::read_file(path)?
        .into_iter()
        .map(|s| {
            let first: Vec<&str> = s.tags.iter().map(|t| t[0].as_str()).collect();
            let mut spans = conll::spans_from_tags(&first);
            relabel_gpe(&s.tokens, &mut spans, gaz);
            Gold {
                tokens: s.tokens,
                spans,
            }
        })
        .collect())
}

/// Map a WikiFANE fine class to our types: people → PER (its `Group` class,
/// nationalities and peoples, is left out: ANERcorp leaves those untagged),
/// organisations → ORG, every place class → LOC (then relabelled GPE by the
/// same gazetteer rule as ANERcorp), products, vehicles and weapons → MISC.
pub fn fane_type(fine: &str) -> Option<EntityType> {
    Some(match fine {
        "Politician" | "Other_PER" | "Artist" | "Scientist" | "Religious_PER" | "Police"
        | "Athlete" | "Businessperson" | "Engineer" | "Lawyer" => EntityType::Per,
        "Commercial" | "Non-Governmental" | "Government" | "Sports" | "Media" | "Educational"
        | "Religious_ORG" | "Medical-Science" | "Entertainment" | "GPE-Cluster" => EntityType::Org,
        "Population-Center"
        | "Nation"
        | "State-or-Province"
        | "County-or-District"
        | "Continent"
        | "Water-Body"
        | "Celestial"
        | "Land-Region-Natural"
        | "Building-Grounds"
        | "Path"
        | "Airport"
        | "Subarea-Facility"
        | "Plant" => EntityType::Loc,
        "Software" | "Book" | "Hardware" | "Movie" | "Sound" | "Food" | "Drug" | "Air"
        | "Water" | "Land" | "Projectile" | "Blunt" | "Shooting" | "Nuclear" | "Exploding"
        | "Sharp" | "Chemical" => EntityType::Misc,
        _ => return None,
    })
}

/// WikiFANE Gold (tab-separated, fine classes) → sentences with our spans.
/// Never NewsFANE: that is ANERcorp's own text re-annotated.
pub fn read_wikifane(path: &Path, gaz: &Gazetteer) -> Result<Vec<Gold>, Error> {
    Ok(conll::read_file(path)?
        .into_iter()
        .map(|s| {
            let parsed: Vec<Option<(bool, EntityType)>> = s
                .tags
                .iter()
                .map(|t| {
                    let (bi, fine) = t[0].split_once('-')?;
                    let ty = fane_type(fine)?;
                    Some((bi == "B", ty))
                })
                .collect();
            let mut spans = conll::spans_from_parsed(&parsed);
            relabel_gpe(&s.tokens, &mut spans, gaz);
            Gold {
                tokens: s.tokens,
                spans,
            }
        })
        .collect())
}

/// Map a Wojood type to ours as ANERcorp annotates: people → PER,
/// organisations → ORG, countries, cities, other places and facilities →
/// LOC (then GPE by the gazetteer rule); with `misc`, currencies and events
/// → MISC (ANERcorp tags دولار، بطولة، الحرب as MISC). Everything else
/// (NORP, OCC, DATE, numbers…) is outside.
pub fn wojood_type(t: &str, misc: bool) -> Option<EntityType> {
    Some(match t {
        "PERS" => EntityType::Per,
        "ORG" => EntityType::Org,
        "GPE" | "LOC" | "FAC" => EntityType::Loc,
        "CURR" | "EVENT" if misc => EntityType::Misc,
        _ => return None,
    })
}

/// Wojood (nested, first tag column outermost) → sentences with our spans:
/// per token the outermost tag whose type maps ([`wojood_type`]), so an
/// ORG inside an OCC span is kept. Its `$#$` line-break tokens are dropped.
/// Wojood tags a country acting as a party as ORG (روسيا); ANERcorp never
/// does, so ORG spans the gazetteer lists as a country or city become GPE,
/// as LOC spans do.
pub fn read_wojood(path: &Path, gaz: &Gazetteer, misc: bool) -> Result<Vec<Gold>, Error> {
    Ok(wojood_gold(conll::read_file(path)?, gaz, misc))
}

/// [`read_wojood`] over parsed sentences.
pub fn wojood_gold(sents: Vec<conll::Sentence>, gaz: &Gazetteer, misc: bool) -> Vec<Gold> {
    let mut out = Vec::new();
    for s in sents {
        let keep: Vec<usize> = (0..s.tokens.len())
            .filter(|&i| s.tokens[i] != "$#$")
            .collect();
        if keep.is_empty() {
            continue;
        }
        let parsed: Vec<Option<(bool, EntityType)>> = keep
            .iter()
            .map(|&i| {
                s.tags[i].iter().find_map(|t| {
                    let (bi, ty) = t.split_once('-')?;
                    Some((bi == "B", wojood_type(ty, misc)?))
                })
            })
            .collect();
        let tokens: Vec<String> = keep.iter().map(|&i| s.tokens[i].clone()).collect();
        let mut spans = conll::spans_from_parsed(&parsed);
        relabel_gpe(&tokens, &mut spans, gaz);
        for sp in spans.iter_mut().filter(|s| s.label == EntityType::Org) {
            let mut probe = [Span {
                label: EntityType::Loc,
                ..*sp
            }];
            relabel_gpe(&tokens, &mut probe, gaz);
            if probe[0].label == EntityType::Gpe {
                sp.label = EntityType::Gpe;
            }
        }
        out.push(Gold { tokens, spans });
    }
    out
}

thread_local! {
    /// Word vectors for dense features of the current run (empty: none).
    static EMB: std::cell::RefCell<std::sync::Arc<Vec<f32>>> = std::cell::RefCell::new(Default::default());
    static DIM: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Perceptrons averaged per model (set by [`train`]).
    static SEEDS: std::cell::Cell<usize> = const { std::cell::Cell::new(1) };
    /// Learner for the current training run (set by [`train`]).
    static CRF: std::cell::Cell<Option<crate::crf::CrfOptions>> = const { std::cell::Cell::new(None) };
    /// Feature count cutoff for the current training run (set by [`train`]).
    static MIN_COUNT: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
    /// (cost, recall cost, PA-I C) of the current training run (set by [`train`]).
    static UPDATE: std::cell::Cell<(f32, f32, Option<f32>)> = const { std::cell::Cell::new((0.0, 1.0, None)) };
}

/// Feature hashes, stems and gold labels of one sentence (no feature ids yet).
struct Prep {
    hashes: Vec<Vec<u64>>,
    stems: Vec<u64>,
    gold: Vec<u8>,
    rows: Vec<[u32; 3]>,
}

/// Feature hashes of `data`. With `names`, the first/last-name bits of the
/// tokens come from its jackknifed lists (`data` must be the sentences the
/// lists were built from, in order) instead of the gazetteer.
fn prepare(
    data: &[Gold],
    scheme: &Scheme,
    res: &Resources,
    cfg: FeatureConfig,
    domain: u64,
    names: Option<&NameLists>,
) -> Vec<Prep> {
    let mut buf = Vec::new();
    data.iter()
        .enumerate()
        .map(|(k, g)| {
            let mut atoms = features::atoms(&g.tokens, res);
            if let Some(l) = names {
                for a in atoms.iter_mut() {
                    a.names = (a.names & !(N_FIRST | N_LAST)) | l.bits_for(k, a.stem);
                }
            }
            let hashes = (0..atoms.len())
                .map(|i| {
                    features::features(&atoms, i, cfg, &mut buf);
                    if cfg.domain_aug {
                        features::augment(&mut buf, domain);
                    }
                    buf.clone()
                })
                .collect();
            Prep {
                hashes,
                stems: atoms.iter().map(|a| a.stem).collect(),
                gold: scheme.encode(g.tokens.len(), &g.spans),
                rows: if cfg.dense {
                    features::dense_rows(&atoms)
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

/// Feature ids of prepared sentences. With `grow`, features seen at least
/// `MIN_COUNT.get()` times in `preps` join the index first; others are dropped.
fn to_examples(preps: &[Prep], index: &mut FeatureIndex, grow: bool) -> Vec<Example> {
    if grow {
        let min = MIN_COUNT.with(|m| m.get());
        let mut counts: std::collections::HashMap<u32, u32, crate::gazetteer::IdBuild> =
            Default::default();
        for p in preps {
            for h in p.hashes.iter().flatten() {
                *counts.entry(perceptron::key32(*h)).or_insert(0) += 1;
            }
        }
        for p in preps {
            for h in p.hashes.iter().flatten() {
                let k = perceptron::key32(*h);
                if counts.get(&k).is_some_and(|&c| c >= min) && !index.ids.contains_key(&k) {
                    index.map(&[*h], true);
                }
            }
        }
    }
    preps
        .iter()
        .map(|p| Example {
            feats: p.hashes.iter().map(|h| index.map(h, false)).collect(),
            gold: p.gold.clone(),
            dense: p.rows.clone(),
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn examples(
    data: &[Gold],
    scheme: &Scheme,
    res: &Resources,
    cfg: FeatureConfig,
    index: &mut FeatureIndex,
    grow: bool,
    domain: u64,
    names: Option<&NameLists>,
) -> Vec<Example> {
    to_examples(&prepare(data, scheme, res, cfg, domain, names), index, grow)
}

/// Fit a fresh model on prepared sentences.
fn fit_preps(preps: &[Prep], scheme: &Scheme, epochs: usize, seed: u64, prune: f32) -> Linear {
    let mut index = FeatureIndex::default();
    let ex = to_examples(preps, &mut index, true);
    fit(scheme, &index, &ex, epochs, seed, prune)
}

fn predict_all(m: &Linear, preps: &[Prep]) -> Vec<Vec<u8>> {
    preps
        .iter()
        .map(|p| {
            let e = EMB.with(|x| crate::score_tokens(m, &p.hashes, None, &p.rows, &x.borrow()));
            perceptron::viterbi(&e, p.hashes.len(), m.l, &m.trans, &m.mask)
        })
        .collect()
}

/// First-pass labels for every sentence from models that did not see it:
/// `folds` contiguous folds, each tagged by a model trained on the others.
fn jackknife(
    preps: &[Prep],
    scheme: &Scheme,
    epochs: usize,
    folds: usize,
    seed: u64,
) -> Vec<Vec<u8>> {
    let n = preps.len();
    let mut out = vec![Vec::new(); n];
    for k in 0..folds {
        let (a, b) = (n * k / folds, n * (k + 1) / folds);
        let rest: Vec<Prep> = preps[..a]
            .iter()
            .chain(&preps[b..])
            .map(|p| Prep {
                hashes: p.hashes.clone(),
                stems: p.stems.clone(),
                gold: p.gold.clone(),
                rows: p.rows.clone(),
            })
            .collect();
        let m = fit_preps(&rest, scheme, epochs, seed + k as u64, 0.0);
        for (o, l) in out[a..b].iter_mut().zip(predict_all(&m, &preps[a..b])) {
            *o = l;
        }
    }
    out
}

/// The `O`-score shift (see [`Linear::o_bias`]) that maximises micro F1 on
/// `dev` (4-type for entities), searched over a grid up to the mean margin.
/// Returns (shift, F1 without, F1 with).
fn tune_o_bias(m: &Linear, dev: &[Prep], scheme: &Scheme) -> (f32, f64, f64) {
    let em: Vec<Vec<f32>> = dev
        .iter()
        .map(|p| EMB.with(|x| crate::score_tokens(m, &p.hashes, None, &p.rows, &x.borrow())))
        .collect();
    let l = m.l;
    let (mut sum, mut n) = (0f64, 0usize);
    for e in &em {
        for row in e.chunks(l) {
            let mut v = row.to_vec();
            v.sort_by(|a, b| b.total_cmp(a));
            sum += f64::from(v[0] - v[1]);
            n += 1;
        }
    }
    let step = (sum / n.max(1) as f64) as f32 / 20.0;
    let gold: Vec<Example> = dev
        .iter()
        .map(|p| Example {
            feats: Vec::new(),
            gold: p.gold.clone(),
            dense: Vec::new(),
        })
        .collect();
    let f1_at = |delta: f32| -> f64 {
        let pred: Vec<Vec<u8>> = em
            .iter()
            .map(|e| {
                let mut e = e.clone();
                for row in e.chunks_mut(l) {
                    row[0] -= delta;
                }
                perceptron::viterbi(&e, e.len() / l, l, &m.trans, &m.mask)
            })
            .collect();
        let (ext, four) = score(scheme, &gold, &pred);
        if scheme.types.len() == 1 {
            ext.micro.f1()
        } else {
            four.micro.f1()
        }
    };
    let base = f1_at(0.0);
    let mut best = (0f32, base);
    for k in 1..=30 {
        let d = step * k as f32;
        let f = f1_at(d);
        if f > best.1 + 1e-9 {
            best = (d, f);
        }
    }
    (best.0, 100.0 * base, 100.0 * best.1)
}

/// Sentences with document features from first-pass labels (second pass input).
fn with_doc(preps: &[Prep], first: &[Vec<u8>], width: usize) -> Vec<Prep> {
    let stems: Vec<&[u64]> = preps.iter().map(|p| p.stems.as_slice()).collect();
    doc::doc_features(&stems, first, width)
        .into_iter()
        .zip(preps)
        .map(|(extra, p)| Prep {
            hashes: p
                .hashes
                .iter()
                .zip(extra)
                .map(|(h, x)| h.iter().copied().chain(x).collect())
                .collect(),
            stems: p.stems.clone(),
            gold: p.gold.clone(),
            rows: p.rows.clone(),
        })
        .collect()
}

fn spans_of(scheme: &Scheme, labels: &[u8]) -> Vec<Span> {
    let parsed: Vec<_> = labels.iter().map(|&x| scheme.decode(x)).collect();
    conll::spans_from_parsed(&parsed)
}

/// Score predictions against gold, extended and 4-type.
fn score(scheme: &Scheme, gold: &[Example], pred: &[Vec<u8>]) -> (Scores, Scores) {
    let mut ext = Scores::default();
    let mut four = Scores::default();
    for (g, p) in gold.iter().zip(pred) {
        let gs: Vec<_> = spans_of(scheme, &g.gold)
            .iter()
            .map(|s| (s.start, s.end, s.label))
            .collect();
        let ps: Vec<_> = spans_of(scheme, p)
            .iter()
            .map(|s| (s.start, s.end, s.label))
            .collect();
        ext.add(&gs, &ps);
        let c = |v: &[(usize, usize, EntityType)]| -> Vec<_> {
            v.iter()
                .filter_map(|&(a, b, t)| t.coarse().map(|t| (a, b, t)))
                .collect()
        };
        four.add(&c(&gs), &c(&ps));
    }
    (ext, four)
}

/// Train for up to `max_epochs`, scoring dev after each; returns the curve.
fn run_epochs(
    scheme: &Scheme,
    n_feats: usize,
    train: &[Example],
    dev: &[Example],
    max_epochs: usize,
    seed: u64,
    log: &mut dyn FnMut(&str),
) -> (Vec<EpochScore>, Vec<String>) {
    let k = SEEDS.with(|c| c.get()).max(1);
    let mut ts: Vec<Trainer> = (0..k).map(|_| new_trainer(n_feats, scheme)).collect();
    let mut rngs: Vec<Rng> = (0..k).map(|i| Rng::new(seed + 1000 * i as u64)).collect();
    let mut crf =
        learner_crf(scheme).map(|o| crate::crf::CrfTrainer::new(n_feats, scheme, o, train.len()));
    let mut curve = Vec::new();
    let mut tables = Vec::new();
    for epoch in 1..=max_epochs {
        let (errors, (w, tw, dw)) = match &mut crf {
            Some(c) => {
                let e = c.epoch(train, &mut rngs[0]);
                let (w, tw) = c.weights();
                (e, (w, tw, Vec::new()))
            }
            None => {
                let errors = ts
                    .iter_mut()
                    .zip(&mut rngs)
                    .map(|(t, r)| t.epoch(train, r))
                    .sum::<usize>()
                    / k;
                (errors, mean_weights(&ts))
            }
        };
        let t = &ts[0];
        let pred: Vec<Vec<u8>> = dev
            .iter()
            .map(|ex| t.predict_with(&w, &tw, &dw, ex))
            .collect();
        let (ext, four) = score(scheme, dev, &pred);
        if let Some(path) = std::env::var_os("ISNAD_NER_DUMP_DEV") {
            // Development aid: gold and predicted label ids per dev token
            // (the last epoch's), for error analysis.
            let mut s = String::new();
            for (ex, p) in dev.iter().zip(&pred) {
                for (g, q) in ex.gold.iter().zip(p) {
                    s.push_str(&format!("{g}\t{q}\n"));
                }
                s.push('\n');
            }
            let _ = std::fs::write(path, s);
        }
        let e = EpochScore {
            epoch,
            f1_4: 100.0 * four.micro.f1(),
            f1_ext: 100.0 * ext.micro.f1(),
            train_errors: errors,
        };
        log(&format!(
            "epoch {epoch}: dev F1 4-type {:.2} extended {:.2} (errors {errors})",
            e.f1_4, e.f1_ext
        ));
        curve.push(e);
        tables.push(ext.table());
    }
    (curve, tables)
}

/// Mean of the averaged weights of perceptrons trained with different
/// shuffles (a small bagging ensemble that costs nothing at tagging time).
fn mean_weights(ts: &[Trainer]) -> (Vec<f32>, Vec<f32>, Vec<f32>) {
    let mut acc: Option<(Vec<f32>, Vec<f32>, Vec<f32>)> = None;
    for t in ts {
        let (w, tw) = t.averaged();
        let dw = t.averaged_dense();
        acc = Some(match acc {
            None => (w, tw, dw),
            Some((mut a, mut b, mut c)) => {
                a.iter_mut().zip(&w).for_each(|(x, y)| *x += y);
                b.iter_mut().zip(&tw).for_each(|(x, y)| *x += y);
                c.iter_mut().zip(&dw).for_each(|(x, y)| *x += y);
                (a, b, c)
            }
        });
    }
    let (mut a, mut b, mut c) = acc.unwrap_or_default();
    let k = ts.len().max(1) as f32;
    for v in [&mut a, &mut b, &mut c] {
        v.iter_mut().for_each(|x| *x /= k);
    }
    (a, b, c)
}

/// The CRF settings when the run uses the CRF for this scheme (entities only).
fn learner_crf(scheme: &Scheme) -> Option<crate::crf::CrfOptions> {
    if scheme.types.len() > 1 {
        CRF.with(|c| c.get())
    } else {
        None
    }
}

/// Train `epochs` on `data` and return the averaged, quantised model.
fn fit(
    scheme: &Scheme,
    index: &FeatureIndex,
    data: &[Example],
    epochs: usize,
    seed: u64,
    prune: f32,
) -> Linear {
    let mut rng = Rng::new(seed);
    let (w, tw, dw) = match learner_crf(scheme) {
        Some(o) => {
            let mut c = crate::crf::CrfTrainer::new(index.keys.len(), scheme, o, data.len());
            for _ in 0..epochs {
                c.epoch(data, &mut rng);
            }
            let (w, tw) = c.weights();
            (w, tw, Vec::new())
        }
        None => {
            let k = SEEDS.with(|c| c.get()).max(1);
            let mut ts: Vec<Trainer> = (0..k)
                .map(|_| new_trainer(index.keys.len(), scheme))
                .collect();
            for (i, t) in ts.iter_mut().enumerate() {
                let mut rng = Rng::new(seed + 1000 * i as u64);
                for _ in 0..epochs {
                    t.epoch(data, &mut rng);
                }
            }
            let _ = &mut rng;
            mean_weights(&ts)
        }
    };
    let (keys, rows, scale) = perceptron::quantise(&index.keys, &w, scheme.n_labels(), prune);
    let mut m = Linear::new(scheme.clone(), &keys, &rows, scale, tw);
    if !dw.is_empty() {
        m.dim = DIM.with(|d| d.get());
        m.dense = dw;
    }
    m
}

/// A perceptron, with dense features when the run has word vectors.
fn new_trainer(n_feats: usize, scheme: &Scheme) -> Trainer {
    let mut t = Trainer::new(n_feats, scheme);
    // Update settings were chosen on the entity dev set; the title tagger
    // (one type) keeps plain perceptron updates.
    if scheme.types.len() > 1 {
        let (cost, recall_cost, pa) = UPDATE.with(|u| u.get());
        t.cost = cost;
        t.recall_cost = recall_cost;
        t.pa = pa;
    }
    let dim = DIM.with(|d| d.get());
    if dim > 0 {
        t.set_dense(EMB.with(|x| x.borrow().clone()), dim);
    }
    t
}

fn cluster_cache_name(o: &ClusterOptions) -> String {
    format!(
        "clusters-v2-d{}-w{}-n{}-e{}-m{}-k{}_{}_{}-s{}-a{}.bin",
        o.dim,
        o.window,
        o.negatives,
        o.epochs,
        o.min_count,
        o.k[0],
        o.k[1],
        o.k[2],
        o.seed,
        o.max_articles
    )
}

/// Cache file of the mined name lists (bump the version when mining changes).
const MINED_CACHE: &str = "mined-v1.tsv";

/// Load the cached mined name lists or mine them (and cache them).
fn get_mined(opts: &TrainOptions, log: &mut dyn FnMut(&str)) -> Result<Mined, Error> {
    let path = opts.cache_dir.join(MINED_CACHE);
    if !opts.rebuild_mined && path.exists() {
        log(&format!("mined names: using cache {}", path.display()));
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        return Mined::from_tsv(&text, &path);
    }
    let t = Instant::now();
    let m = Mined::from_shared(&opts.shared_dir)?;
    std::fs::create_dir_all(&opts.cache_dir).map_err(|e| Error::io(&opts.cache_dir, e))?;
    std::fs::write(&path, m.to_tsv()).map_err(|e| Error::io(&path, e))?;
    log(&format!(
        "mined names: {} candidates in {:.1}s, cached in {}",
        m.candidates.len(),
        t.elapsed().as_secs_f32(),
        path.display()
    ));
    Ok(m)
}

/// Load cached clusters or learn them (and cache them).
fn get_clusters(
    opts: &TrainOptions,
    co: &ClusterOptions,
    log: &mut dyn FnMut(&str),
) -> Result<ClusterTable, Error> {
    let path = opts.cache_dir.join(cluster_cache_name(co));
    if !opts.rebuild_clusters && path.exists() {
        log(&format!("clusters: using cache {}", path.display()));
        return model::load_clusters(&path);
    }
    let table = clusters::train_clusters(&opts.shared_dir, co, log)?;
    model::save_clusters(&table, &path)?;
    log(&format!("clusters: cached in {}", path.display()));
    Ok(table)
}

/// Mean margin between the chosen and the runner-up label on entity tokens
/// of `data` (sets the scale of [`crate::Mention::score`]).
fn mean_margin(m: &Linear, data: &[Gold], res: &Resources, cfg: FeatureConfig) -> f32 {
    let mut buf = Vec::new();
    let mut acc = vec![0i32; m.l];
    let (mut sum, mut n) = (0f64, 0usize);
    for g in data.iter().take(500) {
        let atoms = features::atoms(&g.tokens, res);
        for sp in &g.spans {
            for i in sp.start..sp.end {
                features::features(&atoms, i, cfg, &mut buf);
                if cfg.domain_aug {
                    features::augment(&mut buf, features::DOMAIN_NEWS);
                }
                acc.iter_mut().for_each(|a| *a = 0);
                for &h in &buf {
                    m.add_row(h, &mut acc);
                }
                let mut v: Vec<f32> = acc.iter().map(|&a| a as f32 * m.scale).collect();
                v.sort_by(|a, b| b.total_cmp(a));
                sum += f64::from(v[0] - v[1]);
                n += 1;
            }
        }
    }
    if n == 0 {
        1.0
    } else {
        (sum / n as f64) as f32
    }
}

/// Train the entity and title taggers; write the model when `opts.out` is set.
pub fn train(opts: &TrainOptions) -> Result<TrainReport, Error> {
    let t0 = Instant::now();
    let verbose = opts.verbose;
    let mut log = |s: &str| {
        if verbose {
            eprintln!("[{:>6.1}s] {s}", t0.elapsed().as_secs_f32());
        }
    };
    MIN_COUNT.with(|m| m.set(opts.min_feature_count.max(1)));
    UPDATE.with(|u| u.set((opts.cost, opts.recall_cost, opts.pa)));
    CRF.with(|c| c.set(opts.crf));
    SEEDS.with(|c| c.set(opts.ensemble.max(1)));
    let ds = opts.shared_dir.join("datasets");
    if !ds.is_dir() {
        return Err(Error::data(
            &opts.shared_dir,
            "no datasets/ folder here (expected the shared data)",
        ));
    }
    let gaz = if opts.features.gazetteer || opts.titles {
        Gazetteer::from_shared(&opts.shared_dir)?
    } else {
        Gazetteer::default()
    };
    log(&format!("gazetteer: {} entries", gaz.full.len()));
    let clusters = if opts.features.clusters {
        get_clusters(opts, &opts.cluster_opts, &mut log)?
    } else {
        ClusterTable::default()
    };
    let clusters2 = if opts.features.clusters2 {
        get_clusters(opts, &opts.cluster_opts2, &mut log)?
    } else {
        ClusterTable::default()
    };
    // GPE relabelling always uses the gazetteer, even when it is not a feature.
    let gold_gaz = if gaz.full.is_empty() {
        Gazetteer::from_shared(&opts.shared_dir)?
    } else {
        gaz.clone()
    };
    let emb = if opts.features.dense {
        clusters.dequantised()
    } else {
        Vec::new()
    };
    let dim = if emb.is_empty() { 0 } else { clusters.dim };
    EMB.with(|x| *x.borrow_mut() = std::sync::Arc::new(emb.clone()));
    DIM.with(|d| d.set(dim));
    let mut gaz = if opts.features.gazetteer || opts.titles {
        gaz
    } else {
        Gazetteer::default()
    };
    let mut mined_kept = [0; 3];
    if opts.features.mined {
        let m = get_mined(opts, &mut log)?;
        mined_kept = m.add_to(&mut gaz, opts.mined_min_count, opts.mined_min_ratio);
        log(&format!(
            "mined names kept (headed >= {}, ratio >= {}): org {}, misc {}, per {}",
            opts.mined_min_count, opts.mined_min_ratio, mined_kept[0], mined_kept[1], mined_kept[2]
        ));
    }
    let mut res = Resources {
        gaz,
        clusters,
        clusters2,
        emb,
    };

    let types = vec![
        EntityType::Per,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Gpe,
        EntityType::Misc,
    ];
    let scheme = if opts.bilou {
        Scheme::bilou(types)
    } else {
        Scheme::bio(types)
    };
    let train_path = ds.join("anercorp").join("ANERCorp_CamelLab_train.txt");
    let aner = read_gold(&train_path, &gold_gaz)?;
    if aner.len() < 20 {
        return Err(Error::data(&train_path, "too few sentences to train on"));
    }
    let n_dev = ((aner.len() as f64) * opts.dev_fraction).round() as usize;
    log(&format!(
        "ANERcorp train: {} sentences ({} train, {} dev)",
        aner.len(),
        aner.len() - n_dev,
        n_dev
    ));
    // In-house sentences join training (both the dev-scored and the final
    // fits); dev stays ANERcorp's tail so epochs are chosen as before.
    let (inhouse_ents, inhouse_titles) = match &opts.inhouse {
        Some(dir) => {
            let (e, t, n) = crate::inhouse::read_events_dev(dir, &opts.inhouse_stories)?;
            log(&format!(
                "in-house: {n} articles of {}, {} sentences ({} entity spans, {} titles), x{}",
                tidy_path(dir),
                e.len(),
                e.iter().map(|g| g.spans.len()).sum::<usize>(),
                t.iter().map(|g| g.spans.len()).sum::<usize>(),
                opts.inhouse_repeat
            ));
            let rep = |v: Vec<Gold>| -> Vec<Gold> {
                let mut out = Vec::with_capacity(v.len() * opts.inhouse_repeat);
                for _ in 0..opts.inhouse_repeat {
                    out.extend(v.iter().cloned());
                }
                out
            };
            (rep(e), rep(t))
        }
        None => (Vec::new(), Vec::new()),
    };
    let dv: &[Gold] = &aner[aner.len() - n_dev..];
    let tr_owned: Vec<Gold> = aner[..aner.len() - n_dev]
        .iter()
        .chain(&inhouse_ents)
        .cloned()
        .collect();
    let tr: &[Gold] = &tr_owned;
    let all: Vec<Gold> = aner.iter().chain(&inhouse_ents).cloned().collect();

    // First/last-name lists: from the train part for dev scoring, from all
    // of train for the final model (`res_all`); training sentences see
    // jackknifed lists.
    const NAME_FOLDS: usize = 10;
    let mut res_all: Option<Resources> = None;
    let (names_tr, names_all) = if opts.features.names {
        let (l_tr, kept_tr) = NameLists::build(tr, NAME_FOLDS, opts.names_min_count);
        let (l_all, kept_all) = NameLists::build(&all, NAME_FOLDS, opts.names_min_count);
        if opts.final_on_all && !dv.is_empty() {
            let mut r = res.clone();
            l_all.add_to(&kept_all, &mut r.gaz);
            res_all = Some(r);
        }
        l_tr.add_to(&kept_tr, &mut res.gaz);
        log(&format!(
            "name lists (count >= {}): {} stems from train, {} from all",
            opts.names_min_count,
            kept_tr.len(),
            kept_all.len()
        ));
        (Some(l_tr), Some(l_all))
    } else {
        (None, None)
    };

    let mut extra: Vec<(Vec<Gold>, u64)> = Vec::new();
    if opts.wikifane {
        let p = ds.join("fane_gold").join("WikiFANE_Gold_2014_500K.txt");
        let w = read_wikifane(&p, &gold_gaz)?;
        log(&format!(
            "WikiFANE: {} sentences as extra training data",
            w.len()
        ));
        extra.push((w, features::DOMAIN_WIKI));
    }
    if opts.wojood {
        let wdir = ds.join("wojood_sample");
        let mut w = read_wojood(&wdir.join("train.txt"), &gold_gaz, opts.wojood_misc)?;
        w.extend(read_wojood(
            &wdir.join("val.txt"),
            &gold_gaz,
            opts.wojood_misc,
        )?);
        log(&format!(
            "Wojood train+val: {} sentences ({} spans) as extra training data",
            w.len(),
            w.iter().map(|g| g.spans.len()).sum::<usize>()
        ));
        extra.push((w, features::DOMAIN_WOJOOD));
    }
    let news = features::DOMAIN_NEWS;
    let extra_examples = |res: &Resources, index: &mut FeatureIndex| -> Vec<Example> {
        let mut out = Vec::new();
        for (data, domain) in &extra {
            out.extend(examples(
                data,
                &scheme,
                res,
                opts.features,
                index,
                true,
                *domain,
                None,
            ));
        }
        out
    };
    let mut index = FeatureIndex::default();
    let mut tr_ex = examples(
        tr,
        &scheme,
        &res,
        opts.features,
        &mut index,
        true,
        news,
        names_tr.as_ref(),
    );
    tr_ex.extend(extra_examples(&res, &mut index));
    let dv_ex = examples(
        dv,
        &scheme,
        &res,
        opts.features,
        &mut index,
        false,
        news,
        None,
    );
    log(&format!("features: {}", index.keys.len()));
    let (dev_curve, dev_tables) = if dv_ex.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        run_epochs(
            &scheme,
            index.keys.len(),
            &tr_ex,
            &dv_ex,
            opts.epochs.unwrap_or(opts.max_epochs),
            opts.seed,
            &mut log,
        )
    };
    let epochs = match opts.epochs {
        Some(e) => e,
        None => dev_curve
            .iter()
            .max_by(|a, b| a.f1_4.total_cmp(&b.f1_4).then(b.epoch.cmp(&a.epoch)))
            .map_or(opts.max_epochs, |e| e.epoch),
    };
    let dev_table = dev_tables
        .get(epochs.saturating_sub(1))
        .cloned()
        .unwrap_or_default();

    // What the final model uses (the all-of-train name lists when on).
    let rf = res_all.as_ref().unwrap_or(&res);
    let (main, final_data) = if opts.final_on_all && !dv.is_empty() {
        let mut index = FeatureIndex::default();
        let mut ex = examples(
            &all,
            &scheme,
            rf,
            opts.features,
            &mut index,
            true,
            news,
            names_all.as_ref(),
        );
        ex.extend(extra_examples(rf, &mut index));
        log(&format!(
            "final: {epochs} epochs on all {} sentences",
            all.len()
        ));
        (
            fit(&scheme, &index, &ex, epochs, opts.seed, opts.prune),
            &all[..],
        )
    } else {
        (
            fit(&scheme, &index, &tr_ex, epochs, opts.seed, opts.prune),
            tr,
        )
    };
    let conf_scale = mean_margin(&main, final_data, rf, opts.features);

    // Second, document-level pass.
    let mut o_bias_note = String::new();
    let mut main = main;
    if !opts.doc_pass && !dv.is_empty() {
        let tr_p = prepare(tr, &scheme, &res, opts.features, news, names_tr.as_ref());
        let dv_p = prepare(dv, &scheme, &res, opts.features, news, None);
        let m_tr = fit_preps(&tr_p, &scheme, epochs, opts.seed, opts.prune);
        let (bias, before, after) = tune_o_bias(&m_tr, &dv_p, &scheme);
        o_bias_note = format!("O-bias {bias:.3}: dev F1 4-type {before:.2} -> {after:.2}");
        log(&o_bias_note);
        main.o_bias = bias;
    }
    let mut doc_curve = Vec::new();
    let mut doc_epochs = 0;
    let mut doc_table = String::new();
    let stage2 = if opts.doc_pass {
        let tr_p = prepare(tr, &scheme, &res, opts.features, news, names_tr.as_ref());
        let dv_p = prepare(dv, &scheme, &res, opts.features, news, None);
        let tr_first = jackknife(&tr_p, &scheme, epochs, 4, opts.seed);
        log("second pass: jackknifed first-pass labels on train");
        let dv_first = predict_all(&fit_preps(&tr_p, &scheme, epochs, opts.seed, 0.0), &dv_p);
        let tr2 = with_doc(&tr_p, &tr_first, scheme.width());
        let dv2 = with_doc(&dv_p, &dv_first, scheme.width());
        let mut index2 = FeatureIndex::default();
        let tr_ex2 = to_examples(&tr2, &mut index2, true);
        let dv_ex2 = to_examples(&dv2, &mut index2, false);
        if !dv_ex2.is_empty() {
            let (curve, tables) = run_epochs(
                &scheme,
                index2.keys.len(),
                &tr_ex2,
                &dv_ex2,
                opts.max_epochs,
                opts.seed,
                &mut log,
            );
            doc_epochs = curve
                .iter()
                .max_by(|a, b| a.f1_4.total_cmp(&b.f1_4).then(b.epoch.cmp(&a.epoch)))
                .map_or(epochs, |e| e.epoch);
            doc_table = tables.get(doc_epochs - 1).cloned().unwrap_or_default();
            doc_curve = curve;
        } else {
            doc_epochs = epochs;
        }
        let m2_tr = fit_preps(&tr2, &scheme, doc_epochs, opts.seed, opts.prune);
        let (bias, before, after) = if dv2.is_empty() {
            (0.0, 0.0, 0.0)
        } else {
            tune_o_bias(&m2_tr, &dv2, &scheme)
        };
        o_bias_note =
            format!("second pass O-bias {bias:.3}: dev F1 4-type {before:.2} -> {after:.2}");
        log(&o_bias_note);
        let mut m2 = if opts.final_on_all && !dv.is_empty() {
            let all_p = prepare(&all, &scheme, rf, opts.features, news, names_all.as_ref());
            let all_first = jackknife(&all_p, &scheme, epochs, 4, opts.seed);
            fit_preps(
                &with_doc(&all_p, &all_first, scheme.width()),
                &scheme,
                doc_epochs,
                opts.seed,
                opts.prune,
            )
        } else {
            m2_tr
        };
        m2.o_bias = bias;
        Some(m2)
    } else {
        None
    };

    // Title tagger on Wojood OCC spans.
    let mut title_curve = Vec::new();
    let mut title_epochs = 0;
    let mut title_table = String::new();
    let mut title_bias_note = String::new();
    let title_model = if opts.titles {
        let tscheme = title::scheme();
        let wdir = ds.join("wojood_sample");
        let read = |name: &str| -> Result<Vec<Gold>, Error> {
            Ok(conll::read_file(&wdir.join(name))?
                .into_iter()
                .map(|s| {
                    let spans = conll::outer_spans_of(&s, EntityType::Title);
                    Gold {
                        tokens: s.tokens,
                        spans,
                    }
                })
                .collect())
        };
        let mut wtr = read("train.txt")?;
        wtr.extend(inhouse_titles.iter().cloned());
        let wval = read("val.txt")?;
        let mut tindex = FeatureIndex::default();
        let tr_ex = examples(
            &wtr,
            &tscheme,
            rf,
            opts.features,
            &mut tindex,
            true,
            news,
            None,
        );
        let val_ex = examples(
            &wval,
            &tscheme,
            rf,
            opts.features,
            &mut tindex,
            false,
            news,
            None,
        );
        let (curve, tables) = run_epochs(
            &tscheme,
            tindex.keys.len(),
            &tr_ex,
            &val_ex,
            15,
            opts.seed,
            &mut log,
        );
        title_epochs = curve
            .iter()
            .max_by(|a, b| a.f1_ext.total_cmp(&b.f1_ext).then(b.epoch.cmp(&a.epoch)))
            .map_or(10, |e| e.epoch);
        title_table = tables.get(title_epochs - 1).cloned().unwrap_or_default();
        title_curve = curve;
        let t_tr = fit_preps(
            &prepare(&wtr, &tscheme, rf, opts.features, news, None),
            &tscheme,
            title_epochs,
            opts.seed,
            opts.prune,
        );
        let (bias, before, after) = tune_o_bias(
            &t_tr,
            &prepare(&wval, &tscheme, rf, opts.features, news, None),
            &tscheme,
        );
        title_bias_note =
            format!("title O-bias {bias:.3}: Wojood val F1 {before:.2} -> {after:.2}");
        log(&title_bias_note);
        let both: Vec<Gold> = wtr.iter().chain(&wval).cloned().collect();
        let mut tindex = FeatureIndex::default();
        let ex = examples(
            &both,
            &tscheme,
            rf,
            opts.features,
            &mut tindex,
            true,
            news,
            None,
        );
        let mut t = fit(&tscheme, &tindex, &ex, title_epochs, opts.seed, opts.prune);
        t.o_bias = bias;
        Some(t)
    } else {
        None
    };

    let mut report = TrainReport {
        train_sentences: tr.len(),
        dev_sentences: dv.len(),
        dev_curve,
        epochs,
        dev_table,
        doc_dev_curve: doc_curve,
        doc_epochs,
        doc_dev_table: doc_table,
        features_doc: stage2.as_ref().map_or(0, |m| m.n_feats),
        o_bias_note,
        title_bias_note,
        title_dev_curve: title_curve,
        title_epochs,
        title_dev_table: title_table,
        features_entities: main.n_feats,
        features_titles: title_model.as_ref().map_or(0, |t| t.n_feats),
        cluster_words: res.clusters.words.len(),
        gazetteer_entries: res.gaz.full.len(),
        mined_kept,
        model_path: None,
        model_bytes: 0,
        seconds: 0.0,
    };
    if let Some(out) = &opts.out {
        let meta = serde_json::json!({
            "trained_on": format!(
                "ANERcorp CAMeL train split{}{}{} (entities); Wojood sample train+val OCC{} (titles)",
                if opts.wikifane { " + WikiFANE Gold" } else { "" },
                if opts.wojood { " + Wojood sample train+val" } else { "" },
                if opts.inhouse.is_some() { " + eval/events development stories" } else { "" },
                if opts.inhouse.is_some() { " + eval/events development stories" } else { "" },
            ),
            "features": format!("{:?}", opts.features),
            "epochs": epochs,
            "title_epochs": title_epochs,
            "doc_pass_epochs": doc_epochs,
            "clusters": format!("{:?}", opts.cluster_opts),
            "clusters2": if opts.features.clusters2 { format!("{:?}", opts.cluster_opts2) } else { "none".into() },
            "prune": opts.prune,
            "mined": if opts.features.mined {
                format!("{MINED_CACHE} headed>={} ratio>={}", opts.mined_min_count, opts.mined_min_ratio)
            } else {
                "none".into()
            },
            "seed": opts.seed,
        })
        .to_string();
        let parts = ModelParts {
            features: opts.features,
            meta,
            conf_scale,
            main,
            title: title_model,
            stage2,
            res: res_all.unwrap_or(res),
        };
        report.model_bytes = model::save(&parts, out)?;
        report.model_path = Some(tidy_path(out));
        log(&format!(
            "model written to {} ({} bytes)",
            out.display(),
            report.model_bytes
        ));
    }
    report.seconds = t0.elapsed().as_secs_f64();
    if let Some(out) = &opts.out {
        // The dev figures next to the model, for PROVENANCE.md.
        let path = out.with_file_name("TRAINING_REPORT.txt");
        let text = format!(
            "Written by `cargo run -p isnad-ner --release --example train` (isnad_ner::train).\n\n{report}"
        );
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::G_COUNTRY;

    #[test]
    fn wojood_outermost_mapped_tags() {
        // Written for this test: a nested OCC span holding an ORG, a
        // country tagged ORG, a currency, and a line-break token.
        let text = "رئيس B-OCC\nنقابة I-OCC B-ORG\nالمهندسين I-OCC I-ORG\nزار O\nفرنسا B-ORG\n\
                    وتبرع O\nبألف O\nدولار B-CURR\n$#$ O\nسامي B-PERS\n";
        let mut gaz = Gazetteer::default();
        gaz.add("فرنسا", G_COUNTRY);
        let g = wojood_gold(conll::parse(text), &gaz, false);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].tokens.len(), 9);
        let got: Vec<(usize, usize, EntityType)> = g[0]
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, 3, EntityType::Org),
                (4, 5, EntityType::Gpe),
                (8, 9, EntityType::Per)
            ]
        );
        let m = wojood_gold(conll::parse(text), &gaz, true);
        assert!(m[0]
            .spans
            .iter()
            .any(|s| (s.start, s.end, s.label) == (7, 8, EntityType::Misc)));
    }
}
