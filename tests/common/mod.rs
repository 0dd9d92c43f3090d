//! DOM helpers shared by the browser component tests.
#![allow(dead_code)] // each test file uses its own subset

/// The text of the first element matching `selector` (panics when none does).
pub fn text(root: &web_sys::Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

/// The trimmed texts of every element matching `selector`.
pub fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default().trim().to_string())
        .collect()
}

/// A fresh `<div>` appended to the page body, to mount a component into.
pub fn mount_point() -> web_sys::Element {
    let document = gloo::utils::document();
    let div = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&div)
        .expect("appended");
    div
}

/// Make the repository's articles the page's knowledge base, as a page does
/// when it starts (read from the KB data, written by `build.rs`).
pub fn install_kb() -> std::rc::Rc<kbwiz_engine::kb::Kb> {
    kbwiz_web::library::install(
        include_str!(concat!(env!("OUT_DIR"), "/kbwiz-kb.json")),
        None,
    )
    .expect("the KB data reads")
}
