//! Writing a subcommand's output to standard output.

use std::io::{BufWriter, Write};

/// A closed pipe (`kbwiz scan big.log | head`) is not an error worth a
/// message; any other write failure is.
fn quiet_broken_pipe(result: std::io::Result<()>) -> Result<(), Box<dyn std::error::Error>> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Print `text`.
pub fn print(text: &str) -> Result<(), Box<dyn std::error::Error>> {
    quiet_broken_pipe(std::io::stdout().lock().write_all(text.as_bytes()))
}

/// Stream output through a buffer as it is produced, so that a report on a
/// large input is never held whole in memory.
pub fn stream(
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut out = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    quiet_broken_pipe(write(&mut out).and_then(|()| out.flush()))
}
