//! The site's first view: paints the start page from the KB's index and
//! loads the app, which takes the page over (`kbwiz_web::start`). Only on a
//! page that asks for it (`<meta name="kbwiz-mount" content="start">`).
//!
//! A program of its own so that the first paint needs neither the engine
//! nor the KB data: the app's wasm and the data are fetched once the start
//! page is on screen.

fn main() {
    kbwiz_web::panic::install();
    let wants_start = gloo::utils::document()
        .query_selector("meta[name=kbwiz-mount]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .is_some_and(|c| c == "start");
    if wants_start {
        wasm_bindgen_futures::spawn_local(kbwiz_web::start::page::run());
    }
}
