//! Placeholders as articles print them (`<package ID>`, `<SITE CODE>`,
//! `<Distribution Point location>`): admins paste an article's own text to
//! try the tool, and a placeholder standing where a value belongs must never
//! become a package ID, site code, name, path or registry key name. The
//! parsers drop such values where they extract them (and report each with its
//! line), [`super::enrich`] never fills a field with one, and the tree and
//! the clean-up check again for evidence made elsewhere (an imported session).

/// Longest text between the brackets that still counts as a placeholder: an
/// article's placeholders are a few words.
const MAX_WORDS: usize = 64;

/// Is `value` (white space around it aside) one placeholder: `<`, words,
/// `>`? Words are letters (any script), digits, spaces, `_`, `-` and `.`,
/// with at least one letter, so `<1>` or `<a\b>` are not placeholders.
/// Case does not matter. The first byte is checked before anything else,
/// so a value that is not one costs one compare.
pub fn is_placeholder(value: &str) -> bool {
    is_placeholder_bytes(value.as_bytes())
}

/// [`is_placeholder`] for the bytes of a text (the log readers' view).
pub(crate) fn is_placeholder_bytes(b: &[u8]) -> bool {
    let Some(at) = b.iter().position(|c| !c.is_ascii_whitespace()) else {
        return false;
    };
    if b[at] != b'<' {
        return false;
    }
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .unwrap_or(at);
    if end < at + 2 || b[end] != b'>' || end - at - 1 > MAX_WORDS {
        return false;
    }
    let words = &b[at + 1..end];
    // Bytes from 0x80 up are parts of letters of other scripts (`<Paket-ID>`
    // in an English article, `<código>` in a Spanish one).
    words.iter().any(|c| c.is_ascii_alphabetic() || *c >= 0x80)
        && words
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c >= 0x80 || b" \t_-.".contains(c))
}

/// Does `value` stand for a placeholder, whole or as one of its `\` or `/`
/// separated parts (`\\<server>\SMSPKGC$\<package ID>` is a template of a
/// path, not a path)?
pub fn holds_placeholder(value: &str) -> bool {
    value.contains('<') && (is_placeholder(value) || value.split(['\\', '/']).any(is_placeholder))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_whole_bracketed_words() {
        for yes in [
            "<package ID>",
            "<PACKAGE ID>",
            " <site code> ",
            "<Distribution Point location>",
            "<Sms_root_folder>",
            "<nnnnnnnn>",
            "<Paket-ID>",
            "<código>",
        ] {
            assert!(is_placeholder(yes), "{yes:?}");
        }
        for no in [
            "",
            "<",
            "<>",
            "< >",
            "<1>",
            "CEN00012",
            "<package ID",
            "package ID>",
            "x <package ID>",
            "<a\\b>",
            "<a\"b>",
            "<<package ID>>",
            "[\"Display=\\\\DP01\\\"]MSWNET:[\"SMS_SITE=CEN\"]\\\\DP01\\",
        ] {
            assert!(!is_placeholder(no), "{no:?}");
        }
        assert!(!is_placeholder(&format!("<{}>", "w".repeat(65))));
        assert!(is_placeholder(&format!("<{}>", "w".repeat(64))));
    }

    #[test]
    fn paths_holding_a_placeholder() {
        assert!(holds_placeholder("\\\\<server>\\SMSPKGC$\\CEN00012"));
        assert!(holds_placeholder("<package source>"));
        assert!(holds_placeholder("C:/<folder>/x"));
        assert!(!holds_placeholder("\\\\DP01\\SMSPKGC$\\CEN00012\\"));
        assert!(!holds_placeholder("Office <beta> edition"));
    }
}
