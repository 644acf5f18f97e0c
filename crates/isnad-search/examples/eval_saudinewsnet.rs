//! Search evaluation on SaudiNewsNet (../shared, research use only; nothing
//! from it is written into the repository).
//!
//! ```text
//! cargo run --release -p isnad-search --example eval_saudinewsnet -- \
//!     ../shared/datasets/saudinewsnet/dataset [MAX_DOCS] [QUERIES]
//! ```
//!
//! 1. Stores the articles (a crude clean: paragraphs on blank lines,
//!    sentences on . ! ? ؟) in a temporary store, then times a full index
//!    build and a no-op incremental update.
//! 2. Known-item search: for QUERIES sampled articles, three words of one
//!    sentence become a query, spelled the way users type them (hamza
//!    dropped or added, ta marbuta / alef maqsura as ha / ya, the article and
//!    a و/ب proclitic dropped or the article added). Reports recall@1,
//!    recall@10 and MRR of the target article (or an article with identical
//!    text) for the isnad analyzer and for tantivy's default tokenizer on the
//!    same texts, plus query latency.
//!
//! Exits 0 with a note when the dataset is absent.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use isnad_core::{
    ByteSpan, CleanDoc, DocId, DocMeta, Format, OffsetMap, Segment, Sentence, SentenceKind,
    SourceRef,
};
use isnad_search::{Query, SearchIndex};
use isnad_store::{NewDocument, Store};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query as TQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, Value, STORED, STRING, TEXT};
use tantivy::{Index, TantivyDocument, Term};

struct Article {
    outlet: String,
    url: String,
    date: String,
    title: String,
    content: String,
}

fn read_articles(dir: &Path, max: usize) -> Vec<Article> {
    let mut zips: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    zips.sort();
    let mut out = Vec::new();
    for z in zips {
        let f = std::fs::File::open(&z).unwrap();
        let mut zip = zip::ZipArchive::new(f).unwrap_or_else(|e| panic!("{}: {e}", z.display()));
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut s = String::new();
            entry.read_to_string(&mut s).unwrap();
            let items: Vec<serde_json::Value> = serde_json::from_str(&s).unwrap();
            for it in items {
                let g = |k: &str| it[k].as_str().unwrap_or("").to_string();
                if g("content").trim().is_empty() {
                    continue;
                }
                out.push(Article {
                    outlet: g("source"),
                    url: g("url"),
                    date: g("date_extracted").chars().take(10).collect(),
                    title: g("title"),
                    content: g("content"),
                });
                if out.len() >= max {
                    return out;
                }
            }
        }
    }
    out
}

/// A crude clean document: good enough to index and search.
fn to_clean(a: &Article, i: usize) -> CleanDoc {
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut offsets = OffsetMap::default();
    let mut chars = 0;
    let paras: Vec<&str> = a
        .content
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    for (p, para) in paras.iter().enumerate() {
        if p > 0 {
            text.push('\n');
            chars += 1;
        }
        let (pc, pb) = (chars, text.len());
        let mut start = chars;
        for c in para.chars() {
            text.push(c);
            chars += 1;
            if matches!(c, '.' | '!' | '?' | '؟') {
                sentences.push(Sentence {
                    start,
                    end: chars,
                    kind: SentenceKind::Body,
                    paragraph: p as u32,
                });
                start = chars;
            }
        }
        if chars > start {
            sentences.push(Sentence {
                start,
                end: chars,
                kind: SentenceKind::Body,
                paragraph: p as u32,
            });
        }
        offsets.push(Segment {
            text_start: pc,
            text_len: chars - pc,
            bytes: ByteSpan::new(pb, text.len()),
            exact: true,
        });
    }
    // Trim leading spaces out of sentence spans.
    let cs: Vec<char> = text.chars().collect();
    for s in &mut sentences {
        while s.start < s.end && cs[s.start].is_whitespace() {
            s.start += 1;
        }
    }
    sentences.retain(|s| s.end > s.start);
    let original = format!("{}\n{}\n{}", a.url, i, text).into_bytes();
    let (normalized, norm_to_text) = isnad_arabic::normalize_with_map(&text);
    CleanDoc {
        id: DocId::from_bytes(&original),
        source: SourceRef::file(format!("saudinewsnet#{i}")),
        format: Format::SaudiNewsNet,
        encoding: "UTF-8".into(),
        original,
        meta: DocMeta {
            url: Some(a.url.clone()),
            outlet: Some(a.outlet.clone()),
            title: Some(a.title.clone()),
            published: Some(a.date.clone()),
            ..Default::default()
        },
        text,
        normalized,
        norm_to_text,
        sentences,
        offsets,
        removed: Vec::new(),
    }
}

/// xorshift64*: a fixed, dependency-free sample.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 10_000) as f64 / 10_000.0 < p
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Respell a word the way a user might type it.
fn respell(w: &str, rng: &mut Rng) -> String {
    let mut s: String = w.to_string();
    if rng.chance(0.6) {
        s = s.replace(['أ', 'إ', 'آ'], "ا");
    } else if s.starts_with('ا') && rng.chance(0.3) {
        s = format!("أ{}", &s['ا'.len_utf8()..]);
    }
    if rng.chance(0.5) {
        if let Some(r) = s.strip_suffix('ة') {
            s = format!("{r}ه");
        } else if let Some(r) = s.strip_suffix('ى') {
            s = format!("{r}ي");
        }
    }
    for p in ["وال", "بال"] {
        if s.starts_with(p) && s.chars().count() > 5 && rng.chance(0.7) {
            s = s[p.len() - "ال".len()..].to_string();
        }
    }
    if let Some(r) = s.strip_prefix("ال") {
        if r.chars().count() >= 3 && rng.chance(0.5) {
            s = r.to_string();
        }
    } else if s.chars().count() >= 3 && !s.starts_with(['و', 'ب', 'ل', 'ف', 'ك']) && rng.chance(0.2)
    {
        s = format!("ال{s}");
    }
    s
}

fn arabic_word(w: &str) -> bool {
    w.chars().count() >= 4 && w.chars().all(isnad_arabic::is_arabic_letter)
}

struct Metrics {
    r1: usize,
    r10: usize,
    rr: f64,
    n: usize,
}
impl Metrics {
    fn add(&mut self, rank: Option<usize>) {
        self.n += 1;
        if let Some(r) = rank {
            if r == 0 {
                self.r1 += 1;
            }
            if r < 10 {
                self.r10 += 1;
                self.rr += 1.0 / (r + 1) as f64;
            }
        }
    }
    fn line(&self, name: &str) -> String {
        let n = self.n.max(1) as f64;
        format!(
            "{name:<34} recall@1 {:.3}  recall@10 {:.3}  MRR@10 {:.3}  (n={})",
            self.r1 as f64 / n,
            self.r10 as f64 / n,
            self.rr / n,
            self.n
        )
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(
        args.get(1)
            .map(String::as_str)
            .unwrap_or("../shared/datasets/saudinewsnet/dataset"),
    );
    let max: usize = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX);
    let nq: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(500);
    if !dir.is_dir() {
        println!(
            "note: {} not found; skipping the search evaluation",
            dir.display()
        );
        return;
    }
    let t = Instant::now();
    let articles = read_articles(&dir, max);
    println!(
        "read {} articles in {:.1}s",
        articles.len(),
        t.elapsed().as_secs_f64()
    );

    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(&tmp.path().join("eval.db")).unwrap();
    let run = store.begin_run(&[dir.display().to_string()]).unwrap();
    let t = Instant::now();
    let docs: Vec<CleanDoc> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| to_clean(a, i))
        .collect();
    // Identical texts (wire copies) count as the same answer.
    let mut text_class: HashMap<String, usize> = HashMap::new();
    let mut class_of: HashMap<String, usize> = HashMap::new();
    for d in &docs {
        let n = text_class.len();
        let c = *text_class
            .entry(isnad_arabic::normalize(&d.text))
            .or_insert(n);
        class_of.insert(d.id.0.clone(), c);
    }
    for chunk in docs.chunks(512) {
        let batch: Vec<NewDocument> = chunk
            .iter()
            .map(|d| NewDocument {
                doc: d.clone(),
                content_hash: 0,
                signature: Vec::new(),
                published_value: d.meta.published.clone(),
                published_value_how: Some("metadata".into()),
                published_confidence: Some(1.0),
                timexes: Vec::new(),
                mentions: Vec::new(),
                events: Vec::new(),
            })
            .collect();
        store.insert_documents(run, &batch).unwrap();
    }
    println!(
        "stored {} documents in {:.1}s",
        store.document_count().unwrap(),
        t.elapsed().as_secs_f64()
    );

    let ixdir = tmp.path().join("index");
    let mut ix = SearchIndex::open_or_create(&ixdir).unwrap();
    let t = Instant::now();
    let stats = ix.update_from_store(&store).unwrap();
    let full = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let again = ix.update_from_store(&store).unwrap();
    let noop = t.elapsed().as_secs_f64();
    let size: u64 = std::fs::read_dir(&ixdir)
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "index: {} added in {full:.1}s ({:.0} docs/s); no-op update ({} unchanged) {noop:.2}s; {:.1} MiB on disk",
        stats.added,
        stats.added as f64 / full,
        again.unchanged,
        size as f64 / (1 << 20) as f64
    );

    // Baseline: tantivy's default tokenizer (split on non-alphanumerics, lower-case).
    let mut sb = Schema::builder();
    let f_id = sb.add_text_field("id", STRING | STORED);
    let f_title = sb.add_text_field("title", TEXT);
    let f_body = sb.add_text_field("body", TEXT);
    let base = Index::create_in_ram(sb.build());
    let t = Instant::now();
    {
        let mut w = base.writer_with_num_threads(1, 64 << 20).unwrap();
        for d in &docs {
            let mut td = TantivyDocument::new();
            td.add_text(f_id, &d.id.0);
            td.add_text(f_title, d.meta.title.as_deref().unwrap_or(""));
            td.add_text(f_body, &d.text);
            w.add_document(td).unwrap();
        }
        w.commit().unwrap();
    }
    println!(
        "baseline index (default tokenizer, in RAM) built in {:.1}s",
        t.elapsed().as_secs_f64()
    );
    let base_searcher = base.reader().unwrap().searcher();
    let mut tok = base.tokenizer_for_field(f_body).unwrap();

    let mut rng = Rng(0x0001_54ad_2026);
    let (mut ours_exact, mut ours_resp, mut base_exact, mut base_resp) = (
        Metrics {
            r1: 0,
            r10: 0,
            rr: 0.0,
            n: 0,
        },
        Metrics {
            r1: 0,
            r10: 0,
            rr: 0.0,
            n: 0,
        },
        Metrics {
            r1: 0,
            r10: 0,
            rr: 0.0,
            n: 0,
        },
        Metrics {
            r1: 0,
            r10: 0,
            rr: 0.0,
            n: 0,
        },
    );
    let mut latencies = Vec::new();
    let mut changed_words = 0;
    let mut total_words = 0;
    let mut tries = 0;
    while ours_exact.n < nq && tries < nq * 20 {
        tries += 1;
        let d = &docs[rng.below(docs.len())];
        if d.sentences.is_empty() {
            continue;
        }
        let s = d.sentences[rng.below(d.sentences.len())];
        let sent = d.sentence_text(&s);
        let words: Vec<&str> = sent
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| arabic_word(w))
            .collect();
        if words.len() < 6 {
            continue;
        }
        let mut picked: Vec<&str> = Vec::new();
        while picked.len() < 3 {
            let w = words[rng.below(words.len())];
            if !picked.contains(&w) {
                picked.push(w);
            }
        }
        let respelled: Vec<String> = picked.iter().map(|w| respell(w, &mut rng)).collect();
        total_words += 3;
        changed_words += picked
            .iter()
            .zip(&respelled)
            .filter(|(a, b)| **a != String::as_str(b))
            .count();
        let target = class_of[&d.id.0];
        for (words, ours_m, base_m) in [
            (
                picked.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                &mut ours_exact,
                &mut base_exact,
            ),
            (respelled.clone(), &mut ours_resp, &mut base_resp),
        ] {
            let q = Query {
                limit: 10,
                ..Query::text(words.join(" "))
            };
            let t = Instant::now();
            let hits = ix.search(&q).unwrap().hits;
            latencies.push(t.elapsed().as_secs_f64() * 1000.0);
            ours_m.add(hits.iter().position(|h| class_of[&h.id] == target));

            let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
            for w in &words {
                let mut ts = tok.token_stream(w);
                let mut alts: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
                while let Some(tk) = ts.next() {
                    for f in [f_body, f_title] {
                        alts.push((
                            Occur::Should,
                            Box::new(TermQuery::new(
                                Term::from_field_text(f, &tk.text),
                                IndexRecordOption::WithFreqs,
                            )),
                        ));
                    }
                }
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
            }
            let top = base_searcher
                .search(
                    &BooleanQuery::new(clauses),
                    &TopDocs::with_limit(10).order_by_score(),
                )
                .unwrap();
            let ranks: Vec<usize> = top
                .iter()
                .map(|(_, a)| {
                    let td: TantivyDocument = base_searcher.doc(*a).unwrap();
                    class_of[td.get_first(f_id).unwrap().as_str().unwrap()]
                })
                .collect();
            base_m.add(ranks.iter().position(|&c| c == target));
        }
    }
    latencies.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let mean = latencies.iter().sum::<f64>() / latencies.len().max(1) as f64;
    let p95 = latencies
        .get(latencies.len() * 95 / 100)
        .copied()
        .unwrap_or(0.0);
    println!("known-item queries: 3 words of one sentence; respelling changed {changed_words}/{total_words} words");
    println!("{}", ours_exact.line("isnad analyzer, words as written"));
    println!("{}", base_exact.line("default tokenizer, as written"));
    println!("{}", ours_resp.line("isnad analyzer, respelled"));
    println!("{}", base_resp.line("default tokenizer, respelled"));
    println!("isnad query latency (with snippets): mean {mean:.1} ms, p95 {p95:.1} ms");
}
