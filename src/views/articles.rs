//! The list of KB articles kbwiz knows (every folder under `kb/`), each with
//! its current verdict; choosing one makes it the wizard's article.

use crate::route::Route;
use crate::state::{Action, AppState, DiagnosisState, WEIGHING};
use kbwiz_engine::api;
use kbwiz_engine::fixes::FixState;
use kbwiz_engine::kb::Article;
use kbwiz_engine::remedy::report::verdict_words;
use kbwiz_engine::tree::Finding;
use yew::prelude::*;

/// One article's line: ID, title, verdict; choosing it makes it the
/// wizard's article.
fn article_item(
    app: &UseReducerHandle<AppState>,
    nav: &Callback<Route>,
    a: &Article,
    verdict: &'static str,
    wants: Option<String>,
) -> Html {
    let id = a.id();
    crate::start::article_item(
        id,
        &a.meta.title,
        app.session.article == id,
        verdict,
        wants,
        pick(app, nav, id),
    )
}

/// Choosing article `id`: it becomes the wizard's article, and the wizard
/// opens.
fn pick(app: &UseReducerHandle<AppState>, nav: &Callback<Route>, id: &str) -> Callback<MouseEvent> {
    let app = app.clone();
    let nav = nav.clone();
    let id = id.to_string();
    Callback::from(move |_| {
        app.dispatch(Action::SelectArticle(id.clone()));
        nav.emit(Route::Wizard);
    })
}

/// The articles, triaged once there is input: those the evidence speaks to,
/// strongest first, with what would tell two alike apart; then, folded
/// away, those it says nothing about, with what to paste for each. A
/// function of the app's state rather than a component of its own (it has
/// no state), which saves the wasm a component's machinery.
pub fn article_list(app: &UseReducerHandle<AppState>, nav: &Callback<Route>) -> Html {
    let kb = &app.kb;
    let body = if app.inputs.is_empty() {
        let open = |id: &str| {
            let nav = nav.clone();
            let to = Route::Article(id.to_string());
            Some(Callback::from(move |e: MouseEvent| {
                e.prevent_default();
                nav.emit(to.clone());
            }))
        };
        crate::start::libraries(
            &app.index,
            &app.session.article,
            &|id| pick(app, nav, id),
            &open,
        )
    } else if matches!(app.diagnosis, DiagnosisState::Pending { .. }) {
        html! { <p class="hint weighing">{ WEIGHING }</p> }
    } else {
        let (assessed, silent): (Vec<&Finding>, Vec<&Finding>) =
            app.findings.iter().partition(|f| api::assessed(f));
        let item = |f: &Finding, wants: bool| {
            kb.article(&f.article).map(|a| {
                let wants = wants
                    .then(|| api::first_wants(a))
                    .filter(|w| !w.is_empty())
                    .map(|w| format!("would be assessed from: {}", w.join("; ")));
                article_item(app, nav, a, verdict_words(f.verdict), wants)
            })
        };
        let separations = api::separations(assessed.iter().copied(), kb);
        let fixes = kbwiz_engine::fixes::fixes(&app.evidence, kb);
        html! {
            <>
                <ul class="articles">{ for assessed.iter().filter_map(|f| item(f, false)) }</ul>
                for s in separations.iter() {
                    <p class="separation">{ format!(
                        "{} and {} both fit ({}). What tells them apart: {}{}",
                        s.articles[0], s.articles[1], verdict_words(s.verdict), s.question,
                        s.artefact.as_ref().map(|a| format!(" (add {a})")).unwrap_or_default()
                    ) }</p>
                }
                if !fixes.is_empty() {
                    <div class="fixes">
                        <h3>{ "Fixes on this server (from the file versions you gave)" }</h3>
                        <ul>
                            for fix in fixes.iter() {
                                <li class={if fix.state == FixState::Has { "fix-has" } else { "fix-lacks" }}>
                                    <strong>{ if fix.state == FixState::Has { "has " } else { "lacks " } }</strong>
                                    <span class="article-id">{ fix.article.clone() }</span>
                                    { fix.via.as_ref().map(|v| format!(" (through {v}'s hotfix)")).unwrap_or_default() }
                                    { format!(": {}", fix.title) }
                                    <span class="hint">{ format!(" — {}", fix.files.iter()
                                        .map(|c| format!("{} {} (needs {})", c.file, c.seen, c.needs))
                                        .collect::<Vec<_>>().join("; ")) }</span>
                                </li>
                            }
                        </ul>
                    </div>
                }
                if !silent.is_empty() {
                    <details class="not-assessed">
                        <summary>{ format!("Not assessed ({}): nothing in your inputs speaks to these", silent.len()) }</summary>
                        <ul class="articles">{ for silent.iter().filter_map(|f| item(f, true)) }</ul>
                    </details>
                }
            </>
        }
    };
    html! {
        <section class="article-list" aria-labelledby="articles-h">
            <h2 id="articles-h">{ "Articles" }</h2>
            <ArticleSearch />
            { body }
            <LoadArticles />
        </section>
    }
}

/// "Load your own articles": a folder of article folders, or the files of
/// one article, read by the engine's reader and validator and added to the
/// page's KB for as long as the page is open. Problems are listed by file
/// and JSON path; an article with problems is left out.
#[function_component(LoadArticles)]
pub fn load_articles() -> Html {
    let app = crate::context::use_app();
    let report = use_state(|| None::<(Vec<String>, Vec<String>)>);
    let on_files = {
        let app = app.clone();
        let report = report.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let Some(list) = input.files() else {
                return;
            };
            let files: Vec<web_sys::File> =
                (0..list.length()).filter_map(|i| list.get(i)).collect();
            input.set_value("");
            let app = app.clone();
            let report = report.clone();
            yew::platform::spawn_local(async move {
                let mut read = Vec::new();
                let mut problems = Vec::new();
                for file in files {
                    // A folder pick names each file by its path inside it.
                    let path = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
                        .ok()
                        .and_then(|p| p.as_string())
                        .filter(|p| !p.is_empty())
                        .unwrap_or_else(|| file.name());
                    match gloo::file::futures::read_as_text(&gloo::file::File::from(file)).await {
                        Ok(text) => read.push((path, text)),
                        Err(e) => problems.push(format!("{path}: cannot read: {e}")),
                    }
                }
                let before: Vec<String> = app
                    .kb
                    .articles()
                    .iter()
                    .map(|a| a.id().to_string())
                    .collect();
                let (kb, rejected) = crate::library::add(&crate::library::folders_of(read));
                let added: Vec<String> = kb
                    .articles()
                    .iter()
                    .map(|a| a.id().to_string())
                    .filter(|id| !before.contains(id))
                    .collect();
                problems.extend(rejected.iter().map(ToString::to_string));
                if !added.is_empty() {
                    app.dispatch(Action::SetKb(kb));
                }
                report.set(Some((added, problems)));
            });
        })
    };
    // In-app navigation: a widget must not change its host page's address.
    let to_import = {
        let nav = crate::context::use_nav();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            nav.emit(Route::Import);
        })
    };
    html! {
        <section class="load-articles" aria-labelledby="load-articles-h">
            <h3 id="load-articles-h">{ "Your own articles" }</h3>
            <p class="hint">{ "Articles in kbwiz's format (kb/README.md): read here, checked, kept until you close the page. " }
                <a href="#/import" onclick={to_import}>{ "Draft one from a Microsoft KB article…" }</a></p>
            <div class="row">
                <label class="file-pick">{ "Load a folder of articles…" }
                    <input type="file" id="load-folder" multiple=true webkitdirectory=true onchange={on_files.clone()} />
                </label>
                <label class="file-pick">{ "Load one article's files…" }
                    <input type="file" id="load-files" multiple=true accept=".json,.md" onchange={on_files} />
                </label>
            </div>
            if let Some((added, problems)) = &*report {
                <div class="load-report" role="status">
                    <p>{ if added.is_empty() { "No article added.".to_string() } else { format!("Added: {}.", added.join(", ")) } }</p>
                    if !problems.is_empty() {
                        <ul class="problems">{ for problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }</ul>
                    }
                </div>
            }
        </section>
    }
}

/// Finding an article without evidence: the KB searched by title words,
/// message ID, registry path, file name or error code, as the admin types.
#[function_component(ArticleSearch)]
pub fn article_search() -> Html {
    let app = crate::context::use_app();
    let query = use_state(|| {
        crate::start::handoff::take(|p| std::mem::take(&mut p.query)).unwrap_or_default()
    });
    let on_input = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                query.set(i.value());
            }
        })
    };
    let nav = crate::context::use_nav();
    let hits = kbwiz_engine::kb::search::search(&app.kb, &query);
    // In-app navigation: a widget must not change its host page's address.
    let open = |id: &str| {
        let nav = nav.clone();
        let to = Route::Article(id.to_string());
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            nav.emit(to.clone());
        })
    };
    html! {
        <div class="article-search" role="search">
            { crate::start::search_box(&query, &app.index.examples, on_input) }
            if !query.trim().is_empty() {
                if hits.is_empty() {
                    <p class="hint" role="status">{ "No article matches." }</p>
                } else {
                    <ul class="search-hits" role="status">
                        for h in hits.iter() {
                            <li>
                                <a href={format!("#/article/{}", h.article)} onclick={open(&h.article)}>
                                    <span class="article-id">{ h.article.clone() }</span>{ " " }{ h.title.clone() }
                                </a>
                                <span class="hint">{ format!(" — {}", h.matched.join("; ")) }</span>
                            </li>
                        }
                    </ul>
                }
            }
        </div>
    }
}
