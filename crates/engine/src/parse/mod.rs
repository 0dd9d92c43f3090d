//! Evidence parsers: arbitrary bytes in, [`crate::evidence::Scan`] out.
//!
//! [`decode`] turns bytes into text (BOM sniffing, UTF-16, Windows-1252), the
//! [`Scanner`] reads it line by line and recognises each block (SMS component
//! logs and their `STATMSG` lines, CMTrace logs and copies, Status Message
//! Viewer exports and `Message ID:` lines, regedit exports, file-version and
//! `dir` listings, SQL query results), and each block's parser turns it
//! into typed evidence with provenance. Nothing here panics on any input: what cannot be read is
//! reported as a [`crate::evidence::Problem`] and reading goes on.
//!
//! Reading is fast (about 1 GB/s natively) through memos and fast paths, all
//! kept out of the parsers' way: every per-input cache is in `cache/`, behind
//! one type the scanner owns, and the STATMSG fast path and its memo are in
//! `statmsg/fast.rs` and `statmsg/memo.rs` beside the general reading
//! (`statmsg/reference.rs`). [`Scanner::reference`] reads with none of them;
//! `tests/parse_reference.rs` and the fuzz targets check that both readings
//! agree.

// Every per-input cache and the reference mode that bypasses them.
mod cache;
mod cmtrace;
pub mod cp1252;
// Also read by the tree, for the dates file listings show.
pub(crate) mod datetime;
mod decode;
mod lines;
mod listing;
mod out;
mod placeholder;
mod reg;
mod scanner;
mod smslog;
mod sqlrows;
mod statmsg;
mod status;
// Also used by the evidence's enrichment.
pub(crate) mod trim;
mod versions;
pub mod zones;

pub use decode::{decode, sniff, Decoding, Encoding};
/// The line splitter every parser uses, so views number lines the same way.
pub use lines::{line_piece_end, push_line_ranges, Lines};
pub use out::{ParsedInput, MAX_PROBLEMS};
pub use scanner::{chunk_end, chunks, Progress, Scanner};
pub use smslog::message_lines;
#[doc(hidden)]
pub use statmsg::fast_path_agrees as statmsg_fast_path_agrees;
#[doc(hidden)]
pub use statmsg::memo_disagrees as statmsg_memo_disagrees;
pub use statmsg::Tokens as StatmsgTokens;

use crate::evidence::{Entry, Evidence, InputReport, Scan};

/// Scan one input: its report, its evidence (in line order) and its log entries.
pub fn scan_input(name: &str, bytes: &[u8]) -> (InputReport, Vec<Evidence>, Vec<Entry>) {
    let parsed = parse_input(name, bytes);
    (parsed.report, parsed.evidence, parsed.entries)
}

/// [`scan_input`], as one struct.
pub fn parse_input(name: &str, bytes: &[u8]) -> ParsedInput {
    read_input(Scanner::new(name, bytes.len()), bytes)
}

/// [`parse_input`] in reference mode ([`Scanner::reference`]): no memo, no
/// fast path. The same result, slower; for tests that compare the two.
pub fn parse_input_reference(name: &str, bytes: &[u8]) -> ParsedInput {
    read_input(Scanner::reference(name, bytes.len()), bytes)
}

/// All of `bytes` through `scanner`, decoded a piece at a time.
fn read_input(mut scanner: Scanner, bytes: &[u8]) -> ParsedInput {
    scanner.set_input_bytes(bytes.len());
    decode::decode_in_pieces(bytes, STREAM_CHUNK, |piece| scanner.feed(piece));
    scanner.finish()
}

/// Text fed to the scanner at a time by [`stream_input`]. A chunk's facts are
/// made, used and dropped together; at 256 KiB (about 900 status messages)
/// they stay in the processor's cache between those steps (sizes compared
/// in `docs/performance.md`).
const STREAM_CHUNK: usize = 1 << 18;

/// Scan one input in chunks, handing each batch of evidence to `batch` as
/// soon as no later line can change it, and return the input's report.
/// Memory then grows with one chunk's evidence, not the input's: what the
/// command line uses to report on a log of any size. Batches come in line
/// order and add up to [`parse_input`]'s evidence (the tests below check it
/// at several chunk sizes); the log entries are counted in the report and
/// dropped.
pub fn stream_input(
    name: &str,
    bytes: &[u8],
    batch: impl FnMut(&mut Vec<Evidence>),
) -> InputReport {
    stream_in_chunks(name, bytes, STREAM_CHUNK, batch)
}

/// [`stream_input`] with chunks of about `chunk` bytes ([`chunk_end`]).
fn stream_in_chunks(
    name: &str,
    bytes: &[u8],
    chunk: usize,
    mut batch: impl FnMut(&mut Vec<Evidence>),
) -> InputReport {
    let mut scanner = Scanner::new(name, bytes.len());
    scanner.set_input_bytes(bytes.len());
    let (mut evidence, mut entries) = (Vec::new(), Vec::new());
    decode::decode_in_pieces(bytes, chunk, |piece| {
        scanner.feed(piece);
        scanner.drain_into(&mut evidence, &mut entries);
        if !evidence.is_empty() {
            batch(&mut evidence);
        }
    });
    let report = scanner.finish_drained(&mut evidence, &mut entries);
    if !evidence.is_empty() {
        batch(&mut evidence);
    }
    report
}

/// Scan every input; evidence comes in input order, then line order.
pub fn scan(inputs: &[(&str, &[u8])]) -> Scan {
    let mut scan = Scan::default();
    for (name, bytes) in inputs {
        let parsed = parse_input(name, bytes);
        scan.inputs.push(parsed.report);
        if scan.evidence.is_empty() {
            // Move, not copy: for one large input, copying would hold the
            // evidence twice at the peak.
            scan.evidence = parsed.evidence;
        } else {
            scan.evidence.extend(parsed.evidence);
        }
    }
    scan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_batches_add_up_to_the_whole_scan() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/parse");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("tests/data/parse")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        assert!(files.len() >= 10, "{} samples", files.len());
        for path in files {
            let bytes = std::fs::read(&path).expect("readable");
            let whole = parse_input("sample", &bytes);
            // The text decoded first and fed at once, as before pieces.
            let text = decode(&bytes);
            let mut scanner = Scanner::new("sample", text.len());
            scanner.set_input_bytes(bytes.len());
            scanner.feed(&text);
            assert_eq!(scanner.finish(), whole, "{path:?} fed whole");
            for chunk in [1, 5, 64, 4096, STREAM_CHUNK] {
                // Batches taken, and batches copied and left to the scanner,
                // which then fills the next facts' buffers from them.
                for take in [true, false] {
                    let mut evidence = Vec::new();
                    let report = stream_in_chunks("sample", &bytes, chunk, |batch| {
                        if take {
                            evidence.append(batch);
                        } else {
                            evidence.extend(batch.iter().cloned());
                        }
                    });
                    assert_eq!(report, whole.report, "{path:?} in chunks of {chunk}");
                    assert_eq!(evidence, whole.evidence, "{path:?} in chunks of {chunk}");
                }
            }
        }
    }
}
