//! A panic is a bug, but the admin should not be left with a blank page: the
//! hook shows an error panel (text only) with a report they can copy into a
//! ticket, and logs the panic to the console.

use std::sync::Once;

static INSTALL: Once = Once::new();

/// Install the hook (once per page, whoever calls first).
pub fn install() {
    INSTALL.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let report = format!(
                "kbwiz {} stopped with an internal error.\n\n{info}\n\nUser agent: {}",
                env!("CARGO_PKG_VERSION"),
                web_sys::window()
                    .and_then(|w| w.navigator().user_agent().ok())
                    .unwrap_or_default()
            );
            web_sys::console::error_1(&report.as_str().into());
            show_report(&report);
        }));
    });
}

/// Put the panel on the page; every string goes in as text, never as HTML.
/// Public so the browser tests can check the panel without aborting the test
/// (a panic in wasm aborts the whole module).
pub fn show_report(report: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    let make = |tag: &str, text: &str| {
        let el = document.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        Some(el)
    };
    let Some(panel) = document.create_element("section").ok() else {
        return;
    };
    panel.set_class_name("panic-panel");
    panel.set_attribute("role", "alert").ok();
    let parts = [
        make("h2", "kbwiz hit an internal error"),
        make("p", "Your inputs are still in this browser's storage. Reload the page to continue; if it happens again, copy the report below into a ticket."),
        make("textarea", report),
    ];
    for part in parts.into_iter().flatten() {
        panel.append_child(&part).ok();
    }
    body.prepend_with_node_1(&panel).ok();
}
