//! Embeds the articles under the repository's `kb/` folder into the engine:
//! writes `$OUT_DIR/embedded_kb.rs` with one `include_str!` per file, so adding
//! a folder under `kb/` adds an article with no Rust change, and
//! `$OUT_DIR/baked_kb.rs`, the code that builds each article for the browser
//! (`src/kb/bake.rs`).

use std::fmt::Write as _;

// The engine's own renderer, so the HTML embedded here is exactly what
// `Article::html()` would produce at run time.
#[path = "src/kb/bake.rs"]
mod bake;
#[allow(dead_code)]
#[path = "src/kb/markdown.rs"]
mod markdown;
use std::path::{Path, PathBuf};

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.join("../../kb");
    println!("cargo:rerun-if-changed={}", root.display());
    let browser = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let mut code = String::from(
        "/// `(article folder, [(file name, contents)])`, sorted by folder and file.\n\
         pub(crate) static ARTICLES: &[(&str, &[(&str, &str)])] = &[\n",
    );
    for dir in sorted_entries(&root).into_iter().filter(|p| p.is_dir()) {
        println!("cargo:rerun-if-changed={}", dir.display());
        let name = file_name(&dir);
        let _ = writeln!(code, "    ({name:?}, &[");
        for file in sorted_entries(&dir).into_iter().filter(|p| p.is_file()) {
            let file_name = file_name(&file);
            if file_name.starts_with('.') {
                continue;
            }
            if !(file_name.ends_with(".json") || file_name.ends_with(".md")) {
                println!(
                    "cargo:warning=kb: ignoring {} (only .json and .md are embedded)",
                    file.display()
                );
                continue;
            }
            println!("cargo:rerun-if-changed={}", file.display());
            if browser {
                // The browser reads no file: its articles are built by the
                // code in `baked_kb.rs` and their HTML rendered below. Only
                // the names stay (an article is a folder with its files).
                let _ = writeln!(code, "        ({file_name:?}, \"\"),");
                continue;
            }
            let abs = file.canonicalize().unwrap_or(file.clone());
            let _ = writeln!(
                code,
                "        ({file_name:?}, include_str!({:?})),",
                abs.display().to_string()
            );
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    // Each article's Markdown rendered now, so the browser build needs no
    // Markdown parser: `(article folder, article.md, rendered HTML)`.
    code.push_str("/// `(article folder, article.md, its HTML)`, rendered at build time.\n");
    code.push_str("pub(crate) static HTML: &[(&str, &str, &str)] = &[\n");
    for dir in sorted_entries(&root).into_iter().filter(|p| p.is_dir()) {
        let md_path = dir.join("article.md");
        if let Ok(md) = std::fs::read_to_string(&md_path) {
            let md = md.strip_prefix('\u{feff}').unwrap_or(&md).to_string();
            let html = markdown::to_html(&md);
            // The key is the Markdown as embedded above: none in the browser.
            let key = if browser { "" } else { md.as_str() };
            let _ = writeln!(code, "    ({:?}, {:?}, {:?}),", file_name(&dir), key, html);
        }
    }
    code.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("embedded_kb.rs"), code).expect("write embedded_kb.rs");
    std::fs::write(out_dir.join("baked_kb.rs"), baked(&root)).expect("write baked_kb.rs");
}

/// `src/kb/baked.rs`'s `article` function: one arm per article folder.
fn baked(root: &Path) -> String {
    let mut code = String::from(
        "pub(crate) fn article(folder: &str, dir: &str) -> Option<Article> {\n    match folder {\n",
    );
    for dir in sorted_entries(root).into_iter().filter(|p| p.is_dir()) {
        let files: Vec<(String, String)> = sorted_entries(&dir)
            .into_iter()
            .filter(|p| p.is_file())
            .map(|p| {
                (
                    file_name(&p),
                    std::fs::read_to_string(&p).unwrap_or_default(),
                )
            })
            .collect();
        code.push_str(&bake::article_arm(&file_name(&dir), &files));
    }
    code.push_str("        _ => None,\n    }\n}\n");
    code
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
