//! Tag text from stdin (or the arguments) and print one mention per line:
//! `cargo run -p isnad-ner --release --example tag -- "قال وزير الخارجية ..."`.

use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            eprintln!("error: stdin: {e}");
            return ExitCode::FAILURE;
        }
    }
    let model = match isnad_ner::NerModel::load_default() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for m in model.tag(&text) {
        println!(
            "{}\t{}..{}\t{:.2}\t{}",
            m.label, m.start, m.end, m.score, m.text
        );
    }
    ExitCode::SUCCESS
}
