//! An in-app link: a real `<a href="#/...">` (so it can be opened, copied and
//! reached by keyboard), whose click goes through the app's navigator, which
//! sets the page hash on the site and only internal state inside a widget.

use crate::app::use_nav;
use crate::route::Route;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: Route,
    #[prop_or_default]
    pub class: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Link)]
pub fn link(props: &LinkProps) -> Html {
    let nav = use_nav();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            if e.ctrl_key() || e.meta_key() || e.shift_key() {
                return; // let the browser open it elsewhere
            }
            e.prevent_default();
            nav.emit(to.clone());
        })
    };
    html! {
        <a href={props.to.to_string()} class={props.class.clone()} {onclick}>{ props.children.clone() }</a>
    }
}
