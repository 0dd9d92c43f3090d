//! The Rust side of `<kbwiz-widget>`: the loader (`assets/kbwiz-widget.js`)
//! creates the element's shadow root and a container inside it, then calls
//! [`mount_widget`], which renders the app there in embed mode and turns each
//! verdict into a bubbling, composed `kbwiz-verdict` event on the host element.
//! Every widget is its own yew app, so several on one page are independent.

use crate::app::{App, AppProps};
use crate::embed::{Embed, Theme, VerdictEvent};
use wasm_bindgen::prelude::*;
use yew::Callback;

/// The event a widget dispatches on its host element when its verdict changes.
pub const VERDICT_EVENT: &str = "kbwiz-verdict";

/// Render the wizard for `article` inside `root` (a container in the host's
/// shadow root). `compact` and `theme` (`light`, `dark`, else system) come from
/// the host's attributes; verdicts are dispatched on `host`. Returns the
/// function that tears the widget's app down, which the loader calls once, on
/// removal or before re-mounting when an attribute changes (a JS function
/// rather than an exported handle class: the glue, part of the site's first
/// view, then carries no class for it).
#[wasm_bindgen]
pub fn mount_widget(
    root: web_sys::Element,
    article: String,
    compact: bool,
    theme: String,
    host: web_sys::Element,
) -> js_sys::Function {
    let embed = Embed {
        article,
        compact,
        theme: Theme::from_attr(Some(&theme)),
        on_verdict: Callback::from(move |event: VerdictEvent| dispatch_verdict(&host, &event)),
    };
    let app =
        yew::Renderer::<App>::with_root_and_props(root, AppProps { embed: Some(embed) }).render();
    Closure::once_into_js(move || app.destroy()).unchecked_into()
}

/// Dispatch `kbwiz-verdict` with `{ article, verdict, outcome }` as detail.
/// Failures (an event the page refuses) are reported to the console only:
/// the widget keeps working.
fn dispatch_verdict(host: &web_sys::Element, event: &VerdictEvent) {
    let detail = serde_json::to_string(event)
        .ok()
        .and_then(|s| js_sys::JSON::parse(&s).ok())
        .unwrap_or(JsValue::NULL);
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    match web_sys::CustomEvent::new_with_event_init_dict(VERDICT_EVENT, &init) {
        Ok(ev) => {
            if let Err(e) = host.dispatch_event(&ev) {
                web_sys::console::error_2(
                    &JsValue::from_str("kbwiz: cannot dispatch kbwiz-verdict"),
                    &e,
                );
            }
        }
        Err(e) => {
            web_sys::console::error_2(&JsValue::from_str("kbwiz: cannot create kbwiz-verdict"), &e)
        }
    }
}
