//! Reading and rewriting the `index.html` Trunk writes: finding its tags
//! (`<link>`, the inline loader `<script>`), and the pieces every delivery
//! needs (CSP hash sources, escaping code for an inline `<script>`).
//!
//! Trunk's output is machine-written and regular, so a small tag scanner is
//! enough; anything unexpected is an error naming what is missing.

use crate::run::{Error, Result};
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// One tag found in the page: where it is and its attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Byte range of the whole element in the page (for a `<script>`, up to
    /// and including `</script>`).
    pub start: usize,
    pub end: usize,
    pub attrs: Vec<(String, String)>,
    /// A `<script>`'s text (empty for `<link>`).
    pub body: String,
}

impl Tag {
    /// The value of attribute `name` (lower-case), if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every `<name ...>` tag of the page (`link` or `script`), in order.
pub fn tags(html: &str, name: &str) -> Vec<Tag> {
    let open = format!("<{name}");
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(rel) = html[at..].find(&open) {
        let start = at + rel;
        let after = start + open.len();
        // `<linkfoo` is not a `<link`.
        if !html[after..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/') {
            at = after;
            continue;
        }
        let Some(close) = html[after..].find('>') else {
            break;
        };
        let head_end = after + close + 1;
        let attrs = parse_attrs(&html[after..after + close]);
        let (end, body) = if name == "script" {
            match html[head_end..].find("</script>") {
                Some(b) => (
                    head_end + b + "</script>".len(),
                    html[head_end..head_end + b].to_string(),
                ),
                None => break,
            }
        } else {
            (head_end, String::new())
        };
        found.push(Tag {
            start,
            end,
            attrs,
            body,
        });
        at = end;
    }
    found
}

/// `a="x" b='y' c d=e` into lower-case names and values (no entity decoding:
/// Trunk writes plain paths and hashes).
fn parse_attrs(s: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        let name_len = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/' || c == '>')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after_eq) = rest.strip_prefix('=') {
            let v = after_eq.trim_start();
            if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let inner = &v[1..];
                let end = inner.find(q).unwrap_or(inner.len());
                value = inner[..end].to_string();
                rest = inner.get(end + 1..).unwrap_or("");
            } else {
                let end = v.find(|c: char| c.is_ascii_whitespace()).unwrap_or(v.len());
                value = v[..end].to_string();
                rest = &v[end..];
            }
        } else if name_len == 0 {
            // A stray `/` or `=`: skip one character.
            let skip = rest.chars().next().map_or(0, char::len_utf8);
            rest = &rest[skip..];
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
        rest = rest.trim_start();
    }
    attrs
}

/// The assets Trunk linked from the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteAssets {
    /// The wasm-bindgen JS glue (an ES module), relative to the site folder.
    pub glue: String,
    /// The wasm binary.
    pub wasm: String,
    /// Stylesheets, in page order.
    pub css: Vec<String>,
    /// The favicon, if any.
    pub icon: Option<String>,
}

/// `./x.js` -> `x.js`.
fn local(href: &str) -> String {
    href.trim_start_matches("./").to_string()
}

/// Find the glue, wasm, stylesheets and icon in Trunk's `index.html`.
pub fn site_assets(html: &str) -> Result<SiteAssets> {
    let links = tags(html, "link");
    let href_with = |rel: &str, suffix: &str| {
        links
            .iter()
            .filter(|t| t.attr("rel") == Some(rel))
            .filter_map(|t| t.attr("href"))
            .find(|h| h.ends_with(suffix))
            .map(local)
    };
    let glue = href_with("modulepreload", ".js").ok_or_else(|| {
        Error("index.html: no <link rel=modulepreload> to the wasm-bindgen glue".into())
    })?;
    let wasm = href_with("preload", ".wasm")
        .ok_or_else(|| Error("index.html: no <link rel=preload> to the .wasm".into()))?;
    let css = links
        .iter()
        .filter(|t| t.attr("rel") == Some("stylesheet"))
        .filter_map(|t| t.attr("href"))
        .map(local)
        .collect();
    let icon = href_with("icon", "");
    Ok(SiteAssets {
        glue,
        wasm,
        css,
        icon,
    })
}

/// The CSP source for inline content: `'sha256-BASE64'` of its exact bytes.
pub fn csp_hash(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Hex sha256 prefix for content-addressed file names.
pub fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Make JS code safe to place between `<script>` and `</script>`: the only
/// sequences the HTML parser acts on inside a script are `</script` and
/// `<!--`; in JS they can only occur inside strings, regexes or comments,
/// where `<\/` and `<\!--` mean the same characters.
pub fn inline_script_safe(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.len() >= 8 && tail.as_bytes()[..8].eq_ignore_ascii_case(b"</script") {
            out.push_str("<\\/");
            rest = &tail[2..];
        } else if let Some(after) = tail.strip_prefix("<!--") {
            out.push_str("<\\!--");
            rest = after;
        } else {
            out.push('<');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Same for CSS inside `<style>`: only `</style` can end it early; in CSS it
/// can only occur in a string or comment, where `<\/style` is equivalent
/// inside strings (and harmless inside comments).
pub fn inline_style_safe(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("</") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.len() >= 7 && tail.as_bytes()[..7].eq_ignore_ascii_case(b"</style") {
            out.push_str("<\\/");
        } else {
            out.push_str("</");
        }
        rest = &tail[2..];
    }
    out.push_str(rest);
    out
}

/// Insert `tag` right after the `<meta charset=...>` element (so a CSP meta
/// governs everything after it), or right after `<head>` when there is none.
pub fn insert_after_charset(html: &str, tag: &str) -> Result<String> {
    let at = tags(html, "meta")
        .into_iter()
        .find(|t| t.attr("charset").is_some())
        .map(|t| t.end)
        .or_else(|| html.find("<head>").map(|i| i + "<head>".len()))
        .ok_or_else(|| Error("index.html: no <meta charset> and no <head>".into()))?;
    Ok(format!("{}\n  {tag}{}", &html[..at], &html[at..]))
}

/// `<meta http-equiv="Content-Security-Policy" content="...">`.
pub fn csp_meta(policy: &str) -> String {
    format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>kbwiz</title>
<script type="module">
import init from './kbwiz-web-1a.js';
await init({ module_or_path: './kbwiz-web-1a_bg.wasm' });
</script>
  <link rel="stylesheet" href="./app-2b.css" integrity="sha384-x"/>
  <link rel="icon" href="./favicon-3c.svg"/>
<link rel="modulepreload" href="./kbwiz-web-1a.js" crossorigin="anonymous"><link rel="preload" href="./kbwiz-web-1a_bg.wasm" as="fetch" type="application/wasm"></head>
<body></body>
</html>"#;

    #[test]
    fn finds_trunk_assets() {
        let a = site_assets(TRUNK).expect("assets");
        assert_eq!(a.glue, "kbwiz-web-1a.js");
        assert_eq!(a.wasm, "kbwiz-web-1a_bg.wasm");
        assert_eq!(a.css, ["app-2b.css"]);
        assert_eq!(a.icon.as_deref(), Some("favicon-3c.svg"));
    }

    #[test]
    fn finds_the_inline_script_body_exactly() {
        let scripts = tags(TRUNK, "script");
        assert_eq!(scripts.len(), 1);
        assert_eq!(scripts[0].attr("type"), Some("module"));
        assert!(scripts[0].body.starts_with("\nimport init"));
        assert!(scripts[0].body.ends_with("'./kbwiz-web-1a_bg.wasm' });\n"));
        assert_eq!(&TRUNK[scripts[0].end - 9..scripts[0].end], "</script>");
    }

    #[test]
    fn parses_attribute_forms() {
        let a = parse_attrs(r#"rel=icon HREF='a b' async data-x="1"/"#);
        assert_eq!(
            a,
            [
                ("rel".to_string(), "icon".to_string()),
                ("href".to_string(), "a b".to_string()),
                ("async".to_string(), String::new()),
                ("data-x".to_string(), "1".to_string()),
            ]
        );
        // Unterminated quotes and stray characters do not panic.
        assert_eq!(parse_attrs("a=\"x"), [("a".to_string(), "x".to_string())]);
        assert_eq!(parse_attrs("= / é"), [("é".to_string(), String::new())]);
    }

    #[test]
    fn unterminated_tags_are_ignored() {
        assert!(tags("<link rel=x", "link").is_empty());
        assert!(tags("<script>never closed", "script").is_empty());
        assert!(tags("<linkage>", "link").is_empty());
    }

    #[test]
    fn csp_hash_is_base64_sha256() {
        // sha256("") = e3b0c442...; base64 of it:
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }

    #[test]
    fn escapes_what_would_end_a_script_or_style() {
        assert_eq!(
            inline_script_safe(r#"a="</SCRIPT>"; b="<!--"; c<d"#),
            r#"a="<\/SCRIPT>"; b="<\!--"; c<d"#
        );
        assert_eq!(inline_script_safe("<ééééé"), "<ééééé");
        assert_eq!(inline_style_safe("</éééé"), "</éééé");
        assert_eq!(
            inline_style_safe(r#"a::after{content:"</style>"}</b"#),
            r#"a::after{content:"<\/style>"}</b"#
        );
    }

    #[test]
    fn csp_goes_right_after_the_charset() {
        let out = insert_after_charset(TRUNK, &csp_meta("default-src 'none'")).expect("inserted");
        let charset = out.find("<meta charset=\"utf-8\">").expect("charset");
        let csp = out.find("Content-Security-Policy").expect("csp");
        let script = out.find("<script").expect("script");
        assert!(charset < csp && csp < script);
    }
}
