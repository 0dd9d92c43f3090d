//! The importer's own wasm module (`crates/import-web`): `kbwiz-import.js`
//! and `kbwiz-import_bg.wasm`, written beside the site by
//! `cargo xtask import-module`, which Trunk runs before each build
//! (`Trunk.toml`), so the site and `cargo xtask serve` both have it. The
//! site's "Import an article" page loads it when first opened; the first
//! view never does.
//!
//! The page adds one module script, `kbwiz-import-loader.js`
//! (`assets/`, copied beside the module), which starts the module and sets
//! `window.kbwizImport` to a promise of its function: no dynamic `import()`
//! in the app (that would need an inline snippet) and nothing rewritten in
//! wasm-bindgen's output. The offline file and the widget do not carry it:
//! their Import page says to use the site or `kbwiz kb import`.

use crate::run::{root, status, target_dir, Error, Result};
use std::path::Path;
use std::process::Command;

/// The page's loader for the module, from `assets/`.
pub const LOADER: &str = "kbwiz-import-loader.js";
/// The files' stem: `kbwiz-import.js`, `kbwiz-import_bg.wasm`.
pub const NAME: &str = "kbwiz-import";

/// Build the module into `out`; `release` for the shipped builds (size
/// optimised, then wasm-opt), else a quick debug build for `trunk serve`.
pub fn build(out: &Path, release: bool) -> Result<()> {
    let mut cargo = Command::new("cargo");
    cargo
        .args([
            "build",
            "--quiet",
            "--target",
            "wasm32-unknown-unknown",
            "--package",
            "kbwiz-import-web",
        ])
        .current_dir(root());
    if release {
        cargo
            .arg("--release")
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z");
    }
    status(cargo)?;
    let profile = if release { "release" } else { "debug" };
    let wasm = target_dir().join(format!(
        "wasm32-unknown-unknown/{profile}/kbwiz_import_web.wasm"
    ));
    let out_dir = out.to_string_lossy();
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen.args([
        "--target",
        "web",
        "--no-typescript",
        "--out-name",
        NAME,
        "--out-dir",
        &out_dir,
        &wasm.to_string_lossy(),
    ]);
    status(bindgen)?;
    let loader = out.join(LOADER);
    std::fs::copy(root().join("assets").join(LOADER), &loader)
        .map_err(|e| Error(format!("cannot write {}: {e}", loader.display())))?;
    if release {
        let file = out.join(format!("{NAME}_bg.wasm"));
        let file = file.to_string_lossy();
        let mut opt = Command::new("wasm-opt");
        opt.args([
            "-Oz",
            // Built with SIMD when the site's build asks for it (`trunk_fast`).
            "--enable-simd",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            &file,
            "-o",
            &file,
        ]);
        status(opt)?;
    }
    Ok(())
}

/// `cargo xtask import-module [DIR]`: into DIR, else Trunk's staging folder
/// (release unless Trunk says it builds for debug).
pub fn command(args: &[String]) -> Result<()> {
    let out = match args.first() {
        Some(dir) => dir.clone(),
        None => std::env::var("TRUNK_STAGING_DIR").map_err(|_| {
            Error(
                "usage: cargo xtask import-module DIR (or run by Trunk, which sets TRUNK_STAGING_DIR)"
                    .into(),
            )
        })?,
    };
    // Only the site's page has the Import page's module beside it: the
    // widget's build (`widget.html`) skips it.
    if std::env::var("TRUNK_HTML_FILE").is_ok_and(|f| !f.ends_with("index.html")) {
        println!("import-module: not for this page");
        return Ok(());
    }
    let release = std::env::var("TRUNK_PROFILE").map_or(true, |p| p == "release");
    build(Path::new(&out), release)?;
    println!("import-module: {LOADER}, {NAME}.js and {NAME}_bg.wasm into {out}");
    Ok(())
}
