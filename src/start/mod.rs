//! The start page, as two programs draw it. The site's first view is a
//! small wasm of its own (`src/bin/kbwiz-start.rs`, [`page`]) that paints
//! this page from the KB's index (`kbwiz-index.json`) and then loads the
//! app, which takes the page over ([`handoff`]); the app draws the same page
//! from its KB. The markup both draw lives here, once, so the page does not
//! change under the admin's pointer when the app arrives.

pub mod handoff;
pub mod page;

use crate::components::class::class_list;
use crate::ingest::MAX_BYTES;
use crate::route::{Route, Tab};
use crate::storage::KEEP_TEXT_BYTES;
use crate::views::inputs::size;
use kbwiz_engine::kb::catalog::Index;
use yew::prelude::*;

/// The page's title block.
pub fn brand(embedded: bool) -> Html {
    html! {
        <div class="brand">
            <h1>{ "kbwiz" }</h1>
            if !embedded {
                <p class="tagline">{ "Knowledge-base troubleshooting for Systems Management Server. Everything runs in this page: nothing you paste leaves it." }</p>
            }
        </div>
    }
}

/// The navigation tabs for `article` (the simulator's only when it has a
/// model, or is open), each with its own click handler if given (the
/// first view leaves the links to the browser).
pub fn nav(
    article: &str,
    tab: Tab,
    has_model: bool,
    onclick: impl Fn(&Route) -> Option<Callback<MouseEvent>>,
) -> Html {
    let items = Tab::ALL
        .iter()
        .filter(|t| **t != Tab::Simulator || has_model || tab == Tab::Simulator)
        .map(|t| {
            let to = t.route(article);
            let current = *t == tab;
            html! {
                <li><a href={to.to_string()} onclick={onclick(&to)} aria-current={current.then_some("page")}
                    class={current.then_some("current")}>{ t.label() }</a></li>
            }
        });
    html! { <nav aria-label="Views"><ul>{ for items }</ul></nav> }
}

/// What the paste box and the drop zone show and call.
pub struct Intake {
    pub paste: String,
    /// Whether files are being dragged over the drop zone (set here).
    pub dragging: UseStateHandle<bool>,
    pub on_input: Callback<InputEvent>,
    pub on_read: Callback<MouseEvent>,
    pub on_pick: Callback<Event>,
    pub on_drop: Callback<DragEvent>,
}

/// The inputs section's heading, paste box and drop zone.
pub fn intake(i: Intake) -> Html {
    let on_drag_over = {
        let dragging = i.dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = i.dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    html! {
        <>
            <h2 id="inputs-h">{ "Inputs" }</h2>
            <p class="hint">{ "Paste or drop what you have: distmgr.log, sched.log or sender.log (also rolled-over .lo_ files), Status Message Viewer exports, regedit exports of the Retry History key, file version listings of Distmgr.dll. Everything is read in this page; nothing is uploaded." }</p>
            <div class="paste">
                <label for="paste-area">{ "Paste text" }</label>
                <textarea id="paste-area" rows="8" spellcheck="false" value={i.paste.clone()} oninput={i.on_input}
                    placeholder="Package CEN00012 ...  $$<SMS_DISTRIBUTION_MANAGER><Fri Oct 15 17:09:46.677 1999 Pacific Daylight Time><thread=297 (0x129)>" />
                <button type="button" id="read-paste" onclick={i.on_read} disabled={i.paste.trim().is_empty()}>{ "Read paste" }</button>
            </div>
            <div class={class_list(&[Some("dropzone"), i.dragging.then_some("dragging")])}
                ondrop={i.on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
                <label for="file-pick">{ "Drop files here, or choose files" }</label>
                <input id="file-pick" type="file" multiple=true accept=".log,.lo_,.txt,.reg,.csv,.tsv,text/plain" onchange={i.on_pick} />
                <p class="limits">{ format!("Inputs up to {} are read. This browser keeps the first {} of input text across a reload; Export session keeps everything.", size(MAX_BYTES), size(KEEP_TEXT_BYTES)) }</p>
            </div>
        </>
    }
}

/// The article search box (the app lists what matches below it).
pub fn search_box(query: &str, on_input: Callback<InputEvent>) -> Html {
    html! {
        <>
            <label for="kb-search">{ "Find an article" }</label>
            <input type="search" id="kb-search" value={query.to_string()} oninput={on_input}
                placeholder="2302, Retry History, error = 3, Distmgr.dll" />
        </>
    }
}

/// One article's line: ID, title, verdict, and what would assess it.
pub fn article_item(
    id: &str,
    title: &str,
    selected: bool,
    verdict: &str,
    wants: Option<String>,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <li>
            <button type="button" class="article-pick" {onclick} aria-pressed={selected.to_string()}>
                <span class="article-id">{ id.to_string() }</span>{ " " }
                <span class="article-title">{ title.to_string() }</span>
            </button>
            <span class="article-verdict">{ verdict.to_string() }</span>
            if let Some(w) = wants { <span class="article-wants">{ w }</span> }
        </li>
    }
}

/// The libraries before anything is read: per product, "What do you see?"
/// (each symptom folded over the articles behind it, each opening its
/// text), then the articles, none diagnosed. `pick` is what choosing an
/// article does, `open` what opening its text does.
pub fn libraries(
    index: &Index,
    selected: &str,
    pick: &dyn Fn(&str) -> Callback<MouseEvent>,
    open: &dyn Fn(&str) -> Option<Callback<MouseEvent>>,
) -> Html {
    let title = |id: &str| index.title(id).unwrap_or_default().to_string();
    html! {
        <>
        for lib in index.libraries.iter() {
            <section class="library">
                <h3>{ format!("{} {}", lib.product, lib.versions.join(", ")) }
                    <span class="hint">{ format!(" ({} articles)", lib.articles.len()) }</span></h3>
                { symptom_list(index, &lib.product, open) }
                <ul class="articles">
                    for id in lib.articles.iter() {
                        { article_item(id, &title(id), selected == id, "not diagnosed", None, pick(id)) }
                    }
                </ul>
            </section>
        }
        </>
    }
}

/// "What do you see?" for one product's articles.
fn symptom_list(
    index: &Index,
    product: &str,
    open: &dyn Fn(&str) -> Option<Callback<MouseEvent>>,
) -> Html {
    let items: Vec<Html> = index
        .symptoms
        .iter()
        .filter(|s| s.product == product)
        .map(|s| {
            html! {
                <li><details>
                    <summary>{ s.text.clone() }<span class="hint">{ format!(" ({})", s.articles.len()) }</span></summary>
                    <ul class="symptom-articles">
                        for id in s.articles.iter() {
                            <li><a href={Route::Article(id.clone()).to_string()} onclick={open(id)}>
                                <span class="article-id">{ id.clone() }</span>{ " " }
                                { index.title(id).unwrap_or_default().to_string() }
                            </a></li>
                        }
                    </ul>
                </details></li>
            }
        })
        .collect();
    if items.is_empty() {
        return Html::default();
    }
    html! {
        <div class="symptoms">
            <h4>{ "What do you see?" }</h4>
            <ul>{ for items }</ul>
        </div>
    }
}
