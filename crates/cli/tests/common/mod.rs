//! Running the `kbwiz` binary from the CLI's tests: one runner for all.

use std::io::Write;
use std::process::{Command, Stdio};

/// `kbwiz ARGS`, fed `stdin` (or an empty, closed stdin): its exit code,
/// stdout and stderr.
pub fn kbwiz(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kbwiz"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kbwiz runs");
    if let Some(bytes) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(bytes)
            .expect("written");
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("kbwiz finishes");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
