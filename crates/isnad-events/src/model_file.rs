//! What the learned models (arguments, dates) share: their text files and the seeded
//! shuffle of their training.

/// A model file's note and rows; an error is (line, message).
type Parsed<'a> = Result<(String, Vec<(usize, Vec<&'a str>)>), (usize, String)>;

/// The note (the `#` lines after the header) and the rows (line number, tab-separated
/// fields) of a model file whose first line must be `header`. Errors: (line, message).
pub(crate) fn read<'a>(text: &'a str, header: &str) -> Parsed<'a> {
    let mut note = String::new();
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if n == 1 {
            if line.trim() != header {
                return Err((n, format!("expected the header {header:?}")));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            note.push_str(c.trim());
            note.push('\n');
        } else if !line.trim().is_empty() {
            rows.push((n, line.split('\t').collect()));
        }
    }
    Ok((note, rows))
}

/// The header line and the note as `#` lines: the start of a model file.
pub(crate) fn head(header: &str, note: &str) -> String {
    let mut out = format!("{header}\n");
    for l in note.lines() {
        out.push_str(&format!("# {l}\n"));
    }
    out
}

/// Shuffle `order` in place (Fisher–Yates with an xorshift generator): training is
/// deterministic for a given seed.
pub(crate) fn shuffle(order: &mut [usize], seed: &mut u64) {
    for i in (1..order.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        order.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}
