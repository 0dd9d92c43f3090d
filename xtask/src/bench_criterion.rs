//! The native half of `cargo xtask bench`: run the engine's criterion
//! benchmarks (`cargo bench -p kbwiz-engine`: parse, diagnose, sim) and read
//! their results from criterion's own files (`<criterion>/**/new/benchmark.json`
//! and `estimates.json`), not from its printed output.

use crate::run::{cmd, status, Error, Result};
use crate::tools::ToolEnv;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One benchmark's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// Criterion's id: `group/function` or the function name.
    pub id: String,
    /// Mean time of one iteration, nanoseconds, with its 95% interval.
    pub mean_ns: f64,
    pub mean_low_ns: f64,
    pub mean_high_ns: f64,
    pub median_ns: f64,
    /// Bytes per iteration, when the benchmark declares a byte throughput.
    pub bytes: Option<u64>,
}

impl Estimate {
    /// Throughput in MiB/s, for benchmarks with a byte throughput.
    pub fn mib_per_s(&self) -> Option<f64> {
        self.bytes
            .map(|b| b as f64 / (1024.0 * 1024.0) / (self.mean_ns / 1e9))
    }

    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "id": self.id,
            "mean_ns": self.mean_ns,
            "mean_low_ns": self.mean_low_ns,
            "mean_high_ns": self.mean_high_ns,
            "median_ns": self.median_ns,
            "bytes": self.bytes,
            "mib_per_s": self.mib_per_s(),
        })
    }
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| Error(format!("{}: {e}", path.display())))
}

fn number(v: &Value, path: &[&str], file: &Path) -> Result<f64> {
    path.iter()
        .try_fold(v, |v, key| v.get(key))
        .and_then(Value::as_f64)
        .ok_or_else(|| {
            Error(format!(
                "{}: no number at {}",
                file.display(),
                path.join(".")
            ))
        })
}

/// One result from criterion's `benchmark.json` and `estimates.json` texts.
pub fn parse_estimate(benchmark: &Value, estimates: &Value, file: &Path) -> Result<Estimate> {
    let id = benchmark
        .get("full_id")
        .and_then(Value::as_str)
        .ok_or_else(|| Error(format!("{}: no full_id", file.display())))?
        .to_string();
    let bytes = benchmark
        .get("throughput")
        .and_then(|t| t.get("Bytes"))
        .and_then(Value::as_u64);
    Ok(Estimate {
        id,
        mean_ns: number(estimates, &["mean", "point_estimate"], file)?,
        mean_low_ns: number(
            estimates,
            &["mean", "confidence_interval", "lower_bound"],
            file,
        )?,
        mean_high_ns: number(
            estimates,
            &["mean", "confidence_interval", "upper_bound"],
            file,
        )?,
        median_ns: number(estimates, &["median", "point_estimate"], file)?,
        bytes,
    })
}

/// Every `new/` folder under `dir` holding both result files.
fn result_dirs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|n| n == "new")
            && path.join("estimates.json").is_file()
            && path.join("benchmark.json").is_file()
        {
            out.push(path);
        } else {
            result_dirs(&path, out);
        }
    }
}

/// The results under `criterion` written at or after `since` (this run's),
/// sorted by id.
pub fn collect(criterion: &Path, since: SystemTime) -> Result<Vec<Estimate>> {
    let mut dirs = Vec::new();
    result_dirs(criterion, &mut dirs);
    let mut out = Vec::new();
    for dir in dirs {
        let estimates = dir.join("estimates.json");
        let fresh = std::fs::metadata(&estimates)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= since);
        if fresh {
            out.push(parse_estimate(
                &read_json(&dir.join("benchmark.json"))?,
                &read_json(&estimates)?,
                &estimates,
            )?);
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Run the engine's benchmarks, writing criterion's files under `criterion`,
/// and return this run's results.
pub fn run(env: &ToolEnv, criterion: &Path) -> Result<Vec<Estimate>> {
    // Criterion's file times have a coarse resolution on some file systems:
    // step back a second so that nothing written by this run is missed.
    let since = SystemTime::now() - std::time::Duration::from_secs(1);
    let mut c = cmd(env, "cargo", &["bench", "-p", "kbwiz-engine"]);
    c.env("CRITERION_HOME", criterion);
    status(c)?;
    let found = collect(criterion, since)?;
    if found.is_empty() {
        return Err(Error(format!(
            "cargo bench wrote no results under {}",
            criterion.display()
        )));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_criterion_files() {
        let benchmark = serde_json::json!({
            "group_id": "parse", "function_id": "distmgr_100mb_statmsg", "value_str": null,
            "throughput": {"Bytes": 104857600}, "full_id": "parse/distmgr_100mb_statmsg",
            "directory_name": "parse/distmgr_100mb_statmsg", "title": "parse/distmgr_100mb_statmsg"
        });
        let estimates = serde_json::json!({
            "mean": {"confidence_interval": {"confidence_level": 0.95, "lower_bound": 190e6, "upper_bound": 210e6},
                     "point_estimate": 200e6, "standard_error": 1e6},
            "median": {"confidence_interval": {"confidence_level": 0.95, "lower_bound": 195e6, "upper_bound": 199e6},
                       "point_estimate": 198e6, "standard_error": 1e6},
            "slope": null
        });
        let e = parse_estimate(&benchmark, &estimates, Path::new("x")).expect("parses");
        assert_eq!(
            e,
            Estimate {
                id: "parse/distmgr_100mb_statmsg".into(),
                mean_ns: 200e6,
                mean_low_ns: 190e6,
                mean_high_ns: 210e6,
                median_ns: 198e6,
                bytes: Some(104_857_600),
            }
        );
        assert_eq!(e.mib_per_s(), Some(500.0));
    }

    #[test]
    fn refuses_files_without_estimates() {
        let benchmark = serde_json::json!({"full_id": "sim", "throughput": null});
        let err = parse_estimate(&benchmark, &serde_json::json!({}), Path::new("e.json"))
            .expect_err("no mean");
        assert_eq!(err.0, "e.json: no number at mean.point_estimate");
    }
}
