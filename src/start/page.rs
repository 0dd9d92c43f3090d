//! The first view's own program: the start page painted from the KB's
//! index while the app loads, and the app's loading started once it is on
//! screen. What the admin does before the app arrives is recorded for it
//! ([`super::handoff`]): nothing here reads an input or the KB.

use super::handoff;
use crate::route::Route;
use kbwiz_engine::kb::catalog::Index;
use std::rc::Rc;
use yew::prelude::*;

/// The page's link to the index (`<link id="kbwiz-index" href>`).
pub const INDEX_ELEMENT_ID: &str = "kbwiz-index";
/// The script that loads the app (from `assets/`, beside the page).
pub const APP_LOADER: &str = "kbwiz-app-loader.js";

#[derive(Properties, PartialEq)]
pub struct StartProps {
    /// The index, or why it could not be read (the app is loaded anyway).
    pub index: Rc<Result<Index, String>>,
    /// A saved session is being restored: the app draws it, not this.
    pub restoring: bool,
}

fn current_route() -> Route {
    Route::from_hash(
        &web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default(),
    )
}

/// The start page as the app will draw it, less what needs the app: the
/// session and case buttons and loading one's own articles.
#[function_component(StartPage)]
pub fn start_page(props: &StartProps) -> Html {
    let route = use_state(current_route);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    route.set(current_route())
                });
            move || drop(listener)
        });
    }
    let paste = use_state(String::new);
    let query = use_state(String::new);
    let dragging = use_state(|| false);
    // What the admin asked for that waits for the app.
    let waiting = use_state(|| None::<&'static str>);
    let index = props.index.as_ref().as_ref().ok();
    let first = index
        .and_then(|i| i.articles.first())
        .map(|(id, _)| id.clone())
        .unwrap_or_default();
    let has_model = index.is_some_and(|i| i.simulated.contains(&first));

    let on_input = {
        let paste = paste.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                paste.set(t.value());
            }
        })
    };
    let wait = |what: &'static str| {
        let waiting = waiting.clone();
        move || waiting.set(Some(what))
    };
    let on_read = {
        let wait = wait("Reading your paste as soon as kbwiz has loaded…");
        Callback::from(move |_| {
            handoff::note_read();
            wait();
        })
    };
    let on_pick = {
        let wait = wait("Reading your files as soon as kbwiz has loaded…");
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                handoff::note_files(input.files());
                wait();
            }
        })
    };
    let on_drop = {
        let dragging = dragging.clone();
        let wait = wait("Reading your files as soon as kbwiz has loaded…");
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            handoff::note_files(e.data_transfer().and_then(|d| d.files()));
            wait();
        })
    };
    let on_query = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                query.set(i.value());
            }
        })
    };
    let pick = {
        let wait = wait("Opening the wizard as soon as kbwiz has loaded…");
        move |id: &str| {
            let id = id.to_string();
            let wait = wait.clone();
            Callback::from(move |_| {
                handoff::note_pick(&id);
                wait();
            })
        }
    };

    let start = *route == Route::Inputs && !props.restoring;
    let body = match (start, index) {
        (true, Some(index)) => html! {
            <>
            <section class="inputs" aria-labelledby="inputs-h">
                { super::intake(super::Intake {
                    paste: (*paste).clone(),
                    examples: &index.examples,
                    dragging: dragging.clone(),
                    on_input,
                    on_read,
                    on_pick,
                    on_drop,
                }) }
                if let Some(w) = *waiting { <p class="progress" role="status">{ w }</p> }
                <p class="empty">{ "No inputs yet." }</p>
            </section>
            <section class="article-list" aria-labelledby="articles-h">
                <h2 id="articles-h">{ "Articles" }</h2>
                <div class="article-search" role="search">{ super::search_box(&query, &index.examples, on_query) }</div>
                { super::libraries(index, &first, &pick, &|_| None) }
            </section>
            </>
        },
        _ => html! { <p class="loading" role="status">{ "Loading kbwiz…" }</p> },
    };
    html! {
        <div class="kbwiz theme-system">
            <header class="top">{ super::brand(false) }</header>
            { super::nav(&first, route.tab(), has_model, |_| None) }
            <main id="main">{ body }</main>
        </div>
    }
}

/// The index the page links to, read.
async fn read_index() -> Result<Index, String> {
    let link = gloo::utils::document()
        .get_element_by_id(INDEX_ELEMENT_ID)
        .ok_or("this page names no index")?;
    let href = link
        .get_attribute("href")
        .ok_or("the index link has no href")?;
    let text = crate::library::fetch_text(&href).await?;
    serde_json::from_str(&text).map_err(|e| format!("{href}: {e}"))
}

/// Whether a session saved by the app waits to be restored.
fn session_saved() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(crate::storage::KEY).ok().flatten())
        .is_some()
}

/// Paint the start page, then load the app, which takes over.
pub async fn run() {
    let index = read_index().await;
    let document = gloo::utils::document();
    let Some(root) = document
        .create_element("div")
        .ok()
        .filter(|r| document.body().is_some_and(|b| b.append_child(r).is_ok()))
    else {
        return;
    };
    root.set_id("kbwiz-start");
    let handle = yew::Renderer::<StartPage>::with_root_and_props(
        root.clone(),
        StartProps {
            index: Rc::new(index),
            restoring: session_saved(),
        },
    )
    .render();
    handoff::publish(move || {
        handle.destroy();
        root.remove();
    });
    // Once the page is on screen (the next frame, then a task after it),
    // fetch and start the app.
    // fetch and start the app. (Dropping the frame request would cancel it;
    // it runs once, so keeping it costs one small closure.)
    std::mem::forget(gloo::render::request_animation_frame(|_| {
        gloo::timers::callback::Timeout::new(0, load_app).forget();
    }));
}

/// Add the app's loader script to the page.
fn load_app() {
    let document = gloo::utils::document();
    if let (Ok(script), Some(head)) = (document.create_element("script"), document.head()) {
        script.set_attribute("type", "module").ok();
        script.set_attribute("src", APP_LOADER).ok();
        head.append_child(&script).ok();
    }
}
