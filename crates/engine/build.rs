//! Embeds the articles under the repository's `kb/` folder into the engine:
//! writes `$OUT_DIR/embedded_kb.rs` with one `include_str!` per file, so adding
//! a folder under `kb/` adds an article with no Rust change.

use std::fmt::Write as _;

// The engine's own renderer, so the HTML embedded here is exactly what
// `Article::html()` would produce at run time.
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
                // What the browser reads, and only that (see `browser_copy`).
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                let _ = writeln!(
                    code,
                    "        ({file_name:?}, {:?}),",
                    browser_copy(&file_name, &text)
                );
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
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_kb.rs");
    std::fs::write(&out, code).expect("write embedded_kb.rs");
}

/// A file as the browser build embeds it. The browser never reads an
/// article's Markdown (it shows the HTML rendered here) nor any white space
/// between JSON tokens, so the wasm carries neither: Markdown files are
/// embedded empty and JSON files without the white space between tokens.
/// Native builds embed every file as written (the CLI, the validator and the
/// tests read them).
fn browser_copy(file_name: &str, text: &str) -> String {
    if file_name.ends_with(".json") {
        compact_json(text)
    } else {
        String::new()
    }
}

/// `text` without white space outside JSON strings (strings are copied as
/// they are, escapes included). Malformed JSON stays malformed: the native
/// `kb_embedded` tests reject it before anything ships.
fn compact_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{feff}') {
            out.push(c);
        }
    }
    out
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
