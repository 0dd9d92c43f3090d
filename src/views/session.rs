//! Session tools: export the session as a JSON file, import one (checked
//! before it replaces anything), and start over.

use crate::app::use_app;
use crate::state::Action;
use crate::storage::Saved;
use yew::prelude::*;

#[function_component(SessionTools)]
pub fn session_tools() -> Html {
    let app = use_app();
    let message = use_state(|| None::<String>);
    let export = {
        let app = app.clone();
        let message = message.clone();
        Callback::from(move |_| {
            let saved = Saved::of(&app, None);
            match saved.to_pretty_json() {
                Ok(text) => {
                    if let Err(e) = crate::download::download(
                        "kbwiz-session.json",
                        text.as_bytes(),
                        "application/json",
                    ) {
                        message.set(Some(e));
                    }
                }
                Err(e) => message.set(Some(format!("could not export the session: {e}"))),
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
                match Saved::from_json(&text).and_then(Saved::restore) {
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
        </section>
    }
}
