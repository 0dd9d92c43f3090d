//! Static HTML written as text, for parts of a view that have no event
//! handlers of their own and hold only kbwiz's own text: the article view
//! (the KB's HTML, rendered at build time) and the chart's drawing (numbers
//! and the simulator's labels). Never for anything an admin pasted: pasted
//! text only ever reaches the page as text nodes, through `html!`.
//!
//! Each element built with `html!` is its own block of wasm code (a boxed
//! tag, its attributes, its child list); a string built here and injected
//! once with [`Markup::into_html`] costs a few calls per element instead.
//! Every text and attribute value goes through [`escape`]; only the tag and
//! attribute names written in this crate's code are emitted as they are.

use yew::{AttrValue, Html};

/// An HTML fragment under construction.
#[derive(Default)]
pub struct Markup(String);

impl Markup {
    /// An empty fragment.
    pub fn new() -> Markup {
        Markup::default()
    }

    /// `<tag a="v" ...>`: values escaped.
    pub fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Markup {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            self.0.push(' ');
            self.0.push_str(name);
            self.0.push_str("=\"");
            escape(&mut self.0, value);
            self.0.push('"');
        }
        self.0.push('>');
        self
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &str) -> &mut Markup {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) -> &mut Markup {
        escape(&mut self.0, text);
        self
    }

    /// `<tag attrs>text</tag>`.
    pub fn el(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> &mut Markup {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// HTML that is already safe (the engine's rendering of an article's
    /// Markdown, which escapes any raw HTML), copied as it is.
    pub fn trusted(&mut self, html: &str) -> &mut Markup {
        self.0.push_str(html);
        self
    }

    /// A table header row: one `<th scope="col">` per label.
    pub fn head_row(&mut self, labels: &[&str]) -> &mut Markup {
        self.open("thead", &[]).open("tr", &[]);
        for label in labels {
            self.el("th", &[("scope", "col")], label);
        }
        self.close("tr").close("thead")
    }

    /// The fragment as yew nodes.
    pub fn into_html(self) -> Html {
        Html::from_html_unchecked(AttrValue::from(self.0))
    }

    /// The fragment's text (for tests).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Append `text` to `out` with `&`, `<`, `>`, `"` and `'` escaped, so that it
/// is read as text both between tags and inside a quoted attribute value.
pub fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attribute_values() {
        let mut m = Markup::new();
        m.open("td", &[("data-label", "a\"b<c>")])
            .text("x & <script>'y'</script>")
            .close("td");
        assert_eq!(
            m.as_str(),
            "<td data-label=\"a&quot;b&lt;c&gt;\">x &amp; &lt;script&gt;&#39;y&#39;&lt;/script&gt;</td>"
        );
    }

    #[test]
    fn writes_header_rows() {
        let mut m = Markup::new();
        m.head_row(&["ID", "A&B"]);
        assert_eq!(
            m.as_str(),
            "<thead><tr><th scope=\"col\">ID</th><th scope=\"col\">A&amp;B</th></tr></thead>"
        );
    }
}
