//! The outcome: what to do. The remediation steps (workaround, fix,
//! clean-up) with copy buttons, the generated .reg clean-up behind the backup
//! warning, the Markdown report, the hotfix version check, and what to paste
//! next when the evidence is not enough.

use crate::components::copy::CopyButton;
use crate::components::table::head_row;
use crate::context::{use_app, use_nav};
use crate::download::download;
use crate::views::evidence::source_link;
use kbwiz_engine::kb::{Article, Remedy, RemedyKind, ServiceAction, Step};
use kbwiz_engine::remedy::report::report_of;
use kbwiz_engine::remedy::{cleanup_reg, RegForm};
use kbwiz_engine::summary::{hotfix_check, FixState};
use yew::prelude::*;

/// A step as plain text (for copying) and as HTML.
fn step_text(step: &Step, article: &Article) -> String {
    match step {
        Step::Text { text } | Step::Note { text } => text.clone(),
        Step::Command { text, command } => format!("{text}\n    {command}"),
        Step::Services {
            action,
            services,
            on,
        } => format!(
            "{} {}{}",
            match action {
                ServiceAction::Stop => "Stop",
                ServiceAction::Start => "Start",
            },
            services.join(", "),
            on.as_ref().map(|o| format!(" on {o}")).unwrap_or_default()
        ),
        Step::ReplaceFile { file, folder } => {
            format!("Replace {file} in {folder} with the fix's version")
        }
        Step::RegistryDelete { key, note } => format!(
            "Delete {}{}",
            article
                .registry_key(key)
                .map(|k| k.path.as_str())
                .unwrap_or(key),
            note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
        ),
        Step::Warning { warning } => article
            .warning(warning)
            .map(|w| w.text.clone())
            .unwrap_or_default(),
        Step::Link { text, target } => format!("{text}: {target}"),
    }
}

fn step_html(step: &Step, article: &Article) -> Html {
    match step {
        Step::Command { text, command } => html! {
            <li>{ text.clone() }<div class="command"><code>{ command.clone() }</code><CopyButton text={command.clone()} what="command" /></div></li>
        },
        Step::Warning { .. } => html! { <li class="warning">{ step_text(step, article) }</li> },
        _ => html! { <li>{ step_text(step, article) }</li> },
    }
}

fn remedy_html(r: &Remedy, article: &Article) -> Html {
    let all = std::iter::once(r.title.clone())
        .chain(
            r.steps
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{}. {}", i + 1, step_text(s, article))),
        )
        .collect::<Vec<_>>()
        .join("\n");
    html! {
        <article class={format!("remedy remedy-{:?}", r.kind).to_ascii_lowercase()}>
            <h3>{ r.title.clone() }</h3>
            if !r.summary.is_empty() { <p>{ r.summary.clone() }</p> }
            if !r.platforms.is_empty() {
                <p class="hint">{ format!("Platforms: {}", r.platforms.iter().map(|p| p.name()).collect::<Vec<_>>().join(", ")) }</p>
            }
            <ol>{ for r.steps.iter().map(|s| step_html(s, article)) }</ol>
            <CopyButton text={all} what={r.title.clone()} />
        </article>
    }
}

#[function_component(OutcomeView)]
pub fn outcome_view() -> Html {
    let app = use_app();
    let nav = use_nav();
    let kb = &*app.kb;
    let backed_up = use_state(|| false);
    let message = use_state(|| None::<String>);
    let (Some(article), Some(finding)) = (kb.article(&app.session.article), app.finding()) else {
        return html! { <p>{ "Unknown article." }</p> };
    };
    let hotfix = hotfix_check(&app.evidence, article);
    let (word, rest) = crate::views::headline(&finding);
    // The diagnosis with this article's finding as the wizard has it.
    let report = report_of(
        app.inputs.iter().map(|i| &i.report),
        app.findings.iter().map(|f| {
            if f.article == finding.article {
                &finding
            } else {
                f
            }
        }),
        kb,
    );
    let reg_button = |form: RegForm, label: &'static str, file: &'static str| {
        let finding = finding.clone();
        let message = message.clone();
        let kb = app.kb.clone();
        let onclick = Callback::from(move |_| {
            match kb
                .article(&finding.article)
                .ok_or_else(|| format!("the knowledge base has no article {}", finding.article))
                .and_then(|article| cleanup_reg(&finding, article, form).map_err(|e| e.to_string()))
            {
                Ok(reg) => {
                    let mut note = format!("Wrote {file}: deletes {} key(s).", reg.keys.len());
                    if !reg.skipped.is_empty() {
                        note.push_str(&format!(
                            " Left out (cannot be written safely): {}.",
                            reg.skipped.join(", ")
                        ));
                    }
                    if let Err(e) = download(file, &reg.bytes, "application/octet-stream") {
                        note = e;
                    }
                    message.set(Some(note));
                }
                Err(e) => message.set(Some(e)),
            }
        });
        html! { <button type="button" class="reg-download" {onclick} disabled={!*backed_up}>{ label }</button> }
    };
    let download_report = {
        let report = report.clone();
        let message = message.clone();
        Callback::from(move |_| {
            if let Err(e) = download("kbwiz-report.md", report.as_bytes(), "text/markdown") {
                message.set(Some(e));
            }
        })
    };
    let on_backed_up = {
        let b = backed_up.clone();
        Callback::from(move |e: Event| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                b.set(i.checked());
            }
        })
    };
    // The clean-up that stops the retries comes first, with its download;
    // workarounds and the fix's procedures follow.
    let (immediate, later): (Vec<&Remedy>, Vec<&Remedy>) = finding
        .remediation
        .iter()
        .partition(|r| r.kind == RemedyKind::Cleanup);
    let warnings = article
        .registry
        .warnings
        .iter()
        .map(|w| html! { <p class="warning">{ w.text.clone() }</p> });
    html! {
        <section class="outcome" aria-labelledby="outcome-h">
            <h2 id="outcome-h">{ "What to do" }</h2>
            <p class={format!("verdict-line verdict-{}", finding.verdict.name())}>
                { "Verdict: " }<strong>{ word }</strong>
                if let Some(t) = rest { { format!(" — {t}") } }
            </p>
            if let Some(s) = &finding.summary { <p>{ s.clone() }</p> }
            if let Some(n) = &finding.needs {
                <p class="hint">{ format!("Still open: {} ", n.text) }</p>
            }
            for c in finding.contradictions.iter() {
                <div class="contradiction" role="alert"><strong>{ "Contradictory evidence: " }</strong>{ c.text.clone() }</div>
            }
            for s in finding.sites.iter() { <p class="sites">{ s.describe() }</p> }

            if !finding.packages.is_empty() {
                <p class="affected">{ format!("Packages being retried: {}", finding.packages.join(", ")) }</p>
            }
            if finding.remediation.is_empty() {
                <p class="empty">{ "No remediation yet: finish the wizard, or add the evidence listed below." }</p>
            }

            // First what stops the damage now, with its download beside it.
            { for immediate.iter().map(|r| remedy_html(r, article)) }
            if finding.packages.is_empty() {
                if !immediate.is_empty() {
                    <p class="empty">{ "No affected package is known yet, so there is nothing to clean up." }</p>
                }
            } else {
                if immediate.is_empty() {
                    <h3>{ "Registry clean-up" }</h3>
                    { for warnings }
                }
                <label class="check"><input type="checkbox" id="backed-up" checked={*backed_up} onchange={on_backed_up} />
                    { " I have backed up the registry and know how to restore it." }</label>
                <div class="row">
                    { reg_button(RegForm::Version5, "Download .reg (Windows 2000 and later)", "kbwiz-retry-history-cleanup.reg") }
                    { reg_button(RegForm::Regedit4, "Download .reg (REGEDIT4, Windows NT 4.0)", "kbwiz-retry-history-cleanup-regedit4.reg") }
                </div>
                { crate::views::undo_reg(&finding) }
            }
            if let Some(m) = &*message { <p class="session-message" role="status">{ m.clone() }</p> }

            if !finding.next_artefacts.is_empty() {
                <h3>{ "What to paste next" }</h3>
                <ol class="next-artefacts">
                    for a in finding.next_artefacts.iter() { <li>{ a.artefact.clone() }</li> }
                </ol>
            }

            if !later.is_empty() { <h3>{ "Then: the lasting fix" }</h3> }
            { for later.iter().map(|r| remedy_html(r, article)) }

            <h3>{ "Hotfix version check" }</h3>
            <table class="hotfix">
                { head_row(&["File", "Platform", "Required", "Found", "State"]) }
                <tbody>
                    for row in hotfix.iter() {
                        <tr>
                            <th scope="row">{ row.file.clone() }</th>
                            <td>{ row.platform.clone() }</td>
                            <td><code>{ row.required.clone() }</code></td>
                            <td>
                                if let (Some(v), Some(i)) = (&row.found, row.source) { <code>{ v.clone() }</code>{ " " }{ source_link(&app, &nav, i) } }
                                else { { "not in the inputs" } }
                            </td>
                            <td class={match row.state { FixState::Fixed => "ok", FixState::NotFixed => "err", FixState::Unknown => "" }}>
                                { match row.state { FixState::Fixed => "fixed", FixState::NotFixed => "needs the fix", FixState::Unknown => "unknown" } }
                            </td>
                        </tr>
                    }
                </tbody>
            </table>

            <h3>{ "Report" }</h3>
            <p class="hint">{ "A Markdown report of inputs, evidence, path, verdict and remediation, for a ticket." }</p>
            <div class="row">
                <button type="button" id="download-report" onclick={download_report}>{ "Download report (.md)" }</button>
                <CopyButton text={report.clone()} what="report" />
            </div>
            <details><summary>{ "Preview" }</summary><pre class="report">{ report }</pre></details>
        </section>
    }
}
