//! Article Markdown: rendering to HTML with raw HTML escaped (an article can
//! never inject markup into the wizard), and the list of section headings that
//! prose references point at.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Render `md` to HTML. Raw HTML blocks and inline HTML are emitted as escaped
/// text, never passed through.
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

/// The text of every heading, in order (inline markup dropped, code kept).
pub fn headings(md: &str) -> Vec<String> {
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

#[cfg(test)]
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

    #[test]
    fn headings_are_listed() {
        assert_eq!(
            headings("# One\n\ntext\n\n## Two `x`\n"),
            vec!["One".to_string(), "Two x".to_string()]
        );
    }
}
