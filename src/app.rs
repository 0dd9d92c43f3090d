//! The top-level component: header, navigation and the current view.

use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    html! {
        <>
            <header class="top">
                <h1>{ "kbwiz" }</h1>
                <p class="tagline">{ "Knowledge-base troubleshooting for Systems Management Server, in your browser. Nothing you paste leaves this page." }</p>
            </header>
            <main id="main">
                <section aria-labelledby="articles-h">
                    <h2 id="articles-h">{ "Articles" }</h2>
                    <ul class="articles">
                        <li>{ "Q319207" }</li>
                    </ul>
                </section>
            </main>
        </>
    }
}
