//! Opening one input (a file, stdin, a zip member, a gzip stream) and handing
//! it to the reader for its format.

use crate::decode::{binary_reason, looks_utf16};
use crate::sniff::{sniff, strip_gz, Kind};
use crate::{feed, html, json, text, warc, Ctx, Item, ItemIter};
use flate2::read::MultiGzDecoder;
use isnad_core::Format;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek};
use zip::ZipArchive;

/// How many leading bytes are read to choose the format.
const PEEK: usize = 8192;
/// Archives and gzip streams nested deeper than this are refused (bombs).
const MAX_DEPTH: u8 = 4;

fn once(item: Item) -> ItemIter {
    Box::new(std::iter::once(item))
}

/// A human size: `600.0 MiB`.
pub(crate) fn human(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

pub(crate) fn too_big(ctx: &Ctx, what: &str, size: Option<u64>) -> String {
    match size {
        Some(s) => format!(
            "{what} is {}, over the {} limit (max_file_bytes)",
            human(s),
            human(ctx.max())
        ),
        None => format!(
            "{what} is over the {} limit (max_file_bytes)",
            human(ctx.max())
        ),
    }
}

/// Reads up to `n` bytes (fewer only at end of input).
fn peek(r: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n);
    r.take(n as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Like [`peek`], but a read error after some bytes were read is kept for
/// later: the bytes are returned, and the error comes when the rest is read
/// (a truncated stream still yields the records before the cut).
fn peek_stream(
    mut r: Box<dyn Read + Send>,
    n: usize,
) -> io::Result<(Vec<u8>, Box<dyn Read + Send>)> {
    let mut buf = Vec::with_capacity(n);
    match (&mut r).take(n as u64).read_to_end(&mut buf) {
        Ok(_) => Ok((buf, r)),
        Err(e) if buf.is_empty() => Err(e),
        Err(e) => Ok((buf, Box::new(ErrOnce(Some(e))))),
    }
}

/// A reader that fails once with a stored error, then reads as empty.
struct ErrOnce(Option<io::Error>);

impl Read for ErrOnce {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// Appends the rest of `r` to `buf`, failing past `max` bytes in all.
fn read_rest(ctx: &Ctx, mut buf: Vec<u8>, r: &mut dyn Read) -> Result<Vec<u8>, String> {
    let max = ctx.max();
    let room = (max + 1).saturating_sub(buf.len() as u64);
    r.take(room)
        .read_to_end(&mut buf)
        .map_err(|e| match e.kind() {
            // Already worded by GzRead: "truncated gzip stream"...
            io::ErrorKind::UnexpectedEof | io::ErrorKind::InvalidData => e.to_string(),
            _ => format!("cannot read: {e}"),
        })?;
    if buf.len() as u64 > max {
        return Err(too_big(ctx, "content", None));
    }
    Ok(buf)
}

pub(crate) fn open_file(ctx: Ctx, size: u64) -> ItemIter {
    if size > ctx.max() {
        return once(ctx.fail(None, too_big(&ctx, "file", Some(size))));
    }
    let mut file = match File::open(&ctx.path) {
        Ok(f) => f,
        Err(e) => return once(ctx.fail(None, format!("cannot open: {e}"))),
    };
    let prefix = match peek(&mut file, PEEK) {
        Ok(p) => p,
        Err(e) => return once(ctx.fail(None, format!("cannot read: {e}"))),
    };
    if !prefix.is_empty() && sniff(&ctx.name, &prefix) == Kind::Zip {
        if let Err(e) = file.rewind() {
            return once(ctx.fail(None, format!("cannot read: {e}")));
        }
        return open_zip(ctx, file);
    }
    dispatch(ctx, prefix, Box::new(file))
}

pub(crate) fn open_stdin(ctx: Ctx) -> ItemIter {
    match peek_stream(Box::new(io::stdin()), PEEK) {
        Ok((prefix, rest)) => dispatch(ctx, prefix, rest),
        Err(e) => once(ctx.fail(None, format!("cannot read standard input: {e}"))),
    }
}

/// Chooses the reader for content whose first bytes are `prefix` and whose
/// remaining bytes come from `rest`.
pub(crate) fn dispatch(ctx: Ctx, prefix: Vec<u8>, mut rest: Box<dyn Read + Send>) -> ItemIter {
    if prefix.is_empty() {
        let what = if ctx.depth > 0 && ctx.entry.is_none() {
            "empty file (after gzip decompression)"
        } else {
            "empty file"
        };
        return once(ctx.skip(None, what));
    }
    let kind = sniff(&ctx.name, &prefix);
    let textual = matches!(
        kind,
        Kind::Text | Kind::Html | Kind::Jsonl | Kind::Json | Kind::Feed
    );
    if textual {
        if let Some(why) = binary(&prefix) {
            let msg = format!("{why}; not a supported input format");
            return once(if ctx.explicit {
                ctx.fail(None, msg)
            } else {
                ctx.skip(None, msg)
            });
        }
    }
    match kind {
        Kind::Zip => {
            if ctx.depth >= MAX_DEPTH {
                return once(ctx.fail(None, "archives nested too deeply"));
            }
            match read_rest(&ctx, prefix, &mut rest) {
                Ok(all) => open_zip(ctx, Cursor::new(all)),
                Err(msg) => once(ctx.fail(None, msg)),
            }
        }
        Kind::Gzip => open_gzip(ctx, prefix, rest),
        Kind::Tar => once(ctx.fail(
            None,
            "tar archives are not supported (unpack it, or zip it instead)",
        )),
        Kind::Warc => Box::new(warc::WarcIter::new(
            ctx,
            BufReader::with_capacity(64 * 1024, Cursor::new(prefix).chain(rest)),
        )),
        Kind::Jsonl if looks_utf16(&prefix).is_none() && !is_utf16_bom(&prefix) => {
            Box::new(json::JsonlIter::new(
                ctx,
                BufReader::with_capacity(64 * 1024, Cursor::new(prefix).chain(rest)),
            ))
        }
        _ => {
            let bytes = match read_rest(&ctx, prefix, &mut rest) {
                Ok(b) => b,
                Err(msg) => return once(ctx.fail(None, msg)),
            };
            drop(rest);
            whole(ctx, kind, bytes)
        }
    }
}

fn is_utf16_bom(prefix: &[u8]) -> bool {
    prefix.starts_with(&[0xFF, 0xFE]) || prefix.starts_with(&[0xFE, 0xFF])
}

/// Binary data in something that would be read as text (UTF-16 is text).
fn binary(prefix: &[u8]) -> Option<String> {
    if is_utf16_bom(prefix) || looks_utf16(prefix).is_some() {
        return None;
    }
    binary_reason(prefix, 0)
}

/// Formats read from a whole buffer.
fn whole(ctx: Ctx, kind: Kind, bytes: Vec<u8>) -> ItemIter {
    match kind {
        Kind::Text => once(text::text_doc(&ctx, bytes)),
        Kind::Html => once(html::html_doc(&ctx, None, Format::Html, bytes, None, None)),
        Kind::Json | Kind::Jsonl => json::json_file(ctx, bytes),
        Kind::Feed => Box::new(feed::feed_items(&ctx, bytes).into_iter()),
        // Containers and streams never reach here.
        Kind::Zip | Kind::Gzip | Kind::Tar | Kind::Warc => {
            once(ctx.fail(None, "internal error: container read as a whole buffer"))
        }
    }
}

/// gzip: one file compressed (possibly in several members, as WARC.gz is).
fn open_gzip(ctx: Ctx, prefix: Vec<u8>, rest: Box<dyn Read + Send>) -> ItemIter {
    if ctx.depth >= MAX_DEPTH {
        return once(ctx.fail(None, "gzip streams nested too deeply"));
    }
    let mut inner = ctx.clone();
    inner.name = strip_gz(&ctx.name);
    inner.depth += 1;
    let reader = Box::new(GzRead(MultiGzDecoder::new(Cursor::new(prefix).chain(rest))));
    match peek_stream(reader, PEEK) {
        Ok((p, rest)) => dispatch(inner, p, rest),
        Err(e) => once(ctx.fail(None, e.to_string())),
    }
}

/// Gives gzip's read errors messages that name the problem.
struct GzRead<R: Read>(MultiGzDecoder<R>);

impl<R: Read> Read for GzRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| match e.kind() {
            io::ErrorKind::UnexpectedEof => {
                io::Error::new(io::ErrorKind::UnexpectedEof, "truncated gzip stream")
            }
            io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => io::Error::new(
                io::ErrorKind::InvalidData,
                format!("corrupt gzip stream ({e})"),
            ),
            _ => e,
        })
    }
}

fn open_zip<R: Read + Seek + Send + 'static>(ctx: Ctx, r: R) -> ItemIter {
    match ZipArchive::new(r) {
        Ok(archive) => Box::new(ZipIter {
            ctx,
            archive,
            next: 0,
            inner: None,
        }),
        Err(e) => once(ctx.fail(None, format!("not a readable zip archive: {e}"))),
    }
}

/// A zip archive read one member at a time.
struct ZipIter<R: Read + Seek> {
    ctx: Ctx,
    archive: ZipArchive<R>,
    next: usize,
    inner: Option<ItemIter>,
}

impl<R: Read + Seek> Iterator for ZipIter<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(inner) = self.inner.as_mut() {
                if let Some(item) = inner.next() {
                    return Some(item);
                }
                self.inner = None;
            }
            if self.next >= self.archive.len() {
                return None;
            }
            let i = self.next;
            self.next += 1;
            let max = self.ctx.max();
            let listed = self.archive.name_for_index(i).unwrap_or("?").to_owned();
            let mut member = match self.archive.by_index(i) {
                Ok(m) => m,
                Err(e) => {
                    let name = listed;
                    let mut c = self.ctx.clone();
                    c.entry = Some(join_entry(&self.ctx.entry, &name));
                    return Some(c.fail(None, format!("cannot read zip member: {e}")));
                }
            };
            if member.is_dir() {
                continue;
            }
            let name = member.name().to_owned();
            let mut c = self.ctx.clone();
            c.entry = Some(join_entry(&self.ctx.entry, &name));
            c.name = name.clone();
            c.explicit = false;
            c.depth = self.ctx.depth + 1;
            let base = name.rsplit('/').next().unwrap_or(&name);
            if name.starts_with("__MACOSX/") || base.starts_with('.') {
                return Some(c.skip(None, "hidden or macOS metadata member"));
            }
            if member.size() > max {
                return Some(c.fail(None, too_big(&c, "member", Some(member.size()))));
            }
            let mut buf = Vec::with_capacity(member.size().min(max) as usize);
            if let Err(e) = (&mut member).take(max + 1).read_to_end(&mut buf) {
                return Some(c.fail(None, format!("cannot read zip member: {e}")));
            }
            drop(member);
            if buf.len() as u64 > max {
                return Some(c.fail(None, too_big(&c, "member", None)));
            }
            self.inner = Some(dispatch(c, buf, Box::new(io::empty())));
        }
    }
}

fn join_entry(outer: &Option<String>, name: &str) -> String {
    match outer {
        Some(o) => format!("{o}!{name}"),
        None => name.to_owned(),
    }
}
