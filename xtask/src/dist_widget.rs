//! `dist/widget/`: the embeddable `<kbwiz-widget>` and `window.kbwiz`.
//!
//! Files: `kbwiz-widget.js` (the loader, stable name, from
//! `assets/kbwiz-widget.js` with the other names filled in), and beside it the
//! wasm-bindgen glue and wasm of the widget's own build (`widget.html`: the
//! app with the `js-api` feature, which the site leaves out), the KB data
//! (`kbwiz-kb.json`, `kbwiz-prose/`) and
//! `kbwiz-widget-HASH.css` (`assets/kbwiz-widget.css` + the app's stylesheet
//! with its page selectors moved onto the widget's frame).
//!
//! The wasm is a separate file, not inlined: the loader stays a few KB that a
//! host page can include on every page for free, the browser compiles the
//! wasm while it downloads (streaming) and caches it by its hashed name, and
//! base64 would add a third to its size.

use crate::dist_css::scope_to_frame;
use crate::dist_html::{short_hash, SiteAssets};
use crate::run::{Error, Result};
use std::path::{Path, PathBuf};

/// The loader's file name: what host pages reference.
pub const LOADER: &str = "kbwiz-widget.js";

/// What the widget build wrote.
pub struct Widget {
    pub loader: PathBuf,
    /// Everything else the loader fetches (glue, wasm, stylesheet).
    pub assets: Vec<PathBuf>,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error(format!("cannot read {}: {e}", path.display())))
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error(format!("cannot write {}: {e}", path.display())))
}

/// The widget stylesheet: the shadow root's own rules, then the app's CSS
/// scoped to the frame (in page order).
pub fn widget_css(own: &str, app_css: &[String]) -> String {
    let mut css = String::from(own);
    for sheet in app_css {
        css.push('\n');
        css.push_str(&scope_to_frame(sheet));
    }
    css
}

/// Fill the loader template's placeholders; each must be present exactly once.
pub fn fill_loader(template: &str, glue: &str, wasm: &str, css: &str) -> Result<String> {
    let mut out = template.to_string();
    for (placeholder, value) in [
        ("__KBWIZ_GLUE__", glue),
        ("__KBWIZ_WASM__", wasm),
        ("__KBWIZ_CSS__", css),
    ] {
        if out.matches(placeholder).count() != 1 {
            return Err(Error(format!(
                "assets/{LOADER}: expected {placeholder} exactly once"
            )));
        }
        out = out.replace(placeholder, value);
    }
    Ok(out)
}

/// Build `out` (emptied first) from the site build in `site`.
pub fn build(root: &Path, site: &Path, assets: &SiteAssets, out: &Path) -> Result<Widget> {
    if out.exists() {
        std::fs::remove_dir_all(out)
            .map_err(|e| Error(format!("cannot empty {}: {e}", out.display())))?;
    }
    std::fs::create_dir_all(out)
        .map_err(|e| Error(format!("cannot create {}: {e}", out.display())))?;

    let app_css = assets
        .css
        .iter()
        .map(|c| read(&site.join(c)))
        .collect::<Result<Vec<_>>>()?;
    let css = widget_css(&read(&root.join("assets/kbwiz-widget.css"))?, &app_css);
    let css_name = format!("kbwiz-widget-{}.css", short_hash(css.as_bytes()));
    write(&out.join(&css_name), css.as_bytes())?;

    let mut copied = Vec::new();
    // The KB data and the articles' texts, as the site has them.
    let texts = out.join(crate::kb_data::TEXT_FOLDER);
    std::fs::create_dir_all(&texts)
        .map_err(|e| Error(format!("cannot create {}: {e}", texts.display())))?;
    let site_texts = site.join(crate::kb_data::TEXT_FOLDER);
    for entry in std::fs::read_dir(&site_texts)
        .map_err(|e| Error(format!("cannot read {}: {e}", site_texts.display())))?
    {
        let from = entry
            .map_err(|e| Error(format!("cannot read {}: {e}", site_texts.display())))?
            .path();
        let to = texts.join(from.file_name().unwrap_or_default());
        std::fs::copy(&from, &to)
            .map_err(|e| Error(format!("cannot copy {}: {e}", from.display())))?;
    }
    for name in [
        &assets.glue,
        &assets.wasm,
        &crate::kb_data::DATA_FILE.to_string(),
    ] {
        let to = out.join(name);
        std::fs::copy(site.join(name), &to)
            .map_err(|e| Error(format!("cannot copy {name} into {}: {e}", out.display())))?;
        copied.push(to);
    }

    let loader = fill_loader(
        &read(&root.join("assets").join(LOADER))?,
        &assets.glue,
        &assets.wasm,
        &css_name,
    )?;
    let loader_path = out.join(LOADER);
    write(&loader_path, loader.as_bytes())?;
    copied.push(out.join(css_name));
    Ok(Widget {
        loader: loader_path,
        assets: copied,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_each_placeholder_once() {
        let t = "g='__KBWIZ_GLUE__' w='__KBWIZ_WASM__' c='__KBWIZ_CSS__'";
        assert_eq!(
            fill_loader(t, "a.js", "b.wasm", "c.css").expect("filled"),
            "g='a.js' w='b.wasm' c='c.css'"
        );
        assert!(fill_loader("__KBWIZ_GLUE__", "a", "b", "c").is_err());
        assert!(fill_loader(&format!("{t}{t}"), "a", "b", "c").is_err());
    }

    #[test]
    fn widget_css_puts_own_rules_first_and_scopes_the_app() {
        let css = widget_css(":host { display: block }", &[":root { --x: 1 }".into()]);
        assert_eq!(css, ":host { display: block }\n.kbwiz-frame { --x: 1 }");
    }

    #[test]
    fn the_real_loader_template_has_every_placeholder() {
        let root = crate::run::root();
        let template =
            std::fs::read_to_string(root.join("assets").join(LOADER)).expect("loader source");
        let filled = fill_loader(&template, "g.js", "w.wasm", "s.css").expect("filled");
        assert!(
            filled.contains("'g.js'") && filled.contains("'w.wasm'") && filled.contains("'s.css'")
        );
    }
}
