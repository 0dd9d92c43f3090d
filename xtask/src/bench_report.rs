//! The report of `cargo xtask bench`: the performance targets checked
//! against the measured figures (pass, or gap), the other figures beside
//! them, printed as one table and as one machine-readable JSON line
//! (`BENCH_JSON {...}`), also written to `target/bench/report.json`.

use crate::bench_criterion::Estimate;
use serde_json::Value;

/// Prefix of the machine-readable line.
pub const JSON_PREFIX: &str = "BENCH_JSON ";

/// How a row came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A target, met.
    Pass,
    /// A target, not met.
    Gap,
    /// A target whose figure is missing (that part did not run or failed).
    Missing,
    /// A figure without a target.
    Info,
}

impl Verdict {
    fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Gap => "GAP",
            Verdict::Missing => "missing",
            Verdict::Info => "",
        }
    }
}

/// One line of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Stable key for the JSON (`diagnose_100mib_vs_reference`, ...).
    pub key: String,
    pub what: String,
    pub target: String,
    pub measured: String,
    /// The figure compared with the target (or the main figure), if any.
    pub value: Option<f64>,
    pub verdict: Verdict,
}

/// The number at `path` in `v` (object keys), if there is one.
pub fn at(v: &Value, path: &[&str]) -> Option<f64> {
    path.iter()
        .try_fold(v, |v, key| v.get(key))
        .and_then(Value::as_f64)
}

fn ms(x: f64) -> String {
    if x < 10.0 {
        format!("{x:.2} ms")
    } else {
        format!("{x:.0} ms")
    }
}

fn mib(bytes: f64) -> String {
    format!("{:.1} MiB", bytes / (1024.0 * 1024.0))
}

fn info(key: &str, what: String, measured: String, value: Option<f64>) -> Row {
    Row {
        key: key.into(),
        what,
        target: String::new(),
        measured,
        value,
        verdict: Verdict::Info,
    }
}

/// A target row: `value` checked with `ok`; `measured` says it in words.
fn target(
    key: &str,
    what: &str,
    target: &str,
    value: Option<f64>,
    ok: fn(f64) -> bool,
    measured: impl FnOnce(f64) -> String,
) -> Row {
    let (measured, verdict) = match value {
        Some(v) if v.is_finite() => (
            measured(v),
            if ok(v) { Verdict::Pass } else { Verdict::Gap },
        ),
        _ => ("not measured".to_string(), Verdict::Missing),
    };
    Row {
        key: key.into(),
        what: what.into(),
        target: target.into(),
        measured,
        value,
        verdict,
    }
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    }
}

/// The performance targets (time to interactive a row each for
/// the site and the offline file); `docs/performance.md` lists them.
pub fn target_rows(browser: &Value) -> Vec<Row> {
    let size = |mib: &str, path: &[&str]| {
        let mut full = vec!["engine", "sizes", mib];
        full.extend_from_slice(path);
        at(browser, &full)
    };
    let reference = size("100", &["reference", "median"]);
    let diagnose = size("100", &["diagnose", "median"]);
    let scan_memory = at(browser, &["engine", "scan_memory", "memory"]);
    let tti = |name: &str| at(browser, &["tti", name, "interactive", "median"]);
    let empty = tti("empty_yew");
    let tti_row = |key: &str, name: &str, what: &str| {
        let t = tti(name);
        target(
            key,
            what,
            "<= 2.0x",
            ratio(t, empty),
            |r| r <= 2.0,
            |r| {
                format!(
                    "{r:.2}x ({} vs {})",
                    ms(t.unwrap_or(f64::NAN)),
                    ms(empty.unwrap_or(f64::NAN))
                )
            },
        )
    };
    vec![
        target(
            "diagnose_100mib_vs_reference",
            "diagnose 100 MiB: JS reference time / kbwiz.diagnose time",
            ">= 2.0x",
            ratio(reference, diagnose),
            |r| r >= 2.0,
            |r| {
                format!(
                    "{r:.2}x ({} vs {})",
                    ms(reference.unwrap_or(f64::NAN)),
                    ms(diagnose.unwrap_or(f64::NAN))
                )
            },
        ),
        file_to_verdict_row(browser, "100"),
        wasm_parse_row(browser),
        target(
            "scan_memory_vs_input",
            "wasm memory after a paged kbwiz.scan in a fresh page / input",
            "<= 3.0x",
            ratio(
                scan_memory,
                at(browser, &["engine", "scan_memory", "bytes"]),
            ),
            |r| r <= 3.0,
            |r| format!("{r:.2}x ({})", mib(scan_memory.unwrap_or(f64::NAN))),
        ),
        target(
            "simulate_1000_sites_ms",
            "kbwiz.simulate 1,000 sites, 50 packages, 30 days",
            "< 50 ms",
            at(browser, &["engine", "simulate", "runs", "median"]),
            |v| v < 50.0,
            ms,
        ),
        tti_row(
            "tti_site_vs_empty",
            "site",
            "time to interactive, site / empty yew page",
        ),
        tti_row(
            "tti_offline_vs_empty",
            "offline",
            "time to interactive, offline file / empty yew page",
        ),
        target(
            "peak_memory_100mib_vs_input",
            "peak wasm memory after diagnose of 100 MiB / input",
            "< 3.0x",
            ratio(
                size("100", &["memory_after_diagnose"]),
                size("100", &["bytes"]),
            ),
            |r| r < 3.0,
            |r| {
                format!(
                    "{r:.2}x ({})",
                    mib(size("100", &["memory_after_diagnose"]).unwrap_or(f64::NAN))
                )
            },
        ),
    ]
}

/// From a `File` of `mib` MiB to the verdict: kbwiz's time over the JS
/// reference's, from the same `File` in the same page.
fn file_to_verdict_row(browser: &Value, mib_key: &str) -> Row {
    let figure = |what: &str| at(browser, &["engine", "sizes", mib_key, what, "median"]);
    let (kbwiz, reference) = (figure("file_kbwiz"), figure("file_reference"));
    target(
        &format!("file_to_verdict_{mib_key}mib_vs_reference"),
        &format!("File to verdict, {mib_key} MiB: kbwiz time / JS reference time"),
        "<= 0.5x",
        ratio(kbwiz, reference),
        |r| r <= 0.5,
        |r| {
            format!(
                "{r:.2}x ({} vs {})",
                ms(kbwiz.unwrap_or(f64::NAN)),
                ms(reference.unwrap_or(f64::NAN))
            )
        },
    )
}

/// The parse phase of `kbwiz.diagnose` of 100 MiB inside wasm, in MB/s
/// (10^6 bytes a second), from the second call at that size when there is
/// one: a first call runs much of its time in code V8 has not optimised yet
/// (a function already running keeps its baseline code) and grows the
/// memory, which the first call's row is there to show.
fn wasm_parse_row(browser: &Value) -> Row {
    let s = browser.pointer("/engine/sizes/100");
    let phases = s.and_then(|s| {
        s.pointer("/diagnose_phases_warm/phases")
            .or_else(|| s.pointer("/diagnose_phases/phases"))
    });
    let parse_ms = phases
        .and_then(Value::as_array)
        .and_then(|list| {
            list.iter()
                .find(|p| p.get("phase").and_then(Value::as_str) == Some("parse"))
        })
        .and_then(|p| p.get("ms"))
        .and_then(Value::as_f64);
    let bytes = s.and_then(|s| s.get("bytes")).and_then(Value::as_f64);
    let rate = match (bytes, parse_ms) {
        (Some(b), Some(t)) if t > 0.0 => Some(b / 1e6 / (t / 1000.0)),
        _ => None,
    };
    target(
        "wasm_parse_mb_s",
        "wasm parse speed, 100 MiB (diagnose's parse phase, second call)",
        ">= 1000 MB/s",
        rate,
        |r| r >= 1000.0,
        |r| format!("{r:.0} MB/s ({})", ms(parse_ms.unwrap_or(f64::NAN))),
    )
}

/// `phase ms, ...` of a `phases_json` result.
fn phases(v: Option<&Value>) -> Option<String> {
    let list = v?.get("phases")?.as_array()?;
    let parts: Vec<String> = list
        .iter()
        .filter_map(|p| {
            Some(format!(
                "{} {:.0}",
                p.get("phase")?.as_str()?,
                p.get("ms")?.as_f64()?
            ))
        })
        .collect();
    Some(parts.join(", ") + " ms")
}

/// The browser figures without a target, size by size.
pub fn browser_rows(browser: &Value) -> Vec<Row> {
    let mut rows = Vec::new();
    let Some(sizes) = browser.pointer("/engine/sizes").and_then(Value::as_object) else {
        return rows;
    };
    for (mib_key, s) in sizes {
        let k = |what: &str| format!("{what}_{mib_key}mib");
        let m = |path: &[&str]| at(s, path);
        let ms_row = |key: &str, what: &str, path: &[&str]| {
            m(path).map(|v| info(&k(key), format!("{mib_key} MiB: {what}"), ms(v), Some(v)))
        };
        rows.extend(ms_row(
            "reference",
            "JS reference (split, regex, group)",
            &["reference", "median"],
        ));
        rows.extend(ms_row(
            "diagnose",
            "kbwiz.diagnose(text)",
            &["diagnose", "median"],
        ));
        rows.extend(ms_row(
            "file_reference",
            "File to verdict: JS reference (file.text(), regexes)",
            &["file_reference", "median"],
        ));
        rows.extend(ms_row(
            "file_kbwiz",
            "File to verdict: kbwiz (kbwiz.diagnose(file), read in its worker)",
            &["file_kbwiz", "median"],
        ));
        rows.extend(ms_row(
            "file_read",
            "File: reading its bytes alone on the page (file.arrayBuffer())",
            &["file_read", "median"],
        ));
        rows.extend(ms_row(
            "diagnose_bytes",
            "kbwiz.diagnose(Uint8Array)",
            &["diagnose_bytes", "median"],
        ));
        rows.extend(ms_row(
            "text_encoder",
            "TextEncoder.encode(text) alone",
            &["encode", "median"],
        ));
        rows.extend(ms_row(
            "ascii_loop",
            "wasm-bindgen's JS copy loop for strings, alone",
            &["ascii_loop", "median"],
        ));
        rows.extend(ms_row(
            "encode_into",
            "TextEncoder.encodeInto(text) alone",
            &["encode_into", "median"],
        ));
        // How a call's time splits: wasm call + JSON.parse, and the phases
        // inside wasm; the same two rows for diagnose and for scan.
        let split_rows = |rows: &mut Vec<Row>, call_name: &str| {
            let split = format!("{call_name}_split");
            if let (Some(call), Some(parse), Some(chars)) = (
                m(&[&split, "call", "median"]),
                m(&[&split, "parse", "median"]),
                m(&[&split, "json_chars"]),
            ) {
                rows.push(info(
                    &k(&split),
                    format!("{mib_key} MiB: {call_name} = wasm call + JSON.parse"),
                    format!("{} + {} ({} JSON)", ms(call), ms(parse), mib(chars)),
                    Some(call + parse),
                ));
            }
            for (suffix, which) in [("", ""), ("_warm", ", second call")] {
                let phases_key = format!("{call_name}_phases{suffix}");
                if let Some(p) = phases(s.get(&phases_key)) {
                    rows.push(info(
                        &k(&phases_key),
                        format!("{mib_key} MiB: {call_name} inside wasm{which}"),
                        p,
                        None,
                    ));
                }
            }
        };
        split_rows(&mut rows, "diagnose");
        rows.extend(ms_row("scan", "kbwiz.scan(text)", &["scan", "median"]));
        split_rows(&mut rows, "scan");
        if let Some(e) = s.get("scan_error").and_then(Value::as_str) {
            rows.push(info(
                &k("scan_error"),
                format!("{mib_key} MiB: kbwiz.scan failed"),
                e.to_string(),
                None,
            ));
        }
        for (key, what) in [
            ("memory_after_diagnose", "wasm memory after diagnose"),
            ("memory_after_scan", "wasm memory after scan"),
        ] {
            if let (Some(mem), Some(bytes)) = (m(&[key]), m(&["bytes"])) {
                rows.push(info(
                    &k(key),
                    format!("{mib_key} MiB: {what}"),
                    format!("{} ({:.2}x input)", mib(mem), mem / bytes),
                    Some(mem),
                ));
            }
        }
    }
    let mut push = |key: &str, what: &str, path: &[&str]| {
        if let Some(v) = at(browser, path) {
            rows.push(info(key, what.into(), ms(v), Some(v)));
        }
    };
    push(
        "scan_paged_ms",
        "paged kbwiz.scan(bytes) in a fresh page, to the end",
        &["engine", "scan_memory", "ms"],
    );
    push(
        "scan_first_page_ms",
        "paged kbwiz.scan(bytes) in a fresh page, to the first page",
        &["engine", "scan_memory", "first_page_ms"],
    );
    push(
        "tiny_scan_ms",
        "kbwiz.scan of a one-line input (fixed cost)",
        &["engine", "tiny", "scan", "median"],
    );
    push(
        "simulate_call_ms",
        "simulate 1,000 sites: wasm call alone",
        &["engine", "simulate", "call", "median"],
    );
    push(
        "simulate_default_ms",
        "kbwiz.simulate, default scenario",
        &["engine", "simulate_default", "runs", "median"],
    );
    for name in ["site", "offline", "empty_yew"] {
        push(
            &format!("tti_{name}_ms"),
            &format!("time to interactive, {name} (median)"),
            &["tti", name, "interactive", "median"],
        );
    }
    // The site's first view paints the start page; the app takes the page
    // over once it has loaded (`<html data-kbwiz>`).
    for name in ["site", "offline"] {
        push(
            &format!("app_{name}_ms"),
            &format!("the app has the page, {name} (median)"),
            &["tti", name, "app", "median"],
        );
    }
    rows
}

/// One row per criterion benchmark.
pub fn criterion_rows(estimates: &[Estimate]) -> Vec<Row> {
    estimates
        .iter()
        .map(|e| {
            let mean_ms = e.mean_ns / 1e6;
            let measured = match e.mib_per_s() {
                Some(t) => format!("{} ({t:.0} MiB/s)", ms(mean_ms)),
                None => ms(mean_ms),
            };
            info(
                &format!("native/{}", e.id),
                format!("native: {}", e.id),
                measured,
                Some(mean_ms),
            )
        })
        .collect()
}

/// The table, one line per row.
pub fn table(rows: &[Row]) -> String {
    let head = ["measure", "target", "measured", "result"];
    let cells: Vec<[&str; 4]> = rows
        .iter()
        .map(|r| {
            [
                r.what.as_str(),
                r.target.as_str(),
                r.measured.as_str(),
                r.verdict.label(),
            ]
        })
        .collect();
    let mut width = head.map(str::len);
    for c in &cells {
        for (w, s) in width.iter_mut().zip(c) {
            *w = (*w).max(s.chars().count());
        }
    }
    let line = |c: [&str; 4]| {
        let mut s = String::new();
        for (i, (cell, w)) in c.iter().zip(width).enumerate() {
            if i > 0 {
                s.push_str(" | ");
            }
            s.push_str(cell);
            if i < 3 {
                s.push_str(&" ".repeat(w - cell.chars().count()));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(head);
    out.push_str(&line(
        width.map(|w| "-".repeat(w)).each_ref().map(String::as_str),
    ));
    for c in cells {
        out.push_str(&line(c));
    }
    out
}

/// The machine-readable report: every row, the criterion results and the
/// browser's raw figures.
pub fn report_json(rows: &[Row], estimates: &[Estimate], browser: &Value) -> Value {
    let rows: Vec<Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "key": r.key, "what": r.what, "target": r.target, "measured": r.measured,
                "value": r.value, "result": match r.verdict {
                    Verdict::Pass => "pass", Verdict::Gap => "gap",
                    Verdict::Missing => "missing", Verdict::Info => "info",
                },
            })
        })
        .collect();
    serde_json::json!({
        "rows": rows,
        "criterion": estimates.iter().map(Estimate::to_json).collect::<Vec<_>>(),
        "browser": browser,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn browser() -> Value {
        serde_json::json!({
            "engine": {
                "sizes": {"100": {
                    "bytes": 104857600.0,
                    "reference": {"median": 3000.0},
                    "diagnose": {"median": 1000.0},
                    "memory_after_diagnose": 367001600.0,
                    "file_reference": {"median": 400.0},
                    "file_kbwiz": {"median": 300.0},
                    "diagnose_phases": {"phases": [
                        {"phase": "input", "ms": 20.0}, {"phase": "parse", "ms": 300.0}
                    ]},
                    "diagnose_phases_warm": {"phases": [
                        {"phase": "input", "ms": 20.0}, {"phase": "parse", "ms": 200.0}
                    ]}
                }},
                "simulate": {"runs": {"median": 12.4}},
                "scan_memory": {"memory": 262144000.0, "bytes": 104857600.0}
            },
            "tti": {
                "site": {"interactive": {"median": 300.0}},
                "offline": {"interactive": {"median": 500.0}},
                "empty_yew": {"interactive": {"median": 200.0}}
            }
        })
    }

    #[test]
    fn targets_pass_and_gap_from_the_figures() {
        let rows = target_rows(&browser());
        let got: Vec<(&str, &str, Verdict)> = rows
            .iter()
            .map(|r| (r.key.as_str(), r.measured.as_str(), r.verdict))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "diagnose_100mib_vs_reference",
                    "3.00x (3000 ms vs 1000 ms)",
                    Verdict::Pass
                ),
                (
                    "file_to_verdict_100mib_vs_reference",
                    "0.75x (300 ms vs 400 ms)",
                    Verdict::Gap
                ),
                ("wasm_parse_mb_s", "524 MB/s (200 ms)", Verdict::Gap),
                ("scan_memory_vs_input", "2.50x (250.0 MiB)", Verdict::Pass),
                ("simulate_1000_sites_ms", "12 ms", Verdict::Pass),
                (
                    "tti_site_vs_empty",
                    "1.50x (300 ms vs 200 ms)",
                    Verdict::Pass
                ),
                (
                    "tti_offline_vs_empty",
                    "2.50x (500 ms vs 200 ms)",
                    Verdict::Gap
                ),
                (
                    "peak_memory_100mib_vs_input",
                    "3.50x (350.0 MiB)",
                    Verdict::Gap
                ),
            ]
        );
    }

    #[test]
    fn wasm_parse_speed_is_the_first_calls_without_a_second() {
        let mut b = browser();
        let sizes = b
            .pointer_mut("/engine/sizes/100")
            .and_then(Value::as_object_mut);
        sizes
            .expect("the fixture has 100 MiB")
            .remove("diagnose_phases_warm");
        let row = wasm_parse_row(&b);
        assert_eq!(
            (row.measured.as_str(), row.verdict),
            ("350 MB/s (300 ms)", Verdict::Gap)
        );
    }

    #[test]
    fn calls_are_split_into_wasm_json_and_phases() {
        let phases = serde_json::json!({"phases": [
            {"phase": "parse", "ms": 994.4}, {"phase": "json", "ms": 0.2}
        ]});
        let browser = serde_json::json!({"engine": {"sizes": {"100": {
            "diagnose_split": {"call": {"median": 942.0}, "parse": {"median": 0.2}, "json_chars": 54056.0},
            "diagnose_phases": phases,
            "diagnose_phases_warm": phases,
            "scan": {"median": 2551.3},
            "scan_split": {"call": {"median": 1546.3}, "parse": {"median": 529.7}, "json_chars": 155380960.0},
            "scan_phases": phases
        }}}});
        let rows: Vec<(String, String, String)> = browser_rows(&browser)
            .into_iter()
            .map(|r| (r.key, r.what, r.measured))
            .collect();
        let row = |k: &str, w: &str, m: &str| (k.to_string(), w.to_string(), m.to_string());
        assert_eq!(
            rows,
            [
                row(
                    "diagnose_split_100mib",
                    "100 MiB: diagnose = wasm call + JSON.parse",
                    "942 ms + 0.20 ms (0.1 MiB JSON)"
                ),
                row(
                    "diagnose_phases_100mib",
                    "100 MiB: diagnose inside wasm",
                    "parse 994, json 0 ms"
                ),
                row(
                    "diagnose_phases_warm_100mib",
                    "100 MiB: diagnose inside wasm, second call",
                    "parse 994, json 0 ms"
                ),
                row("scan_100mib", "100 MiB: kbwiz.scan(text)", "2551 ms"),
                row(
                    "scan_split_100mib",
                    "100 MiB: scan = wasm call + JSON.parse",
                    "1546 ms + 530 ms (148.2 MiB JSON)"
                ),
                row(
                    "scan_phases_100mib",
                    "100 MiB: scan inside wasm",
                    "parse 994, json 0 ms"
                ),
            ]
        );
    }

    #[test]
    fn a_missing_figure_is_reported_as_missing() {
        let rows = target_rows(&serde_json::json!({}));
        assert!(rows.iter().all(|r| r.verdict == Verdict::Missing));
        assert_eq!(rows[0].measured, "not measured");
    }

    #[test]
    fn table_aligns_columns() {
        let rows = vec![Row {
            key: "k".into(),
            what: "simulate".into(),
            target: "< 50 ms".into(),
            measured: "12 ms".into(),
            value: Some(12.0),
            verdict: Verdict::Pass,
        }];
        assert_eq!(
            table(&rows),
            "measure  | target  | measured | result\n\
             -------- | ------- | -------- | ------\n\
             simulate | < 50 ms | 12 ms    | pass\n"
        );
    }
}
