//! Fuzzes the STATMSG key=value tokenizer directly and inside a log line, and
//! checks the fast path for SMS's key order against the general tokenizer,
//! and its reading of each line after the lines before it against a fresh one.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for (key, value) in kbwiz_engine::parse::StatmsgTokens::new(&text) {
        assert!(key.len() + value.len() <= text.len());
    }
    // Whenever the fast path for SMS's key order takes a line, it must read
    // it as the general tokenizer does.
    assert!(
        kbwiz_engine::parse::statmsg_fast_path_agrees(&text),
        "fast and general STATMSG readings differ: {text:?}"
    );
    // Each line is read alike after the lines before it (what the memos
    // keep from line to line) as alone.
    assert_eq!(
        kbwiz_engine::parse::statmsg_memo_disagrees(text.lines()),
        None,
        "a line read otherwise after the lines before it"
    );
    let line = format!(
        "STATMSG: {text}  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:23:16.472 2004 Pacific Daylight Time><thread=1 (0x1)>"
    );
    assert_eq!(
        kbwiz_engine::parse::parse_input("fuzz", line.as_bytes()),
        kbwiz_engine::parse::parse_input_reference("fuzz", line.as_bytes())
    );
});
