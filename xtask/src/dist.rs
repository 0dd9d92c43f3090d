//! `cargo xtask dist`: the deliveries under `dist/`.
//!
//! - `dist/site/`: the static website (Trunk release build, wasm-opt -Oz,
//!   relative asset paths so it deploys under any sub-path).

use crate::run::{cmd, root, status, Result};
use crate::tools::ToolEnv;
use std::path::PathBuf;

/// Build every delivery; returns the site folder.
pub fn dist(env: &ToolEnv) -> Result<PathBuf> {
    status(cmd(env, "trunk", &["build", "--release", "--offline"]))?;
    Ok(root().join("dist/site"))
}
