//! The list of KB articles kbwiz knows (every folder under `kb/`), each with
//! its current verdict; choosing one makes it the wizard's article.

use crate::route::Route;
use crate::state::{Action, AppState};
use kbwiz_engine::remedy::report::verdict_words;
use yew::prelude::*;

/// A function of the app's state rather than a component of its own (it has
/// no state), which saves the wasm a component's machinery.
pub fn article_list(app: &UseReducerHandle<AppState>, nav: &Callback<Route>) -> Html {
    let items = app.kb.articles().iter().map(|a| {
        let id = a.id().to_string();
        let verdict = app
            .findings
            .iter()
            .find(|f| f.article == id)
            .map(|f| verdict_words(f.verdict))
            .unwrap_or("not diagnosed");
        let selected = app.session.article == id;
        let onclick = {
            let app = app.clone();
            let nav = nav.clone();
            let id = id.clone();
            Callback::from(move |_| {
                app.dispatch(Action::SelectArticle(id.clone()));
                nav.emit(Route::Wizard);
            })
        };
        html! {
            <li>
                <button type="button" class="article-pick" {onclick} aria-pressed={selected.to_string()}>
                    <span class="article-id">{ id.clone() }</span>{ " " }
                    <span class="article-title">{ a.meta.title.clone() }</span>
                </button>
                <span class="article-verdict">{ verdict }</span>
            </li>
        }
    });
    html! {
        <section class="article-list" aria-labelledby="articles-h">
            <h2 id="articles-h">{ "Articles" }</h2>
            <ul class="articles">{ for items }</ul>
        </section>
    }
}
