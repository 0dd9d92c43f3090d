//! Fuzzes regedit exports. Data that already starts like an export (a BOM or
//! `REGEDIT`/`Windows`) is taken as is, so UTF-16 inputs are exercised too;
//! other data follows a version 5.00 header line.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let as_is = [
        &b"\xFF\xFE"[..],
        b"\xFE\xFF",
        b"\xEF\xBB\xBF",
        b"REGEDIT",
        b"Windows",
    ]
    .iter()
    .any(|p| data.starts_with(p));
    if as_is {
        // With every memo and fast path, and with none: the same reading.
        assert_eq!(
            kbwiz_engine::parse::parse_input("fuzz", data),
            kbwiz_engine::parse::parse_input_reference("fuzz", data)
        );
    } else {
        let mut input = b"Windows Registry Editor Version 5.00\r\n".to_vec();
        input.extend_from_slice(data);
        // With every memo and fast path, and with none: the same reading.
        assert_eq!(
            kbwiz_engine::parse::parse_input("fuzz", &input),
            kbwiz_engine::parse::parse_input_reference("fuzz", &input)
        );
    }
});
