//! Writing a subcommand's output to standard output.

use std::io::Write;

/// Print `text`; a closed pipe (`kbwiz scan big.log | head`) is not an error
/// worth a message, any other write failure is.
pub fn print(text: &str) -> Result<(), Box<dyn std::error::Error>> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
