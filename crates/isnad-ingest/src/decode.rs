//! Bytes → text, with the encoding chosen by evidence in a fixed order:
//!
//! 1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) always wins;
//! 2. BOM-less UTF-16 is recognised from its high-byte pattern (every other
//!    byte is `0x00` for ASCII or `0x06` for Arabic, which never happens in
//!    UTF-8 or in single-byte text);
//! 3. anything else holding NUL bytes or many control bytes is binary data;
//! 4. declared encodings (HTTP `Content-Type`, HTML `<meta charset>`, XML
//!    `encoding=`, "JSON is UTF-8"), tried in the order given;
//! 5. undeclared text: UTF-8 if it is valid UTF-8, else chardetng's guess.
//!
//! Decoding never substitutes U+FFFD: malformed bytes give an error naming
//! their offset, e.g. `invalid UTF-8 at byte 123 (declared utf-8)`.
//!
//! Two deliberate departures from "the declaration always wins", both
//! recorded in [`Decoded::note`] and visible in `RawDoc::encoding`:
//! * declared UTF-8 but not valid UTF-8, *and* chardetng names windows-1256 or
//!   ISO-8859-6, *and* the bytes decode cleanly with it into text that is
//!   overwhelmingly Arabic, *and* the bytes are not mostly valid UTF-8 with a
//!   few corrupt sequences: decoded as that Arabic encoding (old Arabic sites
//!   whose server claims UTF-8 for windows-1256 pages). Otherwise an error.
//! * declared single-byte encoding but the bytes are valid UTF-8 containing
//!   multi-byte sequences: decoded as UTF-8 (a page converted to UTF-8 whose
//!   `<meta>` was left behind; the single-byte reading would be mojibake).

use encoding_rs::{DecoderResult, Encoding, ISO_8859_6, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1256};

/// Decoded text and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without the byte-order mark.
    pub text: String,
    /// encoding_rs name of the encoding used (`UTF-8`, `UTF-16LE`, `windows-1256`...).
    pub encoding: &'static str,
    /// Length in bytes of the byte-order mark the text starts after (0 if none).
    pub bom_len: usize,
    /// Set when the declared encoding was overridden, saying why.
    pub note: Option<String>,
}

impl Decoded {
    /// The encoding as an encoding_rs handle (every name is also a label).
    pub(crate) fn enc(&self) -> &'static Encoding {
        Encoding::for_label(self.encoding.as_bytes()).unwrap_or(UTF_8)
    }
}

/// How many leading bytes the checks for UTF-16 and binary data look at.
const SAMPLE: usize = 64 * 1024;
/// How many bytes chardetng is fed at most (its guess is stable long before).
const DETECT_SAMPLE: usize = 1024 * 1024;

/// Decodes `bytes`, honouring `declared` (a charset label) as described in
/// the module docs. The error is a message without the input's name
/// (`invalid UTF-8 at byte 123 (declared utf-8)`): callers prefix the location.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, String> {
    let declared: Vec<&str> = declared.into_iter().collect();
    decode_at(bytes, &declared, 0)
}

/// [`decode`] with several declarations in order of authority and a byte
/// offset added to positions in messages (for records inside a larger file).
pub(crate) fn decode_at(bytes: &[u8], declared: &[&str], base: usize) -> Result<Decoded, String> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_strict(enc, &bytes[bom_len..])
            .map(|text| Decoded {
                text,
                encoding: enc.name(),
                bom_len,
                note: None,
            })
            .map_err(|pos| {
                format!(
                    "invalid {} at byte {} (byte-order mark)",
                    enc.name(),
                    base + bom_len + pos
                )
            });
    }
    if let Some(enc) = looks_utf16(bytes) {
        return decode_strict(enc, bytes)
            .map(|text| Decoded {
                text,
                encoding: enc.name(),
                bom_len: 0,
                note: None,
            })
            .map_err(|pos| {
                format!(
                    "invalid {} at byte {} (UTF-16 without byte-order mark)",
                    enc.name(),
                    base + pos
                )
            });
    }
    if let Some(why) = binary_reason(bytes, base) {
        return Err(why);
    }
    let utf8_err = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to());
    let mut first_declared: Option<(&str, &'static Encoding, usize)> = None;
    for label in declared {
        let Some(enc) = Encoding::for_label(label.trim().as_bytes()) else {
            continue;
        };
        // WHATWG: a UTF-16 label on bytes that are not UTF-16 (checked above)
        // means UTF-8; x-user-defined is not a text encoding.
        let enc = if enc == UTF_16LE || enc == UTF_16BE || enc.name() == "x-user-defined" {
            UTF_8
        } else {
            enc
        };
        if enc == UTF_8 {
            match utf8_err {
                None => return Ok(utf8(bytes, None)),
                Some(pos) => {
                    first_declared.get_or_insert((label, enc, pos));
                }
            }
            continue;
        }
        if utf8_err.is_none() && has_multibyte_utf8(bytes) {
            let note = format!("declared {label} but the bytes are valid UTF-8; decoded as UTF-8");
            return Ok(utf8(bytes, Some(note)));
        }
        match decode_strict(enc, bytes) {
            Ok(text) => {
                return Ok(Decoded {
                    text,
                    encoding: enc.name(),
                    bom_len: 0,
                    note: None,
                })
            }
            Err(pos) => {
                first_declared.get_or_insert((label, enc, pos));
            }
        }
    }
    if let Some((label, enc, pos)) = first_declared {
        if let Some((arabic, text)) = clearly_arabic_single_byte(bytes) {
            let note = format!(
                "declared {label} but invalid at byte {}; decoded as {} (detected)",
                base + pos,
                arabic.name()
            );
            return Ok(Decoded {
                text,
                encoding: arabic.name(),
                bom_len: 0,
                note: Some(note),
            });
        }
        return Err(format!(
            "invalid {} at byte {} (declared {label})",
            enc.name(),
            base + pos
        ));
    }
    if utf8_err.is_none() {
        return Ok(utf8(bytes, None));
    }
    let guess = detect(bytes);
    decode_strict(guess, bytes)
        .map(|text| Decoded {
            text,
            encoding: guess.name(),
            bom_len: 0,
            note: None,
        })
        .map_err(|pos| {
            format!(
                "undecodable bytes at byte {} (not UTF-8; detected {})",
                base + pos,
                guess.name()
            )
        })
}

fn utf8(bytes: &[u8], note: Option<String>) -> Decoded {
    Decoded {
        text: String::from_utf8_lossy(bytes).into_owned(),
        encoding: UTF_8.name(),
        bom_len: 0,
        note,
    }
}

/// Decodes without replacement; `Err(offset)` of the first malformed sequence.
pub(crate) fn decode_strict(enc: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    if enc == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_owned()),
            Err(e) => Err(e.valid_up_to()),
        };
    }
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(text.into_owned()),
        None => Err(first_error(enc, bytes).unwrap_or(0)),
    }
}

/// Offset of the first malformed sequence for `enc`, if any.
fn first_error(enc: &'static Encoding, bytes: &[u8]) -> Option<usize> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut buf = vec![0u8; 16 * 1024];
    let mut total = 0usize;
    loop {
        let (res, read, _) =
            decoder.decode_to_utf8_without_replacement(&bytes[total..], &mut buf, true);
        total += read;
        match res {
            DecoderResult::InputEmpty => return None,
            DecoderResult::OutputFull => continue,
            DecoderResult::Malformed(bad, extra) => {
                return Some(total.saturating_sub(bad as usize + extra as usize))
            }
        }
    }
}

/// Recognises BOM-less UTF-16 by its high bytes: for the Arabic and ASCII text
/// isnad reads they are `0x00` or `0x06`, on every other byte only.
pub(crate) fn looks_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let n = bytes.len().min(4096) / 2;
    if n < 2 {
        return None;
    }
    let (mut even_hi, mut odd_hi, mut even_nul, mut odd_nul) = (0usize, 0usize, 0usize, 0usize);
    for pair in bytes[..n * 2].chunks_exact(2) {
        even_hi += usize::from(pair[0] == 0 || pair[0] == 6);
        odd_hi += usize::from(pair[1] == 0 || pair[1] == 6);
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    let strong = |hi: usize| hi * 10 >= n * 7;
    let weak = |hi: usize| hi * 5 <= n;
    if strong(odd_hi) && weak(even_hi) && even_nul * 20 <= odd_nul.max(1) {
        Some(UTF_16LE)
    } else if strong(even_hi) && weak(odd_hi) && odd_nul * 20 <= even_nul.max(1) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// `Some(reason)` when the bytes are not text in any encoding isnad reads:
/// a NUL byte, or (at least two and) more than 1% C0 control bytes other
/// than tab/newline/CR/FF.
pub(crate) fn binary_reason(bytes: &[u8], base: usize) -> Option<String> {
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    if let Some(pos) = sample.iter().position(|&b| b == 0) {
        return Some(format!(
            "binary data, not text (NUL byte at byte {})",
            base + pos
        ));
    }
    let controls = sample
        .iter()
        .filter(|&&b| matches!(b, 1..=8 | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F))
        .count();
    if controls >= 2 && controls * 100 > sample.len() {
        return Some(format!(
            "binary data, not text ({controls} control bytes in the first {} bytes)",
            sample.len()
        ));
    }
    None
}

fn has_multibyte_utf8(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| b >= 0xC2)
}

/// chardetng's guess for bytes that are not valid UTF-8.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new();
    det.feed(&bytes[..bytes.len().min(DETECT_SAMPLE)], true);
    det.guess(None, false)
}

/// The "clearly better single-byte Arabic encoding" rule (module docs).
fn clearly_arabic_single_byte(bytes: &[u8]) -> Option<(&'static Encoding, String)> {
    let (valid_multibyte, invalid) = utf8_counts(&bytes[..bytes.len().min(DETECT_SAMPLE)]);
    if valid_multibyte >= invalid {
        return None;
    }
    let guess = detect(bytes);
    if guess != WINDOWS_1256 && guess != ISO_8859_6 {
        return None;
    }
    let other = if guess == WINDOWS_1256 {
        ISO_8859_6
    } else {
        WINDOWS_1256
    };
    for enc in [guess, other] {
        if let Ok(text) = decode_strict(enc, bytes) {
            if mostly_arabic(&text) {
                return Some((enc, text));
            }
        }
    }
    None
}

/// Non-ASCII UTF-8 characters that are well formed, and malformed sequences.
fn utf8_counts(mut b: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    loop {
        match std::str::from_utf8(b) {
            Ok(_) => {
                valid += b.iter().filter(|&&x| x >= 0xC2).count();
                return (valid, invalid);
            }
            Err(e) => {
                let good = e.valid_up_to();
                valid += b[..good].iter().filter(|&&x| x >= 0xC2).count();
                invalid += 1;
                let skip = e.error_len().unwrap_or(b.len() - good).max(1);
                b = &b[(good + skip).min(b.len())..];
            }
        }
    }
}

/// At least 90% of the non-ASCII characters are Arabic letters, Arabic
/// punctuation or the typographic marks Arabic text uses, and there are some.
fn mostly_arabic(text: &str) -> bool {
    let (mut arabic, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        if is_arabic_text_char(c) {
            arabic += 1;
        } else {
            other += 1;
        }
    }
    arabic >= 8 && arabic * 10 >= (arabic + other) * 9
}

fn is_arabic_text_char(c: char) -> bool {
    matches!(c as u32,
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF
        | 0x00A0 | 0x00AB | 0x00BB | 0x00D7 | 0x00F7
        | 0x200C..=0x200F | 0x2013 | 0x2014 | 0x2018..=0x201D | 0x2026)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_positions() {
        let d = decode(b"\xEF\xBB\xBFabc", None).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.bom_len),
            ("abc", "UTF-8", 3)
        );
        let err = decode(b"ab\xFFc", Some("utf-8")).unwrap_err();
        assert_eq!(err, "invalid UTF-8 at byte 2 (declared utf-8)");
    }

    #[test]
    fn bomless_utf16_arabic_without_spaces() {
        // encoding_rs cannot encode to UTF-16 (WHATWG), so build it by hand.
        let units: Vec<u8> = "سلامعليكم"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(looks_utf16(&units), Some(UTF_16LE));
        let d = decode(&units, None).unwrap();
        assert_eq!(d.text, "سلامعليكم");
    }

    #[test]
    fn single_byte_declared_but_utf8() {
        let d = decode("خبر عاجل".as_bytes(), Some("windows-1256")).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.note.is_some());
    }

    #[test]
    fn utf8_counts_mixed() {
        assert_eq!(utf8_counts("سا".as_bytes()), (2, 0));
        assert_eq!(utf8_counts(b"\xFF\xFEa"), (0, 2));
    }
}
