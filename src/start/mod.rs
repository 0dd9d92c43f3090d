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
use kbwiz_engine::kb::catalog::{Examples, Index};
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
pub struct Intake<'a> {
    pub paste: String,
    /// The KB's examples, named in the hint and the paste box.
    pub examples: &'a Examples,
    /// Whether files are being dragged over the drop zone (set here).
    pub dragging: UseStateHandle<bool>,
    pub on_input: Callback<InputEvent>,
    pub on_read: Callback<MouseEvent>,
    pub on_pick: Callback<Event>,
    pub on_drop: Callback<DragEvent>,
}

/// The inputs section's heading, paste box and drop zone.
pub fn intake(i: Intake) -> Html {
    let hint = inputs_hint(i.examples);
    let placeholder = paste_placeholder(i.examples);
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
            <p class="hint">{ hint }</p>
            <div class="paste">
                <label for="paste-area">{ "Paste text" }</label>
                <textarea id="paste-area" rows="8" spellcheck="false" value={i.paste.clone()} oninput={i.on_input}
                    {placeholder} />
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

/// The article search box (the app lists what matches below it), its
/// placeholder drawn from the KB's `examples`.
pub fn search_box(query: &str, examples: &Examples, on_input: Callback<InputEvent>) -> Html {
    html! {
        <>
            <label for="kb-search">{ "Find an article" }</label>
            <input type="search" id="kb-search" value={query.to_string()} oninput={on_input}
                placeholder={search_placeholder(examples)} />
        </>
    }
}

/// `A`, `A or B`, `A, B or C`.
fn one_of(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The inputs section's hint: each kind of input kbwiz reads, in general
/// words, followed by the KB's examples of it where it has some.
pub fn inputs_hint(examples: &Examples) -> String {
    let kind = |general: &str, with: &str, items: &[String]| {
        if items.is_empty() {
            general.to_string()
        } else {
            format!("{with} such as {}", one_of(items))
        }
    };
    let messages: Vec<String> = examples.messages.iter().map(u32::to_string).collect();
    format!(
        "Paste or drop what you have: {} (rolled-over .lo_ files too); {}; {}; {}; SQL query results. Everything is read in this page; nothing is uploaded.",
        kind("component logs", "logs of components", &examples.components),
        kind("status message exports", "status message exports with messages", &messages),
        kind("regedit exports", "regedit exports of keys", &examples.keys),
        kind("file version listings", "file version listings of files", &examples.files),
    )
}

/// The paste box's placeholder: one example of each kind of input, in
/// general words where the KB has none.
pub fn paste_placeholder(examples: &Examples) -> String {
    let one = |general: &str, with: &str, first: Option<String>| {
        first.map_or_else(|| general.to_string(), |x| format!("{with} {x}"))
    };
    format!(
        "e.g. {}, {}, {}, {}",
        one(
            "log lines",
            "log lines of",
            examples.components.first().cloned()
        ),
        one(
            "status messages",
            "status message",
            examples.messages.first().map(u32::to_string)
        ),
        one(
            "a regedit export",
            "a regedit export of",
            examples.keys.first().cloned()
        ),
        one(
            "a file version listing",
            "a version listing of",
            examples.files.first().cloned()
        ),
    )
}

/// The article search's placeholder: the first message ID, key name and
/// file name of the KB's examples (what the search finds articles by), or
/// what may be typed, in general words, when it has none.
pub fn search_placeholder(examples: &Examples) -> String {
    let firsts: Vec<String> = [
        examples.messages.first().map(u32::to_string),
        examples.keys.first().cloned(),
        examples.files.first().cloned(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if firsts.is_empty() {
        "Title words, a message ID, a registry key or a file name".to_string()
    } else {
        firsts.join(", ")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(ToString::to_string).collect()
    }

    fn some() -> Examples {
        Examples {
            messages: vec![7001, 7002],
            components: strings(&["TEST_SENDER"]),
            keys: strings(&["Queue", "Flags", "Later"]),
            files: vec![],
        }
    }

    #[test]
    fn the_texts_name_the_examples_each_kind_has() {
        let ex = some();
        assert_eq!(
            inputs_hint(&ex),
            "Paste or drop what you have: logs of components such as TEST_SENDER (rolled-over .lo_ files too); \
             status message exports with messages such as 7001 or 7002; regedit exports of keys such as Queue, \
             Flags or Later; file version listings; SQL query results. Everything is read in this page; nothing \
             is uploaded."
        );
        assert_eq!(
            paste_placeholder(&ex),
            "e.g. log lines of TEST_SENDER, status message 7001, a regedit export of Queue, a file version listing"
        );
        assert_eq!(search_placeholder(&ex), "7001, Queue");
    }

    #[test]
    fn an_empty_kb_gives_general_words() {
        let none = Examples::default();
        assert_eq!(
            inputs_hint(&none),
            "Paste or drop what you have: component logs (rolled-over .lo_ files too); status message exports; \
             regedit exports; file version listings; SQL query results. Everything is read in this page; \
             nothing is uploaded."
        );
        assert_eq!(
            paste_placeholder(&none),
            "e.g. log lines, status messages, a regedit export, a file version listing"
        );
        assert_eq!(
            search_placeholder(&none),
            "Title words, a message ID, a registry key or a file name"
        );
    }
}
