//! Prints the blocks and metadata `extract` finds in an HTML file:
//! `cargo run -p isnad-html --example dump -- page.html`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump <page.html>");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: cannot read: {e}");
            std::process::exit(1);
        }
    };
    let html = String::from_utf8_lossy(&bytes);
    let page = isnad_html::extract(&html);
    println!("{:#?}", page.meta);
    for b in &page.blocks {
        println!(
            "{:?}\t{}..{}\texact={}\tlinks={:.2}\t[{}]\t{}",
            b.kind, b.span.start, b.span.end, b.exact, b.link_density, b.hint, b.text
        );
    }
}
