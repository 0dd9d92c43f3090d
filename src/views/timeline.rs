//! The timeline: every input's entries and status messages merged in UTC
//! order (local time beside it), a page at a time, with "next error".

use crate::app::{use_app, use_nav};
use crate::components::class::class_list;
use crate::components::link::link;
use crate::components::table::head_row;
use crate::route::Route;
use crate::views::evidence::when;
use kbwiz_engine::evidence::Severity;
use kbwiz_engine::summary::timeline;
use yew::prelude::*;

/// Rows per page.
const PAGE: usize = 200;

#[function_component(TimelineView)]
pub fn timeline_view() -> Html {
    let app = use_app();
    let nav = use_nav();
    let inputs = app.inputs.clone();
    let rows = use_memo(app.evidence.clone(), move |_| {
        let parts: Vec<(&[_], &[_])> = inputs
            .iter()
            .map(|i| (i.entries.as_slice(), i.evidence.as_slice()))
            .collect();
        timeline(&parts)
    });
    let page = use_state(|| 0usize);
    let focus = use_state(|| None::<usize>);
    if rows.is_empty() {
        return html! { <section class="timeline"><h2>{ "Timeline" }</h2><p class="empty">{ "Nothing with a time yet: add logs or status messages." }</p></section> };
    }
    let pages = rows.len().div_ceil(PAGE);
    let current = (*page).min(pages - 1);
    let next_error = {
        let rows = rows.clone();
        let page = page.clone();
        let focus = focus.clone();
        Callback::from(move |_| {
            let from = focus.map_or(current * PAGE, |f| f + 1);
            let hit = rows
                .iter()
                .enumerate()
                .skip(from)
                .chain(rows.iter().enumerate().take(from))
                .find(|(_, r)| r.severity == Some(Severity::Error))
                .map(|(i, _)| i);
            if let Some(i) = hit {
                page.set(i / PAGE);
                focus.set(Some(i));
            }
        })
    };
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_| page.set(to))
    };
    let body = rows.iter().enumerate().skip(current * PAGE).take(PAGE).map(|(i, r)| {
        let input = &app.inputs[r.input];
        let class = match r.severity {
            Some(Severity::Error) => Some("sev-error"),
            Some(Severity::Warning) => Some("sev-warning"),
            _ => None,
        };
        html! {
            <tr class={class_list(&[class, (*focus == Some(i)).then_some("marked")])}>
                <td class="when">{ when(&r.time) }</td>
                <td>{ link(&nav, Route::Log { input: input.id, line: r.line }, None, html! { format!("{}:{}", input.name, r.line) }) }</td>
                <td>{ r.component.clone().unwrap_or_default() }</td>
                <td>{ r.message.map(|m| m.to_string()).unwrap_or_default() }</td>
                <td><code>{ input.line(r.line).unwrap_or("").to_string() }</code></td>
            </tr>
        }
    });
    html! {
        <section class="timeline" aria-labelledby="timeline-h">
            <h2 id="timeline-h">{ "Timeline (UTC)" }</h2>
            <div class="row">
                <button type="button" id="next-error" onclick={next_error}>{ "Next error" }</button>
                <button type="button" onclick={go(current.saturating_sub(1))} disabled={current == 0}>{ "Previous page" }</button>
                <span>{ format!("Page {} of {} ({} rows)", current + 1, pages, rows.len()) }</span>
                <button type="button" onclick={go((current + 1).min(pages - 1))} disabled={current + 1 >= pages}>{ "Next page" }</button>
            </div>
            <table class="timeline-rows">
                { head_row(&["When", "Source", "Component", "Message", "Line"]) }
                <tbody>{ for body }</tbody>
            </table>
        </section>
    }
}
