//! A message's words, split at white space, for the log-line prefilter.
//!
//! [`ascii_words`] reads eight bytes at a time: one test per eight bytes says
//! whether any is outside ASCII, and one marks every byte at or below the
//! space, the only bytes that can split words. `memchr`'s iterator over
//! the spaces of a status message's line (a space every eleven bytes or so)
//! re-entered its vector search at each one: over 74 MB of such lines in
//! wasm, splitting into words took 27 ms that way and 14 ms eight bytes at
//! a time, beyond the 13 ms of splitting the text into lines
//! (`docs/performance.md`, "Reading a message's words eight bytes at a
//! time"). [`ascii_words_reference`] is the plain version the tests
//! compare it with.

/// Bytes that split words: the ASCII characters `char::is_whitespace` holds.
pub(crate) fn is_split(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Eight bytes, one per lane.
const LANES: usize = 8;
/// Each lane's top bit.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// Added to a lane holding an ASCII byte `b`: its top bit is then set
/// exactly when `b` is above the space (`b + 0x5f >= 0x80`), and no lane
/// carries into the next (`0x7f + 0x5f < 0x100`).
const ABOVE_SPACE: u64 = 0x5f5f_5f5f_5f5f_5f5f;

/// Hand each word of `text` (a run of bytes between [`is_split`] bytes; empty
/// runs too, as `split` gives them) to `word`, in order; `false`, with some
/// words perhaps already handed over, when `text` is not all ASCII.
pub(crate) fn ascii_words(text: &[u8], mut word: impl FnMut(&[u8])) -> bool {
    let mut start = 0;
    let mut chunks = text.chunks_exact(LANES);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut lanes = [0u8; LANES];
        lanes.copy_from_slice(chunk);
        let x = u64::from_le_bytes(lanes);
        if x & HIGH != 0 {
            return false;
        }
        // Lanes at or below the space: control bytes and white space.
        let mut low = !x.wrapping_add(ABOVE_SPACE) & HIGH;
        while low != 0 {
            let lane = (low.trailing_zeros() / 8) as usize;
            low &= low - 1;
            let i = at + lane;
            if is_split(text[i]) {
                word(&text[start..i]);
                start = i + 1;
            }
        }
        at += LANES;
    }
    for (i, &b) in (at..).zip(chunks.remainder()) {
        if !b.is_ascii() {
            return false;
        }
        if is_split(b) {
            word(&text[start..i]);
            start = i + 1;
        }
    }
    word(&text[start..]);
    true
}

/// [`ascii_words`] a byte at a time: the reference it is tested against.
#[cfg(test)]
pub(crate) fn ascii_words_reference(text: &[u8], word: impl FnMut(&[u8])) -> bool {
    if !text.is_ascii() {
        return false;
    }
    text.split(|&b| is_split(b)).for_each(word);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &[u8]) -> (bool, Vec<Vec<u8>>) {
        let mut out = Vec::new();
        let ascii = ascii_words(text, |w| out.push(w.to_vec()));
        (ascii, out)
    }

    fn reference(text: &[u8]) -> (bool, Vec<Vec<u8>>) {
        let mut out = Vec::new();
        let ascii = ascii_words_reference(text, |w| out.push(w.to_vec()));
        (ascii, out)
    }

    #[test]
    fn words_of_a_status_message_line() {
        let line = b"STATMSG: ID=2300 SEV=I\tLEV=M  ISTR0=\"\"\x0bx\x0cy\r\nz\x01q";
        let (ascii, got) = words(line);
        assert!(ascii);
        let want: Vec<&[u8]> = vec![
            b"STATMSG:",
            b"ID=2300",
            b"SEV=I",
            b"LEV=M",
            b"",
            b"ISTR0=\"\"",
            b"x",
            b"y",
            b"",
            b"z\x01q",
        ];
        assert_eq!(got, want.iter().map(|w| w.to_vec()).collect::<Vec<_>>());
    }

    #[test]
    fn edges_of_the_eight_byte_reads() {
        for text in [
            &b""[..],
            b" ",
            b"abcdefgh",
            b"abcdefg ",
            b"abcdefgh ",
            b"        ",
            b"a       b",
            b"\x7f\x20\x21\x1f\x00abc de",
        ] {
            assert_eq!(words(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn text_outside_ascii_is_refused() {
        assert!(!words("abcdefgh\u{a0}ij".as_bytes()).0);
        assert!(!words("ab\u{3000}".as_bytes()).0);
        assert!(!words(b"abcdefg\x80").0);
    }

    proptest! {
        #[test]
        fn agrees_with_the_reference(
            text in proptest::collection::vec(
                prop_oneof![
                    4 => proptest::sample::select(b"ab =\"".to_vec()),
                    1 => proptest::sample::select(vec![b'\t', b'\n', b'\r', 0x0b, 0x0c, 0x00, 0x1f, 0x20, 0x21, 0x7f, 0x80, 0xff]),
                ],
                0..40,
            )
        ) {
            let (ascii, got) = words(&text);
            let (want_ascii, want) = reference(&text);
            prop_assert_eq!(ascii, want_ascii);
            if ascii {
                prop_assert_eq!(got, want);
            }
        }
    }
}
