//! `kbwiz redact FILE... --out DIR [--map FILE] [--json]`: write each input
//! with every server, site code, package ID, share, account and address
//! replaced by a consistent pseudonym into DIR (under its redacted file
//! name), and the map from pseudonym to value apart, never inside DIR.

use crate::input;
use kbwiz_engine::api;
use std::path::{Path, PathBuf};

/// Arguments of `kbwiz redact`.
#[derive(clap::Args)]
pub struct Args {
    /// The folder to write the redacted files to (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Where to write the map from pseudonym to value (keep it; do not
    /// share it). Default: `DIR.map.json` beside the folder.
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// Print the redaction (inputs and map) as JSON instead of a summary.
    #[arg(long)]
    pub json: bool,
    /// Files to redact; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
}

/// The map's default path: `DIR.map.json`, beside `out`.
pub fn default_map(out: &Path) -> PathBuf {
    let mut name = out
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "redacted".into());
    name.push(".map.json");
    out.with_file_name(name)
}

/// A file name for a redacted input: the last part of its (redacted) name.
fn file_name(name: &str, index: usize) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .collect();
    match clean.as_str() {
        "" | "-" | "." | ".." => format!("input-{}.txt", index + 1),
        _ => clean,
    }
}

pub fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let kb = crate::kb()?;
    let inputs = input::read_all(&args.files)?;
    let red = api::redact(&input::as_refs(&inputs), kb);
    let map_path = args.map.clone().unwrap_or_else(|| default_map(&args.out));
    let out_abs = std::path::absolute(&args.out)?;
    if std::path::absolute(&map_path)?.starts_with(&out_abs) {
        return Err(format!(
            "the map {} would be inside {}, which is meant for sharing; give --map elsewhere",
            map_path.display(),
            args.out.display()
        )
        .into());
    }
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    let mut written: Vec<String> = Vec::new();
    for (i, input) in red.inputs.iter().enumerate() {
        let mut name = file_name(&input.name, i);
        if written.contains(&name) {
            name = format!("{}-{name}", i + 1);
        }
        let path = args.out.join(&name);
        std::fs::write(&path, &input.bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(name);
    }
    let map = serde_json::to_string_pretty(&red.map)? + "\n";
    std::fs::write(&map_path, map)
        .map_err(|e| format!("cannot write {}: {e}", map_path.display()))?;
    let text = if args.json {
        serde_json::to_string_pretty(&red)? + "\n"
    } else {
        let mut s = String::new();
        for (input, name) in red.inputs.iter().zip(&written) {
            s.push_str(&format!(
                "{}: {} values replaced\n",
                args.out.join(name).display(),
                input.replaced
            ));
        }
        s.push_str(&format!(
            "{} pseudonyms; the map is {} (keep it, do not share it)\n",
            red.map.entries.len(),
            map_path.display()
        ));
        for k in &red.map.kept {
            s.push_str(&format!("kept as it is: {:?} ({})\n", k.value, k.reason));
        }
        s
    };
    crate::output::print(&text)
}
