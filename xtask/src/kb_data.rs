//! The KB data file the browser reads (`kbwiz-kb.json`), the articles'
//! texts beside it (`kbwiz-prose/<ID>-<hash>.html`) and the start page's
//! index (`kbwiz-index.json`), written from the
//! repository's `kb/` folder by the engine's own writer
//! (`kbwiz_engine::kb::bundle`), which validates every article first.
//!
//! Trunk runs `cargo xtask kb-data` before each build (`Trunk.toml`), into
//! its staging folder, so the site, `cargo xtask serve` and a change under
//! `kb/` while serving all get the data; the offline file inlines the same
//! data with the texts inside (`inline`).

use crate::run::{root, Error, Result};
use kbwiz_engine::kb::bundle::{self, TextPlacement};
use kbwiz_engine::kb::catalog;
use kbwiz_engine::kb::load::{article_dirs, read_folder, Folder};
use kbwiz_engine::kb::Kb;
use std::path::Path;

/// The data file's name, as the page's `<link id="kbwiz-kb">` has it.
pub const DATA_FILE: &str = "kbwiz-kb.json";
/// The folder of article texts beside it.
pub const TEXT_FOLDER: &str = "kbwiz-prose";
/// The start page's index (`kbwiz_engine::kb::catalog::Index`), which the
/// site's first view paints from, as the page's `<link id="kbwiz-index">`
/// has it.
pub const INDEX_FILE: &str = "kbwiz-index.json";

/// Every article folder under `kb/`, labelled as the CLI labels them.
fn folders() -> Result<Vec<Folder>> {
    let kb = root().join("kb");
    let dirs = article_dirs(&kb).map_err(|e| Error(e.to_string()))?;
    dirs.iter()
        .map(|dir| {
            let label = format!(
                "kb/{}",
                dir.file_name().unwrap_or_default().to_string_lossy()
            );
            read_folder(dir)
                .map(|files| (label, files))
                .map_err(|e| Error(e.to_string()))
        })
        .collect()
}

/// Write the data file and the texts beside it into `out`; returns how
/// many articles it holds.
pub fn write_beside(out: &Path) -> Result<usize> {
    let folders = folders()?;
    let (data, texts) = bundle::write(&folders, TextPlacement::Beside(TEXT_FOLDER))
        .map_err(|e| Error(format!("the KB is invalid:\n{e}")))?;
    let text_dir = out.join(TEXT_FOLDER);
    if text_dir.exists() {
        std::fs::remove_dir_all(&text_dir)
            .map_err(|e| Error(format!("cannot empty {}: {e}", text_dir.display())))?;
    }
    std::fs::create_dir_all(&text_dir)
        .map_err(|e| Error(format!("cannot create {}: {e}", text_dir.display())))?;
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text)
            .map_err(|e| Error(format!("cannot write {}: {e}", path.display())))
    };
    write(&out.join(DATA_FILE), &data)?;
    let kb = Kb::from_bundle(&data)
        .map_err(|e| Error(format!("the KB data does not read back: {e}")))?;
    let index = serde_json::to_string(&catalog::index(&kb))
        .map_err(|e| Error(format!("cannot write the index: {e}")))?;
    write(&out.join(INDEX_FILE), &index)?;
    for (name, html) in &texts {
        write(&out.join(name), html)?;
    }
    Ok(folders.len())
}

/// The data with every article's text inside, for the offline file.
pub fn inline() -> Result<String> {
    bundle::write(&folders()?, TextPlacement::Inline)
        .map(|(data, _)| data)
        .map_err(|e| Error(format!("the KB is invalid:\n{e}")))
}

/// `cargo xtask kb-data [DIR]`: into DIR, else Trunk's staging folder.
pub fn command(args: &[String]) -> Result<()> {
    let out = match args.first() {
        Some(dir) => dir.clone(),
        None => std::env::var("TRUNK_STAGING_DIR").map_err(|_| {
            Error(
                "usage: cargo xtask kb-data DIR (or run by Trunk, which sets TRUNK_STAGING_DIR)"
                    .into(),
            )
        })?,
    };
    let n = write_beside(Path::new(&out))?;
    println!("kb-data: {n} article(s) into {out}");
    Ok(())
}
