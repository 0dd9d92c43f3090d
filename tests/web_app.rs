//! Component tests in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_point() -> web_sys::Element {
    let document = gloo::utils::document();
    let div = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&div)
        .expect("appended");
    div
}

#[wasm_bindgen_test]
async fn app_renders_title_and_articles() {
    let root = mount_point();
    yew::Renderer::<kbwiz_web::app::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    let h1 = root.query_selector("h1").unwrap().expect("an h1");
    assert_eq!(h1.text_content().as_deref(), Some("kbwiz"));
    let items = root.query_selector_all(".articles li").unwrap();
    assert!(items.length() >= 1);
}
