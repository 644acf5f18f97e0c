//! What the learned models (arguments, dates) share: their text files, their errors and
//! the seeded shuffle of their training.

use std::fmt;

/// A bad line in a learned model's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// Which model: `argument` or `date`.
    pub model: &'static str,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} model line {}: {}",
            self.model, self.line, self.message
        )
    }
}

impl std::error::Error for ModelError {}

/// A model file's note and rows.
type Parsed<'a> = Result<(String, Vec<(usize, Vec<&'a str>)>), ModelError>;

/// The note (the `#` lines after the header) and the rows (line number, tab-separated
/// fields) of `model`'s file, whose first line must be `header`.
pub(crate) fn read<'a>(model: &'static str, text: &'a str, header: &str) -> Parsed<'a> {
    let mut note = String::new();
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if n == 1 {
            if line.trim() != header {
                return Err(ModelError {
                    model,
                    line: n,
                    message: format!("expected the header {header:?}"),
                });
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
