//! Reading the scenario folders under `tests/data/scenarios/` and
//! diagnosing them with the built-in KB: shared by the article tests.
#![allow(dead_code)] // each test file uses its own subset

use kbwiz_engine::api::{self, DiagnoseReport};
use kbwiz_engine::kb::Kb;
use std::path::Path;

/// Every file of the scenario folders `dirs`, named `dir/file`, in order.
pub fn inputs(dirs: &[&str]) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/scenarios"
    ));
    let mut out = Vec::new();
    for dir in dirs {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for p in files {
            let name = format!(
                "{dir}/{}",
                p.file_name().and_then(|n| n.to_str()).unwrap_or("?")
            );
            out.push((name, std::fs::read(&p).unwrap_or_else(|e| panic!("{e}"))));
        }
    }
    out
}

/// The triage of the scenario folders `dirs` by the built-in KB.
pub fn diagnose(dirs: &[&str]) -> DiagnoseReport {
    let files = inputs(dirs);
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    api::diagnose(&refs, Kb::embedded())
}
