//! `str::trim` and its one-sided forms, with a fast answer for the common
//! case. The parsers trim several fields of every log line, and the standard
//! trims decode characters and test Unicode white space on each call; a field
//! that begins and ends with a visible ASCII character needs no trimming at
//! all, which one byte compare at each end tells. Anything else goes to the
//! standard trim, so the result is always exactly the standard one.

/// A visible ASCII character (`!` to `~`): never trimmed.
fn kept(b: Option<&u8>) -> bool {
    b.is_none_or(u8::is_ascii_graphic)
}

/// `s.trim()`.
pub(crate) fn both(s: &str) -> &str {
    let bytes = s.as_bytes();
    if kept(bytes.first()) && kept(bytes.last()) {
        s
    } else {
        s.trim()
    }
}

/// `s.trim_start()`.
pub(crate) fn start(s: &str) -> &str {
    if kept(s.as_bytes().first()) {
        s
    } else {
        s.trim_start()
    }
}

/// `s.trim_end()`. Spaces and tabs at the end are dropped byte by byte first:
/// a log message ends with two spaces before its trailer on every line.
pub(crate) fn end(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut len = bytes.len();
    while len > 0 && matches!(bytes[len - 1], b' ' | b'\t') {
        len -= 1;
    }
    // The bytes dropped are ASCII: `len` is a char boundary.
    match s.get(..len) {
        Some(kept_part) if kept(kept_part.as_bytes().last()) => kept_part,
        _ => s.trim_end(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_as_the_standard_trims() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "\u{a0}a\u{a0}",
            "\u{b}x\u{b}",
            "x\u{3000}",
            "\t\r\nx y\n",
            "é",
            " é ",
            "~",
            "\u{85}x",
            "x\u{85}",
            "x  ",
            "x \t \t",
            "x\u{a0}  ",
            "x\r  ",
            "é  ",
            "   ",
            "\t",
        ] {
            assert_eq!(super::both(s), s.trim(), "{s:?}");
            assert_eq!(super::start(s), s.trim_start(), "{s:?}");
            assert_eq!(super::end(s), s.trim_end(), "{s:?}");
        }
    }
}
