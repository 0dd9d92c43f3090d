//! `dist/offline/kbwiz.html`: the whole wizard in one file that works from
//! `file://` with no network at all.
//!
//! Built from the site's `index.html` and the app's program (not the site's
//! first view, which only paints the start page and loads the app): Trunk's
//! loader script and preload links are dropped, the page says to mount the
//! app; each stylesheet becomes a `<style>`; the icon becomes a data:
//! URL; one inline module script holds the wasm-bindgen glue verbatim (an
//! inline module may contain `export`s, they are simply unused) followed by the
//! wasm as base64, decoded and passed to the glue's init as bytes, so nothing
//! is fetched. A CSP meta allows exactly that script and style (by hash),
//! inline style attributes (the app's chart sets some), data: images, and
//! nothing else: the file cannot make a request even if something tried.

use crate::dist_html::{
    csp_hash, csp_meta, inline_script_safe, inline_style_safe, insert_after_charset, tags,
    SiteAssets,
};
use crate::run::{Error, Result};
use base64::Engine as _;
use std::path::Path;

/// The glue's init function (wasm-bindgen's name for the default export).
const GLUE_INIT: &str = "function __wbg_init(";

/// The boot code appended after the glue: decode the embedded wasm and start.
fn boot(wasm_b64: &str) -> String {
    format!(
        "\n// kbwiz offline boot: the wasm below is instantiated from these bytes, never fetched.\n\
         {{\n  const b64 = \"{wasm_b64}\";\n  const bin = atob(b64);\n  const bytes = new Uint8Array(bin.length);\n  \
         for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);\n  \
         await __wbg_init({{ module_or_path: bytes }});\n}}\n"
    )
}

/// The offline page's policy for its one script and the given inline styles.
pub fn offline_csp(script: &str, styles: &[String]) -> String {
    let style_hashes: Vec<String> = styles.iter().map(|s| csp_hash(s)).collect();
    format!(
        "default-src 'none'; script-src {} 'wasm-unsafe-eval'; style-src {}; style-src-attr 'unsafe-inline'; \
         img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(script),
        if style_hashes.is_empty() { "'none'".to_string() } else { style_hashes.join(" ") }
    )
}

/// Assemble the offline page from the site page `html` and the files it names
/// (read through `read`, relative to the site folder).
pub fn assemble(
    html: &str,
    assets: &SiteAssets,
    kb_data: &str,
    read: &dyn Fn(&str) -> Result<Vec<u8>>,
) -> Result<String> {
    let text = |name: &str| {
        read(name).and_then(|b| {
            String::from_utf8(b).map_err(|e| Error(format!("{name} is not UTF-8: {e}")))
        })
    };
    let glue = text(&assets.glue)?;
    if !glue.contains(GLUE_INIT) {
        return Err(Error(format!(
            "{}: no `{GLUE_INIT}`: a wasm-bindgen version with another init?",
            assets.glue
        )));
    }
    let wasm = read(&assets.wasm)?;
    let script = inline_script_safe(&format!(
        "{glue}{}",
        boot(&base64::engine::general_purpose::STANDARD.encode(&wasm))
    ));

    // Replace or drop Trunk's tags, last first so earlier offsets stay valid.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut styles = Vec::new();
    for t in tags(html, "script") {
        edits.push((t.start, t.end, String::new()));
    }
    for t in tags(html, "meta") {
        if t.attr("http-equiv")
            .is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
        {
            edits.push((t.start, t.end, String::new()));
        } else if t.attr("name") == Some("kbwiz-mount") {
            // The site's page starts its first view, which loads the app;
            // this file holds the app alone, which mounts itself.
            edits.push((
                t.start,
                t.end,
                "<meta name=\"kbwiz-mount\" content=\"app\">".into(),
            ));
        }
    }
    for t in tags(html, "link") {
        let href = t.attr("href").unwrap_or("").trim_start_matches("./");
        let replacement = match t.attr("rel") {
            Some("stylesheet") => {
                let css = inline_style_safe(&text(href)?);
                let tag = format!("<style>{css}</style>");
                styles.push(css);
                tag
            }
            Some("icon") => {
                let mime = if href.ends_with(".svg") {
                    "image/svg+xml"
                } else if href.ends_with(".png") {
                    "image/png"
                } else {
                    "image/x-icon"
                };
                let data = base64::engine::general_purpose::STANDARD.encode(read(href)?);
                format!("<link rel=\"icon\" href=\"data:{mime};base64,{data}\">")
            }
            _ => String::new(),
        };
        edits.push((t.start, t.end, replacement));
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut page = html.to_string();
    for (start, end, with) in edits {
        page.replace_range(start..end, &with);
    }
    let body_end = page
        .rfind("</body>")
        .ok_or_else(|| Error("index.html: no </body>".into()))?;
    // The KB data, texts inside, where the app looks for it (a JSON block
    // is data, not script: the policy has nothing to allow for it).
    page.insert_str(
        body_end,
        &format!(
            "<script type=\"application/json\" id=\"kbwiz-kb\">{}</script>\n<script type=\"module\">{script}</script>\n",
            // `<` stands only inside JSON strings, where `\u003c` is the
            // same character and can close no element.
            kb_data.replace('<', "\\u003c")
        ),
    );
    insert_after_charset(&page, &csp_meta(&offline_csp(&script, &styles)))
}

/// Write `out` from the site folder.
pub fn build(site: &Path, assets: &SiteAssets, out: &Path) -> Result<()> {
    let html = std::fs::read_to_string(site.join("index.html"))
        .map_err(|e| Error(format!("cannot read {}/index.html: {e}", site.display())))?;
    let read = |name: &str| {
        std::fs::read(site.join(name)).map_err(|e| Error(format!("cannot read {name}: {e}")))
    };
    let page = assemble(&html, assets, &crate::kb_data::inline()?, &read)?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error(format!("cannot create {}: {e}", dir.display())))?;
    }
    std::fs::write(out, page).map_err(|e| Error(format!("cannot write {}: {e}", out.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html>\n<html><head>\n<meta charset=\"utf-8\">\n<meta name=\"kbwiz-mount\" content=\"start\">\n\
        <script type=\"module\">import init from './g.js'; await init('./w.wasm');</script>\n\
        <link rel=\"stylesheet\" href=\"./a.css\"/><link rel=\"icon\" href=\"./i.svg\"/>\
        <link rel=\"modulepreload\" href=\"./g.js\"><link rel=\"preload\" href=\"./w.wasm\" as=\"fetch\">\n</head>\n<body><p>x</p></body></html>";

    fn files(name: &str) -> Result<Vec<u8>> {
        match name {
            "g.js" => Ok(b"async function __wbg_init(m) {}\nconst s = '</script>';\nexport { __wbg_init as default };".to_vec()),
            "w.wasm" => Ok(vec![0, 97, 115, 109]),
            "a.css" => Ok(b"body { margin: 0 }".to_vec()),
            "i.svg" => Ok(b"<svg/>".to_vec()),
            other => Err(Error(format!("no {other}"))),
        }
    }

    #[test]
    fn inlines_everything_and_fetches_nothing() {
        let assets = SiteAssets {
            glue: "g.js".into(),
            wasm: "w.wasm".into(),
            css: vec!["a.css".into()],
            icon: Some("i.svg".into()),
        };
        let page = assemble(PAGE, &assets, "{\"a\":\"</script>\"}", &files).expect("assembled");
        assert!(page.contains("<script type=\"application/json\" id=\"kbwiz-kb\">{\"a\":\"\\u003c/script>\"}</script>"));
        assert!(
            !page.contains("./g.js")
                && !page.contains("./w.wasm")
                && !page.contains("./a.css")
                && !page.contains("./i.svg")
        );
        assert!(page.contains("<style>body { margin: 0 }</style>"));
        assert!(page.contains("href=\"data:image/svg+xml;base64,PHN2Zy8+\""));
        assert!(page.contains("const b64 = \"AGFzbQ==\";"));
        assert!(page.contains("const s = '<\\/script>';"));
        assert!(page.contains("<meta name=\"kbwiz-mount\" content=\"app\">"));
        // One script runs; the KB data beside it is a JSON block.
        assert_eq!(page.matches("<script").count(), 2);
        assert_eq!(page.matches("<script type=\"module\">").count(), 1);
        // The CSP hashes exactly the script that is in the page.
        let script = tags(&page, "script")
            .into_iter()
            .find(|t| t.attr("type") == Some("module"))
            .expect("the module script")
            .body;
        assert!(page.contains(&csp_hash(&script)));
        assert!(page.contains(&csp_hash("body { margin: 0 }")));
        assert!(page.find("Content-Security-Policy") < page.find("<style>"));
    }

    #[test]
    fn refuses_glue_without_the_expected_init() {
        let assets = SiteAssets {
            glue: "w.wasm".into(),
            wasm: "w.wasm".into(),
            css: vec![],
            icon: None,
        };
        let read = |_: &str| Ok(b"export default 1".to_vec());
        assert!(assemble(PAGE, &assets, "{}", &read).is_err());
    }
}
