//! Article Markdown: rendering to HTML with raw HTML escaped (an article can
//! never inject markup into the wizard), and the list of section headings that
//! prose references point at.

#[cfg(not(target_arch = "wasm32"))]
use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

#[cfg(not(target_arch = "wasm32"))]
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Render `md` to HTML. Raw HTML blocks and inline HTML are emitted as escaped
/// text, never passed through. Native builds only: the browser gets articles
/// rendered when the KB data was written ([`crate::kb::bundle`]).
#[cfg(not(target_arch = "wasm32"))]
pub fn to_html(md: &str) -> String {
    let events = Parser::new_ext(md, options()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Links that would run script in the page (`javascript:`, `vbscript:`,
/// `data:`) become `#`.
#[cfg(not(target_arch = "wasm32"))]
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| scheme.starts_with(s))
    {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

/// The text of every heading, in order (inline markup dropped, code kept):
/// what an article's prose references (`"section": "Cause"`) point at.
///
/// A line scanner rather than the Markdown parser, so that the validator,
/// which also runs in the browser on an admin's own articles, does not bring
/// a Markdown parser into the wasm (about 60 KB before gzip). It reads ATX
/// (`## Cause`) and setext (a line underlined with `===` or `---`) headings
/// outside fenced code blocks; the test `headings_match_the_renderer` holds
/// it to the renderer's own headings.
pub fn headings(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    // The previous line, when it could be the text of a setext heading.
    let mut paragraph: Option<&str> = None;
    for raw in md.lines() {
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let line = raw.trim();
        if let Some((ch, len)) = fence {
            let run = line.chars().take_while(|c| *c == ch).count();
            if run >= len && line[run * ch.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if indent >= 4 && paragraph.is_none() {
            continue; // an indented code block
        }
        if let Some(open) = fence_opening(line) {
            fence = Some(open);
            paragraph = None;
            continue;
        }
        if let Some(text) = atx_heading(line) {
            out.push(inline_text(text));
            paragraph = None;
            continue;
        }
        if let (Some(text), true) = (paragraph, is_setext_underline(line)) {
            out.push(inline_text(text));
            paragraph = None;
            continue;
        }
        paragraph = if line.is_empty() || starts_block(line) {
            None
        } else {
            // A heading's text is its paragraph's last line.
            Some(line)
        };
    }
    out
}

/// `(fence character, length)` of a code fence opening (three or more
/// backticks or tildes).
fn fence_opening(line: &str) -> Option<(char, usize)> {
    let ch = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = line.chars().take_while(|c| *c == ch).count();
    (run >= 3).then_some((ch, run))
}

/// The text of an ATX heading line (`## Cause ##` gives `Cause`).
fn atx_heading(line: &str) -> Option<&str> {
    let level = line.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    let rest = rest.trim();
    // A closing run of `#` counts only after a space (or as the whole text).
    let closed = rest.trim_end_matches('#');
    if closed.is_empty() {
        return Some("");
    }
    if closed.len() < rest.len() && closed.ends_with([' ', '\t']) {
        return Some(closed.trim_end());
    }
    Some(rest)
}

fn is_setext_underline(line: &str) -> bool {
    !line.is_empty() && (line.chars().all(|c| c == '=') || line.chars().all(|c| c == '-'))
}

/// Lines that open a block of their own (lists, quotes, tables, rules), so
/// a following underline is not a setext heading of theirs.
fn starts_block(line: &str) -> bool {
    let first = line.chars().next().unwrap_or(' ');
    matches!(first, '>' | '|' | '*' | '+' | '<')
        || line.starts_with("- ")
        || line == "-"
        || line
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A heading's text with inline markup dropped: emphasis markers, the
/// backticks around code, link targets and backslash escapes.
fn inline_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next_if(|n| n.is_ascii_punctuation()) {
                    out.push(next);
                } else {
                    out.push('\\');
                }
            }
            '`' => {}
            '*' => {}
            '_' => {
                // Inside a word (`snake_case`) an underscore is text.
                let inside = out.chars().last().is_some_and(char::is_alphanumeric)
                    && chars.peek().is_some_and(|n| n.is_alphanumeric());
                if inside {
                    out.push('_');
                }
            }
            ']' if chars.peek() == Some(&'(') => {
                // `[text](target)`: keep the text, drop the target.
                for t in chars.by_ref() {
                    if t == ')' {
                        break;
                    }
                }
            }
            '[' => {}
            other => out.push(other),
        }
    }
    out.trim().to_string()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        assert_eq!(
            to_html("<script>alert(1)</script>\n\nok <b>bold</b>\n"),
            "&lt;script&gt;alert(1)&lt;/script&gt;\n<p>ok &lt;b&gt;bold&lt;/b&gt;</p>\n"
        );
    }

    #[test]
    fn script_links_are_neutralised() {
        assert_eq!(
            to_html("[a](javascript:alert(1)) [b]( JavaScript:x) [c](http://x/)\n"),
            "<p><a href=\"#\">a</a> <a href=\"#\">b</a> <a href=\"http://x/\">c</a></p>\n"
        );
    }

    #[test]
    fn markdown_renders() {
        assert_eq!(
            to_html("# Title\n\n- `Q319207.exe /s`\n"),
            "<h1>Title</h1>\n<ul>\n<li><code>Q319207.exe /s</code></li>\n</ul>\n"
        );
    }

    /// The renderer's own headings: the reference `headings` is held to.
    fn rendered_headings(md: &str) -> Vec<String> {
        use pulldown_cmark::TagEnd;
        let mut out = Vec::new();
        let mut current: Option<String> = None;
        for event in Parser::new_ext(md, options()) {
            match event {
                Event::Start(Tag::Heading { .. }) => current = Some(String::new()),
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(h) = current.take() {
                        out.push(h.trim().to_string());
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some(h) = current.as_mut() {
                        h.push_str(&t);
                    }
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn headings_match_the_renderer() {
        let samples = [
            "# One\n\ntext\n\n## Two `x`\n",
            "Title\n=====\n\nSub *emphasis*\n---\n\npara\n\n---\n",
            "```\n# not a heading\n```\n~~~~\n## nor this\n~~~~\n### Closed ###\n",
            "#NoSpace\n####### seven\n## [Link](http://x/) and \\*stars\\*\n",
            "- item\n---\n> quote\n\n## snake_case and __strong__ ##\n",
            "    # indented code\n\n##\n#\tTabbed\n",
        ];
        for md in samples {
            assert_eq!(headings(md), rendered_headings(md), "{md:?}");
        }
        for (folder, files) in crate::kb::load::embedded_files() {
            for (name, text) in *files {
                if name.ends_with(".md") {
                    assert_eq!(headings(text), rendered_headings(text), "{folder}/{name}");
                }
            }
        }
    }

    #[test]
    fn headings_are_listed() {
        assert_eq!(
            headings("# One\n\ntext\n\n## Two `x`\n"),
            vec!["One".to_string(), "Two x".to_string()]
        );
    }
}
