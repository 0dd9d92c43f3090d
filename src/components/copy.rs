//! A copy-to-clipboard button that says when it has copied.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CopyProps {
    /// The text to copy.
    pub text: AttrValue,
    /// What is copied, for the button's accessible name.
    #[prop_or(AttrValue::Static("text"))]
    pub what: AttrValue,
}

#[function_component(CopyButton)]
pub fn copy_button(props: &CopyProps) -> Html {
    let copied = use_state(|| false);
    let onclick = {
        let text = props.text.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            crate::download::copy(&text);
            copied.set(true);
        })
    };
    html! {
        <button type="button" class="copy" {onclick} aria-label={format!("Copy {}", props.what)}>
            { if *copied { "Copied" } else { "Copy" } }
        </button>
    }
}
