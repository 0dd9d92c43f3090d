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
