//! `kbwiz`: the command-line shell over kbwiz-engine. Argument parsing and
//! output only; every decision is the engine's. Exit codes: 0 when the inputs
//! were read (whatever they held), 2 on usage or I/O errors.

mod case_cmd;
mod case_out;
mod diagnose;
mod fact_text;
mod input;
mod kb_cmd;
mod output;
mod redact;
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
    /// A folder of your own articles (one folder per article, in the format
    /// of kbwiz's kb/), used beside the built-in ones. An article with
    /// problems is reported and left out.
    #[arg(long, global = true, value_name = "DIR")]
    kb: Option<std::path::PathBuf>,
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
    /// Knowledge-base tools: `kb list`, `kb search TEXT`, `kb symptoms`, `kb import ARTICLE`.
    #[command(subcommand)]
    Kb(kb_cmd::KbCommand),
    /// Replace servers, site codes, package IDs, shares, accounts and
    /// addresses by consistent pseudonyms before sharing the inputs.
    Redact(redact::Args),
    /// Case files: `case open FILE` prints the diagnosis a case holds.
    #[command(subcommand)]
    Case(case_cmd::CaseCommand),
}

/// The knowledge base the commands use: the built-in articles, plus those of
/// `--kb DIR` when given.
static KB: std::sync::OnceLock<kbwiz_engine::kb::Kb> = std::sync::OnceLock::new();

/// The knowledge base, once [`load_kb`] has run.
fn kb() -> Result<&'static kbwiz_engine::kb::Kb, String> {
    KB.get()
        .ok_or_else(|| "the knowledge base was not loaded".to_string())
}

/// Load the built-in articles (the `kb_embedded` test rules out their being
/// invalid before anything ships) and the admin's own from `dir`, telling on
/// stderr which of those were left out and why.
fn load_kb(dir: Option<&std::path::Path>) -> Result<(), String> {
    let embedded = kbwiz_engine::kb::Kb::try_embedded()
        .map_err(|e| format!("the embedded knowledge base is invalid: {e}"))?;
    let kb = match dir {
        None => embedded.clone(),
        Some(dir) => {
            let (kb, rejected) = embedded
                .with_dir(dir)
                .map_err(|e| format!("--kb {}: {e}", dir.display()))?;
            for issue in &rejected {
                eprintln!("kbwiz: article left out: {issue}");
            }
            kb
        }
    };
    KB.set(kb)
        .map_err(|_| "the knowledge base was loaded twice".to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(err) = load_kb(cli.kb.as_deref()) {
        eprintln!("kbwiz: {err}");
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Diagnose(args) => diagnose::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Kb(cmd) => kb_cmd::run(cmd),
        Command::Redact(args) => redact::run(args),
        Command::Case(cmd) => case_cmd::run(cmd),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("kbwiz: {err}");
            ExitCode::from(2)
        }
    }
}
