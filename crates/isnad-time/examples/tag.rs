//! Print the expressions of a text: `cargo run -p isnad-time --example tag -- "TEXT" [DCT]`.
use isnad_time::{Date, Dct, DctHow, TimeTagger};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(text) = args.get(1) else {
        eprintln!("usage: tag TEXT [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let tagger = TimeTagger::new();
    let mut tx = tagger.find(text);
    let dct = match args.get(2) {
        Some(d) => match Date::parse_iso(d) {
            Some(date) => Some(Dct {
                date,
                how: DctHow::Metadata,
                confidence: 1.0,
            }),
            None => {
                eprintln!("{d}: not a YYYY-MM-DD date");
                std::process::exit(2);
            }
        },
        None => isnad_time::dct_from_metadata(None, None, text)
            .or_else(|| isnad_time::infer_dct(text, &tx)),
    };
    println!("DCT: {dct:?}");
    if let Some(d) = dct {
        tagger.resolve(text, &mut tx, &d);
    }
    for t in &tx {
        println!(
            "{}..{} {:?} {:?} value={:?} anchor={:?} mod={:?}\n    {:?}",
            t.start, t.end, t.text, t.kind, t.value, t.anchor, t.modifier, t.expr
        );
    }
}
