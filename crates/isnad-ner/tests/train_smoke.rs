//! A small end-to-end training run on the shared data (skipped when
//! `../shared` is absent): no clusters (those take minutes), one epoch,
//! written to a temporary file and loaded back.

use std::path::Path;

use isnad_ner::{train, NerModel, TrainOptions};

#[test]
fn trains_saves_and_loads() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if !shared
        .join("datasets/anercorp/ANERCorp_CamelLab_train.txt")
        .exists()
    {
        eprintln!("note: ../shared absent; skipping the training smoke test");
        return;
    }
    let out = std::env::temp_dir().join(format!("isnad-ner-smoke-{}.bin", std::process::id()));
    let mut o = TrainOptions::new(&shared, Some(out.clone()));
    o.features.clusters = false;
    o.epochs = Some(1);
    o.doc_pass = false;
    o.titles = false;
    o.ensemble = 1;
    o.verbose = false;
    let r = train(&o).unwrap();
    assert!(r.model_bytes > 1000);
    assert!(r.dev_curve[0].f1_4 > 40.0, "{r}");
    let m = NerModel::load(&out).unwrap();
    assert!(!m
        .tag("قال الرئيس المصري في القاهرة إن مصر ترحب.")
        .is_empty());
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(out.with_file_name("TRAINING_REPORT.txt"));
}

#[test]
fn missing_shared_folder_is_a_clear_error() {
    let o = TrainOptions::new("/nonexistent/shared", None);
    let e = train(&o).unwrap_err().to_string();
    assert!(e.contains("/nonexistent/shared"), "{e}");
}
