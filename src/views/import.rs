//! "Import an article": a Microsoft KB article file (the archive's page or
//! `.TXT` form, or a support article's Markdown) read by `kbwiz-import`, the
//! same importer as `kbwiz kb import`, and shown as its draft folder: the
//! facts counted, what could not be read (by line), the validator's word on
//! the draft, each file to read or download, and the draft added to this
//! session's articles.
//!
//! The importer is a wasm module of its own (`crates/import-web`), loaded
//! the first time this page imports a file: the site's first view does not
//! carry it. Where it is not beside the page (the offline file, the widget)
//! the page says so and points to the CLI.

use crate::state::Action;
use js_sys::{Function, Promise, Reflect, Uint8Array};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// What the importer's loader sets: a promise of its function
/// (`assets/kbwiz-import-loader.js`).
const GLOBAL: &str = "kbwizImport";
/// The importer's loader, a module script beside the page.
const SCRIPT: &str = "kbwiz-import-loader.js";

/// Where an import stands.
#[derive(Clone, PartialEq)]
enum Stage {
    Idle,
    Reading(String),
    Done(Box<Value>),
    Failed(String),
}

/// Load the importer's loader once; the importer's function once its wasm
/// has started.
async fn importer() -> Result<Function, String> {
    let window = gloo::utils::window();
    let pending = || Reflect::get(&window, &GLOBAL.into()).unwrap_or(JsValue::UNDEFINED);
    if pending().is_undefined() {
        let document = gloo::utils::document();
        let script: web_sys::HtmlElement = document
            .create_element("script")
            .map_err(|_| "cannot add the importer's script")?
            .unchecked_into();
        script.set_attribute("type", "module").ok();
        script.set_attribute("src", SCRIPT).ok();
        let loaded = Promise::new(&mut |resolve, reject| {
            script.set_onload(Some(&resolve));
            script.set_onerror(Some(&reject));
        });
        document
            .head()
            .ok_or("the page has no head")?
            .append_child(&script)
            .map_err(|_| "cannot add the importer's script")?;
        JsFuture::from(loaded)
            .await
            .map_err(|_| format!("the importer ({SCRIPT}) is not beside this page"))?;
    }
    let started: Promise = pending()
        .dyn_into()
        .map_err(|_| "the importer's loader did not start it")?;
    JsFuture::from(started)
        .await
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| "the importer's wasm could not be loaded".to_string())
}

/// Import `bytes` (file `name`): the importer's report as JSON.
async fn import(name: String, bytes: Vec<u8>) -> Result<Value, String> {
    let run = importer().await?;
    let json = run
        .call2(
            &JsValue::NULL,
            &name.into(),
            &Uint8Array::from(bytes.as_slice()),
        )
        .map_err(|_| "the importer failed on this file")?
        .as_string()
        .ok_or("the importer gave no report")?;
    serde_json::from_str(&json).map_err(|e| format!("the importer's report is unreadable: {e}"))
}

/// A report's string field.
fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// The draft folder's files: `(name, contents)`.
fn files(report: &Value) -> Vec<(String, String)> {
    report
        .get("files")
        .and_then(Value::as_array)
        .map(|all| {
            all.iter()
                .filter_map(|f| {
                    Some((
                        f.get(0)?.as_str()?.to_string(),
                        f.get(1)?.as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The Import page.
#[function_component(ImportView)]
pub fn import_view() -> Html {
    let app = crate::context::use_app();
    let stage = use_state(|| Stage::Idle);
    let added = use_state(|| None::<String>);
    let on_file = {
        let stage = stage.clone();
        let added = added.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|l| l.get(0)) else {
                return;
            };
            input.set_value("");
            let name = file.name();
            stage.set(Stage::Reading(name.clone()));
            added.set(None);
            let stage = stage.clone();
            yew::platform::spawn_local(async move {
                let file = gloo::file::File::from(file);
                let result = match gloo::file::futures::read_as_bytes(&file).await {
                    Ok(bytes) => import(name, bytes).await,
                    Err(e) => Err(format!("cannot read the file: {e}")),
                };
                stage.set(match result {
                    Ok(report) => Stage::Done(Box::new(report)),
                    Err(e) => Stage::Failed(e),
                });
            });
        })
    };
    let body = match &*stage {
        Stage::Idle => Html::default(),
        Stage::Reading(name) => html! { <p role="status">{ format!("Reading {name}…") }</p> },
        Stage::Failed(why) => html! {
            <p class="problems" role="alert">{ format!(
                "Cannot import here: {why}. The command line does the same: kbwiz kb import FILE"
            ) }</p>
        },
        Stage::Done(report) => {
            let id = text(report, "id").to_string();
            let draft = files(report);
            let counts = &report["counts"];
            let count = |k: &str| counts.get(k).and_then(Value::as_u64).unwrap_or_default();
            let problems: Vec<String> = report
                .get("problems")
                .and_then(Value::as_array)
                .map(|all| {
                    all.iter()
                        .map(|p| {
                            format!(
                                "line {}: {}",
                                p["line"].as_u64().unwrap_or_default(),
                                text(p, "message")
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let issues: Vec<String> = report
                .get("draft_issues")
                .and_then(Value::as_array)
                .map(|all| {
                    all.iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let on_add = {
                let app = app.clone();
                let added = added.clone();
                let folder = (id.clone(), draft.clone());
                Callback::from(move |_| {
                    let (kb, rejected) = crate::library::add(std::slice::from_ref(&folder));
                    added.set(Some(if rejected.is_empty() {
                        app.dispatch(Action::SetKb(kb));
                        format!("Added {} to this session's articles.", folder.0)
                    } else {
                        let why: Vec<String> = rejected.iter().map(ToString::to_string).collect();
                        format!("Not added: {}", why.join("; "))
                    }));
                })
            };
            html! {
                <div class="import-report">
                    <h3><span class="article-id">{ id.clone() }</span>{ format!(" {}", text(report, "title")) }</h3>
                    <p class="import-counts">{ format!(
                        "{} messages, {} registry keys, {} file rows, {} related articles, {} log lines; {} TODOs where our own words must go",
                        count("messages"), count("registry_keys"), count("file_rows"), count("related"), count("log_lines"), count("todos")
                    ) }</p>
                    if issues.is_empty() {
                        <p class="import-valid">{ "The draft validates: write its prose, then its tree." }</p>
                    } else {
                        <ul class="problems draft-issues">{ for issues.iter().map(|i| html! { <li>{ i.clone() }</li> }) }</ul>
                    }
                    if !problems.is_empty() {
                        <details class="import-problems">
                            <summary>{ format!("Not read or left out ({})", problems.len()) }</summary>
                            <ul>{ for problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul>
                        </details>
                    }
                    <ul class="draft-files">
                        for (name, contents) in draft.iter() {
                            <li><details>
                                <summary>{ name.clone() }</summary>
                                <button type="button" onclick={
                                    let (name, contents) = (name.clone(), contents.clone());
                                    Callback::from(move |_| { let _ = crate::download::download(&name, contents.as_bytes(), "text/plain"); })
                                }>{ "Download" }</button>
                                <pre>{ contents.clone() }</pre>
                            </details></li>
                        }
                    </ul>
                    <button type="button" class="import-add" onclick={on_add}>{ "Use the draft in this session" }</button>
                    if let Some(note) = &*added { <p role="status" class="import-added">{ note.clone() }</p> }
                </div>
            }
        }
    };
    html! {
        <section class="import" aria-labelledby="import-h">
            <h2 id="import-h">{ "Import an article" }</h2>
            <p class="hint">{ "A Microsoft KB article as the public archive keeps it (page or .TXT form), or a support article's Markdown. Its facts are read here, in your browser, into a draft in kbwiz's format; its prose is left for you to write." }</p>
            <label class="file-pick">{ "Choose an article file…" }
                <input type="file" id="import-file" accept=".txt,.md,.htm,.html" onchange={on_file} />
            </label>
            { body }
        </section>
    }
}
