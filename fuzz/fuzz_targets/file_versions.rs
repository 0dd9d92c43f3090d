//! Fuzzes \\SMS\\bin\\i386\n:dir listings, version tables and Schedule.box counts: the data follows a first line that opens that block.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = b" Directory of C".to_vec();
    input.extend_from_slice(data);
    // With every memo and fast path, and with none: the same reading.
    assert_eq!(
        kbwiz_engine::parse::parse_input("fuzz", &input),
        kbwiz_engine::parse::parse_input_reference("fuzz", &input)
    );
});
