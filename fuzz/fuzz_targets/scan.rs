//! Any bytes through the whole scanner. Scanning in two chunks must give the
//! same result as scanning at once, and so must scanning in small chunks with
//! the settled evidence drained after each (as `kbwiz scan` streams). The
//! whole scan reads its input a piece at a time as it decodes it
//! (`parse_input`); the others decode it first. Every one of them must also
//! give what the reference reading gives (`Scanner::reference`: no memo,
//! no fast path), so a memo or fast path that reads any input otherwise
//! fails here. The bytes are also read under a SQL result's header.
#![no_main]
use kbwiz_engine::parse::{chunks, decode, parse_input, parse_input_reference, Scanner};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let whole = parse_input("fuzz", data);
    assert_eq!(
        whole,
        parse_input_reference("fuzz", data),
        "the fast reading differs from the reference one"
    );
    let text = decode(data);
    let mut mid = text.len() / 2;
    while !text.is_char_boundary(mid) {
        mid -= 1;
    }
    let mut scanner = Scanner::new("fuzz", text.len());
    scanner.set_input_bytes(data.len());
    scanner.feed(&text[..mid]);
    scanner.feed(&text[mid..]);
    assert_eq!(scanner.finish(), whole);

    // Chunks of 1 to 16 bytes, the size taken from the first byte.
    let size = usize::from(data.first().copied().unwrap_or(0) % 16) + 1;
    let mut scanner = Scanner::new("fuzz", text.len());
    scanner.set_input_bytes(data.len());
    let (mut evidence, mut entries) = (Vec::new(), Vec::new());
    let (mut all_evidence, mut all_entries) = (Vec::new(), Vec::new());
    for chunk in chunks(&text, size) {
        scanner.feed(chunk);
        // An empty chunk must change nothing, even between a CR and its LF.
        scanner.feed("");
        scanner.drain_into(&mut evidence, &mut entries);
        // Facts taken, or copied and left for the scanner to reuse their
        // buffers (as `kbwiz scan` leaves them), as the input's length says.
        if data.len() % 2 == 0 {
            all_evidence.append(&mut evidence);
        } else {
            all_evidence.extend(evidence.iter().cloned());
        }
        all_entries.append(&mut entries);
    }
    let report = scanner.finish_drained(&mut evidence, &mut entries);
    all_evidence.append(&mut evidence);
    all_entries.append(&mut entries);
    assert_eq!(report, whole.report);
    assert_eq!(all_evidence, whole.evidence);
    assert_eq!(all_entries, whole.entries);

    // The same bytes under a SQL result's header (tab- and comma-separated),
    // so that they are read as result rows, quoted cells and all.
    for header in [&b"PkgID,DPNALPath,SiteCode\n"[..], b"PkgID\tDPNALPath\tSiteCode\n"] {
        let mut input = header.to_vec();
        input.extend_from_slice(data);
        assert_eq!(
            parse_input("fuzz", &input),
            parse_input_reference("fuzz", &input),
            "under a SQL header"
        );
    }
});
