//! Bytes to text. SMS logs are ANSI (Windows-1252), regedit 5.00 exports are
//! UTF-16LE with a BOM, hand-made files are ASCII or UTF-8: the encoding is
//! sniffed from the BOM, then from the NUL pattern of UTF-16 without a BOM,
//! then UTF-8 validity, with Windows-1252 as the fallback that never fails.

use std::borrow::Cow;

/// The text encodings kbwiz reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}
use Encoding::{
    Utf16Be as UTF_16BE, Utf16Le as UTF_16LE, Utf8 as UTF_8, Windows1252 as WINDOWS_1252,
};

/// How many leading bytes the UTF-16-without-BOM heuristic looks at.
const SNIFF: usize = 4096;

/// The encoding [`decode`] would use for these bytes, and the BOM length to skip.
pub fn sniff(bytes: &[u8]) -> (Encoding, usize) {
    match marked(bytes) {
        Some(marked) => marked,
        None if valid_utf8(bytes).is_some() => (UTF_8, 0),
        None => (WINDOWS_1252, 0),
    }
}

/// The encoding the bytes give away at their start, by a BOM or by UTF-16's
/// pattern of NULs, and the BOM length to skip. `None`: UTF-8 if all of them
/// are valid UTF-8, else Windows-1252, which takes a pass over all of them
/// to tell.
fn marked(bytes: &[u8]) -> Option<(Encoding, usize)> {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => Some((UTF_8, 3)),
        [0xFF, 0xFE, ..] => Some((UTF_16LE, 2)),
        [0xFE, 0xFF, ..] => Some((UTF_16BE, 2)),
        _ => utf16_without_bom(bytes).map(|enc| (enc, 0)),
    }
}

/// `bytes` as text if they are valid UTF-8. `simdutf8` checks a log of
/// mostly ASCII several times faster than the standard library does, with
/// the same answer; this check is the one pass over every byte of an input
/// before the parsers start.
fn valid_utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// Text that is mostly ASCII in UTF-16 has a NUL in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF) & !1];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    if odd_nul * 10 >= pairs * 7 && even_nul * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Decode any bytes to text; never fails (undecodable bytes become U+FFFD).
/// Valid UTF-8 without a BOM is borrowed, not copied, and validated once.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let (encoding, bom) = match marked(bytes) {
        Some(marked) => marked,
        // The one validation pass: valid UTF-8 is borrowed as it is.
        None => match valid_utf8(bytes) {
            Some(text) => return Cow::Borrowed(text),
            None => (WINDOWS_1252, 0),
        },
    };
    let body = &bytes[bom..];
    let utf16 = |unit: fn([u8; 2]) -> u16| {
        let units = body.chunks_exact(2).map(|p| unit([p[0], p[1]]));
        let mut text: String = char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        if body.len() % 2 == 1 {
            text.push(char::REPLACEMENT_CHARACTER); // a truncated last code unit
        }
        Cow::Owned(text)
    };
    match encoding {
        // UTF-8 by its BOM: bad bytes become U+FFFD.
        UTF_8 => String::from_utf8_lossy(body),
        UTF_16LE => utf16(u16::from_le_bytes),
        UTF_16BE => utf16(u16::from_be_bytes),
        WINDOWS_1252 => Cow::Owned(super::cp1252::decode(body)),
    }
}

/// [`decode`], handed to `each` a piece of about `size` bytes at a time
/// (pieces end on char boundaries; together they are exactly what [`decode`]
/// returns), for a caller that reads the text as it goes.
///
/// Why not decode first: deciding between UTF-8 and Windows-1252 takes a pass
/// over the whole input, and the caller's pass comes after it, when the start
/// of a large input has long left the processor's cache. But ASCII reads the
/// same in both, so a piece of plain ASCII at the start is handed on as soon
/// as it is checked, while it is still in cache. The first piece that is not
/// ASCII stops that: the rest of the input is then decoded as [`decode`]
/// would decode it (UTF-8 if all of it is valid, else Windows-1252, which
/// reads each byte alone, so the rest decodes as the whole would).
pub(crate) fn decode_in_pieces(bytes: &[u8], size: usize, mut each: impl FnMut(&str)) {
    let mut at = 0;
    while let Some(piece) = ascii_piece(bytes, at, size) {
        each(piece);
        at += piece.len();
    }
    let rest = decode_rest(bytes, at);
    super::chunks(&rest, size).for_each(each);
}

/// The next piece of at most `size` bytes from `at` that [`decode`] is sure
/// to read as it stands (plain ASCII, in an input with no BOM and not
/// UTF-16), or `None` where that stops: at the end, or at a piece holding a
/// byte that is not ASCII.
fn ascii_piece(bytes: &[u8], at: usize, size: usize) -> Option<&str> {
    if at >= bytes.len() || (at == 0 && marked(bytes).is_some()) {
        return None;
    }
    let end = bytes.len().min(at.saturating_add(size.max(1)));
    plain_ascii(&bytes[at..end])
}

/// `bytes` as text if they are all ASCII. ASCII is valid UTF-8; the second
/// check reads bytes just read.
fn plain_ascii(bytes: &[u8]) -> Option<&str> {
    valid_utf8(bytes).filter(|_| bytes.is_ascii())
}

/// What [`decode`] reads from `bytes[at..]`, once `bytes[..at]` was handed
/// on by [`ascii_piece`]: the whole input decoded when `at` is 0, else the
/// rest as UTF-8 if it is all valid, else as Windows-1252 (which reads each
/// byte alone, so the rest decodes as the whole would).
fn decode_rest(bytes: &[u8], at: usize) -> Cow<'_, str> {
    if at == 0 {
        return decode(bytes);
    }
    decode_rest_after_ascii(bytes.get(at..).unwrap_or_default())
}

/// [`decode`] for bytes that come a piece at a time (a file read as a
/// stream): the text of plain ASCII pieces is kept as they come, so that a
/// caller can read it before the last byte is there, and only the bytes
/// whose reading depends on the rest are held raw. Pushing any split of an
/// input and ending gives exactly what [`decode`] gives for it whole.
///
/// Where it must wait: the first [`SNIFF`] bytes (a BOM, or UTF-16's
/// pattern of NULs, changes how all of it reads), and everything from the
/// first piece that is not plain ASCII on (UTF-8 or Windows-1252 is known
/// only at the end). A log of plain ASCII, nearly every SMS log, is held
/// once, as text: no second copy of its bytes.
#[derive(Debug, Default)]
pub struct Decoding {
    text: String,
    /// Bytes not decoded yet: the start, until [`SNIFF`] bytes tell its
    /// encoding, then everything from the first piece beyond ASCII.
    raw: Vec<u8>,
    state: DecodingState,
    ended: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum DecodingState {
    /// Fewer than [`SNIFF`] bytes seen: held raw.
    #[default]
    Sniffing,
    /// No BOM, not UTF-16, plain ASCII so far: pieces go to the text.
    Ascii,
    /// A BOM, UTF-16, or a piece beyond ASCII: the rest is held raw and
    /// decoded at the end.
    Held,
}

impl Decoding {
    /// A decoder for an input of about `size` bytes (room for its text is
    /// made at once, as plain ASCII reads byte for byte).
    pub fn with_capacity(size: usize) -> Decoding {
        Decoding {
            text: String::with_capacity(size),
            ..Decoding::default()
        }
    }

    /// The next piece of the input.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.ended {
            return;
        }
        match self.state {
            DecodingState::Sniffing => {
                self.raw.extend_from_slice(bytes);
                if self.raw.len() >= SNIFF {
                    self.decide_start();
                }
            }
            DecodingState::Ascii => self.push_piece(bytes),
            DecodingState::Held => self.raw.extend_from_slice(bytes),
        }
    }

    /// The start is long enough to tell a BOM or UTF-16 by: hand it on as
    /// text if it is plain ASCII of neither.
    fn decide_start(&mut self) {
        if marked(&self.raw).is_some() {
            self.state = DecodingState::Held;
            return;
        }
        self.state = DecodingState::Ascii;
        let start = std::mem::take(&mut self.raw);
        self.push_piece(&start);
    }

    fn push_piece(&mut self, bytes: &[u8]) {
        match plain_ascii(bytes) {
            Some(text) => self.text.push_str(text),
            None => {
                self.state = DecodingState::Held;
                self.raw.extend_from_slice(bytes);
            }
        }
    }

    /// The last piece was pushed: decode what was held.
    pub fn end(&mut self) {
        if self.ended {
            return;
        }
        self.ended = true;
        let raw = std::mem::take(&mut self.raw);
        if self.text.is_empty() {
            // Nothing was handed on: the whole input is in `raw`.
            self.text = decode(&raw).into_owned();
        } else {
            self.text.push_str(&decode_rest_after_ascii(&raw));
        }
    }

    /// The text decoded so far: final as it stands, it only grows.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether [`Decoding::end`] was called: the text is then all of it.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// Bytes pushed but not decoded yet.
    pub fn held(&self) -> usize {
        self.raw.len()
    }

    /// The whole text ([`Decoding::end`] first).
    pub fn into_text(mut self) -> String {
        self.end();
        self.text
    }
}

/// The rest of an input after a prefix of plain ASCII (no BOM, not UTF-16),
/// as [`decode`] reads it: UTF-8 if all of it is valid, else Windows-1252.
fn decode_rest_after_ascii(rest: &[u8]) -> Cow<'_, str> {
    match valid_utf8(rest) {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(super::cp1252::decode(rest)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    /// The pieces add up to [`decode`]'s text whatever the encoding and
    /// wherever the first byte that is not ASCII falls.
    #[test]
    fn pieces_add_up_to_the_whole() {
        let ascii = "Processing incoming file.  $$<SMS_DISTRIBUTION_MANAGER>\r\n".repeat(40);
        let mut inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            ascii.clone().into_bytes(),
            utf16le(&ascii, true),
            utf16le(&ascii, false),
            [&[0xEF, 0xBB, 0xBF][..], ascii.as_bytes()].concat(),
        ];
        for at in [0, 1, 63, 64, 65, 1000, ascii.len() - 1] {
            for odd in [
                "\u{e9}".as_bytes(),
                &[0xE9],
                &[0xC3],
                &[0x00],
                &[0xE2, 0x82, 0xAC],
            ] {
                let mut bytes = ascii.clone().into_bytes();
                bytes.splice(at..at, odd.iter().copied());
                inputs.push(bytes);
            }
        }
        for bytes in &inputs {
            for size in [1, 7, 64, 1 << 18] {
                let mut pieces = String::new();
                let mut count = 0;
                decode_in_pieces(bytes, size, |piece| {
                    assert!(!piece.is_empty());
                    pieces.push_str(piece);
                    count += 1;
                });
                assert_eq!(
                    pieces,
                    decode(bytes),
                    "{size} {:?}",
                    &bytes[..bytes.len().min(8)]
                );
                if bytes == ascii.as_bytes() {
                    // Plain ASCII goes on piece by piece, each `size` long.
                    assert_eq!(count, ascii.len().div_ceil(size), "{size}");
                }
            }
        }
    }

    /// `bytes` pushed `size` at a time, then ended.
    fn decoded_in_pushes(bytes: &[u8], size: usize) -> String {
        let mut decoding = Decoding::with_capacity(bytes.len());
        for piece in bytes.chunks(size.max(1)) {
            decoding.push(piece);
        }
        decoding.into_text()
    }

    #[test]
    fn pushes_decode_as_the_whole() {
        let ascii = "Used 0 out of 3 allowed processing threads.  $$<SMS_DISTRIBUTION_MANAGER>\r\n"
            .repeat(200);
        let mut inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"x".to_vec(),
            ascii.clone().into_bytes(),
            utf16le(&ascii, true),
            utf16le(&ascii, false),
            [&[0xEF, 0xBB, 0xBF][..], ascii.as_bytes()].concat(),
        ];
        for at in [0, 1, 4095, 4096, 4097, 9000, ascii.len() - 1] {
            for odd in [&[0xE9][..], "\u{e9}".as_bytes(), &[0xC3], &[0x00, 0x00]] {
                let mut bytes = ascii.clone().into_bytes();
                bytes.splice(at..at, odd.iter().copied());
                inputs.push(bytes);
            }
        }
        for bytes in &inputs {
            for size in [1, 3, 1000, 4096, 5000, 1 << 20] {
                assert_eq!(
                    decoded_in_pushes(bytes, size),
                    decode(bytes),
                    "{size} {} {:?}",
                    bytes.len(),
                    &bytes[..bytes.len().min(8)]
                );
            }
        }
    }

    #[test]
    fn plain_ascii_is_text_as_it_comes_and_nothing_is_held() {
        let ascii = "Processing incoming file.\r\n".repeat(400);
        let mut decoding = Decoding::with_capacity(ascii.len());
        let (first, rest) = ascii.as_bytes().split_at(5000);
        decoding.push(first);
        assert_eq!(decoding.text(), &ascii[..5000]);
        assert_eq!(decoding.held(), 0);
        decoding.push(&rest[..10]);
        assert_eq!(decoding.text().len(), 5010);
        // A byte beyond ASCII: from there on, held until the end.
        decoding.push(&[0xE9]);
        decoding.push(&rest[10..]);
        assert_eq!(decoding.text().len(), 5010);
        assert_eq!(decoding.held(), rest.len() - 10 + 1);
        assert!(!decoding.ended());
        decoding.end();
        assert!(decoding.ended());
        assert_eq!(decoding.held(), 0);
        assert_eq!(
            decoding.text().len(),
            ascii.len() + 2,
            "\u{e9} in UTF-8 is two bytes"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_pushed_in_any_pieces_decode_as_the_whole(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..9000),
            cuts in proptest::collection::vec(0usize..9000, 0..6),
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.sort_unstable();
            let mut decoding = Decoding::default();
            let mut at = 0;
            for cut in cuts.into_iter().chain([bytes.len()]) {
                decoding.push(&bytes[at..cut]);
                at = cut;
            }
            proptest::prop_assert_eq!(decoding.into_text(), decode(&bytes));
        }
    }

    #[test]
    fn utf16le_with_and_without_bom() {
        let text = "Windows Registry Editor Version 5.00\r\n";
        assert_eq!(decode(&utf16le(text, true)), text);
        assert_eq!(decode(&utf16le(text, false)), text);
    }

    #[test]
    fn utf16be_bom_and_utf8_bom() {
        let mut be = vec![0xFE, 0xFF];
        be.extend("REGEDIT4".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be), "REGEDIT4");
        assert_eq!(decode(b"\xEF\xBB\xBFREGEDIT4"), "REGEDIT4");
    }

    #[test]
    fn utf8_is_borrowed_and_ansi_falls_back() {
        assert!(matches!(decode(b"plain"), Cow::Borrowed("plain")));
        assert_eq!(decode(b"caf\xE9 \x93q\x94"), "caf\u{e9} \u{201c}q\u{201d}");
    }

    #[test]
    fn odd_lengths_and_empty_do_not_panic() {
        assert_eq!(decode(b""), "");
        assert_eq!(decode(&[0xFF, 0xFE, 0x41]), "\u{fffd}");
        assert_eq!(decode(&[0xFF]), "\u{ff}");
    }
}
