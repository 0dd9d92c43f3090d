//! An in-app link: a real `<a href="#/...">` (so it can be opened, copied and
//! reached by keyboard), whose click goes through the app's navigator, which
//! sets the page hash on the site and only internal state inside a widget.

use crate::route::Route;
use yew::prelude::*;

/// A link to `to` showing `children`, its click sent to `nav` (the showing
/// view's [`crate::context::use_nav`]). A function, not a component: links are
/// many (one per evidence line) and keep no state, and a component of their
/// own cost the wasm 0.4 KB after gzip.
pub fn link(nav: &Callback<Route>, to: Route, class: Option<&'static str>, children: Html) -> Html {
    let href = to.to_string();
    let nav = nav.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        if e.ctrl_key() || e.meta_key() || e.shift_key() {
            return; // let the browser open it elsewhere
        }
        e.prevent_default();
        nav.emit(to.clone());
    });
    html! {
        <a {href} {class} {onclick}>{ children }</a>
    }
}
