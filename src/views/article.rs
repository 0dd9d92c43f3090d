//! The article view: the KB article in our words, then its facts as tables:
//! the status messages it relies on, the registry keys it names, the fixed
//! files and where the fix ships, and the related articles.
//!
//! The prose is the engine's rendering of the article's own Markdown, which
//! escapes any raw HTML; that string is copied as it is. The rest is written
//! as HTML text with every value escaped ([`crate::markup`]): the view has no
//! event handlers, so one injected fragment replaces a tree of yew nodes.

use kbwiz_engine::evidence::Severity;
use kbwiz_engine::kb::{Article, ArticleText, MessageRole};
use std::rc::Rc;
use yew::prelude::*;

use crate::shared::Shared;
use kbwiz_engine::kb::Kb;

use crate::components::format::{group, hm, ymd};
use crate::markup::Markup;

/// The class of the fine print in the tables.
const MUTED: &[(&str, &str)] = &[("class", "muted")];

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

fn messages_table(m: &mut Markup, a: &Article) {
    if a.messages.status_messages.is_empty() {
        return;
    }
    m.open("section", &[("aria-labelledby", "art-messages-h")])
        .el("h2", &[("id", "art-messages-h")], "Status messages")
        .open("div", &[("class", "table-wrap")])
        .open("table", &[("class", "kb-table messages")])
        .head_row(&["ID", "Severity", "Component", "Text", "What it proves"])
        .open("tbody", &[]);
    for s in &a.messages.status_messages {
        let sev = severity_name(s.severity);
        m.open("tr", &[])
            .el("th", &[("scope", "row")], &s.id.to_string())
            .open("td", &[("data-label", "Severity")])
            .el(
                "span",
                &[("class", &format!("sev {}", sev.to_ascii_lowercase()))],
                sev,
            )
            .close("td")
            .open("td", &[("data-label", "Component")])
            .el("code", &[], &s.component)
            .close("td")
            .el(
                "td",
                &[("data-label", "Text"), ("class", "template")],
                &s.template,
            )
            .open("td", &[("data-label", "What it proves")])
            .text(&s.proves);
        if let Some(at) = &s.raised_at {
            m.el("span", MUTED, &format!(" Raised at {at}."));
        }
        m.el("span", MUTED, &format!(" Role: {}.", role_name(s.role)))
            .close("td")
            .close("tr");
    }
    m.close("tbody")
        .close("table")
        .close("div")
        .close("section");
}

fn registry_table(m: &mut Markup, a: &Article) {
    if a.registry.keys.is_empty() {
        return;
    }
    m.open("section", &[("aria-labelledby", "art-registry-h")])
        .el("h2", &[("id", "art-registry-h")], "Registry keys")
        .open("div", &[("class", "table-wrap")])
        .open("table", &[("class", "kb-table registry")])
        .head_row(&["Key", "Meaning", "Risk"])
        .open("tbody", &[]);
    for k in &a.registry.keys {
        let risk = k.risk.as_deref().map(|id| {
            a.warning(id)
                .map_or_else(|| id.to_string(), |w| w.text.clone())
        });
        m.open("tr", &[])
            .open("td", &[("data-label", "Key")])
            .el("code", &[("class", "path")], &k.path)
            .close("td")
            .open("td", &[("data-label", "Meaning")])
            .text(&k.meaning);
        if let Some(effect) = &k.effect_of_deleting {
            m.el("p", MUTED, effect);
        }
        m.close("td")
            .el(
                "td",
                &[("data-label", "Risk")],
                risk.as_deref().unwrap_or("not stated"),
            )
            .close("tr");
    }
    m.close("tbody").close("table").close("div");
    if !a.registry.warnings.is_empty() {
        m.open(
            "ul",
            &[("class", "warnings"), ("aria-label", "Registry warnings")],
        );
        for w in &a.registry.warnings {
            m.open("li", &[]).text(&w.text);
            if let Some(see) = &w.see {
                m.text(&format!(" See {see}."));
            }
            m.close("li");
        }
        m.close("ul");
    }
    m.close("section");
}

fn files_table(m: &mut Markup, a: &Article) {
    if a.files.rows.is_empty() && a.files.release.is_none() {
        return;
    }
    m.open("section", &[("aria-labelledby", "art-files-h")]).el(
        "h2",
        &[("id", "art-files-h")],
        "Fixed files",
    );
    if let Some(r) = &a.files.release {
        m.open("dl", &[("class", "release")])
            .el("dt", &[], "Table")
            .el("dd", &[], &r.name)
            .el("dt", &[], "Built on")
            .el("dd", &[], &r.based_on)
            .el("dt", &[], "Language")
            .el("dd", &[], &r.language)
            .el("dt", &[], "Ships in")
            .open("dd", &[])
            .text(&r.ships_in);
        if let Some(see) = &r.ships_in_article {
            m.text(&format!(" (see {see})"));
        }
        let versions = if r.or_later {
            "these versions or later fix the problem"
        } else {
            "exactly these versions"
        };
        m.close("dd")
            .el("dt", &[], "Versions")
            .el("dd", &[], versions)
            .close("dl");
    }
    m.open("div", &[("class", "table-wrap")])
        .open("table", &[("class", "kb-table files")])
        .head_row(&[
            "File",
            "Platform",
            "Version",
            "Size (bytes)",
            "Date",
            "Time",
        ])
        .open("tbody", &[]);
    for f in &a.files.rows {
        m.open("tr", &[])
            .el("th", &[("scope", "row")], &f.name)
            .el("td", &[("data-label", "Platform")], f.platform.name())
            .open("td", &[("data-label", "Version")])
            .el("code", &[], &f.version)
            .close("td")
            .el(
                "td",
                &[("data-label", "Size (bytes)"), ("class", "num")],
                &group(f.size),
            )
            .el("td", &[("data-label", "Date")], &ymd(f.date))
            .el("td", &[("data-label", "Time")], &hm(f.time))
            .close("tr");
    }
    m.close("tbody").close("table").close("div");
    if !a.files.notes.is_empty() {
        m.open("ul", &[("class", "notes")]);
        for n in &a.files.notes {
            m.el("li", &[], n);
        }
        m.close("ul");
    }
    m.close("section");
}

fn status_and_related(m: &mut Markup, a: &Article) {
    m.open("section", &[("aria-labelledby", "art-related-h")])
        .el(
            "h2",
            &[("id", "art-related-h")],
            "Status and related articles",
        );
    if let Some(s) = &a.meta.status {
        let confirmed = if s.confirmed {
            "Microsoft confirmed this problem in the products listed."
        } else {
            "Not confirmed by Microsoft."
        };
        m.open("p", &[("class", "fix-status")]).text(confirmed);
        if let Some(first) = &s.first_fixed_in {
            m.text(&format!(" First corrected in {first}"));
        }
        if let Some(see) = &s.see {
            m.text(&format!(" (see {see})"));
        }
        m.text(".").close("p");
    }
    m.open("ul", &[("class", "related")]);
    for r in &a.meta.related {
        m.open("li", &[])
            .el("strong", &[], &r.id)
            .text(&format!(": {}. ", r.title))
            .el("span", MUTED, &r.why)
            .close("li");
    }
    m.close("ul").close("section");
}

/// The article's text as far as the page has it.
enum Text {
    Html(Rc<str>),
    Loading,
    Failed(String),
}

/// The article and its fact tables as HTML text: nothing in them reacts to
/// the user, and the article never changes while it is shown.
fn article_markup(article: &Article, text: &Text) -> Markup {
    let meta = &article.meta;
    let mut m = Markup::new();
    m.open(
        "article",
        &[
            ("class", "article"),
            ("aria-label", &format!("Article {}", meta.id)),
        ],
    )
    .el(
        "p",
        &[("class", "kb-id")],
        &format!(
            "{} · {} {} · original title: {}",
            meta.id,
            meta.product,
            meta.versions.join(", "),
            meta.title
        ),
    )
    // The engine's rendering of our own Markdown, raw HTML escaped. It opens
    // with the article's heading in our words.
    .open("div", &[("class", "prose")]);
    match text {
        Text::Html(html) => m.trusted(html),
        Text::Loading => m.el("p", MUTED, "Loading the article's text…"),
        Text::Failed(e) => m.el(
            "p",
            &[("role", "alert")],
            &format!("The article's text could not be loaded ({e}); its facts follow."),
        ),
    };
    m.close("div");
    messages_table(&mut m, article);
    registry_table(&mut m, article);
    files_table(&mut m, article);
    status_and_related(&mut m, article);
    m.close("article");
    m
}

#[derive(Properties, PartialEq)]
pub struct ArticleProps {
    /// The article's ID (`Q319207`).
    pub id: AttrValue,
    /// The articles the page knows.
    pub kb: Shared<Kb>,
}

/// The article `id`. Its text, when it lives in a file beside the KB data,
/// is fetched the first time it is shown.
#[function_component(ArticleView)]
pub fn article_view(props: &ArticleProps) -> Html {
    let article = props.kb.article(&props.id);
    let file = article.and_then(|a| match &a.text {
        ArticleText::File(name) => Some(name.clone()),
        _ => None,
    });
    let fetched = use_state(|| None::<(String, Result<Rc<str>, String>)>);
    {
        let fetched = fetched.clone();
        use_effect_with(file.clone(), move |file| {
            if let Some(name) = file.clone() {
                yew::platform::spawn_local(async move {
                    let text = crate::library::article_text(&name).await;
                    fetched.set(Some((name, text)));
                });
            }
        });
    }
    let Some(article) = article else {
        return html! {
            <section class="article">
                <h2>{ props.id.to_string() }</h2>
                <p role="alert">{ format!("The knowledge base has no article {}.", props.id) }</p>
            </section>
        };
    };
    let text = match (article.html(), &*fetched) {
        (Some(html), _) => Text::Html(Rc::from(html)),
        (None, Some((name, result))) if Some(name) == file.as_ref() => match result {
            Ok(html) => Text::Html(Rc::clone(html)),
            Err(e) => Text::Failed(e.clone()),
        },
        (None, _) => Text::Loading,
    };
    article_markup(article, &text).into_html()
}
