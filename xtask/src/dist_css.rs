//! Turning the app's page stylesheet into the widget's shadow-root stylesheet.
//!
//! Inside a shadow root `:root`, `html` and `body` match nothing, so the rules
//! the app hangs on them (colour variables, font, background) are moved onto
//! `.kbwiz-frame`, the container the widget loader renders the app into.
//! Only selectors are rewritten (declarations, strings and comments are left
//! alone), and only whole selector tokens (`tbody` stays `tbody`).

/// The selector tokens that mean "the page" and what they become.
const PAGE_SELECTORS: [&str; 3] = [":root", "html", "body"];
/// The widget's render container (created by `assets/kbwiz-widget.js`).
pub const FRAME: &str = ".kbwiz-frame";

/// Rewrite page-level selectors in `css` to [`FRAME`].
pub fn scope_to_frame(css: &str) -> String {
    let mut out = String::with_capacity(css.len() + 64);
    // For each open `{`: true when its block holds rules (an at-rule such as
    // @media), false when it holds declarations.
    let mut blocks: Vec<bool> = Vec::new();
    let mut prelude = String::new();
    let mut chars = css.char_indices().peekable();
    let in_rules = |blocks: &Vec<bool>| blocks.last().copied().unwrap_or(true);
    while let Some((i, c)) = chars.next() {
        match c {
            '/' if css[i..].starts_with("/*") => {
                let end = css[i + 2..].find("*/").map_or(css.len(), |e| i + 2 + e + 2);
                let comment = &css[i..end];
                if in_rules(&blocks) {
                    prelude.push_str(comment);
                } else {
                    out.push_str(comment);
                }
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
            '"' | '\'' => {
                let mut end = css.len();
                let mut escaped = false;
                for (j, d) in css[i + 1..].char_indices() {
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == c {
                        end = i + 1 + j + 1;
                        break;
                    }
                }
                let s = &css[i..end];
                if in_rules(&blocks) {
                    prelude.push_str(s);
                } else {
                    out.push_str(s);
                }
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
            '{' if in_rules(&blocks) => {
                let is_at_rule = prelude.trim_start().starts_with('@');
                if is_at_rule {
                    out.push_str(&prelude);
                } else {
                    out.push_str(&rewrite_selector(&prelude));
                }
                prelude.clear();
                out.push('{');
                // @media, @supports, @layer, @container hold rules; @font-face,
                // @page and the like hold declarations.
                let nested = is_at_rule && {
                    let name = prelude_name(&out);
                    matches!(
                        name.as_str(),
                        "media" | "supports" | "layer" | "container" | "document" | "scope"
                    )
                };
                blocks.push(nested);
            }
            '{' => {
                out.push('{');
                blocks.push(false);
            }
            '}' => {
                if in_rules(&blocks) {
                    out.push_str(&prelude);
                    prelude.clear();
                }
                blocks.pop();
                out.push('}');
            }
            ';' if in_rules(&blocks) => {
                // A statement at-rule (`@import ...;`, `@charset`).
                out.push_str(&prelude);
                prelude.clear();
                out.push(';');
            }
            _ if in_rules(&blocks) => prelude.push(c),
            _ => out.push(c),
        }
    }
    out.push_str(&prelude);
    out
}

/// The name of the at-rule whose prelude ends `out` just before its `{`.
fn prelude_name(out: &str) -> String {
    let before = out.strip_suffix('{').unwrap_or(out);
    let at = before.rfind('@').map_or(before.len(), |i| i + 1);
    before[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Replace whole page-selector tokens in one selector list.
fn rewrite_selector(selector: &str) -> String {
    let mut out = String::with_capacity(selector.len());
    let mut i = 0;
    let bytes = selector.as_bytes();
    'scan: while i < bytes.len() {
        if selector[i..].starts_with("/*") {
            let end = selector[i + 2..]
                .find("*/")
                .map_or(selector.len(), |e| i + 2 + e + 2);
            out.push_str(&selector[i..end]);
            i = end;
            continue;
        }
        let prev_is_ident = i > 0 && is_ident_byte(bytes[i - 1]);
        if !prev_is_ident {
            for token in PAGE_SELECTORS {
                let end = i + token.len();
                let matches = selector
                    .get(i..end)
                    .is_some_and(|s| s.eq_ignore_ascii_case(token));
                let next_is_ident = bytes.get(end).is_some_and(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_') || *b >= 0x80
                });
                if matches && !next_is_ident {
                    out.push_str(FRAME);
                    i = end;
                    continue 'scan;
                }
            }
        }
        // Copy one whole character.
        let ch_len = selector[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&selector[i..i + ch_len]);
        i += ch_len;
    }
    out
}

/// Bytes that may come just before an identifier that is not a type selector
/// (`.body`, `#html`, `x-body` are left alone).
fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'#') || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_page_rules_onto_the_frame() {
        let css = ":root { --bg: #fff; }\nbody { margin: 0; }\nhtml, body.x { color: red; }";
        assert_eq!(
            scope_to_frame(css),
            ".kbwiz-frame { --bg: #fff; }\n.kbwiz-frame { margin: 0; }\n.kbwiz-frame, .kbwiz-frame.x { color: red; }"
        );
    }

    #[test]
    fn rewrites_inside_media_but_not_declarations_or_strings() {
        let css = "@media (prefers-color-scheme: dark) { :root { --bg: #000; } }\n\
                   tbody, .body, #html, body-part { content: \"body\"; font: 1em body; }\n\
                   /* body */ a { b: c }";
        assert_eq!(
            scope_to_frame(css),
            "@media (prefers-color-scheme: dark) { .kbwiz-frame { --bg: #000; } }\n\
             tbody, .body, #html, body-part { content: \"body\"; font: 1em body; }\n\
             /* body */ a { b: c }"
        );
    }

    #[test]
    fn font_face_blocks_hold_declarations() {
        let css = "@font-face { font-family: body; }\nbody { x: y }";
        assert_eq!(
            scope_to_frame(css),
            "@font-face { font-family: body; }\n.kbwiz-frame { x: y }"
        );
    }

    #[test]
    fn broken_css_does_not_panic() {
        for css in [
            "}}}{",
            "\"unterminated",
            "/* open",
            "body",
            "é{body}",
            "@media {",
            "a{'é",
        ] {
            let _ = scope_to_frame(css);
        }
        // A selector without a block is not a rule: left as it is.
        assert_eq!(scope_to_frame("body"), "body");
    }
}
