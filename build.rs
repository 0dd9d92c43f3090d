//! Writes `$OUT_DIR/kbwiz-kb.json`, the KB data with the articles' texts
//! inside, for the browser component tests (`tests/common`), which have no
//! server to fetch it from. The app itself never includes it: pages load the
//! data that `cargo xtask kb-data` writes beside them.

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("kb");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut folders = Vec::new();
    let dirs = kbwiz_engine::kb::load::article_dirs(&root).expect("kb/ is readable");
    for dir in dirs {
        println!("cargo:rerun-if-changed={}", dir.display());
        let label = format!(
            "kb/{}",
            dir.file_name().unwrap_or_default().to_string_lossy()
        );
        let files = kbwiz_engine::kb::load::read_folder(&dir).expect("kb/ is readable");
        for (name, _) in &files {
            println!("cargo:rerun-if-changed={}", dir.join(name).display());
        }
        folders.push((label, files));
    }
    let (data, _) =
        kbwiz_engine::kb::bundle::write(&folders, kbwiz_engine::kb::bundle::TextPlacement::Inline)
            .unwrap_or_else(|e| panic!("the KB is invalid:\n{e}"));
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("kbwiz-kb.json"), data).expect("write kbwiz-kb.json");
}
