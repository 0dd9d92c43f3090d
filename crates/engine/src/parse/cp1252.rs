//! Windows-1252 ("ANSI" on English Windows, what SMS logs and REGEDIT4 files
//! are written in), both ways.
//!
//! Why not encoding_rs: it is the right crate for the web's encodings, but
//! its decoder dispatch pulls every legacy encoding's tables into the wasm
//! (several hundred KB), and kbwiz needs exactly one single-byte code page
//! plus UTF-16, which std decodes. Windows-1252 is ISO-8859-1 except for
//! 0x80..=0x9F; the table below is the WHATWG index for that range (the five
//! bytes Windows leaves undefined map to the C1 controls, as WHATWG does).

/// Code points of bytes 0x80..=0x9F.
const HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// The character a byte stands for (every byte has one).
pub fn char_of(b: u8) -> char {
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Decode bytes; never fails.
pub fn decode(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char_of(b)).collect()
}

/// The byte for a character, if Windows-1252 has one.
pub fn byte_of(c: char) -> Option<u8> {
    match u32::from(c) {
        n @ (0..=0x7F | 0xA0..=0xFF) => u8::try_from(n).ok(),
        _ => HIGH
            .iter()
            .position(|&h| h == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

/// Encode text; characters Windows-1252 lacks become `?` (as Windows'
/// best-fit-less conversion does) and are counted.
pub fn encode(text: &str) -> (Vec<u8>, usize) {
    let mut missing = 0;
    let bytes = text
        .chars()
        .map(|c| {
            byte_of(c).unwrap_or_else(|| {
                missing += 1;
                b'?'
            })
        })
        .collect();
    (bytes, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_round_trips() {
        for b in 0..=255u8 {
            assert_eq!(byte_of(char_of(b)), Some(b), "byte {b:#04x}");
        }
    }

    #[test]
    fn known_characters() {
        assert_eq!(
            decode(b"caf\xE9 \x93q\x94 \x80"),
            "caf\u{e9} \u{201c}q\u{201d} \u{20ac}"
        );
        assert_eq!(encode("caf\u{e9} \u{2122}"), (b"caf\xE9 \x99".to_vec(), 0));
        assert_eq!(encode("\u{4e2d}x"), (b"?x".to_vec(), 1));
        assert_eq!(byte_of('\u{0100}'), None);
    }
}
