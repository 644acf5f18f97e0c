//! Training and cross-validating the learned argument model of `isnad-events`.
//!
//! Examples come from the gold articles of `eval/events` and `eval/fusion`: the rules run
//! on each article (with gold entity spans and, when the NER model loads, with the
//! tagger's spans too, so the model sees the spans it will get in the pipeline), every
//! system event that matches a gold event by trigger gives its candidates, and each
//! candidate is labelled with its gold role. `isnad train events` trains on all of them;
//! `isnad eval events` reports the model by leave-one-story-out cross-validation, so no
//! article is scored by a model that saw its story.

use crate::events::{self, GoldArticle, Prepared};
use anyhow::Result;
use isnad_events::{
    trigger_class_index, ArgRole, ArgumentModel, DateExample, DateModel, EntitySpan,
    EventExtractor, EventMention, FeatureVocab, TokenFeatures, TracedEvent, TriggerModel,
};
use isnad_time::TimeTagger;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// Training epochs (1, 3, 5, 10 and 20 were within a point of each other by cross-validation).
pub const EPOCHS: usize = 10;

/// Perceptrons averaged into the shipped model (one shuffle each).
pub const MEMBERS: usize = 9;

/// The gold articles with everything the extractor needs, for both entity sources.
pub struct Pool {
    pub gold: Vec<GoldArticle>,
    pub(crate) prep: Vec<Prepared>,
    pub gold_ents: Vec<Vec<EntitySpan>>,
    /// Tagger mentions; `None` when the NER model does not load.
    pub ner_ents: Option<Vec<Vec<EntitySpan>>>,
    /// The ANERcorp-only tagger's entities, when its file exists
    /// ([`isnad_ner::anercorp_only_model_path`]): extra training traces with the errors the
    /// shipped tagger makes on stories it has not seen.
    pub noisy_ents: Option<Vec<Vec<EntitySpan>>>,
    /// Perceptrons per trained model ([`MEMBERS`]; tests use fewer).
    pub members: usize,
    /// Rules-only traces of every article with each entity source: they do not depend on
    /// the model, so cross-validation computes them once.
    traced: OnceLock<Vec<(usize, Vec<TracedEvent>)>>,
    /// Every article's tokens as the trigger model sees them, labelled with the gold
    /// trigger classes (gold entities: which words are names does not depend on a model).
    tokens: OnceLock<(FeatureVocab, Vec<Vec<TokenExample>>)>,
}

impl Pool {
    /// Load every gold folder given (missing folders are an error).
    pub fn load(dirs: &[&Path]) -> Result<Pool> {
        let mut gold = Vec::new();
        for d in dirs {
            gold.extend(events::load_gold(d)?);
        }
        let tagger = TimeTagger::new();
        let prep = gold.iter().map(|a| events::prepare(a, &tagger)).collect();
        let gold_ents = gold.iter().map(events::gold_entities).collect();
        let ner_ents = isnad_ner::NerModel::load_default()
            .ok()
            .map(|m| events::ner_entities(&m, &gold));
        let noisy_ents = isnad_ner::NerModel::load(isnad_ner::anercorp_only_model_path())
            .ok()
            .map(|m| events::ner_entities(&m, &gold));
        Ok(Pool {
            gold,
            prep,
            gold_ents,
            ner_ents,
            noisy_ents,
            members: MEMBERS,
            traced: OnceLock::new(),
            tokens: OnceLock::new(),
        })
    }

    fn stories(&self) -> BTreeSet<&str> {
        self.gold.iter().map(|a| a.story.as_str()).collect()
    }

    /// Rules-only traces of the articles `keep` selects, with each entity source.
    fn traces(&self, keep: &dyn Fn(&GoldArticle) -> bool) -> Vec<&(usize, Vec<TracedEvent>)> {
        let all = self.traced.get_or_init(|| {
            let ex = EventExtractor::new()
                .with_argument_model(None)
                .with_date_model(None)
                .with_trigger_model(None);
            let mut out = Vec::new();
            let sources: Vec<&Vec<Vec<EntitySpan>>> = std::iter::once(&self.gold_ents)
                .chain(&self.ner_ents)
                .chain(&self.noisy_ents)
                .collect();
            for ents in sources {
                for (i, a) in self.gold.iter().enumerate() {
                    let p = &self.prep[i];
                    let t = ex.extract_document_traced(
                        &a.text,
                        &p.sentences,
                        &ents[i],
                        &p.timexes,
                        Some(&a.outlet),
                    );
                    out.push((i, t));
                }
            }
            out
        });
        all.iter().filter(|(i, _)| keep(&self.gold[*i])).collect()
    }

    /// Train the argument model on the articles `keep` selects.
    pub fn train(&self, keep: &dyn Fn(&GoldArticle) -> bool, note: &str) -> ArgumentModel {
        let mut ex = Vec::new();
        for (i, t) in self.traces(keep) {
            ex.extend(examples(&self.gold[*i], t));
        }
        ArgumentModel::train_ensemble(&ex, EPOCHS, self.members, note)
    }

    /// Every article's trigger-model tokens, labelled with the gold classes (made once).
    fn trigger_tokens(&self) -> &(FeatureVocab, Vec<Vec<TokenExample>>) {
        self.tokens.get_or_init(|| {
            let ex = EventExtractor::new().with_trigger_model(None);
            let mut vocab = FeatureVocab::default();
            let all = self
                .gold
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let p = &self.prep[i];
                    let toks =
                        ex.trigger_tokens(&a.text, &p.sentences, &self.gold_ents[i], &p.timexes);
                    trigger_examples(a, &toks)
                        .into_iter()
                        .map(|(f, c)| (vocab.ids(&f), c))
                        .collect()
                })
                .collect();
            (vocab, all)
        })
    }

    /// Train the trigger model on the articles `keep` selects.
    pub fn train_triggers(&self, keep: &dyn Fn(&GoldArticle) -> bool, note: &str) -> TriggerModel {
        let (vocab, all) = self.trigger_tokens();
        let ex: Vec<(Vec<u32>, usize)> = self
            .gold
            .iter()
            .zip(all)
            .filter(|(a, _)| keep(a))
            .flat_map(|(_, t)| t.iter().cloned())
            .collect();
        let model =
            TriggerModel::train_indexed(&ex, vocab, TRIGGER_EPOCHS, self.members.min(3), note);
        match std::env::var("ISNAD_TRIGGER_MARGIN")
            .ok()
            .and_then(|m| m.parse().ok())
        {
            Some(m) => model.with_margin(m),
            None => model,
        }
    }

    /// Train the date model on the articles `keep` selects.
    pub fn train_dates(&self, keep: &dyn Fn(&GoldArticle) -> bool, note: &str) -> DateModel {
        let mut ex = Vec::new();
        for (i, t) in self.traces(keep) {
            ex.extend(date_examples(&self.gold[*i], t));
        }
        let model = DateModel::train_ensemble(&ex, EPOCHS, self.members, note);
        match std::env::var("ISNAD_DATE_MARGIN")
            .ok()
            .and_then(|m| m.parse().ok())
        {
            Some(m) => model.with_margin(m),
            None => model,
        }
    }

    /// Cross-validation by story: every article's events extracted with models trained on
    /// the other folds. `folds` = `None` leaves one story out at a time (the reported
    /// figures); `Some(k)` deals the sorted stories round-robin into `k` folds, about
    /// `stories / k` times faster for development runs. Folds train on all cores: each
    /// model is deterministic, so the result does not depend on the thread count.
    /// Only the articles `scored` selects are extracted (the others stay empty), and only
    /// the folds holding one are trained; fold membership does not depend on `scored`.
    /// Returns the events with gold entities and, if the tagger loaded, with its entities.
    pub fn cross_validate(
        &self,
        folds: Option<usize>,
        scored: &(dyn Fn(&GoldArticle) -> bool + Sync),
    ) -> (Vec<Vec<EventMention>>, Option<Vec<Vec<EventMention>>>) {
        let stories: Vec<&str> = self.stories().into_iter().collect();
        let n_folds = folds.map_or(stories.len(), |k| k.clamp(1, stories.len().max(1)));
        let fold_of = |story: &str| {
            stories
                .binary_search(&story)
                .map_or(usize::MAX, |i| i % n_folds)
        };
        let busy: BTreeSet<usize> = self
            .gold
            .iter()
            .filter(|a| scored(a))
            .map(|a| fold_of(&a.story))
            .collect();
        let busy: Vec<usize> = busy.into_iter().collect();
        // Shared caches are filled once, before the threads read them.
        self.traces(&|_| false);
        if std::env::var("ISNAD_TRIGGER_MODEL").as_deref() != Ok("off") {
            self.trigger_tokens();
        }
        let results: Mutex<Vec<FoldEvents>> = Mutex::new(Vec::new());
        let next = AtomicUsize::new(0);
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(busy.len().max(1));
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    while let Some(&fold) = busy.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let out = self.extract_fold(&|a| fold_of(&a.story) == fold, scored);
                        results
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .extend(out);
                    }
                });
            }
        });
        let mut by_gold = vec![Vec::new(); self.gold.len()];
        let mut by_ner = self
            .ner_ents
            .as_ref()
            .map(|_| vec![Vec::new(); self.gold.len()]);
        for (i, g, n) in results.into_inner().unwrap_or_else(|e| e.into_inner()) {
            by_gold[i] = g;
            if let (Some(out), Some(n)) = (by_ner.as_mut(), n) {
                out[i] = n;
            }
        }
        (by_gold, by_ner)
    }

    /// The events of the articles `held_out` and `scored` select, by models trained on the
    /// articles `held_out` leaves.
    fn extract_fold(
        &self,
        held_out: &(dyn Fn(&GoldArticle) -> bool + Sync),
        scored: &(dyn Fn(&GoldArticle) -> bool + Sync),
    ) -> Vec<FoldEvents> {
        let train = |a: &GoldArticle| !held_out(a);
        let model = self.train(&train, "");
        let dates = self.train_dates(&train, "");
        let triggers = (std::env::var("ISNAD_TRIGGER_MODEL").as_deref() != Ok("off"))
            .then(|| self.train_triggers(&train, ""));
        let ex = EventExtractor::new()
            .with_argument_model(Some(model))
            .with_date_model(Some(dates))
            .with_trigger_model(triggers);
        let ex_gold = ex.clone().with_mention_completion(false);
        let mut out = Vec::new();
        for (i, a) in self.gold.iter().enumerate() {
            if !held_out(a) || !scored(a) {
                continue;
            }
            let p = &self.prep[i];
            let g = ex_gold.extract_document(
                &a.text,
                &p.sentences,
                &self.gold_ents[i],
                &p.timexes,
                Some(&a.outlet),
            );
            let n = self.ner_ents.as_ref().map(|ents| {
                ex.extract_document(&a.text, &p.sentences, &ents[i], &p.timexes, Some(&a.outlet))
            });
            out.push((i, g, n));
        }
        out
    }
}

/// One held-out article's events: its index, with gold entities, with the tagger's.
type FoldEvents = (usize, Vec<EventMention>, Option<Vec<EventMention>>);

/// A token's numbered trigger-model features and its gold class.
type TokenExample = (Vec<u32>, usize);

/// Trigger model epochs.
pub const TRIGGER_EPOCHS: usize = 5;

/// An article's tokens labelled with the class of the gold trigger that starts in them
/// (the first token of a multiword trigger; the rest are no trigger).
pub fn trigger_examples(art: &GoldArticle, tokens: &[TokenFeatures]) -> Vec<(Vec<String>, usize)> {
    tokens
        .iter()
        .map(|t| {
            let class = art
                .events
                .iter()
                .find(|g| {
                    g.trigger.start < t.end && t.start < g.trigger.end && g.trigger.start >= t.start
                })
                .and_then(|g| trigger_class_index(&g.event_type))
                .unwrap_or(0);
            (t.features.clone(), class)
        })
        .collect()
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Labelled candidates of one article: (features, rules' role, gold role).
pub fn examples(art: &GoldArticle, traced: &[TracedEvent]) -> Vec<(Vec<String>, ArgRole, ArgRole)> {
    let sys: Vec<&EventMention> = traced.iter().map(|t| &t.event).collect();
    let mut out = Vec::new();
    for (gi, si) in events::pair_events(art, &sys) {
        let g = &art.events[gi];
        for c in &traced[si].candidates {
            let s = (c.span.start, c.span.end);
            let hit =
                |list: &[events::GoldSpan]| list.iter().any(|x| overlaps((x.start, x.end), s));
            let gold = if hit(&g.actors) {
                ArgRole::Actor
            } else if hit(&g.targets) {
                ArgRole::Target
            } else if g.place.iter().any(|p| overlaps((p.start, p.end), s)) {
                ArgRole::Place
            } else {
                ArgRole::None
            };
            out.push((c.features.clone(), c.rule, gold));
        }
    }
    out
}

/// Date examples of one article: each matched event's candidates, which the rules chose
/// and which carry the gold date.
pub fn date_examples(art: &GoldArticle, traced: &[TracedEvent]) -> Vec<DateExample> {
    let sys: Vec<&EventMention> = traced.iter().map(|t| &t.event).collect();
    events::pair_events(art, &sys)
        .into_iter()
        .filter_map(|(gi, si)| {
            let g = &art.events[gi];
            let c = &traced[si].date_candidates;
            let rule = c.iter().position(|c| c.rule)?;
            Some(DateExample {
                features: c.iter().map(|c| c.features.clone()).collect(),
                rule,
                ok: c
                    .iter()
                    .map(|c| {
                        let v = c.date.as_ref().and_then(|d| d.value.as_deref());
                        events::date_ok(g.date.as_deref(), v)
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The shipped learned models of `isnad-events`.
pub struct TrainedModels {
    pub arguments: ArgumentModel,
    pub dates: DateModel,
    pub triggers: TriggerModel,
}

/// Train the shipped argument, date and trigger models on every gold folder given.
pub fn train(dirs: &[&Path]) -> Result<TrainedModels> {
    let pool = Pool::load(dirs)?;
    let n = pool.gold.len();
    let stories = pool.stories().len();
    let ner = match (pool.ner_ents.is_some(), pool.noisy_ents.is_some()) {
        (true, true) => "the NER model's entity spans and the ANERcorp-only tagger's, completed",
        (true, false) => {
            "the NER model's entity spans, completed (the ANERcorp-only tagger was not found)"
        }
        _ => "gold entity spans only (NER model not found)",
    };
    let note = format!(
        "Trained by `isnad train events` on {n} gold articles ({stories} stories) of {}, \
         with {ner}; mean of {MEMBERS} averaged perceptrons (one shuffle each), {EPOCHS} epochs.",
        dirs.iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(" + ")
    );
    let trigger_note = format!(
        "Trained by `isnad train events` on the gold triggers of {n} articles ({stories} \
         stories) of {}, gold entity spans; mean of 3 averaged perceptrons, {TRIGGER_EPOCHS} \
         epochs.",
        dirs.iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(" + ")
    );
    Ok(TrainedModels {
        arguments: pool.train(&|_| true, &note),
        dates: pool.train_dates(&|_| true, &note),
        triggers: pool.train_triggers(&|_| true, &trigger_note),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn eval_dir(s: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../eval")
            .join(s)
    }

    #[test]
    fn every_matched_event_gives_labelled_candidates() {
        let dir = eval_dir("events");
        let pool = Pool::load(&[dir.as_path()]).unwrap();
        let mut n = 0;
        let mut roles = BTreeSet::new();
        for (i, t) in pool.traces(&|a| a.story == "s01") {
            for (_, _, g) in examples(&pool.gold[*i], t) {
                n += 1;
                roles.insert(g.as_str());
            }
        }
        assert!(n > 10, "{n}");
        assert!(
            roles.contains("actor") && roles.contains("none"),
            "{roles:?}"
        );
    }
}

#[cfg(test)]
mod ner_gap {
    use super::*;

    /// `ISNAD_NER_GAP=1 cargo test -p isnad-eval --release ner_gap -- --nocapture`:
    /// how the tagger covers the gold participants of eval/events.
    #[test]
    fn ner_gap() {
        if std::env::var("ISNAD_NER_GAP").is_err() {
            return;
        }
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/events");
        let pool = Pool::load(&[dir.as_path()]).unwrap();
        let Some(ner) = &pool.ner_ents else { return };
        // What the extractor sees: the tagger's mentions after completion.
        let ex = EventExtractor::new();
        let ner: Vec<Vec<EntitySpan>> = ner
            .iter()
            .enumerate()
            .map(|(i, m)| ex.completed_mentions(&pool.gold[i].text, m, &pool.prep[i].timexes))
            .collect();
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        // ISNAD_NER_GAP=s2 (or s41,s42,...) reads only the stories whose id starts so (the fresh
        // sets stay unread).
        let only = std::env::var("ISNAD_NER_GAP").unwrap_or_default();
        for (i, a) in pool.gold.iter().enumerate() {
            if !only.split(',').any(|o| a.story.starts_with(o)) {
                continue;
            }
            for g in &a.events {
                for p in g.actors.iter().chain(&g.targets).chain(&g.place) {
                    let exact = ner[i].iter().find(|m| m.start == p.start && m.end == p.end);
                    let over = ner[i].iter().find(|m| m.start < p.end && p.start < m.end);
                    let k = match (exact, over) {
                        (Some(m), _) if m.label == p.kind => "exact".to_string(),
                        (Some(m), _) => format!("label {}->{}", p.kind, m.label),
                        (None, Some(m)) => {
                            println!("BOUND {} [{}] vs [{}] {}", p.kind, p.text, m.text, m.label);
                            format!("boundary {}", p.kind)
                        }
                        (None, None) => {
                            println!("MISS {} [{}]", p.kind, p.text);
                            format!("missed {}", p.kind)
                        }
                    };
                    *counts.entry(k).or_default() += 1;
                }
            }
        }
        println!("{counts:#?}");
    }
}

#[cfg(test)]
mod date_diag {
    use super::*;

    /// `ISNAD_DATE_DIAG=s2 cargo test -p isnad-eval --release date_diag -- --nocapture`:
    /// the dates the cross-validated date model changes, on the stories whose id starts so
    /// (dev slices only: the fresh sets stay unread).
    #[test]
    fn date_diag() {
        let Ok(only) = std::env::var("ISNAD_DATE_DIAG") else {
            return;
        };
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval");
        let (ev, fu) = (root.join("events"), root.join("fusion"));
        let pool = Pool::load(&[ev.as_path(), fu.as_path()]).unwrap();
        let (mut won, mut lost, mut other) = (0, 0, 0);
        for story in pool.stories() {
            if !story.starts_with(only.as_str()) {
                continue;
            }
            let dates = pool.train_dates(&|a| a.story != story, "");
            let rules = EventExtractor::new()
                .with_argument_model(Some(pool.train(&|a| a.story != story, "")))
                .with_date_model(None)
                .with_trigger_model(None)
                .with_mention_completion(false);
            let learned = rules.clone().with_date_model(Some(dates));
            for (i, a) in pool.gold.iter().enumerate() {
                if a.story != story {
                    continue;
                }
                let p = &pool.prep[i];
                let run = |ex: &EventExtractor| {
                    ex.extract_document(
                        &a.text,
                        &p.sentences,
                        &pool.gold_ents[i],
                        &p.timexes,
                        Some(&a.outlet),
                    )
                };
                let (r, l) = (run(&rules), run(&learned));
                let refs: Vec<&EventMention> = r.iter().collect();
                let value = |e: &EventMention| e.date.as_ref().and_then(|d| d.value.clone());
                for (gi, si) in events::pair_events(a, &refs) {
                    let (rv, lv) = (value(&r[si]), value(&l[si]));
                    if rv == lv {
                        continue;
                    }
                    let g = a.events[gi].date.as_deref();
                    let (rok, lok) = (
                        events::date_ok(g, rv.as_deref()),
                        events::date_ok(g, lv.as_deref()),
                    );
                    match (rok, lok) {
                        (false, true) => won += 1,
                        (true, false) => lost += 1,
                        _ => other += 1,
                    }
                    println!(
                        "{} {:?} {} gold={g:?} rules={rv:?} model={lv:?} {}",
                        a.id,
                        r[si].modality,
                        r[si].trigger.text,
                        if lok {
                            "WON"
                        } else if rok {
                            "LOST"
                        } else {
                            "-"
                        }
                    );
                }
            }
        }
        println!("won {won} lost {lost} neither {other}");
    }
}
