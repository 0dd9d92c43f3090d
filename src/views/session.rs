//! Session tools: export the session as a JSON file, import one (checked
//! before it replaces anything), and start over.

use crate::context::use_app;
use crate::state::{Action, AppState};
use crate::storage::Saved;
use yew::prelude::*;

/// Save everything (all inputs, however large, answers, parameters) to
/// `kbwiz-session.json`.
pub fn export_session(app: &AppState) -> Result<(), String> {
    let text = Saved::of(app, None)
        .to_pretty_json()
        .map_err(|e| format!("could not export the session: {e}"))?;
    crate::download::download("kbwiz-session.json", text.as_bytes(), "application/json")
}

#[function_component(SessionTools)]
pub fn session_tools() -> Html {
    let app = use_app();
    let message = use_state(|| None::<String>);
    let export = {
        let app = app.clone();
        let message = message.clone();
        Callback::from(move |_| {
            if let Err(e) = export_session(&app) {
                message.set(Some(e));
            }
        })
    };
    let import = {
        let app = app.clone();
        let message = message.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let app = app.clone();
            let message = message.clone();
            yew::platform::spawn_local(async move {
                if file.size() as usize > crate::storage::MAX_IMPORT_BYTES {
                    message.set(Some(
                        "That session file is too large to be a kbwiz session.".into(),
                    ));
                    return;
                }
                let text =
                    match gloo::file::futures::read_as_text(&gloo::file::File::from(file)).await {
                        Ok(t) => t,
                        Err(e) => {
                            message.set(Some(format!("could not read the file: {e}")));
                            return;
                        }
                    };
                match Saved::from_json(&text).and_then(|s| s.restore(app.kb.clone())) {
                    Ok(state) => {
                        app.dispatch(Action::Restore(Box::new(state)));
                        message.set(Some("Session imported.".into()));
                    }
                    Err(e) => message.set(Some(format!(
                        "Not imported; your current session is unchanged. {e}"
                    ))),
                }
            });
        })
    };
    let start_over = {
        let app = app.clone();
        Callback::from(move |_| {
            crate::storage::clear();
            app.dispatch(Action::StartOver);
        })
    };
    let undo = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::UndoStartOver))
    };
    html! {
        <section class="session-tools" aria-labelledby="session-h">
            <h2 id="session-h">{ "Session" }</h2>
            <p class="hint">{ "Your inputs, answers and simulator settings are kept in this browser across reloads." }</p>
            <div class="row">
                <button type="button" id="export-session" onclick={export}>{ "Export session" }</button>
                <label class="button" for="import-session">{ "Import session" }</label>
                <input id="import-session" class="visually-hidden" type="file" accept=".json,application/json" onchange={import} />
                <button type="button" id="start-over" onclick={start_over}>{ "Start over" }</button>
            </div>
            if let Some(m) = &*message { <p class="session-message" role="status">{ m.clone() }</p> }
            if app.before_start_over.is_some() {
                <p class="undo-start-over" role="status">
                    { "Started over: inputs, answers and settings were cleared. " }
                    <button type="button" id="undo-start-over" onclick={undo}>{ "Undo" }</button>
                </p>
            }
        </section>
    }
}
