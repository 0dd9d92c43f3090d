//! Any bytes through the whole scanner; scanning in two chunks must give the
//! same result as scanning at once.
#![no_main]
use kbwiz_engine::parse::{decode, parse_input, Scanner};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let whole = parse_input("fuzz", data);
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
});
