//! The log view: one input's text around a line, coloured by severity the way
//! log viewers show it (errors red, warnings amber), with a filter box that
//! searches the whole input. Text is only ever rendered as text.

use crate::components::class::class_list;
use crate::components::link::link;
use crate::components::reveal::use_reveal;
use crate::context::{use_app, use_nav};
use crate::route::Route;
use kbwiz_engine::evidence::{Fact, Severity};
use kbwiz_engine::kb::catalog::Examples;
use kbwiz_engine::parse::Lines;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LogProps {
    /// Input id.
    pub input: u32,
    /// 1-based line to show and mark.
    pub line: usize,
}

/// Lines shown before and after the marked one.
const CONTEXT: usize = 40;
/// Filter matches listed at most.
const MAX_MATCHES: usize = 500;

fn severity_class(s: Option<Severity>) -> Option<&'static str> {
    match s {
        Some(Severity::Error) => Some("sev-error"),
        Some(Severity::Warning) => Some("sev-warning"),
        _ => None,
    }
}

/// `text` lower-cased for a case-insensitive search, as `str::to_lowercase`
/// does; text beyond ASCII is lower-cased by the browser, which keeps
/// Unicode's case tables (about 6 KB gzip of wasm) out of the app.
fn lower(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        js_sys::JsString::from(text).to_lower_case().into()
    }
}

/// The filter box's placeholder: a status message ID and a component of
/// the KB's examples, or what to type in general words when it has none.
fn filter_placeholder(examples: &Examples) -> String {
    let message = examples.messages.first().map(u32::to_string);
    match (message, examples.components.first()) {
        (Some(m), Some(c)) => format!("e.g. {m} or {c}"),
        (Some(one), None) => format!("e.g. {one}"),
        (None, Some(one)) => format!("e.g. {one}"),
        (None, None) => "e.g. a message ID or a component's name".to_string(),
    }
}

#[function_component(LogView)]
pub fn log_view(props: &LogProps) -> Html {
    let app = use_app();
    let nav = use_nav();
    let filter = use_state(String::new);
    // A line link lands on its line: centred and focused, each time the
    // route names another line or input.
    let marked_row = use_reveal((props.input, props.line));
    let Some(input) = app.inputs.iter().find(|i| i.id == props.input).cloned() else {
        return html! { <section class="log"><h2>{ "Log" }</h2><p>{ "That input is no longer here." }</p></section> };
    };
    // Severity by line: entries and status messages (errors and warnings
    // only), a later one over an earlier one. A list by line number rather
    // than a map: one byte a line, and no hash map's code in the wasm.
    let severities = use_memo(input.clone(), |input| {
        let mut by_line: Vec<Option<Severity>> = Vec::new();
        let mut mark = |line: usize, s: Severity| {
            if by_line.len() <= line {
                by_line.resize(line + 1, None);
            }
            by_line[line] = Some(s);
        };
        for e in input.entries.iter() {
            if let Some(s @ (Severity::Error | Severity::Warning)) = e.severity {
                for l in e.first_line..=e.last_line {
                    mark(l, s);
                }
            }
        }
        for e in input.evidence.iter() {
            if let Fact::StatusMessage(m) = &e.fact {
                if let Some(s @ (Severity::Error | Severity::Warning)) = m.severity {
                    mark(e.line, s);
                }
            }
        }
        by_line
    });
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                filter.set(i.value());
            }
        })
    };
    let row = |n: usize, text: &str| {
        let marked = n == props.line;
        html! {
            <tr class={class_list(&[severity_class(severities.get(n).copied().flatten()), marked.then_some("marked")])}
                id={marked.then(|| "marked-line".to_string())}
                ref={if marked { marked_row.clone() } else { NodeRef::default() }}
                tabindex={marked.then_some("-1")}>
                <th scope="row" class="ln">
                    { link(&nav, Route::Log { input: props.input, line: n }, None, html! { n }) }
                </th>
                <td><code>{ text.to_string() }</code></td>
            </tr>
        }
    };
    let needle = lower(filter.trim());
    let (rows, note): (Vec<Html>, Option<String>) = if needle.is_empty() {
        let first = props.line.saturating_sub(CONTEXT).max(1);
        let last = (props.line + CONTEXT).min(input.line_count());
        let rows = (first..=last)
            .filter_map(|n| input.line(n).map(|t| row(n, t)))
            .collect();
        (rows, None)
    } else {
        let mut found = 0usize;
        let rows: Vec<Html> = Lines::new(&input.text)
            .enumerate()
            .filter(|(_, t)| lower(t).contains(&needle))
            .inspect(|_| found += 1)
            .take(MAX_MATCHES)
            .map(|(i, t)| row(i + 1, t))
            .collect();
        let note = (rows.len() == MAX_MATCHES)
            .then(|| format!("Showing the first {MAX_MATCHES} matching lines."));
        (
            rows,
            note.or_else(|| (found == 0).then(|| "No line matches.".to_string())),
        )
    };
    html! {
        <section class="log" aria-labelledby="log-h">
            <h2 id="log-h">{ format!("{} — line {}", input.name, props.line) }</h2>
            <div class="row">
                <label for="log-filter">{ "Filter lines" }</label>
                <input id="log-filter" type="search" value={(*filter).clone()} oninput={on_filter} placeholder={filter_placeholder(&app.index.examples)} />
                { link(&nav, Route::Evidence, None, html! { "Back to evidence" }) }
            </div>
            if let Some(n) = note { <p class="hint">{ n }</p> }
            <table class="log-lines"><tbody>{ for rows }</tbody></table>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_suggests_a_message_and_a_component_of_the_kb() {
        let mut ex = Examples {
            messages: vec![7001, 7002],
            components: vec!["TEST_SENDER".to_string()],
            ..Examples::default()
        };
        assert_eq!(filter_placeholder(&ex), "e.g. 7001 or TEST_SENDER");
        ex.messages.clear();
        assert_eq!(filter_placeholder(&ex), "e.g. TEST_SENDER");
        assert_eq!(
            filter_placeholder(&Examples::default()),
            "e.g. a message ID or a component's name"
        );
    }
}
