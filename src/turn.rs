//! Giving the browser a turn between two steps of long work (reading a
//! large file, diagnosing its facts): the page paints its progress bar,
//! runs its timers and handles Cancel there, and the work goes on after.
//!
//! A turn is a message posted to a channel of our own: a task queued
//! behind what the browser has waiting, with no delay of its own.
//! - Not `setTimeout(0)`: a timer set from inside a timer's callback is
//!   clamped to at least 4 ms once five are nested (the HTML standard's
//!   timer nesting rule), so a 100 MiB file's hundred-odd steps sat idle
//!   for hundreds of milliseconds; background tabs throttle timers too.
//! - Not `scheduler.yield()`: its continuations run ahead of the page's
//!   other tasks, so while a large file was read the page's own timers
//!   waited up to 263 ms and a test polling the page never saw the
//!   progress bar (`docs/performance.md`, "A turn without a timer").

use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Let the browser run what is waiting (input, timers, a paint), then come
/// back.
pub async fn give_turn() {
    // The channel is held here until its message arrives: a port nothing
    // refers to could be collected with the message still queued.
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return; // not seen in a browser: go on without a turn
    };
    let arrived = Promise::new(&mut |resolve, _reject| {
        channel.port1().set_onmessage(Some(&resolve));
        if channel.port2().post_message(&JsValue::NULL).is_err() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    // It never rejects; if it did, the turn was given all the same.
    let _ = JsFuture::from(arrived).await;
    channel.port1().set_onmessage(None);
    channel.port1().close();
    channel.port2().close();
}
