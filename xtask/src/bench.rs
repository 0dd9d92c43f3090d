//! `cargo xtask bench [native] [browser] [--no-build]`: the benchmarks behind
//! the performance targets (`docs/performance.md`).
//!
//! - `native`: the engine's criterion benchmarks (`bench_criterion.rs`).
//! - `browser`: builds the deliveries (`dist::dist`) and the empty yew page
//!   (`tests/bench/empty-yew`, the time-to-interactive baseline, built by
//!   Trunk exactly as the app is), then runs `tests/bench/run.mjs` in headless
//!   Chromium: the engine through the widget's JS API against a JavaScript
//!   reference in one page, the simulator, and time to interactive.
//!   `--no-build` reuses `dist/` and the empty page from an earlier run.
//!
//! Both by default. Prints one table (`bench_report.rs`) and one
//! `BENCH_JSON {...}` line, also written to `<target>/bench/report.json`.
//! Not part of `cargo xtask test`: benchmarks are not timed tests (the e2e
//! test `tests/e2e/bench.test.mjs` checks that the page and reference work).

use crate::bench_criterion::{self, Estimate};
use crate::bench_report::{self, JSON_PREFIX};
use crate::run::{cmd, root, status, target_dir, trunk, Error, Result};
use crate::tools::{self, ToolEnv};
use serde_json::Value;
use std::path::Path;

/// Usage of the command, for main's usage line.
pub const USAGE: &str = "bench [native] [browser] [--no-build]";

/// Build the empty yew page into `out` with Trunk, as the app is built.
fn build_empty_yew(env: &ToolEnv, out: &Path) -> Result<()> {
    let out = out.to_string_lossy();
    let mut c = trunk(env, &["build", "--release", "--offline", "--dist", &out]);
    // Its own workspace, but the repository's target folder (shared crates
    // build once, and nothing lands in the source tree).
    c.current_dir(root().join("tests/bench/empty-yew"))
        .env("CARGO_TARGET_DIR", target_dir());
    status(c)
}

/// Build what the browser benchmark loads (unless `no_build`), run it, and
/// return its figures.
fn browser(env: &ToolEnv, bench_dir: &Path, no_build: bool) -> Result<Value> {
    let empty = bench_dir.join("empty-yew");
    if !no_build {
        crate::dist::dist(env)?;
        build_empty_yew(env, &empty)?;
    }
    let out = bench_dir.join("browser.json");
    let _ = std::fs::remove_file(&out);
    let mut c = cmd(
        env,
        "node",
        &[
            "tests/bench/run.mjs",
            "--dist",
            &root().join("dist").to_string_lossy(),
            "--empty",
            &empty.to_string_lossy(),
            "--out",
            &out.to_string_lossy(),
        ],
    );
    c.env("CHROMIUM", "/usr/bin/chromium");
    status(c)?;
    let text = std::fs::read_to_string(&out)
        .map_err(|e| Error(format!("cannot read {}: {e}", out.display())))?;
    serde_json::from_str(&text).map_err(|e| Error(format!("{}: {e}", out.display())))
}

/// `cargo xtask bench ARGS`.
pub fn bench(args: &[String]) -> Result<()> {
    let mut native = false;
    let mut in_browser = false;
    let mut no_build = false;
    for a in args {
        match a.as_str() {
            "native" => native = true,
            "browser" => in_browser = true,
            "--no-build" => no_build = true,
            other => {
                return Err(Error(format!(
                    "unknown argument {other}; usage: cargo xtask {USAGE}"
                )))
            }
        }
    }
    if !native && !in_browser {
        (native, in_browser) = (true, true);
    }
    let env = if in_browser {
        tools::ensure_test()?
    } else {
        tools::plain()
    };
    let bench_dir = target_dir().join("bench");
    std::fs::create_dir_all(&bench_dir)
        .map_err(|e| Error(format!("cannot create {}: {e}", bench_dir.display())))?;

    let estimates: Vec<Estimate> = if native {
        println!("\n==> bench: criterion (cargo bench -p kbwiz-engine)");
        bench_criterion::run(&env, &target_dir().join("criterion"))?
    } else {
        Vec::new()
    };
    let browser = if in_browser {
        println!("\n==> bench: browser (headless Chromium)");
        browser(&env, &bench_dir, no_build)?
    } else {
        Value::Null
    };

    let mut rows = bench_report::target_rows(&browser);
    rows.extend(bench_report::browser_rows(&browser));
    rows.extend(bench_report::criterion_rows(&estimates));
    println!("\n==> bench: results\n\n{}", bench_report::table(&rows));
    let report = bench_report::report_json(&rows, &estimates, &browser);
    println!("{JSON_PREFIX}{report}");
    let path = bench_dir.join("report.json");
    std::fs::write(&path, format!("{report}\n"))
        .map_err(|e| Error(format!("cannot write {}: {e}", path.display())))?;
    println!("report: {}", path.display());
    Ok(())
}
