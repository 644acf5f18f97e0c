//! A learned trigger detector for the words the lexicon does not know.
//!
//! The trigger lexicon (`data/triggers.tsv`) was written reading the development stories,
//! and every blind set brings wording it lacks: on the fresh s86-s99 its trigger recall
//! was about 70%. Each token of a sentence becomes a list of string features (the word,
//! its clitic-stripped forms, its affixes, its neighbours and what the lexicon says of
//! them); a multiclass averaged perceptron ([`TriggerModel`]), trained on every gold
//! trigger of `eval/` by `isnad train events`, gives it an event type or none. The
//! extractor asks it only about words the lexicon does not match, so the rules' hand-made
//! decisions stand and the model adds what they miss. With no model nothing changes.

use crate::model_file::ModelError;
use std::collections::HashMap;

/// The class of a token that is no trigger.
pub const NO_EVENT: &str = "O";

/// The event types a token can get, [`NO_EVENT`] first.
pub const CLASSES: [&str; 16] = [
    NO_EVENT,
    "CONSULT",
    "AGREE",
    "REQUEST",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "STATEMENT",
];

const N: usize = CLASSES.len();

const HEADER: &str = "# isnad trigger model v1";

/// How far the best event type must beat "no event" for an unknown word to become a
/// trigger; stored in the model file (`margin` row) so training can choose it.
pub const DEFAULT_MARGIN: f32 = 1.0;

/// One token of a sentence as the trigger model sees it (what training reads).
#[derive(Debug, Clone, PartialEq)]
pub struct TokenFeatures {
    /// Char offsets of the token in the document.
    pub start: usize,
    pub end: usize,
    /// The event type the lexicon gives it, if any (such tokens are the rules' to decide).
    pub lexicon: Option<String>,
    pub features: Vec<String>,
}

/// Multiclass linear model over string features: one weight per (feature, class).
#[derive(Debug, Clone, PartialEq)]
pub struct TriggerModel {
    weights: HashMap<String, [f32; N]>,
    /// Score lead over [`NO_EVENT`] needed to propose a trigger.
    pub margin: f32,
    /// Free text kept in the file header (what it was trained on).
    pub note: String,
}

impl TriggerModel {
    /// Number of features with a weight.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    pub fn with_margin(mut self, margin: f32) -> Self {
        self.margin = margin;
        self
    }

    fn scores<S: AsRef<str>>(&self, features: &[S]) -> [f32; N] {
        let mut s = [0f32; N];
        for f in features {
            if let Some(w) = self.weights.get(f.as_ref()) {
                for k in 0..N {
                    s[k] += w[k];
                }
            }
        }
        s
    }

    /// The event type of a token, when one beats "no event" by the margin, with its lead.
    pub fn predict<S: AsRef<str>>(&self, features: &[S]) -> Option<(&'static str, f32)> {
        self.decide(&self.scores(features))
    }

    /// Scores of no feature (the extractor adds features one by one, with no strings kept).
    pub(crate) fn zero_scores(&self) -> [f32; N] {
        [0.0; N]
    }

    pub(crate) fn add_scores(&self, feature: &str, s: &mut [f32; N]) {
        if let Some(w) = self.weights.get(feature) {
            for k in 0..N {
                s[k] += w[k];
            }
        }
    }

    /// [`Self::predict`] from summed scores.
    pub(crate) fn decide(&self, s: &[f32; N]) -> Option<(&'static str, f32)> {
        let best = (1..N).max_by(|&a, &b| s[a].total_cmp(&s[b]))?;
        let lead = s[best] - s[0];
        (lead >= self.margin).then_some((CLASSES[best], lead))
    }

    /// The mean of `members` averaged perceptrons, each trained on its own seeded shuffle
    /// of `examples` (features, gold class as in [`CLASSES`]); deterministic.
    pub fn train(
        examples: &[(Vec<String>, usize)],
        epochs: usize,
        members: usize,
        note: &str,
    ) -> Self {
        let mut vocab = FeatureVocab::default();
        let ex: Vec<(Vec<u32>, usize)> = examples.iter().map(|(f, c)| (vocab.ids(f), *c)).collect();
        Self::train_indexed(&ex, &vocab, epochs, members, note)
    }

    /// [`TriggerModel::train`] on features already numbered by `vocab` (cross-validation
    /// numbers them once for all its folds).
    pub fn train_indexed(
        examples: &[(Vec<u32>, usize)],
        vocab: &FeatureVocab,
        epochs: usize,
        members: usize,
        note: &str,
    ) -> Self {
        let members = members.max(1);
        let mut sum = vec![[0f32; N]; vocab.names.len()];
        for m in 0..members {
            let w = train_one(examples, vocab.names.len(), epochs, m as u64);
            for (y, x) in sum.iter_mut().zip(w) {
                for k in 0..N {
                    y[k] += x[k] / members as f32;
                }
            }
        }
        let weights = vocab
            .names
            .iter()
            .zip(sum)
            .filter(|(_, x)| x.iter().any(|v| v.abs() > 1e-3))
            .map(|(f, x)| (f.clone(), x))
            .collect();
        TriggerModel {
            weights,
            margin: DEFAULT_MARGIN,
            note: note.to_string(),
        }
    }

    /// The model as text: a header, the margin, then `feature<TAB>weight per class`
    /// sorted by feature, so two trainings on the same data give the same file.
    pub fn to_text(&self) -> String {
        let mut rows: Vec<(&String, &[f32; N])> = self.weights.iter().collect();
        rows.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = crate::model_file::head(HEADER, &self.note);
        out.push_str(&format!("#classes\t{}\n", CLASSES.join("\t")));
        out.push_str(&format!("margin\t{:.3}\n", self.margin));
        for (f, w) in rows {
            out.push_str(f);
            for x in w {
                if *x == 0.0 {
                    out.push_str("\t0");
                } else {
                    out.push_str(&format!("\t{x:.3}"));
                }
            }
            out.push('\n');
        }
        out
    }

    /// Read [`TriggerModel::to_text`]'s format.
    pub fn parse(text: &str) -> Result<Self, ModelError> {
        let err = |line: usize, message: String| ModelError {
            model: "trigger",
            line,
            message,
        };
        let (note, rows) = crate::model_file::read("trigger", text, HEADER)?;
        let note = note
            .lines()
            .filter(|l| !l.starts_with("classes"))
            .collect::<Vec<_>>()
            .join("\n");
        let mut weights = HashMap::new();
        let mut margin = DEFAULT_MARGIN;
        for (n, f) in rows {
            if f.len() == 2 && f[0] == "margin" {
                margin = f[1]
                    .parse()
                    .map_err(|_| err(n, format!("{:?} is not a number", f[1])))?;
                continue;
            }
            if f.len() != N + 1 {
                return Err(err(
                    n,
                    format!("expected a feature and {N} tab-separated weights"),
                ));
            }
            let mut w = [0f32; N];
            for k in 0..N {
                w[k] = f[k + 1]
                    .parse()
                    .map_err(|_| err(n, format!("{:?} is not a number", f[k + 1])))?;
            }
            weights.insert(f[0].to_string(), w);
        }
        Ok(TriggerModel {
            weights,
            margin,
            note,
        })
    }
}

/// The index of an event type in [`CLASSES`].
pub fn class_index(etype: &str) -> Option<usize> {
    CLASSES.iter().position(|c| *c == etype)
}

/// Feature strings numbered in the order first seen.
#[derive(Debug, Clone, Default)]
pub struct FeatureVocab {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl FeatureVocab {
    /// The numbers of `features`, new ones numbered as they come.
    pub fn ids(&mut self, features: &[String]) -> Vec<u32> {
        features
            .iter()
            .map(|f| match self.ids.get(f) {
                Some(&i) => i,
                None => {
                    let i = self.names.len() as u32;
                    self.ids.insert(f.clone(), i);
                    self.names.push(f.clone());
                    i
                }
            })
            .collect()
    }
}

fn train_one(
    examples: &[(Vec<u32>, usize)],
    n_feats: usize,
    epochs: usize,
    member: u64,
) -> Vec<[f32; N]> {
    let mut w = vec![[0f32; N]; n_feats];
    // Sum of updates weighted by the step they happened at (the averaging trick).
    let mut u = vec![[0f32; N]; n_feats];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d ^ member.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut step = 1f32;
    for _ in 0..epochs {
        crate::model_file::shuffle(&mut order, &mut seed);
        for &i in &order {
            let (feats, gold) = &examples[i];
            let mut s = [0f32; N];
            for &f in feats {
                let x = &w[f as usize];
                for k in 0..N {
                    s[k] += x[k];
                }
            }
            // Ties go to "no event".
            let mut best = 0;
            for k in 1..N {
                if s[k] > s[best] {
                    best = k;
                }
            }
            if best != *gold {
                for &f in feats {
                    let f = f as usize;
                    w[f][*gold] += 1.0;
                    w[f][best] -= 1.0;
                    u[f][*gold] += step;
                    u[f][best] -= step;
                }
            }
            step += 1.0;
        }
    }
    for (x, y) in w.iter_mut().zip(&u) {
        for k in 0..N {
            x[k] -= y[k] / step;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(fs: &[&str], c: &str) -> (Vec<String>, usize) {
        (
            fs.iter().map(|s| s.to_string()).collect(),
            class_index(c).unwrap(),
        )
    }

    #[test]
    fn learns_and_round_trips() {
        let mut data = Vec::new();
        for _ in 0..5 {
            data.push(ex(&["bias", "w=قصف", "s3=قصف"], "ASSAULT"));
            data.push(ex(&["bias", "w=اجتماع", "s3=ماع"], "CONSULT"));
            data.push(ex(&["bias", "w=الذي"], NO_EVENT));
            data.push(ex(&["bias", "w=في"], NO_EVENT));
        }
        let m = TriggerModel::train(&data, 5, 3, "test").with_margin(0.5);
        assert_eq!(m.predict(&["bias", "w=قصف"]).map(|p| p.0), Some("ASSAULT"));
        assert_eq!(m.predict(&["bias", "w=في"]), None);
        let back = TriggerModel::parse(&m.to_text()).unwrap();
        assert_eq!(back.margin, 0.5);
        assert_eq!(back.note, "test");
        assert_eq!(
            back.predict(&["bias", "s3=ماع"]).map(|p| p.0),
            Some("CONSULT")
        );
        assert!(TriggerModel::parse("# isnad trigger model v1\nbias\t1\n").is_err());
    }
}
