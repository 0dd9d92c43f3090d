//! Session restore on hostile bytes: any data as JSON into the engine's
//! `Session` (what the web app's saved state and imported session files
//! carry), then placed on the embedded knowledge base. Both steps must return
//! a value or an error, never panic or overflow the stack.
#![no_main]
use kbwiz_engine::kb::Kb;
use kbwiz_engine::tree::Session;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(session) = serde_json::from_slice::<Session>(data) else {
        return;
    };
    let kb = Kb::embedded();
    let _ = session.position(kb);
    let _ = kbwiz_engine::tree::diagnose(&session.evidence, kb);
});
