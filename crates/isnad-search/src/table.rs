//! Plain-text table output for `isnad search`.

use crate::Hit;

/// Marks put around matched words in table output.
const MARK_OPEN: &str = "【";
const MARK_CLOSE: &str = "】";

/// Hits as a table: one header row, then per hit a row of rank, date,
/// outlet, id and title, and an indented snippet line with matched words in
/// 【】. Columns are tab-separated so the output also pastes into a
/// spreadsheet.
pub fn render_table(hits: &[Hit]) -> String {
    let mut out = String::from("#\tdate\toutlet\tid\ttitle\n");
    for (i, h) in hits.iter().enumerate() {
        let title = h.title.as_deref().unwrap_or("").replace(['\t', '\n'], " ");
        let copies = if h.copies.is_empty() {
            String::new()
        } else {
            format!(" (+{} copies)", h.copies.len())
        };
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}{}\n",
            i + 1,
            h.published.as_deref().unwrap_or("-"),
            h.outlet.as_deref().unwrap_or("-"),
            h.id,
            title,
            copies
        ));
        let mut line = String::new();
        let chars: Vec<char> = h.snippet.text.chars().collect();
        let mut at = 0;
        for &(s, e) in &h.snippet.highlights {
            if s < at || e > chars.len() {
                continue;
            }
            line.extend(&chars[at..s]);
            line.push_str(MARK_OPEN);
            line.extend(&chars[s..e]);
            line.push_str(MARK_CLOSE);
            at = e;
        }
        line.extend(&chars[at.min(chars.len())..]);
        let sentence = h
            .snippet
            .sentence
            .map_or(String::new(), |s| format!("#s{s} "));
        out.push_str(&format!(
            "\t{}{}{}\n",
            sentence,
            if h.snippet.truncated { "… " } else { "" },
            line.replace(['\t', '\n'], " ")
        ));
    }
    out
}
