//! The timeline: every input's entries and status messages merged in UTC
//! order (local time beside it), a page at a time, with "next error". Rows
//! are compact (time, source, component, message, package, site); the raw
//! line opens on demand, in a row of its own under its row, so a page stays
//! short and scannable.

use crate::components::class::class_list;
use crate::components::link::link;
use crate::components::reveal::use_reveal;
use crate::components::table::head_row;
use crate::context::{use_app, use_nav};
use crate::route::Route;
use crate::views::evidence::when;
use kbwiz_engine::evidence::Severity;
use yew::prelude::*;

/// Rows per page. A page of 200 took Chromium about 80 ms to show after a
/// 100 MiB diagnosis (a third building its rows, the rest style, layout and
/// paint). A page of 100 still took 43 to 80 ms in CI; on a CPU slowed 2x,
/// a tab switch to it took 85 to 170 ms (median 106.5 of ten), and to a
/// page of 50, 41 to 109 ms (median 74.5 of twelve). "Next error" crosses
/// pages.
const PAGE: usize = 50;

#[function_component(TimelineView)]
pub fn timeline_view() -> Html {
    let app = use_app();
    let nav = use_nav();
    let page = use_state(|| 0usize);
    let focus = use_state(|| None::<usize>);
    // The rows whose raw line is open, by their place in the timeline.
    let opened = use_state(std::collections::BTreeSet::<usize>::new);
    // "Next error" lands on its row: centred and focused.
    let focused_row = use_reveal(*focus);
    let Some(rows) = app.timeline().map(|t| t.len()) else {
        app.made.await_made();
        return html! {
            <section class="timeline" aria-busy="true"><h2>{ "Timeline (UTC)" }</h2>
            <p class="making">{ "Merging every input's entries and status messages by time…" }</p>
            </section>
        };
    };
    if rows == 0 {
        return html! { <section class="timeline"><h2>{ "Timeline" }</h2><p class="empty">{ "Nothing with a time yet: add logs or status messages." }</p></section> };
    }
    let pages = rows.div_ceil(PAGE);
    let current = (*page).min(pages - 1);
    let next_error = {
        let app = app.clone();
        let page = page.clone();
        let focus = focus.clone();
        Callback::from(move |_| {
            let from = focus.map_or(current * PAGE, |f| f + 1);
            let next = app
                .timeline()
                .and_then(|t| t.next_of(Severity::Error, from));
            if let Some(i) = next {
                page.set(i / PAGE);
                focus.set(Some(i));
            }
        })
    };
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_| page.set(to))
    };
    let shown = app.timeline_rows(current * PAGE..rows.min((current + 1) * PAGE));
    let body = shown.iter().map(|(i, r, message)| {
        let i = *i;
        let input = &app.inputs[r.input];
        let class = match r.severity {
            Some(Severity::Error) => Some("sev-error"),
            Some(Severity::Warning) => Some("sev-warning"),
            _ => None,
        };
        let focused = *focus == Some(i);
        let (package, site) = message
            .map(|m| {
                let raised_by = m.site.as_deref().unwrap_or("");
                let site = match m.child_site.as_deref() {
                    Some(child) => format!("{raised_by} → {child}"),
                    None => raised_by.to_string(),
                };
                (m.package_id.as_deref().unwrap_or("").to_string(), site)
            })
            .unwrap_or_default();
        let open = opened.contains(&i);
        let toggle = {
            let opened = opened.clone();
            Callback::from(move |_| {
                let mut now = (*opened).clone();
                if !now.remove(&i) {
                    now.insert(i);
                }
                opened.set(now);
            })
        };
        html! {
            <>
            <tr class={class_list(&[class, focused.then_some("marked")])}
                ref={if focused { focused_row.clone() } else { NodeRef::default() }}
                tabindex={focused.then_some("-1")}>
                <td class="when">{ when(&r.time) }</td>
                <td>{ link(&nav, Route::Log { input: input.id, line: r.line }, None, html! { format!("{}:{}", input.name, r.line) }) }</td>
                <td class="component">{ r.component.clone().unwrap_or_default() }</td>
                <td class="num">{ r.message.map(|m| m.to_string()).unwrap_or_default() }</td>
                <td><code>{ package }</code></td>
                <td><code>{ site }</code></td>
                <td class="raw">
                    // Named for its row: a hundred buttons all called "line"
                    // tell a screen reader's list of controls nothing.
                    <button type="button" aria-expanded={if open { "true" } else { "false" }} onclick={toggle}
                        aria-label={format!("line {}:{}", input.name, r.line)}>
                        { "line" }
                    </button>
                </td>
            </tr>
            if open {
                <tr class="raw-line"><td colspan="7"><code>{ input.line(r.line).unwrap_or("").to_string() }</code></td></tr>
            }
            </>
        }
    });
    html! {
        <section class="timeline" aria-labelledby="timeline-h">
            <h2 id="timeline-h">{ "Timeline (UTC)" }</h2>
            <div class="row">
                <button type="button" id="next-error" onclick={next_error}>{ "Next error" }</button>
                <button type="button" onclick={go(current.saturating_sub(1))} disabled={current == 0}>{ "Previous page" }</button>
                <span>{ format!("Page {} of {} ({} rows)", current + 1, pages, rows) }</span>
                <button type="button" onclick={go((current + 1).min(pages - 1))} disabled={current + 1 >= pages}>{ "Next page" }</button>
            </div>
            <table class="timeline-rows">
                { head_row(&["When", "Source", "Component", "Message", "Package", "Site", "Line"]) }
                <tbody>{ for body }</tbody>
            </table>
        </section>
    }
}
