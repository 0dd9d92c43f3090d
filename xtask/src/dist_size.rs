//! The size report of `cargo xtask dist`: raw and gzip size of every file of
//! every delivery, checked against the budgets, printed as a table and written
//! to `dist/size-report.json`.
//!
//! Gzip is flate2 at level 9 (what a static host's precompression gives; a
//! host compressing on the fly at a lower level sends a little more).
//! KB here means 1000 bytes.

use crate::run::{Error, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What a budget limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Sum of the gzip sizes of the files counted.
    Gzip,
    /// Sum of the raw sizes.
    Raw,
}

/// One budget: a limit on some of a delivery's files.
#[derive(Debug, Clone)]
pub struct Budget {
    pub what: &'static str,
    pub measure: Measure,
    pub limit: u64,
    /// The files counted (paths relative to `dist/`).
    pub files: Vec<String>,
    /// A failed budget fails `cargo xtask dist` (else it is a warning).
    pub hard: bool,
}

/// One file's sizes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSize {
    /// Relative to `dist/`.
    pub path: String,
    pub raw: u64,
    pub gzip: u64,
}

/// A delivery: its files and budgets.
pub struct Delivery {
    pub name: &'static str,
    pub files: Vec<FileSize>,
    pub budgets: Vec<Budget>,
}

/// gzip size of `bytes` at level 9.
pub fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes)
        .and_then(|()| enc.finish())
        .map(|v| v.len() as u64)
        .map_err(|e| Error(format!("gzip failed: {e}")))
}

/// Measure `paths` (absolute), naming them relative to `dist`.
pub fn measure(dist: &Path, paths: &[PathBuf]) -> Result<Vec<FileSize>> {
    let mut out = Vec::new();
    for p in paths {
        let bytes =
            std::fs::read(p).map_err(|e| Error(format!("cannot read {}: {e}", p.display())))?;
        let path = p
            .strip_prefix(dist)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/");
        out.push(FileSize {
            path,
            raw: bytes.len() as u64,
            gzip: gzip_len(&bytes)?,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Every regular file under `dir` (recursively).
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let entries = std::fs::read_dir(&d)
            .map_err(|e| Error(format!("cannot list {}: {e}", d.display())))?;
        for entry in entries {
            let path = entry
                .map_err(|e| Error(format!("cannot list {}: {e}", d.display())))?
                .path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path);
            }
        }
    }
    Ok(out)
}

/// A budget's measured value.
pub fn measured(delivery: &Delivery, budget: &Budget) -> u64 {
    delivery
        .files
        .iter()
        .filter(|f| budget.files.contains(&f.path))
        .map(|f| match budget.measure {
            Measure::Gzip => f.gzip,
            Measure::Raw => f.raw,
        })
        .sum()
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// The printed table.
pub fn table(deliveries: &[Delivery]) -> String {
    let mut s = format!("{:<58} {:>12} {:>12}\n", "file", "raw", "gzip");
    for d in deliveries {
        for f in &d.files {
            s.push_str(&format!(
                "{:<58} {:>12} {:>12}\n",
                f.path,
                kb(f.raw),
                kb(f.gzip)
            ));
        }
        let raw: u64 = d.files.iter().map(|f| f.raw).sum();
        let gzip: u64 = d.files.iter().map(|f| f.gzip).sum();
        s.push_str(&format!(
            "{:<58} {:>12} {:>12}\n",
            format!("= {} (all files)", d.name),
            kb(raw),
            kb(gzip)
        ));
        for b in &d.budgets {
            let m = measured(d, b);
            let verdict = match (m < b.limit, b.hard) {
                (true, _) => "ok",
                (false, true) => "OVER BUDGET",
                (false, false) => "over (warning)",
            };
            let unit = match b.measure {
                Measure::Gzip => "gzip",
                Measure::Raw => "raw",
            };
            s.push_str(&format!(
                "  budget {}: {} {unit} < {}: {verdict}\n",
                b.what,
                kb(m),
                kb(b.limit)
            ));
        }
        s.push('\n');
    }
    s
}

/// The JSON report.
pub fn report_json(deliveries: &[Delivery]) -> serde_json::Value {
    use serde_json::json;
    let all_ok = deliveries.iter().all(|d| {
        d.budgets
            .iter()
            .all(|b| !b.hard || measured(d, b) < b.limit)
    });
    json!({
        "gzip": "flate2 level 9",
        "kb": 1000,
        "budgets_ok": all_ok,
        "deliveries": deliveries.iter().map(|d| json!({
            "name": d.name,
            "raw": d.files.iter().map(|f| f.raw).sum::<u64>(),
            "gzip": d.files.iter().map(|f| f.gzip).sum::<u64>(),
            "files": d.files.iter().map(|f| json!({"path": f.path, "raw": f.raw, "gzip": f.gzip})).collect::<Vec<_>>(),
            "budgets": d.budgets.iter().map(|b| {
                let m = measured(d, b);
                json!({
                    "what": b.what,
                    "measure": match b.measure { Measure::Gzip => "gzip", Measure::Raw => "raw" },
                    "limit": b.limit,
                    "measured": m,
                    "ok": m < b.limit,
                    "hard": b.hard,
                    "files": b.files,
                })
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// The hard budgets that failed, as one error.
pub fn check(deliveries: &[Delivery]) -> Result<()> {
    let failed: Vec<String> = deliveries
        .iter()
        .flat_map(|d| d.budgets.iter().map(move |b| (d, b)))
        .filter(|(d, b)| b.hard && measured(d, b) >= b.limit)
        .map(|(d, b)| {
            format!(
                "{} {} is {} (limit {})",
                d.name,
                b.what,
                kb(measured(d, b)),
                kb(b.limit)
            )
        })
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error(format!("over budget: {}", failed.join("; "))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(gzip: u64, limit: u64, hard: bool) -> Delivery {
        Delivery {
            name: "site",
            files: vec![
                FileSize {
                    path: "site/a".into(),
                    raw: 10,
                    gzip,
                },
                FileSize {
                    path: "site/b".into(),
                    raw: 5,
                    gzip: 1,
                },
            ],
            budgets: vec![Budget {
                what: "a",
                measure: Measure::Gzip,
                limit,
                files: vec!["site/a".into()],
                hard,
            }],
        }
    }

    #[test]
    fn gzip_shrinks_repetition() {
        let len = gzip_len(&[b'a'; 10_000]).expect("gzip");
        assert!(len > 18 && len < 100, "{len}");
    }

    #[test]
    fn budgets_count_only_their_files_and_fail_only_when_hard() {
        assert_eq!(
            measured(&delivery(7, 8, true), &delivery(7, 8, true).budgets[0]),
            7
        );
        assert!(check(&[delivery(7, 8, true)]).is_ok());
        assert!(check(&[delivery(8, 8, true)]).is_err());
        assert!(check(&[delivery(9, 8, false)]).is_ok());
        let json = report_json(&[delivery(9, 8, false)]);
        assert_eq!(json["budgets_ok"], true);
        assert_eq!(json["deliveries"][0]["gzip"], 10);
        assert_eq!(json["deliveries"][0]["budgets"][0]["ok"], false);
    }

    #[test]
    fn table_shows_totals_and_verdicts() {
        let t = table(&[delivery(9, 8, true)]);
        assert!(t.contains("= site (all files)"));
        assert!(
            t.contains("budget a: 0.0 KB gzip < 0.0 KB: OVER BUDGET"),
            "{t}"
        );
    }
}
