//! The article view: the KB article in our words, with its tables.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ArticleProps {
    /// Article id, e.g. `Q319207`.
    pub article: String,
}

#[function_component(ArticleView)]
pub fn article_view(props: &ArticleProps) -> Html {
    html! { <section class="article"><h2>{ props.article.clone() }</h2></section> }
}
