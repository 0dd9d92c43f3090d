//! `cargo xtask test`: every check CI runs, in order, stopping at the first
//! failure, with one summary line per stage and a closing count.

use crate::run::{cmd, status, Result};
use crate::tools::{self, ToolEnv};
use std::time::Instant;

/// One stage: a name for the summary and the work.
struct Stage {
    /// Short key for `cargo xtask test KEY...` (run only some stages).
    key: &'static str,
    name: &'static str,
    run: fn(&ToolEnv) -> Result<()>,
}

fn fmt(env: &ToolEnv) -> Result<()> {
    status(cmd(env, "cargo", &["fmt", "--all", "--check"]))
}

fn clippy(env: &ToolEnv) -> Result<()> {
    status(cmd(
        env,
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ))
}

fn native_tests(env: &ToolEnv) -> Result<()> {
    status(cmd(env, "cargo", &["test", "--workspace"]))
}

fn pgo_cli(env: &ToolEnv) -> Result<()> {
    crate::cli::cli(env).map(|_| ())
}

fn wasm_tests(env: &ToolEnv) -> Result<()> {
    let mut c = cmd(
        env,
        "cargo",
        &[
            "test",
            "-p",
            "kbwiz-web",
            "--target",
            "wasm32-unknown-unknown",
        ],
    );
    c.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    )
    .env("CHROMEDRIVER", "/usr/bin/chromedriver")
    .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    status(c)
}

fn release_build(env: &ToolEnv) -> Result<()> {
    crate::dist::dist(env).map(|_| ())
}

fn e2e(env: &ToolEnv) -> Result<()> {
    let mut c = cmd(
        env,
        "node",
        &["--test", "--test-concurrency=1", "tests/e2e/"],
    );
    c.env("CHROMIUM", "/usr/bin/chromium");
    status(c)
}

/// Seconds each fuzz target runs in CI: a smoke run that catches a crash on
/// the seeds or near them; the long run is `cargo xtask fuzz [SECONDS]`.
const FUZZ_SMOKE_SECONDS: u64 = 10;

fn fuzz_smoke(env: &ToolEnv) -> Result<()> {
    crate::fuzz::fuzz(env, FUZZ_SMOKE_SECONDS)
}

const STAGES: &[Stage] = &[
    Stage {
        key: "fmt",
        name: "fmt",
        run: fmt,
    },
    Stage {
        key: "clippy",
        name: "clippy",
        run: clippy,
    },
    Stage {
        key: "native",
        name: "native tests",
        run: native_tests,
    },
    Stage {
        key: "cli",
        name: "profile-guided CLI build (cargo xtask cli)",
        run: pgo_cli,
    },
    Stage {
        key: "wasm",
        name: "wasm tests (headless Chromium)",
        run: wasm_tests,
    },
    Stage {
        key: "build",
        name: "release build (trunk + wasm-opt, dist/)",
        run: release_build,
    },
    Stage {
        key: "e2e",
        name: "browser end-to-end tests",
        run: e2e,
    },
    Stage {
        key: "fuzz",
        name: "fuzz smoke",
        run: fuzz_smoke,
    },
];

/// Install what is missing, then run every stage (or only the stages whose
/// keys are given: a developer's shortcut; CI always runs them all).
pub fn test(only: &[String]) -> Result<()> {
    let started = Instant::now();
    let env = tools::ensure_test()?;
    println!("tools: {} installed this run", env.installed);
    let mut summary = Vec::new();
    let mut failed = None;
    let chosen = STAGES
        .iter()
        .filter(|s| only.is_empty() || only.iter().any(|k| k == s.key));
    for stage in chosen {
        println!("\n==> stage: {}", stage.name);
        let t = Instant::now();
        let result = (stage.run)(&env);
        let secs = t.elapsed().as_secs_f64();
        match result {
            Ok(()) => summary.push(format!("stage {}: passed in {secs:.1} s", stage.name)),
            Err(e) => {
                summary.push(format!("stage {}: FAILED in {secs:.1} s: {e}", stage.name));
                failed = Some(e);
                break;
            }
        }
    }
    println!("\n==> summary");
    for line in &summary {
        println!("{line}");
    }
    let passed = summary.len() - usize::from(failed.is_some());
    println!("total wall time {:.1} s", started.elapsed().as_secs_f64());
    println!(
        "stages: {passed} passed, {} failed",
        usize::from(failed.is_some())
    );
    match failed {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
