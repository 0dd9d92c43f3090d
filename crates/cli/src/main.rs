//! `kbwiz`: the command-line shell over kbwiz-engine. Argument parsing and
//! output only; every decision is the engine's. Exit codes: 0 when the inputs
//! were read (whatever they held), 2 on usage or I/O errors.

mod diagnose;
mod fact_text;
mod input;
mod output;
mod scan;
mod simulate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kbwiz",
    version,
    about = "Knowledge-base troubleshooting over SMS logs, status messages and registry exports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read inputs and print their formats, problems and the evidence found.
    Scan(scan::Args),
    /// Diagnose the inputs against every KB article.
    Diagnose(diagnose::Args),
    /// Run the retry-loop simulator.
    Simulate(simulate::Args),
}

/// The embedded knowledge base, or why it cannot be used (the `kb_embedded`
/// test rules that out before anything ships).
fn kb() -> Result<&'static kbwiz_engine::kb::Kb, String> {
    kbwiz_engine::kb::Kb::try_embedded().map_err(|e| {
        format!(
            "the embedded knowledge base is invalid: {}",
            e.embedded_text()
        )
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Diagnose(args) => diagnose::run(args),
        Command::Simulate(args) => simulate::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("kbwiz: {err}");
            ExitCode::from(2)
        }
    }
}
