//! kbwiz in the browser: mounts the full app on the page body, but only on a
//! page that asks for it (`<meta name="kbwiz-mount">` saying `app`, or
//! `start` on the site, whose first view loads this wasm and hands the page
//! over), so the same wasm can also serve the widget script and the JS API
//! without taking over a host page. The app starts once the page's KB data
//! is read.

fn main() {
    kbwiz_web::panic::install();
    let document = web_sys::window().and_then(|w| w.document());
    let wants_app = document
        .as_ref()
        .and_then(|d| d.query_selector("meta[name=kbwiz-mount]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .is_some_and(|c| c == "app" || c == "start");
    if !wants_app {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match kbwiz_web::library::load_from_page().await {
            Ok(_) => {
                // The first view's page and what the admin did in it, taken
                // over in the same task as the app's first render, so no
                // frame shows neither.
                kbwiz_web::start::handoff::take_over();
                yew::Renderer::<kbwiz_web::app::App>::new().render();
                kbwiz_web::start::handoff::mark_started(true);
            }
            Err(e) => {
                // Nothing works without articles: say so where the app would be.
                if let Some(body) = document.and_then(|d| d.body()) {
                    let note = gloo::utils::document().create_element("p").ok();
                    if let Some(note) = note {
                        note.set_attribute("role", "alert").ok();
                        note.set_text_content(Some(&format!(
                            "kbwiz cannot start: its knowledge base could not be loaded ({e})."
                        )));
                        body.append_child(&note).ok();
                    }
                }
                kbwiz_web::start::handoff::mark_started(false);
            }
        }
    });
}
