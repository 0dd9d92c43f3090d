//! Physical lines of decoded text, ended by LF, CRLF or a lone CR (old Mac
//! editors and some .reg files), found with `memchr`.

/// Splits text into lines without their terminators.
pub struct Lines<'a> {
    rest: &'a str,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Lines { rest: text }
    }

    /// The text after the lines given so far.
    pub fn rest(&self) -> &'a str {
        self.rest
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let bytes = self.rest.as_bytes();
        let (line, next) = match memchr::memchr2(b'\n', b'\r', bytes) {
            Some(at) => {
                let skip = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                // Both terminators are ASCII, so these are char boundaries.
                (&self.rest[..at], &self.rest[at + skip..])
            }
            None => (self.rest, ""),
        };
        self.rest = next;
        Some(line)
    }
}

/// Push the byte ranges of `text`'s lines, as [`Lines`] splits them and
/// offset by `base`, onto `ranges`: a view's index of a text by line number.
pub fn push_line_ranges(text: &str, base: usize, ranges: &mut Vec<(usize, usize)>) {
    let start = text.as_ptr() as usize;
    ranges.extend(Lines::new(text).map(|l| {
        let at = base + (l.as_ptr() as usize - start);
        (at, at + l.len())
    }));
}

/// Where a piece of `text` from `from` ends when its lines are indexed
/// about `size` bytes at a time: just past the first line terminator at or
/// after `from + size` (a CR LF whole), or the end of the text. A piece
/// ends where a line does, so its lines are the text's.
pub fn line_piece_end(text: &str, from: usize, size: usize) -> usize {
    let bytes = text.as_bytes();
    let start = from.saturating_add(size.max(1));
    if start >= bytes.len() {
        return bytes.len();
    }
    match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
        Some(at) => {
            let at = start + at;
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            }
        }
        None => bytes.len(),
    }
}

/// Where the last complete line of `text` ends (just past its terminator); a
/// trailing lone CR counts as incomplete, since an LF may follow in the next chunk.
pub fn complete_prefix_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    match memchr::memrchr2(b'\n', b'\r', bytes) {
        Some(at) if bytes[at] == b'\r' && at + 1 == bytes.len() => {
            // Keep a final CR for the next chunk; the line before it is complete
            // up to the previous terminator, whatever it is (a CR there is
            // followed by this one, so it is not half of a CR LF).
            memchr::memrchr2(b'\n', b'\r', &bytes[..at]).map_or(0, |before| before + 1)
        }
        Some(at) => at + 1,
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines indexed a piece at a time, at every piece size, are the
    /// text's lines: CR LF never split, a lone CR or LF a line end, a long
    /// line in one piece, text past ASCII, no final terminator.
    #[test]
    fn lines_indexed_in_pieces_are_the_texts_lines() {
        let texts = [
            "",
            "one",
            "a\r\nb\rc\nd",
            "\r\n\r\n\n\r\r",
            "é\r\nçà\rné\n",
            "a long line with no end at all, longer than any piece",
            "x\r",
        ];
        for text in texts {
            let mut whole = Vec::new();
            push_line_ranges(text, 0, &mut whole);
            let expected: Vec<&str> = Lines::new(text).collect();
            let shown: Vec<&str> = whole.iter().map(|&(a, b)| &text[a..b]).collect();
            assert_eq!(shown, expected, "{text:?}");
            for size in 1..12 {
                let (mut pieces, mut at) = (Vec::new(), 0);
                while at < text.len() {
                    let end = line_piece_end(text, at, size);
                    assert!(end > at && text.is_char_boundary(end));
                    push_line_ranges(&text[at..end], at, &mut pieces);
                    at = end;
                }
                assert_eq!(pieces, whole, "{text:?} in pieces of {size}");
            }
        }
    }

    #[test]
    fn every_terminator() {
        let lines: Vec<&str> = Lines::new("a\r\nb\rc\nd").collect();
        assert_eq!(lines, ["a", "b", "c", "d"]);
        let lines: Vec<&str> = Lines::new("a\n\n").collect();
        assert_eq!(lines, ["a", ""]);
        assert_eq!(Lines::new("").count(), 0);
    }

    #[test]
    fn complete_prefix() {
        assert_eq!(complete_prefix_len("ab\ncd"), 3);
        assert_eq!(complete_prefix_len("ab\r"), 0);
        assert_eq!(complete_prefix_len("x\nab\r"), 2);
        assert_eq!(complete_prefix_len("ab\r\n"), 4);
        assert_eq!(complete_prefix_len("abc"), 0);
        // Only the final CR waits: the one before it ended a line.
        assert_eq!(complete_prefix_len("\r\r"), 1);
        assert_eq!(complete_prefix_len("a\r\r"), 2);
        assert_eq!(complete_prefix_len("a\r\n\r"), 3);
    }
}
