//! A table's header row of fixed labels.
//!
//! `html!` writes out the code of every element it is given, so a header of
//! six `<th>` cells costs six blocks of wasm; built here in a loop over the
//! labels it is one. The nodes are the same (`<th scope="col">` with a text
//! node each), so the page is too.

use yew::{html, Html};

/// `<thead><tr><th scope="col">label</th>…</tr></thead>`.
pub fn head_row(labels: &[&'static str]) -> Html {
    html! {
        <thead><tr>{ for labels.iter().map(|label| html! { <th scope="col">{ *label }</th> }) }</tr></thead>
    }
}
