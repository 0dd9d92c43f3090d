//! Finding and installing the tools the build and tests need, idempotently.
//!
//! What goes where, and why:
//! - the wasm32 target: rustup;
//! - wasm-bindgen-cli at exactly the version in Cargo.lock, and trunk 0.21.14
//!   (newer trunk needs a newer rustc): `cargo install` into cargo's own bin
//!   folder, so one machine builds them once (trunk takes ~20 min on 2 cores);
//! - wasm-opt from npm `binaryen@132` into `tools/binaryen` (git-ignored):
//!   Debian's wasm-opt is too old for what rustc emits;
//! - llvm-profdata, for the profile-guided CLI: rustup's `llvm-tools`;
//! - Chromium and ChromeDriver from Debian (`apt-get`), for browser tests;
//! - playwright-core (driving Debian's Chromium) into `tests/e2e/node_modules`
//!   from its lock file.
//!
//! Every check looks at the installed version first, so a second run installs
//! nothing and says so.

use crate::run::{cmd, output, root, status, Error, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: &str = "132";

/// The environment every build and test command runs in.
pub struct ToolEnv {
    /// PATH with the project-local and cargo tool folders first.
    pub path: OsString,
    /// How many tools this run installed (0 on a warm machine).
    pub installed: usize,
}

fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"))
        .join("bin")
}

fn binaryen_bin() -> PathBuf {
    root().join("tools/binaryen/node_modules/.bin")
}

fn tool_env() -> ToolEnv {
    let mut dirs = vec![binaryen_bin(), cargo_bin()];
    if let Some(p) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&p));
    }
    ToolEnv {
        path: std::env::join_paths(dirs).unwrap_or_default(),
        installed: 0,
    }
}

/// `program --version` (first line), or None when it is missing.
fn version_of(env: &ToolEnv, program: &str) -> Option<String> {
    output(cmd(env, program, &["--version"])).map(|s| s.lines().next().unwrap_or("").to_string())
}

/// The `wasm-bindgen` version pinned in Cargo.lock.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| Error(format!("cannot read Cargo.lock: {e}")))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err(Error("Cargo.lock has no wasm-bindgen entry".into()))
}

fn have(what: &str, version: &str) {
    println!("tools: {what} {version}: present");
}

fn installing(env: &mut ToolEnv, what: &str) {
    env.installed += 1;
    println!("tools: {what}: missing, installing");
}

fn ensure_wasm_target(env: &mut ToolEnv) -> Result<()> {
    let installed =
        output(cmd(env, "rustup", &["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        have("rust target", "wasm32-unknown-unknown");
        return Ok(());
    }
    installing(env, "rust target wasm32-unknown-unknown");
    status(cmd(
        env,
        "rustup",
        &["target", "add", "wasm32-unknown-unknown"],
    ))
}

/// The host's target triple, from `rustc -vV`.
pub fn host_triple(env: &ToolEnv) -> Result<String> {
    output(cmd(env, "rustc", &["-vV"]))
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        })
        .ok_or_else(|| Error("cannot read the host triple from `rustc -vV`".into()))
}

/// Where rustup's `llvm-tools` component puts `llvm-profdata` for the
/// active toolchain (it may not be there).
pub fn llvm_profdata(env: &ToolEnv) -> Result<PathBuf> {
    let sysroot = output(cmd(env, "rustc", &["--print", "sysroot"]))
        .map(|s| PathBuf::from(s.trim()))
        .ok_or_else(|| Error("cannot read the sysroot from `rustc --print sysroot`".into()))?;
    let host = host_triple(env)?;
    let exe = format!("llvm-profdata{}", std::env::consts::EXE_SUFFIX);
    Ok(sysroot.join("lib/rustlib").join(host).join("bin").join(exe))
}

/// rustup's `llvm-tools` component, for the profile-guided CLI build
/// (`cargo xtask cli`): added when its `llvm-profdata` is missing.
pub fn ensure_llvm_tools(env: &mut ToolEnv) -> Result<()> {
    let tool = llvm_profdata(env)?;
    if tool.is_file() {
        have("llvm-profdata", "(rustup llvm-tools)");
        return Ok(());
    }
    installing(env, "rustup component llvm-tools");
    status(cmd(env, "rustup", &["component", "add", "llvm-tools"]))?;
    if tool.is_file() {
        Ok(())
    } else {
        Err(Error(format!(
            "rustup added llvm-tools, but {} is not there",
            tool.display()
        )))
    }
}

fn ensure_cargo_tool(
    env: &mut ToolEnv,
    bin: &str,
    krate: &str,
    version: &str,
    locked: bool,
) -> Result<()> {
    let want = format!("{bin} {version}");
    if version_of(env, bin).as_deref() == Some(want.as_str()) {
        have(bin, version);
        return Ok(());
    }
    installing(env, &format!("{krate} {version} (cargo install)"));
    let mut args = vec!["install", krate, "--version", version, "--force"];
    if locked {
        args.push("--locked");
    }
    status(cmd(env, "cargo", &args))
}

fn ensure_wasm_opt(env: &mut ToolEnv) -> Result<()> {
    let v = version_of(env, &binaryen_bin().join("wasm-opt").to_string_lossy());
    if v.as_deref()
        .is_some_and(|v| v.contains(&format!("version {BINARYEN_VERSION}")))
    {
        have("wasm-opt (npm binaryen)", BINARYEN_VERSION);
        return Ok(());
    }
    installing(
        env,
        &format!("wasm-opt (npm binaryen@{BINARYEN_VERSION}) into tools/binaryen"),
    );
    let prefix = root().join("tools/binaryen");
    std::fs::create_dir_all(&prefix)
        .map_err(|e| Error(format!("cannot create tools/binaryen: {e}")))?;
    let pkg = format!("binaryen@{BINARYEN_VERSION}");
    status(cmd(
        env,
        "npm",
        &[
            "install",
            "--prefix",
            &prefix.to_string_lossy(),
            &pkg,
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ],
    ))
}

/// The tool environment without installing anything (for `fuzz`, which needs
/// only cargo and installs cargo-fuzz itself).
pub fn plain() -> ToolEnv {
    tool_env()
}

/// Everything `serve` and `dist` need.
pub fn ensure_web() -> Result<ToolEnv> {
    let mut env = tool_env();
    ensure_wasm_target(&mut env)?;
    let wb = locked_wasm_bindgen()?;
    ensure_cargo_tool(&mut env, "wasm-bindgen", "wasm-bindgen-cli", &wb, false)?;
    ensure_cargo_tool(&mut env, "trunk", "trunk", TRUNK_VERSION, true)?;
    ensure_wasm_opt(&mut env)?;
    Ok(env)
}

fn is_root() -> bool {
    let mut id = Command::new("id");
    id.arg("-u");
    output(id).is_some_and(|s| s.trim() == "0")
}

fn ensure_chromium(env: &mut ToolEnv) -> Result<()> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        have(
            "chromium + chromedriver",
            &version_of(env, "/usr/bin/chromium").unwrap_or_default(),
        );
        return Ok(());
    }
    installing(env, "Debian chromium + chromium-driver (apt-get)");
    let sudo = if is_root() {
        vec![]
    } else {
        vec!["sudo", "-n"]
    };
    let run_apt = |env: &ToolEnv, args: &[&str]| {
        let mut full: Vec<&str> = sudo.clone();
        full.extend_from_slice(args);
        let mut c = cmd(env, full[0], &full[1..]);
        c.env("DEBIAN_FRONTEND", "noninteractive");
        status(c)
    };
    run_apt(env, &["apt-get", "update", "-qq"])?;
    run_apt(
        env,
        &[
            "apt-get",
            "install",
            "-y",
            "-qq",
            "chromium",
            "chromium-driver",
        ],
    )
}

fn ensure_e2e_modules(env: &mut ToolEnv) -> Result<()> {
    let dir = root().join("tests/e2e");
    let marker = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let fresh = match (std::fs::metadata(&marker), std::fs::metadata(&lock)) {
        (Ok(m), Ok(l)) => m.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if fresh {
        have("e2e node modules", "(tests/e2e/package-lock.json)");
        return Ok(());
    }
    installing(env, "e2e node modules (npm ci in tests/e2e)");
    status(cmd(
        env,
        "npm",
        &[
            "ci",
            "--prefix",
            &dir.to_string_lossy(),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ],
    ))
}

/// Everything `test` needs: the web tools plus the browser and the e2e driver.
pub fn ensure_test() -> Result<ToolEnv> {
    let mut env = ensure_web()?;
    ensure_llvm_tools(&mut env)?;
    ensure_chromium(&mut env)?;
    ensure_e2e_modules(&mut env)?;
    Ok(env)
}
