//! `cargo xtask cli`: the `kbwiz` command-line tool built with profile-guided
//! optimisation (PGO), into `<target>/pgo/kbwiz`.
//!
//! Why: the log readers are long chains of small, well-predicted branches
//! (memo hits, the fast path of the STATMSG reader), and the compiler lays
//! them out better when it knows which way they go. On the 100 MiB
//! benchmark log `kbwiz scan` took 15% less time built this way than
//! `cargo build --release` (57.6 against 68.2 ms, `hyperfine`, same run).
//!
//! How, in four steps, each a plain cargo or LLVM command:
//! 1. build `kbwiz` with `-Cprofile-generate` (counters in every branch);
//! 2. run it over what it is for: every file under `tests/data/` through
//!    `scan`, `diagnose` and their `--json` forms, the simulator, and 32 MiB
//!    of the benchmarks' generated distmgr.log ([`kbwiz_engine::sample`]);
//! 3. merge the counts with `llvm-profdata` (rustup's `llvm-tools`
//!    component, installed when missing);
//! 4. build again with `-Cprofile-use`, and check that the optimised tool
//!    prints byte for byte what the counting build printed on every run of
//!    step 2 (same source, so any difference is a miscompile).
//!
//! Both builds pass `--target` with the host's triple, so the flags reach
//! `kbwiz` and its dependencies but not build scripts. The merged profile's
//! name carries a hash of its content: the flags change exactly when the
//! profile does, and cargo rebuilds exactly then.

use crate::run::{cmd, output, root, status, target_dir, Error, Result};
use crate::tools::{self, ToolEnv};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// How much of the generated log the training runs read.
const TRAINING_LOG_BYTES: usize = 32 * 1024 * 1024;

/// `cargo xtask cli`: build, train, rebuild, check; the path of the tool.
pub fn cli(env: &ToolEnv) -> Result<PathBuf> {
    let host = host_triple(env)?;
    let profdata = tools::ensure_llvm_profdata(env, &host)?;
    let pgo = target_dir().join("pgo");
    let counts = pgo.join("counts");
    // Old counts would be merged with the new ones.
    let _ = std::fs::remove_dir_all(&counts);
    make_dir(&counts)?;

    println!("cli: 1/4 building kbwiz with counters");
    let flag = format!("-Cprofile-generate={}", counts.display());
    let counting = build(env, &host, &pgo.join("counting"), &flag)?;

    println!("cli: 2/4 training on tests/data and the generated log");
    let runs = training_runs(&pgo)?;
    let expected: Vec<Vec<u8>> = runs
        .iter()
        .map(|args| run_tool(&counting, args))
        .collect::<Result<_>>()?;

    println!("cli: 3/4 merging the counts");
    let raw: Vec<PathBuf> = std::fs::read_dir(&counts)
        .map_err(|e| Error(format!("cannot list {}: {e}", counts.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "profraw"))
        .collect();
    if raw.is_empty() {
        return Err(Error(format!(
            "the training runs left no counts in {}",
            counts.display()
        )));
    }
    let merged = pgo.join("merged.profdata");
    let mut c = cmd(env, &profdata.to_string_lossy(), &["merge", "-o"]);
    c.arg(&merged).args(&raw);
    status(c)?;
    let bytes = std::fs::read(&merged)
        .map_err(|e| Error(format!("cannot read {}: {e}", merged.display())))?;
    let hash = Sha256::digest(&bytes);
    let named = pgo.join(format!("kbwiz-{:x}.profdata", hash));
    std::fs::rename(&merged, &named)
        .map_err(|e| Error(format!("cannot rename {}: {e}", merged.display())))?;

    println!("cli: 4/4 building kbwiz with the profile, and checking it");
    let flag = format!("-Cprofile-use={}", named.display());
    let optimised = build(env, &host, &pgo.join("optimised"), &flag)?;
    for (args, want) in runs.iter().zip(&expected) {
        if run_tool(&optimised, args)? != *want {
            return Err(Error(format!(
                "the profile-guided kbwiz printed otherwise than the counting build for `kbwiz {}`",
                args.join(" ")
            )));
        }
    }
    let out = pgo.join("kbwiz");
    std::fs::copy(&optimised, &out)
        .map_err(|e| Error(format!("cannot copy to {}: {e}", out.display())))?;
    println!(
        "cli: {} runs print the same; the tool is {}",
        runs.len(),
        out.display()
    );
    Ok(out)
}

/// The host's target triple, from `rustc -vV`.
fn host_triple(env: &ToolEnv) -> Result<String> {
    output(cmd(env, "rustc", &["-vV"]))
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        })
        .ok_or_else(|| Error("cannot read the host triple from `rustc -vV`".into()))
}

fn make_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error(format!("cannot create {}: {e}", dir.display())))
}

/// `cargo build --release -p kbwiz` for `host` into `dir` with one extra
/// compiler flag; the built binary's path.
fn build(env: &ToolEnv, host: &str, dir: &Path, flag: &str) -> Result<PathBuf> {
    let dir_text = dir.to_string_lossy();
    let mut c = cmd(
        env,
        "cargo",
        &[
            "build",
            "--release",
            "--locked",
            "-p",
            "kbwiz",
            "--target",
            host,
            "--target-dir",
            &dir_text,
        ],
    );
    // Cargo prefers the encoded form to RUSTFLAGS, so a RUSTFLAGS set in
    // the shell cannot drop the flag.
    c.env("CARGO_ENCODED_RUSTFLAGS", flag);
    status(c)?;
    Ok(dir.join(host).join("release").join("kbwiz"))
}

/// The argument lists of the training runs; writes the generated log.
fn training_runs(pgo: &Path) -> Result<Vec<Vec<String>>> {
    let mut files = Vec::new();
    collect_files(&root().join("tests/data"), &mut files)?;
    files.sort();
    let log = pgo.join("distmgr-training.log");
    std::fs::write(&log, kbwiz_engine::sample::distmgr_log(TRAINING_LOG_BYTES))
        .map_err(|e| Error(format!("cannot write {}: {e}", log.display())))?;
    files.push(log);
    let mut runs = Vec::new();
    for file in &files {
        let file = file.to_string_lossy().into_owned();
        for command in [
            &["scan"][..],
            &["scan", "--json"],
            &["diagnose"],
            &["diagnose", "--json"],
        ] {
            let mut args: Vec<String> = command.iter().map(|s| s.to_string()).collect();
            args.push(file.clone());
            runs.push(args);
        }
    }
    for json in [false, true] {
        let mut args: Vec<String> = [
            "simulate",
            "--sites",
            "40",
            "--failing",
            "3",
            "--hours",
            "48",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if json {
            args.push("--json".into());
        }
        runs.push(args);
    }
    Ok(runs)
}

/// Every file below `dir`.
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Error(format!("cannot list {}: {e}", dir.display())))?;
    for entry in entries {
        let path = entry
            .map_err(|e| Error(format!("cannot list {}: {e}", dir.display())))?
            .path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// What `tool args` prints, with its exit code: the training's record and
/// the check's.
fn run_tool(tool: &Path, args: &[String]) -> Result<Vec<u8>> {
    let out = std::process::Command::new(tool)
        .args(args)
        .current_dir(root())
        .output()
        .map_err(|e| Error(format!("cannot run {}: {e}", tool.display())))?;
    let mut printed = out.stdout;
    printed.extend_from_slice(&out.stderr);
    printed.extend_from_slice(format!("\nexit {:?}", out.status.code()).as_bytes());
    Ok(printed)
}
