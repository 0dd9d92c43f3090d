//! `cargo xtask fuzz [SECONDS]`: every cargo-fuzz target under `fuzz/` for
//! SECONDS each (default 60), corpora seeded from `tests/data/`, from
//! `fuzz/seeds/<target>/` and, for `kb_load`, from the article's own files. Needs the
//! nightly toolchain (installed on these machines) and cargo-fuzz, which is
//! installed here when missing. A crash stops the run with the target's name;
//! libFuzzer leaves the input under `fuzz/artifacts/<target>/`.

use crate::run::{cmd, output, root, status, Error, Result};
use crate::tools::ToolEnv;
use std::path::Path;

/// Target names, in the order `fuzz/Cargo.toml` declares them.
fn targets(manifest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_bin = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_bin = line == "[[bin]]";
        } else if in_bin {
            if let Some(name) = line.strip_prefix("name = \"") {
                out.push(name.trim_end_matches('"').to_string());
            }
        }
    }
    out
}

/// Copy every test sample into each target's corpus (idempotent).
fn seed(fuzz: &Path, targets: &[String]) -> Result<()> {
    let io = |e: std::io::Error| Error(format!("seeding the fuzz corpora: {e}"));
    let mut samples = Vec::new();
    for dir in ["tests/data/parse", "tests/data/scenarios"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_file() {
                samples.push(p);
            } else if let Ok(inner) = std::fs::read_dir(&p) {
                samples.extend(inner.flatten().map(|e| e.path()).filter(|p| p.is_file()));
            }
        }
    }
    for t in targets {
        let corpus = fuzz.join("corpus").join(t);
        std::fs::create_dir_all(&corpus).map_err(io)?;
        for (i, s) in samples.iter().enumerate() {
            std::fs::copy(s, corpus.join(format!("seed-{i}"))).map_err(io)?;
        }
        // Target-specific seeds committed under fuzz/seeds/<target>/.
        if let Ok(entries) = std::fs::read_dir(fuzz.join("seeds").join(t)) {
            for e in entries.flatten().filter(|e| e.path().is_file()) {
                std::fs::copy(e.path(), corpus.join(e.file_name())).map_err(io)?;
            }
        }
    }
    if targets.iter().any(|t| t == "kb_load") {
        seed_kb_load(&fuzz.join("corpus/kb_load")).map_err(io)?;
    }
    Ok(())
}

/// The files of kb/Q319207 in the order of `FILES` in
/// `fuzz/fuzz_targets/kb_load.rs`, whose first input byte picks the file to
/// replace: each seed is that byte and the real file.
const KB_LOAD_FILES: [&str; 8] = [
    "article.md",
    "article.json",
    "tree.json",
    "messages.json",
    "registry.json",
    "files.json",
    "remediation.json",
    "simulator.json",
];

fn seed_kb_load(corpus: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(corpus)?;
    for (i, name) in (0u8..).zip(KB_LOAD_FILES) {
        let mut bytes = vec![i];
        bytes.extend(std::fs::read(root().join("kb/Q319207").join(name))?);
        std::fs::write(corpus.join(format!("real-{name}")), bytes)?;
    }
    Ok(())
}

pub fn fuzz(env: &ToolEnv, seconds: u64) -> Result<()> {
    let toolchains = output(cmd(env, "rustup", &["toolchain", "list"])).unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        println!("tools: nightly toolchain (for libFuzzer): missing, installing");
        status(cmd(
            env,
            "rustup",
            &["toolchain", "install", "nightly", "--profile", "minimal"],
        ))?;
    }
    let have = output(cmd(env, "cargo", &["fuzz", "--version"])).is_some();
    if !have {
        println!("tools: cargo-fuzz: missing, installing");
        status(cmd(env, "cargo", &["install", "cargo-fuzz", "--locked"]))?;
    }
    let fuzz = root().join("fuzz");
    let manifest = std::fs::read_to_string(fuzz.join("Cargo.toml"))
        .map_err(|e| Error(format!("cannot read fuzz/Cargo.toml: {e}")))?;
    let targets = targets(&manifest);
    seed(&fuzz, &targets)?;
    let budget = format!("-max_total_time={seconds}");
    for t in &targets {
        println!("==> fuzz {t} for {seconds} s");
        let mut c = cmd(env, "cargo", &["+nightly", "fuzz", "run", t, "--", &budget]);
        c.current_dir(&fuzz);
        status(c).map_err(|e| Error(format!("fuzz target {t} failed: {e}")))?;
    }
    println!(
        "fuzz: {} targets ran {seconds} s each without a crash",
        targets.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::targets;

    #[test]
    fn reads_bin_names_only() {
        let m = "[package]\nname = \"kbwiz-engine-fuzz\"\n\n[[bin]]\nname = \"scan\"\npath = \"x\"\n\n[[bin]]\nname = \"reg\"\n";
        assert_eq!(targets(m), ["scan", "reg"]);
    }
}
