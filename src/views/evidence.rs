//! The evidence view: what was found, grouped as an admin reads it (status
//! messages, failures and fan-out per package, registry keys, file versions,
//! inbox backlogs), every item linking to its source line.

use crate::components::format::{hms, ymd_hm, ymd_hms};
use crate::components::link::link;
use crate::components::table::head_row;
use crate::context::{use_app, use_nav};
use crate::route::Route;
use crate::state::{AppState, DiagnosisState, WEIGHING};
use kbwiz_engine::evidence::{Fact, Stamp};
use kbwiz_engine::summary::FixState;
use yew::prelude::*;

/// `2026-01-02 03:04:05 UTC` (local: ...), or what is known.
pub fn when(t: &Stamp) -> String {
    match (t.utc, t.local) {
        (Some(u), Some(l)) if u.naive_utc() != l => {
            format!("{} UTC (local {})", ymd_hms(u), hms(l.time()))
        }
        (Some(u), _) => format!("{} UTC", ymd_hms(u)),
        (None, Some(l)) => format!("{} (local, zone unknown)", ymd_hms(l)),
        (None, None) => "time unknown".into(),
    }
}

/// A link to evidence number `index`'s source line, labelled `input:line`.
pub fn source_link(app: &AppState, nav: &Callback<Route>, index: usize) -> Html {
    let (Some(e), Some(input)) = (app.evidence.get(index), app.input_of(index)) else {
        return Html::default();
    };
    let label = html! { format!("{}:{}", input.name, e.line) };
    link(
        nav,
        Route::Log {
            input: input.id,
            line: e.line,
        },
        Some("source"),
        label,
    )
}

/// One evidence line: source link, then the line itself as text.
fn item(app: &AppState, nav: &Callback<Route>, index: usize) -> Html {
    let Some(e) = app.evidence.get(index) else {
        return Html::default();
    };
    html! {
        <li class="evidence-item">
            { source_link(app, nav, index) }
            <code class="line">{ e.text.clone() }</code>
        </li>
    }
}

/// What to tell an admin whose inputs were read but hold nothing any known
/// article looks for: what each input looked like, and which articles kbwiz
/// knows, so they can tell whether they pasted the wrong file or have a
/// fault kbwiz has no article for.
pub fn unrelated_note(app: &AppState) -> Html {
    // No facts yet because they are still being weighed: say so instead.
    if matches!(app.diagnosis, DiagnosisState::Pending { .. }) {
        return html! { <p class="hint weighing" role="status">{ WEIGHING }</p> };
    }
    let kb = &app.kb;
    let looks = app.inputs.iter().map(|input| {
        let r = &input.report;
        let component = main_component(&input.entries)
            .map(|c| format!(" from {c}"))
            .unwrap_or_default();
        html! { <li>{ format!("{}: {}{component}, {} {}", input.name, format_words(r.format), r.entries, if r.entries == 1 { "entry" } else { "entries" }) }</li> }
    });
    let known = kb
        .articles()
        .iter()
        .map(|a| format!("{} ({})", a.id(), a.meta.title))
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        <div class="unrelated" role="status">
            <p>{ "Nothing in these inputs relates to the articles kbwiz knows. What was read:" }</p>
            <ul>{ for looks }</ul>
            <p>{ format!("Articles known: {known}.") }</p>
        </div>
    }
}

/// `4 (2328 + 2302 each)`: failed processings, and the messages each raised
/// when there are several.
fn attempts_words(p: &kbwiz_engine::summary::PackageSummary) -> String {
    let ids = p
        .failure_ids
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(" + ");
    match p.failure_ids.len() {
        0 => p.attempts.to_string(),
        1 => format!("{} ({ids})", p.attempts),
        _ => format!("{} ({ids} each)", p.attempts),
    }
}

/// A format as an admin would name it.
fn format_words(f: kbwiz_engine::evidence::Format) -> &'static str {
    use kbwiz_engine::evidence::Format;
    match f {
        Format::SmsLog => "an SMS component log",
        Format::CmtraceLog => "a log in CMTrace format",
        Format::StatusExport => "a status message export",
        Format::Reg => "a registry export",
        Format::FileVersions => "a file version listing",
        Format::SqlResults => "SQL query results",
        Format::Unknown => "text in no format kbwiz reads",
    }
}

/// The component most of a log's entries came from (the first 10,000
/// entries decide, so a huge log costs no more than a large one).
fn main_component(entries: &[kbwiz_engine::evidence::Entry]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for c in entries
        .iter()
        .take(10_000)
        .filter_map(|e| e.component.as_deref())
    {
        match counts.iter_mut().find(|(name, _)| *name == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(name, _)| name.to_string())
}

/// At most this many items per group are listed (the count says how many in all).
const SHOW: usize = 25;

#[function_component(EvidenceView)]
pub fn evidence_view() -> Html {
    let app = use_app();
    let nav = use_nav();
    let Some(article) = app.kb.article(&app.session.article) else {
        return html! { <p>{ "Unknown article." }</p> };
    };
    if app.evidence.is_empty() {
        return html! {
            <section class="evidence"><h2>{ "Evidence" }</h2>
            if app.inputs.is_empty() {
                <p class="empty">{ "No evidence yet: add inputs first." }</p>
            } else {
                { unrelated_note(&app) }
            }
            </section>
        };
    }
    let Some(summary) = app.summary(article) else {
        app.made.await_made();
        return html! {
            <section class="evidence" aria-busy="true"><h2>{ format!("Evidence for {}", article.id()) }</h2>
            <p class="making">{ format!("Grouping {} facts for {}…", app.evidence.len(), article.id()) }</p>
            </section>
        };
    };
    let messages = summary.messages.iter().map(|g| {
        let first = g.items.first().and_then(|i| app.evidence.get(*i));
        let severity = first.and_then(|e| match &e.fact { Fact::StatusMessage(m) => m.severity, _ => None });
        html! {
            <details class={severity.map_or_else(|| "group".to_string(), |s| format!("group sev-{s:?}").to_ascii_lowercase())} open={g.items.len() <= 3}>
                <summary>
                    <strong>{ format!("Message {}", g.id) }</strong>
                    { format!(" × {}", g.items.len()) }
                    if !g.proves.is_empty() { <span class="proves">{ format!(" — {}", g.proves) }</span> }
                </summary>
                <ul>{ for g.items.iter().take(SHOW).map(|i| item(&app, &nav, *i)) }</ul>
                if g.items.len() > SHOW { <p class="more">{ format!("and {} more (see the timeline)", g.items.len() - SHOW) }</p> }
            </details>
        }
    });
    let packages = summary.packages.iter().map(|p| {
        let span = match (p.first_failure, p.last_failure) {
            (Some(a), Some(b)) if a != b => format!("{} → {} UTC", ymd_hm(a), ymd_hm(b)),
            (Some(a), _) => format!("{} UTC", ymd_hm(a)),
            _ => "—".into(),
        };
        html! {
            <tr>
                <th scope="row"><code>{ p.package.clone() }</code></th>
                <td class="attempts">{ attempts_words(p) }</td>
                <td>{ span }</td>
                <td class="num">{ p.fanouts.len() }</td>
                <td>{ p.child_sites.iter().cloned().collect::<Vec<_>>().join(", ") }</td>
                <td>{ for p.keys.iter().map(|i| source_link(&app, &nav, *i)) }</td>
            </tr>
        }
    });
    let files = summary.files.iter().map(|f| {
        let (class, word) = match f.state {
            FixState::Fixed => ("ok", "fixed"),
            FixState::NotFixed => ("err", "older than the fix"),
            FixState::Unknown => ("", "cannot compare"),
        };
        html! {
            <tr>
                <th scope="row">{ f.file.clone() }</th>
                <td>{ f.platform.clone().unwrap_or_else(|| "—".into()) }</td>
                <td><code>{ f.version.clone() }</code></td>
                <td><code>{ f.required.clone().unwrap_or_default() }</code></td>
                <td class={class}>{ word }</td>
                <td>{ source_link(&app, &nav, f.index) }</td>
            </tr>
        }
    });
    html! {
        <section class="evidence" aria-labelledby="evidence-h">
            <h2 id="evidence-h">{ format!("Evidence for {}", article.id()) }</h2>
            <h3>{ "Status messages" }</h3>
            if summary.messages.is_empty() { <p class="empty">{ "None found." }</p> }
            { for messages }
            <h3>{ "Retries and fan-out per package" }</h3>
            if summary.packages.is_empty() {
                <p class="empty">{ "No package is named by a failure, a fan-out message or one of the article's registry keys." }</p>
            } else {
                <table class="packages">
                    { head_row(&["Package", "Failed attempts", "Failing from → to", "Sent to child sites", "Child sites", "Registry key"]) }
                    <tbody>{ for packages }</tbody>
                </table>
            }
            <h3>{ "Registry keys" }</h3>
            if summary.registry.is_empty() {
                <p class="empty">{ format!("No key the article names ({} other keys read).", summary.other_keys) }</p>
            } else {
                <ul>{ for summary.registry.iter().map(|i| item(&app, &nav, *i)) }</ul>
            }
            <h3>{ "File versions" }</h3>
            if summary.files.is_empty() {
                <p class="empty">{ "No version of a file the fix replaces." }</p>
            } else {
                <table class="files">
                    { head_row(&["File", "Platform", "Found", "Fixed in", "State", "Source"]) }
                    <tbody>{ for files }</tbody>
                </table>
            }
            if !summary.backlog.is_empty() {
                <h3>{ "Inbox backlog" }</h3>
                <ul>{ for summary.backlog.iter().map(|i| item(&app, &nav, *i)) }</ul>
            }
        </section>
    }
}
