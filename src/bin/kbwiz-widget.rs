//! The wasm of `dist/widget/`: the `<kbwiz-widget>` element and the JS API
//! (`window.kbwiz`), both set up by `assets/kbwiz-widget.js`.
//!
//! The site's own wasm (`src/main.rs`) exports none of this: the site never
//! calls it, and the JSON writers behind the JS API are about a twelfth of the
//! site's first view after gzip. So the exports live here, in a binary of
//! their own that `cargo xtask dist` builds beside the site's
//! (`assets/kbwiz-widget.html`), over the same library code.

use kbwiz_web::js_api;
use wasm_bindgen::prelude::*;

/// A mounted widget; the loader keeps it to unmount on removal or re-mount
/// when an attribute changes.
#[wasm_bindgen]
pub struct WidgetHandle {
    app: Option<yew::AppHandle<kbwiz_web::app::App>>,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Tear the widget's app down (idempotent).
    pub fn unmount(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// See [`kbwiz_web::widget::mount_widget`].
#[wasm_bindgen]
pub fn mount_widget(
    root: web_sys::Element,
    article: String,
    compact: bool,
    theme: String,
    host: web_sys::Element,
) -> WidgetHandle {
    WidgetHandle {
        app: Some(kbwiz_web::widget::mount_widget(
            root, article, compact, theme, host,
        )),
    }
}

/// `kbwiz.scan(inputs)`: see [`js_api::scan_json`].
#[wasm_bindgen]
pub fn scan_json(inputs: js_sys::Array) -> Result<String, JsValue> {
    js_api::scan_json(inputs)
}

/// `kbwiz.diagnose(inputs)`: see [`js_api::diagnose_json`].
#[wasm_bindgen]
pub fn diagnose_json(inputs: js_sys::Array) -> Result<String, JsValue> {
    js_api::diagnose_json(inputs)
}

/// `kbwiz.simulate(params, { compare, evidence })`: see [`js_api::simulate_json`].
#[wasm_bindgen]
pub fn simulate_json(
    params_json: &str,
    compare_runs: bool,
    evidence: js_sys::Array,
) -> Result<String, JsValue> {
    js_api::simulate_json(params_json, compare_runs, evidence)
}

/// Benchmark support (`cargo xtask bench`): see [`js_api::phases_json`].
#[wasm_bindgen]
pub fn phases_json(inputs: js_sys::Array, diagnose: bool) -> Result<String, JsValue> {
    js_api::phases_json(inputs, diagnose)
}

/// A host page never hands its body to kbwiz: the loader mounts one app per
/// element. Only the panic hook is installed, as on the site.
fn main() {
    kbwiz_web::panic::install();
}
