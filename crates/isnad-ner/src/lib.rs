//! Named-entity tagging of Arabic news: PER, ORG, LOC, GPE, MISC and TITLE
//! (roles such as `وزير الخارجية المصري`), with a model trained in this
//! repository from `../shared` (see `models/ner/PROVENANCE.md`).
//!
//! ```no_run
//! let model = isnad_ner::NerModel::load_default()?;
//! for m in model.tag("قال وزير الخارجية المصري في القاهرة إن ...") {
//!     println!("{} {}..{} {} ({:.2})", m.label, m.start, m.end, m.text, m.score);
//! }
//! # Ok::<(), isnad_ner::Error>(())
//! ```
//!
//! How it works: the text is split into tokens with char offsets (clitics
//! stay attached, as in ANERcorp); each token gets hashed features (word,
//! clitic-stripped stem, affixes, shape, word clusters learned on
//! SaudiNewsNet, gazetteer matches, ±2 context); an averaged structured
//! perceptron with Viterbi decoding labels entities, and a second one labels
//! title spans (which may overlap entities: `وزير خارجية مصر` holds `مصر`).
//! A mention's start skips proclitics (`وبالقاهرة` → `القاهرة`).

pub mod clusters;
pub mod conll;
pub mod crf;
pub mod doc;
pub mod features;
pub mod gazetteer;
pub mod hash;
pub mod inhouse;
pub mod mined;
pub mod model;
pub mod names;
pub mod perceptron;
pub mod score;
pub mod text;
pub mod title;
pub mod train;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use conll::Span;
pub use features::FeatureConfig;
pub use train::{train, TrainOptions, TrainReport};

/// Entity types. `Gpe` is a country or city (a geo-political place); `Loc`
/// is any other place (regions, rivers, seas). `Title` is a role or office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Per,
    Org,
    Loc,
    Gpe,
    Misc,
    Title,
}

impl EntityType {
    pub const ALL: [EntityType; 6] = [
        EntityType::Per,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Gpe,
        EntityType::Misc,
        EntityType::Title,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Gpe => "GPE",
            EntityType::Misc => "MISC",
            EntityType::Title => "TITLE",
        }
    }
    /// Parse `PER`, `ORG`, `LOC`, `GPE`, `MISC`, `TITLE` (case-insensitive).
    pub fn parse(s: &str) -> Option<EntityType> {
        EntityType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }
    /// The type in ANERcorp's 4-type scheme (GPE → LOC; TITLE has none).
    pub fn coarse(self) -> Option<EntityType> {
        match self {
            EntityType::Gpe => Some(EntityType::Loc),
            EntityType::Title => None,
            t => Some(t),
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One mention: char offsets `[start, end)` into the text given to
/// [`NerModel::tag`], the exact text there, and a 0..1 confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub label: EntityType,
    pub text: String,
    pub score: f32,
}

/// Errors name the input (a file) and the problem.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Data { path: String, message: String },
}

impl Error {
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().display().to_string(),
            source,
        }
    }
    pub fn data(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Error::Data {
            path: path.as_ref().display().to_string(),
            message: message.into(),
        }
    }
}

/// The shipped model, built into the binary.
static EMBEDDED_MODEL: &[u8] = include_bytes!("../../../models/ner/ner.bin");

/// Environment variable that overrides the default model path.
pub const MODEL_ENV: &str = "ISNAD_NER_MODEL";

/// The model shipped in the repository: `models/ner/ner.bin` at the
/// workspace root.
pub fn default_model_path() -> PathBuf {
    if let Some(p) = std::env::var_os(MODEL_ENV) {
        return PathBuf::from(p);
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/ner/ner.bin");
    std::fs::canonicalize(&p).unwrap_or(p)
}

/// Environment variable that overrides [`anercorp_only_model_path`].
pub const ANERCORP_ONLY_ENV: &str = "ISNAD_NER_ANERCORP_ONLY";

/// A tagger trained on ANERcorp alone (`isnad train ner --no-inhouse --out` this path):
/// not shipped, but the event argument model trains on its entities too. The shipped
/// tagger has seen the development stories of eval/events, so on them its spans are
/// almost the gold ones; this one makes the mistakes the shipped tagger makes on unseen
/// text, which is what the argument model must learn to live with.
pub fn anercorp_only_model_path() -> PathBuf {
    if let Some(p) = std::env::var_os(ANERCORP_ONLY_ENV) {
        return PathBuf::from(p);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/isnad-ner/ner-anercorp.bin")
}

/// Where title spans come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TitleMode {
    /// The learned title tagger alone (trained on Wojood's OCC spans).
    Learned,
    /// The hand-written rules of [`title::TitleRules`] alone.
    Rules,
    /// Rule spans plus learned spans that overlap none of them (default).
    Merged,
}

/// A loaded tagger.
#[derive(Debug, Clone)]
pub struct NerModel {
    parts: model::ModelParts,
    rules: title::TitleRules,
    title_mode: TitleMode,
}

/// Score given to a title span found by the rules alone.
pub const RULE_TITLE_SCORE: f32 = 0.7;

/// Tags of one pre-tokenised sentence: entity spans and title spans, in
/// token indices.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenTags {
    pub entities: Vec<Span>,
    pub titles: Vec<Span>,
    /// Confidence of each entity span, same order.
    pub entity_scores: Vec<f32>,
    pub title_scores: Vec<f32>,
}

impl NerModel {
    /// Load the repository's model: `ISNAD_NER_MODEL` if set; else the file
    /// at [`default_model_path`] when it is there (a model retrained with
    /// `isnad train ner` takes effect at once); else the copy built into the
    /// binary, so an installed `isnad` works away from the repository.
    pub fn load_default() -> Result<Self, Error> {
        let path = default_model_path();
        if std::env::var_os(MODEL_ENV).is_some() || path.exists() {
            return Self::load(path);
        }
        Self::from_bytes(EMBEDDED_MODEL, "built-in model (models/ner/ner.bin)")
    }

    /// Load a model file written by [`train`].
    pub fn load(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::from_bytes(&bytes, &path.display().to_string())
    }

    /// Load from the bytes of a model file; `name` is used in errors.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Self, Error> {
        Ok(NerModel {
            parts: model::from_bytes(bytes, name)?,
            rules: title::TitleRules::new(),
            title_mode: TitleMode::Merged,
        })
    }

    /// Choose where title spans come from (default [`TitleMode::Merged`]).
    pub fn set_title_mode(&mut self, mode: TitleMode) {
        self.title_mode = mode;
    }

    /// The JSON note stored in the model at training time.
    pub fn meta(&self) -> &str {
        &self.parts.meta
    }

    /// Number of weighted features (entities, titles).
    pub fn n_features(&self) -> (usize, usize) {
        (
            self.parts.main.n_feats,
            self.parts.title.as_ref().map_or(0, |t| t.n_feats),
        )
    }

    /// Tag one pre-tokenised sentence on its own (no document context).
    pub fn tag_tokens<S: AsRef<str>>(&self, tokens: &[S]) -> TokenTags {
        self.tag_sentences(&[tokens]).pop().unwrap_or_default()
    }

    /// Tag consecutive pre-tokenised sentences of one text (e.g. ANERcorp):
    /// the second pass sees the first-pass labels of the sentences within
    /// [`doc::WINDOW`] on each side.
    pub fn tag_sentences<S: AsRef<str>, T: AsRef<[S]>>(&self, sents: &[T]) -> Vec<TokenTags> {
        let p = &self.parts;
        let prepared: Vec<Prepared> = sents.iter().map(|s| self.prepare(s.as_ref())).collect();
        let first: Vec<Vec<u8>> = prepared
            .iter()
            .map(|x| {
                let e = score_tokens(&p.main, &x.hashes, None, &x.rows, &p.res.emb);
                perceptron::viterbi(&e, x.hashes.len(), p.main.l, &p.main.trans, &p.main.mask)
            })
            .collect();
        let second: Option<Vec<Vec<Vec<u64>>>> = p.stage2.as_ref().map(|_| {
            let stems: Vec<&[u64]> = prepared.iter().map(|x| x.stems.as_slice()).collect();
            doc::doc_features(&stems, &first, p.main.scheme.width())
        });
        let mut out = Vec::with_capacity(prepared.len());
        for (si, x) in prepared.iter().enumerate() {
            let (ent_model, emis) = match (&p.stage2, &second) {
                (Some(s2), Some(h2)) => (
                    s2,
                    score_tokens(s2, &x.hashes, Some(&h2[si]), &x.rows, &p.res.emb),
                ),
                _ => (
                    &p.main,
                    score_tokens(&p.main, &x.hashes, None, &x.rows, &p.res.emb),
                ),
            };
            let n = x.hashes.len();
            let (entities, entity_scores) = decode(ent_model, &emis, n, p.conf_scale);
            let (learned, learned_scores) = match &p.title {
                Some(t) => decode(
                    t,
                    &score_tokens(t, &x.hashes, None, &x.rows, &p.res.emb),
                    n,
                    p.conf_scale,
                ),
                None => (Vec::new(), Vec::new()),
            };
            let (titles, title_scores) = match self.title_mode {
                TitleMode::Learned => (learned, learned_scores),
                mode => {
                    let ruled = self.rules.find(sents[si].as_ref(), &entities);
                    let spans = if mode == TitleMode::Rules {
                        ruled
                    } else {
                        title::merge(ruled, &learned)
                    };
                    let scores = spans
                        .iter()
                        .map(|sp| {
                            learned
                                .iter()
                                .position(|l| l == sp)
                                .map_or(RULE_TITLE_SCORE, |k| {
                                    learned_scores[k].max(RULE_TITLE_SCORE)
                                })
                        })
                        .collect();
                    (spans, scores)
                }
            };
            out.push(TokenTags {
                entities,
                titles,
                entity_scores,
                title_scores,
            });
        }
        out
    }

    /// Atoms and feature hashes of one sentence.
    fn prepare<S: AsRef<str>>(&self, tokens: &[S]) -> Prepared {
        let p = &self.parts;
        let atoms = features::atoms(tokens, &p.res);
        let mut hashes = Vec::with_capacity(atoms.len());
        let mut fs = Vec::with_capacity(96);
        for i in 0..atoms.len() {
            features::features(&atoms, i, p.features, &mut fs);
            if p.features.domain_aug {
                features::augment(&mut fs, features::DOMAIN_NEWS);
            }
            hashes.push(fs.clone());
        }
        Prepared {
            stems: atoms.iter().map(|a| a.stem).collect(),
            rows: if p.features.dense {
                features::dense_rows(&atoms)
            } else {
                Vec::new()
            },
            hashes,
        }
    }

    /// Tag raw (clean) text: mentions with char offsets into `text`, sorted
    /// by start, longer first at equal start.
    pub fn tag(&self, text: &str) -> Vec<Mention> {
        let toks = text::tokenize(text);
        let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_at.push(text.len());
        let bounds = text::sentence_bounds(text, &toks);
        let sents: Vec<Vec<&str>> = bounds
            .iter()
            .map(|&(s, e)| toks[s..e].iter().map(|t| t.text).collect())
            .collect();
        let tags = self.tag_sentences(&sents);
        let count = |w: &str| self.parts.res.clusters.count(w);
        let gaz = &self.parts.res.gaz;
        // Curated lists only: the mined ones are features, not proof of a name.
        let known = |w: &str| {
            gaz.full
                .get(&((hash::hash_str(w) >> 32) as u32))
                .is_some_and(|&b| b & gazetteer::CURATED != 0)
        };
        let mut out = Vec::new();
        for (&(s, e), tags) in bounds.iter().zip(&tags) {
            let sent = &toks[s..e];
            let spans = tags
                .entities
                .iter()
                .zip(&tags.entity_scores)
                .chain(tags.titles.iter().zip(&tags.title_scores));
            for (sp, &score) in spans {
                let first = &sent[sp.start];
                let person = sp.label == EntityType::Per;
                let start = first.start + text::proclitic_len(first.text, &count, &known, person);
                let end = sent[sp.end - 1].end;
                if start >= end {
                    continue;
                }
                out.push(Mention {
                    start,
                    end,
                    label: sp.label,
                    text: text[byte_at[start]..byte_at[end]].to_string(),
                    score,
                });
            }
        }
        out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        out
    }
}

/// One sentence ready for the linear models.
pub(crate) struct Prepared {
    stems: Vec<u64>,
    hashes: Vec<Vec<u64>>,
    /// Vector rows for dense features (empty when the model has none).
    rows: Vec<[u32; 3]>,
}

/// Per-token label scores (`n × L`): sparse features (`hashes`, plus `more`
/// per token when given), dense word-vector features when the model has
/// them (`rows` into `emb`), minus the model's `O` bias.
pub(crate) fn score_tokens(
    m: &perceptron::Linear,
    hashes: &[Vec<u64>],
    more: Option<&[Vec<u64>]>,
    rows: &[[u32; 3]],
    emb: &[f32],
) -> Vec<f32> {
    let l = m.l;
    let mut e = vec![0f32; hashes.len() * l];
    let mut acc = vec![0i32; l];
    for (i, fs) in hashes.iter().enumerate() {
        acc.iter_mut().for_each(|a| *a = 0);
        for &h in fs {
            m.add_row(h, &mut acc);
        }
        if let Some(more) = more {
            for &h in &more[i] {
                m.add_row(h, &mut acc);
            }
        }
        for (x, &a) in e[i * l..(i + 1) * l].iter_mut().zip(&acc) {
            *x = a as f32 * m.scale;
        }
    }
    if m.dim > 0 && rows.len() == hashes.len() {
        perceptron::add_dense(&mut e, l, rows, emb, m.dim, &m.dense);
    }
    for row in e.chunks_mut(l) {
        row[0] -= m.o_bias;
    }
    e
}

/// Viterbi, then spans with a confidence: the logistic of the mean margin
/// between each token's chosen label and its best rival, in units of
/// `conf_scale` (the mean margin seen in training).
fn decode(
    m: &perceptron::Linear,
    emis: &[f32],
    n: usize,
    conf_scale: f32,
) -> (Vec<Span>, Vec<f32>) {
    let l = m.l;
    let labels = perceptron::viterbi(emis, n, l, &m.trans, &m.mask);
    let parsed: Vec<_> = labels.iter().map(|&x| m.scheme.decode(x)).collect();
    let spans = conll::spans_from_parsed(&parsed);
    let scores = spans
        .iter()
        .map(|sp| {
            let mut sum = 0f32;
            for t in sp.start..sp.end {
                let row = &emis[t * l..(t + 1) * l];
                let y = labels[t] as usize;
                let rival = row
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != y)
                    .fold(f32::NEG_INFINITY, |a, (_, &v)| a.max(v));
                sum += row[y] - rival;
            }
            let mean = sum / (sp.end - sp.start) as f32;
            1.0 / (1.0 + (-2.0 * mean / conf_scale.max(1e-6)).exp())
        })
        .collect();
    (spans, scores)
}

#[cfg(test)]
mod embedded_tests {
    use super::*;

    #[test]
    fn the_built_in_model_loads_and_tags() {
        let m = NerModel::from_bytes(EMBEDDED_MODEL, "built-in").expect("built-in model");
        let found = m.tag("التقى الرئيس الروسي فلاديمير بوتين في موسكو وزير الخارجية التركي.");
        assert!(found.iter().any(|x| x.text.contains("بوتين")), "{found:?}");
    }
}
