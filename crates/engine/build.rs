//! Embeds the articles under the repository's `kb/` folder into native
//! builds of the engine: writes `$OUT_DIR/embedded_kb.rs` with one
//! `include_str!` per file, so adding a folder under `kb/` adds an article
//! with no Rust change. The browser build embeds nothing: it reads the KB
//! data file that `cargo xtask` writes from the same folder (`kb::bundle`).

use std::fmt::Write as _;
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
        if browser {
            break;
        }
        println!("cargo:rerun-if-changed={}", dir.display());
        let _ = writeln!(code, "    ({:?}, &[", file_name(&dir));
        for file in sorted_entries(&dir).into_iter().filter(|p| p.is_file()) {
            let name = file_name(&file);
            if name.starts_with('.') {
                continue;
            }
            if !(name.ends_with(".json") || name.ends_with(".md")) {
                println!(
                    "cargo:warning=kb: ignoring {} (only .json and .md are embedded)",
                    file.display()
                );
                continue;
            }
            println!("cargo:rerun-if-changed={}", file.display());
            let abs = file.canonicalize().unwrap_or(file.clone());
            let _ = writeln!(
                code,
                "        ({name:?}, include_str!({:?})),",
                abs.display().to_string()
            );
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("embedded_kb.rs"), code).expect("write embedded_kb.rs");
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
