//! An input read in pieces (`ScanStream::input_pieces`, a file read in
//! slices) gives what the same bytes read whole give: every scenario file
//! and generated logs at several piece sizes, inputs whose encoding shows
//! only at the start (a BOM, UTF-16 without one) or only later (UTF-8 or
//! Windows-1252 after plain ASCII), and the diagnosis of pieces equals the
//! diagnosis of bytes.

use kbwiz_engine::api::{self, Pieces, ScanStream};
use kbwiz_engine::evidence::{Evidence, InputReport};
use kbwiz_engine::kb::Kb;
use kbwiz_engine::steps::run_ready;
use std::future::ready;

mod scenario;

/// `bytes` handed over `size` bytes at a time.
struct Sliced<'b> {
    bytes: &'b [u8],
    size: usize,
}

impl Pieces for Sliced<'_> {
    fn next_piece(&mut self) -> impl std::future::Future<Output = Option<Vec<u8>>> {
        if self.bytes.is_empty() {
            return ready(None);
        }
        let (piece, rest) = self.bytes.split_at(self.size.min(self.bytes.len()));
        self.bytes = rest;
        ready(Some(piece.to_vec()))
    }
}

fn whole(name: &str, bytes: &[u8], kb: &Kb) -> (InputReport, Vec<Evidence>) {
    let mut evidence = Vec::new();
    let mut stream = ScanStream::new(kb).noting_products();
    let report = stream.input(name, bytes, |b| evidence.append(b));
    (report, evidence)
}

fn in_pieces(name: &str, bytes: &[u8], size: usize, kb: &Kb) -> (InputReport, Vec<Evidence>) {
    let mut evidence = Vec::new();
    let mut stream = ScanStream::new(kb).noting_products();
    let pieces = Sliced { bytes, size };
    let report = run_ready(stream.input_pieces(name, bytes.len(), pieces, |b| evidence.append(b)));
    (report, evidence)
}

fn same_in_pieces(name: &str, bytes: &[u8], kb: &Kb, sizes: &[usize]) {
    let want = whole(name, bytes, kb);
    for &size in sizes {
        let got = in_pieces(name, bytes, size, kb);
        assert_eq!(got.0, want.0, "{name} in pieces of {size}: report");
        assert_eq!(got.1, want.1, "{name} in pieces of {size}: evidence");
    }
}

#[test]
fn every_scenario_file_reads_as_its_bytes_do() {
    let kb = Kb::embedded();
    let files = scenario::all_inputs();
    assert!(files.len() > 100, "{} files", files.len());
    for (name, bytes) in &files {
        same_in_pieces(name, bytes, kb, &[1, 4095, 4096, 70_000, 1 << 20]);
    }
}

#[test]
fn generated_logs_read_as_their_bytes_do() {
    let kb = Kb::embedded();
    let distmgr = kbwiz_engine::sample::distmgr_log(600 * 1024);
    let mixed = kbwiz_engine::sample::mixed_log(600 * 1024);
    for (name, log) in [("distmgr.log", &distmgr), ("mixed.log", &mixed)] {
        let (report, evidence) = whole(name, log.as_bytes(), kb);
        assert!(evidence.len() > 1_000, "{name}: {} facts", evidence.len());
        assert_eq!(report.bytes, log.len());
        same_in_pieces(name, log.as_bytes(), kb, &[7, 65_536 + 3, 256 * 1024]);
    }
}

#[test]
fn encodings_shown_at_the_start_or_later_read_as_the_whole_does() {
    let kb = Kb::embedded();
    let log = kbwiz_engine::sample::distmgr_log(40 * 1024);
    let trailer = "  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 10:00:00.201 2004 Pacific Daylight Time><thread=1288 (0x508)>\r\n";
    let utf16 = |text: &str, bom: bool| {
        let mut out: Vec<u8> = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    };
    let mut cp1252 = log.clone().into_bytes();
    cp1252.extend_from_slice(format!("Caf\u{e9} closed{trailer}").as_bytes());
    cp1252.extend_from_slice(b"Caf\xe9 closed");
    cp1252.extend_from_slice(trailer.as_bytes());
    let mut utf8 = log.clone().into_bytes();
    utf8.extend_from_slice(format!("Caf\u{e9} closed{trailer}").as_bytes());
    utf8.extend_from_slice(log.as_bytes());
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(log.as_bytes());
    let inputs: [(&str, Vec<u8>); 6] = [
        ("cp1252.log", cp1252),
        ("utf8.log", utf8),
        ("bom.log", bom),
        ("utf16.log", utf16(&log, true)),
        ("utf16-no-bom.log", utf16(&log, false)),
        (
            "short-utf16.log",
            utf16("Used 1 out of 3 allowed processing threads.", false),
        ),
    ];
    for (name, bytes) in &inputs {
        let (_, evidence) = whole(name, bytes, kb);
        assert!(
            name.starts_with("short") || !evidence.is_empty(),
            "{name} reads as a log"
        );
        same_in_pieces(name, bytes, kb, &[1, 3, 4096, 4097, 50_000]);
    }
    // Nothing at all, and one byte.
    same_in_pieces("empty.log", b"", kb, &[1]);
    same_in_pieces("one.log", b"x", kb, &[1]);
}

#[test]
fn a_diagnosis_of_pieces_is_the_diagnosis_of_the_bytes() {
    let kb = Kb::embedded();
    let files = scenario::inputs(&["full-fault"]);
    assert!(!files.is_empty());
    let inputs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let want = api::diagnose(&inputs, kb);
    let pieces = files
        .iter()
        .map(|(n, b)| {
            (
                n.clone(),
                b.len(),
                Sliced {
                    bytes: b,
                    size: 997,
                },
            )
        })
        .collect();
    let got = run_ready(api::diagnose_pieces(pieces, kb));
    assert_eq!(
        serde_json::to_string(&got.triage()).expect("serialises"),
        serde_json::to_string(&want.triage()).expect("serialises")
    );
    assert_eq!(got.scan.evidence, want.scan.evidence);
    assert_eq!(got.scan.inputs, want.scan.inputs);
    assert_eq!(
        want.findings[0].verdict,
        kbwiz_engine::kb::tree::Verdict::Confirmed
    );
}
