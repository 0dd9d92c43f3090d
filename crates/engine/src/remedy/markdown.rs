//! Making text safe inside Markdown: pasted text (log lines, input names,
//! package IDs) goes into code spans whose fence outgrows any backtick run in
//! it; our own prose is backslash-escaped so that `<Sms_root_folder>` or `*`
//! stays literal. Either way nothing pasted can become a link, HTML or markup.

/// `text` as an inline code span, on one line. Line breaks and other control
/// characters become spaces; the fence is one backtick longer than the
/// longest backtick run inside; a space pads text that starts or ends with a
/// backtick or a space, as CommonMark strips one from each side.
pub fn code(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.trim().is_empty() {
        return "(empty)".to_string();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in flat.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = flat.starts_with(['`', ' ']) || flat.ends_with(['`', ' ']);
    if pad {
        format!("{fence} {flat} {fence}")
    } else {
        format!("{fence}{flat}{fence}")
    }
}

/// `text` as literal Markdown prose on one line: the characters that make
/// inline markup (emphasis, code, links, HTML, entities, strike-through) are
/// backslash-escaped everywhere, and a leading one that would start a block
/// (heading, list, quote) is escaped too. Control characters become spaces.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let body = text.trim_start();
    // A list item number (`1.` / `1)`) at the start.
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0 && matches!(body.as_bytes().get(digits), Some(b'.' | b')'));
    let mut at_start = true;
    for (i, c) in body.char_indices() {
        let block_start = at_start && matches!(c, '#' | '-' | '+' | '=' | '>');
        let list_number = numbered && i == digits;
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            _ if block_start || list_number => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
        at_start = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_outgrow_backticks_and_flatten_lines() {
        assert_eq!(code("abc"), "`abc`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("``x"), "``` ``x ```");
        assert_eq!(code("a\r\nb"), "`a  b`");
        assert_eq!(code(""), "(empty)");
        assert_eq!(code("<script>"), "`<script>`");
    }

    #[test]
    fn prose_escapes_markup() {
        assert_eq!(
            text("<Sms_root_folder>\\Bin"),
            "\\<Sms\\_root\\_folder\\>\\\\Bin"
        );
        assert_eq!(text("a *b* [c](d)"), "a \\*b\\* \\[c\\](d)");
        assert_eq!(
            text("# not a heading - nor (this)"),
            "\\# not a heading - nor (this)"
        );
        assert_eq!(text("12. not a list"), "12\\. not a list");
        assert_eq!(text("- nor this"), "\\- nor this");
        assert_eq!(text("&amp; <b>"), "\\&amp; \\<b\\>");
        assert_eq!(text("line\nbreak"), "line break");
    }
}
