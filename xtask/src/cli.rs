//! `cargo xtask cli`: the `kbwiz` command-line tool built with profile-guided
//! optimisation (PGO), into `<target>/pgo/kbwiz`.
//!
//! Why: the log readers are long chains of small, well-predicted branches
//! (memo hits, the fast path of the STATMSG reader), and the compiler lays
//! them out better when it knows which way they go: `kbwiz scan` of a
//! large log takes about a sixth less time built this way than built by
//! `cargo build --release` (see `docs/performance.md`).
//!
//! How, in four steps, each a plain cargo or LLVM command:
//! 1. build `kbwiz` with `-Cprofile-generate` (counters in every branch);
//! 2. run it over what it is for: every file under `tests/data/` through
//!    `scan`, `diagnose` and their `--json` forms, the simulator, and 32 MiB
//!    of the benchmarks' generated distmgr.log ([`kbwiz_engine::sample`]);
//! 3. merge the counts with `llvm-profdata` (rustup's `llvm-tools`
//!    component, which the tool check installs when missing);
//! 4. build again with `-Cprofile-use`, and check that the optimised tool
//!    prints byte for byte what the counting build printed on every run of
//!    step 2 (same source, so any difference is a miscompile).
//!
//! Both builds pass `--target` with the host's triple, so the flags reach
//! `kbwiz` and its dependencies but not build scripts. The profile flag is
//! added after the flags in `CARGO_ENCODED_RUSTFLAGS` or `RUSTFLAGS`, if
//! either is set; as with any flags set in the environment, cargo then
//! leaves out flags from its config files. The merged profile's name
//! carries a hash of its content: the flags change exactly when the profile
//! does, and cargo rebuilds exactly then.

use crate::run::{cmd, root, status, target_dir, Error, Result};
use crate::tools::{self, ToolEnv};
use sha2::{Digest, Sha256};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// How much of the generated log the training runs read.
const TRAINING_LOG_BYTES: usize = 32 * 1024 * 1024;

/// One training run's arguments to `kbwiz`.
type Args = Vec<OsString>;

/// What a run printed: a digest of its output, error output and exit code
/// (the JSON of the generated log alone is tens of megabytes).
type Printed = [u8; 32];

/// `cargo xtask cli`: build, train, rebuild, check; the path of the tool.
/// Expects `llvm-profdata` ([`tools::ensure_llvm_tools`]).
pub fn cli(env: &ToolEnv) -> Result<PathBuf> {
    let host = tools::host_triple(env)?;
    let profdata = tools::llvm_profdata(env)?;
    if !profdata.is_file() {
        return Err(Error(format!(
            "{} is missing: `rustup component add llvm-tools` adds it",
            profdata.display()
        )));
    }
    let pgo = target_dir().join("pgo");
    let counts = pgo.join("counts");
    // Old counts would be merged with the new ones.
    let _ = std::fs::remove_dir_all(&counts);
    make_dir(&counts)?;

    println!("cli: 1/4 building kbwiz with counters");
    let counting = build(
        env,
        &host,
        &pgo.join("counting"),
        "-Cprofile-generate=",
        &counts,
    )?;

    println!("cli: 2/4 training on tests/data, the simulator and the generated log");
    let runs = training_runs(&pgo)?;
    // Each run's counts in a file of its own (`%p`, the process), named here
    // rather than left to the build's default: a LLVM_PROFILE_FILE set in
    // the shell (coverage tools set one) would send them elsewhere.
    let pattern = counts.join("kbwiz-%p.profraw");
    let expected: Vec<Printed> = runs
        .iter()
        .map(|args| run_tool(&counting, args, Some(&pattern)))
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
    let mut c = std::process::Command::new(&profdata);
    c.arg("merge").arg("-o").arg(&merged).args(&raw);
    status(c)?;
    let bytes = std::fs::read(&merged)
        .map_err(|e| Error(format!("cannot read {}: {e}", merged.display())))?;
    let name = format!("kbwiz-{:x}.profdata", Sha256::digest(&bytes));
    let named = pgo.join(&name);
    std::fs::rename(&merged, &named)
        .map_err(|e| Error(format!("cannot rename {}: {e}", merged.display())))?;
    remove_other_profiles(&pgo, &name);

    println!("cli: 4/4 building kbwiz with the profile, and checking it");
    let optimised = build(env, &host, &pgo.join("optimised"), "-Cprofile-use=", &named)?;
    for (args, want) in runs.iter().zip(&expected) {
        if run_tool(&optimised, args, None)? != *want {
            return Err(Error(format!(
                "the profile-guided kbwiz printed otherwise than the counting build for `kbwiz {}`",
                shown(args)
            )));
        }
    }
    let out = pgo.join(format!("kbwiz{}", std::env::consts::EXE_SUFFIX));
    std::fs::copy(&optimised, &out)
        .map_err(|e| Error(format!("cannot copy to {}: {e}", out.display())))?;
    println!(
        "cli: {} runs print the same; the tool is {}",
        runs.len(),
        out.display()
    );
    Ok(out)
}

fn make_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error(format!("cannot create {}: {e}", dir.display())))
}

/// Profiles of earlier runs, named by other hashes: they would pile up.
fn remove_other_profiles(pgo: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(pgo) else {
        return;
    };
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        let name = path.file_name().and_then(OsStr::to_str).unwrap_or("");
        if name.starts_with("kbwiz-") && name.ends_with(".profdata") && name != keep {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// `cargo build --release -p kbwiz` for `host` into `dir`, with the flag
/// `flag` followed by `path` added; the built binary's path.
fn build(env: &ToolEnv, host: &str, dir: &Path, flag: &str, path: &Path) -> Result<PathBuf> {
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
        ],
    );
    c.arg("--target-dir").arg(dir);
    // Cargo prefers the encoded form (flags split by 0x1F) to RUSTFLAGS.
    let mut flags = match std::env::var_os("CARGO_ENCODED_RUSTFLAGS") {
        Some(encoded) if !encoded.is_empty() => {
            let mut flags = encoded;
            flags.push("\x1f");
            flags
        }
        _ => std::env::var("RUSTFLAGS")
            .unwrap_or_default()
            .split_whitespace()
            .fold(OsString::new(), |mut flags, word| {
                flags.push(word);
                flags.push("\x1f");
                flags
            }),
    };
    flags.push(flag);
    flags.push(path);
    c.env("CARGO_ENCODED_RUSTFLAGS", flags);
    status(c)?;
    let exe = format!("kbwiz{}", std::env::consts::EXE_SUFFIX);
    Ok(dir.join(host).join("release").join(exe))
}

/// The argument lists of the training runs; writes the generated log.
fn training_runs(pgo: &Path) -> Result<Vec<Args>> {
    let mut files = crate::dist_size::files_under(&root().join("tests/data"))?;
    files.sort();
    let log = pgo.join("distmgr-training.log");
    std::fs::write(&log, kbwiz_engine::sample::distmgr_log(TRAINING_LOG_BYTES))
        .map_err(|e| Error(format!("cannot write {}: {e}", log.display())))?;
    files.push(log);
    let words = |words: &[&str]| -> Args { words.iter().map(OsString::from).collect() };
    let mut runs = Vec::new();
    for file in &files {
        for command in [
            &["scan"][..],
            &["scan", "--json"],
            &["diagnose"],
            &["diagnose", "--json"],
        ] {
            let mut args = words(command);
            args.push(file.clone().into_os_string());
            runs.push(args);
        }
    }
    let simulate = [
        "simulate",
        "--sites",
        "40",
        "--failing",
        "3",
        "--hours",
        "48",
    ];
    runs.push(words(&simulate));
    runs.push(words(&[&simulate[..], &["--json"]].concat()));
    Ok(runs)
}

/// Arguments as a person would read them, for messages.
fn shown(args: &[OsString]) -> String {
    args.iter()
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What `tool args` prints, with its exit code, as a digest: the
/// training's record and the check's. `counts`: where a counting build
/// writes its counts; `None` for the optimised build, which writes none.
fn run_tool(tool: &Path, args: &[OsString], counts: Option<&Path>) -> Result<Printed> {
    let mut c = std::process::Command::new(tool);
    c.args(args).current_dir(root());
    match counts {
        Some(pattern) => c.env("LLVM_PROFILE_FILE", pattern),
        None => c.env_remove("LLVM_PROFILE_FILE"),
    };
    let out = c
        .output()
        .map_err(|e| Error(format!("cannot run {}: {e}", tool.display())))?;
    // The profile runtime reports its own failures on standard error; they
    // are not what kbwiz printed.
    let stderr = String::from_utf8_lossy(&out.stderr);
    if let Some(line) = stderr.lines().find(|l| l.starts_with("LLVM Profile")) {
        return Err(Error(format!("`kbwiz {}`: {line}", shown(args))));
    }
    let mut digest = Sha256::new();
    digest.update(&out.stdout);
    digest.update(b"\n-- standard error --\n");
    digest.update(&out.stderr);
    digest.update(format!("\n-- exit {:?}", out.status.code()).as_bytes());
    Ok(digest.finalize().into())
}
