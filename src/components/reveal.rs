//! Bringing an element the admin asked for into view: a line link, "Next
//! error" or "Change this answer" must visibly land on its target, or the
//! click looks dead. The element is centred in its scrolling box and given
//! the keyboard focus, so a screen reader announces it and the next Tab
//! starts from there.

use yew::prelude::*;

/// Scroll the element behind `node` to the middle of the view and focus it.
/// Does nothing when the node is not rendered (a filtered-out log line).
/// The element needs `tabindex="-1"` to take the focus if it is not a
/// control.
pub fn reveal(node: &NodeRef) {
    let Some(element) = node.cast::<web_sys::HtmlElement>() else {
        return;
    };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    element.scroll_into_view_with_scroll_into_view_options(&options);
    // Focusing must not scroll again: the element is centred already.
    let focus = web_sys::FocusOptions::new();
    focus.set_prevent_scroll(true);
    element.focus_with_options(&focus).ok();
}

/// A node that is revealed ([`reveal`]) after each render in which `deps`
/// changed: give it to the element that should land in view (with
/// `tabindex="-1"` if it is not a control).
#[hook]
pub fn use_reveal<D: PartialEq + 'static>(deps: D) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(deps, move |_| reveal(&node));
    }
    node
}

/// A heading that takes the focus (and the view) when it mounts: put one at
/// the top of content that replaces what the admin just acted on, and key
/// the content by what it shows, so each new question mounts a new heading.
#[derive(Properties, PartialEq)]
pub struct FocusHeadingProps {
    pub text: AttrValue,
    #[prop_or_default]
    pub class: Option<AttrValue>,
}

#[function_component(FocusHeading)]
pub fn focus_heading(props: &FocusHeadingProps) -> Html {
    let node = use_reveal(());
    html! { <h3 ref={node} tabindex="-1" class={props.class.clone()}>{ props.text.clone() }</h3> }
}
