//! kbwiz in the browser: mounts the full app on the page body, but only on a
//! page that asks for it (`<meta name="kbwiz-mount" content="app">`), so the
//! same wasm can also serve the widget script and the JS API without taking
//! over a host page.

fn main() {
    kbwiz_web::panic::install();
    let wants_app = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=kbwiz-mount]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .is_some_and(|c| c == "app");
    if wants_app {
        yew::Renderer::<kbwiz_web::app::App>::new().render();
    }
}
