//! Train the NER model and write it into the repository:
//!
//! ```text
//! cargo run -p isnad-ner --release --example train            # models/ner/ner.bin
//! cargo run -p isnad-ner --release --example train -- --help
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use isnad_ner::{train, TrainOptions};

const HELP: &str = "usage: train [options]
  --shared DIR          shared data folder (default: ../shared next to the repo)
  --out PATH            model file to write (default: models/ner/ner.bin in the repo)
  --no-save             train and report only
  --epochs N            fixed epochs (default: best on dev)
  --max-epochs N        upper bound when choosing on dev (default 12)
  --dev-only            do not retrain on train+dev (implies --no-save)
  --no-final            do not retrain on train+dev, but save the model
  --bilou               BILOU labels instead of BIO
  --crf [--crf-eta X] [--crf-l2 X]   SGD CRF instead of the averaged perceptron
  --ensemble N          average N perceptrons trained with different shuffles (default 4)
  --min-count N         keep features seen at least N times (default 2)
  --prune X             drop features below X * max weight (default 0.002)
  --clusters2 (second, topical clustering) | --no-dense (word-vector features) | --no-clusters | --no-gaz | --no-affixes | --no-window2 | --no-bigrams | --no-titles | --no-doc
  --context             quote-span and wider context features (measured, not used)
  --wikifane           add WikiFANE Gold (Wikipedia) as extra entity training data
  --domain-aug         domain-specific feature copies (news vs Wikipedia)
  --rebuild-clusters    relearn word clusters even if cached
  --cluster-articles N  learn clusters from the first N articles only
  --cluster-dim N | --cluster-epochs N | --cluster-k A,B,C
  --cost X [--recall-cost Y]   cost-augmented training (margin X per wrong label, X*Y on
                        entity tokens; default 0 = plain perceptron updates)
  --pa C                passive-aggressive (PA-I) updates with aggressiveness C
  --mined | --no-mined  gazetteer features from name lists mined from SaudiNewsNet
                        with head-word patterns (cached in target/isnad-ner/mined-v1.tsv)
  --mined-min-count N   keep mined names seen after their head at least N times (default 3)
  --mined-ratio X       ...and in at least X of all their occurrences (default 0.05)
  --rebuild-mined       mine the lists again even if cached
  --names               personal-name features: first/last-name lists from the training
                        PER spans (jackknifed on train), name connectors (بن، أبو، عبد، آل…)
  --names-min-count N   keep a first/last name counted at least N times (default 2)
  --wojood              add the Wojood sample's train+val (never test) as extra entity
                        training data (PERS→PER, ORG→ORG, GPE/LOC/FAC→LOC, rest O)
  --wojood-misc         with --wojood: also CURR and EVENT → MISC
  --no-inhouse          leave out our own marked-up news (eval/events development stories)
  --inhouse DIR         an eval/events folder to read them from (default: the repo's)
  --inhouse-repeat N    times each in-house sentence is repeated (default 2)
  --inhouse-stories A-B,C-D  which sNN stories to read (default 1-10,21-30,41-50;
                        never the held-out ones)
  --seed N              shuffle seed (default 42)
  --quiet";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut o = TrainOptions::new(
        repo.join("../shared"),
        Some(repo.join("models/ner/ner.bin")),
    );
    let mut args = std::env::args().skip(1);
    let num = |v: Option<String>, flag: &str| -> Result<usize, String> {
        v.ok_or(format!("{flag} needs a value"))?
            .parse()
            .map_err(|_| format!("{flag}: not a number"))
    };
    let flt = |v: Option<String>, flag: &str| -> Result<f32, String> {
        v.ok_or(format!("{flag} needs a value"))?
            .parse()
            .map_err(|_| format!("{flag}: not a number"))
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--help" | "-h" => {
                println!("{HELP}");
                return Ok(());
            }
            "--shared" => o.shared_dir = args.next().ok_or("--shared needs a folder")?.into(),
            "--out" => o.out = Some(args.next().ok_or("--out needs a path")?.into()),
            "--no-save" => o.out = None,
            "--epochs" => o.epochs = Some(num(args.next(), "--epochs")?),
            "--max-epochs" => o.max_epochs = num(args.next(), "--max-epochs")?,
            "--no-final" => o.final_on_all = false,
            "--bilou" => o.bilou = true,
            "--crf" => o.crf = Some(Default::default()),
            "--ensemble" => o.ensemble = num(args.next(), "--ensemble")?,
            "--crf-eta" => {
                let c = o.crf.get_or_insert_with(Default::default);
                c.eta0 = args
                    .next()
                    .ok_or("--crf-eta needs a value")?
                    .parse()
                    .map_err(|_| "--crf-eta: not a number")?;
            }
            "--crf-l2" => {
                let c = o.crf.get_or_insert_with(Default::default);
                c.l2 = args
                    .next()
                    .ok_or("--crf-l2 needs a value")?
                    .parse()
                    .map_err(|_| "--crf-l2: not a number")?;
            }
            "--min-count" => o.min_feature_count = num(args.next(), "--min-count")? as u32,
            "--dev-only" => {
                o.final_on_all = false;
                o.out = None;
            }
            "--prune" => {
                o.prune = args
                    .next()
                    .ok_or("--prune needs a value")?
                    .parse()
                    .map_err(|_| "--prune: not a number")?
            }
            "--no-clusters" => o.features.clusters = false,
            "--clusters2" => o.features.clusters2 = true,
            "--no-dense" => o.features.dense = false,
            "--no-gaz" => o.features.gazetteer = false,
            "--no-affixes" => o.features.affixes = false,
            "--no-window2" => o.features.window2 = false,
            "--no-bigrams" => o.features.bigrams = false,
            "--no-titles" => o.titles = false,
            "--no-doc" => o.doc_pass = false,
            "--context" => o.features.context = true,
            "--cost" => o.cost = flt(args.next(), "--cost")?,
            "--recall-cost" => o.recall_cost = flt(args.next(), "--recall-cost")?,
            "--pa" => o.pa = Some(flt(args.next(), "--pa")?),
            "--mined" => o.features.mined = true,
            "--no-mined" => o.features.mined = false,
            "--mined-min-count" => {
                o.mined_min_count = num(args.next(), "--mined-min-count")? as u32
            }
            "--mined-ratio" => o.mined_min_ratio = flt(args.next(), "--mined-ratio")?,
            "--rebuild-mined" => o.rebuild_mined = true,
            "--seed" => o.seed = num(args.next(), "--seed")? as u64,
            "--wikifane" => o.wikifane = true,
            "--no-inhouse" => o.inhouse = None,
            "--inhouse" => o.inhouse = Some(args.next().ok_or("--inhouse needs a folder")?.into()),
            "--inhouse-stories" => {
                let v = args.next().ok_or("--inhouse-stories needs ranges")?;
                o.inhouse_stories = v
                    .split(',')
                    .map(|r| {
                        let (a, b) = r.split_once('-').unwrap_or((r, r));
                        Ok(a.trim()
                            .parse::<u32>()
                            .map_err(|e| format!("--inhouse-stories {r}: {e}"))?
                            ..=b.trim()
                                .parse::<u32>()
                                .map_err(|e| format!("--inhouse-stories {r}: {e}"))?)
                    })
                    .collect::<Result<_, String>>()?;
            }
            "--inhouse-repeat" => o.inhouse_repeat = num(args.next(), "--inhouse-repeat")?,
            "--wojood" => o.wojood = true,
            "--wojood-misc" => {
                o.wojood = true;
                o.wojood_misc = true;
            }
            "--names" => o.features.names = true,
            "--names-min-count" => {
                o.names_min_count = num(args.next(), "--names-min-count")? as u32
            }
            "--domain-aug" => o.features.domain_aug = true,
            "--rebuild-clusters" => o.rebuild_clusters = true,
            "--cluster-articles" => {
                o.cluster_opts.max_articles = num(args.next(), "--cluster-articles")?
            }
            "--cluster-dim" => o.cluster_opts.dim = num(args.next(), "--cluster-dim")?,
            "--cluster-epochs" => o.cluster_opts.epochs = num(args.next(), "--cluster-epochs")?,
            "--cluster-k" => {
                let v = args.next().ok_or("--cluster-k needs A,B,C")?;
                let k: Vec<usize> = v.split(',').filter_map(|x| x.parse().ok()).collect();
                if k.len() != 3 {
                    return Err("--cluster-k needs three numbers, e.g. 1000,200,50".into());
                }
                o.cluster_opts.k = [k[0], k[1], k[2]];
            }
            "--quiet" => o.verbose = false,
            other => return Err(format!("unknown option {other}\n{HELP}")),
        }
    }
    let report = train(&o).map_err(|e| e.to_string())?;
    print!("{report}");
    Ok(())
}
