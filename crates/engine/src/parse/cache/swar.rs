//! Byte searches eight bytes at a time in plain integer arithmetic ("SIMD
//! within a register"), for the fields of a log line: too short for
//! `memchr`'s vector set-up to pay, too long for a byte loop to be cheap.
//! Portable (no target features), so the browser's wasm gets them too.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` below `n` (`n` at most 128). Only the
/// lowest flagged byte is sure: a borrow can flag a byte above a true one.
fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS
}

/// The eight bytes at `at` as one word, byte `at` lowest.
fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    bytes
        .get(at..)?
        .first_chunk::<8>()
        .map(|w| u64::from_le_bytes(*w))
}

/// Where the first `needle` is in `bytes[from..]`, as an index into `bytes`.
pub(crate) fn find(bytes: &[u8], from: usize, needle: u8) -> Option<usize> {
    let pattern = ONES * u64::from(needle);
    let mut i = from;
    while let Some(word) = word_at(bytes, i) {
        let hit = below(word ^ pattern, 1);
        if hit != 0 {
            return Some(i + (hit.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let tail = bytes.get(i..)?;
    tail.iter().position(|&b| b == needle).map(|p| i + p)
}

/// Where the first ASCII white space (`\t`, `\n`, `\x0C`, `\r`, space) is in
/// `bytes[from..]`, as an index into `bytes`.
pub(crate) fn find_space(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(word) = word_at(bytes, i) {
        // Every white space byte is at most 0x20; so are a few control bytes,
        // which a log line seldom holds and which are checked one by one.
        let low = below(word, 0x21);
        if low == 0 {
            i += 8;
            continue;
        }
        let at = i + (low.trailing_zeros() / 8) as usize;
        if bytes[at].is_ascii_whitespace() {
            return Some(at);
        }
        i = at + 1;
    }
    let tail = bytes.get(i..)?;
    tail.iter().position(u8::is_ascii_whitespace).map(|p| i + p)
}

/// Are `a` and `b` the same bytes? Eight at a time, inline: the memos of
/// the log readers compare a few dozen bytes per line, and the call into
/// the C library's `memcmp`, with its dispatch on the length, cost more than
/// the compare.
#[inline(always)]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let len = a.len();
    if len < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let word = |s: &[u8], at: usize| word_at(s, at).unwrap_or_default();
    let mut at = 0;
    while at + 8 < len {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    // The last eight bytes, overlapping what was compared.
    word(a, len - 8) == word(b, len - 8)
}

/// Do `bytes[at..]` start with `with`? [`same`] on that part.
#[inline(always)]
pub(crate) fn starts_at(bytes: &[u8], at: usize, with: &[u8]) -> bool {
    bytes
        .get(at..at.saturating_add(with.len()))
        .is_some_and(|b| same(b, with))
}

/// `name=` as a word and mask, starting `skip` bytes up (the bytes below
/// are left zero), as far as eight bytes reach.
const fn packed(name: &str, skip: usize) -> (u64, u64) {
    let bytes = name.as_bytes();
    let (mut word, mut mask) = (0u64, 0u64);
    let mut i = 0;
    while i <= bytes.len() && skip + i < 8 {
        let byte = if i < bytes.len() { bytes[i] } else { b'=' };
        word |= (byte as u64) << (8 * (skip + i));
        mask |= 0xFF << (8 * (skip + i));
        i += 1;
    }
    (word, mask)
}

/// A key and the `=` after it, as a word and mask to compare eight bytes with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key {
    pub name: &'static str,
    /// `name=`'s first eight bytes (fewer for a short key), byte 0 lowest.
    word: u64,
    mask: u64,
    /// The same for `' '` + `name=` (the separator before the key on a
    /// line as SMS writes it), its first eight bytes.
    spaced: u64,
    spaced_mask: u64,
}

impl Key {
    pub const fn new(name: &'static str) -> Key {
        let (word, mask) = packed(name, 0);
        // The space goes in the lowest byte, the key and `=` above it.
        let (key, key_mask) = packed(name, 1);
        Key {
            name,
            word,
            mask,
            spaced: key | b' ' as u64,
            spaced_mask: key_mask | 0xFF,
        }
    }

    /// Do `bytes[at..]` start with one space, this key and `=`? One word
    /// compare for keys of up to six bytes.
    #[inline(always)]
    pub fn after_space(&self, bytes: &[u8], at: usize) -> bool {
        match word_at(bytes, at) {
            Some(word) => {
                word & self.spaced_mask == self.spaced
                    && (self.name.len() + 2 <= 8 || self.at(bytes, at + 1))
            }
            None => bytes.get(at) == Some(&b' ') && self.at(bytes, at + 1),
        }
    }

    /// Do `bytes[at..]` start with this key and `=`?
    pub fn at(&self, bytes: &[u8], at: usize) -> bool {
        let len = self.name.len();
        match word_at(bytes, at) {
            Some(word) if len <= 8 => {
                word & self.mask == self.word && (len < 8 || bytes.get(at + len) == Some(&b'='))
            }
            _ => {
                let Some(rest) = bytes.get(at..) else {
                    return false;
                };
                rest.len() > len && rest.starts_with(self.name.as_bytes()) && rest[len] == b'='
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_a_byte_loop_finds() {
        let texts: [&[u8]; 6] = [
            b"",
            b"abc",
            b"SMS_DISTRIBUTION_MANAGER\" SYS=X",
            b"\x01\x02\x1f\x00 a\tb\"c\"",
            b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\x0c",
            "é\u{a0}\"x y".as_bytes(),
        ];
        for text in texts {
            for from in 0..=text.len() + 1 {
                for needle in [b'"', b'>', 0, 1, b'a'] {
                    let expected = text
                        .get(from..)
                        .and_then(|t| t.iter().position(|&b| b == needle))
                        .map(|p| from + p);
                    assert_eq!(
                        find(text, from, needle),
                        expected,
                        "{text:?} {from} {needle}"
                    );
                }
                let expected = text
                    .get(from..)
                    .and_then(|t| t.iter().position(u8::is_ascii_whitespace))
                    .map(|p| from + p);
                assert_eq!(find_space(text, from), expected, "{text:?} {from}");
            }
        }
    }

    #[test]
    fn same_is_slice_equality() {
        let text = b"0123456789abcdefghijklmnopqrstuvwxyz";
        for len in 0..=20 {
            for from in 0..=text.len() - len {
                let a = &text[..len];
                let b = &text[from..from + len];
                assert_eq!(same(a, b), a == b, "{len} {from}");
                let mut c = a.to_vec();
                for i in 0..len {
                    c[i] ^= 1;
                    assert!(!same(a, &c), "{len} {i}");
                    c[i] ^= 1;
                }
                assert!(same(a, &c));
            }
        }
        assert!(!same(b"abc", b"abcd"));
    }

    #[test]
    fn keys_match_with_their_equals_sign() {
        let line = b"ID=1 NUMATTRS=1 AVAL10=\"x\" NUMATTRSX=2 ID";
        assert!(Key::new("ID").at(line, 0));
        assert!(Key::new("NUMATTRS").at(line, 5));
        assert!(Key::new("AVAL10").at(line, 16));
        assert!(!Key::new("NUMATTRS").at(line, 27));
        assert!(!Key::new("ID").at(line, 38));
        assert!(!Key::new("ID").at(line, 39));
        assert!(!Key::new("ID").at(line, 99));
        assert!(!Key::new("AVAL1").at(line, 16));
        for (key, at) in [("NUMATTRS", 4), ("AVAL10", 15), ("ID", 38)] {
            assert!(!Key::new(key).at(line, at), "{key} {at}");
        }
        // The same keys after one space, at every length around a word.
        for name in [
            "ID",
            "SEV",
            "ISTR0",
            "AVAL10",
            "GMTDATE",
            "NUMATTRS",
            "ABCDEFGHIJ",
        ] {
            let key = Key::new(name);
            let good = format!("x {name}=1");
            assert!(key.after_space(good.as_bytes(), 1), "{good}");
            assert!(
                key.after_space(&good.as_bytes()[..good.len() - 1], 1),
                "{good}"
            );
            for bad in [
                format!("x  {name}=1"),
                format!("x {name}X=1"),
                format!("x {name}"),
                format!("x\t{name}=1"),
                format!("x {}=1", &name[..name.len() - 1]),
            ] {
                assert!(!key.after_space(bad.as_bytes(), 1), "{bad}");
            }
        }
    }
}
