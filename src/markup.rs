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
//!
//! In-app links ([`Markup::link`]) are real `<a href="#/...">` elements; the
//! element holding the fragment takes [`on_link_click`], which routes a plain
//! click on any of them through the app's navigator exactly as
//! [`crate::components::link::Link`] does for one link.

use crate::route::Route;
use yew::{AttrValue, Callback, Html, MouseEvent, TargetCast};

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

    /// `<a href="#/...">text</a>` to an in-app route (see the module docs).
    pub fn link(&mut self, to: &Route, class: Option<&str>, text: &str) -> &mut Markup {
        let href = to.to_string();
        match class {
            Some(class) => self.el("a", &[("href", &href), ("class", class)], text),
            None => self.el("a", &[("href", &href)], text),
        }
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

/// The click handler for an element holding [`Markup::link`]s: a plain click
/// on one navigates through `nav` (the page hash on the site, internal state
/// in a widget); a click with Ctrl, Cmd or Shift is left to the browser, to
/// open the link elsewhere.
pub fn on_link_click(nav: Callback<Route>) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        // Ctrl/Cmd/Shift: the browser's; prevented: a `Link` took it already.
        if e.ctrl_key() || e.meta_key() || e.shift_key() || e.default_prevented() {
            return;
        }
        let link = e
            .target_dyn_into::<web_sys::Element>()
            .and_then(|t| t.closest("a[href^='#/']").ok().flatten());
        if let Some(href) = link.and_then(|a| a.get_attribute("href")) {
            e.prevent_default();
            nav.emit(Route::from_hash(&href));
        }
    })
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
