//! Decoding any bytes never panics and yields valid text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = kbwiz_engine::parse::decode(data);
    assert!(text.len() <= data.len().saturating_mul(3) + 3);
});
