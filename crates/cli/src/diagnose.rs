//! `kbwiz diagnose [--json] [--report FILE.md] [--reg FILE.reg] [--undo FILE.reg]
//! [--case-out FILE [--redacted]] FILE...`: read
//! the inputs (`-` is standard input), diagnose them against every KB article
//! and print the findings, strongest first. Optionally write the Markdown
//! report and the registry clean-up of the strongest finding that calls for
//! one. Exit code 0 whatever the verdict; I/O errors are returned (exit 2).

use crate::input;
use kbwiz_engine::api::{self, DiagnoseReport};
use kbwiz_engine::fixes::FixState;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::remedy::report::{report_of, verdict_words};
use kbwiz_engine::remedy::{strongest_cleanup, RegForm};
use std::fmt::Write as _;

/// The two regedit formats, as the command line names them.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum RegFormat {
    /// `REGEDIT4`, ANSI: what Windows NT 4.0's regedit reads (and later ones too).
    Regedit4,
    /// `Windows Registry Editor Version 5.00`, UTF-16LE (Windows 2000 and later).
    #[value(name = "5")]
    Version5,
}

/// Arguments of `kbwiz diagnose`.
#[derive(clap::Args)]
pub struct Args {
    /// Print `{"findings":[...],"not_assessed":[...],"separations":[...]}` instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also write the whole diagnosis as Markdown to this file.
    #[arg(long, value_name = "FILE.md")]
    pub report: Option<String>,
    /// Also write a .reg file deleting the affected packages' registry keys.
    #[arg(long, value_name = "FILE.reg")]
    pub reg: Option<String>,
    /// Format of the --reg file.
    #[arg(long, value_enum, default_value = "regedit4")]
    pub reg_format: RegFormat,
    /// Also write the .reg that undoes the --reg clean-up, from the
    /// registry export among the inputs (or say which export to take first).
    #[arg(long, value_name = "FILE.reg")]
    pub undo: Option<String>,
    /// Also write a case file (.kbwiz-case.json) to hand the diagnosis over.
    #[arg(long, value_name = "FILE")]
    pub case_out: Option<String>,
    /// Redact the case file's inputs (the map goes to --map, never into the case).
    #[arg(long, requires = "case_out")]
    pub redacted: bool,
    /// Where --redacted writes the map. Default: FILE.map.json beside the case.
    #[arg(long, value_name = "FILE", requires = "redacted")]
    pub map: Option<String>,
    /// Files to read; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
}

pub fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let kb = crate::kb()?;
    let inputs = input::read_all(&args.files)?;
    let refs = input::as_refs(&inputs);
    let diagnosis = api::diagnose(&refs, kb);

    write_outputs(
        &diagnosis,
        kb,
        args.report.as_deref(),
        args.reg.as_deref(),
        args.reg_format,
    )?;
    if let Some(path) = &args.undo {
        crate::case_out::write_undo(&diagnosis, kb, path, form_of(args.reg_format))?;
    }
    if let Some(path) = &args.case_out {
        crate::case_out::write_case(&refs, kb, path, args.redacted, args.map.as_deref())?;
    }

    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&diagnosis.triage())?;
        s.push('\n');
        s
    } else {
        human(&diagnosis)
    };
    let printed = crate::output::print(&text);
    // The process ends next: the operating system takes the diagnosis back
    // at once, where freeing its facts one by one (a million of them on a
    // 100 MiB log) cost a tenth of the command's time in the allocator.
    std::mem::forget(diagnosis);
    printed
}

/// The `--report` and `--reg` files, when asked for.
pub fn write_outputs(
    diagnosis: &DiagnoseReport,
    kb: &Kb,
    report: Option<&str>,
    reg: Option<&str>,
    reg_format: RegFormat,
) -> Result<(), Box<dyn std::error::Error>> {
    if let Some(path) = report {
        let markdown = report_of(&diagnosis.scan.inputs, &diagnosis.findings, kb);
        std::fs::write(path, markdown).map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    if let Some(path) = reg {
        write_reg(diagnosis, kb, path, reg_format)?;
    }
    Ok(())
}

/// The engine's form for a command-line format.
pub fn form_of(format: RegFormat) -> RegForm {
    match format {
        RegFormat::Regedit4 => RegForm::Regedit4,
        RegFormat::Version5 => RegForm::Version5,
    }
}

/// Write the clean-up of the strongest finding that has one; say so on
/// standard error when none has.
fn write_reg(
    diagnosis: &DiagnoseReport,
    kb: &Kb,
    path: &str,
    format: RegFormat,
) -> Result<(), Box<dyn std::error::Error>> {
    let form = form_of(format);
    let cleanup = strongest_cleanup(&diagnosis.findings, kb, form).map(|(_, c)| c);
    match cleanup {
        Some(c) => {
            std::fs::write(path, &c.bytes).map_err(|e| format!("cannot write {path}: {e}"))?;
            for p in &c.skipped {
                eprintln!("kbwiz: package ID {p:?} left out of {path}: it cannot be part of a key name safely");
            }
        }
        None => eprintln!("kbwiz: no finding calls for a registry clean-up; {path} not written"),
    }
    Ok(())
}

/// The default, human-readable report.
pub fn human(d: &DiagnoseReport) -> String {
    let mut s = String::new();
    if !d.products.is_empty() {
        let products: Vec<String> = d
            .products
            .iter()
            .map(|p| format!("{} ({})", p.product, p.signs.join(", ")))
            .collect();
        let _ = writeln!(s, "Inputs look like: {}\n", products.join("; "));
    }
    for f in &d.findings {
        let _ = writeln!(
            s,
            "{} {}: {}",
            f.article,
            verdict_words(f.verdict).to_uppercase(),
            f.title
        );
        match &f.outcome_title {
            Some(t) => {
                let _ = writeln!(s, "  outcome: {t}");
            }
            None => s.push_str("  outcome: none reached from evidence alone\n"),
        }
        if !f.packages.is_empty() {
            let _ = writeln!(s, "  packages: {}", f.packages.join(", "));
        }
        for site in &f.sites {
            let _ = writeln!(s, "  site: {}", site.describe());
        }
        for step in &f.steps {
            let _ = writeln!(s, "  - {} -> {} ({})", step.text, step.answer, step.why);
            cited(&mut s, &step.evidence, step.uncited);
        }
        for c in &f.contradictions {
            let _ = writeln!(s, "  CONTRADICTION: {}", c.text);
            cited(&mut s, &c.evidence, c.uncited);
        }
        if let Some(q) = &f.needs {
            let _ = writeln!(s, "  question for you: {}", q.text);
        }
        for a in &f.next_artefacts {
            let _ = writeln!(s, "  paste next: {}", a.artefact);
        }
        for r in &f.remediation {
            let _ = writeln!(s, "  remedy: {}", r.title);
        }
        s.push('\n');
    }
    for sep in &d.separations {
        let _ = writeln!(
            s,
            "{} and {} both {}: to tell them apart, {}{}",
            sep.articles[0],
            sep.articles[1],
            verdict_words(sep.verdict),
            match &sep.artefact {
                Some(a) => format!("paste {a}, which answers "),
                None => "answer ".to_string(),
            },
            sep.question
        );
    }
    if !d.separations.is_empty() {
        s.push('\n');
    }
    if !d.fixes.is_empty() {
        s.push_str("FIXES (from the file versions in your inputs):\n");
        for fix in &d.fixes {
            let state = match fix.state {
                FixState::Has => "has",
                FixState::Lacks => "lacks",
            };
            let files: Vec<String> = fix
                .files
                .iter()
                .map(|c| format!("{} {} (needs {}; {})", c.file, c.seen, c.needs, c.at))
                .collect();
            let via = fix
                .via
                .as_ref()
                .map(|v| format!(" (through {v}'s hotfix)"))
                .unwrap_or_default();
            let _ = writeln!(s, "  {state} {}{via}: {}", fix.article, fix.title);
            let _ = writeln!(s, "    {}", files.join("; "));
            if let Some(ships) = &fix.ships_in {
                let _ = writeln!(s, "    ships in: {ships}");
            }
        }
        s.push('\n');
    }
    if !d.not_assessed.is_empty() {
        s.push_str("NOT ASSESSED (the inputs say nothing about these):\n");
        for n in &d.not_assessed {
            let _ = writeln!(s, "  {}: {}", n.article, n.title);
            for w in &n.wants {
                let _ = writeln!(s, "    would need: {w}");
            }
        }
    }
    s
}

/// Cited lines; where the engine cut a long list (the first and the latest
/// halves are cited), the count of those left out stands between them.
fn cited(s: &mut String, evidence: &[kbwiz_engine::tree::EvidenceRef], uncited: usize) {
    for (k, e) in evidence.iter().enumerate() {
        if uncited > 0 && k == kbwiz_engine::tree::MAX_CITED / 2 {
            let _ = writeln!(s, "      ... {uncited} more lines ...");
        }
        let _ = writeln!(s, "      {}:{}: {}", e.path, e.line, e.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two likely findings, the line that separates them, and the articles
    /// the inputs say nothing about, in that order, after the findings.
    #[test]
    fn human_report_lists_the_fixes_a_server_has_and_lacks() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/scenarios");
        let listing =
            std::fs::read(format!("{dir}/q316316-hotfixed/bin-i386.txt")).expect("scenario");
        let d = api::diagnose(&[("bin.txt", listing.as_slice())], Kb::embedded());
        let text = human(&d);
        let block: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("FIXES"))
            .take_while(|l| !l.is_empty())
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
            .collect();
        assert_eq!(
            block,
            [
                "  lacks Q319189 (through Q324204's hotfix): SMS: Distribution Manager Continuously Processes .pkg Files",
                "  lacks Q324204: SMS: Collections That Are Based on Complex Queries Do Not Update",
                "  has Q309381: A Distribution Point Does Not Appear on the Parent",
                "  has Q316316 (through Q319207's hotfix): SMS: Distribution Manager Not Work and Error 998 During Compress",
                "  has Q318834: SMS Package Source Versions May Be Reported Incorrectly",
                "  has Q319207: SMS: Retrying a Package Update May Create Many Jobs",
            ]
        );
        assert!(text.contains("    Baseutil.dll 2.00.1493.3253 (needs 2.0.1493.3260; bin.txt:2)\n"));
    }

    #[test]
    fn human_report_ends_with_separations_and_not_assessed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/scenarios");
        let reg = std::fs::read(format!("{dir}/q235184-default/distmgr-component.reg"))
            .expect("scenario");
        let paste =
            std::fs::read(format!("{dir}/q319189-paste/from-the-admin.txt")).expect("scenario");
        let d = api::diagnose(
            &[("dm.reg", reg.as_slice()), ("mail.txt", paste.as_slice())],
            Kb::embedded(),
        );
        let text = human(&d);
        let heads: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with(' ') && !l.is_empty())
            .collect();
        assert_eq!(
            heads,
            [
                "Q235184 LIKELY: SMS: Registry Change Turns Off Package Target Deletion",
                "Q319189 LIKELY: SMS: Distribution Manager Continuously Processes .pkg Files",
                "Q235184 and Q319189 both likely: to tell them apart, paste Your answer: whether two packages share one distribution point folder and an update wipes the other's files, which answers Q235184: Does updating one package remove files that another package put into the same distribution point folder?",
                "NOT ASSESSED (the inputs say nothing about these):",
            ]
        );
        // Every other article is listed apart; those of the vocabulary's
        // family in ID order among them.
        let tail: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("NOT ASSESSED"))
            // An article's line: two spaces, then its ID.
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
            .collect();
        assert_eq!(tail.len(), Kb::embedded().articles().len() - 2);
        let family = ["Q244405", "Q264171", "Q319207", "Q324204"];
        let listed: Vec<&str> = tail
            .iter()
            .copied()
            .filter(|l| family.iter().any(|id| l.starts_with(&format!("  {id}:"))))
            .collect();
        assert_eq!(
            listed,
            [
                "  Q244405: SMS: Distribution Manager Does Not Delete Compressed Package",
                "  Q264171: SMS: Removing a Secondary Site May Leave Active Send Requests and Jobs",
                "  Q319207: SMS: Retrying a Package Update May Create Many Jobs",
                "  Q324204: SMS: Collections That Are Based on Complex Queries Do Not Update",
            ]
        );
        assert!(text.contains(
            "  Q324204: SMS: Collections That Are Based on Complex Queries Do Not Update\n    would need: a file version listing of the fixed files\n"
        ));
    }

    /// The product the inputs look like opens the report, on one line.
    #[test]
    fn human_report_names_the_product_first() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/scenarios");
        let log = std::fs::read(format!(
            "{dir}/cm-hash-clients/ContentTransferManager-WKS0142.log"
        ))
        .expect("scenario");
        let d = api::diagnose(&[("ctm.log", log.as_slice())], Kb::embedded());
        let text = human(&d);
        assert_eq!(
            text.lines().next(),
            Some("Inputs look like: Microsoft Configuration Manager (Configuration Manager log format, component ContentTransferManager)")
        );
        assert!(text.lines().nth(2).is_some_and(
            |l| l.starts_with("CM-hash-mismatch-error-download-contentinfo-tar LIKELY")
        ));
    }
}
