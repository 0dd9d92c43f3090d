//! `cargo xtask dist`: the three deliveries under `dist/`, from two Trunk
//! release builds (the site's, whose app the offline file holds, and the
//! widget's with the JS API), and their size report.
//!
//! - `dist/site/`: the static website (Trunk release build, wasm-opt -Oz,
//!   CSS and page minified, relative asset paths so it deploys under any
//!   sub-path): the first view's program, the app's, the KB data and
//!   index, with a Content-Security-Policy meta added after the build
//!   ([`SITE_CSP`]).
//! - `dist/offline/kbwiz.html`: one self-contained file (`dist_offline.rs`).
//! - `dist/widget/`: `kbwiz-widget.js` and what it loads (`dist_widget.rs`).
//! - `dist/size-report.json` and a printed table, checked against the budgets
//!   (`dist_size.rs`).

use crate::dist_html::{csp_hash, csp_meta, insert_after_charset, site_assets, tags, SiteAssets};
use crate::dist_size::{self, Budget, Delivery, Measure};
use crate::run::{root, status, trunk_fast, Error, Result};
use crate::tools::ToolEnv;
use std::path::{Path, PathBuf};

/// The site's policy; `{loader}` is the hash of Trunk's inline loader script.
///
/// Only the page's own files: scripts from the site plus that one inline
/// loader, WebAssembly compilation (`'wasm-unsafe-eval'`, no JS eval),
/// stylesheets from the site, style *attributes* (the chart's SVG sets some;
/// they cannot load anything), the favicon, and `connect-src 'self'` because
/// the glue fetches the site's own `.wasm` and the app its KB data and
/// articles' texts (nothing else is fetched; there is no other origin
/// anywhere in the policy); no workers. `frame-ancestors`
/// cannot be set from a meta tag: a host wanting it sends it as a header.
pub const SITE_CSP: &str = "default-src 'none'; script-src 'self' {loader} 'wasm-unsafe-eval'; \
     style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self'; connect-src 'self'; \
     worker-src 'none'; base-uri 'none'; form-action 'none'";

/// Budgets (KB = 1000 bytes).
/// The site's first view: its page, the first view's program and the start
/// page's index, styles and icon; the app and the KB data come after the
/// start page is painted. A build over it fails. Met since the first view
/// became a program of its own (101.4 KB when it did; docs/performance.md).
const SITE_FIRST_VIEW_GZIP: u64 = 350_000;
/// Each article's diagnostic data in the KB data file, so a library of 50
/// articles stays a small download beside the wasm.
const KB_DATA_PER_ARTICLE_GZIP: u64 = 6_000;
const WIDGET_LOADER_GZIP: u64 = 10_000;
const OFFLINE_FILE: u64 = 1_500_000;

/// The app's program beside the site's page (`kbwiz-web.js` and its
/// `_bg.wasm`), which the first view loads once the start page is painted:
/// Trunk names a "worker" link's files after its binary.
const APP: &str = "kbwiz-web";

/// Add the CSP meta to Trunk's page, hashing its inline loader.
pub fn add_site_csp(html: &str) -> Result<String> {
    let scripts: Vec<_> = tags(html, "script")
        .into_iter()
        .filter(|t| t.attr("src").is_none())
        .collect();
    let loader = match scripts.as_slice() {
        [one] => csp_hash(&one.body),
        _ => {
            return Err(Error(format!(
                "dist/site/index.html: expected Trunk's one inline loader script, found {}",
                scripts.len()
            )))
        }
    };
    insert_after_charset(html, &csp_meta(&SITE_CSP.replace("{loader}", &loader)))
}

/// The files the site's first view loads, relative to `dist/`: the page, the
/// first view's wasm-bindgen glue and `.wasm` (`kbwiz-start`), the start
/// page's index, the stylesheets and the favicon. The app's program and
/// the KB data are fetched once the start page is painted; the data has a
/// budget of its own per article, and its cost is measured as time to
/// interactive with 50 articles (`tests/bench/tti-library.mjs`). Any other
/// file of the site is listed in the table but not counted.
pub fn first_view(assets: &SiteAssets) -> Vec<String> {
    let mut files = vec![
        "index.html",
        &assets.glue,
        &assets.wasm,
        crate::kb_data::INDEX_FILE,
    ];
    files.extend(assets.css.iter().map(String::as_str));
    files.extend(assets.icon.as_deref());
    files.into_iter().map(|f| format!("site/{f}")).collect()
}

/// How many articles the site's KB data file holds.
fn articles_in_data(site: &Path) -> Result<u64> {
    let path = site.join(crate::kb_data::DATA_FILE);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error(format!("cannot read {}: {e}", path.display())))?;
    let data: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Error(format!("{}: {e}", path.display())))?;
    Ok(data["articles"].as_array().map_or(0, |a| a.len() as u64))
}

fn site_delivery(dist: &Path, site: &Path, assets: &SiteAssets) -> Result<Delivery> {
    let files = dist_size::measure(dist, &dist_size::files_under(site)?)?;
    let first_view = first_view(assets);
    if let Some(missing) = first_view
        .iter()
        .find(|f| !files.iter().any(|m| &&m.path == f))
    {
        return Err(Error(format!("the site has no {missing}")));
    }
    Ok(Delivery {
        name: "site",
        files,
        budgets: vec![
            Budget {
                what: "first view (page, glue, wasm, index, styles, icon)",
                measure: Measure::Gzip,
                limit: SITE_FIRST_VIEW_GZIP,
                files: first_view,
                hard: true,
            },
            Budget {
                what: "KB data, 6 KB per article",
                measure: Measure::Gzip,
                limit: KB_DATA_PER_ARTICLE_GZIP * articles_in_data(site)?.max(1),
                files: vec![format!("site/{}", crate::kb_data::DATA_FILE)],
                hard: true,
            },
        ],
    })
}

/// A Trunk build's page and asset names.
///
/// Trunk's output ships as Trunk writes it. Renaming the wasm's imports to
/// short names in the wasm and its glue (a step kept until this split) saved
/// 6.3 KB gzip of the old first view; on the first view's own small wasm it
/// saves 3.6 KB (90.0 against 93.6 KB, wasm and glue, `gzip -9`), under the
/// 5 KB a rewrite of wasm-bindgen's output must save to be kept, so it was
/// removed with the version-bound code it needed.
fn shipped(dir: &Path) -> Result<(String, SiteAssets)> {
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| Error(format!("cannot read {}: {e}", index.display())))?;
    let assets = site_assets(&html)?;
    Ok((html, assets))
}

/// Build every delivery; returns the site folder.
pub fn dist(env: &ToolEnv) -> Result<PathBuf> {
    status(trunk_fast(env, &["build", "--release", "--offline"]))?;
    let root = root();
    let dist = root.join("dist");
    let site = dist.join("site");
    let index = site.join("index.html");
    let (html, assets) = shipped(&site)?;

    // The offline file and the widget start from Trunk's page as written;
    // the offline file holds the app's program, not the first view's.
    let offline = dist.join("offline/kbwiz.html");
    let app_assets = SiteAssets {
        glue: format!("{APP}.js"),
        wasm: format!("{APP}_bg.wasm"),
        ..assets.clone()
    };
    crate::dist_offline::build(&site, &app_assets, &offline)?;
    // The widget's own build: the app with the JS API (`widget.html`),
    // built for speed (`trunk_fast`).
    let widget_build = root.join("target/trunk-widget");
    let widget_dist = widget_build.to_string_lossy().into_owned();
    status(trunk_fast(
        env,
        &[
            "build",
            "--release",
            "--offline",
            "--dist",
            &widget_dist,
            "widget.html",
        ],
    ))?;
    let (_, widget_assets) = shipped(&widget_build)?;
    let widget =
        crate::dist_widget::build(&root, &widget_build, &widget_assets, &dist.join("widget"))?;
    std::fs::write(&index, add_site_csp(&html)?)
        .map_err(|e| Error(format!("cannot write {}: {e}", index.display())))?;

    let mut widget_files = vec![widget.loader.clone()];
    widget_files.extend(widget.assets);
    let deliveries = vec![
        site_delivery(&dist, &site, &assets)?,
        Delivery {
            name: "offline",
            files: dist_size::measure(&dist, std::slice::from_ref(&offline))?,
            budgets: vec![
                Budget {
                    what: "the file",
                    measure: Measure::Gzip,
                    limit: OFFLINE_FILE,
                    files: vec!["offline/kbwiz.html".into()],
                    hard: true,
                },
                Budget {
                    what: "the file on disk",
                    measure: Measure::Raw,
                    limit: OFFLINE_FILE,
                    files: vec!["offline/kbwiz.html".into()],
                    hard: false,
                },
            ],
        },
        Delivery {
            name: "widget",
            files: dist_size::measure(&dist, &widget_files)?,
            budgets: vec![Budget {
                what: "loader (before the wasm)",
                measure: Measure::Gzip,
                limit: WIDGET_LOADER_GZIP,
                files: vec![format!("widget/{}", crate::dist_widget::LOADER)],
                hard: true,
            }],
        },
    ];
    print!("\n{}", dist_size::table(&deliveries));
    let report = dist.join("size-report.json");
    let json = serde_json::to_string_pretty(&dist_size::report_json(&deliveries))
        .map_err(|e| Error(format!("cannot serialise the size report: {e}")))?;
    std::fs::write(&report, json + "\n")
        .map_err(|e| Error(format!("cannot write {}: {e}", report.display())))?;
    println!("size report: {}", report.display());
    dist_size::check(&deliveries)?;
    Ok(site)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_view_is_the_page_and_what_it_links() {
        let assets = SiteAssets {
            glue: "app-1.js".into(),
            wasm: "app-1_bg.wasm".into(),
            css: vec!["a-2.css".into(), "b-3.css".into()],
            icon: Some("favicon-4.svg".into()),
        };
        assert_eq!(
            first_view(&assets),
            [
                "site/index.html",
                "site/app-1.js",
                "site/app-1_bg.wasm",
                "site/kbwiz-index.json",
                "site/a-2.css",
                "site/b-3.css",
                "site/favicon-4.svg"
            ]
        );
    }

    #[test]
    fn site_csp_hashes_the_one_inline_loader() {
        let html = "<head><meta charset=\"utf-8\"><script type=\"module\">go()</script><script src=\"x.js\"></script></head>";
        let out = add_site_csp(html).expect("csp");
        assert!(out.contains(&format!(
            "script-src 'self' {} 'wasm-unsafe-eval'",
            csp_hash("go()")
        )));
        assert!(!out.contains("{loader}"));
        assert!(add_site_csp("<head><meta charset=\"utf-8\"></head>").is_err());
    }
}
