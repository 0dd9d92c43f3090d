//! Handing a case over: "Redact inputs" (the page's inputs replaced by
//! their redacted form, the map downloaded apart), "Save case" and "Open
//! case" (a `.kbwiz-case.json`, also in the offline file), and the undo
//! `.reg` offered beside the fix's on the Fix page. The engine does the
//! work ([`kbwiz_engine::api`]); this file moves bytes and says which form
//! the inputs are in. Nothing from a case is rendered as HTML: every
//! string goes into the page as text.

use crate::components::copy::CopyButton;
use crate::context::use_app;
use crate::download::download;
use crate::state::{Action, AppState, Input};
use kbwiz_engine::api;
use kbwiz_engine::case::{CaseInput, CaseSession, InputsForm, Written, MAX_CASE_BYTES};
use kbwiz_engine::remedy::RegForm;
use kbwiz_engine::tree::Finding;
use std::rc::Rc;
use yew::prelude::*;

/// File names the page writes.
const MAP_FILE: &str = "kbwiz-redaction-map.json";
const CASE_FILE: &str = "kbwiz.kbwiz-case.json";

/// The page's inputs as the engine takes them.
fn texts(app: &AppState) -> Vec<(String, Rc<String>)> {
    app.inputs
        .iter()
        .map(|i| (i.name.clone(), Rc::clone(&i.text)))
        .collect()
}

/// A new state of `inputs` (name, text) in `form`, the session's answers
/// replayed on them and the simulator settings kept.
fn state_of(
    app: &AppState,
    inputs: Vec<(String, String)>,
    form: InputsForm,
    session: Option<CaseSession>,
    params: Option<kbwiz_engine::sim::Params>,
) -> Result<AppState, String> {
    let kb = app.kb.clone();
    let parsed = inputs
        .into_iter()
        .map(|(name, text)| Input::parse(0, &name, text.len(), Rc::new(text), &kb))
        .collect();
    let article = session
        .as_ref()
        .map_or(app.session.article.clone(), |s| s.article.clone());
    let mut state = AppState::with_inputs(kb.clone(), &article, parsed);
    if let Some(s) = session {
        // The state may have moved the wizard to the strongest finding:
        // the case's answers are for its own article.
        state.settle();
        let evidence = Rc::clone(&state.session.evidence);
        let steps = kbwiz_engine::case::replay(&s, Rc::clone(&evidence), &kb)
            .map_err(|p| format!("{}: {}", p.path, p.message))?
            .steps;
        state.session = state.session.switched(&s.article);
        state.session.steps = steps;
        state.article_pinned = true;
    }
    state.sim_params = params;
    state.redacted = form == InputsForm::Redacted;
    Ok(state)
}

#[function_component(CaseTools)]
pub fn case_tools() -> Html {
    let app = use_app();
    let message = use_state(|| None::<String>);
    let form = if app.redacted {
        InputsForm::Redacted
    } else {
        InputsForm::Original
    };
    let redact = {
        let app = app.clone();
        let message = message.clone();
        Callback::from(move |_| {
            let inputs = texts(&app);
            let refs: Vec<(&str, &str)> = inputs
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            let red = kbwiz_engine::redact::redact_scanned(&refs, &app.evidence, &app.kb);
            let replaced: usize = red.inputs.iter().map(|i| i.replaced).sum();
            let map = serde_json::to_string(&red.map)
                .map(|m| kbwiz_engine::case::indent(&m))
                .unwrap_or_default();
            let redacted = red.inputs.into_iter().map(|i| (i.name, i.text)).collect();
            let session = Some(CaseSession::of(&app.session)).filter(|s| !s.answers.is_empty());
            match state_of(
                &app,
                redacted,
                InputsForm::Redacted,
                session,
                app.sim_params.clone(),
            ) {
                Ok(state) => {
                    app.dispatch(Action::Restore(Box::new(state)));
                    let note = match download(MAP_FILE, map.as_bytes(), "application/json") {
                        Ok(()) => format!("Inputs redacted: {replaced} values replaced by pseudonyms. The map from pseudonym to value was downloaded apart ({MAP_FILE}): keep it, do not share it."),
                        Err(e) => format!("Inputs redacted, but the map could not be downloaded: {e}"),
                    };
                    message.set(Some(note));
                }
                Err(e) => message.set(Some(format!("Not redacted: {e}"))),
            }
        })
    };
    let save = {
        let app = app.clone();
        let message = message.clone();
        Callback::from(move |_| {
            let case = Written {
                form,
                inputs: texts(&app)
                    .into_iter()
                    .map(|(name, text)| CaseInput {
                        name,
                        text: text.to_string(),
                    })
                    .collect(),
                session: Some(CaseSession::of(&app.session)).filter(|s| !s.answers.is_empty()),
                simulator: app
                    .sim_params
                    .as_ref()
                    .and_then(|p| serde_json::to_string(p).ok())
                    .and_then(|t| serde_json::from_str(&t).ok()),
            };
            let reports: Vec<_> = app.inputs.iter().map(|i| i.report.clone()).collect();
            let text = kbwiz_engine::case::write(&case, &reports, &app.findings, &app.kb);
            let note = match download(CASE_FILE, text.as_bytes(), "application/json") {
                Ok(()) => format!("Saved {CASE_FILE}: it holds the {} inputs.", form.name()),
                Err(e) => e,
            };
            message.set(Some(note));
        })
    };
    let open = {
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
                if file.size() as usize > MAX_CASE_BYTES {
                    message.set(Some(format!(
                        "Not opened: a case file may be at most {} MB.",
                        MAX_CASE_BYTES / (1024 * 1024)
                    )));
                    return;
                }
                let bytes =
                    match gloo::file::futures::read_as_bytes(&gloo::file::File::from(file)).await {
                        Ok(b) => b,
                        Err(e) => {
                            message.set(Some(format!("Could not read the file: {e}")));
                            return;
                        }
                    };
                let case = match kbwiz_engine::case::read(&bytes) {
                    Ok(c) => c,
                    Err(e) => {
                        message.set(Some(format!("Not opened; the page is unchanged. {e}")));
                        return;
                    }
                };
                let params = case.simulator.as_ref().and_then(|v| {
                    let cx = crate::read::Cx::default();
                    let p = crate::read::params::params(&cx, v);
                    cx.finish(p).ok().filter(|p| p.validate().is_ok())
                });
                let form = case.inputs_form;
                let inputs = case.inputs.into_iter().map(|i| (i.name, i.text)).collect();
                let (was, session) = (case.findings, case.session);
                match state_of(&app, inputs, form, session, params) {
                    Ok(state) => {
                        let differences = kbwiz_engine::case::differences(&was, &state.findings);
                        app.dispatch(Action::Restore(Box::new(state)));
                        let mut note = format!("Case opened: its inputs are {}.", form.name());
                        for d in differences {
                            note.push_str(&format!(" Differs from the file: {d}."));
                        }
                        message.set(Some(note));
                    }
                    Err(e) => message.set(Some(format!("Not opened; the page is unchanged. {e}"))),
                }
            });
        })
    };
    let empty = app.inputs.is_empty();
    html! {
        <section class="case-tools" aria-labelledby="case-h">
            <h2 id="case-h">{ "Case" }</h2>
            <p id="inputs-form" class={format!("inputs-form inputs-{}", form.name())}>
                { match form {
                    InputsForm::Redacted => "The inputs on this page are redacted: pseudonyms stand in place of servers, site codes, package IDs, shares, accounts and addresses. A case saved now holds the redacted inputs.",
                    InputsForm::Original => "The inputs on this page are the originals. A case saved now holds them as they are: redact first to share them.",
                } }
            </p>
            <div class="row">
                <button type="button" id="redact-inputs" onclick={redact} disabled={empty || app.redacted}>{ "Redact inputs" }</button>
                <button type="button" id="save-case" onclick={save} disabled={empty}>
                    { format!("Save case ({} inputs)", form.name()) }
                </button>
                <label class="button" for="open-case">{ "Open case" }</label>
                <input id="open-case" class="visually-hidden" type="file" accept=".json,application/json" onchange={open} />
            </div>
            if let Some(m) = &*message { <p class="case-message" role="status">{ m.clone() }</p> }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct UndoProps {
    pub finding: Finding,
}

/// The undo of the clean-up, beside its download: from the registry export
/// among the inputs, or the `regedit /e` command to take one first.
#[function_component(UndoReg)]
pub fn undo_reg(props: &UndoProps) -> Html {
    let app = use_app();
    let message = use_state(|| None::<String>);
    let report = api::undo_for(
        std::slice::from_ref(&props.finding),
        &app.evidence,
        &app.kb,
        RegForm::Version5,
    );
    let Some(undo) = report.undo else {
        return html! {};
    };
    if !undo.export_first.is_empty() {
        let commands: Vec<String> = undo
            .export_first
            .iter()
            .map(|e| e.command.clone())
            .collect();
        let all = commands.join("\r\n");
        return html! {
            <div class="undo-reg">
                <p class="hint">{ "To get an undo file, export what the clean-up changes first, then add the exported file to the inputs:" }</p>
                for c in commands.iter() { <pre class="command">{ c.clone() }</pre> }
                <CopyButton text={all} what="command" />
            </div>
        };
    }
    let button = |form: RegForm, label: &'static str, file: &'static str| {
        let finding = props.finding.clone();
        let app = app.clone();
        let message = message.clone();
        let onclick = Callback::from(move |_| {
            let report =
                api::undo_for(std::slice::from_ref(&finding), &app.evidence, &app.kb, form);
            let note = match report.undo.and_then(|u| u.bytes.map(|b| (b, u.keys.len()))) {
                Some((bytes, keys)) => match download(file, &bytes, "application/octet-stream") {
                    Ok(()) => {
                        format!("Wrote {file}: puts back {keys} key(s) as your export has them.")
                    }
                    Err(e) => e,
                },
                None => "That form cannot hold the exported values exactly; use the other one."
                    .to_string(),
            };
            message.set(Some(note));
        });
        html! { <button type="button" class="undo-download" {onclick}>{ label }</button> }
    };
    html! {
        <div class="undo-reg">
            <p class="hint">{ "The undo puts back what the clean-up deletes or changes, exactly as your export has it." }</p>
            <div class="row">
                { button(RegForm::Version5, "Download undo .reg (Windows 2000 and later)", "kbwiz-undo.reg") }
                { button(RegForm::Regedit4, "Download undo .reg (REGEDIT4)", "kbwiz-undo-regedit4.reg") }
            </div>
            if let Some(m) = &*message { <p class="session-message" role="status">{ m.clone() }</p> }
        </div>
    }
}
