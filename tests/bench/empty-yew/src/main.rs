//! An empty yew page for `cargo xtask bench`: mounts one component that
//! renders the element the benchmark waits for (`#paste-area`), nothing else.

use yew::prelude::*;

#[function_component(Empty)]
fn empty() -> Html {
    html! {
        <main>
            <label for="paste-area">{ "Paste text" }</label>
            <textarea id="paste-area" rows="8" />
        </main>
    }
}

fn main() {
    yew::Renderer::<Empty>::new().render();
}
