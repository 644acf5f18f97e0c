//! `isnad`: turn a pile of Arabic news articles into a sourced record.
//!
//! Exit codes (scripts can rely on them):
//! 0 everything went well; 1 some inputs failed (the rest landed);
//! 2 usage error; 3 fatal error (store unreadable, output not writable).

mod bench;
mod fuse_cmd;
mod pipeline;
mod progress;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "isnad",
    version,
    about = "Arabic news → a sourced record of what happened",
    long_about = "isnad reads Arabic news articles from many outlets (text, HTML, JSON Lines, \
SaudiNewsNet JSON, WARC, RSS/Atom, zip; UTF-8, UTF-16, windows-1256), removes page chrome, \
folds duplicates and syndicated copies, resolves dates, recognises and unifies people, \
organisations and places, extracts events with their sources, and keeps everything in a \
SQLite store with the original bytes: searchable, browsable, exportable as isnad/1 JSON or CSV.",
    after_help = "Exit codes: 0 ok, 1 some inputs failed, 2 usage error, 3 fatal error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the whole pipeline on INPUTs and store the result (optionally export it).
    Analyze(AnalyzeArgs),
    /// Export the store as isnad/1 JSON and/or CSV tables.
    Export(ExportArgs),
    /// Score a pipeline stage against its gold data.
    Eval(EvalArgs),
    /// Train a model from ../shared and write it into the repository.
    Train(TrainArgs),
    /// Measure throughput and peak memory of ingest + clean + dedup.
    Bench(bench::BenchArgs),
    /// Print the original bytes of a stored document (or of a char range of its clean text).
    Original(OriginalArgs),
    /// Full-text search over the stored documents (Arabic-aware: hamza, ta marbuta, clitics).
    Search(SearchArgs),
    /// Serve the local web app (documents, search, entities, timeline) on 127.0.0.1.
    Serve(ServeArgs),
    /// Write one self-contained RTL HTML timeline report to share.
    Report(ReportArgs),
    /// Re-run the fusion stage (events across documents, stories) on a store.
    Fuse(FuseArgs),
}

#[derive(Args)]
struct FuseArgs {
    /// SQLite store written by `isnad analyze` (must exist).
    #[arg(long, default_value = "isnad.db", value_name = "PATH")]
    db: PathBuf,
}

#[derive(Args)]
struct SearchArgs {
    /// The query: words, "quoted phrases", -excluded words.
    #[arg(required = true)]
    query: Vec<String>,
    #[command(flatten)]
    store: StoreArg,
    /// Only these outlets (comma-separated).
    #[arg(long)]
    outlet: Option<String>,
    /// Published on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Published on or before (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Only documents mentioning this entity.
    #[arg(long)]
    entity: Option<String>,
    /// Only documents with events of this type.
    #[arg(long)]
    event_type: Option<String>,
    /// Maximum number of hits.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Newest first instead of by relevance.
    #[arg(long)]
    newest: bool,
    /// Print hits as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    store: StoreArg,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    port: u16,
}

#[derive(Args)]
struct ReportArgs {
    #[command(flatten)]
    store: StoreArg,
    /// The HTML file to write.
    #[arg(long, value_name = "FILE")]
    html: PathBuf,
}

#[derive(Args)]
pub struct StoreArg {
    /// SQLite store to use (created if missing).
    #[arg(long, default_value = "isnad.db", value_name = "PATH")]
    pub db: PathBuf,
}

#[derive(Args)]
pub struct AnalyzeArgs {
    /// Files, directories (read recursively) or `-` for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub store: StoreArg,
    /// Also export the whole store as isnad/1 JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Also export CSV tables into DIR.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// JSON Lines field(s) holding the title (comma-separated, first present wins).
    #[arg(long, value_name = "FIELDS", value_delimiter = ',')]
    pub jsonl_title: Vec<String>,
    /// JSON Lines field(s) holding the article text.
    #[arg(long, value_name = "FIELDS", value_delimiter = ',')]
    pub jsonl_text: Vec<String>,
    /// JSON Lines field(s) holding the URL.
    #[arg(long, value_name = "FIELDS", value_delimiter = ',')]
    pub jsonl_url: Vec<String>,
    /// JSON Lines field(s) holding the publication date.
    #[arg(long, value_name = "FIELDS", value_delimiter = ',')]
    pub jsonl_date: Vec<String>,
    /// JSON Lines field(s) holding the outlet.
    #[arg(long, value_name = "FIELDS", value_delimiter = ',')]
    pub jsonl_source: Vec<String>,
    /// Worker threads for cleaning (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Do not print per-input errors and skips (the summary still counts them).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args)]
struct ExportArgs {
    #[command(flatten)]
    store: StoreArg,
    /// Write isnad/1 JSON to FILE (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Write CSV tables into DIR.
    #[arg(long, value_name = "DIR")]
    csv: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Stage {
    /// Boilerplate removal, repeats, credits (gold: eval/clean).
    Clean,
    /// Copy groups on SaudiNewsNet (silver pairs from shared titles + content).
    Dedup,
    /// Temporal expressions and publication dates (gold: eval/time, Wojood DATE spans).
    Time,
    /// Named entities (ANERcorp official + repaired test, AQMAR, eval/ner).
    Ner,
    /// Entity resolution across spellings, roles and documents (gold: eval/entities).
    Entities,
    /// Events: triggers, arguments, modality, attribution (gold: eval/events).
    Events,
    /// Fusion: cross-document event clusters, stories, disagreements, claims
    /// (gold: eval/events + eval/fusion; --gold names the fusion folder, and its sibling
    /// `events` folder when there is one).
    Fusion,
    /// Story grouping on a stored corpus (--db): cross-outlet copies as positives.
    Stories,
}

#[derive(Args)]
struct EvalArgs {
    /// Which stage to score.
    stage: Stage,
    /// Folder with the shared datasets.
    #[arg(long, default_value = "../shared", value_name = "DIR")]
    shared: PathBuf,
    /// Folder with the stage's gold files (default: eval/STAGE).
    #[arg(long, value_name = "DIR")]
    gold: Option<PathBuf>,
    /// Print the report as JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Store to measure (`stories` only).
    #[arg(long, default_value = "isnad.db", value_name = "PATH")]
    db: PathBuf,
    /// Same-story pairs to print for reading by hand (`stories` only).
    #[arg(long, default_value_t = 0)]
    sample: usize,
    /// `events` only: cross-validate the learned models in N folds of whole stories
    /// instead of leaving one story out at a time (the reported figures): a quicker,
    /// slightly pessimistic run for development.
    #[arg(long, value_name = "N")]
    folds: Option<usize>,
    /// `events` only: score only the stories numbered FIRST-LAST (`235-249` for
    /// s235-s249); every fold still trains on all other stories, so their figures equal a
    /// full run's at a fraction of its cost.
    #[arg(long, value_name = "FIRST-LAST", value_parser = parse_story_range)]
    stories: Option<std::ops::RangeInclusive<u32>>,
}

/// `235-249` (or `s235-s249`, or one number) as a range of story numbers.
fn parse_story_range(s: &str) -> Result<std::ops::RangeInclusive<u32>, String> {
    let num = |x: &str| {
        x.trim()
            .trim_start_matches('s')
            .parse::<u32>()
            .map_err(|_| format!("`{s}` is not a story range such as 235-249"))
    };
    let (lo, hi) = match s.split_once('-') {
        Some((a, b)) => (num(a)?, num(b)?),
        None => (num(s)?, num(s)?),
    };
    if lo > hi {
        return Err(format!("`{s}`: the first story is after the last"));
    }
    Ok(lo..=hi)
}

#[derive(Clone, Copy, ValueEnum)]
enum Model {
    /// The named-entity tagger (writes models/ner/).
    Ner,
    /// The event argument, date and trigger models, from the gold of eval/events and
    /// eval/fusion (writes crates/isnad-events/data/argument_model.tsv, and date_model.tsv
    /// and trigger_model.tsv beside it; rebuild to embed them).
    Events,
}

#[derive(Args)]
struct TrainArgs {
    model: Model,
    /// Folder with the shared datasets.
    #[arg(long, default_value = "../shared", value_name = "DIR")]
    shared: PathBuf,
    /// Model file to write (default: models/ner/ner.bin for ner,
    /// crates/isnad-events/data/argument_model.tsv for events; the date and trigger models
    /// go to date_model.tsv and trigger_model.tsv in the same folder).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// `ner` only: train on ANERcorp alone, leaving out the development stories of
    /// eval/events: the second tagger `isnad train events` learns from (written by default
    /// to target/isnad-ner/ner-anercorp.bin, never over the shipped model).
    #[arg(long)]
    no_inhouse: bool,
}

#[derive(Args)]
struct OriginalArgs {
    /// Document id (as in the export).
    id: String,
    #[command(flatten)]
    store: StoreArg,
    /// First char of a range of the clean text (with --end): print only its bytes.
    #[arg(long, requires = "end")]
    start: Option<usize>,
    /// End char (exclusive) of the range.
    #[arg(long, requires = "start")]
    end: Option<usize>,
}

/// Exit statuses, as documented in `--help`.
pub const EXIT_OK: u8 = 0;
pub const EXIT_INPUT_FAILED: u8 = 1;
pub const EXIT_FATAL: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(a) => pipeline::analyze(&a),
        Command::Export(e) => export(&e),
        Command::Eval(e) => eval(&e),
        Command::Train(t) => train(&t),
        Command::Bench(b) => bench::run(&b),
        Command::Original(o) => original(&o),
        Command::Search(q) => search(&q),
        Command::Serve(a) => serve(&a),
        Command::Report(r) => report(&r),
        Command::Fuse(f) => fuse_cmd::fuse(&f.db).map(|()| EXIT_OK),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("isnad: error: {e:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

fn export(a: &ExportArgs) -> anyhow::Result<u8> {
    if a.json.is_none() && a.csv.is_none() {
        eprintln!("isnad export: nothing to do: give --json FILE and/or --csv DIR");
        return Ok(2);
    }
    let store = open_existing_store(&a.store.db)?;
    if let Some(path) = &a.json {
        let n = if path.as_os_str() == "-" {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            isnad_export::write_json(&store, &mut w)?
        } else {
            isnad_export::write_json_file(&store, path)?
        };
        eprintln!("isnad: exported {n} documents to {}", path.display());
    }
    if let Some(dir) = &a.csv {
        let n = isnad_export::write_csv_dir(&store, dir)?;
        eprintln!(
            "isnad: exported {n} documents as CSV into {}",
            dir.display()
        );
    }
    Ok(EXIT_OK)
}

/// Reading commands must not create an empty store by mistake.
fn open_existing_store(path: &std::path::Path) -> anyhow::Result<isnad_store::Store> {
    if !path.exists() {
        anyhow::bail!(
            "{}: no such store (run `isnad analyze INPUT... --db {}` first)",
            path.display(),
            path.display()
        );
    }
    Ok(isnad_store::Store::open(path)?)
}

fn print_report<R: std::fmt::Display + serde::Serialize>(r: &R, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(r)?);
    } else {
        println!("{r}");
    }
    Ok(())
}

fn eval(a: &EvalArgs) -> anyhow::Result<u8> {
    let gold = |name: &str| {
        a.gold
            .clone()
            .unwrap_or_else(|| PathBuf::from("eval").join(name))
    };
    match a.stage {
        Stage::Clean => print_report(&isnad_eval::clean::run(&gold("clean"))?, a.json)?,
        Stage::Dedup => print_report(&isnad_eval::dedup::run(&a.shared)?, a.json)?,
        Stage::Time => print_report(&isnad_eval::time::run(&gold("time"), &a.shared)?, a.json)?,
        Stage::Ner => print_report(&isnad_eval::ner::run(&a.shared, &gold("ner"))?, a.json)?,
        Stage::Entities => print_report(
            &isnad_eval::entities::run(&gold("entities"), &a.shared)?,
            a.json,
        )?,
        Stage::Events => {
            let opts = isnad_eval::events::CvOptions {
                folds: a.folds,
                stories: a.stories.clone(),
            };
            print_report(&isnad_eval::events::run(&gold("events"), &opts)?, a.json)?
        }
        Stage::Stories => print_report(&fuse_cmd::eval_stories(&a.db, a.sample)?, a.json)?,
        Stage::Fusion => {
            // `--gold DIR/fusion` scores the events gold beside it (DIR/events) too.
            let fusion = gold("fusion");
            let events = fusion
                .parent()
                .map(|p| p.join("events"))
                .filter(|p| p.join("articles").is_dir())
                .unwrap_or_else(|| PathBuf::from("eval/events"));
            print_report(&isnad_eval::fusion::run(&events, &fusion)?, a.json)?
        }
    }
    Ok(EXIT_OK)
}

fn train(a: &TrainArgs) -> anyhow::Result<u8> {
    match a.model {
        Model::Ner => {
            let out = a.out.clone().unwrap_or_else(|| {
                if a.no_inhouse {
                    isnad_ner::anercorp_only_model_path()
                } else {
                    isnad_ner::default_model_path()
                }
            });
            if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| anyhow::anyhow!("{}: cannot create: {e}", dir.display()))?;
            }
            let mut opts = isnad_ner::TrainOptions::new(a.shared.clone(), Some(out.clone()));
            opts.verbose = true;
            if a.no_inhouse {
                opts.inhouse = None;
            }
            let report = isnad_ner::train(&opts)?;
            println!("{report}");
            eprintln!("isnad: model written to {}", out.display());
        }
        Model::Events => {
            let out = a
                .out
                .clone()
                .unwrap_or_else(|| PathBuf::from("crates/isnad-events/data/argument_model.tsv"));
            let second = isnad_ner::anercorp_only_model_path();
            if !second.exists() {
                eprintln!(
                    "isnad: warning: {} not found; the argument model will not see the \
                     ANERcorp-only tagger's mistakes (make it with `isnad train ner \
                     --no-inhouse --out {}`)",
                    second.display(),
                    second.display()
                );
            }
            let dirs = [Path::new("eval/events"), Path::new("eval/fusion")];
            let isnad_eval::arguments::TrainedModels {
                arguments: model,
                dates,
                triggers,
            } = isnad_eval::arguments::train(&dirs)?;
            let date_out = out.with_file_name("date_model.tsv");
            let trigger_out = out.with_file_name("trigger_model.tsv");
            for (path, text) in [
                (&out, model.to_text()),
                (&date_out, dates.to_text()),
                (&trigger_out, triggers.to_text()),
            ] {
                std::fs::write(path, text).map_err(|e| {
                    anyhow::anyhow!("{}: cannot write the model: {e}", path.display())
                })?;
            }
            println!("{}", model.note.trim());
            eprintln!(
                "isnad: argument model ({} features) written to {}, date model ({} features) to {}, \
                 trigger model ({} features) to {}; rebuild isnad to embed them",
                model.len(),
                out.display(),
                dates.len(),
                date_out.display(),
                triggers.len(),
                trigger_out.display()
            );
        }
    }
    Ok(EXIT_OK)
}

fn original(a: &OriginalArgs) -> anyhow::Result<u8> {
    use std::io::Write;
    let store = open_existing_store(&a.store.db)?;
    let id = isnad_core::DocId(a.id.clone());
    let Some(bytes) = store.original(&id)? else {
        anyhow::bail!("{}: no document with id {}", a.store.db.display(), a.id);
    };
    let range = match (a.start, a.end) {
        (Some(start), Some(end)) => {
            let doc = store
                .document(&id)?
                .expect("original exists, so the document does");
            let width = isnad_core::CharWidth::for_encoding(&doc.encoding);
            let Some(span) = doc.offsets.to_original(&doc.text, width, start, end) else {
                anyhow::bail!("{}: chars {start}..{end} map to no original bytes", a.id);
            };
            span.start..span.end.min(bytes.len())
        }
        _ => 0..bytes.len(),
    };
    std::io::stdout().write_all(&bytes[range])?;
    Ok(EXIT_OK)
}

/// Bring the search index up to date with the store (only what changed).
pub fn update_index(store: &isnad_store::Store, db: &std::path::Path) -> anyhow::Result<()> {
    let dir = isnad_search::default_index_dir(db);
    let mut index = isnad_search::SearchIndex::open_or_create(&dir)?;
    let stats = index.update_from_store(store)?;
    eprintln!(
        "isnad: search index {}: {} added, {} updated, {} removed",
        dir.display(),
        stats.added,
        stats.updated,
        stats.removed
    );
    Ok(())
}

fn search(a: &SearchArgs) -> anyhow::Result<u8> {
    let store = open_existing_store(&a.store.db)?;
    let dir = isnad_search::default_index_dir(&a.store.db);
    let mut index = isnad_search::SearchIndex::open_or_create(&dir)?;
    match index.update_from_store(&store) {
        Ok(_) => {}
        Err(isnad_search::SearchError::Busy { .. }) => {
            eprintln!(
                "isnad: the index is being written by another process; searching what is there"
            );
        }
        Err(e) => return Err(e.into()),
    }
    let q = isnad_search::Query {
        text: a.query.join(" "),
        outlet: a.outlet.clone(),
        from: a.from.clone(),
        to: a.to.clone(),
        entity: a.entity.clone(),
        event_type: a.event_type.clone(),
        limit: a.limit,
        sort: if a.newest {
            isnad_search::Sort::Newest
        } else {
            isnad_search::Sort::Relevance
        },
        ..Default::default()
    };
    let results = index.search(&q)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
    } else {
        print!("{}", isnad_search::render_table(&results.hits));
        eprintln!("isnad: {} matching documents", results.total);
    }
    Ok(EXIT_OK)
}

fn serve(a: &ServeArgs) -> anyhow::Result<u8> {
    let store = open_existing_store(&a.store.db)?;
    update_index(&store, &a.store.db)?;
    drop(store);
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], a.port));
    isnad_web::serve_blocking(
        &a.store.db,
        &isnad_search::default_index_dir(&a.store.db),
        addr,
    )?;
    Ok(EXIT_OK)
}

fn report(a: &ReportArgs) -> anyhow::Result<u8> {
    let store = open_existing_store(&a.store.db)?;
    let stats = isnad_web::write_report(&store, &a.html)?;
    eprintln!(
        "isnad: report written to {}: {} documents, {} outlets, {} days",
        a.html.display(),
        stats.documents,
        stats.outlets,
        stats.days
    );
    Ok(EXIT_OK)
}
