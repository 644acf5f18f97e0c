//! WARC files, read one record at a time. `response` records carrying an
//! HTML page (and `resource` records that are HTML) become documents whose
//! `original` is the HTTP payload after removing transfer and content
//! encodings; every other record is reported as skipped with its type. Byte
//! positions are in the uncompressed WARC stream. A framing error (no
//! `Content-Length`, a truncated block) ends the file, since the next record
//! cannot be found reliably after it.

use crate::open::too_big;
use crate::{html, Ctx, Item};
use flate2::read::{MultiGzDecoder, ZlibDecoder};
use isnad_core::Format;
use std::io::{self, BufRead, Read};

/// Longest WARC header line and largest header section accepted.
const MAX_LINE: u64 = 64 * 1024;
const MAX_HEADERS: usize = 1024 * 1024;

pub(crate) struct WarcIter<R: BufRead> {
    ctx: Ctx,
    r: R,
    pos: usize,
    done: bool,
}

type Headers = Vec<(String, String)>;

fn header<'h>(headers: &'h Headers, name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

impl<R: BufRead> WarcIter<R> {
    pub fn new(ctx: Ctx, r: R) -> Self {
        WarcIter {
            ctx,
            r,
            pos: 0,
            done: false,
        }
    }

    /// A framing error: reported against the file, and the file ends.
    fn fatal(&mut self, msg: String) -> Option<Item> {
        self.done = true;
        Some(self.ctx.fail(None, msg))
    }

    /// One header line of the record starting at `start`; the error is the
    /// whole message.
    fn read_line(&mut self, start: usize) -> Result<Vec<u8>, String> {
        let mut line = Vec::new();
        let n = (&mut self.r)
            .take(MAX_LINE)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("{e} (in the WARC record at byte {start})"))?;
        self.pos += n;
        if n as u64 == MAX_LINE && line.last() != Some(&b'\n') {
            return Err(format!(
                "invalid WARC record at byte {start}: header line longer than 64 KiB"
            ));
        }
        Ok(line)
    }

    /// Skips the CR/LF between records; false at end of input.
    fn skip_blank(&mut self) -> io::Result<bool> {
        loop {
            let buf = self.r.fill_buf()?;
            match buf.first() {
                None => return Ok(false),
                Some(b'\r' | b'\n') => {
                    self.r.consume(1);
                    self.pos += 1;
                }
                Some(_) => return Ok(true),
            }
        }
    }

    fn next_record(&mut self) -> Option<Item> {
        match self.skip_blank() {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => return self.fatal(format!("cannot read at byte {}: {e}", self.pos)),
        }
        let start = self.pos;
        let version = match self.read_line(start) {
            Ok(l) => l,
            Err(msg) => return self.fatal(msg),
        };
        if !version.starts_with(b"WARC/") {
            let shown: String = String::from_utf8_lossy(&version).chars().take(40).collect();
            return self.fatal(format!(
                "invalid WARC record at byte {start}: expected a `WARC/1.x` version line, found `{}`",
                shown.trim_end()
            ));
        }
        let mut headers: Headers = Vec::new();
        let mut size = 0usize;
        loop {
            let line = match self.read_line(start) {
                Ok(l) => l,
                Err(msg) => return self.fatal(msg),
            };
            if line.is_empty() {
                return self.fatal(format!(
                    "truncated WARC record at byte {start}: input ends inside the headers"
                ));
            }
            size += line.len();
            if size > MAX_HEADERS {
                return self.fatal(format!(
                    "invalid WARC record at byte {start}: headers larger than 1 MiB"
                ));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            match text.split_once(':') {
                Some((n, v)) => headers.push((n.trim().to_owned(), v.trim().to_owned())),
                None if text.starts_with([' ', '\t']) => {
                    // A folded continuation line.
                    if let Some(last) = headers.last_mut() {
                        last.1.push(' ');
                        last.1.push_str(text.trim());
                    }
                }
                None => {
                    return self.fatal(format!(
                        "invalid WARC record at byte {start}: malformed header line `{}`",
                        text.chars().take(60).collect::<String>()
                    ))
                }
            }
        }
        let Some(len) = header(&headers, "Content-Length") else {
            return self.fatal(format!(
                "invalid WARC record at byte {start}: missing Content-Length"
            ));
        };
        let Ok(len) = len.parse::<u64>() else {
            return self.fatal(format!(
                "invalid WARC record at byte {start}: invalid Content-Length `{len}`"
            ));
        };
        let loc = format!("record at byte {start}");
        if len > self.ctx.max() {
            let copied = io::copy(&mut (&mut self.r).take(len), &mut io::sink());
            match copied {
                Ok(n) if n == len => {
                    self.pos += n as usize;
                    let msg = too_big(&self.ctx, "record", Some(len));
                    return Some(self.ctx.fail(Some(&loc), msg));
                }
                Ok(n) => {
                    return self.fatal(format!(
                        "truncated WARC record at byte {start}: block has {n} of {len} bytes"
                    ))
                }
                Err(e) => return self.fatal(format!("{e} (in the WARC record at byte {start})")),
            }
        }
        let mut block = Vec::with_capacity(len.min(1 << 24) as usize);
        if let Err(e) = (&mut self.r).take(len).read_to_end(&mut block) {
            return self.fatal(format!("{e} (in the WARC record at byte {start})"));
        }
        self.pos += block.len();
        if (block.len() as u64) < len {
            return self.fatal(format!(
                "truncated WARC record at byte {start}: block has {} of {len} bytes (Content-Length)",
                block.len()
            ));
        }
        Some(self.record(loc, &headers, block))
    }

    fn record(&self, loc: String, headers: &Headers, block: Vec<u8>) -> Item {
        let ctx = &self.ctx;
        let l = Some(loc.as_str());
        let typ = header(headers, "WARC-Type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let uri = header(headers, "WARC-Target-URI")
            .map(|u| u.trim_matches(['<', '>']).to_owned())
            .filter(|u| !u.is_empty());
        let content_type = header(headers, "Content-Type")
            .unwrap_or("")
            .to_ascii_lowercase();
        match typ.as_str() {
            "response" => {}
            "resource" => {
                if !is_html_type(&content_type) {
                    return ctx.skip(l, format!("resource record is `{content_type}`, not HTML"));
                }
                if block.is_empty() {
                    return ctx.skip(l, "empty resource record");
                }
                let charset = html::content_type_charset(&content_type);
                return html::html_doc(ctx, Some(loc), Format::Warc, block, charset, uri);
            }
            "" => return ctx.skip(l, "record without WARC-Type"),
            "revisit" => return ctx.skip(l, "revisit record (payload not stored)"),
            other => return ctx.skip(l, format!("{other} record")),
        }
        if !content_type.is_empty() && !content_type.starts_with("application/http") {
            return ctx.skip(l, format!("response record is `{content_type}`, not HTTP"));
        }
        let http = match parse_http(&block) {
            Ok(h) => h,
            Err(msg) => return ctx.fail(l, msg),
        };
        if !(200..300).contains(&http.status) {
            return ctx.skip(l, format!("HTTP status {}", http.status));
        }
        let ct = header(&http.headers, "Content-Type")
            .unwrap_or("")
            .to_owned();
        let mut payload = block[http.body_start..].to_vec();
        drop(block);
        if header(&http.headers, "Transfer-Encoding")
            .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
        {
            // Some crawlers store the de-chunked body but keep the header.
            if let Some(p) = dechunk(&payload) {
                payload = p;
            }
        }
        if let Some(ce) = header(&http.headers, "Content-Encoding") {
            match decompress(&ce.to_ascii_lowercase(), &payload, ctx.max()) {
                Ok(Some(p)) => payload = p,
                Ok(None) => {}
                Err(msg) => return ctx.fail(l, msg),
            }
        }
        let media = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let html_like = if media.is_empty() {
            let head = String::from_utf8_lossy(&payload[..payload.len().min(2048)]).to_lowercase();
            head.contains("<html") || head.contains("<!doctype html") || head.contains("<body")
        } else {
            is_html_type(&media)
        };
        if !html_like {
            let what = if media.is_empty() {
                "without Content-Type"
            } else {
                &media
            };
            return ctx.skip(l, format!("response is {what}, not HTML"));
        }
        if payload.iter().all(u8::is_ascii_whitespace) {
            return ctx.skip(l, "empty HTML payload");
        }
        let charset = html::content_type_charset(&ct);
        html::html_doc(ctx, Some(loc), Format::Warc, payload, charset, uri)
    }
}

impl<R: BufRead> Iterator for WarcIter<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        let item = self.next_record();
        if item.is_none() {
            self.done = true;
        }
        item
    }
}

fn is_html_type(media: &str) -> bool {
    media.starts_with("text/html") || media.starts_with("application/xhtml+xml")
}

struct Http {
    status: u16,
    headers: Headers,
    body_start: usize,
}

fn parse_http(block: &[u8]) -> Result<Http, String> {
    let head = &block[..block.len().min(MAX_HEADERS)];
    let end = head
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4)
        .or_else(|| head.windows(2).position(|w| w == b"\n\n").map(|p| p + 2))
        .ok_or("invalid HTTP response: no end of headers")?;
    let text = String::from_utf8_lossy(&block[..end]);
    let mut lines = text.lines();
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.split_whitespace();
    let status = match (parts.next(), parts.next()) {
        (Some(v), Some(code)) if v.starts_with("HTTP/") => code.parse::<u16>().ok(),
        _ => None,
    }
    .ok_or_else(|| {
        format!(
            "invalid HTTP response: bad status line `{}`",
            status_line.chars().take(60).collect::<String>()
        )
    })?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Ok(Http {
        status,
        headers,
        body_start: end,
    })
}

/// Undoes HTTP chunked transfer encoding; `None` if the body is not chunked.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    loop {
        let nl = body.get(i..)?.iter().position(|&b| b == b'\n')? + i;
        let size_text = std::str::from_utf8(&body[i..nl]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        i = nl + 1;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(i..i.checked_add(size)?)?);
        i += size;
        while matches!(body.get(i), Some(b'\r' | b'\n')) {
            i += 1;
        }
    }
}

/// Undoes a `Content-Encoding`; `Ok(None)` for identity.
fn decompress(encoding: &str, payload: &[u8], max: u64) -> Result<Option<Vec<u8>>, String> {
    let mut out = Vec::new();
    let res = match encoding.trim() {
        "" | "identity" | "none" => return Ok(None),
        "gzip" | "x-gzip" => MultiGzDecoder::new(payload)
            .take(max + 1)
            .read_to_end(&mut out),
        "deflate" => ZlibDecoder::new(payload)
            .take(max + 1)
            .read_to_end(&mut out),
        other => return Err(format!("unsupported Content-Encoding `{other}`")),
    };
    match res {
        Ok(_) if out.len() as u64 > max => Err(format!(
            "payload decompresses to more than max_file_bytes ({max} bytes)"
        )),
        Ok(_) => Ok(Some(out)),
        // Crawlers often store the decoded body and keep the header.
        Err(_) if looks_decoded(payload) => Ok(None),
        Err(e) => Err(format!("cannot undo Content-Encoding {encoding}: {e}")),
    }
}

fn looks_decoded(payload: &[u8]) -> bool {
    payload.iter().take(512).any(|&b| b == b'<')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").as_deref(),
            Some(&b"abcde"[..])
        );
        assert_eq!(dechunk(b"<html>"), None);
    }

    #[test]
    fn http_head() {
        let h = parse_http(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>").unwrap();
        assert_eq!((h.status, h.body_start), (200, 44));
        assert!(parse_http(b"garbage").is_err());
    }
}
