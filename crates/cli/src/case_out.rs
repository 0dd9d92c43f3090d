//! What `kbwiz diagnose` writes for handing a case over: the undo of the
//! registry clean-up (`--undo`) and the case file (`--case-out`, with
//! `--redacted` its map apart).

use kbwiz_engine::api::{self, DiagnoseReport};
use kbwiz_engine::case::CaseRequest;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::remedy::RegForm;

/// Write the undo `.reg`, or tell which export to take first.
pub fn write_undo(
    d: &DiagnoseReport,
    kb: &Kb,
    path: &str,
    form: RegForm,
) -> Result<(), Box<dyn std::error::Error>> {
    let report = api::undo_for(&d.findings, &d.scan.evidence, kb, form);
    let Some(undo) = report.undo else {
        eprintln!("kbwiz: no finding calls for a registry clean-up; {path} not written");
        return Ok(());
    };
    match &undo.bytes {
        Some(bytes) => {
            std::fs::write(path, bytes).map_err(|e| format!("cannot write {path}: {e}"))?
        }
        None if !undo.not_exact.is_empty() => eprintln!(
            "kbwiz: {path} not written: REGEDIT4 cannot hold {} exactly; use --reg-format 5",
            undo.not_exact
                .iter()
                .map(|v| format!("{v:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => {
            eprintln!("kbwiz: {path} not written: the inputs hold no export of what the fix changes. Before merging the fix, run:");
            for e in &undo.export_first {
                eprintln!("  {}", e.command);
            }
            eprintln!("kbwiz: then add the exported file to the inputs to get the undo.");
        }
    }
    Ok(())
}

/// The map's default path: `FILE.map.json` beside the case file.
fn default_map(case: &str) -> String {
    let stem = case
        .strip_suffix(".kbwiz-case.json")
        .or_else(|| case.strip_suffix(".json"))
        .unwrap_or(case);
    format!("{stem}.map.json")
}

/// Write the case file (and, redacted, the map apart).
pub fn write_case(
    inputs: &[api::Input<'_>],
    kb: &Kb,
    path: &str,
    redacted: bool,
    map: Option<&str>,
) -> Result<(), Box<dyn std::error::Error>> {
    let saved = api::case_save(
        inputs,
        kb,
        CaseRequest {
            redact: redacted,
            ..CaseRequest::default()
        },
    );
    std::fs::write(path, saved.text.as_bytes()).map_err(|e| format!("cannot write {path}: {e}"))?;
    if let Some(m) = &saved.map {
        let map_path = map.map(str::to_string).unwrap_or_else(|| default_map(path));
        let text = serde_json::to_string_pretty(m)? + "\n";
        std::fs::write(&map_path, text).map_err(|e| format!("cannot write {map_path}: {e}"))?;
        eprintln!(
            "kbwiz: {path} holds redacted inputs; the map is {map_path} (keep it, do not share it)"
        );
    }
    Ok(())
}
