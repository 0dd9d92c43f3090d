//! The article view: the KB article in our words, then its facts as tables:
//! the status messages it relies on, the registry keys it names, the fixed
//! files and where the fix ships, and the related articles.
//!
//! The prose is the engine's rendering of the article's own Markdown, which
//! escapes any raw HTML; that string, and only that string, is injected as
//! HTML. Everything else is rendered as text.

use kbwiz_engine::evidence::Severity;
use kbwiz_engine::kb::{Article, Kb, MessageRole};
use yew::prelude::*;

use crate::components::format::{group, hm, ymd};

#[derive(Properties, PartialEq)]
pub struct ArticleProps {
    /// Article id, e.g. `Q319207`.
    pub article: String,
}

fn severity_name(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Error) => "Error",
        Some(Severity::Warning) => "Warning",
        Some(Severity::Info) => "Informational",
        None => "not stated",
    }
}

fn role_name(r: MessageRole) -> &'static str {
    match r {
        MessageRole::Failure => "the failure",
        MessageRole::FanOut => "the fan-out",
        MessageRole::Info => "context",
    }
}

fn messages_table(a: &Article) -> Html {
    if a.messages.status_messages.is_empty() {
        return html! {};
    }
    let rows = a.messages.status_messages.iter().map(|m| {
        let sev = severity_name(m.severity);
        html! {
            <tr>
                <th scope="row">{ m.id }</th>
                <td data-label="Severity"><span class={classes!("sev", sev.to_ascii_lowercase())}>{ sev }</span></td>
                <td data-label="Component"><code>{ m.component.clone() }</code></td>
                <td data-label="Text" class="template">{ m.template.clone() }</td>
                <td data-label="What it proves">
                    { m.proves.clone() }
                    if let Some(at) = &m.raised_at {
                        <span class="muted">{ format!(" Raised at {at}.") }</span>
                    }
                    <span class="muted">{ format!(" Role: {}.", role_name(m.role)) }</span>
                </td>
            </tr>
        }
    });
    html! {
        <section aria-labelledby="art-messages-h">
            <h2 id="art-messages-h">{ "Status messages" }</h2>
            <div class="table-wrap">
                <table class="kb-table messages">
                    <thead><tr>
                        <th scope="col">{ "ID" }</th>
                        <th scope="col">{ "Severity" }</th>
                        <th scope="col">{ "Component" }</th>
                        <th scope="col">{ "Text" }</th>
                        <th scope="col">{ "What it proves" }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}

fn registry_table(a: &Article) -> Html {
    if a.registry.keys.is_empty() {
        return html! {};
    }
    let rows = a.registry.keys.iter().map(|k| {
        let risk = k.risk.as_deref().map(|id| {
            a.warning(id)
                .map_or_else(|| id.to_string(), |w| w.text.clone())
        });
        html! {
            <tr>
                <td data-label="Key"><code class="path">{ k.path.clone() }</code></td>
                <td data-label="Meaning">
                    { k.meaning.clone() }
                    if let Some(effect) = &k.effect_of_deleting {
                        <p class="muted">{ effect.clone() }</p>
                    }
                </td>
                <td data-label="Risk">{ risk.unwrap_or_else(|| "not stated".to_string()) }</td>
            </tr>
        }
    });
    let warnings = a.registry.warnings.iter().map(|w| {
        html! {
            <li>
                { w.text.clone() }
                if let Some(see) = &w.see { { format!(" See {see}.") } }
            </li>
        }
    });
    html! {
        <section aria-labelledby="art-registry-h">
            <h2 id="art-registry-h">{ "Registry keys" }</h2>
            <div class="table-wrap">
                <table class="kb-table registry">
                    <thead><tr>
                        <th scope="col">{ "Key" }</th>
                        <th scope="col">{ "Meaning" }</th>
                        <th scope="col">{ "Risk" }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            if !a.registry.warnings.is_empty() {
                <ul class="warnings" aria-label="Registry warnings">{ for warnings }</ul>
            }
        </section>
    }
}

fn files_table(a: &Article) -> Html {
    if a.files.rows.is_empty() && a.files.release.is_none() {
        return html! {};
    }
    let rows = a.files.rows.iter().map(|f| {
        html! {
            <tr>
                <th scope="row">{ f.name.clone() }</th>
                <td data-label="Platform">{ f.platform.name() }</td>
                <td data-label="Version"><code>{ f.version.clone() }</code></td>
                <td data-label="Size (bytes)" class="num">{ group(f.size) }</td>
                <td data-label="Date">{ ymd(f.date) }</td>
                <td data-label="Time">{ hm(f.time) }</td>
            </tr>
        }
    });
    let release = a.files.release.as_ref().map(|r| {
        html! {
            <dl class="release">
                <dt>{ "Table" }</dt><dd>{ r.name.clone() }</dd>
                <dt>{ "Built on" }</dt><dd>{ r.based_on.clone() }</dd>
                <dt>{ "Language" }</dt><dd>{ r.language.clone() }</dd>
                <dt>{ "Ships in" }</dt>
                <dd>
                    { r.ships_in.clone() }
                    if let Some(see) = &r.ships_in_article { { format!(" (see {see})") } }
                </dd>
                <dt>{ "Versions" }</dt>
                <dd>{ if r.or_later { "these versions or later fix the problem" } else { "exactly these versions" } }</dd>
            </dl>
        }
    });
    let notes = a
        .files
        .notes
        .iter()
        .map(|n| html! { <li>{ n.clone() }</li> });
    html! {
        <section aria-labelledby="art-files-h">
            <h2 id="art-files-h">{ "Fixed files" }</h2>
            { for release }
            <div class="table-wrap">
                <table class="kb-table files">
                    <thead><tr>
                        <th scope="col">{ "File" }</th>
                        <th scope="col">{ "Platform" }</th>
                        <th scope="col">{ "Version" }</th>
                        <th scope="col">{ "Size (bytes)" }</th>
                        <th scope="col">{ "Date" }</th>
                        <th scope="col">{ "Time" }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            if !a.files.notes.is_empty() { <ul class="notes">{ for notes }</ul> }
        </section>
    }
}

fn status_and_related(a: &Article) -> Html {
    let status = a.meta.status.as_ref().map(|s| {
        let confirmed = if s.confirmed {
            "Microsoft confirmed this problem in the products listed."
        } else {
            "Not confirmed by Microsoft."
        };
        html! {
            <p class="fix-status">
                { confirmed }
                if let Some(first) = &s.first_fixed_in { { format!(" First corrected in {first}") } }
                if let Some(see) = &s.see { { format!(" (see {see})") } }
                { "." }
            </p>
        }
    });
    let related = a.meta.related.iter().map(|r| {
        html! {
            <li><strong>{ r.id.clone() }</strong>{ format!(": {}. ", r.title) }<span class="muted">{ r.why.clone() }</span></li>
        }
    });
    html! {
        <section aria-labelledby="art-related-h">
            <h2 id="art-related-h">{ "Status and related articles" }</h2>
            { for status }
            <ul class="related">{ for related }</ul>
        </section>
    }
}

#[function_component(ArticleView)]
pub fn article_view(props: &ArticleProps) -> Html {
    let Some(article) = Kb::embedded().article(&props.article) else {
        return html! {
            <section class="article">
                <h2>{ props.article.clone() }</h2>
                <p role="alert">{ format!("The knowledge base has no article {}.", props.article) }</p>
            </section>
        };
    };
    let meta = &article.meta;
    // The engine's rendering of our own Markdown, raw HTML escaped. It opens
    // with the article's heading in our words.
    let prose = Html::from_html_unchecked(AttrValue::from(article.html()));
    html! {
        <article class="article" aria-label={format!("Article {}", meta.id)}>
            <p class="kb-id">{ format!("{} · {} {} · original title: {}", meta.id, meta.product, meta.versions.join(", "), meta.title) }</p>
            <div class="prose">{ prose }</div>
            { messages_table(article) }
            { registry_table(article) }
            { files_table(article) }
            { status_and_related(article) }
        </article>
    }
}
