//! `kbwiz case open FILE [--json] [--report FILE.md] [--reg FILE.reg]`:
//! open a `.kbwiz-case.json` and print the same diagnosis `kbwiz diagnose`
//! prints for its inputs (with `--json`, the case's own JSON: the triage's
//! lists, the inputs' form, the replayed answers, the differences). Which
//! form the inputs are in, and any difference from what the file says, go
//! to standard error.

use kbwiz_engine::api;

/// `kbwiz case ...`.
#[derive(clap::Subcommand)]
pub enum CaseCommand {
    /// Open a case file and print its diagnosis.
    Open(OpenArgs),
}

/// Arguments of `kbwiz case open`.
#[derive(clap::Args)]
pub struct OpenArgs {
    /// Print the opened case as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write the diagnosis as Markdown to this file.
    #[arg(long, value_name = "FILE.md")]
    pub report: Option<String>,
    /// Also write the registry clean-up of the strongest finding.
    #[arg(long, value_name = "FILE.reg")]
    pub reg: Option<String>,
    /// Format of the --reg file.
    #[arg(long, value_enum, default_value = "regedit4")]
    pub reg_format: crate::diagnose::RegFormat,
    /// The case file.
    #[arg(value_name = "FILE")]
    pub file: String,
}

pub fn run(cmd: CaseCommand) -> Result<(), Box<dyn std::error::Error>> {
    let CaseCommand::Open(args) = cmd;
    let kb = crate::kb()?;
    let bytes = std::fs::read(&args.file).map_err(|e| format!("cannot read {}: {e}", args.file))?;
    let opened = api::case_open(&bytes, kb).map_err(|e| format!("{}: {e}", args.file))?;
    eprintln!(
        "kbwiz: {}: the inputs are {}",
        args.file,
        match opened.inputs_form {
            kbwiz_engine::case::InputsForm::Redacted => "redacted (pseudonyms in place of values)",
            kbwiz_engine::case::InputsForm::Original => "the originals",
        }
    );
    for d in &opened.differences {
        eprintln!("kbwiz: differs from the case file: {d}");
    }
    crate::diagnose::write_outputs(
        &opened.diagnosis,
        kb,
        args.report.as_deref(),
        args.reg.as_deref(),
        args.reg_format,
    )?;
    let text = if args.json {
        serde_json::to_string_pretty(&opened)? + "\n"
    } else {
        crate::diagnose::human(&opened.diagnosis)
    };
    crate::output::print(&text)
}
