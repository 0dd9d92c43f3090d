//! Case files on hostile bytes: any data through the case reader and, when
//! it reads, its inputs diagnosed and its answers replayed on the embedded
//! knowledge base (`kbwiz_engine::api::case_open`). It must return the
//! opened case or its problems with JSON paths, never panic.
#![no_main]
use kbwiz_engine::kb::Kb;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match kbwiz_engine::api::case_open(data, Kb::embedded()) {
        Ok(opened) => {
            let _ = serde_json::to_string(&opened);
        }
        Err(refused) => {
            assert!(!refused.problems.is_empty());
            assert!(refused.problems.iter().all(|p| p.path.starts_with('$')));
        }
    }
});
