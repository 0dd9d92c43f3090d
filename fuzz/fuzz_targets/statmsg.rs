//! Fuzzes the STATMSG key=value tokenizer directly and inside a log line.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for (key, value) in kbwiz_engine::parse::StatmsgTokens::new(&text) {
        assert!(key.len() + value.len() <= text.len());
    }
    let line = format!(
        "STATMSG: {text}  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:23:16.472 2004 Pacific Daylight Time><thread=1 (0x1)>"
    );
    let _ = kbwiz_engine::parse::parse_input("fuzz", line.as_bytes());
});
