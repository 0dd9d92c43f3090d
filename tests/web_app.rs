//! Component tests of the app in headless Chromium (wasm-bindgen-test): the
//! inputs list, an evidence item, and a wizard step answered by evidence and
//! then overridden. Each test mounts a fresh app into its own element, after
//! clearing the saved session and the route.
#![cfg(target_arch = "wasm32")]

use kbwiz_engine::parse::parse_input;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::text;

const FULL_FAULT: &str = include_str!("data/scenarios/full-fault/distmgr.log");

fn fresh_root() -> web_sys::Element {
    let window = gloo::utils::window();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    window.location().set_hash("").unwrap();
    let div = common::mount_point();
    common::install_kb();
    yew::Renderer::<kbwiz_web::app::App>::with_root(div.clone()).render();
    div
}

/// Let yew render and async work (file reading, chunked parsing) finish
/// until `selector` matches, or fail after ~5 s.
async fn wait_for(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    for _ in 0..500 {
        yew::scheduler::flush().await;
        if let Some(el) = root.query_selector(selector).unwrap() {
            return el;
        }
        gloo::timers::future::TimeoutFuture::new(10).await;
    }
    panic!("nothing matches {selector}");
}

fn click(root: &web_sys::Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
}

/// Click the first button whose text is `label`.
fn click_button(root: &web_sys::Element, label: &str) {
    let buttons = root.query_selector_all("button").unwrap();
    for i in 0..buttons.length() {
        let b: web_sys::HtmlElement = buttons.get(i).unwrap().dyn_into().unwrap();
        if b.text_content().as_deref() == Some(label) {
            b.click();
            return;
        }
    }
    panic!("no button {label}");
}

async fn paste(root: &web_sys::Element, body: &str) {
    let area: web_sys::HtmlTextAreaElement =
        wait_for(root, "#paste-area").await.dyn_into().unwrap();
    area.set_value(body);
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    click(root, "#read-paste");
    wait_for(root, ".input-row").await;
}

#[wasm_bindgen_test]
async fn app_renders_title_and_articles() {
    let root = fresh_root();
    wait_for(&root, "h1").await;
    assert_eq!(text(&root, "h1"), "kbwiz");
    // One list per library; Q319207 is in the SMS one.
    assert!(text(&root, ".article-list").contains("Q319207"));
}

#[wasm_bindgen_test]
async fn inputs_list_shows_format_size_entries_and_problems() {
    let root = fresh_root();
    paste(&root, FULL_FAULT).await;
    let expected = parse_input("paste 1", FULL_FAULT.as_bytes()).report;
    assert_eq!(text(&root, ".input-row .input-name"), "paste 1");
    assert_eq!(text(&root, ".input-row .input-format"), "sms-log");
    assert_eq!(
        text(&root, ".input-row .input-entries"),
        expected.entries.to_string()
    );
    assert_eq!(text(&root, ".input-row .input-problems"), "none");
    // Removing the input empties the list.
    click_button(&root, "Remove");
    wait_for(&root, ".inputs .empty").await;
}

#[wasm_bindgen_test]
async fn evidence_item_links_to_its_source_line() {
    let root = fresh_root();
    paste(&root, FULL_FAULT).await;
    click(&root, "nav a[href='#/evidence']");
    let item = wait_for(&root, ".evidence-item").await;
    let link = item.query_selector("a.source").unwrap().unwrap();
    assert_eq!(link.text_content().as_deref(), Some("paste 1:5"));
    let line5 = FULL_FAULT.lines().nth(4).unwrap();
    assert_eq!(
        item.query_selector("code")
            .unwrap()
            .unwrap()
            .text_content()
            .as_deref(),
        Some(line5)
    );
    link.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    let marked = wait_for(&root, "#marked-line").await;
    assert!(marked.text_content().unwrap().contains("STATMSG: ID=2328"));
}

#[wasm_bindgen_test]
async fn wizard_step_answered_by_evidence_can_be_overridden() {
    let root = fresh_root();
    paste(&root, FULL_FAULT).await;
    click(&root, "nav a[href='#/wizard']");
    // Answer what evidence cannot, until evidence has an answer.
    for _ in 0..5 {
        yew::scheduler::flush().await;
        if root.query_selector("#accept").unwrap().is_some() {
            break;
        }
        click_button(&root, "I don't know");
    }
    click(&root, "#accept");
    let step = wait_for(&root, ".step.by-evidence").await;
    assert!(step
        .text_content()
        .unwrap()
        .contains("yes — answered by evidence"));
    assert!(step
        .query_selector(".proof .evidence-item")
        .unwrap()
        .is_some());
    step.query_selector(".override-toggle")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    let no = step
        .query_selector(".answers .no")
        .unwrap()
        .expect("override controls");
    no.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    let overridden = wait_for(&root, ".step.override").await;
    assert!(overridden
        .text_content()
        .unwrap()
        .contains("no — your answer overrides the evidence, which said yes"));
}

#[wasm_bindgen_test]
async fn panic_panel_shows_the_report_as_text() {
    let report = "kbwiz stopped: <img src=x onerror=alert(1)> at src/state.rs:1";
    kbwiz_web::panic::show_report(report);
    let document = gloo::utils::document();
    let panel = document
        .query_selector(".panic-panel")
        .unwrap()
        .expect("a panel");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    let area: web_sys::HtmlTextAreaElement = panel
        .query_selector("textarea")
        .unwrap()
        .expect("the report")
        .dyn_into()
        .unwrap();
    assert_eq!(area.value(), report);
    assert!(panel.query_selector("img").unwrap().is_none());
    panel.remove();
}
