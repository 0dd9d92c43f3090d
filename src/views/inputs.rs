//! The inputs view: paste, drop or pick files; each input listed with its
//! detected format, size, entries and problems; remove or replace an input.
//! Large inputs are read in chunks with a progress bar and a cancel button.

use crate::components::link::link;
use crate::components::table::head_row;
use crate::context::{use_app, use_nav};
use crate::ingest::{ingest, ingest_file, IngestError, Progress};
use crate::route::Route;
use crate::state::{Action, Input};
use crate::storage::{not_kept, KEEP_TEXT_BYTES};
use kbwiz_engine::tree::number::fixed;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// Something to read: pasted bytes (named `paste N` when read), or a File
/// still to read.
enum Source {
    Paste(Vec<u8>),
    File(web_sys::File),
}

impl Source {
    /// The name the source asks for (`None`: a paste, numbered when read).
    fn wanted_name(&self) -> Option<String> {
        match self {
            Source::Paste(_) => None,
            Source::File(f) => Some(f.name()),
        }
    }
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<Source> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(Source::File)
        .collect()
}

/// Human size: `812 B`, `3.4 KB`, `12.0 MB`.
pub fn size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} KB", fixed(b as f64 / 1024.0, 1)),
        b => format!("{} MB", fixed(b as f64 / (1024.0 * 1024.0), 1)),
    }
}

#[function_component(InputsView)]
pub fn inputs_view() -> Html {
    let app = use_app();
    let nav = use_nav();
    let paste = use_state(String::new);
    let progress = use_state(|| None::<Progress>);
    let errors = use_state(Vec::<String>::new);
    let cancel = use_mut_ref(|| Rc::new(Cell::new(false)));
    let dragging = use_state(|| false);

    // Read sources one after another; `replace` swaps an existing input.
    let read = {
        let app = app.clone();
        let progress = progress.clone();
        let errors = errors.clone();
        let cancel = cancel.clone();
        Callback::from(move |(sources, replace): (Vec<Source>, Option<u32>)| {
            let dispatcher = app.dispatcher();
            let progress = progress.clone();
            let errors = errors.clone();
            let flag = Rc::new(Cell::new(false));
            *cancel.borrow_mut() = flag.clone();
            // Names are given against the inputs as they are now and those
            // this batch adds, so no two inputs share a name.
            let current = (*app).clone();
            yew::platform::spawn_local(async move {
                let mut problems = Vec::new();
                let mut taken: Vec<String> = Vec::new();
                for source in sources {
                    let wanted = source.wanted_name();
                    let replaced_name = replace
                        .and_then(|id| current.inputs.iter().find(|i| i.id == id))
                        .map(|i| i.name.clone());
                    let name = match (&wanted, replaced_name) {
                        (Some(w), Some(r)) if *w == r => r,
                        _ => current.unique_name(wanted.as_deref(), &taken),
                    };
                    taken.push(name.clone());
                    let p = progress.clone();
                    let shown = move |pr| p.set(Some(pr));
                    let kb = current.kb.0.clone();
                    let read = match source {
                        Source::Paste(bytes) => ingest(name, bytes, shown, flag.clone(), kb).await,
                        Source::File(file) => {
                            ingest_file(name, &file, shown, flag.clone(), kb).await
                        }
                    };
                    match read {
                        Ok(input) => dispatcher.dispatch(match replace {
                            Some(id) => Action::ReplaceInput(id, input),
                            None => Action::AddInput(input),
                        }),
                        Err(e) => {
                            problems.push(e.to_string());
                            if matches!(e, IngestError::Cancelled { .. }) {
                                break;
                            }
                        }
                    }
                }
                progress.set(None);
                errors.set(problems);
            });
        })
    };

    // What the admin pasted, pressed or dropped on the first view before
    // the app came: carried out now, once.
    {
        let paste = paste.clone();
        let read = read.clone();
        use_effect_with((), move |_| {
            let pending = crate::start::handoff::take(|p| {
                (
                    std::mem::take(&mut p.text),
                    p.read,
                    std::mem::take(&mut p.files),
                )
            });
            if let Some((text, pressed, files)) = pending {
                let mut sources = Vec::new();
                if pressed && !text.trim().is_empty() {
                    sources.push(Source::Paste(text.into_bytes()));
                } else {
                    paste.set(text);
                }
                sources.extend(files.into_iter().map(Source::File));
                if !sources.is_empty() {
                    read.emit((sources, None));
                }
            }
        });
    }
    let on_paste_input = {
        let paste = paste.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                paste.set(t.value());
            }
        })
    };
    let on_read_paste = {
        let paste = paste.clone();
        let read = read.clone();
        Callback::from(move |_| {
            if paste.trim().is_empty() {
                return;
            }
            read.emit((vec![Source::Paste(paste.as_bytes().to_vec())], None));
            paste.set(String::new());
        })
    };
    let on_pick = {
        let read = read.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                read.emit((files_of(input.files()), None));
                input.set_value("");
            }
        })
    };
    let on_drop = {
        let read = read.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            read.emit((files_of(e.data_transfer().and_then(|d| d.files())), None));
        })
    };
    let on_cancel = {
        let cancel = cancel.clone();
        Callback::from(move |_| cancel.borrow().set(true))
    };

    let rows = app.inputs.iter().map(|input| {
        let id = input.id;
        let remove = {
            let app = app.clone();
            Callback::from(move |_| app.dispatch(Action::RemoveInput(id)))
        };
        let replace = {
            let read = read.clone();
            Callback::from(move |e: Event| {
                if let Some(el) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                    read.emit((files_of(el.files()), Some(id)));
                    el.set_value("");
                }
            })
        };
        input_row(id, input, &nav, remove, replace)
    });

    // Inputs a reload would lose, said where they were added, with the way
    // to keep them.
    let lost_on_reload = not_kept(&app);
    let export = {
        let app = app.clone();
        let errors = errors.clone();
        Callback::from(move |_| {
            if let Err(e) = crate::views::session::export_session(&app) {
                errors.set(vec![e]);
            }
        })
    };
    html! {
        <section class="inputs" aria-labelledby="inputs-h">
            { crate::start::intake(crate::start::Intake {
                paste: (*paste).clone(),
                examples: &app.index.examples,
                dragging: dragging.clone(),
                on_input: on_paste_input,
                on_read: on_read_paste,
                on_pick,
                on_drop,
            }) }
            if let Some(p) = &*progress {
                <div class="progress" role="status">
                    <label for="read-progress">{ format!("Reading {}: {} of {}", p.name, size(p.done), size(p.total)) }</label>
                    <progress id="read-progress" max={p.total.max(1).to_string()} value={p.done.to_string()} />
                    <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
                </div>
            }
            for e in errors.iter() { <p class="error" role="alert">{ e }</p> }
            if !lost_on_reload.is_empty() {
                <div class="not-kept" role="status">
                    <p>{ format!(
                        "Not kept across a reload: {}. This browser keeps {} of input text; a reload forgets the rest.",
                        lost_on_reload.iter().map(|i| format!("{} ({})", i.name, size(i.text.len()))).collect::<Vec<_>>().join(", "),
                        size(KEEP_TEXT_BYTES)
                    ) }</p>
                    <button type="button" id="export-here" onclick={export}>{ "Export session" }</button>
                </div>
            }
            if app.inputs.is_empty() {
                <p class="empty">{ "No inputs yet." }</p>
            } else {
                <table class="input-list">
                    <caption>{ "What kbwiz read" }</caption>
                    { head_row(&["Input", "Format", "Size", "Entries", "Problems", "Actions"]) }
                    <tbody>{ for rows }</tbody>
                </table>
                if app.evidence.is_empty() && progress.is_none() { { crate::views::evidence::unrelated_note(&app) } }
            }
        </section>
    }
}

/// One row of the inputs list, keyed by the input's id.
fn input_row(
    key: u32,
    input: &Input,
    nav: &Callback<Route>,
    remove: Callback<MouseEvent>,
    replace: Callback<Event>,
) -> Html {
    let r = &input.report;
    let formats = if r.blocks.len() > 1 {
        r.blocks
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(" + ")
    } else {
        r.format.name().to_string()
    };
    let replace_id = format!("replace-{}", input.id);
    let entries = match (r.keys, r.values) {
        (Some(k), Some(v)) => format!("{} ({k} keys, {v} values)", r.entries),
        _ => r.entries.to_string(),
    };
    html! {
        <tr key={key} class="input-row">
            <th scope="row" class="input-name">{ input.name.clone() }</th>
            <td class="input-format" data-label="Format">{ formats }</td>
            <td data-label="Size">{ size(r.bytes) }</td>
            <td class="input-entries" data-label="Entries">{ entries }</td>
            <td class="input-problems" data-label="Problems">
                if r.problems.is_empty() {
                    { "none" }
                } else {
                    <details>
                        <summary>{ format!("{} {}", r.problems.len(), if r.problems.len() == 1 { "problem" } else { "problems" }) }</summary>
                        <ul>
                            for p in r.problems.iter() {
                                <li>
                                    { link(nav, Route::Log { input: input.id, line: p.line.max(1) }, None, html! { format!("line {}", p.line) }) }
                                    { ": " }{ p.message.clone() }
                                </li>
                            }
                        </ul>
                    </details>
                }
            </td>
            <td class="actions">
                <button type="button" onclick={remove} aria-label={format!("Remove {}", input.name)}>{ "Remove" }</button>
                <label class="button" for={replace_id.clone()}>{ "Replace" }</label>
                <input id={replace_id} class="visually-hidden" type="file" onchange={replace}
                    aria-label={format!("Replace {}", input.name)} />
            </td>
        </tr>
    }
}
