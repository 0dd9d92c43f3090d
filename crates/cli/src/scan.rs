//! `kbwiz scan [--json] FILE...`: read each input (`-` is standard input),
//! print its detected format, entry count and problems, then the evidence.

use crate::input;
use kbwiz_engine::evidence::{Evidence, Fact, InputReport, RegData, Scan, Severity};
use std::fmt::Write as _;

/// Arguments of `kbwiz scan`.
#[derive(clap::Args)]
pub struct Args {
    /// Print `{"inputs":[...],"evidence":[...]}` instead of text.
    #[arg(long)]
    pub json: bool,
    /// Files to read; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
}

pub fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let inputs = input::read_all(&args.files)?;
    let refs = input::as_refs(&inputs);
    let scan = kbwiz_engine::tree::scan_inputs(&refs, kbwiz_engine::kb::Kb::embedded());
    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&scan)?;
        s.push('\n');
        s
    } else {
        human(&scan)
    };
    crate::output::print(&text)
}

/// The default, human-readable report.
fn human(scan: &Scan) -> String {
    let mut s = String::new();
    for input in &scan.inputs {
        report(&mut s, input);
    }
    if !scan.evidence.is_empty() {
        s.push_str("\nevidence:\n");
    }
    for e in &scan.evidence {
        let _ = writeln!(s, "  {}:{}: {}", e.input, e.line, describe(e));
    }
    s
}

fn report(s: &mut String, input: &InputReport) {
    let mut format = input.format.name().to_owned();
    if input.blocks.len() > 1 {
        let all: Vec<&str> = input.blocks.iter().map(|f| f.name()).collect();
        let _ = write!(format, " (blocks: {})", all.join(", "));
    }
    let _ = write!(s, "{}: {}, {} entries", input.path, format, input.entries);
    if let (Some(keys), Some(values)) = (input.keys, input.values) {
        let _ = write!(s, " ({keys} keys, {values} values)");
    }
    let _ = writeln!(s, ", {} problems", input.problems.len());
    for p in &input.problems {
        let _ = writeln!(s, "  line {}: {}", p.line, p.message);
    }
}

fn severity(sev: Option<Severity>) -> &'static str {
    match sev {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Info) => "info",
        None => "-",
    }
}

/// One line per fact.
fn describe(e: &Evidence) -> String {
    match &e.fact {
        Fact::StatusMessage(m) => {
            let mut s = format!("status message {} ({})", m.id, severity(m.severity));
            for (label, value) in [
                ("component", &m.component),
                ("site", &m.site),
                ("system", &m.system),
                ("package", &m.package_id),
                ("child site", &m.child_site),
            ] {
                if let Some(v) = value {
                    let _ = write!(s, " {label} {v}");
                }
            }
            if let Some(utc) = m.time.utc {
                let _ = write!(s, " at {} UTC", utc.format("%Y-%m-%d %H:%M:%S%.3f"));
            } else if let Some(local) = m.time.local {
                let _ = write!(s, " at {} local", local.format("%Y-%m-%d %H:%M:%S%.3f"));
            }
            if let Some(d) = &m.description {
                let _ = write!(s, ": {d}");
            }
            s
        }
        Fact::RegistryKey(k) => {
            let mut s = format!(
                "registry key {}{} ({} values)",
                if k.deleted { "-" } else { "" },
                k.path,
                k.values.len()
            );
            for v in &k.values {
                let name = if v.name.is_empty() {
                    "@"
                } else {
                    v.name.as_str()
                };
                let data = match &v.data {
                    RegData::String(t) | RegData::ExpandString(t) => format!("{t:?}"),
                    RegData::Dword(d) => format!("dword {d}"),
                    RegData::MultiString(list) => format!("{list:?}"),
                    RegData::Binary { kind, bytes } => {
                        format!("hex({kind:x}) {} bytes", bytes.len())
                    }
                    RegData::Delete => "deleted".to_owned(),
                };
                let _ = write!(s, "; {name}={data}");
            }
            s
        }
        Fact::FileVersion(f) => {
            let version = if f.version.is_empty() {
                "(no version shown)"
            } else {
                &f.version
            };
            let mut s = format!("file {} {}", f.file, version);
            if let Some(p) = &f.platform {
                let _ = write!(s, " {p}");
            }
            if let Some(size) = f.size {
                let _ = write!(s, " {size} bytes");
            }
            if let Some(d) = &f.date {
                let _ = write!(s, " {d}");
            }
            s
        }
        Fact::ScheduleBacklog(b) => format!("{} job files in {}", b.count, b.folder),
    }
}
