//! The top-level component: header, navigation and the current view.

use crate::embed::Embed;
use yew::prelude::*;

/// Props of the app root: `embed` is `None` for the site and the offline file,
/// and set by the widget shell for a `<kbwiz-widget>`.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub embed: Option<Embed>,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let theme = props.embed.as_ref().map(|e| e.theme).unwrap_or_default();
    html! {
        <div class={classes!("kbwiz", theme.class())}>
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
        </div>
    }
}
