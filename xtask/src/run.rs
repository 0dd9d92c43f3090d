//! Running external commands with the project's tool environment, and the
//! `serve` command.

use crate::tools::ToolEnv;
use std::path::{Path, PathBuf};
use std::process::Command;

/// An xtask failure: which step, and why.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the repository root")
        .to_path_buf()
}

/// Cargo's target folder: `CARGO_TARGET_DIR` (relative to the repository)
/// or `target/`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// A command rooted at the repository with the tool environment's PATH.
pub fn cmd(env: &ToolEnv, program: &str, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args).current_dir(root()).env("PATH", &env.path);
    c
}

/// `trunk` with the wasm's release profile optimised for size, no SIMD:
/// the empty yew page the benchmarks compare the first view with. The
/// workspace's release profile stays at opt-level 3 for the native `kbwiz`
/// CLI and the benchmarks.
pub fn trunk(env: &ToolEnv, args: &[&str]) -> Command {
    let mut c = cmd(env, "trunk", args);
    c.env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z");
    c
}

/// `trunk` for the apps (the site's and the offline file's, and the
/// widget's with the JS API): built for speed, opt-level 3 with WebAssembly
/// SIMD (`+simd128`, so `memchr` and the UTF-8 check use their vector
/// code), in its own target folder so that it and the size-optimised builds
/// do not rebuild each other's dependencies. The site's first view asks for
/// its own cargo profile (`first-view`, opt-level `z`) in index.html.
pub fn trunk_fast(env: &ToolEnv, args: &[&str]) -> Command {
    let mut c = cmd(env, "trunk", args);
    c.env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "3")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "-C target-feature=+simd128",
        )
        .env("CARGO_TARGET_DIR", target_dir().join("wasm-speed"));
    c
}

/// Run a command to completion; a non-zero exit is an error naming it.
pub fn status(mut c: Command) -> Result<()> {
    let shown = shown(&c);
    let st = c
        .status()
        .map_err(|e| Error(format!("cannot start {shown}: {e}")))?;
    if st.success() {
        Ok(())
    } else {
        Err(Error(format!("{shown} failed ({st})")))
    }
}

/// A command as a person would type it (program and arguments, no environment).
fn shown(c: &Command) -> String {
    std::iter::once(c.get_program())
        .chain(c.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Run a command and capture its standard output, or None if it cannot run.
pub fn output(mut c: Command) -> Option<String> {
    let out = c.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `cargo xtask serve`: Trunk's dev server on 127.0.0.1:8080 (release build,
/// so what is served is what ships).
pub fn serve(env: &ToolEnv) -> Result<()> {
    println!("serving kbwiz on http://127.0.0.1:8080/ (Ctrl-C stops)");
    status(trunk_fast(
        env,
        &[
            "serve",
            "--release",
            "--offline",
            "--address",
            "127.0.0.1",
            "--port",
            "8080",
        ],
    ))
}
