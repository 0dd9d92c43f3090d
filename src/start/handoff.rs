//! How the first view hands the page to the app. The first view publishes
//! one object on the window, `kbwizStart`, and records in it what the
//! admin did before the app arrived: "Read paste" pressed, files dropped or
//! picked, an article chosen. The app, once its KB is read, takes the
//! paste box's and search box's text from the page, the rest from the
//! object, and calls its `stop`, which unmounts the first view; the views
//! then carry the admin's actions out as if made in the app.
//!
//! A plain object on the window, not an import: the two programs are
//! separate wasm modules with their own memories.

use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The window property both sides use.
const GLOBAL: &str = "kbwizStart";

/// What the admin did before the app took over.
#[derive(Debug, Default)]
pub struct Pending {
    /// The paste box's text.
    pub text: String,
    /// "Read paste" was pressed.
    pub read: bool,
    /// Files dropped or picked, in order.
    pub files: Vec<web_sys::File>,
    /// The search box's text.
    pub query: String,
    /// The article chosen (the wizard opens on it).
    pub pick: Option<String>,
    /// Which symptoms were unfolded, by their place on the page.
    pub unfolded: Vec<u32>,
    /// The element that had the keyboard focus, by its id.
    pub focus: Option<String>,
}

/// The symptoms' folds, in page order, on either program's start page.
const FOLDS: &str = ".symptoms details";

thread_local! {
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
}

fn object() -> Option<js_sys::Object> {
    js_sys::Reflect::get(&gloo::utils::window(), &GLOBAL.into())
        .ok()
        .and_then(|o| o.dyn_into().ok())
}

fn set(key: &str, value: &JsValue) {
    if let Some(o) = object() {
        js_sys::Reflect::set(&o, &key.into(), value).ok();
    }
}

/// First view: publish the object, with `stop` unmounting the first view.
pub fn publish(stop: impl FnOnce() + 'static) {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"files".into(), &js_sys::Array::new()).ok();
    js_sys::Reflect::set(&o, &"stop".into(), &Closure::once_into_js(stop)).ok();
    js_sys::Reflect::set(&gloo::utils::window(), &GLOBAL.into(), &o).ok();
}

/// First view: "Read paste" was pressed.
pub fn note_read() {
    set("read", &JsValue::TRUE);
}

/// First view: these files were dropped or picked.
pub fn note_files(list: Option<web_sys::FileList>) {
    let (Some(list), Some(o)) = (list, object()) else {
        return;
    };
    let files: Option<js_sys::Array> = js_sys::Reflect::get(&o, &"files".into())
        .ok()
        .and_then(|f| f.dyn_into().ok());
    if let Some(files) = files {
        for i in 0..list.length() {
            if let Some(f) = list.get(i) {
                files.push(&f);
            }
        }
    }
}

/// First view: this article was chosen.
pub fn note_pick(id: &str) {
    set("pick", &id.into());
}

/// The value of the page's form field `id`, if it has one.
fn field(id: &str) -> String {
    let el = gloo::utils::document().get_element_by_id(id);
    el.as_ref()
        .and_then(|e| e.dyn_ref::<web_sys::HtmlTextAreaElement>())
        .map(|t| t.value())
        .or_else(|| {
            el.as_ref()
                .and_then(|e| e.dyn_ref::<web_sys::HtmlInputElement>())
                .map(|i| i.value())
        })
        .unwrap_or_default()
}

/// App: take the page over from the first view, if one is there. Reads
/// what the admin did, stops the first view, and keeps the actions for the
/// views ([`take`]). Returns whether there was a first view.
pub fn take_over() -> bool {
    let Some(o) = object() else {
        return false;
    };
    let get = |k: &str| js_sys::Reflect::get(&o, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let files = get("files")
        .dyn_into::<js_sys::Array>()
        .map(|a| a.iter().filter_map(|f| f.dyn_into().ok()).collect())
        .unwrap_or_default();
    let document = gloo::utils::document();
    let unfolded = document
        .query_selector_all(FOLDS)
        .map(|all| {
            (0..all.length())
                .filter(|&i| {
                    all.get(i)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|e| e.has_attribute("open"))
                })
                .collect()
        })
        .unwrap_or_default();
    let focus = document
        .active_element()
        .map(|e| e.id())
        .filter(|id| !id.is_empty());
    let pending = Pending {
        unfolded,
        focus,
        text: field("paste-area"),
        read: get("read").is_truthy(),
        files,
        query: field("kb-search"),
        pick: get("pick").as_string(),
    };
    PENDING.with(|p| *p.borrow_mut() = Some(pending));
    if let Ok(stop) = get("stop").dyn_into::<js_sys::Function>() {
        stop.call0(&JsValue::NULL).ok();
    }
    js_sys::Reflect::delete_property(&gloo::utils::window(), &GLOBAL.into()).ok();
    true
}

/// App: take part of what the admin did before the app arrived (each view
/// takes its own part, once).
pub fn take<T>(part: impl FnOnce(&mut Pending) -> T) -> Option<T> {
    PENDING.with(|p| p.borrow_mut().as_mut().map(part))
}

/// App, after its first render: unfold the symptoms the admin had unfolded
/// and give the focus back where it was.
pub fn restore_page() {
    let Some((unfolded, focus)) = take(|p| (std::mem::take(&mut p.unfolded), p.focus.take()))
    else {
        return;
    };
    let document = gloo::utils::document();
    if let Ok(all) = document.query_selector_all(FOLDS) {
        for i in unfolded {
            if let Some(e) = all
                .get(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                e.set_attribute("open", "").ok();
            }
        }
    }
    if let Some(e) = focus
        .and_then(|id| document.get_element_by_id(&id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        e.focus().ok();
    }
}

/// The attribute on `<html>` that says the app has started (`app`) or could
/// not (`failed`): what a page embedding the site, or a test, waits for
/// before it acts on the app rather than on the first view.
pub const STARTED_ATTRIBUTE: &str = "data-kbwiz";

/// App: say on the page that it has started, or failed to.
pub fn mark_started(ok: bool) {
    if let Some(html) = gloo::utils::document().document_element() {
        html.set_attribute(STARTED_ATTRIBUTE, if ok { "app" } else { "failed" })
            .ok();
    }
}
